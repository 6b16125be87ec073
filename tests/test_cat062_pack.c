/*
 * test_cat062_pack.c - track updates packed into CAT062 datagrams
 * (stages/cat062_pack.h), the path the publish stage and the offline
 * reference share.
 *
 * The packer converts a batch's positions at once and reuses one record
 * without clearing it; its datagrams must hold, record for record, the
 * bytes of a cleared record built for each update alone
 * (sky_track_to_cat062 + sky_cat062_encode), whatever the mix of items
 * from one update to the next and however the updates are cut into
 * batches, with every datagram one CAT062 block of at most 1400 bytes.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cat062_pack.h"
#include "testlib.h"

static struct sky_enu_frame sys;
static const struct sky_cat062_source src = {.sac = 0, .sic = 1, .service = 1, .sys = &sys};

static double unit(uint64_t *s)
{
	return (double)(sky_test_rand(s) >> 11) * 0x1.0p-53;
}

/* Every kind of update: each identity item, Z, ages, states drawn at random. */
static void random_update(uint64_t *s, struct sky_track_update *u, uint32_t no)
{
	memset(u, 0, sizeof(*u));
	u->track_no = no;
	u->flags = (uint16_t)(sky_test_rand(s) & (SKY_TRACK_CONFIRMED | SKY_TRACK_TERMINATED |
						  SKY_TRACK_COASTING | SKY_TRACK_HAS_Z));
	u->plot_flags = (uint16_t)(sky_test_rand(s) & 0x1ff);
	u->t = 1717200000.0 + 200000.0 * unit(s);
	u->x = 500e3 * (unit(s) - 0.5), u->y = 500e3 * (unit(s) - 0.5);
	u->z = 15e3 * unit(s) - 500;
	u->vx = 600 * (unit(s) - 0.5), u->vy = 600 * (unit(s) - 0.5), u->vz = 40 * (unit(s) - 0.5);
	u->cxx = 1e4 * unit(s), u->cyy = 1e4 * unit(s);
	u->address = (uint32_t)sky_test_rand(s) & 0xffffff;
	u->mode3a = (uint16_t)(sky_test_rand(s) & 07777);
	u->fl_q = (int16_t)(sky_test_rand(s) & 0x7ff);
	u->age_psr = unit(s) < 0.5 ? -1.0f : (float)(10 * unit(s));
	u->age_ssr = unit(s) < 0.5 ? -1.0f : (float)(10 * unit(s));
	u->age_mds = unit(s) < 0.5 ? -1.0f : (float)(10 * unit(s));
	u->age_ads = unit(s) < 0.5 ? -1.0f : (float)(10 * unit(s));
	sky_test_rand_callsign(s, u->callsign);
}

struct stream {
	uint8_t bytes[1 << 20];
	size_t len;
	unsigned datagrams;
};

/* A datagram's records appended to the stream (checked: one CAT062 block). */
static void append_dgram(struct stream *st, const uint8_t *d, size_t n)
{
	cr_assert(n >= 3 && n <= SKY_CAT062_DGRAM_MAX, "datagram of %zu bytes", n);
	cr_assert_eq(d[0], 62);
	cr_assert_eq((size_t)(d[1] << 8 | d[2]), n, "one block filling the datagram");
	cr_assert_lt(st->len + n, sizeof(st->bytes));
	memcpy(st->bytes + st->len, d + 3, n - 3);
	st->len += n - 3;
	st->datagrams++;
}

/* Packs u[0..n) in batches of `batch` updates, as publish does. */
static void pack_all(struct sky_cat062_packer *pk, const struct sky_track_update *u, size_t n,
		     size_t batch, struct stream *st)
{
	static uint8_t buf[SKY_CAT062_PACK_BUF];
	sky_cat062_pack_init(pk, &src, buf, sizeof(buf));
	for (size_t off = 0; off < n; off += batch) {
		unsigned m = (unsigned)(n - off < batch ? n - off : batch), k;
		for (unsigned j = 0; j < m; j += k) {
			k = sky_cat062_pack_batch(pk, u + off + j, m - j);
			cr_assert(k >= 1 && k <= SKY_CAT062_PACK_BATCH);
			for (unsigned i = 0; i < k; i++) {
				enum sky_cat062_pack_result r = sky_cat062_pack(pk, i);
				if (r == SKY_CAT062_FULL) {
					append_dgram(st, buf, sky_cat062_pack_take(pk));
					sky_cat062_pack_reset(pk, buf, sizeof(buf));
					r = sky_cat062_pack(pk, i);
				}
				cr_assert_eq(r, SKY_CAT062_PACKED, "update %zu", off + j + i);
			}
		}
	}
	size_t last = sky_cat062_pack_take(pk);
	if (last)
		append_dgram(st, buf, last);
}

/* Each update alone into a cleared record. */
static void reference(const struct sky_track_update *u, size_t n, struct stream *st)
{
	for (size_t i = 0; i < n; i++) {
		struct sky_cat062 r;
		memset(&r, 0, sizeof(r));
		sky_track_to_cat062(&src, &u[i], &r);
		size_t len = sky_cat062_encode(&r, st->bytes + st->len, sizeof(st->bytes) - st->len);
		cr_assert_gt(len, 0);
		st->len += len;
	}
}

Test(cat062_pack, packed_records_equal_cleared_records_built_one_by_one_for_any_batch_cut)
{
	enum { N = 3000 };
	static const size_t batches[] = {1, 7, 25, 64, 100, N};
	static struct sky_track_update u[N];
	static struct stream want, got;
	struct sky_cat062_packer *pk = aligned_alloc(64, (sizeof(*pk) + 63) / 64 * 64);
	uint64_t seed = 11;
	cr_assert_not_null(pk);
	memset(pk, 0xa5, sizeof(*pk)); /* a field the conversion forgot shows */
	sky_enu_frame_init(&sys, 52.0, 5.0, 0.0);
	for (size_t i = 0; i < N; i++)
		random_update(&seed, &u[i], (uint32_t)i);
	want.len = 0;
	reference(u, N, &want);
	for (size_t b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
		got.len = 0, got.datagrams = 0;
		pack_all(pk, u, N, batches[b], &got);
		cr_assert_eq(got.len, want.len, "batches of %zu: %zu bytes, want %zu", batches[b],
			     got.len, want.len);
		cr_assert(memcmp(got.bytes, want.bytes, want.len) == 0,
			  "batches of %zu: records differ", batches[b]);
		cr_assert_gt(got.datagrams, want.len / SKY_CAT062_DGRAM_MAX, "datagrams cut");
	}
	free(pk);
}

Test(cat062_pack, batch_takes_at_most_its_capacity)
{
	static struct sky_track_update u[SKY_CAT062_PACK_BATCH + 5];
	struct sky_cat062_packer *pk = aligned_alloc(64, (sizeof(*pk) + 63) / 64 * 64);
	uint8_t buf[SKY_CAT062_PACK_BUF];
	uint64_t seed = 12;
	cr_assert_not_null(pk);
	sky_enu_frame_init(&sys, 52.0, 5.0, 0.0);
	for (size_t i = 0; i < SKY_CAT062_PACK_BATCH + 5; i++)
		random_update(&seed, &u[i], (uint32_t)i);
	sky_cat062_pack_init(pk, &src, buf, sizeof(buf));
	cr_assert_eq(sky_cat062_pack_batch(pk, u, SKY_CAT062_PACK_BATCH + 5), SKY_CAT062_PACK_BATCH);
	cr_assert_eq(sky_cat062_pack_batch(pk, u, 5), 5);
	free(pk);
}

