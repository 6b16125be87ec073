/*
 * enu_geodetic_batch.c - the portable reference of the ENU -> WGS84 batch
 * (see enu_geodetic_batch.h) and the binding of sky_enu_geodetic_batch()
 * to a variant.
 *
 * The math, per point (e, n, u) of frame f:
 *   P = origin + R^T (e, n, u)                 ECEF, as sky_enu_to_ecef
 *   p = sqrt(X^2 + Y^2)
 * then Bowring's formula twice, each step from a tangent of the reduced
 * latitude beta given as a fraction t/s, so that sin and cos come from
 * one square root and one division instead of trigonometry:
 *   step 1: t = a Z,  s = b p             (tan beta = a Z / (b p))
 *   step 2: t = b N,  s = a D             (tan beta = (b/a) tan phi_1)
 *   r = sqrt(t^2 + s^2), sb = t / r, cb = s / r
 *   N = Z + e'^2 b sb^3,  D = p - e^2 a cb^3    (tan phi = N / D)
 *   lat = atan2(N, D), lon = atan2(Y, X)
 * One step is what Bowring (1976) proposed; it is exact at the surface but
 * its error grows with the square of the height: 1.4e-13 rad at 10 km,
 * 1.2e-12 at 30 km, 1.3e-11 rad (7.7e-10 deg, close to the 1e-9 deg
 * budget) at 100 km (2026-11-22, 2e6 random points against a __float128
 * reference). The second step brings it to 3e-16 rad from -1 to 100 km for
 * the price of one more square root and division per point. No iteration
 * count depends on the data, so every lane runs the same instructions.
 *
 * The poles need no special case: p = 0 gives s = 0, D = 0 and
 * lat = atan2(N, 0) = +-90 deg.
 */
#include <math.h>

#include "enu_geodetic_batch.h"

/* e'^2 b and e^2 a (geo.h constants). */
#define EP2_B (SKY_WGS84_E2 / (1.0 - SKY_WGS84_E2) * SKY_WGS84_B)
#define E2_A (SKY_WGS84_E2 * SKY_WGS84_A)

/* One Bowring step from tan beta = t / s. */
static void bowring_step(double Z, double p, double t, double s, double *num, double *den)
{
	double inv = 1.0 / sqrt(t * t + s * s);
	double sb = t * inv, cb = s * inv;

	*num = Z + EP2_B * (sb * sb * sb);
	*den = p - E2_A * (cb * cb * cb);
}

static void convert_one(const struct sky_enu_frame *f, double e, double n, double u,
			double *lat_deg, double *lon_deg)
{
	double X = f->origin[0] + (f->r[0][0] * e + f->r[1][0] * n + f->r[2][0] * u);
	double Y = f->origin[1] + (f->r[0][1] * e + f->r[1][1] * n + f->r[2][1] * u);
	double Z = f->origin[2] + (f->r[0][2] * e + f->r[1][2] * n + f->r[2][2] * u);
	double p = sqrt(X * X + Y * Y), num, den;

	bowring_step(Z, p, SKY_WGS84_A * Z, SKY_WGS84_B * p, &num, &den);
	bowring_step(Z, p, SKY_WGS84_B * num, SKY_WGS84_A * den, &num, &den);
	*lat_deg = atan2(num, den) * SKY_RAD2DEG;
	*lon_deg = atan2(Y, X) * SKY_RAD2DEG;
}

/* 102 TSC ticks, 388 instr/point; sky_enu_to_geodetic 316 ticks, 719 instr (2026-11-22,
 * skyfuse bench publish; callgrind of its --loop geodetic, --loop scalar) */
void sky_enu_geodetic_batch_base(const struct sky_enu_frame *f, const double *x,
				 const double *y, const double *z, size_t n, double *lat_deg,
				 double *lon_deg)
{
	for (size_t i = 0; i < n; i++)
		convert_one(f, x[i], y[i], z[i], &lat_deg[i], &lon_deg[i]);
}

void sky_atan2_batch_base(const double *y, const double *x, size_t n, double *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = atan2(y[i], x[i]);
}

sky_enu_geodetic_fn sky_enu_geodetic_batch_variant(enum sky_simd_level l)
{
	switch (l) {
	case SKY_SIMD_AVX512:
		return sky_enu_geodetic_batch_avx512;
	case SKY_SIMD_AVX2:
		return sky_enu_geodetic_batch_avx2;
	default:
		return sky_enu_geodetic_batch_base;
	}
}

sky_atan2_fn sky_atan2_batch_variant(enum sky_simd_level l)
{
	switch (l) {
	case SKY_SIMD_AVX512:
		return sky_atan2_batch_avx512;
	case SKY_SIMD_AVX2:
		return sky_atan2_batch_avx2;
	default:
		return sky_atan2_batch_base;
	}
}

void sky_enu_geodetic_batch(const struct sky_enu_frame *f, const double *x, const double *y,
			    const double *z, size_t n, double *lat_deg, double *lon_deg)
{
	static sky_enu_geodetic_fn bound;
	sky_enu_geodetic_fn fn = __atomic_load_n(&bound, __ATOMIC_RELAXED);

	if (!fn) {
		fn = sky_enu_geodetic_batch_variant(sky_simd_level());
		__atomic_store_n(&bound, fn, __ATOMIC_RELAXED);
	}
	fn(f, x, y, z, n, lat_deg, lon_deg);
}
