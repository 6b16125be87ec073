/*
 * test_cat002.c - CAT002 decoder and encoder: hand-built service messages
 * with known values, every malformation the format allows with its reason,
 * FRN and item (vectors in exactly-sized heap buffers so ASan sees any
 * overread), a seeded round trip, and the datagram decoder's raw bytes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cat002_random.h"
#include "testlib.h"

SKY_TEST_CODEC(002);

struct outcome {
	size_t n;
	struct sky_ast_error err;
	struct sky_cat002 r;
};

/* Decode a copy of v in a buffer of exactly len bytes. */
static struct outcome decode_exact(const uint8_t *v, size_t len)
{
	struct outcome o = { 0 };
	o.n = sky_test_decode_heap(&codec_002, 0, v, len, &o.r, &o.err);
	o.r.sp = NULL; /* pointed into the freed copy */
	return o;
}

#define DECODE(...) SKY_TEST_BYTES(decode_exact, __VA_ARGS__)

static void expect_reject(struct outcome o, size_t n, enum sky_ast_reject why,
			  unsigned frn, const char *item, uint32_t offset)
{
	sky_test_expect_reject("record", o.n, &o.err, n, why, frn, item, offset);
}

Test(cat002, decodes_a_sector_crossing)
{
	struct outcome o = DECODE(0xF0, 0x01, 0x02, 0x02, 0x40, 0x00, 0x01, 0x00);
	cr_assert_eq(o.err.reason, SKY_AST_OK);
	cr_assert_eq(o.n, 8);
	cr_expect_eq(o.r.present, SKY_CAT002_I010 | SKY_CAT002_I000 | SKY_CAT002_I020 |
				  SKY_CAT002_I030);
	cr_expect_eq(o.r.sac, 1);
	cr_expect_eq(o.r.sic, 2);
	cr_expect_eq(o.r.msg_type, SKY_CAT002_SECTOR_CROSSING);
	cr_expect_eq(o.r.sector, 0x40);
	cr_expect_eq(o.r.tod, 256);
}

Test(cat002, decodes_every_item)
{
	struct outcome o = DECODE(0xFF, 0xF4,
				  0x01, 0x02, 0x01, 0x00, 0x00, 0x00, 0x80, 0x02, 0x80,
				  0x03, 0x04,                   /* 050: 1, 2 */
				  0x0A,                         /* 060: 5 */
				  0x02, 0x8F, 0xFF, 0x04, 0x05, /* 070 */
				  0x01, 0x00, 0x02, 0x00, 0x40, 0x00, 0x80, 0x00, /* 100 */
				  0xFF, 0x01,                   /* 090 */
				  0x81, 0x02,                   /* 080: 64, 1 */
				  0x02, 0xEE);                  /* SP */
	cr_assert_eq(o.err.reason, SKY_AST_OK, "%s", sky_ast_reject_name(o.err.reason));
	cr_assert_eq(o.n, 33);
	cr_expect_eq(o.r.present, 0x17ff);
	cr_expect_eq(o.r.msg_type, SKY_CAT002_NORTH_MARKER);
	cr_expect_eq(o.r.tod, 128);
	cr_expect_eq(o.r.rot_period, 640);
	cr_expect_eq(o.r.n_config, 2);
	cr_expect_eq(o.r.config[0], 1);
	cr_expect_eq(o.r.config[1], 2);
	cr_expect_eq(o.r.n_procmode, 1);
	cr_expect_eq(o.r.procmode[0], 5);
	cr_expect_eq(o.r.n_counts, 2);
	cr_expect_eq(o.r.counts[0].aerial, 1);
	cr_expect_eq(o.r.counts[0].ident, 3);
	cr_expect_eq(o.r.counts[0].counter, 1023);
	cr_expect_eq(o.r.counts[1].aerial, 0);
	cr_expect_eq(o.r.counts[1].ident, 1);
	cr_expect_eq(o.r.counts[1].counter, 5);
	cr_expect_eq(o.r.win_rho_start, 256);
	cr_expect_eq(o.r.win_rho_end, 512);
	cr_expect_eq(o.r.win_theta_start, 0x4000);
	cr_expect_eq(o.r.win_theta_end, 0x8000);
	cr_expect_eq(o.r.coll_rng, -1);
	cr_expect_eq(o.r.coll_azm, 1);
	cr_expect_eq(o.r.n_warn, 2);
	cr_expect_eq(o.r.warn[0], 64);
	cr_expect_eq(o.r.warn[1], 1);
	cr_expect_eq(o.r.sp_len, 1);
}

Test(cat002, formats_json)
{
	static const uint8_t v[] = { 0xF0, 0x01, 0x02, 0x03, 0x40, 0x00, 0x01, 0x00 };
	struct sky_cat002 r;
	struct sky_ast_error err = { 0 };
	cr_assert_eq(sky_cat002_decode(v, sizeof(v), 0, &r, &err), sizeof(v));
	char buf[512];
	struct sky_text t;
	sky_text_init(&t, buf, sizeof(buf), true);
	sky_cat002_category.format(&r, &t);
	cr_expect_str_eq(buf, "\"sac\":1,\"sic\":2,\"msg_type\":3,\"msg\":\"south_marker\","
			      "\"sector_deg\":90.0000,\"tod_s\":2.000");
}

/* ---- malformations ---- */

Test(cat002, rejects_record_whose_fspec_runs_past_the_block)
{
	expect_reject(DECODE(0x81), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0);
}

Test(cat002, rejects_fspec_longer_than_the_uap)
{
	expect_reject(DECODE(0xC1, 0x01, 0x80, 0x01, 0x02, 0x01), 0,
		      SKY_AST_REJ_FSPEC_TOO_LONG, 0, NULL, 0);
}

Test(cat002, rejects_record_with_no_item)
{
	expect_reject(DECODE(0x00), 0, SKY_AST_REJ_EMPTY_RECORD, 0, NULL, 0);
}

Test(cat002, rejects_spare_frn_and_random_field_sequencing)
{
	expect_reject(DECODE(0xC1, 0x08, 0x01, 0x02, 0x01, 0x00), 0,
		      SKY_AST_REJ_UNDEFINED_ITEM, 12, NULL, 5);
	expect_reject(DECODE(0xC1, 0x02, 0x01, 0x02, 0x01, 0x01, 0x02, 0x00), 0,
		      SKY_AST_REJ_UNDEFINED_ITEM, 14, "RFS", 5);
}

Test(cat002, rejects_record_whose_item_runs_past_the_block)
{
	expect_reject(DECODE(0xD0, 0x01, 0x02, 0x01, 0x00, 0x01), 0,
		      SKY_AST_REJ_ITEM_PAST_BLOCK, 4, "I002/030", 4);
	expect_reject(DECODE(0xC1, 0x40, 0x01, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00), 0,
		      SKY_AST_REJ_ITEM_PAST_BLOCK, 9, "I002/100", 5);
}

Test(cat002, rejects_repetition_past_the_block)
{
	expect_reject(DECODE(0xC1, 0x80, 0x01, 0x02, 0x01, 0x02, 0x00, 0x01, 0x00), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 8, "I002/070", 5);
	expect_reject(DECODE(0xC4, 0x01, 0x02, 0x01, 0x03, 0x05), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 6, "I002/050", 4);
	expect_reject(DECODE(0xC2, 0x01, 0x02, 0x01, 0x01), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 7, "I002/060", 4);
	expect_reject(DECODE(0xC1, 0x10, 0x01, 0x02, 0x01, 0x01), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 11, "I002/080", 5);
}

Test(cat002, rejects_explicit_length_zero_or_too_long)
{
	expect_reject(DECODE(0xC1, 0x04, 0x01, 0x02, 0x01, 0x00), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 13, "SP", 5);
	expect_reject(DECODE(0xC1, 0x04, 0x01, 0x02, 0x01, 0x04, 0x00, 0x00), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 13, "SP", 5);
}

Test(cat002, refuses_record_without_data_source_or_message_type)
{
	expect_reject(DECODE(0x40, 0x01), 2, SKY_AST_REJ_MISSING_MANDATORY, 1, "I002/010", 0);
	expect_reject(DECODE(0xA0, 0x01, 0x02, 0x10), 4, SKY_AST_REJ_MISSING_MANDATORY, 2,
		      "I002/000", 0);
}

/* ---- round trip ---- */

static uint8_t pool[64];

Test(cat002, round_trips_random_records_through_encode_and_decode)
{
	uint64_t s = 0x002002;
	sky_test_rand_bytes(&s, pool, sizeof(pool));
	for (unsigned i = 0; i < 5000; i++) {
		struct sky_cat002 a, b;
		uint8_t buf[256];
		c002_random(&s, &a, false, pool, 20);
		sky_test_round_trip(&codec_002, 0, &a, &b, buf, sizeof(buf), i);
		cr_assert(sky_cat002_equal(&a, &b), "record %u differs after the round trip", i);
	}
}

Test(cat002, encoder_writes_a_north_marker_and_refuses_what_it_cannot_write)
{
	struct sky_cat002 r = { .present = SKY_CAT002_I010 | SKY_CAT002_I000 | SKY_CAT002_I030,
				.sac = 7, .sic = 9, .msg_type = 1, .tod = 0x123456 };
	uint8_t buf[64];
	static const uint8_t want[] = { 0xD0, 7, 9, 1, 0x12, 0x34, 0x56 };
	cr_assert_eq(sky_cat002_encode(&r, buf, sizeof(buf)), sizeof(want));
	cr_expect_arr_eq(buf, want, sizeof(want));
	r.present |= SKY_CAT002_I050; /* n_config 0: an FX list cannot be empty */
	cr_expect_eq(sky_cat002_encode(&r, buf, sizeof(buf)), 0);
	r.present = SKY_CAT002_I010 | SKY_CAT002_I000 | (1u << 11); /* spare FRN 12 */
	cr_expect_eq(sky_cat002_encode(&r, buf, sizeof(buf)), 0);
}

/* ---- the datagram decoder ---- */

Test(cat002, datagram_decoder_hands_out_the_raw_record_bytes)
{
	uint8_t dg[2048];
	struct sky_cat002 recs[8];
	static struct sky_test_seen seen;
	uint64_t s = 5;
	for (unsigned i = 0; i < 8; i++)
		c002_random(&s, &recs[i], false, pool, 20);
	sky_test_datagram_round_trip(&codec_002, 0, recs, 8, dg, sizeof(dg), &seen);
}
