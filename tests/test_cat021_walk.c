/*
 * test_cat021_walk.c - the CAT021 decoder delimits records exactly as the
 * generic walker (sky_ast_walk_record) does.
 *
 * sky_cat021_decode sizes the FSPEC and the plain items itself and hands
 * every record it cannot delimit to the walker. So on any bytes, valid or
 * mangled, its size and, when the walker refuses, its rejection (reason,
 * FRN, item, offset) must be the walker's. Records come from the random
 * generator, encoded, then truncated or with bytes overwritten.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "ast_category.h"
#include "cat021_gen.h"
#include "testlib.h"

/* One buffer through both; asserts they agree. Returns the walker's size. */
static size_t agree(const uint8_t *p, size_t len, unsigned ed, unsigned i)
{
	struct sky_ast_record_items it;
	struct sky_ast_error we = {0}, de = {0};
	struct sky_cat021 r;
	size_t wn = sky_ast_walk_record(sky_cat021_category.uap(ed), p, len, &it, &we);
	size_t dn = sky_cat021_decode(p, len, ed, &r, &de);
	cr_assert_eq(dn, wn, "case %u edition %u: size %zu, walker %zu", i, ed, dn, wn);
	if (wn == 0) {
		cr_assert_eq(de.reason, we.reason, "case %u: reason", i);
		cr_assert_eq(de.frn, we.frn, "case %u: frn", i);
		cr_assert_eq(de.offset, we.offset, "case %u: offset", i);
		cr_assert_eq(de.item, we.item, "case %u: item", i);
	}
	return wn;
}

static void mangle_and_compare(unsigned ed, uint64_t allowed, uint64_t seed, unsigned count)
{
	uint64_t s = seed;
	uint8_t buf[512];
	unsigned delimited = 0, refused = 0;
	for (unsigned i = 0; i < count; i++) {
		struct sky_cat021 a;
		cat021_gen(&a, ed, allowed, &s);
		size_t n = sky_cat021_encode(&a, buf, sizeof(buf));
		cr_assert_gt(n, 0);
		cr_assert_eq(agree(buf, n, ed, i), n, "case %u: intact record", i);
		/* truncated */
		size_t cut = gen_u(&s, 16) % n;
		if (agree(buf, cut, ed, i))
			delimited++;
		else
			refused++;
		/* one to three bytes overwritten */
		for (unsigned k = gen_u(&s, 2) % 3 + 1; k; k--)
			buf[gen_u(&s, 16) % n] = (uint8_t)gen_u(&s, 8);
		if (agree(buf, n, ed, i))
			delimited++;
		else
			refused++;
	}
	/* both outcomes were exercised */
	cr_assert_gt(delimited, count / 20);
	cr_assert_gt(refused, count / 20);
}

Test(cat021_walk, sizes_and_rejections_match_the_walker_in_2_6)
{
	mangle_and_compare(SKY_CAT021_ED_2_6, CAT021_GEN_ITEMS_2_6, 4021, 4000);
}

Test(cat021_walk, sizes_and_rejections_match_the_walker_in_0_26)
{
	mangle_and_compare(SKY_CAT021_ED_0_26, CAT021_GEN_ITEMS_0_26, 26, 4000);
}

Test(cat021_walk, empty_and_all_fx_fspecs_go_to_the_walker)
{
	static const uint8_t fx[9] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t empty[4] = {0x00, 1, 2, 3};
	for (size_t n = 0; n <= sizeof(fx); n++)
		cr_assert_eq(agree(fx, n, SKY_CAT021_ED_2_6, (unsigned)n), 0);
	cr_assert_eq(agree(empty, sizeof(empty), SKY_CAT021_ED_2_6, 99), 0);
}
