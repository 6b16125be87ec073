/*
 * cat062.h - ASTERIX CAT062, SDPS system track data: the air picture that
 * skyfuse publishes, and that `skyfuse decode` and the scorer read back.
 *
 * Edition 1.20. Editions 1.17 to 1.21 share its item layout (1.21 only adds
 * a seventh octet to I062/080, which is walked and ignored); Wireshark 4.0
 * dissects it as 1.19, where the one difference (I062/080 MLAT) is a spare
 * bit it ignores.
 *
 * A decoded record is a presence mask and the fields of the present items
 * in their LSB units (unit in the comment next to each field). The presence
 * masks are laid out like the FSPEC (and like the compound items' primary
 * subfields) shifted right by one bit, so the encoder writes them with a
 * shift and an OR instead of assembling them bit by bit: use the enum
 * constants, never bit numbers. Items the record holds but this struct does
 * not (110, 120, 270, 300, 390, 510, RE, SP) are walked and skipped, and
 * never encoded.
 */
#ifndef SKY_CAT062_H
#define SKY_CAT062_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast_category.h"

enum sky_cat062_edition {
	SKY_CAT062_ED_1_20 = 0, /* newest, the default */
	SKY_CAT062_N_EDITIONS
};

/* Bit of FRN f (1..28) in sky_cat062.present: FSPEC bit, shifted right by 1. */
#define SKY_CAT062_FRN_BIT(f) (1u << (30 - 8 * (((f) - 1) / 7) - ((f) - 1) % 7))

/* Bits of sky_cat062.present (FRN in the comment). */
enum sky_cat062_item {
	SKY_CAT062_I010 = SKY_CAT062_FRN_BIT(1),  /* data source identifier (mandatory) */
	SKY_CAT062_I015 = SKY_CAT062_FRN_BIT(3),  /* service identification */
	SKY_CAT062_I070 = SKY_CAT062_FRN_BIT(4),  /* time of track information */
	SKY_CAT062_I105 = SKY_CAT062_FRN_BIT(5),  /* position WGS-84 */
	SKY_CAT062_I100 = SKY_CAT062_FRN_BIT(6),  /* position Cartesian */
	SKY_CAT062_I185 = SKY_CAT062_FRN_BIT(7),  /* velocity Cartesian */
	SKY_CAT062_I210 = SKY_CAT062_FRN_BIT(8),  /* acceleration Cartesian */
	SKY_CAT062_I060 = SKY_CAT062_FRN_BIT(9),  /* track Mode 3/A */
	SKY_CAT062_I245 = SKY_CAT062_FRN_BIT(10), /* target identification */
	SKY_CAT062_I380 = SKY_CAT062_FRN_BIT(11), /* aircraft derived data */
	SKY_CAT062_I040 = SKY_CAT062_FRN_BIT(12), /* track number */
	SKY_CAT062_I080 = SKY_CAT062_FRN_BIT(13), /* track status */
	SKY_CAT062_I290 = SKY_CAT062_FRN_BIT(14), /* system track update ages */
	SKY_CAT062_I200 = SKY_CAT062_FRN_BIT(15), /* mode of movement */
	SKY_CAT062_I295 = SKY_CAT062_FRN_BIT(16), /* track data ages */
	SKY_CAT062_I136 = SKY_CAT062_FRN_BIT(17), /* measured flight level */
	SKY_CAT062_I130 = SKY_CAT062_FRN_BIT(18), /* calculated geometric altitude */
	SKY_CAT062_I135 = SKY_CAT062_FRN_BIT(19), /* calculated barometric altitude */
	SKY_CAT062_I220 = SKY_CAT062_FRN_BIT(20), /* rate of climb/descent */
	SKY_CAT062_I500 = SKY_CAT062_FRN_BIT(27), /* estimated accuracies */
	SKY_CAT062_I340 = SKY_CAT062_FRN_BIT(28), /* measured information */
};

/* Bit of subfield i (0-based) of a compound whose primary is `octets` long. */
#define SKY_CAT062_SUB_BIT(octets, i) \
	(1ull << ((octets) * 8 - 2 - 8 * ((i) / 7) - (i) % 7))

/* Subfields of I062/380 (sky_cat062_adr.present) that are decoded. */
enum sky_cat062_adr_sub {
	SKY_CAT062_ADR_ADR = (int)SKY_CAT062_SUB_BIT(4, 0),  /* target address */
	SKY_CAT062_ADR_ID = (int)SKY_CAT062_SUB_BIT(4, 1),   /* target identification */
	SKY_CAT062_ADR_MHG = (int)SKY_CAT062_SUB_BIT(4, 2),  /* magnetic heading */
	SKY_CAT062_ADR_IAS = (int)SKY_CAT062_SUB_BIT(4, 3),  /* indicated airspeed / Mach */
	SKY_CAT062_ADR_TAS = (int)SKY_CAT062_SUB_BIT(4, 4),  /* true airspeed */
	SKY_CAT062_ADR_SAL = (int)SKY_CAT062_SUB_BIT(4, 5),  /* selected altitude */
	SKY_CAT062_ADR_FSS = (int)SKY_CAT062_SUB_BIT(4, 6),  /* final state selected altitude */
	SKY_CAT062_ADR_COM = (int)SKY_CAT062_SUB_BIT(4, 9),  /* comms / ACAS capability */
	SKY_CAT062_ADR_BVR = (int)SKY_CAT062_SUB_BIT(4, 12), /* barometric vertical rate */
	SKY_CAT062_ADR_GVR = (int)SKY_CAT062_SUB_BIT(4, 13), /* geometric vertical rate */
	SKY_CAT062_ADR_RAN = (int)SKY_CAT062_SUB_BIT(4, 14), /* roll angle */
	SKY_CAT062_ADR_TAN = (int)SKY_CAT062_SUB_BIT(4, 16), /* track angle */
	SKY_CAT062_ADR_GS = (int)SKY_CAT062_SUB_BIT(4, 17),  /* ground speed */
	SKY_CAT062_ADR_EMC = (int)SKY_CAT062_SUB_BIT(4, 20), /* emitter category */
	SKY_CAT062_ADR_POS = (int)SKY_CAT062_SUB_BIT(4, 21), /* position */
	SKY_CAT062_ADR_GAL = (int)SKY_CAT062_SUB_BIT(4, 22), /* geometric altitude */
	SKY_CAT062_ADR_IAR = (int)SKY_CAT062_SUB_BIT(4, 25), /* indicated airspeed */
	SKY_CAT062_ADR_MAC = (int)SKY_CAT062_SUB_BIT(4, 26), /* Mach number */
	SKY_CAT062_ADR_BPS = (int)SKY_CAT062_SUB_BIT(4, 27), /* barometric pressure setting */
};

/* I062/380 aircraft derived data: the subfields decoded (others walked). */
struct sky_cat062_adr {
	uint32_t present;    /* enum sky_cat062_adr_sub */
	uint32_t adr;        /* ADR: 24-bit ICAO address */
	char id[9];          /* ID: ICAO 6-bit characters, trailing spaces cut */
	uint16_t mhg;        /* MHG: 360/2^16 deg */
	uint8_t ias_im;      /* IAS/IM: 0 IAS, 1 Mach */
	uint16_t ias;        /* IAS: 15 bits, 2^-14 NM/s (IM 0) or 0.001 Mach (IM 1) */
	uint16_t tas;        /* TAS: kt */
	uint8_t sal_sas;     /* SAL/SAS: source information provided */
	uint8_t sal_src;     /* SAL/SRC: 2 bits */
	int16_t sal_alt;     /* SAL/ALT: 25 ft (13 bits signed) */
	uint8_t fss_flags;   /* FSS: MV (4), AH (2), AM (1) */
	int16_t fss_alt;     /* FSS/ALT: 25 ft (13 bits signed) */
	uint16_t com;        /* COM: COM(3) STAT(3) spare(2) SSC ARC AIC B1A B1B(4) */
	int16_t bvr;         /* BVR: 6.25 ft/min */
	int16_t gvr;         /* GVR: 6.25 ft/min */
	int16_t ran;         /* RAN: 0.01 deg */
	uint16_t tan;        /* TAN: 360/2^16 deg */
	int16_t gs;          /* GS: 2^-14 NM/s */
	uint8_t emc;         /* EMC: emitter category */
	int32_t pos_lat;     /* POS: 180/2^23 deg (24 bits signed) */
	int32_t pos_lon;     /* POS: 180/2^23 deg (24 bits signed) */
	int16_t gal;         /* GAL: 6.25 ft */
	uint16_t iar;        /* IAR: kt */
	uint16_t mac;        /* MAC: 0.008 Mach */
	uint16_t bps;        /* BPS: 0.1 mb (12 bits, pressure minus 800 mb) */
};

#define SKY_CAT062_FSS_MV 4u
#define SKY_CAT062_FSS_AH 2u
#define SKY_CAT062_FSS_AM 1u

/* I062/290 system track update ages: subfield i in age[i]. */
enum sky_cat062_upd_sub {
	SKY_CAT062_UPD_TRK = 0, SKY_CAT062_UPD_PSR, SKY_CAT062_UPD_SSR,
	SKY_CAT062_UPD_MDS, SKY_CAT062_UPD_ADS, SKY_CAT062_UPD_ES,
	SKY_CAT062_UPD_VDL, SKY_CAT062_UPD_UAT, SKY_CAT062_UPD_LOP,
	SKY_CAT062_UPD_MLT, SKY_CAT062_UPD_N
};
#define SKY_CAT062_UPD_BIT(i) ((uint32_t)SKY_CAT062_SUB_BIT(2, i))

struct sky_cat062_upd_ages {
	uint32_t present;                 /* SKY_CAT062_UPD_BIT(i) */
	uint16_t age[SKY_CAT062_UPD_N];   /* 1/4 s (ADS 16 bits, the others 8) */
};

/* I062/295 track data ages: 31 one-octet ages, subfield i in age[i]. */
enum sky_cat062_data_sub {
	SKY_CAT062_AGE_MFL = 0, SKY_CAT062_AGE_MD1, SKY_CAT062_AGE_MD2,
	SKY_CAT062_AGE_MDA, SKY_CAT062_AGE_MD4, SKY_CAT062_AGE_MD5,
	SKY_CAT062_AGE_MHG, SKY_CAT062_AGE_IAS, SKY_CAT062_AGE_TAS,
	SKY_CAT062_AGE_SAL, SKY_CAT062_AGE_FSS, SKY_CAT062_AGE_TID,
	SKY_CAT062_AGE_COM, SKY_CAT062_AGE_SAB, SKY_CAT062_AGE_ACS,
	SKY_CAT062_AGE_BVR, SKY_CAT062_AGE_GVR, SKY_CAT062_AGE_RAN,
	SKY_CAT062_AGE_TAR, SKY_CAT062_AGE_TAN, SKY_CAT062_AGE_GSP,
	SKY_CAT062_AGE_VUN, SKY_CAT062_AGE_MET, SKY_CAT062_AGE_EMC,
	SKY_CAT062_AGE_POS, SKY_CAT062_AGE_GAL, SKY_CAT062_AGE_PUN,
	SKY_CAT062_AGE_MB, SKY_CAT062_AGE_IAR, SKY_CAT062_AGE_MAC,
	SKY_CAT062_AGE_BPS, SKY_CAT062_AGE_N
};
#define SKY_CAT062_AGE_BIT(i) SKY_CAT062_SUB_BIT(5, i)

struct sky_cat062_data_ages {
	uint64_t present;                 /* SKY_CAT062_AGE_BIT(i) */
	uint8_t age[SKY_CAT062_AGE_N];    /* 1/4 s */
};

/* I062/340 measured information. */
enum sky_cat062_mi_sub {
	SKY_CAT062_MI_SID = (int)SKY_CAT062_SUB_BIT(1, 0),
	SKY_CAT062_MI_POS = (int)SKY_CAT062_SUB_BIT(1, 1),
	SKY_CAT062_MI_HEI = (int)SKY_CAT062_SUB_BIT(1, 2),
	SKY_CAT062_MI_MDC = (int)SKY_CAT062_SUB_BIT(1, 3),
	SKY_CAT062_MI_MDA = (int)SKY_CAT062_SUB_BIT(1, 4),
	SKY_CAT062_MI_TYP = (int)SKY_CAT062_SUB_BIT(1, 5),
};

struct sky_cat062_measured {
	uint8_t present;     /* enum sky_cat062_mi_sub */
	uint8_t sac, sic;    /* SID */
	uint16_t rho;        /* POS: 1/256 NM */
	uint16_t theta;      /* POS: 360/2^16 deg */
	int16_t height;      /* HEIGHT: 25 ft */
	uint8_t mdc_flags;   /* MDC: V (2), G (1) */
	int16_t lmc;         /* MDC/LMC: 1/4 FL (14 bits signed) */
	uint8_t mda_flags;   /* MDA: V (4), G (2), L (1) */
	uint16_t mode3a;     /* MDA: 12-bit code */
	uint8_t typ;         /* TYP/TYP: 3 bits */
	uint8_t typ_flags;   /* TYP: SIM (4), RAB (2), TST (1) */
};

/* I062/500 estimated accuracies. */
enum sky_cat062_acc_sub {
	SKY_CAT062_ACC_APC = (int)SKY_CAT062_SUB_BIT(2, 0),
	SKY_CAT062_ACC_COV = (int)SKY_CAT062_SUB_BIT(2, 1),
	SKY_CAT062_ACC_APW = (int)SKY_CAT062_SUB_BIT(2, 2),
	SKY_CAT062_ACC_AGA = (int)SKY_CAT062_SUB_BIT(2, 3),
	SKY_CAT062_ACC_ABA = (int)SKY_CAT062_SUB_BIT(2, 4),
	SKY_CAT062_ACC_ATV = (int)SKY_CAT062_SUB_BIT(2, 5),
	SKY_CAT062_ACC_AA = (int)SKY_CAT062_SUB_BIT(2, 6),
	SKY_CAT062_ACC_ARC = (int)SKY_CAT062_SUB_BIT(2, 7),
};

struct sky_cat062_accuracy {
	uint16_t present;    /* enum sky_cat062_acc_sub */
	uint16_t apc_x;      /* APC: 0.5 m */
	uint16_t apc_y;      /* APC: 0.5 m */
	int16_t cov;         /* COV: 0.5 m */
	uint16_t apw_lat;    /* APW: 180/2^25 deg */
	uint16_t apw_lon;    /* APW: 180/2^25 deg */
	uint8_t aga;         /* AGA: 6.25 ft */
	uint8_t aba;         /* ABA: 1/4 FL */
	uint8_t atv_x;       /* ATV: 0.25 m/s */
	uint8_t atv_y;       /* ATV: 0.25 m/s */
	uint8_t aa_x;        /* AA: 0.25 m/s^2 */
	uint8_t aa_y;        /* AA: 0.25 m/s^2 */
	uint8_t arc;         /* ARC: 6.25 ft/min */
};

/*
 * I062/080 track status: the octets of the item as one big-endian word
 * (octet 1 in bits 63..56), FX bits cleared. The encoder writes as many
 * octets as the highest non-zero one needs (at least one).
 */
#define SKY_CAT062_TS(octet, mask) ((uint64_t)(mask) << (64 - 8 * (octet)))
#define SKY_CAT062_TS_MON SKY_CAT062_TS(1, 0x80)
#define SKY_CAT062_TS_SPI SKY_CAT062_TS(1, 0x40)
#define SKY_CAT062_TS_MRH SKY_CAT062_TS(1, 0x20)
#define SKY_CAT062_TS_SRC_SHIFT 58 /* 3 bits */
#define SKY_CAT062_TS_CNF SKY_CAT062_TS(1, 0x02)
#define SKY_CAT062_TS_SIM SKY_CAT062_TS(2, 0x80)
#define SKY_CAT062_TS_TSE SKY_CAT062_TS(2, 0x40)
#define SKY_CAT062_TS_TSB SKY_CAT062_TS(2, 0x20)
#define SKY_CAT062_TS_FPC SKY_CAT062_TS(2, 0x10)
#define SKY_CAT062_TS_AFF SKY_CAT062_TS(2, 0x08)
#define SKY_CAT062_TS_STP SKY_CAT062_TS(2, 0x04)
#define SKY_CAT062_TS_KOS SKY_CAT062_TS(2, 0x02)
#define SKY_CAT062_TS_AMA SKY_CAT062_TS(3, 0x80)
#define SKY_CAT062_TS_MD4_SHIFT 45 /* 2 bits */
#define SKY_CAT062_TS_ME SKY_CAT062_TS(3, 0x10)
#define SKY_CAT062_TS_MI SKY_CAT062_TS(3, 0x08)
#define SKY_CAT062_TS_MD5_SHIFT 41 /* 2 bits */
#define SKY_CAT062_TS_CST SKY_CAT062_TS(4, 0x80)
#define SKY_CAT062_TS_PSR SKY_CAT062_TS(4, 0x40)
#define SKY_CAT062_TS_SSR SKY_CAT062_TS(4, 0x20)
#define SKY_CAT062_TS_MDS SKY_CAT062_TS(4, 0x10)
#define SKY_CAT062_TS_ADS SKY_CAT062_TS(4, 0x08)
#define SKY_CAT062_TS_SUC SKY_CAT062_TS(4, 0x04)
#define SKY_CAT062_TS_AAC SKY_CAT062_TS(4, 0x02)
#define SKY_CAT062_TS_SDS_SHIFT 30 /* 2 bits */
#define SKY_CAT062_TS_EMS_SHIFT 27 /* 3 bits */
#define SKY_CAT062_TS_PFT SKY_CAT062_TS(5, 0x04)
#define SKY_CAT062_TS_FPLT SKY_CAT062_TS(5, 0x02)
#define SKY_CAT062_TS_DUPT SKY_CAT062_TS(6, 0x80)
#define SKY_CAT062_TS_DUPF SKY_CAT062_TS(6, 0x40)
#define SKY_CAT062_TS_DUPM SKY_CAT062_TS(6, 0x20)
#define SKY_CAT062_TS_SFC SKY_CAT062_TS(6, 0x10)
#define SKY_CAT062_TS_IDD SKY_CAT062_TS(6, 0x08)
#define SKY_CAT062_TS_IEC SKY_CAT062_TS(6, 0x04)
#define SKY_CAT062_TS_MLAT SKY_CAT062_TS(6, 0x02)
/* Every defined bit of the six octets of edition 1.20 (no FX bits). */
#define SKY_CAT062_TS_ALL 0xfefefefefefe0000ull

/* I062/060 and I062/245 flags. */
#define SKY_CAT062_M3A_V 0x80u
#define SKY_CAT062_M3A_G 0x40u
#define SKY_CAT062_M3A_CH 0x20u

struct sky_cat062 {
	uint32_t present;         /* enum sky_cat062_item */
	uint8_t sac, sic;         /* I062/010 */
	uint8_t service;          /* I062/015 */
	uint32_t tod;             /* I062/070: 1/128 s (24 bits) */
	int32_t lat, lon;         /* I062/105: 180/2^25 deg */
	int32_t x, y;             /* I062/100: 0.5 m (24 bits signed), system plane */
	int16_t vx, vy;           /* I062/185: 0.25 m/s */
	int8_t ax, ay;            /* I062/210: 0.25 m/s^2 */
	uint8_t mode3a_flags;     /* I062/060: SKY_CAT062_M3A_V | _G | _CH */
	uint16_t mode3a;          /* I062/060: 12-bit code (4 octal digits) */
	uint8_t sti;              /* I062/245: STI (2 bits) */
	char callsign[9];         /* I062/245: ICAO 6-bit, trailing spaces cut */
	uint16_t track_number;    /* I062/040 */
	uint64_t status;          /* I062/080: SKY_CAT062_TS_* */
	uint8_t mom_trans;        /* I062/200: TRANS (2 bits) */
	uint8_t mom_long;         /* I062/200: LONG (2 bits) */
	uint8_t mom_vert;         /* I062/200: VERT (2 bits) */
	uint8_t mom_adf;          /* I062/200: ADF */
	int16_t fl;               /* I062/136: 1/4 FL */
	int16_t geo_alt;          /* I062/130: 6.25 ft */
	uint8_t baro_qnh;         /* I062/135: QNH correction applied */
	int16_t baro_alt;         /* I062/135: 1/4 FL (15 bits signed) */
	int16_t roc;              /* I062/220: 6.25 ft/min */
	struct sky_cat062_adr adr;          /* I062/380 */
	struct sky_cat062_upd_ages upd;     /* I062/290 */
	struct sky_cat062_data_ages ages;   /* I062/295 */
	struct sky_cat062_measured mi;      /* I062/340 */
	struct sky_cat062_accuracy acc;     /* I062/500 */
};

/* Largest record the encoder writes (every encodable item and subfield).
 * Buffers of at least this plus SKY_CAT062_ENCODE_SLACK bytes take the
 * encoder's fast path, which never checks room item by item. */
#define SKY_CAT062_MAX_RECORD 188
#define SKY_CAT062_ENCODE_SLACK 8

size_t sky_cat062_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err);
/*
 * One record into buf; returns its size, or 0 when it does not fit or no
 * encodable item is present. Fields wider than their item are truncated to
 * it. Callsigns are written with sky_ast_icao6_encode (ICAO 6-bit set).
 * Bytes of buf past the record (never past cap) may be overwritten.
 */
size_t sky_cat062_encode(const struct sky_cat062 *r, uint8_t *buf, size_t cap);
/* Same present items and subfields with the same field values. */
bool sky_cat062_equal(const struct sky_cat062 *a, const struct sky_cat062 *b);

extern const struct sky_ast_category sky_cat062_category;

#endif
