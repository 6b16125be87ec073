/*
 * fuse.c - the fuse stage: plot batches -> the fuse engine (reorder window
 * on measurement time, then the tracker of `tracker.mode`) -> batches of
 * track updates for publish.
 *
 * All the fusion is the pure engine (fuse_engine.h), the same code the
 * offline reference runs; this file moves batches in and out of it. The
 * engine's sink packs updates into sky_msg batches of type SKY_MSG_TRKU; a
 * full batch goes out at once, a partial one at the end of the burst, and
 * what exceeds the output burst waits in order in the stash. In tracker
 * passthrough the engine writes each plot's update straight into the open
 * batch instead (sky_fuse_push_into): the same batches without a copy.
 * Each update keeps the rx_tsc of the plot that caused it (0 for coasting
 * and end of input), so publish measures rx -> publish latency per update.
 *
 *   Uses: plot batches (stage_msgs.h): the plots and their rx_tsc; the
 *         batch's time_ns (live input: the measurement clock while idle).
 *   Sets: track-update batches.
 *   Next: publish (the first instance, when there are several).
 *
 * Time: in a replay at maximum speed the measurement clock moves only with
 * the plots, so the output depends on the capture alone (the replay-
 * equivalence test). Live, or replaying in real time or at a factor, an
 * idle input still lets the clock advance from the last batch's time at
 * the input's rate, so held plots leave and silent tracks coast out.
 * End of input (final flush): the window is emptied and every track ends
 * (TSE), then the air-picture summary is printed at exit.
 *
 * Accounting: a plot batch is PASS (BATCHES) once its plots are in the
 * engine, REJECT (WRONG_TYPE) if it is not a plot batch. The engine's,
 * the tracker's and the air picture's counts are mirrored after each
 * burst; TRACKS_* and CLASS_* are those of the summary.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>

#include "air_picture.h"
#include "fuse_engine.h"
#include "graph.h"
#include "stage_msgs.h"

#define FUSE_COUNTERS(_)                                                              \
	_(BATCHES, PASS, "plot batches taken into the engine")                        \
	_(WRONG_TYPE, REJECT, "messages that were not plot batches")                  \
	_(UPDATE_BATCHES, INFO, "track-update batches sent to publish")               \
	_(UPDATES_LOST, INFO, "track updates lost: message pool empty or stash full") \
	_(TRACKS_STARTED, INFO, "tracks started")                                     \
	_(TRACKS_CONFIRMED, INFO, "tracks confirmed")                                 \
	_(TRACKS_ENDED, INFO, "confirmed tracks ended (TSE sent)")

enum fuse_counter {
#define C(n, k, d) FUSE_##n,
	FUSE_COUNTERS(C)
#undef C
	FUSE_ENGINE_BASE,
	FUSE_TRACKER_BASE = FUSE_ENGINE_BASE + SKY_FUSE_COUNTER_COUNT,
	FUSE_CLASS_BASE = FUSE_TRACKER_BASE + SKY_TRACKER_COUNTER_COUNT,
	FUSE_N_COUNTERS = FUSE_CLASS_BASE + SKY_AIR_CLASS_COUNT
};

#define ENGINE_DESC(n, d) {.name = #n, .desc = d, .kind = SKY_CTR_INFO},
#define TRACKER_DESC(n, d) {.name = "TRACKER_" #n, .desc = d, .kind = SKY_CTR_INFO},
#define CLASS_DESC(e, s) {.name = "CLASS_" #e, .desc = "ended confirmed tracks of class " s, \
			  .kind = SKY_CTR_INFO},

static const struct sky_counter_desc fuse_counters[FUSE_N_COUNTERS] = {
	FUSE_COUNTERS(SKY_COUNTER_DESC)
	SKY_FUSE_FOREACH_COUNTER(ENGINE_DESC)
	SKY_TRACKER_FOREACH_COUNTER(TRACKER_DESC)
	SKY_AIR_CLASS_FOREACH(CLASS_DESC)
};

struct fuse_state {
	uint64_t *ctr;
	struct rte_mempool *pool;
	struct sky_fuse_engine *eng;
	struct sky_air_picture *ap;
	unsigned instance, n_instances;
	bool finished;
	/* the live measurement clock */
	double clock_rate;          /* measurement s per wall s; 0: plots only */
	double tsc_hz;
	uint64_t last_time_ns, last_tsc;
	/* the open batch and where it goes */
	struct sky_msg *cur;
	uint32_t cur_cap;
	struct sky_burst *out;
	struct sky_stash stash;
};

/* ---- counters ------------------------------------------------------------ */

static void set_ctr(uint64_t *c, uint64_t v)
{
	__atomic_store_n(c, v, __ATOMIC_RELAXED);
}

/* The air picture's running counts (classes: of ended tracks). */
static void mirror_picture(struct fuse_state *s)
{
	const struct sky_air_summary *a = sky_air_picture_counts(s->ap);
	set_ctr(&s->ctr[FUSE_TRACKS_STARTED], a->started);
	set_ctr(&s->ctr[FUSE_TRACKS_CONFIRMED], a->confirmed);
	set_ctr(&s->ctr[FUSE_TRACKS_ENDED], a->ended);
	for (unsigned c = 0; c < SKY_AIR_CLASS_COUNT; c++)
		set_ctr(&s->ctr[FUSE_CLASS_BASE + c], a->by_class[c]);
}

static void mirror(struct fuse_state *s)
{
	const uint64_t *e = sky_fuse_counters(s->eng), *t = sky_fuse_tracker_counters(s->eng);
	for (unsigned c = 0; c < SKY_FUSE_COUNTER_COUNT; c++)
		set_ctr(&s->ctr[FUSE_ENGINE_BASE + c], e[c]);
	for (unsigned c = 0; c < SKY_TRACKER_COUNTER_COUNT; c++)
		set_ctr(&s->ctr[FUSE_TRACKER_BASE + c], t[c]);
	mirror_picture(s);
}

/* ---- output batches ------------------------------------------------------- */

static void close_batch(struct fuse_state *s)
{
	struct sky_msg *m = s->cur;
	if (!m)
		return;
	s->cur = NULL;
	if (sky_stash_emit(&s->stash, s->out, m)) {
		sky_ctr_add(&s->ctr[FUSE_UPDATE_BATCHES], 1);
		return;
	}
	sky_ctr_add(&s->ctr[FUSE_UPDATES_LOST], m->count);
	sky_msg_free(m);
}

static bool open_batch(struct fuse_state *s)
{
	if (!s->cur && (s->cur = sky_msg_alloc(s->pool)))
		s->cur->type = SKY_MSG_TRKU;
	return s->cur != NULL;
}

/* The open batch's header stamps are those of its first update. */
static void stamp_batch(struct sky_msg *m, const struct sky_track_update *first)
{
	m->rx_tsc = first->rx_tsc;
	m->time_ns = (uint64_t)(first->t * 1e9);
}

static bool append(struct fuse_state *s, const struct sky_track_update *u)
{
	if (!open_batch(s))
		return false;
	struct sky_track_update *dst = (struct sky_track_update *)s->cur->data;
	if (!s->cur->count)
		stamp_batch(s->cur, u);
	dst[s->cur->count++] = *u;
	s->cur->len += (uint32_t)sizeof(*u);
	if (s->cur->count == s->cur_cap)
		close_batch(s);
	return true;
}

static void on_updates(void *ctx, const struct sky_track_update *u, unsigned n)
{
	struct fuse_state *s = ctx;
	sky_air_picture_add(s->ap, u, n);
	for (unsigned i = 0; i < n; i++)
		if (!append(s, &u[i]))
			sky_ctr_add(&s->ctr[FUSE_UPDATES_LOST], 1);
}

/*
 * Passthrough: the engine writes the updates straight into the open batch
 * (no intermediate array, no copy), as many as it has room for; the same
 * batches, updates and counts as through on_updates. With the pool empty,
 * each update is made in a scratch slot, seen by the air picture and lost.
 * Fuse busy 101-117 TSC cycles/plot, median 112 (148-319, median 172, with
 * the sink and copy) (2026-11-22, 5 runs of `skyfuse replay -c h5pt.yaml
 * -r scale/input.pcap`, tracker passthrough, stats-json busy_cycles/plots).
 */
static void push_direct(struct fuse_state *s, const struct sky_plot *p, unsigned n)
{
	while (n) {
		if (!open_batch(s)) {
			struct sky_track_update lost;
			sky_fuse_push_into(s->eng, p, 1, &lost);
			sky_air_picture_add(s->ap, &lost, 1);
			sky_ctr_add(&s->ctr[FUSE_UPDATES_LOST], 1);
			p++, n--;
			continue;
		}
		struct sky_msg *m = s->cur;
		struct sky_track_update *dst = (struct sky_track_update *)m->data + m->count;
		unsigned k = s->cur_cap - m->count < n ? s->cur_cap - m->count : n;
		sky_fuse_push_into(s->eng, p, k, dst);
		sky_air_picture_add(s->ap, dst, k);
		if (!m->count)
			stamp_batch(m, dst);
		m->count += k;
		m->len += k * (uint32_t)sizeof(*dst);
		if (m->count == s->cur_cap)
			close_batch(s);
		p += k, n -= k;
	}
}

static void push(struct fuse_state *s, const struct sky_plot *p, unsigned n)
{
	if (sky_fuse_is_passthrough(s->eng))
		push_direct(s, p, n);
	else
		sky_fuse_push(s->eng, p, n);
}

/* ---- the stage ------------------------------------------------------------ */

static uint16_t fuse_process(void *state, void **in, uint16_t n, struct sky_burst *out)
{
	struct fuse_state *s = state;
	s->out = &out[0];
	sky_stash_drain(&s->stash, s->out);
	for (uint16_t i = 0; i < n; i++) {
		struct sky_msg *m = in[i];
		if (m->type != SKY_MSG_PLOT) {
			sky_ctr_add(&s->ctr[FUSE_WRONG_TYPE], 1);
			sky_msg_free(m);
			continue;
		}
		push(s, (const struct sky_plot *)m->data, m->count);
		s->last_time_ns = m->time_ns;
		s->last_tsc = m->rx_tsc;
		sky_ctr_add(&s->ctr[FUSE_BATCHES], 1);
		sky_msg_free(m);
	}
	close_batch(s);
	mirror(s);
	return n;
}

/* Live: the measurement clock moves on while no plot arrives. */
static void advance_clock(struct fuse_state *s)
{
	if (s->clock_rate <= 0 || !s->last_tsc)
		return;
	double idle_s = (double)(rte_rdtsc() - s->last_tsc) / s->tsc_hz;
	sky_fuse_advance(s->eng, (double)s->last_time_ns / 1e9 + idle_s * s->clock_rate);
}

static bool fuse_flush(void *state, struct sky_burst *out, bool final)
{
	struct fuse_state *s = state;
	s->out = &out[0];
	sky_stash_drain(&s->stash, s->out);
	if (final && !s->finished) {
		sky_fuse_finish(s->eng);
		s->finished = true;
	} else if (!final) {
		advance_clock(s);
	}
	close_batch(s);
	mirror(s);
	return s->stash.n > 0;
}

/* Measurement seconds per wall-clock second while the input is idle. */
static double clock_rate(const struct sky_pipeline_conf *c)
{
	const struct sky_port_conf *in = &c->input;
	bool capture = in->driver == SKY_PORT_DPDK && strstr(in->dev, "rx_pcap=");
	if (!capture)
		return 1.0;
	if (in->pace == SKY_PACE_REALTIME)
		return 1.0;
	return in->pace == SKY_PACE_FACTOR ? in->pace_factor : 0.0;
}

static int make_engine(struct fuse_state *s, const struct sky_config *cfg)
{
	struct sky_fuse_params p;
	sky_fuse_params_default(&p);
	if (cfg)
		sky_fuse_params_from_config(&p, cfg);
	if (!(s->eng = sky_fuse_create(&p, on_updates, s))) {
		int e = errno;
		fprintf(stderr, "fuse: tracker %s: %s%s\n", sky_tracker_mode_name(p.mode),
			strerror(e), e == EINVAL ? " (tracker.confirm: n must be <= 32)" : "");
		return -e;
	}
	return 0;
}

static int fuse_init(const struct sky_stage_ctx *ctx, void **state)
{
	struct fuse_state *s = rte_zmalloc_socket("fuse", sizeof(*s), RTE_CACHE_LINE_SIZE,
						  ctx->socket_id);
	if (!s)
		return -ENOMEM;
	s->ctr = ctx->counters;
	s->pool = ctx->msg_pool;
	s->instance = ctx->instance;
	s->n_instances = ctx->n_instances;
	s->clock_rate = clock_rate(ctx->conf);
	s->tsc_hz = (double)rte_get_tsc_hz();
	int rc = s->pool ? make_engine(s, ctx->conf->config) : -EINVAL;
	if (rc == 0 && !(s->ap = sky_air_picture_create()))
		rc = -ENOMEM;
	if (rc < 0) {
		sky_fuse_destroy(s->eng);
		rte_free(s);
		return rc;
	}
	s->cur_cap = (uint32_t)((s->pool->elt_size - sizeof(struct sky_msg)) /
				sizeof(struct sky_track_update));
	*state = s;
	return 0;
}

static void report(const struct fuse_state *s)
{
	struct sky_air_summary a;
	sky_air_picture_summary(s->ap, &a);
	const uint64_t *e = sky_fuse_counters(s->eng);
	if (s->n_instances > 1)
		printf("fuse.%u ", s->instance);
	sky_air_summary_print(&a, stdout);
	printf("  reorder window: %llu plots in, %llu late (fed out of sequence), "
	       "%llu released early (window full)\n",
	       (unsigned long long)e[SKY_FUSE_PLOTS_IN], (unsigned long long)e[SKY_FUSE_PLOTS_LATE],
	       (unsigned long long)e[SKY_FUSE_PLOTS_FORCED]);
	fflush(stdout);
}

static void fuse_fini(void *state)
{
	struct fuse_state *s = state;
	if (s->finished)
		report(s);
	if (s->cur)
		sky_msg_free(s->cur);
	sky_stash_free_all(&s->stash, SKY_ITEM_MSG);
	sky_fuse_destroy(s->eng);
	sky_air_picture_destroy(s->ap);
	rte_free(s);
}

static const struct sky_stage_ops fuse_stage = {
	.name = "fuse",
	.summary = "plots -> reorder window -> tracker (tracker.mode) -> track updates",
	.in_kind = SKY_ITEM_MSG,
	.out_kind = SKY_ITEM_MSG,
	.msg_size = SKY_STAGE_MSG_SIZE,
	.init = fuse_init,
	.process = fuse_process,
	.flush = fuse_flush,
	.fini = fuse_fini,
	.counters = fuse_counters,
	.n_counters = FUSE_N_COUNTERS,
};
SKY_STAGE_REGISTER(fuse_stage)
