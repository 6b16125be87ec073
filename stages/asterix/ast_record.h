/*
 * ast_record.h - one decoded record of any category, and the datagram
 * decoder that produces them.
 *
 * sky_ast_decode_datagram walks every block and record of a datagram, decodes
 * each record with its category's decoder (edition chosen by the caller per
 * category) and hands accepted records and rejections to callbacks. The
 * decoded record points at its raw bytes inside the datagram (no copy), so a
 * caller can relay or journal exactly what arrived.
 */
#ifndef SKY_AST_RECORD_H
#define SKY_AST_RECORD_H

#include "ast_block.h"
#include "ast_category.h"
#include "cat001.h"
#include "cat002.h"
#include "cat021.h"
#include "cat034.h"
#include "cat048.h"
#include "cat062.h"

union sky_ast_any {
	struct sky_cat001 c001;
	struct sky_cat002 c002;
	struct sky_cat021 c021;
	struct sky_cat034 c034;
	struct sky_cat048 c048;
	struct sky_cat062 c062;
};

struct sky_ast_record {
	uint8_t cat;
	uint8_t edition;
	uint16_t index;        /* record index within its block */
	uint32_t offset;       /* of the record in the datagram */
	const uint8_t *raw;    /* the record's bytes, in the datagram */
	uint16_t raw_len;
	const struct sky_ast_category *category;
	union sky_ast_any u;
};

/* Edition index per category (0 = newest, the default). */
struct sky_ast_editions {
	uint8_t ed[256];
};

struct sky_ast_decode_stats {
	uint64_t datagrams;
	uint64_t blocks;
	uint64_t records;                       /* accepted */
	uint64_t records_by_cat[256];
	uint64_t rejects[SKY_AST_REJ_COUNT];    /* by reason */
};

typedef void (*sky_ast_record_cb)(void *ctx, const struct sky_ast_record *r);
typedef void (*sky_ast_reject_cb)(void *ctx, const struct sky_ast_error *e);

struct sky_ast_decoder {
	const struct sky_ast_editions *editions; /* NULL: all defaults */
	sky_ast_record_cb on_record;
	sky_ast_reject_cb on_reject;             /* may be NULL */
	void *ctx;
	struct sky_ast_decode_stats *stats;      /* may be NULL */
	struct sky_ast_record rec;               /* scratch, reused per record */
};

/* Decode a whole datagram; returns the number of accepted records. */
unsigned sky_ast_decode_datagram(struct sky_ast_decoder *d, const uint8_t *dg,
				 size_t len);

/* Decode the records of one block (used by the datagram decoder). */
unsigned sky_ast_decode_block(struct sky_ast_decoder *d, const uint8_t *dg,
			      const struct sky_ast_block *b);

/* Append a decoded record's members (the caller opens and closes the object). */
void sky_ast_format_record(const struct sky_ast_record *r, struct sky_text *t);
/* Append a rejection's members the same way. */
void sky_ast_format_reject(const struct sky_ast_error *e, struct sky_text *t);

#endif
