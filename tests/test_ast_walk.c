/*
 * test_ast_walk.c - the generic, table-driven record walker on a small
 * made-up UAP that has one item of every kind: sizes, offsets, and the
 * named rejection for every way an item's size can be unknowable.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ast_core.h"

static const struct sky_ast_item_desc sub[] = {
	{.name = "S1", .kind = SKY_AST_ITEM_FIXED, .len = 2},
	{.name = "S2", .kind = SKY_AST_ITEM_NONE},
	{.name = "S3", .kind = SKY_AST_ITEM_REP, .len = 3},
};

static const struct sky_ast_item_desc items[] = {
	{.name = "I999/010", .kind = SKY_AST_ITEM_FIXED, .len = 2},
	{.name = "I999/020", .kind = SKY_AST_ITEM_EXTENDED, .len = 1, .ext = 1},
	{.name = "I999/030", .kind = SKY_AST_ITEM_REP, .len = 2},
	{.name = "I999/040", .kind = SKY_AST_ITEM_REP_FX, .len = 1},
	{.name = "I999/050", .kind = SKY_AST_ITEM_EXPLICIT},
	{.name = "I999/060", .kind = SKY_AST_ITEM_COMPOUND, .n_sub = 3, .sub = sub},
	{.name = "spare", .kind = SKY_AST_ITEM_NONE},
	{.name = "I999/080", .kind = SKY_AST_ITEM_FIXED, .len = 1},
};

static const struct sky_ast_uap uap = {.cat = 199, .edition = "1.0", .n_frn = 8, .items = items};

/* Walk bytes copied to an exactly sized heap block (ASan sees overreads). */
static size_t walk(const uint8_t *bytes, size_t n, struct sky_ast_record_items *it,
		   struct sky_ast_error *err)
{
	uint8_t *p = malloc(n ? n : 1);
	memcpy(p, bytes, n);
	size_t r = sky_ast_walk_record(&uap, p, n, it, err);
	it->base = NULL;
	free(p);
	return r;
}

Test(ast_walk, locates_every_kind_of_item)
{
	/* FSPEC: FRN 1-6 set, FX; FRN 8 set */
	const uint8_t rec[] = {0xfd, 0x80,
			       0x01, 0x02,             /* 010 fixed 2 */
			       0x03, 0x04,             /* 020 extended 1 + 1 */
			       0x02, 1, 2, 3, 4,       /* 030 rep 2 x 2 */
			       0x11, 0x10,             /* 040 rep-fx 2 groups */
			       0x03, 0xaa, 0xbb,       /* 050 explicit 3 */
			       0xa0, 0x01, 0x02, 0x01, 7, 8, 9, /* 060: S1 + S3 */
			       0x55};                  /* 080 */
	struct sky_ast_record_items it;
	struct sky_ast_error err = {0};
	cr_assert_eq(walk(rec, sizeof(rec), &it, &err), sizeof(rec), "%s",
		     sky_ast_reject_name(err.reason));
	const uint16_t off[] = {2, 4, 6, 11, 13, 16, 0, 23};
	const uint16_t len[] = {2, 2, 5, 2, 3, 7, 0, 1};
	for (unsigned f = 1; f <= 8; f++) {
		if (f == 7) {
			cr_assert(!sky_ast_has(&it, f));
			continue;
		}
		cr_assert(sky_ast_has(&it, f), "FRN %u", f);
		cr_assert_eq(it.off[f - 1], off[f - 1], "FRN %u offset", f);
		cr_assert_eq(it.len[f - 1], len[f - 1], "FRN %u length", f);
	}
}

static void expect_reject(const uint8_t *rec, size_t n, enum sky_ast_reject why, unsigned frn)
{
	struct sky_ast_record_items it;
	struct sky_ast_error err = {0};
	cr_assert_eq(walk(rec, n, &it, &err), 0);
	cr_assert_eq(err.reason, why, "got %s, want %s", sky_ast_reject_name(err.reason),
		     sky_ast_reject_name(why));
	cr_assert_eq(err.frn, frn);
	if (frn && frn <= 8)
		cr_assert_str_eq(err.item, items[frn - 1].name);
}

Test(ast_walk, rejects_fspec_that_runs_past_the_block)
{
	const uint8_t rec[] = {0x81, 0x01};
	expect_reject(rec, sizeof(rec), SKY_AST_REJ_FSPEC_PAST_BLOCK, 0);
}

Test(ast_walk, rejects_fspec_longer_than_the_uap)
{
	const uint8_t rec[] = {0x81, 0x01, 0x80, 1, 2};
	expect_reject(rec, sizeof(rec), SKY_AST_REJ_FSPEC_TOO_LONG, 0);
}

Test(ast_walk, rejects_record_with_no_item)
{
	const uint8_t rec[] = {0x00};
	expect_reject(rec, sizeof(rec), SKY_AST_REJ_EMPTY_RECORD, 0);
}

Test(ast_walk, rejects_undefined_frn_because_its_size_is_unknown)
{
	/* FRN 7 (FSPEC octet 1, bit 2) is a spare in this UAP */
	const uint8_t frn7[] = {0x02, 0x00};
	expect_reject(frn7, sizeof(frn7), SKY_AST_REJ_UNDEFINED_ITEM, 7);
}

Test(ast_walk, rejects_fixed_and_extended_items_past_the_block)
{
	const uint8_t fixed[] = {0x80, 0x01};
	expect_reject(fixed, sizeof(fixed), SKY_AST_REJ_ITEM_PAST_BLOCK, 1);
	const uint8_t ext[] = {0x40, 0x03};
	expect_reject(ext, sizeof(ext), SKY_AST_REJ_ITEM_PAST_BLOCK, 2);
}

Test(ast_walk, rejects_repetition_count_beyond_the_buffer)
{
	const uint8_t rep[] = {0x20, 0x05, 1, 2, 3};
	expect_reject(rep, sizeof(rep), SKY_AST_REJ_REPETITION_PAST_BLOCK, 3);
	const uint8_t repfx[] = {0x10, 0x01, 0x01};
	expect_reject(repfx, sizeof(repfx), SKY_AST_REJ_REPETITION_PAST_BLOCK, 4);
}

Test(ast_walk, rejects_explicit_length_zero_or_too_long)
{
	const uint8_t zero[] = {0x08, 0x00};
	expect_reject(zero, sizeof(zero), SKY_AST_REJ_EXPLICIT_LEN_INVALID, 5);
	const uint8_t longer[] = {0x08, 0x09, 1, 2};
	expect_reject(longer, sizeof(longer), SKY_AST_REJ_EXPLICIT_LEN_INVALID, 5);
}

Test(ast_walk, rejects_compound_with_undefined_subfield)
{
	const uint8_t rec[] = {0x04, 0x40, 1, 2};
	expect_reject(rec, sizeof(rec), SKY_AST_REJ_COMPOUND_INVALID, 6);
}

Test(ast_walk, compound_walk_locates_subfields)
{
	const uint8_t item[] = {0xa0, 0x01, 0x02, 0x01, 7, 8, 9};
	struct sky_ast_compound c;
	cr_assert_eq(sky_ast_compound_walk(&items[5], item, sizeof(item), &c), SKY_AST_OK);
	cr_assert(sky_ast_sub_has(&c, 0) && !sky_ast_sub_has(&c, 1) && sky_ast_sub_has(&c, 2));
	cr_assert_eq(c.off[0], 1);
	cr_assert_eq(c.off[2], 3);
	cr_assert_eq(c.len[2], 4);
}

Test(ast_walk, every_prefix_of_a_valid_record_is_rejected_without_overread)
{
	const uint8_t rec[] = {0xfd, 0x80, 0x01, 0x02, 0x03, 0x04, 0x02, 1, 2, 3, 4, 0x11, 0x10,
			       0x03, 0xaa, 0xbb, 0xa0, 0x01, 0x02, 0x01, 7, 8, 9, 0x55};
	for (size_t n = 0; n < sizeof(rec); n++) {
		struct sky_ast_record_items it;
		struct sky_ast_error err = {0};
		cr_assert_eq(walk(rec, n, &it, &err), 0, "prefix %zu accepted", n);
		cr_assert_neq(err.reason, SKY_AST_OK);
	}
}

Test(ast_walk, peeks_sac_sic_before_decoding)
{
	const uint8_t rec[] = {0x81, 0x00, 25, 11};
	uint8_t sac, sic;
	cr_assert_eq(sky_ast_peek_sac_sic(rec, sizeof(rec), &sac, &sic), 0);
	cr_assert_eq(sac, 25);
	cr_assert_eq(sic, 11);
	const uint8_t no010[] = {0x40, 1};
	cr_assert_eq(sky_ast_peek_sac_sic(no010, sizeof(no010), &sac, &sic), -1);
}
