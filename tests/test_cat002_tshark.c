/*
 * test_cat002_tshark.c - CAT002 against tshark (its edition 1.0 dissector):
 * random valid service messages, one per datagram on UDP port 8600; every
 * field both sides know must agree and tshark must flag nothing. Wireshark
 * 4.0 shows only the first element of the FX lists I002/050, 060 and 080, so
 * only that element is compared for them.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cat002_random.h"
#include "testlib.h"

SKY_TEST_CODEC(002);

#define N_RECORDS 300

enum src { S_SAC, S_SIC, S_MSG, S_SEC, S_TOD, S_ROT, S_CFG, S_PROC, S_A, S_ID, S_CNT,
	   S_RS, S_RE, S_TS, S_TE, S_RNG, S_AZM, S_WARN };

struct field {
	const char *name; /* tshark field without "asterix.002_V1_0_" */
	uint32_t item;
	uint8_t src;
	double scale;
};

static const struct field fields[] = {
	{ "010_SAC", SKY_CAT002_I010, S_SAC, 1 },
	{ "010_SIC", SKY_CAT002_I010, S_SIC, 1 },
	{ "000_VALUE", SKY_CAT002_I000, S_MSG, 1 },
	{ "020_VALUE", SKY_CAT002_I020, S_SEC, 360.0 / 256 },
	{ "030_VALUE", SKY_CAT002_I030, S_TOD, 1.0 / 128 },
	{ "041_VALUE", SKY_CAT002_I041, S_ROT, 1.0 / 128 },
	{ "050_SCS", SKY_CAT002_I050, S_CFG, 1 },
	{ "060_SPM", SKY_CAT002_I060, S_PROC, 1 },
	{ "070_A", SKY_CAT002_I070, S_A, 1 },
	{ "070_IDENT", SKY_CAT002_I070, S_ID, 1 },
	{ "070_COUNTER", SKY_CAT002_I070, S_CNT, 1 },
	{ "100_RS", SKY_CAT002_I100, S_RS, 1.0 / 128 },
	{ "100_RE", SKY_CAT002_I100, S_RE, 1.0 / 128 },
	{ "100_TS", SKY_CAT002_I100, S_TS, 360.0 / 65536 },
	{ "100_TE", SKY_CAT002_I100, S_TE, 360.0 / 65536 },
	{ "090_RE", SKY_CAT002_I090, S_RNG, 1.0 / 128 },
	{ "090_AE", SKY_CAT002_I090, S_AZM, 360.0 / 16384 },
	{ "080_WE", SKY_CAT002_I080, S_WARN, 1 },
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

static int64_t raw(const struct sky_cat002 *r, unsigned src, unsigned i)
{
	switch (src) {
	case S_SAC: return r->sac;
	case S_SIC: return r->sic;
	case S_MSG: return r->msg_type;
	case S_SEC: return r->sector;
	case S_TOD: return r->tod;
	case S_ROT: return r->rot_period;
	case S_CFG: return r->config[0];
	case S_PROC: return r->procmode[0];
	case S_A: return r->counts[i].aerial;
	case S_ID: return r->counts[i].ident;
	case S_CNT: return r->counts[i].counter;
	case S_RS: return r->win_rho_start;
	case S_RE: return r->win_rho_end;
	case S_TS: return r->win_theta_start;
	case S_TE: return r->win_theta_end;
	case S_RNG: return r->coll_rng;
	case S_AZM: return r->coll_azm;
	case S_WARN: return r->warn[0];
	}
	return 0;
}

static unsigned expected(const struct sky_cat002 *r, const struct field *f, double *out)
{
	if (!(r->present & f->item))
		return 0;
	unsigned n = f->item == SKY_CAT002_I070 ? r->n_counts : 1;
	for (unsigned i = 0; i < n; i++)
		out[i] = (double)raw(r, f->src, i) * f->scale;
	return n;
}

/* One tshark line: every field of record `row` as we expect it. */
static void check_row(void *ctx, unsigned row, char **cols)
{
	const struct sky_cat002 *r = (const struct sky_cat002 *)ctx + row;
	for (unsigned k = 0; k < N_FIELDS; k++) {
		double want[SKY_CAT002_MAX_COUNTS];
		unsigned n = expected(r, &fields[k], want);
		sky_test_expect_values(fields[k].name, row, cols[k], want, n, 1e-9);
	}
}

Test(cat002_tshark, agrees_with_tshark_on_every_common_field, .timeout = 300)
{
	static struct sky_cat002 recs[N_RECORDS];
	static struct sky_test_tshark q = { .opts = "-o 'asterix.i002_version:Version 1.0'" };
	static const uint8_t sp[4] = { 9, 8, 7, 6 };
	uint64_t s = 0x02;
	for (unsigned i = 0; i < N_RECORDS; i++)
		c002_random(&s, &recs[i], true, sp, sizeof(sp));
	for (unsigned k = 0; k < N_FIELDS; k++)
		sky_test_tshark_field(&q, "asterix.002_V1_0_", fields[k].name); /* pinned edition */
	sky_test_tshark_compare(&q, &codec_002, recs, N_RECORDS, check_row, recs);
}
