/*
 * test_cat021_fast.c - the one-pass CAT021 decoder gives exactly what the
 * decoder it replaced gave.
 *
 * sky_cat021_decode sizes and extracts each item in a single pass over the
 * FSPEC and hands anything unusual to the generic walker. The decoder it
 * replaced (walk every item, then one extractor call per present item) is
 * kept below, verbatim but renamed ref_cat021_decode, as the reference. Both
 * run on the same bytes: random valid records of editions 2.6 and 0.26 (from
 * the encoder, and raw ones built from the UAP tables so every item is
 * covered, 110 / 250 / 295 / RE / SP and spare FRNs included), then the same
 * records truncated, with bytes overwritten, or followed by other bytes. The
 * sizes, the rejections (reason, FRN, item, offset) and, for every record
 * delimited, the whole struct byte for byte must be equal. A record neither
 * delimits (size 0) carries no fields: only the rejection is compared.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "ast_category.h"
#include "cat021_gen.h"
#include "testlib.h"

/* ---- the reference: cat021.c's decoder as of 2026-11-22 (commit 51d13a9) ---- */

#define F(nm, n) {.name = nm, .kind = SKY_AST_ITEM_FIXED, .len = n}
#define X(nm, n, e) {.name = nm, .kind = SKY_AST_ITEM_EXTENDED, .len = n, .ext = e}
#define R(nm, n) {.name = nm, .kind = SKY_AST_ITEM_REP, .len = n}
#define E(nm) {.name = nm, .kind = SKY_AST_ITEM_EXPLICIT}
#define C(nm, s) {.name = nm, .kind = SKY_AST_ITEM_COMPOUND,                \
		  .n_sub = sizeof(s) / sizeof(s[0]), .sub = s}
#define NONE {.name = NULL, .kind = SKY_AST_ITEM_NONE}

/* I021/110: TIS (extended), TID (REP of 15-octet trajectory points). */
static const struct sky_ast_item_desc i110_sub[] = {
	X("TIS", 1, 1), R("TID", 15),
};

/* I021/220: WS, WD, TMP, TRB. */
static const struct sky_ast_item_desc i220_sub[] = {
	F("WS", 2), F("WD", 2), F("TMP", 2), F("TRB", 1),
};

/* I021/295: 23 ages of one octet each. */
static const struct sky_ast_item_desc i295_sub[SKY_CAT021_AGES] = {
	F("AOS", 1), F("TRD", 1), F("M3A", 1), F("QI", 1), F("TI1", 1),
	F("MAM", 1), F("GH", 1), F("FL", 1), F("SAL", 1), F("FSA", 1),
	F("AS", 1), F("TAS", 1), F("MH", 1), F("BVR", 1), F("GVR", 1),
	F("GV", 1), F("TAR", 1), F("TI2", 1), F("TS", 1), F("MET", 1),
	F("ROA", 1), F("ARA", 1), F("SCC", 1),
};

/* The compound items once more, for sky_ast_compound_walk in the extractors. */
static const struct sky_ast_item_desc d110 = C("I021/110", i110_sub);
static const struct sky_ast_item_desc d220 = C("I021/220", i220_sub);
static const struct sky_ast_item_desc d295 = C("I021/295", i295_sub);

static const struct sky_ast_item_desc uap_2_6_items[] = {
	F("I021/010", 2), X("I021/040", 1, 1), F("I021/161", 2), F("I021/015", 1),
	F("I021/071", 3), F("I021/130", 6), F("I021/131", 8),
	F("I021/072", 3), F("I021/150", 2), F("I021/151", 2), F("I021/080", 3),
	F("I021/073", 3), F("I021/074", 4), F("I021/075", 3),
	F("I021/076", 4), F("I021/140", 2), X("I021/090", 1, 1), F("I021/210", 1),
	F("I021/070", 2), F("I021/230", 2), F("I021/145", 2),
	F("I021/152", 2), F("I021/200", 1), F("I021/155", 2), F("I021/157", 2),
	F("I021/160", 4), F("I021/165", 2), F("I021/077", 3),
	F("I021/170", 6), F("I021/020", 1), C("I021/220", i220_sub),
	F("I021/146", 2), F("I021/148", 2), C("I021/110", i110_sub),
	F("I021/016", 1),
	F("I021/008", 1), X("I021/271", 1, 1), F("I021/132", 1), R("I021/250", 8),
	F("I021/260", 7), F("I021/400", 1), C("I021/295", i295_sub),
	NONE, NONE, NONE, NONE, NONE, E("RE"), E("SP"),
};

static const struct sky_ast_item_desc uap_0_26_items[] = {
	F("I021/010", 2), F("I021/040", 2), F("I021/030", 3), F("I021/130", 8),
	F("I021/080", 3), F("I021/140", 2), F("I021/090", 2),
	F("I021/210", 1), F("I021/230", 2), F("I021/145", 2), F("I021/150", 2),
	F("I021/151", 2), F("I021/152", 2), F("I021/155", 2),
	F("I021/157", 2), F("I021/160", 4), X("I021/165", 1, 1), F("I021/170", 6),
	F("I021/095", 1), F("I021/032", 1), F("I021/200", 1),
	F("I021/020", 1), C("I021/220", i220_sub), F("I021/146", 2),
	F("I021/148", 2), C("I021/110", i110_sub), F("I021/070", 2),
	F("I021/131", 1),
	NONE, NONE, NONE, NONE, NONE, E("RE"), E("SP"),
};

#define N_ITEMS(a) (uint8_t)(sizeof(a) / sizeof(a[0]))

static const struct sky_ast_uap uaps[SKY_CAT021_ED_COUNT] = {
	[SKY_CAT021_ED_2_6] = {.cat = 21, .edition = "2.6",
			       .n_frn = N_ITEMS(uap_2_6_items), .items = uap_2_6_items},
	[SKY_CAT021_ED_0_26] = {.cat = 21, .edition = "0.26",
				.n_frn = N_ITEMS(uap_0_26_items), .items = uap_0_26_items},
};

/* ---- extractors: p holds exactly the item's bytes (len of them) ---- */

typedef bool (*get_fn)(struct sky_cat021 *r, const uint8_t *p, unsigned len);

static uint64_t rd_be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static bool get_008(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->aos = p[0];
	return true;
}

static bool get_010(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->sac = p[0];
	r->sic = p[1];
	return true;
}

static bool get_015(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->service_id = p[0];
	return true;
}

static bool get_016(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->report_period = p[0];
	return true;
}

static bool get_020(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->emitter_cat = p[0];
	return true;
}

static bool get_030(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tod = sky_rd24(p);
	return true;
}

static bool get_032(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tod_acc = p[0];
	return true;
}

/* 2.x: ATP ARC RC RAB | DCR GBS SIM TST SAA CL | - LLC IPC NOGO CPR LDPJ RCF | TBC | MBC */
static bool get_040(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	uint8_t e1 = len > 1 ? p[1] : 0, e2 = len > 2 ? p[2] : 0;
	r->atp = p[0] >> 5;
	r->arc = (p[0] >> 3) & 3;
	r->rc = (p[0] >> 2) & 1;
	r->rab = (p[0] >> 1) & 1;
	r->dcr = e1 >> 7;
	r->gbs = (e1 >> 6) & 1;
	r->sim = (e1 >> 5) & 1;
	r->tst = (e1 >> 4) & 1;
	r->saa = (e1 >> 3) & 1;
	r->cl = (e1 >> 1) & 3;
	r->llc = (e2 >> 6) & 1;
	r->ipc = (e2 >> 5) & 1;
	r->nogo = (e2 >> 4) & 1;
	r->cpr = (e2 >> 3) & 1;
	r->ldpj = (e2 >> 2) & 1;
	r->rcf = (e2 >> 1) & 1;
	r->tbc = len > 3 ? p[3] >> 1 : 0;
	r->mbc = len > 4 ? p[4] >> 1 : 0;
	r->spi = 0;
	r->trd_ext = (uint8_t)(len - 1 > 4 ? 4 : len - 1);
	return true;
}

/* 0.26: DCR GBS SIM TST RAB SAA SPI - | ATP ARC --- */
static bool get_040_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->dcr = p[0] >> 7;
	r->gbs = (p[0] >> 6) & 1;
	r->sim = (p[0] >> 5) & 1;
	r->tst = (p[0] >> 4) & 1;
	r->rab = (p[0] >> 3) & 1;
	r->saa = (p[0] >> 2) & 1;
	r->spi = (p[0] >> 1) & 1;
	r->atp = p[1] >> 5;
	r->arc = (p[1] >> 3) & 3;
	r->rc = r->cl = r->llc = r->ipc = r->nogo = r->cpr = r->ldpj = r->rcf = 0;
	r->tbc = r->mbc = 0;
	r->trd_ext = 0;
	return true;
}

/* 2.x spare 4 | code; 0.26 V G L spare | code */
static bool get_070(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->mode3a = sky_rd16(p) & 0xfff;
	r->m3a_v = p[0] >> 7;
	r->m3a_g = (p[0] >> 6) & 1;
	r->m3a_l = (p[0] >> 5) & 1;
	return true;
}

static bool get_071(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->toa_pos = sky_rd24(p);
	return true;
}

static bool get_072(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->toa_vel = sky_rd24(p);
	return true;
}

static bool get_073(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tomr_pos = sky_rd24(p);
	return true;
}

static bool get_074(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tomr_pos_fsi = p[0] >> 6;
	r->tomr_pos_frac = sky_rd32(p) & 0x3fffffffu;
	return true;
}

static bool get_075(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tomr_vel = sky_rd24(p);
	return true;
}

static bool get_076(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tomr_vel_fsi = p[0] >> 6;
	r->tomr_vel_frac = sky_rd32(p) & 0x3fffffffu;
	return true;
}

static bool get_077(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tart = sky_rd24(p);
	return true;
}

static bool get_080(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->address = sky_rd24(p);
	return true;
}

/* NUCr/NACv NUCp/NIC | NICbaro SIL NACp | -- SILS SDA GVA | PIC --- */
static bool get_090(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	uint8_t e1 = len > 1 ? p[1] : 0, e2 = len > 2 ? p[2] : 0;
	r->nucr_nacv = p[0] >> 5;
	r->nucp_nic = (p[0] >> 1) & 15;
	r->nic_baro = e1 >> 7;
	r->sil = (e1 >> 5) & 3;
	r->nacp = (e1 >> 1) & 15;
	r->sils = (e2 >> 5) & 1;
	r->sda = (e2 >> 3) & 3;
	r->gva = (e2 >> 1) & 3;
	r->pic = len > 3 ? p[3] >> 4 : 0;
	r->qi_ext = (uint8_t)(len - 1 > 3 ? 3 : len - 1);
	return true;
}

/* 0.26 figure of merit: AC MN DC spare(6) PA */
static bool get_090_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->fom_ac = p[0] >> 6;
	r->fom_mn = (p[0] >> 4) & 3;
	r->fom_dc = (p[0] >> 2) & 3;
	r->fom_pa = p[1] & 15;
	return true;
}

static bool get_095(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->velocity_acc = p[0];
	return true;
}

static bool get_110(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	struct sky_ast_compound c;
	if (sky_ast_compound_walk(&d110, p, len, &c) != SKY_AST_OK)
		return false; /* NEVER: the walker delimited this item already */
	r->ti_present = (uint8_t)c.present;
	r->ti_nav = r->ti_nvb = r->ti_points = 0;
	if (sky_ast_sub_has(&c, 0)) {
		r->ti_nav = p[c.off[0]] >> 7;
		r->ti_nvb = (p[c.off[0]] >> 6) & 1;
	}
	if (sky_ast_sub_has(&c, 1))
		r->ti_points = p[c.off[1]];
	return true;
}

/* 2.x: 24-bit lat/lon, 180/2^23 deg */
static bool get_130(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->lat = sky_sext(sky_rd24(p), 24);
	r->lon = sky_sext(sky_rd24(p + 3), 24);
	return r->lat >= -(1 << 22) && r->lat <= (1 << 22);
}

/* 0.26: 32-bit lat/lon, 180/2^25 deg */
static bool get_130_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->lat = (int32_t)sky_rd32(p);
	r->lon = (int32_t)sky_rd32(p + 4);
	return r->lat >= -(1 << 24) && r->lat <= (1 << 24) &&
	       r->lon >= -(1 << 25) && r->lon < (1 << 25);
}

/* 2.x: 32-bit lat/lon, 180/2^30 deg */
static bool get_131(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->lat_hr = (int32_t)sky_rd32(p);
	r->lon_hr = (int32_t)sky_rd32(p + 4);
	return r->lat_hr >= -(1 << 29) && r->lat_hr <= (1 << 29);
}

static bool get_131_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->sig_amp = p[0];
	return true;
}

static bool get_132(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->amplitude = (int8_t)p[0];
	return true;
}

static bool get_140(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->geo_height = (int16_t)sky_rd16(p);
	return true;
}

static bool get_145(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->fl = (int16_t)sky_rd16(p);
	return true;
}

static bool get_146(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->sel_alt_sas = p[0] >> 7;
	r->sel_alt_src = (p[0] >> 5) & 3;
	r->sel_alt = (int16_t)sky_sext(sky_rd16(p), 13);
	return true;
}

static bool get_148(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->fss_mv = p[0] >> 7;
	r->fss_ah = (p[0] >> 6) & 1;
	r->fss_am = (p[0] >> 5) & 1;
	r->fss_alt = (int16_t)sky_sext(sky_rd16(p), 13);
	return true;
}

static bool get_150(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->air_speed_im = p[0] >> 7;
	r->air_speed = sky_rd16(p) & 0x7fff;
	return true;
}

static bool get_151(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tas_re = p[0] >> 7;
	r->tas = sky_rd16(p) & 0x7fff;
	return true;
}

static bool get_151_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tas_re = 0;
	r->tas = (uint16_t)sky_rd16(p);
	return true;
}

static bool get_152(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->mag_heading = (uint16_t)sky_rd16(p);
	return true;
}

static bool get_155(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->bvr_re = p[0] >> 7;
	r->bvr = (int16_t)sky_sext(sky_rd16(p), 15);
	return true;
}

static bool get_155_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->bvr_re = 0;
	r->bvr = (int16_t)sky_rd16(p);
	return true;
}

static bool get_157(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->gvr_re = p[0] >> 7;
	r->gvr = (int16_t)sky_sext(sky_rd16(p), 15);
	return true;
}

static bool get_157_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->gvr_re = 0;
	r->gvr = (int16_t)sky_rd16(p);
	return true;
}

static bool get_160(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->gs_re = p[0] >> 7;
	r->gs = (int16_t)(sky_rd16(p) & 0x7fff);
	r->track_angle = (uint16_t)sky_rd16(p + 2);
	return true;
}

static bool get_160_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->gs_re = 0;
	r->gs = (int16_t)sky_rd16(p);
	r->track_angle = (uint16_t)sky_rd16(p + 2);
	return true;
}

static bool get_161(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->track_number = sky_rd16(p) & 0xfff;
	return true;
}

static bool get_165(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tar = (int16_t)sky_sext(sky_rd16(p), 10);
	return true;
}

/* 0.26 rate of turn: TI spare FX | ROT(7) FX */
static bool get_165_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	r->rot_ti = p[0] >> 6;
	r->rot_ext = len > 1;
	r->rot = (int8_t)(len > 1 ? sky_sext(p[1] >> 1, 7) : 0);
	return true;
}

static bool get_170(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	sky_ast_icao6_decode(p, r->callsign);
	return true;
}

static bool get_200(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->icf = p[0] >> 7;
	r->lnav = (p[0] >> 6) & 1;
	r->me = (p[0] >> 5) & 1;
	r->ps = (p[0] >> 2) & 7;
	r->ss = p[0] & 3;
	return true;
}

static bool get_200_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->icf = r->lnav = r->me = r->ss = 0;
	r->ps = p[0];
	return true;
}

static bool get_210(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->vns = (p[0] >> 6) & 1;
	r->vn = (p[0] >> 3) & 7;
	r->ltt = p[0] & 7;
	return true;
}

static bool get_210_026(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->lti = p[0] & 0x1f;
	return true;
}

static bool get_220(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	struct sky_ast_compound c;
	if (sky_ast_compound_walk(&d220, p, len, &c) != SKY_AST_OK)
		return false; /* NEVER */
	r->met_present = (uint8_t)c.present;
	if (sky_ast_sub_has(&c, 0))
		r->wind_speed = (uint16_t)sky_rd16(p + c.off[0]);
	if (sky_ast_sub_has(&c, 1))
		r->wind_dir = (uint16_t)sky_rd16(p + c.off[1]);
	if (sky_ast_sub_has(&c, 2))
		r->temperature = (int16_t)sky_rd16(p + c.off[2]);
	if (sky_ast_sub_has(&c, 3))
		r->turbulence = p[c.off[3]];
	return true;
}

static bool get_230(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->roll = (int16_t)sky_rd16(p);
	return true;
}

static bool get_250(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->mb_count = p[0];
	unsigned n = p[0] < SKY_CAT021_MB_MAX ? p[0] : SKY_CAT021_MB_MAX;
	for (unsigned i = 0; i < n; i++)
		r->mb[i] = rd_be(p + 1 + 8 * i, 8);
	return true;
}

static bool get_260(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->acas_ra = rd_be(p, 7);
	return true;
}

/* spare(2) POA CDTIS B2LOW RAS IDENT FX | LW(4) spare(3) FX */
static bool get_271(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	r->scc = p[0] & 0x3e;
	r->scc_ext = len > 1;
	r->scc_lw = len > 1 ? p[1] >> 4 : 0;
	return true;
}

static bool get_295(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	struct sky_ast_compound c;
	if (sky_ast_compound_walk(&d295, p, len, &c) != SKY_AST_OK)
		return false; /* NEVER */
	r->ages_present = c.present;
	for (unsigned i = 0; i < SKY_CAT021_AGES; i++)
		if (sky_ast_sub_has(&c, i))
			r->ages[i] = p[c.off[i]];
	return true;
}

static bool get_400(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->receiver_id = p[0];
	return true;
}

static bool get_re(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)p;
	r->re_len = (uint8_t)len;
	return true;
}

static bool get_sp(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)p;
	r->sp_len = (uint8_t)len;
	return true;
}

/* FRN -> present bit and extractor, per edition (index = FRN - 1). */
struct frn_get {
	uint8_t bit;
	get_fn get;  /* NULL for spare FRNs */
};

#define G(b, f) {.bit = SKY_CAT021_##b, .get = f}
#define SPARE {.bit = 0, .get = NULL}

static const struct frn_get gets_2_6[] = {
	G(I010, get_010), G(I040, get_040), G(I161, get_161), G(I015, get_015),
	G(I071, get_071), G(I130, get_130), G(I131, get_131),
	G(I072, get_072), G(I150, get_150), G(I151, get_151), G(I080, get_080),
	G(I073, get_073), G(I074, get_074), G(I075, get_075),
	G(I076, get_076), G(I140, get_140), G(I090, get_090), G(I210, get_210),
	G(I070, get_070), G(I230, get_230), G(I145, get_145),
	G(I152, get_152), G(I200, get_200), G(I155, get_155), G(I157, get_157),
	G(I160, get_160), G(I165, get_165), G(I077, get_077),
	G(I170, get_170), G(I020, get_020), G(I220, get_220), G(I146, get_146),
	G(I148, get_148), G(I110, get_110), G(I016, get_016),
	G(I008, get_008), G(I271, get_271), G(I132, get_132), G(I250, get_250),
	G(I260, get_260), G(I400, get_400), G(I295, get_295),
	SPARE, SPARE, SPARE, SPARE, SPARE, G(RE, get_re), G(SP, get_sp),
};

static const struct frn_get gets_0_26[] = {
	G(I010, get_010), G(I040, get_040_026), G(I030, get_030),
	G(I130, get_130_026), G(I080, get_080), G(I140, get_140),
	G(I090, get_090_026),
	G(I210, get_210_026), G(I230, get_230), G(I145, get_145), G(I150, get_150),
	G(I151, get_151_026), G(I152, get_152), G(I155, get_155_026),
	G(I157, get_157_026), G(I160, get_160_026), G(I165, get_165_026),
	G(I170, get_170),
	G(I095, get_095), G(I032, get_032), G(I200, get_200_026),
	G(I020, get_020), G(I220, get_220), G(I146, get_146),
	G(I148, get_148), G(I110, get_110), G(I070, get_070),
	G(I131_SA, get_131_026),
	SPARE, SPARE, SPARE, SPARE, SPARE, G(RE, get_re), G(SP, get_sp),
};

_Static_assert(sizeof(gets_2_6) / sizeof(gets_2_6[0]) == N_ITEMS(uap_2_6_items),
	       "2.6 extractor table matches the UAP");
_Static_assert(sizeof(gets_0_26) / sizeof(gets_0_26[0]) == N_ITEMS(uap_0_26_items),
	       "0.26 extractor table matches the UAP");

static const struct frn_get *const gets[SKY_CAT021_ED_COUNT] = {
	[SKY_CAT021_ED_2_6] = gets_2_6,
	[SKY_CAT021_ED_0_26] = gets_0_26,
};

static size_t refuse(struct sky_ast_error *err, enum sky_ast_reject why,
		     const struct sky_ast_uap *uap, unsigned frn, unsigned at,
		     size_t size)
{
	err->reason = why;
	err->offset = at;
	err->cat = 21;
	err->frn = (uint8_t)frn;
	err->item = uap->items[frn - 1].name;
	return size;
}

/* Size of a FIXED or EXTENDED item at p, 0 when past avail (or another kind). */
static inline size_t plain_item_size(const struct sky_ast_item_desc *d, const uint8_t *p,
				     size_t avail)
{
	size_t n = d->len;
	if (n == 0 || n > avail)
		return 0;
	if (d->kind == SKY_AST_ITEM_FIXED)
		return n;
	if (d->kind != SKY_AST_ITEM_EXTENDED)
		return 0;
	while (p[n - 1] & 1u) {
		if (d->ext == 0 || n + d->ext > avail)
			return 0;
		n += d->ext;
	}
	return n;
}

/*
 * sky_ast_walk_record for a record it can delimit without fuss: the FSPEC
 * and the FIXED / EXTENDED items sized inline (the other kinds by
 * sky_ast_item_size), giving the walker's items exactly. Anything out of
 * the ordinary (an item past `avail`, an undefined FRN, an FSPEC too long,
 * an empty record) goes to the walker itself, whose answer and rejection
 * it then is. 2026-11-22 `SKY_SIMD=avx2 valgrind --tool=callgrind
 * --toggle-collect=sky_plot_decode skyfuse track` of scale.yaml (passthrough):
 * sky_cat021_decode 2286 -> 1623 instructions per report (walker alone 1442).
 */
static size_t walk(const struct sky_ast_uap *uap, const uint8_t *rec, size_t avail,
		   struct sky_ast_record_items *it, struct sky_ast_error *err)
{
	size_t nfs = 0;
	do {
		if (nfs == avail)
			goto slow;
	} while (rec[nfs++] & 1u);
	if (nfs * 7 > ((size_t)uap->n_frn + 6) / 7 * 7)
		goto slow;
	it->base = rec;
	it->present = 0;
	size_t pos = nfs;
	for (size_t i = 0; i < nfs; i++) {
		unsigned bits = rec[i] & 0xfeu;
		while (bits) {
			unsigned b = (unsigned)__builtin_clz(bits) - 24;
			bits &= ~(0x80u >> b);
			unsigned frn = (unsigned)i * 7 + b + 1;
			if (frn > uap->n_frn)
				goto slow;
			const struct sky_ast_item_desc *d = &uap->items[frn - 1];
			size_t s = plain_item_size(d, rec + pos, avail - pos);
			if (s == 0 && d->kind != SKY_AST_ITEM_FIXED && d->kind != SKY_AST_ITEM_EXTENDED) {
				enum sky_ast_reject why = SKY_AST_REJ_UNDEFINED_ITEM;
				s = sky_ast_item_size(d, rec + pos, avail - pos, &why);
			}
			if (s == 0)
				goto slow;
			it->present |= 1ull << (frn - 1);
			it->off[frn - 1] = (uint16_t)pos;
			it->len[frn - 1] = (uint16_t)s;
			pos += s;
		}
	}
	if (it->present == 0)
		goto slow;
	it->size = (uint16_t)pos;
	return pos;
slow:
	return sky_ast_walk_record(uap, rec, avail, it, err);
}

static size_t ref_cat021_decode(const uint8_t *rec, size_t avail, unsigned edition,
				void *out, struct sky_ast_error *err)
{
	if (edition >= SKY_CAT021_ED_COUNT)
		edition = SKY_CAT021_ED_2_6;
	const struct sky_ast_uap *uap = &uaps[edition];
	const struct frn_get *g = gets[edition];
	struct sky_cat021 *r = out;
	struct sky_ast_record_items it;
	size_t n = walk(uap, rec, avail, &it, err);
	if (n == 0)
		return 0;
	r->edition = (uint8_t)edition;
	r->present = 0;
	/* the walker refuses spare FRNs, so every present FRN has an extractor */
	for (uint64_t bits = it.present; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctzll(bits);
		r->present |= 1ull << g[i].bit;
		if (!g[i].get(r, rec + it.off[i], it.len[i]))
			return refuse(err, SKY_AST_REJ_VALUE_INVALID, uap, i + 1, it.off[i], n);
	}
	if (!sky_cat021_has(r, SKY_CAT021_I010))
		return refuse(err, SKY_AST_REJ_MISSING_MANDATORY, uap, 1, 0, n);
	err->reason = SKY_AST_OK;
	return n;
}


#undef F
#undef X
#undef R
#undef E
#undef C
#undef NONE
#undef G
#undef SPARE

/* ---- the comparison ---- */

struct tally {
	unsigned delimited, refused, value_refused;
};

/* One buffer through both decoders; asserts they agree. */
static void agree(const uint8_t *p, size_t len, unsigned ed, unsigned i, struct tally *t)
{
	struct sky_cat021 a, b;
	struct sky_ast_error ea, eb;
	memset(&a, 0xa5, sizeof(a));
	memset(&b, 0xa5, sizeof(b));
	memset(&ea, 0x5a, sizeof(ea));
	memset(&eb, 0x5a, sizeof(eb));
	size_t na = ref_cat021_decode(p, len, ed, &a, &ea);
	size_t nb = sky_cat021_decode(p, len, ed, &b, &eb);
	cr_assert_eq(nb, na, "case %u edition %u len %zu: size %zu, reference %zu", i, ed,
		     len, nb, na);
	cr_assert_eq(eb.reason, ea.reason, "case %u edition %u: reason %s, reference %s", i,
		     ed, sky_ast_reject_name(eb.reason), sky_ast_reject_name(ea.reason));
	if (ea.reason != SKY_AST_OK) {
		cr_assert_eq(eb.frn, ea.frn, "case %u: frn", i);
		cr_assert_eq(eb.offset, ea.offset, "case %u: offset", i);
		cr_assert_eq(eb.cat, ea.cat, "case %u: cat", i);
		cr_assert((eb.item == NULL) == (ea.item == NULL), "case %u: item", i);
		if (ea.item)
			cr_assert_str_eq(eb.item, ea.item, "case %u: item", i);
	}
	if (na > 0)
		cr_assert(memcmp(&a, &b, sizeof(a)) == 0, "case %u edition %u: fields differ",
			  i, ed);
	if (na == 0)
		t->refused++;
	else if (ea.reason == SKY_AST_REJ_VALUE_INVALID)
		t->value_refused++;
	else
		t->delimited++;
}

/* The record intact, truncated, followed by other bytes, mangled. */
static void agree_on_variants(uint8_t *buf, size_t n, unsigned ed, unsigned i,
			      uint64_t *s, struct tally *t)
{
	agree(buf, n, ed, i, t);
	agree(buf, gen_u(s, 16) % n, ed, i, t);
	sky_test_rand_bytes(s, buf + n, 16);
	agree(buf, n + 1 + gen_u(s, 4), ed, i, t);
	for (unsigned k = gen_u(s, 2) % 3 + 1; k; k--)
		buf[gen_u(s, 16) % n] = (uint8_t)gen_u(s, 8);
	agree(buf, n, ed, i, t);
}

/* ---- raw records from the UAP tables: every item kind, random contents ---- */

static size_t raw_item(const struct sky_ast_item_desc *d, uint64_t *s, uint8_t *out);

/* An FX-extended bitmap of the subfields in mask (bit i = subfield i). */
static size_t raw_bitmap(uint32_t mask, unsigned n_sub, uint8_t *out)
{
	size_t nb = n_sub ? (n_sub + 6) / 7 : 1;
	while (nb > 1 && !(mask >> ((nb - 1) * 7)))
		nb--;
	for (size_t k = 0; k < nb; k++) {
		uint8_t o = k + 1 < nb ? 1u : 0u;
		for (unsigned b = 0; b < 7; b++)
			if ((mask >> (k * 7 + b)) & 1u)
				o |= (uint8_t)(0x80u >> b);
		out[k] = o;
	}
	return nb;
}

static size_t raw_compound(const struct sky_ast_item_desc *d, uint64_t *s, uint8_t *out)
{
	uint32_t mask = (uint32_t)sky_test_rand(s) & ((1u << d->n_sub) - 1u);
	size_t n = raw_bitmap(mask, d->n_sub, out);
	for (unsigned i = 0; i < d->n_sub; i++)
		if ((mask >> i) & 1u)
			n += raw_item(&d->sub[i], s, out + n);
	return n;
}

/* One item of descriptor d with random contents, well formed. */
static size_t raw_item(const struct sky_ast_item_desc *d, uint64_t *s, uint8_t *out)
{
	size_t n;
	switch (d->kind) {
	case SKY_AST_ITEM_FIXED:
		sky_test_rand_bytes(s, out, d->len);
		return d->len;
	case SKY_AST_ITEM_EXTENDED:
		n = d->len;
		sky_test_rand_bytes(s, out, n);
		out[n - 1] &= 0xfeu;
		for (unsigned k = gen_u(s, 3) % 6; k; k--) {
			out[n - 1] |= 1u;
			sky_test_rand_bytes(s, out + n, d->ext);
			n += d->ext;
			out[n - 1] &= 0xfeu;
		}
		return n;
	case SKY_AST_ITEM_REP:
		out[0] = (uint8_t)(gen_u(s, 3) % 6);
		sky_test_rand_bytes(s, out + 1, (size_t)out[0] * d->len);
		return 1 + (size_t)out[0] * d->len;
	case SKY_AST_ITEM_EXPLICIT:
		out[0] = (uint8_t)(1 + gen_u(s, 4));
		sky_test_rand_bytes(s, out + 1, out[0] - 1u);
		return out[0];
	case SKY_AST_ITEM_COMPOUND:
		return raw_compound(d, s, out);
	default:
		/* a spare FRN: some bytes the decoders cannot size */
		sky_test_rand_bytes(s, out, 2);
		return 2;
	}
}

/*
 * A record of random items of the UAP (FRN 1 nearly always; a spare FRN one
 * record in ~40), in FRN order behind its FSPEC.
 */
static size_t raw_record(const struct sky_ast_uap *uap, uint64_t *s, uint8_t *out)
{
	uint64_t frns = 0;
	for (unsigned f = 1; f <= uap->n_frn; f++) {
		bool spare = uap->items[f - 1].kind == SKY_AST_ITEM_NONE;
		unsigned odds = f == 1 ? 60 : spare ? 2 : 32;
		if (gen_u(s, 6) < odds && (!spare || gen_u(s, 8) < 5))
			frns |= 1ull << (f - 1);
	}
	unsigned max_fs = (uap->n_frn + 6u) / 7u;
	size_t nfs = 1;
	for (unsigned k = 0; k < max_fs; k++)
		if ((frns >> (7 * k)) & 0x7f)
			nfs = k + 1;
	if (nfs < max_fs && gen_u(s, 4) == 0)
		nfs++; /* a trailing FSPEC octet announcing nothing */
	for (size_t k = 0; k < nfs; k++) {
		uint8_t o = k + 1 < nfs ? 1u : 0u;
		for (unsigned b = 0; b < 7; b++)
			if ((frns >> (k * 7 + b)) & 1u)
				o |= (uint8_t)(0x80u >> b);
		out[k] = o;
	}
	size_t n = nfs;
	for (unsigned f = 1; f <= uap->n_frn; f++)
		if ((frns >> (f - 1)) & 1u)
			n += raw_item(&uap->items[f - 1], s, out + n);
	return n;
}

static void raw_records(unsigned ed, uint64_t seed, unsigned count)
{
	uint64_t s = seed;
	uint8_t buf[2048];
	struct tally t = {0};
	const struct sky_ast_uap *uap = sky_cat021_category.uap(ed);
	for (unsigned i = 0; i < count; i++) {
		size_t n = raw_record(uap, &s, buf);
		cr_assert_lt(n + 32, sizeof(buf));
		agree_on_variants(buf, n, ed, i, &s, &t);
	}
	cr_assert_gt(t.delimited, count / 4, "%u delimited", t.delimited);
	cr_assert_gt(t.refused, count / 20, "%u refused", t.refused);
	cr_assert_gt(t.value_refused, count / 100, "%u values refused", t.value_refused);
}

static void encoded_records(unsigned ed, uint64_t allowed, uint64_t seed, unsigned count)
{
	uint64_t s = seed;
	uint8_t buf[1024];
	struct tally t = {0};
	for (unsigned i = 0; i < count; i++) {
		struct sky_cat021 r;
		cat021_gen(&r, ed, allowed, &s);
		size_t n = sky_cat021_encode(&r, buf, sizeof(buf) - 32);
		cr_assert_gt(n, 0);
		agree_on_variants(buf, n, ed, i, &s, &t);
	}
	cr_assert_gt(t.delimited, count, "%u delimited", t.delimited);
	cr_assert_gt(t.refused, count / 20, "%u refused", t.refused);
}

Test(cat021_fast, raw_records_of_every_item_match_the_reference_in_2_6)
{
	raw_records(SKY_CAT021_ED_2_6, 0x2126, 20000);
}

Test(cat021_fast, raw_records_of_every_item_match_the_reference_in_0_26)
{
	raw_records(SKY_CAT021_ED_0_26, 0x21026, 20000);
}

Test(cat021_fast, encoded_records_match_the_reference_in_2_6)
{
	encoded_records(SKY_CAT021_ED_2_6, CAT021_GEN_ITEMS_2_6, 2611, 10000);
}

Test(cat021_fast, encoded_records_match_the_reference_in_0_26)
{
	encoded_records(SKY_CAT021_ED_0_26, CAT021_GEN_ITEMS_0_26, 2612, 10000);
}

Test(cat021_fast, unknown_edition_decodes_as_2_6_like_the_reference)
{
	uint64_t s = 77;
	uint8_t buf[2048];
	struct tally t = {0};
	for (unsigned i = 0; i < 500; i++) {
		size_t n = raw_record(sky_cat021_category.uap(SKY_CAT021_ED_2_6), &s, buf);
		agree_on_variants(buf, n, 5 + i % 3, i, &s, &t);
	}
	cr_assert_gt(t.delimited, 100);
}

Test(cat021_fast, short_and_degenerate_fspecs_match_the_reference)
{
	static const uint8_t fx[9] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t empty[4] = {0x00, 1, 2, 3};
	static const uint8_t no_010[3] = {0x40, 0x00, 0x11}; /* 040 only */
	static const uint8_t last_fx_empty[6] = {0x81, 0x00, 0x12, 0x34, 0, 0};
	struct tally t = {0};
	for (unsigned ed = 0; ed < SKY_CAT021_ED_COUNT; ed++) {
		for (size_t n = 0; n <= sizeof(fx); n++)
			agree(fx, n, ed, (unsigned)n, &t);
		agree(empty, sizeof(empty), ed, 90, &t);
		agree(no_010, sizeof(no_010), ed, 91, &t);
		agree(last_fx_empty, sizeof(last_fx_empty), ed, 92, &t);
	}
	cr_assert_eq(t.refused, 2 * 11);
	cr_assert_gt(t.delimited, 1);
}
