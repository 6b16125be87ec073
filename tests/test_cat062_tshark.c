/*
 * test_cat062_tshark.c - CAT062 records written by our encoder, read by an
 * independent decoder: Wireshark 4.0's ASTERIX dissector (edition 1.19 there,
 * the same layout as our 1.20 but for the spare bit that 1.20 calls MLAT).
 *
 * A few hundred random valid records (values inside the ranges the edition
 * states) go one per datagram into a pcap to UDP port 8600; tshark prints
 * every field both sides know, and each must agree with the record we
 * encoded - present where we put it, absent elsewhere, the same value in
 * tshark's units. tshark must also find nothing malformed or suspicious.
 */
#include <criterion/criterion.h>

#include "cat062.h"
#include "cat062_random.h"
#include "testlib.h"

SKY_TEST_CODEC(062);

#define N_RECORDS 400

/* Octets of I062/080 the encoder writes (the last non-zero one). */
static unsigned ts_octets(uint64_t s)
{
	s &= SKY_CAT062_TS_ALL;
	return s ? 8 - (unsigned)__builtin_ctzll(s) / 8 : 1;
}

#define HAS(i) (r->present & SKY_CAT062_##i)
#define ADR(s) (HAS(I380) && (r->adr.present & SKY_CAT062_ADR_##s))
#define UPD(s) (HAS(I290) && (r->upd.present & SKY_CAT062_UPD_BIT(SKY_CAT062_UPD_##s)))
#define AGE(s) (HAS(I295) && (r->ages.present & SKY_CAT062_AGE_BIT(SKY_CAT062_AGE_##s)))
#define MI(s) (HAS(I340) && (r->mi.present & SKY_CAT062_MI_##s))
#define ACC(s) (HAS(I500) && (r->acc.present & SKY_CAT062_ACC_##s))
#define TS(k) (HAS(I080) && ts_octets(r->status) >= (k))
#define TSF(shift, width) ((r->status >> (shift)) & ((1u << (width)) - 1))
#define P25 33554432.0 /* 2^25 */
#define P23 8388608.0  /* 2^23 */

/* name (after "asterix.062_"), present when, value in tshark's units */
#define FIELDS(X) \
	X(010_SAC, HAS(I010), r->sac) \
	X(010_SIC, HAS(I010), r->sic) \
	X(015_VALUE, HAS(I015), r->service) \
	X(070_VALUE, HAS(I070), r->tod / 128.0) \
	X(105_LAT, HAS(I105), r->lat * 180.0 / P25) \
	X(105_LON, HAS(I105), r->lon * 180.0 / P25) \
	X(100_X, HAS(I100), r->x * 0.5) \
	X(100_Y, HAS(I100), r->y * 0.5) \
	X(185_VX, HAS(I185), r->vx * 0.25) \
	X(185_VY, HAS(I185), r->vy * 0.25) \
	X(210_AX, HAS(I210), r->ax * 0.25) \
	X(210_AY, HAS(I210), r->ay * 0.25) \
	X(060_V, HAS(I060), (r->mode3a_flags >> 7) & 1) \
	X(060_G, HAS(I060), (r->mode3a_flags >> 6) & 1) \
	X(060_CH, HAS(I060), (r->mode3a_flags >> 5) & 1) \
	X(060_MODE3A, HAS(I060), r->mode3a) \
	X(245_STI, HAS(I245), r->sti) \
	X(380_ADR_VALUE, ADR(ADR), r->adr.adr) \
	X(380_MHG_VALUE, ADR(MHG), r->adr.mhg * 360.0 / 65536) \
	X(380_IAS_IM, ADR(IAS), r->adr.ias_im) \
	X(380_IAS_IAS, ADR(IAS), r->adr.ias) \
	X(380_TAS_VALUE, ADR(TAS), r->adr.tas) \
	X(380_SAL_SAS, ADR(SAL), r->adr.sal_sas) \
	X(380_SAL_SRC, ADR(SAL), r->adr.sal_src) \
	X(380_SAL_ALT, ADR(SAL), r->adr.sal_alt * 25.0) \
	X(380_FSS_MV, ADR(FSS), (r->adr.fss_flags >> 2) & 1) \
	X(380_FSS_AH, ADR(FSS), (r->adr.fss_flags >> 1) & 1) \
	X(380_FSS_AM, ADR(FSS), r->adr.fss_flags & 1) \
	X(380_FSS_ALT, ADR(FSS), r->adr.fss_alt * 25.0) \
	X(380_COM_COM, ADR(COM), r->adr.com >> 13) \
	X(380_COM_STAT, ADR(COM), (r->adr.com >> 10) & 7) \
	X(380_COM_SSC, ADR(COM), (r->adr.com >> 7) & 1) \
	X(380_COM_ARC, ADR(COM), (r->adr.com >> 6) & 1) \
	X(380_COM_AIC, ADR(COM), (r->adr.com >> 5) & 1) \
	X(380_COM_B1A, ADR(COM), (r->adr.com >> 4) & 1) \
	X(380_COM_B1B, ADR(COM), r->adr.com & 15) \
	X(380_BVR_VALUE, ADR(BVR), r->adr.bvr * 6.25) \
	X(380_GVR_VALUE, ADR(GVR), r->adr.gvr * 6.25) \
	X(380_RAN_VALUE, ADR(RAN), r->adr.ran * 0.01) \
	X(380_TAN_VALUE, ADR(TAN), r->adr.tan * 360.0 / 65536) \
	X(380_GS_VALUE, ADR(GS), r->adr.gs / 16384.0) \
	X(380_EMC_VALUE, ADR(EMC), r->adr.emc) \
	X(380_POS_LAT, ADR(POS), r->adr.pos_lat * 180.0 / P23) \
	X(380_POS_LON, ADR(POS), r->adr.pos_lon * 180.0 / P23) \
	X(380_GAL_VALUE, ADR(GAL), r->adr.gal * 6.25) \
	X(380_IAR_VALUE, ADR(IAR), r->adr.iar) \
	X(380_MAC_VALUE, ADR(MAC), r->adr.mac / 125.0) \
	X(380_BPS_BPS, ADR(BPS), r->adr.bps * 0.1) \
	X(040_VALUE, HAS(I040), r->track_number) \
	X(080_MON, TS(1), TSF(63, 1)) X(080_SPI, TS(1), TSF(62, 1)) \
	X(080_MRH, TS(1), TSF(61, 1)) X(080_SRC, TS(1), TSF(58, 3)) \
	X(080_CNF, TS(1), TSF(57, 1)) \
	X(080_SIM, TS(2), TSF(55, 1)) X(080_TSE, TS(2), TSF(54, 1)) \
	X(080_TSB, TS(2), TSF(53, 1)) X(080_FPC, TS(2), TSF(52, 1)) \
	X(080_AFF, TS(2), TSF(51, 1)) X(080_STP, TS(2), TSF(50, 1)) \
	X(080_KOS, TS(2), TSF(49, 1)) \
	X(080_AMA, TS(3), TSF(47, 1)) X(080_MD4, TS(3), TSF(45, 2)) \
	X(080_ME, TS(3), TSF(44, 1)) X(080_MI, TS(3), TSF(43, 1)) \
	X(080_MD5, TS(3), TSF(41, 2)) \
	X(080_CST, TS(4), TSF(39, 1)) X(080_PSR, TS(4), TSF(38, 1)) \
	X(080_SSR, TS(4), TSF(37, 1)) X(080_MDS, TS(4), TSF(36, 1)) \
	X(080_ADS, TS(4), TSF(35, 1)) X(080_SUC, TS(4), TSF(34, 1)) \
	X(080_AAC, TS(4), TSF(33, 1)) \
	X(080_SDS, TS(5), TSF(30, 2)) X(080_EMS, TS(5), TSF(27, 3)) \
	X(080_PFT, TS(5), TSF(26, 1)) X(080_FPLT, TS(5), TSF(25, 1)) \
	X(080_DUPT, TS(6), TSF(23, 1)) X(080_DUPF, TS(6), TSF(22, 1)) \
	X(080_DUPM, TS(6), TSF(21, 1)) X(080_SFC, TS(6), TSF(20, 1)) \
	X(080_IDD, TS(6), TSF(19, 1)) X(080_IEC, TS(6), TSF(18, 1)) \
	X(290_TRK_VALUE, UPD(TRK), r->upd.age[SKY_CAT062_UPD_TRK] * 0.25) \
	X(290_PSR_VALUE, UPD(PSR), r->upd.age[SKY_CAT062_UPD_PSR] * 0.25) \
	X(290_SSR_VALUE, UPD(SSR), r->upd.age[SKY_CAT062_UPD_SSR] * 0.25) \
	X(290_MDS_VALUE, UPD(MDS), r->upd.age[SKY_CAT062_UPD_MDS] * 0.25) \
	X(290_ADS_VALUE, UPD(ADS), r->upd.age[SKY_CAT062_UPD_ADS] * 0.25) \
	X(290_ES_VALUE, UPD(ES), r->upd.age[SKY_CAT062_UPD_ES] * 0.25) \
	X(290_VDL_VALUE, UPD(VDL), r->upd.age[SKY_CAT062_UPD_VDL] * 0.25) \
	X(290_UAT_VALUE, UPD(UAT), r->upd.age[SKY_CAT062_UPD_UAT] * 0.25) \
	X(290_LOP_VALUE, UPD(LOP), r->upd.age[SKY_CAT062_UPD_LOP] * 0.25) \
	X(290_MLT_VALUE, UPD(MLT), r->upd.age[SKY_CAT062_UPD_MLT] * 0.25) \
	X(200_TRANS, HAS(I200), r->mom_trans) X(200_LONG, HAS(I200), r->mom_long) \
	X(200_VERT, HAS(I200), r->mom_vert) X(200_ADF, HAS(I200), r->mom_adf) \
	AGES(X) \
	X(136_VALUE, HAS(I136), r->fl * 0.25) \
	X(130_VALUE, HAS(I130), r->geo_alt * 6.25) \
	X(135_QNH, HAS(I135), r->baro_qnh) \
	X(135_CTB, HAS(I135), r->baro_alt * 0.25) \
	X(220_VALUE, HAS(I220), r->roc * 6.25) \
	X(500_APC_X, ACC(APC), r->acc.apc_x * 0.5) \
	X(500_APC_Y, ACC(APC), r->acc.apc_y * 0.5) \
	X(500_COV_VALUE, ACC(COV), r->acc.cov * 0.5) \
	X(500_APW_LAT, ACC(APW), r->acc.apw_lat * 180.0 / P25) \
	X(500_APW_LON, ACC(APW), r->acc.apw_lon * 180.0 / P25) \
	X(500_AGA_VALUE, ACC(AGA), r->acc.aga * 6.25) \
	X(500_ABA_VALUE, ACC(ABA), r->acc.aba * 0.25) \
	X(500_ATV_X, ACC(ATV), r->acc.atv_x * 0.25) \
	X(500_ATV_Y, ACC(ATV), r->acc.atv_y * 0.25) \
	X(500_AA_X, ACC(AA), r->acc.aa_x * 0.25) \
	X(500_AA_Y, ACC(AA), r->acc.aa_y * 0.25) \
	X(500_ARC_VALUE, ACC(ARC), r->acc.arc * 6.25) \
	X(340_SID_SAC, MI(SID), r->mi.sac) X(340_SID_SIC, MI(SID), r->mi.sic) \
	X(340_POS_RHO, MI(POS), r->mi.rho / 256.0) \
	X(340_POS_THETA, MI(POS), r->mi.theta * 360.0 / 65536) \
	X(340_HEIGHT_VALUE, MI(HEI), r->mi.height * 25.0) \
	X(340_MDC_V, MI(MDC), r->mi.mdc_flags >> 1) \
	X(340_MDC_G, MI(MDC), r->mi.mdc_flags & 1) \
	X(340_MDC_LMC, MI(MDC), r->mi.lmc * 0.25) \
	X(340_MDA_V, MI(MDA), r->mi.mda_flags >> 2) \
	X(340_MDA_G, MI(MDA), (r->mi.mda_flags >> 1) & 1) \
	X(340_MDA_L, MI(MDA), r->mi.mda_flags & 1) \
	X(340_MDA_MODE3A, MI(MDA), r->mi.mode3a) \
	X(340_TYP_TYP, MI(TYP), r->mi.typ) \
	X(340_TYP_SIM, MI(TYP), r->mi.typ_flags >> 2) \
	X(340_TYP_RAB, MI(TYP), (r->mi.typ_flags >> 1) & 1) \
	X(340_TYP_TST, MI(TYP), r->mi.typ_flags & 1)

#define AGE_FIELD(X, n) X(295_##n##_VALUE, AGE(n), r->ages.age[SKY_CAT062_AGE_##n] * 0.25)
#define AGES(X) \
	AGE_FIELD(X, MFL) AGE_FIELD(X, MD1) AGE_FIELD(X, MD2) AGE_FIELD(X, MDA) \
	AGE_FIELD(X, MD4) AGE_FIELD(X, MD5) AGE_FIELD(X, MHG) AGE_FIELD(X, IAS) \
	AGE_FIELD(X, TAS) AGE_FIELD(X, SAL) AGE_FIELD(X, FSS) AGE_FIELD(X, TID) \
	AGE_FIELD(X, COM) AGE_FIELD(X, SAB) AGE_FIELD(X, ACS) AGE_FIELD(X, BVR) \
	AGE_FIELD(X, GVR) AGE_FIELD(X, RAN) AGE_FIELD(X, TAR) AGE_FIELD(X, TAN) \
	X(295_GSP_VALUE, AGE(GSP), r->ages.age[SKY_CAT062_AGE_GSP] * 0.25) \
	AGE_FIELD(X, VUN) AGE_FIELD(X, MET) AGE_FIELD(X, EMC) AGE_FIELD(X, POS) \
	AGE_FIELD(X, GAL) AGE_FIELD(X, PUN) AGE_FIELD(X, MB) AGE_FIELD(X, IAR) \
	AGE_FIELD(X, MAC) AGE_FIELD(X, BPS)

struct field {
	const char *name;
	bool (*expect)(const struct sky_cat062 *r, double *v);
};

#define EXPECT_FN(id, pres, val) \
	static bool expect_##id(const struct sky_cat062 *r, double *v) \
	{ \
		if (!(pres)) \
			return false; \
		*v = (double)(val); \
		return true; \
	}
FIELDS(EXPECT_FN)

#define FIELD_ENTRY(id, pres, val) {"asterix.062_" #id, expect_##id},
static const struct field fields[] = {FIELDS(FIELD_ENTRY)};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

/* The two strings come last: 245 callsign and 380 identification. */
static const char *const string_fields[2] = {"asterix.062_245_CHR", "asterix.062_380_ID_VALUE"};

/* One tshark line: the numeric fields of record `row`, then its two strings. */
static void check_row(void *ctx, unsigned row, char **cols)
{
	const struct sky_cat062 *r = (const struct sky_cat062 *)ctx + row;
	for (size_t f = 0; f < N_FIELDS; f++) {
		double want = 0;
		bool present = fields[f].expect(r, &want);
		sky_test_expect_values(fields[f].name, row, cols[f], &want, present, 1e-9);
	}
	const char *want_s[2] = {
		(r->present & SKY_CAT062_I245) ? r->callsign : NULL,
		((r->present & SKY_CAT062_I380) && (r->adr.present & SKY_CAT062_ADR_ID)) ? r->adr.id
											: NULL,
	};
	for (size_t i = 0; i < 2; i++) {
		char *got = cols[N_FIELDS + i];
		sky_test_trim_right(got);
		if (want_s[i])
			cr_expect_str_eq(got, want_s[i], "record %u %s", row, string_fields[i]);
	}
}

Test(cat062_tshark, tshark_reads_every_field_we_encode, .timeout = 300)
{
	static struct sky_cat062 recs[N_RECORDS];
	static struct sky_test_tshark q;
	uint64_t seed = 0x7e57062;
	for (size_t i = 0; i < N_RECORDS; i++)
		c062_random(&seed, &recs[i], true, true);
	for (size_t f = 0; f < N_FIELDS; f++)
		sky_test_tshark_field(&q, "", fields[f].name);
	for (size_t i = 0; i < 2; i++)
		sky_test_tshark_field(&q, "", string_fields[i]);
	sky_test_tshark_compare(&q, &codec_062, recs, N_RECORDS, check_row, recs);
}
