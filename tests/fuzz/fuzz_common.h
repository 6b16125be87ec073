/*
 * fuzz_common.h - the body every codec fuzz target shares.
 *
 * A target describes its category (registration, encoder, field comparison,
 * optional extra checks) in a `struct sky_fuzz_codec` and hands each input
 * to sky_fuzz_run, which, for every edition of the category:
 *  - decodes the input as a datagram (every block through the registry, or
 *    only the category's own blocks), formatting every accepted record as
 *    text or JSON and checking each rejection names a known reason;
 *  - decodes the input as one bare record of the category;
 *  - re-encodes every accepted record of the category, decodes the bytes
 *    again from an exactly sized heap copy (the sanitizers see any
 *    overread) and traps unless all bytes are accepted, the fields are the
 *    same and encoding those fields gives the same bytes again.
 * Header-only (static functions), since each target is its own executable
 * linked with sky_asterix alone.
 */
#ifndef SKY_FUZZ_COMMON_H
#define SKY_FUZZ_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ast_record.h"

#define SKY_FUZZ_CHECK(c)                                                          \
	do {                                                                       \
		if (!(c))                                                          \
			__builtin_trap();                                          \
	} while (0)

struct sky_fuzz_codec {
	const struct sky_ast_category *category;
	/* sky_catNNN_encode and a comparison of decoded records (true: same
	 * fields), behind void pointers; SKY_FUZZ_ADAPTERS writes both. */
	size_t (*encode)(const void *rec, uint8_t *buf, size_t cap);
	bool (*same)(const void *a, const void *b);
	/* Optional: more checks on an accepted record and its n-byte encoding. */
	void (*check_encoding)(const void *rec, const uint8_t *enc, size_t n);
	/* The bare decoder has its own fast path: it must delimit exactly what
	   the generic walker delimits, and fail with the walker's reason, FRN
	   and offset. */
	bool bare_agrees_with_walker;
	bool own_blocks_only; /* skip blocks of other categories */
};

/* fuzz_encode and fuzz_same for category nnn with comparison `equal`. */
#define SKY_FUZZ_ADAPTERS(nnn, equal)                                              \
	static size_t fuzz_encode(const void *rec, uint8_t *buf, size_t cap)       \
	{                                                                          \
		return sky_cat##nnn##_encode(rec, buf, cap);                       \
	}                                                                          \
	static bool fuzz_same(const void *a, const void *b)                        \
	{                                                                          \
		return equal(a, b);                                                \
	}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct sky_fuzz_run_ctx {
	const struct sky_fuzz_codec *codec;
	const uint8_t *data;
	size_t size;
};

static void sky_fuzz_round_trip(const struct sky_fuzz_codec *c, const void *a,
				unsigned edition)
{
	static uint8_t enc[4096], again[4096];
	size_t n = c->encode(a, enc, sizeof(enc));
	SKY_FUZZ_CHECK(n > 0);
	uint8_t *exact = malloc(n);
	SKY_FUZZ_CHECK(exact);
	memcpy(exact, enc, n);
	union sky_ast_any b;
	struct sky_ast_error e = {.reason = SKY_AST_OK};
	SKY_FUZZ_CHECK(c->category->decode(exact, n, edition, &b, &e) == n);
	SKY_FUZZ_CHECK(e.reason == SKY_AST_OK);
	SKY_FUZZ_CHECK(c->same(a, &b));
	SKY_FUZZ_CHECK(c->encode(&b, again, sizeof(again)) == n);
	SKY_FUZZ_CHECK(memcmp(enc, again, n) == 0);
	free(exact);
	if (c->check_encoding)
		c->check_encoding(a, enc, n);
}

static void sky_fuzz_on_record(void *ctx, const struct sky_ast_record *r)
{
	const struct sky_fuzz_run_ctx *x = ctx;
	static char out[8192];
	SKY_FUZZ_CHECK(r->raw >= x->data && r->raw + r->raw_len <= x->data + x->size);
	struct sky_text t;
	sky_text_init(&t, out, sizeof(out), r->index & 1);
	sky_text_begin(&t);
	sky_ast_format_record(r, &t);
	sky_text_end(&t);
	SKY_FUZZ_CHECK(!t.overflow);
	if (r->cat == x->codec->category->cat)
		sky_fuzz_round_trip(x->codec, &r->u, r->edition);
}

static void sky_fuzz_on_reject(void *ctx, const struct sky_ast_error *e)
{
	(void)ctx;
	SKY_FUZZ_CHECK(e->reason > SKY_AST_OK && e->reason < SKY_AST_REJ_COUNT);
}

static void sky_fuzz_datagram(struct sky_ast_decoder *d, const struct sky_fuzz_codec *c,
			      const uint8_t *data, size_t size)
{
	if (!c->own_blocks_only) {
		sky_ast_decode_datagram(d, data, size);
		return;
	}
	struct sky_ast_block b;
	struct sky_ast_error e;
	size_t pos = 0;
	while (sky_ast_next_block(data, size, &pos, &b, &e) > 0)
		if (b.cat == c->category->cat)
			sky_ast_decode_block(d, data, &b);
}

static void sky_fuzz_agrees_with_walker(const struct sky_fuzz_codec *c, const uint8_t *data,
					size_t size, unsigned edition, size_t nd,
					const struct sky_ast_error *ed)
{
	struct sky_ast_record_items it;
	struct sky_ast_error ew = {.reason = SKY_AST_OK};
	size_t nw = sky_ast_walk_record(c->category->uap(edition), data, size, &it, &ew);
	SKY_FUZZ_CHECK(nd == nw);
	if (nd == 0)
		SKY_FUZZ_CHECK(ed->reason == ew.reason && ed->frn == ew.frn &&
			       ed->offset == ew.offset);
}

static void sky_fuzz_bare(const struct sky_fuzz_codec *c, const uint8_t *data, size_t size,
			  unsigned edition)
{
	union sky_ast_any r;
	struct sky_ast_error e = {.reason = SKY_AST_OK};
	size_t n = c->category->decode(data, size, edition, &r, &e);
	SKY_FUZZ_CHECK(n <= size);
	if (c->bare_agrees_with_walker)
		sky_fuzz_agrees_with_walker(c, data, size, edition, n, &e);
	if (n && e.reason == SKY_AST_OK)
		sky_fuzz_round_trip(c, &r, edition);
}

static inline int sky_fuzz_run(const struct sky_fuzz_codec *c, const uint8_t *data, size_t size)
{
	static struct sky_ast_editions eds;
	static struct sky_ast_decoder d;
	struct sky_fuzz_run_ctx x = {.codec = c, .data = data, .size = size};
	for (unsigned ed = 0; ed < c->category->n_editions; ed++) {
		eds.ed[c->category->cat] = (uint8_t)ed;
		d = (struct sky_ast_decoder){.editions = &eds, .on_record = sky_fuzz_on_record,
					     .on_reject = sky_fuzz_on_reject, .ctx = &x};
		sky_fuzz_datagram(&d, c, data, size);
		sky_fuzz_bare(c, data, size, ed);
	}
	return 0;
}

#endif
