/*
 * cat062_encode.c - ASTERIX CAT062 (edition 1.20) encoder: the track
 * messages skyfuse publishes, one per track update.
 *
 * This is on the publish hot path, so unlike the other encoders it does not
 * use the record builder (items behind a gap, then one memmove): the FSPEC
 * is known before the first item is written - the presence word in
 * cat062.h is the FSPEC shifted by one bit - so it is written first and
 * the items follow in FRN order, each tested once with a plain branch.
 * Primaries (FSPEC, compound subfield maps, I062/080) are written as one
 * big-endian word whose FX bits come from the lowest set bit (a 2-octet
 * compound whose second octet is empty, and I062/380 with only its first
 * octet, as one byte), and fields as whole words; a store may run up to
 * SKY_CAT062_ENCODE_SLACK bytes past the item, which the next item
 * overwrites. Subfields are tested with constant bits, never with a bit
 * computed from a loop index (I062/290 is unrolled, I062/295 visits only
 * its set bits), and callsigns are packed by table look-ups in one 64-bit
 * register (sky_ast_icao6_pack8). When the caller's buffer cannot take the
 * largest record plus that slack, the record is built in a local buffer and
 * copied if it fits. tests/test_cat062_encode_bytes.c holds the encoder
 * before these changes and checks that the bytes did not change.
 *
 * I062/510, 390, 270, 300, 110, 120, RE and SP are never written.
 */
#include <string.h>

#include "cat062.h"

/*
 * Instructions per record (2026-11-22, gcc 12 -O2 -march=x86-64-v2, a loop
 * of sky_cat062_encode under `valgrind --tool=callgrind
 * --toggle-collect=sky_cat062_encode`, Ir / records): the typical track
 * (010 015 070 105 100 185 060 380/ADR 040 080 136 130 220 500/APC, 48
 * bytes) 192, was 212; the publish stage's record (the same plus 245
 * callsign, 290 PSR SSR MDS ADS and 200, 65 bytes) 311, was 706.
 */

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

static inline void st16(uint8_t *p, uint32_t v)
{
	uint16_t x = __builtin_bswap16((uint16_t)v);
	memcpy(p, &x, 2);
}

static inline void st32(uint8_t *p, uint32_t v)
{
	v = __builtin_bswap32(v);
	memcpy(p, &v, 4);
}

static inline void st64(uint8_t *p, uint64_t v)
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
static inline uint8_t *put_primary32(uint8_t *p, uint32_t w)
{
	uint32_t v = w << 1;
	unsigned b = (unsigned)__builtin_ctz(v | 1u << 24);
	st32(p, v | (0x01010100u & ~((2u << b) - 1u)));
	return p + 4 - (b >> 3);
}

static inline uint8_t *put_primary64(uint8_t *p, uint64_t w)
{
	uint64_t v = w << 1;
	unsigned b = (unsigned)__builtin_ctzll(v | 1ull << 56);
	st64(p, v | (0x0101010101010100ull & ~((2ull << b) - 1u)));
	return p + 8 - (b >> 3);
}

/*
 * The primary of a compound of at most 2 octets from its presence word
 * masked to its subfields (cat062.h layout: bits 14..8 and 6..0): one octet
 * without FX when the second is empty - the publish stage's 290 and 500
 * always are - in a third of put_primary32's instructions.
 */
static inline uint8_t *put_primary16(uint8_t *p, uint32_t w)
{
	if (!(w & 0x7fu)) {
		*p = (uint8_t)(w >> 7);
		return p + 1;
	}
	st16(p, w << 1 | 0x100u);
	return p + 2;
}

/* A char[9] callsign field: 8 characters in 6 bytes, one 8-byte store. */
static inline uint8_t *put_icao6(uint8_t *p, const char s[9])
{
	st64(p, sky_ast_icao6_pack8(s) << 16);
	return p + 6;
}

/* I062/380 subfields after the first primary octet (rare: own function). */
static uint8_t *put_380_later(uint8_t *p, const struct sky_cat062_adr *a, uint32_t w)
{
	if (w & SKY_CAT062_ADR_COM) { st16(p, a->com & 0xfcffu); p += 2; }
	if (w & SKY_CAT062_ADR_BVR) { st16(p, (uint16_t)a->bvr); p += 2; }
	if (w & SKY_CAT062_ADR_GVR) { st16(p, (uint16_t)a->gvr); p += 2; }
	if (w & SKY_CAT062_ADR_RAN) { st16(p, (uint16_t)a->ran); p += 2; }
	if (w & SKY_CAT062_ADR_TAN) { st16(p, a->tan); p += 2; }
	if (w & SKY_CAT062_ADR_GS) { st16(p, (uint16_t)a->gs); p += 2; }
	if (w & SKY_CAT062_ADR_EMC) *p++ = a->emc;
	if (w & SKY_CAT062_ADR_POS) {
		st32(p, (uint32_t)a->pos_lat << 8);
		st32(p + 3, (uint32_t)a->pos_lon << 8);
		p += 6;
	}
	if (w & SKY_CAT062_ADR_GAL) { st16(p, (uint16_t)a->gal); p += 2; }
	if (w & SKY_CAT062_ADR_IAR) { st16(p, a->iar); p += 2; }
	if (w & SKY_CAT062_ADR_MAC) { st16(p, a->mac); p += 2; }
	if (w & SKY_CAT062_ADR_BPS) { st16(p, a->bps & 0xfffu); p += 2; }
	return p;
}

static uint8_t *put_380(uint8_t *p, const struct sky_cat062_adr *a)
{
	uint32_t w = a->present & (ADR_OCTET1 | ADR_LATER);
	if (w & ADR_LATER)
		p = put_primary32(p, w);
	else
		*p++ = (uint8_t)(w >> 23); /* first octet only, no FX */
	if (w & SKY_CAT062_ADR_ADR) { st32(p, a->adr << 8); p += 3; }
	if (!(w & ~SKY_CAT062_ADR_ADR))
		return p;
	if (w & SKY_CAT062_ADR_ID) p = put_icao6(p, a->id);
	if (w & SKY_CAT062_ADR_MHG) { st16(p, a->mhg); p += 2; }
	if (w & SKY_CAT062_ADR_IAS) { st16(p, (uint32_t)a->ias_im << 15 | (a->ias & 0x7fffu)); p += 2; }
	if (w & SKY_CAT062_ADR_TAS) { st16(p, a->tas); p += 2; }
	if (w & SKY_CAT062_ADR_SAL) {
		st16(p, (uint32_t)a->sal_sas << 15 | (uint32_t)(a->sal_src & 3) << 13 |
			((uint32_t)a->sal_alt & 0x1fffu));
		p += 2;
	}
	if (w & SKY_CAT062_ADR_FSS) {
		st16(p, (uint32_t)(a->fss_flags & 7) << 13 | ((uint32_t)a->fss_alt & 0x1fffu));
		p += 2;
	}
	return (w & ADR_LATER) ? put_380_later(p, a, w) : p;
}

/* One octet of I062/290 when subfield i is present (i constant, bit too). */
#define UPD_AGE(i)                                    \
	do {                                          \
		if (w & SKY_CAT062_UPD_BIT(i))        \
			*p++ = (uint8_t)u->age[(i)];  \
	} while (0)

/*
 * I062/290 unrolled, so that each subfield's bit is a constant (a loop over
 * SKY_CAT062_UPD_BIT(i) cost 200 instructions a record); the second octet
 * (UAT, LOP, MLT), which the publish stage never sets, behind one test.
 */
static inline uint8_t *put_290(uint8_t *p, const struct sky_cat062_upd_ages *u)
{
	uint32_t w = u->present & UPD_ALL;
	p = put_primary16(p, w);
	UPD_AGE(SKY_CAT062_UPD_TRK);
	UPD_AGE(SKY_CAT062_UPD_PSR);
	UPD_AGE(SKY_CAT062_UPD_SSR);
	UPD_AGE(SKY_CAT062_UPD_MDS);
	if (w & SKY_CAT062_UPD_BIT(SKY_CAT062_UPD_ADS)) {
		st16(p, u->age[SKY_CAT062_UPD_ADS]);
		p += 2;
	}
	UPD_AGE(SKY_CAT062_UPD_ES);
	UPD_AGE(SKY_CAT062_UPD_VDL);
	if (w & 0x7fu) { /* second octet */
		UPD_AGE(SKY_CAT062_UPD_UAT);
		UPD_AGE(SKY_CAT062_UPD_LOP);
		UPD_AGE(SKY_CAT062_UPD_MLT);
	}
	return p;
}
#undef UPD_AGE

/*
 * I062/295: only the present ages are visited, lowest bit (last subfield)
 * first, so they are written backwards from the end the popcount gives.
 * Bit b of subfield i is 38 - 8 (i / 7) - i % 7, so with k = 38 - b,
 * i = k - k / 8 (a loop over the 31 SKY_CAT062_AGE_BIT(i) cost ~17
 * instructions a subfield, present or not).
 */
static inline uint8_t *put_295(uint8_t *p, const struct sky_cat062_data_ages *d)
{
	uint64_t w = d->present & AGE_ALL;
	p = put_primary64(p, w << 24);
	uint8_t *end = p + __builtin_popcountll(w);
	for (uint8_t *q = end; w; w &= w - 1) {
		unsigned k = 38u - (unsigned)__builtin_ctzll(w);
		*--q = d->age[k - (k >> 3)];
	}
	return end;
}

static uint8_t *put_340(uint8_t *p, const struct sky_cat062_measured *m)
{
	uint32_t w = m->present & MI_ALL;
	*p++ = (uint8_t)(w << 1);
	if (w & SKY_CAT062_MI_SID) { p[0] = m->sac; p[1] = m->sic; p += 2; }
	if (w & SKY_CAT062_MI_POS) { st32(p, (uint32_t)m->rho << 16 | m->theta); p += 4; }
	if (w & SKY_CAT062_MI_HEI) { st16(p, (uint16_t)m->height); p += 2; }
	if (w & SKY_CAT062_MI_MDC) {
		st16(p, (uint32_t)(m->mdc_flags & 3) << 14 | ((uint32_t)m->lmc & 0x3fffu));
		p += 2;
	}
	if (w & SKY_CAT062_MI_MDA) {
		st16(p, (uint32_t)(m->mda_flags & 7) << 13 | (m->mode3a & 0xfffu));
		p += 2;
	}
	if (w & SKY_CAT062_MI_TYP)
		*p++ = (uint8_t)((m->typ & 7) << 5 | (m->typ_flags & 7) << 2);
	return p;
}

static uint8_t *put_500_later(uint8_t *p, const struct sky_cat062_accuracy *a, uint32_t w)
{
	if (w & SKY_CAT062_ACC_COV) { st16(p, (uint16_t)a->cov); p += 2; }
	if (w & SKY_CAT062_ACC_APW) { st32(p, (uint32_t)a->apw_lat << 16 | a->apw_lon); p += 4; }
	if (w & SKY_CAT062_ACC_AGA) *p++ = a->aga;
	if (w & SKY_CAT062_ACC_ABA) *p++ = a->aba;
	if (w & SKY_CAT062_ACC_ATV) { p[0] = a->atv_x; p[1] = a->atv_y; p += 2; }
	if (w & SKY_CAT062_ACC_AA) { p[0] = a->aa_x; p[1] = a->aa_y; p += 2; }
	if (w & SKY_CAT062_ACC_ARC) *p++ = a->arc;
	return p;
}

static uint8_t *put_500(uint8_t *p, const struct sky_cat062_accuracy *a)
{
	uint32_t w = a->present & ACC_ALL;
	p = put_primary16(p, w);
	if (w & SKY_CAT062_ACC_APC) { st32(p, (uint32_t)a->apc_x << 16 | a->apc_y); p += 4; }
	return (w & ~(uint32_t)SKY_CAT062_ACC_APC) ? put_500_later(p, a, w) : p;
}

/* I062/080: as many octets as the last non-zero one needs, FX before it. */
static inline uint8_t *put_080(uint8_t *p, uint64_t status)
{
	uint64_t s = status & SKY_CAT062_TS_ALL;
	unsigned b = (unsigned)__builtin_ctzll(s | 1ull << 56);
	st64(p, s | (0x0101010101000000ull & ~((2ull << b) - 1u)));
	return p + 8 - (b >> 3);
}

/* Items of FRN 1..10 (identity and kinematics). */
static inline __attribute__((always_inline)) uint8_t *put_first(uint8_t *p, const struct sky_cat062 *r, uint32_t fs)
{
	if (fs & SKY_CAT062_I010) { p[0] = r->sac; p[1] = r->sic; p += 2; }
	if (fs & SKY_CAT062_I015) *p++ = r->service;
	if (fs & SKY_CAT062_I070) { st32(p, r->tod << 8); p += 3; }
	if (fs & SKY_CAT062_I105) {
		st32(p, (uint32_t)r->lat);
		st32(p + 4, (uint32_t)r->lon);
		p += 8;
	}
	if (fs & SKY_CAT062_I100) {
		st32(p, (uint32_t)r->x << 8);
		st32(p + 3, (uint32_t)r->y << 8);
		p += 6;
	}
	if (fs & SKY_CAT062_I185) { st32(p, (uint32_t)(uint16_t)r->vx << 16 | (uint16_t)r->vy); p += 4; }
	if (fs & SKY_CAT062_I210) { p[0] = (uint8_t)r->ax; p[1] = (uint8_t)r->ay; p += 2; }
	if (fs & SKY_CAT062_I060) {
		st16(p, (uint32_t)(r->mode3a_flags & 0xe0u) << 8 | (r->mode3a & 0xfffu));
		p += 2;
	}
	if (fs & SKY_CAT062_I245) {
		*p++ = (uint8_t)(r->sti << 6);
		p = put_icao6(p, r->callsign);
	}
	return p;
}

/* Items of FRN 11..28. */
static inline __attribute__((always_inline)) uint8_t *put_rest(uint8_t *p, const struct sky_cat062 *r, uint32_t fs)
{
	if (fs & SKY_CAT062_I380) p = put_380(p, &r->adr);
	if (fs & SKY_CAT062_I040) { st16(p, r->track_number); p += 2; }
	if (fs & SKY_CAT062_I080) p = put_080(p, r->status);
	if (fs & SKY_CAT062_I290) p = put_290(p, &r->upd);
	if (fs & SKY_CAT062_I200) {
		*p++ = (uint8_t)((r->mom_trans & 3) << 6 | (r->mom_long & 3) << 4 |
				 (r->mom_vert & 3) << 2 | (r->mom_adf & 1) << 1);
	}
	if (fs & SKY_CAT062_I295) p = put_295(p, &r->ages);
	if (fs & SKY_CAT062_I136) { st16(p, (uint16_t)r->fl); p += 2; }
	if (fs & SKY_CAT062_I130) { st16(p, (uint16_t)r->geo_alt); p += 2; }
	if (fs & SKY_CAT062_I135) {
		st16(p, (uint32_t)(r->baro_qnh & 1) << 15 | ((uint32_t)r->baro_alt & 0x7fffu));
		p += 2;
	}
	if (fs & SKY_CAT062_I220) { st16(p, (uint16_t)r->roc); p += 2; }
	if (fs & SKY_CAT062_I500) p = put_500(p, &r->acc);
	if (fs & SKY_CAT062_I340) p = put_340(p, &r->mi);
	return p;
}

/* The record into a local buffer, copied when it fits in cap. */
static __attribute__((noinline)) size_t encode_small(const struct sky_cat062 *r,
						     uint8_t *buf, size_t cap)
{
	uint8_t tmp[SKY_CAT062_MAX_RECORD + SKY_CAT062_ENCODE_SLACK];
	size_t n = sky_cat062_encode(r, tmp, sizeof(tmp));
	if (n > cap)
		return 0;
	memcpy(buf, tmp, n);
	return n;
}

/* 200 Ir/record typical track, was 220 (2026-11-22, perf/bench_decode.sh: callgrind on bench_cat062_loop) */
size_t sky_cat062_encode(const struct sky_cat062 *r, uint8_t *buf, size_t cap)
{
	uint32_t fs = r->present & ENCODABLE;
	if (fs == 0)
		return 0;
	if (cap < SKY_CAT062_MAX_RECORD + SKY_CAT062_ENCODE_SLACK)
		return encode_small(r, buf, cap);
	uint8_t *p = put_primary32(buf, fs);
	p = put_first(p, r, fs);
	p = put_rest(p, r, fs);
	return (size_t)(p - buf);
}
