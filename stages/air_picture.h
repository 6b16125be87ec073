/*
 * air_picture.h - what the published air picture held, for the summary a
 * replay prints at its end: tracks started, confirmed, tentative only and
 * ended (TSE), and confirmed tracks by class.
 *
 * It watches the stream of track updates (nothing else), keyed by track
 * number; a track number seen again after its TSE, or with another start
 * time, is a new track. A confirmed track is classified when it ends (or
 * when the summary is taken, if it has not ended), from its confirmed
 * updates, by this deliberately simple kinematic heuristic (class names of
 * shared/interfaces.md):
 *
 *   v = mean ground speed (m/s); h = mean altitude (m; from the flight
 *   level when the track has one, else its height above the system plane
 *   corrected for the earth's curvature; unknown when it has neither);
 *   coop = the track carries transponder identity (Mode 3/A, Mode S
 *   address, flight level or callsign).
 *
 *   fewer than 5 confirmed updates, or v > 700   unknown
 *   v >= 150   h known and h < 1000          cruise_missile
 *              coop                          airliner
 *              otherwise                     fighter
 *   35 <= v < 150  coop, h known, h >= 3000  airliner (climbing, descending)
 *              coop, h known, h < 600        helicopter
 *              coop                          ga
 *              otherwise                     owa_drone
 *   v < 35     coop                          helicopter
 *              h unknown or h < 3000         uav_small
 *              otherwise                     unknown
 *
 * It cannot tell a fast drone from a slow aircraft without a transponder;
 * it is a summary, not an identification.
 */
#ifndef SKY_AIR_PICTURE_H
#define SKY_AIR_PICTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "plot.h"

#define SKY_AIR_CLASS_FOREACH(_)          \
	_(AIRLINER, "airliner")           \
	_(GA, "ga")                       \
	_(FIGHTER, "fighter")             \
	_(HELICOPTER, "helicopter")       \
	_(UAV_SMALL, "uav_small")         \
	_(OWA_DRONE, "owa_drone")         \
	_(CRUISE_MISSILE, "cruise_missile") \
	_(UNKNOWN, "unknown")

enum sky_air_class {
#define SKY_AIR_CLASS_ENUM(e, s) SKY_AIR_##e,
	SKY_AIR_CLASS_FOREACH(SKY_AIR_CLASS_ENUM)
#undef SKY_AIR_CLASS_ENUM
	SKY_AIR_CLASS_COUNT
};

const char *sky_air_class_name(unsigned c);

/* The heuristic above. */
enum sky_air_class sky_air_classify(unsigned n_confirmed, double v_mps, bool has_alt,
				    double alt_m, bool coop);

struct sky_air_summary {
	uint64_t started;          /* distinct tracks seen */
	uint64_t confirmed;        /* of which ever confirmed */
	uint64_t tentative;        /* never confirmed (dropped silently) */
	uint64_t ended;            /* confirmed tracks that sent their TSE */
	uint64_t live;             /* confirmed, no TSE yet */
	uint64_t updates;
	uint64_t by_class[SKY_AIR_CLASS_COUNT]; /* confirmed tracks */
};

struct sky_air_picture;

struct sky_air_picture *sky_air_picture_create(void);   /* NULL, errno */
void sky_air_picture_destroy(struct sky_air_picture *ap);
void sky_air_picture_add(struct sky_air_picture *ap, const struct sky_track_update *u,
			 unsigned n);
/* Counts so far, cheap: by_class and ended of ended tracks only, no
   tentative or live (the summary computes those). */
const struct sky_air_summary *sky_air_picture_counts(const struct sky_air_picture *ap);
/* Full counts: tracks not ended yet are classified on the fly (walks the
   table of 65536 track numbers). */
void sky_air_picture_summary(const struct sky_air_picture *ap, struct sky_air_summary *s);
void sky_air_summary_print(const struct sky_air_summary *s, FILE *f);

#endif
