/*
 * cat062.c - ASTERIX CAT062 (SDPS system track data) edition 1.20: the UAP,
 * the record decoder and the formatter.
 *
 * The UAP table describes every FRN of the edition, and every subfield of
 * every compound (110, 290, 295, 340, 380, 390, 500), so that the generic
 * walker can step over the items and subfields we do not decode - Mode 5,
 * flight plan data, trajectory intent, the composed track number 510, RE
 * and SP - and still find the next ones. The decoder then reads the fields
 * of the present items straight from the located bytes: the presence masks
 * are the FSPEC and compound primary octets themselves (see cat062.h), and
 * only present fields are written.
 *
 * Refusals of a delimited record: I062/010 absent (MISSING_MANDATORY); a
 * position outside +-90 / -180..180 deg or a time of day past 24 h
 * (VALUE_INVALID). The record is skipped, the block goes on.
 */
#include <string.h>

#include "cat062.h"

#define FIXED(n, l) { .name = (n), .kind = SKY_AST_ITEM_FIXED, .len = (l) }
#define EXTENDED(n, l, e) { .name = (n), .kind = SKY_AST_ITEM_EXTENDED, .len = (l), .ext = (e) }
#define REP(n, l) { .name = (n), .kind = SKY_AST_ITEM_REP, .len = (l) }
#define REP_FX(n, l) { .name = (n), .kind = SKY_AST_ITEM_REP_FX, .len = (l) }
#define EXPLICIT(n) { .name = (n), .kind = SKY_AST_ITEM_EXPLICIT }
#define COMPOUND(n, s) { .name = (n), .kind = SKY_AST_ITEM_COMPOUND, \
			 .n_sub = sizeof(s) / sizeof((s)[0]), .sub = (s) }
#define SPARE { .name = NULL, .kind = SKY_AST_ITEM_NONE }

static const struct sky_ast_item_desc sub110[] = {
	FIXED("SUM", 1), FIXED("PMN", 4), FIXED("POS", 6), FIXED("GA", 2),
	FIXED("EM1", 2), FIXED("TOS", 1), FIXED("XP", 1),
};

static const struct sky_ast_item_desc sub290[] = {
	FIXED("TRK", 1), FIXED("PSR", 1), FIXED("SSR", 1), FIXED("MDS", 1),
	FIXED("ADS", 2), FIXED("ES", 1), FIXED("VDL", 1), FIXED("UAT", 1),
	FIXED("LOP", 1), FIXED("MLT", 1),
};

static const struct sky_ast_item_desc sub295[] = {
	FIXED("MFL", 1), FIXED("MD1", 1), FIXED("MD2", 1), FIXED("MDA", 1),
	FIXED("MD4", 1), FIXED("MD5", 1), FIXED("MHG", 1), FIXED("IAS", 1),
	FIXED("TAS", 1), FIXED("SAL", 1), FIXED("FSS", 1), FIXED("TID", 1),
	FIXED("COM", 1), FIXED("SAB", 1), FIXED("ACS", 1), FIXED("BVR", 1),
	FIXED("GVR", 1), FIXED("RAN", 1), FIXED("TAR", 1), FIXED("TAN", 1),
	FIXED("GSP", 1), FIXED("VUN", 1), FIXED("MET", 1), FIXED("EMC", 1),
	FIXED("POS", 1), FIXED("GAL", 1), FIXED("PUN", 1), FIXED("MB", 1),
	FIXED("IAR", 1), FIXED("MAC", 1), FIXED("BPS", 1),
};

static const struct sky_ast_item_desc sub340[] = {
	FIXED("SID", 2), FIXED("POS", 4), FIXED("HEIGHT", 2), FIXED("MDC", 2),
	FIXED("MDA", 2), FIXED("TYP", 1),
};

static const struct sky_ast_item_desc sub380[] = {
	FIXED("ADR", 3), FIXED("ID", 6), FIXED("MHG", 2), FIXED("IAS", 2),
	FIXED("TAS", 2), FIXED("SAL", 2), FIXED("FSS", 2), EXTENDED("TIS", 1, 1),
	REP("TID", 15), FIXED("COM", 2), FIXED("SAB", 2), FIXED("ACS", 7),
	FIXED("BVR", 2), FIXED("GVR", 2), FIXED("RAN", 2), FIXED("TAR", 2),
	FIXED("TAN", 2), FIXED("GS", 2), FIXED("VUN", 1), FIXED("MET", 8),
	FIXED("EMC", 1), FIXED("POS", 6), FIXED("GAL", 2), FIXED("PUN", 1),
	REP("BDSDATA", 8), FIXED("IAR", 2), FIXED("MAC", 2), FIXED("BPS", 2),
};

static const struct sky_ast_item_desc sub390[] = {
	FIXED("TAG", 2), FIXED("CS", 7), FIXED("IFI", 4), FIXED("FCT", 1),
	FIXED("TAC", 4), FIXED("WTC", 1), FIXED("DEP", 4), FIXED("DST", 4),
	FIXED("RDS", 3), FIXED("CFL", 2), FIXED("CTL", 2), REP("TOD", 4),
	FIXED("AST", 6), FIXED("STS", 1), FIXED("STD", 7), FIXED("STA", 7),
	FIXED("PEM", 2), FIXED("PEC", 7),
};

static const struct sky_ast_item_desc sub500[] = {
	FIXED("APC", 4), FIXED("COV", 2), FIXED("APW", 4), FIXED("AGA", 1),
	FIXED("ABA", 1), FIXED("ATV", 2), FIXED("AA", 2), FIXED("ARC", 1),
};

/* FRN 1..35 of the edition 1.20 UAP. */
static const struct sky_ast_item_desc uap_1_20[] = {
	FIXED("I062/010", 2),          /* 1 */
	SPARE,                         /* 2 */
	FIXED("I062/015", 1),          /* 3 */
	FIXED("I062/070", 3),          /* 4 */
	FIXED("I062/105", 8),          /* 5 */
	FIXED("I062/100", 6),          /* 6 */
	FIXED("I062/185", 4),          /* 7 */
	FIXED("I062/210", 2),          /* 8 */
	FIXED("I062/060", 2),          /* 9 */
	FIXED("I062/245", 7),          /* 10 */
	COMPOUND("I062/380", sub380),  /* 11 */
	FIXED("I062/040", 2),          /* 12 */
	EXTENDED("I062/080", 1, 1),    /* 13 */
	COMPOUND("I062/290", sub290),  /* 14 */
	FIXED("I062/200", 1),          /* 15 */
	COMPOUND("I062/295", sub295),  /* 16 */
	FIXED("I062/136", 2),          /* 17 */
	FIXED("I062/130", 2),          /* 18 */
	FIXED("I062/135", 2),          /* 19 */
	FIXED("I062/220", 2),          /* 20 */
	COMPOUND("I062/390", sub390),  /* 21 */
	EXTENDED("I062/270", 1, 1),    /* 22 */
	FIXED("I062/300", 1),          /* 23 */
	COMPOUND("I062/110", sub110),  /* 24 */
	FIXED("I062/120", 2),          /* 25 */
	REP_FX("I062/510", 3),         /* 26 */
	COMPOUND("I062/500", sub500),  /* 27 */
	COMPOUND("I062/340", sub340),  /* 28 */
	SPARE, SPARE, SPARE, SPARE, SPARE, /* 29..33 */
	EXPLICIT("RE"),                /* 34 */
	EXPLICIT("SP"),                /* 35 */
};

static const struct sky_ast_uap uap = {
	.cat = 62,
	.edition = "1.20",
	.n_frn = sizeof(uap_1_20) / sizeof(uap_1_20[0]),
	.items = uap_1_20,
};

#define DECODED (SKY_CAT062_I010 | SKY_CAT062_I015 | SKY_CAT062_I070 | \
		 SKY_CAT062_I105 | SKY_CAT062_I100 | SKY_CAT062_I185 |   \
		 SKY_CAT062_I210 | SKY_CAT062_I060 | SKY_CAT062_I245 |   \
		 SKY_CAT062_I380 | SKY_CAT062_I040 | SKY_CAT062_I080 |   \
		 SKY_CAT062_I290 | SKY_CAT062_I200 | SKY_CAT062_I295 |   \
		 SKY_CAT062_I136 | SKY_CAT062_I130 | SKY_CAT062_I135 |   \
		 SKY_CAT062_I220 | SKY_CAT062_I500 | SKY_CAT062_I340)

#define ADR_DECODED (SKY_CAT062_ADR_ADR | SKY_CAT062_ADR_ID | SKY_CAT062_ADR_MHG | \
		     SKY_CAT062_ADR_IAS | SKY_CAT062_ADR_TAS | SKY_CAT062_ADR_SAL | \
		     SKY_CAT062_ADR_FSS | SKY_CAT062_ADR_COM | SKY_CAT062_ADR_BVR | \
		     SKY_CAT062_ADR_GVR | SKY_CAT062_ADR_RAN | SKY_CAT062_ADR_TAN | \
		     SKY_CAT062_ADR_GS | SKY_CAT062_ADR_EMC | SKY_CAT062_ADR_POS | \
		     SKY_CAT062_ADR_GAL | SKY_CAT062_ADR_IAR | SKY_CAT062_ADR_MAC | \
		     SKY_CAT062_ADR_BPS)

/*
 * An FX-extended primary (FSPEC or compound) as the presence word of
 * cat062.h: octet i in bits (8 * octets - 1 - 8 * i) down, shifted right by
 * one, at most `octets` octets (the walker has checked that later octets
 * announce nothing).
 */
static uint64_t primary_bits(const uint8_t *p, unsigned octets)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < octets; i++) {
		v |= (uint64_t)(p[i] & 0xfe) << (8 * (octets - 1 - i));
		if (!(p[i] & 1u))
			break;
	}
	return v >> 1;
}

static int32_t s16(const uint8_t *p) { return (int16_t)sky_rd16(p); }
static int32_t s13(const uint8_t *p) { return sky_sext(sky_rd16(p), 13); }

static void adr_sub(struct sky_cat062_adr *a, unsigned i, const uint8_t *p)
{
	switch (i) {
	case 0: a->adr = sky_rd24(p); break;
	case 1: sky_ast_icao6_decode(p, a->id); break;
	case 2: a->mhg = (uint16_t)sky_rd16(p); break;
	case 3: a->ias_im = p[0] >> 7; a->ias = sky_rd16(p) & 0x7fff; break;
	case 4: a->tas = (uint16_t)sky_rd16(p); break;
	case 5:
		a->sal_sas = p[0] >> 7;
		a->sal_src = (p[0] >> 5) & 3;
		a->sal_alt = (int16_t)s13(p);
		break;
	case 6: a->fss_flags = p[0] >> 5; a->fss_alt = (int16_t)s13(p); break;
	case 9: a->com = (uint16_t)sky_rd16(p) & 0xfcff; break;
	case 12: a->bvr = (int16_t)s16(p); break;
	case 13: a->gvr = (int16_t)s16(p); break;
	case 14: a->ran = (int16_t)s16(p); break;
	case 16: a->tan = (uint16_t)sky_rd16(p); break;
	case 17: a->gs = (int16_t)s16(p); break;
	case 20: a->emc = p[0]; break;
	case 21:
		a->pos_lat = sky_sext(sky_rd24(p), 24);
		a->pos_lon = sky_sext(sky_rd24(p + 3), 24);
		break;
	case 22: a->gal = (int16_t)s16(p); break;
	case 25: a->iar = (uint16_t)sky_rd16(p); break;
	case 26: a->mac = (uint16_t)sky_rd16(p); break;
	case 27: a->bps = sky_rd16(p) & 0xfff; break;
	default: break;
	}
}

static void decode_380(struct sky_cat062_adr *a, const uint8_t *p, size_t len)
{
	struct sky_ast_compound c;
	sky_ast_compound_walk(&uap_1_20[10], p, len, &c);
	a->present = (uint32_t)primary_bits(p, 4) & ADR_DECODED;
	uint32_t bits = c.present;
	while (bits) {
		unsigned i = (unsigned)__builtin_ctz(bits);
		bits &= bits - 1;
		adr_sub(a, i, p + c.off[i]);
	}
}

static void decode_290(struct sky_cat062_upd_ages *u, const uint8_t *p, size_t len)
{
	struct sky_ast_compound c;
	sky_ast_compound_walk(&uap_1_20[13], p, len, &c);
	u->present = (uint32_t)primary_bits(p, 2);
	for (unsigned i = 0; i < SKY_CAT062_UPD_N; i++)
		if (sky_ast_sub_has(&c, i))
			u->age[i] = (uint16_t)(i == SKY_CAT062_UPD_ADS ? sky_rd16(p + c.off[i])
								     : p[c.off[i]]);
}

static void decode_295(struct sky_cat062_data_ages *d, const uint8_t *p, size_t len)
{
	struct sky_ast_compound c;
	sky_ast_compound_walk(&uap_1_20[15], p, len, &c);
	d->present = primary_bits(p, 5);
	uint32_t bits = c.present;
	while (bits) {
		unsigned i = (unsigned)__builtin_ctz(bits);
		bits &= bits - 1;
		d->age[i] = p[c.off[i]];
	}
}

static void decode_340(struct sky_cat062_measured *m, const uint8_t *p, size_t len)
{
	struct sky_ast_compound c;
	sky_ast_compound_walk(&uap_1_20[27], p, len, &c);
	m->present = (uint8_t)primary_bits(p, 1);
	const uint8_t *q;
	if (sky_ast_sub_has(&c, 0)) {
		q = p + c.off[0];
		m->sac = q[0];
		m->sic = q[1];
	}
	if (sky_ast_sub_has(&c, 1)) {
		q = p + c.off[1];
		m->rho = (uint16_t)sky_rd16(q);
		m->theta = (uint16_t)sky_rd16(q + 2);
	}
	if (sky_ast_sub_has(&c, 2))
		m->height = (int16_t)s16(p + c.off[2]);
	if (sky_ast_sub_has(&c, 3)) {
		q = p + c.off[3];
		m->mdc_flags = q[0] >> 6;
		m->lmc = (int16_t)sky_sext(sky_rd16(q), 14);
	}
	if (sky_ast_sub_has(&c, 4)) {
		q = p + c.off[4];
		m->mda_flags = q[0] >> 5;
		m->mode3a = sky_rd16(q) & 0xfff;
	}
	if (sky_ast_sub_has(&c, 5)) {
		q = p + c.off[5];
		m->typ = q[0] >> 5;
		m->typ_flags = (q[0] >> 2) & 7;
	}
}

static void decode_500(struct sky_cat062_accuracy *a, const uint8_t *p, size_t len)
{
	struct sky_ast_compound c;
	sky_ast_compound_walk(&uap_1_20[26], p, len, &c);
	a->present = (uint16_t)primary_bits(p, 2);
	const uint8_t *q;
	if (sky_ast_sub_has(&c, 0)) {
		q = p + c.off[0];
		a->apc_x = (uint16_t)sky_rd16(q);
		a->apc_y = (uint16_t)sky_rd16(q + 2);
	}
	if (sky_ast_sub_has(&c, 1))
		a->cov = (int16_t)s16(p + c.off[1]);
	if (sky_ast_sub_has(&c, 2)) {
		q = p + c.off[2];
		a->apw_lat = (uint16_t)sky_rd16(q);
		a->apw_lon = (uint16_t)sky_rd16(q + 2);
	}
	if (sky_ast_sub_has(&c, 3))
		a->aga = p[c.off[3]];
	if (sky_ast_sub_has(&c, 4))
		a->aba = p[c.off[4]];
	if (sky_ast_sub_has(&c, 5)) {
		a->atv_x = p[c.off[5]];
		a->atv_y = p[c.off[5] + 1];
	}
	if (sky_ast_sub_has(&c, 6)) {
		a->aa_x = p[c.off[6]];
		a->aa_y = p[c.off[6] + 1];
	}
	if (sky_ast_sub_has(&c, 7))
		a->arc = p[c.off[7]];
}

static uint64_t status_bits(const uint8_t *p, size_t len)
{
	uint64_t s = 0;
	for (size_t i = 0; i < len && i < 6; i++)
		s |= (uint64_t)(p[i] & 0xfe) << (56 - 8 * i);
	return s;
}

static size_t refuse(struct sky_ast_error *err, enum sky_ast_reject why,
		     const struct sky_ast_record_items *it, unsigned frn)
{
	err->reason = why;
	err->cat = 62;
	err->frn = (uint8_t)frn;
	err->item = uap_1_20[frn - 1].name;
	err->offset = sky_ast_has(it, frn) ? it->off[frn - 1] : 0;
	return it->size;
}

/* The kinematic items (position, velocity, acceleration, time). */
static void decode_kinematics(struct sky_cat062 *r, const struct sky_ast_record_items *it)
{
	const uint8_t *p;
	if (r->present & SKY_CAT062_I070)
		r->tod = sky_rd24(sky_ast_item(it, 4));
	if (r->present & SKY_CAT062_I105) {
		p = sky_ast_item(it, 5);
		r->lat = (int32_t)sky_rd32(p);
		r->lon = (int32_t)sky_rd32(p + 4);
	}
	if (r->present & SKY_CAT062_I100) {
		p = sky_ast_item(it, 6);
		r->x = sky_sext(sky_rd24(p), 24);
		r->y = sky_sext(sky_rd24(p + 3), 24);
	}
	if (r->present & SKY_CAT062_I185) {
		p = sky_ast_item(it, 7);
		r->vx = (int16_t)s16(p);
		r->vy = (int16_t)s16(p + 2);
	}
	if (r->present & SKY_CAT062_I210) {
		p = sky_ast_item(it, 8);
		r->ax = (int8_t)p[0];
		r->ay = (int8_t)p[1];
	}
}

/* Identity and status items. */
static void decode_identity(struct sky_cat062 *r, const struct sky_ast_record_items *it)
{
	const uint8_t *p;
	if (r->present & SKY_CAT062_I060) {
		p = sky_ast_item(it, 9);
		r->mode3a_flags = p[0] & 0xe0;
		r->mode3a = sky_rd16(p) & 0xfff;
	}
	if (r->present & SKY_CAT062_I245) {
		p = sky_ast_item(it, 10);
		r->sti = p[0] >> 6;
		sky_ast_icao6_decode(p + 1, r->callsign);
	}
	if (r->present & SKY_CAT062_I380)
		decode_380(&r->adr, sky_ast_item(it, 11), it->len[10]);
	if (r->present & SKY_CAT062_I040)
		r->track_number = (uint16_t)sky_rd16(sky_ast_item(it, 12));
	if (r->present & SKY_CAT062_I080)
		r->status = status_bits(sky_ast_item(it, 13), it->len[12]);
	if (r->present & SKY_CAT062_I290)
		decode_290(&r->upd, sky_ast_item(it, 14), it->len[13]);
	if (r->present & SKY_CAT062_I200) {
		p = sky_ast_item(it, 15);
		r->mom_trans = p[0] >> 6;
		r->mom_long = (p[0] >> 4) & 3;
		r->mom_vert = (p[0] >> 2) & 3;
		r->mom_adf = (p[0] >> 1) & 1;
	}
	if (r->present & SKY_CAT062_I295)
		decode_295(&r->ages, sky_ast_item(it, 16), it->len[15]);
}

/* Vertical items and the measured / accuracy compounds. */
static void decode_vertical(struct sky_cat062 *r, const struct sky_ast_record_items *it)
{
	const uint8_t *p;
	if (r->present & SKY_CAT062_I136)
		r->fl = (int16_t)s16(sky_ast_item(it, 17));
	if (r->present & SKY_CAT062_I130)
		r->geo_alt = (int16_t)s16(sky_ast_item(it, 18));
	if (r->present & SKY_CAT062_I135) {
		p = sky_ast_item(it, 19);
		r->baro_qnh = p[0] >> 7;
		r->baro_alt = (int16_t)sky_sext(sky_rd16(p), 15);
	}
	if (r->present & SKY_CAT062_I220)
		r->roc = (int16_t)s16(sky_ast_item(it, 20));
	if (r->present & SKY_CAT062_I500)
		decode_500(&r->acc, sky_ast_item(it, 27), it->len[26]);
	if (r->present & SKY_CAT062_I340)
		decode_340(&r->mi, sky_ast_item(it, 28), it->len[27]);
}

/* Largest valid values: 90 deg, 180 deg (exclusive), 24 h (+1 s leap). */
#define LAT_MAX (1 << 24)
#define LON_MAX (1 << 25)
#define TOD_MAX (86401u * 128u)

size_t sky_cat062_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err)
{
	(void)edition; /* one edition */
	struct sky_ast_record_items it;
	size_t n = sky_ast_walk_record(&uap, rec, avail, &it, err);
	if (n == 0)
		return 0;
	struct sky_cat062 *r = out;
	r->present = (uint32_t)primary_bits(rec, 4) & DECODED;
	if (!(r->present & SKY_CAT062_I010))
		return refuse(err, SKY_AST_REJ_MISSING_MANDATORY, &it, 1);
	const uint8_t *p = sky_ast_item(&it, 1);
	r->sac = p[0];
	r->sic = p[1];
	if (r->present & SKY_CAT062_I015)
		r->service = *sky_ast_item(&it, 3);
	decode_kinematics(r, &it);
	if ((r->present & SKY_CAT062_I070) && r->tod >= TOD_MAX)
		return refuse(err, SKY_AST_REJ_VALUE_INVALID, &it, 4);
	if ((r->present & SKY_CAT062_I105) &&
	    (r->lat > LAT_MAX || r->lat < -LAT_MAX || r->lon >= LON_MAX || r->lon < -LON_MAX))
		return refuse(err, SKY_AST_REJ_VALUE_INVALID, &it, 5);
	decode_identity(r, &it);
	decode_vertical(r, &it);
	return n;
}

/* ---- formatting ---------------------------------------------------------- */

struct status_field {
	const char *name;
	uint8_t octet;   /* 1-based */
	uint8_t shift;   /* in sky_cat062.status */
	uint8_t width;
};

static const struct status_field status_fields[] = {
	{"mon", 1, 63, 1}, {"spi", 1, 62, 1}, {"mrh", 1, 61, 1}, {"src", 1, 58, 3},
	{"cnf", 1, 57, 1},
	{"sim", 2, 55, 1}, {"tse", 2, 54, 1}, {"tsb", 2, 53, 1}, {"fpc", 2, 52, 1},
	{"aff", 2, 51, 1}, {"stp", 2, 50, 1}, {"kos", 2, 49, 1},
	{"ama", 3, 47, 1}, {"md4", 3, 45, 2}, {"me", 3, 44, 1}, {"mi", 3, 43, 1},
	{"md5", 3, 41, 2},
	{"cst", 4, 39, 1}, {"psr", 4, 38, 1}, {"ssr", 4, 37, 1}, {"mds", 4, 36, 1},
	{"ads", 4, 35, 1}, {"suc", 4, 34, 1}, {"aac", 4, 33, 1},
	{"sds", 5, 30, 2}, {"ems", 5, 27, 3}, {"pft", 5, 26, 1}, {"fplt", 5, 25, 1},
	{"dupt", 6, 23, 1}, {"dupf", 6, 22, 1}, {"dupm", 6, 21, 1}, {"sfc", 6, 20, 1},
	{"idd", 6, 19, 1}, {"iec", 6, 18, 1}, {"mlat", 6, 17, 1},
};

/* Octets the encoder writes for a status word: the last non-zero one. */
static unsigned status_octets(uint64_t s)
{
	s &= SKY_CAT062_TS_ALL;
	return s ? 8 - (unsigned)__builtin_ctzll(s) / 8 : 1;
}

static void format_status(uint64_t s, struct sky_text *t)
{
	unsigned n = status_octets(s);
	sky_text_obj_open(t, "status");
	for (size_t i = 0; i < sizeof(status_fields) / sizeof(status_fields[0]); i++) {
		const struct status_field *f = &status_fields[i];
		if (f->octet > n)
			break;
		sky_text_kv_uint(t, f->name, (s >> f->shift) & ((1u << f->width) - 1));
	}
	sky_text_obj_close(t);
}

static void format_adr_a(const struct sky_cat062_adr *a, struct sky_text *t)
{
	if (a->present & SKY_CAT062_ADR_ADR)
		sky_text_kv_hex(t, "address", a->adr, 6);
	if (a->present & SKY_CAT062_ADR_ID)
		sky_text_kv_str(t, "ident", a->id);
	if (a->present & SKY_CAT062_ADR_MHG)
		sky_text_kv_scaled(t, "mag_heading_deg", a->mhg, 360, 65536, 4);
	if (a->present & SKY_CAT062_ADR_IAS) {
		if (a->ias_im)
			sky_text_kv_fixed(t, "ias_mach", a->ias, 3);
		else
			sky_text_kv_scaled(t, "ias_kt", a->ias, 3600, 16384, 2);
	}
	if (a->present & SKY_CAT062_ADR_TAS)
		sky_text_kv_uint(t, "tas_kt", a->tas);
	if (a->present & SKY_CAT062_ADR_SAL) {
		sky_text_kv_uint(t, "sel_alt_sas", a->sal_sas);
		sky_text_kv_uint(t, "sel_alt_src", a->sal_src);
		sky_text_kv_int(t, "sel_alt_ft", (int64_t)a->sal_alt * 25);
	}
	if (a->present & SKY_CAT062_ADR_FSS) {
		sky_text_kv_uint(t, "fss_mv", (a->fss_flags >> 2) & 1);
		sky_text_kv_uint(t, "fss_ah", (a->fss_flags >> 1) & 1);
		sky_text_kv_uint(t, "fss_am", a->fss_flags & 1);
		sky_text_kv_int(t, "fss_alt_ft", (int64_t)a->fss_alt * 25);
	}
	if (a->present & SKY_CAT062_ADR_COM) {
		sky_text_kv_uint(t, "com", a->com >> 13);
		sky_text_kv_uint(t, "flight_status", (a->com >> 10) & 7);
		sky_text_kv_uint(t, "ssc", (a->com >> 7) & 1);
		sky_text_kv_uint(t, "arc", (a->com >> 6) & 1);
		sky_text_kv_uint(t, "aic", (a->com >> 5) & 1);
		sky_text_kv_uint(t, "b1a", (a->com >> 4) & 1);
		sky_text_kv_uint(t, "b1b", a->com & 15);
	}
}

static void format_adr_b(const struct sky_cat062_adr *a, struct sky_text *t)
{
	if (a->present & SKY_CAT062_ADR_BVR)
		sky_text_kv_scaled(t, "baro_vrate_ftmin", a->bvr, 25, 4, 2);
	if (a->present & SKY_CAT062_ADR_GVR)
		sky_text_kv_scaled(t, "geo_vrate_ftmin", a->gvr, 25, 4, 2);
	if (a->present & SKY_CAT062_ADR_RAN)
		sky_text_kv_fixed(t, "roll_deg", a->ran, 2);
	if (a->present & SKY_CAT062_ADR_TAN)
		sky_text_kv_scaled(t, "track_angle_deg", a->tan, 360, 65536, 4);
	if (a->present & SKY_CAT062_ADR_GS)
		sky_text_kv_scaled(t, "ground_speed_kt", a->gs, 3600, 16384, 2);
	if (a->present & SKY_CAT062_ADR_EMC)
		sky_text_kv_uint(t, "emitter_category", a->emc);
	if (a->present & SKY_CAT062_ADR_POS) {
		sky_text_kv_scaled(t, "lat_deg", a->pos_lat, 180, 1 << 23, 6);
		sky_text_kv_scaled(t, "lon_deg", a->pos_lon, 180, 1 << 23, 6);
	}
	if (a->present & SKY_CAT062_ADR_GAL)
		sky_text_kv_scaled(t, "geo_alt_ft", a->gal, 25, 4, 2);
	if (a->present & SKY_CAT062_ADR_IAR)
		sky_text_kv_uint(t, "iar_kt", a->iar);
	if (a->present & SKY_CAT062_ADR_MAC)
		sky_text_kv_fixed(t, "mach", (int64_t)a->mac * 8, 3);
	if (a->present & SKY_CAT062_ADR_BPS)
		sky_text_kv_fixed(t, "baro_setting_mb", 8000 + (int64_t)a->bps, 1);
}

static const char *const upd_names[SKY_CAT062_UPD_N] = {
	"trk_s", "psr_s", "ssr_s", "mds_s", "ads_s", "es_s", "vdl_s", "uat_s",
	"lop_s", "mlt_s",
};

static const char *const age_names[SKY_CAT062_AGE_N] = {
	"mfl_s", "md1_s", "md2_s", "mda_s", "md4_s", "md5_s", "mhg_s", "ias_s",
	"tas_s", "sal_s", "fss_s", "tid_s", "com_s", "sab_s", "acs_s", "bvr_s",
	"gvr_s", "ran_s", "tar_s", "tan_s", "gsp_s", "vun_s", "met_s", "emc_s",
	"pos_s", "gal_s", "pun_s", "mb_s", "iar_s", "mac_s", "bps_s",
};

static void format_ages(const struct sky_cat062 *r, struct sky_text *t)
{
	if (r->present & SKY_CAT062_I290) {
		sky_text_obj_open(t, "update_ages");
		for (unsigned i = 0; i < SKY_CAT062_UPD_N; i++)
			if (r->upd.present & SKY_CAT062_UPD_BIT(i))
				sky_text_kv_fixed(t, upd_names[i], (int64_t)r->upd.age[i] * 25, 2);
		sky_text_obj_close(t);
	}
	if (r->present & SKY_CAT062_I295) {
		sky_text_obj_open(t, "data_ages");
		for (unsigned i = 0; i < SKY_CAT062_AGE_N; i++)
			if (r->ages.present & SKY_CAT062_AGE_BIT(i))
				sky_text_kv_fixed(t, age_names[i], (int64_t)r->ages.age[i] * 25, 2);
		sky_text_obj_close(t);
	}
}

static void format_measured(const struct sky_cat062_measured *m, struct sky_text *t)
{
	sky_text_obj_open(t, "measured");
	if (m->present & SKY_CAT062_MI_SID) {
		sky_text_kv_uint(t, "sac", m->sac);
		sky_text_kv_uint(t, "sic", m->sic);
	}
	if (m->present & SKY_CAT062_MI_POS) {
		sky_text_kv_scaled(t, "rho_nm", m->rho, 1, 256, 4);
		sky_text_kv_scaled(t, "theta_deg", m->theta, 360, 65536, 4);
	}
	if (m->present & SKY_CAT062_MI_HEI)
		sky_text_kv_int(t, "height_ft", (int64_t)m->height * 25);
	if (m->present & SKY_CAT062_MI_MDC) {
		sky_text_kv_uint(t, "mode_c_v", m->mdc_flags >> 1);
		sky_text_kv_uint(t, "mode_c_g", m->mdc_flags & 1);
		sky_text_kv_fixed(t, "fl", (int64_t)m->lmc * 25, 2);
	}
	if (m->present & SKY_CAT062_MI_MDA) {
		sky_text_kv_uint(t, "mode3a_v", m->mda_flags >> 2);
		sky_text_kv_uint(t, "mode3a_g", (m->mda_flags >> 1) & 1);
		sky_text_kv_uint(t, "mode3a_l", m->mda_flags & 1);
		sky_text_kv_oct4(t, "mode3a", m->mode3a);
	}
	if (m->present & SKY_CAT062_MI_TYP) {
		sky_text_kv_uint(t, "typ", m->typ);
		sky_text_kv_uint(t, "sim", m->typ_flags >> 2);
		sky_text_kv_uint(t, "rab", (m->typ_flags >> 1) & 1);
		sky_text_kv_uint(t, "tst", m->typ_flags & 1);
	}
	sky_text_obj_close(t);
}

static void format_accuracy(const struct sky_cat062_accuracy *a, struct sky_text *t)
{
	sky_text_obj_open(t, "accuracy");
	if (a->present & SKY_CAT062_ACC_APC) {
		sky_text_kv_fixed(t, "x_m", (int64_t)a->apc_x * 5, 1);
		sky_text_kv_fixed(t, "y_m", (int64_t)a->apc_y * 5, 1);
	}
	if (a->present & SKY_CAT062_ACC_COV)
		sky_text_kv_fixed(t, "cov_m", (int64_t)a->cov * 5, 1);
	if (a->present & SKY_CAT062_ACC_APW) {
		sky_text_kv_scaled(t, "lat_deg", a->apw_lat, 180, 1 << 25, 8);
		sky_text_kv_scaled(t, "lon_deg", a->apw_lon, 180, 1 << 25, 8);
	}
	if (a->present & SKY_CAT062_ACC_AGA)
		sky_text_kv_fixed(t, "geo_alt_ft", (int64_t)a->aga * 625, 2);
	if (a->present & SKY_CAT062_ACC_ABA)
		sky_text_kv_fixed(t, "baro_alt_fl", (int64_t)a->aba * 25, 2);
	if (a->present & SKY_CAT062_ACC_ATV) {
		sky_text_kv_fixed(t, "vx_ms", (int64_t)a->atv_x * 25, 2);
		sky_text_kv_fixed(t, "vy_ms", (int64_t)a->atv_y * 25, 2);
	}
	if (a->present & SKY_CAT062_ACC_AA) {
		sky_text_kv_fixed(t, "ax_ms2", (int64_t)a->aa_x * 25, 2);
		sky_text_kv_fixed(t, "ay_ms2", (int64_t)a->aa_y * 25, 2);
	}
	if (a->present & SKY_CAT062_ACC_ARC)
		sky_text_kv_fixed(t, "roc_ftmin", (int64_t)a->arc * 625, 2);
	sky_text_obj_close(t);
}

static void format_kinematics(const struct sky_cat062 *r, struct sky_text *t)
{
	if (r->present & SKY_CAT062_I070)
		sky_text_kv_scaled(t, "tod_s", r->tod, 1, 128, 7);
	if (r->present & SKY_CAT062_I105) {
		sky_text_kv_scaled(t, "lat_deg", r->lat, 180, 1 << 25, 8);
		sky_text_kv_scaled(t, "lon_deg", r->lon, 180, 1 << 25, 8);
	}
	if (r->present & SKY_CAT062_I100) {
		sky_text_kv_fixed(t, "x_m", (int64_t)r->x * 5, 1);
		sky_text_kv_fixed(t, "y_m", (int64_t)r->y * 5, 1);
	}
	if (r->present & SKY_CAT062_I185) {
		sky_text_kv_fixed(t, "vx_ms", (int64_t)r->vx * 25, 2);
		sky_text_kv_fixed(t, "vy_ms", (int64_t)r->vy * 25, 2);
	}
	if (r->present & SKY_CAT062_I210) {
		sky_text_kv_fixed(t, "ax_ms2", (int64_t)r->ax * 25, 2);
		sky_text_kv_fixed(t, "ay_ms2", (int64_t)r->ay * 25, 2);
	}
}

static void format_identity(const struct sky_cat062 *r, struct sky_text *t)
{
	if (r->present & SKY_CAT062_I060) {
		sky_text_kv_oct4(t, "mode3a", r->mode3a);
		sky_text_kv_uint(t, "mode3a_v", !!(r->mode3a_flags & SKY_CAT062_M3A_V));
		sky_text_kv_uint(t, "mode3a_g", !!(r->mode3a_flags & SKY_CAT062_M3A_G));
		sky_text_kv_uint(t, "mode3a_ch", !!(r->mode3a_flags & SKY_CAT062_M3A_CH));
	}
	if (r->present & SKY_CAT062_I245) {
		sky_text_kv_uint(t, "sti", r->sti);
		sky_text_kv_str(t, "callsign", r->callsign);
	}
	if (r->present & SKY_CAT062_I380) {
		sky_text_obj_open(t, "derived");
		format_adr_a(&r->adr, t);
		format_adr_b(&r->adr, t);
		sky_text_obj_close(t);
	}
	if (r->present & SKY_CAT062_I040)
		sky_text_kv_uint(t, "track_number", r->track_number);
	if (r->present & SKY_CAT062_I080)
		format_status(r->status, t);
}

static void format_vertical(const struct sky_cat062 *r, struct sky_text *t)
{
	if (r->present & SKY_CAT062_I200) {
		sky_text_obj_open(t, "movement");
		sky_text_kv_uint(t, "trans", r->mom_trans);
		sky_text_kv_uint(t, "long", r->mom_long);
		sky_text_kv_uint(t, "vert", r->mom_vert);
		sky_text_kv_uint(t, "adf", r->mom_adf);
		sky_text_obj_close(t);
	}
	if (r->present & SKY_CAT062_I136)
		sky_text_kv_fixed(t, "fl", (int64_t)r->fl * 25, 2);
	if (r->present & SKY_CAT062_I130)
		sky_text_kv_fixed(t, "geo_alt_ft", (int64_t)r->geo_alt * 625, 2);
	if (r->present & SKY_CAT062_I135) {
		sky_text_kv_uint(t, "baro_qnh", r->baro_qnh);
		sky_text_kv_fixed(t, "baro_alt_fl", (int64_t)r->baro_alt * 25, 2);
	}
	if (r->present & SKY_CAT062_I220)
		sky_text_kv_fixed(t, "roc_ftmin", (int64_t)r->roc * 625, 2);
}

static void format_062(const void *rec, struct sky_text *t)
{
	const struct sky_cat062 *r = rec;
	sky_text_kv_uint(t, "sac", r->sac);
	sky_text_kv_uint(t, "sic", r->sic);
	if (r->present & SKY_CAT062_I015)
		sky_text_kv_uint(t, "service", r->service);
	format_kinematics(r, t);
	format_identity(r, t);
	format_ages(r, t);
	format_vertical(r, t);
	if (r->present & SKY_CAT062_I500)
		format_accuracy(&r->acc, t);
	if (r->present & SKY_CAT062_I340)
		format_measured(&r->mi, t);
}

/* ---- equality ------------------------------------------------------------ */

#define SAME(f) (a->f == b->f)

static bool adr_equal(const struct sky_cat062_adr *a, const struct sky_cat062_adr *b)
{
	uint32_t p = a->present;
	if (p != b->present)
		return false;
	return (!(p & SKY_CAT062_ADR_ADR) || SAME(adr)) &&
	       (!(p & SKY_CAT062_ADR_ID) || strcmp(a->id, b->id) == 0) &&
	       (!(p & SKY_CAT062_ADR_MHG) || SAME(mhg)) &&
	       (!(p & SKY_CAT062_ADR_IAS) || (SAME(ias_im) && SAME(ias))) &&
	       (!(p & SKY_CAT062_ADR_TAS) || SAME(tas)) &&
	       (!(p & SKY_CAT062_ADR_SAL) || (SAME(sal_sas) && SAME(sal_src) && SAME(sal_alt))) &&
	       (!(p & SKY_CAT062_ADR_FSS) || (SAME(fss_flags) && SAME(fss_alt))) &&
	       (!(p & SKY_CAT062_ADR_COM) || SAME(com)) &&
	       (!(p & SKY_CAT062_ADR_BVR) || SAME(bvr)) &&
	       (!(p & SKY_CAT062_ADR_GVR) || SAME(gvr)) &&
	       (!(p & SKY_CAT062_ADR_RAN) || SAME(ran)) &&
	       (!(p & SKY_CAT062_ADR_TAN) || SAME(tan)) &&
	       (!(p & SKY_CAT062_ADR_GS) || SAME(gs)) &&
	       (!(p & SKY_CAT062_ADR_EMC) || SAME(emc)) &&
	       (!(p & SKY_CAT062_ADR_POS) || (SAME(pos_lat) && SAME(pos_lon))) &&
	       (!(p & SKY_CAT062_ADR_GAL) || SAME(gal)) &&
	       (!(p & SKY_CAT062_ADR_IAR) || SAME(iar)) &&
	       (!(p & SKY_CAT062_ADR_MAC) || SAME(mac)) &&
	       (!(p & SKY_CAT062_ADR_BPS) || SAME(bps));
}

static bool ages_equal(const struct sky_cat062 *a, const struct sky_cat062 *b)
{
	if ((a->present & SKY_CAT062_I290) && a->upd.present != b->upd.present)
		return false;
	if ((a->present & SKY_CAT062_I295) && a->ages.present != b->ages.present)
		return false;
	for (unsigned i = 0; (a->present & SKY_CAT062_I290) && i < SKY_CAT062_UPD_N; i++)
		if ((a->upd.present & SKY_CAT062_UPD_BIT(i)) && a->upd.age[i] != b->upd.age[i])
			return false;
	for (unsigned i = 0; (a->present & SKY_CAT062_I295) && i < SKY_CAT062_AGE_N; i++)
		if ((a->ages.present & SKY_CAT062_AGE_BIT(i)) && a->ages.age[i] != b->ages.age[i])
			return false;
	return true;
}

static bool mi_equal(const struct sky_cat062_measured *a, const struct sky_cat062_measured *b)
{
	uint8_t p = a->present;
	return p == b->present &&
	       (!(p & SKY_CAT062_MI_SID) || (SAME(sac) && SAME(sic))) &&
	       (!(p & SKY_CAT062_MI_POS) || (SAME(rho) && SAME(theta))) &&
	       (!(p & SKY_CAT062_MI_HEI) || SAME(height)) &&
	       (!(p & SKY_CAT062_MI_MDC) || (SAME(mdc_flags) && SAME(lmc))) &&
	       (!(p & SKY_CAT062_MI_MDA) || (SAME(mda_flags) && SAME(mode3a))) &&
	       (!(p & SKY_CAT062_MI_TYP) || (SAME(typ) && SAME(typ_flags)));
}

static bool acc_equal(const struct sky_cat062_accuracy *a, const struct sky_cat062_accuracy *b)
{
	uint16_t p = a->present;
	return p == b->present &&
	       (!(p & SKY_CAT062_ACC_APC) || (SAME(apc_x) && SAME(apc_y))) &&
	       (!(p & SKY_CAT062_ACC_COV) || SAME(cov)) &&
	       (!(p & SKY_CAT062_ACC_APW) || (SAME(apw_lat) && SAME(apw_lon))) &&
	       (!(p & SKY_CAT062_ACC_AGA) || SAME(aga)) &&
	       (!(p & SKY_CAT062_ACC_ABA) || SAME(aba)) &&
	       (!(p & SKY_CAT062_ACC_ATV) || (SAME(atv_x) && SAME(atv_y))) &&
	       (!(p & SKY_CAT062_ACC_AA) || (SAME(aa_x) && SAME(aa_y))) &&
	       (!(p & SKY_CAT062_ACC_ARC) || SAME(arc));
}

static bool base_equal(const struct sky_cat062 *a, const struct sky_cat062 *b)
{
	uint32_t p = a->present;
	return (!(p & SKY_CAT062_I010) || (SAME(sac) && SAME(sic))) &&
	       (!(p & SKY_CAT062_I015) || SAME(service)) &&
	       (!(p & SKY_CAT062_I070) || SAME(tod)) &&
	       (!(p & SKY_CAT062_I105) || (SAME(lat) && SAME(lon))) &&
	       (!(p & SKY_CAT062_I100) || (SAME(x) && SAME(y))) &&
	       (!(p & SKY_CAT062_I185) || (SAME(vx) && SAME(vy))) &&
	       (!(p & SKY_CAT062_I210) || (SAME(ax) && SAME(ay))) &&
	       (!(p & SKY_CAT062_I060) || (SAME(mode3a_flags) && SAME(mode3a))) &&
	       (!(p & SKY_CAT062_I245) || (SAME(sti) && strcmp(a->callsign, b->callsign) == 0)) &&
	       (!(p & SKY_CAT062_I040) || SAME(track_number)) &&
	       (!(p & SKY_CAT062_I080) ||
		((a->status ^ b->status) & SKY_CAT062_TS_ALL) == 0) &&
	       (!(p & SKY_CAT062_I200) || (SAME(mom_trans) && SAME(mom_long) &&
					    SAME(mom_vert) && SAME(mom_adf))) &&
	       (!(p & SKY_CAT062_I136) || SAME(fl)) &&
	       (!(p & SKY_CAT062_I130) || SAME(geo_alt)) &&
	       (!(p & SKY_CAT062_I135) || (SAME(baro_qnh) && SAME(baro_alt))) &&
	       (!(p & SKY_CAT062_I220) || SAME(roc));
}

bool sky_cat062_equal(const struct sky_cat062 *a, const struct sky_cat062 *b)
{
	uint32_t p = a->present;
	return p == b->present && base_equal(a, b) && ages_equal(a, b) &&
	       (!(p & SKY_CAT062_I380) || adr_equal(&a->adr, &b->adr)) &&
	       (!(p & SKY_CAT062_I340) || mi_equal(&a->mi, &b->mi)) &&
	       (!(p & SKY_CAT062_I500) || acc_equal(&a->acc, &b->acc));
}

#undef SAME

static const struct sky_ast_uap *uap_062(unsigned edition)
{
	(void)edition;
	return &uap;
}

const struct sky_ast_category sky_cat062_category = {
	.cat = 62,
	.name = "CAT062",
	.n_editions = SKY_CAT062_N_EDITIONS,
	.editions = {"1.20"},
	.decode = sky_cat062_decode,
	.format = format_062,
	.uap = uap_062,
};
