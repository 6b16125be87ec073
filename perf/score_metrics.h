/*
 * score_metrics.h - the measures of `skyfuse score`, epoch by epoch and
 * accumulated over a run, split by target class.
 *
 * Per epoch (one truth instant, the tracks extrapolated to it):
 * - GOSPA (p = 2, c = 500 m, alpha = 2), with its three parts: localisation
 *   (sum of squared distances of the assigned pairs), missed targets and
 *   false tracks, each costing c^2/2 in GOSPA^2;
 * - OSPA (p = 2, c = 500 m) from the same optimal assignment.
 * Only confirmed tracks take part; tentative ones only mark a target as
 * detected. Distances are horizontal (the system plane), since CAT062 gives
 * the height separately and not always.
 *
 * Over the run, SIAP-style (Single Integrated Air Picture) measures, from the
 * optimal assignment plus a nearest-truth association of the tracks it left
 * out (duplicates):
 * - completeness: target-epochs with an assigned track / target-epochs;
 * - ambiguity: tracks associated to targets / targets with a track (1 ideal);
 * - spuriousness: confirmed tracks within c of no target / confirmed tracks;
 * - horizontal, vertical and velocity RMS errors of the assigned pairs;
 * - track-ID changes: each time a target's assigned track differs from the
 *   one it had last (a reused number after a TSE counts as another track);
 * - latencies: from a target's first detection (first epoch with any track,
 *   tentative or confirmed, within c) to its first assigned confirmed track,
 *   and from its first truth epoch to that track.
 */
#ifndef SKY_SCORE_METRICS_H
#define SKY_SCORE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "score_tracks.h"
#include "truth_csv.h"

#define SKY_SCORE_CUTOFF_M 500.0

struct sky_score_params {
	double c;               /* GOSPA/OSPA cutoff, m (SKY_SCORE_CUTOFF_M) */
	double max_age_s;       /* track sweep: drop silent tracks (0: never) */
};

/* One target at one epoch, in the system plane. */
struct sky_score_truth {
	double x, y;            /* m */
	double alt;             /* m, alt_m of truth.csv */
	double vx, vy;          /* m/s, rotated into the system plane */
	uint32_t target;        /* dense index 0 .. n_targets - 1 */
	uint8_t cls;            /* enum sky_target_class */
};

/* What one epoch scored. */
struct sky_score_epoch {
	double t;               /* UNIX s */
	uint32_t n_truth;
	uint32_t n_tracks;      /* confirmed tracks */
	uint32_t n_tentative;
	uint32_t n_assigned;
	uint32_t n_missed;      /* targets without a track */
	uint32_t n_false;       /* confirmed tracks without a target (duplicates too) */
	uint32_t n_spurious;    /* confirmed tracks within c of no target */
	uint32_t n_clusters;
	uint32_t max_cluster;   /* largest cluster, truths + tracks */
	double loc2;            /* sum of squared distances of the pairs, m^2 */
	double gospa;           /* m: sqrt(loc2 + c^2/2 (missed + false)) */
	double ospa;            /* m */
};

/* Sums kept per class (and for all classes). */
struct sky_score_acc {
	uint64_t targets;               /* distinct targets seen */
	uint64_t targets_tracked;       /* ... ever assigned a track */
	uint64_t target_epochs;
	uint64_t tracked_epochs;        /* target-epochs with an assigned track */
	uint64_t assoc_tracks;          /* assigned + duplicate tracks */
	uint64_t n_h, n_v, n_vel;
	double sum_h2, sum_v2, sum_vel2;
	double loc2, missed2;           /* GOSPA^2 parts this class caused */
	uint64_t id_changes;
	uint64_t n_confirm_latency, n_track_latency;
	double sum_confirm_latency, sum_track_latency;
};

/* Figures derived from a sky_score_acc; NaN where undefined. */
struct sky_score_figures {
	uint64_t targets, targets_tracked, target_epochs;
	double completeness, ambiguity;
	double pos_rms_h_m, pos_rms_v_m, vel_rms_mps;
	double id_changes;              /* total */
	double id_changes_per_target;   /* per target ever tracked */
	double confirm_latency_s;       /* first detection -> confirmed track */
	double track_latency_s;         /* first truth epoch -> confirmed track */
	double gospa_loc2_mean;         /* this class's share of GOSPA^2 per epoch, m^2 */
	double gospa_missed2_mean;
};

/* The whole run. */
struct sky_score_result {
	uint64_t epochs;
	uint64_t track_epochs;          /* confirmed tracks summed over epochs */
	uint64_t tentative_epochs;
	uint64_t spurious_epochs;
	uint64_t false_epochs, missed_epochs, assigned_epochs;
	uint32_t lifetimes;             /* track lifetimes seen */
	double c;
	double gospa_mean, gospa_rms, gospa_max;
	double gospa_loc2_mean, gospa_missed2_mean, gospa_false2_mean; /* per epoch, m^2 */
	double ospa_mean;
	double spuriousness;
	struct sky_score_figures all;
	struct sky_score_figures cls[SKY_TARGET_CLASS_COUNT];
};

struct sky_scorer;

/*
 * A scorer for n_targets targets (dense indices). NULL with errno set on
 * failure.
 */
struct sky_scorer *sky_scorer_create(const struct sky_score_params *p, uint32_t n_targets);
void sky_scorer_free(struct sky_scorer *s);

/*
 * Score one epoch: n truths (distinct targets) and m track states. out may
 * be NULL. 0, or -ENOMEM, or -EINVAL (a target index out of range).
 */
int sky_scorer_epoch(struct sky_scorer *s, double t, const struct sky_score_truth *truth,
		     uint32_t n, const struct sky_score_est *est, uint32_t m,
		     struct sky_score_epoch *out);

/* The figures so far. */
void sky_scorer_result(const struct sky_scorer *s, struct sky_score_result *out);

/* Per-class sums so far (index SKY_TARGET_CLASS_COUNT: all classes). */
const struct sky_score_acc *sky_scorer_acc(const struct sky_scorer *s, unsigned cls);

/* Figures of one accumulator over a run of `epochs` epochs. */
void sky_score_figures(const struct sky_score_acc *a, uint64_t epochs,
		       struct sky_score_figures *f);

#endif
