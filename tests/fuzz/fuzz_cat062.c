/*
 * fuzz_cat062.c - libFuzzer target for the CAT062 codec.
 *
 * The input is decoded twice: as a datagram (blocks, then records through
 * the registry, every edition of CAT062) and as one bare record. Every
 * record the decoder accepts is encoded again - into a roomy buffer (fast
 * path) and into one of exactly its size (slow path) - and decoded back;
 * any difference in size, bytes or fields traps. The sanitizers of the
 * fuzz build catch every read outside the input. (Callsigns round-trip
 * exactly too: undefined ICAO codes decode as '#', which encodes as code 0.)
 */
#include <string.h>

#include "ast_record.h"
#include "cat062.h"

static void check_round_trip(const struct sky_cat062 *in, unsigned edition)
{
	uint8_t big[SKY_CAT062_MAX_RECORD + SKY_CAT062_ENCODE_SLACK];
	uint8_t exact[SKY_CAT062_MAX_RECORD];
	size_t n = sky_cat062_encode(in, big, sizeof(big));
	if (n == 0 || n > SKY_CAT062_MAX_RECORD)
		__builtin_trap();
	if (sky_cat062_encode(in, exact, n) != n || memcmp(big, exact, n) != 0)
		__builtin_trap();
	if (sky_cat062_encode(in, exact, n - 1) != 0)
		__builtin_trap();
	struct sky_cat062 back;
	struct sky_ast_error e = {.reason = SKY_AST_OK};
	if (sky_cat062_decode(exact, n, edition, &back, &e) != n || e.reason != SKY_AST_OK)
		__builtin_trap();
	if (!sky_cat062_equal(in, &back))
		__builtin_trap();
}

struct fuzz_ctx {
	const uint8_t *dg;
	size_t len;
};

static void on_record(void *ctx, const struct sky_ast_record *r)
{
	const struct fuzz_ctx *c = ctx;
	if (r->raw < c->dg || r->raw + r->raw_len > c->dg + c->len)
		__builtin_trap();
	if (r->cat == 62)
		check_round_trip(&r->u.c062, r->edition);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_ctx c = {.dg = data, .len = size};
	static struct sky_ast_editions eds;
	static struct sky_ast_decoder d;
	for (unsigned ed = 0; ed < SKY_CAT062_N_EDITIONS; ed++) {
		eds.ed[62] = (uint8_t)ed;
		d.editions = &eds;
		d.on_record = on_record;
		d.on_reject = NULL;
		d.ctx = &c;
		d.stats = NULL;
		sky_ast_decode_datagram(&d, data, size);

		struct sky_cat062 r;
		struct sky_ast_error e = {.reason = SKY_AST_OK};
		size_t n = sky_cat062_decode(data, size, ed, &r, &e);
		if (n > size)
			__builtin_trap();
		if (n > 0 && e.reason == SKY_AST_OK)
			check_round_trip(&r, ed);
	}
	return 0;
}
