/*
 * sim_truth.c - writes truth.csv in the exact shape of interfaces.md:
 *     t_utc_s,target_id,lat,lon,alt_m,vx,vy,vz,class
 * lat/lon with 9 decimals (0.1 mm), metres and m/s with 3.
 *
 * A scale scenario writes about a million rows; printf("%.9f") of seven
 * doubles per row would be the slowest part of the run, so values are
 * rounded once to integers of the last decimal and printed with a small
 * integer formatter into a buffer flushed in large writes.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_output.h"

#define TRUTH_BUF (1u << 20)
#define TRUTH_ROW_MAX 160

int sim_truth_open(struct sim_truth *tr, const char *path, char *err, size_t errlen)
{
	memset(tr, 0, sizeof(*tr));
	tr->f = fopen(path, "w");
	tr->buf = malloc(TRUTH_BUF);
	if (!tr->f || !tr->buf) {
		int e = tr->f ? ENOMEM : errno;
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(e));
		if (tr->f)
			fclose(tr->f);
		free(tr->buf);
		tr->f = NULL;
		tr->buf = NULL;
		return -e;
	}
	tr->cap = TRUTH_BUF;
	tr->len = (size_t)snprintf(tr->buf, tr->cap, "%s\n", SKY_TRUTH_CSV_HEADER);
	return 0;
}

static char *put_uint(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* x with `dec` decimals, rounded half away from zero. */
static char *put_fixed(char *p, double x, unsigned dec)
{
	static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	static const uint64_t iscale[] = {1, 10, 100, 1000, 10000, 100000, 1000000,
					  10000000, 100000000, 1000000000};
	int64_t q = llround(x * scale[dec]);
	uint64_t u = q < 0 ? (uint64_t)(-q) : (uint64_t)q;
	if (q < 0)
		*p++ = '-';
	p = put_uint(p, u / iscale[dec]);
	*p++ = '.';
	uint64_t frac = u % iscale[dec];
	for (unsigned i = dec; i-- > 0;) {
		p[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	return p + dec;
}

void sim_truth_row(struct sim_truth *tr, int64_t t_utc, uint32_t id, double lat,
		   double lon, double alt_m, const double v[3], unsigned cls)
{
	if (tr->cap - tr->len < TRUTH_ROW_MAX) {
		fwrite(tr->buf, 1, tr->len, tr->f);
		tr->len = 0;
	}
	char *p = tr->buf + tr->len;
	if (t_utc < 0) {
		*p++ = '-';
		t_utc = -t_utc;
	}
	p = put_uint(p, (uint64_t)t_utc);
	*p++ = ',';
	p = put_uint(p, id);
	*p++ = ',';
	p = put_fixed(p, lat, 9);
	*p++ = ',';
	p = put_fixed(p, lon, 9);
	*p++ = ',';
	p = put_fixed(p, alt_m, 3);
	for (int i = 0; i < 3; i++) {
		*p++ = ',';
		p = put_fixed(p, v[i], 3);
	}
	*p++ = ',';
	const char *name = sky_target_class_name(cls);
	size_t n = strlen(name);
	memcpy(p, name, n);
	p += n;
	*p++ = '\n';
	tr->len = (size_t)(p - tr->buf);
	tr->rows++;
}

int sim_truth_close(struct sim_truth *tr, const char *path, char *err, size_t errlen)
{
	int rc = 0;
	if (tr->len && fwrite(tr->buf, 1, tr->len, tr->f) != tr->len)
		rc = -EIO;
	if (ferror(tr->f))
		rc = -EIO;
	if (fclose(tr->f) != 0)
		rc = -EIO;
	free(tr->buf);
	tr->f = NULL;
	tr->buf = NULL;
	if (rc)
		snprintf(err, errlen, "%s: write error", path);
	return rc;
}
