/*
 * cat062_random.h - random valid CAT062 records for the round-trip and
 * tshark tests (header-only, static: each test binary gets its own copy).
 *
 * Every encodable item and subfield is drawn with probability 1/2 (I062/010
 * always, since it is mandatory). With `spec_ranges` the values stay inside
 * the ranges the edition states (what a real SDPS sends, and what Wireshark
 * checks); without it they use the full width of their item, which
 * exercises the encoder's truncation and sign handling.
 */
#ifndef SKY_TEST_CAT062_RANDOM_H
#define SKY_TEST_CAT062_RANDOM_H

#include <stdbool.h>
#include <string.h>

#include "cat062.h"
#include "testlib.h"

/* Uniform in [lo, hi]. */
static inline int32_t c062_range(uint64_t *s, int32_t lo, int32_t hi)
{
	return lo + (int32_t)sky_test_rand_below(s, (uint32_t)(hi - lo) + 1u);
}

/* Signed value of `bits` bits, full width. */
static inline int32_t c062_sbits(uint64_t *s, unsigned bits)
{
	return sky_sext((uint32_t)sky_test_rand(s), bits);
}

static inline uint32_t c062_ubits(uint64_t *s, unsigned bits)
{
	return (uint32_t)sky_test_rand(s) & ((bits >= 32) ? 0xffffffffu : (1u << bits) - 1u);
}

static inline int32_t c062_val(uint64_t *s, bool spec, int32_t lo, int32_t hi, unsigned bits)
{
	return spec ? c062_range(s, lo, hi) : c062_sbits(s, bits);
}

static inline uint32_t c062_uval(uint64_t *s, bool spec, int32_t lo, int32_t hi, unsigned bits)
{
	return spec ? (uint32_t)c062_range(s, lo, hi) : c062_ubits(s, bits);
}

/* A random subset of the bits of mask (at least one when nonempty). */
static inline uint64_t c062_subset(uint64_t *s, uint64_t mask, bool nonempty)
{
	for (;;) {
		uint64_t v = sky_test_rand(s) & mask;
		if (v || !nonempty)
			return v;
	}
}

static inline void c062_random_adr(uint64_t *s, struct sky_cat062_adr *a, bool spec,
				   bool nonempty)
{
	const uint32_t all = SKY_CAT062_ADR_ADR | SKY_CAT062_ADR_ID | SKY_CAT062_ADR_MHG |
			     SKY_CAT062_ADR_IAS | SKY_CAT062_ADR_TAS | SKY_CAT062_ADR_SAL |
			     SKY_CAT062_ADR_FSS | SKY_CAT062_ADR_COM | SKY_CAT062_ADR_BVR |
			     SKY_CAT062_ADR_GVR | SKY_CAT062_ADR_RAN | SKY_CAT062_ADR_TAN |
			     SKY_CAT062_ADR_GS | SKY_CAT062_ADR_EMC | SKY_CAT062_ADR_POS |
			     SKY_CAT062_ADR_GAL | SKY_CAT062_ADR_IAR | SKY_CAT062_ADR_MAC |
			     SKY_CAT062_ADR_BPS;
	a->present = (uint32_t)c062_subset(s, all, nonempty);
	a->adr = c062_ubits(s, 24);
	sky_test_rand_callsign(s, a->id);
	a->mhg = (uint16_t)c062_ubits(s, 16);
	a->ias_im = (uint8_t)c062_ubits(s, 1);
	a->ias = (uint16_t)c062_uval(s, a->ias_im && spec, 0, 4096, 15);
	a->tas = (uint16_t)c062_uval(s, spec, 0, 2046, 16);
	a->sal_sas = (uint8_t)c062_ubits(s, 1);
	a->sal_src = (uint8_t)c062_ubits(s, 2);
	a->sal_alt = (int16_t)c062_val(s, spec, -52, 4000, 13);
	a->fss_flags = (uint8_t)c062_ubits(s, 3);
	a->fss_alt = (int16_t)c062_val(s, spec, -52, 4000, 13);
	a->com = (uint16_t)(c062_ubits(s, 16) & 0xfcff);
	a->bvr = (int16_t)c062_sbits(s, 16);
	a->gvr = (int16_t)c062_sbits(s, 16);
	a->ran = (int16_t)c062_val(s, spec, -18000, 18000, 16);
	a->tan = (uint16_t)c062_ubits(s, 16);
	a->gs = (int16_t)c062_sbits(s, 16);
	a->emc = (uint8_t)c062_uval(s, spec, 0, 24, 8);
	a->pos_lat = c062_val(s, spec, -(1 << 22), 1 << 22, 24);
	a->pos_lon = c062_val(s, spec, -(1 << 23), (1 << 23) - 1, 24);
	a->gal = (int16_t)c062_val(s, spec, -240, 24000, 16);
	a->iar = (uint16_t)c062_uval(s, spec, 0, 1100, 16);
	a->mac = (uint16_t)c062_uval(s, spec, 0, 512, 16);
	a->bps = (uint16_t)c062_ubits(s, 12);
}

static inline void c062_random_compounds(uint64_t *s, struct sky_cat062 *r, bool spec,
					 bool nonempty)
{
	c062_random_adr(s, &r->adr, spec, nonempty);
	r->upd.present = (uint32_t)c062_subset(s, 0x7f70u, nonempty);
	for (unsigned i = 0; i < SKY_CAT062_UPD_N; i++)
		r->upd.age[i] = (uint16_t)c062_ubits(s, i == SKY_CAT062_UPD_ADS ? 16 : 8);
	r->ages.present = c062_subset(s, 0x7f7f7f7f70ull, nonempty);
	for (unsigned i = 0; i < SKY_CAT062_AGE_N; i++)
		r->ages.age[i] = (uint8_t)c062_ubits(s, 8);
	struct sky_cat062_measured *m = &r->mi;
	m->present = (uint8_t)c062_subset(s, 0x7e, nonempty);
	m->sac = (uint8_t)c062_ubits(s, 8);
	m->sic = (uint8_t)c062_ubits(s, 8);
	m->rho = (uint16_t)c062_ubits(s, 16);
	m->theta = (uint16_t)c062_ubits(s, 16);
	m->height = (int16_t)c062_sbits(s, 16);
	m->mdc_flags = (uint8_t)c062_ubits(s, 2);
	m->lmc = (int16_t)c062_val(s, spec, -48, 5080, 14);
	m->mda_flags = (uint8_t)c062_ubits(s, 3);
	m->mode3a = (uint16_t)c062_ubits(s, 12);
	m->typ = (uint8_t)c062_ubits(s, 3);
	m->typ_flags = (uint8_t)c062_ubits(s, 3);
	struct sky_cat062_accuracy *a = &r->acc;
	a->present = (uint16_t)c062_subset(s, 0x7f40u, nonempty);
	a->apc_x = (uint16_t)c062_ubits(s, 16);
	a->apc_y = (uint16_t)c062_ubits(s, 16);
	a->cov = (int16_t)c062_sbits(s, 16);
	a->apw_lat = (uint16_t)c062_ubits(s, 16);
	a->apw_lon = (uint16_t)c062_ubits(s, 16);
	a->aga = (uint8_t)c062_ubits(s, 8);
	a->aba = (uint8_t)c062_ubits(s, 8);
	a->atv_x = (uint8_t)c062_ubits(s, 8);
	a->atv_y = (uint8_t)c062_ubits(s, 8);
	a->aa_x = (uint8_t)c062_ubits(s, 8);
	a->aa_y = (uint8_t)c062_ubits(s, 8);
	a->arc = (uint8_t)c062_ubits(s, 8);
}

/*
 * A random valid record. `nonempty`: compounds present carry at least one
 * subfield (an empty compound is legal but nobody sends one).
 */
static inline void c062_random(uint64_t *s, struct sky_cat062 *r, bool spec, bool nonempty)
{
	const uint32_t items = SKY_CAT062_I015 | SKY_CAT062_I070 | SKY_CAT062_I105 |
			       SKY_CAT062_I100 | SKY_CAT062_I185 | SKY_CAT062_I210 |
			       SKY_CAT062_I060 | SKY_CAT062_I245 | SKY_CAT062_I380 |
			       SKY_CAT062_I040 | SKY_CAT062_I080 | SKY_CAT062_I290 |
			       SKY_CAT062_I200 | SKY_CAT062_I295 | SKY_CAT062_I136 |
			       SKY_CAT062_I130 | SKY_CAT062_I135 | SKY_CAT062_I220 |
			       SKY_CAT062_I500 | SKY_CAT062_I340;
	memset(r, 0, sizeof(*r));
	r->present = SKY_CAT062_I010 | (uint32_t)c062_subset(s, items, false);
	r->sac = (uint8_t)c062_ubits(s, 8);
	r->sic = (uint8_t)c062_ubits(s, 8);
	r->service = (uint8_t)c062_ubits(s, 8);
	r->tod = (uint32_t)c062_range(s, 0, 86400 * 128 - 1);
	r->lat = c062_range(s, -(1 << 24), 1 << 24);
	r->lon = c062_range(s, -(1 << 25), (1 << 25) - 1);
	r->x = c062_sbits(s, 24);
	r->y = c062_sbits(s, 24);
	r->vx = (int16_t)c062_sbits(s, 16);
	r->vy = (int16_t)c062_sbits(s, 16);
	r->ax = (int8_t)c062_sbits(s, 8);
	r->ay = (int8_t)c062_sbits(s, 8);
	r->mode3a_flags = (uint8_t)(c062_ubits(s, 8) & 0xe0);
	r->mode3a = (uint16_t)c062_ubits(s, 12);
	r->sti = (uint8_t)c062_ubits(s, 2);
	sky_test_rand_callsign(s, r->callsign);
	r->track_number = (uint16_t)c062_ubits(s, 16);
	r->status = sky_test_rand(s) & SKY_CAT062_TS_ALL;
	/* Mostly short status items, like real ones. */
	r->status &= ~0ull << (8 * sky_test_rand_below(s, 6) + 16);
	r->mom_trans = (uint8_t)c062_ubits(s, 2);
	r->mom_long = (uint8_t)c062_ubits(s, 2);
	r->mom_vert = (uint8_t)c062_ubits(s, 2);
	r->mom_adf = (uint8_t)c062_ubits(s, 1);
	r->fl = (int16_t)c062_val(s, spec, -60, 6000, 16);
	r->geo_alt = (int16_t)c062_val(s, spec, -240, 24000, 16);
	r->baro_qnh = (uint8_t)c062_ubits(s, 1);
	r->baro_alt = (int16_t)c062_val(s, spec, -60, 6000, 15);
	r->roc = (int16_t)c062_sbits(s, 16);
	c062_random_compounds(s, r, spec, nonempty);
}

#endif
