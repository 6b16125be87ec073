/*
 * test_ast_block.c - data blocks: iterating the blocks of a datagram with a
 * named rejection for every untrustworthy header, and writing blocks and
 * records (FSPEC built from the items written).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "ast_block.h"

Test(ast_block, iterates_several_blocks_of_a_datagram)
{
	const uint8_t dg[] = {48, 0, 5, 0xaa, 0xbb, 34, 0, 4, 0xcc};
	size_t pos = 0;
	struct sky_ast_block b;
	struct sky_ast_error e;
	cr_assert_eq(sky_ast_next_block(dg, sizeof(dg), &pos, &b, &e), 1);
	cr_assert_eq(b.cat, 48);
	cr_assert_eq(b.len, 2);
	cr_assert_eq(b.offset, 0);
	cr_assert_eq(sky_ast_next_block(dg, sizeof(dg), &pos, &b, &e), 1);
	cr_assert_eq(b.cat, 34);
	cr_assert_eq(b.offset, 5);
	cr_assert_eq(b.data, dg + 8);
	cr_assert_eq(sky_ast_next_block(dg, sizeof(dg), &pos, &b, &e), 0);
}

static void expect_block_reject(const uint8_t *dg, size_t n, enum sky_ast_reject why,
				uint32_t at)
{
	size_t pos = 0;
	struct sky_ast_block b;
	struct sky_ast_error e;
	int rc;
	while ((rc = sky_ast_next_block(dg, n, &pos, &b, &e)) == 1)
		;
	cr_assert_eq(rc, -1);
	cr_assert_eq(e.reason, why, "%s", sky_ast_reject_name(e.reason));
	cr_assert_eq(e.offset, at);
	cr_assert_eq(pos, n, "the rest of the datagram is consumed");
}

Test(ast_block, rejects_zero_length_block)
{
	const uint8_t dg[] = {48, 0, 0, 1, 2};
	expect_block_reject(dg, sizeof(dg), SKY_AST_REJ_BLOCK_LEN_TOO_SMALL, 0);
}

Test(ast_block, rejects_len_that_disagrees_with_the_datagram)
{
	const uint8_t dg[] = {48, 0, 9, 1, 2};
	expect_block_reject(dg, sizeof(dg), SKY_AST_REJ_BLOCK_LEN_PAST_DATAGRAM, 0);
}

Test(ast_block, rejects_trailing_garbage_after_the_last_block)
{
	const uint8_t dg[] = {48, 0, 4, 0x00, 0xde, 0xad};
	expect_block_reject(dg, sizeof(dg), SKY_AST_REJ_BLOCK_TRUNCATED, 4);
}

Test(ast_block, writer_patches_len_and_builder_sets_fspec_with_fx)
{
	uint8_t buf[64];
	struct sky_ast_writer w;
	sky_ast_writer_init(&w, buf, sizeof(buf));
	cr_assert_eq(sky_ast_block_open(&w, 62), 0);
	size_t room;
	uint8_t *at = sky_ast_record_space(&w, &room);
	struct sky_ast_rec_builder rb;
	sky_ast_rb_init(&rb, at, room);
	uint8_t *p = sky_ast_rb_item(&rb, 1, 2);
	p[0] = 0x11, p[1] = 0x22;
	p = sky_ast_rb_item(&rb, 9, 1);
	p[0] = 0x33;
	size_t n = sky_ast_rb_finish(&rb);
	cr_assert_eq(n, 5);
	sky_ast_record_commit(&w, n);
	cr_assert_eq(sky_ast_block_close(&w), 8);
	const uint8_t want[] = {62, 0, 8, 0x81, 0x40, 0x11, 0x22, 0x33};
	cr_assert_arr_eq(buf, want, sizeof(want));
}

Test(ast_block, builder_reports_overflow_instead_of_writing_past_the_buffer)
{
	uint8_t buf[10];
	struct sky_ast_rec_builder rb;
	sky_ast_rb_init(&rb, buf, sizeof(buf));
	sky_ast_rb_item(&rb, 1, 2);
	sky_ast_rb_item(&rb, 2, 4);
	cr_assert_eq(sky_ast_rb_finish(&rb), 0);
}

Test(ast_block, closing_a_block_that_is_not_open_is_an_error)
{
	uint8_t buf[8];
	struct sky_ast_writer w;
	sky_ast_writer_init(&w, buf, sizeof(buf));
	cr_assert_eq(sky_ast_block_close(&w), -EINVAL);
	sky_ast_writer_init(&w, buf, 2);
	cr_assert_eq(sky_ast_block_open(&w, 48), -ENOSPC);
}
