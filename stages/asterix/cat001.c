/*
 * cat001.c - ASTERIX CAT001 decoder and formatter, edition 1.4 (layout from
 * the EUROCONTROL specification as transcribed in zoranbosnjak/asterix-specs).
 *
 * CAT001 is the one category whose UAP depends on the record's content: the
 * TYP bit of I001/020 selects the plot UAP (0) or the track UAP (1). I001/010
 * and I001/020 are FRN 1 and 2 in both, so the decoder peeks at the FSPEC and
 * the first octet of I001/020 (bounds-checked; anything it cannot see falls
 * back to the plot UAP, whose walk then names the fault) and walks the record
 * once with the chosen UAP. Each UAP comes with a table mapping its FRNs to
 * item ids; one reader per item id fills the struct.
 *
 * Random Field Sequencing (FRN 21 of both UAPs) carries items in any order
 * behind their FRN; the generic walker cannot size it, so a record that uses
 * it is refused as UNDEFINED_ITEM naming "RFS". Such records are not known to
 * exist in practice, and tshark 4.0 does not decode them either.
 */
#include <string.h>

#include "cat001.h"

#define FIXED(n, l) { .name = n, .kind = SKY_AST_ITEM_FIXED, .len = l }
#define EXT(n) { .name = n, .kind = SKY_AST_ITEM_EXTENDED, .len = 1, .ext = 1 }
#define REPFX(n) { .name = n, .kind = SKY_AST_ITEM_REP_FX, .len = 1 }
#define UNDEF { .name = NULL, .kind = SKY_AST_ITEM_NONE }
#define RFS { .name = "RFS", .kind = SKY_AST_ITEM_NONE }
#define SP { .name = "SP", .kind = SKY_AST_ITEM_EXPLICIT }

/* Item ids: bit numbers of enum sky_cat001_item. NO: nothing we decode. */
enum {
	ID010, ID020, ID030, ID040, ID042, ID050, ID060, ID070, ID080, ID090,
	ID100, ID120, ID130, ID131, ID141, ID150, ID161, ID170, ID200, ID210,
	IDSP, NO = 0xff
};

static const struct sky_ast_item_desc plot_items[] = {
	FIXED("I001/010", 2), EXT("I001/020"), FIXED("I001/040", 4), FIXED("I001/070", 2),
	FIXED("I001/090", 2), REPFX("I001/130"), FIXED("I001/141", 2),
	FIXED("I001/050", 2), FIXED("I001/120", 1), FIXED("I001/131", 1),
	FIXED("I001/080", 2), FIXED("I001/100", 4), FIXED("I001/060", 2),
	REPFX("I001/030"), FIXED("I001/150", 1), UNDEF, UNDEF, UNDEF, UNDEF, SP, RFS,
};
static const uint8_t plot_ids[] = {
	ID010, ID020, ID040, ID070, ID090, ID130, ID141, ID050, ID120, ID131, ID080,
	ID100, ID060, ID030, ID150, NO, NO, NO, NO, IDSP, NO,
};

static const struct sky_ast_item_desc track_items[] = {
	FIXED("I001/010", 2), EXT("I001/020"), FIXED("I001/161", 2), FIXED("I001/040", 4),
	FIXED("I001/042", 4), FIXED("I001/200", 4), FIXED("I001/070", 2),
	FIXED("I001/090", 2), FIXED("I001/141", 2), REPFX("I001/130"),
	FIXED("I001/131", 1), FIXED("I001/120", 1), EXT("I001/170"), REPFX("I001/210"),
	FIXED("I001/050", 2), FIXED("I001/080", 2), FIXED("I001/100", 4),
	FIXED("I001/060", 2), REPFX("I001/030"), SP, RFS, FIXED("I001/150", 1),
};
static const uint8_t track_ids[] = {
	ID010, ID020, ID161, ID040, ID042, ID200, ID070, ID090, ID141, ID130, ID131,
	ID120, ID170, ID210, ID050, ID080, ID100, ID060, ID030, IDSP, NO, ID150,
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
_Static_assert(N_OF(plot_items) == N_OF(plot_ids), "plot UAP tables differ");
_Static_assert(N_OF(track_items) == N_OF(track_ids), "track UAP tables differ");

static const struct sky_ast_uap uap_plot = {
	.cat = 1, .edition = "1.4", .n_frn = N_OF(plot_items), .items = plot_items,
};
static const struct sky_ast_uap uap_track = {
	.cat = 1, .edition = "1.4", .n_frn = N_OF(track_items), .items = track_items,
};

/* ---- item readers ---- */

static unsigned rd_list(const uint8_t *p, unsigned len, uint8_t *dst)
{
	unsigned n = len < SKY_CAT001_MAX_LIST ? len : SKY_CAT001_MAX_LIST;
	for (unsigned i = 0; i < n; i++)
		dst[i] = p[i] >> 1;
	return n;
}

static void rd_item(struct sky_cat001 *r, unsigned id, const uint8_t *p, unsigned len)
{
	switch (id) {
	case ID010: r->sac = p[0]; r->sic = p[1]; break;
	case ID020:
		r->trd[0] = p[0];
		r->trd[1] = len > 1 ? (uint8_t)(p[1] & 0xfe) : 0;
		break;
	case ID030: r->n_warn = (uint8_t)rd_list(p, len, r->warn); break;
	case ID040: r->rho = (uint16_t)sky_rd16(p); r->theta = (uint16_t)sky_rd16(p + 2); break;
	case ID042:
		r->x = (int16_t)sky_sext(sky_rd16(p), 16);
		r->y = (int16_t)sky_sext(sky_rd16(p + 2), 16);
		break;
	case ID050: r->mode2 = (uint16_t)sky_rd16(p); break;
	case ID060: r->mode2_conf = (uint16_t)sky_rd16(p); break;
	case ID070: r->mode3a = (uint16_t)sky_rd16(p); break;
	case ID080: r->mode3a_conf = (uint16_t)sky_rd16(p); break;
	case ID090:
		r->modec_vg = p[0] >> 6;
		r->fl = (int16_t)sky_sext(sky_rd16(p), 14);
		break;
	case ID100: r->modec_gray = sky_rd32(p); break;
	case ID120: r->doppler = (int8_t)p[0]; break;
	case ID130: r->n_plotchar = (uint8_t)rd_list(p, len, r->plotchar); break;
	case ID131: r->power = (int8_t)p[0]; break;
	case ID141: r->ttod = (uint16_t)sky_rd16(p); break;
	case ID150: r->xpulse = p[0]; break;
	case ID161: r->track_no = (uint16_t)sky_rd16(p); break;
	case ID170:
		r->status[0] = p[0];
		r->status[1] = len > 1 ? (uint8_t)(p[1] & 0xfe) : 0;
		break;
	case ID200: r->gsp = (uint16_t)sky_rd16(p); r->hdg = (uint16_t)sky_rd16(p + 2); break;
	case ID210: r->n_quality = (uint8_t)rd_list(p, len, r->quality); break;
	case IDSP: r->sp_len = (uint8_t)(len - 1); r->sp = p + 1; break;
	}
}

/* Track UAP when the TYP bit of I001/020 is visibly set, else plot UAP. */
static bool peek_track(const uint8_t *rec, size_t avail)
{
	size_t pos = 0;
	while (pos < avail && (rec[pos] & 1u))
		pos++;
	if (pos >= avail || !(rec[0] & 0x40))
		return false;
	pos += 1 + ((rec[0] & 0x80) ? 2 : 0);
	return pos < avail && (rec[pos] & 0x80);
}

static size_t refuse_missing(struct sky_ast_error *err, const struct sky_ast_uap *uap,
			     unsigned frn, size_t size)
{
	err->reason = SKY_AST_REJ_MISSING_MANDATORY;
	err->frn = (uint8_t)frn;
	err->item = uap->items[frn - 1].name;
	err->offset = 0;
	return size;
}

size_t sky_cat001_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err)
{
	struct sky_ast_record_items it;
	struct sky_cat001 *r = out;
	(void)edition;
	bool track = peek_track(rec, avail);
	const struct sky_ast_uap *uap = track ? &uap_track : &uap_plot;
	const uint8_t *ids = track ? track_ids : plot_ids;
	size_t n = sky_ast_walk_record(uap, rec, avail, &it, err);
	if (n == 0)
		return 0;
	uint32_t present = 0;
	for (uint64_t bits = it.present; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctzll(bits);
		if (ids[i] == NO) /* never: those FRNs have kind NONE */
			continue;
		present |= 1u << ids[i];
		rd_item(r, ids[i], rec + it.off[i], it.len[i]);
	}
	r->present = present;
	if (!(present & SKY_CAT001_I010))
		return refuse_missing(err, uap, 1, n);
	if (!(present & SKY_CAT001_I020))
		return refuse_missing(err, uap, 2, n);
	err->reason = SKY_AST_OK;
	return n;
}

/* ---- equality (tests, fuzzing) ---- */

static bool list_equal(unsigned na, const uint8_t *a, unsigned nb, const uint8_t *b)
{
	return na == nb && memcmp(a, b, na) == 0;
}

static bool ext_equal(const uint8_t a[2], const uint8_t b[2])
{
	return a[0] == b[0] && (!(a[0] & 1u) || a[1] == b[1]);
}

bool sky_cat001_equal(const struct sky_cat001 *a, const struct sky_cat001 *b)
{
	uint32_t p = a->present;
	if (p != b->present)
		return false;
#define DIFF(bit, cond) if ((p & (bit)) && (cond)) return false
	DIFF(SKY_CAT001_I010, a->sac != b->sac || a->sic != b->sic);
	DIFF(SKY_CAT001_I020, !ext_equal(a->trd, b->trd));
	DIFF(SKY_CAT001_I030, !list_equal(a->n_warn, a->warn, b->n_warn, b->warn));
	DIFF(SKY_CAT001_I040, a->rho != b->rho || a->theta != b->theta);
	DIFF(SKY_CAT001_I042, a->x != b->x || a->y != b->y);
	DIFF(SKY_CAT001_I050, a->mode2 != b->mode2);
	DIFF(SKY_CAT001_I060, a->mode2_conf != b->mode2_conf);
	DIFF(SKY_CAT001_I070, a->mode3a != b->mode3a);
	DIFF(SKY_CAT001_I080, a->mode3a_conf != b->mode3a_conf);
	DIFF(SKY_CAT001_I090, a->modec_vg != b->modec_vg || a->fl != b->fl);
	DIFF(SKY_CAT001_I100, a->modec_gray != b->modec_gray);
	DIFF(SKY_CAT001_I120, a->doppler != b->doppler);
	DIFF(SKY_CAT001_I130, !list_equal(a->n_plotchar, a->plotchar, b->n_plotchar, b->plotchar));
	DIFF(SKY_CAT001_I131, a->power != b->power);
	DIFF(SKY_CAT001_I141, a->ttod != b->ttod);
	DIFF(SKY_CAT001_I150, a->xpulse != b->xpulse);
	DIFF(SKY_CAT001_I161, a->track_no != b->track_no);
	DIFF(SKY_CAT001_I170, !ext_equal(a->status, b->status));
	DIFF(SKY_CAT001_I200, a->gsp != b->gsp || a->hdg != b->hdg);
	DIFF(SKY_CAT001_I210, !list_equal(a->n_quality, a->quality, b->n_quality, b->quality));
	DIFF(SKY_CAT001_SP, a->sp_len != b->sp_len ||
	     (a->sp_len && memcmp(a->sp, b->sp, a->sp_len) != 0));
#undef DIFF
	return true;
}

/* ---- text / JSON ---- */

static void bit(struct sky_text *t, const char *key, unsigned v, unsigned shift, unsigned mask)
{
	sky_text_kv_uint(t, key, (v >> shift) & mask);
}

static void fmt_list(struct sky_text *t, const char *key, unsigned n, const uint8_t *v)
{
	sky_text_arr_open(t, key);
	for (unsigned i = 0; i < n; i++)
		sky_text_kv_uint(t, NULL, v[i]);
	sky_text_arr_close(t);
}

static void fmt_020(const struct sky_cat001 *r, struct sky_text *t)
{
	sky_text_obj_open(t, "trd");
	sky_text_kv_str(t, "typ", (r->trd[0] & 0x80) ? "track" : "plot");
	bit(t, "sim", r->trd[0], 6, 1);
	bit(t, "ssrpsr", r->trd[0], 4, 3);
	bit(t, "ant", r->trd[0], 3, 1);
	bit(t, "spi", r->trd[0], 2, 1);
	bit(t, "rab", r->trd[0], 1, 1);
	if (r->trd[0] & 1u) {
		bit(t, "tst", r->trd[1], 7, 1);
		bit(t, "ds1ds2", r->trd[1], 5, 3);
		bit(t, "me", r->trd[1], 4, 1);
		bit(t, "mi", r->trd[1], 3, 1);
	}
	sky_text_obj_close(t);
}

/* An octal code item: V G L spare code(12). */
static void fmt_code(struct sky_text *t, const char *key, uint16_t v)
{
	sky_text_obj_open(t, key);
	bit(t, "v", v, 15, 1);
	bit(t, "g", v, 14, 1);
	bit(t, "l", v, 13, 1);
	sky_text_kv_oct4(t, "code", v & 0xfffu);
	sky_text_obj_close(t);
}

static void fmt_codes(const struct sky_cat001 *r, struct sky_text *t)
{
	if (r->present & SKY_CAT001_I070)
		fmt_code(t, "mode3a", r->mode3a);
	if (r->present & SKY_CAT001_I080)
		sky_text_kv_oct4(t, "mode3a_low_quality", r->mode3a_conf & 0xfffu);
	if (r->present & SKY_CAT001_I050)
		fmt_code(t, "mode2", r->mode2);
	if (r->present & SKY_CAT001_I060)
		sky_text_kv_oct4(t, "mode2_low_quality", r->mode2_conf & 0xfffu);
	if (r->present & SKY_CAT001_I090) {
		sky_text_kv_scaled(t, "fl", r->fl, 1, 4, 2);
		bit(t, "fl_v", r->modec_vg, 1, 1);
		bit(t, "fl_g", r->modec_vg, 0, 1);
	}
	if (r->present & SKY_CAT001_I100) {
		sky_text_obj_open(t, "modec_gray");
		bit(t, "v", r->modec_gray, 31, 1);
		bit(t, "g", r->modec_gray, 30, 1);
		sky_text_kv_hex(t, "code", (r->modec_gray >> 16) & 0xfffu, 3);
		sky_text_kv_hex(t, "low_quality", r->modec_gray & 0xfffu, 3);
		sky_text_obj_close(t);
	}
}

static void fmt_plot(const struct sky_cat001 *r, struct sky_text *t)
{
	if (r->present & SKY_CAT001_I030)
		fmt_list(t, "warnings", r->n_warn, r->warn);
	if (r->present & SKY_CAT001_I040) {
		sky_text_kv_scaled(t, "rho_nm", r->rho, 1, 128, 4);
		sky_text_kv_scaled(t, "theta_deg", r->theta, 360, 65536, 4);
	}
	fmt_codes(r, t);
	if (r->present & SKY_CAT001_I120)
		sky_text_kv_scaled(t, "doppler_nms", r->doppler, 1, 256, 4);
	if (r->present & SKY_CAT001_I130)
		fmt_list(t, "plot_char", r->n_plotchar, r->plotchar);
	if (r->present & SKY_CAT001_I131)
		sky_text_kv_int(t, "power_dbm", r->power);
	if (r->present & SKY_CAT001_I141)
		sky_text_kv_scaled(t, "ttod_s", r->ttod, 1, 128, 3);
	if (r->present & SKY_CAT001_I150) {
		sky_text_obj_open(t, "xpulse");
		bit(t, "xa", r->xpulse, 7, 1);
		bit(t, "xc", r->xpulse, 5, 1);
		bit(t, "x2", r->xpulse, 2, 1);
		sky_text_obj_close(t);
	}
}

static void fmt_track(const struct sky_cat001 *r, struct sky_text *t)
{
	if (r->present & SKY_CAT001_I161)
		sky_text_kv_uint(t, "track_no", r->track_no);
	if (r->present & SKY_CAT001_I042) {
		sky_text_kv_scaled(t, "x_nm", r->x, 1, 64, 4);
		sky_text_kv_scaled(t, "y_nm", r->y, 1, 64, 4);
	}
	if (r->present & SKY_CAT001_I200) {
		sky_text_kv_scaled(t, "gsp_nms", r->gsp, 1, 1 << 14, 6);
		sky_text_kv_scaled(t, "hdg_deg", r->hdg, 360, 65536, 4);
	}
	if (r->present & SKY_CAT001_I170) {
		sky_text_obj_open(t, "status");
		bit(t, "con", r->status[0], 7, 1);
		bit(t, "rad", r->status[0], 6, 1);
		bit(t, "man", r->status[0], 5, 1);
		bit(t, "dou", r->status[0], 4, 1);
		bit(t, "rdpc", r->status[0], 3, 1);
		bit(t, "gho", r->status[0], 1, 1);
		if (r->status[0] & 1u)
			bit(t, "tre", r->status[1], 7, 1);
		sky_text_obj_close(t);
	}
	if (r->present & SKY_CAT001_I210)
		fmt_list(t, "track_quality", r->n_quality, r->quality);
}

static void cat001_format(const void *rec, struct sky_text *t)
{
	const struct sky_cat001 *r = rec;
	if (r->present & SKY_CAT001_I010) {
		sky_text_kv_uint(t, "sac", r->sac);
		sky_text_kv_uint(t, "sic", r->sic);
	}
	if (r->present & SKY_CAT001_I020)
		fmt_020(r, t);
	fmt_track(r, t);
	fmt_plot(r, t);
	if (r->present & SKY_CAT001_SP)
		sky_text_kv_uint(t, "sp_len", r->sp_len);
}

static const struct sky_ast_uap *cat001_uap(unsigned edition)
{
	(void)edition;
	return &uap_plot; /* the track UAP is chosen per record by I001/020 TYP */
}

const struct sky_ast_uap *sky_cat001_uap_for(bool track, const uint8_t **ids)
{
	*ids = track ? track_ids : plot_ids;
	return track ? &uap_track : &uap_plot;
}

const struct sky_ast_category sky_cat001_category = {
	.cat = 1,
	.name = "CAT001",
	.n_editions = SKY_CAT001_N_EDITIONS,
	.editions = { "1.4" },
	.decode = sky_cat001_decode,
	.format = cat001_format,
	.uap = cat001_uap,
};
