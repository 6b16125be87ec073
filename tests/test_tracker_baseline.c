/*
 * test_tracker_baseline.c - the baseline tracker: a target seen by a radar
 * becomes one confirmed track that follows it; crossing targets keep their
 * tracks; tentative false alarms die; coasting ends tracks with a TSE update;
 * counters add up.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "testlib.h"
#include "tracker_baseline.h"

#define MAX_OUT 4096

static double gauss(uint64_t *s)
{
	double u1 = (sky_test_rand(s) >> 11) * 0x1.0p-53 + 1e-300;
	double u2 = (sky_test_rand(s) >> 11) * 0x1.0p-53;
	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

static struct sky_plot plot_at(double t, double x, double y, double sigma, uint64_t *rng)
{
	struct sky_plot p = {.t = t, .x = x + sigma * gauss(rng), .y = y + sigma * gauss(rng),
			     .cxx = sigma * sigma, .cyy = sigma * sigma,
			     .flags = SKY_PLOT_PSR, .revisit_s = 4.0f};
	return p;
}

static struct sky_tracker *make(void)
{
	struct sky_tracker_params p;
	sky_tracker_params_default(&p);
	p.max_tracks = 256;
	struct sky_tracker *t = sky_tracker_create(&p);
	cr_assert_not_null(t);
	return t;
}

Test(tracker_baseline, straight_target_becomes_one_confirmed_track_that_follows_it)
{
	struct sky_tracker *t = make();
	static struct sky_track_update out[MAX_OUT];
	uint64_t rng = 1;
	uint32_t track_no = 0;
	double err2 = 0;
	int n_err = 0;
	for (int k = 0; k < 30; k++) {
		double tt = 1000 + 4.0 * k, x = 200 * 4.0 * k, y = 10000 - 50 * 4.0 * k;
		struct sky_plot p = plot_at(tt, x, y, 50, &rng);
		unsigned n = sky_tracker_process(t, &p, 1, out, MAX_OUT);
		cr_assert_eq(n, 1);
		if (k == 0)
			track_no = out[0].track_no;
		cr_assert_eq(out[0].track_no, track_no, "scan %d changed the track number", k);
		cr_assert_eq(!!(out[0].flags & SKY_TRACK_CONFIRMED), k >= 2,
			     "scan %d: confirmed flag wrong (3 of 5)", k);
		if (k >= 10) {
			err2 += (out[0].vx - 200) * (out[0].vx - 200) + (out[0].vy + 50) * (out[0].vy + 50);
			n_err++;
		}
	}
	cr_assert_lt(sqrt(err2 / n_err), 15.0, "velocity RMS %.1f m/s", sqrt(err2 / n_err));
	cr_assert_eq(sky_tracker_live(t), 1);
	sky_tracker_destroy(t);
}

Test(tracker_baseline, targets_passing_one_nautical_mile_apart_keep_their_tracks)
{
	struct sky_tracker *t = make();
	static struct sky_track_update out[MAX_OUT];
	uint64_t rng = 7;
	uint32_t no_a = 0, no_b = 0;
	for (int k = 0; k < 20; k++) {
		double tt = 4.0 * k;
		/* A flies east, B north; they pass 1 NM apart near (8000, 8000) at k = 10 */
		struct sky_plot p[2] = {plot_at(tt, 200 * tt, 8000, 30, &rng),
					plot_at(tt + 0.01, 9852, 200 * tt, 30, &rng)};
		unsigned n = sky_tracker_process(t, p, 2, out, MAX_OUT);
		cr_assert_eq(n, 2);
		if (k == 0) {
			no_a = out[0].track_no;
			no_b = out[1].track_no;
			cr_assert_neq(no_a, no_b);
		}
		cr_assert_eq(out[0].track_no, no_a, "A swapped at scan %d", k);
		cr_assert_eq(out[1].track_no, no_b, "B swapped at scan %d", k);
	}
	sky_tracker_destroy(t);
}

Test(tracker_baseline, coasting_ends_confirmed_tracks_with_a_terminating_update)
{
	struct sky_tracker *t = make();
	static struct sky_track_update out[MAX_OUT];
	uint64_t rng = 3;
	for (int k = 0; k < 5; k++) {
		struct sky_plot p = plot_at(4.0 * k, 100 * k, 0, 20, &rng);
		sky_tracker_process(t, &p, 1, out, MAX_OUT);
	}
	/* a lone false alarm far away stays tentative */
	struct sky_plot fa = plot_at(16.5, 90000, 90000, 20, &rng);
	sky_tracker_process(t, &fa, 1, out, MAX_OUT);
	cr_assert_eq(sky_tracker_live(t), 2);
	cr_assert_eq(sky_tracker_coast(t, 20.0, out, MAX_OUT), 0, "nothing ends before the coast time");
	unsigned n = sky_tracker_coast(t, 100.0, out, MAX_OUT);
	cr_assert_eq(n, 1, "only the confirmed track reports its end");
	cr_assert(out[0].flags & SKY_TRACK_TERMINATED);
	cr_assert_eq(sky_tracker_live(t), 0);
	const uint64_t *c = sky_tracker_counters(t);
	cr_assert_eq(c[SKY_TRACKER_TRACKS_DELETED], 1);
	cr_assert_eq(c[SKY_TRACKER_TRACKS_DROPPED], 1);
	sky_tracker_destroy(t);
}

Test(tracker_baseline, counters_reconcile_plots_in_with_their_fates)
{
	struct sky_tracker_params p;
	sky_tracker_params_default(&p);
	p.max_tracks = 8; /* small on purpose: some plots find no room */
	struct sky_tracker *t = sky_tracker_create(&p);
	static struct sky_track_update out[MAX_OUT];
	uint64_t rng = 11;
	struct sky_plot plots[64];
	for (int i = 0; i < 64; i++)
		plots[i] = plot_at(i * 0.1, (double)sky_test_rand_below(&rng, 200000),
				   (double)sky_test_rand_below(&rng, 200000), 30, &rng);
	sky_tracker_process(t, plots, 64, out, MAX_OUT);
	const uint64_t *c = sky_tracker_counters(t);
	cr_assert_eq(c[SKY_TRACKER_PLOTS_IN], 64);
	cr_assert_eq(c[SKY_TRACKER_PLOTS_ASSOCIATED] + c[SKY_TRACKER_PLOTS_STARTED_TRACK] +
			     c[SKY_TRACKER_PLOTS_NO_ROOM], 64);
	cr_assert_gt(c[SKY_TRACKER_PLOTS_NO_ROOM], 0);
	cr_assert_eq(c[SKY_TRACKER_UPDATES_OUT], 64 - c[SKY_TRACKER_PLOTS_NO_ROOM]);
	sky_tracker_destroy(t);
}

Test(tracker_baseline, rejects_impossible_parameters)
{
	struct sky_tracker_params p;
	sky_tracker_params_default(&p);
	p.confirm_m = 6;
	p.confirm_n = 5;
	cr_assert_null(sky_tracker_create(&p));
}
