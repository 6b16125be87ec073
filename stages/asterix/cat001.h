/*
 * cat001.h - ASTERIX CAT001, legacy monoradar target reports (plots and
 * tracks), edition 1.4.
 *
 * CAT001 has two UAPs: the plot UAP and the track UAP, chosen by the TYP bit
 * of I001/020. The same item sits at different FRNs in each, so the presence
 * mask here is per item (enum sky_cat001_item), not per FRN. Fields are in
 * the items' LSB units (unit next to each field); octal codes and their
 * V/G/L bits are kept as the 16-bit item value. Lists (I001/030, 130, 210)
 * keep their first SKY_CAT001_MAX_LIST elements. SP is referenced in place
 * in the decoded buffer.
 */
#ifndef SKY_CAT001_H
#define SKY_CAT001_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast_category.h"

enum sky_cat001_edition {
	SKY_CAT001_ED_1_4 = 0, /* newest, the default */
	SKY_CAT001_N_EDITIONS
};

/* Bits of sky_cat001.present (one per item, whichever UAP). */
enum sky_cat001_item {
	SKY_CAT001_I010 = 1u << 0,  /* data source identifier (mandatory) */
	SKY_CAT001_I020 = 1u << 1,  /* target report descriptor (mandatory) */
	SKY_CAT001_I030 = 1u << 2,  /* warning/error conditions */
	SKY_CAT001_I040 = 1u << 3,  /* measured position, polar */
	SKY_CAT001_I042 = 1u << 4,  /* calculated position, Cartesian (track) */
	SKY_CAT001_I050 = 1u << 5,  /* Mode-2 code */
	SKY_CAT001_I060 = 1u << 6,  /* Mode-2 code confidence */
	SKY_CAT001_I070 = 1u << 7,  /* Mode-3/A code */
	SKY_CAT001_I080 = 1u << 8,  /* Mode-3/A code confidence */
	SKY_CAT001_I090 = 1u << 9,  /* Mode-C height, binary */
	SKY_CAT001_I100 = 1u << 10, /* Mode-C code, Gray, and confidence */
	SKY_CAT001_I120 = 1u << 11, /* measured radial Doppler speed */
	SKY_CAT001_I130 = 1u << 12, /* radar plot characteristics */
	SKY_CAT001_I131 = 1u << 13, /* received power */
	SKY_CAT001_I141 = 1u << 14, /* truncated time of day */
	SKY_CAT001_I150 = 1u << 15, /* presence of X-pulse */
	SKY_CAT001_I161 = 1u << 16, /* track/plot number (track) */
	SKY_CAT001_I170 = 1u << 17, /* track status (track) */
	SKY_CAT001_I200 = 1u << 18, /* calculated track velocity, polar (track) */
	SKY_CAT001_I210 = 1u << 19, /* track quality (track) */
	SKY_CAT001_SP = 1u << 20,   /* special purpose field */
	SKY_CAT001_N_ITEMS = 21
};

/* Items only the track UAP carries. */
#define SKY_CAT001_TRACK_ONLY \
	(SKY_CAT001_I042 | SKY_CAT001_I161 | SKY_CAT001_I170 | SKY_CAT001_I200 | SKY_CAT001_I210)

#define SKY_CAT001_MAX_LIST 8

struct sky_cat001 {
	uint32_t present;      /* enum sky_cat001_item */
	uint8_t sac, sic;      /* I001/010 */
	/* I001/020: first octet TYP SIM SSRPSR(2) ANT SPI RAB FX; the second
	 * (when the first has FX) TST DS1DS2(2) ME MI spare(2), FX cleared. */
	uint8_t trd[2];
	uint8_t n_warn;        /* I001/030 */
	uint8_t warn[SKY_CAT001_MAX_LIST]; /* 7-bit warning/error values */
	uint16_t rho;          /* I001/040, 1/128 NM */
	uint16_t theta;        /* I001/040, 360/2^16 deg */
	int16_t x, y;          /* I001/042, 1/64 NM */
	uint16_t mode2;        /* I001/050: V G L spare, 12-bit octal code */
	uint16_t mode2_conf;   /* I001/060: spare(4), 12 quality bits */
	uint16_t mode3a;       /* I001/070: V G L spare, 12-bit octal code */
	uint16_t mode3a_conf;  /* I001/080: spare(4), 12 quality bits */
	uint8_t modec_vg;      /* I001/090 V (bit 1) and G (bit 0) */
	int16_t fl;            /* I001/090, 1/4 FL (14 bits signed) */
	uint32_t modec_gray;   /* I001/100: V G spare(2) Gray(12) spare(4) Q(12) */
	int8_t doppler;        /* I001/120, 1/256 NM/s */
	uint8_t n_plotchar;    /* I001/130 */
	uint8_t plotchar[SKY_CAT001_MAX_LIST]; /* 7-bit values */
	int8_t power;          /* I001/131, dBm */
	uint16_t ttod;         /* I001/141, 1/128 s (time of day mod 512 s) */
	uint8_t xpulse;        /* I001/150: XA spare XC spare(2) X2 spare(2) */
	uint16_t track_no;     /* I001/161 */
	/* I001/170: first octet CON RAD MAN DOU RDPC spare GHO FX; second (when
	 * the first has FX) TRE spare(6), FX cleared. */
	uint8_t status[2];
	uint16_t gsp;          /* I001/200, 1/2^14 NM/s */
	uint16_t hdg;          /* I001/200, 360/2^16 deg */
	uint8_t n_quality;     /* I001/210 */
	uint8_t quality[SKY_CAT001_MAX_LIST]; /* 7-bit values */
	uint8_t sp_len;        /* SP body (after its length octet) */
	const uint8_t *sp;     /* in the decoded buffer */
};

static inline bool sky_cat001_is_track(const struct sky_cat001 *r)
{
	return (r->present & SKY_CAT001_I020) && (r->trd[0] & 0x80);
}

size_t sky_cat001_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err);
/*
 * One record into buf with the UAP the TYP bit of trd[0] selects (plot UAP
 * when I001/020 is absent). Returns its size, or 0 when it does not fit or
 * an item is present that this UAP does not carry (e.g. I001/161 in a plot).
 */
size_t sky_cat001_encode(const struct sky_cat001 *r, uint8_t *buf, size_t cap);
/* The plot or track UAP and its map FRN-1 -> item bit (0xff: none). */
const struct sky_ast_uap *sky_cat001_uap_for(bool track, const uint8_t **ids);
bool sky_cat001_equal(const struct sky_cat001 *a, const struct sky_cat001 *b);

extern const struct sky_ast_category sky_cat001_category;

#endif
