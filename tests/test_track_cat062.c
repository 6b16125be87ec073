/*
 * test_track_cat062.c - publishing a track update as CAT062: the record
 * carries the items of interfaces.md in the system plane, CNF while
 * tentative and TSE on the last message, survives encode/decode within one
 * LSB, and its WGS84 position is the track's.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "track_cat062.h"

static struct sky_enu_frame sys;

static void setup(void)
{
	sky_enu_frame_init(&sys, 52.10, 5.18, 0.0);
}

static struct sky_track_update sample(void)
{
	struct sky_track_update u = {
		.track_no = 4242, .flags = SKY_TRACK_CONFIRMED | SKY_TRACK_HAS_Z,
		.plot_flags = SKY_PLOT_HAS_ADDR | SKY_PLOT_HAS_M3A | SKY_PLOT_HAS_FL |
			      SKY_PLOT_HAS_CALLSIGN,
		.t = 1717243200.0 + 3600.25, .x = -12345.6, .y = 67890.1, .z = 10363.2,
		.vx = 231.0, .vy = -12.5, .vz = 5.0, .cxx = 900, .cyy = 400,
		.address = 0x484c5a, .mode3a = 01234, .fl_q = 1360,
		.age_psr = 1.0f, .age_ssr = 1.0f, .age_mds = -1.0f, .age_ads = 0.5f,
		.callsign = "KLM1234",
	};
	return u;
}

static void roundtrip(const struct sky_cat062 *in, struct sky_cat062 *out)
{
	uint8_t buf[SKY_CAT062_MAX_RECORD + 8];
	size_t n = sky_cat062_encode(in, buf, sizeof(buf));
	cr_assert_gt(n, 0);
	struct sky_ast_error err = {0};
	cr_assert_eq(sky_cat062_decode(buf, n, 0, out, &err), n);
	cr_assert_eq(err.reason, SKY_AST_OK, "decode: %s", sky_ast_reject_name(err.reason));
}

Test(track_cat062, confirmed_track_carries_position_velocity_identity_in_the_system_plane,
     .init = setup)
{
	struct sky_track_update u = sample();
	struct sky_cat062_source src = {.sac = 0, .sic = 1, .service = 1, .sys = &sys};
	struct sky_cat062 r, d;
	sky_track_to_cat062(&src, &u, &r);
	roundtrip(&r, &d);
	uint32_t must = SKY_CAT062_I010 | SKY_CAT062_I015 | SKY_CAT062_I070 | SKY_CAT062_I105 |
			SKY_CAT062_I100 | SKY_CAT062_I185 | SKY_CAT062_I040 | SKY_CAT062_I080 |
			SKY_CAT062_I060 | SKY_CAT062_I245 | SKY_CAT062_I380 | SKY_CAT062_I136 |
			SKY_CAT062_I130 | SKY_CAT062_I220 | SKY_CAT062_I500 | SKY_CAT062_I290;
	cr_assert_eq(d.present & must, must, "missing items: %#x", must & ~d.present);
	cr_assert_eq(d.sic, 1);
	cr_assert_float_eq(d.x * 0.5, u.x, 0.25);
	cr_assert_float_eq(d.y * 0.5, u.y, 0.25);
	cr_assert_float_eq(d.vx * 0.25, u.vx, 0.125);
	cr_assert_float_eq(d.vy * 0.25, u.vy, 0.125);
	cr_assert_eq(d.tod, (uint32_t)((43200 + 3600.25) * 128), "1717243200 is 12:00 UTC");
	cr_assert_eq(d.track_number, 4242);
	cr_assert_eq(d.adr.adr, 0x484c5a);
	cr_assert_eq(d.mode3a, 01234);
	cr_assert_str_eq(d.callsign, "KLM1234");
	cr_assert_eq(d.fl, 1360);
	cr_assert_eq(d.status & (SKY_CAT062_TS_CNF | SKY_CAT062_TS_TSE), 0);
	cr_assert(d.status & SKY_CAT062_TS_MDS, "never updated by Mode S: aged flag set");
	cr_assert_eq(d.upd.age[SKY_CAT062_UPD_ADS], 2, "0.5 s in 1/4 s");
	double lat, lon, alt, enu[3] = {u.x, u.y, u.z};
	sky_enu_to_geodetic(&sys, enu, &lat, &lon, &alt);
	cr_assert_float_eq(d.lat * 180.0 / 33554432.0, lat, 180.0 / 33554432.0);
	cr_assert_float_eq(d.lon * 180.0 / 33554432.0, lon, 180.0 / 33554432.0);
	cr_assert_float_eq(d.geo_alt * 6.25 * 0.3048, u.z, 6.25 * 0.3048);
}

Test(track_cat062, tentative_track_sets_cnf_and_last_message_sets_tse, .init = setup)
{
	struct sky_track_update u = sample();
	struct sky_cat062_source src = {.sac = 0, .sic = 1, .service = 1, .sys = &sys};
	struct sky_cat062 r;
	u.flags = SKY_TRACK_TERMINATED;
	u.plot_flags = 0;
	sky_track_to_cat062(&src, &u, &r);
	cr_assert(r.status & SKY_CAT062_TS_CNF);
	cr_assert(r.status & SKY_CAT062_TS_TSE);
	cr_assert_eq(r.present & (SKY_CAT062_I060 | SKY_CAT062_I245 | SKY_CAT062_I380 |
				  SKY_CAT062_I136 | SKY_CAT062_I130),
		     0, "no identity or height items without the data");
}

Test(track_cat062, far_and_fast_tracks_are_clamped_not_wrapped, .init = setup)
{
	struct sky_track_update u = sample();
	struct sky_cat062_source src = {.sac = 0, .sic = 1, .service = 1, .sys = &sys};
	struct sky_cat062 r;
	u.x = 5e6;
	u.vx = -1e5;
	sky_track_to_cat062(&src, &u, &r);
	cr_assert_eq(r.x, 8388607);
	cr_assert_eq(r.vx, -32768);
}
