/*
 * fuzz_cat001.c - libFuzzer target for CAT001.
 *
 * The input is decoded twice per edition: as a datagram (blocks of any
 * category, through the registry) and as one bare CAT001 record. Every
 * accepted CAT001 record, plot or track, is formatted (text and JSON),
 * re-encoded with the UAP its TYP bit selects and decoded again; the second
 * decode must accept the same number of bytes and give the same fields, or
 * the target traps.
 */
#include <stdint.h>
#include <string.h>

#include "ast_record.h"
#include "cat001.h"

static unsigned edition;

static void check(const struct sky_cat001 *a)
{
	uint8_t buf[2048];
	size_t n = sky_cat001_encode(a, buf, sizeof(buf));
	if (n == 0)
		__builtin_trap();
	struct sky_cat001 b;
	struct sky_ast_error err = { .reason = SKY_AST_OK };
	if (sky_cat001_decode(buf, n, edition, &b, &err) != n || err.reason != SKY_AST_OK)
		__builtin_trap();
	if (!sky_cat001_equal(a, &b))
		__builtin_trap();
}

static void on_record(void *ctx, const struct sky_ast_record *r)
{
	(void)ctx;
	char out[4096];
	struct sky_text t;
	sky_text_init(&t, out, sizeof(out), r->index & 1);
	sky_text_begin(&t);
	sky_ast_format_record(r, &t);
	sky_text_end(&t);
	if (r->cat == 1)
		check(&r->u.c001);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (edition = 0; edition < sky_cat001_category.n_editions; edition++) {
		struct sky_ast_editions eds;
		memset(&eds, 0, sizeof(eds));
		eds.ed[1] = (uint8_t)edition;
		struct sky_ast_decoder d = { .editions = &eds, .on_record = on_record };
		sky_ast_decode_datagram(&d, data, size);

		struct sky_cat001 r;
		struct sky_ast_error err = { .reason = SKY_AST_OK };
		size_t n = sky_cat001_decode(data, size, edition, &r, &err);
		if (n > size)
			__builtin_trap();
		if (n && err.reason == SKY_AST_OK)
			check(&r);
	}
	return 0;
}
