/*
 * cat002.c - ASTERIX CAT002 decoder and formatter, edition 1.0 (layout from
 * the EUROCONTROL specification as transcribed in zoranbosnjak/asterix-specs).
 *
 * CAT002 is the service-message companion of CAT001: north/south markers and
 * sector crossings that tell a receiver where the antenna is. The UAP table
 * covers every FRN; FRN 12 is spare and FRN 14 is Random Field Sequencing,
 * which the generic walker cannot size, so records that set either are
 * refused as UNDEFINED_ITEM. Edition 1.1 only rewrote the FX lists as
 * extended items, which is the same wire layout, so 1.1 data decodes here.
 * A record without I002/010 or I002/000 is refused as MISSING_MANDATORY.
 */
#include <string.h>

#include "cat002.h"

#define FIXED(n, l) { .name = n, .kind = SKY_AST_ITEM_FIXED, .len = l }
#define REPFX(n) { .name = n, .kind = SKY_AST_ITEM_REP_FX, .len = 1 }

static const struct sky_ast_item_desc uap_1_0_items[] = {
	FIXED("I002/010", 2),
	FIXED("I002/000", 1),
	FIXED("I002/020", 1),
	FIXED("I002/030", 3),
	FIXED("I002/041", 2),
	REPFX("I002/050"),
	REPFX("I002/060"),
	{ .name = "I002/070", .kind = SKY_AST_ITEM_REP, .len = 2 },
	FIXED("I002/100", 8),
	FIXED("I002/090", 2),
	REPFX("I002/080"),
	{ .name = NULL, .kind = SKY_AST_ITEM_NONE },
	{ .name = "SP", .kind = SKY_AST_ITEM_EXPLICIT },
	{ .name = "RFS", .kind = SKY_AST_ITEM_NONE },
};

static const struct sky_ast_uap uap_1_0 = {
	.cat = 2,
	.edition = "1.0",
	.n_frn = sizeof(uap_1_0_items) / sizeof(uap_1_0_items[0]),
	.items = uap_1_0_items,
};

static uint8_t rd_list(const uint8_t *p, unsigned len, uint8_t *dst)
{
	unsigned n = len < SKY_CAT002_MAX_LIST ? len : SKY_CAT002_MAX_LIST;
	for (unsigned i = 0; i < n; i++)
		dst[i] = p[i] >> 1;
	return (uint8_t)n;
}

static void rd_070(struct sky_cat002 *r, const uint8_t *p)
{
	unsigned n = p[0] < SKY_CAT002_MAX_COUNTS ? p[0] : SKY_CAT002_MAX_COUNTS;
	for (unsigned i = 0; i < n; i++) {
		uint32_t v = sky_rd16(p + 1 + 2 * i);
		r->counts[i].aerial = (uint8_t)(v >> 15);
		r->counts[i].ident = (uint8_t)((v >> 10) & 0x1f);
		r->counts[i].counter = (uint16_t)(v & 0x3ff);
	}
	r->n_counts = (uint8_t)n;
}

/* Item of FRN frn at p, len bytes as walked. */
static void rd_item(struct sky_cat002 *r, unsigned frn, const uint8_t *p, unsigned len)
{
	switch (frn) {
	case 1: r->sac = p[0]; r->sic = p[1]; break;
	case 2: r->msg_type = p[0]; break;
	case 3: r->sector = p[0]; break;
	case 4: r->tod = sky_rd24(p); break;
	case 5: r->rot_period = (uint16_t)sky_rd16(p); break;
	case 6: r->n_config = rd_list(p, len, r->config); break;
	case 7: r->n_procmode = rd_list(p, len, r->procmode); break;
	case 8: rd_070(r, p); break;
	case 9:
		r->win_rho_start = (uint16_t)sky_rd16(p);
		r->win_rho_end = (uint16_t)sky_rd16(p + 2);
		r->win_theta_start = (uint16_t)sky_rd16(p + 4);
		r->win_theta_end = (uint16_t)sky_rd16(p + 6);
		break;
	case 10: r->coll_rng = (int8_t)p[0]; r->coll_azm = (int8_t)p[1]; break;
	case 11: r->n_warn = rd_list(p, len, r->warn); break;
	case 13: r->sp_len = (uint8_t)(len - 1); r->sp = p + 1; break;
	}
}

static size_t refuse_missing(struct sky_ast_error *err, unsigned frn, size_t size)
{
	err->reason = SKY_AST_REJ_MISSING_MANDATORY;
	err->frn = (uint8_t)frn;
	err->item = uap_1_0_items[frn - 1].name;
	err->offset = 0;
	return size;
}

size_t sky_cat002_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err)
{
	struct sky_ast_record_items it;
	struct sky_cat002 *r = out;
	(void)edition;
	size_t n = sky_ast_walk_record(&uap_1_0, rec, avail, &it, err);
	if (n == 0)
		return 0;
	r->present = (uint32_t)it.present;
	for (uint64_t bits = it.present; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctzll(bits);
		rd_item(r, i + 1, rec + it.off[i], it.len[i]);
	}
	if (!(r->present & SKY_CAT002_I010))
		return refuse_missing(err, 1, n);
	if (!(r->present & SKY_CAT002_I000))
		return refuse_missing(err, 2, n);
	err->reason = SKY_AST_OK;
	return n;
}

/* ---- equality (tests, fuzzing) ---- */

static bool list_equal(unsigned na, const uint8_t *a, unsigned nb, const uint8_t *b)
{
	return na == nb && memcmp(a, b, na) == 0;
}

static bool counts_equal(const struct sky_cat002 *a, const struct sky_cat002 *b)
{
	if (a->n_counts != b->n_counts)
		return false;
	for (unsigned i = 0; i < a->n_counts; i++)
		if (a->counts[i].aerial != b->counts[i].aerial ||
		    a->counts[i].ident != b->counts[i].ident ||
		    a->counts[i].counter != b->counts[i].counter)
			return false;
	return true;
}

bool sky_cat002_equal(const struct sky_cat002 *a, const struct sky_cat002 *b)
{
	uint32_t p = a->present;
	if (p != b->present)
		return false;
#define DIFF(bit, cond) if ((p & (bit)) && (cond)) return false
	DIFF(SKY_CAT002_I010, a->sac != b->sac || a->sic != b->sic);
	DIFF(SKY_CAT002_I000, a->msg_type != b->msg_type);
	DIFF(SKY_CAT002_I020, a->sector != b->sector);
	DIFF(SKY_CAT002_I030, a->tod != b->tod);
	DIFF(SKY_CAT002_I041, a->rot_period != b->rot_period);
	DIFF(SKY_CAT002_I050, !list_equal(a->n_config, a->config, b->n_config, b->config));
	DIFF(SKY_CAT002_I060, !list_equal(a->n_procmode, a->procmode, b->n_procmode, b->procmode));
	DIFF(SKY_CAT002_I070, !counts_equal(a, b));
	DIFF(SKY_CAT002_I100, a->win_rho_start != b->win_rho_start ||
	     a->win_rho_end != b->win_rho_end || a->win_theta_start != b->win_theta_start ||
	     a->win_theta_end != b->win_theta_end);
	DIFF(SKY_CAT002_I090, a->coll_rng != b->coll_rng || a->coll_azm != b->coll_azm);
	DIFF(SKY_CAT002_I080, !list_equal(a->n_warn, a->warn, b->n_warn, b->warn));
	DIFF(SKY_CAT002_SP, a->sp_len != b->sp_len ||
	     (a->sp_len && memcmp(a->sp, b->sp, a->sp_len) != 0));
#undef DIFF
	return true;
}

/* ---- text / JSON ---- */

static const char *msg_type_name(unsigned t)
{
	switch (t) {
	case SKY_CAT002_NORTH_MARKER: return "north_marker";
	case SKY_CAT002_SECTOR_CROSSING: return "sector_crossing";
	case SKY_CAT002_SOUTH_MARKER: return "south_marker";
	case SKY_CAT002_BLIND_ZONE_ON: return "blind_zone_filter_on";
	case SKY_CAT002_BLIND_ZONE_OFF: return "blind_zone_filter_off";
	default: return t >= 128 ? "application" : "undefined";
	}
}

static void fmt_list(struct sky_text *t, const char *key, unsigned n, const uint8_t *v)
{
	sky_text_arr_open(t, key);
	for (unsigned i = 0; i < n; i++)
		sky_text_kv_uint(t, NULL, v[i]);
	sky_text_arr_close(t);
}

static void fmt_070(const struct sky_cat002 *r, struct sky_text *t)
{
	sky_text_arr_open(t, "plot_counts");
	for (unsigned i = 0; i < r->n_counts; i++) {
		sky_text_obj_open(t, NULL);
		sky_text_kv_uint(t, "aerial", r->counts[i].aerial);
		sky_text_kv_uint(t, "ident", r->counts[i].ident);
		sky_text_kv_uint(t, "counter", r->counts[i].counter);
		sky_text_obj_close(t);
	}
	sky_text_arr_close(t);
}

static void fmt_window(const struct sky_cat002 *r, struct sky_text *t)
{
	sky_text_obj_open(t, "polar_window");
	sky_text_kv_scaled(t, "rho_start_nm", r->win_rho_start, 1, 128, 4);
	sky_text_kv_scaled(t, "rho_end_nm", r->win_rho_end, 1, 128, 4);
	sky_text_kv_scaled(t, "theta_start_deg", r->win_theta_start, 360, 65536, 4);
	sky_text_kv_scaled(t, "theta_end_deg", r->win_theta_end, 360, 65536, 4);
	sky_text_obj_close(t);
}

static void cat002_format(const void *rec, struct sky_text *t)
{
	const struct sky_cat002 *r = rec;
	uint32_t p = r->present;
	if (p & SKY_CAT002_I010) {
		sky_text_kv_uint(t, "sac", r->sac);
		sky_text_kv_uint(t, "sic", r->sic);
	}
	if (p & SKY_CAT002_I000) {
		sky_text_kv_uint(t, "msg_type", r->msg_type);
		sky_text_kv_str(t, "msg", msg_type_name(r->msg_type));
	}
	if (p & SKY_CAT002_I020)
		sky_text_kv_scaled(t, "sector_deg", r->sector, 360, 256, 4);
	if (p & SKY_CAT002_I030)
		sky_text_kv_scaled(t, "tod_s", r->tod, 1, 128, 3);
	if (p & SKY_CAT002_I041)
		sky_text_kv_scaled(t, "rot_period_s", r->rot_period, 1, 128, 3);
	if (p & SKY_CAT002_I050)
		fmt_list(t, "station_config", r->n_config, r->config);
	if (p & SKY_CAT002_I060)
		fmt_list(t, "processing_mode", r->n_procmode, r->procmode);
	if (p & SKY_CAT002_I070)
		fmt_070(r, t);
	if (p & SKY_CAT002_I100)
		fmt_window(r, t);
	if (p & SKY_CAT002_I090) {
		sky_text_obj_open(t, "collimation");
		sky_text_kv_scaled(t, "rng_nm", r->coll_rng, 1, 128, 4);
		sky_text_kv_scaled(t, "azm_deg", r->coll_azm, 360, 1 << 14, 4);
		sky_text_obj_close(t);
	}
	if (p & SKY_CAT002_I080)
		fmt_list(t, "warnings", r->n_warn, r->warn);
	if (p & SKY_CAT002_SP)
		sky_text_kv_uint(t, "sp_len", r->sp_len);
}

static const struct sky_ast_uap *cat002_uap(unsigned edition)
{
	(void)edition;
	return &uap_1_0;
}

const struct sky_ast_category sky_cat002_category = {
	.cat = 2,
	.name = "CAT002",
	.n_editions = SKY_CAT002_N_EDITIONS,
	.editions = { "1.0" },
	.decode = sky_cat002_decode,
	.format = cat002_format,
	.uap = cat002_uap,
};
