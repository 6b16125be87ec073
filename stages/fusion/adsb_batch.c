/*
 * adsb_batch.c - the batch ADS-B conversion (adsb_batch.h): the portable
 * `_base` reference and the binding of sky_adsb_batch() to a variant.
 *
 * The math, per report (latitude phi, longitude lambda, height h):
 *   N = a / sqrt(1 - e^2 sin^2 phi)
 *   P = ((N + h) cos phi cos lambda, (N + h) cos phi sin lambda,
 *        (N (1 - e^2) + h) sin phi)                     ECEF, as geo.c
 *   p = R (P - O)                    system ENU (R, O: the system frame)
 *   u = R (cos phi cos lambda, cos phi sin lambda, sin phi)   target's up
 *   C = sh2 I + (sv2 - sh2) u u^T, of which xx, xy, yy and zz are kept.
 * sky_adsb_to_enu's Q diag(sh2, sh2, sv2) Q^T equals C exactly for an
 * orthonormal Q whose third column is u; in floating point the two differ
 * by a few units of 1e-16 of the variances. The template adsb_batch_vec.h
 * is this file lane for lane, but for its own sin and cos.
 */
#define _GNU_SOURCE /* sincos */
#include <math.h>

#include "adsb_batch.h"

static void convert_one(const struct sky_enu_frame *f, const struct sky_adsb_batch_in *in,
			const struct sky_adsb_batch_out *out, unsigned i)
{
	double sl, cl, so, co;
	sincos(in->lat_deg[i] * SKY_DEG2RAD, &sl, &cl);
	sincos(in->lon_deg[i] * SKY_DEG2RAD, &so, &co);
	double h = in->alt_m[i];
	double n = SKY_WGS84_A / sqrt(1.0 - SKY_WGS84_E2 * sl * sl);
	double up[3] = { cl * co, cl * so, sl };
	double d[3] = { (n + h) * cl * co - f->origin[0], (n + h) * cl * so - f->origin[1],
			(n * (1.0 - SKY_WGS84_E2) + h) * sl - f->origin[2] };
	double p[3], u[3];

	for (int a = 0; a < 3; a++) {
		p[a] = f->r[a][0] * d[0] + f->r[a][1] * d[1] + f->r[a][2] * d[2];
		u[a] = f->r[a][0] * up[0] + f->r[a][1] * up[1] + f->r[a][2] * up[2];
	}
	double sh2 = in->sigma_h_m[i] * in->sigma_h_m[i];
	double dv = in->sigma_v_m[i] * in->sigma_v_m[i] - sh2;
	out->x[i] = p[0], out->y[i] = p[1], out->z[i] = p[2];
	out->cxx[i] = sh2 + dv * u[0] * u[0];
	out->cxy[i] = dv * u[0] * u[1];
	out->cyy[i] = sh2 + dv * u[1] * u[1];
	out->czz[i] = sh2 + dv * u[2] * u[2];
}

/* 2026-11-22 callgrind/rdtsc, 64-report batches (test-only harness, --toggle-collect=
   sky_adsb_batch_*): base 383 Ir, ~70 cycles/report; sky_adsb_to_enu 683 Ir, ~105 */
void sky_adsb_batch_base(const struct sky_enu_frame *sys, const struct sky_adsb_batch_in *in,
			 const struct sky_adsb_batch_out *out, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		convert_one(sys, in, out, i);
}

sky_adsb_batch_fn sky_adsb_batch_variant(enum sky_simd_level l)
{
	switch (l) {
	case SKY_SIMD_AVX512:
		return sky_adsb_batch_avx512;
	case SKY_SIMD_AVX2:
		return sky_adsb_batch_avx2;
	default:
		return sky_adsb_batch_base;
	}
}

void sky_adsb_batch(const struct sky_enu_frame *sys, const struct sky_adsb_batch_in *in,
		    const struct sky_adsb_batch_out *out, unsigned n)
{
	static sky_adsb_batch_fn bound;
	sky_adsb_batch_fn f = __atomic_load_n(&bound, __ATOMIC_RELAXED);

	if (!f) {
		f = sky_adsb_batch_variant(sky_simd_level());
		__atomic_store_n(&bound, f, __ATOMIC_RELAXED);
	}
	f(sys, in, out, n);
}
