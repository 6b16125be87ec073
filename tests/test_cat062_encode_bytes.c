/*
 * test_cat062_encode_bytes.c - the CAT062 encoder and the ICAO 6-bit
 * callsign encoder give exactly the bytes they gave before they were
 * unrolled and made table-driven (2026-11-22): the old code is kept below,
 * verbatim apart from ref_ names, as the reference, and both are run on
 * random records (every item, every subfield, presence words and fields of
 * random bits, callsigns of any byte with garbage after their NUL), on
 * every combination of the I062/290 subfields, on I062/295 subsets, and on
 * every byte value at every callsign position. Buffers of every size from
 * 0 to just past the fast path's are tried too, each a heap block of
 * exactly that size (the sanitizer build sees a write past it).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ast_core.h"
#include "cat062.h"
#include "cat062_random.h"
#include "testlib.h"

/* ---- reference: ast_icao6.c and cat062_encode.c as of commit 690fec3 ---- */

static size_t ref_cat062_encode(const struct sky_cat062 *r, uint8_t *buf, size_t cap);

static unsigned ref_icao6_code(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A' + 1);
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a' + 1);
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0' + 48);
	if (c == '#')
		return 27; /* an unused code, decoded as '#' again */
	return 32; /* space for everything else, including the end */
}

static void ref_icao6_encode(const char *in, uint8_t p[6])
{
	uint64_t v = 0;
	int ended = 0;
	for (int i = 0; i < 8; i++) {
		if (!ended && in[i] == '\0')
			ended = 1;
		v = v << 6 | (ended ? 32u : ref_icao6_code(in[i]));
	}
	for (int i = 0; i < 6; i++)
		p[i] = (uint8_t)(v >> (40 - 8 * i));
}

#define ENCODABLE (SKY_CAT062_I010 | SKY_CAT062_I015 | SKY_CAT062_I070 | \
		   SKY_CAT062_I105 | SKY_CAT062_I100 | SKY_CAT062_I185 |   \
		   SKY_CAT062_I210 | SKY_CAT062_I060 | SKY_CAT062_I245 |   \
		   SKY_CAT062_I380 | SKY_CAT062_I040 | SKY_CAT062_I080 |   \
		   SKY_CAT062_I290 | SKY_CAT062_I200 | SKY_CAT062_I295 |   \
		   SKY_CAT062_I136 | SKY_CAT062_I130 | SKY_CAT062_I135 |   \
		   SKY_CAT062_I220 | SKY_CAT062_I500 | SKY_CAT062_I340)

/* I062/380 subfields by primary octet (the first holds ADR..FSS). */
#define ADR_OCTET1 (SKY_CAT062_ADR_ADR | SKY_CAT062_ADR_ID | SKY_CAT062_ADR_MHG | \
		    SKY_CAT062_ADR_IAS | SKY_CAT062_ADR_TAS | SKY_CAT062_ADR_SAL | \
		    SKY_CAT062_ADR_FSS)
#define ADR_LATER (SKY_CAT062_ADR_COM | SKY_CAT062_ADR_BVR | SKY_CAT062_ADR_GVR | \
		   SKY_CAT062_ADR_RAN | SKY_CAT062_ADR_TAN | SKY_CAT062_ADR_GS | \
		   SKY_CAT062_ADR_EMC | SKY_CAT062_ADR_POS | SKY_CAT062_ADR_GAL | \
		   SKY_CAT062_ADR_IAR | SKY_CAT062_ADR_MAC | SKY_CAT062_ADR_BPS)
#define ACC_ALL 0x7f40u   /* the eight I062/500 subfields */
#define MI_ALL 0x7eu      /* the six I062/340 subfields */
#define UPD_ALL 0x7f70u   /* the ten I062/290 subfields */
#define AGE_ALL 0x7f7f7f7f70ull /* the 31 I062/295 subfields */

static inline void ref_st16(uint8_t *p, uint32_t v)
{
	uint16_t x = __builtin_bswap16((uint16_t)v);
	memcpy(p, &x, 2);
}

static inline void ref_st32(uint8_t *p, uint32_t v)
{
	v = __builtin_bswap32(v);
	memcpy(p, &v, 4);
}

static inline void ref_st64(uint8_t *p, uint64_t v)
{
	v = __builtin_bswap64(v);
	memcpy(p, &v, 8);
}

/*
 * A primary of up to 4 octets from its presence word (cat062.h layout,
 * `octets` long, placed in the top of a 32-bit word): FX set on every octet
 * before the last one holding a bit. An empty word gives one zero octet
 * (the sentinel bit keeps ctz defined and stops at octet 1).
 */
static inline uint8_t *ref_put_primary32(uint8_t *p, uint32_t w)
{
	uint32_t v = w << 1;
	unsigned b = (unsigned)__builtin_ctz(v | 1u << 24);
	ref_st32(p, v | (0x01010100u & ~((2u << b) - 1u)));
	return p + 4 - (b >> 3);
}

static inline uint8_t *ref_put_primary64(uint8_t *p, uint64_t w)
{
	uint64_t v = w << 1;
	unsigned b = (unsigned)__builtin_ctzll(v | 1ull << 56);
	ref_st64(p, v | (0x0101010101010100ull & ~((2ull << b) - 1u)));
	return p + 8 - (b >> 3);
}

static uint8_t *ref_put_icao6(uint8_t *p, const char *s)
{
	ref_icao6_encode(s, p);
	return p + 6;
}

/* I062/380 subfields after the first primary octet (rare: own function). */
static uint8_t *ref_put_380_later(uint8_t *p, const struct sky_cat062_adr *a, uint32_t w)
{
	if (w & SKY_CAT062_ADR_COM) { ref_st16(p, a->com & 0xfcffu); p += 2; }
	if (w & SKY_CAT062_ADR_BVR) { ref_st16(p, (uint16_t)a->bvr); p += 2; }
	if (w & SKY_CAT062_ADR_GVR) { ref_st16(p, (uint16_t)a->gvr); p += 2; }
	if (w & SKY_CAT062_ADR_RAN) { ref_st16(p, (uint16_t)a->ran); p += 2; }
	if (w & SKY_CAT062_ADR_TAN) { ref_st16(p, a->tan); p += 2; }
	if (w & SKY_CAT062_ADR_GS) { ref_st16(p, (uint16_t)a->gs); p += 2; }
	if (w & SKY_CAT062_ADR_EMC) *p++ = a->emc;
	if (w & SKY_CAT062_ADR_POS) {
		ref_st32(p, (uint32_t)a->pos_lat << 8);
		ref_st32(p + 3, (uint32_t)a->pos_lon << 8);
		p += 6;
	}
	if (w & SKY_CAT062_ADR_GAL) { ref_st16(p, (uint16_t)a->gal); p += 2; }
	if (w & SKY_CAT062_ADR_IAR) { ref_st16(p, a->iar); p += 2; }
	if (w & SKY_CAT062_ADR_MAC) { ref_st16(p, a->mac); p += 2; }
	if (w & SKY_CAT062_ADR_BPS) { ref_st16(p, a->bps & 0xfffu); p += 2; }
	return p;
}

static uint8_t *ref_put_380(uint8_t *p, const struct sky_cat062_adr *a)
{
	uint32_t w = a->present & (ADR_OCTET1 | ADR_LATER);
	p = ref_put_primary32(p, w);
	if (w & SKY_CAT062_ADR_ADR) { ref_st32(p, a->adr << 8); p += 3; }
	if (!(w & ~SKY_CAT062_ADR_ADR))
		return p;
	if (w & SKY_CAT062_ADR_ID) p = ref_put_icao6(p, a->id);
	if (w & SKY_CAT062_ADR_MHG) { ref_st16(p, a->mhg); p += 2; }
	if (w & SKY_CAT062_ADR_IAS) { ref_st16(p, (uint32_t)a->ias_im << 15 | (a->ias & 0x7fffu)); p += 2; }
	if (w & SKY_CAT062_ADR_TAS) { ref_st16(p, a->tas); p += 2; }
	if (w & SKY_CAT062_ADR_SAL) {
		ref_st16(p, (uint32_t)a->sal_sas << 15 | (uint32_t)(a->sal_src & 3) << 13 |
			((uint32_t)a->sal_alt & 0x1fffu));
		p += 2;
	}
	if (w & SKY_CAT062_ADR_FSS) {
		ref_st16(p, (uint32_t)(a->fss_flags & 7) << 13 | ((uint32_t)a->fss_alt & 0x1fffu));
		p += 2;
	}
	return (w & ADR_LATER) ? ref_put_380_later(p, a, w) : p;
}

static uint8_t *ref_put_290(uint8_t *p, const struct sky_cat062_upd_ages *u)
{
	uint32_t w = u->present & UPD_ALL;
	p = ref_put_primary32(p, w << 16);
	for (unsigned i = 0; i < SKY_CAT062_UPD_N; i++) {
		if (!(w & SKY_CAT062_UPD_BIT(i)))
			continue;
		if (i == SKY_CAT062_UPD_ADS) {
			ref_st16(p, u->age[i]);
			p += 2;
		} else {
			*p++ = (uint8_t)u->age[i];
		}
	}
	return p;
}

static uint8_t *ref_put_295(uint8_t *p, const struct sky_cat062_data_ages *d)
{
	uint64_t w = d->present & AGE_ALL;
	p = ref_put_primary64(p, w << 24);
	for (unsigned i = 0; i < SKY_CAT062_AGE_N; i++)
		if (w & SKY_CAT062_AGE_BIT(i))
			*p++ = d->age[i];
	return p;
}

static uint8_t *ref_put_340(uint8_t *p, const struct sky_cat062_measured *m)
{
	uint32_t w = m->present & MI_ALL;
	*p++ = (uint8_t)(w << 1);
	if (w & SKY_CAT062_MI_SID) { p[0] = m->sac; p[1] = m->sic; p += 2; }
	if (w & SKY_CAT062_MI_POS) { ref_st32(p, (uint32_t)m->rho << 16 | m->theta); p += 4; }
	if (w & SKY_CAT062_MI_HEI) { ref_st16(p, (uint16_t)m->height); p += 2; }
	if (w & SKY_CAT062_MI_MDC) {
		ref_st16(p, (uint32_t)(m->mdc_flags & 3) << 14 | ((uint32_t)m->lmc & 0x3fffu));
		p += 2;
	}
	if (w & SKY_CAT062_MI_MDA) {
		ref_st16(p, (uint32_t)(m->mda_flags & 7) << 13 | (m->mode3a & 0xfffu));
		p += 2;
	}
	if (w & SKY_CAT062_MI_TYP)
		*p++ = (uint8_t)((m->typ & 7) << 5 | (m->typ_flags & 7) << 2);
	return p;
}

static uint8_t *ref_put_500_later(uint8_t *p, const struct sky_cat062_accuracy *a, uint32_t w)
{
	if (w & SKY_CAT062_ACC_COV) { ref_st16(p, (uint16_t)a->cov); p += 2; }
	if (w & SKY_CAT062_ACC_APW) { ref_st32(p, (uint32_t)a->apw_lat << 16 | a->apw_lon); p += 4; }
	if (w & SKY_CAT062_ACC_AGA) *p++ = a->aga;
	if (w & SKY_CAT062_ACC_ABA) *p++ = a->aba;
	if (w & SKY_CAT062_ACC_ATV) { p[0] = a->atv_x; p[1] = a->atv_y; p += 2; }
	if (w & SKY_CAT062_ACC_AA) { p[0] = a->aa_x; p[1] = a->aa_y; p += 2; }
	if (w & SKY_CAT062_ACC_ARC) *p++ = a->arc;
	return p;
}

static uint8_t *ref_put_500(uint8_t *p, const struct sky_cat062_accuracy *a)
{
	uint32_t w = a->present & ACC_ALL;
	p = ref_put_primary32(p, w << 16);
	if (w & SKY_CAT062_ACC_APC) { ref_st32(p, (uint32_t)a->apc_x << 16 | a->apc_y); p += 4; }
	return (w & ~(uint32_t)SKY_CAT062_ACC_APC) ? ref_put_500_later(p, a, w) : p;
}

/* I062/080: as many octets as the last non-zero one needs, FX before it. */
static inline uint8_t *ref_put_080(uint8_t *p, uint64_t status)
{
	uint64_t s = status & SKY_CAT062_TS_ALL;
	unsigned b = (unsigned)__builtin_ctzll(s | 1ull << 56);
	ref_st64(p, s | (0x0101010101000000ull & ~((2ull << b) - 1u)));
	return p + 8 - (b >> 3);
}

/* Items of FRN 1..10 (identity and kinematics). */
static inline __attribute__((always_inline)) uint8_t *ref_put_first(uint8_t *p, const struct sky_cat062 *r, uint32_t fs)
{
	if (fs & SKY_CAT062_I010) { p[0] = r->sac; p[1] = r->sic; p += 2; }
	if (fs & SKY_CAT062_I015) *p++ = r->service;
	if (fs & SKY_CAT062_I070) { ref_st32(p, r->tod << 8); p += 3; }
	if (fs & SKY_CAT062_I105) {
		ref_st32(p, (uint32_t)r->lat);
		ref_st32(p + 4, (uint32_t)r->lon);
		p += 8;
	}
	if (fs & SKY_CAT062_I100) {
		ref_st32(p, (uint32_t)r->x << 8);
		ref_st32(p + 3, (uint32_t)r->y << 8);
		p += 6;
	}
	if (fs & SKY_CAT062_I185) { ref_st32(p, (uint32_t)(uint16_t)r->vx << 16 | (uint16_t)r->vy); p += 4; }
	if (fs & SKY_CAT062_I210) { p[0] = (uint8_t)r->ax; p[1] = (uint8_t)r->ay; p += 2; }
	if (fs & SKY_CAT062_I060) {
		ref_st16(p, (uint32_t)(r->mode3a_flags & 0xe0u) << 8 | (r->mode3a & 0xfffu));
		p += 2;
	}
	if (fs & SKY_CAT062_I245) {
		*p++ = (uint8_t)(r->sti << 6);
		p = ref_put_icao6(p, r->callsign);
	}
	return p;
}

/* Items of FRN 11..28. */
static inline __attribute__((always_inline)) uint8_t *ref_put_rest(uint8_t *p, const struct sky_cat062 *r, uint32_t fs)
{
	if (fs & SKY_CAT062_I380) p = ref_put_380(p, &r->adr);
	if (fs & SKY_CAT062_I040) { ref_st16(p, r->track_number); p += 2; }
	if (fs & SKY_CAT062_I080) p = ref_put_080(p, r->status);
	if (fs & SKY_CAT062_I290) p = ref_put_290(p, &r->upd);
	if (fs & SKY_CAT062_I200) {
		*p++ = (uint8_t)((r->mom_trans & 3) << 6 | (r->mom_long & 3) << 4 |
				 (r->mom_vert & 3) << 2 | (r->mom_adf & 1) << 1);
	}
	if (fs & SKY_CAT062_I295) p = ref_put_295(p, &r->ages);
	if (fs & SKY_CAT062_I136) { ref_st16(p, (uint16_t)r->fl); p += 2; }
	if (fs & SKY_CAT062_I130) { ref_st16(p, (uint16_t)r->geo_alt); p += 2; }
	if (fs & SKY_CAT062_I135) {
		ref_st16(p, (uint32_t)(r->baro_qnh & 1) << 15 | ((uint32_t)r->baro_alt & 0x7fffu));
		p += 2;
	}
	if (fs & SKY_CAT062_I220) { ref_st16(p, (uint16_t)r->roc); p += 2; }
	if (fs & SKY_CAT062_I500) p = ref_put_500(p, &r->acc);
	if (fs & SKY_CAT062_I340) p = ref_put_340(p, &r->mi);
	return p;
}

/* The record into a local buffer, copied when it fits in cap. */
static __attribute__((noinline)) size_t ref_encode_small(const struct sky_cat062 *r,
						     uint8_t *buf, size_t cap)
{
	uint8_t tmp[SKY_CAT062_MAX_RECORD + SKY_CAT062_ENCODE_SLACK];
	size_t n = ref_cat062_encode(r, tmp, sizeof(tmp));
	if (n > cap)
		return 0;
	memcpy(buf, tmp, n);
	return n;
}

static size_t ref_cat062_encode(const struct sky_cat062 *r, uint8_t *buf, size_t cap)
{
	uint32_t fs = r->present & ENCODABLE;
	if (fs == 0)
		return 0;
	if (cap < SKY_CAT062_MAX_RECORD + SKY_CAT062_ENCODE_SLACK)
		return ref_encode_small(r, buf, cap);
	uint8_t *p = ref_put_primary32(buf, fs);
	p = ref_put_first(p, r, fs);
	p = ref_put_rest(p, r, fs);
	return (size_t)(p - buf);
}

/* ---- the comparisons ----------------------------------------------------- */

/* Callsign bytes of any value; half the time a NUL at a random place (0..8)
 * with the garbage after it left in place. */
static void rand_chars(uint64_t *s, char c[9])
{
	sky_test_rand_bytes(s, (uint8_t *)c, 9);
	if (sky_test_rand(s) & 1)
		c[sky_test_rand_below(s, 9)] = '\0';
}

/*
 * A random record of one of four kinds: valid within the edition's ranges,
 * valid at full field width, every byte of the struct random (presence
 * words and bits outside the fields' widths included), and random bytes
 * with every compound present.
 */
static void rand_record(uint64_t *s, struct sky_cat062 *r, unsigned kind)
{
	if (kind < 2) {
		c062_random(s, r, kind == 0, sky_test_rand(s) & 1);
	} else {
		sky_test_rand_bytes(s, (uint8_t *)r, sizeof(*r));
		if (kind == 3)
			r->present |= SKY_CAT062_I380 | SKY_CAT062_I290 | SKY_CAT062_I295 |
				      SKY_CAT062_I500 | SKY_CAT062_I340 | SKY_CAT062_I245;
	}
	if (sky_test_rand(s) & 1) {
		rand_chars(s, r->callsign);
		rand_chars(s, r->adr.id);
	}
}

/* Both encoders into a roomy buffer: same size, same bytes. */
static size_t expect_same_bytes(const struct sky_cat062 *r, unsigned i)
{
	uint8_t want[256], got[256];
	memset(want, 0xAA, sizeof(want));
	memset(got, 0x55, sizeof(got));
	size_t n = ref_cat062_encode(r, want, sizeof(want));
	size_t m = sky_cat062_encode(r, got, sizeof(got));
	cr_assert_eq(m, n, "record %u: %zu bytes, reference %zu", i, m, n);
	for (size_t k = 0; k < n; k++)
		cr_assert_eq(got[k], want[k], "record %u byte %zu: %02x, reference %02x", i, k,
			     got[k], want[k]);
	return n;
}

/* The new encoder into a heap block of exactly cap bytes: the reference's
 * answer for that cap (0 when it does not fit), and the same bytes. */
static void expect_same_at_cap(const struct sky_cat062 *r, size_t cap, unsigned i)
{
	uint8_t want[256];
	size_t n = ref_cat062_encode(r, want, cap);
	uint8_t *got = malloc(cap ? cap : 1);
	cr_assert(got);
	size_t m = sky_cat062_encode(r, got, cap);
	cr_assert_eq(m, n, "record %u cap %zu: %zu bytes, reference %zu", i, cap, m, n);
	cr_assert(memcmp(got, want, n) == 0, "record %u cap %zu: bytes differ", i, cap);
	free(got);
}

Test(cat062_encode_bytes, random_records_give_the_reference_bytes)
{
	uint64_t seed = 0x0620290380ull;
	unsigned nonzero = 0;
	for (unsigned i = 0; i < 40000; i++) {
		struct sky_cat062 r;
		rand_record(&seed, &r, i & 3);
		size_t n = expect_same_bytes(&r, i);
		nonzero += n > 0;
		/* Every tenth record at a random cap around its size. */
		if (i % 10 == 0)
			expect_same_at_cap(&r, sky_test_rand_below(&seed, (uint32_t)n + 3), i);
	}
	cr_assert_gt(nonzero, 39000); /* the comparisons did compare records */
}

Test(cat062_encode_bytes, every_buffer_size_gives_the_reference_answer)
{
	uint64_t seed = 11;
	for (unsigned i = 0; i < 200; i++) {
		struct sky_cat062 r;
		rand_record(&seed, &r, 3);
		for (size_t cap = 0; cap <= SKY_CAT062_MAX_RECORD + SKY_CAT062_ENCODE_SLACK + 1; cap++)
			expect_same_at_cap(&r, cap, i);
	}
}

Test(cat062_encode_bytes, every_update_age_combination_gives_the_reference_bytes)
{
	uint64_t seed = 290;
	struct sky_cat062 r;
	c062_random(&seed, &r, false, false);
	for (unsigned sub = 0; sub < 1024u * 4; sub++) {
		uint32_t w = 0;
		for (unsigned i = 0; i < SKY_CAT062_UPD_N; i++)
			if (sub >> i & 1)
				w |= SKY_CAT062_UPD_BIT(i);
		/* bits outside the ten subfields (FX, spare) set in 3 of 4 rounds */
		r.upd.present = w | ((sub >> 10) ? (uint32_t)sky_test_rand(&seed) & ~0x7f70u : 0);
		for (unsigned i = 0; i < SKY_CAT062_UPD_N; i++)
			r.upd.age[i] = (uint16_t)sky_test_rand(&seed);
		r.present = (uint32_t)sky_test_rand(&seed) | SKY_CAT062_I290;
		cr_assert_gt(expect_same_bytes(&r, sub), 0);
	}
	/* I062/290 alone: primary and ages only, one octet or two. */
	r.present = SKY_CAT062_I010 | SKY_CAT062_I290;
	r.sac = 1, r.sic = 2;
	r.upd.present = SKY_CAT062_UPD_BIT(SKY_CAT062_UPD_PSR) | SKY_CAT062_UPD_BIT(SKY_CAT062_UPD_ADS);
	r.upd.age[SKY_CAT062_UPD_PSR] = 0x11;
	r.upd.age[SKY_CAT062_UPD_ADS] = 0x2233;
	uint8_t buf[256];
	static const uint8_t one[] = {0x81, 0x02, 1, 2, 0x48, 0x11, 0x22, 0x33};
	cr_assert_eq(sky_cat062_encode(&r, buf, sizeof(buf)), sizeof(one));
	cr_assert_arr_eq(buf, one, sizeof(one));
	r.upd.present |= SKY_CAT062_UPD_BIT(SKY_CAT062_UPD_MLT);
	r.upd.age[SKY_CAT062_UPD_MLT] = 0x44;
	static const uint8_t two[] = {0x81, 0x02, 1, 2, 0x49, 0x20, 0x11, 0x22, 0x33, 0x44};
	cr_assert_eq(sky_cat062_encode(&r, buf, sizeof(buf)), sizeof(two));
	cr_assert_arr_eq(buf, two, sizeof(two));
}

Test(cat062_encode_bytes, data_age_subsets_give_the_reference_bytes)
{
	uint64_t seed = 295;
	struct sky_cat062 r;
	c062_random(&seed, &r, false, false);
	r.present = SKY_CAT062_I010 | SKY_CAT062_I295 | SKY_CAT062_I136;
	unsigned n = 0;
	/* Every single subfield and every pair, then random subsets. */
	for (unsigned i = 0; i < SKY_CAT062_AGE_N; i++) {
		for (unsigned j = i; j < SKY_CAT062_AGE_N; j++) {
			r.ages.present = SKY_CAT062_AGE_BIT(i) | SKY_CAT062_AGE_BIT(j);
			sky_test_rand_bytes(&seed, r.ages.age, sizeof(r.ages.age));
			/* FSPEC 3, 010 2, 136 2, primary to j's octet, 1 or 2 ages */
			cr_assert_eq(expect_same_bytes(&r, n++), 7u + (j / 7 + 1) + 1u + (i != j));
		}
	}
	for (unsigned k = 0; k < 4000; k++) {
		r.ages.present = sky_test_rand(&seed);
		sky_test_rand_bytes(&seed, r.ages.age, sizeof(r.ages.age));
		expect_same_bytes(&r, n++);
	}
}

/* sky_ast_icao6_encode on a heap copy of exactly strlen + 1 bytes (the
 * sanitizer build sees a read past the NUL), and sky_ast_icao6_pack8 on the
 * char[9] field with whatever follows the NUL: both give the reference. */
static void expect_same_callsign(const char c[9], unsigned i)
{
	uint8_t want[6], got[6], packed[6];
	ref_icao6_encode(c, want);
	size_t len = strnlen(c, 9);
	char *copy = malloc(len + 1);
	cr_assert(copy);
	memcpy(copy, c, len);
	copy[len] = '\0';
	sky_ast_icao6_encode(copy, got);
	free(copy);
	uint64_t v = sky_ast_icao6_pack8(c);
	for (int k = 0; k < 6; k++)
		packed[k] = (uint8_t)(v >> (40 - 8 * k));
	cr_assert_eq(v >> 48, 0, "case %u: pack8 sets bits above 48", i);
	cr_assert(memcmp(got, want, 6) == 0, "case %u: encode differs from the reference", i);
	cr_assert(memcmp(packed, want, 6) == 0, "case %u: pack8 differs from the reference", i);
}

Test(cat062_encode_bytes, every_character_at_every_position_gives_the_reference_code)
{
	uint64_t seed = 6;
	unsigned n = 0;
	for (unsigned pos = 0; pos < 8; pos++) {
		for (unsigned ch = 0; ch < 256; ch++) {
			char c[9];
			/* the other positions: random characters without a NUL */
			for (int k = 0; k < 9; k++)
				c[k] = (char)(1 + sky_test_rand_below(&seed, 255));
			c[pos] = (char)ch;
			c[8] = sky_test_rand(&seed) & 1 ? '\0' : c[8];
			expect_same_callsign(c, n++);
		}
	}
	/* Every NUL position with garbage after it, and random fields. */
	for (unsigned k = 0; k < 20000; k++) {
		char c[9];
		sky_test_rand_bytes(&seed, (uint8_t *)c, 9);
		c[k % 9] = '\0';
		expect_same_callsign(c, n++);
		sky_test_rand_callsign(&seed, c);
		expect_same_callsign(c, n++);
	}
	/* A known value: "RYR174C" is 49 94 B1 DF 40 E0 (test_cat062.c). */
	uint8_t out[6];
	sky_ast_icao6_encode("RYR174C", out);
	static const uint8_t ryr[] = {0x49, 0x94, 0xB1, 0xDF, 0x40, 0xE0};
	cr_assert_arr_eq(out, ryr, 6);
	sky_ast_icao6_encode("", out);
	static const uint8_t blank[] = {0x82, 0x08, 0x20, 0x82, 0x08, 0x20};
	cr_assert_arr_eq(out, blank, 6);
}
