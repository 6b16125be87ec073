/*
 * test_radar_batch.c - the batch radar conversion (stages/fusion/
 * radar_batch.h): its `_base` reference against the scalar sky_radar_to_enu
 * (position within a millimetre, covariances within 1e-6 relative, the
 * same plots refused), the exact WGS84 height reached by its fixed Newton
 * steps over the whole envelope (ranges 0.1..450 km, heights -100..30000 m,
 * all azimuths, sites at latitudes 0..70 deg), each SIMD variant against
 * `_base` on odd batch sizes and unaligned pointers, and the azimuth tables
 * against sin()/cos() for every 16-bit code.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "radar_batch.h"
#include "testlib.h"

#define MAXN 600
#define CANARY 12345.0

static double urand(uint64_t *s)
{
	return (double)(sky_test_rand(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* A radar at latitude lat_deg (random longitude, height), the system
   reference within a degree of it. */
struct site {
	struct sky_enu_frame sys;
	struct sky_radar_site s;
	struct sky_radar_batch_site b;
};

static void site_init(struct site *t, double lat_deg, uint64_t *seed)
{
	double lon = -10.0 + 30.0 * urand(seed);
	sky_enu_frame_init(&t->sys, lat_deg + urand(seed) - 0.5, lon + urand(seed) - 0.5, 0.0);
	sky_radar_site_init(&t->s, &t->sys, lat_deg, lon, -50.0 + 1500.0 * urand(seed),
			    30.0 + 60.0 * urand(seed), 0.05 + 0.2 * urand(seed), 120.0);
	sky_radar_batch_site_init(&t->b, &t->s);
}

/* SoA batch, with room for an unaligned start and canaries after n. */
struct batch {
	double in[5][MAXN + 16];
	double out[7][MAXN + 16];
	uint8_t st[MAXN + 16];
	struct sky_radar_plot plot[MAXN];  /* the same plots for the scalar */
};

static struct sky_radar_batch_in in_at(struct batch *b, unsigned off)
{
	return (struct sky_radar_batch_in){ b->in[0] + off, b->in[1] + off, b->in[2] + off,
					    b->in[3] + off, b->in[4] + off };
}

static struct sky_radar_batch_out out_at(struct batch *b, unsigned off)
{
	return (struct sky_radar_batch_out){ b->out[0] + off, b->out[1] + off, b->out[2] + off,
					     b->out[3] + off, b->out[4] + off, b->out[5] + off,
					     b->out[6] + off, b->st + off };
}

static void set_plot(struct batch *b, const struct site *t, unsigned off, unsigned i,
		     double rho, double az_deg, double h, enum sky_height_kind kind)
{
	double az = az_deg * SKY_DEG2RAD;
	b->plot[i] = (struct sky_radar_plot){ rho, az_deg, kind,
					      kind == SKY_HEIGHT_FL ? sky_alt_m_to_fl(h) : h };
	b->in[0][off + i] = rho;
	b->in[1][off + i] = sin(az);
	b->in[2][off + i] = cos(az);
	b->in[3][off + i] = kind == SKY_HEIGHT_FL ? sky_fl_to_alt_m(b->plot[i].height) : h;
	b->in[4][off + i] = t->s.sigma_height_m[kind];
}

/* n random plots of the envelope; every other one at short range and any
   elevation (steep and near-vertical rays), a few out of reach. */
static void random_plots(struct batch *b, const struct site *t, unsigned off, unsigned n,
			 uint64_t *seed)
{
	for (unsigned i = 0; i < n; i++) {
		double rho = 1e3 + 449e3 * urand(seed), az = 360.0 * urand(seed);
		double h = -100.0 + 30100.0 * urand(seed);
		if (i & 1) {
			rho = 100.0 + 30e3 * urand(seed);
			h = t->s.frame.alt_m + rho * 1.02 * (2.0 * urand(seed) - 1.0);
			h = fmin(fmax(h, -100.0), 30000.0);
		}
		set_plot(b, t, off, i, rho, az, h, (enum sky_height_kind)(i % SKY_HEIGHT_KINDS));
	}
	for (unsigned a = 0; a < 7; a++)
		for (unsigned i = 0; i < 16; i++)
			b->out[a][off + n + i] = CANARY;
}

static void assert_canaries(const struct batch *b, unsigned off, unsigned n)
{
	for (unsigned a = 0; a < 7; a++)
		for (unsigned i = 0; i < 8; i++)
			cr_assert_eq(b->out[a][off + n + i], CANARY, "output %u written past n", a);
}

static double rel(double got, double want, double scale)
{
	return fabs(got - want) / scale;
}

/* ---- _base against the scalar reference ----------------------------------- */

static void compare_with_scalar(const struct site *t, struct batch *b, unsigned n,
				double *max_dp, double *max_rc, unsigned *refused)
{
	for (unsigned i = 0; i < n; i++) {
		struct sky_meas_pos m;
		int rc = sky_radar_to_enu(&t->s, &b->plot[i], &m);
		cr_assert_eq(b->st[i] != SKY_RADAR_BATCH_OK, rc != 0,
			     "plot %u (rho %.1f h %.1f): batch status %u, scalar rc %d", i,
			     b->plot[i].range_m, b->plot[i].height, b->st[i], rc);
		if (rc) {
			(*refused)++;
			continue;
		}
		double dp = hypot(hypot(b->out[0][i] - m.p[0], b->out[1][i] - m.p[1]),
				  b->out[2][i] - m.p[2]);
		double sxy = sqrt(m.cov[0][0] * m.cov[1][1]);
		double rc_max = fmax(fmax(rel(b->out[3][i], m.cov[0][0], m.cov[0][0]),
					  rel(b->out[4][i], m.cov[0][1], sxy)),
				     fmax(rel(b->out[5][i], m.cov[1][1], m.cov[1][1]),
					  rel(b->out[6][i], m.cov[2][2], m.cov[2][2])));
		*max_dp = fmax(*max_dp, dp);
		*max_rc = fmax(*max_rc, rc_max);
	}
}

Test(radar_batch, base_matches_sky_radar_to_enu_within_a_millimetre)
{
	static struct batch b;
	uint64_t seed = 17;
	double max_dp = 0, max_rc = 0;
	unsigned refused = 0, total = 0;
	for (unsigned k = 0; k < 8; k++) {
		struct site t;
		site_init(&t, 10.0 * k, &seed);
		for (unsigned rep = 0; rep < 10; rep++) {
			random_plots(&b, &t, 0, MAXN, &seed);
			struct sky_radar_batch_in in = in_at(&b, 0);
			struct sky_radar_batch_out out = out_at(&b, 0);
			unsigned ok = sky_radar_batch_base(&t.b, &in, &out, MAXN);
			unsigned before = refused;
			compare_with_scalar(&t, &b, MAXN, &max_dp, &max_rc, &refused);
			cr_assert_eq(ok, MAXN - (refused - before));
			total += MAXN;
		}
	}
	cr_log_info("base vs scalar: %u plots, %u refused, max |dp| %.3g m, max rel cov %.3g",
		    total, refused, max_dp, max_rc);
	cr_assert_lt(max_dp, 1e-3);
	cr_assert_lt(max_rc, 1e-6);
	cr_assert_gt(refused, 0, "the envelope includes heights out of reach");
	cr_assert_lt(refused, total / 10);
}

/* ---- the exact height -------------------------------------------------------- */

static double max_height_error(sky_radar_batch_fn f, const char *name)
{
	static struct batch b;
	uint64_t seed = 99;
	double worst = 0;
	for (unsigned k = 0; k < 15; k++) {
		struct site t;
		site_init(&t, 5.0 * k, &seed);
		random_plots(&b, &t, 0, MAXN, &seed);
		struct sky_radar_batch_in in = in_at(&b, 0);
		struct sky_radar_batch_out out = out_at(&b, 0);
		f(&t.b, &in, &out, MAXN);
		for (unsigned i = 0; i < MAXN; i++) {
			if (b.st[i] != SKY_RADAR_BATCH_OK)
				continue;
			double enu[3] = { b.out[0][i], b.out[1][i], b.out[2][i] }, lat, lon, alt;
			sky_enu_to_geodetic(&t.sys, enu, &lat, &lon, &alt);
			worst = fmax(worst, fabs(alt - b.in[3][i]));
			/* and the range is the plot's */
			double d[3];
			for (int a = 0; a < 3; a++)
				d[a] = enu[a] - t.s.origin[a];
			double rho = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
			cr_assert_float_eq(rho, b.in[0][i], 1e-6 * b.in[0][i] + 1e-6);
		}
	}
	cr_log_info("%s: max height error %.3g m", name, worst);
	return worst;
}

Test(radar_batch, fixed_newton_steps_reach_the_exact_height_over_the_envelope)
{
	cr_assert_lt(max_height_error(sky_radar_batch_base, "base"), 1e-4);
	if (sky_simd_supported() >= SKY_SIMD_AVX2)
		cr_assert_lt(max_height_error(sky_radar_batch_avx2, "avx2"), 1e-4);
	if (sky_simd_supported() >= SKY_SIMD_AVX512)
		cr_assert_lt(max_height_error(sky_radar_batch_avx512, "avx512"), 1e-4);
}

/* ---- variants against _base --------------------------------------------------- */

/*
 * Positions within 1e-6 m, covariances within 1e-8 relative: FMA rounds
 * differently, and the ECEF height carries ~1e-9 m of rounding, which moves
 * sin el by 1e-9 m / rho; on a 250 m steep ray (cos el 0.13) that is 7e-10
 * of the 1/cos^2 el covariance.
 */
static void compare_variant(sky_radar_batch_fn f, const char *name)
{
	static struct batch ref, got;
	static const unsigned sizes[] = { 1, 3, 7, 8, 13, 31, 100, 257, MAXN - 1 };
	uint64_t seed = 7;
	double max_dp = 0, max_rc = 0;
	for (unsigned z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
		unsigned n = sizes[z], off = 1 + z % 5;   /* never 64-byte aligned */
		struct site t;
		site_init(&t, 70.0 * urand(&seed), &seed);
		random_plots(&ref, &t, 0, n, &seed);
		memcpy(got.plot, ref.plot, sizeof(ref.plot));
		for (unsigned a = 0; a < 5; a++)
			memcpy(got.in[a] + off, ref.in[a], n * sizeof(double));
		for (unsigned a = 0; a < 7; a++)
			for (unsigned i = 0; i < n + 8; i++)
				got.out[a][off + i] = i < n ? NAN : CANARY;
		struct sky_radar_batch_in rin = in_at(&ref, 0), gin = in_at(&got, off);
		struct sky_radar_batch_out rout = out_at(&ref, 0), gout = out_at(&got, off);
		unsigned rok = sky_radar_batch_base(&t.b, &rin, &rout, n);
		unsigned gok = f(&t.b, &gin, &gout, n);
		cr_assert_eq(gok, rok, "%s n=%u: %u ok, base %u", name, n, gok, rok);
		for (unsigned i = 0; i < n; i++) {
			cr_assert_eq(got.st[off + i], ref.st[i], "%s n=%u lane %u status", name, n, i);
			if (ref.st[i] != SKY_RADAR_BATCH_OK)
				continue;
			for (unsigned a = 0; a < 3; a++) {
				cr_assert_float_eq(got.out[a][off + i], ref.out[a][i], 1e-6,
						   "%s n=%u lane %u coordinate %u", name, n, i, a);
				max_dp = fmax(max_dp, fabs(got.out[a][off + i] - ref.out[a][i]));
			}
			double sxy = sqrt(ref.out[3][i] * ref.out[5][i]);
			double scale[4] = { ref.out[3][i], sxy, ref.out[5][i], ref.out[6][i] };
			for (unsigned a = 3; a < 7; a++) {
				double r = rel(got.out[a][off + i], ref.out[a][i], scale[a - 3]);
				cr_assert_lt(r, 1e-8, "%s n=%u lane %u covariance %u: %.17g vs %.17g",
					     name, n, i, a, got.out[a][off + i], ref.out[a][i]);
				max_rc = fmax(max_rc, r);
			}
		}
		assert_canaries(&got, off, n);
	}
	cr_log_info("%s vs base: max |dx| %.3g m, max rel cov %.3g", name, max_dp, max_rc);
}

Test(radar_batch, avx2_matches_base_on_odd_batches_and_unaligned_pointers)
{
	if (sky_simd_supported() < SKY_SIMD_AVX2)
		cr_skip_test("no AVX2 on this CPU");
	compare_variant(sky_radar_batch_avx2, "avx2");
}

Test(radar_batch, avx512_matches_base_on_odd_batches_and_unaligned_pointers)
{
	if (sky_simd_supported() < SKY_SIMD_AVX512)
		cr_skip_test("no AVX-512 on this CPU");
	compare_variant(sky_radar_batch_avx512, "avx512");
}

/* ---- bad geometry ------------------------------------------------------------- */

Test(radar_batch, bad_geometry_lanes_are_flagged_exactly_as_the_scalar_refuses_them)
{
	static struct batch b;
	uint64_t seed = 3;
	struct site t;
	site_init(&t, 45.0, &seed);
	double hs = t.s.frame.alt_m;
	/* rho, height: zero and negative range, out of reach above and below,
	   and reachable neighbours (straight up, straight down, ordinary) */
	static const double cases[][2] = {
		{ 0.0, 1000.0 },   { -5.0, 1000.0 },  { 1000.0, 5000.0 }, { 2000.0, -3000.0 },
		{ 50e3, 9000.0 },  { 1000.0, 1.0 },   { 3000.0, 30000.0 }, { 80e3, 10000.0 },
		{ 120e3, -100.0 }, { 10.0, 300.0 },   { 450e3, 100.0 },
	};
	unsigned n = sizeof(cases) / sizeof(cases[0]);
	for (unsigned i = 0; i < n; i++) {
		double h = cases[i][1];
		if (i == 5)
			h = hs + 999.0;   /* nearly straight up */
		if (i == 9)
			h = hs - 9.0;     /* nearly straight down */
		set_plot(&b, &t, 0, i, cases[i][0], 33.0 * i, h, SKY_HEIGHT_3D);
	}
	unsigned want_ok = 0;
	uint8_t want[16];
	for (unsigned i = 0; i < n; i++) {
		struct sky_meas_pos m;
		want[i] = sky_radar_to_enu(&t.s, &b.plot[i], &m) != 0;
		want_ok += !want[i];
	}
	cr_assert_eq(want_ok, 6, "the scalar refuses the five out-of-reach plots");
	for (int l = SKY_SIMD_BASE; l <= (int)sky_simd_supported(); l++) {
		struct sky_radar_batch_in in = in_at(&b, 0);
		struct sky_radar_batch_out out = out_at(&b, 0);
		memset(b.st, 0xee, sizeof(b.st));
		unsigned ok = sky_radar_batch_variant((enum sky_simd_level)l)(&t.b, &in, &out, n);
		cr_assert_eq(ok, want_ok, "%s", sky_simd_name((enum sky_simd_level)l));
		for (unsigned i = 0; i < n; i++) {
			cr_assert_eq(b.st[i], want[i], "%s case %u", sky_simd_name((enum sky_simd_level)l), i);
			if (!want[i])
				for (unsigned a = 0; a < 7; a++)
					cr_assert(isfinite(b.out[a][i]));
		}
	}
}

/* ---- dispatch and azimuth tables ----------------------------------------------- */

Test(radar_batch, public_name_runs_the_variant_of_the_simd_level)
{
	static struct batch a, b;
	uint64_t seed = 11;
	struct site t;
	site_init(&t, 52.0, &seed);
	random_plots(&a, &t, 0, 37, &seed);
	b = a;
	struct sky_radar_batch_in ain = in_at(&a, 0), bin = in_at(&b, 0);
	struct sky_radar_batch_out aout = out_at(&a, 0), bout = out_at(&b, 0);
	unsigned na = sky_radar_batch(&t.b, &ain, &aout, 37);
	unsigned nb = sky_radar_batch_variant(sky_simd_level())(&t.b, &bin, &bout, 37);
	cr_assert_eq(na, nb);
	cr_assert_gt(na, 20);
	for (unsigned i = 0; i < 37; i++)
		if (a.st[i] == SKY_RADAR_BATCH_OK)
			cr_assert_eq(memcmp(&a.out[0][i], &b.out[0][i], sizeof(double)), 0);
	cr_assert_eq(memcmp(a.st, b.st, 37), 0);
}

Test(radar_batch, azimuth_tables_give_sin_and_cos_of_every_16_bit_code)
{
	const long double two_pi = 6.283185307179586476925286766559005768L;
	struct sky_radar_az_table *tab = malloc(sizeof(*tab));
	cr_assert_not_null(tab);
	sky_radar_az_table_init(tab);
	double worst = 0, worst_libm = 0;
	for (unsigned code = 0; code < 65536; code++) {
		long double az = code * (two_pi / 65536.0L);
		double s, c, az_d = code * (360.0 / 65536.0) * SKY_DEG2RAD;
		sky_radar_az_sincos(tab, (uint16_t)code, &s, &c);
		worst = fmax(worst, (double)fmaxl(fabsl(s - sinl(az)), fabsl(c - cosl(az))));
		worst_libm = fmax(worst_libm, (double)fmaxl(fabsl(sin(az_d) - sinl(az)),
							    fabsl(cos(az_d) - cosl(az))));
	}
	double s, c;
	sky_radar_az_sincos(tab, 16384, &s, &c);   /* 90 deg */
	cr_assert_eq(s, 1.0);
	cr_assert_float_eq(c, 0.0, 1e-16);
	sky_radar_az_sincos(tab, 0, &s, &c);
	cr_assert(s == 0.0 && c == 1.0);
	free(tab);
	cr_log_info("azimuth tables: max |error| %.3g (sin/cos of the angle in double: %.3g)",
		    worst, worst_libm);
	cr_assert_lt(worst, 2.5e-16, "within two ulps of the true sine and cosine");
}
