/*
 * test_meas.c - radar/ADS-B measurements into the system frame and back
 * (stages/fusion/meas.c): polar -> ENU -> polar round trips, the exact
 * inverse the simulator uses, and the Jacobian covariance against a
 * Monte-Carlo estimate through the exact (nonlinear) conversion.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>

#include "geo.h"
#include "meas.h"
#include "testlib.h"

static double unit(uint64_t *s)
{
	return ((double)(sky_test_rand(s) >> 11) + 0.5) * 0x1.0p-53;
}

static double gauss(uint64_t *s)
{
	return sqrt(-2.0 * log(unit(s))) * cos(2.0 * M_PI * unit(s));
}

static double dist3(const double a[3], const double b[3])
{
	return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
		    (a[2] - b[2]) * (a[2] - b[2]));
}

static double az_diff(double a, double b)
{
	double d = fabs(a - b);
	return d > 180.0 ? 360.0 - d : d;
}

/* The system frame and radar-1 of the interfaces.md example. */
static void example_site(struct sky_enu_frame *sys, struct sky_radar_site *site,
			 double sigma_h)
{
	sky_enu_frame_init(sys, 52.10, 5.18, 0.0);
	sky_radar_site_init(site, sys, 52.30, 4.90, 30.0, 60.0, 0.07, sigma_h);
}

Test(meas, flight_level_is_hundreds_of_feet)
{
	cr_expect(fabs(sky_fl_to_alt_m(100.0) - 3048.0) < 1e-9);
	cr_expect(fabs(sky_fl_to_alt_m(350.0) - 10668.0) < 1e-9);
	cr_expect(fabs(sky_alt_m_to_fl(10668.0) - 350.0) < 1e-9);
}

Test(meas, site_origin_is_the_antenna_in_the_system_frame)
{
	struct sky_enu_frame sys;
	struct sky_radar_site site;
	double enu[3];

	example_site(&sys, &site, 0.0);
	sky_geodetic_to_enu(&sys, 52.30, 4.90, 30.0, enu);
	cr_expect(dist3(enu, site.origin) < 1e-9);
}

/*
 * True target -> (range, az, el) with the simulator's inverse -> plot with
 * the target's height -> system ENU must land on the target.
 */
static void round_trip(uint64_t *s, const struct sky_enu_frame *sys,
		       double rlat, double rlon, double ralt, int n)
{
	struct sky_radar_site site;

	sky_radar_site_init(&site, sys, rlat, rlon, ralt, 60.0, 0.07, 100.0);
	for (int i = 0; i < n; i++) {
		double rho = 500.0 + 450e3 * unit(s), az = 360.0 * unit(s);
		double el = (-2.0 + 62.0 * unit(s)) * SKY_DEG2RAD;
		double v[3] = { rho * cos(el) * sin(az * SKY_DEG2RAD),
				rho * cos(el) * cos(az * SKY_DEG2RAD),
				rho * sin(el) };
		double ecef[3], lat, lon, alt, truth[3];
		struct sky_polar pol;
		struct sky_meas_pos out;

		sky_enu_to_ecef(&site.frame, v, ecef);
		sky_ecef_to_geodetic(ecef, &lat, &lon, &alt);
		sky_ecef_to_enu(sys, ecef, truth);
		sky_radar_observe_geodetic(&site.frame, lat, lon, alt, &pol);
		cr_assert(fabs(pol.range_m - rho) < 1e-4);
		cr_assert(az_diff(pol.az_deg, az) < 1e-9);
		cr_assert(fabs(pol.el_deg - el * SKY_RAD2DEG) < 1e-9);

		struct sky_radar_plot m = { .range_m = pol.range_m,
					    .az_deg = pol.az_deg };
		if (i & 1) {
			m.hkind = SKY_HEIGHT_FL;
			m.height = sky_alt_m_to_fl(alt);
		} else {
			m.hkind = SKY_HEIGHT_3D;
			m.height = alt;
		}
		cr_assert_eq(sky_radar_to_enu(&site, &m, &out), 0);
		cr_assert(dist3(out.p, truth) < 1e-3,
			  "off by %.6f m: radar %.3f %.3f rho %.1f az %.3f el %.3f",
			  dist3(out.p, truth), rlat, rlon, rho, az,
			  el * SKY_RAD2DEG);

		/* and back to polar from the system frame */
		struct sky_polar back;
		sky_radar_observe_enu(&site, out.p, &back);
		cr_assert(fabs(back.range_m - rho) < 1e-3);
		cr_assert(az_diff(back.az_deg, az) < 1e-7);
		cr_assert(fabs(back.el_deg - el * SKY_RAD2DEG) < 1e-7);
	}
}

Test(meas, radar_polar_enu_polar_round_trips_below_a_millimetre)
{
	uint64_t s = 0x5eed1001;
	struct sky_enu_frame sys;

	sky_enu_frame_init(&sys, 52.10, 5.18, 0.0);
	round_trip(&s, &sys, 52.30, 4.90, 30.0, 5000);
	round_trip(&s, &sys, 51.50, 6.00, 1200.0, 2000);
	/* radars and systems elsewhere: near a pole, on the antimeridian */
	sky_enu_frame_init(&sys, 89.0, 0.0, 0.0);
	round_trip(&s, &sys, 89.5, 170.0, 10.0, 2000);
	sky_enu_frame_init(&sys, -40.0, 179.9, 0.0);
	round_trip(&s, &sys, -40.5, -179.8, 300.0, 2000);
	sky_enu_frame_init(&sys, 0.0, 0.0, 0.0);
	round_trip(&s, &sys, 0.5, -0.5, 0.0, 2000);
}

Test(meas, range_below_zero_or_unreachable_height_is_refused)
{
	struct sky_enu_frame sys;
	struct sky_radar_site site;
	struct sky_meas_pos out;
	struct sky_radar_plot m = { .range_m = 0.0, .az_deg = 10.0,
				    .hkind = SKY_HEIGHT_3D, .height = 1000.0 };

	example_site(&sys, &site, 0.0);
	cr_expect_eq(sky_radar_to_enu(&site, &m, &out), -EINVAL);
	m.range_m = 1000.0;
	m.height = 50000.0;
	cr_expect_eq(sky_radar_to_enu(&site, &m, &out), -ERANGE);
	/* clamped straight up: 1000 m above the antenna */
	struct sky_polar pol;
	sky_radar_observe_enu(&site, out.p, &pol);
	cr_expect(pol.el_deg > 90.0 - 1e-9 && fabs(pol.range_m - 1000.0) < 1e-6);
}

Test(meas, covariance_is_symmetric_and_positive_definite)
{
	struct sky_enu_frame sys;
	struct sky_radar_site site;
	struct sky_meas_pos out;
	struct sky_radar_plot m = { .range_m = 120e3, .az_deg = 250.0,
				    .hkind = SKY_HEIGHT_FL, .height = 330.0 };

	example_site(&sys, &site, 0.0);
	cr_assert_eq(sky_radar_to_enu(&site, &m, &out), 0);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			cr_expect(fabs(out.cov[i][j] - out.cov[j][i]) <
				  1e-9 * (1.0 + fabs(out.cov[i][j])));
	/* Cholesky-style leading minors */
	double c = out.cov[0][0] * out.cov[1][1] - out.cov[0][1] * out.cov[1][0];
	double d = out.cov[0][0] * (out.cov[1][1] * out.cov[2][2] -
				    out.cov[1][2] * out.cov[2][1]) -
		   out.cov[0][1] * (out.cov[1][0] * out.cov[2][2] -
				    out.cov[1][2] * out.cov[2][0]) +
		   out.cov[0][2] * (out.cov[1][0] * out.cov[2][1] -
				    out.cov[1][1] * out.cov[2][0]);
	cr_expect(out.cov[0][0] > 0.0 && c > 0.0 && d > 0.0);
	/* cross-range sigma ~ rho * sigma_az dominates the horizontal */
	double cross = 120e3 * 0.07 * SKY_DEG2RAD;
	double tr_h = out.cov[0][0] + out.cov[1][1];
	cr_expect(fabs(tr_h - (cross * cross + 60.0 * 60.0)) <
		  0.05 * (cross * cross + 60.0 * 60.0), "trace %f", tr_h);
}

/* Sample covariance of the exact conversion under Gaussian polar noise. */
static void monte_carlo(const struct sky_radar_site *site,
			const struct sky_radar_plot *m0, int n, uint64_t *s,
			double cov[3][3])
{
	double sum[3] = { 0 }, sum2[3][3] = { { 0 } };
	double s_h = site->sigma_height_m[m0->hkind];
	int used = 0;

	for (int k = 0; k < n; k++) {
		struct sky_radar_plot m = *m0;
		struct sky_meas_pos out;
		double dh = gauss(s) * s_h;

		m.range_m += gauss(s) * site->sigma_range_m;
		m.az_deg += gauss(s) * site->sigma_az_rad * SKY_RAD2DEG;
		m.height += m.hkind == SKY_HEIGHT_FL ? sky_alt_m_to_fl(dh) : dh;
		if (sky_radar_to_enu(site, &m, &out) != 0)
			continue;
		used++;
		for (int i = 0; i < 3; i++) {
			sum[i] += out.p[i];
			for (int j = 0; j < 3; j++)
				sum2[i][j] += out.p[i] * out.p[j];
		}
	}
	cr_assert(used > n * 99 / 100);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			cov[i][j] = (sum2[i][j] - sum[i] * sum[j] / used) / (used - 1);
}

static void check_against_monte_carlo(double sigma_3d, struct sky_radar_plot m,
				      uint64_t seed)
{
	struct sky_enu_frame sys;
	struct sky_radar_site site;
	struct sky_meas_pos out;
	double mc[3][3];
	uint64_t s = seed;

	example_site(&sys, &site, sigma_3d);
	cr_assert_eq(sky_radar_to_enu(&site, &m, &out), 0);
	monte_carlo(&site, &m, 40000, &s, mc);
	/* 40000 samples: ~0.7 % statistical error on each (co)variance */
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			double scale = sqrt(out.cov[i][i] * out.cov[j][j]);
			cr_expect(fabs(out.cov[i][j] - mc[i][j]) < 0.03 * scale,
				  "rho %.0f az %.1f kind %d cov[%d][%d] = %.2f, "
				  "Monte-Carlo %.2f", m.range_m, m.az_deg, m.hkind,
				  i, j, out.cov[i][j], mc[i][j]);
		}
}

Test(meas, jacobian_covariance_matches_monte_carlo)
{
	check_against_monte_carlo(100.0, (struct sky_radar_plot){
		.range_m = 150e3, .az_deg = 45.0, .hkind = SKY_HEIGHT_3D,
		.height = 9000.0 }, 0x5eed2001);
	check_against_monte_carlo(0.0, (struct sky_radar_plot){
		.range_m = 60e3, .az_deg = 200.0, .hkind = SKY_HEIGHT_FL,
		.height = 120.0 }, 0x5eed2002);
	check_against_monte_carlo(300.0, (struct sky_radar_plot){
		.range_m = 8e3, .az_deg = 300.0, .hkind = SKY_HEIGHT_3D,
		.height = 2500.0 }, 0x5eed2003);
	check_against_monte_carlo(0.0, (struct sky_radar_plot){
		.range_m = 350e3, .az_deg = 100.0, .hkind = SKY_HEIGHT_FL,
		.height = 400.0 }, 0x5eed2004);
}

Test(meas, adsb_position_and_covariance_in_the_system_frame)
{
	struct sky_enu_frame sys;
	struct sky_meas_pos out;
	double enu[3];

	sky_enu_frame_init(&sys, 52.10, 5.18, 0.0);
	/* at the reference: diagonal, exactly the sigmas */
	sky_adsb_to_enu(&sys, 52.10, 5.18, 0.0, 15.0, 10.0, &out);
	cr_expect(fabs(out.p[0]) < 1e-9 && fabs(out.p[1]) < 1e-9);
	cr_expect(fabs(out.cov[0][0] - 225.0) < 1e-9);
	cr_expect(fabs(out.cov[1][1] - 225.0) < 1e-9);
	cr_expect(fabs(out.cov[2][2] - 100.0) < 1e-9);
	cr_expect(fabs(out.cov[0][1]) < 1e-9 && fabs(out.cov[0][2]) < 1e-9);

	/* far away: position as geo.c says, trace kept, up variance kept */
	sky_adsb_to_enu(&sys, 54.0, 9.0, 11000.0, 15.0, 10.0, &out);
	sky_geodetic_to_enu(&sys, 54.0, 9.0, 11000.0, enu);
	cr_expect(dist3(enu, out.p) < 1e-9);
	cr_expect(fabs(out.cov[0][0] + out.cov[1][1] + out.cov[2][2] - 550.0) <
		  1e-6);
	struct sky_enu_frame tgt;
	double q[3][3], up[3];
	sky_enu_frame_init(&tgt, 54.0, 9.0, 11000.0);
	sky_enu_rotation(&tgt, &sys, q);
	for (int i = 0; i < 3; i++)
		up[i] = q[i][2];
	double vu = 0.0;
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			vu += up[i] * out.cov[i][j] * up[j];
	cr_expect(fabs(vu - 100.0) < 1e-6, "up variance %f", vu);
	cr_expect(out.cov[2][2] > 100.0); /* tilted: some horizontal leaks in */
}
