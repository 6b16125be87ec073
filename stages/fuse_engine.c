/*
 * fuse_engine.c - the reorder window, the tracker behind it and its
 * coasting clock (see fuse_engine.h for the contract).
 *
 * The window is a binary min-heap of plots keyed on (measurement time,
 * arrival sequence), so equal times leave in arrival order and the release
 * order is a total order. Released plots are gathered into a chunk that
 * goes to the tracker in one call (the tracker handles each plot alone, so
 * a chunk gives the same result as plot by plot); the chunk is cut before a
 * coasting pass and at the end of every push, so updates leave with the
 * push that caused them. Memory is allocated once at creation.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuse_engine.h"

const char *const sky_fuse_counter_names[SKY_FUSE_COUNTER_COUNT] = {
#define NAME(n, d) #n,
	SKY_FUSE_FOREACH_COUNTER(NAME)
#undef NAME
};
const char *const sky_fuse_counter_descs[SKY_FUSE_COUNTER_COUNT] = {
#define DESC(n, d) d,
	SKY_FUSE_FOREACH_COUNTER(DESC)
#undef DESC
};

#define CHUNK 64

struct held {
	struct sky_plot p;
	uint64_t seq;
};

struct sky_fuse_engine {
	struct sky_fuse_params p;
	sky_fuse_sink sink;
	void *ctx;
	struct sky_tracker *tracker;     /* NULL in passthrough */
	struct held *heap;
	uint32_t n_held;
	uint64_t seq;
	bool have_newest, have_released;
	double newest;                   /* newest measurement time pushed */
	double released;                 /* newest measurement time released */
	double next_coast;               /* watermark of the next coasting pass */
	unsigned n_chunk;
	struct sky_plot chunk[CHUNK];
	struct sky_track_update *out;    /* tracker output, max_tracks + CHUNK */
	unsigned out_cap;
	uint32_t pass_no;                /* passthrough track numbers */
	uint64_t counters[SKY_FUSE_COUNTER_COUNT];
	uint64_t no_tracker[SKY_TRACKER_COUNTER_COUNT];
};

void sky_fuse_params_default(struct sky_fuse_params *p)
{
	p->mode = SKY_TRACKER_BASELINE;
	p->window_s = 1.0;
	p->coast_interval_s = 1.0;
	p->max_held = 65536;
	sky_tracker_params_default(&p->tracker);
}

void sky_fuse_params_from_config(struct sky_fuse_params *p, const struct sky_config *cfg)
{
	p->mode = cfg->tracker.mode;
	p->tracker.gate_d2 = cfg->tracker.gate;
	p->tracker.confirm_m = cfg->tracker.confirm_m;
	p->tracker.confirm_n = cfg->tracker.confirm_n;
	p->tracker.coast_s = cfg->tracker.coast_s;
	p->window_s = cfg->tracker.window_s;
}

struct sky_fuse_engine *sky_fuse_create(const struct sky_fuse_params *p, sky_fuse_sink sink,
					void *ctx)
{
	if (!sink || p->max_held == 0 || !(p->window_s >= 0) || !(p->coast_interval_s > 0) ||
	    (unsigned)p->mode >= SKY_TRACKER_N_MODES) {
		errno = EINVAL;
		return NULL;
	}
	struct sky_fuse_engine *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->p = *p;
	e->next_coast = NAN;
	e->sink = sink;
	e->ctx = ctx;
	e->out_cap = (p->mode == SKY_TRACKER_BASELINE ? p->tracker.max_tracks : 0) + CHUNK;
	e->out = calloc(e->out_cap, sizeof(*e->out));
	e->heap = malloc((size_t)p->max_held * sizeof(*e->heap));
	if (!e->out || !e->heap)
		goto fail;
	if (p->mode == SKY_TRACKER_BASELINE && !(e->tracker = sky_tracker_create(&p->tracker)))
		goto fail;
	return e;
fail:;
	int err = errno ? errno : ENOMEM;
	sky_fuse_destroy(e);
	errno = err;
	return NULL;
}

void sky_fuse_destroy(struct sky_fuse_engine *e)
{
	if (!e)
		return;
	sky_tracker_destroy(e->tracker);
	free(e->heap);
	free(e->out);
	free(e);
}

const uint64_t *sky_fuse_counters(const struct sky_fuse_engine *e)
{
	return e->counters;
}

const uint64_t *sky_fuse_tracker_counters(const struct sky_fuse_engine *e)
{
	return e->tracker ? sky_tracker_counters(e->tracker) : e->no_tracker;
}

uint32_t sky_fuse_held(const struct sky_fuse_engine *e)
{
	return e->n_held;
}

/* ---- the heap ------------------------------------------------------------ */

static bool before(const struct held *a, const struct held *b)
{
	return a->p.t < b->p.t || (a->p.t == b->p.t && a->seq < b->seq);
}

static void heap_push(struct sky_fuse_engine *e, const struct sky_plot *pl)
{
	struct held *h = e->heap;
	uint32_t i = e->n_held++;
	struct held x = {.p = *pl, .seq = e->seq++};
	while (i > 0) {
		uint32_t up = (i - 1) / 2;
		if (!before(&x, &h[up]))
			break;
		h[i] = h[up];
		i = up;
	}
	h[i] = x;
}

/* Removes the earliest plot into *out. */
static void heap_pop(struct sky_fuse_engine *e, struct sky_plot *out)
{
	struct held *h = e->heap;
	*out = h[0].p;
	struct held x = h[--e->n_held];
	uint32_t n = e->n_held, i = 0;
	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && before(&h[c + 1], &h[c]))
			c++;
		if (!before(&h[c], &x))
			break;
		h[i] = h[c];
		i = c;
	}
	if (n)
		h[i] = x;
}

/* ---- tracker side ------------------------------------------------------ */

static void deliver(struct sky_fuse_engine *e, unsigned n, bool from_plots)
{
	for (unsigned i = 0; i < n; i++)
		if (!from_plots)
			e->out[i].rx_tsc = 0;
	for (unsigned i = 0; i < n; i += SKY_FUSE_SINK_MAX) {
		unsigned k = n - i < SKY_FUSE_SINK_MAX ? n - i : SKY_FUSE_SINK_MAX;
		e->sink(e->ctx, e->out + i, k);
	}
	e->counters[SKY_FUSE_UPDATES_OUT] += n;
}

static void run_chunk(struct sky_fuse_engine *e)
{
	if (!e->n_chunk)
		return;
	unsigned n = sky_tracker_process(e->tracker, e->chunk, e->n_chunk, e->out, e->out_cap);
	e->n_chunk = 0;
	deliver(e, n, true);
}

static void coast(struct sky_fuse_engine *e, double now)
{
	run_chunk(e);
	e->counters[SKY_FUSE_COASTS]++;
	deliver(e, sky_tracker_coast(e->tracker, now, e->out, e->out_cap), false);
}

static void release(struct sky_fuse_engine *e, const struct sky_plot *pl)
{
	e->counters[SKY_FUSE_PLOTS_RELEASED]++;
	if (!e->have_released || pl->t > e->released)
		e->released = pl->t;
	e->have_released = true;
	e->chunk[e->n_chunk++] = *pl;
	if (e->n_chunk == CHUNK)
		run_chunk(e);
}

/* Releases everything at or before the watermark, then coasts when due. */
static void release_due(struct sky_fuse_engine *e, double watermark)
{
	struct sky_plot pl;
	while (e->n_held && e->heap[0].p.t <= watermark) {
		heap_pop(e, &pl);
		release(e, &pl);
	}
	if (isnan(e->next_coast))
		e->next_coast = watermark + e->p.coast_interval_s;
	else if (watermark >= e->next_coast) {
		coast(e, watermark);
		e->next_coast = watermark + e->p.coast_interval_s;
	}
}

static void push_one(struct sky_fuse_engine *e, const struct sky_plot *pl)
{
	e->counters[SKY_FUSE_PLOTS_IN]++;
	if (e->have_released && pl->t < e->released)
		e->counters[SKY_FUSE_PLOTS_LATE]++;
	if (e->n_held == e->p.max_held) {
		struct sky_plot old;
		heap_pop(e, &old);
		e->counters[SKY_FUSE_PLOTS_FORCED]++;
		release(e, &old);
	}
	heap_push(e, pl);
	if (!e->have_newest || pl->t > e->newest) {
		e->newest = pl->t;
		e->have_newest = true;
	}
	release_due(e, e->newest - e->p.window_s);
}

/* ---- passthrough ------------------------------------------------------- */

static void passthrough_one(struct sky_fuse_engine *e, const struct sky_plot *pl,
			    struct sky_track_update *u)
{
	memset(u, 0, sizeof(*u));
	e->pass_no = e->pass_no % 65535 + 1;
	u->track_no = e->pass_no;
	u->flags = SKY_TRACK_CONFIRMED | ((pl->flags & SKY_PLOT_HAS_Z) ? SKY_TRACK_HAS_Z : 0);
	u->plot_flags = pl->flags & (SKY_PLOT_HAS_ADDR | SKY_PLOT_HAS_M3A | SKY_PLOT_HAS_FL |
				     SKY_PLOT_HAS_CALLSIGN);
	u->t = u->first_t = pl->t;
	u->x = pl->x, u->y = pl->y, u->z = pl->z;
	u->cxx = pl->cxx, u->cxy = pl->cxy, u->cyy = pl->cyy;
	u->rx_tsc = pl->rx_tsc;
	u->address = pl->address;
	u->mode3a = pl->mode3a;
	u->fl_q = pl->fl_q;
	u->updates = 1;
	u->age_psr = (pl->flags & SKY_PLOT_PSR) ? 0.0f : -1.0f;
	u->age_ssr = (pl->flags & SKY_PLOT_SSR) ? 0.0f : -1.0f;
	u->age_mds = (pl->flags & SKY_PLOT_MODES) ? 0.0f : -1.0f;
	u->age_ads = (pl->flags & SKY_PLOT_ADSB) ? 0.0f : -1.0f;
	memcpy(u->callsign, pl->callsign, sizeof(u->callsign));
}

static void passthrough(struct sky_fuse_engine *e, const struct sky_plot *plots, unsigned n)
{
	for (unsigned i = 0; i < n; i += CHUNK) {
		unsigned k = n - i < CHUNK ? n - i : CHUNK;
		for (unsigned j = 0; j < k; j++)
			passthrough_one(e, &plots[i + j], &e->out[j]);
		e->counters[SKY_FUSE_PLOTS_IN] += k;
		e->counters[SKY_FUSE_PLOTS_RELEASED] += k;
		deliver(e, k, true);
	}
}

bool sky_fuse_is_passthrough(const struct sky_fuse_engine *e)
{
	return !e->tracker;
}

void sky_fuse_push_into(struct sky_fuse_engine *e, const struct sky_plot *plots, unsigned n,
			struct sky_track_update *out)
{
	for (unsigned i = 0; i < n; i++)
		passthrough_one(e, &plots[i], &out[i]);
	e->counters[SKY_FUSE_PLOTS_IN] += n;
	e->counters[SKY_FUSE_PLOTS_RELEASED] += n;
	e->counters[SKY_FUSE_UPDATES_OUT] += n;
}

/* ---- the interface ------------------------------------------------------ */

/* Scale scenario (840857 plots): window + baseline tracker + decode + CAT062
   2.9 s, passthrough 0.9 s, i.e. ~2.4 us/plot here, mostly the tracker's
   gate search (2026-11-22, `skyfuse track -c scale/config.yaml -r
   scale/input.pcap [--mode passthrough]`, 2-core VM, quiet). */
void sky_fuse_push(struct sky_fuse_engine *e, const struct sky_plot *plots, unsigned n)
{
	if (!e->tracker) {
		passthrough(e, plots, n);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		push_one(e, &plots[i]);
	run_chunk(e);
}

void sky_fuse_advance(struct sky_fuse_engine *e, double now)
{
	if (!e->tracker || !e->have_newest || !(now > e->newest))
		return;
	e->newest = now;
	release_due(e, now - e->p.window_s);
	run_chunk(e);
}

void sky_fuse_finish(struct sky_fuse_engine *e)
{
	if (!e->tracker)
		return;
	struct sky_plot pl;
	while (e->n_held) {
		heap_pop(e, &pl);
		release(e, &pl);
	}
	run_chunk(e);
	deliver(e, sky_tracker_end_all(e->tracker, e->out, e->out_cap), false);
}
