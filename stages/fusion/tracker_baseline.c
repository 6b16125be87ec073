/*
 * tracker_baseline.c - nearest-neighbour association, constant-velocity
 * Kalman filter, M-of-N confirmation, coast deletion (see
 * tracker_baseline.h).
 *
 * Tracks live in a fixed table with a free list; a spatial grid limits the
 * gate tests to nearby tracks. Each plot is handled alone, in time order:
 * candidates are predicted to the plot's time, the one with the smallest
 * Mahalanobis distance inside the gate wins (a track carrying the plot's
 * ICAO address wins within four gates), otherwise the plot starts a
 * tentative track. The hit history is a bit mask: an update shifts in a 1,
 * every nominal revisit period that passed without one shifts in a 0, and
 * the track is confirmed once M of the last N bits are set.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kf_cv.h"
#include "track_grid.h"
#include "tracker_baseline.h"

const char *const sky_tracker_counter_names[SKY_TRACKER_COUNTER_COUNT] = {
#define NAME(n, d) #n,
	SKY_TRACKER_FOREACH_COUNTER(NAME)
#undef NAME
};
const char *const sky_tracker_counter_descs[SKY_TRACKER_COUNTER_COUNT] = {
#define DESC(n, d) d,
	SKY_TRACKER_FOREACH_COUNTER(DESC)
#undef DESC
};

struct bl_track {
	struct sky_kf_cv kf;
	double t;               /* time of the state */
	double first_t;
	double last_kind_t[4];  /* PSR, SSR, Mode S, ADS-B */
	uint64_t rx_tsc;
	uint32_t track_no;
	uint32_t hits;
	uint32_t hist;          /* hit history, newest in bit 0 */
	uint32_t address;
	float revisit_s;
	uint16_t mode3a;
	int16_t fl_q;
	uint16_t plot_flags;
	uint8_t live, confirmed;
	char callsign[9];
};

struct sky_tracker {
	struct sky_tracker_params p;
	struct bl_track *tracks;
	uint32_t *free_ids;
	uint32_t n_free;
	uint32_t next_track_no;
	struct sky_track_grid grid;
	uint64_t counters[SKY_TRACKER_COUNTER_COUNT];
};

void sky_tracker_params_default(struct sky_tracker_params *p)
{
	*p = (struct sky_tracker_params){
		.max_tracks = 8192,
		.gate_d2 = 13.8, /* 99.9 % for 2 dof */
		.confirm_m = 3,
		.confirm_n = 5,
		.coast_s = 15.0,
		.tentative_coast_s = 10.0,
		.sigma_accel = 8.0,
		.sigma_accel_z = 2.0,
		.init_sigma_v = 300.0,
		.grid_cell_m = 8000.0,
	};
}

struct sky_tracker *sky_tracker_create(const struct sky_tracker_params *p)
{
	if (p->max_tracks == 0 || p->confirm_n == 0 || p->confirm_n > 32 ||
	    p->confirm_m > p->confirm_n || p->grid_cell_m <= 0) {
		errno = EINVAL;
		return NULL;
	}
	struct sky_tracker *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->p = *p;
	t->tracks = calloc(p->max_tracks, sizeof(*t->tracks));
	t->free_ids = malloc(p->max_tracks * sizeof(*t->free_ids));
	if (!t->tracks || !t->free_ids ||
	    sky_track_grid_init(&t->grid, p->max_tracks, p->max_tracks * 2, p->grid_cell_m) < 0)
		goto fail;
	for (uint32_t i = 0; i < p->max_tracks; i++)
		t->free_ids[i] = p->max_tracks - 1 - i;
	t->n_free = p->max_tracks;
	t->next_track_no = 1;
	return t;
fail:
	sky_tracker_destroy(t);
	errno = ENOMEM;
	return NULL;
}

void sky_tracker_destroy(struct sky_tracker *t)
{
	if (!t)
		return;
	if (t->grid.head)
		sky_track_grid_free(&t->grid);
	free(t->tracks);
	free(t->free_ids);
	free(t);
}

const uint64_t *sky_tracker_counters(const struct sky_tracker *t)
{
	return t->counters;
}

uint32_t sky_tracker_live(const struct sky_tracker *t)
{
	return t->p.max_tracks - t->n_free;
}

static double q_of(double sigma) { return sigma * sigma; }

/* Best candidate for one plot, found through the grid. */
struct nn_search {
	struct sky_tracker *t;
	const struct sky_plot *pl;
	uint32_t best;
	double best_d2;
	bool best_by_address;
};

static void nn_visit(void *ctx, uint32_t id)
{
	struct nn_search *s = ctx;
	struct bl_track *tr = &s->t->tracks[id];
	const struct sky_plot *pl = s->pl;
	if (!tr->live)
		return;
	struct sky_kf_cv f = tr->kf;
	sky_kf_cv_predict(&f, pl->t - tr->t, q_of(s->t->p.sigma_accel), 0);
	double d2 = sky_kf_cv_d2(&f, pl->x, pl->y, pl->cxx, pl->cxy, pl->cyy);
	if (d2 < 0)
		return;
	bool by_addr = (pl->flags & SKY_PLOT_HAS_ADDR) &&
		       (tr->plot_flags & SKY_PLOT_HAS_ADDR) && tr->address == pl->address;
	double gate = s->t->p.gate_d2 * (by_addr ? 4 : 1);
	if (d2 > gate)
		return;
	if (s->best != SKY_GRID_NONE && (s->best_by_address && !by_addr))
		return;
	if (s->best == SKY_GRID_NONE || (by_addr && !s->best_by_address) || d2 < s->best_d2) {
		s->best = id;
		s->best_d2 = d2;
		s->best_by_address = by_addr;
	}
}

static unsigned popcount_n(uint32_t v, unsigned n)
{
	uint32_t mask = n >= 32 ? 0xffffffffu : ((1u << n) - 1);
	return (unsigned)__builtin_popcount(v & mask);
}

static void take_identity(struct bl_track *tr, const struct sky_plot *pl)
{
	uint16_t f = pl->flags;
	if (f & SKY_PLOT_HAS_ADDR)
		tr->address = pl->address;
	if (f & SKY_PLOT_HAS_M3A)
		tr->mode3a = pl->mode3a;
	if (f & SKY_PLOT_HAS_FL)
		tr->fl_q = pl->fl_q;
	if (f & SKY_PLOT_HAS_CALLSIGN)
		memcpy(tr->callsign, pl->callsign, sizeof(tr->callsign));
	tr->plot_flags |= f & (SKY_PLOT_HAS_ADDR | SKY_PLOT_HAS_M3A | SKY_PLOT_HAS_FL |
			       SKY_PLOT_HAS_CALLSIGN);
	if (f & SKY_PLOT_PSR)
		tr->last_kind_t[0] = pl->t;
	if (f & SKY_PLOT_SSR)
		tr->last_kind_t[1] = pl->t;
	if (f & SKY_PLOT_MODES)
		tr->last_kind_t[2] = pl->t;
	if (f & SKY_PLOT_ADSB)
		tr->last_kind_t[3] = pl->t;
	tr->rx_tsc = pl->rx_tsc;
	if (pl->revisit_s > 0)
		tr->revisit_s = pl->revisit_s;
}

static void measure_z(struct sky_tracker *t, struct bl_track *tr, const struct sky_plot *pl)
{
	if (!(pl->flags & SKY_PLOT_HAS_Z))
		return;
	if (!tr->kf.has_z)
		sky_kf_cv_init_z(&tr->kf, pl->z, pl->czz, 50.0);
	else
		sky_kf_cv_update_z(&tr->kf, pl->z, pl->czz);
	(void)t;
}

static float age_of(double now, double then)
{
	return then > 0 ? (float)(now - then) : -1.0f;
}

static void emit(struct sky_tracker *t, const struct bl_track *tr, uint16_t extra,
		 struct sky_track_update *out, unsigned *n, unsigned max_out)
{
	if (*n >= max_out) {
		t->counters[SKY_TRACKER_UPDATES_NO_ROOM]++;
		return;
	}
	struct sky_track_update *u = &out[(*n)++];
	const struct sky_kf_cv *f = &tr->kf;
	u->track_no = tr->track_no;
	u->flags = (uint16_t)(extra | (tr->confirmed ? SKY_TRACK_CONFIRMED : 0) |
			      (f->has_z ? SKY_TRACK_HAS_Z : 0));
	u->plot_flags = tr->plot_flags;
	u->t = tr->t;
	u->x = f->s[0], u->y = f->s[1], u->z = f->has_z ? f->zs[0] : 0;
	u->vx = f->s[2], u->vy = f->s[3], u->vz = f->has_z ? f->zs[1] : 0;
	u->cxx = f->P[0][0], u->cxy = f->P[0][1], u->cyy = f->P[1][1];
	u->cvv = 0.5 * (f->P[2][2] + f->P[3][3]);
	u->rx_tsc = tr->rx_tsc;
	u->address = tr->address;
	u->mode3a = tr->mode3a;
	u->fl_q = tr->fl_q;
	u->updates = tr->hits;
	u->first_t = tr->first_t;
	u->age_psr = age_of(tr->t, tr->last_kind_t[0]);
	u->age_ssr = age_of(tr->t, tr->last_kind_t[1]);
	u->age_mds = age_of(tr->t, tr->last_kind_t[2]);
	u->age_ads = age_of(tr->t, tr->last_kind_t[3]);
	memcpy(u->callsign, tr->callsign, sizeof(u->callsign));
	t->counters[SKY_TRACKER_UPDATES_OUT]++;
}

static void update_track(struct sky_tracker *t, struct bl_track *tr, const struct sky_plot *pl)
{
	double dt = pl->t - tr->t;
	if (dt < 0) { /* out of sequence: measured before the state; no prediction */
		t->counters[SKY_TRACKER_PLOTS_LATE]++;
		dt = 0;
	}
	double rev = tr->revisit_s > 0 ? tr->revisit_s : 4.0;
	unsigned misses = dt > 1.5 * rev ? (unsigned)(dt / rev - 0.5) : 0;
	tr->hist = misses >= 32 ? 0 : tr->hist << misses;
	tr->hist = tr->hist << 1 | 1u;
	sky_kf_cv_predict(&tr->kf, dt, q_of(t->p.sigma_accel), q_of(t->p.sigma_accel_z));
	sky_kf_cv_update(&tr->kf, pl->x, pl->y, pl->cxx, pl->cxy, pl->cyy);
	measure_z(t, tr, pl);
	tr->t += dt;
	tr->hits++;
	take_identity(tr, pl);
	if (!tr->confirmed && popcount_n(tr->hist, t->p.confirm_n) >= t->p.confirm_m) {
		tr->confirmed = 1;
		t->counters[SKY_TRACKER_TRACKS_CONFIRMED]++;
	}
	sky_track_grid_put(&t->grid, (uint32_t)(tr - t->tracks), tr->kf.s[0], tr->kf.s[1]);
}

static struct bl_track *start_track(struct sky_tracker *t, const struct sky_plot *pl)
{
	if (t->n_free == 0) {
		t->counters[SKY_TRACKER_PLOTS_NO_ROOM]++;
		return NULL;
	}
	uint32_t id = t->free_ids[--t->n_free];
	struct bl_track *tr = &t->tracks[id];
	memset(tr, 0, sizeof(*tr));
	sky_kf_cv_init(&tr->kf, pl->x, pl->y, pl->cxx, pl->cxy, pl->cyy, t->p.init_sigma_v);
	measure_z(t, tr, pl);
	tr->t = tr->first_t = pl->t;
	tr->hits = 1;
	tr->hist = 1;
	tr->live = 1;
	tr->track_no = t->next_track_no;
	t->next_track_no = t->next_track_no % 65535 + 1;
	take_identity(tr, pl);
	if (t->p.confirm_m <= 1) {
		tr->confirmed = 1;
		t->counters[SKY_TRACKER_TRACKS_CONFIRMED]++;
	}
	sky_track_grid_put(&t->grid, id, pl->x, pl->y);
	t->counters[SKY_TRACKER_PLOTS_STARTED_TRACK]++;
	return tr;
}

unsigned sky_tracker_process(struct sky_tracker *t, const struct sky_plot *plots,
			     unsigned n, struct sky_track_update *out, unsigned max_out)
{
	unsigned n_out = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct sky_plot *pl = &plots[i];
		t->counters[SKY_TRACKER_PLOTS_IN]++;
		struct nn_search s = {.t = t, .pl = pl, .best = SKY_GRID_NONE};
		sky_track_grid_near(&t->grid, pl->x, pl->y, nn_visit, &s);
		struct bl_track *tr;
		if (s.best != SKY_GRID_NONE) {
			tr = &t->tracks[s.best];
			update_track(t, tr, pl);
			t->counters[SKY_TRACKER_PLOTS_ASSOCIATED]++;
		} else {
			tr = start_track(t, pl);
			if (!tr)
				continue;
		}
		emit(t, tr, 0, out, &n_out, max_out);
	}
	return n_out;
}

static void end_track(struct sky_tracker *t, uint32_t id, struct sky_track_update *out,
		      unsigned *n, unsigned max_out)
{
	struct bl_track *tr = &t->tracks[id];
	if (tr->confirmed) {
		emit(t, tr, SKY_TRACK_TERMINATED, out, n, max_out);
		t->counters[SKY_TRACKER_TRACKS_DELETED]++;
	} else {
		t->counters[SKY_TRACKER_TRACKS_DROPPED]++;
	}
	tr->live = 0;
	sky_track_grid_remove(&t->grid, id);
	t->free_ids[t->n_free++] = id;
}

unsigned sky_tracker_coast(struct sky_tracker *t, double now,
			   struct sky_track_update *out, unsigned max_out)
{
	unsigned n = 0;
	for (uint32_t id = 0; id < t->p.max_tracks; id++) {
		struct bl_track *tr = &t->tracks[id];
		if (!tr->live)
			continue;
		double limit = tr->confirmed ? t->p.coast_s : t->p.tentative_coast_s;
		if (now - tr->t > limit)
			end_track(t, id, out, &n, max_out);
	}
	return n;
}

unsigned sky_tracker_end_all(struct sky_tracker *t, struct sky_track_update *out,
			     unsigned max_out)
{
	unsigned n = 0;
	for (uint32_t id = 0; id < t->p.max_tracks; id++)
		if (t->tracks[id].live)
			end_track(t, id, out, &n, max_out);
	return n;
}
