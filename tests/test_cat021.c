/*
 * test_cat021.c - the CAT021 codec: hand-built records of both editions
 * decoded field by field, every malformation with its named reason and
 * item, random round trips through the encoder, and the raw bytes reaching
 * the caller through the datagram decoder.
 *
 * Records under test are copied into heap buffers of exactly their size, so
 * the sanitizer build catches any read past the block.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cat021_gen.h"
#include "testlib.h"

SKY_TEST_CODEC(021);

/* Decode into a cleared r (cat021_diff compares every field). */
static size_t decode_exact(const uint8_t *bytes, size_t n, unsigned ed,
			   struct sky_cat021 *r, struct sky_ast_error *err)
{
	memset(r, 0, sizeof(*r));
	return sky_test_decode_heap(&codec_021, ed, bytes, n, r, err);
}

#define DECODE_OK(bytes, ed, r)                                                 \
	do {                                                                    \
		struct sky_ast_error e_;                                        \
		size_t n_ = decode_exact(bytes, sizeof(bytes), ed, r, &e_);     \
		cr_assert_eq(n_, sizeof(bytes), "size %zu, reason %s", n_,      \
			     sky_ast_reject_name(e_.reason));                   \
		cr_assert_eq(e_.reason, SKY_AST_OK, "%s",                       \
			     sky_ast_reject_name(e_.reason));                   \
	} while (0)

/* 010 040 161 015 071 130 131 | 080 | 140 090 145 | 155 160 | 170 020 */
static const uint8_t rec_2_6[] = {
	0xff, 0x11, 0x63, 0x29, 0xc0,
	0x12, 0x34,                         /* 010 */
	0x21, 0x60,                         /* 040: ATP 1, FX; GBS SIM */
	0x0a, 0xbc,                         /* 161: 2748 */
	0x07,                               /* 015 */
	0x12, 0x34, 0x56,                   /* 071 */
	0x20, 0x00, 0x00, 0xe0, 0x00, 0x00, /* 130: 45, -45 deg */
	0x10, 0x00, 0x00, 0x00, 0xf0, 0x00, 0x00, 0x00, /* 131: 45, -45 deg */
	0xab, 0xcd, 0xef,                   /* 080 */
	0xff, 0x38,                         /* 140: -200 * 6.25 ft */
	0x45, 0x96,                         /* 090: NUCr 2 NUCp 2 | NICbaro 1 NACp 11 */
	0x01, 0x40,                         /* 145: FL 80 */
	0x7f, 0xf0,                         /* 155: -16 * 6.25 ft/min */
	0x80, 0x10, 0x40, 0x00,             /* 160: RE, gs 16, 90 deg */
	0x2c, 0xc3, 0x71, 0xcb, 0x3d, 0x20, /* 170: "KLM1234" */
	0x05,                               /* 020 */
};

Test(cat021, decodes_hand_built_2_6_record)
{
	struct sky_cat021 r;
	DECODE_OK(rec_2_6, SKY_CAT021_ED_2_6, &r);
	cr_assert_eq(r.edition, SKY_CAT021_ED_2_6);
	cr_assert_eq(r.sac, 0x12);
	cr_assert_eq(r.sic, 0x34);
	cr_assert_eq(r.atp, 1);
	cr_assert_eq(r.trd_ext, 1);
	cr_assert(r.gbs == 1 && r.sim == 1 && r.tst == 0 && r.dcr == 0);
	cr_assert_eq(r.track_number, 2748);
	cr_assert_eq(r.service_id, 7);
	cr_assert_eq(r.toa_pos, 0x123456);
	cr_assert_eq(r.lat, 1 << 21);
	cr_assert_eq(r.lon, -(1 << 21));
	cr_assert_eq(r.lat_hr, 1 << 28);
	cr_assert_eq(r.lon_hr, -(1 << 28));
	cr_assert_eq(r.address, 0xabcdef);
	cr_assert_eq(r.geo_height, -200);
	cr_assert_eq(r.qi_ext, 1);
	cr_assert(r.nucr_nacv == 2 && r.nucp_nic == 2 && r.nic_baro == 1 && r.nacp == 11);
	cr_assert_eq(r.fl, 320);
	cr_assert(r.bvr_re == 0 && r.bvr == -16);
	cr_assert(r.gs_re == 1 && r.gs == 16 && r.track_angle == 0x4000);
	cr_assert_str_eq(r.callsign, "KLM1234");
	cr_assert_eq(r.emitter_cat, 5);
	uint64_t want = SKY_CAT021_BIT(I010) | SKY_CAT021_BIT(I040) | SKY_CAT021_BIT(I161) |
			SKY_CAT021_BIT(I015) | SKY_CAT021_BIT(I071) | SKY_CAT021_BIT(I130) |
			SKY_CAT021_BIT(I131) | SKY_CAT021_BIT(I080) | SKY_CAT021_BIT(I140) |
			SKY_CAT021_BIT(I090) | SKY_CAT021_BIT(I145) | SKY_CAT021_BIT(I155) |
			SKY_CAT021_BIT(I160) | SKY_CAT021_BIT(I170) | SKY_CAT021_BIT(I020);
	cr_assert_eq(r.present, want);
}

/* 010 040 030 130 080 140 090 | 210 145 | 160 165 200 | 070 131 */
static const uint8_t rec_0_26[] = {
	0xff, 0xa1, 0x63, 0x06,
	0x01, 0x02,                         /* 010 */
	0x22, 0x50,                         /* 040: SIM SPI | ATP 2 ARC 2 */
	0x00, 0x01, 0x00,                   /* 030: 2 s */
	0x01, 0x00, 0x00, 0x00, 0xfe, 0x00, 0x00, 0x00, /* 130: 90, -180 deg */
	0x00, 0x00, 0x01,                   /* 080 */
	0x00, 0x10,                         /* 140: 100 ft */
	0x6c, 0x09,                         /* 090: AC 1 MN 2 DC 3 PA 9 */
	0x11,                               /* 210: DTI OTR */
	0xff, 0xfc,                         /* 145: FL -1 */
	0xff, 0xf0, 0x80, 0x00,             /* 160: gs -16, 180 deg */
	0x81, 0xfa,                         /* 165: TI 2, FX | ROT -3 */
	0x05,                               /* 200 */
	0xa0, 0x53,                         /* 070: V L, 0123 */
	0x7f,                               /* 131: signal amplitude */
};

Test(cat021, decodes_hand_built_0_26_record)
{
	struct sky_cat021 r;
	DECODE_OK(rec_0_26, SKY_CAT021_ED_0_26, &r);
	cr_assert_eq(r.edition, SKY_CAT021_ED_0_26);
	cr_assert(r.sac == 1 && r.sic == 2);
	cr_assert(r.sim == 1 && r.spi == 1 && r.gbs == 0 && r.atp == 2 && r.arc == 2);
	cr_assert_eq(r.tod, 256);
	cr_assert_eq(r.lat, 1 << 24);
	cr_assert_eq(r.lon, -(1 << 25));
	cr_assert_eq(r.address, 1);
	cr_assert_eq(r.geo_height, 16);
	cr_assert(r.fom_ac == 1 && r.fom_mn == 2 && r.fom_dc == 3 && r.fom_pa == 9);
	cr_assert_eq(r.lti, 0x11);
	cr_assert_eq(r.fl, -4);
	cr_assert(r.gs == -16 && r.track_angle == 0x8000);
	cr_assert(r.rot_ti == 2 && r.rot_ext == 1 && r.rot == -3);
	cr_assert_eq(r.ps, 5);
	cr_assert(r.m3a_v == 1 && r.m3a_g == 0 && r.m3a_l == 1 && r.mode3a == 0123);
	cr_assert_eq(r.sig_amp, 0x7f);
	cr_assert(sky_cat021_has(&r, SKY_CAT021_I131_SA));
	cr_assert(!sky_cat021_has(&r, SKY_CAT021_I131));
}

Test(cat021, helpers_give_position_and_time_in_either_edition)
{
	struct sky_cat021 r;
	int32_t lat, lon;
	uint32_t tod;
	DECODE_OK(rec_0_26, SKY_CAT021_ED_0_26, &r);
	cr_assert(sky_cat021_position_hr(&r, &lat, &lon));
	cr_assert(lat == 1 << 29 && lon == -(1 << 30));
	cr_assert(sky_cat021_position_time(&r, &tod) && tod == 256);
	DECODE_OK(rec_2_6, SKY_CAT021_ED_2_6, &r);
	cr_assert(sky_cat021_position_hr(&r, &lat, &lon));
	cr_assert(lat == 1 << 28 && lon == -(1 << 28)); /* 131 preferred */
	r.present &= ~SKY_CAT021_BIT(I131);
	cr_assert(sky_cat021_position_hr(&r, &lat, &lon));
	cr_assert(lat == 1 << 28 && lon == -(1 << 28)); /* 130 scaled */
	cr_assert(sky_cat021_position_time(&r, &tod) && tod == 0x123456);
	r.present = SKY_CAT021_BIT(I010);
	cr_assert(!sky_cat021_position_hr(&r, &lat, &lon));
	cr_assert(!sky_cat021_position_time(&r, &tod));
}

Test(cat021, formats_fields_in_real_units_as_text_and_json)
{
	struct sky_cat021 r;
	char buf[2048];
	struct sky_text t;
	DECODE_OK(rec_2_6, SKY_CAT021_ED_2_6, &r);
	sky_text_init(&t, buf, sizeof(buf), false);
	sky_text_begin(&t);
	sky_cat021_format(&r, &t);
	sky_text_end(&t);
	cr_assert(!t.overflow);
	buf[t.len] = '\0';
	const char *want[] = {"sac=18 ", "track_number=2748", "address=ABCDEF",
			      "callsign=KLM1234", "lat_deg=45.00000000", "lon_deg=-45.00000000",
			      "hr_lat_deg=45.000000000", "fl=80.00", "geo_height_ft=-1250.00",
			      "bvr_ft_min=-100.00", "track_deg=90.0000", "toa_pos_s=9320.6718750",
			      "trd={atp=1 ", "nacp=11"};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_assert(strstr(buf, want[i]), "missing %s in %s", want[i], buf);
	sky_text_init(&t, buf, sizeof(buf), true);
	sky_text_begin(&t);
	sky_cat021_format(&r, &t);
	sky_text_end(&t);
	buf[t.len] = '\0';
	cr_assert(strstr(buf, "{\"sac\":18,\"sic\":52,"), "%s", buf);
	cr_assert(strstr(buf, "\"callsign\":\"KLM1234\""), "%s", buf);
	cr_assert(strstr(buf, "\"trd\":{\"atp\":1,"), "%s", buf);
	DECODE_OK(rec_0_26, SKY_CAT021_ED_0_26, &r);
	sky_text_init(&t, buf, sizeof(buf), false);
	sky_text_begin(&t);
	sky_cat021_format(&r, &t);
	sky_text_end(&t);
	buf[t.len] = '\0';
	cr_assert(strstr(buf, "lat_deg=90.00000000 lon_deg=-180.00000000"), "%s", buf);
	cr_assert(strstr(buf, "mode3a=0123 mode3a_v=1"), "%s", buf);
	cr_assert(strstr(buf, "rot_deg_s=-0.75"), "%s", buf);
}

/* ---- malformations ---- */

static void expect_reject(const uint8_t *b, size_t n, unsigned ed, enum sky_ast_reject why,
			  unsigned frn, const char *item, size_t want_size)
{
	struct sky_cat021 r;
	struct sky_ast_error e;
	size_t got = decode_exact(b, n, ed, &r, &e);
	sky_test_expect_reject("record", got, &e, want_size, why, frn, item, SKY_TEST_ANY_OFFSET);
}

#define REJECT(ed, why, frn, item, size, ...)                                   \
	do {                                                                    \
		static const uint8_t b_[] = {__VA_ARGS__};                      \
		expect_reject(b_, sizeof(b_), ed, SKY_AST_REJ_##why, frn, item, size); \
	} while (0)

Test(cat021, rejects_items_truncated_by_the_block)
{
	REJECT(0, ITEM_PAST_BLOCK, 1, "I021/010", 0, 0x80, 0x12);
	REJECT(0, ITEM_PAST_BLOCK, 2, "I021/040", 0, 0xc0, 0x00, 0x01, 0x01);
	REJECT(0, ITEM_PAST_BLOCK, 7, "I021/131", 0, 0x82, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7);
	REJECT(1, ITEM_PAST_BLOCK, 4, "I021/130", 0, 0x90, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7);
	REJECT(1, ITEM_PAST_BLOCK, 17, "I021/165", 0, 0x81, 0x01, 0x20, 0x00, 0x01, 0x01);
}

Test(cat021, rejects_fspec_running_past_the_block_or_too_long)
{
	REJECT(0, FSPEC_PAST_BLOCK, 0, NULL, 0, 0x81);
	REJECT(0, FSPEC_PAST_BLOCK, 0, NULL, 0, 0xff, 0xff, 0xff);
	REJECT(0, FSPEC_TOO_LONG, 0, NULL, 0, 0x81, 1, 1, 1, 1, 1, 1, 0x02, 0x00, 0x01);
	REJECT(1, FSPEC_TOO_LONG, 0, NULL, 0, 0x81, 1, 1, 1, 1, 0x80, 0x00, 0x01);
	REJECT(0, EMPTY_RECORD, 0, NULL, 0, 0x00, 0x00);
}

Test(cat021, rejects_repetition_count_past_the_block)
{
	/* 250: REP 3 with one register */
	REJECT(0, REPETITION_PAST_BLOCK, 39, "I021/250", 0, 0x81, 1, 1, 1, 1, 0x10,
	       0x00, 0x01, 0x03, 1, 2, 3, 4, 5, 6, 7, 8);
	/* 110 TID: REP 2 with one point */
	REJECT(0, REPETITION_PAST_BLOCK, 34, "I021/110", 0, 0x81, 1, 1, 1, 0x04,
	       0x00, 0x01, 0x40, 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	/* 250 REP byte itself missing */
	REJECT(0, ITEM_PAST_BLOCK, 39, "I021/250", 0, 0x81, 1, 1, 1, 1, 0x10, 0x00, 0x01);
}

Test(cat021, rejects_explicit_length_zero_or_too_long)
{
	REJECT(0, EXPLICIT_LEN_INVALID, 49, "SP", 0, 0x81, 1, 1, 1, 1, 1, 0x02, 0x00, 0x01, 0x00);
	REJECT(0, EXPLICIT_LEN_INVALID, 49, "SP", 0, 0x81, 1, 1, 1, 1, 1, 0x02, 0x00, 0x01,
	       0x10, 0xaa);
	REJECT(0, EXPLICIT_LEN_INVALID, 48, "RE", 0, 0x81, 1, 1, 1, 1, 1, 0x04, 0x00, 0x01,
	       0x05, 0x01, 0x02);
	REJECT(1, EXPLICIT_LEN_INVALID, 35, "SP", 0, 0x81, 1, 1, 1, 0x02, 0x00, 0x01, 0x00);
	REJECT(1, EXPLICIT_LEN_INVALID, 34, "RE", 0, 0x81, 1, 1, 1, 0x04, 0x00, 0x01, 0x03, 0x01);
}

Test(cat021, rejects_undefined_frn)
{
	/* 2.6: FRN 43..47 are spare */
	REJECT(0, UNDEFINED_ITEM, 43, NULL, 0, 0x81, 1, 1, 1, 1, 1, 0x80, 0x00, 0x01, 0x00);
	REJECT(0, UNDEFINED_ITEM, 47, NULL, 0, 0x81, 1, 1, 1, 1, 1, 0x08, 0x00, 0x01, 0x00);
	/* 0.26: FRN 29..33 are spare */
	REJECT(1, UNDEFINED_ITEM, 29, NULL, 0, 0x81, 1, 1, 1, 0x80, 0x00, 0x01, 0x00);
}

Test(cat021, rejects_compound_with_undefined_subfield)
{
	/* 220 announces a fifth subfield */
	REJECT(0, COMPOUND_INVALID, 31, "I021/220", 0, 0x81, 1, 1, 1, 0x20, 0x00, 0x01, 0x08,
	       0, 0, 0, 0);
	/* 110 announces a third subfield */
	REJECT(0, COMPOUND_INVALID, 34, "I021/110", 0, 0x81, 1, 1, 1, 0x04, 0x00, 0x01, 0x20,
	       0, 0);
	/* 295 announces a 24th subfield */
	REJECT(0, COMPOUND_INVALID, 42, "I021/295", 0, 0x81, 1, 1, 1, 1, 0x02, 0x00, 0x01,
	       0x01, 0x01, 0x01, 0x20, 0x00);
	/* 0.26 220 (FRN 23) */
	REJECT(1, COMPOUND_INVALID, 23, "I021/220", 0, 0x81, 1, 1, 0x40, 0x00, 0x01, 0x04, 0, 0);
	/* compound bitmap running past the block */
	REJECT(0, ITEM_PAST_BLOCK, 42, "I021/295", 0, 0x81, 1, 1, 1, 1, 0x02, 0x00, 0x01,
	       0x01, 0x01);
}

Test(cat021, refuses_record_without_sac_sic_but_keeps_its_size)
{
	REJECT(0, MISSING_MANDATORY, 1, "I021/010", 2, 0x40, 0x00);
	REJECT(1, MISSING_MANDATORY, 1, "I021/010", 3, 0x40, 0x00, 0x00, 0x00);
}

Test(cat021, refuses_latitude_beyond_the_pole)
{
	REJECT(0, VALUE_INVALID, 6, "I021/130", 9, 0x84, 0x00, 0x01,
	       0x40, 0x00, 0x01, 0x00, 0x00, 0x00);
	REJECT(0, VALUE_INVALID, 7, "I021/131", 11, 0x82, 0x00, 0x01,
	       0xdf, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00);
	REJECT(1, VALUE_INVALID, 4, "I021/130", 11, 0x90, 0x00, 0x01,
	       0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00);
	/* 0.26 longitude of 180 deg is outside [-180, 180) */
	REJECT(1, VALUE_INVALID, 4, "I021/130", 11, 0x90, 0x00, 0x01,
	       0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00);
}

Test(cat021, walks_items_it_does_not_use)
{
	/* 010, 110 (TIS 2 octets, 2 TID points), 250 (2 regs), 295 (2 ages), RE, SP */
	static const uint8_t b[] = {
		0x81, 0x01, 0x01, 0x01, 0x05, 0x13, 0x06,
		0x00, 0x01,                                     /* 010 */
		0xc0, 0xc1, 0x00, 0x02,                         /* 110: TIS TID */
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		0x02, 1, 2, 3, 4, 5, 6, 7, 0x40, 8, 7, 6, 5, 4, 3, 2, 0x50, /* 250 */
		0x01, 0x01, 0x01, 0xc0, 0x11, 0x22,             /* 295: 22nd, 23rd */
		0x04, 0xaa, 0xbb, 0xcc,                         /* RE */
		0x02, 0xdd,                                     /* SP */
	};
	struct sky_cat021 r;
	DECODE_OK(b, 0, &r);
	cr_assert(r.ti_present == 3 && r.ti_nav == 1 && r.ti_nvb == 1 && r.ti_points == 2);
	cr_assert(r.mb_count == 2 && r.mb[0] == 0x0102030405060740ull &&
		  r.mb[1] == 0x0807060504030250ull);
	cr_assert(r.ages_present == (3u << 21) && r.ages[21] == 0x11 && r.ages[22] == 0x22);
	cr_assert(r.re_len == 4 && r.sp_len == 2);
	/* the encoder leaves out 110, RE and SP */
	uint8_t out[128];
	size_t n = sky_cat021_encode(&r, out, sizeof(out));
	struct sky_cat021 d;
	struct sky_ast_error e;
	cr_assert_eq(decode_exact(out, n, 0, &d, &e), n);
	cr_assert_eq(d.present, r.present & ~(SKY_CAT021_BIT(I110) | SKY_CAT021_BIT(RE) |
					      SKY_CAT021_BIT(SP)));
	cr_assert(d.mb_count == 2 && d.mb[1] == r.mb[1] && d.ages[22] == 0x22);
}

Test(cat021, unknown_edition_index_falls_back_to_the_default)
{
	struct sky_cat021 r;
	struct sky_ast_error e;
	cr_assert_eq(decode_exact(rec_2_6, sizeof(rec_2_6), 9, &r, &e), sizeof(rec_2_6));
	cr_assert_eq(r.edition, SKY_CAT021_ED_2_6);
	cr_assert_str_eq(sky_cat021_category.uap(9)->edition, "2.6");
	cr_assert_str_eq(sky_cat021_category.uap(1)->edition, "0.26");
	cr_assert_eq(sky_ast_edition_find(&sky_cat021_category, "0.26"), 1);
}

/* ---- round trips ---- */

static void round_trip(unsigned ed, uint64_t allowed, uint64_t seed, unsigned count)
{
	uint64_t s = seed;
	uint8_t buf[512];
	for (unsigned i = 0; i < count; i++) {
		struct sky_cat021 a, b;
		cat021_gen(&a, ed, allowed, &s);
		memset(&b, 0, sizeof(b));
		sky_test_round_trip(&codec_021, ed, &a, &b, buf, sizeof(buf), i);
		const char *f = cat021_diff(&a, &b);
		cr_assert_null(f, "record %u edition %u: field %s differs", i, ed, f);
	}
}

Test(cat021, round_trips_random_2_6_records)
{
	round_trip(SKY_CAT021_ED_2_6, CAT021_GEN_ITEMS_2_6, 21, 3000);
}

Test(cat021, round_trips_random_0_26_records)
{
	round_trip(SKY_CAT021_ED_0_26, CAT021_GEN_ITEMS_0_26, 2126, 3000);
}

Test(cat021, encoder_reports_a_buffer_too_small)
{
	uint64_t s = 7;
	struct sky_cat021 a;
	uint8_t buf[512];
	cat021_gen(&a, 0, CAT021_GEN_ITEMS_2_6, &s);
	size_t n = sky_cat021_encode(&a, buf, sizeof(buf));
	cr_assert_gt(n, 0);
	cr_assert_eq(sky_cat021_encode(&a, buf, n - 1), 0);
	cr_assert_eq(sky_cat021_encode(&a, buf, n + 8), n);
}

/* ---- through the datagram decoder ---- */

/* Record i as the datagram decoder handed it out: its raw bytes and fields. */
static void expect_record(const struct sky_test_seen *s, unsigned i, unsigned ed,
			  const uint8_t *raw, size_t len, const struct sky_cat021 *want)
{
	cr_assert_eq(s->raw_len[i], len);
	cr_assert(memcmp(s->raw[i], raw, len) == 0, "record %u raw bytes", i);
	/* the scratch union keeps fields of earlier records: decode again to compare */
	const struct sky_cat021 *d = &s->rec[i].c021;
	struct sky_cat021 z;
	struct sky_ast_error e;
	decode_exact(s->raw[i], s->raw_len[i], ed, &z, &e);
	cr_assert_null(cat021_diff(want, &z), "record %u", i);
	cr_assert_eq(d->sac, want->sac);
	cr_assert_eq(d->present, want->present);
}

static void datagram_round_trip(unsigned ed, uint64_t allowed)
{
	static uint8_t dg[16384];
	static struct sky_cat021 want[40];
	static struct sky_test_seen seen;
	size_t at[40], len[40], pos = 0;
	uint64_t s = 99 + ed;
	for (unsigned b = 0; b < 4; b++) {
		for (unsigned k = 0; k < 10; k++)
			cat021_gen(&want[b * 10 + k], ed, allowed, &s);
		size_t blen = sky_test_write_block(&codec_021, dg + pos, sizeof(dg) - pos,
						   want + b * 10, 10, at + b * 10, len + b * 10);
		for (unsigned k = 0; k < 10; k++)
			at[b * 10 + k] += pos;
		pos += blen;
	}
	struct sky_ast_editions eds = {0};
	eds.ed[21] = (uint8_t)ed;
	cr_assert_eq(sky_test_decode_datagram(dg, pos, &eds, 21, &seen), 40);
	cr_assert_eq(seen.n, 40);
	cr_assert_eq(seen.rejects, 0);
	cr_assert_eq(seen.stats.records_by_cat[21], 40);
	for (unsigned i = 0; i < 40; i++)
		expect_record(&seen, i, ed, dg + at[i], len[i], &want[i]);
}

Test(cat021, raw_record_bytes_reach_the_caller_through_the_datagram_decoder)
{
	datagram_round_trip(SKY_CAT021_ED_2_6, CAT021_GEN_ITEMS_2_6);
	datagram_round_trip(SKY_CAT021_ED_0_26, CAT021_GEN_ITEMS_0_26);
}

Test(cat021, refused_record_does_not_stop_its_block)
{
	/* block: a record without 010, then a good one */
	uint8_t dg[3 + 2 + sizeof(rec_2_6)] = {21, 0, sizeof(dg), 0x40, 0x00};
	memcpy(dg + 5, rec_2_6, sizeof(rec_2_6));
	struct sky_cat021 want;
	struct sky_ast_error e;
	decode_exact(rec_2_6, sizeof(rec_2_6), 0, &want, &e);
	static struct sky_test_seen seen;
	cr_assert_eq(sky_test_decode_datagram(dg, sizeof(dg), NULL, 21, &seen), 1);
	expect_record(&seen, 0, 0, dg + 5, sizeof(rec_2_6), &want);
	cr_assert_eq(seen.rejects, 1);
	cr_assert_eq(seen.last.reason, SKY_AST_REJ_MISSING_MANDATORY);
	cr_assert_eq(seen.last.offset, 3);
}

Test(cat021, truncated_record_loses_the_rest_of_its_block_with_offset)
{
	/* good record, then a record whose 131 is cut by the block end */
	uint8_t dg[3 + sizeof(rec_2_6) + 8];
	memcpy(dg + 3, rec_2_6, sizeof(rec_2_6));
	static const uint8_t bad[] = {0x82, 0x00, 0x01, 1, 2, 3, 4, 5};
	memcpy(dg + 3 + sizeof(rec_2_6), bad, sizeof(bad));
	dg[0] = 21;
	dg[1] = 0;
	dg[2] = (uint8_t)sizeof(dg);
	struct sky_cat021 want;
	struct sky_ast_error e;
	decode_exact(rec_2_6, sizeof(rec_2_6), 0, &want, &e);
	static struct sky_test_seen seen;
	cr_assert_eq(sky_test_decode_datagram(dg, sizeof(dg), NULL, 21, &seen), 1);
	expect_record(&seen, 0, 0, dg + 3, sizeof(rec_2_6), &want);
	cr_assert_eq(seen.last.reason, SKY_AST_REJ_ITEM_PAST_BLOCK);
	cr_assert_eq(seen.last.offset, 3 + sizeof(rec_2_6) + 3);
}
