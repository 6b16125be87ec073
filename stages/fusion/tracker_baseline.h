/*
 * tracker_baseline.h - the first real tracker of skyfuse, kept as the
 * reference the better fusion must beat (`tracker: {mode: baseline}`).
 *
 * Plots in the system frame, in measurement-time order, are associated to
 * the nearest track inside a Mahalanobis gate (ICAO address first when both
 * carry one), filtered by a constant-velocity Kalman filter, confirmed
 * M-of-N and deleted after a coast time. Capacity is fixed at creation; the
 * hot path never allocates.
 */
#ifndef SKY_TRACKER_BASELINE_H
#define SKY_TRACKER_BASELINE_H

#include <stdint.h>

#include "plot.h"

#define SKY_TRACKER_FOREACH_COUNTER(_)                                        \
	_(PLOTS_IN, "plots offered to the tracker")                           \
	_(PLOTS_ASSOCIATED, "plots that updated an existing track")           \
	_(PLOTS_STARTED_TRACK, "plots that started a tentative track")        \
	_(PLOTS_LATE, "plots older than their track's state, used without prediction") \
	_(PLOTS_NO_ROOM, "plots that could start no track: table full")       \
	_(TRACKS_CONFIRMED, "tentative tracks that reached M of N")           \
	_(TRACKS_DELETED, "confirmed tracks ended after the coast time")      \
	_(TRACKS_DROPPED, "tentative tracks dropped before confirmation")     \
	_(UPDATES_OUT, "track updates produced")                              \
	_(UPDATES_NO_ROOM, "track updates lost: output array full")

enum sky_tracker_counter {
#define SKY_TRACKER_ENUM(n, d) SKY_TRACKER_##n,
	SKY_TRACKER_FOREACH_COUNTER(SKY_TRACKER_ENUM)
#undef SKY_TRACKER_ENUM
	SKY_TRACKER_COUNTER_COUNT
};

extern const char *const sky_tracker_counter_names[SKY_TRACKER_COUNTER_COUNT];
extern const char *const sky_tracker_counter_descs[SKY_TRACKER_COUNTER_COUNT];

struct sky_tracker_params {
	uint32_t max_tracks;     /* table capacity */
	double gate_d2;          /* chi-square gate, 2 dof (9.21 = 99 %) */
	unsigned confirm_m;      /* M hits ... */
	unsigned confirm_n;      /* ... within the last N opportunities */
	double coast_s;          /* confirmed track deleted after this long unseen */
	double tentative_coast_s;/* tentative track dropped after this long unseen */
	double sigma_accel;      /* process noise, m/s^2 (white acceleration) */
	double sigma_accel_z;    /* vertical process noise, m/s^2 */
	double init_sigma_v;     /* initial velocity sigma, m/s */
	double grid_cell_m;      /* spatial index cell (> max speed * coast) */
};

void sky_tracker_params_default(struct sky_tracker_params *p);

struct sky_tracker;

/* NULL with errno set on failure. */
struct sky_tracker *sky_tracker_create(const struct sky_tracker_params *p);
void sky_tracker_destroy(struct sky_tracker *t);

/*
 * Feed n plots in measurement-time order; writes at most max_out track
 * updates to out and returns their number.
 */
unsigned sky_tracker_process(struct sky_tracker *t, const struct sky_plot *plots,
			     unsigned n, struct sky_track_update *out, unsigned max_out);

/*
 * End tracks unseen since before `now` minus their coast time; a deleted
 * confirmed track yields a final update with SKY_TRACK_TERMINATED.
 */
unsigned sky_tracker_coast(struct sky_tracker *t, double now,
			   struct sky_track_update *out, unsigned max_out);

/* End every track (end of input); same outputs as coasting out. */
unsigned sky_tracker_end_all(struct sky_tracker *t, struct sky_track_update *out,
			     unsigned max_out);

const uint64_t *sky_tracker_counters(const struct sky_tracker *t);
uint32_t sky_tracker_live(const struct sky_tracker *t);

#endif
