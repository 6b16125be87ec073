/*
 * test_hist.c - the log-linear latency histogram of pipeline/hist.h:
 * bucket boundaries, relative error, quantiles, merging.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "hist.h"
#include "testlib.h"

Test(hist, small_values_have_exact_buckets)
{
	for (uint64_t v = 0; v < SKY_HIST_SUB; v++) {
		cr_assert_eq(sky_hist_bucket(v), v);
		cr_assert_eq(sky_hist_bucket_low((unsigned)v), v);
		cr_assert_eq(sky_hist_bucket_high((unsigned)v), v);
	}
}

Test(hist, every_value_falls_inside_its_bucket_and_buckets_tile_the_range)
{
	uint64_t seed = 7;
	for (int i = 0; i < 200000; i++) {
		uint64_t v = sky_test_rand(&seed) >> sky_test_rand_below(&seed, 64);
		unsigned b = sky_hist_bucket(v);
		cr_assert_lt(b, SKY_HIST_BUCKETS);
		cr_assert(sky_hist_bucket_low(b) <= v && v <= sky_hist_bucket_high(b),
			  "v %llu bucket %u [%llu, %llu]", (unsigned long long)v, b,
			  (unsigned long long)sky_hist_bucket_low(b),
			  (unsigned long long)sky_hist_bucket_high(b));
	}
	for (unsigned b = 0; b + 1 < SKY_HIST_BUCKETS; b++)
		cr_assert_eq(sky_hist_bucket_high(b) + 1, sky_hist_bucket_low(b + 1), "bucket %u", b);
	cr_assert_eq(sky_hist_bucket(UINT64_MAX), SKY_HIST_BUCKETS - 1);
	cr_assert_eq(sky_hist_bucket_high(SKY_HIST_BUCKETS - 1), UINT64_MAX);
}

Test(hist, bucket_width_is_within_one_sixteenth_of_its_values)
{
	for (unsigned b = SKY_HIST_SUB; b < SKY_HIST_BUCKETS; b++) {
		double lo = (double)sky_hist_bucket_low(b), hi = (double)sky_hist_bucket_high(b);
		cr_assert_leq((hi - lo) / lo, 1.0 / SKY_HIST_SUB, "bucket %u", b);
	}
}

Test(hist, quantiles_of_a_uniform_ramp_are_within_the_bucket_error)
{
	static struct sky_hist h;
	sky_hist_init(&h);
	for (uint64_t v = 1; v <= 100000; v++)
		sky_hist_add(&h, v);
	cr_assert_eq(h.count, 100000);
	cr_assert_eq(h.min, 1);
	cr_assert_eq(h.max, 100000);
	const double q[] = {0.5, 0.9, 0.99, 0.999};
	for (unsigned i = 0; i < 4; i++) {
		double want = q[i] * 100000, got = (double)sky_hist_quantile(&h, q[i]);
		cr_assert(got >= want && got <= want * (1 + 1.0 / SKY_HIST_SUB) + 1,
			  "q %g: got %g want %g", q[i], got, want);
	}
	cr_assert_eq(sky_hist_quantile(&h, 1.0), 100000);
	cr_assert_eq(sky_hist_quantile(&h, 0.0), 1);
}

Test(hist, an_empty_histogram_gives_zero)
{
	struct sky_hist h;
	sky_hist_init(&h);
	cr_assert_eq(sky_hist_quantile(&h, 0.5), 0);
}

Test(hist, merging_is_the_same_as_adding_everything_to_one)
{
	static struct sky_hist a, b, all, m;
	sky_hist_init(&a), sky_hist_init(&b), sky_hist_init(&all), sky_hist_init(&m);
	uint64_t seed = 99;
	for (int i = 0; i < 50000; i++) {
		uint64_t v = sky_test_rand(&seed) % 10000000;
		sky_hist_add(i & 1 ? &a : &b, v);
		sky_hist_add(&all, v);
	}
	sky_hist_merge(&m, &a);
	sky_hist_merge(&m, &b);
	cr_assert_eq(m.count, all.count);
	cr_assert_eq(m.sum, all.sum);
	cr_assert_eq(m.min, all.min);
	cr_assert_eq(m.max, all.max);
	cr_assert_arr_eq(m.bucket, all.bucket, sizeof(all.bucket));
	cr_assert_eq(sky_hist_quantile(&m, 0.99), sky_hist_quantile(&all, 0.99));
}
