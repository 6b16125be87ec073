/*
 * test_cat062.c - the CAT062 codec: decoding hand-built records with known
 * values, every malformation the format allows (named reason, FRN, item,
 * offset, no read past the record), the items we only walk, the encoder's
 * exact bytes, and random records round-tripped encode -> decode -> encode.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cat062.h"
#include "cat062_random.h"
#include "testlib.h"

SKY_TEST_CODEC(062);

/* A record with every decoded item (values chosen by hand, see comments). */
static const uint8_t full_rec[] = {
	0xBF, 0xFF, 0xFD, 0x06,             /* FSPEC: FRN 1,3-20, 27, 28 */
	0x19, 0x64,                         /* 010 SAC 25 SIC 100 */
	0x04,                               /* 015 */
	0x3C, 0x5F, 0xEA,                   /* 070 30911.828125 s */
	0x00, 0x80, 0x00, 0x00,             /* 105 LAT 45 deg */
	0xFF, 0xE3, 0x8E, 0x39,             /* 105 LON raw -1864135 */
	0xFF, 0xF8, 0x30, 0x01, 0xE2, 0x40, /* 100 X -2000, Y 123456 (0.5 m) */
	0x03, 0x93, 0xFF, 0x43,             /* 185 VX 915 VY -189 */
	0xFD, 0x09,                         /* 210 AX -3 AY 9 */
	0x62, 0xBD,                         /* 060 G CH, 1275 */
	0x40, 0x49, 0x94, 0xB1, 0xDF, 0x40, 0xE0, /* 245 STI 1 "RYR174C" */
	0xE1, 0x60,                         /* 380: ADR ID MHG | TID COM */
	0x4C, 0xA7, 0xA8,                   /* ADR */
	0x4D, 0x81, 0x34, 0xDF, 0x2C, 0xE0, /* ID "SXD4723" */
	0x40, 0x00,                         /* MHG 90 deg */
	0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, /* TID x1 */
	0x20, 0xF6,                         /* COM */
	0x1F, 0x29,                         /* 040 7977 */
	0x4F, 0x43, 0xC2,                   /* 080 SPI SRC3 CNF | TSE KOS | AMA MD4=2 MD5=1 */
	0x49, 0x20, 0x17, 0x01, 0x02, 0x10, /* 290 PSR ADS MLT */
	0x6E,                               /* 200 TRANS 1 LONG 2 VERT 3 ADF */
	0x91, 0x01, 0x01, 0x01, 0x20, 0x0D, 0x0E, 0xFF, /* 295 MFL MDA BPS */
	0x05, 0x78,                         /* 136 FL 350 */
	0x16, 0x12,                         /* 130 35312.5 ft */
	0xFF, 0xF8,                         /* 135 QNH, -2 FL */
	0xFF, 0xB9,                         /* 220 -443.75 ft/min */
	0xC1, 0x80, 0x00, 0x10, 0x00, 0x20, 0xFF, 0xFD, 0x08, /* 500 APC COV ARC */
	0xFC, 0x19, 0x0D, 0x5D, 0x32, 0xC1, 0x0B, 0xFF, 0xFC, /* 340 SID POS HEIGHT */
	0x85, 0x78, 0x68, 0xBE, 0xB4,       /* 340 MDC MDA TYP */
};

static size_t dec(const uint8_t *p, size_t n, struct sky_cat062 *r, struct sky_ast_error *e)
{
	memset(e, 0, sizeof(*e));
	return sky_cat062_decode(p, n, 0, r, e);
}

/* Decode bytes copied to the very end of a heap block (ASan sees overreads). */
static size_t dec_tight(const uint8_t *p, size_t n, struct sky_cat062 *r,
			struct sky_ast_error *e)
{
	return sky_test_decode_heap(&codec_062, 0, p, n, r, e);
}

Test(cat062, decodes_a_hand_built_record_with_every_decoded_item)
{
	struct sky_cat062 r;
	struct sky_ast_error e;
	cr_assert_eq(dec_tight(full_rec, sizeof(full_rec), &r, &e), sizeof(full_rec));
	cr_assert_eq(e.reason, SKY_AST_OK);
	cr_assert_eq(r.sac, 25);
	cr_assert_eq(r.sic, 100);
	cr_assert_eq(r.service, 4);
	cr_assert_eq(r.tod, 3956714);
	cr_assert_eq(r.lat, 1 << 23);
	cr_assert_eq(r.lon, -1864135);
	cr_assert_eq(r.x, -2000);
	cr_assert_eq(r.y, 123456);
	cr_assert_eq(r.vx, 915);
	cr_assert_eq(r.vy, -189);
	cr_assert_eq(r.ax, -3);
	cr_assert_eq(r.ay, 9);
	cr_assert_eq(r.mode3a_flags, SKY_CAT062_M3A_G | SKY_CAT062_M3A_CH);
	cr_assert_eq(r.mode3a, 01275);
	cr_assert_eq(r.sti, 1);
	cr_assert_str_eq(r.callsign, "RYR174C");
	cr_assert_eq(r.adr.present, SKY_CAT062_ADR_ADR | SKY_CAT062_ADR_ID |
				    SKY_CAT062_ADR_MHG | SKY_CAT062_ADR_COM);
	cr_assert_eq(r.adr.adr, 0x4CA7A8);
	cr_assert_str_eq(r.adr.id, "SXD4723");
	cr_assert_eq(r.adr.mhg, 0x4000);
	cr_assert_eq(r.adr.com, 0x20F6);
	cr_assert_eq(r.track_number, 7977);
	cr_assert_eq(r.status, SKY_CAT062_TS_SPI | (3ull << SKY_CAT062_TS_SRC_SHIFT) |
			       SKY_CAT062_TS_CNF | SKY_CAT062_TS_TSE | SKY_CAT062_TS_KOS |
			       SKY_CAT062_TS_AMA | (2ull << SKY_CAT062_TS_MD4_SHIFT) |
			       (1ull << SKY_CAT062_TS_MD5_SHIFT));
	cr_assert_eq(r.upd.present, SKY_CAT062_UPD_BIT(SKY_CAT062_UPD_PSR) |
				    SKY_CAT062_UPD_BIT(SKY_CAT062_UPD_ADS) |
				    SKY_CAT062_UPD_BIT(SKY_CAT062_UPD_MLT));
	cr_assert_eq(r.upd.age[SKY_CAT062_UPD_PSR], 0x17);
	cr_assert_eq(r.upd.age[SKY_CAT062_UPD_ADS], 0x0102);
	cr_assert_eq(r.upd.age[SKY_CAT062_UPD_MLT], 0x10);
	cr_assert_eq(r.mom_trans, 1);
	cr_assert_eq(r.mom_long, 2);
	cr_assert_eq(r.mom_vert, 3);
	cr_assert_eq(r.mom_adf, 1);
	cr_assert_eq(r.ages.present, SKY_CAT062_AGE_BIT(SKY_CAT062_AGE_MFL) |
				     SKY_CAT062_AGE_BIT(SKY_CAT062_AGE_MDA) |
				     SKY_CAT062_AGE_BIT(SKY_CAT062_AGE_BPS));
	cr_assert_eq(r.ages.age[SKY_CAT062_AGE_MFL], 0x0D);
	cr_assert_eq(r.ages.age[SKY_CAT062_AGE_MDA], 0x0E);
	cr_assert_eq(r.ages.age[SKY_CAT062_AGE_BPS], 0xFF);
	cr_assert_eq(r.fl, 1400);
	cr_assert_eq(r.geo_alt, 5650);
	cr_assert_eq(r.baro_qnh, 1);
	cr_assert_eq(r.baro_alt, -8);
	cr_assert_eq(r.roc, -71);
	cr_assert_eq(r.acc.present, SKY_CAT062_ACC_APC | SKY_CAT062_ACC_COV | SKY_CAT062_ACC_ARC);
	cr_assert_eq(r.acc.apc_x, 0x10);
	cr_assert_eq(r.acc.apc_y, 0x20);
	cr_assert_eq(r.acc.cov, -3);
	cr_assert_eq(r.acc.arc, 8);
	cr_assert_eq(r.mi.present, 0x7e);
	cr_assert_eq(r.mi.sac, 25);
	cr_assert_eq(r.mi.sic, 13);
	cr_assert_eq(r.mi.rho, 0x5D32);
	cr_assert_eq(r.mi.theta, 0xC10B);
	cr_assert_eq(r.mi.height, -4);
	cr_assert_eq(r.mi.mdc_flags, 2);
	cr_assert_eq(r.mi.lmc, 1400);
	cr_assert_eq(r.mi.mda_flags, 3);
	cr_assert_eq(r.mi.mode3a, 04276);
	cr_assert_eq(r.mi.typ, 5);
	cr_assert_eq(r.mi.typ_flags, 5);
}

Test(cat062, formats_fields_in_real_units)
{
	struct sky_cat062 r;
	struct sky_ast_error e;
	cr_assert_eq(dec(full_rec, sizeof(full_rec), &r, &e), sizeof(full_rec));
	char buf[4096];
	struct sky_text t;
	sky_text_init(&t, buf, sizeof(buf), false);
	sky_text_begin(&t);
	sky_cat062_category.format(&r, &t);
	sky_text_end(&t);
	cr_assert_not(t.overflow);
	buf[t.len] = '\0';
	static const char *const want[] = {
		"sac=25", "tod_s=30911.8281250", "lat_deg=45.00000000", "x_m=-1000.0",
		"y_m=61728.0", "vx_ms=228.75", "mode3a=1275", "mode3a_g=1", "callsign=RYR174C",
		"address=4CA7A8", "ident=SXD4723", "mag_heading_deg=90.0000",
		"track_number=7977", "src=3", "cnf=1", "tse=1", "md4=2", "psr_s=5.75",
		"bps_s=63.75", "fl=350.00", "geo_alt_ft=35312.50", "baro_alt_fl=-2.00",
		"roc_ftmin=-443.75", "cov_m=-1.5", "height_ft=-100", "theta_deg=271.4667",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_expect(strstr(buf, want[i]), "missing %s in %s", want[i], buf);
	cr_expect_null(strstr(buf, "cst="), "status printed past its third octet: %s", buf);
}

/* 010, then the items we only walk, then 500 and 340 that must still be found. */
static const uint8_t walked_rec[] = {
	0x81, 0x01, 0x03, 0xFF, 0x06,       /* FSPEC: 1, 21-28, 34, 35 */
	0x19, 0x64,                         /* 010 */
	0x91, 0x08,                         /* 390: TAG, FCT | TOD */
	0x19, 0x64,                         /* TAG */
	0x55,                               /* FCT */
	0x02, 1, 2, 3, 4, 5, 6, 7, 8,       /* TOD x2 */
	0x21, 0x41, 0x30,                   /* 270: three octets */
	0x07,                               /* 300 */
	0xA4, 0x80, 1, 2, 3, 4, 5, 6, 0x11, /* 110: SUM POS TOS */
	0x01, 0x23,                         /* 120 */
	0x01, 0x00, 0x03, 0x02, 0x00, 0x04, /* 510: two groups (FX in the first) */
	0x90, 0x00, 0x10, 0x00, 0x20, 0x42, /* 500: APC AGA */
	0x20, 0x00, 0x0A,                   /* 340: HEIGHT 250 ft */
	0x03, 0xAA, 0xBB,                   /* RE */
	0x02, 0xCC,                         /* SP */
};

Test(cat062, walks_the_items_it_does_not_decode)
{
	struct sky_cat062 r;
	struct sky_ast_error e;
	cr_assert_eq(dec_tight(walked_rec, sizeof(walked_rec), &r, &e), sizeof(walked_rec));
	cr_assert_eq(e.reason, SKY_AST_OK);
	cr_assert_eq(r.present, SKY_CAT062_I010 | SKY_CAT062_I500 | SKY_CAT062_I340);
	cr_assert_eq(r.acc.present, SKY_CAT062_ACC_APC | SKY_CAT062_ACC_AGA);
	cr_assert_eq(r.acc.apc_y, 0x20);
	cr_assert_eq(r.acc.aga, 0x42);
	cr_assert_eq(r.mi.present, SKY_CAT062_MI_HEI);
	cr_assert_eq(r.mi.height, 10);
}

Test(cat062, walks_every_subfield_of_the_aircraft_derived_data)
{
	/* All 28 subfields of I062/380, TIS extended twice, TID and BDS repeated. */
	uint8_t rec[160];
	size_t n = 0;
	static const uint8_t head[] = {0x81, 0x18, 0x19, 0x64, 0xFF, 0xFF, 0xFF, 0xFE};
	memcpy(rec, head, sizeof(head));
	n = sizeof(head);
	static const uint8_t sizes[28] = {3, 6, 2, 2, 2, 2, 2, 0, 0, 2, 2, 7, 2, 2,
					  2, 2, 2, 2, 1, 8, 1, 6, 2, 1, 0, 2, 2, 2};
	for (unsigned i = 0; i < 28; i++) {
		if (i == 7) { rec[n++] = 0x81; rec[n++] = 0x00; continue; }   /* TIS */
		if (i == 8) { rec[n++] = 2; memset(rec + n, 0x33, 30); n += 30; continue; }
		if (i == 24) { rec[n++] = 1; memset(rec + n, 0x44, 8); n += 8; continue; }
		memset(rec + n, (int)i + 1, sizes[i]);
		n += sizes[i];
	}
	rec[n++] = 0x00; rec[n++] = 0x2A; /* 040 follows the compound */
	struct sky_cat062 r;
	struct sky_ast_error e;
	cr_assert_eq(dec_tight(rec, n, &r, &e), n);
	cr_assert_eq(e.reason, SKY_AST_OK);
	cr_assert_eq(r.track_number, 42);
	cr_assert_eq(r.adr.adr, 0x010101);
	cr_assert_eq(r.adr.mhg, 0x0303);
	cr_assert_eq(r.adr.emc, 21);
	cr_assert_eq(r.adr.pos_lat, 0x161616);
	cr_assert_eq(r.adr.bps, 0x1C1C & 0xfff);
}

struct bad_case {
	const char *what;
	uint8_t bytes[24];
	size_t len;
	enum sky_ast_reject reason;
	uint8_t frn;
	const char *item;      /* NULL: no item */
	uint32_t offset;
	bool delimited;        /* decode returns the record size */
};

static const struct bad_case bad_cases[] = {
	{"truncated fixed item", {0x80, 0x19}, 2, SKY_AST_REJ_ITEM_PAST_BLOCK, 1, "I062/010", 1, false},
	{"FSPEC past block", {0x81, 0x01}, 2, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, NULL, 0, false},
	{"FSPEC too long", {0x81, 1, 1, 1, 1, 0x80, 0x19, 0x64}, 8,
	 SKY_AST_REJ_FSPEC_TOO_LONG, 0, NULL, 0, false},
	{"empty record", {0x00, 0x19}, 2, SKY_AST_REJ_EMPTY_RECORD, 0, NULL, 0, false},
	{"undefined FRN 2", {0xC0, 0x19, 0x64, 0, 0}, 5, SKY_AST_REJ_UNDEFINED_ITEM, 2, NULL, 3, false},
	{"undefined FRN 29", {0x81, 1, 1, 1, 0x80, 0x19, 0x64, 0}, 8,
	 SKY_AST_REJ_UNDEFINED_ITEM, 29, NULL, 7, false},
	{"510 FX runs past the block", {0x81, 1, 1, 0x08, 0x19, 0x64, 1, 2, 3, 4}, 10,
	 SKY_AST_REJ_REPETITION_PAST_BLOCK, 26, "I062/510", 6, false},
	{"380 TID count past the block", {0x81, 0x10, 0x19, 0x64, 0x01, 0x40, 0x02, 1, 2, 3}, 10,
	 SKY_AST_REJ_REPETITION_PAST_BLOCK, 11, "I062/380", 4, false},
	{"SP length 0", {0x81, 1, 1, 1, 0x02, 0x19, 0x64, 0x00, 0xAA}, 9,
	 SKY_AST_REJ_EXPLICIT_LEN_INVALID, 35, "SP", 7, false},
	{"RE longer than the block", {0x81, 1, 1, 1, 0x04, 0x19, 0x64, 0x09, 0xAA}, 9,
	 SKY_AST_REJ_EXPLICIT_LEN_INVALID, 34, "RE", 7, false},
	{"340 undefined subfield", {0x81, 1, 1, 0x02, 0x19, 0x64, 0x02, 0, 0}, 9,
	 SKY_AST_REJ_COMPOUND_INVALID, 28, "I062/340", 6, false},
	{"380 subfield 29", {0x81, 0x10, 0x19, 0x64, 0x01, 0x01, 0x01, 0x01, 0x80, 0, 0}, 11,
	 SKY_AST_REJ_COMPOUND_INVALID, 11, "I062/380", 4, false},
	{"500 primary past the block", {0x81, 1, 1, 0x04, 0x19, 0x64, 0x01, 0x01}, 8,
	 SKY_AST_REJ_ITEM_PAST_BLOCK, 27, "I062/500", 6, false},
	{"500 subfield past the block", {0x81, 1, 1, 0x04, 0x19, 0x64, 0x80, 0x00, 0x10, 0x00}, 10,
	 SKY_AST_REJ_ITEM_PAST_BLOCK, 27, "I062/500", 6, false},
	{"080 FX past the block", {0x81, 0x04, 0x19, 0x64, 0x01, 0x01}, 6,
	 SKY_AST_REJ_ITEM_PAST_BLOCK, 13, "I062/080", 4, false},
	{"010 missing", {0x01, 0x08, 0x00, 0x2A}, 4, SKY_AST_REJ_MISSING_MANDATORY, 1, "I062/010", 0, true},
	{"latitude past 90 deg", {0x88, 0x19, 0x64, 0x01, 0, 0, 1, 0, 0, 0, 0}, 11,
	 SKY_AST_REJ_VALUE_INVALID, 5, "I062/105", 3, true},
	{"longitude at 180 deg", {0x88, 0x19, 0x64, 0, 0, 0, 0, 0x02, 0, 0, 0}, 11,
	 SKY_AST_REJ_VALUE_INVALID, 5, "I062/105", 3, true},
	{"time of day past 24 h", {0x90, 0x19, 0x64, 0xA8, 0xC1, 0x00}, 6,
	 SKY_AST_REJ_VALUE_INVALID, 4, "I062/070", 3, true},
};

Test(cat062, rejects_every_malformation_with_its_reason_and_item)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct sky_cat062 r;
		struct sky_ast_error e;
		size_t n = dec_tight(c->bytes, c->len, &r, &e);
		sky_test_expect_reject(c->what, n, &e, c->delimited ? c->len : 0, c->reason,
				       c->frn, c->item, c->offset);
	}
}

Test(cat062, rejects_every_truncation_without_reading_past_it)
{
	struct sky_cat062 r;
	struct sky_ast_error e;
	for (size_t n = 0; n < sizeof(full_rec); n++) {
		cr_expect_eq(dec_tight(full_rec, n, &r, &e), 0, "prefix %zu accepted", n);
		cr_expect_neq(e.reason, SKY_AST_OK);
	}
	for (size_t n = 0; n < sizeof(walked_rec); n++)
		cr_expect_eq(dec_tight(walked_rec, n, &r, &e), 0, "prefix %zu accepted", n);
}

/* ---- through the datagram decoder --------------------------------------- */

Test(cat062, datagram_decoder_hands_out_the_raw_record_bytes)
{
	uint64_t seed = 62;
	static uint8_t dg[8192];
	static struct sky_cat062 in[40];
	static struct sky_test_seen c;
	for (int i = 0; i < 40; i++)
		c062_random(&seed, &in[i], false, false);
	sky_test_datagram_round_trip(&codec_062, 0, in, 40, dg, sizeof(dg), &c);
	for (int i = 0; i < 40; i++)
		cr_assert(sky_cat062_equal(&in[i], &c.rec[i].c062), "record %d differs", i);
}

Test(cat062, refused_record_is_skipped_and_the_block_goes_on)
{
	/* [010 missing][good][lat invalid][good] in one block, then CAT065. */
	static const uint8_t dg[] = {
		62, 0x00, 3 + 4 + 3 + 11 + 3,
		0x01, 0x08, 0x00, 0x2A,
		0x80, 0x19, 0x64,
		0x88, 0x19, 0x64, 0x01, 0, 0, 1, 0, 0, 0, 0,
		0x80, 0x01, 0x02,
		65, 0x00, 0x06, 0x80, 0x19, 0x64,
	};
	static struct sky_test_seen c;
	cr_assert_eq(sky_test_decode_datagram(dg, sizeof(dg), NULL, 62, &c), 2);
	cr_assert_eq(c.rec[0].c062.sic, 100);
	cr_assert_eq(c.rec[1].c062.sic, 2);
	cr_assert_eq(c.raw[1] - dg, 3 + 4 + 3 + 11);
	cr_assert_eq(c.rejects, 3);
	cr_assert_eq(c.rej[0].reason, SKY_AST_REJ_MISSING_MANDATORY);
	cr_assert_eq(c.rej[0].offset, 3);
	cr_assert_eq(c.rej[0].record, 0);
	cr_assert_eq(c.rej[1].reason, SKY_AST_REJ_VALUE_INVALID);
	cr_assert_eq(c.rej[1].offset, 3 + 4 + 3 + 3);
	cr_assert_eq(c.rej[1].record, 2);
	cr_assert_eq(c.rej[2].reason, SKY_AST_REJ_UNKNOWN_CATEGORY);
	cr_assert_eq(c.stats.rejects[SKY_AST_REJ_UNKNOWN_CATEGORY], 1);
}

/* ---- encoder ---------------------------------------------------------- */

Test(cat062, encodes_a_typical_track_record_byte_for_byte)
{
	struct sky_cat062 r = {0};
	r.present = SKY_CAT062_I010 | SKY_CAT062_I070 | SKY_CAT062_I380 | SKY_CAT062_I040 |
		    SKY_CAT062_I080 | SKY_CAT062_I136 | SKY_CAT062_I500;
	r.sac = 0;
	r.sic = 1;
	r.tod = 0x123456;
	r.adr.present = SKY_CAT062_ADR_ADR;
	r.adr.adr = 0xABCDEF;
	r.track_number = 513;
	r.status = SKY_CAT062_TS_CNF;
	r.fl = -1;
	r.acc.present = SKY_CAT062_ACC_APC;
	r.acc.apc_x = 0x0102;
	r.acc.apc_y = 0x0304;
	static const uint8_t want[] = {
		0x91, 0x1D, 0x21, 0x04,       /* FSPEC: 1, 4 | 11, 12, 13 | 17 | 27 */
		0x00, 0x01, 0x12, 0x34, 0x56, /* 010 070 */
		0x80, 0xAB, 0xCD, 0xEF,       /* 380 ADR */
		0x02, 0x01, 0x02,             /* 040, 080 (one octet) */
		0xFF, 0xFF,                   /* 136 */
		0x80, 0x01, 0x02, 0x03, 0x04, /* 500 APC */
	};
	uint8_t buf[256];
	memset(buf, 0xEE, sizeof(buf));
	cr_assert_eq(sky_cat062_encode(&r, buf, sizeof(buf)), sizeof(want));
	cr_assert_arr_eq(buf, want, sizeof(want));
	/* TSE lives in the second octet: 080 grows, FX set on the first. */
	r.present = SKY_CAT062_I010 | SKY_CAT062_I080;
	r.status |= SKY_CAT062_TS_TSE;
	static const uint8_t want2[] = {0x81, 0x04, 0x00, 0x01, 0x03, 0x40};
	cr_assert_eq(sky_cat062_encode(&r, buf, sizeof(buf)), sizeof(want2));
	cr_assert_arr_eq(buf, want2, sizeof(want2));
	r.present = SKY_CAT062_I010;
	cr_assert_eq(sky_cat062_encode(&r, buf, sizeof(buf)), 3);
	cr_assert_eq(buf[0], 0x80);
	r.present = 0;
	cr_assert_eq(sky_cat062_encode(&r, buf, sizeof(buf)), 0);
}

static void fill_everything(struct sky_cat062 *r)
{
	uint64_t seed = 7;
	c062_random(&seed, r, false, true);
	r->present = 0x7fffffffu;        /* every FRN; the encoder keeps its own */
	r->status = SKY_CAT062_TS_ALL;
	r->adr.present = 0x7fffffffu;
	r->upd.present = 0xffffffffu;
	r->ages.present = ~0ull;
	r->mi.present = 0xff;
	r->acc.present = 0xffff;
}

Test(cat062, largest_record_is_max_record_and_small_buffers_are_refused)
{
	struct sky_cat062 r, back;
	fill_everything(&r);
	uint8_t big[512];
	size_t n = sky_cat062_encode(&r, big, sizeof(big));
	cr_assert_eq(n, SKY_CAT062_MAX_RECORD);
	struct sky_ast_error e;
	cr_assert_eq(dec_tight(big, n, &back, &e), n);
	cr_assert_eq(e.reason, SKY_AST_OK);
	cr_assert_eq(back.status, SKY_CAT062_TS_ALL);
	/* Below the fast-path size: exact room works, one byte less does not,
	 * and nothing is written past the room given. */
	uint8_t small[SKY_CAT062_MAX_RECORD + 1];
	for (size_t cap = n - 1; cap <= n; cap++) {
		memset(small, 0xEE, sizeof(small));
		size_t got = sky_cat062_encode(&r, small, cap);
		cr_assert_eq(got, cap == n ? n : 0);
		cr_assert_eq(small[cap], 0xEE);
		if (got)
			cr_assert_arr_eq(small, big, n);
	}
	r.present = SKY_CAT062_I010;
	cr_assert_eq(sky_cat062_encode(&r, small, 2), 0);
	cr_assert_eq(sky_cat062_encode(&r, small, 3), 3);
}

static void round_trip(uint64_t *seed, bool spec, bool nonempty)
{
	struct sky_cat062 in, out, again;
	uint8_t a[256], b[256];
	c062_random(seed, &in, spec, nonempty);
	size_t n = sky_cat062_encode(&in, a, sizeof(a));
	cr_assert(n > 0 && n <= SKY_CAT062_MAX_RECORD);
	struct sky_ast_error e;
	cr_assert_eq(dec_tight(a, n, &out, &e), n, "reason %s", sky_ast_reject_name(e.reason));
	cr_assert_eq(e.reason, SKY_AST_OK);
	cr_assert(sky_cat062_equal(&in, &out), "decoded record differs");
	size_t m = sky_cat062_encode(&out, b, sizeof(b));
	cr_assert_eq(m, n);
	cr_assert_arr_eq(a, b, n);
	cr_assert_eq(dec(b, m, &again, &e), m);
	cr_assert(sky_cat062_equal(&out, &again));
}

Test(cat062, random_records_round_trip_encode_decode_encode)
{
	uint64_t seed = 0x062062;
	for (int i = 0; i < 3000; i++)
		round_trip(&seed, i & 1, i & 2);
}

Test(cat062, equal_notices_a_changed_field)
{
	uint64_t seed = 99;
	struct sky_cat062 a, b;
	c062_random(&seed, &a, true, true);
	a.present |= SKY_CAT062_I380 | SKY_CAT062_I340;
	a.adr.present |= SKY_CAT062_ADR_ID;
	b = a;
	cr_assert(sky_cat062_equal(&a, &b));
	b.adr.id[0] = a.adr.id[0] == 'Z' ? 'Y' : 'Z';
	cr_assert_not(sky_cat062_equal(&a, &b));
	b = a;
	b.mi.present ^= SKY_CAT062_MI_TYP;
	cr_assert_not(sky_cat062_equal(&a, &b));
	b = a;
	b.sic++;
	cr_assert_not(sky_cat062_equal(&a, &b));
}

Test(cat062, category_is_registered_with_its_uap)
{
	const struct sky_ast_category *c = sky_ast_category_find(62);
	cr_assert_eq(c, &sky_cat062_category);
	cr_assert_str_eq(c->editions[0], "1.20");
	cr_assert_eq(sky_ast_edition_find(c, "1.20"), 0);
	const struct sky_ast_uap *u = c->uap(0);
	cr_assert_eq(u->n_frn, 35);
	cr_assert_str_eq(u->items[25].name, "I062/510");
	cr_assert_str_eq(u->items[34].name, "SP");
}
