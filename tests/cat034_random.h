/*
 * cat034_random.h - random valid CAT034 records for the round-trip and
 * tshark tests (header-only, static: each test binary gets its own copy).
 *
 * Every item is drawn with probability 1/2 (I034/010 and 000 always), every
 * compound subfield too. With `spec` the values stay inside what the edition
 * defines and Wireshark checks: message types 1 to 7, a time of day before
 * midnight, data filter types 0 to 9, counter types 0 to 20, at most five
 * counters. Without it the fields use their full width. Both draw the same
 * random numbers.
 */
#ifndef SKY_TEST_CAT034_RANDOM_H
#define SKY_TEST_CAT034_RANDOM_H

#include <stdbool.h>
#include <string.h>

#include "cat034.h"
#include "testlib.h"

static inline uint8_t c034_random_subfields(uint64_t *s)
{
	static const uint8_t bits[4] = {SKY_CAT034_SUB_COM, SKY_CAT034_SUB_PSR,
					SKY_CAT034_SUB_SSR, SKY_CAT034_SUB_MDS};
	uint8_t sub = 0;
	for (unsigned i = 0; i < 4; i++)
		if (sky_test_rand(s) & 1)
			sub |= bits[i];
	return sub;
}

/*
 * A random record; RE and SP, when present, are up to room - 1 bytes of
 * pool and of pool + room (pool holds 2 * room bytes).
 */
static inline void c034_random(uint64_t *s, struct sky_cat034 *r, bool spec, const uint8_t *pool,
			       unsigned room)
{
	memset(r, 0, sizeof(*r));
	r->present = (uint32_t)(sky_test_rand(s) & 0x3fff) | SKY_CAT034_I010 | SKY_CAT034_I000;
	uint64_t v = sky_test_rand(s);
	r->sac = (uint8_t)v;
	r->sic = (uint8_t)(v >> 8);
	r->msg_type = (uint8_t)(spec ? 1 + (v >> 16) % 7 : v >> 16);
	r->sector = (uint8_t)(v >> 24);
	r->tod = spec ? (uint32_t)(v >> 32) % (86400 * 128) : (uint32_t)(v >> 32) & 0xffffff;
	v = sky_test_rand(s);
	r->rot_period = (uint16_t)v;
	r->cfg_sub = c034_random_subfields(s);
	r->cfg_com = (uint8_t)(v >> 16);
	r->cfg_psr = (uint8_t)(v >> 24);
	r->cfg_ssr = (uint8_t)(v >> 32);
	r->cfg_mds = (uint16_t)(v >> 40);
	r->mode_sub = c034_random_subfields(s);
	v = sky_test_rand(s);
	r->mode_com = (uint8_t)v;
	r->mode_psr = (uint8_t)(v >> 8);
	r->mode_ssr = (uint8_t)(v >> 16);
	r->mode_mds = (uint8_t)(v >> 24);
	r->data_filter = (uint8_t)(spec ? (v >> 32) % 10 : v >> 32);
	r->coll_rng = (int8_t)(v >> 40);
	r->coll_azm = (int8_t)(v >> 48);
	r->n_counts = (uint8_t)sky_test_rand_below(s, spec ? 6 : SKY_CAT034_MAX_COUNTS + 1);
	for (unsigned i = 0; i < r->n_counts; i++) {
		v = sky_test_rand(s);
		r->counts[i].typ = (uint8_t)(spec ? v % 21 : v & 0x1f);
		r->counts[i].count = (uint16_t)((v >> 8) & 0x7ff);
	}
	v = sky_test_rand(s);
	r->win_rho_start = (uint16_t)v;
	r->win_rho_end = (uint16_t)(v >> 16);
	r->win_theta_start = (uint16_t)(v >> 32);
	r->win_theta_end = (uint16_t)(v >> 48);
	r->pos_hgt = (int16_t)sky_test_rand(s);
	r->pos_lat = (int32_t)sky_test_rand_below(s, (1u << 23) + 1) - (1 << 22);
	r->pos_lon = sky_sext((uint32_t)sky_test_rand(s), 24);
	r->re_len = (uint8_t)sky_test_rand_below(s, room);
	r->re = pool;
	r->sp_len = (uint8_t)sky_test_rand_below(s, room);
	r->sp = pool + room;
}

#endif
