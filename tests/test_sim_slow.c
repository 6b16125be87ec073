/*
 * test_sim_slow.c - the simulator end to end on configs/scenarios/demo.yaml:
 * the capture decodes through our codec with no rejection; radar plots and
 * ADS-B reports agree with truth.csv within the configured noise (mean
 * error near 0, standard deviation within 20 % of the sigma in config.yaml,
 * with a fixed seed); plots converted back to WGS84 land where the noise
 * says; the same seed gives identical files; tshark finds nothing malformed.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ast_record.h"
#include "config.h"
#include "meas.h"
#include "pcap_file.h"
#include "sim_run.h"
#include "sim_scenario.h"
#include "testlib.h"
#include "truth_csv.h"
#include "udp_frame.h"

#define DEMO SKY_SOURCE_DIR "/configs/scenarios/demo.yaml"
#define NM_M 1852.0
#define FT_M 0.3048

static void simulate(const char *dir, uint64_t seed)
{
	struct sim_scenario sc;
	struct sim_run_stats st;
	char err[512];
	cr_assert_eq(sim_scenario_load(DEMO, &sc, err, sizeof(err)), 0, "%s", err);
	sc.seed = seed;
	cr_assert_eq(sim_scenario_prepare(&sc), 0);
	cr_assert_eq(sim_run(&sc, dir, false, &st, err, sizeof(err)), 0, "%s", err);
	sim_scenario_free(&sc);
}

/* ---- what the capture holds --------------------------------------------- */

struct plot {
	double t;                 /* UNIX s */
	struct sky_cat048 r;
};

struct report {
	double t;
	uint8_t sic;
	double lat, lon;
};

struct capture {
	struct plot *plots;
	size_t n_plots, cap_plots;
	struct report *reps;
	size_t n_reps, cap_reps;
	uint64_t rejects, by_cat[256], north_markers, sector_msgs;
	uint64_t ts_ns;
	double frame_tmax;        /* newest measurement time in this frame */
};

static double unix_of_tod(uint64_t ts_ns, uint32_t tod)
{
	double ts = (double)(ts_ns / 1000000000ull);
	double day = floor(ts / 86400.0) * 86400.0;
	double t = day + tod / 128.0;
	if (t > ts + 43200.0)
		t -= 86400.0;
	return t;
}

static void on_record(void *ctx, const struct sky_ast_record *rec)
{
	struct capture *c = ctx;
	c->by_cat[rec->cat]++;
	if (rec->cat == 48) {
		if (c->n_plots == c->cap_plots) {
			c->cap_plots = c->cap_plots ? 2 * c->cap_plots : 1024;
			c->plots = realloc(c->plots, c->cap_plots * sizeof(*c->plots));
			cr_assert(c->plots);
		}
		struct plot *p = &c->plots[c->n_plots++];
		p->r = rec->u.c048;
		p->t = unix_of_tod(c->ts_ns, p->r.tod);
		c->frame_tmax = fmax(c->frame_tmax, p->t);
	} else if (rec->cat == 21) {
		const struct sky_cat021 *a = &rec->u.c021;
		int32_t la = 0, lo = 0;
		uint32_t tod = 0;
		cr_assert(sky_cat021_position_hr(a, &la, &lo) && sky_cat021_position_time(a, &tod));
		if (c->n_reps == c->cap_reps) {
			c->cap_reps = c->cap_reps ? 2 * c->cap_reps : 1024;
			c->reps = realloc(c->reps, c->cap_reps * sizeof(*c->reps));
			cr_assert(c->reps);
		}
		struct report *r = &c->reps[c->n_reps++];
		r->t = unix_of_tod(c->ts_ns, tod);
		r->sic = a->sic;
		r->lat = la * (180.0 / 1073741824.0);
		r->lon = lo * (180.0 / 1073741824.0);
		c->frame_tmax = fmax(c->frame_tmax, r->t);
	} else if (rec->cat == 34) {
		c->north_markers += rec->u.c034.msg_type == SKY_CAT034_NORTH_MARKER;
		c->sector_msgs += rec->u.c034.msg_type == SKY_CAT034_SECTOR_CROSSING;
	}
}

static void on_reject(void *ctx, const struct sky_ast_error *e)
{
	struct capture *c = ctx;
	if (c->rejects++ == 0)
		cr_log_error("first rejection: %s at frn %u", sky_ast_reject_name(e->reason), e->frn);
}

/* Decode every frame; returns frames whose newest measurement is older than
 * the previous frame's (sensors interleaving out of measurement order). */
static unsigned read_capture(const char *path, struct capture *c)
{
	char err[256];
	struct sky_pcap_reader *rd = sky_pcap_open_read(path, err, sizeof(err));
	cr_assert(rd, "%s", err);
	struct sky_ast_decoder d = {.on_record = on_record, .on_reject = on_reject, .ctx = c};
	const uint8_t *frame;
	size_t len;
	uint64_t ts, prev_ts = 0;
	double prev_tmax = 0;
	unsigned out_of_order = 0;
	memset(c, 0, sizeof(*c));
	while (sky_pcap_next(rd, &frame, &len, &ts) == 1) {
		struct sky_udp_view v;
		cr_assert_eq(sky_udp_frame_parse(frame, len, &v), SKY_FRAME_OK);
		cr_assert_eq(v.dst_port, 8600);
		cr_assert_geq(ts, prev_ts, "capture not sorted by arrival");
		prev_ts = ts;
		c->ts_ns = ts;
		c->frame_tmax = 0;
		sky_ast_decode_datagram(&d, v.payload, v.len);
		out_of_order += c->frame_tmax > 0 && c->frame_tmax < prev_tmax;
		if (c->frame_tmax > 0)
			prev_tmax = c->frame_tmax;
	}
	sky_pcap_close_read(rd);
	return out_of_order;
}

/* ---- truth ----------------------------------------------------------------- */

struct truth_ix {
	struct sky_truth t;
	int64_t t0;
	unsigned n_s, max_id;
	const struct sky_truth_row **at; /* [id * n_s + s] */
};

static void truth_load(const char *dir, struct truth_ix *x)
{
	char path[512], err[512];
	snprintf(path, sizeof(path), "%s/truth.csv", dir);
	cr_assert_eq(sky_truth_csv_read(path, &x->t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(sky_truth_sort(&x->t, path, err, sizeof(err)), 0, "%s", err);
	cr_assert_gt(x->t.n, 0);
	x->t0 = x->t.rows[0].t;
	x->n_s = (unsigned)(x->t.rows[x->t.n - 1].t - x->t0 + 1);
	x->max_id = 0;
	for (size_t i = 0; i < x->t.n; i++)
		if (x->t.rows[i].target_id > x->max_id)
			x->max_id = x->t.rows[i].target_id;
	x->at = calloc((size_t)(x->max_id + 1) * x->n_s, sizeof(*x->at));
	for (size_t i = 0; i < x->t.n; i++) {
		const struct sky_truth_row *r = &x->t.rows[i];
		x->at[r->target_id * x->n_s + (unsigned)(r->t - x->t0)] = r;
	}
}

static void row_state(const struct sky_truth_row *r, double p[3], double v[3])
{
	struct sky_enu_frame f;
	double venu[3] = {r->vx, r->vy, r->vz};
	sky_enu_frame_init(&f, r->lat, r->lon, r->alt_m);
	memcpy(p, f.origin, sizeof(f.origin));
	sky_enu_vec_to_ecef(&f, venu, v);
}

/* Target id at UNIX time t (cubic Hermite between whole seconds). */
static bool truth_at(const struct truth_ix *x, unsigned id, double t, double ecef[3],
		     double *alt)
{
	double s = t - (double)x->t0;
	if (s < 0)
		return false;
	unsigned k = (unsigned)s;
	if (k + 1 >= x->n_s)
		return false;
	const struct sky_truth_row *a = x->at[id * x->n_s + k], *b = x->at[id * x->n_s + k + 1];
	if (!a || !b)
		return false;
	double pa[3], va[3], pb[3], vb[3], u = s - k;
	row_state(a, pa, va);
	row_state(b, pb, vb);
	double h00 = 2 * u * u * u - 3 * u * u + 1, h10 = u * u * u - 2 * u * u + u;
	double h01 = -2 * u * u * u + 3 * u * u, h11 = u * u * u - u * u;
	for (int i = 0; i < 3; i++)
		ecef[i] = h00 * pa[i] + h10 * va[i] + h01 * pb[i] + h11 * vb[i];
	*alt = a->alt_m + u * (b->alt_m - a->alt_m);
	return true;
}

/* ---- statistics ------------------------------------------------------------ */

struct stat {
	double n, s, ss;
};

static void stat_add(struct stat *st, double x)
{
	st->n++;
	st->s += x;
	st->ss += x * x;
}

static double stat_mean(const struct stat *st) { return st->s / st->n; }
static double stat_sd(const struct stat *st)
{
	double m = stat_mean(st);
	return sqrt(fmax(st->ss / st->n - m * m, 0.0) * st->n / (st->n - 1));
}

static void expect_noise(const char *what, const struct stat *st, double sigma)
{
	cr_log_info("%s: n=%.0f mean=%.4g sd=%.4g sigma=%.4g", what, st->n, stat_mean(st),
		    stat_sd(st), sigma);
	cr_assert_gt(st->n, 50, "%s: only %.0f samples", what, st->n);
	cr_assert_lt(fabs(stat_mean(st)), 0.15 * sigma, "%s: mean %.4g, sigma %.4g", what,
		     stat_mean(st), sigma);
	cr_assert_float_eq(stat_sd(st), sigma, 0.2 * sigma, "%s: sd %.4g, sigma %.4g", what,
			   stat_sd(st), sigma);
}

static double wrap180(double a)
{
	a = fmod(a, 360.0);
	return a > 180.0 ? a - 360.0 : a <= -180.0 ? a + 360.0 : a;
}

struct radar_check {
	const struct sky_config_sensor *cfg;
	struct sky_enu_frame frame;
	struct sky_radar_site site;
	struct stat range, az, height, fl, horiz;
	unsigned plots, matched;
};

/* The nearest target in sigma units, if unambiguous. */
static int associate(const struct truth_ix *x, struct radar_check *rc, const struct plot *p,
		     double *dr, double *daz, double *alt)
{
	double best = INFINITY, second = INFINITY;
	int id_best = -1;
	double rho = p->r.rho * NM_M / 256.0, theta = p->r.theta * 360.0 / 65536.0;
	for (unsigned id = 1; id <= x->max_id; id++) {
		double ecef[3], a;
		struct sky_polar pol;
		if (!truth_at(x, id, p->t, ecef, &a))
			continue;
		sky_radar_observe_ecef(&rc->frame, ecef, &pol);
		double er = rho - pol.range_m, ea = wrap180(theta - pol.az_deg);
		double d2 = pow(er / rc->cfg->sigma.range_m, 2) + pow(ea / rc->cfg->sigma.azimuth_deg, 2);
		if (d2 < best) {
			second = best;
			best = d2;
			id_best = (int)id;
			*dr = er;
			*daz = ea;
			*alt = a;
		} else if (d2 < second) {
			second = d2;
		}
	}
	return best < 25.0 && second > 100.0 ? id_best : -1;
}

/* Plot -> system ENU -> WGS84, horizontal error against truth (Mode S plots). */
static void check_wgs84(const struct sky_config *cfg, struct radar_check *rc,
			const struct truth_ix *x, const struct plot *p, int id)
{
	struct sky_enu_frame sys, at;
	struct sky_radar_plot m = {.range_m = p->r.rho * NM_M / 256.0,
				   .az_deg = p->r.theta * 360.0 / 65536.0,
				   .hkind = SKY_HEIGHT_FL, .height = p->r.fl / 4.0};
	struct sky_meas_pos out;
	double lat, lon, h, ecef[3], alt, e[3];
	sky_enu_frame_init(&sys, cfg->system.reference.lat, cfg->system.reference.lon,
			   cfg->system.reference.alt);
	cr_assert_eq(sky_radar_to_enu(&rc->site, &m, &out), 0);
	sky_enu_to_geodetic(&sys, out.p, &lat, &lon, &h);
	cr_assert(truth_at(x, (unsigned)id, p->t, ecef, &alt));
	sky_ecef_to_geodetic(ecef, &e[0], &e[1], &e[2]);
	sky_enu_frame_init(&at, e[0], e[1], e[2]);
	sky_geodetic_to_enu(&at, lat, lon, h, e);
	double s2 = pow(rc->cfg->sigma.range_m, 2) +
		    pow(m.range_m * rc->cfg->sigma.azimuth_deg * SKY_DEG2RAD, 2);
	stat_add(&rc->horiz, (e[0] * e[0] + e[1] * e[1]) / s2);
}

static void check_plot(const struct sky_config *cfg, struct radar_check *rc,
		       const struct truth_ix *x, const struct plot *p)
{
	double dr = 0, daz = 0, alt = 0;
	rc->plots++;
	int id = associate(x, rc, p, &dr, &daz, &alt);
	if (id < 0)
		return;
	rc->matched++;
	stat_add(&rc->range, dr);
	stat_add(&rc->az, daz);
	if (p->r.present & SKY_CAT048_I110)
		stat_add(&rc->height, p->r.height * 25.0 * FT_M - alt);
	if (p->r.present & SKY_CAT048_I090) {
		stat_add(&rc->fl, p->r.fl * 25.0 * FT_M - alt);
		check_wgs84(cfg, rc, x, p, id);
	}
}

static void check_radar(const struct sky_config *cfg, const struct sky_config_sensor *s,
			const struct capture *c, const struct truth_ix *x)
{
	struct radar_check rc;
	struct sky_enu_frame sys;
	char what[160];
	memset(&rc, 0, sizeof(rc));
	rc.cfg = s;
	sky_enu_frame_init(&rc.frame, s->position.lat, s->position.lon, s->position.alt);
	sky_enu_frame_init(&sys, cfg->system.reference.lat, cfg->system.reference.lon,
			   cfg->system.reference.alt);
	sky_radar_site_init(&rc.site, &sys, s->position.lat, s->position.lon, s->position.alt,
			    s->sigma.range_m, s->sigma.azimuth_deg, s->sigma.height_m);
	for (size_t i = 0; i < c->n_plots; i++)
		if (c->plots[i].r.sic == s->sic)
			check_plot(cfg, &rc, x, &c->plots[i]);
	cr_log_info("%s: %u plots, %u associated", s->name, rc.plots, rc.matched);
	cr_assert_gt(rc.matched, 0.9 * rc.plots, "%s: %u of %u plots associated", s->name,
		     rc.matched, rc.plots);
	snprintf(what, sizeof(what), "%s range m", s->name);
	expect_noise(what, &rc.range, s->sigma.range_m);
	snprintf(what, sizeof(what), "%s azimuth deg", s->name);
	expect_noise(what, &rc.az, s->sigma.azimuth_deg);
	if (s->sigma.height_m > 0) {
		snprintf(what, sizeof(what), "%s 3D height m", s->name);
		expect_noise(what, &rc.height, s->sigma.height_m);
	}
	if (rc.fl.n > 0) {
		/* Mode S altitude: 25 ft steps of the true altitude, no noise */
		cr_assert_lt(fabs(stat_mean(&rc.fl)), 1.0);
		cr_assert_lt(stat_sd(&rc.fl), 25.0 * FT_M / sqrt(12.0) * 1.3);
		double ms = stat_mean(&rc.horiz);
		cr_log_info("%s: WGS84 horizontal error^2 / sigma^2 = %.3f (n=%.0f)", s->name, ms,
			    rc.horiz.n);
		cr_assert(ms > 0.64 && ms < 1.44, "%s: normalised horizontal error %.3f", s->name, ms);
	}
}

static void check_adsb(const struct sky_config_sensor *s, const struct capture *c,
		       const struct truth_ix *x)
{
	struct stat east = {0}, north = {0};
	for (size_t i = 0; i < c->n_reps; i++) {
		const struct report *r = &c->reps[i];
		double best = INFINITY, be = 0, bn = 0;
		for (unsigned id = 1; id <= x->max_id; id++) {
			double ecef[3], alt, g[3], e[3];
			struct sky_enu_frame f;
			if (!truth_at(x, id, r->t, ecef, &alt))
				continue;
			sky_ecef_to_geodetic(ecef, &g[0], &g[1], &g[2]);
			sky_enu_frame_init(&f, g[0], g[1], g[2]);
			sky_geodetic_to_enu(&f, r->lat, r->lon, g[2], e);
			double d = hypot(e[0], e[1]);
			if (d < best) {
				best = d;
				be = e[0];
				bn = e[1];
			}
		}
		cr_assert_lt(best, 6 * s->sigma.position_m, "ADS-B report %.1f m from any target", best);
		stat_add(&east, be);
		stat_add(&north, bn);
	}
	expect_noise("adsb east m", &east, s->sigma.position_m);
	expect_noise("adsb north m", &north, s->sigma.position_m);
}

Test(sim_slow, demo_capture_decodes_and_agrees_with_truth_within_the_noise)
{
	char dir[256], path[512], err[512];
	struct capture c;
	struct truth_ix x;
	struct sky_config cfg;
	sky_test_tmp_path(dir, sizeof(dir), "-sim");
	simulate(dir, 7);

	snprintf(path, sizeof(path), "%s/input.pcap", dir);
	unsigned ooo = read_capture(path, &c);
	cr_assert_eq(c.rejects, 0, "%lu records rejected", (unsigned long)c.rejects);
	cr_assert_gt(c.by_cat[48], 1000);
	cr_assert_gt(c.by_cat[21], 150);
	cr_assert_geq(c.north_markers, 40); /* 15 + 30 revolutions */
	cr_assert_gt(c.sector_msgs, 32 * 14 + 16 * 29);
	cr_assert_gt(ooo, 0, "sensors never interleave out of measurement order");

	snprintf(path, sizeof(path), "%s/config.yaml", dir);
	cr_assert_eq(sky_config_load(path, &cfg, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(cfg.n_sensors, 3);
	truth_load(dir, &x);
	for (unsigned i = 0; i < cfg.n_sensors; i++) {
		if (cfg.sensors[i].kind == SKY_SENSOR_RADAR)
			check_radar(&cfg, &cfg.sensors[i], &c, &x);
		else
			check_adsb(&cfg.sensors[i], &c, &x);
	}
	sky_config_free(&cfg);
	sky_truth_free(&x.t);
	free(x.at);
	free(c.plots);
	free(c.reps);
}

static bool same_file(const char *a, const char *b)
{
	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", a, b);
	return system(cmd) == 0;
}

Test(sim_slow, the_same_seed_gives_identical_files)
{
	static const char *const files[] = {"input.pcap", "truth.csv", "config.yaml"};
	char a[256], b[256], d[256], pa[512], pb[512];
	sky_test_tmp_path(a, sizeof(a), "-simA");
	sky_test_tmp_path(b, sizeof(b), "-simB");
	sky_test_tmp_path(d, sizeof(d), "-simD");
	simulate(a, 99);
	simulate(b, 99);
	simulate(d, 100);
	for (int i = 0; i < 3; i++) {
		snprintf(pa, sizeof(pa), "%s/%s", a, files[i]);
		snprintf(pb, sizeof(pb), "%s/%s", b, files[i]);
		cr_assert(same_file(pa, pb), "%s differs between two runs of one seed", files[i]);
	}
	snprintf(pa, sizeof(pa), "%s/input.pcap", a);
	snprintf(pb, sizeof(pb), "%s/input.pcap", d);
	cr_assert(!same_file(pa, pb), "another seed gave the same capture");
}

Test(sim_slow, the_command_line_writes_the_three_files)
{
	char dir[256], cmd[1024], *out = NULL;
	const char *bin = SKY_BUILD_DIR "/skyfuse";
	if (access(bin, X_OK) != 0)
		cr_skip_test("%s not built", bin);
	sky_test_tmp_path(dir, sizeof(dir), "-simcli");
	snprintf(cmd, sizeof(cmd), "%s sim %s -o %s --seed 3 2>&1", bin, DEMO, dir);
	cr_assert_eq(sky_test_run_capture(cmd, &out), 0, "%s", out ? out : "");
	cr_assert(strstr(out, "truth rows"), "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s sim %s -o %s --seed x 2>&1", bin, DEMO, dir);
	cr_assert_eq(sky_test_run_capture(cmd, &out), 2);
	free(out);
}

Test(sim_slow, tshark_finds_nothing_malformed)
{
	char dir[256], cmd[1024], *out = NULL;
	if (!sky_test_have_tool("tshark"))
		cr_skip_test("tshark is not installed");
	sky_test_tmp_path(dir, sizeof(dir), "-simts");
	simulate(dir, 11);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s/input.pcap -d udp.port==8600,asterix "
		 "-Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null", dir);
	cr_assert_eq(sky_test_run_capture(cmd, &out), 0);
	cr_assert_str_empty(out, "tshark: %.500s", out);
	free(out);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s/input.pcap -d udp.port==8600,asterix -T fields "
		 "-e asterix.category 2>/dev/null | tr ',' '\\n' | sort | uniq -c", dir);
	cr_assert_eq(sky_test_run_capture(cmd, &out), 0);
	cr_assert(strstr(out, " 21") && strstr(out, " 34") && strstr(out, " 48"),
		  "tshark saw: %s", out);
	free(out);
}

Test(sim_slow, every_bundled_scenario_simulates_and_decodes_cleanly)
{
	/* scale.yaml is measured, not tested: 3200 targets take seconds */
	static const char *const names[] = {"crossing", "manoeuvre", "swarm", "airliners"};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct sim_scenario sc;
		struct sim_run_stats st;
		struct sky_config cfg;
		struct capture c;
		char scen[512], dir[256], path[512], err[512];
		snprintf(scen, sizeof(scen), "%s/configs/scenarios/%s.yaml", SKY_SOURCE_DIR, names[i]);
		sky_test_tmp_path(dir, sizeof(dir), names[i]);
		cr_assert_eq(sim_scenario_load(scen, &sc, err, sizeof(err)), 0, "%s", err);
		cr_assert_eq(sim_scenario_prepare(&sc), 0);
		cr_assert_eq(sim_run(&sc, dir, false, &st, err, sizeof(err)), 0, "%s", err);
		cr_assert_gt(st.plots, 1000, "%s: %lu plots", names[i], (unsigned long)st.plots);
		snprintf(path, sizeof(path), "%s/input.pcap", dir);
		read_capture(path, &c);
		cr_assert_eq(c.rejects, 0, "%s: %lu records rejected", names[i],
			     (unsigned long)c.rejects);
		cr_assert_eq(c.by_cat[48], st.plots + st.false_alarms, "%s", names[i]);
		cr_assert_eq(c.by_cat[21], st.adsb_reports, "%s", names[i]);
		snprintf(path, sizeof(path), "%s/config.yaml", dir);
		cr_assert_eq(sky_config_load(path, &cfg, err, sizeof(err)), 0, "%s", err);
		cr_assert_eq(cfg.n_sensors, sc.n_radars + sc.n_adsb);
		sky_config_free(&cfg);
		free(c.plots);
		free(c.reps);
		sim_scenario_free(&sc);
	}
}
