/*
 * score_run.h - one whole scoring run: truth.csv rows and track updates in,
 * the figures of sky_score_result out.
 *
 * Two steps so that the caller can keep the converted truth (the SVG plot
 * draws it): sky_score_truth_prepare puts the truth into the system plane
 * (exact WGS84 via geo.h: position to ENU at the system reference, velocity
 * rotated from the target's own east/north/up into the system axes) and
 * numbers the targets densely; sky_score_run then walks the truth's epochs,
 * takes the track states at each from the sweep (score_tracks.h) and scores
 * them (score_metrics.h).
 */
#ifndef SKY_SCORE_RUN_H
#define SKY_SCORE_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "geo.h"
#include "score_metrics.h"
#include "score_tracks.h"
#include "truth_csv.h"

/* The truth in the system plane, sorted by time then target. */
struct sky_score_truth_set {
	struct sky_score_truth *pts;
	int64_t *t;                     /* UNIX s of each point */
	size_t n;
	uint32_t *target_ids;           /* dense index -> target_id of truth.csv */
	uint32_t n_targets;
};

/*
 * Sort the rows (sky_truth_sort: refuses a target twice in one second) and
 * convert them. name is the file name for messages. 0, -EINVAL or -ENOMEM
 * with a message in err.
 */
int sky_score_truth_prepare(struct sky_truth *rows, const char *name,
			    const struct sky_enu_frame *system,
			    struct sky_score_truth_set *out, char *err, size_t errlen);
void sky_score_truth_set_free(struct sky_score_truth_set *ts);

/* Called after each epoch (may be NULL). */
typedef void (*sky_score_epoch_cb)(void *ctx, const struct sky_score_epoch *e);

/*
 * Score the updates (sorted in place by time) against the truth. 0, or
 * -ENOMEM.
 */
int sky_score_run(const struct sky_score_truth_set *ts, struct sky_score_track_update *u,
		  size_t n_updates, const struct sky_score_params *p,
		  sky_score_epoch_cb on_epoch, void *ctx, struct sky_score_result *out);

#endif
