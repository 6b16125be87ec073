/*
 * fuzz_cat021.c - libFuzzer target for the CAT021 codec.
 *
 * The input is a datagram. Every CAT021 block in it goes through the
 * datagram decoder's block path once per edition (2.6 and 0.26); blocks of
 * other categories are skipped so findings stay ours. Each accepted record
 * is re-encoded and decoded again: the second decode must accept exactly the
 * encoded bytes, re-encoding it must give the same bytes (the encoder's
 * output is a fixed point), and the fields must survive. Any mismatch traps.
 */
#include <stdint.h>
#include <string.h>

#include "ast_record.h"
#include "cat021.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

/* Items the decoder reads but the encoder does not write back. */
#define NOT_ENCODED (SKY_CAT021_BIT(I110) | SKY_CAT021_BIT(RE) | SKY_CAT021_BIT(SP))

static void same_fields(const struct sky_cat021 *a, const struct sky_cat021 *b)
{
	CHECK(b->present == (a->present & ~NOT_ENCODED));
	CHECK(b->edition == a->edition);
	CHECK(a->sac == b->sac && a->sic == b->sic);
	if (sky_cat021_has(a, SKY_CAT021_I080))
		CHECK(a->address == b->address);
	if (sky_cat021_has(a, SKY_CAT021_I130))
		CHECK(a->lat == b->lat && a->lon == b->lon);
	if (sky_cat021_has(a, SKY_CAT021_I131))
		CHECK(a->lat_hr == b->lat_hr && a->lon_hr == b->lon_hr);
	if (sky_cat021_has(a, SKY_CAT021_I145))
		CHECK(a->fl == b->fl);
	if (sky_cat021_has(a, SKY_CAT021_I071))
		CHECK(a->toa_pos == b->toa_pos);
	if (sky_cat021_has(a, SKY_CAT021_I160))
		CHECK(a->gs == b->gs && a->track_angle == b->track_angle);
	if (sky_cat021_has(a, SKY_CAT021_I040))
		CHECK(a->atp == b->atp && a->sim == b->sim && a->trd_ext == b->trd_ext);
	if (sky_cat021_has(a, SKY_CAT021_I090) && a->edition == SKY_CAT021_ED_2_6)
		CHECK(a->qi_ext == b->qi_ext && a->nacp == b->nacp && a->pic == b->pic);
	if (sky_cat021_has(a, SKY_CAT021_I090) && a->edition == SKY_CAT021_ED_0_26)
		CHECK(a->fom_pa == b->fom_pa && a->fom_ac == b->fom_ac);
	if (sky_cat021_has(a, SKY_CAT021_I170))
		CHECK(strcmp(a->callsign, b->callsign) == 0);
	if (sky_cat021_has(a, SKY_CAT021_I295))
		CHECK(a->ages_present == b->ages_present);
}

static void on_record(void *ctx, const struct sky_ast_record *r)
{
	(void)ctx;
	const struct sky_cat021 *a = &r->u.c021;
	static uint8_t y[2048], z[2048];
	static char txt[8192];
	CHECK(r->cat == 21 && r->edition == a->edition);
	size_t ny = sky_cat021_encode(a, y, sizeof(y));
	CHECK(ny > 0);
	struct sky_cat021 b;
	struct sky_ast_error e = {.reason = SKY_AST_OK};
	CHECK(sky_cat021_decode(y, ny, r->edition, &b, &e) == ny);
	CHECK(e.reason == SKY_AST_OK);
	same_fields(a, &b);
	CHECK(sky_cat021_encode(&b, z, sizeof(z)) == ny);
	CHECK(memcmp(y, z, ny) == 0);
	struct sky_text t;
	sky_text_init(&t, txt, sizeof(txt), r->index & 1);
	sky_text_begin(&t);
	sky_ast_format_record(r, &t);
	sky_text_end(&t);
	CHECK(!t.overflow);
}

static void on_reject(void *ctx, const struct sky_ast_error *e)
{
	(void)ctx;
	CHECK(e->reason > SKY_AST_OK && e->reason < SKY_AST_REJ_COUNT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (unsigned ed = 0; ed < SKY_CAT021_ED_COUNT; ed++) {
		struct sky_ast_editions eds = {0};
		eds.ed[21] = (uint8_t)ed;
		struct sky_ast_decoder d = {.editions = &eds, .on_record = on_record,
					    .on_reject = on_reject};
		struct sky_ast_block b;
		struct sky_ast_error e;
		size_t pos = 0;
		int rc;
		while ((rc = sky_ast_next_block(data, size, &pos, &b, &e)) > 0)
			if (b.cat == 21)
				sky_ast_decode_block(&d, data, &b);
	}
	return 0;
}
