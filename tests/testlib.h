/*
 * testlib.h - helpers shared by the Criterion tests: temporary files,
 * running external tools (tshark) and reading their output, deterministic
 * random numbers, and the steps every ASTERIX category's tests repeat.
 *
 * The codec helpers take a category through `struct sky_test_codec` (its
 * registration, struct size and encoder behind a void pointer), so one
 * helper serves CAT001 to CAT062; what differs per category - the values,
 * the random records, tshark's quirks - stays in the category's test file.
 */
#ifndef SKY_TESTLIB_H
#define SKY_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast_record.h"

/* A fresh path under $TMPDIR (or /tmp) unique to this process and call. */
void sky_test_tmp_path(char *out, size_t n, const char *suffix);

/*
 * Run a shell command and capture its stdout into a malloc'ed NUL-terminated
 * buffer (*out); returns the exit status or -1.
 */
int sky_test_run_capture(const char *cmd, char **out);

/*
 * Start argv[0] with stdout and stderr sent to the files out and err. The
 * child gets SIGTERM (skyfuse drains and exits) when the test process dies
 * first, so a failed assertion never leaves a pipeline running.
 */
int sky_test_spawn(const char *const *argv, const char *out, const char *err);

/*
 * Exit status of a child (128 + signal when killed by one); -1 after
 * killing a child still running when `seconds` ran out.
 */
int sky_test_wait_limit(int pid, double seconds);

/* A whole file as a malloc'ed NUL-terminated string, NULL when unreadable. */
char *sky_test_slurp(const char *path);

/* True when the executable is on PATH. */
int sky_test_have_tool(const char *name);

/* Skip the running test (cr_skip_test) when the executable is not on PATH. */
void sky_test_require_tool(const char *name);

/* splitmix64: deterministic, seedable, good enough for property tests. */
static inline uint64_t sky_test_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint32_t sky_test_rand_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(sky_test_rand(s) % n);
}

/* 0..8 characters of the ICAO set, never ending in a space (decoders trim). */
void sky_test_rand_callsign(uint64_t *s, char out[9]);

/* An FX list: *n = 1..max values of 7 bits each into v. */
void sky_test_rand_list(uint64_t *s, uint8_t *n, uint8_t *v, unsigned max);

/* Fill buf with random bytes. */
void sky_test_rand_bytes(uint64_t *s, uint8_t *buf, size_t len);

/* ---- ASTERIX codec tests ------------------------------------------------ */

/* One category's codec as the helpers below take it. */
struct sky_test_codec {
	const struct sky_ast_category *category; /* number, editions, decoder */
	size_t size;                             /* sizeof(struct sky_catNNN) */
	size_t (*encode)(const void *rec, uint8_t *buf, size_t cap);
};

/* Defines `codec_NNN` for category NNN (three digits, e.g. 048). */
#define SKY_TEST_CODEC(nnn)                                                        \
	static size_t sky_test_encode_##nnn(const void *rec, uint8_t *buf, size_t cap) \
	{                                                                          \
		return sky_cat##nnn##_encode(rec, buf, cap);                       \
	}                                                                          \
	static const struct sky_test_codec codec_##nnn = {                         \
		&sky_cat##nnn##_category, sizeof(struct sky_cat##nnn), sky_test_encode_##nnn}

/* fn(bytes, sizeof(bytes)) for a byte vector written inline. */
#define SKY_TEST_BYTES(fn, ...)                                                    \
	({                                                                         \
		static const uint8_t v_[] = {__VA_ARGS__};                         \
		fn(v_, sizeof(v_));                                                \
	})

/*
 * Decode a copy of the len bytes at v placed in a heap block of exactly len
 * bytes, so the sanitizer build reports any read past the record. err is
 * cleared first (reason SKY_AST_OK); out is not. The copy is freed before
 * returning: pointers the decoder set into the record (SP, RE, MB data)
 * dangle and must not be followed.
 */
size_t sky_test_decode_heap(const struct sky_test_codec *c, unsigned edition, const uint8_t *v,
			    size_t len, void *out, struct sky_ast_error *err);

/* Any offset: sky_test_expect_reject does not check it. */
#define SKY_TEST_ANY_OFFSET UINT32_MAX

/*
 * Expect a decode that returned `got` with error e to have been refused with
 * size n (0: not delimited), reason why, FRN frn, item (NULL: none) and
 * offset; `what` names the case in the messages.
 */
void sky_test_expect_reject(const char *what, size_t got, const struct sky_ast_error *e,
			    size_t n, enum sky_ast_reject why, unsigned frn, const char *item,
			    uint32_t offset);

/*
 * Encode a into buf (cap bytes), move the record to the end of buf (so a
 * read past it leaves buf: the sanitizer build sees it) and decode it from
 * there into b, which is not cleared first. Asserts the encoder wrote
 * something and the decoder accepted exactly those bytes (record i in the
 * messages). Returns the size n; the record is at buf + cap - n.
 */
size_t sky_test_round_trip(const struct sky_test_codec *c, unsigned edition, const void *a,
			   void *b, uint8_t *buf, size_t cap, unsigned i);

/*
 * Write the n records at recs (c->size bytes apart) as one block into dg
 * (cap bytes); at[i] and len[i] (either may be NULL) get each record's
 * offset in dg and size. Asserts everything fit; returns the block length.
 */
size_t sky_test_write_block(const struct sky_test_codec *c, uint8_t *dg, size_t cap,
			    const void *recs, unsigned n, size_t *at, size_t *len);

/* What the datagram decoder handed out (see sky_test_decode_datagram). */
#define SKY_TEST_SEEN_MAX 64
#define SKY_TEST_SEEN_REJ 8
struct sky_test_seen {
	uint8_t cat;                               /* the category expected, 0: any */
	unsigned n;                                /* records accepted */
	const uint8_t *raw[SKY_TEST_SEEN_MAX];     /* their bytes, in the datagram */
	uint16_t raw_len[SKY_TEST_SEEN_MAX];
	/* Copies of the decoder's scratch record: fields of absent items may
	 * be left over from an earlier record. */
	union sky_ast_any rec[SKY_TEST_SEEN_MAX];
	unsigned rejects;
	struct sky_ast_error rej[SKY_TEST_SEEN_REJ]; /* the first rejections */
	struct sky_ast_error last;                 /* the last one */
	struct sky_ast_decode_stats stats;
};

/*
 * Decode the datagram (editions NULL: the defaults) into *s, cleared first;
 * every accepted record must be of category cat (0: any). Returns what
 * sky_ast_decode_datagram returns.
 */
unsigned sky_test_decode_datagram(const uint8_t *dg, size_t len,
				  const struct sky_ast_editions *eds, uint8_t cat,
				  struct sky_test_seen *s);

/*
 * Write the n records at recs as one block into dg (cap bytes), decode it
 * with the category's edition `edition` into *s and assert every record was
 * accepted and handed out with its raw bytes where the writer put them.
 */
void sky_test_datagram_round_trip(const struct sky_test_codec *c, unsigned edition,
				  const void *recs, unsigned n, uint8_t *dg, size_t cap,
				  struct sky_test_seen *s);

/* Write the n records at recs as a pcap, one per UDP datagram to port 8600. */
void sky_test_write_records_pcap(const char *path, const struct sky_test_codec *c,
				 const void *recs, unsigned n);

/* ---- tshark as the independent decoder ---------------------------------- */

/* The fields a tshark comparison asks for, in column order. */
struct sky_test_tshark {
	const char *opts;   /* extra tshark options, e.g. an edition; NULL: none */
	unsigned n_fields;
	size_t len;
	char args[32768];   /* " -e <field>" for each field */
};

void sky_test_tshark_field(struct sky_test_tshark *q, const char *prefix, const char *name);

/* One line of tshark's output, split at tabs: cols[k] is field k's column. */
typedef void (*sky_test_row_fn)(void *ctx, unsigned row, char **cols);

/*
 * Run tshark -T fields on the pcap (UDP 8600 decoded as ASTERIX, every
 * occurrence of a field joined by ','), assert it prints n_rows lines of
 * exactly q->n_fields columns and hand each line to row().
 */
void sky_test_tshark_fields(const struct sky_test_tshark *q, const char *pcap, unsigned n_rows,
			    sky_test_row_fn row, void *ctx);

/* Expect tshark to find nothing malformed and no warning in the pcap. */
void sky_test_tshark_clean(const char *pcap, const char *opts);

/*
 * The whole comparison: skip when tshark is absent, write the n records at
 * recs to a temporary pcap, check every line with row(ctx, ...), check that
 * tshark flags nothing, remove the pcap.
 */
void sky_test_tshark_compare(const struct sky_test_tshark *q, const struct sky_test_codec *c,
			     const void *recs, unsigned n, sky_test_row_fn row, void *ctx);

/*
 * Expect a tshark column (values joined by ',', empty when the field is
 * absent; decimal or 0x hex) to hold exactly the n values want[], each
 * within tol * (1 + |want|).
 */
void sky_test_expect_values(const char *field, unsigned row, const char *col, const double *want,
			    unsigned n, double tol);

/* Drop trailing spaces (tshark pads ICAO callsigns to 8 characters). */
void sky_test_trim_right(char *s);

#endif
