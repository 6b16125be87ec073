/*
 * cat002.h - ASTERIX CAT002, legacy monoradar service messages (north and
 * south markers, sector crossings, blind-zone filtering), edition 1.0.
 *
 * Presence mask with one bit per FRN of the UAP; fields in the items' LSB
 * units. The free-form FX lists (I002/050, 060, 080) keep their first
 * SKY_CAT002_MAX_LIST 7-bit values, I002/070 its first SKY_CAT002_MAX_COUNTS
 * counters. SP is referenced in place in the decoded buffer.
 */
#ifndef SKY_CAT002_H
#define SKY_CAT002_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast_category.h"

enum sky_cat002_edition {
	SKY_CAT002_ED_1_0 = 0, /* the default */
	SKY_CAT002_N_EDITIONS
};

/* Bits of sky_cat002.present: bit FRN-1 of the UAP. */
enum sky_cat002_item {
	SKY_CAT002_I010 = 1u << 0,  /* data source identifier (mandatory) */
	SKY_CAT002_I000 = 1u << 1,  /* message type (mandatory) */
	SKY_CAT002_I020 = 1u << 2,  /* sector number */
	SKY_CAT002_I030 = 1u << 3,  /* time of day */
	SKY_CAT002_I041 = 1u << 4,  /* antenna rotation period */
	SKY_CAT002_I050 = 1u << 5,  /* station configuration status */
	SKY_CAT002_I060 = 1u << 6,  /* station processing mode */
	SKY_CAT002_I070 = 1u << 7,  /* plot count values */
	SKY_CAT002_I100 = 1u << 8,  /* dynamic window type 1 */
	SKY_CAT002_I090 = 1u << 9,  /* collimation error */
	SKY_CAT002_I080 = 1u << 10, /* warning/error conditions */
	SKY_CAT002_SP = 1u << 12,   /* special purpose field (FRN 13) */
};

/* I002/000 message types. */
enum sky_cat002_msg_type {
	SKY_CAT002_NORTH_MARKER = 1,
	SKY_CAT002_SECTOR_CROSSING = 2,
	SKY_CAT002_SOUTH_MARKER = 3,
	SKY_CAT002_BLIND_ZONE_ON = 8,
	SKY_CAT002_BLIND_ZONE_OFF = 9,
};

#define SKY_CAT002_MAX_LIST 8
#define SKY_CAT002_MAX_COUNTS 32

struct sky_cat002_count {
	uint8_t aerial;   /* 0 antenna 1, 1 antenna 2 */
	uint8_t ident;    /* 5 bits: 1 primary, 2 SSR, 3 combined */
	uint16_t counter; /* 10 bits */
};

struct sky_cat002 {
	uint32_t present;      /* enum sky_cat002_item */
	uint8_t sac, sic;      /* I002/010 */
	uint8_t msg_type;      /* I002/000, enum sky_cat002_msg_type */
	uint8_t sector;        /* I002/020, 360/2^8 deg */
	uint32_t tod;          /* I002/030, 1/128 s (24 bits) */
	uint16_t rot_period;   /* I002/041, 1/128 s */
	uint8_t n_config;      /* I002/050 */
	uint8_t config[SKY_CAT002_MAX_LIST];  /* 7-bit values */
	uint8_t n_procmode;    /* I002/060 */
	uint8_t procmode[SKY_CAT002_MAX_LIST]; /* 7-bit values */
	uint8_t n_counts;      /* I002/070 */
	struct sky_cat002_count counts[SKY_CAT002_MAX_COUNTS];
	/* I002/100 */
	uint16_t win_rho_start;   /* 1/128 NM */
	uint16_t win_rho_end;     /* 1/128 NM */
	uint16_t win_theta_start; /* 360/2^16 deg */
	uint16_t win_theta_end;   /* 360/2^16 deg */
	/* I002/090 */
	int8_t coll_rng;       /* 1/128 NM */
	int8_t coll_azm;       /* 360/2^14 deg */
	uint8_t n_warn;        /* I002/080 */
	uint8_t warn[SKY_CAT002_MAX_LIST]; /* 7-bit values */
	uint8_t sp_len;        /* SP body (after its length octet) */
	const uint8_t *sp;     /* in the decoded buffer */
};

size_t sky_cat002_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err);
/* One record into buf; returns its size, or 0 when it does not fit (or a
 * list is empty, or SP is longer than 254 bytes). */
size_t sky_cat002_encode(const struct sky_cat002 *r, uint8_t *buf, size_t cap);
bool sky_cat002_equal(const struct sky_cat002 *a, const struct sky_cat002 *b);

extern const struct sky_ast_category sky_cat002_category;

#endif
