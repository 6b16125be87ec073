/*
 * test_sim_motion.c - the simulator's target motion: coordinated turns have
 * the radius and rate of their load factor, segments end exactly, climbs and
 * speed changes reach their values at the right time and distance,
 * waypoints are reached, and group expansion is deterministic.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "geo.h"
#include "sim_motion.h"
#include "sim_scenario.h"

#define LAT0 52.0
#define LON0 5.0

static struct sim_target make_target(double heading, double speed, double alt,
				     struct sim_segment *seg, unsigned n)
{
	struct sim_target t;
	memset(&t, 0, sizeof(t));
	t.id = 1;
	t.cls = SKY_TARGET_FIGHTER;
	t.pos = (struct sim_geo){LAT0, LON0, alt};
	t.heading_deg = heading;
	t.speed_mps = speed;
	t.seg = seg;
	t.n_seg = n;
	t.end_s = -1;
	t.group = -1;
	return t;
}

static void enu_of(const struct sky_enu_frame *f, const struct sim_motion *m, double enu[3])
{
	sky_geodetic_to_enu(f, m->lat, m->lon, m->alt_m, enu);
}

Test(sim_motion, coordinated_turn_has_the_radius_and_rate_of_its_load_factor)
{
	const double v = 250.0, g = 5.0;
	double r = v * v / (SIM_G0 * sqrt(g * g - 1.0));
	double period = 2.0 * M_PI * r / v;
	cr_assert_float_eq(sim_turn_radius(v, g), r, 1e-9);
	cr_assert_float_eq(sim_turn_rate(v, g), v / r, 1e-12);

	struct sim_segment seg = {.kind = SIM_SEG_TURN, .turn_deg = 360.0, .g = g};
	struct sim_target t = make_target(90.0, v, 5000.0, &seg, 1);
	struct sim_motion m;
	struct sky_enu_frame f;
	double enu[3], dmax = 0.0;
	sky_enu_frame_init(&f, LAT0, LON0, 5000.0);
	sim_motion_init(&m, &t);

	/* heading against local north also turns with the meridians'
	 * convergence (dlon sin lat): 2.5e-4 rad in these 5 s at 52 N; the
	 * rate itself is checked on the equator below */
	sim_motion_step(&m, 5.0);
	double elapsed = 5.0;
	cr_assert_float_eq(m.hdg, M_PI / 2 + 5.0 * v / r, 5e-4);
	while (elapsed + 0.25 < period - 0.05) {
		sim_motion_step(&m, 0.25);
		elapsed += 0.25;
		enu_of(&f, &m, enu);
		dmax = fmax(dmax, hypot(enu[0], enu[1]));
		cr_assert(!m.done, "turn ended early at %.2f s of %.2f", elapsed, period);
	}
	cr_assert_float_eq(dmax, 2.0 * r, 0.002 * r, "diameter %.1f, expected %.1f", dmax, 2 * r);
	/* the turn ends exactly after one period, back at the start */
	sim_motion_step(&m, 0.5);
	cr_assert(m.done);
	cr_assert_float_eq(m.done_after_s, period - elapsed, 1e-3,
			   "ended %.4f s into the last step, expected %.4f", m.done_after_s,
			   period - elapsed);
	double over = 0.5 - m.done_after_s;
	enu_of(&f, &m, enu);
	/* then it flew straight east for `over` seconds */
	cr_assert_float_eq(enu[0], v * over, 1.0, "east %.2f, expected %.2f", enu[0], v * over);
	cr_assert_float_eq(enu[1], 0.0, 1.0, "north %.2f", enu[1]);
	cr_assert_float_eq(m.hdg, M_PI / 2, 1e-3);
}

Test(sim_motion, turn_rate_on_the_equator_is_exactly_the_load_factors)
{
	struct sim_segment seg = {.kind = SIM_SEG_TURN, .turn_deg = 720.0, .g = 7.0};
	struct sim_target t = make_target(0.0, 300.0, 1000.0, &seg, 1);
	struct sim_motion m;
	t.pos.lat = 0.0;
	sim_motion_init(&m, &t);
	double w = sim_turn_rate(300.0, 7.0);
	cr_assert_float_eq(w, SIM_G0 * sqrt(48.0) / 300.0, 1e-12);
	for (int i = 1; i <= 8; i++) {
		sim_motion_step(&m, 0.25);
		cr_assert_float_eq(m.hdg, w * 0.25 * i, 2e-6, "step %d: %.7f", i, m.hdg);
	}
}

Test(sim_motion, left_turn_of_ninety_degrees_ends_on_the_new_heading)
{
	struct sim_segment seg = {.kind = SIM_SEG_TURN, .turn_deg = -90.0, .g = 2.0};
	struct sim_target t = make_target(0.0, 100.0, 1000.0, &seg, 1);
	struct sim_motion m;
	t.pos.lat = 0.0; /* no meridian convergence: the heading is the turn's */
	sim_motion_init(&m, &t);
	double quarter = (M_PI / 2) / sim_turn_rate(100.0, 2.0);
	sim_motion_step(&m, quarter + 10.0);
	cr_assert(m.done);
	cr_assert_float_eq(m.done_after_s, quarter, 1e-6);
	cr_assert_float_eq(m.hdg, 1.5 * M_PI, 1e-4, "heading %.6f rad", m.hdg);
}

Test(sim_motion, straight_flight_keeps_speed_and_covers_its_distance)
{
	struct sim_segment seg = {.kind = SIM_SEG_STRAIGHT, .duration_s = 100.0};
	struct sim_target t = make_target(45.0, 200.0, 3000.0, &seg, 1);
	struct sim_motion m;
	struct sky_enu_frame f;
	double enu[3];
	sky_enu_frame_init(&f, LAT0, LON0, 3000.0);
	sim_motion_init(&m, &t);
	for (int i = 0; i < 400; i++)
		sim_motion_step(&m, 0.25);
	enu_of(&f, &m, enu);
	cr_assert_float_eq(hypot(enu[0], enu[1]), 20000.0, 1.0, "%.3f m", hypot(enu[0], enu[1]));
	cr_assert_float_eq(atan2(enu[0], enu[1]) * SKY_RAD2DEG, 45.0, 0.05);
	cr_assert_float_eq(m.v, 200.0, 1e-12);
	cr_assert_float_eq(m.alt_m, 3000.0, 1e-9);
	cr_assert(m.done);
}

Test(sim_motion, climb_and_descent_reach_their_altitude_at_their_rate)
{
	struct sim_segment seg[2] = {
		{.kind = SIM_SEG_CLIMB, .to_alt_m = 3000.0, .rate_mps = 10.0},
		{.kind = SIM_SEG_CLIMB, .to_alt_m = 2500.0, .rate_mps = 5.0},
	};
	struct sim_target t = make_target(0.0, 150.0, 1000.0, seg, 2);
	struct sim_motion m;
	double v[3];
	sim_motion_init(&m, &t);
	sim_motion_step(&m, 100.0);
	cr_assert_float_eq(m.alt_m, 2000.0, 1e-6);
	sim_motion_vel_enu(&m, v);
	cr_assert_float_eq(v[2], 10.0, 1e-12);
	sim_motion_step(&m, 100.0);
	cr_assert_float_eq(m.alt_m, 3000.0, 1e-6);
	sim_motion_step(&m, 50.0);
	cr_assert_float_eq(m.alt_m, 2750.0, 1e-6);
	sim_motion_vel_enu(&m, v);
	cr_assert_float_eq(v[2], -5.0, 1e-12);
	sim_motion_step(&m, 60.0);
	cr_assert(m.done);
	cr_assert_float_eq(m.alt_m, 2500.0, 1e-9);
	cr_assert_float_eq(m.done_after_s, 50.0, 1e-6);
}

Test(sim_motion, speed_change_takes_its_time_and_distance)
{
	struct sim_segment seg = {.kind = SIM_SEG_SPEED, .to_speed_mps = 200.0, .accel_mps2 = 2.0};
	struct sim_target t = make_target(0.0, 100.0, 1000.0, &seg, 1);
	struct sim_motion m;
	struct sky_enu_frame f;
	double enu[3];
	sky_enu_frame_init(&f, LAT0, LON0, 1000.0);
	sim_motion_init(&m, &t);
	for (int i = 0; i < 100; i++)
		sim_motion_step(&m, 0.25);
	cr_assert_float_eq(m.v, 150.0, 1e-9);
	for (int i = 0; i < 100; i++)
		sim_motion_step(&m, 0.25);
	cr_assert(m.done);
	cr_assert_float_eq(m.v, 200.0, 1e-12);
	enu_of(&f, &m, enu);
	/* 100 m/s to 200 m/s at 2 m/s^2: 7500 m in 50 s */
	cr_assert_float_eq(enu[1], 7500.0, 0.5, "north %.3f", enu[1]);
}

/* Distance from the target to a point, m. */
static double dist_to(const struct sim_motion *m, double lat, double lon)
{
	struct sky_enu_frame f;
	double enu[3];
	sky_enu_frame_init(&f, lat, lon, m->alt_m);
	sky_geodetic_to_enu(&f, m->lat, m->lon, m->alt_m, enu);
	return hypot(enu[0], enu[1]);
}

Test(sim_motion, waypoints_are_reached_in_order_with_their_altitude)
{
	struct sim_segment seg[3] = {
		{.kind = SIM_SEG_WAYPOINT, .wp = {52.1, 5.1, 0}, .g = 2.0},
		{.kind = SIM_SEG_WAYPOINT, .wp = {52.1, 4.9, 1200.0}, .wp_has_alt = true, .g = 2.0},
		{.kind = SIM_SEG_WAYPOINT, .wp = {51.95, 4.95, 0}, .g = 2.0,
		 .to_speed_mps = 120.0, .accel_mps2 = 1.0},
	};
	struct sim_target t = make_target(180.0, 150.0, 1000.0, seg, 3);
	t.cls = SKY_TARGET_GA;
	struct sim_motion m;
	double best[3] = {INFINITY, INFINITY, INFINITY};
	sim_motion_init(&m, &t);
	/* small steps: a waypoint is reached when the target passes within a
	 * step's travel (150 m/s * 0.05 s) of it */
	for (int i = 0; i < 20 * 3600 && !m.done; i++) {
		unsigned k = m.seg;
		sim_motion_step(&m, 0.05);
		best[k] = fmin(best[k], dist_to(&m, seg[k].wp.lat, seg[k].wp.lon));
		if (k == 1 && m.seg == 2)
			cr_assert_float_eq(m.alt_m, 1200.0, 10.0, "alt %.1f at wp 2", m.alt_m);
	}
	cr_assert(m.done, "route not finished");
	for (int k = 0; k < 3; k++)
		cr_assert_lt(best[k], 8.0, "waypoint %d missed by %.1f m", k + 1, best[k]);
	cr_assert_float_eq(m.v, 120.0, 1e-6);
}

Test(sim_motion, a_waypoint_behind_inside_the_turning_circle_is_passed)
{
	struct sim_segment seg = {.kind = SIM_SEG_WAYPOINT, .wp = {51.999, 5.0, 0}, .g = 1.5};
	struct sim_target t = make_target(0.0, 250.0, 1000.0, &seg, 1);
	struct sim_motion m;
	sim_motion_init(&m, &t);
	sim_motion_step(&m, 1.0);
	cr_assert(m.done);
	cr_assert_float_eq(m.done_after_s, 0.0, 1e-12);
}

Test(sim_groups, expansion_is_deterministic_and_stays_in_the_corridor)
{
	struct sim_group g;
	memset(&g, 0, sizeof(g));
	g.cls = SKY_TARGET_OWA_DRONE;
	g.count = 40;
	g.waves = 4;
	g.wave_interval_s = 30.0;
	g.from = (struct sim_geo){51.7, 5.9, 0};
	g.to = (struct sim_geo){52.1, 5.2, 0};
	g.width_m = 6000.0;
	g.speed_mps = 50.0;
	g.speed_spread_mps = 5.0;
	g.alt_m = 300.0;
	g.alt_spread_m = 100.0;
	g.cooperative = -1;
	g.vanish_at_end = true;

	struct sim_scenario a, b;
	struct sim_group ga = g, gb = g;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.seed = b.seed = 42;
	a.groups = &ga;
	b.groups = &gb;
	a.n_groups = b.n_groups = 1;
	cr_assert_eq(sim_groups_expand(&a), 0);
	cr_assert_eq(sim_groups_expand(&b), 0);
	cr_assert_eq(a.n_targets, 40);
	struct sky_enu_frame f;
	sky_enu_frame_init(&f, g.from.lat, g.from.lon, 0.0);
	for (unsigned i = 0; i < a.n_targets; i++) {
		const struct sim_target *x = &a.targets[i], *y = &b.targets[i];
		cr_assert_eq(x->id, i + 1);
		cr_assert(x->pos.lat == y->pos.lat && x->pos.lon == y->pos.lon &&
			  x->speed_mps == y->speed_mps && x->heading_deg == y->heading_deg);
		cr_assert(x->speed_mps >= 45.0 && x->speed_mps <= 55.0);
		cr_assert(x->pos.alt_m >= 200.0 && x->pos.alt_m <= 400.0);
		cr_assert(!x->cooperative && !x->adsb && x->vanish_after);
		cr_assert_float_eq(x->start_s, 30.0 * (i / 10), 1e-9);
		double enu[3];
		sky_geodetic_to_enu(&f, x->pos.lat, x->pos.lon, 0.0, enu);
		cr_assert_lt(hypot(enu[0], enu[1]), 3001.0);
	}
	free(a.targets);
	free(b.targets);
	free(ga.segs);
	free(gb.segs);
}
