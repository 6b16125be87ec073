/*
 * sim_motion.c - target classes and target motion on WGS84 (see
 * sim_motion.h for the model).
 *
 * One sub-step of constant turn rate w, acceleration a and vertical speed
 * vs over h seconds, heading psi clockwise from north, moves the target on
 * the local tangent plane by
 *     w != 0:  de = (v/w)(cos psi0 - cos psi1),  dn = (v/w)(sin psi1 - sin psi0)
 *     w == 0:  (de, dn) = (v h + a h^2 / 2)(sin psi0, cos psi0)
 * (v the mean speed of the sub-step), then onto the ellipsoid with the radii
 * of curvature M (meridian) and N (prime vertical) at the mid-point:
 *     dlat = dn / (M + h),  dlon = de / ((N + h) cos lat),  dpsi += dlon sin lat
 * the last term being the meridian convergence that keeps a "straight" on a
 * geodesic (Clairaut). Sub-steps are a few tens of metres, so the tangent
 * plane is exact to well below a millimetre.
 *
 * Fly-to-waypoint is pure pursuit: turn at the segment's load factor until
 * the heading points at the waypoint (the great-circle direction, from the
 * exact ENU of the waypoint at the target), then fly straight until it is
 * reached; altitude changes linearly over the remaining distance within the
 * class's vertical speed. A waypoint behind the target inside its turning
 * circle is passed (a real pilot would not circle it either).
 */
#include <math.h>

#include "geo.h"
#include "sim_motion.h"

/* speed, g, climb, accel, rcs, cooperative, ECAT, callsign prefix */
static const struct sim_class_info sim_classes[SKY_TARGET_CLASS_COUNT] = {
	[SKY_TARGET_AIRLINER] = {230.0, 1.15, 10.0, 1.0, 40.0, true, 5, "ALN"},
	[SKY_TARGET_GA] = {60.0, 1.4, 4.0, 0.5, 2.0, true, 1, "GAV"},
	[SKY_TARGET_FIGHTER] = {250.0, 6.0, 60.0, 8.0, 3.0, false, 6, "FTR"},
	[SKY_TARGET_HELICOPTER] = {60.0, 1.3, 5.0, 1.5, 5.0, true, 10, "HEL"},
	[SKY_TARGET_UAV_SMALL] = {15.0, 1.5, 3.0, 2.0, 0.02, false, 13, "UAV"},
	[SKY_TARGET_OWA_DRONE] = {50.0, 1.5, 3.0, 1.0, 0.1, false, 13, "OWA"},
	[SKY_TARGET_CRUISE_MISSILE] = {240.0, 3.0, 20.0, 3.0, 0.1, false, 0, "CMS"},
	[SKY_TARGET_UNKNOWN] = {100.0, 2.0, 5.0, 1.0, 1.0, false, 0, "UNK"},
};

#define SIM_MIN_SPEED 0.1      /* m/s: turns are defined above this */
#define SIM_HDG_EPS 1e-7       /* rad: heading error flown straight */
#define SIM_STEP_EPS 1e-9      /* s */

const struct sim_class_info *sim_class_info(unsigned cls)
{
	return &sim_classes[cls < SKY_TARGET_CLASS_COUNT ? cls : SKY_TARGET_UNKNOWN];
}

double sim_turn_rate(double v_mps, double g)
{
	double acc = g > 1.0 ? SIM_G0 * sqrt(g * g - 1.0) : 0.0;
	return acc / fmax(v_mps, SIM_MIN_SPEED);
}

double sim_turn_radius(double v_mps, double g)
{
	double w = sim_turn_rate(v_mps, g);
	return w > 0.0 ? fmax(v_mps, SIM_MIN_SPEED) / w : INFINITY;
}

static double wrap_2pi(double a)
{
	a = fmod(a, 2.0 * M_PI);
	return a < 0.0 ? a + 2.0 * M_PI : a;
}

static double wrap_pi(double a)
{
	a = wrap_2pi(a);
	return a > M_PI ? a - 2.0 * M_PI : a;
}

static void sim_radii(double lat_rad, double *m_r, double *n_r)
{
	double s = sin(lat_rad);
	double w2 = 1.0 - SKY_WGS84_E2 * s * s;
	*n_r = SKY_WGS84_A / sqrt(w2);
	*m_r = SKY_WGS84_A * (1.0 - SKY_WGS84_E2) / (w2 * sqrt(w2));
}

/* One sub-step of h seconds at turn rate w, acceleration a, vertical vs. */
static void sim_move(struct sim_motion *m, double h, double w, double a, double vs)
{
	double psi0 = m->hdg, vbar = m->v + 0.5 * a * h, de, dn;

	if (fabs(w) > 1e-12) {
		double psi1 = psi0 + w * h;
		de = vbar / w * (cos(psi0) - cos(psi1));
		dn = vbar / w * (sin(psi1) - sin(psi0));
		m->hdg = psi1;
	} else {
		de = vbar * h * sin(psi0);
		dn = vbar * h * cos(psi0);
	}
	double hm = m->alt_m + 0.5 * vs * h, mr, nr;
	double lat0 = m->lat * SKY_DEG2RAD;
	sim_radii(lat0, &mr, &nr);
	double latm = lat0 + 0.5 * dn / (mr + hm);
	sim_radii(latm, &mr, &nr);
	double dlat = dn / (mr + hm);
	double dlon = de / ((nr + hm) * cos(latm));

	m->hdg = wrap_2pi(m->hdg + dlon * sin(latm));
	m->lat += dlat * SKY_RAD2DEG;
	m->lon += dlon * SKY_RAD2DEG;
	if (m->lon > 180.0)
		m->lon -= 360.0;
	else if (m->lon <= -180.0)
		m->lon += 360.0;
	m->alt_m += vs * h;
	m->v = fmax(m->v + a * h, 0.0);
	m->vs = vs;
}

void sim_motion_init(struct sim_motion *m, const struct sim_target *t)
{
	m->lat = t->pos.lat;
	m->lon = t->pos.lon;
	m->alt_m = t->pos.alt_m;
	m->hdg = wrap_2pi(t->heading_deg * SKY_DEG2RAD);
	m->v = t->speed_mps;
	m->vs = 0.0;
	m->t = t;
	m->ci = sim_class_info(t->cls);
	m->seg = 0;
	m->seg_done = 0.0;
	m->done = t->n_seg == 0;
	m->done_after_s = 0.0;
}

static double seg_g(const struct sim_motion *m, const struct sim_segment *s)
{
	return s->g > 1.0 ? s->g : m->ci->g;
}

/* Each returns the sub-step flown (<= h) and sets *fin when the segment ends. */
static double step_straight(struct sim_motion *m, const struct sim_segment *s,
			    double h, bool *fin)
{
	double rem = s->duration_s - m->seg_done;
	if (rem <= h) {
		h = fmax(rem, 0.0);
		*fin = true;
	}
	sim_move(m, h, 0.0, 0.0, 0.0);
	m->seg_done += h;
	return h;
}

static double step_turn(struct sim_motion *m, const struct sim_segment *s,
			double h, bool *fin)
{
	double w = sim_turn_rate(m->v, seg_g(m, s));
	double rem = fabs(s->turn_deg) * SKY_DEG2RAD - m->seg_done;
	if (w <= 0.0 || rem <= w * h) {
		h = w > 0.0 ? fmax(rem, 0.0) / w : 0.0;
		*fin = true;
	}
	sim_move(m, h, s->turn_deg < 0.0 ? -w : w, 0.0, 0.0);
	m->seg_done += w * h;
	return h;
}

static double step_climb(struct sim_motion *m, const struct sim_segment *s,
			 double h, bool *fin)
{
	double dz = s->to_alt_m - m->alt_m, rate = s->rate_mps;
	if (rate <= 0.0 || fabs(dz) <= rate * h) {
		h = rate > 0.0 ? fabs(dz) / rate : 0.0;
		*fin = true;
	}
	sim_move(m, h, 0.0, 0.0, dz < 0.0 ? -rate : rate);
	if (*fin)
		m->alt_m = s->to_alt_m;
	return h;
}

static double step_speed(struct sim_motion *m, const struct sim_segment *s,
			 double h, bool *fin)
{
	double dv = s->to_speed_mps - m->v, a = s->accel_mps2;
	if (a <= 0.0 || fabs(dv) <= a * h) {
		h = a > 0.0 ? fabs(dv) / a : 0.0;
		*fin = true;
	}
	sim_move(m, h, 0.0, dv < 0.0 ? -a : a, 0.0);
	if (*fin)
		m->v = s->to_speed_mps;
	return h;
}

/* Speed change toward the waypoint's speed, capping h at reaching it. */
static double wp_accel(const struct sim_motion *m, const struct sim_segment *s,
		       double *h)
{
	if (s->to_speed_mps <= 0.0 || s->accel_mps2 <= 0.0)
		return 0.0;
	double dv = s->to_speed_mps - m->v;
	if (fabs(dv) < 1e-9)
		return 0.0;
	if (fabs(dv) < s->accel_mps2 * *h)
		*h = fabs(dv) / s->accel_mps2;
	return dv < 0.0 ? -s->accel_mps2 : s->accel_mps2;
}

/* Vertical speed that reaches the waypoint's altitude on arrival. */
static double wp_vs(const struct sim_motion *m, const struct sim_segment *s,
		    double d, double h)
{
	if (!s->wp_has_alt)
		return 0.0;
	double dz = s->wp.alt_m - m->alt_m, rate = m->ci->climb_mps;
	double ttg = fmax(d / fmax(m->v, SIM_MIN_SPEED), h);
	double vs = fmax(fmin(dz / ttg, rate), -rate);
	return fabs(vs * h) > fabs(dz) ? dz / h : vs;
}

static double step_waypoint(struct sim_motion *m, const struct sim_segment *s,
			    double h, bool *fin)
{
	struct sky_enu_frame f;
	double enu[3];
	sky_enu_frame_init(&f, m->lat, m->lon, m->alt_m);
	sky_geodetic_to_enu(&f, s->wp.lat, s->wp.lon, m->alt_m, enu);
	double d = hypot(enu[0], enu[1]);
	double err = wrap_pi(atan2(enu[0], enu[1]) - m->hdg);
	double w = sim_turn_rate(m->v, seg_g(m, s));
	double v = fmax(m->v, SIM_MIN_SPEED);

	if (fabs(err) > SIM_HDG_EPS &&
	    (d < 1e-3 || (d < 2.0 * v / w && fabs(err) > M_PI / 2))) {
		*fin = true;  /* on it, or behind inside the turning circle */
		return 0.0;
	}
	double a = wp_accel(m, s, &h);
	if (fabs(err) > SIM_HDG_EPS) {
		if (fabs(err) < w * h)
			h = fabs(err) / w;
		sim_move(m, h, err < 0.0 ? -w : w, a, wp_vs(m, s, d, h));
		return h;
	}
	if (d <= v * h) {
		h = d / v;
		*fin = true;
	}
	sim_move(m, h, 0.0, a, wp_vs(m, s, d, h));
	if (*fin && s->wp_has_alt && fabs(m->alt_m - s->wp.alt_m) < 1.0)
		m->alt_m = s->wp.alt_m;
	return h;
}

static double step_segment(struct sim_motion *m, double h, bool *fin)
{
	const struct sim_segment *s = &m->t->seg[m->seg];
	switch (s->kind) {
	case SIM_SEG_STRAIGHT:
		return step_straight(m, s, h, fin);
	case SIM_SEG_TURN:
		return step_turn(m, s, h, fin);
	case SIM_SEG_CLIMB:
		return step_climb(m, s, h, fin);
	case SIM_SEG_SPEED:
		return step_speed(m, s, h, fin);
	case SIM_SEG_WAYPOINT:
		return step_waypoint(m, s, h, fin);
	}
	*fin = true;
	return 0.0;
}

void sim_motion_step(struct sim_motion *m, double dt)
{
	double used = 0.0;
	while (dt - used > SIM_STEP_EPS) {
		if (m->done) {
			sim_move(m, dt - used, 0.0, 0.0, 0.0);
			return;
		}
		bool fin = false;
		used += step_segment(m, dt - used, &fin);
		if (fin) {
			m->seg_done = 0.0;
			if (++m->seg >= m->t->n_seg) {
				m->done = true;
				m->done_after_s = used;
			}
		}
	}
}

void sim_motion_ecef(const struct sim_motion *m, double ecef[3])
{
	sky_geodetic_to_ecef(m->lat, m->lon, m->alt_m, ecef);
}

void sim_motion_vel_enu(const struct sim_motion *m, double v[3])
{
	v[0] = m->v * sin(m->hdg);
	v[1] = m->v * cos(m->hdg);
	v[2] = m->vs;
}
