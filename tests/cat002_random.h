/*
 * cat002_random.h - random valid CAT002 records for the round-trip and
 * tshark tests (header-only, static: each test binary gets its own copy).
 *
 * Every item is drawn with probability 1/2 (I002/010 and 000 always). With
 * `spec` the values stay inside what the edition defines and Wireshark
 * checks: message types 1, 2, 3, 8 and 9, a time of day before midnight,
 * short lists, counters of the three idents I002/070 names. Without it the
 * fields use their full width. Both draw the same random numbers.
 */
#ifndef SKY_TEST_CAT002_RANDOM_H
#define SKY_TEST_CAT002_RANDOM_H

#include <stdbool.h>
#include <string.h>

#include "cat002.h"
#include "testlib.h"

/* A random record; SP, when present, is up to sp_room - 1 bytes of sp. */
static inline void c002_random(uint64_t *s, struct sky_cat002 *r, bool spec, const uint8_t *sp,
			       unsigned sp_room)
{
	static const uint8_t types[] = {1, 2, 3, 8, 9};
	unsigned list_max = spec ? 4 : SKY_CAT002_MAX_LIST;
	memset(r, 0, sizeof(*r));
	r->present = ((uint32_t)sky_test_rand(s) & 0x17ff) | SKY_CAT002_I010 | SKY_CAT002_I000;
	uint64_t v = sky_test_rand(s);
	r->sac = (uint8_t)v;
	r->sic = (uint8_t)(v >> 8);
	r->msg_type = spec ? types[(v >> 16) % sizeof(types)] : (uint8_t)(v >> 16);
	r->sector = (uint8_t)(v >> 24);
	r->tod = spec ? (uint32_t)(v >> 32) % (86400 * 128) : (uint32_t)(v >> 32) & 0xffffff;
	v = sky_test_rand(s);
	r->rot_period = (uint16_t)v;
	r->coll_rng = (int8_t)(v >> 16);
	r->coll_azm = (int8_t)(v >> 24);
	r->win_rho_start = (uint16_t)(v >> 32);
	r->win_rho_end = (uint16_t)(v >> 48);
	v = sky_test_rand(s);
	r->win_theta_start = (uint16_t)v;
	r->win_theta_end = (uint16_t)(v >> 16);
	sky_test_rand_list(s, &r->n_config, r->config, list_max);
	sky_test_rand_list(s, &r->n_procmode, r->procmode, list_max);
	sky_test_rand_list(s, &r->n_warn, r->warn, list_max);
	r->n_counts = (uint8_t)sky_test_rand_below(s, spec ? 6 : SKY_CAT002_MAX_COUNTS + 1);
	for (unsigned i = 0; i < r->n_counts; i++) {
		v = sky_test_rand(s);
		r->counts[i].aerial = (uint8_t)(v & 1);
		r->counts[i].ident = (uint8_t)(spec ? 1 + (v >> 1) % 3 : (v >> 1) & 0x1f);
		r->counts[i].counter = (uint16_t)((v >> 8) & 0x3ff);
	}
	r->sp_len = (uint8_t)sky_test_rand_below(s, sp_room);
	r->sp = sp;
}

#endif
