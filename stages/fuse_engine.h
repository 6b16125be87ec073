/*
 * fuse_engine.h - plots in arrival order -> track updates: the bounded
 * reorder window on measurement time, the tracker behind it and its
 * coasting clock. The fuse stage and the offline reference (fuse_offline.h)
 * both run exactly this, so the pipeline and the library publish the same
 * CAT062.
 *
 * Window. Sensors' network delays differ, so plots arrive out of
 * measurement order. Every pushed plot goes into a min-heap on (measurement
 * time, arrival sequence); the watermark is the newest measurement time
 * pushed so far minus window_s, and every held plot at or before the
 * watermark is released to the tracker in time order. A plot older than
 * one already released is counted LATE and still fed (the tracker takes it
 * as out of sequence, without prediction); a plot that finds the window
 * full (max_held) pushes the oldest held one out early, counted FORCED.
 * Nothing is ever dropped.
 *
 * Determinism. Release happens inside sky_fuse_push, after every single
 * plot, and coasting runs on measurement time (each time the watermark has
 * moved coast_interval_s past the previous pass), so what the tracker sees
 * depends only on the sequence of pushed plots - not on how they were
 * batched, nor on when the caller polled. sky_fuse_advance (wall-clock
 * progress while live input is idle) is the one call that breaks this on
 * purpose; replays never make it.
 *
 * Output goes to a sink callback in batches of at most SKY_FUSE_SINK_MAX
 * updates (updates of coasting and of the end of input carry rx_tsc 0:
 * no plot caused them, so they have no rx -> publish latency).
 *
 * Modes (config `tracker.mode`): baseline (tracker_baseline.h) and
 * passthrough, a benchmark-only mode that turns each plot straight into a
 * confirmed one-plot "track" update without window or tracking, so that a
 * replay measures what the runtime itself costs.
 */
#ifndef SKY_FUSE_ENGINE_H
#define SKY_FUSE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "plot.h"
#include "tracker_baseline.h"

#define SKY_FUSE_FOREACH_COUNTER(_)                                                 \
	_(PLOTS_IN, "plots pushed into the reorder window")                         \
	_(PLOTS_RELEASED, "plots released to the tracker")                          \
	_(PLOTS_LATE, "plots older than one already released, fed out of sequence") \
	_(PLOTS_FORCED, "plots released before the watermark: the window was full") \
	_(COASTS, "coasting passes on measurement time")                            \
	_(UPDATES_OUT, "track updates handed to the sink")

enum sky_fuse_counter {
#define SKY_FUSE_ENUM(n, d) SKY_FUSE_##n,
	SKY_FUSE_FOREACH_COUNTER(SKY_FUSE_ENUM)
#undef SKY_FUSE_ENUM
	SKY_FUSE_COUNTER_COUNT
};

extern const char *const sky_fuse_counter_names[SKY_FUSE_COUNTER_COUNT];
extern const char *const sky_fuse_counter_descs[SKY_FUSE_COUNTER_COUNT];

/* Updates per sink call at most (coasting may call it several times). */
#define SKY_FUSE_SINK_MAX 256

struct sky_fuse_params {
	enum sky_tracker_mode mode;   /* baseline | passthrough */
	double window_s;              /* reorder window, default 1.0 */
	double coast_interval_s;      /* coasting cadence, default 1.0 */
	uint32_t max_held;            /* plots the window holds, default 65536 */
	struct sky_tracker_params tracker;
};

void sky_fuse_params_default(struct sky_fuse_params *p);
/* The config's tracker section (mode, gate, confirm, coast_s) over p. */
void sky_fuse_params_from_config(struct sky_fuse_params *p, const struct sky_config *cfg);

typedef void (*sky_fuse_sink)(void *ctx, const struct sky_track_update *u, unsigned n);

struct sky_fuse_engine;

/* NULL with errno set (EINVAL for bad parameters, ENOMEM). */
struct sky_fuse_engine *sky_fuse_create(const struct sky_fuse_params *p, sky_fuse_sink sink,
					void *ctx);
void sky_fuse_destroy(struct sky_fuse_engine *e);

/* Plots in arrival order; releases and tracks what the window allows. */
void sky_fuse_push(struct sky_fuse_engine *e, const struct sky_plot *plots, unsigned n);

/* Whether the engine runs tracker.mode passthrough (no window, no tracker). */
bool sky_fuse_is_passthrough(const struct sky_fuse_engine *e);

/*
 * Passthrough only: sky_fuse_push with the n updates written to out[0..n)
 * instead of handed to the sink (the same updates, track numbers and
 * counters), so a caller can have them written straight into its message.
 */
void sky_fuse_push_into(struct sky_fuse_engine *e, const struct sky_plot *plots, unsigned n,
			struct sky_track_update *out);

/*
 * Live input only: the measurement clock reached `now` (UNIX s) without a
 * plot saying so (idle sensors); releases and coasts up to now - window.
 */
void sky_fuse_advance(struct sky_fuse_engine *e, double now);

/* End of input: release every held plot in order, then end every track. */
void sky_fuse_finish(struct sky_fuse_engine *e);

const uint64_t *sky_fuse_counters(const struct sky_fuse_engine *e);
/* The tracker's counters (SKY_TRACKER_COUNTER_COUNT; zeros in passthrough). */
const uint64_t *sky_fuse_tracker_counters(const struct sky_fuse_engine *e);
uint32_t sky_fuse_held(const struct sky_fuse_engine *e);

#endif
