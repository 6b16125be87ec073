/*
 * test_cat021_fast.c - the one-pass CAT021 decoder gives exactly what the
 * decoder it replaced gave.
 *
 * sky_cat021_decode sizes and extracts each item in a single pass over the
 * FSPEC and hands anything unusual to the generic walker. The decoder it
 * replaced (walk every item, then one extractor call per present item) stays
 * in cat021.c as its fallback, sky_cat021_decode_walked: the reference. Both
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

/* The reference: cat021.c's general path (the former decoder's walk, then
   one extractor per present item), which the one-pass decoder falls back to. */
#define ref_cat021_decode sky_cat021_decode_walked

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
