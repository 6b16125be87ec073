/*
 * enu_geodetic_batch_vec.h - the vector kernels of enu_geodetic_batch.h,
 * written once with GCC vector extensions and included by
 * enu_geodetic_batch_avx2.c (4 lanes) and enu_geodetic_batch_avx512.c
 * (8 lanes), each compiled with its own flags. The math is the one of
 * enu_geodetic_batch.c (the reference, which says why); what only the
 * vector version needs is the atan2, since libm has no vector one:
 *
 *   ax = |x|, ay = |y|, mx = max, mn = min        mn/mx in [0, 1]
 *   t_j, c_j = 0, 0 | tan(pi/8), atan(tan(pi/8)) | 1, pi/4
 *       chosen by mn/mx against tan(pi/16), tan(3pi/16)
 *   u = (mn - t_j mx) / (mx + t_j mn)             |u| <= tan(pi/16) = 0.199
 *   atan(mn/mx) = c_j + u + u^3 P(u^2)            P: degree 6
 *   then pi/2 - . if ay > ax, pi - . if x has its sign bit, y's sign.
 * One division per atan2. P interpolates (atan(sqrt z) - sqrt z) /
 * z^(3/2) at the 7 Chebyshev nodes of [0, 0.0397], computed in __float128
 * (2026-11-22); the polynomial alone is within 1.2 ulp of atan on
 * |u| <= 0.1989. The constants pi/2, pi and c_j carry a low part so that
 * the result stays within 1e-15 rad of libm's atan2 (the test checks it in
 * every quadrant).
 *
 * Before including, define:
 *   VW             lanes per vector (4 or 8)
 *   vd, vl         vectors of VW doubles and VW longs (vector_size(8 VW))
 *   V_SQRT(a)      lane-wise square root of a vd
 *   VARIANT(name)  name##_avx2 or name##_avx512
 */
#include <string.h>

#include "enu_geodetic_batch.h"

#define EP2_B (SKY_WGS84_E2 / (1.0 - SKY_WGS84_E2) * SKY_WGS84_B)
#define E2_A (SKY_WGS84_E2 * SKY_WGS84_A)

#define TAN_PI_16 0.19891236737965801
#define TAN_3PI_16 0.66817863791929888
#define T1 0.41421356237309503             /* tan(pi/8), rounded */
#define C1_HI 0.39269908169872414          /* atan(T1) = hi + lo */
#define C1_LO 3.0601321465638914e-18
#define PI4_HI 0.78539816339744828
#define PI4_LO 3.061616997868383e-17
#define PI2_HI 1.5707963267948966
#define PI2_LO 6.123233995736766e-17
#define PI_HI 3.1415926535897931
#define PI_LO 1.2246467991473532e-16

/* Every lane c (also c = -0.0, which `(vd){0} + c` would lose). */
static inline vd v_set(double c)
{
	vd v;
	for (int i = 0; i < VW; i++)
		v[i] = c;
	return v;
}

static inline vd v_load(const double *p)
{
	vd v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void v_store(double *p, vd v)
{
	memcpy(p, &v, sizeof(v));
}

/* m ? a : b, lane by lane (m: all ones or all zeros per lane). */
static inline vd v_sel(vl m, vd a, vd b)
{
	return (vd)((m & (vl)a) | (~m & (vl)b));
}

/* atan(u) for |u| <= 0.1989: u + u^3 P(u^2). */
static inline vd v_atan_small(vd u)
{
	vd z = u * u;
	vd q = z * -0.059074814707369257 + 0.076518718032223015;
	q = q * z - 0.090898273868334531;
	q = q * z + 0.11111096178280666;
	q = q * z - 0.14285714187272885;
	q = q * z + 0.19999999999756193;
	q = q * z - 0.33333333333333237;
	return u + u * (z * q);
}

static inline __attribute__((always_inline)) vd v_atan2(vd y, vd x)
{
	const vl sign = (vl)v_set(-0.0);
	vd ax = (vd)((vl)x & ~sign), ay = (vd)((vl)y & ~sign);
	vl swap = (vl)(ay > ax);
	vd mx = v_sel(swap, ay, ax), mn = v_sel(swap, ax, ay);
	vl j1 = (vl)(mn > mx * TAN_PI_16), j2 = (vl)(mn > mx * TAN_3PI_16);
	vd t = v_sel(j2, v_set(1.0), v_sel(j1, v_set(T1), v_set(0.0)));
	vd c_hi = v_sel(j2, v_set(PI4_HI), v_sel(j1, v_set(C1_HI), v_set(0.0)));
	vd c_lo = v_sel(j2, v_set(PI4_LO), v_sel(j1, v_set(C1_LO), v_set(0.0)));
	vd den = v_sel((vl)(mx == 0.0), v_set(1.0), mx + t * mn); /* atan2(0, 0) */
	vd th = c_hi + (c_lo + v_atan_small((mn - t * mx) / den));

	th = v_sel(swap, (PI2_HI - th) + PI2_LO, th);
	th = v_sel((vl)((vl)x < 0), (PI_HI - th) + PI_LO, th);
	return (vd)((vl)th | ((vl)y & sign));
}

/* The frame's constants as vectors, loaded once per call. */
struct vframe {
	vd o[3], r[3][3];
};

static void vframe_init(struct vframe *v, const struct sky_enu_frame *f)
{
	for (int i = 0; i < 3; i++) {
		v->o[i] = v_set(f->origin[i]);
		for (int j = 0; j < 3; j++)
			v->r[i][j] = v_set(f->r[i][j]);
	}
}

static inline void v_bowring_step(vd Z, vd p, vd t, vd s, vd *num, vd *den)
{
	vd inv = 1.0 / V_SQRT(t * t + s * s);
	vd sb = t * inv, cb = s * inv;

	*num = Z + EP2_B * (sb * sb * sb);
	*den = p - E2_A * (cb * cb * cb);
}

static inline __attribute__((always_inline)) void v_convert(const struct vframe *f, vd e, vd n,
							     vd u, vd *lat, vd *lon)
{
	vd X = f->o[0] + (f->r[0][0] * e + f->r[1][0] * n + f->r[2][0] * u);
	vd Y = f->o[1] + (f->r[0][1] * e + f->r[1][1] * n + f->r[2][1] * u);
	vd Z = f->o[2] + (f->r[0][2] * e + f->r[1][2] * n + f->r[2][2] * u);
	vd p = V_SQRT(X * X + Y * Y), num, den;

	v_bowring_step(Z, p, SKY_WGS84_A * Z, SKY_WGS84_B * p, &num, &den);
	v_bowring_step(Z, p, SKY_WGS84_B * num, SKY_WGS84_A * den, &num, &den);
	*lat = v_atan2(num, den) * SKY_RAD2DEG;
	*lon = v_atan2(Y, X) * SKY_RAD2DEG;
}

/* The last n < VW points, through a padded copy (the padding is the
 * frame's origin, a valid point). */
static void convert_tail(const struct vframe *vf, const double *x, const double *y,
			 const double *z, size_t n, double *lat_deg, double *lon_deg)
{
	double bx[VW] = {0}, by[VW] = {0}, bz[VW] = {0}, blat[VW], blon[VW];
	vd lat, lon;

	memcpy(bx, x, n * sizeof(*x));
	memcpy(by, y, n * sizeof(*y));
	memcpy(bz, z, n * sizeof(*z));
	v_convert(vf, v_load(bx), v_load(by), v_load(bz), &lat, &lon);
	v_store(blat, lat);
	v_store(blon, lon);
	memcpy(lat_deg, blat, n * sizeof(*lat_deg));
	memcpy(lon_deg, blon, n * sizeof(*lon_deg));
}

/* avx512 12.8, avx2 22.4 TSC ticks/point in 256s (16.6, 25.4 in 42s); avx2 36.8 instr/point
 * (2026-11-22, skyfuse bench publish; callgrind of its --loop geodetic) */
void VARIANT(sky_enu_geodetic_batch)(const struct sky_enu_frame *f, const double *x,
				     const double *y, const double *z, size_t n,
				     double *lat_deg, double *lon_deg)
{
	struct vframe vf;
	size_t i = 0;
	vd lat, lon;

	vframe_init(&vf, f);
	for (; i + VW <= n; i += VW) {
		v_convert(&vf, v_load(x + i), v_load(y + i), v_load(z + i), &lat, &lon);
		v_store(lat_deg + i, lat);
		v_store(lon_deg + i, lon);
	}
	if (i < n)
		convert_tail(&vf, x + i, y + i, z + i, n - i, lat_deg + i, lon_deg + i);
}

void VARIANT(sky_atan2_batch)(const double *y, const double *x, size_t n, double *out)
{
	size_t i = 0;

	for (; i + VW <= n; i += VW)
		v_store(out + i, v_atan2(v_load(y + i), v_load(x + i)));
	if (i < n) {
		double by[VW] = {0}, bx[VW] = {0}, bo[VW];
		memcpy(by, y + i, (n - i) * sizeof(*y));
		memcpy(bx, x + i, (n - i) * sizeof(*x));
		v_store(bo, v_atan2(v_load(by), v_load(bx)));
		memcpy(out + i, bo, (n - i) * sizeof(*out));
	}
}
