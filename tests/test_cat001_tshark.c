/*
 * test_cat001_tshark.c - CAT001 plots against tshark: random valid plot
 * records, one per datagram on UDP port 8600, dissected by tshark; every
 * field both sides know must agree and tshark must flag nothing.
 *
 * Tracks are not compared: Wireshark 4.0 always applies the plot UAP to
 * CAT001 (it ignores the TYP bit of I001/020), so it misreads every track
 * record from FRN 3 on; our track decoding is covered by the unit tests.
 * Its FX lists (I001/030, I001/130) show their first element only, and its
 * -T fields output prints the 12-bit codes as decimal integers.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cat001.h"
#include "testlib.h"

SKY_TEST_CODEC(001);

#define N_RECORDS 300

enum src { S_SAC, S_SIC, S_TRD0, S_TRD1, S_WARN, S_RHO, S_THETA, S_M2, S_M2C, S_M3A,
	   S_M3AC, S_VG, S_FL, S_GRAY, S_DOP, S_PCH, S_POW, S_TTOD, S_XP };

struct field {
	const char *name;  /* tshark field without "asterix.001_" */
	uint32_t item;
	uint8_t src, shift, bits;
	double scale;
};

#define BIT(n, it, src, sh, b) { n, it, src, sh, b, 1 }
#define Q(n, it, src, sh) { n, it, src, sh, 1, 1 }

static const struct field fields[] = {
	BIT("010_SAC", SKY_CAT001_I010, S_SAC, 0, 8),
	BIT("010_SIC", SKY_CAT001_I010, S_SIC, 0, 8),
	BIT("020_TYP", SKY_CAT001_I020, S_TRD0, 7, 1),
	BIT("020_SIM", SKY_CAT001_I020, S_TRD0, 6, 1),
	BIT("020_SSRPSR", SKY_CAT001_I020, S_TRD0, 4, 2),
	BIT("020_ANT", SKY_CAT001_I020, S_TRD0, 3, 1),
	BIT("020_SPI", SKY_CAT001_I020, S_TRD0, 2, 1),
	BIT("020_RAB", SKY_CAT001_I020, S_TRD0, 1, 1),
	BIT("020_TST", SKY_CAT001_I020, S_TRD1, 7, 1),
	BIT("020_DS1DS2", SKY_CAT001_I020, S_TRD1, 5, 2),
	BIT("020_ME", SKY_CAT001_I020, S_TRD1, 4, 1),
	BIT("020_MI", SKY_CAT001_I020, S_TRD1, 3, 1),
	BIT("030_WE", SKY_CAT001_I030, S_WARN, 0, 7),
	{ "040_RHO", SKY_CAT001_I040, S_RHO, 0, 16, 1.0 / 128 },
	{ "040_THETA", SKY_CAT001_I040, S_THETA, 0, 16, 360.0 / 65536 },
	BIT("050_V", SKY_CAT001_I050, S_M2, 15, 1),
	BIT("050_G", SKY_CAT001_I050, S_M2, 14, 1),
	BIT("050_L", SKY_CAT001_I050, S_M2, 13, 1),
	{ "050_MODE2", SKY_CAT001_I050, S_M2, 0, 12, 1 },
	Q("060_QA4", SKY_CAT001_I060, S_M2C, 11), Q("060_QA2", SKY_CAT001_I060, S_M2C, 10),
	Q("060_QA1", SKY_CAT001_I060, S_M2C, 9), Q("060_QB4", SKY_CAT001_I060, S_M2C, 8),
	Q("060_QB2", SKY_CAT001_I060, S_M2C, 7), Q("060_QB1", SKY_CAT001_I060, S_M2C, 6),
	Q("060_QC4", SKY_CAT001_I060, S_M2C, 5), Q("060_QC2", SKY_CAT001_I060, S_M2C, 4),
	Q("060_QC1", SKY_CAT001_I060, S_M2C, 3), Q("060_QD4", SKY_CAT001_I060, S_M2C, 2),
	Q("060_QD2", SKY_CAT001_I060, S_M2C, 1), Q("060_QD1", SKY_CAT001_I060, S_M2C, 0),
	BIT("070_V", SKY_CAT001_I070, S_M3A, 15, 1),
	BIT("070_G", SKY_CAT001_I070, S_M3A, 14, 1),
	BIT("070_L", SKY_CAT001_I070, S_M3A, 13, 1),
	{ "070_MODE3A", SKY_CAT001_I070, S_M3A, 0, 12, 1 },
	Q("080_QA4", SKY_CAT001_I080, S_M3AC, 11), Q("080_QA2", SKY_CAT001_I080, S_M3AC, 10),
	Q("080_QA1", SKY_CAT001_I080, S_M3AC, 9), Q("080_QB4", SKY_CAT001_I080, S_M3AC, 8),
	Q("080_QB2", SKY_CAT001_I080, S_M3AC, 7), Q("080_QB1", SKY_CAT001_I080, S_M3AC, 6),
	Q("080_QC4", SKY_CAT001_I080, S_M3AC, 5), Q("080_QC2", SKY_CAT001_I080, S_M3AC, 4),
	Q("080_QC1", SKY_CAT001_I080, S_M3AC, 3), Q("080_QD4", SKY_CAT001_I080, S_M3AC, 2),
	Q("080_QD2", SKY_CAT001_I080, S_M3AC, 1), Q("080_QD1", SKY_CAT001_I080, S_M3AC, 0),
	BIT("090_V", SKY_CAT001_I090, S_VG, 1, 1),
	BIT("090_G", SKY_CAT001_I090, S_VG, 0, 1),
	{ "090_HGT", SKY_CAT001_I090, S_FL, 0, 0, 0.25 },
	BIT("100_V", SKY_CAT001_I100, S_GRAY, 31, 1),
	BIT("100_G", SKY_CAT001_I100, S_GRAY, 30, 1),
	BIT("100_MODEC", SKY_CAT001_I100, S_GRAY, 16, 12),
	Q("100_QC1", SKY_CAT001_I100, S_GRAY, 11), Q("100_QA1", SKY_CAT001_I100, S_GRAY, 10),
	Q("100_QC2", SKY_CAT001_I100, S_GRAY, 9), Q("100_QA2", SKY_CAT001_I100, S_GRAY, 8),
	Q("100_QC4", SKY_CAT001_I100, S_GRAY, 7), Q("100_QA4", SKY_CAT001_I100, S_GRAY, 6),
	Q("100_QB1", SKY_CAT001_I100, S_GRAY, 5), Q("100_QD1", SKY_CAT001_I100, S_GRAY, 4),
	Q("100_QB2", SKY_CAT001_I100, S_GRAY, 3), Q("100_QD2", SKY_CAT001_I100, S_GRAY, 2),
	Q("100_QB4", SKY_CAT001_I100, S_GRAY, 1), Q("100_QD4", SKY_CAT001_I100, S_GRAY, 0),
	{ "120_VALUE", SKY_CAT001_I120, S_DOP, 0, 0, 1.0 / 256 },
	BIT("130_IND", SKY_CAT001_I130, S_PCH, 0, 7),
	{ "131_VALUE", SKY_CAT001_I131, S_POW, 0, 0, 1 },
	{ "141_VALUE", SKY_CAT001_I141, S_TTOD, 0, 16, 1.0 / 128 },
	BIT("150_XA", SKY_CAT001_I150, S_XP, 7, 1),
	BIT("150_XC", SKY_CAT001_I150, S_XP, 5, 1),
	BIT("150_X2", SKY_CAT001_I150, S_XP, 2, 1),
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

static int64_t raw(const struct sky_cat001 *r, unsigned src, unsigned i)
{
	switch (src) {
	case S_SAC: return r->sac;
	case S_SIC: return r->sic;
	case S_TRD0: return r->trd[0];
	case S_TRD1: return r->trd[1];
	case S_WARN: return r->warn[i];
	case S_RHO: return r->rho;
	case S_THETA: return r->theta;
	case S_M2: return r->mode2;
	case S_M2C: return r->mode2_conf;
	case S_M3A: return r->mode3a;
	case S_M3AC: return r->mode3a_conf;
	case S_VG: return r->modec_vg;
	case S_FL: return r->fl;
	case S_GRAY: return r->modec_gray;
	case S_DOP: return r->doppler;
	case S_PCH: return r->plotchar[i];
	case S_POW: return r->power;
	case S_TTOD: return r->ttod;
	case S_XP: return r->xpulse;
	}
	return 0;
}

static unsigned count_of(const struct sky_cat001 *r, const struct field *f)
{
	if (!(r->present & f->item))
		return 0;
	if (f->src == S_TRD1)
		return r->trd[0] & 1u;
	return 1; /* FX lists: tshark 4.0 shows the first element only */
}

static unsigned expected(const struct sky_cat001 *r, const struct field *f, double *out)
{
	unsigned n = count_of(r, f);
	for (unsigned i = 0; i < n; i++) {
		int64_t v = raw(r, f->src, i);
		if (f->bits)
			v = (v >> f->shift) & ((1ll << f->bits) - 1);
		out[i] = (double)v * f->scale;
	}
	return n;
}

static void random_plot(uint64_t *s, struct sky_cat001 *r)
{
	memset(r, 0, sizeof(*r));
	static const uint8_t sp[6] = { 1, 2, 3, 4, 5, 6 };
	uint32_t allowed = (1u << SKY_CAT001_N_ITEMS) - 1 - SKY_CAT001_TRACK_ONLY;
	r->present = ((uint32_t)sky_test_rand(s) & allowed) | SKY_CAT001_I010 | SKY_CAT001_I020;
	uint64_t v = sky_test_rand(s);
	r->sac = (uint8_t)v;
	r->sic = (uint8_t)(v >> 8);
	r->trd[0] = (uint8_t)(v >> 16) & 0x7f;
	r->trd[1] = (uint8_t)(v >> 24) & 0xf8;
	r->rho = (uint16_t)(v >> 32);
	r->theta = (uint16_t)(v >> 48);
	v = sky_test_rand(s);
	r->mode2 = (uint16_t)v & 0xefff;
	r->mode2_conf = (uint16_t)(v >> 16) & 0x0fff;
	r->mode3a = (uint16_t)(v >> 32) & 0xefff;
	r->mode3a_conf = (uint16_t)(v >> 48) & 0x0fff;
	v = sky_test_rand(s);
	r->modec_vg = (uint8_t)(v & 3);
	r->fl = (int16_t)sky_sext((uint32_t)(v >> 2), 14);
	r->doppler = (int8_t)(v >> 16);
	r->power = (int8_t)(v >> 24);
	r->ttod = (uint16_t)(v >> 32);
	r->xpulse = (uint8_t)(v >> 48) & 0xa4;
	r->modec_gray = (uint32_t)sky_test_rand(s) & 0xcfff0fffu;
	sky_test_rand_list(s, &r->n_warn, r->warn, 4);
	sky_test_rand_list(s, &r->n_plotchar, r->plotchar, 4);
	r->sp_len = (uint8_t)sky_test_rand_below(s, sizeof(sp));
	r->sp = sp;
}

/* One tshark line: every field of record `row` as we expect it. */
static void check_row(void *ctx, unsigned row, char **cols)
{
	const struct sky_cat001 *r = (const struct sky_cat001 *)ctx + row;
	for (unsigned k = 0; k < N_FIELDS; k++) {
		double want[SKY_CAT001_MAX_LIST];
		unsigned n = expected(r, &fields[k], want);
		sky_test_expect_values(fields[k].name, row, cols[k], want, n, 1e-9);
	}
}

Test(cat001_tshark, agrees_with_tshark_on_every_plot_field, .timeout = 300)
{
	static struct sky_cat001 recs[N_RECORDS];
	static struct sky_test_tshark q;
	uint64_t s = 0x01;
	for (unsigned i = 0; i < N_RECORDS; i++)
		random_plot(&s, &recs[i]);
	for (unsigned k = 0; k < N_FIELDS; k++)
		sky_test_tshark_field(&q, "asterix.001_", fields[k].name);
	sky_test_tshark_compare(&q, &codec_001, recs, N_RECORDS, check_row, recs);
}
