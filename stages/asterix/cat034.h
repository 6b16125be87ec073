/*
 * cat034.h - ASTERIX CAT034, transmission of monoradar service messages
 * (north marker, sector crossing, geographical filtering, jamming strobe).
 *
 * A decoded record is a presence mask with one bit per FRN of the UAP and
 * the items' fields in their LSB units (unit in the comment next to each
 * field). Only the fields of present items are written by the decoder. SP
 * and RE are opaque: their bodies are referenced in place in the decoded
 * buffer (like sky_ast_record.raw), never copied.
 */
#ifndef SKY_CAT034_H
#define SKY_CAT034_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast_category.h"

enum sky_cat034_edition {
	SKY_CAT034_ED_1_29 = 0, /* newest, the default */
	SKY_CAT034_N_EDITIONS
};

/* Bits of sky_cat034.present: bit FRN-1 of the UAP. */
enum sky_cat034_item {
	SKY_CAT034_I010 = 1u << 0,  /* data source identifier (mandatory) */
	SKY_CAT034_I000 = 1u << 1,  /* message type (mandatory) */
	SKY_CAT034_I030 = 1u << 2,  /* time of day */
	SKY_CAT034_I020 = 1u << 3,  /* sector number */
	SKY_CAT034_I041 = 1u << 4,  /* antenna rotation period */
	SKY_CAT034_I050 = 1u << 5,  /* system configuration and status */
	SKY_CAT034_I060 = 1u << 6,  /* system processing mode */
	SKY_CAT034_I070 = 1u << 7,  /* message count values */
	SKY_CAT034_I100 = 1u << 8,  /* generic polar window */
	SKY_CAT034_I110 = 1u << 9,  /* data filter */
	SKY_CAT034_I120 = 1u << 10, /* 3D position of data source */
	SKY_CAT034_I090 = 1u << 11, /* collimation error */
	SKY_CAT034_RE = 1u << 12,   /* reserved expansion field */
	SKY_CAT034_SP = 1u << 13,   /* special purpose field */
};

/* I034/000 message types. */
enum sky_cat034_msg_type {
	SKY_CAT034_NORTH_MARKER = 1,
	SKY_CAT034_SECTOR_CROSSING = 2,
	SKY_CAT034_GEO_FILTERING = 3,
	SKY_CAT034_JAMMING_STROBE = 4,
	SKY_CAT034_SOLAR_STORM = 5,
	SKY_CAT034_SSR_JAMMING_STROBE = 6,
	SKY_CAT034_MODES_JAMMING_STROBE = 7,
};

/* Subfields of the compounds I034/050 and I034/060 (bit i = subfield i). */
enum sky_cat034_sub {
	SKY_CAT034_SUB_COM = 1u << 0,
	SKY_CAT034_SUB_PSR = 1u << 3,
	SKY_CAT034_SUB_SSR = 1u << 4,
	SKY_CAT034_SUB_MDS = 1u << 5,
};

/* I034/070 keeps at most this many counters (TYP has 5 bits). */
#define SKY_CAT034_MAX_COUNTS 32

struct sky_cat034_count {
	uint8_t typ;    /* type of message counter (5 bits) */
	uint16_t count; /* 11 bits */
};

struct sky_cat034 {
	uint32_t present;      /* enum sky_cat034_item */
	uint8_t sac, sic;      /* I034/010 */
	uint8_t msg_type;      /* I034/000, enum sky_cat034_msg_type */
	uint8_t sector;        /* I034/020, 360/2^8 deg */
	uint32_t tod;          /* I034/030, 1/128 s (24 bits) */
	uint16_t rot_period;   /* I034/041, 1/128 s */
	/* I034/050: subfield octets as received (spare bits kept). */
	uint8_t cfg_sub;       /* enum sky_cat034_sub */
	uint8_t cfg_com;       /* NOGO RDPC RDPR OVLRDP OVLXMT MSC TSV spare */
	uint8_t cfg_psr;       /* ANT CHAB(2) OVL MSC spare(3) */
	uint8_t cfg_ssr;       /* ANT CHAB(2) OVL MSC spare(3) */
	uint16_t cfg_mds;      /* ANT CHAB(2) OVLSUR MSC SCF DLF OVLSCF OVLDLF spare(7) */
	/* I034/060: subfield octets as received. */
	uint8_t mode_sub;      /* enum sky_cat034_sub */
	uint8_t mode_com;      /* spare REDRDP(3) REDXMT(3) spare */
	uint8_t mode_psr;      /* POL REDRAD(3) STC(2) spare(2) */
	uint8_t mode_ssr;      /* REDRAD(3) spare(5) */
	uint8_t mode_mds;      /* REDRAD(3) CLU spare(4) */
	/* I034/070: the first SKY_CAT034_MAX_COUNTS counters. */
	uint8_t n_counts;
	struct sky_cat034_count counts[SKY_CAT034_MAX_COUNTS];
	/* I034/100 */
	uint16_t win_rho_start;   /* 1/256 NM */
	uint16_t win_rho_end;     /* 1/256 NM */
	uint16_t win_theta_start; /* 360/2^16 deg */
	uint16_t win_theta_end;   /* 360/2^16 deg */
	uint8_t data_filter;      /* I034/110 */
	/* I034/120 */
	int16_t pos_hgt;       /* m */
	int32_t pos_lat;       /* 180/2^23 deg, within +-90 */
	int32_t pos_lon;       /* 180/2^23 deg */
	/* I034/090 */
	int8_t coll_rng;       /* 1/128 NM */
	int8_t coll_azm;       /* 360/2^14 deg */
	/* RE and SP bodies (after the length octet), in the decoded buffer. */
	uint8_t re_len, sp_len;
	const uint8_t *re, *sp;
};

size_t sky_cat034_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err);
/* One record into buf; returns its size, or 0 when it does not fit or
 * SP/RE are longer than 254 bytes. */
size_t sky_cat034_encode(const struct sky_cat034 *r, uint8_t *buf, size_t cap);
/* Same present items with the same field values (SP/RE compared by content). */
bool sky_cat034_equal(const struct sky_cat034 *a, const struct sky_cat034 *b);

extern const struct sky_ast_category sky_cat034_category;

#endif
