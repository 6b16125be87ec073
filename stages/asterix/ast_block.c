/*
 * ast_block.c - data block iteration and the block/record writers.
 *
 * The record builder writes items into the buffer behind a gap of 8 bytes
 * (the longest FSPEC we emit) and then moves them left behind the FSPEC
 * actually needed; one memmove per record keeps encoders simple and exact.
 */
#include <errno.h>
#include <string.h>

#include "ast_block.h"

static int block_fail(struct sky_ast_error *err, enum sky_ast_reject why,
		      size_t at, uint8_t cat, size_t *pos, size_t len)
{
	err->reason = why;
	err->offset = (uint32_t)at;
	err->cat = cat;
	err->record = 0;
	err->frn = 0;
	err->item = NULL;
	*pos = len;
	return -1;
}

int sky_ast_next_block(const uint8_t *dg, size_t len, size_t *pos,
		       struct sky_ast_block *b, struct sky_ast_error *err)
{
	size_t at = *pos;
	if (at >= len)
		return 0;
	if (len - at < 3)
		return block_fail(err, SKY_AST_REJ_BLOCK_TRUNCATED, at, dg[at], pos, len);
	size_t blen = sky_rd16(dg + at + 1);
	if (blen < 3)
		return block_fail(err, SKY_AST_REJ_BLOCK_LEN_TOO_SMALL, at, dg[at], pos, len);
	if (blen > len - at)
		return block_fail(err, SKY_AST_REJ_BLOCK_LEN_PAST_DATAGRAM, at, dg[at], pos, len);
	b->cat = dg[at];
	b->offset = (uint32_t)at;
	b->data = dg + at + 3;
	b->len = blen - 3;
	*pos = at + blen;
	return 1;
}

void sky_ast_writer_init(struct sky_ast_writer *w, uint8_t *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->block_at = 0;
	w->open = false;
}

int sky_ast_block_open(struct sky_ast_writer *w, uint8_t cat)
{
	if (w->cap - w->len < 3)
		return -ENOSPC;
	w->block_at = w->len;
	w->buf[w->len] = cat;
	w->len += 3;
	w->open = true;
	return 0;
}

uint8_t *sky_ast_record_space(struct sky_ast_writer *w, size_t *room)
{
	size_t left = w->cap - w->len;
	size_t max_block = 0xffff - (w->len - w->block_at);
	*room = left < max_block ? left : max_block;
	return w->buf + w->len;
}

void sky_ast_record_commit(struct sky_ast_writer *w, size_t n)
{
	w->len += n;
}

int sky_ast_block_close(struct sky_ast_writer *w)
{
	if (!w->open)
		return -EINVAL;
	size_t n = w->len - w->block_at;
	sky_wr16(w->buf + w->block_at + 1, (uint32_t)n);
	w->open = false;
	return (int)n;
}

#define RB_GAP 8

void sky_ast_rb_init(struct sky_ast_rec_builder *rb, uint8_t *buf, size_t cap)
{
	rb->buf = buf;
	rb->cap = cap;
	rb->len = RB_GAP;
	memset(rb->fspec, 0, sizeof(rb->fspec));
	rb->max_frn = 0;
	rb->overflow = cap < RB_GAP;
}

uint8_t *sky_ast_rb_item(struct sky_ast_rec_builder *rb, unsigned frn, size_t n)
{
	static __thread uint8_t sink[256]; /* per thread: concurrent encoders never share it */
	if (rb->overflow || frn == 0 || frn > 56 || rb->cap - rb->len < n ||
	    n > sizeof(sink)) {
		rb->overflow = true;
		return sink; /* writes go nowhere; finish reports the overflow */
	}
	rb->fspec[(frn - 1) / 7] |= (uint8_t)(0x80u >> ((frn - 1) % 7));
	if (frn > rb->max_frn)
		rb->max_frn = frn;
	uint8_t *p = rb->buf + rb->len;
	rb->len += n;
	return p;
}

size_t sky_ast_rb_finish(struct sky_ast_rec_builder *rb)
{
	if (rb->overflow || rb->max_frn == 0)
		return 0;
	unsigned nfs = (rb->max_frn + 6) / 7;
	for (unsigned i = 0; i + 1 < nfs; i++)
		rb->fspec[i] |= 1u;
	size_t items = rb->len - RB_GAP;
	memmove(rb->buf + nfs, rb->buf + RB_GAP, items);
	memcpy(rb->buf, rb->fspec, nfs);
	return nfs + items;
}
