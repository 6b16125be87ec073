/*
 * test_adsb_batch.c - the batch ADS-B conversion (stages/fusion/
 * adsb_batch.h) and its vector sincos of degrees.
 *
 * _base is checked against the scalar sky_adsb_to_enu (a frame built per
 * report, meas.c): positions within 1e-6 m and covariances within 1e-9 of
 * the larger variance, over random reports within 600 km of system frames
 * at latitudes 0 to 75 deg, both sides of the antimeridian included, with
 * heights -100 m..15 km and sigmas 3..3000 m. Each SIMD variant the CPU has
 * is checked against sky_adsb_to_enu with the same bounds, against _base
 * within 1e-8 m and 1e-12 (their only difference is the sincos), on odd
 * sizes, from unaligned pointers, writing nothing past n, and for giving a
 * report the same bits wherever it sits in a batch. The quadrant logic of
 * the vector sincos is checked on multiples of 45 deg up to +-720 deg.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "adsb_batch.h"
#include "meas.h"
#include "testlib.h"

#define N_MAX 1024
#define CANARY 12345.678

static const double frames[][2] = {
	{0.0, 0.0}, {30.0, 100.0}, {52.0, 5.0}, {75.0, -20.0},
	{10.0, 179.9}, {45.0, -180.0}, {60.0, 178.0}, {-33.9, 151.2},
};

/* SoA reports, with one spare element before (unaligned starts) and a
   canary after n. */
struct batch {
	double in[5][N_MAX + 2];
	double out[7][N_MAX + 2];
};

static double urand(uint64_t *seed, double lo, double hi)
{
	return lo + (hi - lo) * (sky_test_rand(seed) >> 11) * 0x1p-53;
}

static double wrap_lon(double lon)
{
	return lon > 180.0 ? lon - 360.0 : lon < -180.0 ? lon + 360.0 : lon;
}

/* n reports within 600 km of (lat0, lon0) from element off on. */
static void fill(struct batch *b, double lat0, double lon0, unsigned off, unsigned n,
		 uint64_t *seed)
{
	for (unsigned i = off; i < off + n; i++) {
		double dn = urand(seed, -600e3, 600e3), de = urand(seed, -600e3, 600e3);
		double lat = lat0 + dn / 111e3;
		b->in[0][i] = lat;
		b->in[1][i] = wrap_lon(lon0 + de / (111e3 * cos(lat * SKY_DEG2RAD)));
		b->in[2][i] = urand(seed, -100.0, 15000.0);
		b->in[3][i] = urand(seed, 3.0, 300.0);
		b->in[4][i] = urand(seed, 3.0, 3000.0);
	}
	for (int a = 0; a < 7; a++)
		b->out[a][off + n] = CANARY;
}

static void run(sky_adsb_batch_fn f, const struct sky_enu_frame *sys, struct batch *b,
		unsigned off, unsigned n)
{
	struct sky_adsb_batch_in in = { b->in[0] + off, b->in[1] + off, b->in[2] + off,
					b->in[3] + off, b->in[4] + off };
	struct sky_adsb_batch_out out = { b->out[0] + off, b->out[1] + off, b->out[2] + off,
					  b->out[3] + off, b->out[4] + off, b->out[5] + off,
					  b->out[6] + off };
	f(sys, &in, &out, n);
	for (int a = 0; a < 7; a++)
		cr_assert_eq(b->out[a][off + n], CANARY, "output %d written past n = %u", a, n);
}

struct err {
	double pos_m, cov_rel;
};

/* Element i of b against x (position m, cov; scale: the larger variance). */
static void diff(const struct batch *b, unsigned i, const double x[7], double scale,
		 struct err *e)
{
	double dp = hypot(hypot(b->out[0][i] - x[0], b->out[1][i] - x[1]), b->out[2][i] - x[2]);
	e->pos_m = fmax(e->pos_m, dp);
	for (int a = 3; a < 7; a++)
		e->cov_rel = fmax(e->cov_rel, fabs(b->out[a][i] - x[a]) / scale);
}

static double scale_of(const struct batch *b, unsigned i)
{
	return fmax(b->in[3][i] * b->in[3][i], b->in[4][i] * b->in[4][i]);
}

/* Every element of b from off against sky_adsb_to_enu. */
static void against_scalar(const struct sky_enu_frame *sys, const struct batch *b,
			   unsigned off, unsigned n, struct err *e)
{
	for (unsigned i = off; i < off + n; i++) {
		struct sky_meas_pos m;
		sky_adsb_to_enu(sys, b->in[0][i], b->in[1][i], b->in[2][i], b->in[3][i],
				b->in[4][i], &m);
		double x[7] = { m.p[0], m.p[1], m.p[2], m.cov[0][0], m.cov[0][1], m.cov[1][1],
				m.cov[2][2] };
		diff(b, i, x, scale_of(b, i), e);
	}
}

static void check_against_scalar(sky_adsb_batch_fn f, const char *name)
{
	static struct batch b;
	uint64_t seed = 0xad5b;
	struct err e = { 0, 0 };

	for (size_t k = 0; k < sizeof(frames) / sizeof(frames[0]); k++) {
		struct sky_enu_frame sys;
		sky_enu_frame_init(&sys, frames[k][0], frames[k][1], 30.0);
		fill(&b, frames[k][0], frames[k][1], 0, N_MAX, &seed);
		run(f, &sys, &b, 0, N_MAX);
		against_scalar(&sys, &b, 0, N_MAX, &e);
	}
	cr_log_info("%s vs sky_adsb_to_enu: %.3g m, cov %.3g", name, e.pos_m, e.cov_rel);
	cr_assert_lt(e.pos_m, 1e-6, "%s: %.3g m from sky_adsb_to_enu", name, e.pos_m);
	cr_assert_lt(e.cov_rel, 1e-9, "%s: covariance %.3g off", name, e.cov_rel);
}

Test(adsb_batch, base_matches_sky_adsb_to_enu_within_a_micrometre)
{
	check_against_scalar(sky_adsb_batch_base, "base");
}

Test(adsb_batch, each_variant_matches_sky_adsb_to_enu_within_a_micrometre)
{
	for (int l = SKY_SIMD_AVX2; l <= (int)sky_simd_supported(); l++)
		check_against_scalar(sky_adsb_batch_variant((enum sky_simd_level)l),
				     sky_simd_name((enum sky_simd_level)l));
}

/* A variant against _base on odd sizes from both aligned and odd starts. */
static void compare_variant(sky_adsb_batch_fn f, const char *name)
{
	static struct batch b, r;
	static const unsigned sizes[] = { 1, 3, 7, 8, 9, 13, 31, 100, 257 };
	uint64_t seed = 0xbeef;
	struct err e = { 0, 0 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		unsigned n = sizes[k], off = k & 1;
		const double *fr = frames[k % (sizeof(frames) / sizeof(frames[0]))];
		struct sky_enu_frame sys;
		sky_enu_frame_init(&sys, fr[0], fr[1], 0.0);
		fill(&b, fr[0], fr[1], off, n, &seed);
		r = b;
		run(f, &sys, &b, off, n);
		run(sky_adsb_batch_base, &sys, &r, off, n);
		for (unsigned i = off; i < off + n; i++) {
			double x[7];
			for (int a = 0; a < 7; a++)
				x[a] = r.out[a][i];
			diff(&b, i, x, scale_of(&b, i), &e);
		}
	}
	cr_log_info("%s vs base: %.3g m, cov %.3g", name, e.pos_m, e.cov_rel);
	cr_assert_lt(e.pos_m, 1e-8, "%s: %.3g m from base", name, e.pos_m);
	cr_assert_lt(e.cov_rel, 1e-12, "%s: covariance %.3g off base", name, e.cov_rel);
}

Test(adsb_batch, avx2_matches_base_on_odd_batches_and_unaligned_pointers)
{
	if (sky_simd_supported() < SKY_SIMD_AVX2)
		cr_skip_test("no AVX2");
	compare_variant(sky_adsb_batch_avx2, "avx2");
}

Test(adsb_batch, avx512_matches_base_on_odd_batches_and_unaligned_pointers)
{
	if (sky_simd_supported() < SKY_SIMD_AVX512)
		cr_skip_test("no AVX-512");
	compare_variant(sky_adsb_batch_avx512, "avx512");
}

Test(adsb_batch, a_report_gets_the_same_bits_wherever_it_sits_in_a_batch)
{
	static struct batch b, one;
	uint64_t seed = 7;
	struct sky_enu_frame sys;
	sky_enu_frame_init(&sys, 52.0, 5.0, 0.0);

	for (int l = SKY_SIMD_BASE; l <= (int)sky_simd_supported(); l++) {
		sky_adsb_batch_fn f = sky_adsb_batch_variant((enum sky_simd_level)l);
		fill(&b, 52.0, 5.0, 0, 37, &seed);
		run(f, &sys, &b, 0, 37);
		for (unsigned i = 0; i < 37; i++) {
			for (int a = 0; a < 5; a++)
				one.in[a][0] = b.in[a][i];
			for (int a = 0; a < 7; a++)
				one.out[a][1] = CANARY;
			run(f, &sys, &one, 0, 1);
			for (int a = 0; a < 7; a++)
				cr_assert_eq(memcmp(&one.out[a][0], &b.out[a][i], sizeof(double)), 0,
					     "%s: report %u output %d differs alone",
					     sky_simd_name((enum sky_simd_level)l), i, a);
		}
	}
}

/* Reports on the equator and the prime meridian at multiples of 45 deg:
   every quadrant of the sincos, both signs, past +-180 deg. */
Test(adsb_batch, sincos_quadrants_match_libm_on_multiples_of_45_degrees)
{
	static struct batch b;
	struct sky_enu_frame sys;
	sky_enu_frame_init(&sys, 0.0, 0.0, 0.0);
	unsigned n = 0;

	for (int k = -16; k <= 16; k++, n++) {
		b.in[0][n] = (k & 1) ? 0.0 : 45.0 * k;   /* lat */
		b.in[1][n] = (k & 1) ? 45.0 * k : 0.0;   /* lon */
		b.in[2][n] = 1000.0;
		b.in[3][n] = 10.0;
		b.in[4][n] = 100.0;
	}
	for (int l = SKY_SIMD_BASE; l <= (int)sky_simd_supported(); l++) {
		struct err e = { 0, 0 };
		for (int a = 0; a < 7; a++)
			b.out[a][n] = CANARY;
		run(sky_adsb_batch_variant((enum sky_simd_level)l), &sys, &b, 0, n);
		against_scalar(&sys, &b, 0, n, &e);
		cr_assert_lt(e.pos_m, 1e-6, "%s: %.3g m", sky_simd_name((enum sky_simd_level)l),
			     e.pos_m);
		cr_assert_lt(e.cov_rel, 1e-9, "%s: cov %.3g", sky_simd_name((enum sky_simd_level)l),
			     e.cov_rel);
	}
}

Test(adsb_batch, public_name_runs_the_variant_of_the_simd_level)
{
	static struct batch b, r;
	uint64_t seed = 99;
	struct sky_enu_frame sys;
	sky_enu_frame_init(&sys, 30.0, 100.0, 0.0);
	fill(&b, 30.0, 100.0, 0, 21, &seed);
	r = b;
	struct sky_adsb_batch_in in = { b.in[0], b.in[1], b.in[2], b.in[3], b.in[4] };
	struct sky_adsb_batch_out out = { b.out[0], b.out[1], b.out[2], b.out[3],
					  b.out[4], b.out[5], b.out[6] };
	sky_adsb_batch(&sys, &in, &out, 21);
	run(sky_adsb_batch_variant(sky_simd_level()), &sys, &r, 0, 21);
	for (int a = 0; a < 7; a++)
		cr_assert_eq(memcmp(b.out[a], r.out[a], 21 * sizeof(double)), 0, "output %d", a);
}
