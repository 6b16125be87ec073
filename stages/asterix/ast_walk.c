/*
 * ast_walk.c - the generic, table-driven record walker.
 *
 * Reads the FSPEC of a record and, using the category's UAP table, finds the
 * offset and length of every present item. The walker never reads a byte
 * beyond `avail`; every way an item's size can be unknowable (undefined FRN,
 * repetition or explicit length past the block, compound subfield that does
 * not exist) is a named rejection. Category decoders only ever see items
 * whose bounds were checked here, so their field readers need no checks of
 * their own beyond the item's fixed size.
 */
#include "ast_core.h"

static size_t extended_size(const struct sky_ast_item_desc *d, const uint8_t *p,
			    size_t avail, enum sky_ast_reject *why)
{
	size_t n = d->len;
	if (n > avail)
		goto past;
	while (p[n - 1] & 1u) {
		if (d->ext == 0 || n + d->ext > avail)
			goto past;
		n += d->ext;
	}
	return n;
past:
	*why = SKY_AST_REJ_ITEM_PAST_BLOCK;
	return 0;
}

static size_t rep_size(const struct sky_ast_item_desc *d, const uint8_t *p,
		       size_t avail, enum sky_ast_reject *why)
{
	if (avail < 1) {
		*why = SKY_AST_REJ_ITEM_PAST_BLOCK;
		return 0;
	}
	size_t n = 1 + (size_t)p[0] * d->len;
	if (n > avail) {
		*why = SKY_AST_REJ_REPETITION_PAST_BLOCK;
		return 0;
	}
	return n;
}

static size_t rep_fx_size(const struct sky_ast_item_desc *d, const uint8_t *p,
			  size_t avail, enum sky_ast_reject *why)
{
	size_t n = 0;
	do {
		if (n + d->len > avail) {
			*why = SKY_AST_REJ_REPETITION_PAST_BLOCK;
			return 0;
		}
		n += d->len;
	} while (p[n - 1] & 1u);
	return n;
}

static size_t explicit_size(const uint8_t *p, size_t avail, enum sky_ast_reject *why)
{
	if (avail < 1 || p[0] < 1 || p[0] > avail) {
		*why = SKY_AST_REJ_EXPLICIT_LEN_INVALID;
		return 0;
	}
	return p[0];
}

/* Length of an FX-extended bitmap (FSPEC or compound primary) within avail. */
static size_t fx_bitmap_size(const uint8_t *p, size_t avail)
{
	size_t n = 0;
	while (n < avail) {
		if (!(p[n++] & 1u))
			return n;
	}
	return 0;
}

static size_t compound_size(const struct sky_ast_item_desc *d, const uint8_t *p,
			    size_t avail, enum sky_ast_reject *why)
{
	size_t nb = fx_bitmap_size(p, avail);
	if (nb == 0) {
		*why = SKY_AST_REJ_ITEM_PAST_BLOCK;
		return 0;
	}
	size_t n = nb;
	for (size_t i = 0; i < nb; i++) {
		for (unsigned b = 0; b < 7; b++) {
			if (!(p[i] & (0x80u >> b)))
				continue;
			unsigned idx = (unsigned)i * 7 + b;
			if (idx >= d->n_sub || d->sub[idx].kind == SKY_AST_ITEM_NONE) {
				*why = SKY_AST_REJ_COMPOUND_INVALID;
				return 0;
			}
			size_t s = sky_ast_item_size(&d->sub[idx], p + n, avail - n, why);
			if (s == 0)
				return 0;
			n += s;
		}
	}
	return n;
}

size_t sky_ast_item_size(const struct sky_ast_item_desc *d, const uint8_t *p,
			 size_t avail, enum sky_ast_reject *why)
{
	switch (d->kind) {
	case SKY_AST_ITEM_FIXED:
		if (d->len > avail) {
			*why = SKY_AST_REJ_ITEM_PAST_BLOCK;
			return 0;
		}
		return d->len;
	case SKY_AST_ITEM_EXTENDED:
		return extended_size(d, p, avail, why);
	case SKY_AST_ITEM_REP:
		return rep_size(d, p, avail, why);
	case SKY_AST_ITEM_REP_FX:
		return rep_fx_size(d, p, avail, why);
	case SKY_AST_ITEM_EXPLICIT:
		return explicit_size(p, avail, why);
	case SKY_AST_ITEM_COMPOUND:
		return compound_size(d, p, avail, why);
	default:
		*why = SKY_AST_REJ_UNDEFINED_ITEM;
		return 0;
	}
}

static size_t walk_fail(struct sky_ast_error *err, enum sky_ast_reject why,
			size_t at, unsigned frn, const struct sky_ast_uap *uap)
{
	err->reason = why;
	err->offset = (uint32_t)at;
	err->cat = uap->cat;
	err->frn = (uint8_t)frn;
	err->item = (frn && frn <= uap->n_frn) ? uap->items[frn - 1].name : NULL;
	return 0;
}

size_t sky_ast_walk_record(const struct sky_ast_uap *uap, const uint8_t *rec,
			   size_t avail, struct sky_ast_record_items *out,
			   struct sky_ast_error *err)
{
	size_t nfs = fx_bitmap_size(rec, avail);
	if (nfs == 0)
		return walk_fail(err, SKY_AST_REJ_FSPEC_PAST_BLOCK, 0, 0, uap);
	if (nfs * 7 > ((size_t)uap->n_frn + 6) / 7 * 7)
		return walk_fail(err, SKY_AST_REJ_FSPEC_TOO_LONG, 0, 0, uap);
	out->base = rec;
	out->present = 0;
	size_t pos = nfs;
	for (size_t i = 0; i < nfs; i++) {
		uint8_t bits = rec[i] & 0xfe;
		while (bits) {
			unsigned b = (unsigned)__builtin_clz((unsigned)bits) - 24;
			bits &= (uint8_t)~(0x80u >> b);
			unsigned frn = (unsigned)i * 7 + b + 1;
			if (frn > uap->n_frn)
				return walk_fail(err, SKY_AST_REJ_UNDEFINED_ITEM, pos, frn, uap);
			enum sky_ast_reject why = SKY_AST_REJ_UNDEFINED_ITEM;
			size_t s = sky_ast_item_size(&uap->items[frn - 1], rec + pos,
						     avail - pos, &why);
			if (s == 0)
				return walk_fail(err, why, pos, frn, uap);
			out->present |= 1ull << (frn - 1);
			out->off[frn - 1] = (uint16_t)pos;
			out->len[frn - 1] = (uint16_t)s;
			pos += s;
		}
	}
	if (out->present == 0)
		return walk_fail(err, SKY_AST_REJ_EMPTY_RECORD, 0, 0, uap);
	out->size = (uint16_t)pos;
	return pos;
}

enum sky_ast_reject sky_ast_compound_walk(const struct sky_ast_item_desc *d,
					  const uint8_t *p, size_t len,
					  struct sky_ast_compound *out)
{
	size_t nb = fx_bitmap_size(p, len);
	if (nb == 0)
		return SKY_AST_REJ_ITEM_PAST_BLOCK;
	out->base = p;
	out->present = 0;
	size_t n = nb;
	for (size_t i = 0; i < nb; i++) {
		for (unsigned b = 0; b < 7; b++) {
			if (!(p[i] & (0x80u >> b)))
				continue;
			unsigned idx = (unsigned)i * 7 + b;
			if (idx >= d->n_sub || idx >= SKY_AST_MAX_SUB ||
			    d->sub[idx].kind == SKY_AST_ITEM_NONE)
				return SKY_AST_REJ_COMPOUND_INVALID;
			enum sky_ast_reject why = SKY_AST_OK;
			size_t s = sky_ast_item_size(&d->sub[idx], p + n, len - n, &why);
			if (s == 0)
				return why;
			out->present |= 1u << idx;
			out->off[idx] = (uint16_t)n;
			out->len[idx] = (uint16_t)s;
			n += s;
		}
	}
	return SKY_AST_OK;
}

int sky_ast_peek_sac_sic(const uint8_t *rec, size_t avail, uint8_t *sac, uint8_t *sic)
{
	size_t nfs = fx_bitmap_size(rec, avail);
	if (nfs == 0 || !(rec[0] & 0x80u) || avail < nfs + 2)
		return -1;
	*sac = rec[nfs];
	*sic = rec[nfs + 1];
	return 0;
}
