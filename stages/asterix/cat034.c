/*
 * cat034.c - ASTERIX CAT034 decoder and formatter, edition 1.29 (layout from
 * the EUROCONTROL specification as transcribed in zoranbosnjak/asterix-specs).
 *
 * The UAP table below describes every FRN so that the generic walker can
 * delimit any record, including the compounds I034/050 and I034/060 whose
 * subfield tables leave bits 2 and 3 undefined (a record setting them is
 * refused as COMPOUND_INVALID, its size being unknowable). The decoder then
 * runs one small reader per present FRN from a table indexed by FRN, so the
 * cost is the walk plus the items actually present. A record is refused
 * (but delimited, so the block goes on) when I034/010 or I034/000 is absent
 * or when the latitude of I034/120 lies outside +-90 deg.
 */
#include <string.h>

#include "cat034.h"

#define FIXED(n, l) { .name = n, .kind = SKY_AST_ITEM_FIXED, .len = l }
#define UNDEF { .name = NULL, .kind = SKY_AST_ITEM_NONE }

static const struct sky_ast_item_desc i050_sub[] = {
	FIXED("COM", 1), UNDEF, UNDEF, FIXED("PSR", 1), FIXED("SSR", 1), FIXED("MDS", 2),
};

static const struct sky_ast_item_desc i060_sub[] = {
	FIXED("COM", 1), UNDEF, UNDEF, FIXED("PSR", 1), FIXED("SSR", 1), FIXED("MDS", 1),
};

static const struct sky_ast_item_desc uap_1_29_items[] = {
	FIXED("I034/010", 2),
	FIXED("I034/000", 1),
	FIXED("I034/030", 3),
	FIXED("I034/020", 1),
	FIXED("I034/041", 2),
	{ .name = "I034/050", .kind = SKY_AST_ITEM_COMPOUND, .n_sub = 6, .sub = i050_sub },
	{ .name = "I034/060", .kind = SKY_AST_ITEM_COMPOUND, .n_sub = 6, .sub = i060_sub },
	{ .name = "I034/070", .kind = SKY_AST_ITEM_REP, .len = 2 },
	FIXED("I034/100", 8),
	FIXED("I034/110", 1),
	FIXED("I034/120", 8),
	FIXED("I034/090", 2),
	{ .name = "RE", .kind = SKY_AST_ITEM_EXPLICIT },
	{ .name = "SP", .kind = SKY_AST_ITEM_EXPLICIT },
};

static const struct sky_ast_uap uap_1_29 = {
	.cat = 34,
	.edition = "1.29",
	.n_frn = sizeof(uap_1_29_items) / sizeof(uap_1_29_items[0]),
	.items = uap_1_29_items,
};

/* ---- item readers: p is the item, len its walked size ---- */

static void rd_010(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->sac = p[0];
	r->sic = p[1];
}

static void rd_000(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->msg_type = p[0];
}

static void rd_030(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->tod = sky_rd24(p);
}

static void rd_020(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->sector = p[0];
}

static void rd_041(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->rot_period = (uint16_t)sky_rd16(p);
}

static void rd_050(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	struct sky_ast_compound c;
	sky_ast_compound_walk(&uap_1_29_items[5], p, len, &c);
	r->cfg_sub = (uint8_t)c.present;
	if (sky_ast_sub_has(&c, 0))
		r->cfg_com = p[c.off[0]];
	if (sky_ast_sub_has(&c, 3))
		r->cfg_psr = p[c.off[3]];
	if (sky_ast_sub_has(&c, 4))
		r->cfg_ssr = p[c.off[4]];
	if (sky_ast_sub_has(&c, 5))
		r->cfg_mds = (uint16_t)sky_rd16(p + c.off[5]);
}

static void rd_060(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	struct sky_ast_compound c;
	sky_ast_compound_walk(&uap_1_29_items[6], p, len, &c);
	r->mode_sub = (uint8_t)c.present;
	if (sky_ast_sub_has(&c, 0))
		r->mode_com = p[c.off[0]];
	if (sky_ast_sub_has(&c, 3))
		r->mode_psr = p[c.off[3]];
	if (sky_ast_sub_has(&c, 4))
		r->mode_ssr = p[c.off[4]];
	if (sky_ast_sub_has(&c, 5))
		r->mode_mds = p[c.off[5]];
}

static void rd_070(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	unsigned n = p[0] < SKY_CAT034_MAX_COUNTS ? p[0] : SKY_CAT034_MAX_COUNTS;
	for (unsigned i = 0; i < n; i++) {
		uint32_t v = sky_rd16(p + 1 + 2 * i);
		r->counts[i].typ = (uint8_t)(v >> 11);
		r->counts[i].count = (uint16_t)(v & 0x7ff);
	}
	r->n_counts = (uint8_t)n;
}

static void rd_100(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->win_rho_start = (uint16_t)sky_rd16(p);
	r->win_rho_end = (uint16_t)sky_rd16(p + 2);
	r->win_theta_start = (uint16_t)sky_rd16(p + 4);
	r->win_theta_end = (uint16_t)sky_rd16(p + 6);
}

static void rd_110(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->data_filter = p[0];
}

static void rd_120(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->pos_hgt = (int16_t)sky_sext(sky_rd16(p), 16);
	r->pos_lat = sky_sext(sky_rd24(p + 2), 24);
	r->pos_lon = sky_sext(sky_rd24(p + 5), 24);
}

static void rd_090(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	(void)len;
	r->coll_rng = (int8_t)p[0];
	r->coll_azm = (int8_t)p[1];
}

static void rd_re(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	r->re_len = (uint8_t)(len - 1);
	r->re = p + 1;
}

static void rd_sp(struct sky_cat034 *r, const uint8_t *p, unsigned len)
{
	r->sp_len = (uint8_t)(len - 1);
	r->sp = p + 1;
}

static void (*const readers[])(struct sky_cat034 *, const uint8_t *, unsigned) = {
	rd_010, rd_000, rd_030, rd_020, rd_041, rd_050, rd_060,
	rd_070, rd_100, rd_110, rd_120, rd_090, rd_re, rd_sp,
};

static size_t refuse(struct sky_ast_error *err, enum sky_ast_reject why, unsigned frn,
		     uint32_t offset, size_t size)
{
	err->reason = why;
	err->frn = (uint8_t)frn;
	err->item = uap_1_29_items[frn - 1].name;
	err->offset = offset;
	return size;
}

size_t sky_cat034_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err)
{
	struct sky_ast_record_items it;
	struct sky_cat034 *r = out;
	(void)edition;
	size_t n = sky_ast_walk_record(&uap_1_29, rec, avail, &it, err);
	if (n == 0)
		return 0;
	r->present = (uint32_t)it.present;
	for (uint64_t bits = it.present; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctzll(bits);
		readers[i](r, rec + it.off[i], it.len[i]);
	}
	if (!(r->present & SKY_CAT034_I010))
		return refuse(err, SKY_AST_REJ_MISSING_MANDATORY, 1, 0, n);
	if (!(r->present & SKY_CAT034_I000))
		return refuse(err, SKY_AST_REJ_MISSING_MANDATORY, 2, 0, n);
	if ((r->present & SKY_CAT034_I120) && (r->pos_lat > (1 << 22) || r->pos_lat < -(1 << 22)))
		return refuse(err, SKY_AST_REJ_VALUE_INVALID, 11, it.off[10], n);
	err->reason = SKY_AST_OK;
	return n;
}

/* ---- equality (tests, fuzzing) ---- */

static bool counts_equal(const struct sky_cat034 *a, const struct sky_cat034 *b)
{
	if (a->n_counts != b->n_counts)
		return false;
	for (unsigned i = 0; i < a->n_counts; i++)
		if (a->counts[i].typ != b->counts[i].typ || a->counts[i].count != b->counts[i].count)
			return false;
	return true;
}

static bool bytes_equal(const uint8_t *a, unsigned na, const uint8_t *b, unsigned nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

static bool compounds_equal(const struct sky_cat034 *a, const struct sky_cat034 *b, uint32_t p)
{
	if ((p & SKY_CAT034_I050) &&
	    (a->cfg_sub != b->cfg_sub ||
	     ((a->cfg_sub & SKY_CAT034_SUB_COM) && a->cfg_com != b->cfg_com) ||
	     ((a->cfg_sub & SKY_CAT034_SUB_PSR) && a->cfg_psr != b->cfg_psr) ||
	     ((a->cfg_sub & SKY_CAT034_SUB_SSR) && a->cfg_ssr != b->cfg_ssr) ||
	     ((a->cfg_sub & SKY_CAT034_SUB_MDS) && a->cfg_mds != b->cfg_mds)))
		return false;
	if ((p & SKY_CAT034_I060) &&
	    (a->mode_sub != b->mode_sub ||
	     ((a->mode_sub & SKY_CAT034_SUB_COM) && a->mode_com != b->mode_com) ||
	     ((a->mode_sub & SKY_CAT034_SUB_PSR) && a->mode_psr != b->mode_psr) ||
	     ((a->mode_sub & SKY_CAT034_SUB_SSR) && a->mode_ssr != b->mode_ssr) ||
	     ((a->mode_sub & SKY_CAT034_SUB_MDS) && a->mode_mds != b->mode_mds)))
		return false;
	return true;
}

bool sky_cat034_equal(const struct sky_cat034 *a, const struct sky_cat034 *b)
{
	uint32_t p = a->present;
	if (p != b->present)
		return false;
#define DIFF(bit, cond) if ((p & (bit)) && (cond)) return false
	DIFF(SKY_CAT034_I010, a->sac != b->sac || a->sic != b->sic);
	DIFF(SKY_CAT034_I000, a->msg_type != b->msg_type);
	DIFF(SKY_CAT034_I030, a->tod != b->tod);
	DIFF(SKY_CAT034_I020, a->sector != b->sector);
	DIFF(SKY_CAT034_I041, a->rot_period != b->rot_period);
	DIFF(SKY_CAT034_I070, !counts_equal(a, b));
	DIFF(SKY_CAT034_I100, a->win_rho_start != b->win_rho_start ||
	     a->win_rho_end != b->win_rho_end || a->win_theta_start != b->win_theta_start ||
	     a->win_theta_end != b->win_theta_end);
	DIFF(SKY_CAT034_I110, a->data_filter != b->data_filter);
	DIFF(SKY_CAT034_I120, a->pos_hgt != b->pos_hgt || a->pos_lat != b->pos_lat ||
	     a->pos_lon != b->pos_lon);
	DIFF(SKY_CAT034_I090, a->coll_rng != b->coll_rng || a->coll_azm != b->coll_azm);
	DIFF(SKY_CAT034_RE, !bytes_equal(a->re, a->re_len, b->re, b->re_len));
	DIFF(SKY_CAT034_SP, !bytes_equal(a->sp, a->sp_len, b->sp, b->sp_len));
#undef DIFF
	return compounds_equal(a, b, p);
}

/* ---- text / JSON ---- */

static const char *msg_type_name(unsigned t)
{
	static const char *const names[] = {
		[1] = "north_marker", [2] = "sector_crossing", [3] = "geo_filtering",
		[4] = "jamming_strobe", [5] = "solar_storm", [6] = "ssr_jamming_strobe",
		[7] = "modes_jamming_strobe",
	};
	return t < sizeof(names) / sizeof(names[0]) && names[t] ? names[t] : "undefined";
}

static void bit(struct sky_text *t, const char *key, unsigned v, unsigned shift, unsigned mask)
{
	sky_text_kv_uint(t, key, (v >> shift) & mask);
}

static void fmt_050(const struct sky_cat034 *r, struct sky_text *t)
{
	sky_text_obj_open(t, "sys_config");
	if (r->cfg_sub & SKY_CAT034_SUB_COM) {
		unsigned v = r->cfg_com;
		sky_text_obj_open(t, "com");
		bit(t, "nogo", v, 7, 1);
		bit(t, "rdpc", v, 6, 1);
		bit(t, "rdpr", v, 5, 1);
		bit(t, "ovlrdp", v, 4, 1);
		bit(t, "ovlxmt", v, 3, 1);
		bit(t, "msc", v, 2, 1);
		bit(t, "tsv", v, 1, 1);
		sky_text_obj_close(t);
	}
	const char *keys[2] = { "psr", "ssr" };
	const uint8_t vals[2] = { r->cfg_psr, r->cfg_ssr };
	for (unsigned i = 0; i < 2; i++) {
		if (!(r->cfg_sub & (SKY_CAT034_SUB_PSR << i)))
			continue;
		sky_text_obj_open(t, keys[i]);
		bit(t, "ant", vals[i], 7, 1);
		bit(t, "chab", vals[i], 5, 3);
		bit(t, "ovl", vals[i], 4, 1);
		bit(t, "msc", vals[i], 3, 1);
		sky_text_obj_close(t);
	}
	if (r->cfg_sub & SKY_CAT034_SUB_MDS) {
		unsigned v = r->cfg_mds;
		sky_text_obj_open(t, "mds");
		bit(t, "ant", v, 15, 1);
		bit(t, "chab", v, 13, 3);
		bit(t, "ovlsur", v, 12, 1);
		bit(t, "msc", v, 11, 1);
		bit(t, "scf", v, 10, 1);
		bit(t, "dlf", v, 9, 1);
		bit(t, "ovlscf", v, 8, 1);
		bit(t, "ovldlf", v, 7, 1);
		sky_text_obj_close(t);
	}
	sky_text_obj_close(t);
}

static void fmt_060(const struct sky_cat034 *r, struct sky_text *t)
{
	sky_text_obj_open(t, "processing_mode");
	if (r->mode_sub & SKY_CAT034_SUB_COM) {
		sky_text_obj_open(t, "com");
		bit(t, "redrdp", r->mode_com, 4, 7);
		bit(t, "redxmt", r->mode_com, 1, 7);
		sky_text_obj_close(t);
	}
	if (r->mode_sub & SKY_CAT034_SUB_PSR) {
		sky_text_obj_open(t, "psr");
		bit(t, "pol", r->mode_psr, 7, 1);
		bit(t, "redrad", r->mode_psr, 4, 7);
		bit(t, "stc", r->mode_psr, 2, 3);
		sky_text_obj_close(t);
	}
	if (r->mode_sub & SKY_CAT034_SUB_SSR) {
		sky_text_obj_open(t, "ssr");
		bit(t, "redrad", r->mode_ssr, 5, 7);
		sky_text_obj_close(t);
	}
	if (r->mode_sub & SKY_CAT034_SUB_MDS) {
		sky_text_obj_open(t, "mds");
		bit(t, "redrad", r->mode_mds, 5, 7);
		bit(t, "clu", r->mode_mds, 4, 1);
		sky_text_obj_close(t);
	}
	sky_text_obj_close(t);
}

static void fmt_070(const struct sky_cat034 *r, struct sky_text *t)
{
	sky_text_arr_open(t, "msg_counts");
	for (unsigned i = 0; i < r->n_counts; i++) {
		sky_text_obj_open(t, NULL);
		sky_text_kv_uint(t, "typ", r->counts[i].typ);
		sky_text_kv_uint(t, "count", r->counts[i].count);
		sky_text_obj_close(t);
	}
	sky_text_arr_close(t);
}

static void fmt_geometry(const struct sky_cat034 *r, struct sky_text *t)
{
	if (r->present & SKY_CAT034_I100) {
		sky_text_obj_open(t, "polar_window");
		sky_text_kv_scaled(t, "rho_start_nm", r->win_rho_start, 1, 256, 4);
		sky_text_kv_scaled(t, "rho_end_nm", r->win_rho_end, 1, 256, 4);
		sky_text_kv_scaled(t, "theta_start_deg", r->win_theta_start, 360, 65536, 4);
		sky_text_kv_scaled(t, "theta_end_deg", r->win_theta_end, 360, 65536, 4);
		sky_text_obj_close(t);
	}
	if (r->present & SKY_CAT034_I110)
		sky_text_kv_uint(t, "data_filter", r->data_filter);
	if (r->present & SKY_CAT034_I120) {
		sky_text_obj_open(t, "position");
		sky_text_kv_int(t, "hgt_m", r->pos_hgt);
		sky_text_kv_scaled(t, "lat_deg", r->pos_lat, 180, 1 << 23, 7);
		sky_text_kv_scaled(t, "lon_deg", r->pos_lon, 180, 1 << 23, 7);
		sky_text_obj_close(t);
	}
	if (r->present & SKY_CAT034_I090) {
		sky_text_obj_open(t, "collimation");
		sky_text_kv_scaled(t, "rng_nm", r->coll_rng, 1, 128, 4);
		sky_text_kv_scaled(t, "azm_deg", r->coll_azm, 360, 1 << 14, 4);
		sky_text_obj_close(t);
	}
}

static void cat034_format(const void *rec, struct sky_text *t)
{
	const struct sky_cat034 *r = rec;
	if (r->present & SKY_CAT034_I010) {
		sky_text_kv_uint(t, "sac", r->sac);
		sky_text_kv_uint(t, "sic", r->sic);
	}
	if (r->present & SKY_CAT034_I000) {
		sky_text_kv_uint(t, "msg_type", r->msg_type);
		sky_text_kv_str(t, "msg", msg_type_name(r->msg_type));
	}
	if (r->present & SKY_CAT034_I030)
		sky_text_kv_scaled(t, "tod_s", r->tod, 1, 128, 3);
	if (r->present & SKY_CAT034_I020)
		sky_text_kv_scaled(t, "sector_deg", r->sector, 360, 256, 4);
	if (r->present & SKY_CAT034_I041)
		sky_text_kv_scaled(t, "rot_period_s", r->rot_period, 1, 128, 3);
	if (r->present & SKY_CAT034_I050)
		fmt_050(r, t);
	if (r->present & SKY_CAT034_I060)
		fmt_060(r, t);
	if (r->present & SKY_CAT034_I070)
		fmt_070(r, t);
	fmt_geometry(r, t);
	if (r->present & SKY_CAT034_RE)
		sky_text_kv_uint(t, "re_len", r->re_len);
	if (r->present & SKY_CAT034_SP)
		sky_text_kv_uint(t, "sp_len", r->sp_len);
}

static const struct sky_ast_uap *cat034_uap(unsigned edition)
{
	(void)edition;
	return &uap_1_29;
}

const struct sky_ast_category sky_cat034_category = {
	.cat = 34,
	.name = "CAT034",
	.n_editions = SKY_CAT034_N_EDITIONS,
	.editions = { "1.29" },
	.decode = sky_cat034_decode,
	.format = cat034_format,
	.uap = cat034_uap,
};
