/*
 * test_fuse_engine.c - the fuse engine (stages/fuse_engine.h): the reorder
 * window releases in measurement-time order, late plots are counted and
 * still fed, a full window releases early without losing anything,
 * coasting runs on measurement time, the end of input flushes everything
 * with a TSE per confirmed track, the output does not depend on how the
 * plots were batched, and passthrough turns each plot into one update,
 * into a caller's buffer the same as through the sink.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuse_engine.h"
#include "testlib.h"

struct sink {
	unsigned n, cap;
	struct sky_track_update *u;
};

static void collect(void *ctx, const struct sky_track_update *u, unsigned n)
{
	struct sink *s = ctx;
	if (s->n + n > s->cap) {
		s->cap = (s->n + n) * 2 + 64;
		s->u = realloc(s->u, s->cap * sizeof(*s->u));
		cr_assert_not_null(s->u);
	}
	memcpy(s->u + s->n, u, n * sizeof(*u));
	s->n += n;
}

static struct sky_plot plot_at(double t, double x, double y)
{
	struct sky_plot p;
	memset(&p, 0, sizeof(p));
	p.t = t;
	p.x = x;
	p.y = y;
	p.cxx = p.cyy = 50.0 * 50.0;
	p.flags = SKY_PLOT_PSR;
	p.revisit_s = 1.0f;
	p.rx_tsc = 1000 + (uint64_t)(t * 10);
	return p;
}

static struct sky_fuse_engine *engine(struct sky_fuse_params *p, struct sink *s)
{
	struct sky_fuse_engine *e = sky_fuse_create(p, collect, s);
	cr_assert_not_null(e);
	return e;
}

static struct sky_fuse_params params(void)
{
	struct sky_fuse_params p;
	sky_fuse_params_default(&p);
	return p;
}

/* Arrival order: measurement time plus a network delay below max_delay. */
static void shuffle_by_delay(struct sky_plot *pl, unsigned n, double max_delay, uint64_t seed)
{
	double *key = malloc(n * sizeof(*key));
	for (unsigned i = 0; i < n; i++)
		key[i] = pl[i].t + max_delay * (double)sky_test_rand_below(&seed, 1000) / 1000.0;
	for (unsigned i = 1; i < n; i++)   /* insertion sort on the arrival key */
		for (unsigned j = i; j > 0 && key[j] < key[j - 1]; j--) {
			double k = key[j];
			key[j] = key[j - 1], key[j - 1] = k;
			struct sky_plot x = pl[j];
			pl[j] = pl[j - 1], pl[j - 1] = x;
		}
	free(key);
}

/* Plots of n far-apart points (each starts its own track), times
   t0 + i * dt, arriving up to 1 s late (less than the window). */
static void jittered(struct sky_plot *pl, unsigned n, double t0, double dt, uint64_t seed)
{
	for (unsigned i = 0; i < n; i++)
		pl[i] = plot_at(t0 + i * dt, (double)i * 100000.0, 0);
	shuffle_by_delay(pl, n, 1.0, seed);
}

Test(fuse_engine, reorder_window_releases_plots_in_measurement_time_order)
{
	struct sky_fuse_params p = params();
	struct sink s = {0};
	struct sky_fuse_engine *e = engine(&p, &s);
	struct sky_plot pl[200];
	jittered(pl, 200, 1717243200.0, 0.1, 7);   /* jitter <= 1 s, window 2 s */
	sky_fuse_push(e, pl, 200);
	/* everything up to the newest minus the window is out, in order */
	double newest = 1717243200.0 + 199 * 0.1;
	for (unsigned i = 0; i < s.n; i++) {
		cr_assert_leq(s.u[i].t, newest - p.window_s + 1e-9);
		if (i)
			cr_assert_geq(s.u[i].t, s.u[i - 1].t, "update %u out of order", i);
	}
	cr_assert_eq(s.n, sky_fuse_counters(e)[SKY_FUSE_PLOTS_RELEASED]);
	cr_assert_eq(sky_fuse_held(e), 200 - s.n);
	cr_assert_eq(sky_fuse_counters(e)[SKY_FUSE_PLOTS_LATE], 0);
	sky_fuse_finish(e);
	/* 200 tentative one-plot tracks: one update each, none confirmed, no TSE */
	cr_assert_eq(s.n, 200);
	for (unsigned i = 1; i < s.n; i++)
		cr_assert_geq(s.u[i].t, s.u[i - 1].t);
	sky_fuse_destroy(e);
	free(s.u);
}

Test(fuse_engine, late_plot_is_counted_and_still_fed_at_once)
{
	struct sky_fuse_params p = params();
	struct sink s = {0};
	struct sky_fuse_engine *e = engine(&p, &s);
	struct sky_plot a = plot_at(100, 0, 0), b = plot_at(110, 50000, 0);
	struct sky_plot late = plot_at(99, 100000, 0);
	sky_fuse_push(e, &a, 1);
	sky_fuse_push(e, &b, 1);
	cr_assert_eq(s.n, 1, "a is released once b moves the watermark past it");
	sky_fuse_push(e, &late, 1);
	cr_assert_eq(sky_fuse_counters(e)[SKY_FUSE_PLOTS_LATE], 1);
	cr_assert_eq(s.n, 2, "the late plot goes to the tracker at once");
	cr_assert_eq(s.u[1].t, 99.0);
	cr_assert_eq(s.u[1].rx_tsc, late.rx_tsc);
	sky_fuse_finish(e);
	cr_assert_eq(s.n, 3);
	cr_assert_eq(sky_fuse_counters(e)[SKY_FUSE_PLOTS_IN], 3);
	cr_assert_eq(sky_fuse_counters(e)[SKY_FUSE_PLOTS_RELEASED], 3);
	sky_fuse_destroy(e);
	free(s.u);
}

Test(fuse_engine, a_full_window_releases_the_oldest_early_and_loses_nothing)
{
	struct sky_fuse_params p = params();
	p.max_held = 4;
	struct sink s = {0};
	struct sky_fuse_engine *e = engine(&p, &s);
	for (unsigned i = 0; i < 10; i++) {
		struct sky_plot pl = plot_at(500.0 + 0.01 * (9 - i), i * 100000.0, 0);
		sky_fuse_push(e, &pl, 1);
	}
	cr_assert_eq(sky_fuse_counters(e)[SKY_FUSE_PLOTS_FORCED], 6);
	cr_assert_eq(sky_fuse_held(e), 4);
	sky_fuse_finish(e);
	cr_assert_eq(s.n, 10);
	cr_assert_eq(sky_fuse_counters(e)[SKY_FUSE_PLOTS_RELEASED], 10);
	sky_fuse_destroy(e);
	free(s.u);
}

/* Two targets flying east at 100 m/s, one plot each per second; the first
   falls silent after `silent_after` seconds. */
static unsigned two_targets(struct sky_plot *pl, unsigned seconds, unsigned silent_after)
{
	unsigned n = 0;
	for (unsigned k = 0; k < seconds; k++) {
		if (k < silent_after)
			pl[n++] = plot_at(1000.0 + k, 100.0 * k, 0);
		pl[n++] = plot_at(1000.3 + k, 100.0 * k, 60000.0);
	}
	return n;
}

static unsigned count_flag(const struct sink *s, uint16_t flag)
{
	unsigned n = 0;
	for (unsigned i = 0; i < s->n; i++)
		n += (s->u[i].flags & flag) != 0;
	return n;
}

Test(fuse_engine, coasting_ends_a_silent_track_on_measurement_time)
{
	struct sky_fuse_params p = params();
	p.tracker.coast_s = 5.0;
	struct sink s = {0};
	struct sky_fuse_engine *e = engine(&p, &s);
	struct sky_plot pl[200];
	unsigned n = two_targets(pl, 60, 20);
	sky_fuse_push(e, pl, n);
	/* the silent track (last plot at 1019) ended once the watermark passed
	   1019 + 5 s; coasting runs every second of measurement time */
	cr_assert_eq(count_flag(&s, SKY_TRACK_TERMINATED), 1);
	cr_assert_geq(sky_fuse_counters(e)[SKY_FUSE_COASTS], 50);
	unsigned i = 0;
	while (!(s.u[i].flags & SKY_TRACK_TERMINATED))
		i++;
	cr_assert_eq(s.u[i].rx_tsc, 0, "a coasting update has no rx time");
	cr_assert(i + 1 < s.n && s.u[i + 1].t <= 1019.0 + 5.0 + 1.0 + p.window_s + 1.0,
		  "TSE came late: next update at %f", s.u[i + 1].t);
	sky_fuse_finish(e);
	cr_assert_eq(count_flag(&s, SKY_TRACK_TERMINATED), 2);
	sky_fuse_destroy(e);
	free(s.u);
}

Test(fuse_engine, end_of_input_flushes_the_window_and_sends_a_tse_per_confirmed_track)
{
	struct sky_fuse_params p = params();
	struct sink s = {0};
	struct sky_fuse_engine *e = engine(&p, &s);
	struct sky_plot pl[40];
	unsigned n = two_targets(pl, 20, 20);
	sky_fuse_push(e, pl, n);
	unsigned before = s.n;
	cr_assert_lt(before, n, "the window holds the last plots");
	sky_fuse_finish(e);
	cr_assert_eq(sky_fuse_held(e), 0);
	cr_assert_eq(s.n, n + 2, "every plot, then one TSE per track");
	cr_assert(s.u[n].flags & SKY_TRACK_TERMINATED);
	cr_assert(s.u[n + 1].flags & SKY_TRACK_TERMINATED);
	cr_assert(s.u[n].flags & SKY_TRACK_CONFIRMED);
	cr_assert_neq(s.u[n].track_no, s.u[n + 1].track_no);
	cr_assert_eq(s.u[n].updates, 20);
	sky_fuse_destroy(e);
	free(s.u);
}

static void run_batched(const struct sky_plot *pl, unsigned n, uint64_t seed, struct sink *s)
{
	struct sky_fuse_params p = params();
	struct sky_fuse_engine *e = engine(&p, s);
	for (unsigned i = 0; i < n;) {
		unsigned k = seed ? 1 + sky_test_rand_below(&seed, 40) : n;
		k = k < n - i ? k : n - i;
		sky_fuse_push(e, pl + i, k);
		i += k;
	}
	sky_fuse_finish(e);
	sky_fuse_destroy(e);
}

Test(fuse_engine, output_does_not_depend_on_how_plots_are_batched)
{
	/* 30 targets, three "sensors" with different delays: arrival order
	   differs from measurement order */
	enum { N = 30 * 90 };
	struct sky_plot *pl = calloc(N, sizeof(*pl));
	uint64_t seed = 11;
	unsigned n = 0;
	for (unsigned k = 0; k < 90; k++)
		for (unsigned tg = 0; tg < 30; tg++) {
			double t = 2000.0 + k + tg * 0.01;
			double noise = (double)sky_test_rand_below(&seed, 100) - 50.0;
			pl[n] = plot_at(t, tg * 20000.0 + 150.0 * k + noise, tg * 3000.0 - noise);
			pl[n].rx_tsc = n;
			n++;
		}
	shuffle_by_delay(pl, n, 3.0, seed);   /* some beyond the window: late */
	struct sink one = {0}, many = {0}, other = {0};
	run_batched(pl, n, 0, &one);
	run_batched(pl, n, 5, &many);
	run_batched(pl, n, 99, &other);
	cr_assert_gt(one.n, n);
	cr_assert_eq(one.n, many.n);
	cr_assert_eq(one.n, other.n);
	cr_assert_arr_eq(one.u, many.u, one.n * sizeof(*one.u));
	cr_assert_arr_eq(one.u, other.u, one.n * sizeof(*one.u));
	free(one.u), free(many.u), free(other.u), free(pl);
}

Test(fuse_engine, passthrough_turns_each_plot_into_one_confirmed_update)
{
	struct sky_fuse_params p = params();
	p.mode = SKY_TRACKER_PASSTHROUGH;
	struct sink s = {0};
	struct sky_fuse_engine *e = engine(&p, &s);
	struct sky_plot pl[100];
	jittered(pl, 100, 3000.0, 0.1, 3);
	pl[5].flags |= SKY_PLOT_HAS_ADDR;
	pl[5].address = 0xabcdef;
	sky_fuse_push(e, pl, 100);
	cr_assert_eq(s.n, 100, "no window in passthrough");
	for (unsigned i = 0; i < 100; i++) {
		cr_assert_eq(s.u[i].t, pl[i].t);
		cr_assert_eq(s.u[i].x, pl[i].x);
		cr_assert_eq(s.u[i].rx_tsc, pl[i].rx_tsc);
		cr_assert(s.u[i].flags & SKY_TRACK_CONFIRMED);
	}
	cr_assert(s.u[5].plot_flags & SKY_PLOT_HAS_ADDR);
	cr_assert_eq(s.u[5].address, 0xabcdef);
	sky_fuse_finish(e);
	cr_assert_eq(s.n, 100);
	sky_fuse_destroy(e);
	free(s.u);
}

Test(fuse_engine, passthrough_into_a_buffer_gives_the_sinks_updates_and_counts)
{
	struct sky_fuse_params p = params();
	p.mode = SKY_TRACKER_PASSTHROUGH;
	struct sink s = {0}, unused = {0};
	struct sky_fuse_engine *a = engine(&p, &s), *b = engine(&p, &unused);
	cr_assert(sky_fuse_is_passthrough(a));
	enum { N = 131 };
	struct sky_plot pl[N];
	jittered(pl, N, 3000.0, 0.1, 7);
	pl[9].flags |= SKY_PLOT_HAS_CALLSIGN | SKY_PLOT_HAS_Z | SKY_PLOT_SSR;
	memcpy(pl[9].callsign, "ABC123  ", 9);
	pl[9].z = 1234.5;
	sky_fuse_push(a, pl, N);
	struct sky_track_update *u = calloc(N, sizeof(*u));
	cr_assert_not_null(u);
	/* odd pieces, as the fuse stage cuts them at its batch boundaries */
	for (unsigned off = 0, k = 1; off < N; off += k, k = k * 3 % 29 + 1)
		sky_fuse_push_into(b, pl + off, off + k > N ? N - off : k, u + off);
	cr_assert_eq(s.n, N);
	cr_assert_eq(unused.n, 0, "push_into never calls the sink");
	cr_assert_arr_eq(s.u, u, N * sizeof(*u));
	cr_assert_eq(u[N - 1].track_no, N);
	cr_assert_str_eq(u[9].callsign, "ABC123  ");
	cr_assert_arr_eq(sky_fuse_counters(a), sky_fuse_counters(b),
			 SKY_FUSE_COUNTER_COUNT * sizeof(uint64_t));
	cr_assert_eq(sky_fuse_counters(b)[SKY_FUSE_UPDATES_OUT], N);
	p.mode = SKY_TRACKER_BASELINE;
	struct sky_fuse_engine *c = engine(&p, &unused);
	cr_assert_not(sky_fuse_is_passthrough(c));
	sky_fuse_destroy(a), sky_fuse_destroy(b), sky_fuse_destroy(c);
	free(s.u), free(u);
}

Test(fuse_engine, bad_parameters_are_refused)
{
	struct sky_fuse_params p = params();
	struct sink s = {0};
	p.max_held = 0;
	cr_assert_null(sky_fuse_create(&p, collect, &s));
	p = params();
	p.tracker.confirm_n = 40;   /* the baseline tracker keeps 32 bits */
	cr_assert_null(sky_fuse_create(&p, collect, &s));
	p = params();
	cr_assert_null(sky_fuse_create(&p, NULL, &s));
}
