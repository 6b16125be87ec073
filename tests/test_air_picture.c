/*
 * test_air_picture.c - the end-of-run air-picture summary
 * (stages/air_picture.h): the documented class heuristic band by band,
 * and the track counts kept from a stream of track updates (started,
 * confirmed, tentative only, ended, a track number reused after its TSE).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "air_picture.h"

Test(air_picture, classes_follow_the_documented_speed_and_altitude_bands)
{
	cr_assert_eq(sky_air_classify(4, 230, true, 10000, true), SKY_AIR_UNKNOWN);
	cr_assert_eq(sky_air_classify(20, 800, true, 10000, false), SKY_AIR_UNKNOWN);
	cr_assert_eq(sky_air_classify(20, 230, true, 10000, true), SKY_AIR_AIRLINER);
	cr_assert_eq(sky_air_classify(20, 230, false, 0, true), SKY_AIR_AIRLINER);
	cr_assert_eq(sky_air_classify(20, 280, true, 6000, false), SKY_AIR_FIGHTER);
	cr_assert_eq(sky_air_classify(20, 240, true, 60, false), SKY_AIR_CRUISE_MISSILE);
	cr_assert_eq(sky_air_classify(20, 120, true, 5000, true), SKY_AIR_AIRLINER);
	cr_assert_eq(sky_air_classify(20, 60, true, 1200, true), SKY_AIR_GA);
	cr_assert_eq(sky_air_classify(20, 60, true, 300, true), SKY_AIR_HELICOPTER);
	cr_assert_eq(sky_air_classify(20, 50, true, 400, false), SKY_AIR_OWA_DRONE);
	cr_assert_eq(sky_air_classify(20, 15, true, 150, false), SKY_AIR_UAV_SMALL);
	cr_assert_eq(sky_air_classify(20, 15, false, 0, false), SKY_AIR_UAV_SMALL);
	cr_assert_eq(sky_air_classify(20, 10, true, 500, true), SKY_AIR_HELICOPTER);
	cr_assert_eq(sky_air_classify(20, 10, true, 9000, false), SKY_AIR_UNKNOWN);
	cr_assert_str_eq(sky_air_class_name(SKY_AIR_OWA_DRONE), "owa_drone");
	cr_assert_str_eq(sky_air_class_name(SKY_AIR_UNKNOWN), "unknown");
}

static struct sky_track_update upd(uint32_t no, double first_t, double t, uint16_t flags)
{
	struct sky_track_update u;
	memset(&u, 0, sizeof(u));
	u.track_no = no;
	u.first_t = first_t;
	u.t = t;
	u.flags = flags | SKY_TRACK_HAS_Z;
	u.vx = 230.0;
	u.z = 10000.0;
	u.plot_flags = SKY_PLOT_HAS_ADDR;
	return u;
}

Test(air_picture, counts_started_confirmed_tentative_and_ended_tracks)
{
	struct sky_air_picture *ap = sky_air_picture_create();
	cr_assert_not_null(ap);
	/* track 1: tentative twice, confirmed for 8 updates, then its TSE */
	struct sky_track_update u[12];
	unsigned n = 0;
	u[n++] = upd(1, 100, 100, 0);
	u[n++] = upd(1, 100, 104, 0);
	for (unsigned i = 0; i < 8; i++)
		u[n++] = upd(1, 100, 108 + 4 * i, SKY_TRACK_CONFIRMED);
	u[n++] = upd(1, 100, 136, SKY_TRACK_CONFIRMED | SKY_TRACK_TERMINATED);
	/* track 2: one plot, never confirmed */
	u[n++] = upd(2, 101, 101, 0);
	sky_air_picture_add(ap, u, n);
	/* track number 1 again after its TSE: a new track, still live */
	struct sky_track_update again[6];
	for (unsigned i = 0; i < 6; i++)
		again[i] = upd(1, 200, 200 + i, i ? SKY_TRACK_CONFIRMED : 0);
	sky_air_picture_add(ap, again, 6);
	struct sky_air_summary s;
	sky_air_picture_summary(ap, &s);
	cr_assert_eq(s.started, 3);
	cr_assert_eq(s.confirmed, 2);
	cr_assert_eq(s.tentative, 1);
	cr_assert_eq(s.ended, 1);
	cr_assert_eq(s.live, 1);
	cr_assert_eq(s.updates, n + 6);
	cr_assert_eq(s.by_class[SKY_AIR_AIRLINER], 2, "the ended one and the live one");
	const struct sky_air_summary *c = sky_air_picture_counts(ap);
	cr_assert_eq(c->by_class[SKY_AIR_AIRLINER], 1, "running counts: ended tracks only");
	sky_air_picture_destroy(ap);
}
