/*
 * fuzz_cat048.c - libFuzzer target for CAT048.
 *
 * The input is decoded as a datagram (blocks of any category, through the
 * registry) and as one bare CAT048 record, for every edition. The bare
 * decode must delimit exactly what the generic walker delimits (the decoder
 * has its own fast paths), and every accepted CAT048 record is formatted
 * (text and JSON), re-encoded and decoded again: the second decode must
 * accept every byte and give the same fields, or the target traps.
 */
#include <stdint.h>
#include <string.h>

#include "ast_record.h"
#include "cat048.h"

static unsigned edition;

static void check(const struct sky_cat048 *a)
{
	uint8_t buf[4096];
	size_t n = sky_cat048_encode(a, buf, sizeof(buf));
	if (n == 0)
		__builtin_trap();
	struct sky_cat048 b;
	struct sky_ast_error err = {.reason = SKY_AST_OK};
	if (sky_cat048_decode(buf, n, edition, &b, &err) != n || err.reason != SKY_AST_OK)
		__builtin_trap();
	if (!sky_cat048_same(a, &b))
		__builtin_trap();
}

static void on_record(void *ctx, const struct sky_ast_record *r)
{
	(void)ctx;
	char out[8192];
	struct sky_text t;
	sky_text_init(&t, out, sizeof(out), r->index & 1);
	sky_text_begin(&t);
	sky_ast_format_record(r, &t);
	sky_text_end(&t);
	if (r->cat == 48)
		check(&r->u.c048);
}

/* The decoder and the walker agree on the size and on every failure. */
static void bare_record(const uint8_t *data, size_t size)
{
	struct sky_cat048 r;
	struct sky_ast_record_items it;
	struct sky_ast_error ed = {.reason = SKY_AST_OK}, ew = {.reason = SKY_AST_OK};
	size_t nd = sky_cat048_decode(data, size, edition, &r, &ed);
	size_t nw = sky_ast_walk_record(sky_cat048_category.uap(edition), data, size, &it, &ew);
	if (nd != nw || nd > size)
		__builtin_trap();
	if (nd == 0 && (ed.reason != ew.reason || ed.frn != ew.frn || ed.offset != ew.offset))
		__builtin_trap();
	if (nd && ed.reason == SKY_AST_OK)
		check(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (edition = 0; edition < sky_cat048_category.n_editions; edition++) {
		struct sky_ast_editions eds;
		memset(&eds, 0, sizeof(eds));
		eds.ed[48] = (uint8_t)edition;
		struct sky_ast_decoder d = {.editions = &eds, .on_record = on_record};
		sky_ast_decode_datagram(&d, data, size);
		bare_record(data, size);
	}
	return 0;
}
