/*
 * ast_block.h - data blocks: iterating the blocks of a datagram and writing
 * blocks when encoding.
 *
 * A datagram holds one or more data blocks back to back. The iterator checks
 * each header against what is left of the datagram; a header that cannot be
 * trusted (LEN below 3, LEN past the datagram, fewer than 3 bytes left) ends
 * the datagram with a named rejection, since the next block's start is then
 * unknowable.
 */
#ifndef SKY_AST_BLOCK_H
#define SKY_AST_BLOCK_H

#include "ast_core.h"

struct sky_ast_block {
	uint8_t cat;
	uint32_t offset;      /* of the block header in the datagram */
	const uint8_t *data;  /* first record */
	size_t len;           /* bytes of records (LEN - 3) */
};

/*
 * Next block of dg[0..len) starting at *pos. Returns 1 and fills b, 0 at the
 * end of the datagram, -1 with err filled (then *pos is set to len).
 */
int sky_ast_next_block(const uint8_t *dg, size_t len, size_t *pos,
		       struct sky_ast_block *b, struct sky_ast_error *err);

/* Writing: a block is opened, records are appended, the block is closed. */
struct sky_ast_writer {
	uint8_t *buf;
	size_t cap;
	size_t len;       /* bytes written so far */
	size_t block_at;  /* offset of the open block's header */
	bool open;
};

void sky_ast_writer_init(struct sky_ast_writer *w, uint8_t *buf, size_t cap);
/* 0 or -ENOSPC. */
int sky_ast_block_open(struct sky_ast_writer *w, uint8_t cat);
/* Returns a pointer where up to *room bytes of record may be written. */
uint8_t *sky_ast_record_space(struct sky_ast_writer *w, size_t *room);
void sky_ast_record_commit(struct sky_ast_writer *w, size_t n);
/* Patches LEN. Returns the block size or -EINVAL when no block is open. */
int sky_ast_block_close(struct sky_ast_writer *w);

/* Byte-level record builder used by the category encoders. */
struct sky_ast_rec_builder {
	uint8_t *buf;
	size_t cap;
	size_t len;
	uint8_t fspec[8];
	unsigned max_frn;
	bool overflow;
};

void sky_ast_rb_init(struct sky_ast_rec_builder *rb, uint8_t *buf, size_t cap);
/* Reserve space for an item of FRN frn (items must come in FRN order). */
uint8_t *sky_ast_rb_item(struct sky_ast_rec_builder *rb, unsigned frn, size_t n);
/* Move the items behind the FSPEC; returns the record size or 0 on overflow. */
size_t sky_ast_rb_finish(struct sky_ast_rec_builder *rb);

static inline void sky_wr16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void sky_wr24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 16); p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)v;
}
static inline void sky_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

#endif
