/*
 * test_sim_parse.c - the scenario file parser: defaults, class defaults,
 * group expansion through the file, and error messages that name the file,
 * the line, the key path and what was expected.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim_motion.h"
#include "sim_scenario.h"
#include "testlib.h"

static const char sensor[] =
	"sensors:\n"
	"  - name: r1\n"
	"    kind: radar\n"
	"    sic: 11\n"
	"    position: {lat: 52.3, lon: 4.9, alt: 30}\n"
	"    sigma: {range_m: 60, azimuth_deg: 0.07}\n";

static void write_file(char *path, size_t n, const char *text)
{
	sky_test_tmp_path(path, n, ".yaml");
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

/* Load text; returns the rc and leaves the message in err. */
static int load(const char *text, struct sim_scenario *sc, char *err, size_t n,
		char *path, size_t pn)
{
	write_file(path, pn, text);
	return sim_scenario_load(path, sc, err, n);
}

static void expect_error(const char *text, const char *where, const char *what)
{
	struct sim_scenario sc;
	char err[512], path[256], want[300];
	cr_assert_neq(load(text, &sc, err, sizeof(err), path, sizeof(path)), 0);
	snprintf(want, sizeof(want), "%s:%s", path, where);
	cr_assert(strncmp(err, want, strlen(want)) == 0, "got '%s', want prefix '%s'", err, want);
	cr_assert(strstr(err, what), "got '%s', want '%s' in it", err, what);
	sim_scenario_free(&sc);
}

Test(sim_parse, a_minimal_file_gets_every_default)
{
	struct sim_scenario sc;
	char err[512], path[256], text[1024];
	snprintf(text, sizeof(text),
		 "duration_s: 30\n%s"
		 "targets:\n  - {class: airliner, position: [52, 5, 10000]}\n", sensor);
	cr_assert_eq(load(text, &sc, err, sizeof(err), path, sizeof(path)), 0, "%s", err);
	cr_assert_eq(sim_scenario_prepare(&sc), 0);
	cr_assert_eq(sc.start_utc, 1717243200);
	cr_assert_eq(sc.seed, 1);
	cr_assert_eq(sc.udp_port, 8600);
	cr_assert_float_eq(sc.reference.lat, 52.3, 1e-12);
	cr_assert_eq(sc.n_radars, 1);
	const struct sim_radar *r = &sc.radars[0];
	cr_assert_float_eq(r->scan_period_s, 4.0, 0);
	cr_assert_eq(r->sectors, 32);
	cr_assert(r->start_az_deg >= 0 && r->start_az_deg < 360);
	cr_assert_float_eq(r->pd_ref_range_m, 200000.0, 1e-6);
	cr_assert_eq(r->c.src_ip, (10u << 24) | 10u);
	cr_assert_eq(sc.n_targets, 1);
	const struct sim_target *t = &sc.targets[0];
	cr_assert_eq(t->id, 1);
	cr_assert_float_eq(t->speed_mps, sim_class_info(SKY_TARGET_AIRLINER)->speed_mps, 0);
	cr_assert(t->cooperative);
	cr_assert_str_eq(t->callsign, "ALN0001");
	cr_assert_neq(t->address, 0);
	sim_scenario_free(&sc);
}

Test(sim_parse, segments_take_class_defaults_and_groups_expand)
{
	struct sim_scenario sc;
	char err[512], path[256], text[2048];
	snprintf(text, sizeof(text),
		 "duration_s: 30\nstart_utc: 2024-01-02T03:04:05Z\nseed: 9\n%s"
		 "targets:\n"
		 "  - id: 40\n    class: fighter\n    position: {lat: 52, lon: 5, alt: 5000}\n"
		 "    speed_kt: 500\n    mode3a: \"7001\"\n    address: 0x3C4D5E\n"
		 "    cooperative: true\n    callsign: GAF123\n    then: vanish\n"
		 "    segments:\n"
		 "      - straight: 10\n      - turn: -90\n        g: 6\n      - climb: 8000\n"
		 "      - speed: 200\n      - waypoint: [52.1, 5.1]\n"
		 "groups:\n  - {name: g, class: owa_drone, count: 5, waves: 2,\n"
		 "     from: [52, 6], to: [52, 5.5]}\n", sensor);
	cr_assert_eq(load(text, &sc, err, sizeof(err), path, sizeof(path)), 0, "%s", err);
	cr_assert_eq(sc.start_utc, 1704164645);
	cr_assert_eq(sc.seed, 9);
	cr_assert_eq(sim_scenario_prepare(&sc), 0);
	cr_assert_eq(sc.n_targets, 6);
	const struct sim_target *t = &sc.targets[0];
	cr_assert_eq(t->id, 40);
	cr_assert_float_eq(t->speed_mps, 500 * 1852.0 / 3600.0, 1e-9);
	cr_assert_eq(t->mode3a, 07001);
	cr_assert_eq(t->address, 0x3C4D5E);
	cr_assert_str_eq(t->callsign, "GAF123");
	cr_assert(t->vanish_after);
	cr_assert_eq(t->n_seg, 5);
	cr_assert_eq(t->seg[1].kind, SIM_SEG_TURN);
	cr_assert_float_eq(t->seg[1].turn_deg, -90, 0);
	cr_assert_float_eq(t->seg[2].rate_mps, sim_class_info(SKY_TARGET_FIGHTER)->climb_mps, 0);
	cr_assert_float_eq(t->seg[3].accel_mps2, sim_class_info(SKY_TARGET_FIGHTER)->accel_mps2, 0);
	cr_assert(!t->seg[4].wp_has_alt);
	for (unsigned i = 1; i < 6; i++) {
		cr_assert_eq(sc.targets[i].id, 40 + i);
		cr_assert_eq(sc.targets[i].cls, SKY_TARGET_OWA_DRONE);
		cr_assert_eq(sc.targets[i].group, 0);
	}
	cr_assert_float_eq(sc.targets[4].start_s, 60.0, 0);
	sim_scenario_free(&sc);
}

Test(sim_parse, errors_name_the_file_line_key_and_expectation)
{
	char text[2048];
	expect_error("duration_s: 60\nsensors: []\n", "2:", "expected 1 to 250 sensors");
	snprintf(text, sizeof(text), "seed: 3\n%s", sensor);
	expect_error(text, "1:1: (top)", "missing key 'duration_s'");
	snprintf(text, sizeof(text), "duration_s: soon\n%s", sensor);
	expect_error(text, "1:13: duration_s", "expected a number in [0.25, 1e+06], got 'soon'");
	snprintf(text, sizeof(text), "duration_s: 9\n%s    scan_period_s: -4\n", sensor);
	expect_error(text, "8:20: sensors[0].scan_period_s", "got '-4'");
	snprintf(text, sizeof(text), "duration_s: 9\n%s    colour: red\n", sensor);
	expect_error(text, "8:5: sensors[0]", "unknown key 'colour'");
	snprintf(text, sizeof(text), "duration_s: 9\n%s    ssr: mode-s\n", sensor);
	expect_error(text, "8:10: sensors[0].ssr", "expected none, modeac or modes");
	snprintf(text, sizeof(text), "duration_s: 9\n%stargets:\n  - {class: ga, position: [52, 5],"
		 " segments: [{turn: 90, climb: 100}]}\n", sensor);
	expect_error(text, "9:", "targets[0].segments[0]: one segment has both 'turn' and 'climb'");
	snprintf(text, sizeof(text), "duration_s: 9\n%stargets:\n  - {class: ga, position: [95, 5]}\n",
		 sensor);
	expect_error(text, "9:", "targets[0].position.lat: expected a number in [-90, 90], got '95'");
	snprintf(text, sizeof(text), "duration_s: 9\n%stargets:\n  - {class: owa_drone, "
		 "position: [52, 5], adsb: true}\n", sensor);
	expect_error(text, "9:", "adsb: true needs a cooperative target");
	snprintf(text, sizeof(text), "duration_s: 9\nduration_s: 10\n%s", sensor);
	expect_error(text, "2:1: duration_s", "key given twice");
}
