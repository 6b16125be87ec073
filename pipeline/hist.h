/*
 * hist.h - a log-linear latency histogram: exact below 16, then 16 linear
 * sub-buckets per power of two (relative error under 6.25 %), 976 buckets
 * covering every uint64_t. Adding a value is a count-leading-zeros and an
 * increment, so the sink stage records every track update on the hot path.
 *
 * One histogram per lcore, written by that lcore only; the control thread
 * merges them while they run (relaxed atomics, like the stage counters).
 * Values are whatever unit the caller uses (TSC cycles in the runtime);
 * percentiles come back in the same unit as the upper bound of the bucket
 * that holds them, clamped to the largest value seen. Pure C: no DPDK.
 */
#ifndef SKY_HIST_H
#define SKY_HIST_H

#include <stdint.h>

#define SKY_HIST_SUB_BITS 4
#define SKY_HIST_SUB (1u << SKY_HIST_SUB_BITS)
#define SKY_HIST_BUCKETS ((64 - SKY_HIST_SUB_BITS + 1) * SKY_HIST_SUB)

struct sky_hist {
	uint64_t count;
	uint64_t sum;
	uint64_t min;   /* UINT64_MAX while empty */
	uint64_t max;
	uint64_t bucket[SKY_HIST_BUCKETS];
};

static inline unsigned sky_hist_bucket(uint64_t v)
{
	if (v < SKY_HIST_SUB)
		return (unsigned)v;
	unsigned e = 63u - (unsigned)__builtin_clzll(v);
	return ((e - SKY_HIST_SUB_BITS + 1) << SKY_HIST_SUB_BITS) |
	       (unsigned)((v >> (e - SKY_HIST_SUB_BITS)) & (SKY_HIST_SUB - 1));
}

static inline void sky_hist__inc(uint64_t *p, uint64_t n)
{
	__atomic_store_n(p, __atomic_load_n(p, __ATOMIC_RELAXED) + n, __ATOMIC_RELAXED);
}

/* Record one value; only the owning lcore calls this. */
static inline void sky_hist_add(struct sky_hist *h, uint64_t v)
{
	sky_hist__inc(&h->bucket[sky_hist_bucket(v)], 1);
	sky_hist__inc(&h->count, 1);
	sky_hist__inc(&h->sum, v);
	if (v > h->max)
		__atomic_store_n(&h->max, v, __ATOMIC_RELAXED);
	if (v < h->min)
		__atomic_store_n(&h->min, v, __ATOMIC_RELAXED);
}

void sky_hist_init(struct sky_hist *h);
/* Smallest and largest value that fall in bucket b. */
uint64_t sky_hist_bucket_low(unsigned b);
uint64_t sky_hist_bucket_high(unsigned b);
/* dst += src (src may be concurrently written: a consistent-enough copy). */
void sky_hist_merge(struct sky_hist *dst, const struct sky_hist *src);
/* The value at quantile q in [0, 1] (0 when empty). */
uint64_t sky_hist_quantile(const struct sky_hist *h, double q);

#endif
