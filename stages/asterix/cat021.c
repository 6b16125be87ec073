/*
 * cat021.c - CAT021 (ADS-B target reports) decoder and formatter.
 *
 * Item layouts follow the asterix-specs definitions of CAT021 editions 2.6
 * and 0.26. Each edition is a UAP table for the generic walker plus a table
 * of the same length that maps each FRN to its `present` bit and a small
 * extractor; the two editions share extractors wherever an item kept its
 * layout. ADS-B reports are many (one per aircraft per second per station),
 * so the decoder does not walk the record and then read the items again: it
 * reads the FSPEC as one word and, FRN by FRN in one unrolled pass, sizes
 * each present item from the UAP table and extracts its fields at once (the
 * table lookups and the extractor choice fold to constants). Trajectory
 * intent, MB data, data ages, met, RE and SP are sized by sky_ast_item_size
 * in the same pass. Any record the pass cannot finish cleanly (FSPEC too
 * long or past the data, a spare FRN, an item past the data, a value
 * refused, an empty record) is decoded again from scratch by the walker and
 * the extractor table, so sizes, rejections and fields are exactly theirs
 * (tests/test_cat021_fast.c checks the pass against that general path,
 * sky_cat021_decode_walked; the fuzzer checks sizes against the walker).
 *
 * Refusals of a delimited record: I021/010 absent (MISSING_MANDATORY), a
 * latitude beyond +-90 deg or a 0.26 longitude outside [-180, 180)
 * (VALUE_INVALID, the item named).
 */
#include <string.h>

#include "ast_core.h"
#include "cat021.h"

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
static const char *const age_names[SKY_CAT021_AGES] = {
	"aos", "trd", "m3a", "qi", "ti1", "mam", "gh", "fl", "sal", "fsa", "as",
	"tas", "mh", "bvr", "gvr", "gv", "tar", "ti2", "ts", "met", "roa", "ara",
	"scc",
};
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

/* 24 bits at p, read as 32 from p - 1: an item never starts its record. */
static inline uint32_t rd24(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p - 1, 4);
	return __builtin_bswap32(v) & 0xffffffu;
}

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
	r->tod = rd24(p);
	return true;
}

static bool get_032(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tod_acc = p[0];
	return true;
}

/* 2.x: ATP ARC RC RAB | DCR GBS SIM TST SAA CL | - LLC IPC NOGO CPR LDPJ RCF | TBC | MBC */
static inline bool get_040(struct sky_cat021 *r, const uint8_t *p, unsigned len)
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
	r->toa_pos = rd24(p);
	return true;
}

static bool get_072(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->toa_vel = rd24(p);
	return true;
}

static bool get_073(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tomr_pos = rd24(p);
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
	r->tomr_vel = rd24(p);
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
	r->tart = rd24(p);
	return true;
}

static bool get_080(struct sky_cat021 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->address = rd24(p);
	return true;
}

/* NUCr/NACv NUCp/NIC | NICbaro SIL NACp | -- SILS SDA GVA | PIC --- */
static inline bool get_090(struct sky_cat021 *r, const uint8_t *p, unsigned len)
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

static size_t __attribute__((noinline, cold))
refuse(struct sky_ast_error *err, enum sky_ast_reject why, const struct sky_ast_uap *uap,
       unsigned frn, unsigned at, size_t size)
{
	err->reason = why;
	err->offset = at;
	err->cat = 21;
	err->frn = (uint8_t)frn;
	err->item = uap->items[frn - 1].name;
	return size;
}

/*
 * The general path: the generic walker locates every item, then one
 * extractor call per present item in FRN order, stopping at the first value
 * refused. The one-pass decoder below hands it every record it does not
 * finish itself (from scratch: it rewrites what the pass wrote), so sizes,
 * rejections and the fields of refused records are exactly this path's.
 */
size_t __attribute__((noinline, cold))
sky_cat021_decode_walked(const uint8_t *rec, size_t avail, unsigned edition, void *out,
			 struct sky_ast_error *err)
{
	if (edition >= SKY_CAT021_ED_COUNT)
		edition = SKY_CAT021_ED_2_6;
	struct sky_cat021 *r = out;
	const struct sky_ast_uap *uap = &uaps[edition];
	const struct frn_get *g = gets[edition];
	struct sky_ast_record_items it;
	size_t n = sky_ast_walk_record(uap, rec, avail, &it, err);
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

/*
 * Size of the item of descriptor d at p within left bytes, as the walker
 * sizes it; 0 when the walker would refuse it (or the FRN is spare).
 */
static inline size_t item_size(const struct sky_ast_item_desc *d, const uint8_t *p,
			       size_t left)
{
	size_t n = d->len;
	if (__builtin_expect(d->kind == SKY_AST_ITEM_FIXED, 1))
		return n <= left ? n : 0;
	if (d->kind == SKY_AST_ITEM_EXTENDED) {
		if (n > left)
			return 0;
		while (p[n - 1] & 1u) {
			if (n + d->ext > left) /* ext is 1 in both UAPs */
				return 0;
			n += d->ext;
		}
		return n;
	}
	enum sky_ast_reject why;
	return sky_ast_item_size(d, p, left, &why);
}

/* The item of FRN frn (2.6) at p, s bytes already bounded; false to refuse. */
static inline __attribute__((always_inline)) bool
get_2_6(unsigned frn, struct sky_cat021 *r, const uint8_t *p, unsigned s)
{
	switch (frn) {
	case 1: return get_010(r, p, s);
	case 2: return get_040(r, p, s);
	case 3: return get_161(r, p, s);
	case 4: return get_015(r, p, s);
	case 5: return get_071(r, p, s);
	case 6: return get_130(r, p, s);
	case 7: return get_131(r, p, s);
	case 8: return get_072(r, p, s);
	case 9: return get_150(r, p, s);
	case 10: return get_151(r, p, s);
	case 11: return get_080(r, p, s);
	case 12: return get_073(r, p, s);
	case 13: return get_074(r, p, s);
	case 14: return get_075(r, p, s);
	case 15: return get_076(r, p, s);
	case 16: return get_140(r, p, s);
	case 17: return get_090(r, p, s);
	case 18: return get_210(r, p, s);
	case 19: return get_070(r, p, s);
	case 20: return get_230(r, p, s);
	case 21: return get_145(r, p, s);
	case 22: return get_152(r, p, s);
	case 23: return get_200(r, p, s);
	case 24: return get_155(r, p, s);
	case 25: return get_157(r, p, s);
	case 26: return get_160(r, p, s);
	case 27: return get_165(r, p, s);
	case 28: return get_077(r, p, s);
	case 29: return get_170(r, p, s);
	case 30: return get_020(r, p, s);
	case 32: return get_146(r, p, s);
	case 33: return get_148(r, p, s);
	case 35: return get_016(r, p, s);
	case 36: return get_008(r, p, s);
	case 37: return get_271(r, p, s);
	case 38: return get_132(r, p, s);
	case 40: return get_260(r, p, s);
	case 41: return get_400(r, p, s);
	default: return gets_2_6[frn - 1].get(r, p, s); /* 110 220 250 295 RE SP */
	}
}

/* The item of FRN frn (0.26) at p, as get_2_6. */
static inline __attribute__((always_inline)) bool
get_0_26(unsigned frn, struct sky_cat021 *r, const uint8_t *p, unsigned s)
{
	switch (frn) {
	case 1: return get_010(r, p, s);
	case 2: return get_040_026(r, p, s);
	case 3: return get_030(r, p, s);
	case 4: return get_130_026(r, p, s);
	case 5: return get_080(r, p, s);
	case 6: return get_140(r, p, s);
	case 7: return get_090_026(r, p, s);
	case 8: return get_210_026(r, p, s);
	case 9: return get_230(r, p, s);
	case 10: return get_145(r, p, s);
	case 11: return get_150(r, p, s);
	case 12: return get_151_026(r, p, s);
	case 13: return get_152(r, p, s);
	case 14: return get_155_026(r, p, s);
	case 15: return get_157_026(r, p, s);
	case 16: return get_160_026(r, p, s);
	case 17: return get_165_026(r, p, s);
	case 18: return get_170(r, p, s);
	case 19: return get_095(r, p, s);
	case 20: return get_032(r, p, s);
	case 21: return get_200_026(r, p, s);
	case 22: return get_020(r, p, s);
	case 24: return get_146(r, p, s);
	case 25: return get_148(r, p, s);
	case 27: return get_070(r, p, s);
	case 28: return get_131_026(r, p, s);
	default: return gets_0_26[frn - 1].get(r, p, s); /* 110 220 RE SP */
	}
}

/*
 * The FSPEC at rec as a big-endian word (octet k in bits 63-8k..56-8k, FX
 * bits cleared, octets after the last zeroed); its length in *nfs. False
 * when it runs past avail or past max_fs octets (the walker's rejections).
 */
static inline bool read_fspec(const uint8_t *rec, size_t avail, size_t max_fs,
			      uint64_t *fs, size_t *nfs)
{
	uint64_t w = 0;
	if (__builtin_expect(avail >= 8, 1)) {
		memcpy(&w, rec, 8);
	} else {
		memcpy(&w, rec, avail); /* zeros after: an FX of 0 at octet avail */
	}
	w = __builtin_bswap64(w);
	uint64_t last = ~w & 0x0101010101010101ull; /* octets without FX */
	if (last == 0)
		return false;
	size_t n = (size_t)__builtin_clzll(last) / 8 + 1;
	if (n > avail || n > max_fs)
		return false;
	*nfs = n;
	*fs = w & ~0ull << (64 - 8 * n) & 0xfefefefefefefefeull;
	return true;
}

/* The FSPEC word's bit for FRN f (a constant where f is). */
#define FRN_BIT(f) (1ull << (63 - 8 * (((f) - 1) / 7) - ((f) - 1) % 7))

/*
 * The item of FRN f when the FSPEC announces it: sized and extracted at p,
 * its `present` bit set. With f a constant, the descriptor, the bit and the
 * switch case fold away, leaving one bounds check and the extractor's body.
 */
#define ITEM(ed, items, g, f)                                                     \
	do {                                                                      \
		if (!(fs & FRN_BIT(f)))                                           \
			break;                                                    \
		if ((f) > N_ITEMS(items) || items[(f) - 1].kind == SKY_AST_ITEM_NONE) \
			return NULL;                                              \
		size_t s_ = item_size(&items[(f) - 1], p, (size_t)(end - p));     \
		if (s_ == 0)                                                      \
			return NULL;                                              \
		*present |= 1ull << g[(f) - 1].bit;                               \
		if (!get_##ed((f), r, p, (unsigned)s_))                           \
			return NULL;                                              \
		p += s_;                                                          \
	} while (0)

#define ITEM_2_6(f) ITEM(2_6, uap_2_6_items, gets_2_6, f)
#define ITEM_0_26(f) ITEM(0_26, uap_0_26_items, gets_0_26, f)

/* The items of FSPEC octet k (FRN 7k+1 .. 7k+7), skipped at once when none. */
#define OCTET(ED, k)                                                              \
	do {                                                                      \
		if (!(fs & 0xfe00000000000000ull >> (8 * (k))))                  \
			break;                                                    \
		ED(7 * (k) + 1); ED(7 * (k) + 2); ED(7 * (k) + 3); ED(7 * (k) + 4);\
		ED(7 * (k) + 5); ED(7 * (k) + 6); ED(7 * (k) + 7);                \
	} while (0)

/* The items of a 2.6 record from p on: their end, or NULL for the walker. */
static inline const uint8_t *items_2_6(const uint8_t *p, const uint8_t *end, uint64_t fs,
				       struct sky_cat021 *r, uint64_t *present)
{
	OCTET(ITEM_2_6, 0); OCTET(ITEM_2_6, 1); OCTET(ITEM_2_6, 2); OCTET(ITEM_2_6, 3);
	OCTET(ITEM_2_6, 4); OCTET(ITEM_2_6, 5); OCTET(ITEM_2_6, 6);
	return p;
}

/* The items of a 0.26 record from p on, as items_2_6. */
static inline const uint8_t *items_0_26(const uint8_t *p, const uint8_t *end, uint64_t fs,
					struct sky_cat021 *r, uint64_t *present)
{
	OCTET(ITEM_0_26, 0); OCTET(ITEM_0_26, 1); OCTET(ITEM_0_26, 2); OCTET(ITEM_0_26, 3);
	OCTET(ITEM_0_26, 4);
	return p;
}

_Static_assert(N_ITEMS(uap_2_6_items) == 49 && N_ITEMS(uap_0_26_items) == 35,
	       "items_2_6 and items_0_26 list every FRN of their UAP");

/*
 * One pass: the FSPEC read as one word, then per FRN in UAP order a test of
 * its bit and, when set, the item sized (FIXED and EXTENDED inline, the rest
 * by sky_ast_item_size) and its fields extracted at once, with no list of
 * located items in between. Anything out of the ordinary (FSPEC past the
 * data or too long, an empty record, a spare FRN, an item past the data, a
 * value refused) goes to sky_cat021_decode_walked, which answers for the whole record.
 */
static inline __attribute__((always_inline)) size_t
one_pass(const uint8_t *rec, size_t avail, unsigned ed, struct sky_cat021 *r,
	 struct sky_ast_error *err)
{
	const struct sky_ast_uap *uap = &uaps[ed];
	uint64_t fs, present = 0;
	size_t nfs;
	if (!read_fspec(rec, avail, ((size_t)uap->n_frn + 6) / 7, &fs, &nfs) || fs == 0)
		return sky_cat021_decode_walked(rec, avail, ed, r, err);
	const uint8_t *end = rec + avail, *p;
	if (ed == SKY_CAT021_ED_2_6)
		p = items_2_6(rec + nfs, end, fs, r, &present);
	else
		p = items_0_26(rec + nfs, end, fs, r, &present);
	if (__builtin_expect(!p, 0))
		return sky_cat021_decode_walked(rec, avail, ed, r, err);
	size_t n = (size_t)(p - rec);
	r->edition = (uint8_t)ed;
	r->present = present;
	if (__builtin_expect(!(present & SKY_CAT021_BIT(I010)), 0))
		return refuse(err, SKY_AST_REJ_MISSING_MANDATORY, uap, 1, 0, n);
	err->reason = SKY_AST_OK;
	return n;
}

/*
 * 590 instructions per scale.yaml ADS-B report (18 items; 105 of them the
 * callsign's sky_ast_icao6_decode), was 1623 (walk, then an extractor loop):
 * 2026-11-22 `SKY_SIMD=avx2 valgrind --tool=callgrind --toggle-collect=
 * sky_cat021_decode skyfuse decode /tmp/h6scale/input.pcap --quiet` / 203625.
 */
size_t sky_cat021_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err)
{
	if (edition == SKY_CAT021_ED_0_26)
		return one_pass(rec, avail, SKY_CAT021_ED_0_26, out, err);
	return one_pass(rec, avail, SKY_CAT021_ED_2_6, out, err);
}

/* ---- formatting: same keys for text and JSON, real units ---- */

static void fmt_ident(const struct sky_cat021 *r, struct sky_text *t)
{
	if (sky_cat021_has(r, SKY_CAT021_I010)) {
		sky_text_kv_uint(t, "sac", r->sac);
		sky_text_kv_uint(t, "sic", r->sic);
	}
	if (sky_cat021_has(r, SKY_CAT021_I015))
		sky_text_kv_uint(t, "service_id", r->service_id);
	if (sky_cat021_has(r, SKY_CAT021_I016))
		sky_text_kv_scaled(t, "report_period_s", r->report_period, 1, 2, 1);
	if (sky_cat021_has(r, SKY_CAT021_I161))
		sky_text_kv_uint(t, "track_number", r->track_number);
	if (sky_cat021_has(r, SKY_CAT021_I080))
		sky_text_kv_hex(t, "address", r->address, 6);
	if (sky_cat021_has(r, SKY_CAT021_I170))
		sky_text_kv_str(t, "callsign", r->callsign);
	if (sky_cat021_has(r, SKY_CAT021_I070)) {
		sky_text_kv_oct4(t, "mode3a", r->mode3a);
		if (r->edition == SKY_CAT021_ED_0_26) {
			sky_text_kv_uint(t, "mode3a_v", r->m3a_v);
			sky_text_kv_uint(t, "mode3a_g", r->m3a_g);
			sky_text_kv_uint(t, "mode3a_l", r->m3a_l);
		}
	}
	if (sky_cat021_has(r, SKY_CAT021_I020))
		sky_text_kv_uint(t, "emitter_category", r->emitter_cat);
	if (sky_cat021_has(r, SKY_CAT021_I400))
		sky_text_kv_uint(t, "receiver_id", r->receiver_id);
}

static void fmt_040(const struct sky_cat021 *r, struct sky_text *t)
{
	sky_text_obj_open(t, "trd");
	sky_text_kv_uint(t, "atp", r->atp);
	sky_text_kv_uint(t, "arc", r->arc);
	if (r->edition == SKY_CAT021_ED_0_26) {
		sky_text_kv_uint(t, "rab", r->rab);
		sky_text_kv_uint(t, "dcr", r->dcr);
		sky_text_kv_uint(t, "gbs", r->gbs);
		sky_text_kv_uint(t, "sim", r->sim);
		sky_text_kv_uint(t, "tst", r->tst);
		sky_text_kv_uint(t, "saa", r->saa);
		sky_text_kv_uint(t, "spi", r->spi);
		sky_text_obj_close(t);
		return;
	}
	sky_text_kv_uint(t, "rc", r->rc);
	sky_text_kv_uint(t, "rab", r->rab);
	if (r->trd_ext >= 1) {
		sky_text_kv_uint(t, "dcr", r->dcr);
		sky_text_kv_uint(t, "gbs", r->gbs);
		sky_text_kv_uint(t, "sim", r->sim);
		sky_text_kv_uint(t, "tst", r->tst);
		sky_text_kv_uint(t, "saa", r->saa);
		sky_text_kv_uint(t, "cl", r->cl);
	}
	if (r->trd_ext >= 2) {
		sky_text_kv_uint(t, "llc", r->llc);
		sky_text_kv_uint(t, "ipc", r->ipc);
		sky_text_kv_uint(t, "nogo", r->nogo);
		sky_text_kv_uint(t, "cpr", r->cpr);
		sky_text_kv_uint(t, "ldpj", r->ldpj);
		sky_text_kv_uint(t, "rcf", r->rcf);
	}
	if (r->trd_ext >= 3)
		sky_text_kv_uint(t, "tbc", r->tbc);
	if (r->trd_ext >= 4)
		sky_text_kv_uint(t, "mbc", r->mbc);
	sky_text_obj_close(t);
}

static void fmt_tod(struct sky_text *t, const char *key, uint32_t v)
{
	sky_text_kv_scaled(t, key, v, 1, 128, 7);
}

static void fmt_times(const struct sky_cat021 *r, struct sky_text *t)
{
	if (sky_cat021_has(r, SKY_CAT021_I030))
		fmt_tod(t, "tod_s", r->tod);
	if (sky_cat021_has(r, SKY_CAT021_I032))
		sky_text_kv_scaled(t, "tod_accuracy_s", r->tod_acc, 1, 256, 8);
	if (sky_cat021_has(r, SKY_CAT021_I071))
		fmt_tod(t, "toa_pos_s", r->toa_pos);
	if (sky_cat021_has(r, SKY_CAT021_I072))
		fmt_tod(t, "toa_vel_s", r->toa_vel);
	if (sky_cat021_has(r, SKY_CAT021_I073))
		fmt_tod(t, "tomr_pos_s", r->tomr_pos);
	if (sky_cat021_has(r, SKY_CAT021_I074)) {
		sky_text_kv_uint(t, "tomr_pos_fsi", r->tomr_pos_fsi);
		sky_text_kv_scaled(t, "tomr_pos_frac_s", r->tomr_pos_frac, 1, 1 << 30, 9);
	}
	if (sky_cat021_has(r, SKY_CAT021_I075))
		fmt_tod(t, "tomr_vel_s", r->tomr_vel);
	if (sky_cat021_has(r, SKY_CAT021_I076)) {
		sky_text_kv_uint(t, "tomr_vel_fsi", r->tomr_vel_fsi);
		sky_text_kv_scaled(t, "tomr_vel_frac_s", r->tomr_vel_frac, 1, 1 << 30, 9);
	}
	if (sky_cat021_has(r, SKY_CAT021_I077))
		fmt_tod(t, "tart_s", r->tart);
}

static void fmt_position(const struct sky_cat021 *r, struct sky_text *t)
{
	if (sky_cat021_has(r, SKY_CAT021_I130)) {
		int64_t den = r->edition == SKY_CAT021_ED_0_26 ? 1 << 25 : 1 << 23;
		sky_text_kv_scaled(t, "lat_deg", r->lat, 180, den, 8);
		sky_text_kv_scaled(t, "lon_deg", r->lon, 180, den, 8);
	}
	if (sky_cat021_has(r, SKY_CAT021_I131)) {
		sky_text_kv_scaled(t, "hr_lat_deg", r->lat_hr, 180, 1 << 30, 9);
		sky_text_kv_scaled(t, "hr_lon_deg", r->lon_hr, 180, 1 << 30, 9);
	}
	if (sky_cat021_has(r, SKY_CAT021_I140))
		sky_text_kv_scaled(t, "geo_height_ft", r->geo_height, 25, 4, 2);
	if (sky_cat021_has(r, SKY_CAT021_I145))
		sky_text_kv_scaled(t, "fl", r->fl, 1, 4, 2);
	if (sky_cat021_has(r, SKY_CAT021_I146)) {
		sky_text_kv_uint(t, "sel_alt_sas", r->sel_alt_sas);
		sky_text_kv_uint(t, "sel_alt_src", r->sel_alt_src);
		sky_text_kv_int(t, "sel_alt_ft", (int64_t)r->sel_alt * 25);
	}
	if (sky_cat021_has(r, SKY_CAT021_I148)) {
		sky_text_kv_uint(t, "fss_mv", r->fss_mv);
		sky_text_kv_uint(t, "fss_ah", r->fss_ah);
		sky_text_kv_uint(t, "fss_am", r->fss_am);
		sky_text_kv_int(t, "fss_alt_ft", (int64_t)r->fss_alt * 25);
	}
}

static void fmt_airspeed(const struct sky_cat021 *r, struct sky_text *t)
{
	if (sky_cat021_has(r, SKY_CAT021_I150)) {
		if (r->air_speed_im)
			sky_text_kv_scaled(t, "mach", r->air_speed, 1, 1000, 3);
		else
			sky_text_kv_scaled(t, "ias_kt", r->air_speed, 3600, 1 << 14, 3);
	}
	if (sky_cat021_has(r, SKY_CAT021_I151)) {
		if (r->edition != SKY_CAT021_ED_0_26)
			sky_text_kv_uint(t, "tas_re", r->tas_re);
		sky_text_kv_uint(t, "tas_kt", r->tas);
	}
	if (sky_cat021_has(r, SKY_CAT021_I152))
		sky_text_kv_scaled(t, "mag_heading_deg", r->mag_heading, 360, 1 << 16, 4);
}

static void fmt_velocity(const struct sky_cat021 *r, struct sky_text *t)
{
	if (sky_cat021_has(r, SKY_CAT021_I155)) {
		if (r->edition != SKY_CAT021_ED_0_26)
			sky_text_kv_uint(t, "bvr_re", r->bvr_re);
		sky_text_kv_scaled(t, "bvr_ft_min", r->bvr, 25, 4, 2);
	}
	if (sky_cat021_has(r, SKY_CAT021_I157)) {
		if (r->edition != SKY_CAT021_ED_0_26)
			sky_text_kv_uint(t, "gvr_re", r->gvr_re);
		sky_text_kv_scaled(t, "gvr_ft_min", r->gvr, 25, 4, 2);
	}
	if (sky_cat021_has(r, SKY_CAT021_I160)) {
		if (r->edition != SKY_CAT021_ED_0_26)
			sky_text_kv_uint(t, "gs_re", r->gs_re);
		sky_text_kv_scaled(t, "gs_kt", r->gs, 3600, 1 << 14, 3);
		sky_text_kv_scaled(t, "track_deg", r->track_angle, 360, 1 << 16, 4);
	}
	if (sky_cat021_has(r, SKY_CAT021_I165)) {
		if (r->edition == SKY_CAT021_ED_0_26) {
			sky_text_kv_uint(t, "turn_indicator", r->rot_ti);
			if (r->rot_ext)
				sky_text_kv_scaled(t, "rot_deg_s", r->rot, 1, 4, 2);
		} else {
			sky_text_kv_scaled(t, "tar_deg_s", r->tar, 1, 32, 5);
		}
	}
	if (sky_cat021_has(r, SKY_CAT021_I230))
		sky_text_kv_fixed(t, "roll_deg", r->roll, 2);
}

static void fmt_quality(const struct sky_cat021 *r, struct sky_text *t)
{
	if (sky_cat021_has(r, SKY_CAT021_I090) && r->edition == SKY_CAT021_ED_0_26) {
		sky_text_kv_uint(t, "fom_ac", r->fom_ac);
		sky_text_kv_uint(t, "fom_mn", r->fom_mn);
		sky_text_kv_uint(t, "fom_dc", r->fom_dc);
		sky_text_kv_uint(t, "fom_pa", r->fom_pa);
	} else if (sky_cat021_has(r, SKY_CAT021_I090)) {
		sky_text_kv_uint(t, "nucr_nacv", r->nucr_nacv);
		sky_text_kv_uint(t, "nucp_nic", r->nucp_nic);
		if (r->qi_ext >= 1) {
			sky_text_kv_uint(t, "nic_baro", r->nic_baro);
			sky_text_kv_uint(t, "sil", r->sil);
			sky_text_kv_uint(t, "nacp", r->nacp);
		}
		if (r->qi_ext >= 2) {
			sky_text_kv_uint(t, "sils", r->sils);
			sky_text_kv_uint(t, "sda", r->sda);
			sky_text_kv_uint(t, "gva", r->gva);
		}
		if (r->qi_ext >= 3)
			sky_text_kv_uint(t, "pic", r->pic);
	}
	if (sky_cat021_has(r, SKY_CAT021_I095))
		sky_text_kv_uint(t, "velocity_accuracy", r->velocity_acc);
	if (sky_cat021_has(r, SKY_CAT021_I131_SA))
		sky_text_kv_uint(t, "signal_amplitude", r->sig_amp);
	if (sky_cat021_has(r, SKY_CAT021_I132))
		sky_text_kv_int(t, "amplitude_dbm", r->amplitude);
}

static void fmt_status(const struct sky_cat021 *r, struct sky_text *t)
{
	if (sky_cat021_has(r, SKY_CAT021_I200) && r->edition == SKY_CAT021_ED_0_26) {
		sky_text_kv_uint(t, "ps", r->ps);
	} else if (sky_cat021_has(r, SKY_CAT021_I200)) {
		sky_text_kv_uint(t, "icf", r->icf);
		sky_text_kv_uint(t, "lnav", r->lnav);
		sky_text_kv_uint(t, "me", r->me);
		sky_text_kv_uint(t, "ps", r->ps);
		sky_text_kv_uint(t, "ss", r->ss);
	}
	if (sky_cat021_has(r, SKY_CAT021_I210) && r->edition == SKY_CAT021_ED_0_26) {
		sky_text_kv_uint(t, "dti", (r->lti >> 4) & 1);
		sky_text_kv_uint(t, "mds", (r->lti >> 3) & 1);
		sky_text_kv_uint(t, "uat", (r->lti >> 2) & 1);
		sky_text_kv_uint(t, "vdl", (r->lti >> 1) & 1);
		sky_text_kv_uint(t, "otr", r->lti & 1);
	} else if (sky_cat021_has(r, SKY_CAT021_I210)) {
		sky_text_kv_uint(t, "vns", r->vns);
		sky_text_kv_uint(t, "vn", r->vn);
		sky_text_kv_uint(t, "ltt", r->ltt);
	}
	if (sky_cat021_has(r, SKY_CAT021_I008)) {
		sky_text_kv_uint(t, "ra", r->aos >> 7);
		sky_text_kv_uint(t, "tc", (r->aos >> 5) & 3);
		sky_text_kv_uint(t, "ts", (r->aos >> 4) & 1);
		sky_text_kv_uint(t, "arv", (r->aos >> 3) & 1);
		sky_text_kv_uint(t, "cdtia", (r->aos >> 2) & 1);
		sky_text_kv_uint(t, "nottcas", (r->aos >> 1) & 1);
		sky_text_kv_uint(t, "sa", r->aos & 1);
	}
	if (sky_cat021_has(r, SKY_CAT021_I271)) {
		sky_text_kv_uint(t, "poa", (r->scc >> 5) & 1);
		sky_text_kv_uint(t, "cdtis", (r->scc >> 4) & 1);
		sky_text_kv_uint(t, "b2low", (r->scc >> 3) & 1);
		sky_text_kv_uint(t, "ras", (r->scc >> 2) & 1);
		sky_text_kv_uint(t, "ident", (r->scc >> 1) & 1);
		if (r->scc_ext)
			sky_text_kv_uint(t, "lw", r->scc_lw);
	}
}

static void fmt_met(const struct sky_cat021 *r, struct sky_text *t)
{
	sky_text_obj_open(t, "met");
	if (r->met_present & 1)
		sky_text_kv_uint(t, "wind_speed_kt", r->wind_speed);
	if (r->met_present & 2)
		sky_text_kv_uint(t, "wind_dir_deg", r->wind_dir);
	if (r->met_present & 4)
		sky_text_kv_scaled(t, "temp_c", r->temperature, 1, 4, 2);
	if (r->met_present & 8)
		sky_text_kv_uint(t, "turbulence", r->turbulence);
	sky_text_obj_close(t);
}

static void fmt_ages(const struct sky_cat021 *r, struct sky_text *t)
{
	char key[16];
	sky_text_obj_open(t, "ages");
	for (unsigned i = 0; i < SKY_CAT021_AGES; i++) {
		if (!((r->ages_present >> i) & 1))
			continue;
		size_t n = strlen(age_names[i]);
		memcpy(key, age_names[i], n);
		memcpy(key + n, "_s", 3);
		sky_text_kv_fixed(t, key, r->ages[i], 1);
	}
	sky_text_obj_close(t);
}

static void fmt_misc(const struct sky_cat021 *r, struct sky_text *t)
{
	if (sky_cat021_has(r, SKY_CAT021_I220))
		fmt_met(r, t);
	if (sky_cat021_has(r, SKY_CAT021_I110)) {
		sky_text_obj_open(t, "intent");
		if (r->ti_present & 1) {
			sky_text_kv_uint(t, "nav", r->ti_nav);
			sky_text_kv_uint(t, "nvb", r->ti_nvb);
		}
		if (r->ti_present & 2)
			sky_text_kv_uint(t, "points", r->ti_points);
		sky_text_obj_close(t);
	}
	if (sky_cat021_has(r, SKY_CAT021_I250)) {
		unsigned n = r->mb_count < SKY_CAT021_MB_MAX ? r->mb_count : SKY_CAT021_MB_MAX;
		sky_text_kv_uint(t, "mb_count", r->mb_count);
		sky_text_arr_open(t, "mb");
		for (unsigned i = 0; i < n; i++)
			sky_text_kv_hex(t, NULL, r->mb[i], 16);
		sky_text_arr_close(t);
	}
	if (sky_cat021_has(r, SKY_CAT021_I260))
		sky_text_kv_hex(t, "acas_ra", r->acas_ra, 14);
	if (sky_cat021_has(r, SKY_CAT021_I295))
		fmt_ages(r, t);
	if (sky_cat021_has(r, SKY_CAT021_RE))
		sky_text_kv_uint(t, "re_len", r->re_len);
	if (sky_cat021_has(r, SKY_CAT021_SP))
		sky_text_kv_uint(t, "sp_len", r->sp_len);
}

void sky_cat021_format(const void *rec, struct sky_text *t)
{
	const struct sky_cat021 *r = rec;
	fmt_ident(r, t);
	if (sky_cat021_has(r, SKY_CAT021_I040))
		fmt_040(r, t);
	fmt_times(r, t);
	fmt_position(r, t);
	fmt_airspeed(r, t);
	fmt_velocity(r, t);
	fmt_quality(r, t);
	fmt_status(r, t);
	fmt_misc(r, t);
}

static const struct sky_ast_uap *cat021_uap(unsigned edition)
{
	return &uaps[edition < SKY_CAT021_ED_COUNT ? edition : 0];
}

const struct sky_ast_category sky_cat021_category = {
	.cat = 21,
	.name = "CAT021",
	.n_editions = SKY_CAT021_ED_COUNT,
	.editions = {"2.6", "0.26"},
	.decode = sky_cat021_decode,
	.format = sky_cat021_format,
	.uap = cat021_uap,
};
