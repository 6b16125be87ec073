/*
 * cat048.h - ASTERIX CAT048 (monoradar target reports), edition 1.32.
 *
 * A decoded record is a compact struct: `present` says which items the
 * record carried, and only the fields of present items are written by the
 * decoder (the rest of the struct keeps whatever it held before), so
 * decoding a plot costs little more than reading its bytes. Fields hold the
 * item's values in the item's own LSB units (the unit is in the comment);
 * converting to SI units is the caller's business, once, in a batch.
 *
 * `present` is the record's FSPEC as a big-endian 32-bit word with the FX
 * bits cleared: the bit of FRN f is SKY_CAT048_FRN(f). Test items with the
 * SKY_CAT048_Innn masks below. Items that are walked but not decoded (030,
 * 080, 100, 120, 050, 055, 060, 065, SP, RE) are reported in `present` too;
 * the encoder writes only the items in SKY_CAT048_ENCODABLE.
 *
 * The two extended flag items (020, 170) are kept as their octets (FX bit
 * cleared) with a count, and read with the SKY_CAT048_TRD_* / TS_* masks and
 * the accessors below: it is one store per octet on the hot path and keeps
 * every extension of the edition without a field per bit.
 */
#ifndef SKY_CAT048_H
#define SKY_CAT048_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast_category.h"

enum sky_cat048_edition {
	SKY_CAT048_ED_1_32 = 0, /* newest, the default; 1.21..1.31 share the UAP */
	SKY_CAT048_N_EDITIONS
};

#define SKY_CAT048_N_FRN 28

/* Bit of FRN f (1..28) in `present`: the FSPEC octets, big endian. */
#define SKY_CAT048_FRN(f) (1u << (31 - 8 * (((f) - 1) / 7) - ((f) - 1) % 7))

#define SKY_CAT048_I010 SKY_CAT048_FRN(1)  /* data source identifier */
#define SKY_CAT048_I140 SKY_CAT048_FRN(2)  /* time of day */
#define SKY_CAT048_I020 SKY_CAT048_FRN(3)  /* target report descriptor */
#define SKY_CAT048_I040 SKY_CAT048_FRN(4)  /* measured position, polar */
#define SKY_CAT048_I070 SKY_CAT048_FRN(5)  /* mode 3/A code */
#define SKY_CAT048_I090 SKY_CAT048_FRN(6)  /* flight level */
#define SKY_CAT048_I130 SKY_CAT048_FRN(7)  /* radar plot characteristics */
#define SKY_CAT048_I220 SKY_CAT048_FRN(8)  /* aircraft address */
#define SKY_CAT048_I240 SKY_CAT048_FRN(9)  /* aircraft identification */
#define SKY_CAT048_I250 SKY_CAT048_FRN(10) /* BDS register data */
#define SKY_CAT048_I161 SKY_CAT048_FRN(11) /* track number */
#define SKY_CAT048_I042 SKY_CAT048_FRN(12) /* calculated position, Cartesian */
#define SKY_CAT048_I200 SKY_CAT048_FRN(13) /* calculated track velocity, polar */
#define SKY_CAT048_I170 SKY_CAT048_FRN(14) /* track status */
#define SKY_CAT048_I210 SKY_CAT048_FRN(15) /* track quality */
#define SKY_CAT048_I030 SKY_CAT048_FRN(16) /* warning/error conditions (walked) */
#define SKY_CAT048_I080 SKY_CAT048_FRN(17) /* mode 3/A confidence (walked) */
#define SKY_CAT048_I100 SKY_CAT048_FRN(18) /* mode C code and confidence (walked) */
#define SKY_CAT048_I110 SKY_CAT048_FRN(19) /* 3D height */
#define SKY_CAT048_I120 SKY_CAT048_FRN(20) /* radial Doppler speed (walked) */
#define SKY_CAT048_I230 SKY_CAT048_FRN(21) /* comms/ACAS capability, flight status */
#define SKY_CAT048_I260 SKY_CAT048_FRN(22) /* ACAS resolution advisory */
#define SKY_CAT048_I055 SKY_CAT048_FRN(23) /* mode 1 code (walked) */
#define SKY_CAT048_I050 SKY_CAT048_FRN(24) /* mode 2 code (walked) */
#define SKY_CAT048_I065 SKY_CAT048_FRN(25) /* mode 1 confidence (walked) */
#define SKY_CAT048_I060 SKY_CAT048_FRN(26) /* mode 2 confidence (walked) */
#define SKY_CAT048_SP SKY_CAT048_FRN(27)   /* special purpose field (walked) */
#define SKY_CAT048_RE SKY_CAT048_FRN(28)   /* reserved expansion field (walked) */

/* Items the decoder fills and the encoder writes. */
#define SKY_CAT048_ENCODABLE                                                   \
	(SKY_CAT048_I010 | SKY_CAT048_I140 | SKY_CAT048_I020 | SKY_CAT048_I040 |  \
	 SKY_CAT048_I070 | SKY_CAT048_I090 | SKY_CAT048_I130 | SKY_CAT048_I220 |  \
	 SKY_CAT048_I240 | SKY_CAT048_I250 | SKY_CAT048_I161 | SKY_CAT048_I042 |  \
	 SKY_CAT048_I200 | SKY_CAT048_I170 | SKY_CAT048_I210 | SKY_CAT048_I110 |  \
	 SKY_CAT048_I230 | SKY_CAT048_I260)

/* I048/020 octet 1 (trd[0]): TYP in bits 8-6, then flags. */
#define SKY_CAT048_TRD_SIM 0x10u  /* simulated target report */
#define SKY_CAT048_TRD_RDP 0x08u  /* from RDP chain 2 */
#define SKY_CAT048_TRD_SPI 0x04u  /* special position identification */
#define SKY_CAT048_TRD_RAB 0x02u  /* from a field monitor */
/* I048/020 extension 1 (trd[1]): flags, then FOE/FRI in bits 3-2. */
#define SKY_CAT048_TRD_TST 0x80u  /* test target report */
#define SKY_CAT048_TRD_ERR 0x40u  /* extended range (range in the RE field) */
#define SKY_CAT048_TRD_XPP 0x20u  /* X-pulse present */
#define SKY_CAT048_TRD_ME 0x10u   /* military emergency */
#define SKY_CAT048_TRD_MI 0x08u   /* military identification */
/* Extensions 2..5 (trd[2..5]) are EP/VAL pairs, see the format function. */
#define SKY_CAT048_TRD_MAX 6

/* I048/170 octet 1 (ts[0]): CNF, RAD (bits 7-6), DOU, MAH, CDM (bits 3-2). */
#define SKY_CAT048_TS_CNF 0x80u   /* tentative track */
#define SKY_CAT048_TS_DOU 0x10u   /* low confidence in plot-track association */
#define SKY_CAT048_TS_MAH 0x08u   /* horizontal manoeuvre sensed */
/* I048/170 extension 1 (ts[1]). */
#define SKY_CAT048_TS_TRE 0x80u   /* end of track */
#define SKY_CAT048_TS_GHO 0x40u   /* ghost target track */
#define SKY_CAT048_TS_SUP 0x20u   /* maintained with neighbour node information */
#define SKY_CAT048_TS_TCC 0x10u   /* slant range corrected, projected plane */
#define SKY_CAT048_TS_MAX 2

/* I048/070 and I048/090 flag bits (as in the item's first octet). */
#define SKY_CAT048_V 0x80u        /* code not validated */
#define SKY_CAT048_G 0x40u        /* garbled code */
#define SKY_CAT048_L 0x20u        /* 070 only: code not extracted this scan */

/* I048/130 subfields (rpc_present, as in the primary subfield octet). */
#define SKY_CAT048_RPC_SRL 0x80u
#define SKY_CAT048_RPC_SRR 0x40u
#define SKY_CAT048_RPC_SAM 0x20u
#define SKY_CAT048_RPC_PRL 0x10u
#define SKY_CAT048_RPC_PAM 0x08u
#define SKY_CAT048_RPC_RPD 0x04u
#define SKY_CAT048_RPC_APD 0x02u

struct sky_cat048 {
	uint32_t present;        /* SKY_CAT048_Innn bits */
	uint8_t sac, sic;        /* I048/010 */
	uint8_t trd_len;         /* I048/020: octets kept, 1..6 */
	uint8_t trd[SKY_CAT048_TRD_MAX]; /* I048/020 octets, FX bits cleared */
	uint32_t tod;            /* I048/140: 1/128 s since midnight UTC */
	uint16_t rho;            /* I048/040: 1/256 NM */
	uint16_t theta;          /* I048/040: 360/2^16 deg */
	uint16_t mode3a;         /* I048/070: 12-bit code, octal digits ABCD */
	uint8_t m3a_flags;       /* I048/070: SKY_CAT048_V|G|L */
	uint8_t fl_flags;        /* I048/090: SKY_CAT048_V|G */
	int16_t fl;              /* I048/090: 1/4 FL (25 ft) */
	uint8_t rpc_present;     /* I048/130: SKY_CAT048_RPC_* subfields present */
	uint8_t srl;             /* I048/130 SRL: 360/2^13 deg */
	uint8_t srr;             /* I048/130 SRR: replies */
	int8_t sam;              /* I048/130 SAM: dBm */
	uint8_t prl;             /* I048/130 PRL: 360/2^13 deg */
	int8_t pam;              /* I048/130 PAM: dBm */
	int8_t rpd;              /* I048/130 RPD: 1/256 NM (PSR - SSR) */
	int8_t apd;              /* I048/130 APD: 360/2^14 deg (PSR - SSR) */
	uint32_t address;        /* I048/220: 24-bit ICAO address */
	char callsign[9];        /* I048/240: trailing spaces removed */
	uint8_t mb_count;        /* I048/250: repetitions */
	const uint8_t *mb;       /* I048/250: mb_count * 8 bytes in the record */
	uint16_t track_number;   /* I048/161: 12 bits */
	int16_t x, y;            /* I048/042: 1/128 NM */
	uint16_t gsp;            /* I048/200: 2^-14 NM/s */
	uint16_t hdg;            /* I048/200: 360/2^16 deg */
	uint8_t ts_len;          /* I048/170: octets kept, 1..2 */
	uint8_t ts[SKY_CAT048_TS_MAX]; /* I048/170 octets, FX bits cleared */
	uint8_t sigx, sigy;      /* I048/210: 1/128 NM */
	uint8_t sigv;            /* I048/210: 2^-14 NM/s */
	uint8_t sigh;            /* I048/210: 360/2^12 deg */
	int16_t height;          /* I048/110: 25 ft */
	uint8_t com, stat;       /* I048/230: COM, STAT (3 bits each) */
	uint8_t si, mssc, arc, aic, b1a; /* I048/230: one bit each */
	uint8_t b1b;             /* I048/230: 4 bits */
	uint8_t acas_ra[7];      /* I048/260: 56 bits as sent */
};

/* Multi-bit fields of the extended items. */
static inline unsigned sky_cat048_typ(const struct sky_cat048 *r) { return r->trd[0] >> 5; }
static inline unsigned sky_cat048_foefri(const struct sky_cat048 *r)
{
	return r->trd_len > 1 ? (r->trd[1] >> 1) & 3u : 0;
}
static inline unsigned sky_cat048_rad(const struct sky_cat048 *r) { return (r->ts[0] >> 5) & 3u; }
static inline unsigned sky_cat048_cdm(const struct sky_cat048 *r) { return (r->ts[0] >> 1) & 3u; }

/*
 * Decode one record (see ast_category.h for the contract). A record without
 * I048/010 is MISSING_MANDATORY; a time of day of 86400 s or more is
 * VALUE_INVALID (both delimited: the block goes on).
 */
size_t sky_cat048_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err);

/*
 * Encode the items of r->present & SKY_CAT048_ENCODABLE into buf (one record,
 * FSPEC included). Returns the size, or 0 when it does not fit or nothing is
 * present. The record builder needs cap >= size + 7 (it writes the items
 * behind room for the longest FSPEC, then moves them).
 */
size_t sky_cat048_encode(const struct sky_cat048 *r, uint8_t *buf, size_t cap);

/*
 * True when a and b carry the same encodable items with the same values
 * (fields of absent items and kept-but-unused bytes are ignored): the
 * round-trip check of the tests and the fuzzer.
 */
bool sky_cat048_same(const struct sky_cat048 *a, const struct sky_cat048 *b);

extern const struct sky_ast_category sky_cat048_category;

#endif
