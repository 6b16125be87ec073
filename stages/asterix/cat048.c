/*
 * cat048.c - ASTERIX CAT048 (monoradar target reports) decoder, edition
 * 1.32 (editions 1.21 to 1.31 share this UAP), its formatter and its
 * registration.
 *
 * CAT048 is the hot category: a radar sends a plot per target per scan. So
 * the decoder does not locate every item with the generic walker and then
 * read them again (the walk alone costs ~900 instructions for a plot);
 * it reads the FSPEC as one 32-bit word (which is also the `present` mask),
 * and checks bounds and extracts fields in the same pass. The plot items
 * (FRN 1..8) have two inline paths: all eight present, with one bounds check
 * per variable-size item, or any subset, with one check per item. The rarer
 * items after them, unusual shapes (020 over two octets, 130 with an
 * extended primary) and short records go through a general loop that sizes
 * the items we do not decode from the UAP table below, so the table stays
 * the one description of the edition's layout. A record that cannot be
 * delimited is handed to the generic walker, which names the reason, item
 * and offset: rejections are exactly the walker's (tests/test_cat048.c and
 * the fuzzer check the decoder against it on random bytes). Nothing is
 * memset: only the fields of present items are written.
 */
#include <string.h>

#include "cat048.h"

/* ---- the UAP of edition 1.32 ------------------------------------------- */

#define FIXED(nm, n) {.name = nm, .kind = SKY_AST_ITEM_FIXED, .len = n}
#define EXTENDED(nm, n, e) {.name = nm, .kind = SKY_AST_ITEM_EXTENDED, .len = n, .ext = e}

/* I048/120: CAL (2 bytes), RDS (REP of DOP, AMB, FRQ: 6 bytes each). */
static const struct sky_ast_item_desc i120_sub[] = {
	FIXED("CAL", 2),
	{.name = "RDS", .kind = SKY_AST_ITEM_REP, .len = 6},
};

/* I048/130: seven one-byte subfields. */
static const struct sky_ast_item_desc i130_sub[] = {
	FIXED("SRL", 1), FIXED("SRR", 1), FIXED("SAM", 1), FIXED("PRL", 1),
	FIXED("PAM", 1), FIXED("RPD", 1), FIXED("APD", 1),
};

static const struct sky_ast_item_desc uap132_items[SKY_CAT048_N_FRN] = {
	FIXED("I048/010", 2),
	FIXED("I048/140", 3),
	EXTENDED("I048/020", 1, 1),
	FIXED("I048/040", 4),
	FIXED("I048/070", 2),
	FIXED("I048/090", 2),
	{.name = "I048/130", .kind = SKY_AST_ITEM_COMPOUND, .n_sub = 7, .sub = i130_sub},
	FIXED("I048/220", 3),
	FIXED("I048/240", 6),
	{.name = "I048/250", .kind = SKY_AST_ITEM_REP, .len = 8},
	FIXED("I048/161", 2),
	FIXED("I048/042", 4),
	FIXED("I048/200", 4),
	EXTENDED("I048/170", 1, 1),
	FIXED("I048/210", 4),
	{.name = "I048/030", .kind = SKY_AST_ITEM_REP_FX, .len = 1},
	FIXED("I048/080", 2),
	FIXED("I048/100", 4),
	FIXED("I048/110", 2),
	{.name = "I048/120", .kind = SKY_AST_ITEM_COMPOUND, .n_sub = 2, .sub = i120_sub},
	FIXED("I048/230", 2),
	FIXED("I048/260", 7),
	FIXED("I048/055", 1),
	FIXED("I048/050", 2),
	FIXED("I048/065", 1),
	FIXED("I048/060", 2),
	{.name = "SP", .kind = SKY_AST_ITEM_EXPLICIT},
	{.name = "RE", .kind = SKY_AST_ITEM_EXPLICIT},
};

static const struct sky_ast_uap uap132 = {
	.cat = 48, .edition = "1.32", .n_frn = SKY_CAT048_N_FRN, .items = uap132_items,
};

/* ---- rejections (cold) -------------------------------------------------- */

#define BIT(f) SKY_CAT048_FRN(f)
#define TOD_LIMIT (86400u * 128u)

/*
 * A record the decoder could not delimit: the generic walker, run on the
 * same bytes, names the reason, the item and the offset, so every rejection
 * is exactly the walker's and the hot path carries no error bookkeeping.
 */
static size_t __attribute__((noinline, cold))
undelimited(const uint8_t *rec, size_t avail, struct sky_ast_error *err)
{
	struct sky_ast_record_items it;
	if (sky_ast_walk_record(&uap132, rec, avail, &it, err) == 0)
		return 0;
	/* NEVER: the walker delimited what the decoder could not. */
	err->reason = SKY_AST_REJ_ITEM_PAST_BLOCK;
	err->offset = 0;
	err->frn = 0;
	err->item = NULL;
	return 0;
}

/* A delimited record refused for its content: the block goes on. */
static size_t __attribute__((noinline, cold))
refused(struct sky_ast_error *err, enum sky_ast_reject why, size_t at,
	unsigned frn, size_t size)
{
	err->reason = why;
	err->offset = (uint32_t)at;
	err->cat = 48;
	err->frn = (uint8_t)frn;
	err->item = uap132_items[frn - 1].name;
	return size;
}

/* FSPEC octets of an FSPEC word with its FX bits kept. */
static inline size_t nfs_of(uint32_t fsx)
{
	return 1 + (size_t)__builtin_popcount(fsx & 0x01010101u);
}

/* Offset of I048/140 when I048/010 precedes it (for VALUE_INVALID). */
static size_t tod_offset(const uint8_t *rec)
{
	size_t n = 1;
	while (rec[n - 1] & 1u)
		n++;
	return n + 2;
}

static inline size_t finish(const uint8_t *rec, const uint8_t *p, uint32_t fs,
			    struct sky_cat048 *r, struct sky_ast_error *err)
{
	r->present = fs;
	if (__builtin_expect(!(fs & BIT(1)), 0))
		return refused(err, SKY_AST_REJ_MISSING_MANDATORY, 0, 1, (size_t)(p - rec));
	if (__builtin_expect((fs & BIT(2)) && r->tod >= TOD_LIMIT, 0))
		return refused(err, SKY_AST_REJ_VALUE_INVALID, tod_offset(rec), 2,
			       (size_t)(p - rec));
	err->reason = SKY_AST_OK;
	return (size_t)(p - rec);
}

/* ---- field extractors (bounds already checked) -------------------------- */

/* 24 bits at p, read as 32 from p - 1 (an item never starts a record). */
static inline uint32_t rd24_at(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p - 1, 4);
	return __builtin_bswap32(v) & 0xffffffu;
}

static inline void get010(const uint8_t *p, struct sky_cat048 *r)
{
	r->sac = p[0];
	r->sic = p[1];
}

static inline void get040(const uint8_t *p, struct sky_cat048 *r)
{
	r->rho = (uint16_t)sky_rd16(p);
	r->theta = (uint16_t)sky_rd16(p + 2);
}

static inline void get070(const uint8_t *p, struct sky_cat048 *r)
{
	r->m3a_flags = p[0] & 0xe0u;
	r->mode3a = (uint16_t)(sky_rd16(p) & 0x0fffu);
}

static inline void get090(const uint8_t *p, struct sky_cat048 *r)
{
	r->fl_flags = p[0] & 0xc0u;
	r->fl = (int16_t)sky_sext(sky_rd16(p), 14);
}

/* I048/130 subfields after a one-octet primary b; returns the end. */
static inline const uint8_t *get130(const uint8_t *q, unsigned b, struct sky_cat048 *r)
{
	r->rpc_present = (uint8_t)b;
	if (b & SKY_CAT048_RPC_SRL)
		r->srl = *q++;
	if (b & SKY_CAT048_RPC_SRR)
		r->srr = *q++;
	if (b & SKY_CAT048_RPC_SAM)
		r->sam = (int8_t)*q++;
	if (b & SKY_CAT048_RPC_PRL)
		r->prl = *q++;
	if (b & SKY_CAT048_RPC_PAM)
		r->pam = (int8_t)*q++;
	if (b & SKY_CAT048_RPC_RPD)
		r->rpd = (int8_t)*q++;
	if (b & SKY_CAT048_RPC_APD)
		r->apd = (int8_t)*q++;
	return q;
}

static void get230(const uint8_t *p, struct sky_cat048 *r)
{
	r->com = p[0] >> 5;
	r->stat = (p[0] >> 2) & 7u;
	r->si = (p[0] >> 1) & 1u;
	r->mssc = p[1] >> 7;
	r->arc = (p[1] >> 6) & 1u;
	r->aic = (p[1] >> 5) & 1u;
	r->b1a = (p[1] >> 4) & 1u;
	r->b1b = p[1] & 15u;
}

/* ---- the general path: any item, one at a time -------------------------- */

/* Items walked but not decoded: sized from the UAP table. */
static const uint8_t *skip_item(unsigned frn, const uint8_t *p, size_t left)
{
	enum sky_ast_reject why;
	size_t n = sky_ast_item_size(&uap132_items[frn - 1], p, left, &why);
	return n ? p + n : NULL;
}

/* Extended item: keep up to max octets (FX cleared) in out, count in *kept. */
static const uint8_t *rd_extended(const uint8_t *p, size_t left, uint8_t *out,
				  unsigned max, uint8_t *kept)
{
	size_t n = 0;
	uint8_t b;
	do {
		if (n >= left)
			return NULL;
		b = p[n];
		if (n < max)
			out[n] = b & 0xfeu;
		n++;
	} while (b & 1u);
	*kept = (uint8_t)(n < max ? n : max);
	return p + n;
}

/* I048/130 of any shape (the generic walk allows empty extra primary octets). */
static const uint8_t *rd130(const uint8_t *p, size_t left, struct sky_cat048 *r)
{
	const uint8_t *q = skip_item(7, p, left);
	if (!q)
		return NULL;
	size_t nb = 1; /* primary octets; those after the first announce nothing */
	while (p[nb - 1] & 1u)
		nb++;
	get130(p + nb, p[0] & 0xfeu, r);
	return q;
}

static const uint8_t *rd250(const uint8_t *p, size_t left, struct sky_cat048 *r)
{
	if (left < 1 || 1 + (size_t)p[0] * 8 > left)
		return NULL;
	r->mb_count = p[0];
	r->mb = p + 1;
	return p + 1 + (size_t)p[0] * 8;
}

/* Fixed-size items: bytes, or 0 for the others. */
static const uint8_t fixed_len[SKY_CAT048_N_FRN + 1] = {
	[1] = 2, [2] = 3, [4] = 4, [5] = 2, [6] = 2, [8] = 3, [9] = 6, [11] = 2,
	[12] = 4, [13] = 4, [15] = 4, [19] = 2, [21] = 2, [22] = 7,
};

/* One fixed-size decoded item, bounds already checked. */
static void rd_fixed(unsigned frn, const uint8_t *p, struct sky_cat048 *r)
{
	switch (frn) {
	case 1: get010(p, r); break;
	case 2: r->tod = sky_rd24(p); break;
	case 4: get040(p, r); break;
	case 5: get070(p, r); break;
	case 6: get090(p, r); break;
	case 8: r->address = sky_rd24(p); break;
	case 9: sky_ast_icao6_decode(p, r->callsign); break;
	case 11: r->track_number = (uint16_t)(sky_rd16(p) & 0x0fffu); break;
	case 12: r->x = (int16_t)sky_rd16(p); r->y = (int16_t)sky_rd16(p + 2); break;
	case 13: r->gsp = (uint16_t)sky_rd16(p); r->hdg = (uint16_t)sky_rd16(p + 2); break;
	case 15:
		r->sigx = p[0]; r->sigy = p[1]; r->sigv = p[2]; r->sigh = p[3];
		break;
	case 19: r->height = (int16_t)sky_sext(sky_rd16(p), 14); break;
	case 21: get230(p, r); break;
	case 22: memcpy(r->acas_ra, p, 7); break;
	}
}

/* The item of FRN frn at p: returns the next item's start or NULL. */
static const uint8_t *rd_item(unsigned frn, const uint8_t *p, size_t left,
			      struct sky_cat048 *r)
{
	size_t n = fixed_len[frn];
	if (n) {
		if (left < n)
			return NULL;
		rd_fixed(frn, p, r);
		return p + n;
	}
	switch (frn) {
	case 3: return rd_extended(p, left, r->trd, SKY_CAT048_TRD_MAX, &r->trd_len);
	case 7: return rd130(p, left, r);
	case 10: return rd250(p, left, r);
	case 14: return rd_extended(p, left, r->ts, SKY_CAT048_TS_MAX, &r->ts_len);
	default: return skip_item(frn, p, left);
	}
}

/*
 * Decode the items of the FSPEC fsx (FX bits kept, so the FSPEC length is
 * known) from p on: all of them when p is the first item, else those after
 * FRN 8. Then finish the record. Used for the items after FRN 8 and for
 * every record the fast paths do not take.
 */
static size_t __attribute__((noinline))
decode_items(const uint8_t *rec, const uint8_t *end, uint32_t fsx,
	     const uint8_t *p, struct sky_cat048 *r, struct sky_ast_error *err)
{
	uint32_t fs = fsx & 0xfefefefeu;
	uint32_t bits = p == rec + nfs_of(fsx) ? fs : fs & 0x007fffffu;
	while (bits) {
		unsigned z = (unsigned)__builtin_clz(bits);
		bits &= ~(0x80000000u >> z);
		p = rd_item(1 + z / 8 * 7 + z % 8, p, (size_t)(end - p), r);
		if (!p)
			return undelimited(rec, (size_t)(end - rec), err);
	}
	return finish(rec, p, fs, r, err);
}

/* An FSPEC in a record of fewer than 4 bytes. */
static size_t __attribute__((noinline))
decode_short(const uint8_t *rec, size_t avail, struct sky_cat048 *r,
	     struct sky_ast_error *err)
{
	uint32_t fsx = 0;
	size_t n = 0;
	do {
		if (n >= avail)
			return undelimited(rec, avail, err);
		fsx |= (uint32_t)rec[n] << (24 - 8 * n);
	} while (rec[n++] & 1u);
	if ((fsx & 0xfefefefeu) == 0)
		return undelimited(rec, avail, err);
	return decode_items(rec, rec + avail, fsx, rec + n, r, err);
}

/* ---- the fast paths ------------------------------------------------------ */

#define PLOT_ITEMS (BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8))

/*
 * FRN 1..8 all present (the Mode S / SSR plot): three bounds checks in all,
 * at the two variable-size items. Returns the end of I048/220, or NULL to
 * leave for the general path (020 over two octets, 130 over one primary
 * octet, or too few bytes: the general path then finds the rejection).
 */
static inline const uint8_t *plot_items(const uint8_t *p, const uint8_t *end,
					struct sky_cat048 *r)
{
	if (end - p < 6)
		return NULL;
	get010(p, r);
	r->tod = rd24_at(p + 2);
	unsigned b = p[5];
	r->trd[0] = (uint8_t)(b & 0xfeu);
	r->trd_len = 1;
	p += 6;
	if (b & 1u) {
		if (end - p < 1 || (p[0] & 1u))
			return NULL;
		r->trd[1] = p[0];
		r->trd_len = 2;
		p++;
	}
	if (end - p < 9 || (p[8] & 1u))
		return NULL;
	get040(p, r);
	get070(p + 4, r);
	get090(p + 6, r);
	b = p[8];
	p += 9;
	if (end - p < __builtin_popcount(b) + 3)
		return NULL;
	p = get130(p, b, r);
	r->address = rd24_at(p);
	return p + 3;
}

/*
 * Any other subset of FRN 1..8, item by item with one bounds check each.
 * Returns the offset after the last of them, or 0 to leave for the general
 * path (as above). Long, but one inline block per item is what keeps the
 * hot path free of calls.
 */
static inline size_t some_items(const uint8_t *rec, size_t avail, size_t pos,
				uint32_t fs, struct sky_cat048 *r)
{
	unsigned b;
	if (fs & BIT(1)) {
		if (pos + 2 > avail)
			return 0;
		get010(rec + pos, r);
		pos += 2;
	}
	if (fs & BIT(2)) {
		if (pos + 3 > avail)
			return 0;
		r->tod = rd24_at(rec + pos);
		pos += 3;
	}
	if (fs & BIT(3)) {
		if (pos + 1 > avail || ((rec[pos] & 1u) && (pos + 2 > avail || (rec[pos + 1] & 1u))))
			return 0;
		b = rec[pos];
		r->trd[0] = (uint8_t)(b & 0xfeu);
		r->trd[1] = rec[pos + (b & 1u)]; /* meaningful when trd_len is 2 */
		r->trd_len = (uint8_t)(1 + (b & 1u));
		pos += 1 + (b & 1u);
	}
	if (fs & BIT(4)) {
		if (pos + 4 > avail)
			return 0;
		get040(rec + pos, r);
		pos += 4;
	}
	if (fs & BIT(5)) {
		if (pos + 2 > avail)
			return 0;
		get070(rec + pos, r);
		pos += 2;
	}
	if (fs & BIT(6)) {
		if (pos + 2 > avail)
			return 0;
		get090(rec + pos, r);
		pos += 2;
	}
	if (fs & BIT(7)) {
		if (pos + 1 > avail || (rec[pos] & 1u))
			return 0;
		b = rec[pos++];
		if (pos + (size_t)__builtin_popcount(b) > avail)
			return 0;
		pos = (size_t)(get130(rec + pos, b, r) - rec);
	}
	if (fs & BIT(8)) {
		if (pos + 3 > avail)
			return 0;
		r->address = rd24_at(rec + pos);
		pos += 3;
	}
	return pos;
}

/*
 * The FSPEC is read as one 32-bit word (records of 4 bytes or more), FRN
 * 1..8 take one of the two inline paths above, and the rarer items after
 * them the general loop. Every exit is a tail call, so the hot path needs
 * no stack frame.
 *
 * Costs 129 instructions for a plot 010 140 020 040 070 090 130(SRL SRR SAM)
 * 220, 141 with all seven 130 subfields (2026-11-22, gcc 12 -O2 x86-64-v2,
 * `valgrind --tool=callgrind` on a loop of sky_cat048_decode calls).
 */
size_t sky_cat048_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err)
{
	(void)edition; /* one UAP for every edition we accept */
	struct sky_cat048 *r = out;
	if (__builtin_expect(avail < 4, 0))
		return decode_short(rec, avail, r, err);
	uint32_t w, fsx;
	memcpy(&w, rec, 4);
	w = __builtin_bswap32(w);
	size_t nfs;
	if (!(w & 0x01000000u)) {
		nfs = 1;
		fsx = w & 0xff000000u;
	} else if (!(w & 0x00010000u)) {
		nfs = 2;
		fsx = w & 0xffff0000u;
	} else if (!(w & 0x00000100u)) {
		nfs = 3;
		fsx = w & 0xffffff00u;
	} else if (!(w & 1u)) {
		nfs = 4;
		fsx = w;
	} else {
		return undelimited(rec, avail, err); /* FSPEC_TOO_LONG or PAST_BLOCK */
	}
	uint32_t fs = fsx & 0xfefefefeu;
	if (__builtin_expect(fs == 0, 0))
		return undelimited(rec, avail, err); /* EMPTY_RECORD */
	const uint8_t *p;
	if ((fs & PLOT_ITEMS) == PLOT_ITEMS) {
		p = plot_items(rec + nfs, rec + avail, r);
	} else {
		size_t pos = some_items(rec, avail, nfs, fs, r);
		p = pos ? rec + pos : NULL;
	}
	if (__builtin_expect(!p, 0))
		return decode_items(rec, rec + avail, fsx, rec + nfs, r, err);
	if (fs & 0x007fffffu)
		return decode_items(rec, rec + avail, fsx, p, r, err);
	return finish(rec, p, fs, r, err);
}

/* ---- formatting ---------------------------------------------------------- */

static void fmt_trd_ext(const struct sky_cat048 *r, struct sky_text *t)
{
	static const char *const ext2[] = {"adsb_ep", "adsb_val", "scn_ep",
					   "scn_val", "pai_ep", "pai_val"};
	static const char *const ext4[] = {"poact_ep", "poact_val", "dtfxpr_ep",
					   "dtfxpr_val", "dtfact_ep", "dtfact_val"};
	static const char *const ext5[] = {"irmxpr_ep", "irmxpr_val",
					   "irmact_ep", "irmact_val"};
	if (r->trd_len > 2)
		for (unsigned i = 0; i < 6; i++)
			sky_text_kv_uint(t, ext2[i], (r->trd[2] >> (7 - i)) & 1u);
	if (r->trd_len > 3) {
		sky_text_kv_uint(t, "acasxv_ep", r->trd[3] >> 7);
		sky_text_kv_uint(t, "acasxv_val", (r->trd[3] >> 3) & 15u);
		sky_text_kv_uint(t, "poxpr_ep", (r->trd[3] >> 2) & 1u);
		sky_text_kv_uint(t, "poxpr_val", (r->trd[3] >> 1) & 1u);
	}
	if (r->trd_len > 4)
		for (unsigned i = 0; i < 6; i++)
			sky_text_kv_uint(t, ext4[i], (r->trd[4] >> (7 - i)) & 1u);
	if (r->trd_len > 5)
		for (unsigned i = 0; i < 4; i++)
			sky_text_kv_uint(t, ext5[i], (r->trd[5] >> (7 - i)) & 1u);
}

static void fmt_trd(const struct sky_cat048 *r, struct sky_text *t)
{
	static const char *const b1[] = {"sim", "rdp", "spi", "rab"};
	static const char *const e1[] = {"tst", "err", "xpp", "me", "mi"};
	sky_text_kv_uint(t, "typ", sky_cat048_typ(r));
	for (unsigned i = 0; i < 4; i++)
		sky_text_kv_uint(t, b1[i], (r->trd[0] >> (4 - i)) & 1u);
	if (r->trd_len > 1) {
		for (unsigned i = 0; i < 5; i++)
			sky_text_kv_uint(t, e1[i], (r->trd[1] >> (7 - i)) & 1u);
		sky_text_kv_uint(t, "foefri", sky_cat048_foefri(r));
	}
	fmt_trd_ext(r, t);
}

static void fmt_rpc(const struct sky_cat048 *r, struct sky_text *t)
{
	unsigned b = r->rpc_present;
	if (b & SKY_CAT048_RPC_SRL)
		sky_text_kv_scaled(t, "srl_deg", r->srl, 360, 8192, 6);
	if (b & SKY_CAT048_RPC_SRR)
		sky_text_kv_uint(t, "srr", r->srr);
	if (b & SKY_CAT048_RPC_SAM)
		sky_text_kv_int(t, "sam_dbm", r->sam);
	if (b & SKY_CAT048_RPC_PRL)
		sky_text_kv_scaled(t, "prl_deg", r->prl, 360, 8192, 6);
	if (b & SKY_CAT048_RPC_PAM)
		sky_text_kv_int(t, "pam_dbm", r->pam);
	if (b & SKY_CAT048_RPC_RPD)
		sky_text_kv_scaled(t, "rpd_nm", r->rpd, 1, 256, 8);
	if (b & SKY_CAT048_RPC_APD)
		sky_text_kv_scaled(t, "apd_deg", r->apd, 360, 16384, 6);
}

static void fmt_mb(const struct sky_cat048 *r, struct sky_text *t)
{
	sky_text_arr_open(t, "mb");
	for (unsigned i = 0; i < r->mb_count; i++) {
		const uint8_t *m = r->mb + 8 * i;
		uint64_t data = (uint64_t)sky_rd24(m) << 32 | sky_rd32(m + 3);
		sky_text_obj_open(t, NULL);
		sky_text_kv_uint(t, "bds1", m[7] >> 4);
		sky_text_kv_uint(t, "bds2", m[7] & 15u);
		sky_text_kv_hex(t, "data", data, 14);
		sky_text_obj_close(t);
	}
	sky_text_arr_close(t);
}

static void fmt_ts(const struct sky_cat048 *r, struct sky_text *t)
{
	sky_text_kv_uint(t, "cnf", r->ts[0] >> 7);
	sky_text_kv_uint(t, "rad", sky_cat048_rad(r));
	sky_text_kv_uint(t, "dou", (r->ts[0] >> 4) & 1u);
	sky_text_kv_uint(t, "mah", (r->ts[0] >> 3) & 1u);
	sky_text_kv_uint(t, "cdm", sky_cat048_cdm(r));
	if (r->ts_len > 1) {
		sky_text_kv_uint(t, "tre", r->ts[1] >> 7);
		sky_text_kv_uint(t, "gho", (r->ts[1] >> 6) & 1u);
		sky_text_kv_uint(t, "sup", (r->ts[1] >> 5) & 1u);
		sky_text_kv_uint(t, "tcc", (r->ts[1] >> 4) & 1u);
	}
}

static void fmt_acas(const struct sky_cat048 *r, struct sky_text *t)
{
	sky_text_kv_uint(t, "com", r->com);
	sky_text_kv_uint(t, "stat", r->stat);
	sky_text_kv_uint(t, "si", r->si);
	sky_text_kv_uint(t, "mssc", r->mssc);
	sky_text_kv_uint(t, "arc", r->arc);
	sky_text_kv_uint(t, "aic", r->aic);
	sky_text_kv_uint(t, "b1a", r->b1a);
	sky_text_kv_uint(t, "b1b", r->b1b);
}

/* Items present but not decoded, by name. */
static void fmt_walked(const struct sky_cat048 *r, struct sky_text *t)
{
	uint32_t other = r->present & ~(uint32_t)SKY_CAT048_ENCODABLE;
	if (!other)
		return;
	sky_text_arr_open(t, "not_decoded");
	for (unsigned f = 1; f <= SKY_CAT048_N_FRN; f++)
		if (other & BIT(f))
			sky_text_kv_str(t, NULL, uap132_items[f - 1].name);
	sky_text_arr_close(t);
}

static void fmt_plot(const struct sky_cat048 *r, struct sky_text *t)
{
	uint32_t fs = r->present;
	if (fs & BIT(1)) {
		sky_text_kv_uint(t, "sac", r->sac);
		sky_text_kv_uint(t, "sic", r->sic);
	}
	if (fs & BIT(2))
		sky_text_kv_scaled(t, "tod_s", r->tod, 1, 128, 7);
	if (fs & BIT(3))
		fmt_trd(r, t);
	if (fs & BIT(4)) {
		sky_text_kv_scaled(t, "rho_nm", r->rho, 1, 256, 8);
		sky_text_kv_scaled(t, "theta_deg", r->theta, 360, 65536, 6);
	}
	if (fs & BIT(5)) {
		sky_text_kv_oct4(t, "mode3a", r->mode3a);
		sky_text_kv_uint(t, "mode3a_v", r->m3a_flags >> 7);
		sky_text_kv_uint(t, "mode3a_g", (r->m3a_flags >> 6) & 1u);
		sky_text_kv_uint(t, "mode3a_l", (r->m3a_flags >> 5) & 1u);
	}
	if (fs & BIT(6)) {
		sky_text_kv_scaled(t, "fl", r->fl, 1, 4, 2);
		sky_text_kv_uint(t, "fl_v", r->fl_flags >> 7);
		sky_text_kv_uint(t, "fl_g", (r->fl_flags >> 6) & 1u);
	}
	if (fs & BIT(7))
		fmt_rpc(r, t);
	if (fs & BIT(8))
		sky_text_kv_hex(t, "address", r->address, 6);
}

static void fmt_track(const struct sky_cat048 *r, struct sky_text *t)
{
	uint32_t fs = r->present;
	if (fs & BIT(9))
		sky_text_kv_str(t, "callsign", r->callsign);
	if (fs & BIT(10))
		fmt_mb(r, t);
	if (fs & BIT(11))
		sky_text_kv_uint(t, "track_number", r->track_number);
	if (fs & BIT(12)) {
		sky_text_kv_scaled(t, "x_nm", r->x, 1, 128, 7);
		sky_text_kv_scaled(t, "y_nm", r->y, 1, 128, 7);
	}
	if (fs & BIT(13)) {
		sky_text_kv_scaled(t, "gs_nm_s", r->gsp, 1, 16384, 9);
		sky_text_kv_scaled(t, "hdg_deg", r->hdg, 360, 65536, 6);
	}
	if (fs & BIT(14))
		fmt_ts(r, t);
	if (fs & BIT(15)) {
		sky_text_kv_scaled(t, "sigx_nm", r->sigx, 1, 128, 7);
		sky_text_kv_scaled(t, "sigy_nm", r->sigy, 1, 128, 7);
		sky_text_kv_scaled(t, "sigv_nm_s", r->sigv, 1, 16384, 9);
		sky_text_kv_scaled(t, "sigh_deg", r->sigh, 360, 4096, 6);
	}
	if (fs & BIT(19))
		sky_text_kv_int(t, "height_ft", (int32_t)r->height * 25);
	if (fs & BIT(21))
		fmt_acas(r, t);
	if (fs & BIT(22)) {
		uint64_t ra = (uint64_t)sky_rd24(r->acas_ra) << 32 | sky_rd32(r->acas_ra + 3);
		sky_text_kv_hex(t, "acas_ra", ra, 14);
	}
}

static void cat048_format(const void *rec, struct sky_text *t)
{
	const struct sky_cat048 *r = rec;
	fmt_plot(r, t);
	fmt_track(r, t);
	fmt_walked(r, t);
}

static const struct sky_ast_uap *cat048_uap(unsigned edition)
{
	(void)edition;
	return &uap132;
}

const struct sky_ast_category sky_cat048_category = {
	.cat = 48,
	.name = "CAT048",
	.n_editions = SKY_CAT048_N_EDITIONS,
	.editions = {"1.32"},
	.decode = sky_cat048_decode,
	.format = cat048_format,
	.uap = cat048_uap,
};
