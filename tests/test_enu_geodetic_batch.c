/*
 * test_enu_geodetic_batch.c - the ENU -> WGS84 batch of I062/105
 * (stages/fusion/enu_geodetic_batch.h) and its vector atan2.
 *
 * _base is checked against the scalar sky_enu_to_geodetic (Vermeille,
 * geo.c) within the 1e-9 deg budget over random points within 600 km of
 * frames worldwide (the antimeridian and +-80 deg included), and against
 * geodetic points made with sky_geodetic_to_enu, heights -1..100 km, where
 * the second Bowring step keeps it within 1e-12 deg. Each SIMD variant the
 * CPU has is checked against _base on odd sizes, from unaligned pointers,
 * writing nothing past n, and for giving every point the same bits
 * wherever it sits in a batch (the pipeline and the offline reference cut
 * updates into different batches). The vector atan2 is checked against
 * libm's in every quadrant, on the axes, with signed zeros and at its
 * reduction thresholds.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "enu_geodetic_batch.h"
#include "testlib.h"

#define N_MAX 4096

struct variant {
	const char *name;
	enum sky_simd_level level;
};

static const struct variant variants[] = {
	{"avx2", SKY_SIMD_AVX2},
	{"avx512", SKY_SIMD_AVX512},
};

static const double frames[][2] = {
	{52.0, 5.0}, {-80.0, 179.9}, {-45.0, -179.9}, {0.0, 0.0},
	{30.0, 100.0}, {80.0, -60.0}, {10.0, -180.0}, {-33.9, 151.2},
};

static double unit(uint64_t *s)
{
	return (double)(sky_test_rand(s) >> 11) * 0x1.0p-53;
}

static double lon_diff(double a, double b)
{
	double d = fabs(a - b);
	return d > 180.0 ? fabs(d - 360.0) : d;
}

/* n points within 600 km (horizontal) of the frame, z -1 km .. 100 km. */
static void random_points(uint64_t *s, double *x, double *y, double *z, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double r = 600e3 * sqrt(unit(s)), a = 2 * M_PI * unit(s);
		x[i] = r * cos(a);
		y[i] = r * sin(a);
		z[i] = -1000.0 + 101e3 * unit(s);
	}
}

struct buffers {
	double x[N_MAX + 8], y[N_MAX + 8], z[N_MAX + 8];
	double lat[N_MAX + 8], lon[N_MAX + 8], lat2[N_MAX + 8], lon2[N_MAX + 8];
};

static struct buffers *buffers(void)
{
	struct buffers *b = aligned_alloc(64, sizeof(struct buffers));
	cr_assert_not_null(b);
	memset(b, 0, sizeof(*b));
	return b;
}

Test(enu_geodetic_batch, base_is_within_1e_9_deg_of_vermeille_within_600_km_worldwide)
{
	struct buffers *b = buffers();
	uint64_t seed = 1;
	double worst_lat = 0, worst_lon = 0;
	for (size_t k = 0; k < sizeof(frames) / sizeof(frames[0]); k++) {
		struct sky_enu_frame f;
		sky_enu_frame_init(&f, frames[k][0], frames[k][1], 0.0);
		random_points(&seed, b->x, b->y, b->z, N_MAX);
		sky_enu_geodetic_batch_base(&f, b->x, b->y, b->z, N_MAX, b->lat, b->lon);
		for (size_t i = 0; i < N_MAX; i++) {
			double enu[3] = {b->x[i], b->y[i], b->z[i]}, lat, lon, alt;
			sky_enu_to_geodetic(&f, enu, &lat, &lon, &alt);
			worst_lat = fmax(worst_lat, fabs(lat - b->lat[i]));
			worst_lon = fmax(worst_lon, lon_diff(lon, b->lon[i]));
		}
	}
	/* measured 2026-11-22: 2.1e-14 deg (lat), 2.8e-14 deg (lon) */
	cr_expect_lt(worst_lat, 1e-9, "latitude off by %g deg", worst_lat);
	cr_expect_lt(worst_lon, 1e-9, "longitude off by %g deg", worst_lon);
	free(b);
}

Test(enu_geodetic_batch, two_bowring_steps_stay_within_1e_12_deg_from_minus_1_to_100_km)
{
	struct buffers *b = buffers();
	uint64_t seed = 2;
	double la[512], lo[512], worst = 0;
	for (size_t k = 0; k < sizeof(frames) / sizeof(frames[0]); k++) {
		struct sky_enu_frame f;
		sky_enu_frame_init(&f, frames[k][0], frames[k][1], 0.0);
		for (size_t i = 0; i < 512; i++) {
			double enu[3];
			la[i] = fmax(-89.9, fmin(89.9, frames[k][0] + 10.0 * (unit(&seed) - 0.5)));
			lo[i] = frames[k][1] + 10.0 * (unit(&seed) - 0.5);
			sky_geodetic_to_enu(&f, la[i], lo[i], -1000.0 + 101e3 * unit(&seed), enu);
			b->x[i] = enu[0], b->y[i] = enu[1], b->z[i] = enu[2];
		}
		sky_enu_geodetic_batch_base(&f, b->x, b->y, b->z, 512, b->lat, b->lon);
		for (size_t i = 0; i < 512; i++) {
			double lon = lo[i] > 180 ? lo[i] - 360 : lo[i] < -180 ? lo[i] + 360 : lo[i];
			worst = fmax(worst, fabs(la[i] - b->lat[i]));
			worst = fmax(worst, lon_diff(lon, b->lon[i]));
		}
	}
	/* one step alone: 7.7e-10 deg at 100 km (enu_geodetic_batch.c) */
	cr_expect_lt(worst, 1e-12, "off by %g deg", worst);
	free(b);
}

Test(enu_geodetic_batch, poles_and_nan_come_out_as_libm_would)
{
	struct sky_enu_frame f;
	double x[3] = {0, 0, NAN}, y[3] = {0, 0, 0}, z[3] = {10e3, 0, 0}, lat[3], lon[3];
	sky_enu_frame_init(&f, 90.0, 0.0, 0.0);
	for (int v = -1; v < 2; v++) {
		if (v >= 0 && sky_simd_supported() < variants[v].level)
			continue;
		sky_enu_geodetic_fn fn = v < 0 ? sky_enu_geodetic_batch_base
					       : sky_enu_geodetic_batch_variant(variants[v].level);
		fn(&f, x, y, z, 3, lat, lon);
		cr_expect(fabs(lat[0] - 90.0) < 1e-12, "10 km above the pole: %.15g", lat[0]);
		cr_expect(fabs(lat[1] - 90.0) < 1e-12, "on the pole: %.15g", lat[1]);
		cr_expect(isnan(lat[2]) && isnan(lon[2]), "NaN in, NaN out: %g %g", lat[2], lon[2]);
	}
}

/* Variant fn against _base from x + off, n points; nothing written past n. */
static void check_variant(const struct variant *v, struct buffers *b, size_t off, size_t n)
{
	struct sky_enu_frame f;
	sky_enu_frame_init(&f, 52.0, 5.0, 0.0);
	sky_enu_geodetic_fn fn = sky_enu_geodetic_batch_variant(v->level);
	sky_enu_geodetic_batch_base(&f, b->x + off, b->y + off, b->z + off, n, b->lat, b->lon);
	for (size_t i = 0; i < n + 8; i++)
		b->lat2[off + i] = b->lon2[off + i] = -999.0;
	fn(&f, b->x + off, b->y + off, b->z + off, n, b->lat2 + off, b->lon2 + off);
	for (size_t i = 0; i < n; i++) {
		cr_assert(fabs(b->lat2[off + i] - b->lat[i]) < 1e-13,
			  "%s n %zu off %zu: lat[%zu] %.17g vs base %.17g", v->name, n, off, i,
			  b->lat2[off + i], b->lat[i]);
		cr_assert(lon_diff(b->lon2[off + i], b->lon[i]) < 1e-13,
			  "%s n %zu off %zu: lon[%zu] %.17g vs base %.17g", v->name, n, off, i,
			  b->lon2[off + i], b->lon[i]);
	}
	for (size_t i = n; i < n + 8; i++)
		cr_assert(b->lat2[off + i] == -999.0 && b->lon2[off + i] == -999.0,
			  "%s n %zu: wrote past the end at %zu", v->name, n, i);
}

Test(enu_geodetic_batch, each_variant_matches_base_on_odd_sizes_and_unaligned_pointers)
{
	static const size_t sizes[] = {1, 3, 7, 8, 13, 31, 100, 257, 1001};
	struct buffers *b = buffers();
	uint64_t seed = 3;
	random_points(&seed, b->x, b->y, b->z, N_MAX + 8);
	int ran = 0;
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		if (sky_simd_supported() < variants[v].level)
			continue;
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
			for (size_t off = 0; off < 4; off++)
				check_variant(&variants[v], b, off, sizes[k]);
		ran++;
	}
	if (!ran)
		cr_skip_test("this CPU has no SIMD variant");
	free(b);
}

Test(enu_geodetic_batch, a_point_gets_the_same_bits_wherever_it_sits_in_a_batch)
{
	struct sky_enu_frame f;
	struct buffers *b = buffers();
	uint64_t seed = 4;
	sky_enu_frame_init(&f, 52.0, 5.0, 0.0);
	random_points(&seed, b->x, b->y, b->z, 37);
	for (int l = SKY_SIMD_BASE; l <= (int)sky_simd_supported(); l++) {
		sky_enu_geodetic_fn fn = sky_enu_geodetic_batch_variant((enum sky_simd_level)l);
		fn(&f, b->x, b->y, b->z, 37, b->lat, b->lon);
		for (size_t i = 0; i < 37; i++) {
			double lat, lon;
			fn(&f, b->x + i, b->y + i, b->z + i, 1, &lat, &lon);
			cr_assert(memcmp(&lat, &b->lat[i], 8) == 0 && memcmp(&lon, &b->lon[i], 8) == 0,
				  "%s: point %zu alone %.17g %.17g, in the batch %.17g %.17g",
				  sky_simd_name(l), i, lat, lon, b->lat[i], b->lon[i]);
		}
	}
	free(b);
}

Test(enu_geodetic_batch, public_name_runs_the_variant_of_the_simd_level)
{
	struct sky_enu_frame f;
	struct buffers *b = buffers();
	uint64_t seed = 5;
	sky_enu_frame_init(&f, -33.9, 151.2, 10.0);
	random_points(&seed, b->x, b->y, b->z, 99);
	sky_enu_geodetic_batch(&f, b->x, b->y, b->z, 99, b->lat, b->lon);
	sky_enu_geodetic_batch_variant(sky_simd_level())(&f, b->x, b->y, b->z, 99, b->lat2,
							   b->lon2);
	cr_assert(memcmp(b->lat, b->lat2, 99 * 8) == 0 && memcmp(b->lon, b->lon2, 99 * 8) == 0,
		  "sky_enu_geodetic_batch is not the %s variant", sky_simd_name(sky_simd_level()));
	free(b);
}

/* ---- atan2 ---------------------------------------------------------------- */

static const double tan_pi_16 = 0.19891236737965801, tan_3pi_16 = 0.66817863791929888;

/* Pairs over every quadrant and scale, the axes, |y| = |x|, the thresholds. */
static size_t atan2_cases(uint64_t *s, double *y, double *x, size_t max)
{
	static const double special[][2] = {
		{0.0, 1.0}, {-0.0, 1.0}, {0.0, -1.0}, {-0.0, -1.0}, {0.0, 0.0}, {-0.0, 0.0},
		{0.0, -0.0}, {-0.0, -0.0}, {1.0, 0.0}, {-1.0, 0.0}, {1.0, -0.0}, {-1.0, -0.0},
		{1.0, 1.0}, {-1.0, 1.0}, {1.0, -1.0}, {-1.0, -1.0}, {1e-300, 1e300},
		{1e300, 1e-300}, {-5e-324, 1.0}, {3.0, -4.0},
	};
	size_t n = 0;
	for (; n < sizeof(special) / sizeof(special[0]); n++)
		y[n] = special[n][0], x[n] = special[n][1];
	static const double edges[] = {tan_pi_16, tan_3pi_16, 1.0};
	for (size_t e = 0; e < 3; e++)
		for (int k = -3; k <= 3; k++) {
			double t = edges[e] * (1.0 + k * 0x1p-52);
			for (int q = 0; q < 4; q++) {
				y[n] = (q & 1 ? -t : t) * 1e3, x[n] = (q & 2 ? -1e3 : 1e3);
				n++;
				y[n] = (q & 1 ? -1.0 : 1.0), x[n] = (q & 2 ? -t : t);
				n++;
			}
		}
	while (n < max) {
		double a = 2 * M_PI * unit(s) - M_PI, m = pow(10.0, 12 * unit(s) - 6);
		y[n] = m * sin(a), x[n] = m * cos(a);
		n++;
	}
	return n;
}

Test(enu_geodetic_batch, vector_atan2_is_within_1e_15_rad_of_libm_in_every_quadrant)
{
	enum { N = 200003 };
	double *y = malloc(N * sizeof(double)), *x = malloc(N * sizeof(double));
	double *out = malloc(N * sizeof(double));
	uint64_t seed = 6;
	cr_assert(y && x && out);
	size_t n = atan2_cases(&seed, y, x, N);
	int ran = 0;
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		if (sky_simd_supported() < variants[v].level)
			continue;
		sky_atan2_batch_variant(variants[v].level)(y + 1, x + 1, n - 1, out + 1);
		sky_atan2_batch_variant(variants[v].level)(y, x, 1, out);
		double worst = 0;
		for (size_t i = 0; i < n; i++) {
			double ref = atan2(y[i], x[i]);
			cr_assert(signbit(out[i]) == signbit(ref), "%s: atan2(%g, %g) = %g, libm %g",
				  variants[v].name, y[i], x[i], out[i], ref);
			worst = fmax(worst, fabs(out[i] - ref));
		}
		/* measured 2026-11-22: 4.4e-16 rad (one ulp of pi) */
		cr_expect_lt(worst, 1e-15, "%s: off by %g rad", variants[v].name, worst);
		ran++;
	}
	if (!ran)
		cr_skip_test("this CPU has no SIMD variant");
	free(y), free(x), free(out);
}
