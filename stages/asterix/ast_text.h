/*
 * ast_text.h - a fast append-only text buffer for human and JSON output of
 * decoded records.
 *
 * printf is the cost that dominates open-source decoders (100 000+
 * instructions a record, most of it formatting), so decoded values are
 * printed with integer arithmetic only: integers, fixed-point decimals with a
 * given number of places, escaped strings. The same calls produce "key=value"
 * text or JSON members, chosen once per buffer.
 */
#ifndef SKY_AST_TEXT_H
#define SKY_AST_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sky_text {
	char *buf;
	size_t len;
	size_t cap;
	bool json;      /* members as "key":value, else key=value */
	bool first;     /* no separator before the next member */
	bool overflow;  /* something did not fit; content is truncated */
};

void sky_text_init(struct sky_text *t, char *buf, size_t cap, bool json);
void sky_text_reset(struct sky_text *t);
void sky_text_raw(struct sky_text *t, const char *s, size_t n);
void sky_text_str(struct sky_text *t, const char *s);
void sky_text_char(struct sky_text *t, char c);

/* A top-level line: JSON object braces, or bare members; end adds '\n'. */
void sky_text_begin(struct sky_text *t);
void sky_text_end(struct sky_text *t);
/* A nested member object: key={...} in text, "key":{...} in JSON. */
void sky_text_obj_open(struct sky_text *t, const char *key);
void sky_text_obj_close(struct sky_text *t);
/* An array member; elements are members with a NULL key. */
void sky_text_arr_open(struct sky_text *t, const char *key);
void sky_text_arr_close(struct sky_text *t);

/* Members. Fixed-point: value v with `places` decimals, e.g. (12345, 2) = 123.45 */
void sky_text_kv_int(struct sky_text *t, const char *key, int64_t v);
void sky_text_kv_uint(struct sky_text *t, const char *key, uint64_t v);
void sky_text_kv_fixed(struct sky_text *t, const char *key, int64_t v, unsigned places);
/* Scaled: v * num / den printed with `places` decimals, rounded. */
void sky_text_kv_scaled(struct sky_text *t, const char *key, int64_t v,
			int64_t num, int64_t den, unsigned places);
void sky_text_kv_str(struct sky_text *t, const char *key, const char *s);
void sky_text_kv_hex(struct sky_text *t, const char *key, uint64_t v, unsigned digits);
/* Octal, for Mode 3/A codes: 4 digits. */
void sky_text_kv_oct4(struct sky_text *t, const char *key, uint32_t v);
void sky_text_kv_bool(struct sky_text *t, const char *key, bool v);

/* Low-level number writers (no key, no separator). */
void sky_text_int(struct sky_text *t, int64_t v);
void sky_text_fixed(struct sky_text *t, int64_t v, unsigned places);

#endif
