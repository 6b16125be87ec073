/*
 * test_plot_decode.c - the decode conversion the decode stage and the
 * offline reference share (stages/plot_decode.h), and the offline path
 * around it (stages/fuse_offline.h): plots dated by the capture time and
 * stamped with the datagram's rx time, records of unconfigured SAC/SICs
 * counted per SAC/SIC and dropped, malformed datagrams mixed in counted by
 * reason while the rest decodes, CAT034 counted as service messages, the
 * source-address allow-list, and every record accounted for.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cat062_pack.h"
#include "fuse_offline.h"
#include "pcap_file.h"
#include "plot_decode.h"
#include "testlib.h"

#define DAY0 1717200000.0          /* 2024-06-01T00:00:00Z */
#define NOON_NS 1717243200000000000ull

static struct sky_config cfg;
static struct sky_config_sensor sensors[2];
static uint32_t allow[1];

static void config_setup(void)
{
	sky_config_default(&cfg);
	cfg.system.sac = 0;
	cfg.system.sic = 1;
	cfg.system.reference = (struct sky_config_geo){52.10, 5.18, 0.0};
	memset(sensors, 0, sizeof(sensors));
	struct sky_config_sensor *r = &sensors[0];
	snprintf(r->name, sizeof(r->name), "radar-1");
	r->kind = SKY_SENSOR_RADAR;
	r->sac = 0, r->sic = 11;
	r->has_position = true;
	r->position = (struct sky_config_geo){52.30, 4.90, 30.0};
	r->scan_period_s = 4.0;
	r->sigma.range_m = 60.0, r->sigma.azimuth_deg = 0.07;
	r->pd = 0.9;
	struct sky_config_sensor *g = &sensors[1];
	snprintf(g->name, sizeof(g->name), "radar-2");
	g->kind = SKY_SENSOR_RADAR;
	g->sac = 0, g->sic = 12;
	g->has_position = true;
	g->position = (struct sky_config_geo){51.95, 5.50, 20.0};
	g->scan_period_s = 2.0;
	g->sigma.range_m = 40.0, g->sigma.azimuth_deg = 0.15;
	g->pd = 0.9;
	allow[0] = htonl(0x0a00000b);   /* radar-2 only from 10.0.0.11 */
	g->n_sources = 1;
	g->sources = allow;
	cfg.n_sensors = 2;
	cfg.sensors = sensors;
}

/* ---- building datagrams ------------------------------------------------- */

struct dg {
	uint8_t b[2048];
	struct sky_ast_writer w;
};

static void dg_init(struct dg *d)
{
	sky_ast_writer_init(&d->w, d->b, sizeof(d->b));
}

static void dg_block(struct dg *d, uint8_t cat)
{
	if (d->w.open)
		sky_ast_block_close(&d->w);
	cr_assert_eq(sky_ast_block_open(&d->w, cat), 0);
}

static void dg_cat048(struct dg *d, uint8_t sic, double tod_s, double rho_nm, double az_deg,
		      bool with_position)
{
	struct sky_cat048 r;
	memset(&r, 0, sizeof(r));
	r.present = SKY_CAT048_I010 | SKY_CAT048_I140 | SKY_CAT048_I020 |
		    (with_position ? SKY_CAT048_I040 : 0);
	r.sac = 0, r.sic = sic;
	r.tod = (uint32_t)llround(tod_s * 128.0);
	r.trd_len = 1;
	r.trd[0] = 1 << 5;    /* TYP 1: single PSR detection */
	r.rho = (uint16_t)llround(rho_nm * 256.0);
	r.theta = (uint16_t)llround(az_deg * 65536.0 / 360.0);
	size_t room;
	uint8_t *p = sky_ast_record_space(&d->w, &room);
	size_t n = sky_cat048_encode(&r, p, room);
	cr_assert_gt(n, 0);
	sky_ast_record_commit(&d->w, n);
}

static void dg_cat034(struct dg *d, uint8_t sic, double tod_s)
{
	struct sky_cat034 r;
	memset(&r, 0, sizeof(r));
	r.present = SKY_CAT034_I010 | SKY_CAT034_I000 | SKY_CAT034_I030;
	r.sac = 0, r.sic = sic;
	r.msg_type = SKY_CAT034_NORTH_MARKER;
	r.tod = (uint32_t)llround(tod_s * 128.0);
	size_t room;
	uint8_t *p = sky_ast_record_space(&d->w, &room);
	size_t n = sky_cat034_encode(&r, p, room);
	cr_assert_gt(n, 0);
	sky_ast_record_commit(&d->w, n);
}

static size_t dg_len(struct dg *d)
{
	if (d->w.open)
		sky_ast_block_close(&d->w);
	return d->w.len;
}

/* ---- decoding -------------------------------------------------------------- */

struct plots {
	unsigned n;
	struct sky_plot p[256];
};

static void keep(void *ctx, const struct sky_plot *p)
{
	struct plots *ps = ctx;
	cr_assert_lt(ps->n, 256);
	ps->p[ps->n++] = *p;
}

struct fixture {
	struct sky_sensor_table t;
	struct sky_plot_decoder *d;
	struct plots out;
};

static void fixture_init(struct fixture *f)
{
	config_setup();
	char err[256];
	cr_assert_eq(sky_sensor_table_build(&f->t, &cfg, err, sizeof(err)), 0, "%s", err);
	f->d = sky_plot_decoder_create(&f->t);
	cr_assert_not_null(f->d);
	f->out.n = 0;
}

static void fixture_fini(struct fixture *f)
{
	sky_plot_decoder_destroy(f->d);
	sky_sensor_table_free(&f->t);
}

static unsigned decode(struct fixture *f, struct dg *d, uint32_t src_ip, uint64_t rx_tsc)
{
	struct sky_dgram_info info = {.time_ns = NOON_NS, .rx_tsc = rx_tsc, .src_ip = src_ip};
	size_t len = dg_len(d);
	return sky_plot_decode(f->d, d->b, len, &info, keep, &f->out);
}

static uint64_t ctr(const struct fixture *f, unsigned c)
{
	return sky_plot_decoder_counters(f->d)[c];
}

/* Every decoded record ends in exactly one fate. */
static void assert_records_accounted(const struct fixture *f)
{
	uint64_t sum = ctr(f, SKY_PD_PLOTS) + ctr(f, SKY_PD_SERVICE) +
		       ctr(f, SKY_PD_UNKNOWN_SENSOR) + ctr(f, SKY_PD_SOURCE_DENIED) +
		       ctr(f, SKY_PD_NO_SACSIC);
	for (unsigned k = 1; k < SKY_NOPLOT_COUNT; k++)
		sum += ctr(f, SKY_PD_NOPLOT_BASE + k);
	cr_assert_eq(ctr(f, SKY_PD_RECORDS), sum, "records %llu, fates %llu",
		     (unsigned long long)ctr(f, SKY_PD_RECORDS), (unsigned long long)sum);
	uint64_t rej = 0;
	for (unsigned k = 1; k < SKY_AST_REJ_COUNT; k++)
		rej += ctr(f, SKY_PD_REJ_BASE + k);
	cr_assert_eq(ctr(f, SKY_PD_REJECTED), rej);
}

/* ---- tests --------------------------------------------------------------------- */

Test(plot_decode, cat048_plots_are_dated_by_the_capture_time_and_carry_the_rx_stamp)
{
	struct fixture f;
	fixture_init(&f);
	struct dg d;
	dg_init(&d);
	dg_block(&d, 48);
	dg_cat048(&d, 11, 43199.5, 40.0, 90.0, true);   /* 11:59:59.5 */
	dg_cat048(&d, 11, 43200.25, 20.0, 180.0, true);
	cr_assert_eq(decode(&f, &d, 0x0a00000a, 777), 2);
	cr_assert_eq(f.out.n, 2);
	cr_assert_float_eq(f.out.p[0].t, DAY0 + 43199.5, 1e-6);
	cr_assert_float_eq(f.out.p[1].t, DAY0 + 43200.25, 1e-6);
	cr_assert_eq(f.out.p[0].rx_tsc, 777);
	cr_assert_eq(f.out.p[0].sensor, 0);
	cr_assert(f.out.p[0].flags & SKY_PLOT_PSR);
	/* 40 NM due east of a radar 20 km west and 22 km north of the reference */
	cr_assert_float_eq(f.out.p[0].x, 74080.0 - 19000.0, 1500.0);
	cr_assert_float_eq(f.out.p[0].y, 22300.0, 1500.0);
	cr_assert_eq(sky_plot_decoder_sensor(f.d, 0)->plots, 2);
	assert_records_accounted(&f);
	fixture_fini(&f);
}

Test(plot_decode, records_of_an_unconfigured_sac_sic_are_counted_per_sac_sic_and_dropped)
{
	struct fixture f;
	fixture_init(&f);
	struct dg d;
	dg_init(&d);
	dg_block(&d, 48);
	dg_cat048(&d, 99, 43200.0, 30.0, 10.0, true);
	dg_cat048(&d, 99, 43200.1, 31.0, 11.0, true);
	dg_block(&d, 48);
	dg_cat048(&d, 11, 43200.2, 32.0, 12.0, true);
	dg_block(&d, 34);
	dg_cat034(&d, 98, 43200.0);
	cr_assert_eq(decode(&f, &d, 0x0a00000a, 1), 1);
	cr_assert_eq(ctr(&f, SKY_PD_UNKNOWN_SENSOR), 3);
	cr_assert_eq(sky_plot_decoder_unknown(f.d, 99), 2);
	cr_assert_eq(sky_plot_decoder_unknown(f.d, 98), 1);
	cr_assert_eq(sky_plot_decoder_unknown(f.d, 11), 0);
	cr_assert_eq(ctr(&f, SKY_PD_PLOTS), 1);
	cr_assert_eq(ctr(&f, SKY_PD_SERVICE), 0, "an unknown radar's CAT034 is dropped too");
	assert_records_accounted(&f);
	fixture_fini(&f);
}

Test(plot_decode, malformed_datagrams_mixed_in_are_counted_and_the_rest_decodes)
{
	struct fixture f;
	fixture_init(&f);
	unsigned good = 0;
	uint64_t seed = 5;
	for (unsigned i = 0; i < 200; i++) {
		struct dg d;
		dg_init(&d);
		dg_block(&d, 48);
		for (unsigned k = 0; k < 4; k++)
			dg_cat048(&d, 11, 43200.0 + i, 10.0 + k, 5.0 * k, true);
		size_t len = dg_len(&d);
		struct sky_dgram_info info = {.time_ns = NOON_NS, .rx_tsc = i, .src_ip = 1};
		switch (i % 5) {
		case 1: /* block LEN past the datagram: the whole datagram is lost */
			sky_wr16(d.b + 1, (uint32_t)len + 9);
			break;
		case 2: /* truncated inside the last record: three records survive */
			len -= 3;
			sky_wr16(d.b + 1, (uint32_t)len);
			good += 3;
			break;
		case 3: /* random bytes of an unknown category, then the good block */
			memmove(d.b + 8, d.b, len);
			d.b[0] = 200, d.b[1] = 0, d.b[2] = 8;
			for (unsigned k = 3; k < 8; k++)
				d.b[k] = (uint8_t)sky_test_rand(&seed);
			len += 8;
			good += 4;
			break;
		default:
			good += 4;
		}
		sky_plot_decode(f.d, d.b, len, &info, keep, &f.out);
		f.out.n = 0;   /* only counted */
	}
	cr_assert_eq(ctr(&f, SKY_PD_PLOTS), good);
	cr_assert_eq(ctr(&f, SKY_PD_REJ_BASE + SKY_AST_REJ_BLOCK_LEN_PAST_DATAGRAM), 40);
	cr_assert_eq(ctr(&f, SKY_PD_REJ_BASE + SKY_AST_REJ_UNKNOWN_CATEGORY), 40);
	cr_assert_eq(ctr(&f, SKY_PD_REJ_BASE + SKY_AST_REJ_ITEM_PAST_BLOCK) +
			     ctr(&f, SKY_PD_REJ_BASE + SKY_AST_REJ_FSPEC_PAST_BLOCK),
		     40, "one rejection per truncated block");
	cr_assert_eq(sky_plot_decoder_sensor(f.d, 0)->rejected, 40,
		     "the truncated records are the radar's, the datagram-level ones no one's");
	assert_records_accounted(&f);
	fixture_fini(&f);
}

Test(plot_decode, cat034_is_a_service_message_and_reports_without_position_say_why)
{
	struct fixture f;
	fixture_init(&f);
	struct dg d;
	dg_init(&d);
	dg_block(&d, 34);
	dg_cat034(&d, 11, 43200.0);
	dg_block(&d, 48);
	dg_cat048(&d, 11, 43200.0, 10.0, 0.0, false);
	dg_cat048(&d, 11, 43200.0, 10.0, 0.0, true);
	cr_assert_eq(decode(&f, &d, 1, 1), 1);
	cr_assert_eq(ctr(&f, SKY_PD_SERVICE), 1);
	cr_assert_eq(ctr(&f, SKY_PD_NOPLOT_BASE + SKY_NOPLOT_NO_POSITION), 1);
	cr_assert_eq(sky_plot_decoder_sensor(f.d, 0)->no_plot, 1);
	cr_assert_eq(ctr(&f, SKY_PD_BLOCKS), 2);
	assert_records_accounted(&f);
	fixture_fini(&f);
}

Test(plot_decode, a_sensor_allow_list_drops_records_from_other_source_addresses)
{
	struct fixture f;
	fixture_init(&f);
	struct dg d;
	dg_init(&d);
	dg_block(&d, 48);
	dg_cat048(&d, 12, 43200.0, 10.0, 0.0, true);
	dg_cat048(&d, 12, 43200.0, 11.0, 0.0, true);
	cr_assert_eq(decode(&f, &d, 0x0a00000c, 1), 0, "10.0.0.12 is not radar-2's address");
	cr_assert_eq(ctr(&f, SKY_PD_SOURCE_DENIED), 2);
	cr_assert_eq(sky_plot_decoder_sensor(f.d, 1)->denied, 2);
	cr_assert_eq(decode(&f, &d, 0x0a00000b, 1), 2, "10.0.0.11 is");
	cr_assert_eq(sky_plot_decoder_sensor(f.d, 1)->plots, 2);
	assert_records_accounted(&f);
	fixture_fini(&f);
}

/* ---- the offline path ------------------------------------------------------- */

struct records {
	unsigned n, tse, cnf, dgrams;
	uint16_t track_no[512];
};

static void on_cat062(void *ctx, const uint8_t *dg, size_t len)
{
	struct records *r = ctx;
	cr_assert_leq(len, SKY_CAT062_DGRAM_MAX);
	r->dgrams++;
	struct sky_ast_block b;
	struct sky_ast_error e;
	size_t pos = 0;
	cr_assert_eq(sky_ast_next_block(dg, len, &pos, &b, &e), 1);
	cr_assert_eq(b.cat, 62);
	cr_assert_eq(pos, len, "one block per datagram");
	for (size_t off = 0; off < b.len;) {
		struct sky_cat062 c;
		e.reason = SKY_AST_OK;
		size_t n = sky_cat062_decode(b.data + off, b.len - off, 0, &c, &e);
		cr_assert(n > 0 && e.reason == SKY_AST_OK, "CAT062 record %u does not decode", r->n);
		off += n;
		cr_assert_eq(c.sac, 0);
		cr_assert_eq(c.sic, 1);
		cr_assert_eq(c.service, 1);
		if (c.status & SKY_CAT062_TS_TSE)
			r->tse++;
		if (c.status & SKY_CAT062_TS_CNF)
			r->cnf++;
		cr_assert_lt(r->n, 512);
		r->track_no[r->n++] = c.track_number;
	}
}

Test(plot_decode, offline_path_turns_a_capture_into_cat062_with_malformed_frames_counted)
{
	config_setup();
	char path[256], err[256];
	sky_test_tmp_path(path, sizeof(path), ".pcap");
	struct sky_pcap_writer *w = sky_pcap_open_write(path, err, sizeof(err));
	cr_assert_not_null(w, "%s", err);
	struct sky_udp_endpoints ep = {.src_ip = 0x0a00000a, .dst_ip = 0x0a000002,
				       .src_port = 40000, .dst_port = 8600};
	/* one target flying north-east seen by radar-1 every 4 s for 2 min,
	   a north marker per scan, a garbage datagram every fifth scan and a
	   datagram to another port */
	for (unsigned k = 0; k < 30; k++) {
		struct dg d;
		dg_init(&d);
		dg_block(&d, 34);
		dg_cat034(&d, 11, 43200.0 + 4 * k);
		dg_block(&d, 48);
		dg_cat048(&d, 11, 43200.0 + 4 * k + 1, 30.0 + 0.05 * k, 100.0 + 0.02 * k, true);
		size_t len = dg_len(&d);
		uint64_t ts = NOON_NS + (uint64_t)(4 * k + 1) * 1000000000ull + 30000000ull;
		cr_assert_eq(sky_pcap_write_udp(w, &ep, d.b, len, ts), 0);
		if (k % 5 == 0) {
			uint8_t junk[7] = {48, 0, 40, 1, 2, 3, 4};
			cr_assert_eq(sky_pcap_write_udp(w, &ep, junk, sizeof(junk), ts + 1000), 0);
			struct sky_udp_endpoints other = ep;
			other.dst_port = 9999;
			cr_assert_eq(sky_pcap_write_udp(w, &other, d.b, len, ts + 2000), 0);
		}
	}
	cr_assert_eq(sky_pcap_close_write(w), 0);
	struct records r = {0};
	struct sky_fuse_offline *o = sky_fuse_offline_create(&cfg, NULL, on_cat062, &r, err,
							     sizeof(err));
	cr_assert_not_null(o, "%s", err);
	cr_assert_eq(sky_fuse_offline_pcap(o, path, err, sizeof(err)), 0, "%s", err);
	sky_fuse_offline_finish(o);
	const struct sky_fuse_offline_frames *fr = sky_fuse_offline_frames(o);
	cr_assert_eq(fr->frames, 42);
	cr_assert_eq(fr->other_port, 6);
	cr_assert_eq(fr->datagrams, 36);
	const uint64_t *pd = sky_plot_decoder_counters(sky_fuse_offline_decoder(o));
	cr_assert_eq(pd[SKY_PD_PLOTS], 30);
	cr_assert_eq(pd[SKY_PD_SERVICE], 30);
	cr_assert_eq(pd[SKY_PD_REJ_BASE + SKY_AST_REJ_BLOCK_LEN_PAST_DATAGRAM], 6);
	/* 30 plots -> 30 updates of one track, then its TSE */
	cr_assert_eq(r.n, 31);
	cr_assert_eq(fr->cat062_records, 31);
	cr_assert_eq(r.tse, 1);
	cr_assert_eq(r.cnf, 2, "tentative for the first two plots (3 of 5)");
	for (unsigned i = 1; i < r.n; i++)
		cr_assert_eq(r.track_no[i], r.track_no[0]);
	struct sky_air_summary s;
	sky_air_picture_summary(sky_fuse_offline_picture(o), &s);
	cr_assert_eq(s.started, 1);
	cr_assert_eq(s.confirmed, 1);
	cr_assert_eq(s.ended, 1);
	sky_fuse_offline_destroy(o);
	unlink(path);
}
