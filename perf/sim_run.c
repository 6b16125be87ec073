/*
 * sim_run.c - the simulation loop of `skyfuse sim`: time steps, target
 * births and deaths, sensors, truth, and the three output files.
 *
 * Time advances in fixed steps of 1/n s (n >= 4, and at least 8 steps per
 * revolution of the fastest antenna), counted as integers so that whole
 * seconds land exactly on step ends. Each step moves every living target to
 * the step's end, then lets every radar and ADS-B station look at the step
 * (sim_world.h), then writes the truth rows when the step ends on a whole
 * second. Everything is single-threaded and every random draw comes from a
 * stream owned by one sensor or group, so a seed gives identical files.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sim_motion.h"
#include "sim_run.h"
#include "sim_world.h"

enum { T_PENDING, T_ALIVE, T_GONE };

struct sim_run {
	struct sim_scenario *sc;
	struct sim_world w;
	struct sim_motion *mo;
	uint8_t *state;
	struct sim_radar_state **radars;
	struct sim_adsb_state **adsb;
	struct sim_output out;
	struct sim_truth truth;
	unsigned steps_per_s;
};

static unsigned steps_per_second(const struct sim_scenario *sc)
{
	double min_scan = INFINITY;
	for (unsigned i = 0; i < sc->n_radars; i++)
		min_scan = fmin(min_scan, sc->radars[i].scan_period_s);
	unsigned n = 4;
	if (isfinite(min_scan))
		n = (unsigned)fmax(4.0, ceil(8.0 / min_scan));
	return n;
}

static int run_alloc(struct sim_run *r)
{
	unsigned n = r->sc->n_targets ? r->sc->n_targets : 1;
	struct sim_world *w = &r->w;
	w->e0 = calloc(n, sizeof(*w->e0));
	w->e1 = calloc(n, sizeof(*w->e1));
	w->alt0 = calloc(n, sizeof(double));
	w->alt1 = calloc(n, sizeof(double));
	w->vel1 = calloc(n, sizeof(*w->vel1));
	w->live = calloc(n, 1);
	r->state = calloc(n, 1);
	r->mo = calloc(n, sizeof(*r->mo));
	r->radars = calloc(r->sc->n_radars + 1, sizeof(*r->radars));
	r->adsb = calloc(r->sc->n_adsb + 1, sizeof(*r->adsb));
	if (!w->e0 || !w->e1 || !w->alt0 || !w->alt1 || !w->vel1 || !w->live ||
	    !r->state || !r->mo || !r->radars || !r->adsb)
		return -ENOMEM;
	for (unsigned i = 0; i < r->sc->n_radars; i++)
		if (!(r->radars[i] = sim_radar_new(&r->sc->radars[i], i, r->sc)))
			return -ENOMEM;
	for (unsigned i = 0; i < r->sc->n_adsb; i++)
		if (!(r->adsb[i] = sim_adsb_new(&r->sc->adsb[i], r->sc->n_radars + i, r->sc)))
			return -ENOMEM;
	return 0;
}

static void run_free(struct sim_run *r)
{
	struct sim_world *w = &r->w;
	free(w->e0);
	free(w->e1);
	free(w->alt0);
	free(w->alt1);
	free(w->vel1);
	free(w->live);
	free(r->state);
	free(r->mo);
	for (unsigned i = 0; r->radars && i < r->sc->n_radars; i++)
		sim_radar_free(r->radars[i]);
	for (unsigned i = 0; r->adsb && i < r->sc->n_adsb; i++)
		sim_adsb_free(r->adsb[i]);
	free(r->radars);
	free(r->adsb);
	sim_output_free(&r->out);
}

/* Where target i is at the step's end. */
static void snapshot(struct sim_run *r, unsigned i)
{
	const struct sim_motion *m = &r->mo[i];
	sim_motion_ecef(m, r->w.e1[i]);
	r->w.alt1[i] = m->alt_m;
	sim_motion_vel_enu(m, r->w.vel1[i]);
}

/* Advance target i to t1; sets live when it existed over the whole step. */
static void advance(struct sim_run *r, unsigned i, double t0, double t1)
{
	const struct sim_target *t = &r->sc->targets[i];
	struct sim_motion *m = &r->mo[i];
	bool was_alive = r->state[i] == T_ALIVE;
	r->w.live[i] = 0;
	if (r->state[i] == T_GONE || (!was_alive && t->start_s > t1))
		return;
	if (was_alive) {
		memcpy(r->w.e0[i], r->w.e1[i], sizeof(r->w.e0[i]));
		r->w.alt0[i] = r->w.alt1[i];
		bool done = m->done;
		sim_motion_step(m, t1 - t0);
		if (t->vanish_after && m->done && !done) {
			r->state[i] = T_GONE;
			return;
		}
	} else {
		sim_motion_init(m, t);
		sim_motion_step(m, t1 - t->start_s);
		r->state[i] = T_ALIVE;
	}
	if (t->end_s >= 0.0 && t->end_s < t1) {
		r->state[i] = T_GONE;
		return;
	}
	snapshot(r, i);
	r->w.live[i] = was_alive;
}

static void truth_rows(struct sim_run *r, int64_t t_utc)
{
	for (unsigned i = 0; i < r->w.n; i++) {
		if (r->state[i] != T_ALIVE)
			continue;
		const struct sim_motion *m = &r->mo[i];
		sim_truth_row(&r->truth, t_utc, r->sc->targets[i].id, m->lat, m->lon,
			      m->alt_m, r->w.vel1[i], r->sc->targets[i].cls);
	}
}

static void start_targets(struct sim_run *r)
{
	for (unsigned i = 0; i < r->w.n; i++) {
		if (r->sc->targets[i].start_s > 0.0)
			continue;
		sim_motion_init(&r->mo[i], &r->sc->targets[i]);
		r->state[i] = T_ALIVE;
		snapshot(r, i);
	}
}

static void progress(const struct sim_run *r, uint64_t k, uint64_t steps, int *last)
{
	int pct = (int)(100 * (k + 1) / steps);
	if (pct / 10 == *last / 10 && k + 1 != steps)
		return;
	*last = pct;
	uint64_t plots = 0, fa = 0;
	for (unsigned i = 0; i < r->sc->n_radars; i++) {
		uint64_t p, f;
		sim_radar_counts(r->radars[i], &p, &f);
		plots += p;
		fa += f;
	}
	fprintf(stderr, "sim: %3d%%  t=%.0f/%.0f s  %" PRIu64 " plots  %zu datagrams\n",
		pct, (double)(k + 1) / r->steps_per_s, r->sc->duration_s, plots,
		r->out.n_dg);
}

static void step(struct sim_run *r, uint64_t k)
{
	double t0 = (double)k / r->steps_per_s, t1 = (double)(k + 1) / r->steps_per_s;
	r->w.t0 = t0;
	r->w.t1 = t1;
	for (unsigned i = 0; i < r->w.n; i++)
		advance(r, i, t0, t1);
	for (unsigned i = 0; i < r->sc->n_radars; i++)
		sim_radar_step(r->radars[i], &r->w);
	for (unsigned i = 0; i < r->sc->n_adsb; i++)
		sim_adsb_step(r->adsb[i], &r->w);
	if ((k + 1) % r->steps_per_s == 0)
		truth_rows(r, r->sc->start_utc + (int64_t)((k + 1) / r->steps_per_s));
}

static int simulate(struct sim_run *r, bool show_progress)
{
	uint64_t steps = (uint64_t)ceil(r->sc->duration_s * r->steps_per_s - 1e-9);
	int last = -10;
	start_targets(r);
	truth_rows(r, r->sc->start_utc);
	for (uint64_t k = 0; k < steps; k++) {
		step(r, k);
		if (show_progress)
			progress(r, k, steps, &last);
	}
	for (unsigned i = 0; i < r->sc->n_radars; i++)
		sim_radar_finish(r->radars[i], &r->w);
	for (unsigned i = 0; i < r->sc->n_adsb; i++)
		sim_adsb_finish(r->adsb[i], &r->w);
	return 0;
}

static void collect(struct sim_run *r, struct sim_run_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->targets = r->sc->n_targets;
	for (unsigned i = 0; i < r->sc->n_radars; i++) {
		uint64_t p, f;
		sim_radar_counts(r->radars[i], &p, &f);
		st->plots += p;
		st->false_alarms += f;
	}
	for (unsigned i = 0; i < r->sc->n_adsb; i++)
		st->adsb_reports += sim_adsb_count(r->adsb[i]);
	st->datagrams = r->out.n_dg;
	st->bytes = r->out.bytes;
	st->truth_rows = r->truth.rows;
}

static int make_dir(const char *dir, char *err, size_t errlen)
{
	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return 0;
	int e = errno;
	snprintf(err, errlen, "%s: cannot create the directory: %s", dir, strerror(e));
	return -e;
}

int sim_run(struct sim_scenario *sc, const char *outdir, bool show_progress,
	    struct sim_run_stats *st, char *err, size_t errlen)
{
	struct sim_run r;
	char path[4096];
	memset(&r, 0, sizeof(r));
	r.sc = sc;
	r.w.sc = sc;
	r.w.n = sc->n_targets;
	r.w.tg = sc->targets;
	r.w.out = &r.out;
	r.steps_per_s = steps_per_second(sc);
	sim_output_init(&r.out, sc->start_utc);
	int rc = make_dir(outdir, err, errlen);
	if (!rc && (rc = run_alloc(&r)) != 0)
		snprintf(err, errlen, "out of memory for %u targets", sc->n_targets);
	snprintf(path, sizeof(path), "%s/truth.csv", outdir);
	if (!rc)
		rc = sim_truth_open(&r.truth, path, err, errlen);
	if (!rc) {
		simulate(&r, show_progress);
		rc = sim_truth_close(&r.truth, path, err, errlen);
	}
	snprintf(path, sizeof(path), "%s/input.pcap", outdir);
	if (!rc)
		rc = sim_output_write_pcap(&r.out, sc, path, err, errlen);
	snprintf(path, sizeof(path), "%s/config.yaml", outdir);
	if (!rc)
		rc = sim_config_write(sc, path, err, errlen);
	if (!rc && st)
		collect(&r, st);
	run_free(&r);
	return rc;
}
