/*
 * test_cat048_tshark.c - CAT048 against an independent decoder: random valid
 * records encoded here, one per datagram, written to a pcap (UDP port 8600)
 * and dissected by tshark (Wireshark 4.0 knows CAT048 up to edition 1.31,
 * so I048/020 is kept to its first three octets); every field both sides
 * know must agree, and tshark must find nothing malformed.
 *
 * Fields are a table: the tshark name, and a case of expected() that says
 * whether our record carries the field and its value in tshark's units.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cat048.h"
#include "testlib.h"

SKY_TEST_CODEC(048);

#define N_RECORDS 300

static const char *const names[] = {
	"010_SAC", "010_SIC", "140_VALUE",
	"020_TYP", "020_SIM", "020_RDP", "020_SPI", "020_RAB",
	"020_TST", "020_ERR", "020_XPP", "020_ME", "020_MI", "020_FOEFRI",
	"020_ADSB", "020_SCN", "020_PAI",
	"040_RHO", "040_THETA",
	"070_V", "070_G", "070_L", "070_MODE3A",
	"090_V", "090_G", "090_FL",
	"130_SRL_VALUE", "130_SRR_VALUE", "130_SAM_VALUE", "130_PRL_VALUE",
	"130_PAM_VALUE", "130_RPD_VALUE", "130_APD_VALUE",
	"220_VALUE", "161_TRN", "042_X", "042_Y", "200_GSP", "200_HDG",
	"170_CNF", "170_RAD", "170_DOU", "170_MAH", "170_CDM",
	"170_TRE", "170_GHO", "170_SUP", "170_TCC",
	"210_SIGX", "210_SIGY", "210_SIGV", "210_SIGH", "110_3DH",
	"230_COM", "230_STAT", "230_SI", "230_MSSC", "230_ARC", "230_AIC",
	"230_B1A", "230_B1B",
	/* Compared as text, after the numeric ones. */
	"240_VALUE", "250_MBDATA", "250_BDS1", "250_BDS2", "260_VALUE",
};
#define N_FIELDS (sizeof(names) / sizeof(names[0]))
#define N_NUMERIC (N_FIELDS - 5)

static double bit(unsigned v, unsigned shift) { return (v >> shift) & 1u; }

/* 020: tshark field i (TYP = 3) of the first three octets. */
static bool trd_field(const struct sky_cat048 *r, unsigned i, double *v)
{
	static const uint8_t octet[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2};
	static const uint8_t shift[] = {5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 1, 6, 4, 2};
	static const uint8_t mask[] = {7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3};
	i -= 3;
	if (!(r->present & SKY_CAT048_I020) || octet[i] >= r->trd_len)
		return false;
	*v = (r->trd[octet[i]] >> shift[i]) & mask[i];
	return true;
}

static bool rpc_field(const struct sky_cat048 *r, unsigned i, double *v)
{
	const double val[7] = {r->srl * 360.0 / 8192, r->srr, r->sam, r->prl * 360.0 / 8192,
			       r->pam, r->rpd / 256.0, r->apd * 360.0 / 16384};
	i -= 26;
	if (!(r->present & SKY_CAT048_I130) || !(r->rpc_present & (0x80u >> i)))
		return false;
	*v = val[i];
	return true;
}

static bool track_field(const struct sky_cat048 *r, unsigned i, double *v)
{
	uint32_t p = r->present;
	unsigned t0 = r->ts[0], t1 = r->ts[1];
	switch (i) {
	case 34: *v = r->track_number; return p & SKY_CAT048_I161;
	case 35: *v = r->x / 128.0; return p & SKY_CAT048_I042;
	case 36: *v = r->y / 128.0; return p & SKY_CAT048_I042;
	case 37: *v = r->gsp / 16384.0; return p & SKY_CAT048_I200;
	case 38: *v = r->hdg * 360.0 / 65536; return p & SKY_CAT048_I200;
	case 39: *v = bit(t0, 7); return p & SKY_CAT048_I170;
	case 40: *v = (t0 >> 5) & 3; return p & SKY_CAT048_I170;
	case 41: *v = bit(t0, 4); return p & SKY_CAT048_I170;
	case 42: *v = bit(t0, 3); return p & SKY_CAT048_I170;
	case 43: *v = (t0 >> 1) & 3; return p & SKY_CAT048_I170;
	case 44: *v = bit(t1, 7); return (p & SKY_CAT048_I170) && r->ts_len > 1;
	case 45: *v = bit(t1, 6); return (p & SKY_CAT048_I170) && r->ts_len > 1;
	case 46: *v = bit(t1, 5); return (p & SKY_CAT048_I170) && r->ts_len > 1;
	case 47: *v = bit(t1, 4); return (p & SKY_CAT048_I170) && r->ts_len > 1;
	case 48: *v = r->sigx / 128.0; return p & SKY_CAT048_I210;
	case 49: *v = r->sigy / 128.0; return p & SKY_CAT048_I210;
	case 50: *v = r->sigv / 16384.0; return p & SKY_CAT048_I210;
	case 51: *v = r->sigh * 360.0 / 4096; return p & SKY_CAT048_I210;
	case 52: *v = r->height * 25.0; return p & SKY_CAT048_I110;
	default: break;
	}
	const double acas[] = {r->com, r->stat, r->si, r->mssc, r->arc, r->aic, r->b1a, r->b1b};
	*v = acas[i - 53];
	return p & SKY_CAT048_I230;
}

/* Whether r carries numeric field i, and its value in tshark's units. */
static bool expected(const struct sky_cat048 *r, unsigned i, double *v)
{
	uint32_t p = r->present;
	if (i >= 3 && i < 17)
		return trd_field(r, i, v);
	if (i >= 26 && i < 33)
		return rpc_field(r, i, v);
	if (i >= 34)
		return track_field(r, i, v);
	switch (i) {
	case 0: *v = r->sac; return p & SKY_CAT048_I010;
	case 1: *v = r->sic; return p & SKY_CAT048_I010;
	case 2: *v = r->tod / 128.0; return p & SKY_CAT048_I140;
	case 17: *v = r->rho / 256.0; return p & SKY_CAT048_I040;
	case 18: *v = r->theta * 360.0 / 65536; return p & SKY_CAT048_I040;
	case 19: *v = bit(r->m3a_flags, 7); return p & SKY_CAT048_I070;
	case 20: *v = bit(r->m3a_flags, 6); return p & SKY_CAT048_I070;
	case 21: *v = bit(r->m3a_flags, 5); return p & SKY_CAT048_I070;
	case 22: *v = r->mode3a; return p & SKY_CAT048_I070; /* printed in decimal */
	case 23: *v = bit(r->fl_flags, 7); return p & SKY_CAT048_I090;
	case 24: *v = bit(r->fl_flags, 6); return p & SKY_CAT048_I090;
	/* Wireshark 4.0 reads FL as unsigned 14 bits (-5 FL prints as 4091). */
	case 25: *v = ((uint16_t)r->fl & 0x3fffu) / 4.0; return p & SKY_CAT048_I090;
	default: *v = r->address; return p & SKY_CAT048_I220;
	}
}

/* Text fields: 240 (trailing spaces), 250 (lists), 260 (hex). */
static void expected_text(const struct sky_cat048 *r, unsigned i, char *out, size_t n)
{
	out[0] = '\0';
	if (i == N_NUMERIC && (r->present & SKY_CAT048_I240)) {
		snprintf(out, n, "%-8s", r->callsign);
	} else if (i == N_NUMERIC + 4 && (r->present & SKY_CAT048_I260)) {
		size_t k = (size_t)snprintf(out, n, "0x00");
		for (unsigned j = 0; j < 7; j++)
			k += (size_t)snprintf(out + k, n - k, "%02x", r->acas_ra[j]);
	} else if (i > N_NUMERIC && i < N_NUMERIC + 4 && (r->present & SKY_CAT048_I250)) {
		size_t k = 0;
		for (unsigned j = 0; j < r->mb_count; j++) {
			const uint8_t *m = r->mb + 8 * j;
			if (j)
				out[k++] = ',';
			if (i == N_NUMERIC + 1)
				k += (size_t)snprintf(out + k, n - k, "0x00%02x%02x%02x%02x%02x%02x%02x",
						      m[0], m[1], m[2], m[3], m[4], m[5], m[6]);
			else
				k += (size_t)snprintf(out + k, n - k, "%u",
						      i == N_NUMERIC + 2 ? m[7] >> 4 : m[7] & 15u);
		}
		out[k] = '\0';
	}
}

static void rand_record(uint64_t *s, struct sky_cat048 *r, uint8_t *mb)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	memset(r, 0, sizeof(*r));
	r->present = ((uint32_t)sky_test_rand(s) & SKY_CAT048_ENCODABLE) | SKY_CAT048_I010;
	uint8_t b[64];
	for (unsigned i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)sky_test_rand(s);
	r->sac = b[0];
	r->sic = b[1];
	r->tod = sky_test_rand_below(s, 86400u * 128u);
	r->trd_len = (uint8_t)(1 + sky_test_rand_below(s, 3));
	r->trd[0] = b[2] & 0xfe;
	r->trd[1] = b[3] & 0xfe;
	r->trd[2] = b[4] & 0xfc; /* spare bit clear */
	r->rho = (uint16_t)(b[5] << 8 | b[6]);
	r->theta = (uint16_t)(b[7] << 8 | b[8]);
	r->mode3a = (uint16_t)((b[9] << 8 | b[10]) & 0x0fff);
	r->m3a_flags = b[11] & 0xe0;
	r->fl = (int16_t)sky_sext((uint32_t)(b[12] << 8 | b[13]), 14);
	r->fl_flags = b[14] & 0xc0;
	r->rpc_present = b[15] & 0xfe;
	r->srl = b[16];
	r->srr = b[17];
	r->sam = (int8_t)b[18];
	r->prl = b[19];
	r->pam = (int8_t)b[20];
	r->rpd = (int8_t)b[21];
	r->apd = (int8_t)b[22];
	r->address = (uint32_t)(b[23] << 16 | b[24] << 8 | b[25]);
	unsigned n = 1 + sky_test_rand_below(s, 8);
	for (unsigned i = 0; i < n; i++)
		r->callsign[i] = set[sky_test_rand_below(s, sizeof(set) - 1)];
	r->mb_count = (uint8_t)(1 + sky_test_rand_below(s, 4));
	for (unsigned i = 0; i < 8u * r->mb_count; i++)
		mb[i] = (uint8_t)sky_test_rand(s);
	r->mb = mb;
	r->track_number = (uint16_t)((b[26] << 8 | b[27]) & 0x0fff);
	r->x = (int16_t)(b[28] << 8 | b[29]);
	r->y = (int16_t)(b[30] << 8 | b[31]);
	r->gsp = (uint16_t)(b[32] << 8 | b[33]);
	r->hdg = (uint16_t)(b[34] << 8 | b[35]);
	r->ts_len = (uint8_t)(1 + (b[36] & 1));
	r->ts[0] = b[37] & 0xfe;
	r->ts[1] = b[38] & 0xf0;
	r->sigx = b[39];
	r->sigy = b[40];
	r->sigv = b[41];
	r->sigh = b[42];
	r->height = (int16_t)sky_sext((uint32_t)(b[43] << 8 | b[44]), 14);
	r->com = b[45] & 7;
	r->stat = (b[45] >> 3) & 7;
	if (r->stat == 6)
		r->stat = 7; /* 6 is undefined */
	r->si = b[46] & 1;
	r->mssc = (b[46] >> 1) & 1;
	r->arc = (b[46] >> 2) & 1;
	r->aic = (b[46] >> 3) & 1;
	r->b1a = (b[46] >> 4) & 1;
	r->b1b = b[47] & 15;
	memcpy(r->acas_ra, b + 48, 7);
}

/* One tshark line: every field of record `row` as we expect it. */
static void check_row(void *ctx, unsigned row, char **cols)
{
	const struct sky_cat048 *r = (const struct sky_cat048 *)ctx + row;
	for (unsigned i = 0; i < N_NUMERIC; i++) {
		double want;
		bool has = expected(r, i, &want);
		sky_test_expect_values(names[i], row, cols[i], &want, has, 1e-9);
	}
	for (unsigned i = N_NUMERIC; i < N_FIELDS; i++) {
		char want[512];
		expected_text(r, i, want, sizeof(want));
		cr_expect_str_eq(cols[i], want, "record %u %s: tshark %s, ours %s", row, names[i],
				 cols[i], want);
	}
}

Test(cat048_tshark, tshark_agrees_on_every_field_of_random_records)
{
	static struct sky_cat048 recs[N_RECORDS];
	static uint8_t mb[N_RECORDS][32];
	static struct sky_test_tshark q;
	uint64_t seed = 0x48048;
	for (unsigned i = 0; i < N_RECORDS; i++)
		rand_record(&seed, &recs[i], mb[i]);
	for (unsigned i = 0; i < N_FIELDS; i++)
		sky_test_tshark_field(&q, "asterix.048_", names[i]);
	sky_test_tshark_compare(&q, &codec_048, recs, N_RECORDS, check_row, recs);
}
