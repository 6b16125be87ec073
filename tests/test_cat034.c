/*
 * test_cat034.c - CAT034 decoder and encoder: hand-built records with known
 * values, every malformation the format allows (each with its reason, FRN and
 * item; vectors sit in exactly-sized heap buffers so ASan sees any overread),
 * a seeded encode -> decode round trip, and the datagram decoder's raw bytes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cat034_random.h"
#include "testlib.h"

SKY_TEST_CODEC(034);

struct outcome {
	size_t n;
	struct sky_ast_error err;
	struct sky_cat034 r;
};

/* Decode a copy of v in a buffer of exactly len bytes. */
static struct outcome decode_exact(const uint8_t *v, size_t len)
{
	struct outcome o = { 0 };
	o.n = sky_test_decode_heap(&codec_034, 0, v, len, &o.r, &o.err);
	o.r.sp = o.r.re = NULL; /* pointed into the freed copy */
	return o;
}

#define DECODE(...) SKY_TEST_BYTES(decode_exact, __VA_ARGS__)

static void expect_reject(struct outcome o, size_t n, enum sky_ast_reject why,
			  unsigned frn, const char *item, uint32_t offset)
{
	sky_test_expect_reject("record", o.n, &o.err, n, why, frn, item, offset);
}

Test(cat034, decodes_a_sector_crossing)
{
	struct outcome o = DECODE(0xF0, 0x19, 0x0D, 0x02, 0x35, 0x6D, 0xFA, 0x60);
	cr_assert_eq(o.n, 8);
	cr_assert_eq(o.err.reason, SKY_AST_OK);
	cr_expect_eq(o.r.present, SKY_CAT034_I010 | SKY_CAT034_I000 | SKY_CAT034_I030 |
				  SKY_CAT034_I020);
	cr_expect_eq(o.r.sac, 25);
	cr_expect_eq(o.r.sic, 13);
	cr_expect_eq(o.r.msg_type, SKY_CAT034_SECTOR_CROSSING);
	cr_expect_eq(o.r.tod, 0x356DFA); /* 27355.953125 s */
	cr_expect_eq(o.r.sector, 0x60);  /* 135 deg */
}

Test(cat034, decodes_a_north_marker_with_compounds_and_position)
{
	struct outcome o = DECODE(0xEF, 0x10,             /* 010 000 030 041 050 060, 120 */
				  0x19, 0x0C, 0x01,       /* SAC SIC, north marker */
				  0x35, 0x6E, 0x49,       /* tod */
				  0x02, 0x79,             /* 4.9453125 s */
				  0x84, 0x44, 0x4E, 0x00, /* 050: COM, MDS */
				  0x9C, 0x70, 0xA0, 0xE0, 0xA0, /* 060: COM PSR SSR MDS */
				  0xFF, 0x38,             /* -200 m */
				  0x1F, 0x00, 0x00,       /* 43.59375 deg */
				  0xF0, 0x00, 0x00);      /* -22.5 deg */
	cr_assert_eq(o.err.reason, SKY_AST_OK, "%s", sky_ast_reject_name(o.err.reason));
	cr_assert_eq(o.n, 27);
	cr_expect_eq(o.r.msg_type, SKY_CAT034_NORTH_MARKER);
	cr_expect_eq(o.r.tod, 0x356E49);
	cr_expect_eq(o.r.rot_period, 633);
	cr_expect_eq(o.r.cfg_sub, SKY_CAT034_SUB_COM | SKY_CAT034_SUB_MDS);
	cr_expect_eq(o.r.cfg_com, 0x44);
	cr_expect_eq(o.r.cfg_mds, 0x4E00);
	cr_expect_eq(o.r.mode_sub, SKY_CAT034_SUB_COM | SKY_CAT034_SUB_PSR |
				   SKY_CAT034_SUB_SSR | SKY_CAT034_SUB_MDS);
	cr_expect_eq(o.r.mode_com, 0x70);
	cr_expect_eq(o.r.mode_psr, 0xA0);
	cr_expect_eq(o.r.mode_ssr, 0xE0);
	cr_expect_eq(o.r.mode_mds, 0xA0);
	cr_expect_eq(o.r.pos_hgt, -200);
	cr_expect_eq(o.r.pos_lat, 0x1F0000);
	cr_expect_eq(o.r.pos_lon, -0x100000);
}

Test(cat034, decodes_counts_window_filter_collimation_re_and_sp)
{
	struct outcome o = DECODE(0xC1, 0xFE,             /* 010 000, 070 100 110 120 090 RE SP */
				  0x01, 0x02, 0x03,
				  0x02, 0x0F, 0xFF, 0xA0, 0x01, /* 070: (1, 2047) (20, 1) */
				  0x01, 0x00, 0xFF, 0xFF, 0x40, 0x00, 0x80, 0x00, /* 100 */
				  0x09,                   /* 110 */
				  0x00, 0x10, 0xC0, 0x00, 0x00, 0x40, 0x00, 0x00, /* 120: lat -90 */
				  0x80, 0x7F,             /* 090 */
				  0x01,                   /* RE: empty body */
				  0x03, 0xAB, 0xCD);      /* SP */
	cr_assert_eq(o.err.reason, SKY_AST_OK, "%s", sky_ast_reject_name(o.err.reason));
	cr_assert_eq(o.n, 33);
	cr_expect_eq(o.r.n_counts, 2);
	cr_expect_eq(o.r.counts[0].typ, 1);
	cr_expect_eq(o.r.counts[0].count, 2047);
	cr_expect_eq(o.r.counts[1].typ, 20);
	cr_expect_eq(o.r.counts[1].count, 1);
	cr_expect_eq(o.r.win_rho_start, 256);
	cr_expect_eq(o.r.win_rho_end, 0xFFFF);
	cr_expect_eq(o.r.win_theta_start, 0x4000);
	cr_expect_eq(o.r.win_theta_end, 0x8000);
	cr_expect_eq(o.r.data_filter, 9);
	cr_expect_eq(o.r.pos_hgt, 16);
	cr_expect_eq(o.r.pos_lat, -(1 << 22));
	cr_expect_eq(o.r.pos_lon, 1 << 22);
	cr_expect_eq(o.r.coll_rng, -128);
	cr_expect_eq(o.r.coll_azm, 127);
	cr_expect_eq(o.r.re_len, 0);
	cr_expect_eq(o.r.sp_len, 2);
}

Test(cat034, formats_text_and_json_with_the_same_names)
{
	static const uint8_t v[] = { 0xF8, 0x19, 0x0D, 0x01, 0x00, 0x00, 0x80, 0x60, 0x02, 0x80 };
	struct sky_cat034 r;
	struct sky_ast_error err = { 0 };
	cr_assert_eq(sky_cat034_decode(v, sizeof(v), 0, &r, &err), sizeof(v));
	char buf[512];
	struct sky_text t;
	sky_text_init(&t, buf, sizeof(buf), false);
	sky_cat034_category.format(&r, &t);
	cr_expect_str_eq(buf, "sac=25 sic=13 msg_type=1 msg=north_marker tod_s=1.000 "
			      "sector_deg=135.0000 rot_period_s=5.000");
	sky_text_init(&t, buf, sizeof(buf), true);
	sky_cat034_category.format(&r, &t);
	cr_expect_str_eq(buf, "\"sac\":25,\"sic\":13,\"msg_type\":1,\"msg\":\"north_marker\","
			      "\"tod_s\":1.000,\"sector_deg\":135.0000,\"rot_period_s\":5.000");
}

/* ---- malformations ---- */

Test(cat034, rejects_record_whose_item_runs_past_the_block)
{
	expect_reject(DECODE(0xF0, 0x19, 0x0D, 0x02, 0x35), 0, SKY_AST_REJ_ITEM_PAST_BLOCK,
		      3, "I034/030", 4);
}

Test(cat034, rejects_record_whose_fspec_runs_past_the_block)
{
	expect_reject(DECODE(0x81), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0);
	expect_reject(decode_exact(NULL, 0), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0);
}

Test(cat034, rejects_fspec_longer_than_the_uap)
{
	/* 14 FRNs fit two FSPEC octets; a third is an FRN the UAP does not define */
	expect_reject(DECODE(0xC1, 0x01, 0x80, 0x19, 0x0D, 0x01), 0,
		      SKY_AST_REJ_FSPEC_TOO_LONG, 0, NULL, 0);
}

Test(cat034, rejects_record_with_no_item)
{
	expect_reject(DECODE(0x00, 0x19), 0, SKY_AST_REJ_EMPTY_RECORD, 0, NULL, 0);
	expect_reject(DECODE(0x01, 0x00), 0, SKY_AST_REJ_EMPTY_RECORD, 0, NULL, 0);
}

Test(cat034, rejects_repetition_count_past_the_block)
{
	expect_reject(DECODE(0xC1, 0x80, 0x19, 0x0D, 0x01, 0x05, 0x00, 0x01), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 8, "I034/070", 5);
	expect_reject(DECODE(0xC1, 0x80, 0x19, 0x0D, 0x01), 0,
		      SKY_AST_REJ_ITEM_PAST_BLOCK, 8, "I034/070", 5);
}

Test(cat034, rejects_explicit_length_zero_or_too_long)
{
	expect_reject(DECODE(0xC1, 0x02, 0x19, 0x0D, 0x01, 0x00), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 14, "SP", 5);
	expect_reject(DECODE(0xC1, 0x02, 0x19, 0x0D, 0x01, 0x05, 0xAA), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 14, "SP", 5);
	expect_reject(DECODE(0xC1, 0x04, 0x19, 0x0D, 0x01, 0x03, 0xAA), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 13, "RE", 5);
	expect_reject(DECODE(0xC1, 0x04, 0x19, 0x0D, 0x01), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 13, "RE", 5);
}

Test(cat034, rejects_compound_with_undefined_subfield)
{
	/* bits 2 and 3 of the I034/050 and I034/060 primaries are undefined */
	expect_reject(DECODE(0xC4, 0x19, 0x0D, 0x01, 0x40, 0x00), 0,
		      SKY_AST_REJ_COMPOUND_INVALID, 6, "I034/050", 4);
	expect_reject(DECODE(0xC2, 0x19, 0x0D, 0x01, 0x20, 0x00), 0,
		      SKY_AST_REJ_COMPOUND_INVALID, 7, "I034/060", 4);
	/* a second primary octet would announce subfields 7.. which do not exist */
	expect_reject(DECODE(0xC4, 0x19, 0x0D, 0x01, 0x01, 0x80, 0x00), 0,
		      SKY_AST_REJ_COMPOUND_INVALID, 6, "I034/050", 4);
}

Test(cat034, rejects_compound_whose_subfields_run_past_the_block)
{
	expect_reject(DECODE(0xC4, 0x19, 0x0D, 0x01, 0x84, 0x00, 0x4E), 0,
		      SKY_AST_REJ_ITEM_PAST_BLOCK, 6, "I034/050", 4);
	expect_reject(DECODE(0xC4, 0x19, 0x0D, 0x01, 0x01), 0,
		      SKY_AST_REJ_ITEM_PAST_BLOCK, 6, "I034/050", 4);
}

Test(cat034, refuses_record_without_data_source_or_message_type)
{
	expect_reject(DECODE(0x40, 0x01), 2, SKY_AST_REJ_MISSING_MANDATORY, 1, "I034/010", 0);
	expect_reject(DECODE(0x80, 0x19, 0x0D), 3, SKY_AST_REJ_MISSING_MANDATORY, 2,
		      "I034/000", 0);
}

Test(cat034, refuses_latitude_beyond_90_degrees)
{
	expect_reject(DECODE(0xC1, 0x10, 0x19, 0x0D, 0x01,
			     0x00, 0x00, 0x40, 0x00, 0x01, 0x00, 0x00, 0x00),
		      13, SKY_AST_REJ_VALUE_INVALID, 11, "I034/120", 5);
	expect_reject(DECODE(0xC1, 0x10, 0x19, 0x0D, 0x01,
			     0x00, 0x00, 0xBF, 0xFF, 0xFF, 0x00, 0x00, 0x00),
		      13, SKY_AST_REJ_VALUE_INVALID, 11, "I034/120", 5);
}

/* ---- round trip ---- */

static uint8_t pool[256];

Test(cat034, round_trips_random_records_through_encode_and_decode)
{
	uint64_t s = 0x034034;
	sky_test_rand_bytes(&s, pool, sizeof(pool));
	for (unsigned i = 0; i < 5000; i++) {
		struct sky_cat034 a, b;
		uint8_t buf[512];
		c034_random(&s, &a, false, pool, 20);
		sky_test_round_trip(&codec_034, 0, &a, &b, buf, sizeof(buf), i);
		cr_assert(sky_cat034_equal(&a, &b), "record %u differs after the round trip", i);
	}
}

Test(cat034, encoder_reports_a_buffer_too_small)
{
	struct sky_cat034 r = { .present = SKY_CAT034_I010 | SKY_CAT034_I000 | SKY_CAT034_I030,
				.sac = 1, .sic = 2, .msg_type = 1, .tod = 5 };
	uint8_t buf[64];
	size_t n = sky_cat034_encode(&r, buf, sizeof(buf));
	cr_assert_eq(n, 7);
	static const uint8_t want[] = { 0xE0, 1, 2, 1, 0, 0, 5 };
	cr_expect_arr_eq(buf, want, sizeof(want));
	cr_expect_eq(sky_cat034_encode(&r, buf, 10), 0);
	r.present |= SKY_CAT034_SP;
	r.sp_len = 255;
	r.sp = buf;
	cr_expect_eq(sky_cat034_encode(&r, buf, sizeof(buf)), 0);
}

/* ---- the datagram decoder ---- */

Test(cat034, datagram_decoder_hands_out_the_raw_record_bytes)
{
	uint8_t dg[1024];
	struct sky_cat034 recs[8];
	static struct sky_test_seen seen;
	uint64_t s = 77;
	for (unsigned i = 0; i < 8; i++) {
		c034_random(&s, &recs[i], false, pool, 20);
		recs[i].present &= ~(uint32_t)(SKY_CAT034_I070 | SKY_CAT034_SP | SKY_CAT034_RE);
	}
	sky_test_datagram_round_trip(&codec_034, 0, recs, 8, dg, sizeof(dg), &seen);
}

Test(cat034, block_goes_on_after_a_refused_record)
{
	static const uint8_t dg[] = { 34, 0, 3 + 3 + 8,
				      0x80, 0x19, 0x0D, /* no I034/000: refused, delimited */
				      0xF0, 0x19, 0x0D, 0x02, 0x35, 0x6D, 0xFA, 0x60 };
	static struct sky_test_seen seen;
	cr_assert_eq(sky_test_decode_datagram(dg, sizeof(dg), NULL, 34, &seen), 1);
	cr_expect_eq(seen.rejects, 1);
	cr_expect_eq(seen.last.reason, SKY_AST_REJ_MISSING_MANDATORY);
	cr_expect_eq(seen.raw[0], dg + 6);
}
