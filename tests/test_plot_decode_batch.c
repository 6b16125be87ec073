/*
 * test_plot_decode_batch.c - the decoder's batched conversions
 * (stages/plot_decode.c over stages/fusion/radar_batch.h and adsb_batch.h)
 * give what converting record by record (sky_plot_from_record, the scalar
 * sky_radar_to_enu and sky_adsb_to_enu) gives: the same plots in the same
 * order with the same identity, time, flags and rx stamp, radar positions
 * within a millimetre and covariances within 1e-6 relative, ADS-B
 * positions within 1e-6 m and covariances within 1e-9 relative, and the
 * same counters, on datagrams that interleave two radars' CAT048 and
 * CAT001 with ADS-B (geometric height, flight level or neither, up to
 * ~600 km from the system reference), hold more plots than one batch, and
 * carry plots out of reach (BAD_GEOMETRY) and without time in between.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "plot_decode.h"
#include "testlib.h"

#define NOON_NS 1717243200000000000ull
#define MAXP 1024

static struct sky_config cfg;
static struct sky_config_sensor sensors[3];

static void config_setup(void)
{
	sky_config_default(&cfg);
	cfg.system.sac = 0;
	cfg.system.sic = 1;
	cfg.system.reference = (struct sky_config_geo){ 52.00, 5.00, 0.0 };
	memset(sensors, 0, sizeof(sensors));
	struct sky_config_sensor *r = &sensors[0];
	snprintf(r->name, sizeof(r->name), "en-route");
	r->kind = SKY_SENSOR_RADAR;
	r->sac = 0, r->sic = 11;
	r->has_position = true;
	r->position = (struct sky_config_geo){ 52.45, 4.60, 40.0 };
	r->scan_period_s = 8.0;
	r->sigma.range_m = 70.0, r->sigma.azimuth_deg = 0.08;
	struct sky_config_sensor *g = &sensors[1];
	snprintf(g->name, sizeof(g->name), "ad-radar");
	g->kind = SKY_SENSOR_RADAR;
	g->sac = 0, g->sic = 31;
	g->has_position = true;
	g->position = (struct sky_config_geo){ 52.10, 5.20, 25.0 };
	g->scan_period_s = 2.0;
	g->sigma.range_m = 30.0, g->sigma.azimuth_deg = 0.2, g->sigma.height_m = 120.0;
	struct sky_config_sensor *a = &sensors[2];
	snprintf(a->name, sizeof(a->name), "adsb");
	a->kind = SKY_SENSOR_ADSB;
	a->sac = 0, a->sic = 21;
	a->has_position = true;
	a->position = (struct sky_config_geo){ 52.0, 5.0, 20.0 };
	a->sigma.position_m = 12.0;
	cfg.n_sensors = 3;
	cfg.sensors = sensors;
}

/* ---- datagrams ------------------------------------------------------------ */

struct dg {
	uint8_t b[16384];
	struct sky_ast_writer w;
};

static void dg_block(struct dg *d, uint8_t cat)
{
	if (d->w.open)
		sky_ast_block_close(&d->w);
	cr_assert_eq(sky_ast_block_open(&d->w, cat), 0);
}

static void commit(struct dg *d, size_t (*enc)(const void *, uint8_t *, size_t), const void *r)
{
	size_t room;
	uint8_t *p = sky_ast_record_space(&d->w, &room);
	size_t n = enc(r, p, room);
	cr_assert_gt(n, 0);
	sky_ast_record_commit(&d->w, n);
}

static size_t enc048(const void *r, uint8_t *p, size_t n) { return sky_cat048_encode(r, p, n); }
static size_t enc001(const void *r, uint8_t *p, size_t n) { return sky_cat001_encode(r, p, n); }
static size_t enc021(const void *r, uint8_t *p, size_t n) { return sky_cat021_encode(r, p, n); }

/* A CAT048 plot: kind 0 Mode C, 1 3D height, 2 no height, 3 out of reach
   (3D height far above a short range), 4 without time of day. */
static void dg_cat048(struct dg *d, uint8_t sic, unsigned i, unsigned kind, uint64_t *seed)
{
	struct sky_cat048 r;
	memset(&r, 0, sizeof(r));
	r.present = SKY_CAT048_I010 | SKY_CAT048_I020 | SKY_CAT048_I040 | SKY_CAT048_I220 |
		    (kind == 4 ? 0 : SKY_CAT048_I140);
	r.sac = 0, r.sic = sic;
	r.tod = 43200u * 128u + i;
	r.trd_len = 1;
	r.trd[0] = 5 << 5;    /* Mode S roll-call + PSR */
	r.rho = (uint16_t)(256 * 20 + sky_test_rand_below(seed, 256 * 110));
	r.theta = (uint16_t)sky_test_rand(seed);
	r.address = 0x400000 + i;
	if (kind == 0) {
		r.present |= SKY_CAT048_I090;
		r.fl = (int16_t)sky_test_rand_below(seed, 4 * 400);
	} else if (kind == 1 || kind == 3) {
		r.present |= SKY_CAT048_I110;
		r.height = (int16_t)sky_test_rand_below(seed, 1600);  /* 25 ft: to 12 km */
	}
	if (kind == 3) {
		r.rho = 256;          /* 1 NM */
		r.height = 1000;      /* 25000 ft */
	}
	commit(d, enc048, &r);
}

static void dg_cat001(struct dg *d, uint8_t sic, unsigned i, uint64_t *seed)
{
	struct sky_cat001 r;
	memset(&r, 0, sizeof(r));
	r.present = SKY_CAT001_I010 | SKY_CAT001_I020 | SKY_CAT001_I040 | SKY_CAT001_I141 |
		    SKY_CAT001_I090 | SKY_CAT001_I070;
	r.sac = 0, r.sic = sic;
	r.trd[0] = 3 << 4;    /* SSR + PSR */
	r.rho = (uint16_t)(128 * 20 + sky_test_rand_below(seed, 128 * 110));
	r.theta = (uint16_t)sky_test_rand(seed);
	r.ttod = (uint16_t)((43200u * 128u + i) % (512u * 128u));
	r.fl = (int16_t)sky_test_rand_below(seed, 4 * 350);
	r.mode3a = (uint16_t)(01000 + i);
	commit(d, enc001, &r);
}

static void dg_cat021(struct dg *d, unsigned i, uint64_t *seed)
{
	struct sky_cat021 r;
	memset(&r, 0, sizeof(r));
	r.present = SKY_CAT021_BIT(I010) | SKY_CAT021_BIT(I040) | SKY_CAT021_BIT(I073) |
		    SKY_CAT021_BIT(I080) | SKY_CAT021_BIT(I130) | SKY_CAT021_BIT(I140);
	r.sac = 0, r.sic = 21;
	r.tomr_pos = 43200u * 128u + i;
	r.address = 0x480000 + i;
	r.lat = (int32_t)((47.0 + sky_test_rand_below(seed, 10000) / 1000.0) * 8388608.0 / 180.0);
	r.lon = (int32_t)((-3.0 + sky_test_rand_below(seed, 16000) / 1000.0) * 8388608.0 / 180.0);
	r.geo_height = (int16_t)sky_test_rand_below(seed, 6000);
	r.fl = (int16_t)sky_test_rand_below(seed, 4 * 400);
	if (i % 3 == 1)   /* flight level only, then neither: other sigma_v */
		r.present ^= SKY_CAT021_BIT(I140) | SKY_CAT021_BIT(I145);
	else if (i % 3 == 2)
		r.present &= ~SKY_CAT021_BIT(I140);
	commit(d, enc021, &r);
}

/* ---- the reference: every record through sky_plot_from_record ---------------- */

struct ref {
	const struct sky_sensor_table *t;
	double ref_unix;
	unsigned n, why[SKY_NOPLOT_COUNT];
	struct sky_plot p[MAXP];
};

static void ref_record(void *ctx, const struct sky_ast_record *r)
{
	struct ref *f = ctx;
	uint8_t sac, sic;
	cr_assert_eq(sky_ast_peek_sac_sic(r->raw, r->raw_len, &sac, &sic), 0);
	const struct sky_sensor_entry *s = sky_sensor_find(f->t, sac, sic);
	cr_assert_not_null(s);
	cr_assert_lt(f->n, MAXP);
	enum sky_noplot why = sky_plot_from_record(s, &f->t->sys, r, f->ref_unix, &f->p[f->n]);
	f->why[why]++;
	if (why == SKY_PLOT_OK)
		f->n++;
}

struct got {
	unsigned n;
	struct sky_plot p[MAXP];
};

static void keep(void *ctx, const struct sky_plot *p)
{
	struct got *g = ctx;
	cr_assert_lt(g->n, MAXP);
	g->p[g->n++] = *p;
}

static void assert_same_plot(const struct sky_plot *a, const struct sky_plot *b, unsigned i)
{
	cr_assert_eq(a->t, b->t, "plot %u time", i);
	cr_assert_eq(a->flags, b->flags, "plot %u flags", i);
	cr_assert_eq(a->sensor, b->sensor, "plot %u sensor", i);
	cr_assert_eq(a->address, b->address, "plot %u address", i);
	cr_assert_eq(a->mode3a, b->mode3a, "plot %u mode 3/A", i);
	cr_assert_eq(a->fl_q, b->fl_q, "plot %u FL", i);
	cr_assert_eq(a->revisit_s, b->revisit_s);
	bool adsb = (b->flags & SKY_PLOT_ADSB) != 0;
	double tol_m = adsb ? 1e-6 : 1e-3, tol_c = adsb ? 1e-9 : 1e-6;
	double dp = hypot(hypot(a->x - b->x, a->y - b->y), a->z - b->z);
	cr_assert_lt(dp, tol_m, "plot %u: %.3g m from the scalar conversion", i, dp);
	double sxy = sqrt(b->cxx * b->cyy);
	cr_assert_lt(fabs(a->cxx - b->cxx) / b->cxx, tol_c, "plot %u cxx", i);
	cr_assert_lt(fabs(a->cyy - b->cyy) / b->cyy, tol_c, "plot %u cyy", i);
	cr_assert_lt(fabs(a->cxy - b->cxy) / sxy, tol_c, "plot %u cxy", i);
	cr_assert_lt(fabs(a->czz - b->czz) / b->czz, tol_c, "plot %u czz", i);
}

/* Decodes one datagram both ways and compares plots and counters. */
static void check_datagram(struct dg *d, unsigned expect_plots, unsigned expect_bad)
{
	sky_ast_block_close(&d->w);
	size_t len = d->w.len;
	char err[256];
	struct sky_sensor_table t;
	cr_assert_eq(sky_sensor_table_build(&t, &cfg, err, sizeof(err)), 0, "%s", err);
	static struct ref ref;
	memset(&ref, 0, sizeof(ref));
	ref.t = &t;
	ref.ref_unix = NOON_NS / 1e9;
	struct sky_ast_decoder dec = { .on_record = ref_record, .ctx = &ref };
	sky_ast_decode_datagram(&dec, d->b, len);

	struct sky_plot_decoder *pd = sky_plot_decoder_create(&t);
	cr_assert_not_null(pd);
	static struct got got;
	got.n = 0;
	struct sky_dgram_info info = { .time_ns = NOON_NS, .rx_tsc = 4242, .src_ip = 1 };
	unsigned n = sky_plot_decode(pd, d->b, len, &info, keep, &got);
	cr_assert_eq(n, got.n);
	cr_assert_eq(got.n, ref.n, "%u plots, record by record %u", got.n, ref.n);
	cr_assert_eq(got.n, expect_plots);
	for (unsigned i = 0; i < got.n; i++) {
		assert_same_plot(&got.p[i], &ref.p[i], i);
		cr_assert_eq(got.p[i].rx_tsc, 4242);
	}
	const uint64_t *c = sky_plot_decoder_counters(pd);
	cr_assert_eq(c[SKY_PD_PLOTS], ref.n);
	for (unsigned k = 1; k < SKY_NOPLOT_COUNT; k++)
		cr_assert_eq(c[SKY_PD_NOPLOT_BASE + k], ref.why[k], "%s", sky_noplot_names[k]);
	cr_assert_eq(c[SKY_PD_NOPLOT_BASE + SKY_NOPLOT_BAD_GEOMETRY], expect_bad);
	uint64_t per = 0, none = 0;
	for (unsigned s = 0; s < t.n; s++) {
		per += sky_plot_decoder_sensor(pd, s)->plots;
		none += sky_plot_decoder_sensor(pd, s)->no_plot;
	}
	cr_assert_eq(per, ref.n);
	uint64_t ref_none = 0;
	for (unsigned k = 1; k < SKY_NOPLOT_COUNT; k++)
		ref_none += ref.why[k];
	cr_assert_eq(none, ref_none);
	sky_plot_decoder_destroy(pd);
	sky_sensor_table_free(&t);
}

static void dg_init(struct dg *d)
{
	config_setup();
	sky_ast_writer_init(&d->w, d->b, sizeof(d->b));
}

/* ---- tests -------------------------------------------------------------------- */

Test(plot_decode_batch, interleaved_radars_and_adsb_come_out_in_record_order_as_converted_one_by_one)
{
	static struct dg d;
	uint64_t seed = 21;
	dg_init(&d);
	unsigned i = 0;
	dg_block(&d, 48);
	for (unsigned k = 0; k < 20; k++)
		dg_cat048(&d, 11, i++, k % 3, &seed);
	dg_block(&d, 21);
	for (unsigned k = 0; k < 5; k++)
		dg_cat021(&d, i++, &seed);
	dg_block(&d, 48);
	for (unsigned k = 0; k < 15; k++)
		dg_cat048(&d, 31, i++, k % 5, &seed);   /* 3 out of reach, 3 without time */
	dg_block(&d, 1);
	for (unsigned k = 0; k < 9; k++)
		dg_cat001(&d, 11, i++, &seed);
	dg_block(&d, 48);
	dg_cat048(&d, 11, i++, 0, &seed);
	check_datagram(&d, 20 + 5 + 9 + 9 + 1, 3);
}

Test(plot_decode_batch, a_datagram_larger_than_one_batch_keeps_every_plot_and_its_order)
{
	static struct dg d;
	uint64_t seed = 5;
	dg_init(&d);
	unsigned i = 0;
	dg_block(&d, 48);
	for (unsigned k = 0; k < 300; k++)
		dg_cat048(&d, 31, i++, k % 7 == 3 ? 3 : k % 3, &seed);
	dg_block(&d, 21);
	for (unsigned k = 0; k < 40; k++)
		dg_cat021(&d, i++, &seed);
	dg_block(&d, 48);
	for (unsigned k = 0; k < 200; k++)
		dg_cat048(&d, 11, i++, k % 3, &seed);
	unsigned bad = 300 / 7 + (300 % 7 > 3);
	check_datagram(&d, 300 - bad + 40 + 200, bad);
}

Test(plot_decode_batch, adsb_reports_across_batches_and_radar_site_changes_keep_their_order)
{
	static struct dg d;
	uint64_t seed = 77;
	dg_init(&d);
	unsigned i = 0;
	dg_block(&d, 21);
	for (unsigned k = 0; k < 150; k++)   /* more than one batch of ADS-B alone */
		dg_cat021(&d, i++, &seed);
	dg_block(&d, 48);
	for (unsigned k = 0; k < 10; k++)
		dg_cat048(&d, 11, i++, k % 3, &seed);
	dg_block(&d, 21);
	for (unsigned k = 0; k < 30; k++)
		dg_cat021(&d, i++, &seed);
	dg_block(&d, 48);
	for (unsigned k = 0; k < 10; k++)    /* another radar: the radar batch flushes */
		dg_cat048(&d, 31, i++, k % 3, &seed);
	dg_block(&d, 21);
	for (unsigned k = 0; k < 5; k++)
		dg_cat021(&d, i++, &seed);
	check_datagram(&d, 150 + 10 + 30 + 10 + 5, 0);
}
