/*
 * truth_csv.c - the truth.csv reader (see truth_csv.h).
 *
 * The file is read whole into memory and parsed in one pass, line by line
 * and field by field, without copying: a scenario of 3000 targets for five
 * minutes is 900 000 rows, and the reader should take a fraction of the
 * scoring time. Numbers go through strtod, but only after checking that the
 * field holds nothing strtod would forgive (spaces, "inf", "nan", hex).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "truth_csv.h"

static const char *const class_names[SKY_TARGET_CLASS_COUNT] = {
#define SKY_TARGET_CLASS_NAME(e, s) s,
	SKY_TARGET_CLASS_FOREACH(SKY_TARGET_CLASS_NAME)
#undef SKY_TARGET_CLASS_NAME
};

static const char *const column_names[] = {
	"t_utc_s", "target_id", "lat", "lon", "alt_m", "vx", "vy", "vz", "class",
};
#define N_COLUMNS 9

const char *sky_target_class_name(unsigned cls)
{
	return cls < SKY_TARGET_CLASS_COUNT ? class_names[cls] : "?";
}

int sky_target_class_parse(const char *s, size_t n)
{
	for (unsigned i = 0; i < SKY_TARGET_CLASS_COUNT; i++)
		if (strlen(class_names[i]) == n && memcmp(class_names[i], s, n) == 0)
			return (int)i;
	return -1;
}

void sky_truth_free(struct sky_truth *t)
{
	free(t->rows);
	t->rows = NULL;
	t->n = t->cap = 0;
}

/* Parsing state: where we are, for messages. */
struct csv_pos {
	const char *name;
	unsigned line;
	char *err;
	size_t errlen;
};

static int __attribute__((format(printf, 3, 4)))
fail(const struct csv_pos *p, int col, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (col >= 0)
		snprintf(p->err, p->errlen, "%s:%u: column %d (%s): %s", p->name, p->line,
			 col + 1, column_names[col], msg);
	else
		snprintf(p->err, p->errlen, "%s:%u: %s", p->name, p->line, msg);
	return -EINVAL;
}

/* A decimal number in [s, e): sign, digits, one point, exponent; finite. */
static int parse_number(const char *s, const char *e, double *out)
{
	const char *q = s;
	if (q < e && (*q == '-' || *q == '+'))
		q++;
	if (q == e || !((*q >= '0' && *q <= '9') || *q == '.'))
		return -1;
	char buf[64];
	size_t n = (size_t)(e - s);
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *end;
	double v = strtod(buf, &end);
	if (end != buf + n || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int parse_uint32(const char *s, const char *e, uint32_t *out)
{
	uint64_t v = 0;
	if (s == e)
		return -1;
	for (const char *q = s; q < e; q++) {
		if (*q < '0' || *q > '9')
			return -1;
		v = v * 10 + (uint64_t)(*q - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* Split [s, e) at commas into f[0..N_COLUMNS]; returns the field count. */
static unsigned split_fields(const char *s, const char *e, const char *f[N_COLUMNS + 1])
{
	unsigned n = 0;
	f[n++] = s;
	for (const char *q = s; q < e; q++)
		if (*q == ',') {
			if (n == N_COLUMNS)
				return N_COLUMNS + 1;
			f[n++] = q + 1;
		}
	return n;
}

static int field_number(const struct csv_pos *p, int col, const char *s,
			const char *e, double lo, double hi, double *out)
{
	if (s == e)
		return fail(p, col, "empty, expected a number");
	if (parse_number(s, e, out) < 0)
		return fail(p, col, "'%.*s' is not a decimal number", (int)(e - s), s);
	if (*out < lo || *out > hi)
		return fail(p, col, "%.*s is outside [%g, %g]", (int)(e - s), s, lo, hi);
	return 0;
}

static int parse_row(const struct csv_pos *p, const char *s, const char *e,
		     struct sky_truth_row *r)
{
	const char *f[N_COLUMNS + 1];
	unsigned n = split_fields(s, e, f);
	if (n != N_COLUMNS)
		return fail(p, -1, "%s fields, expected %d (%s)",
			    n > N_COLUMNS ? "more than 9" : n == 1 ? "1" : "fewer than 9",
			    N_COLUMNS, SKY_TRUTH_CSV_HEADER);
	const char *end[N_COLUMNS];
	for (unsigned i = 0; i + 1 < N_COLUMNS; i++)
		end[i] = f[i + 1] - 1;
	end[N_COLUMNS - 1] = e;

	double t, v[7];
	int rc = field_number(p, 0, f[0], end[0], 0, 1e11, &t);
	if (rc)
		return rc;
	if (t != floor(t))
		return fail(p, 0, "%.*s is not a whole second", (int)(end[0] - f[0]), f[0]);
	if (parse_uint32(f[1], end[1], &r->target_id) < 0)
		return fail(p, 1, "'%.*s' is not an unsigned 32-bit integer",
			    (int)(end[1] - f[1]), f[1]);
	static const double lim[7][2] = {
		{ -90, 90 }, { -180, 180 }, { -1e5, 1e6 },
		{ -1e4, 1e4 }, { -1e4, 1e4 }, { -1e4, 1e4 },
	};
	for (unsigned i = 0; i < 6; i++)
		if ((rc = field_number(p, (int)i + 2, f[i + 2], end[i + 2], lim[i][0],
				       lim[i][1], &v[i])))
			return rc;
	int cls = sky_target_class_parse(f[8], (size_t)(end[8] - f[8]));
	if (cls < 0)
		return fail(p, 8, "'%.*s' is not a class (airliner ga fighter helicopter "
			    "uav_small owa_drone cruise_missile unknown)",
			    (int)(end[8] - f[8]), f[8]);
	r->t = (int64_t)t;
	r->cls = (uint8_t)cls;
	r->lat = v[0];
	r->lon = v[1];
	r->alt_m = v[2];
	r->vx = v[3];
	r->vy = v[4];
	r->vz = v[5];
	r->line = p->line;
	return 0;
}

static int push_row(struct sky_truth *t, const struct sky_truth_row *r)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4096;
		struct sky_truth_row *nr = realloc(t->rows, cap * sizeof(*nr));
		if (!nr)
			return -ENOMEM;
		t->rows = nr;
		t->cap = cap;
	}
	t->rows[t->n++] = *r;
	return 0;
}

/* The next line [*s, *e) from cur; returns the start of the following one. */
static const char *next_line(const char *cur, const char *end, const char **s,
			     const char **e)
{
	const char *nl = memchr(cur, '\n', (size_t)(end - cur));
	const char *le = nl ? nl : end;
	*s = cur;
	*e = (le > cur && le[-1] == '\r') ? le - 1 : le;
	return nl ? nl + 1 : end;
}

int sky_truth_csv_parse(const char *buf, size_t len, const char *name,
			struct sky_truth *t, char *err, size_t errlen)
{
	struct csv_pos p = { .name = name, .line = 1, .err = err, .errlen = errlen };
	const char *cur = buf, *end = buf + len, *s, *e;
	t->rows = NULL;
	t->n = t->cap = 0;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		cur += 3;
	cur = next_line(cur, end, &s, &e);
	size_t hl = strlen(SKY_TRUTH_CSV_HEADER);
	if ((size_t)(e - s) != hl || memcmp(s, SKY_TRUTH_CSV_HEADER, hl) != 0)
		return fail(&p, -1, "header is '%.*s', expected '%s'",
			    (int)((e - s) > 120 ? 120 : (e - s)), s, SKY_TRUTH_CSV_HEADER);
	while (cur < end) {
		p.line++;
		cur = next_line(cur, end, &s, &e);
		if (s == e)
			continue;
		struct sky_truth_row r;
		int rc = parse_row(&p, s, e, &r);
		if (!rc && (rc = push_row(t, &r)) < 0)
			snprintf(err, errlen, "%s: out of memory at line %u", name, p.line);
		if (rc)
			return rc;
	}
	return 0;
}

int sky_truth_csv_read(const char *path, struct sky_truth *t, char *err, size_t errlen)
{
	t->rows = NULL;
	t->n = t->cap = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		int rc = -errno;
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return rc;
	}
	size_t cap = 1 << 20, len = 0, n;
	char *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				free(buf);
			buf = nb;
			cap *= 2;
		}
	}
	int rc = 0;
	if (!buf) {
		rc = -ENOMEM;
		snprintf(err, errlen, "%s: out of memory", path);
	} else if (ferror(f)) {
		rc = -EIO;
		snprintf(err, errlen, "%s: read error", path);
	} else {
		rc = sky_truth_csv_parse(buf, len, path, t, err, errlen);
	}
	free(buf);
	fclose(f);
	return rc;
}

static int row_cmp(const void *a, const void *b)
{
	const struct sky_truth_row *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->target_id != y->target_id)
		return x->target_id < y->target_id ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int sky_truth_sort(struct sky_truth *t, const char *name, char *err, size_t errlen)
{
	if (t->n > 1)
		qsort(t->rows, t->n, sizeof(*t->rows), row_cmp);
	for (size_t i = 1; i < t->n; i++) {
		const struct sky_truth_row *a = &t->rows[i - 1], *b = &t->rows[i];
		if (a->t == b->t && a->target_id == b->target_id) {
			snprintf(err, errlen, "%s:%u: target %u at t_utc_s %lld is already on line %u",
				 name, b->line, b->target_id, (long long)b->t, a->line);
			return -EINVAL;
		}
	}
	return 0;
}
