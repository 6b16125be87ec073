/*
 * score_run.c - a whole scoring run (see score_run.h).
 *
 * The truth is converted once, row by row: building a local ENU frame at the
 * target gives both its ECEF position and the rotation that carries its
 * east/north/up velocity into ECEF, from where the system frame takes both.
 * Then the epochs are the distinct t_utc_s of the truth, in order; each one
 * is a contiguous slice of the sorted truth.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score_run.h"

void sky_score_truth_set_free(struct sky_score_truth_set *ts)
{
	free(ts->pts);
	free(ts->t);
	free(ts->target_ids);
	memset(ts, 0, sizeof(*ts));
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Distinct target ids, sorted: dense index = position. */
static int number_targets(const struct sky_truth *rows, struct sky_score_truth_set *ts)
{
	uint32_t *ids = malloc((rows->n ? rows->n : 1) * sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	for (size_t i = 0; i < rows->n; i++)
		ids[i] = rows->rows[i].target_id;
	qsort(ids, rows->n, sizeof(*ids), u32_cmp);
	size_t k = 0;
	for (size_t i = 0; i < rows->n; i++)
		if (k == 0 || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	ts->target_ids = ids;
	ts->n_targets = (uint32_t)k;
	return 0;
}

static uint32_t dense_of(const struct sky_score_truth_set *ts, uint32_t id)
{
	const uint32_t *p = bsearch(&id, ts->target_ids, ts->n_targets, sizeof(id), u32_cmp);
	return (uint32_t)(p - ts->target_ids);
}

static void convert_row(const struct sky_truth_row *r, const struct sky_enu_frame *sys,
			struct sky_score_truth *out)
{
	struct sky_enu_frame local;
	double enu[3], v_local[3] = { r->vx, r->vy, r->vz }, v_ecef[3], v_sys[3];
	sky_enu_frame_init(&local, r->lat, r->lon, r->alt_m);
	sky_ecef_to_enu(sys, local.origin, enu);
	sky_enu_vec_to_ecef(&local, v_local, v_ecef);
	sky_ecef_vec_to_enu(sys, v_ecef, v_sys);
	out->x = enu[0];
	out->y = enu[1];
	out->alt = r->alt_m;
	out->vx = v_sys[0];
	out->vy = v_sys[1];
	out->cls = r->cls;
}

int sky_score_truth_prepare(struct sky_truth *rows, const char *name,
			    const struct sky_enu_frame *system,
			    struct sky_score_truth_set *ts, char *err, size_t errlen)
{
	memset(ts, 0, sizeof(*ts));
	int rc = sky_truth_sort(rows, name, err, errlen);
	if (rc)
		return rc;
	size_t n = rows->n ? rows->n : 1;
	ts->pts = malloc(n * sizeof(*ts->pts));
	ts->t = malloc(n * sizeof(*ts->t));
	if (!ts->pts || !ts->t || number_targets(rows, ts)) {
		sky_score_truth_set_free(ts);
		snprintf(err, errlen, "%s: out of memory for %zu rows", name, rows->n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < rows->n; i++) {
		convert_row(&rows->rows[i], system, &ts->pts[i]);
		ts->pts[i].target = dense_of(ts, rows->rows[i].target_id);
		ts->t[i] = rows->rows[i].t;
	}
	ts->n = rows->n;
	return 0;
}

int sky_score_run(const struct sky_score_truth_set *ts, struct sky_score_track_update *u,
		  size_t n_updates, const struct sky_score_params *p,
		  sky_score_epoch_cb on_epoch, void *ctx, struct sky_score_result *out)
{
	int rc = -ENOMEM;
	struct sky_scorer *s = sky_scorer_create(p, ts->n_targets);
	struct sky_track_sweep *sw = sky_track_sweep_create(u, n_updates, p->max_age_s);
	if (!s || !sw)
		goto done;
	for (size_t a = 0, b; a < ts->n; a = b) {
		for (b = a + 1; b < ts->n && ts->t[b] == ts->t[a]; b++)
			;
		const struct sky_score_est *est;
		double t = (double)ts->t[a];
		long m = sky_track_sweep_at(sw, t, &est);
		struct sky_score_epoch e;
		if (m < 0) {
			rc = -ENOMEM;
			goto done;
		}
		rc = sky_scorer_epoch(s, t, ts->pts + a, (uint32_t)(b - a), est, (uint32_t)m, &e);
		if (rc)
			goto done;
		if (on_epoch)
			on_epoch(ctx, &e);
	}
	sky_scorer_result(s, out);
	out->lifetimes = sky_track_sweep_lifetimes(sw);
	rc = 0;
done:
	sky_scorer_free(s);
	sky_track_sweep_free(sw);
	return rc;
}
