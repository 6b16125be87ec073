/*
 * track_cat062.h - a tracker's output (struct sky_track_update) as a CAT062
 * system track record, the air picture every consumer reads.
 *
 * Items (interfaces.md "output capture"): 010 015 070 105 100 185 040 080
 * always; 060, 245, 380/ADR, 136, 130, 220, 200, 290 and 500/APC whenever
 * the track has that data. Positions and velocities in 100/185 are in the
 * system plane (x east, y north at system.reference); 105 is the exact
 * WGS84 position of the track. CNF is set while a track is tentative, TSE
 * on a track's last message.
 */
#ifndef SKY_TRACK_CAT062_H
#define SKY_TRACK_CAT062_H

#include "cat062.h"
#include "geo.h"
#include "plot.h"

struct sky_cat062_source {
	uint8_t sac, sic;           /* system.sac / system.sic */
	uint8_t service;            /* I062/015 */
	const struct sky_enu_frame *sys;
};

void sky_track_to_cat062(const struct sky_cat062_source *src,
			 const struct sky_track_update *u, struct sky_cat062 *out);

#endif
