/*
 * test_score_metrics.c - the scorer's measures on trackers written from the
 * truth: a perfect one scores perfectly, and each known perturbation scores
 * exactly what GOSPA (p = 2, c = 500 m, alpha = 2), OSPA and the SIAP-style
 * measures say it must.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "score_run.h"
#include "testlib.h"

#define C2_HALF 125000.0 /* c^2 / alpha = 500^2 / 2 */

/* n targets 5.5 km apart, moving east, for n_epochs seconds from T0. */
#define T0 1717243200

static void make_truth(struct sky_truth *t, int n, int n_epochs, unsigned cls)
{
	t->n = 0;
	t->cap = (size_t)n * (size_t)n_epochs;
	t->rows = calloc(t->cap, sizeof(*t->rows));
	for (int e = 0; e < n_epochs; e++)
		for (int i = 0; i < n; i++) {
			struct sky_truth_row *r = &t->rows[t->n++];
			r->t = T0 + e;
			r->target_id = 100 + (uint32_t)i;
			r->lat = 52.0 + 0.05 * (i % 40) - 1.0;
			r->lon = 5.0 + 0.08 * (i / 40) - 1.0 + 0.003 * e;
			r->alt_m = 1000 + 10 * i;
			r->vx = 205;
			r->vy = 0;
			r->vz = 0;
			r->cls = (uint8_t)(cls < SKY_TARGET_CLASS_COUNT ? cls : (unsigned)i % SKY_TARGET_CLASS_COUNT);
			r->line = (uint32_t)t->n + 1;
		}
}

struct fixture {
	struct sky_truth rows;
	struct sky_score_truth_set ts;
	struct sky_enu_frame sys;
	struct sky_score_track_update *u;
	size_t n_u, cap_u;
	struct sky_score_params p;
	struct sky_score_result res;
	struct sky_score_epoch last;
	double max_gospa2, min_gospa2;
};

static void setup(struct fixture *f, int n, int n_epochs, unsigned cls)
{
	memset(f, 0, sizeof(*f));
	char err[256];
	make_truth(&f->rows, n, n_epochs, cls);
	sky_enu_frame_init(&f->sys, 52.0, 5.0, 0.0);
	cr_assert_eq(sky_score_truth_prepare(&f->rows, "truth", &f->sys, &f->ts, err, sizeof(err)), 0,
		     "%s", err);
	f->p = (struct sky_score_params){ .c = 500, .max_age_s = 0 };
	f->min_gospa2 = INFINITY;
}

static void teardown(struct fixture *f)
{
	sky_score_truth_set_free(&f->ts);
	sky_truth_free(&f->rows);
	free(f->u);
}

static struct sky_score_track_update *add(struct fixture *f)
{
	if (f->n_u == f->cap_u) {
		f->cap_u = f->cap_u ? f->cap_u * 2 : 1024;
		f->u = realloc(f->u, f->cap_u * sizeof(*f->u));
	}
	memset(&f->u[f->n_u], 0, sizeof(*f->u));
	return &f->u[f->n_u++];
}

/* The perfect update of truth point k. */
static struct sky_score_track_update *perfect(struct fixture *f, size_t k)
{
	const struct sky_score_truth *p = &f->ts.pts[k];
	struct sky_score_track_update *u = add(f);
	*u = (struct sky_score_track_update){
		.t = (double)f->ts.t[k], .track = f->ts.target_ids[p->target],
		.x = p->x, .y = p->y, .vx = p->vx, .vy = p->vy,
		.alt = p->alt, .has_alt = 1, .confirmed = 1,
	};
	return u;
}

static void on_epoch(void *ctx, const struct sky_score_epoch *e)
{
	struct fixture *f = ctx;
	f->last = *e;
	f->max_gospa2 = fmax(f->max_gospa2, e->gospa * e->gospa);
	f->min_gospa2 = fmin(f->min_gospa2, e->gospa * e->gospa);
}

static void run(struct fixture *f)
{
	cr_assert_eq(sky_score_run(&f->ts, f->u, f->n_u, &f->p, on_epoch, f, &f->res), 0);
}

Test(score_metrics, perfect_tracker_scores_perfectly)
{
	struct fixture f;
	setup(&f, 50, 30, 99);
	for (size_t k = 0; k < f.ts.n; k++)
		perfect(&f, k);
	run(&f);
	cr_assert_eq(f.res.epochs, 30);
	cr_assert_float_eq(f.res.gospa_max, 0, 1e-6);
	cr_assert_float_eq(f.res.ospa_mean, 0, 1e-6);
	cr_assert_float_eq(f.res.all.completeness, 1.0, 1e-12);
	cr_assert_float_eq(f.res.all.ambiguity, 1.0, 1e-12);
	cr_assert_float_eq(f.res.spuriousness, 0.0, 1e-12);
	cr_assert_float_eq(f.res.all.pos_rms_h_m, 0, 1e-6);
	cr_assert_float_eq(f.res.all.pos_rms_v_m, 0, 1e-9);
	cr_assert_float_eq(f.res.all.vel_rms_mps, 0, 1e-9);
	cr_assert_eq(f.res.all.id_changes, 0);
	cr_assert_eq(f.res.all.targets, 50);
	cr_assert_eq(f.res.all.targets_tracked, 50);
	cr_assert_float_eq(f.res.all.confirm_latency_s, 0, 1e-12);
	cr_assert_eq(f.res.lifetimes, 50);
	/* Split by class: each class got its share, all complete. */
	uint64_t sum = 0;
	for (unsigned c = 0; c < SKY_TARGET_CLASS_COUNT; c++) {
		sum += f.res.cls[c].targets;
		cr_assert_float_eq(f.res.cls[c].completeness, 1.0, 1e-12);
	}
	cr_assert_eq(sum, 50);
	teardown(&f);
}

Test(score_metrics, constant_100m_offset_localises_100m_per_target)
{
	struct fixture f;
	setup(&f, 40, 20, SKY_TARGET_FIGHTER);
	for (size_t k = 0; k < f.ts.n; k++) {
		struct sky_score_track_update *u = perfect(&f, k);
		u->x += 60;
		u->y -= 80; /* 100 m */
	}
	run(&f);
	cr_assert_eq(f.last.n_assigned, 40);
	cr_assert_float_eq(sqrt(f.last.loc2 / f.last.n_assigned), 100.0, 1e-6);
	cr_assert_float_eq(f.last.gospa, sqrt(40 * 100.0 * 100.0), 1e-6);
	cr_assert_float_eq(f.last.ospa, 100.0, 1e-6);
	cr_assert_float_eq(f.res.all.pos_rms_h_m, 100.0, 1e-6);
	cr_assert_float_eq(f.res.cls[SKY_TARGET_FIGHTER].pos_rms_h_m, 100.0, 1e-6);
	cr_assert_float_eq(f.res.all.completeness, 1.0, 1e-12);
	teardown(&f);
}

Test(score_metrics, missing_target_adds_c2_over_alpha)
{
	struct fixture f;
	setup(&f, 20, 15, 99);
	for (size_t k = 0; k < f.ts.n; k++)
		if (f.ts.pts[k].target != 7)
			perfect(&f, k);
	run(&f);
	cr_assert_float_eq(f.max_gospa2, C2_HALF, 1e-3);
	cr_assert_float_eq(f.min_gospa2, C2_HALF, 1e-3);
	cr_assert_eq(f.last.n_missed, 1);
	cr_assert_eq(f.last.n_false, 0);
	cr_assert_float_eq(f.res.gospa_missed2_mean, C2_HALF, 1e-6);
	cr_assert_float_eq(f.res.all.completeness, 19.0 / 20.0, 1e-12);
	/* OSPA: one of 20 at the cutoff. */
	cr_assert_float_eq(f.last.ospa, sqrt(500.0 * 500.0 / 20), 1e-6);
	cr_assert_eq(f.res.all.targets_tracked, 19);
	teardown(&f);
}

Test(score_metrics, duplicate_track_raises_ambiguity_not_spuriousness)
{
	struct fixture f;
	setup(&f, 10, 12, 99);
	for (size_t k = 0; k < f.ts.n; k++) {
		perfect(&f, k);
		if (f.ts.pts[k].target == 3) {
			struct sky_score_track_update *d = perfect(&f, k);
			d->track = 9999;
			d->x += 50;
		}
	}
	run(&f);
	cr_assert_float_eq(f.res.all.ambiguity, 11.0 / 10.0, 1e-12);
	cr_assert_float_eq(f.res.spuriousness, 0.0, 1e-12);
	cr_assert_float_eq(f.max_gospa2, C2_HALF, 1e-3); /* the duplicate is a false track */
	cr_assert_float_eq(f.res.all.completeness, 1.0, 1e-12);
	cr_assert_eq(f.res.all.id_changes, 0);
	teardown(&f);
}

Test(score_metrics, false_track_adds_c2_over_alpha_and_is_spurious)
{
	struct fixture f;
	setup(&f, 10, 12, 99);
	for (size_t k = 0; k < f.ts.n; k++) {
		perfect(&f, k);
		if (f.ts.pts[k].target == 0) {
			struct sky_score_track_update *d = perfect(&f, k);
			d->track = 5000;
			d->x = -300000;
		}
	}
	run(&f);
	cr_assert_float_eq(f.max_gospa2, C2_HALF, 1e-3);
	cr_assert_float_eq(f.min_gospa2, C2_HALF, 1e-3);
	cr_assert_eq(f.last.n_false, 1);
	cr_assert_eq(f.last.n_spurious, 1);
	cr_assert_float_eq(f.res.spuriousness, 1.0 / 11.0, 1e-12);
	cr_assert_float_eq(f.res.all.ambiguity, 1.0, 1e-12);
	cr_assert_float_eq(f.res.gospa_false2_mean, C2_HALF, 1e-6);
	teardown(&f);
}

Test(score_metrics, id_swap_counts_one_change_per_target)
{
	struct fixture f;
	setup(&f, 2, 20, 99);
	for (size_t k = 0; k < f.ts.n; k++) {
		struct sky_score_track_update *u = perfect(&f, k);
		uint32_t tg = f.ts.pts[k].target;
		u->track = (f.ts.t[k] < T0 + 10) ? 1 + tg : 2 - tg; /* swap at T0+10 */
	}
	run(&f);
	cr_assert_eq(f.res.all.id_changes, 2);
	cr_assert_float_eq(f.res.all.id_changes_per_target, 1.0, 1e-12);
	cr_assert_float_eq(f.res.gospa_max, 0, 1e-6); /* GOSPA does not see identity */
	teardown(&f);
}

Test(score_metrics, reused_number_after_tse_is_another_track)
{
	struct fixture f;
	setup(&f, 1, 20, 99);
	for (size_t k = 0; k < f.ts.n; k++) {
		struct sky_score_track_update *u = perfect(&f, k);
		if (f.ts.t[k] == T0 + 8)
			u->terminated = 1;
	}
	run(&f);
	/* Same number 100, but the updates after the TSE are a new lifetime. */
	cr_assert_eq(f.res.lifetimes, 2);
	cr_assert_eq(f.res.all.id_changes, 1);
	cr_assert_float_eq(f.res.all.completeness, 1.0, 1e-12);
	teardown(&f);
}

Test(score_metrics, no_track_after_its_tse)
{
	struct fixture f;
	setup(&f, 1, 20, 99);
	for (size_t k = 0; k < f.ts.n && f.ts.t[k] <= T0 + 9; k++) {
		struct sky_score_track_update *u = perfect(&f, k);
		u->t -= 0.5; /* updates half a second before each epoch */
		u->x -= u->vx * 0.5;
		u->y -= u->vy * 0.5;
		u->terminated = f.ts.t[k] == T0 + 9;
	}
	run(&f);
	/* Epochs T0..T0+8 tracked (extrapolated exactly), TSE at T0+8.5 ends it. */
	cr_assert_float_eq(f.res.all.completeness, 9.0 / 20.0, 1e-12);
	cr_assert_float_eq(f.res.all.pos_rms_h_m, 0, 1e-6);
	teardown(&f);
}

Test(score_metrics, latency_from_first_detection_to_confirmed_track)
{
	struct fixture f;
	setup(&f, 1, 20, SKY_TARGET_OWA_DRONE);
	for (size_t k = 0; k < f.ts.n; k++) {
		if (f.ts.t[k] < T0 + 2)
			continue; /* undetected for 2 s */
		struct sky_score_track_update *u = perfect(&f, k);
		u->confirmed = f.ts.t[k] >= T0 + 5; /* tentative for 3 s */
	}
	run(&f);
	const struct sky_score_figures *d = &f.res.cls[SKY_TARGET_OWA_DRONE];
	cr_assert_float_eq(d->confirm_latency_s, 3.0, 1e-12);
	cr_assert_float_eq(d->track_latency_s, 5.0, 1e-12);
	cr_assert_float_eq(d->completeness, 15.0 / 20.0, 1e-12);
	cr_assert_eq(f.res.tentative_epochs, 3);
	/* Tentative tracks are not scored: GOSPA counts the target missed. */
	cr_assert_float_eq(f.res.gospa_missed2_mean, C2_HALF * 5 / 20, 1e-6);
	teardown(&f);
}

Test(score_metrics, truth_velocity_is_rotated_into_the_system_plane)
{
	/* A target 200 km east of the reference flying north at 250 m/s: its
	 * velocity in the system plane is the difference of two positions 1 s
	 * apart along its own north. */
	struct sky_enu_frame sys, loc;
	sky_enu_frame_init(&sys, 52.0, 5.0, 0.0);
	double enu[3] = { 200000, 0, 0 }, lat, lon, alt;
	sky_enu_to_geodetic(&sys, enu, &lat, &lon, &alt);
	sky_enu_frame_init(&loc, lat, lon, 9000);
	double step[3] = { 0, 250, 0 }, lat2, lon2, alt2, a[3], b[3];
	sky_enu_to_geodetic(&loc, step, &lat2, &lon2, &alt2);
	sky_geodetic_to_enu(&sys, lat, lon, 9000, a);
	sky_geodetic_to_enu(&sys, lat2, lon2, alt2, b);

	struct sky_truth rows = { 0 };
	rows.rows = calloc(1, sizeof(*rows.rows));
	rows.n = rows.cap = 1;
	rows.rows[0] = (struct sky_truth_row){ .t = T0, .target_id = 1, .lat = lat, .lon = lon,
					       .alt_m = 9000, .vy = 250 };
	struct sky_score_truth_set ts;
	char err[128];
	cr_assert_eq(sky_score_truth_prepare(&rows, "t", &sys, &ts, err, sizeof(err)), 0);
	cr_assert_float_eq(ts.pts[0].x, a[0], 1e-6);
	cr_assert_float_eq(ts.pts[0].y, a[1], 1e-6);
	cr_assert_float_eq(ts.pts[0].vx, b[0] - a[0], 1e-3);
	cr_assert_float_eq(ts.pts[0].vy, b[1] - a[1], 1e-3);
	cr_assert(ts.pts[0].vx < -5, "meridian convergence turns north west: %g", ts.pts[0].vx);
	sky_score_truth_set_free(&ts);
	sky_truth_free(&rows);
}

Test(score_metrics, swarm_in_one_cluster_scores_optimally)
{
	/* 60 drones within 300 m of each other, tracks shuffled in number and
	 * 20 m off: one big cluster, every target still gets its own track. */
	struct fixture f;
	struct sky_truth *t = &f.rows;
	memset(&f, 0, sizeof(f));
	t->cap = 60 * 5;
	t->rows = calloc(t->cap, sizeof(*t->rows));
	uint64_t seed = 9;
	double off[60][2];
	for (int i = 0; i < 60; i++) {
		off[i][0] = (double)sky_test_rand_below(&seed, 3000) * 1e-6;
		off[i][1] = (double)sky_test_rand_below(&seed, 3000) * 1e-6;
	}
	for (int e = 0; e < 5; e++)
		for (int i = 0; i < 60; i++)
			t->rows[t->n++] = (struct sky_truth_row){
				.t = T0 + e, .target_id = (uint32_t)i, .lat = 52.0 + off[i][0] + 0.0003 * e,
				.lon = 5.0 + off[i][1], .alt_m = 300, .cls = SKY_TARGET_OWA_DRONE };
	sky_enu_frame_init(&f.sys, 52.0, 5.0, 0.0);
	char err[128];
	cr_assert_eq(sky_score_truth_prepare(t, "swarm", &f.sys, &f.ts, err, sizeof(err)), 0);
	f.p = (struct sky_score_params){ .c = 500 };
	f.min_gospa2 = INFINITY;
	for (size_t k = 0; k < f.ts.n; k++) {
		struct sky_score_track_update *u = perfect(&f, k);
		u->track = 1000 + (f.ts.pts[k].target * 37) % 60;
		u->x += 20;
	}
	run(&f);
	cr_assert_eq(f.last.n_clusters, 1);
	cr_assert_eq(f.last.max_cluster, 120);
	cr_assert_float_eq(sqrt(f.last.loc2 / 60), 20.0, 1e-6);
	cr_assert_float_eq(f.res.all.completeness, 1.0, 1e-12);
	cr_assert_eq(f.res.all.id_changes, 0);
	teardown(&f);
}

Test(score_metrics, three_thousand_targets_for_300_epochs_score_in_seconds)
{
	struct fixture f;
	setup(&f, 3000, 300, 99);
	uint64_t seed = 1;
	for (size_t k = 0; k < f.ts.n; k++) {
		struct sky_score_track_update *u = perfect(&f, k);
		u->x += (double)sky_test_rand_below(&seed, 200) - 100.0;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	run(&f);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
	cr_log_info("3000 targets x 300 epochs (900000 updates): %.3f s", s);
	cr_assert_eq(f.res.epochs, 300);
	cr_assert_float_eq(f.res.all.completeness, 1.0, 1e-12);
	cr_assert_lt(s, 20.0, "scoring took %.1f s", s);
	teardown(&f);
}
