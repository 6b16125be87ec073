/*
 * ast_text.c - integer-only formatting into an append buffer (see ast_text.h).
 */
#include <string.h>

#include "ast_text.h"

void sky_text_init(struct sky_text *t, char *buf, size_t cap, bool json)
{
	t->buf = buf;
	t->cap = cap;
	t->json = json;
	sky_text_reset(t);
}

void sky_text_reset(struct sky_text *t)
{
	t->len = 0;
	t->first = true;
	t->overflow = false;
	if (t->cap)
		t->buf[0] = '\0';
}

void sky_text_raw(struct sky_text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->overflow = true;
		return;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

void sky_text_char(struct sky_text *t, char c)
{
	sky_text_raw(t, &c, 1);
}

static void text_escaped(struct sky_text *t, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			sky_text_raw(t, e, 2);
		} else if (c < 0x20 || c >= 0x7f) {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			sky_text_raw(t, e, 6);
		} else {
			sky_text_char(t, (char)c);
		}
	}
}

void sky_text_str(struct sky_text *t, const char *s)
{
	sky_text_raw(t, s, strlen(s));
}

static void text_uint(struct sky_text *t, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sky_text_raw(t, tmp + sizeof(tmp) - n, (size_t)n);
}

void sky_text_int(struct sky_text *t, int64_t v)
{
	if (v < 0) {
		sky_text_char(t, '-');
		text_uint(t, (uint64_t)0 - (uint64_t)v);
	} else {
		text_uint(t, (uint64_t)v);
	}
}

void sky_text_fixed(struct sky_text *t, int64_t v, unsigned places)
{
	static const uint64_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000,
				       10000000, 100000000, 1000000000};
	if (places > 9)
		places = 9;
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	if (v < 0)
		sky_text_char(t, '-');
	text_uint(t, m / p10[places]);
	if (places == 0)
		return;
	char frac[10];
	uint64_t f = m % p10[places];
	for (int i = (int)places - 1; i >= 0; i--) {
		frac[i] = (char)('0' + f % 10);
		f /= 10;
	}
	sky_text_char(t, '.');
	sky_text_raw(t, frac, places);
}

static void text_key(struct sky_text *t, const char *key)
{
	if (!t->first)
		sky_text_raw(t, t->json ? "," : " ", 1);
	t->first = false;
	if (!key)
		return;
	if (t->json) {
		sky_text_char(t, '"');
		sky_text_str(t, key);
		sky_text_raw(t, "\":", 2);
	} else {
		sky_text_str(t, key);
		sky_text_char(t, '=');
	}
}

void sky_text_obj_open(struct sky_text *t, const char *key)
{
	text_key(t, key);
	sky_text_char(t, '{');
	t->first = true;
}

void sky_text_begin(struct sky_text *t)
{
	t->first = true;
	if (t->json)
		sky_text_char(t, '{');
}

void sky_text_end(struct sky_text *t)
{
	if (t->json)
		sky_text_char(t, '}');
	sky_text_char(t, '\n');
	t->first = true;
}

void sky_text_obj_close(struct sky_text *t)
{
	sky_text_char(t, '}');
	t->first = false;
}

void sky_text_kv_int(struct sky_text *t, const char *key, int64_t v)
{
	text_key(t, key);
	sky_text_int(t, v);
}

void sky_text_kv_uint(struct sky_text *t, const char *key, uint64_t v)
{
	text_key(t, key);
	text_uint(t, v);
}

void sky_text_kv_fixed(struct sky_text *t, const char *key, int64_t v, unsigned places)
{
	text_key(t, key);
	sky_text_fixed(t, v, places);
}

void sky_text_kv_scaled(struct sky_text *t, const char *key, int64_t v,
			int64_t num, int64_t den, unsigned places)
{
	static const int64_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000,
				      10000000, 100000000, 1000000000};
	if (places > 9)
		places = 9;
	__int128 x = (__int128)v * num * p10[places];
	__int128 q = x / den, r = x % den;
	if (2 * (r < 0 ? -r : r) >= (den < 0 ? -den : den))
		q += ((x < 0) != (den < 0)) ? -1 : 1;
	sky_text_kv_fixed(t, key, (int64_t)q, places);
}

void sky_text_kv_str(struct sky_text *t, const char *key, const char *s)
{
	text_key(t, key);
	if (t->json) {
		sky_text_char(t, '"');
		text_escaped(t, s);
		sky_text_char(t, '"');
	} else {
		text_escaped(t, s);
	}
}

void sky_text_kv_hex(struct sky_text *t, const char *key, uint64_t v, unsigned digits)
{
	static const char hex[] = "0123456789ABCDEF";
	char tmp[18];
	if (digits > 16)
		digits = 16;
	for (unsigned i = 0; i < digits; i++)
		tmp[digits - 1 - i] = hex[(v >> (4 * i)) & 15];
	text_key(t, key);
	if (t->json)
		sky_text_char(t, '"');
	sky_text_raw(t, tmp, digits);
	if (t->json)
		sky_text_char(t, '"');
}

void sky_text_kv_oct4(struct sky_text *t, const char *key, uint32_t v)
{
	char tmp[4];
	for (int i = 0; i < 4; i++)
		tmp[3 - i] = (char)('0' + ((v >> (3 * i)) & 7));
	text_key(t, key);
	if (t->json)
		sky_text_char(t, '"');
	sky_text_raw(t, tmp, 4);
	if (t->json)
		sky_text_char(t, '"');
}

void sky_text_kv_bool(struct sky_text *t, const char *key, bool v)
{
	text_key(t, key);
	sky_text_str(t, v ? "true" : "false");
}

void sky_text_arr_open(struct sky_text *t, const char *key)
{
	text_key(t, key);
	sky_text_char(t, '[');
	t->first = true;
}

void sky_text_arr_close(struct sky_text *t)
{
	sky_text_char(t, ']');
	t->first = false;
}
