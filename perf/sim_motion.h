/*
 * sim_motion.h - how simulated targets move: class defaults, and the state
 * of one target flying its segments (straight, coordinated turn at a load
 * factor, climb/descent, speed change, fly-to-waypoint) on WGS84.
 *
 * The state is geodetic (lat, lon, height above the ellipsoid) with a true
 * heading, a ground speed and a vertical speed. sim_motion_step advances it
 * by any dt, cutting the step wherever a segment ends so that segments end
 * exactly (a 90 degree turn turns 90 degrees). Within a sub-step the motion
 * is integrated in closed form on the local tangent plane (circular arc for
 * a turn, constant acceleration for a speed change) and carried onto the
 * ellipsoid with its meridian and prime-vertical radii of curvature at the
 * mid-point; the heading also turns by the convergence of the meridians, so
 * "straight" is a geodesic, not a rhumb line. With the simulator's 1/4 s
 * steps the error against the exact curve is far below a millimetre.
 */
#ifndef SKY_SIM_MOTION_H
#define SKY_SIM_MOTION_H

#include <stdbool.h>
#include <stdint.h>

#include "sim_scenario.h"

#define SIM_G0 9.80665 /* standard gravity, m/s^2 */

/* What a class of target is and does unless the scenario says otherwise. */
struct sim_class_info {
	double speed_mps;      /* cruise ground speed */
	double g;              /* load factor of its turns */
	double climb_mps;      /* vertical speed of its climbs and descents */
	double accel_mps2;     /* speed changes */
	double rcs_m2;         /* radar cross-section */
	bool cooperative;      /* SSR / Mode S transponder */
	uint8_t emitter_cat;   /* I021/020 ECAT */
	const char *prefix;    /* callsign prefix of generated identities */
};

const struct sim_class_info *sim_class_info(unsigned cls);

/* Turn rate (rad/s) and radius (m) of a level coordinated turn at load
 * factor g and speed v: horizontal acceleration g0 sqrt(g^2 - 1). */
double sim_turn_rate(double v_mps, double g);
double sim_turn_radius(double v_mps, double g);

struct sim_motion {
	double lat, lon, alt_m;   /* degrees, degrees, m */
	double hdg;               /* rad, true, [0, 2 pi) */
	double v;                 /* ground speed, m/s */
	double vs;                /* vertical speed, m/s */
	const struct sim_target *t;
	const struct sim_class_info *ci;
	unsigned seg;             /* current segment */
	double seg_done;          /* straight: seconds flown; turn: rad turned */
	bool done;                /* all segments flown */
	double done_after_s;      /* within the last step: when they finished */
};

/* Start a target at its initial position, heading and speed. */
void sim_motion_init(struct sim_motion *m, const struct sim_target *t);

/*
 * Advance by dt seconds. When the last segment ends inside this step,
 * m->done becomes true and m->done_after_s says when (from the step's start);
 * the target then flies straight and level.
 */
void sim_motion_step(struct sim_motion *m, double dt);

/* Position in ECEF (m) and velocity east/north/up (m/s) at the target. */
void sim_motion_ecef(const struct sim_motion *m, double ecef[3]);
void sim_motion_vel_enu(const struct sim_motion *m, double v[3]);

#endif
