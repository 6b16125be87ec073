/*
 * hist.c - merging and quantiles of the log-linear histogram (hist.h).
 */
#include <math.h>
#include <string.h>

#include "hist.h"

void sky_hist_init(struct sky_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

uint64_t sky_hist_bucket_low(unsigned b)
{
	if (b < SKY_HIST_SUB)
		return b;
	unsigned e = (b >> SKY_HIST_SUB_BITS) + SKY_HIST_SUB_BITS - 1;
	uint64_t mant = SKY_HIST_SUB | (b & (SKY_HIST_SUB - 1));
	return mant << (e - SKY_HIST_SUB_BITS);
}

uint64_t sky_hist_bucket_high(unsigned b)
{
	if (b < SKY_HIST_SUB)
		return b;
	unsigned e = (b >> SKY_HIST_SUB_BITS) + SKY_HIST_SUB_BITS - 1;
	return sky_hist_bucket_low(b) + ((1ull << (e - SKY_HIST_SUB_BITS)) - 1);
}

static uint64_t rd(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

void sky_hist_merge(struct sky_hist *dst, const struct sky_hist *src)
{
	uint64_t n = 0;
	for (unsigned b = 0; b < SKY_HIST_BUCKETS; b++) {
		uint64_t c = rd(&src->bucket[b]);
		dst->bucket[b] += c;
		n += c;
	}
	/* count from the buckets, so quantiles always find their bucket */
	dst->count += n;
	dst->sum += rd(&src->sum);
	if (rd(&src->max) > dst->max)
		dst->max = rd(&src->max);
	if (rd(&src->min) < dst->min)
		dst->min = rd(&src->min);
}

uint64_t sky_hist_quantile(const struct sky_hist *h, double q)
{
	if (h->count == 0)
		return 0;
	if (q <= 0)
		return h->min;
	uint64_t rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	uint64_t seen = 0;
	for (unsigned b = 0; b < SKY_HIST_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= rank) {
			uint64_t v = sky_hist_bucket_high(b);
			return v < h->max ? v : h->max;
		}
	}
	return h->max;
}
