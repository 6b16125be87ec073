/*
 * cat021.h - ASTERIX CAT021, ADS-B target reports: the decoded record, the
 * decoder and the encoder.
 *
 * Two editions with unrelated UAPs are supported, chosen by the caller per
 * sensor (an edition cannot be told from the data): 2.6, the default and the
 * layout every 2.x ground station sends (2.7 only adds octets behind the FX
 * of I021/090, which are walked and ignored), and 0.26, the old pre-2.0 UAP.
 *
 * `present` holds one bit per item (SKY_CAT021_Ixxx), named by item number,
 * so a consumer reads the same bit for the same item in both editions. Where
 * 0.26 defines an item number differently from 2.x the field comments say
 * so, and `edition` tells which layout filled the record. The helpers at the
 * bottom return position and time independently of the edition.
 *
 * Fields hold the item's raw integers in its LSB units (unit in the comment),
 * written only when the item is present; the decoder never clears the rest.
 */
#ifndef SKY_CAT021_H
#define SKY_CAT021_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast_category.h"

enum sky_cat021_edition {
	SKY_CAT021_ED_2_6 = 0,  /* editions[0], the default */
	SKY_CAT021_ED_0_26 = 1,
	SKY_CAT021_ED_COUNT
};

/* Bits of sky_cat021.present (item numbers; 0.26-only items marked). */
enum sky_cat021_item {
	SKY_CAT021_I008, SKY_CAT021_I010, SKY_CAT021_I015, SKY_CAT021_I016,
	SKY_CAT021_I020, SKY_CAT021_I030 /* 0.26 */, SKY_CAT021_I032 /* 0.26 */,
	SKY_CAT021_I040, SKY_CAT021_I070, SKY_CAT021_I071, SKY_CAT021_I072,
	SKY_CAT021_I073, SKY_CAT021_I074, SKY_CAT021_I075, SKY_CAT021_I076,
	SKY_CAT021_I077, SKY_CAT021_I080, SKY_CAT021_I090,
	SKY_CAT021_I095 /* 0.26 */, SKY_CAT021_I110, SKY_CAT021_I130,
	SKY_CAT021_I131, SKY_CAT021_I131_SA /* 0.26 I021/131 signal amplitude */,
	SKY_CAT021_I132, SKY_CAT021_I140, SKY_CAT021_I145, SKY_CAT021_I146,
	SKY_CAT021_I148, SKY_CAT021_I150, SKY_CAT021_I151, SKY_CAT021_I152,
	SKY_CAT021_I155, SKY_CAT021_I157, SKY_CAT021_I160, SKY_CAT021_I161,
	SKY_CAT021_I165, SKY_CAT021_I170, SKY_CAT021_I200, SKY_CAT021_I210,
	SKY_CAT021_I220, SKY_CAT021_I230, SKY_CAT021_I250, SKY_CAT021_I260,
	SKY_CAT021_I271, SKY_CAT021_I295, SKY_CAT021_I400, SKY_CAT021_RE,
	SKY_CAT021_SP,
	SKY_CAT021_ITEM_COUNT
};

#define SKY_CAT021_BIT(i) (1ull << SKY_CAT021_##i)
#define SKY_CAT021_MB_MAX 4   /* I021/250 registers kept */
#define SKY_CAT021_AGES 23    /* I021/295 subfields */

struct sky_cat021 {
	uint64_t present;        /* SKY_CAT021_BIT(Ixxx) */
	uint8_t edition;         /* enum sky_cat021_edition; selects the encoder's UAP */

	/* identification */
	uint8_t sac, sic;        /* 010 */
	uint8_t service_id;      /* 015 */
	uint8_t report_period;   /* 016, 1/2 s */
	uint8_t emitter_cat;     /* 020 */
	uint16_t track_number;   /* 161, 12 bits */
	uint16_t mode3a;         /* 070, 12 bits (4 octal digits) */
	uint8_t m3a_v, m3a_g, m3a_l; /* 070 flags, 0.26 only */
	uint32_t address;        /* 080, 24 bits */
	char callsign[9];        /* 170, ICAO 6-bit, trailing spaces removed */
	uint8_t receiver_id;     /* 400 */

	/* 040 target report descriptor (2.x: primary + trd_ext extensions) */
	uint8_t trd_ext;         /* extension octets 0..4 (2.x); 0 for 0.26 */
	uint8_t atp, arc, rc, rab;           /* primary */
	uint8_t dcr, gbs, sim, tst, saa, cl; /* ext 1 (0.26: one layout) */
	uint8_t llc, ipc, nogo, cpr, ldpj, rcf; /* ext 2 */
	uint8_t tbc, mbc;        /* ext 3, 4: EP << 6 | VAL (7 bits) */
	uint8_t spi;             /* 0.26 only */

	/* times of day, 1/128 s since midnight unless noted */
	uint32_t toa_pos;        /* 071 */
	uint32_t toa_vel;        /* 072 */
	uint32_t tomr_pos;       /* 073 */
	uint32_t tomr_pos_frac;  /* 074, 2^-30 s (30 bits) */
	uint32_t tomr_vel;       /* 075 */
	uint32_t tomr_vel_frac;  /* 076, 2^-30 s (30 bits) */
	uint32_t tart;           /* 077 */
	uint32_t tod;            /* 030 (0.26): time of applicability of position */
	uint8_t tomr_pos_fsi;    /* 074 FSI, 2 bits */
	uint8_t tomr_vel_fsi;    /* 076 FSI */
	uint8_t tod_acc;         /* 032 (0.26), 1/256 s */

	/* position and height */
	int32_t lat, lon;        /* 130: 180/2^23 deg (2.x); 180/2^25 deg (0.26) */
	int32_t lat_hr, lon_hr;  /* 131 (2.x): 180/2^30 deg */
	int16_t geo_height;      /* 140, 6.25 ft */
	int16_t fl;              /* 145, 1/4 FL */
	int16_t sel_alt;         /* 146, 25 ft (13 bits signed) */
	int16_t fss_alt;         /* 148, 25 ft (13 bits signed) */
	uint8_t sel_alt_sas, sel_alt_src; /* 146 SAS, S */
	uint8_t fss_mv, fss_ah, fss_am;   /* 148 */

	/* velocity */
	uint16_t air_speed;      /* 150: IM 0: 2^-14 NM/s, IM 1: 1/1000 Mach (15 bits) */
	uint8_t air_speed_im;    /* 150 IM */
	uint8_t tas_re;          /* 151 RE (2.x) */
	uint16_t tas;            /* 151, kt (15 bits 2.x, 16 bits 0.26) */
	uint16_t mag_heading;    /* 152, 360/2^16 deg */
	int16_t bvr;             /* 155, 6.25 ft/min (15 bits 2.x, 16 bits 0.26) */
	int16_t gvr;             /* 157, 6.25 ft/min (15 bits 2.x, 16 bits 0.26) */
	uint8_t bvr_re, gvr_re;  /* 155, 157 RE (2.x) */
	uint8_t gs_re;           /* 160 RE (2.x) */
	int16_t gs;              /* 160, 2^-14 NM/s (15 bits unsigned 2.x, 16 signed 0.26) */
	uint16_t track_angle;    /* 160, 360/2^16 deg */
	int16_t tar;             /* 165 (2.x), 1/32 deg/s (10 bits signed) */
	int8_t rot;              /* 165 (0.26), 1/4 deg/s (7 bits signed), rot_ext set */
	uint8_t rot_ti, rot_ext; /* 165 (0.26): turn indicator, extension present */
	int16_t roll;            /* 230, 1/100 deg */

	/* quality: 090 (2.x) quality indicators, qi_ext extensions 0..3 */
	uint8_t qi_ext;
	uint8_t nucr_nacv, nucp_nic;          /* primary */
	uint8_t nic_baro, sil, nacp;          /* ext 1 */
	uint8_t sils, sda, gva;               /* ext 2 */
	uint8_t pic;                          /* ext 3 */
	uint8_t fom_ac, fom_mn, fom_dc, fom_pa; /* 090 (0.26) figure of merit */
	uint8_t velocity_acc;    /* 095 (0.26), NUCr */
	uint8_t sig_amp;         /* 131 (0.26) signal amplitude, raw */
	int8_t amplitude;        /* 132, dBm */

	/* status */
	uint8_t aos;             /* 008: RA TC(2) TS ARV CDTIA NOTTCAS SA, raw octet */
	uint8_t icf, lnav, me, ps, ss; /* 200 (2.x); 0.26: whole octet in ps */
	uint8_t vns, vn, ltt;    /* 210 (2.x) MOPS version */
	uint8_t lti;             /* 210 (0.26): DTI MDS UAT VDL OTR in bits 5..1 */
	uint8_t scc;             /* 271 primary: POA CDTIS B2LOW RAS IDENT in bits 6..2 */
	uint8_t scc_lw;          /* 271 ext: LW (4 bits) */
	uint8_t scc_ext;         /* 271 extension present */

	/* met 220: met_present bit 0 WS, 1 WD, 2 TMP, 3 TRB */
	uint8_t met_present;
	uint8_t turbulence;      /* TRB */
	uint16_t wind_speed;     /* WS, kt */
	uint16_t wind_dir;       /* WD, deg */
	int16_t temperature;     /* TMP, 1/4 degC */

	/* trajectory intent 110 (walked; TIS and the number of TID points) */
	uint8_t ti_present;      /* bit 0 TIS, bit 1 TID */
	uint8_t ti_nav, ti_nvb;
	uint8_t ti_points;

	uint8_t mb_count;        /* 250: registers in the item (the first MB_MAX kept) */
	uint8_t re_len, sp_len;  /* RE, SP: bytes including the length octet */
	uint64_t mb[SKY_CAT021_MB_MAX]; /* 250: MB data (56 bits) << 8 | BDS1 << 4 | BDS2 */
	uint64_t acas_ra;        /* 260, 56 bits raw */

	/* data ages 295: bit i = subfield i (AOS .. SCC), 1/10 s each */
	uint32_t ages_present;
	uint8_t ages[SKY_CAT021_AGES];
};

size_t sky_cat021_decode(const uint8_t *rec, size_t avail, unsigned edition,
			 void *out, struct sky_ast_error *err);
/*
 * The same contract by the general path: the generic walker locates every
 * item, then one extractor per present item. sky_cat021_decode's fallback
 * for anything unusual, and the reference its tests compare it with.
 */
size_t sky_cat021_decode_walked(const uint8_t *rec, size_t avail, unsigned edition,
				void *out, struct sky_ast_error *err);
/*
 * Encode one record in the UAP of r->edition: the items of `present` the
 * encoder knows (all decoded items except 110, 250 beyond MB_MAX, RE, SP).
 * Returns the size or 0 when it does not fit in cap.
 */
size_t sky_cat021_encode(const struct sky_cat021 *r, uint8_t *buf, size_t cap);
void sky_cat021_format(const void *rec, struct sky_text *t);

extern const struct sky_ast_category sky_cat021_category;

static inline bool sky_cat021_has(const struct sky_cat021 *r, enum sky_cat021_item i)
{
	return (r->present >> i) & 1u;
}

/*
 * The most precise position of the record, in 180/2^30 degrees: I021/131,
 * else I021/130 of the record's edition scaled up. False when none.
 */
static inline bool sky_cat021_position_hr(const struct sky_cat021 *r,
					  int32_t *lat, int32_t *lon)
{
	if (sky_cat021_has(r, SKY_CAT021_I131)) {
		*lat = r->lat_hr;
		*lon = r->lon_hr;
		return true;
	}
	if (!sky_cat021_has(r, SKY_CAT021_I130))
		return false;
	int64_t k = r->edition == SKY_CAT021_ED_0_26 ? 32 : 128;
	/* decoded values fit (|lat| <= 90, -180 <= lon < 180); clamp hand-built ones */
	int64_t la = r->lat * k, lo = r->lon * k;
	*lat = (int32_t)(la > INT32_MAX ? INT32_MAX : la < INT32_MIN ? INT32_MIN : la);
	*lon = (int32_t)(lo > INT32_MAX ? INT32_MAX : lo < INT32_MIN ? INT32_MIN : lo);
	return true;
}

/*
 * Time of applicability of the position, 1/128 s since midnight: I021/071,
 * else I021/073 (reception), else I021/030 (0.26). False when none.
 */
static inline bool sky_cat021_position_time(const struct sky_cat021 *r, uint32_t *tod)
{
	if (sky_cat021_has(r, SKY_CAT021_I071))
		*tod = r->toa_pos;
	else if (sky_cat021_has(r, SKY_CAT021_I073))
		*tod = r->tomr_pos;
	else if (sky_cat021_has(r, SKY_CAT021_I030))
		*tod = r->tod;
	else
		return false;
	return true;
}

#endif
