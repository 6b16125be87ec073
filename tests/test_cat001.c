/*
 * test_cat001.c - CAT001 decoder and encoder: plots and tracks (the UAP
 * chosen by the TYP bit of I001/020), every malformation the format allows
 * with its reason, FRN and item (vectors in exactly-sized heap buffers so
 * ASan sees any overread), a seeded round trip over both UAPs, and the
 * datagram decoder's raw bytes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cat001.h"
#include "testlib.h"

SKY_TEST_CODEC(001);

struct outcome {
	size_t n;
	struct sky_ast_error err;
	struct sky_cat001 r;
};

static struct outcome decode_exact(const uint8_t *v, size_t len)
{
	struct outcome o = { 0 };
	o.n = sky_test_decode_heap(&codec_001, 0, v, len, &o.r, &o.err);
	o.r.sp = NULL; /* pointed into the freed copy */
	return o;
}

#define DECODE(...) SKY_TEST_BYTES(decode_exact, __VA_ARGS__)

static void expect_reject(struct outcome o, size_t n, enum sky_ast_reject why,
			  unsigned frn, const char *item, uint32_t offset)
{
	sky_test_expect_reject("record", o.n, &o.err, n, why, frn, item, offset);
}

Test(cat001, decodes_a_plot)
{
	struct outcome o = DECODE(0xFA, 0x01, 0x02, 0x20,       /* 010 020 040 070 090 141 */
				  0x10, 0x00, 0x40, 0x00,       /* 32 NM, 90 deg */
				  0x0F, 0xFF,                   /* Mode 3/A 7777 */
				  0x01, 0x90,                   /* FL 100 */
				  0x12, 0x34);
	cr_assert_eq(o.err.reason, SKY_AST_OK, "%s", sky_ast_reject_name(o.err.reason));
	cr_assert_eq(o.n, 14);
	cr_expect_eq(o.r.present, SKY_CAT001_I010 | SKY_CAT001_I020 | SKY_CAT001_I040 |
				  SKY_CAT001_I070 | SKY_CAT001_I090 | SKY_CAT001_I141);
	cr_expect_eq(o.r.sac, 1);
	cr_expect_eq(o.r.sic, 2);
	cr_expect_eq(o.r.trd[0], 0x20);
	cr_expect_not(sky_cat001_is_track(&o.r));
	cr_expect_eq(o.r.rho, 0x1000);
	cr_expect_eq(o.r.theta, 0x4000);
	cr_expect_eq(o.r.mode3a, 0x0FFF);
	cr_expect_eq(o.r.fl, 400);
	cr_expect_eq(o.r.modec_vg, 0);
	cr_expect_eq(o.r.ttod, 0x1234);
}

Test(cat001, decodes_a_track_with_the_track_uap)
{
	struct outcome o = DECODE(0xFD, 0x06,                   /* 010 020 161 040 042 200, 170 210 */
				  0x01, 0x02, 0x81, 0x20,       /* track, DS1DS2 = 1 */
				  0x00, 0x2A,                   /* track 42 */
				  0x10, 0x00, 0x40, 0x00,
				  0xFF, 0xC0, 0x00, 0x40,       /* x -1 NM, y 1 NM */
				  0x00, 0x80, 0x80, 0x00,       /* 128/2^14 NM/s, 180 deg */
				  0x81, 0x80,                   /* CON, TRE */
				  0x03, 0x04);                  /* quality 1, 2 */
	cr_assert_eq(o.err.reason, SKY_AST_OK, "%s", sky_ast_reject_name(o.err.reason));
	cr_assert_eq(o.n, 24);
	cr_expect(sky_cat001_is_track(&o.r));
	cr_expect_eq(o.r.present, SKY_CAT001_I010 | SKY_CAT001_I020 | SKY_CAT001_I161 |
				  SKY_CAT001_I040 | SKY_CAT001_I042 | SKY_CAT001_I200 |
				  SKY_CAT001_I170 | SKY_CAT001_I210);
	cr_expect_eq(o.r.trd[1], 0x20);
	cr_expect_eq(o.r.track_no, 42);
	cr_expect_eq(o.r.x, -64);
	cr_expect_eq(o.r.y, 64);
	cr_expect_eq(o.r.gsp, 128);
	cr_expect_eq(o.r.hdg, 0x8000);
	cr_expect_eq(o.r.status[0], 0x81);
	cr_expect_eq(o.r.status[1], 0x80);
	cr_expect_eq(o.r.n_quality, 2);
	cr_expect_eq(o.r.quality[0], 1);
	cr_expect_eq(o.r.quality[1], 2);
}

Test(cat001, same_fspec_means_other_items_for_plot_and_track)
{
	/* FRN 3 is I001/040 (4 bytes) in a plot, I001/161 (2 bytes) in a track */
	struct outcome p = DECODE(0xE0, 0x01, 0x02, 0x00, 0x12, 0x34, 0x56, 0x78);
	struct outcome t = DECODE(0xE0, 0x01, 0x02, 0x80, 0x12, 0x34, 0x56, 0x78);
	cr_assert_eq(p.n, 8);
	cr_expect_eq(p.r.present, SKY_CAT001_I010 | SKY_CAT001_I020 | SKY_CAT001_I040);
	cr_expect_eq(p.r.rho, 0x1234);
	cr_assert_eq(t.n, 6);
	cr_expect_eq(t.r.present, SKY_CAT001_I010 | SKY_CAT001_I020 | SKY_CAT001_I161);
	cr_expect_eq(t.r.track_no, 0x1234);
}

Test(cat001, decodes_every_plot_item)
{
	struct outcome o = DECODE(0xC7, 0xFF, 0x84,             /* 010 020 130 141, 050..030, 150 SP */
				  0x01, 0x02, 0x01, 0xF8,       /* 020: FX; TST DS1DS2=3 ME MI */
				  0x05, 0x06,                   /* 130: 2, 3 */
				  0x00, 0x80,                   /* 141: 1 s */
				  0xE1, 0x23,                   /* 050: V G L, 0443 */
				  0xF8,                         /* 120: -8/256 NM/s */
				  0x9C,                         /* 131: -100 dBm */
				  0x0A, 0xBC,                   /* 080 */
				  0xC5, 0x67, 0x08, 0x9A,       /* 100 */
				  0x01, 0x23,                   /* 060 */
				  0x81, 0x0E,                   /* 030: 64, 7 */
				  0xA4,                         /* 150 */
				  0x02, 0x55);                  /* SP */
	cr_assert_eq(o.err.reason, SKY_AST_OK, "%s", sky_ast_reject_name(o.err.reason));
	cr_assert_eq(o.n, 28);
	cr_expect_eq(o.r.present, SKY_CAT001_I010 | SKY_CAT001_I020 | SKY_CAT001_I130 |
				  SKY_CAT001_I141 | SKY_CAT001_I050 | SKY_CAT001_I120 |
				  SKY_CAT001_I131 | SKY_CAT001_I080 | SKY_CAT001_I100 |
				  SKY_CAT001_I060 | SKY_CAT001_I030 | SKY_CAT001_I150 | SKY_CAT001_SP);
	cr_expect_eq(o.r.trd[0], 0x01);
	cr_expect_eq(o.r.trd[1], 0xF8);
	cr_expect_eq(o.r.n_plotchar, 2);
	cr_expect_eq(o.r.plotchar[1], 3);
	cr_expect_eq(o.r.ttod, 128);
	cr_expect_eq(o.r.mode2, 0xE123);
	cr_expect_eq(o.r.doppler, -8);
	cr_expect_eq(o.r.power, -100);
	cr_expect_eq(o.r.mode3a_conf, 0x0ABC);
	cr_expect_eq(o.r.modec_gray, 0xC567089A);
	cr_expect_eq(o.r.mode2_conf, 0x0123);
	cr_expect_eq(o.r.n_warn, 2);
	cr_expect_eq(o.r.warn[0], 64);
	cr_expect_eq(o.r.warn[1], 7);
	cr_expect_eq(o.r.xpulse, 0xA4);
	cr_expect_eq(o.r.sp_len, 1);
}

Test(cat001, keeps_the_first_list_elements_of_a_long_list)
{
	struct outcome o = DECODE(0xC1, 0x02, 0x01, 0x02, 0x00,
				  0x03, 0x05, 0x07, 0x09, 0x0B, 0x0D, 0x0F, 0x11, 0x13, 0x14);
	cr_assert_eq(o.err.reason, SKY_AST_OK);
	cr_assert_eq(o.n, 15);
	cr_expect_eq(o.r.n_warn, SKY_CAT001_MAX_LIST);
	cr_expect_eq(o.r.warn[7], 8);
}

Test(cat001, formats_a_plot_as_text)
{
	static const uint8_t v[] = { 0xFA, 0x01, 0x02, 0x20, 0x10, 0x00, 0x40, 0x00,
				     0x0F, 0xFF, 0x01, 0x90, 0x12, 0x34 };
	struct sky_cat001 r;
	struct sky_ast_error err = { 0 };
	cr_assert_eq(sky_cat001_decode(v, sizeof(v), 0, &r, &err), sizeof(v));
	char buf[512];
	struct sky_text t;
	sky_text_init(&t, buf, sizeof(buf), false);
	sky_cat001_category.format(&r, &t);
	cr_expect_str_eq(buf, "sac=1 sic=2 trd={typ=plot sim=0 ssrpsr=2 ant=0 spi=0 rab=0} "
			      "rho_nm=32.0000 theta_deg=90.0000 mode3a={v=0 g=0 l=0 code=7777} "
			      "fl=100.00 fl_v=0 fl_g=0 ttod_s=36.406");
}

/* ---- malformations ---- */

Test(cat001, rejects_record_whose_fspec_runs_past_the_block)
{
	expect_reject(DECODE(0x81), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0);
	expect_reject(DECODE(0xC1, 0x01), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0);
}

Test(cat001, rejects_fspec_longer_than_the_uap)
{
	/* plot: 21 FRNs, three octets; track: 22 FRNs, four */
	expect_reject(DECODE(0xC1, 0x01, 0x01, 0x80, 0x01, 0x02, 0x00), 0,
		      SKY_AST_REJ_FSPEC_TOO_LONG, 0, NULL, 0);
	expect_reject(DECODE(0xC1, 0x01, 0x01, 0x01, 0x80, 0x01, 0x02, 0x80), 0,
		      SKY_AST_REJ_FSPEC_TOO_LONG, 0, NULL, 0);
}

Test(cat001, rejects_undefined_frn_and_random_field_sequencing)
{
	expect_reject(DECODE(0xC1, 0x01, 0x40, 0x01, 0x02, 0x00), 0,
		      SKY_AST_REJ_UNDEFINED_ITEM, 16, NULL, 6);
	expect_reject(DECODE(0xC1, 0x01, 0x02, 0x01, 0x02, 0x00, 0x01), 0,
		      SKY_AST_REJ_UNDEFINED_ITEM, 21, "RFS", 6);
	expect_reject(DECODE(0xC1, 0x01, 0x01, 0x40, 0x01, 0x02, 0x80, 0x00), 0,
		      SKY_AST_REJ_UNDEFINED_ITEM, 23, NULL, 7);
	expect_reject(DECODE(0xC1, 0x01, 0x02, 0x01, 0x02, 0x80, 0x01), 0,
		      SKY_AST_REJ_UNDEFINED_ITEM, 21, "RFS", 6);
}

Test(cat001, rejects_record_whose_item_runs_past_the_block)
{
	expect_reject(DECODE(0xE0, 0x01, 0x02, 0x00, 0x10, 0x00, 0x40), 0,
		      SKY_AST_REJ_ITEM_PAST_BLOCK, 3, "I001/040", 4);
	expect_reject(DECODE(0xC0, 0x01, 0x02), 0, SKY_AST_REJ_ITEM_PAST_BLOCK, 2,
		      "I001/020", 3);
	expect_reject(DECODE(0xC0, 0x01, 0x02, 0x01), 0, SKY_AST_REJ_ITEM_PAST_BLOCK, 2,
		      "I001/020", 3);
	expect_reject(DECODE(0xE0, 0x01, 0x02, 0x80, 0x00), 0, SKY_AST_REJ_ITEM_PAST_BLOCK, 3,
		      "I001/161", 4);
	expect_reject(DECODE(0xC1, 0x04, 0x01, 0x02, 0x80, 0x01), 0,
		      SKY_AST_REJ_ITEM_PAST_BLOCK, 13, "I001/170", 5);
}

Test(cat001, rejects_fx_list_past_the_block)
{
	expect_reject(DECODE(0xC1, 0x02, 0x01, 0x02, 0x00, 0x03), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 14, "I001/030", 5);
	expect_reject(DECODE(0xC4, 0x01, 0x02, 0x00, 0x03, 0x03), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 6, "I001/130", 4);
	expect_reject(DECODE(0xC1, 0x02, 0x01, 0x02, 0x80, 0x03), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 14, "I001/210", 5);
}

Test(cat001, rejects_explicit_length_zero_or_too_long)
{
	expect_reject(DECODE(0xC1, 0x01, 0x04, 0x01, 0x02, 0x00, 0x00), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 20, "SP", 6);
	expect_reject(DECODE(0xC1, 0x01, 0x04, 0x01, 0x02, 0x00, 0x03, 0x00), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 20, "SP", 6);
	expect_reject(DECODE(0xC1, 0x01, 0x04, 0x01, 0x02, 0x80, 0x09), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 20, "SP", 6);
}

Test(cat001, refuses_record_without_data_source_or_descriptor)
{
	expect_reject(DECODE(0x80, 0x01, 0x02), 3, SKY_AST_REJ_MISSING_MANDATORY, 2,
		      "I001/020", 0);
	expect_reject(DECODE(0x60, 0x80, 0x00, 0x07), 4, SKY_AST_REJ_MISSING_MANDATORY, 1,
		      "I001/010", 0);
	expect_reject(DECODE(0x20, 0x00, 0x00, 0x00, 0x00), 5, SKY_AST_REJ_MISSING_MANDATORY, 1,
		      "I001/010", 0);
}

/* ---- round trip ---- */

static uint8_t pool[64];

static const uint32_t plot_items = SKY_CAT001_I010 | SKY_CAT001_I020 | SKY_CAT001_I030 |
	SKY_CAT001_I040 | SKY_CAT001_I050 | SKY_CAT001_I060 | SKY_CAT001_I070 |
	SKY_CAT001_I080 | SKY_CAT001_I090 | SKY_CAT001_I100 | SKY_CAT001_I120 |
	SKY_CAT001_I130 | SKY_CAT001_I131 | SKY_CAT001_I141 | SKY_CAT001_I150 | SKY_CAT001_SP;

static void random_record(uint64_t *s, struct sky_cat001 *r, bool track)
{
	memset(r, 0, sizeof(*r));
	uint32_t allowed = track ? plot_items | SKY_CAT001_TRACK_ONLY : plot_items;
	r->present = ((uint32_t)sky_test_rand(s) & allowed) | SKY_CAT001_I010 | SKY_CAT001_I020;
	uint64_t v = sky_test_rand(s);
	r->sac = (uint8_t)v;
	r->sic = (uint8_t)(v >> 8);
	r->trd[0] = (uint8_t)((v >> 16) & 0x7f) | (track ? 0x80 : 0);
	r->trd[1] = (uint8_t)(v >> 24) & 0xfe;
	r->rho = (uint16_t)(v >> 32);
	r->theta = (uint16_t)(v >> 48);
	v = sky_test_rand(s);
	r->x = (int16_t)v;
	r->y = (int16_t)(v >> 16);
	r->mode2 = (uint16_t)(v >> 32);
	r->mode2_conf = (uint16_t)(v >> 48);
	v = sky_test_rand(s);
	r->mode3a = (uint16_t)v;
	r->mode3a_conf = (uint16_t)(v >> 16);
	r->modec_vg = (uint8_t)((v >> 32) & 3);
	r->fl = (int16_t)sky_sext((uint32_t)(v >> 34), 14);
	r->doppler = (int8_t)(v >> 48);
	r->power = (int8_t)(v >> 56);
	v = sky_test_rand(s);
	r->modec_gray = (uint32_t)v;
	r->ttod = (uint16_t)(v >> 32);
	r->xpulse = (uint8_t)(v >> 48);
	r->status[0] = (uint8_t)(v >> 56);
	v = sky_test_rand(s);
	r->track_no = (uint16_t)v;
	r->gsp = (uint16_t)(v >> 16);
	r->hdg = (uint16_t)(v >> 32);
	r->status[1] = (uint8_t)(v >> 48) & 0xfe;
	sky_test_rand_list(s, &r->n_warn, r->warn, SKY_CAT001_MAX_LIST);
	sky_test_rand_list(s, &r->n_plotchar, r->plotchar, SKY_CAT001_MAX_LIST);
	sky_test_rand_list(s, &r->n_quality, r->quality, SKY_CAT001_MAX_LIST);
	r->sp_len = (uint8_t)sky_test_rand_below(s, 20);
	r->sp = pool;
}

Test(cat001, round_trips_random_plots_and_tracks)
{
	uint64_t s = 0x001001;
	sky_test_rand_bytes(&s, pool, sizeof(pool));
	for (unsigned i = 0; i < 5000; i++) {
		struct sky_cat001 a, b;
		uint8_t buf[256];
		random_record(&s, &a, i & 1);
		sky_test_round_trip(&codec_001, 0, &a, &b, buf, sizeof(buf), i);
		cr_assert(sky_cat001_equal(&a, &b), "record %u differs after the round trip", i);
		cr_assert_eq(sky_cat001_is_track(&b), (bool)(i & 1));
	}
}

Test(cat001, encoder_refuses_track_items_in_a_plot_and_empty_lists)
{
	struct sky_cat001 r = { .present = SKY_CAT001_I010 | SKY_CAT001_I020 | SKY_CAT001_I161,
				.sac = 1, .sic = 2, .trd = { 0x00 }, .track_no = 7 };
	uint8_t buf[64];
	cr_expect_eq(sky_cat001_encode(&r, buf, sizeof(buf)), 0);
	r.trd[0] = 0x80;
	cr_expect_eq(sky_cat001_encode(&r, buf, sizeof(buf)), 6);
	static const uint8_t want[] = { 0xE0, 1, 2, 0x80, 0, 7 };
	cr_expect_arr_eq(buf, want, 6);
	r.present = SKY_CAT001_I010 | SKY_CAT001_I020 | SKY_CAT001_I030;
	r.n_warn = 0;
	cr_expect_eq(sky_cat001_encode(&r, buf, sizeof(buf)), 0);
	r.n_warn = 1;
	cr_expect_gt(sky_cat001_encode(&r, buf, sizeof(buf)), 0);
	cr_expect_eq(sky_cat001_encode(&r, buf, 9), 0);
}

/* ---- the datagram decoder ---- */

Test(cat001, datagram_decoder_hands_out_the_raw_bytes_of_mixed_plots_and_tracks)
{
	uint8_t dg[2048];
	struct sky_cat001 recs[10];
	static struct sky_test_seen seen;
	uint64_t s = 11;
	for (unsigned i = 0; i < 10; i++)
		random_record(&s, &recs[i], i % 3 == 0);
	sky_test_datagram_round_trip(&codec_001, 0, recs, 10, dg, sizeof(dg), &seen);
	for (unsigned i = 0; i < 10; i++)
		cr_expect_eq(sky_cat001_is_track(&seen.rec[i].c001), i % 3 == 0);
}
