/*
 * ast_core.h - the category-independent core of the ASTERIX codec.
 *
 * ASTERIX (EUROCONTROL) packs records into data blocks: CAT (1 byte), LEN
 * (2 bytes, big endian, including these 3), then records. A record starts
 * with an FSPEC (bitmap of present items, FX-extended) and carries the items
 * in UAP order. Every category is described here by a table of item
 * descriptors (one per FRN); one generic walker uses that table to locate
 * every item of a record in place, bounds-checked, without copying the
 * payload. Category decoders then read the fields they need from the located
 * items. Everything is plain C: no DPDK, no I/O, no allocation.
 *
 * Errors are values: every rejection names its reason (an X-macro list
 * below), the byte offset in the datagram, the category, the record index in
 * its block and the item (FRN and name) where it happened.
 */
#ifndef SKY_AST_CORE_H
#define SKY_AST_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reasons a datagram, block or record is rejected: name, description. */
#define SKY_AST_FOREACH_REJECT(_)                                              \
	_(BLOCK_TRUNCATED, "fewer than 3 bytes left for a data block header")   \
	_(BLOCK_LEN_TOO_SMALL, "block LEN below 3 (zero-length block)")         \
	_(BLOCK_LEN_PAST_DATAGRAM, "block LEN runs past the end of the datagram") \
	_(UNKNOWN_CATEGORY, "category not decoded here, skipped by its LEN")    \
	_(FSPEC_PAST_BLOCK, "FSPEC extends past the end of the block")          \
	_(FSPEC_TOO_LONG, "FSPEC has more octets than the UAP defines")         \
	_(EMPTY_RECORD, "FSPEC announces no item")                              \
	_(UNDEFINED_ITEM, "FSPEC sets an FRN the UAP does not define (size unknown)") \
	_(ITEM_PAST_BLOCK, "item extends past the end of the block")            \
	_(REPETITION_PAST_BLOCK, "repetition count runs past the end of the block") \
	_(EXPLICIT_LEN_INVALID, "explicit item length is zero or runs past the block") \
	_(COMPOUND_INVALID, "compound item announces an undefined subfield")    \
	_(MISSING_MANDATORY, "a mandatory item is absent")                      \
	_(VALUE_INVALID, "an item holds a value its definition forbids")        \
	_(ENCODE_NO_ROOM, "output buffer too small for the encoded record")

enum sky_ast_reject {
	SKY_AST_OK = 0,
#define SKY_AST_REJECT_ENUM(n, d) SKY_AST_REJ_##n,
	SKY_AST_FOREACH_REJECT(SKY_AST_REJECT_ENUM)
#undef SKY_AST_REJECT_ENUM
	SKY_AST_REJ_COUNT
};

const char *sky_ast_reject_name(enum sky_ast_reject r);
const char *sky_ast_reject_desc(enum sky_ast_reject r);

/* How the size of an item is determined. */
enum sky_ast_item_kind {
	SKY_AST_ITEM_NONE = 0, /* FRN not defined (spare): size unknown */
	SKY_AST_ITEM_FIXED,    /* len bytes */
	SKY_AST_ITEM_EXTENDED, /* len bytes, then ext bytes while FX (bit 1) set */
	SKY_AST_ITEM_REP,      /* 1-byte REP, then REP * len bytes */
	SKY_AST_ITEM_REP_FX,   /* groups of len bytes while FX (bit 1) set */
	SKY_AST_ITEM_EXPLICIT, /* 1-byte LEN including itself (also SP, RE) */
	SKY_AST_ITEM_COMPOUND, /* FX-extended subfield bitmap, then subitems */
};

struct sky_ast_item_desc {
	const char *name;       /* "I048/010", "SP" ... */
	uint8_t kind;           /* enum sky_ast_item_kind */
	uint8_t len;            /* FIXED/EXTENDED first part, REP element size */
	uint8_t ext;            /* EXTENDED extension size */
	uint8_t n_sub;          /* COMPOUND: number of subfield descriptors */
	const struct sky_ast_item_desc *sub; /* COMPOUND: subfields, index 0 = bit 8 */
};

/* A category's UAP: FRN 1..n_frn in items[0..n_frn-1]. */
struct sky_ast_uap {
	uint8_t cat;
	const char *edition;   /* "1.31" */
	uint8_t n_frn;
	const struct sky_ast_item_desc *items;
};

#define SKY_AST_MAX_FRN 64

/* Items of one record, located in place. off/len valid where bit FRN-1 set. */
struct sky_ast_record_items {
	uint64_t present;               /* bit (frn - 1) */
	const uint8_t *base;            /* record start */
	uint16_t size;                  /* whole record, FSPEC included */
	uint16_t off[SKY_AST_MAX_FRN];  /* offset of item from record start */
	uint16_t len[SKY_AST_MAX_FRN];
};

/* Where and why something was rejected. */
struct sky_ast_error {
	enum sky_ast_reject reason;
	uint32_t offset;      /* byte offset in the datagram (or buffer) */
	uint8_t cat;
	uint16_t record;      /* record index within its block, 0-based */
	uint8_t frn;          /* item FRN, 0 when not item-specific */
	const char *item;     /* item name or NULL */
};

static inline bool sky_ast_has(const struct sky_ast_record_items *it, unsigned frn)
{
	return (it->present >> (frn - 1)) & 1u;
}

static inline const uint8_t *sky_ast_item(const struct sky_ast_record_items *it,
					  unsigned frn)
{
	return it->base + it->off[frn - 1];
}

/*
 * Locate every item of the record at rec (at most avail bytes, the rest of
 * the block). Returns the record size (> 0) or 0 with err->reason, err->frn
 * and err->item set (err->offset relative to rec).
 */
size_t sky_ast_walk_record(const struct sky_ast_uap *uap, const uint8_t *rec,
			   size_t avail, struct sky_ast_record_items *out,
			   struct sky_ast_error *err);

/*
 * Size of one item of the given descriptor at p (at most avail bytes).
 * Returns the size or 0 with *why set.
 */
size_t sky_ast_item_size(const struct sky_ast_item_desc *d, const uint8_t *p,
			 size_t avail, enum sky_ast_reject *why);

/* Subfields of a compound item located in place (index = subfield number). */
#define SKY_AST_MAX_SUB 32
struct sky_ast_compound {
	uint32_t present;                /* bit i: subfield i present */
	const uint8_t *base;
	uint16_t off[SKY_AST_MAX_SUB];
	uint16_t len[SKY_AST_MAX_SUB];
};

/* Locate the subfields of a compound item already bounded by len. 0 or reason. */
enum sky_ast_reject sky_ast_compound_walk(const struct sky_ast_item_desc *d,
					  const uint8_t *p, size_t len,
					  struct sky_ast_compound *out);

static inline bool sky_ast_sub_has(const struct sky_ast_compound *c, unsigned i)
{
	return (c->present >> i) & 1u;
}

/*
 * SAC/SIC of the record at rec without decoding it: FRN 1 is the data
 * source identifier (I0xx/010) in every category decoded here, so the
 * sensor, and with it the edition to decode with, is known first.
 * 0, or -1 when the record does not start with FRN 1 within avail.
 */
int sky_ast_peek_sac_sic(const uint8_t *rec, size_t avail, uint8_t *sac, uint8_t *sic);

/* Big-endian readers and signed helpers for item fields. */
static inline uint32_t sky_rd16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static inline uint32_t sky_rd24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}
static inline uint32_t sky_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
/* Sign-extend the low `bits` bits of v. */
static inline int32_t sky_sext(uint32_t v, unsigned bits)
{
	uint32_t m = 1u << (bits - 1);
	v &= (bits == 32) ? 0xffffffffu : ((1u << bits) - 1u);
	return (int32_t)((v ^ m) - m);
}

/* ICAO 6-bit character set (callsigns, I048/240, I021/170, I062/245). */
void sky_ast_icao6_decode(const uint8_t p[6], char out[9]);
void sky_ast_icao6_encode(const char *in, uint8_t p[6]);

/* Code of each character XOR 32 (so 0 is a space), and 8 spaces' codes. */
extern const uint8_t sky_ast_icao6_code[256];
#define SKY_AST_ICAO6_SPACES 0x820820820820ull

/*
 * sky_ast_icao6_encode as a 48-bit word (first character in bits 47..42)
 * for a field whose 8 characters are all readable (a char[9] field): the 8
 * are read as one little-endian word and the bytes from the first NUL on
 * cleared (the lowest zero byte is the lowest bit 7 of the classic
 * has-zero-byte mask) before the look-ups.
 */
static inline uint64_t sky_ast_icao6_pack8(const char in[8])
{
	_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "in[0] in the low byte");
	uint64_t c;
	__builtin_memcpy(&c, in, 8);
	uint64_t z = (c - 0x0101010101010101ull) & ~c & 0x8080808080808080ull;
	c &= (z & -z) - 1u;
#define SKY_AST_ICAO6_AT(i) \
	((uint64_t)sky_ast_icao6_code[(c >> (8 * (i))) & 0xff] << (42 - 6 * (i)))
	uint64_t v = SKY_AST_ICAO6_AT(0) | SKY_AST_ICAO6_AT(1) | SKY_AST_ICAO6_AT(2) |
		     SKY_AST_ICAO6_AT(3) | SKY_AST_ICAO6_AT(4) | SKY_AST_ICAO6_AT(5) |
		     SKY_AST_ICAO6_AT(6) | SKY_AST_ICAO6_AT(7);
#undef SKY_AST_ICAO6_AT
	return v ^ SKY_AST_ICAO6_SPACES;
}

#endif
