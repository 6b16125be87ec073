/*
 * test_cat034_tshark.c - CAT034 against an independent decoder: random valid
 * records encoded here, one per datagram, written to a pcap (UDP port 8600)
 * and dissected by tshark; every field both sides know must agree, and
 * tshark must find nothing malformed. Fields are described by a table
 * (tshark name, our item, compound subfield, raw source, bit position,
 * scale) so adding a field is one line.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cat034_random.h"
#include "testlib.h"

SKY_TEST_CODEC(034);

#define N_RECORDS 300

enum src { S_SAC, S_SIC, S_MSG, S_TOD, S_SEC, S_ROT, S_CCOM, S_CPSR, S_CSSR, S_CMDS,
	   S_MCOM, S_MPSR, S_MSSR, S_MMDS, S_RNG, S_AZM, S_RST, S_REND, S_TST, S_TEND,
	   S_FLT, S_HGT, S_LAT, S_LON, S_TYP, S_CNT };

struct field {
	const char *name;  /* tshark field, without the "asterix.034_" prefix */
	uint32_t item;     /* enum sky_cat034_item */
	uint8_t sub;       /* compound subfield (enum sky_cat034_sub) or 0 */
	uint8_t src;       /* enum src */
	uint8_t shift, bits;
	double scale;      /* tshark value = raw * scale */
};

#define C050(n, sub, src, sh, b) { "050_" n, SKY_CAT034_I050, sub, src, sh, b, 1 }
#define C060(n, sub, src, sh, b) { "060_" n, SKY_CAT034_I060, sub, src, sh, b, 1 }

static const struct field fields[] = {
	{ "010_SAC", SKY_CAT034_I010, 0, S_SAC, 0, 8, 1 },
	{ "010_SIC", SKY_CAT034_I010, 0, S_SIC, 0, 8, 1 },
	{ "000_VALUE", SKY_CAT034_I000, 0, S_MSG, 0, 8, 1 },
	{ "030_VALUE", SKY_CAT034_I030, 0, S_TOD, 0, 24, 1.0 / 128 },
	{ "020_VALUE", SKY_CAT034_I020, 0, S_SEC, 0, 8, 360.0 / 256 },
	{ "041_VALUE", SKY_CAT034_I041, 0, S_ROT, 0, 16, 1.0 / 128 },
	C050("COM_NOGO", SKY_CAT034_SUB_COM, S_CCOM, 7, 1),
	C050("COM_RDPC", SKY_CAT034_SUB_COM, S_CCOM, 6, 1),
	C050("COM_RDPR", SKY_CAT034_SUB_COM, S_CCOM, 5, 1),
	C050("COM_OVLRDP", SKY_CAT034_SUB_COM, S_CCOM, 4, 1),
	C050("COM_OVLXMT", SKY_CAT034_SUB_COM, S_CCOM, 3, 1),
	C050("COM_MSC", SKY_CAT034_SUB_COM, S_CCOM, 2, 1),
	C050("COM_TSV", SKY_CAT034_SUB_COM, S_CCOM, 1, 1),
	C050("PSR_ANT", SKY_CAT034_SUB_PSR, S_CPSR, 7, 1),
	C050("PSR_CHAB", SKY_CAT034_SUB_PSR, S_CPSR, 5, 2),
	C050("PSR_OVL", SKY_CAT034_SUB_PSR, S_CPSR, 4, 1),
	C050("PSR_MSC", SKY_CAT034_SUB_PSR, S_CPSR, 3, 1),
	C050("SSR_ANT", SKY_CAT034_SUB_SSR, S_CSSR, 7, 1),
	C050("SSR_CHAB", SKY_CAT034_SUB_SSR, S_CSSR, 5, 2),
	C050("SSR_OVL", SKY_CAT034_SUB_SSR, S_CSSR, 4, 1),
	C050("SSR_MSC", SKY_CAT034_SUB_SSR, S_CSSR, 3, 1),
	C050("MDS_ANT", SKY_CAT034_SUB_MDS, S_CMDS, 15, 1),
	C050("MDS_CHAB", SKY_CAT034_SUB_MDS, S_CMDS, 13, 2),
	C050("MDS_OVLSUR", SKY_CAT034_SUB_MDS, S_CMDS, 12, 1),
	C050("MDS_MSC", SKY_CAT034_SUB_MDS, S_CMDS, 11, 1),
	C050("MDS_SCF", SKY_CAT034_SUB_MDS, S_CMDS, 10, 1),
	C050("MDS_DLF", SKY_CAT034_SUB_MDS, S_CMDS, 9, 1),
	C050("MDS_OVLSCF", SKY_CAT034_SUB_MDS, S_CMDS, 8, 1),
	C050("MDS_OVLDLF", SKY_CAT034_SUB_MDS, S_CMDS, 7, 1),
	C060("COM_REDRDP", SKY_CAT034_SUB_COM, S_MCOM, 4, 3),
	C060("COM_REDXMT", SKY_CAT034_SUB_COM, S_MCOM, 1, 3),
	C060("PSR_POL", SKY_CAT034_SUB_PSR, S_MPSR, 7, 1),
	C060("PSR_REDRAD", SKY_CAT034_SUB_PSR, S_MPSR, 4, 3),
	C060("PSR_STC", SKY_CAT034_SUB_PSR, S_MPSR, 2, 2),
	C060("SSR_REDRAD", SKY_CAT034_SUB_SSR, S_MSSR, 5, 3),
	C060("MDS_REDRAD", SKY_CAT034_SUB_MDS, S_MMDS, 5, 3),
	C060("MDS_CLU", SKY_CAT034_SUB_MDS, S_MMDS, 4, 1),
	{ "070_TYP", SKY_CAT034_I070, 0, S_TYP, 0, 5, 1 },
	{ "070_COUNT", SKY_CAT034_I070, 0, S_CNT, 0, 11, 1 },
	{ "090_RNG", SKY_CAT034_I090, 0, S_RNG, 0, 0, 1.0 / 128 },
	{ "090_AZM", SKY_CAT034_I090, 0, S_AZM, 0, 0, 360.0 / 16384 },
	{ "100_RHOST", SKY_CAT034_I100, 0, S_RST, 0, 16, 1.0 / 256 },
	{ "100_RHOEND", SKY_CAT034_I100, 0, S_REND, 0, 16, 1.0 / 256 },
	{ "100_THETAST", SKY_CAT034_I100, 0, S_TST, 0, 16, 360.0 / 65536 },
	{ "100_THETAEND", SKY_CAT034_I100, 0, S_TEND, 0, 16, 360.0 / 65536 },
	{ "110_VALUE", SKY_CAT034_I110, 0, S_FLT, 0, 8, 1 },
	/* Wireshark 4.0 reads HGT unsigned (the 1.27 wording); 1.29 makes it
	 * signed, as we decode it: compare the 16 bits. */
	{ "120_HGT", SKY_CAT034_I120, 0, S_HGT, 0, 16, 1 },
	{ "120_LAT", SKY_CAT034_I120, 0, S_LAT, 0, 0, 180.0 / (1 << 23) },
	{ "120_LON", SKY_CAT034_I120, 0, S_LON, 0, 0, 180.0 / (1 << 23) },
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

/* Raw value of a source (element i for the I034/070 lists). */
static int64_t raw(const struct sky_cat034 *r, unsigned src, unsigned i)
{
	switch (src) {
	case S_SAC: return r->sac;
	case S_SIC: return r->sic;
	case S_MSG: return r->msg_type;
	case S_TOD: return r->tod;
	case S_SEC: return r->sector;
	case S_ROT: return r->rot_period;
	case S_CCOM: return r->cfg_com;
	case S_CPSR: return r->cfg_psr;
	case S_CSSR: return r->cfg_ssr;
	case S_CMDS: return r->cfg_mds;
	case S_MCOM: return r->mode_com;
	case S_MPSR: return r->mode_psr;
	case S_MSSR: return r->mode_ssr;
	case S_MMDS: return r->mode_mds;
	case S_RNG: return r->coll_rng;
	case S_AZM: return r->coll_azm;
	case S_RST: return r->win_rho_start;
	case S_REND: return r->win_rho_end;
	case S_TST: return r->win_theta_start;
	case S_TEND: return r->win_theta_end;
	case S_FLT: return r->data_filter;
	case S_HGT: return r->pos_hgt;
	case S_LAT: return r->pos_lat;
	case S_LON: return r->pos_lon;
	case S_TYP: return r->counts[i].typ;
	case S_CNT: return r->counts[i].count;
	}
	return 0;
}

/* Expected tshark values of field f for record r; returns how many. */
static unsigned expected(const struct sky_cat034 *r, const struct field *f, double *out)
{
	if (!(r->present & f->item))
		return 0;
	uint8_t sub = f->item == SKY_CAT034_I050 ? r->cfg_sub : r->mode_sub;
	if (f->sub && !(sub & f->sub))
		return 0;
	unsigned n = f->item == SKY_CAT034_I070 ? r->n_counts : 1;
	for (unsigned i = 0; i < n; i++) {
		int64_t v = raw(r, f->src, i);
		if (f->bits)
			v = (v >> f->shift) & ((1 << f->bits) - 1);
		out[i] = (double)v * f->scale;
	}
	return n;
}

static uint8_t pool[64];

/* One tshark line: every field of record `row` as we expect it. */
static void check_row(void *ctx, unsigned row, char **cols)
{
	const struct sky_cat034 *r = (const struct sky_cat034 *)ctx + row;
	for (unsigned k = 0; k < N_FIELDS; k++) {
		double want[SKY_CAT034_MAX_COUNTS];
		unsigned n = expected(r, &fields[k], want);
		sky_test_expect_values(fields[k].name, row, cols[k], want, n, 1e-9);
	}
}

Test(cat034_tshark, agrees_with_tshark_on_every_common_field, .timeout = 300)
{
	static struct sky_cat034 recs[N_RECORDS];
	static struct sky_test_tshark q;
	uint64_t s = 0x34;
	sky_test_rand_bytes(&s, pool, sizeof(pool));
	for (unsigned i = 0; i < N_RECORDS; i++)
		c034_random(&s, &recs[i], true, pool, 8);
	for (unsigned k = 0; k < N_FIELDS; k++)
		sky_test_tshark_field(&q, "asterix.034_", fields[k].name);
	sky_test_tshark_compare(&q, &codec_034, recs, N_RECORDS, check_row, recs);
}
