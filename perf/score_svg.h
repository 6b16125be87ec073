/*
 * score_svg.h - a picture of a scoring run: tracks drawn over the truth in
 * the system plane, as one self-contained SVG file (no scripts, no external
 * fonts), for `skyfuse score --plot`.
 */
#ifndef SKY_SCORE_SVG_H
#define SKY_SCORE_SVG_H

#include <stddef.h>

#include "score_run.h"

/*
 * Write the plot. Truth paths are grey, each track lifetime has its own
 * colour (dashed while tentative); paths are thinned to about one point per
 * pixel so a day of 3000 targets stays a few megabytes. 0, or -errno with a
 * message naming the file in err.
 */
int sky_score_svg_write(const char *path, const char *title,
			const struct sky_score_truth_set *ts,
			const struct sky_score_track_update *u, size_t n_updates,
			char *err, size_t errlen);

#endif
