/*
 * score_tracks.h - the tracker's output as the scorer sees it, and the
 * states of the tracks at the truth's epochs.
 *
 * A track update is what one CAT062 record says about one track, already in
 * plain units (the CAT062 reader in cmd_score.c does that conversion, the
 * tests write updates directly). The tracker publishes updates whenever it
 * likes; truth is given once a second. So at every whole-second epoch of the
 * truth, the sweep takes each track's last update at or before the epoch -
 * never one after its TSE (terminated) message - and extrapolates it
 * linearly to the epoch. A track number reused after a TSE starts a new track
 * (a new lifetime id), so the scorer sees a change of identity.
 */
#ifndef SKY_SCORE_TRACKS_H
#define SKY_SCORE_TRACKS_H

#include <stddef.h>
#include <stdint.h>

/* One track update. */
struct sky_score_track_update {
	double t;               /* time of applicability, UNIX s (UTC) */
	uint32_t track;         /* track number (I062/040) */
	double x, y;            /* m, system ENU plane (x east, y north) */
	double vx, vy;          /* m/s, system plane */
	double alt;             /* m, valid when has_alt */
	uint8_t has_alt;
	uint8_t confirmed;      /* 0 while the track is tentative (CNF set) */
	uint8_t terminated;     /* TSE: the track's last message */
};

/* A track's state at an epoch, extrapolated from its last update. */
struct sky_score_est {
	double x, y;            /* m, system plane */
	double vx, vy;          /* m/s */
	double alt;             /* m, valid when has_alt (held, not extrapolated) */
	double age;             /* s since the update it comes from */
	uint32_t uid;           /* track lifetime: number + generation, dense */
	uint32_t track;         /* track number */
	uint8_t has_alt;
	uint8_t confirmed;
};

struct sky_track_sweep;

/*
 * Prepare a sweep over n updates: sorts u by time in place (stable, so
 * updates of the same instant keep their order). max_age_s > 0 drops a track
 * at epochs more than max_age_s after its last update (a tracker that went
 * silent without a TSE); 0 keeps it forever. NULL with errno on failure.
 */
struct sky_track_sweep *sky_track_sweep_create(struct sky_score_track_update *u,
					       size_t n, double max_age_s);
/*
 * The live tracks at epoch t (t never decreasing from call to call): count,
 * with *out valid until the next call. -ENOMEM on failure.
 */
long sky_track_sweep_at(struct sky_track_sweep *s, double t,
			const struct sky_score_est **out);
/* Lifetimes seen so far (uids are 0 .. this - 1). */
uint32_t sky_track_sweep_lifetimes(const struct sky_track_sweep *s);
void sky_track_sweep_free(struct sky_track_sweep *s);

/* Sort updates by time, stably. 0 or -ENOMEM. */
int sky_score_updates_sort(struct sky_score_track_update *u, size_t n);

#endif
