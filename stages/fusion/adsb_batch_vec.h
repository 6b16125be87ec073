/*
 * adsb_batch_vec.h - the vector body of the batch ADS-B conversion
 * (adsb_batch.h), written once with GCC vector extensions and included by
 * adsb_batch_avx2.c (4 doubles) and adsb_batch_avx512.c (8 doubles).
 *
 * It is adsb_batch.c's scalar reference lane for lane, same formulas in
 * the same order (see there for the math), except that sin and cos come
 * from ab_sincos_deg below instead of libm. The includer defines
 *   AB_VD              the vector type (__m256d, __m512d), AB_W its lanes
 *   AB_SQRT(v)         lane-wise square root
 *   AB_LOADU, AB_STOREU  unaligned load / store of AB_W doubles
 *   AB_NAME            the function to define.
 * Full vectors are loaded straight from the caller's arrays; the last
 * n % AB_W reports go through a padded copy on the stack and the very same
 * code, so a lane's result never depends on where it sits in the batch.
 *
 * sin and cos of an angle x in degrees: k = nearest integer to x / 90 (the
 * 1.5 * 2^52 trick, which also leaves k mod 4 in the low mantissa bits),
 * r = x - 90 k, exact in double for |x| < 2^50 (the difference of x and an
 * integer multiple of 90 with |r| <= 45 needs no more bits than x has),
 * then r in radians (one rounding, as libm's argument x * pi/180 has one)
 * and the Taylor series of sin to r^17 and cos to r^18 on |r| <= pi/4,
 * whose truncation errors (< 1e-19, < 3e-21) are far below the rounding
 * of Horner's scheme: sin and cos within ~2 ulps, the quadrant k mod 4
 * swapping and negating them. Over latitudes and longitudes of +-180 deg
 * this agrees with libm's sincos of x * pi/180 to ~4e-16; the position to
 * ~3e-9 m (tests/test_adsb_batch.c).
 */
#include <string.h>

#include "adsb_batch.h"

typedef long long ab_vm __attribute__((vector_size(AB_W * 8)));

#define AB_ROUND_MAGIC 0x1.8p52

static inline AB_VD ab_select(ab_vm m, AB_VD a, AB_VD b)
{
	return (AB_VD)(((ab_vm)a & m) | ((ab_vm)b & ~m));
}

/* sin r, cos r for |r| <= pi/4 (Taylor, coefficients 1/k! rounded once). */
static inline void ab_sincos_small(AB_VD r, AB_VD *s, AB_VD *c)
{
	AB_VD z = r * r;
	AB_VD ps = -1.0 / 1307674368000.0 + z * (1.0 / 355687428096000.0);
	ps = 1.0 / 6227020800.0 + z * ps;
	ps = -1.0 / 39916800.0 + z * ps;
	ps = 1.0 / 362880.0 + z * ps;
	ps = -1.0 / 5040.0 + z * ps;
	ps = 1.0 / 120.0 + z * ps;
	ps = -1.0 / 6.0 + z * ps;
	*s = r + r * z * ps;
	AB_VD pc = 1.0 / 20922789888000.0 + z * (-1.0 / 6402373705728000.0);
	pc = -1.0 / 87178291200.0 + z * pc;
	pc = 1.0 / 479001600.0 + z * pc;
	pc = -1.0 / 3628800.0 + z * pc;
	pc = 1.0 / 40320.0 + z * pc;
	pc = -1.0 / 720.0 + z * pc;
	pc = 1.0 / 24.0 + z * pc;
	pc = -0.5 + z * pc;
	*c = 1.0 + z * pc;
}

/* sin and cos of x degrees, |x| < 2^50 (see the top of the file). */
static inline void ab_sincos_deg(AB_VD x, AB_VD *s, AB_VD *c)
{
	AB_VD kq = x * (1.0 / 90.0) + AB_ROUND_MAGIC;
	AB_VD k = kq - AB_ROUND_MAGIC;
	ab_vm q = (ab_vm)kq;
	AB_VD r = (x - k * 90.0) * SKY_DEG2RAD;
	AB_VD sr, cr;

	ab_sincos_small(r, &sr, &cr);
	ab_vm swap = (q & 1) != 0;
	ab_vm sign_s = (q & 2) << 62, sign_c = ((q + 1) & 2) << 62;
	*s = (AB_VD)((ab_vm)ab_select(swap, cr, sr) ^ sign_s);
	*c = (AB_VD)((ab_vm)ab_select(swap, sr, cr) ^ sign_c);
}

/* AB_W reports from index i of in to index i of out. */
static inline void ab_block(const struct sky_enu_frame *f, const struct sky_adsb_batch_in *in,
			    const struct sky_adsb_batch_out *out, unsigned i)
{
	AB_VD sl, cl, so, co;
	ab_sincos_deg(AB_LOADU(in->lat_deg + i), &sl, &cl);
	ab_sincos_deg(AB_LOADU(in->lon_deg + i), &so, &co);
	AB_VD h = AB_LOADU(in->alt_m + i);
	AB_VD n = SKY_WGS84_A / AB_SQRT(1.0 - SKY_WGS84_E2 * sl * sl);
	AB_VD up[3] = { cl * co, cl * so, sl };
	AB_VD d[3] = { (n + h) * cl * co - f->origin[0], (n + h) * cl * so - f->origin[1],
		       (n * (1.0 - SKY_WGS84_E2) + h) * sl - f->origin[2] };
	AB_VD u[3];
	double *p[3] = { out->x, out->y, out->z };

	for (int a = 0; a < 3; a++) {
		AB_STOREU(p[a] + i, f->r[a][0] * d[0] + f->r[a][1] * d[1] + f->r[a][2] * d[2]);
		u[a] = f->r[a][0] * up[0] + f->r[a][1] * up[1] + f->r[a][2] * up[2];
	}
	AB_VD sh = AB_LOADU(in->sigma_h_m + i), sv = AB_LOADU(in->sigma_v_m + i);
	AB_VD sh2 = sh * sh, dv = sv * sv - sh2;
	AB_STOREU(out->cxx + i, sh2 + dv * u[0] * u[0]);
	AB_STOREU(out->cxy + i, dv * u[0] * u[1]);
	AB_STOREU(out->cyy + i, sh2 + dv * u[1] * u[1]);
	AB_STOREU(out->czz + i, sh2 + dv * u[2] * u[2]);
}

/* The last n < AB_W reports through a padded copy (0 N 0 E, 0 m). */
static void ab_tail(const struct sky_enu_frame *f, const struct sky_adsb_batch_in *in,
		    const struct sky_adsb_batch_out *out, unsigned i, unsigned n)
{
	double vin[5][AB_W], vout[7][AB_W];
	const double *src[5] = { in->lat_deg, in->lon_deg, in->alt_m, in->sigma_h_m,
				 in->sigma_v_m };
	double *dst[7] = { out->x, out->y, out->z, out->cxx, out->cxy, out->cyy, out->czz };
	const double pad[5] = { 0.0, 0.0, 0.0, 1.0, 1.0 };

	for (int a = 0; a < 5; a++)
		for (unsigned k = 0; k < AB_W; k++)
			vin[a][k] = k < n ? src[a][i + k] : pad[a];
	struct sky_adsb_batch_in tin = { vin[0], vin[1], vin[2], vin[3], vin[4] };
	struct sky_adsb_batch_out tout = { vout[0], vout[1], vout[2], vout[3],
					   vout[4], vout[5], vout[6] };
	ab_block(f, &tin, &tout, 0);
	for (int a = 0; a < 7; a++)
		memcpy(dst[a] + i, vout[a], n * sizeof(double));
}

/* 2026-11-22 callgrind/rdtsc, 64-report batches (test-only harness, --toggle-collect=
   sky_adsb_batch_*): avx2 56 Ir, ~15 cycles/report; avx512 ~7 cycles; scalar 683 Ir, ~105 */
void AB_NAME(const struct sky_enu_frame *sys, const struct sky_adsb_batch_in *in,
	     const struct sky_adsb_batch_out *out, unsigned n)
{
	unsigned i = 0;

	for (; i + AB_W <= n; i += AB_W)
		ab_block(sys, in, out, i);
	if (i < n)
		ab_tail(sys, in, out, i, n - i);
}
