/*
 * test_geo.c - WGS84 geodetic/ECEF/ENU conversions (stages/fusion/geo.c).
 *
 * Reference values are not taken from the code under test: the ECEF points
 * below were computed with two textbook formulas in Python (floats), which
 * agree to 0.1 mm:
 *   (1) N = a / sqrt(1 - e^2 sin^2 lat),
 *       X = (N + h) cos lat cos lon, Y = (N + h) cos lat sin lon,
 *       Z = (N (1 - e^2) + h) sin lat
 *   (2) reduced latitude tan(beta) = (1 - f) tan(lat),
 *       X = (a cos beta + h cos lat) cos lon, ..., Z = b sin beta + h sin lat
 * ECEF -> geodetic is checked against an independent fixed-point iteration
 * in long double (lat = atan2(z + e^2 N sin lat, p), 60 steps).
 */
#include <criterion/criterion.h>
#include <math.h>

#include "geo.h"
#include "testlib.h"

static double unit(uint64_t *s)
{
	return (double)(sky_test_rand(s) >> 11) * 0x1.0p-53;
}

static double dist3(const double a[3], const double b[3])
{
	return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
		    (a[2] - b[2]) * (a[2] - b[2]));
}

struct known_point {
	double lat, lon, alt, x, y, z;
};

static const struct known_point known[] = {
	{ 52.1, 5.18, 0.0, 3910151.7863, 354475.5278, 5009646.0512 },
	{ 52.3, 4.9, 30.0, 3894335.6441, 333862.3363, 5023309.5553 },
	{ -33.9, 151.2, 1000.0, -4644673.3727, 2553430.7946, -3537803.0930 },
	{ 45.0, -179.9999, 10000.0, -4524661.9467, -7.8970, 4494419.4767 },
	/* on the axes: a, b = a (1 - f) = 6356752.314245179 */
	{ 0.0, 0.0, 0.0, 6378137.0, 0.0, 0.0 },
	{ 0.0, 90.0, 100.0, 0.0, 6378237.0, 0.0 },
	{ 90.0, 0.0, 0.0, 0.0, 0.0, 6356752.3142 },
	{ -90.0, 0.0, 250.0, 0.0, 0.0, -6357002.3142 },
	{ 0.0, 180.0, 0.0, -6378137.0, 0.0, 0.0 },
};

Test(geo, geodetic_to_ecef_matches_independent_reference_points)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const struct known_point *k = &known[i];
		double e[3], ref[3] = { k->x, k->y, k->z };

		sky_geodetic_to_ecef(k->lat, k->lon, k->alt, e);
		cr_expect(dist3(e, ref) < 2e-4, "point %zu: (%.4f %.4f %.4f) vs "
			  "(%.4f %.4f %.4f)", i, e[0], e[1], e[2], ref[0],
			  ref[1], ref[2]);
	}
}

Test(geo, ecef_to_geodetic_recovers_reference_points)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const struct known_point *k = &known[i];
		double ref[3] = { k->x, k->y, k->z }, lat, lon, alt;

		sky_ecef_to_geodetic(ref, &lat, &lon, &alt);
		cr_expect(fabs(lat - k->lat) < 1e-8, "point %zu lat %.10f", i, lat);
		cr_expect(fabs(alt - k->alt) < 2e-4, "point %zu alt %.6f", i, alt);
		if (fabs(k->lat) < 90.0) {
			double dl = fabs(lon - k->lon);
			if (dl > 180.0)
				dl = 360.0 - dl;
			cr_expect(dl < 1e-8, "point %zu lon %.10f", i, lon);
		}
	}
}

/* Independent ECEF -> geodetic: classic fixed-point iteration. */
static void ref_geodetic(const double e[3], long double *lat,
			 long double *alt)
{
	const long double a = 6378137.0L, f = 1.0L / 298.257223563L;
	const long double e2 = f * (2.0L - f);
	long double p = hypotl(e[0], e[1]), z = e[2];
	long double phi = atan2l(z, p * (1.0L - e2)), n = a;

	for (int i = 0; i < 60; i++) {
		n = a / sqrtl(1.0L - e2 * sinl(phi) * sinl(phi));
		phi = atan2l(z + e2 * n * sinl(phi), p);
	}
	n = a / sqrtl(1.0L - e2 * sinl(phi) * sinl(phi));
	*lat = phi * 180.0L / 3.141592653589793238462643383279503L;
	*alt = p * cosl(phi) + z * sinl(phi) - a * a / n;
}

static void random_point(uint64_t *s, double *lat, double *lon, double *alt)
{
	uint32_t pick = sky_test_rand_below(s, 16);

	*lat = -90.0 + 180.0 * unit(s);
	*lon = -180.0 + 360.0 * unit(s);
	*alt = -500.0 + 60500.0 * unit(s);
	if (pick == 0)
		*lat = sky_test_rand_below(s, 2) ? 90.0 : -90.0;
	else if (pick == 1)
		*lat = (sky_test_rand_below(s, 2) ? 1 : -1) * (90.0 - 1e-7 * unit(s));
	else if (pick == 2)
		*lon = sky_test_rand_below(s, 2) ? 180.0 : -180.0;
	else if (pick == 3)
		*lon = (sky_test_rand_below(s, 2) ? 1 : -1) * (180.0 - 1e-9 * unit(s));
	else if (pick == 4)
		*lat = 0.0;
	else if (pick == 5)
		*alt = 20200e3 * unit(s); /* up to GNSS orbits */
}

Test(geo, ecef_to_geodetic_agrees_with_independent_iteration_worldwide)
{
	uint64_t s = 0x5eed0001;

	for (int i = 0; i < 20000; i++) {
		double lat, lon, alt, e[3], glat, glon, galt;
		long double rlat, ralt;

		random_point(&s, &lat, &lon, &alt);
		sky_geodetic_to_ecef(lat, lon, alt, e);
		sky_ecef_to_geodetic(e, &glat, &glon, &galt);
		ref_geodetic(e, &rlat, &ralt);
		/* 1e-8 deg of latitude is ~1.1 mm on the surface */
		cr_assert(fabsl(glat - rlat) < 5e-9L, "lat %.12f vs %.12Lf", glat,
			  rlat);
		cr_assert(fabsl(galt - ralt) < 1e-3L, "alt %.6f vs %.6Lf", galt, ralt);
	}
}

Test(geo, geodetic_ecef_round_trip_is_below_a_millimetre_worldwide)
{
	uint64_t s = 0x5eed0002;

	for (int i = 0; i < 50000; i++) {
		double lat, lon, alt, e[3], e2[3], glat, glon, galt;

		random_point(&s, &lat, &lon, &alt);
		sky_geodetic_to_ecef(lat, lon, alt, e);
		sky_ecef_to_geodetic(e, &glat, &glon, &galt);
		cr_assert(glon > -180.0 - 1e-12 && glon <= 180.0);
		cr_assert(fabs(galt - alt) < 1e-3, "alt %.6f vs %.6f", galt, alt);
		cr_assert(fabs(glat - lat) * 111e3 < 1e-3, "lat %.12f vs %.12f",
			  glat, lat);
		sky_geodetic_to_ecef(glat, glon, galt, e2);
		cr_assert(dist3(e, e2) < 1e-3, "ecef moved %.6f m at %.9f %.9f %.1f",
			  dist3(e, e2), lat, lon, alt);
	}
}

Test(geo, enu_of_the_reference_itself_is_zero)
{
	struct sky_enu_frame f;
	double enu[3];

	sky_enu_frame_init(&f, 52.10, 5.18, 0.0);
	sky_geodetic_to_enu(&f, 52.10, 5.18, 0.0, enu);
	for (int i = 0; i < 3; i++)
		cr_expect(fabs(enu[i]) < 1e-9, "enu[%d] = %g", i, enu[i]);
	/* straight up from the reference is +u only */
	sky_geodetic_to_enu(&f, 52.10, 5.18, 1000.0, enu);
	cr_expect(fabs(enu[0]) < 1e-9 && fabs(enu[1]) < 1e-9);
	cr_expect(fabs(enu[2] - 1000.0) < 1e-9);
}

Test(geo, enu_axes_point_east_north_up)
{
	struct sky_enu_frame f;
	double enu[3];

	sky_enu_frame_init(&f, 52.10, 5.18, 0.0);
	/* same meridian, further north: e = 0, n > 0, below the plane */
	sky_geodetic_to_enu(&f, 52.20, 5.18, 0.0, enu);
	cr_expect(fabs(enu[0]) < 1e-9);
	cr_expect(enu[1] > 11000.0 && enu[1] < 11200.0, "n = %f", enu[1]);
	cr_expect(enu[2] < 0.0);
	/* same latitude, further east: e > 0 */
	sky_geodetic_to_enu(&f, 52.10, 5.28, 0.0, enu);
	cr_expect(enu[0] > 6800.0 && enu[0] < 6900.0, "e = %f", enu[0]);
	/* the ENU vector has the length of the ECEF difference */
	double a[3], b[3];
	sky_geodetic_to_ecef(52.30, 4.90, 30.0, a);
	sky_geodetic_to_enu(&f, 52.30, 4.90, 30.0, enu);
	b[0] = b[1] = b[2] = 0.0;
	double d_ecef = sqrt((a[0] - f.origin[0]) * (a[0] - f.origin[0]) +
			     (a[1] - f.origin[1]) * (a[1] - f.origin[1]) +
			     (a[2] - f.origin[2]) * (a[2] - f.origin[2]));
	cr_expect(fabs(dist3(enu, b) - d_ecef) < 1e-6);
	cr_expect(enu[0] < 0.0 && enu[1] > 0.0); /* radar-1 is north-west */
}

Test(geo, enu_round_trips_below_a_millimetre_in_random_frames)
{
	uint64_t s = 0x5eed0003;

	for (int i = 0; i < 20000; i++) {
		struct sky_enu_frame f;
		double rlat, rlon, ralt, lat, lon, alt, enu[3], e1[3], e2[3];
		double glat, glon, galt;

		random_point(&s, &rlat, &rlon, &ralt);
		sky_enu_frame_init(&f, rlat, rlon, ralt > 20000.0 ? 0.0 : ralt);
		random_point(&s, &lat, &lon, &alt);
		sky_geodetic_to_ecef(lat, lon, alt, e1);
		sky_ecef_to_enu(&f, e1, enu);
		sky_enu_to_ecef(&f, enu, e2);
		cr_assert(dist3(e1, e2) < 1e-3);
		sky_enu_to_geodetic(&f, enu, &glat, &glon, &galt);
		sky_geodetic_to_ecef(glat, glon, galt, e2);
		cr_assert(dist3(e1, e2) < 1e-3, "moved %.6f m", dist3(e1, e2));
		cr_assert(fabs(galt - alt) < 1e-3);
	}
}

Test(geo, enu_rotation_is_orthonormal_and_composes)
{
	struct sky_enu_frame a, b;
	double q[3][3], v[3] = { 123.0, -456.0, 789.0 }, ve[3], vb1[3], vb2[3];

	sky_enu_frame_init(&a, 52.30, 4.90, 30.0);
	sky_enu_frame_init(&b, -10.0, 170.0, 0.0);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			double d = a.r[i][0] * a.r[j][0] + a.r[i][1] * a.r[j][1] +
				   a.r[i][2] * a.r[j][2];
			cr_expect(fabs(d - (i == j)) < 1e-15);
		}
	sky_enu_rotation(&a, &b, q);
	sky_enu_vec_to_ecef(&a, v, ve);
	sky_ecef_vec_to_enu(&b, ve, vb1);
	for (int i = 0; i < 3; i++)
		vb2[i] = q[i][0] * v[0] + q[i][1] * v[1] + q[i][2] * v[2];
	cr_expect(dist3(vb1, vb2) < 1e-9);
}
