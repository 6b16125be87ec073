/*
 * score_metrics.c - GOSPA, OSPA and the SIAP-style measures (see
 * score_metrics.h).
 *
 * An epoch is scored in three passes: split the confirmed tracks and the
 * truths into clusters (pairs closer than c), solve each cluster's optimal
 * assignment with cost min(d^2, c^2) - which is the GOSPA alpha = 2 problem
 * exactly, and OSPA's too - then walk the truths and the tracks once to add
 * up the measures. Everything the epoch needs lives in workspaces that grow
 * once and are reused, so an epoch allocates nothing in steady state.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "score_assign.h"
#include "score_metrics.h"

#define NO_UID UINT32_MAX

struct target_state {
	double first_truth, first_det, first_cnf; /* NaN until seen */
	uint32_t last_uid;                        /* last assigned track lifetime */
	uint8_t cls;
	uint8_t seen, tracked;
};

struct sky_scorer {
	struct sky_score_params p;
	uint32_t n_targets;
	struct target_state *tg;
	struct sky_score_acc acc[SKY_TARGET_CLASS_COUNT + 1];
	/* run sums */
	uint64_t epochs, track_epochs, tentative_epochs, spurious_epochs;
	uint64_t false_epochs, missed_epochs, assigned_epochs;
	double sum_gospa, sum_gospa2, max_gospa, sum_ospa;
	double sum_loc2, sum_missed2, sum_false2;
	uint32_t max_uid_seen;
	/* workspace */
	struct sky_clusters cl;
	struct sky_lap lap;
	struct sky_grid tent_grid;
	size_t cap_n, cap_m, cap_cost;
	struct sky_xy *truth_xy, *conf_xy, *tent_xy;
	int *truth_trk;                 /* per truth: assigned confirmed track, or -1 */
	int *trk_truth;                 /* per confirmed track: assigned truth, or -1 */
	int *trk_dup;                   /* per confirmed track: nearest truth if a duplicate */
	uint32_t *conf_est;             /* confirmed track -> index in est */
	int *r2c;
	double *cost;
};

static int grow(void **p, size_t n, size_t size)
{
	void *q = realloc(*p, (n ? n : 1) * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	return 0;
}

struct sky_scorer *sky_scorer_create(const struct sky_score_params *p, uint32_t n_targets)
{
	struct sky_scorer *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->p = *p;
	if (!(s->p.c > 0))
		s->p.c = SKY_SCORE_CUTOFF_M;
	s->n_targets = n_targets;
	s->tg = calloc(n_targets ? n_targets : 1, sizeof(*s->tg));
	if (!s->tg) {
		free(s);
		errno = ENOMEM;
		return NULL;
	}
	for (uint32_t i = 0; i < n_targets; i++) {
		s->tg[i].first_truth = s->tg[i].first_det = s->tg[i].first_cnf = NAN;
		s->tg[i].last_uid = NO_UID;
	}
	sky_clusters_init(&s->cl);
	sky_lap_init(&s->lap);
	sky_grid_init(&s->tent_grid);
	return s;
}

void sky_scorer_free(struct sky_scorer *s)
{
	if (!s)
		return;
	sky_clusters_free(&s->cl);
	sky_lap_free(&s->lap);
	sky_grid_free(&s->tent_grid);
	free(s->tg);
	free(s->truth_xy);
	free(s->conf_xy);
	free(s->tent_xy);
	free(s->truth_trk);
	free(s->trk_truth);
	free(s->trk_dup);
	free(s->conf_est);
	free(s->r2c);
	free(s->cost);
	free(s);
}

static int reserve(struct sky_scorer *s, size_t n, size_t m)
{
	if (n > s->cap_n) {
		if (grow((void **)&s->truth_xy, n, sizeof(struct sky_xy)) ||
		    grow((void **)&s->truth_trk, n, sizeof(int)) ||
		    grow((void **)&s->r2c, n, sizeof(int)))
			return -ENOMEM;
		s->cap_n = n;
	}
	if (m > s->cap_m) {
		if (grow((void **)&s->conf_xy, m, sizeof(struct sky_xy)) ||
		    grow((void **)&s->tent_xy, m, sizeof(struct sky_xy)) ||
		    grow((void **)&s->trk_truth, m, sizeof(int)) ||
		    grow((void **)&s->trk_dup, m, sizeof(int)) ||
		    grow((void **)&s->conf_est, m, sizeof(uint32_t)))
			return -ENOMEM;
		s->cap_m = m;
	}
	return 0;
}

static inline double dist2(struct sky_xy a, struct sky_xy b)
{
	double dx = a.x - b.x, dy = a.y - b.y;
	return dx * dx + dy * dy;
}

/* Optimal assignment inside cluster k; fills truth_trk / trk_truth / trk_dup. */
static int solve_cluster(struct sky_scorer *s, int k)
{
	const struct sky_clusters *cl = &s->cl;
	const int *ti = cl->truth_idx + cl->truth_off[k], *tj = cl->track_idx + cl->track_off[k];
	int nt = cl->truth_off[k + 1] - cl->truth_off[k];
	int nk = cl->track_off[k + 1] - cl->track_off[k];
	size_t cells = (size_t)nt * (size_t)nk;
	double c2 = s->p.c * s->p.c, total;
	if (cells > s->cap_cost) {
		if (grow((void **)&s->cost, cells, sizeof(double)))
			return -ENOMEM;
		s->cap_cost = cells;
	}
	for (int a = 0; a < nt; a++)
		for (int b = 0; b < nk; b++)
			s->cost[(size_t)a * (size_t)nk + (size_t)b] =
				dist2(s->truth_xy[ti[a]], s->conf_xy[tj[b]]);
	if (sky_lap_solve(&s->lap, s->cost, nt, nk, c2, s->r2c, &total))
		return -ENOMEM;
	for (int a = 0; a < nt; a++)
		if (s->r2c[a] >= 0) {
			s->truth_trk[ti[a]] = tj[s->r2c[a]];
			s->trk_truth[tj[s->r2c[a]]] = ti[a];
		}
	/* Tracks left out: the nearest truth within c makes them duplicates. */
	for (int b = 0; b < nk; b++) {
		if (s->trk_truth[tj[b]] >= 0)
			continue;
		double best = c2;
		for (int a = 0; a < nt; a++) {
			double d2 = s->cost[(size_t)a * (size_t)nk + (size_t)b];
			if (d2 < best) {
				best = d2;
				s->trk_dup[tj[b]] = ti[a];
			}
		}
	}
	return 0;
}

static void acc_both(struct sky_scorer *s, unsigned cls, void (*fn)(struct sky_score_acc *, const void *),
		     const void *arg)
{
	fn(&s->acc[cls], arg);
	fn(&s->acc[SKY_TARGET_CLASS_COUNT], arg);
}

/* What one assigned pair contributes. */
struct pair_err {
	double h2, v2, vel2;
	int has_v;
	int id_change;
};

static void add_pair(struct sky_score_acc *a, const void *arg)
{
	const struct pair_err *e = arg;
	a->tracked_epochs++;
	a->assoc_tracks++;
	a->n_h++;
	a->sum_h2 += e->h2;
	a->loc2 += e->h2;
	if (e->has_v) {
		a->n_v++;
		a->sum_v2 += e->v2;
	}
	a->n_vel++;
	a->sum_vel2 += e->vel2;
	a->id_changes += (uint64_t)e->id_change;
}

static void add_missed(struct sky_score_acc *a, const void *arg)
{
	a->missed2 += *(const double *)arg;
}

static void add_target_epoch(struct sky_score_acc *a, const void *arg)
{
	const int *first = arg;
	a->target_epochs++;
	a->targets += (uint64_t)*first;
}

static void add_dup(struct sky_score_acc *a, const void *arg)
{
	(void)arg;
	a->assoc_tracks++;
}

static void add_latency(struct sky_score_acc *a, const void *arg)
{
	const double *l = arg; /* confirm, track */
	a->targets_tracked++;
	if (isfinite(l[0])) {
		a->n_confirm_latency++;
		a->sum_confirm_latency += l[0];
	}
	a->n_track_latency++;
	a->sum_track_latency += l[1];
}

static int near_any(void *ctx, int j, double d2)
{
	(void)ctx;
	(void)j;
	(void)d2;
	return 1;
}

/* Score truth i of the epoch against its assigned confirmed track, if any. */
static void score_truth(struct sky_scorer *s, double t, const struct sky_score_truth *tr,
			int i, const struct sky_score_est *est, int tent_built)
{
	struct target_state *g = &s->tg[tr->target];
	int first = !g->seen;
	if (first) {
		g->seen = 1;
		g->cls = tr->cls < SKY_TARGET_CLASS_COUNT ? tr->cls : SKY_TARGET_UNKNOWN;
		g->first_truth = t;
	}
	unsigned cls = g->cls;
	acc_both(s, cls, add_target_epoch, &first);
	int j = s->truth_trk[i];
	/* Detected: some confirmed track within c (a cluster) or a tentative one. */
	if (isnan(g->first_det) &&
	    (s->cl.truth_cluster[i] >= 0 ||
	     (tent_built && sky_grid_near(&s->tent_grid, s->tent_xy, tr->x, tr->y, s->p.c,
					  near_any, NULL))))
		g->first_det = t;
	if (j < 0) {
		double m2 = s->p.c * s->p.c / 2;
		acc_both(s, cls, add_missed, &m2);
		return;
	}
	const struct sky_score_est *e = &est[s->conf_est[j]];
	struct pair_err pe = {
		.h2 = dist2(s->truth_xy[i], s->conf_xy[j]),
		.v2 = (e->alt - tr->alt) * (e->alt - tr->alt),
		.has_v = e->has_alt,
		.vel2 = (e->vx - tr->vx) * (e->vx - tr->vx) + (e->vy - tr->vy) * (e->vy - tr->vy),
		.id_change = g->last_uid != NO_UID && g->last_uid != e->uid,
	};
	g->last_uid = e->uid;
	acc_both(s, cls, add_pair, &pe);
	if (isnan(g->first_cnf)) {
		g->first_cnf = t;
		g->tracked = 1;
		double lat[2] = { t - g->first_det, t - g->first_truth };
		acc_both(s, cls, add_latency, lat);
	}
}

/* Split est into confirmed (conf_xy) and tentative (tent_xy) positions. */
static void split_tracks(struct sky_scorer *s, const struct sky_score_est *est, uint32_t m,
			 int *mc, int *mt)
{
	*mc = *mt = 0;
	for (uint32_t j = 0; j < m; j++) {
		struct sky_xy p = { est[j].x, est[j].y };
		if (est[j].confirmed) {
			s->conf_est[*mc] = j;
			s->conf_xy[(*mc)++] = p;
		} else {
			s->tent_xy[(*mt)++] = p;
		}
		if (est[j].uid != NO_UID && est[j].uid + 1 > s->max_uid_seen)
			s->max_uid_seen = est[j].uid + 1;
	}
}

/* Any truth not yet detected? Then the tentative tracks need their grid. */
static int need_tent_grid(const struct sky_scorer *s, const struct sky_score_truth *truth,
			  uint32_t n, int mt)
{
	if (mt == 0)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		if (isnan(s->tg[truth[i].target].first_det) && s->cl.truth_cluster[i] < 0)
			return 1;
	return 0;
}

static void epoch_totals(struct sky_scorer *s, struct sky_score_epoch *e)
{
	double c2 = s->p.c * s->p.c;
	double miss2 = c2 / 2 * e->n_missed, false2 = c2 / 2 * e->n_false;
	e->gospa = sqrt(e->loc2 + miss2 + false2);
	uint32_t mn = e->n_truth < e->n_tracks ? e->n_truth : e->n_tracks;
	uint32_t mx = e->n_truth < e->n_tracks ? e->n_tracks : e->n_truth;
	e->ospa = mx ? sqrt((e->loc2 + c2 * (mn - e->n_assigned) + c2 * (mx - mn)) / mx) : 0;
	s->epochs++;
	s->sum_gospa += e->gospa;
	s->sum_gospa2 += e->gospa * e->gospa;
	if (e->gospa > s->max_gospa)
		s->max_gospa = e->gospa;
	s->sum_ospa += e->ospa;
	s->sum_loc2 += e->loc2;
	s->sum_missed2 += miss2;
	s->sum_false2 += false2;
	s->track_epochs += e->n_tracks;
	s->tentative_epochs += e->n_tentative;
	s->spurious_epochs += e->n_spurious;
	s->false_epochs += e->n_false;
	s->missed_epochs += e->n_missed;
	s->assigned_epochs += e->n_assigned;
}

static void count_tracks(struct sky_scorer *s, const struct sky_score_truth *truth,
			 int mc, struct sky_score_epoch *e)
{
	for (int j = 0; j < mc; j++) {
		if (s->trk_truth[j] >= 0)
			continue;
		e->n_false++;
		if (s->trk_dup[j] >= 0)
			acc_both(s, s->tg[truth[s->trk_dup[j]].target].cls, add_dup, NULL);
		else
			e->n_spurious++;
	}
}

static int assign_clusters(struct sky_scorer *s, struct sky_score_epoch *e)
{
	for (int k = 0; k < s->cl.n; k++) {
		int size = s->cl.truth_off[k + 1] - s->cl.truth_off[k] +
			   s->cl.track_off[k + 1] - s->cl.track_off[k];
		if ((uint32_t)size > e->max_cluster)
			e->max_cluster = (uint32_t)size;
		if (solve_cluster(s, k))
			return -ENOMEM;
	}
	e->n_clusters = (uint32_t)s->cl.n;
	return 0;
}

/*
 * 1.5 us CPU per target-epoch with 3000 targets in swarms of 50, 6.9 us in
 * swarms of 300 drones 100 m apart (2026-11-22, build/perf/sky_bench_score 300 50|300).
 */
int sky_scorer_epoch(struct sky_scorer *s, double t, const struct sky_score_truth *truth,
		     uint32_t n, const struct sky_score_est *est, uint32_t m,
		     struct sky_score_epoch *out)
{
	struct sky_score_epoch e = { .t = t, .n_truth = n };
	int mc, mt;
	for (uint32_t i = 0; i < n; i++)
		if (truth[i].target >= s->n_targets)
			return -EINVAL;
	if (reserve(s, n, m))
		return -ENOMEM;
	split_tracks(s, est, m, &mc, &mt);
	e.n_tracks = (uint32_t)mc;
	e.n_tentative = (uint32_t)mt;
	for (uint32_t i = 0; i < n; i++) {
		s->truth_xy[i] = (struct sky_xy){ truth[i].x, truth[i].y };
		s->truth_trk[i] = -1;
	}
	for (int j = 0; j < mc; j++)
		s->trk_truth[j] = s->trk_dup[j] = -1;
	if (sky_clusters_build(&s->cl, s->truth_xy, (int)n, s->conf_xy, mc, s->p.c) ||
	    assign_clusters(s, &e))
		return -ENOMEM;
	int tent = need_tent_grid(s, truth, n, mt);
	if (tent && sky_grid_build(&s->tent_grid, s->tent_xy, mt, s->p.c))
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		score_truth(s, t, &truth[i], (int)i, est, tent);
		if (s->truth_trk[i] >= 0) {
			e.n_assigned++;
			e.loc2 += dist2(s->truth_xy[i], s->conf_xy[s->truth_trk[i]]);
		} else {
			e.n_missed++;
		}
	}
	count_tracks(s, truth, mc, &e);
	epoch_totals(s, &e);
	if (out)
		*out = e;
	return 0;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

void sky_score_figures(const struct sky_score_acc *a, uint64_t epochs,
		       struct sky_score_figures *f)
{
	f->targets = a->targets;
	f->targets_tracked = a->targets_tracked;
	f->target_epochs = a->target_epochs;
	f->completeness = ratio((double)a->tracked_epochs, (double)a->target_epochs);
	f->ambiguity = ratio((double)a->assoc_tracks, (double)a->tracked_epochs);
	f->pos_rms_h_m = sqrt(ratio(a->sum_h2, (double)a->n_h));
	f->pos_rms_v_m = sqrt(ratio(a->sum_v2, (double)a->n_v));
	f->vel_rms_mps = sqrt(ratio(a->sum_vel2, (double)a->n_vel));
	f->id_changes = (double)a->id_changes;
	f->id_changes_per_target = ratio((double)a->id_changes, (double)a->targets_tracked);
	f->confirm_latency_s = ratio(a->sum_confirm_latency, (double)a->n_confirm_latency);
	f->track_latency_s = ratio(a->sum_track_latency, (double)a->n_track_latency);
	f->gospa_loc2_mean = ratio(a->loc2, (double)epochs);
	f->gospa_missed2_mean = ratio(a->missed2, (double)epochs);
}

const struct sky_score_acc *sky_scorer_acc(const struct sky_scorer *s, unsigned cls)
{
	return &s->acc[cls <= SKY_TARGET_CLASS_COUNT ? cls : SKY_TARGET_CLASS_COUNT];
}

void sky_scorer_result(const struct sky_scorer *s, struct sky_score_result *r)
{
	double ep = (double)s->epochs;
	memset(r, 0, sizeof(*r));
	r->epochs = s->epochs;
	r->track_epochs = s->track_epochs;
	r->tentative_epochs = s->tentative_epochs;
	r->spurious_epochs = s->spurious_epochs;
	r->false_epochs = s->false_epochs;
	r->missed_epochs = s->missed_epochs;
	r->assigned_epochs = s->assigned_epochs;
	r->lifetimes = s->max_uid_seen;
	r->c = s->p.c;
	r->gospa_mean = ratio(s->sum_gospa, ep);
	r->gospa_rms = sqrt(ratio(s->sum_gospa2, ep));
	r->gospa_max = s->max_gospa;
	r->gospa_loc2_mean = ratio(s->sum_loc2, ep);
	r->gospa_missed2_mean = ratio(s->sum_missed2, ep);
	r->gospa_false2_mean = ratio(s->sum_false2, ep);
	r->ospa_mean = ratio(s->sum_ospa, ep);
	r->spuriousness = ratio((double)s->spurious_epochs, (double)s->track_epochs);
	sky_score_figures(&s->acc[SKY_TARGET_CLASS_COUNT], s->epochs, &r->all);
	for (unsigned c = 0; c < SKY_TARGET_CLASS_COUNT; c++)
		sky_score_figures(&s->acc[c], s->epochs, &r->cls[c]);
}
