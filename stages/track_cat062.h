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
 *
 * The WGS84 position is the one costly part (a geodetic conversion), so
 * the packer (cat062_pack.h) converts the positions of a whole batch of
 * updates at once with sky_enu_geodetic_batch and hands each record its
 * latitude and longitude (sky_track_to_cat062_at). The record is written
 * without clearing it first: every field the encoder reads for the items
 * marked present is set, the fields of absent items are left as they were
 * (sky_cat062_encode never reads them), so the bytes depend on the update
 * alone.
 */
#ifndef SKY_TRACK_CAT062_H
#define SKY_TRACK_CAT062_H

#include "cat062.h"
#include "enu_geodetic_batch.h"
#include "geo.h"
#include "plot.h"

struct sky_cat062_source {
	uint8_t sac, sic;           /* system.sac / system.sic */
	uint8_t service;            /* I062/015 */
	const struct sky_enu_frame *sys;
};

/* The record of u whose position in WGS84 is lat_deg/lon_deg, as
 * sky_enu_geodetic_batch gives it for u->x, y, z in src->sys. */
void sky_track_to_cat062_at(const struct sky_cat062_source *src,
			    const struct sky_track_update *u, double lat_deg, double lon_deg,
			    struct sky_cat062 *out);

/* The same for one update, converting its position (a batch of one). */
void sky_track_to_cat062(const struct sky_cat062_source *src,
			 const struct sky_track_update *u, struct sky_cat062 *out);

#endif
