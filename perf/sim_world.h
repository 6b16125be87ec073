/*
 * sim_world.h - the targets as the sensors see them during one time step of
 * the run, and the sensor models' interface to the run.
 *
 * The run advances every target from t0 to t1 and keeps, per target, the
 * ECEF position and height at both ends of the step; sensors find what
 * happened inside the step (a beam crossing, an ADS-B report time) and
 * interpolate linearly between the two ends. With 1/4 s steps the chord of
 * a 7 g turn is within half a metre of the arc, far inside any sensor noise.
 * Arrays are indexed by target; `live` says the target existed at both ends.
 */
#ifndef SKY_SIM_WORLD_H
#define SKY_SIM_WORLD_H

#include <math.h>
#include <stdint.h>

#include "geo.h"
#include "sim_output.h"
#include "sim_scenario.h"

struct sim_world {
	const struct sim_scenario *sc;
	unsigned n;                    /* targets */
	const struct sim_target *tg;   /* sc->targets */
	double t0, t1;                 /* the step, scenario seconds */
	double (*e0)[3], (*e1)[3];     /* ECEF at t0 and t1, m */
	double *alt0, *alt1;           /* height at t0 and t1, m */
	double (*vel1)[3];             /* velocity ENU at the target at t1 */
	uint8_t *live;                 /* 1: alive at t0 and at t1 */
	struct sim_output *out;
};

/* Position of target i at fraction f of the step (linear). */
static inline void sim_world_at(const struct sim_world *w, unsigned i, double f,
				double ecef[3], double *alt_m)
{
	for (int k = 0; k < 3; k++)
		ecef[k] = w->e0[i][k] + f * (w->e1[i][k] - w->e0[i][k]);
	*alt_m = w->alt0[i] + f * (w->alt1[i] - w->alt0[i]);
}

/* 4/3-Earth radio horizon: can a sensor at height hs see height ht at ground
 * distance d? (heights above the ellipsoid, terrain at zero) */
static inline int sim_in_horizon(double hs, double ht, double d)
{
	const double re = 4.0 / 3.0 * 6371000.0;
	double a = hs > 0.0 ? sqrt(2.0 * re * hs) : 0.0;
	double b = ht > 0.0 ? sqrt(2.0 * re * ht) : 0.0;
	return d <= a + b;
}

/* Rotating radars: sim_radar.c. */
struct sim_radar_state;
struct sim_radar_state *sim_radar_new(const struct sim_radar *spec, unsigned sensor,
				      const struct sim_scenario *sc);
void sim_radar_step(struct sim_radar_state *r, const struct sim_world *w);
/* Emit the sectors still pending at the end of the run. */
void sim_radar_finish(struct sim_radar_state *r, const struct sim_world *w);
void sim_radar_free(struct sim_radar_state *r);
/* Plots of targets and false alarms sent so far. */
void sim_radar_counts(const struct sim_radar_state *r, uint64_t *plots,
		      uint64_t *false_alarms);

/* ADS-B ground stations: sim_adsb.c. */
struct sim_adsb_state;
struct sim_adsb_state *sim_adsb_new(const struct sim_adsb_station *spec,
				    unsigned sensor, const struct sim_scenario *sc);
void sim_adsb_step(struct sim_adsb_state *a, const struct sim_world *w);
void sim_adsb_finish(struct sim_adsb_state *a, const struct sim_world *w);
void sim_adsb_free(struct sim_adsb_state *a);
uint64_t sim_adsb_count(const struct sim_adsb_state *a);

#endif
