/*
 * test_cmd_score_integration.c - `skyfuse score` end to end: a scenario
 * directory (truth.csv, config.yaml) and a CAT062 pcap written with the
 * codec, scored by the skyfuse binary, with known answers: a target missed,
 * a false track, a track tentative for 3 s, a TSE and a new track number,
 * quantisation of CAT062 units, and a run across UTC midnight.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cat062.h"
#include "geo.h"
#include "pcap_file.h"
#include "testlib.h"
#include "tod.h"

#define T0 1717286370 /* 2024-06-01 23:59:30 UTC */
#define N_EPOCHS 60
#define N_TARGETS 5
#define REF_LAT 52.10
#define REF_LON 5.18

static char dir[256], truth[300], pcap[300], svg[300];

static void target_enu(int i, double t, double p[3], double v[3])
{
	v[0] = 150 - 20 * i;
	v[1] = 50 + 10 * i;
	v[2] = 0;
	p[0] = -20000 + 8000 * i + v[0] * t;
	p[1] = -10000 + 3000 * i + v[1] * t;
	p[2] = 3000 + 500 * i;
}

static void write_truth(const struct sky_enu_frame *sys)
{
	static const char *cls[N_TARGETS] = { "airliner", "fighter", "owa_drone", "owa_drone",
					       "cruise_missile" };
	FILE *f = fopen(truth, "w");
	cr_assert(f);
	fprintf(f, "t_utc_s,target_id,lat,lon,alt_m,vx,vy,vz,class\n");
	for (int e = 0; e < N_EPOCHS; e++)
		for (int i = 0; i < N_TARGETS; i++) {
			double p[3], v[3], lat, lon, alt, ve[3], vl[3];
			struct sky_enu_frame loc;
			target_enu(i, e, p, v);
			sky_enu_to_geodetic(sys, p, &lat, &lon, &alt);
			sky_enu_frame_init(&loc, lat, lon, alt);
			sky_enu_vec_to_ecef(sys, v, ve);
			sky_ecef_vec_to_enu(&loc, ve, vl);
			fprintf(f, "%d,%d,%.9f,%.9f,%.3f,%.3f,%.3f,%.3f,%s\n", T0 + e, 1 + i, lat, lon,
				alt, vl[0], vl[1], vl[2], cls[i]);
		}
	fclose(f);
}

static void write_config(void)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/config.yaml", dir);
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fprintf(f, "system:\n  sac: 0\n  sic: 1\n  reference: {lat: %.2f, lon: %.2f, alt: 0.0}\n"
		   "sensors: []\n", REF_LAT, REF_LON);
	fclose(f);
}

/* One CAT062 record for a track at time t at ENU p with velocity v. */
static size_t encode(uint8_t *buf, size_t cap, double t, unsigned number, const double p[3],
		     const double v[3], int tentative, int tse, const struct sky_enu_frame *sys)
{
	struct sky_cat062 r;
	memset(&r, 0, sizeof(r));
	r.present = SKY_CAT062_I010 | SKY_CAT062_I070 | SKY_CAT062_I100 | SKY_CAT062_I185 |
		    SKY_CAT062_I040 | SKY_CAT062_I080 | SKY_CAT062_I130;
	r.sac = 0;
	r.sic = 1;
	r.tod = sky_unix_to_tod(t);
	r.x = (int32_t)lround(p[0] * 2);
	r.y = (int32_t)lround(p[1] * 2);
	r.vx = (int16_t)lround(v[0] * 4);
	r.vy = (int16_t)lround(v[1] * 4);
	r.track_number = (uint16_t)number;
	r.status = (tentative ? SKY_CAT062_TS_CNF : 0) | (tse ? SKY_CAT062_TS_TSE : 0);
	double lat, lon, alt;
	sky_enu_to_geodetic(sys, p, &lat, &lon, &alt);
	r.geo_alt = (int16_t)lround(alt / (6.25 * 0.3048));
	return sky_cat062_encode(&r, buf, cap);
}

static void write_tracks(const struct sky_enu_frame *sys)
{
	char err[256];
	struct sky_pcap_writer *w = sky_pcap_open_write(pcap, err, sizeof(err));
	cr_assert(w, "%s", err);
	struct sky_udp_endpoints ep = { .src_ip = 0x0a000001, .dst_ip = 0x0a000002,
					.src_port = 40000, .dst_port = 8601 };
	for (int e = 0; e < N_EPOCHS; e++) {
		uint8_t dg[1500];
		size_t len = 3;
		double t = e - 0.25;
		for (int i = 0; i <= N_TARGETS; i++) {
			double p[3], v[3];
			unsigned number = 10 + (unsigned)i;
			if (i == 4)
				continue; /* target 4 is never tracked */
			if (i == N_TARGETS) {
				v[0] = 100, v[1] = 0, v[2] = 0;
				p[0] = 60000 + 100 * t, p[1] = 60000, p[2] = 1000; /* false track */
				number = 99;
			} else {
				target_enu(i, t, p, v);
			}
			if (i == 1 && e > 30)
				number = 21;
			len += encode(dg + len, sizeof(dg) - len, T0 + t, number, p, v,
				      i == 0 && e < 3, i == 1 && e == 30, sys);
		}
		dg[0] = 62;
		dg[1] = (uint8_t)(len >> 8);
		dg[2] = (uint8_t)len;
		uint64_t ts_ns = (uint64_t)((T0 + t + 0.3) * 1e9);
		cr_assert_eq(sky_pcap_write_udp(w, &ep, dg, len, ts_ns), 0);
	}
	cr_assert_eq(sky_pcap_close_write(w), 0);
}

static void setup(void)
{
	sky_test_tmp_path(dir, sizeof(dir), "-score");
	cr_assert_eq(mkdir(dir, 0755), 0);
	snprintf(truth, sizeof(truth), "%s/truth.csv", dir);
	snprintf(pcap, sizeof(pcap), "%s/tracks.pcap", dir);
	snprintf(svg, sizeof(svg), "%s/plot.svg", dir);
	struct sky_enu_frame sys;
	sky_enu_frame_init(&sys, REF_LAT, REF_LON, 0.0);
	write_truth(&sys);
	write_config();
	write_tracks(&sys);
}

static void teardown(void)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static char *run(const char *args, int *status)
{
	char cmd[1200];
	char *out = NULL;
	snprintf(cmd, sizeof(cmd), "%s/skyfuse score %s 2>&1", SKY_BUILD_DIR, args);
	*status = sky_test_run_capture(cmd, &out);
	cr_assert(out, "could not run %s", cmd);
	return out;
}

static void need_binary(void)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/skyfuse", SKY_BUILD_DIR);
	if (access(path, X_OK) != 0)
		cr_skip_test("%s not built", path);
}

/* The number after "key": inside the object that starts at "obj". */
static double jnum(const char *json, const char *obj, const char *key)
{
	char k[96];
	const char *p = json;
	if (obj) {
		snprintf(k, sizeof(k), "\"%s\":{", obj);
		p = strstr(json, k);
		cr_assert(p, "no object %s in %s", obj, json);
	}
	snprintf(k, sizeof(k), "\"%s\":", key);
	p = strstr(p, k);
	cr_assert(p, "no %s.%s", obj ? obj : "", key);
	if (strncmp(p + strlen(k), "null", 4) == 0)
		return NAN;
	return strtod(p + strlen(k), NULL);
}

TestSuite(cmd_score, .init = setup, .fini = teardown);

Test(cmd_score, json_gives_the_known_answers)
{
	need_binary();
	char args[1024];
	int st;
	snprintf(args, sizeof(args), "--truth %s --tracks %s --json", truth, pcap);
	char *out = run(args, &st);
	cr_assert_eq(st, 0, "%s", out);
	cr_assert_eq(out[0], '{', "%s", out);
	cr_assert_eq(jnum(out, NULL, "epochs"), N_EPOCHS);
	cr_assert_eq(jnum(out, NULL, "targets"), N_TARGETS);
	cr_assert_eq(jnum(out, "cat062", "updates"), N_EPOCHS * 5);
	/* Target 0 tentative 3 s, target 1 gone for the second of its TSE,
	 * target 4 never tracked: 236 of 300 target-seconds. */
	cr_assert_float_eq(jnum(out, "all", "completeness"), 236.0 / 300.0, 1e-9);
	cr_assert_float_eq(jnum(out, "all", "ambiguity"), 1.0, 1e-9);
	cr_assert_float_eq(jnum(out, NULL, "spuriousness"), 60.0 / 296.0, 1e-9);
	cr_assert_eq(jnum(out, "all", "id_changes"), 1);
	cr_assert_float_eq(jnum(out, "all", "confirm_latency_s"), 0.75, 1e-9);
	cr_assert_float_eq(jnum(out, "owa_drone", "completeness"), 1.0, 1e-9);
	cr_assert_float_eq(jnum(out, "cruise_missile", "completeness"), 0.0, 1e-9);
	cr_assert_float_eq(jnum(out, "gospa", "missed2_mean_m2"), 64 * 125000.0 / 60, 1e-3);
	cr_assert_float_eq(jnum(out, "gospa", "false2_mean_m2"), 125000.0, 1e-3);
	/* CAT062 quantisation only: 0.5 m, 0.25 m/s, 6.25 ft. */
	cr_assert_lt(jnum(out, "all", "pos_rms_h_m"), 0.5);
	cr_assert_lt(jnum(out, "all", "pos_rms_v_m"), 1.2);
	cr_assert_lt(jnum(out, "all", "vel_rms_mps"), 0.2);
	cr_assert_lt(jnum(out, "gospa", "loc2_mean_m2"), 1.0);
	free(out);
}

Test(cmd_score, table_and_plot)
{
	need_binary();
	char args[1024];
	int st;
	snprintf(args, sizeof(args), "--truth %s --tracks %s --plot %s", truth, pcap, svg);
	char *out = run(args, &st);
	cr_assert_eq(st, 0, "%s", out);
	cr_assert(strstr(out, "GOSPA (p=2, c=500 m, alpha=2)"), "%s", out);
	cr_assert(strstr(out, "cruise_missile") && strstr(out, "owa_drone"), "%s", out);
	cr_assert(!strstr(out, "helicopter"), "classes without targets are left out");
	free(out);
	FILE *f = fopen(svg, "r");
	cr_assert(f, "no plot written");
	char head[256] = "";
	size_t n = fread(head, 1, sizeof(head) - 1, f);
	fclose(f);
	cr_assert(n > 0 && strstr(head, "<svg"), "%s", head);
	snprintf(args, sizeof(args), "grep -c '<polyline' %s", svg);
	char *cnt = NULL;
	sky_test_run_capture(args, &cnt);
	/* 5 truth paths, tracks 10 (tentative + confirmed), 11, 21, 12, 13, 99. */
	cr_assert_eq(atoi(cnt), 5 + 7, "%s polylines", cnt);
	free(cnt);
}

Test(cmd_score, errors_name_the_file_and_the_problem)
{
	need_binary();
	char args[1024];
	int st;
	FILE *f = fopen(truth, "a");
	fprintf(f, "%d,1,52.1,5.1,100,0,0,0,zeppelin\n", T0 + 99);
	fclose(f);
	snprintf(args, sizeof(args), "--truth %s --tracks %s", truth, pcap);
	char *out = run(args, &st);
	cr_assert_eq(st, 1);
	cr_assert(strstr(out, "truth.csv:302: column 9 (class)") && strstr(out, "zeppelin"), "%s",
		  out);
	free(out);

	snprintf(args, sizeof(args), "--truth %s --tracks %s/none.pcap", truth, dir);
	out = run(args, &st);
	cr_assert_eq(st, 1);
	free(out);

	snprintf(args, sizeof(args), "--truth %s --tracks %s --config %s/nope.yaml", truth, pcap, dir);
	out = run(args, &st);
	cr_assert_eq(st, 1);
	cr_assert(strstr(out, "nope.yaml"), "%s", out);
	free(out);

	out = run("--tracks x.pcap", &st);
	cr_assert_eq(st, 2);
	cr_assert(strstr(out, "--truth FILE is required"), "%s", out);
	free(out);
}
