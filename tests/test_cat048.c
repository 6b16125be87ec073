/*
 * test_cat048.c - CAT048 decoder and encoder: hand-built records with known
 * values, every item of the UAP walked including the ones not decoded, every
 * malformation the format allows (each with its reason, FRN, item and
 * offset; vectors sit in exactly-sized heap buffers so ASan sees any
 * overread), agreement with the generic walker on random and mutated bytes,
 * a seeded encode -> decode round trip, the formatter, and the datagram
 * decoder's raw bytes.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cat048.h"
#include "testlib.h"

SKY_TEST_CODEC(048);

struct outcome {
	size_t n;
	struct sky_ast_error err;
	struct sky_cat048 r;
};

/* Decode a copy of v in a buffer of exactly len bytes. */
static struct outcome decode_exact(const uint8_t *v, size_t len)
{
	struct outcome o;
	memset(&o, 0, sizeof(o));
	o.n = sky_test_decode_heap(&codec_048, 0, v, len, &o.r, &o.err);
	o.r.mb = NULL; /* pointed into the freed copy */
	return o;
}

#define DECODE(...) SKY_TEST_BYTES(decode_exact, __VA_ARGS__)

static void expect_reject(struct outcome o, size_t n, enum sky_ast_reject why,
			  unsigned frn, const char *item, uint32_t offset)
{
	sky_test_expect_reject("record", o.n, &o.err, n, why, frn, item, offset);
	cr_expect_eq(o.err.cat, 48);
}

/* A plot with FRN 1..8: item offsets 2 4 7 8 12 14 16 20, 23 bytes. */
static const uint8_t plot[] = {
	0xFF, 0x80,             /* FSPEC */
	0x07, 0x2A,             /* SAC 7 SIC 42 */
	0x57, 0xE4, 0x40,       /* 45000.5 s */
	0x64,                   /* TYP 3 (SSR + PSR), SPI */
	0x64, 0x80, 0x40, 0x00, /* rho 100.5 NM, theta 90 deg */
	0x4F, 0xC0,             /* G, mode 3/A 7700 */
	0xBF, 0xCF,             /* V, FL -12.25 */
	0xA2, 0x0A, 0xC4, 0xF0, /* 130: SRL 10, SAM -60 dBm, APD -16 */
	0xAB, 0xCD, 0xEF,       /* address */
};
static const uint32_t plot_item_at[] = {2, 4, 7, 8, 12, 14, 16, 20, 23};

Test(cat048, decodes_a_plot_with_known_values)
{
	struct outcome o = decode_exact(plot, sizeof(plot));
	cr_assert_eq(o.n, sizeof(plot));
	cr_assert_eq(o.err.reason, SKY_AST_OK, "%s", sky_ast_reject_name(o.err.reason));
	const struct sky_cat048 *r = &o.r;
	cr_expect_eq(r->present, SKY_CAT048_I010 | SKY_CAT048_I140 | SKY_CAT048_I020 |
				 SKY_CAT048_I040 | SKY_CAT048_I070 | SKY_CAT048_I090 |
				 SKY_CAT048_I130 | SKY_CAT048_I220);
	cr_expect_eq(r->sac, 7);
	cr_expect_eq(r->sic, 42);
	cr_expect_eq(r->tod, 45000 * 128 + 64);
	cr_expect_eq(r->trd_len, 1);
	cr_expect_eq(sky_cat048_typ(r), 3);
	cr_expect_eq(r->trd[0] & 0x1e, SKY_CAT048_TRD_SPI);
	cr_expect_eq(r->rho, 25728);
	cr_expect_eq(r->theta, 16384);
	cr_expect_eq(r->mode3a, 07700);
	cr_expect_eq(r->m3a_flags, SKY_CAT048_G);
	cr_expect_eq(r->fl, -49);
	cr_expect_eq(r->fl_flags, SKY_CAT048_V);
	cr_expect_eq(r->rpc_present, SKY_CAT048_RPC_SRL | SKY_CAT048_RPC_SAM | SKY_CAT048_RPC_APD);
	cr_expect_eq(r->srl, 10);
	cr_expect_eq(r->sam, -60);
	cr_expect_eq(r->apd, -16);
	cr_expect_eq(r->address, 0xABCDEF);
}

Test(cat048, decodes_track_and_mode_s_items_with_known_values)
{
	uint8_t v[] = {
		0x81, 0x7F, 0x8B, 0x80, /* 010; 240..170; 210 110 230; 260 */
		0x00, 0x01,
		0, 0, 0, 0, 0, 0,       /* 240, filled below */
		0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x40,
		0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0x50,
		0x0F, 0xFF,             /* track 4095 */
		0xFF, 0x40, 0x64, 0x00, /* x -1.5 NM, y 200 NM */
		0x08, 0x00, 0xC0, 0x00, /* 0.125 NM/s, 270 deg */
		0xAD, 0x90,             /* CNF RAD 1 MAH CDM 2; TRE TCC */
		0x01, 0x02, 0x03, 0x04, /* 210 */
		0x3F, 0xFC,             /* -100 ft */
		0x96, 0xBA,             /* COM 4 STAT 5 SI; MSSC AIC B1A B1B 10 */
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	};
	sky_ast_icao6_encode("AB12 X", v + 6);
	struct outcome o = decode_exact(v, sizeof(v));
	cr_assert_eq(o.n, sizeof(v));
	cr_assert_eq(o.err.reason, SKY_AST_OK, "%s", sky_ast_reject_name(o.err.reason));
	const struct sky_cat048 *r = &o.r;
	cr_expect_eq(r->present, SKY_CAT048_I010 | SKY_CAT048_I240 | SKY_CAT048_I250 |
				 SKY_CAT048_I161 | SKY_CAT048_I042 | SKY_CAT048_I200 |
				 SKY_CAT048_I170 | SKY_CAT048_I210 | SKY_CAT048_I110 |
				 SKY_CAT048_I230 | SKY_CAT048_I260);
	cr_expect_str_eq(r->callsign, "AB12 X");
	cr_expect_eq(r->mb_count, 2);
	cr_expect_eq(r->track_number, 4095);
	cr_expect_eq(r->x, -192);
	cr_expect_eq(r->y, 25600);
	cr_expect_eq(r->gsp, 2048);
	cr_expect_eq(r->hdg, 49152);
	cr_expect_eq(r->ts_len, 2);
	cr_expect_eq(r->ts[0] & SKY_CAT048_TS_CNF, SKY_CAT048_TS_CNF);
	cr_expect_eq(sky_cat048_rad(r), 1);
	cr_expect_eq(sky_cat048_cdm(r), 2);
	cr_expect_eq(r->ts[1], SKY_CAT048_TS_TRE | SKY_CAT048_TS_TCC);
	cr_expect(r->sigx == 1 && r->sigy == 2 && r->sigv == 3 && r->sigh == 4);
	cr_expect_eq(r->height, -4);
	cr_expect(r->com == 4 && r->stat == 5 && r->si == 1 && r->mssc == 1 && r->arc == 0 &&
		  r->aic == 1 && r->b1a == 1 && r->b1b == 10);
	cr_expect_eq(r->acas_ra[0], 1);
	cr_expect_eq(r->acas_ra[6], 7);
}

Test(cat048, points_at_the_bds_registers_in_place)
{
	uint8_t v[] = {0x81, 0x20, 0x00, 0x01, 0x02,
		       0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x40,
		       0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0x50};
	struct sky_cat048 r;
	struct sky_ast_error e;
	cr_assert_eq(sky_cat048_decode(v, sizeof(v), 0, &r, &e), sizeof(v));
	cr_expect_eq(r.mb_count, 2);
	cr_expect_eq(r.mb, v + 5);
	cr_expect_eq(r.mb[15] >> 4, 5); /* BDS1 of the second register */
}

Test(cat048, reads_a_zero_filled_callsign_as_blank_and_keeps_unassigned_codes)
{
	struct outcome o = DECODE(0x81, 0x40, 0x00, 0x01, 0, 0, 0, 0, 0, 0);
	cr_assert_eq(o.err.reason, SKY_AST_OK);
	cr_expect_str_eq(o.r.callsign, "");
	/* Codes 27 and 63 are unassigned: '#', and '#' again after a round trip. */
	o = DECODE(0x81, 0x40, 0x00, 0x01, 0x06, 0xC0, 0x00, 0x00, 0x00, 0x3F);
	cr_expect_str_eq(o.r.callsign, "A#     #");
	uint8_t buf[64];
	struct sky_cat048 b;
	struct sky_ast_error e;
	size_t n = sky_cat048_encode(&o.r, buf, sizeof(buf));
	cr_assert_eq(sky_cat048_decode(buf, n, 0, &b, &e), n);
	cr_expect_str_eq(b.callsign, "A#     #");
}

/* Every item the decoder does not use, walked to its exact end. */
Test(cat048, walks_the_items_it_does_not_decode)
{
	static const uint8_t v[] = {
		0x81, 0x01, 0x75, 0x7E, /* 010; -; 030 080 100 120; 055 050 065 060 SP RE */
		0x19, 0x0D,
		0x07, 0x46,             /* 030: codes 3, 35 */
		0x0F, 0xFF,             /* 080 */
		0x80, 0x12, 0x0F, 0xFF, /* 100 */
		0xC0, 0x83, 0xFF, 0x02, /* 120: CAL, RDS x2 */
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		0x5A,                   /* 055 */
		0x01, 0x23,             /* 050 */
		0x1F,                   /* 065 */
		0x0F, 0xFF,             /* 060 */
		0x03, 0xAA, 0xBB,       /* SP */
		0x02, 0x00,             /* RE */
	};
	struct outcome o = decode_exact(v, sizeof(v));
	cr_assert_eq(o.n, sizeof(v));
	cr_assert_eq(o.err.reason, SKY_AST_OK, "%s", sky_ast_reject_name(o.err.reason));
	cr_expect_eq(o.r.present, SKY_CAT048_I010 | SKY_CAT048_I030 | SKY_CAT048_I080 |
				  SKY_CAT048_I100 | SKY_CAT048_I120 | SKY_CAT048_I055 |
				  SKY_CAT048_I050 | SKY_CAT048_I065 | SKY_CAT048_I060 |
				  SKY_CAT048_SP | SKY_CAT048_RE);
	cr_expect_eq(o.r.sic, 13);
}

Test(cat048, keeps_six_octets_of_a_longer_target_report_descriptor)
{
	struct outcome o = DECODE(0xA0, 0x00, 0x01, 0xA1, 0x81, 0x01, 0x03, 0x05, 0x07, 0x08);
	cr_assert_eq(o.n, 10);
	cr_assert_eq(o.err.reason, SKY_AST_OK);
	cr_expect_eq(o.r.trd_len, 6);
	cr_expect_eq(o.r.trd[0], 0xA0);
	cr_expect_eq(o.r.trd[1], 0x80);
	cr_expect_eq(o.r.trd[5], 0x06);
	o = DECODE(0xA0, 0x00, 0x01, 0xA1, 0x12);
	cr_assert_eq(o.n, 5);
	cr_expect_eq(o.r.trd_len, 2);
	cr_expect_eq(o.r.trd[1], SKY_CAT048_TRD_ME | 0x02); /* FOE/FRI 1: friendly */
	cr_expect_eq(sky_cat048_foefri(&o.r), 1);
}

Test(cat048, accepts_a_radar_plot_characteristics_item_with_an_empty_extension)
{
	struct outcome o = DECODE(0x82, 0x00, 0x01, 0x81, 0x00, 0x33);
	cr_assert_eq(o.n, 6);
	cr_assert_eq(o.err.reason, SKY_AST_OK);
	cr_expect_eq(o.r.rpc_present, SKY_CAT048_RPC_SRL);
	cr_expect_eq(o.r.srl, 0x33);
}

Test(cat048, defines_every_frn_of_the_uap_so_no_frn_is_undefined)
{
	const struct sky_ast_uap *u = sky_cat048_category.uap(0);
	cr_assert_eq(u->n_frn, 28);
	for (unsigned i = 0; i < u->n_frn; i++)
		cr_expect_neq(u->items[i].kind, SKY_AST_ITEM_NONE, "FRN %u", i + 1);
	cr_expect_str_eq(sky_cat048_category.editions[0], "1.32");
	/* FRN 29+ needs a fifth FSPEC octet, which the UAP does not have. */
	expect_reject(DECODE(0x81, 0x01, 0x01, 0x01, 0x80, 0x00, 0x01),
		      0, SKY_AST_REJ_FSPEC_TOO_LONG, 0, NULL, 0);
}

Test(cat048, rejects_record_whose_fspec_runs_past_the_block)
{
	expect_reject(decode_exact(NULL, 0), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0);
	expect_reject(DECODE(0xFF), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0);
	expect_reject(DECODE(0xFF, 0x81, 0x03), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0);
	expect_reject(DECODE(0xFF, 0x81, 0x03, 0x01), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0,
		      NULL, 0);
}

Test(cat048, rejects_an_fspec_without_items)
{
	expect_reject(DECODE(0x00, 0x19, 0x0D), 0, SKY_AST_REJ_EMPTY_RECORD, 0, NULL, 0);
	expect_reject(DECODE(0x01, 0x00, 0x19, 0x0D), 0, SKY_AST_REJ_EMPTY_RECORD, 0, NULL, 0);
	expect_reject(DECODE(0x01, 0x00), 0, SKY_AST_REJ_EMPTY_RECORD, 0, NULL, 0);
}

Test(cat048, rejects_every_truncation_of_a_plot_at_the_cut_item)
{
	static const char *const names[] = {"I048/010", "I048/140", "I048/020", "I048/040",
					    "I048/070", "I048/090", "I048/130", "I048/220"};
	for (size_t len = 2; len < sizeof(plot); len++) {
		unsigned i = 0;
		while (plot_item_at[i + 1] <= len)
			i++;
		struct outcome o = decode_exact(plot, len);
		expect_reject(o, 0, SKY_AST_REJ_ITEM_PAST_BLOCK, i + 1, names[i], plot_item_at[i]);
	}
}

Test(cat048, rejects_a_truncated_track_item)
{
	/* 161 needs 2 bytes, 1 left. */
	expect_reject(DECODE(0x81, 0x10, 0x00, 0x01, 0x0F), 0, SKY_AST_REJ_ITEM_PAST_BLOCK, 11,
		      "I048/161", 4);
	/* 170 announces an extension that is not there. */
	expect_reject(DECODE(0x81, 0x02, 0x00, 0x01, 0x41), 0, SKY_AST_REJ_ITEM_PAST_BLOCK, 14,
		      "I048/170", 4);
	/* 260 needs 7. */
	expect_reject(DECODE(0x81, 0x01, 0x01, 0x80, 0x00, 0x01, 1, 2, 3, 4, 5, 6), 0,
		      SKY_AST_REJ_ITEM_PAST_BLOCK, 22, "I048/260", 6);
	/* 020 extension past the block. */
	expect_reject(DECODE(0xA0, 0x00, 0x01, 0xA1, 0x81), 0, SKY_AST_REJ_ITEM_PAST_BLOCK, 3,
		      "I048/020", 3);
}

Test(cat048, rejects_a_repetition_count_past_the_block)
{
	/* 250: three registers announced, one present. */
	expect_reject(DECODE(0x81, 0x20, 0x00, 0x01, 0x03, 1, 2, 3, 4, 5, 6, 7, 8), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 10, "I048/250", 4);
	/* 030: FX says another code follows. */
	expect_reject(DECODE(0x81, 0x01, 0x40, 0x00, 0x01, 0x03), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 16, "I048/030", 5);
	/* 120 RDS: two Doppler reports announced, one present. */
	expect_reject(DECODE(0x81, 0x01, 0x04, 0x00, 0x01, 0x40, 0x02, 1, 2, 3, 4, 5, 6), 0,
		      SKY_AST_REJ_REPETITION_PAST_BLOCK, 20, "I048/120", 5);
	/* 250 with its count byte missing. */
	expect_reject(DECODE(0x81, 0x20, 0x00, 0x01), 0, SKY_AST_REJ_ITEM_PAST_BLOCK, 10,
		      "I048/250", 4);
}

Test(cat048, rejects_an_explicit_length_of_zero_or_past_the_block)
{
	expect_reject(DECODE(0x81, 0x01, 0x01, 0x04, 0x00, 0x01, 0x00, 0xAA), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 27, "SP", 6);
	expect_reject(DECODE(0x81, 0x01, 0x01, 0x02, 0x00, 0x01, 0x05, 0xAA, 0xBB), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 28, "RE", 6);
	expect_reject(DECODE(0x81, 0x01, 0x01, 0x02, 0x00, 0x01), 0,
		      SKY_AST_REJ_EXPLICIT_LEN_INVALID, 28, "RE", 6);
}

Test(cat048, rejects_a_compound_item_with_an_undefined_subfield)
{
	/* 130: subfield 8 (second primary octet) does not exist. */
	expect_reject(DECODE(0x82, 0x00, 0x01, 0x81, 0x80, 0x33, 0x44), 0,
		      SKY_AST_REJ_COMPOUND_INVALID, 7, "I048/130", 3);
	/* The same inside a full plot (the fast path). */
	expect_reject(DECODE(0xFF, 0x00, 0x00, 0x01, 0, 0, 0, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0,
			     0x01, 0x40, 0x33, 0x44),
		      0, SKY_AST_REJ_COMPOUND_INVALID, 7, "I048/130", 16);
	/* 120: subfield 3 does not exist. */
	expect_reject(DECODE(0x81, 0x01, 0x04, 0x00, 0x01, 0x20, 0x00), 0,
		      SKY_AST_REJ_COMPOUND_INVALID, 20, "I048/120", 5);
}

Test(cat048, refuses_a_record_without_data_source_but_delimits_it)
{
	/* 140 only: the block can go on after these 4 bytes. */
	expect_reject(DECODE(0x40, 0x00, 0x00, 0x80), 4, SKY_AST_REJ_MISSING_MANDATORY, 1,
		      "I048/010", 0);
	/* A plot whose 010 is missing still goes through the fast path. */
	expect_reject(decode_exact(plot, 0), 0, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0);
	uint8_t v[sizeof(plot) - 2];
	v[0] = 0x7F;
	memcpy(v + 1, plot + 1, 1);
	memcpy(v + 2, plot + 4, sizeof(plot) - 4);
	expect_reject(decode_exact(v, sizeof(v)), sizeof(v), SKY_AST_REJ_MISSING_MANDATORY, 1,
		      "I048/010", 0);
}

Test(cat048, refuses_a_time_of_day_past_midnight)
{
	expect_reject(DECODE(0xC0, 0x00, 0x01, 0xA8, 0xC0, 0x00), 6, SKY_AST_REJ_VALUE_INVALID,
		      2, "I048/140", 3);
	struct outcome o = DECODE(0xC0, 0x00, 0x01, 0xA8, 0xBF, 0xFF);
	cr_expect_eq(o.err.reason, SKY_AST_OK);
	cr_expect_eq(o.r.tod, 86400u * 128u - 1);
}

/* ---- random records ---------------------------------------------------- */

/* A random valid record; mb points into mbbuf (at least 40 * 8 bytes). */
static void rand_record(uint64_t *s, struct sky_cat048 *r, uint8_t *mbbuf)
{
	memset(r, 0, sizeof(*r));
	r->present = (uint32_t)sky_test_rand(s) & SKY_CAT048_ENCODABLE;
	r->present |= SKY_CAT048_I010;
	uint64_t v = sky_test_rand(s);
	r->sac = (uint8_t)v;
	r->sic = (uint8_t)(v >> 8);
	r->tod = sky_test_rand_below(s, 86400u * 128u);
	r->trd_len = (uint8_t)(1 + sky_test_rand_below(s, SKY_CAT048_TRD_MAX));
	for (unsigned i = 0; i < SKY_CAT048_TRD_MAX; i++)
		r->trd[i] = (uint8_t)(sky_test_rand(s) & 0xfe);
	v = sky_test_rand(s);
	r->rho = (uint16_t)v;
	r->theta = (uint16_t)(v >> 16);
	r->mode3a = (uint16_t)((v >> 32) & 0x0fff);
	r->m3a_flags = (uint8_t)((v >> 44) & 0xe0);
	r->fl = (int16_t)sky_sext((uint32_t)(v >> 48), 14);
	r->fl_flags = (uint8_t)((v >> 56) & 0xc0);
	v = sky_test_rand(s);
	r->rpc_present = (uint8_t)(v & 0xfe);
	r->srl = (uint8_t)(v >> 8);
	r->srr = (uint8_t)(v >> 16);
	r->sam = (int8_t)(v >> 24);
	r->prl = (uint8_t)(v >> 32);
	r->pam = (int8_t)(v >> 40);
	r->rpd = (int8_t)(v >> 48);
	r->apd = (int8_t)(v >> 56);
	r->address = (uint32_t)sky_test_rand(s) & 0xffffff;
	sky_test_rand_callsign(s, r->callsign);
	r->mb_count = (uint8_t)sky_test_rand_below(s, 41);
	for (unsigned i = 0; i < 8u * r->mb_count; i++)
		mbbuf[i] = (uint8_t)sky_test_rand(s);
	r->mb = mbbuf;
	v = sky_test_rand(s);
	r->track_number = (uint16_t)(v & 0x0fff);
	r->x = (int16_t)(v >> 16);
	r->y = (int16_t)(v >> 32);
	r->gsp = (uint16_t)(v >> 48);
	v = sky_test_rand(s);
	r->hdg = (uint16_t)v;
	r->ts_len = (uint8_t)(1 + sky_test_rand_below(s, SKY_CAT048_TS_MAX));
	r->ts[0] = (uint8_t)((v >> 16) & 0xfe);
	r->ts[1] = (uint8_t)((v >> 24) & 0xf0);
	r->sigx = (uint8_t)(v >> 32);
	r->sigy = (uint8_t)(v >> 40);
	r->sigv = (uint8_t)(v >> 48);
	r->sigh = (uint8_t)(v >> 56);
	v = sky_test_rand(s);
	r->height = (int16_t)sky_sext((uint32_t)v, 14);
	r->com = (uint8_t)((v >> 16) & 7);
	r->stat = (uint8_t)((v >> 19) & 7);
	r->si = (uint8_t)((v >> 22) & 1);
	r->mssc = (uint8_t)((v >> 23) & 1);
	r->arc = (uint8_t)((v >> 24) & 1);
	r->aic = (uint8_t)((v >> 25) & 1);
	r->b1a = (uint8_t)((v >> 26) & 1);
	r->b1b = (uint8_t)((v >> 27) & 15);
	v = sky_test_rand(s);
	memcpy(r->acas_ra, &v, 7);
}

Test(cat048, round_trips_random_records_through_encode_and_decode)
{
	uint64_t seed = 48;
	static uint8_t mbbuf[40 * 8], buf[1024];
	for (int i = 0; i < 5000; i++) {
		struct sky_cat048 a, b;
		rand_record(&seed, &a, mbbuf);
		memset(&b, 0xA5, sizeof(b)); /* the decoder must not rely on a cleared struct */
		size_t n = sky_test_round_trip(&codec_048, 0, &a, &b, buf, sizeof(buf),
					       (unsigned)i);
		cr_assert(sky_cat048_same(&a, &b), "record %d differs after the round trip", i);
		const uint8_t *rec = buf + sizeof(buf) - n;
		if (a.present & SKY_CAT048_I250)
			cr_assert(b.mb > rec && b.mb + 8 * b.mb_count <= rec + n);
	}
}

Test(cat048, encode_refuses_a_buffer_too_small)
{
	struct sky_cat048 r;
	uint8_t buf[64];
	memset(&r, 0, sizeof(r));
	r.present = SKY_CAT048_I010 | SKY_CAT048_I140 | SKY_CAT048_I040;
	size_t n = sky_cat048_encode(&r, buf, sizeof(buf));
	cr_assert_eq(n, 1 + 2 + 3 + 4);
	/* The record builder needs 7 bytes of room beyond the record. */
	for (size_t cap = 0; cap < n + 7; cap++)
		cr_expect_eq(sky_cat048_encode(&r, buf, cap), 0, "cap %zu", cap);
	cr_expect_eq(sky_cat048_encode(&r, buf, n + 7), n);
	r.present = SKY_CAT048_I030; /* not encodable: nothing to write */
	cr_expect_eq(sky_cat048_encode(&r, buf, sizeof(buf)), 0);
}

/* Mutated records and noise: the decoder fails exactly where the walker does. */
Test(cat048, agrees_with_the_generic_walker_on_random_bytes)
{
	uint64_t seed = 4848;
	static uint8_t mbbuf[40 * 8], buf[1024];
	const struct sky_ast_uap *u = sky_cat048_category.uap(0);
	for (int i = 0; i < 60000; i++) {
		struct sky_cat048 a, b;
		size_t n;
		if (i % 4 == 0) {
			n = 1 + sky_test_rand_below(&seed, 64);
			for (size_t k = 0; k < n; k++)
				buf[k] = (uint8_t)sky_test_rand(&seed);
		} else {
			rand_record(&seed, &a, mbbuf);
			if (i % 3 == 0)
				a.present &= ~SKY_CAT048_I010;
			n = sky_cat048_encode(&a, buf, sizeof(buf));
			unsigned flips = sky_test_rand_below(&seed, 4);
			for (unsigned k = 0; k < flips; k++)
				buf[sky_test_rand_below(&seed, (uint32_t)n)] ^=
					(uint8_t)(1u << sky_test_rand_below(&seed, 8));
			n -= sky_test_rand_below(&seed, (uint32_t)(n < 6 ? n : 6));
		}
		uint8_t *exact = malloc(n ? n : 1);
		memcpy(exact, buf, n);
		struct sky_ast_record_items it;
		struct sky_ast_error ew = {.reason = SKY_AST_OK}, ed = {.reason = SKY_AST_OK};
		size_t nw = sky_ast_walk_record(u, exact, n, &it, &ew);
		size_t nd = sky_cat048_decode(exact, n, 0, &b, &ed);
		cr_assert_eq(nd, nw, "case %d: decoder %zu, walker %zu (%s)", i, nd, nw,
			     sky_ast_reject_name(ew.reason));
		if (nw == 0) {
			cr_assert_eq(ed.reason, ew.reason);
			cr_assert_eq(ed.frn, ew.frn);
			cr_assert_eq(ed.offset, ew.offset);
		} else if (ed.reason == SKY_AST_OK) {
			/* Accepted: re-encoding gives the same fields again. */
			struct sky_cat048 c;
			uint8_t again[1024];
			size_t m = sky_cat048_encode(&b, again, sizeof(again));
			cr_assert_gt(m, 0);
			cr_assert_eq(sky_cat048_decode(again, m, 0, &c, &ed), m);
			cr_assert(sky_cat048_same(&b, &c), "case %d", i);
		} else {
			cr_assert(ed.reason == SKY_AST_REJ_MISSING_MANDATORY ||
				  ed.reason == SKY_AST_REJ_VALUE_INVALID);
		}
		free(exact);
	}
}

/* ---- formatter and datagram decoder ------------------------------------- */

Test(cat048, formats_fields_in_real_units_as_text_and_json)
{
	struct outcome o = decode_exact(plot, sizeof(plot));
	char out[2048];
	struct sky_text t;
	sky_text_init(&t, out, sizeof(out), false);
	sky_cat048_category.format(&o.r, &t);
	cr_expect(strstr(out, "sac=7 sic=42 tod_s=45000.5000000 typ=3 sim=0 rdp=0 spi=1 rab=0 "
			      "rho_nm=100.50000000 theta_deg=90.000000 mode3a=7700 mode3a_v=0 "
			      "mode3a_g=1 mode3a_l=0 fl=-12.25 fl_v=1 fl_g=0 srl_deg=0.439453 "
			      "sam_dbm=-60 apd_deg=-0.351563 address=ABCDEF"),
		  "%s", out);
	sky_text_init(&t, out, sizeof(out), true);
	sky_text_begin(&t);
	sky_cat048_category.format(&o.r, &t);
	sky_text_end(&t);
	cr_expect(strstr(out, "{\"sac\":7,\"sic\":42,") == out, "%s", out);
	cr_expect(strstr(out, "\"mode3a\":\"7700\""), "%s", out);
	cr_expect(strstr(out, "\"address\":\"ABCDEF\"}"), "%s", out);
}

Test(cat048, datagram_decoder_hands_out_the_raw_record_bytes)
{
	uint64_t seed = 7;
	static uint8_t mbbuf[40 * 8];
	uint8_t dg[2048];
	struct sky_cat048 a[3];
	size_t at[3], len[3];
	for (int i = 0; i < 3; i++) {
		rand_record(&seed, &a[i], mbbuf);
		a[i].present &= ~SKY_CAT048_I250; /* mb would point at reused bytes */
		if (i == 1)
			a[i].present &= ~SKY_CAT048_I010; /* refused, the block goes on */
	}
	size_t blen = sky_test_write_block(&codec_048, dg, sizeof(dg), a, 3, at, len);

	static struct sky_test_seen c;
	cr_assert_eq(sky_test_decode_datagram(dg, blen, NULL, 48, &c), 2);
	cr_assert_eq(c.n, 2);
	cr_expect_eq(c.raw[0], dg + at[0]);
	cr_expect_eq(c.raw_len[0], len[0]);
	cr_expect_eq(c.raw[1], dg + at[2]);
	cr_expect_eq(c.raw_len[1], len[2]);
	cr_expect(memcmp(c.raw[1], dg + at[2], len[2]) == 0);
	cr_expect(sky_cat048_same(&c.rec[0].c048, &a[0]));
	cr_expect(sky_cat048_same(&c.rec[1].c048, &a[2]));
	cr_expect_eq(c.rejects, 1);
	cr_expect_eq(c.last.reason, SKY_AST_REJ_MISSING_MANDATORY);
	cr_expect_eq(c.last.record, 1);
	cr_expect_eq(c.last.offset, at[1]);
	cr_expect_eq(c.stats.rejects[SKY_AST_REJ_MISSING_MANDATORY], 1);
	cr_expect_eq(c.stats.records_by_cat[48], 2);
}
