/*
 * test_config.c - the YAML config loader and writer (pipeline/config.c):
 * the interfaces.md example loads with its exact values and the defaults for
 * everything else; every kind of bad input gives a message naming the file,
 * line:column, the key path and what was expected; write -> load gives back
 * the same config. Configs are written to temporary files here.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "testlib.h"

/* shared/interfaces.md, verbatim. */
static const char example[] =
	"system:\n"
	"  sac: 0                 # SAC/SIC that skyfuse writes into CAT062 I062/010\n"
	"  sic: 1\n"
	"  reference: {lat: 52.10, lon: 5.18, alt: 0.0}   # origin of the system ENU frame\n"
	"sensors:\n"
	"  - name: radar-1\n"
	"    kind: radar          # radar | adsb\n"
	"    sac: 0\n"
	"    sic: 11              # matched against I048/010 and I034/010\n"
	"    position: {lat: 52.30, lon: 4.90, alt: 30.0}\n"
	"    scan_period_s: 4.0\n"
	"    sigma: {range_m: 60.0, azimuth_deg: 0.07, height_m: 0.0}  # height_m 0: no 3D height\n"
	"    pd: 0.97             # detection probability, a tracker hint\n"
	"  - name: adsb-1\n"
	"    kind: adsb\n"
	"    sac: 0\n"
	"    sic: 21              # matched against I021/010\n"
	"    sigma: {position_m: 15.0}\n"
	"input: {udp_port: 8600}          # ASTERIX arrives on this UDP port\n"
	"output: {cat062_udp_port: 8601}  # CAT062 leaves on this UDP port\n";

static char tmp_path[256];

static const char *write_tmp(const char *text)
{
	sky_test_tmp_path(tmp_path, sizeof(tmp_path), ".yaml");
	FILE *f = fopen(tmp_path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	return tmp_path;
}

static int load_text(const char *text, struct sky_config *cfg, char *err,
		     size_t errlen)
{
	int rc = sky_config_load(write_tmp(text), cfg, err, errlen);
	unlink(tmp_path);
	return rc;
}

Test(config, interfaces_example_loads_with_exact_values_and_defaults)
{
	struct sky_config c;
	char err[512];

	cr_assert_eq(load_text(example, &c, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(c.system.sac, 0);
	cr_expect_eq(c.system.sic, 1);
	cr_expect_eq(c.system.reference.lat, 52.10);
	cr_expect_eq(c.system.reference.lon, 5.18);
	cr_expect_eq(c.system.reference.alt, 0.0);
	cr_assert_eq(c.n_sensors, 2);

	const struct sky_config_sensor *r = &c.sensors[0], *a = &c.sensors[1];
	cr_expect_str_eq(r->name, "radar-1");
	cr_expect_eq(r->kind, SKY_SENSOR_RADAR);
	cr_expect_eq(r->sac, 0);
	cr_expect_eq(r->sic, 11);
	cr_expect(r->has_position);
	cr_expect_eq(r->position.lat, 52.30);
	cr_expect_eq(r->position.lon, 4.90);
	cr_expect_eq(r->position.alt, 30.0);
	cr_expect_eq(r->scan_period_s, 4.0);
	cr_expect_eq(r->sigma.range_m, 60.0);
	cr_expect_eq(r->sigma.azimuth_deg, 0.07);
	cr_expect_eq(r->sigma.height_m, 0.0);
	cr_expect_eq(r->pd, 0.97);
	cr_expect_eq(r->n_editions, 0);
	cr_expect_eq(r->n_sources, 0);

	cr_expect_str_eq(a->name, "adsb-1");
	cr_expect_eq(a->kind, SKY_SENSOR_ADSB);
	cr_expect_eq(a->sic, 21);
	cr_expect(!a->has_position);
	cr_expect_eq(a->sigma.position_m, 15.0);
	cr_expect_eq(a->pd, 0.9);
	cr_expect_eq(a->scan_period_s, 1.0);
	cr_expect_eq(sky_config_find_sensor(&c, 0, 21), a);
	cr_expect_null(sky_config_find_sensor(&c, 0, 12));

	cr_expect_eq(c.input.udp_port, 8600);
	cr_expect_eq(c.output.cat062_udp_port, 8601);

	/* the sections the file does not hold have their defaults */
	struct sky_config d;
	sky_config_default(&d);
	cr_expect_eq(c.input.driver, d.input.driver);
	cr_expect_null(c.input.pcap);
	cr_expect_eq(c.input.bind, 0);
	cr_expect_eq(c.input.multicast, 0);
	cr_expect_eq(c.output.destination, htonl(0x7f000001));
	cr_expect_eq(c.pipeline.burst_size, 32);
	cr_expect_eq(c.pipeline.ring_size, 1024);
	cr_expect_eq(c.pipeline.n_lcores, 0);
	cr_expect_eq(c.tracker.mode, SKY_TRACKER_BASELINE);
	cr_expect_eq(c.tracker.gate, d.tracker.gate);
	cr_expect_eq(c.tracker.confirm_m, 3);
	cr_expect_eq(c.tracker.confirm_n, 5);
	cr_expect_eq(c.tracker.coast_s, d.tracker.coast_s);
	cr_expect_eq(c.tracker.window_s, d.tracker.window_s);
	cr_expect(!c.journal.enabled);
	cr_expect_null(c.journal.path);
	cr_expect_eq(c.eal.argc, 0);
	sky_config_free(&c);
}

static const char full_extra[] =
	"    editions: {cat048: \"1.32\", cat034: 1.29}\n"
	"    source_addresses: [\"10.0.0.7\", 192.168.1.20]\n"
	"input: {udp_port: 9000, driver: socket, pcap: /tmp/in.pcap, bind: 10.0.0.1,\n"
	"        multicast: 239.1.2.3}\n"
	"output: {cat062_udp_port: 9001, destination: 10.0.0.99}\n"
	"pipeline:\n"
	"  burst_size: 64\n"
	"  ring_size: 4096\n"
	"  lcores: [0, 1, 3]\n"
	"tracker:\n"
	"  mode: baseline\n"
	"  gate: 16.3\n"
	"  confirm: {m: 2, n: 4}\n"
	"  coast_s: 12.5\n"
	"  window_s: 0.25\n"
	"journal:\n"
	"  enabled: true\n"
	"  path: /var/lib/skyfuse/journal\n"
	"eal: [\"--no-huge\", \"--in-memory\", \"--vdev=net_pcap0,rx_pcap=x.pcap\"]\n";

static const char full_head[] =
	"system: {sac: 7, sic: 2, reference: {lat: -33.9, lon: 151.2, alt: 12}}\n"
	"sensors:\n"
	"  - name: \"adsb #1\"\n"
	"    kind: adsb\n"
	"    sac: 7\n"
	"    sic: 30\n"
	"    position: {lat: -33.95, lon: 151.18, alt: 5}\n"
	"    scan_period_s: 0.5\n"
	"    sigma: {position_m: 20}\n"
	"    pd: 0.99\n";

static char *concat(const char *a, const char *b)
{
	char *s = malloc(strlen(a) + strlen(b) + 1);
	cr_assert_not_null(s);
	strcpy(s, a);
	strcat(s, b);
	return s;
}

Test(config, every_optional_key_loads)
{
	struct sky_config c;
	char err[512];
	char *text = concat(full_head, full_extra);

	cr_assert_eq(load_text(text, &c, err, sizeof(err)), 0, "%s", err);
	free(text);
	const struct sky_config_sensor *s = &c.sensors[0];
	cr_expect_str_eq(s->name, "adsb #1");
	cr_expect(s->has_position);
	cr_expect_eq(s->position.alt, 5.0);
	cr_expect_eq(s->scan_period_s, 0.5);
	cr_expect_eq(s->pd, 0.99);
	cr_assert_eq(s->n_editions, 2);
	cr_expect_eq(s->editions[0].cat, 48);
	cr_expect_str_eq(s->editions[0].edition, "1.32");
	cr_expect_eq(s->editions[1].cat, 34);
	cr_expect_str_eq(s->editions[1].edition, "1.29");
	cr_assert_eq(s->n_sources, 2);
	cr_expect_eq(s->sources[0], htonl(0x0a000007));
	cr_expect_eq(s->sources[1], htonl(0xc0a80114));
	cr_expect_eq(c.input.udp_port, 9000);
	cr_expect_eq(c.input.driver, SKY_INPUT_SOCKET);
	cr_expect_str_eq(c.input.pcap, "/tmp/in.pcap");
	cr_expect_eq(c.input.bind, htonl(0x0a000001));
	cr_expect_eq(c.input.multicast, htonl(0xef010203));
	cr_expect_eq(c.output.cat062_udp_port, 9001);
	cr_expect_eq(c.output.destination, htonl(0x0a000063));
	cr_expect_eq(c.pipeline.burst_size, 64);
	cr_expect_eq(c.pipeline.ring_size, 4096);
	cr_assert_eq(c.pipeline.n_lcores, 3);
	cr_expect_eq(c.pipeline.lcores[2], 3);
	cr_expect_eq(c.tracker.gate, 16.3);
	cr_expect_eq(c.tracker.confirm_m, 2);
	cr_expect_eq(c.tracker.confirm_n, 4);
	cr_expect_eq(c.tracker.coast_s, 12.5);
	cr_expect_eq(c.tracker.window_s, 0.25);
	cr_expect(c.journal.enabled);
	cr_expect_str_eq(c.journal.path, "/var/lib/skyfuse/journal");
	cr_assert_eq(c.eal.argc, 3);
	cr_expect_str_eq(c.eal.argv[2], "--vdev=net_pcap0,rx_pcap=x.pcap");
	sky_config_free(&c);
}

/*
 * Replace the first occurrence of `from` in the example by `to`, load it and
 * check the error names the file, the line:column, the key path and what
 * was expected.
 */
static void expect_error(const char *base, const char *from, const char *to,
			 const char *linecol, const char *key, const char *what)
{
	const char *at = strstr(base, from);
	cr_assert_not_null(at, "'%s' not in the base text", from);
	size_t pre = (size_t)(at - base);
	char *text = malloc(strlen(base) + strlen(to) + 1);
	cr_assert_not_null(text);
	memcpy(text, base, pre);
	strcpy(text + pre, to);
	strcat(text, at + strlen(from));

	struct sky_config c;
	char err[512], loc[300];
	const char *file = write_tmp(text);
	int rc = sky_config_load(file, &c, err, sizeof(err));
	unlink(file);
	free(text);
	cr_assert_eq(rc, -EINVAL, "'%s' -> '%s' loaded: %d", from, to, rc);
	snprintf(loc, sizeof(loc), "%s:%s: ", file, linecol);
	cr_expect(strstr(err, loc) == err, "no '%s' at the start of: %s", loc, err);
	cr_expect(strstr(err, key) != NULL, "no key '%s' in: %s", key, err);
	cr_expect(strstr(err, what) != NULL, "no '%s' in: %s", what, err);
	/* a failed load leaves the defaults and nothing to free */
	cr_expect_eq(c.n_sensors, 0);
	cr_expect_null(c.sensors);
}

Test(config, wrong_types_name_file_line_key_and_expectation)
{
	expect_error(example, "range_m: 60.0", "range_m: sixty", "12:22",
		     "sensors[0].sigma.range_m: ", "expected a number > 0, got 'sixty'");
	expect_error(example, "range_m: 60.0", "range_m: \"60\"", "12:22",
		     "sensors[0].sigma.range_m: ", "a number > 0, got the string \"60\"");
	expect_error(example, "range_m: 60.0", "range_m: -5", "12:22",
		     "sensors[0].sigma.range_m", "a number > 0");
	expect_error(example, "kind: adsb", "kind: adbs", "15:11",
		     "sensors[1].kind: ", "expected one of radar|adsb, got 'adbs'");
	expect_error(example, "position: {lat: 52.30, lon: 4.90, alt: 30.0}",
		     "position: 52.3", "10:15", "sensors[0].position: ",
		     "expected a mapping {lat, lon, alt}, got '52.3'");
	expect_error(example, "lat: 52.30", "lat: 91", "10:21",
		     "sensors[0].position.lat: ", "a number in [-90, 90]");
	expect_error(example, "sic: 21", "sic: 256", "17:10",
		     "sensors[1].sic: ", "an integer in [0, 255], got '256'");
	expect_error(example, "sic: 1\n", "sic: 1.5\n", "3:8",
		     "system.sic: ", "an integer in [0, 255]");
	expect_error("system: {sac: 0, sic: 1, reference: {lat: 1, lon: 2, alt: 3}}\n"
		     "sensors: {a: 1}\n", "a: 1", "a: 1", "2:10", "sensors: ",
		     "expected a sequence of sensors, got a mapping");
	expect_error(example, "udp_port: 8600", "udp_port: 0", "19:19",
		     "input.udp_port: ", "an integer in [1, 65535]");
	expect_error(example, "pd: 0.97", "pd: 1.5", "13:9", "sensors[0].pd: ",
		     "a number in (0, 1]");
	expect_error(example, "name: radar-1", "name: [a]", "6:11",
		     "sensors[0].name: ", "a string of 1 to 63 characters, got a sequence");
}

Test(config, unknown_and_duplicate_keys_are_errors)
{
	expect_error(example, "range_m: 60.0", "rnage_m: 60.0", "12:13",
		     "sensors[0].sigma.rnage_m: ",
		     "unknown key (expected one of range_m, azimuth_deg, height_m, position_m)");
	expect_error(example, "sensors:", "sensor:", "5:1", "sensor: ",
		     "unknown key (expected one of system, sensors,");
	expect_error(example, "    pd: 0.97", "    pd: 0.97\n    pd: 0.9", "14:5",
		     "sensors[0].pd: ", "duplicate key");
	expect_error(example, "input: {udp_port: 8600}", "input: {udp_port: 8600, drvier: dpdk}",
		     "19:25", "input.drvier: ", "unknown key (expected one of udp_port,");
	/* a sigma of the other kind is not a typo but still wrong */
	expect_error(example, "height_m: 0.0}", "height_m: 0.0, position_m: 5}",
		     "12:74", "sensors[0].sigma.position_m: ",
		     "not a sigma of a radar sensor");
}

Test(config, missing_required_keys_are_named)
{
	expect_error(example, "    sic: 21", "    #", "14:5", "sensors[1].sic: ",
		     "required key missing (expected an integer in [0, 255])");
	expect_error(example, "    scan_period_s: 4.0\n", "", "6:5",
		     "sensors[0].scan_period_s: ", "required key missing");
	expect_error(example, "    sigma: {position_m: 15.0}\n", "", "14:5",
		     "sensors[1].sigma: ", "required key missing");
	expect_error(example, "{position_m: 15.0}", "{}", "18:12",
		     "sensors[1].sigma.position_m: ", "required key missing (expected a number > 0)");
	expect_error(example, "    position: {lat: 52.30, lon: 4.90, alt: 30.0}\n", "",
		     "6:5", "sensors[0].position: ", "required key missing");
	expect_error(example, ", alt: 0.0}", "}", "4:14", "system.reference.alt: ",
		     "required key missing (expected a number in [-1000, 100000]");
	expect_error(example, "system:\n  sac: 0", "sys:\n  sac: 0", "1:1", "sys: ",
		     "unknown key");
	expect_error(example, "system:\n  sac: 0                 "
		     "# SAC/SIC that skyfuse writes into CAT062 I062/010\n"
		     "  sic: 1\n  reference: {lat: 52.10, lon: 5.18, alt: 0.0}"
		     "   # origin of the system ENU frame\n", "", "1:1", "system: ",
		     "required key missing (expected a mapping");
}

Test(config, inconsistent_values_are_errors)
{
	expect_error(example, "sic: 21", "sic: 11", "14:5", "sensors[1].sic: ",
		     "SAC/SIC 0/11 already used by sensors[0] (radar-1)");
	expect_error(example, "name: adsb-1", "name: radar-1", "14:5",
		     "sensors[1].name: ", "already used by sensors[0]");
	char *text = concat(example, "pipeline: {ring_size: 1000}\n");
	expect_error(text, "1000", "1000", "21:23", "pipeline.ring_size: ",
		     "a power of 2 in [64, 1048576]");
	free(text);
	text = concat(example, "journal: {enabled: true}\n");
	expect_error(text, "true", "true", "21:10", "journal.path: ",
		     "required key missing when journal.enabled is true");
	expect_error(text, "true", "yes", "21:20", "journal.enabled: ",
		     "expected true or false, got 'yes'");
	free(text);
	text = concat(example, "tracker: {confirm: {m: 5, n: 3}, mode: imm}\n");
	expect_error(text, "mode: imm", "mode: baseline", "21:20", "tracker.confirm: ",
		     "expected m <= n");
	expect_error(text, "m: 5", "m: 2", "21:40", "tracker.mode: ",
		     "expected one of baseline|passthrough, got 'imm'");
	free(text);
	expect_error(example, "input: {udp_port: 8600}",
		     "input: {udp_port: 8600, multicast: 10.1.1.1}", "19:36",
		     "input.multicast: ", "an IPv4 multicast address");
	text = concat(full_head, full_extra);
	expect_error(text, "cat034", "cat34", "11:32", "sensors[0].editions.cat34: ",
		     "a key catNNN (three digits)");
	expect_error(text, "192.168.1.20", "192.168.1.300", "12:36",
		     "sensors[0].source_addresses[1]: ", "an IPv4 address");
	expect_error(text, "lcores: [0, 1, 3]", "lcores: [0, 1, 1024]", "19:18",
		     "pipeline.lcores[2]: ", "1023");
	free(text);
}

Test(config, syntax_errors_and_missing_files_name_the_file)
{
	struct sky_config c;
	char err[512];

	expect_error(example, "sac: 0\n    sic: 11", "sac: 0\n   sic: 11", "9:4",
		     "YAML syntax error", "");
	expect_error(example, "{lat: 52.10,", "{lat: 52.10", "4:29", "YAML syntax error",
		     "");
	expect_error(example, example, "", "1:1", "top level: ", "the file is empty");
	expect_error(example, example, "- a\n- b\n", "1:1", "top level: ",
		     "expected a mapping {system, sensors, ...}, got a sequence");
	char *text = concat(example, "---\nsystem: {}\n");
	expect_error(text, "---", "---", "22:1", "top level: ", "a second YAML document");
	free(text);

	cr_expect_eq(sky_config_load("/nonexistent/skyfuse.yaml", &c, err, sizeof(err)),
		     -ENOENT);
	cr_expect(strstr(err, "/nonexistent/skyfuse.yaml") != NULL, "%s", err);
	cr_expect(strstr(err, "No such file") != NULL, "%s", err);
}

/* Field-by-field equality of two configs. */
static void expect_same(const struct sky_config *a, const struct sky_config *b)
{
	cr_assert_eq(a->n_sensors, b->n_sensors);
	cr_expect(memcmp(&a->system, &b->system, sizeof(a->system)) == 0);
	for (unsigned i = 0; i < a->n_sensors; i++) {
		const struct sky_config_sensor *x = &a->sensors[i], *y = &b->sensors[i];
		cr_expect_str_eq(x->name, y->name);
		cr_expect(x->kind == y->kind && x->sac == y->sac && x->sic == y->sic);
		cr_expect_eq(x->has_position, y->has_position);
		if (x->has_position)
			cr_expect(memcmp(&x->position, &y->position, sizeof(x->position)) == 0,
				  "sensor %u position", i);
		cr_expect_eq(x->scan_period_s, y->scan_period_s);
		cr_expect(memcmp(&x->sigma, &y->sigma, sizeof(x->sigma)) == 0,
			  "sensor %u sigma", i);
		cr_expect_eq(x->pd, y->pd);
		cr_assert_eq(x->n_editions, y->n_editions);
		for (unsigned j = 0; j < x->n_editions; j++) {
			cr_expect_eq(x->editions[j].cat, y->editions[j].cat);
			cr_expect_str_eq(x->editions[j].edition, y->editions[j].edition);
		}
		cr_assert_eq(x->n_sources, y->n_sources);
		for (unsigned j = 0; j < x->n_sources; j++)
			cr_expect_eq(x->sources[j], y->sources[j]);
	}
	cr_expect_eq(a->input.udp_port, b->input.udp_port);
	cr_expect_eq(a->input.driver, b->input.driver);
	cr_expect_eq(!a->input.pcap, !b->input.pcap);
	if (a->input.pcap && b->input.pcap)
		cr_expect_str_eq(a->input.pcap, b->input.pcap);
	cr_expect_eq(a->input.bind, b->input.bind);
	cr_expect_eq(a->input.multicast, b->input.multicast);
	cr_expect_eq(!a->input.device, !b->input.device);
	if (a->input.device && b->input.device)
		cr_expect_str_eq(a->input.device, b->input.device);
	cr_expect_eq(a->output.cat062_udp_port, b->output.cat062_udp_port);
	cr_expect_eq(a->output.destination, b->output.destination);
	cr_expect_eq(!a->output.device, !b->output.device);
	if (a->output.device && b->output.device)
		cr_expect_str_eq(a->output.device, b->output.device);
	cr_expect_eq(a->pipeline.burst_size, b->pipeline.burst_size);
	cr_expect_eq(a->pipeline.ring_size, b->pipeline.ring_size);
	cr_assert_eq(a->pipeline.n_lcores, b->pipeline.n_lcores);
	for (unsigned i = 0; i < a->pipeline.n_lcores; i++)
		cr_expect_eq(a->pipeline.lcores[i], b->pipeline.lcores[i]);
	cr_expect(memcmp(&a->tracker, &b->tracker, sizeof(a->tracker)) == 0);
	cr_expect_eq(a->journal.enabled, b->journal.enabled);
	cr_expect_eq(!a->journal.path, !b->journal.path);
	if (a->journal.path && b->journal.path)
		cr_expect_str_eq(a->journal.path, b->journal.path);
	cr_assert_eq(a->eal.argc, b->eal.argc);
	for (unsigned i = 0; i < a->eal.argc; i++)
		cr_expect_str_eq(a->eal.argv[i], b->eal.argv[i]);
}

static void write_then_load(const struct sky_config *in, struct sky_config *out,
			    char **text)
{
	char err[512];
	size_t len;
	FILE *m = open_memstream(text, &len);

	cr_assert_not_null(m);
	cr_assert_eq(sky_config_write(m, in), 0);
	fclose(m);
	cr_assert_eq(load_text(*text, out, err, sizeof(err)), 0, "%s\n%s", err, *text);
}

Test(config, write_gives_the_interfaces_shape_and_round_trips)
{
	struct sky_config a, b;
	char err[512], *text;

	cr_assert_eq(load_text(example, &a, err, sizeof(err)), 0, "%s", err);
	write_then_load(&a, &b, &text);
	expect_same(&a, &b);
	cr_expect(strstr(text, "  reference: {lat: 52.1, lon: 5.18, alt: 0.0}\n"), "%s", text);
	cr_expect(strstr(text, "  - name: radar-1\n    kind: radar\n    sac: 0\n"
			 "    sic: 11\n    position: {lat: 52.3, lon: 4.9, alt: 30.0}\n"
			 "    scan_period_s: 4.0\n    sigma: {range_m: 60.0, "
			 "azimuth_deg: 0.07, height_m: 0.0}\n    pd: 0.97\n"), "%s", text);
	cr_expect(strstr(text, "  - name: adsb-1\n    kind: adsb\n    sac: 0\n"
			 "    sic: 21\n    sigma: {position_m: 15.0}\ninput: "
			 "{udp_port: 8600}\noutput: {cat062_udp_port: 8601}\n"), "%s", text);
	cr_expect(!strstr(text, "pipeline") && !strstr(text, "tracker") &&
		  !strstr(text, "journal") && !strstr(text, "eal"), "%s", text);
	free(text);
	sky_config_free(&a);
	sky_config_free(&b);

	char *full = concat(full_head, full_extra);
	cr_assert_eq(load_text(full, &a, err, sizeof(err)), 0, "%s", err);
	free(full);
	write_then_load(&a, &b, &text);
	expect_same(&a, &b);
	free(text);
	sky_config_free(&a);
	sky_config_free(&b);
}

static double rnd_double(uint64_t *s, double lo, double hi)
{
	double u = (double)(sky_test_rand(s) >> 11) * 0x1.0p-53;
	return lo + (hi - lo) * u;
}

static void random_sensor(uint64_t *s, struct sky_config_sensor *x, unsigned i)
{
	memset(x, 0, sizeof(*x));
	snprintf(x->name, sizeof(x->name), sky_test_rand_below(s, 2) ? "s%u" : "s %u:\"#\\", i);
	x->kind = sky_test_rand_below(s, 2) ? SKY_SENSOR_RADAR : SKY_SENSOR_ADSB;
	x->sac = (uint8_t)(i >> 8);
	x->sic = (uint8_t)i;
	x->has_position = x->kind == SKY_SENSOR_RADAR || sky_test_rand_below(s, 2);
	x->position.lat = rnd_double(s, -90, 90);
	x->position.lon = rnd_double(s, -180, 180);
	x->position.alt = rnd_double(s, -1000, 100000);
	if (!x->has_position)
		memset(&x->position, 0, sizeof(x->position));
	x->scan_period_s = x->kind == SKY_SENSOR_ADSB && sky_test_rand_below(s, 2)
				   ? 1.0 : rnd_double(s, 0.1, 12);
	if (x->kind == SKY_SENSOR_RADAR) {
		x->sigma.range_m = rnd_double(s, 1, 500);
		x->sigma.azimuth_deg = rnd_double(s, 0.001, 1);
		x->sigma.height_m = sky_test_rand_below(s, 2) ? 0.0 : rnd_double(s, 1, 900);
	} else {
		x->sigma.position_m = rnd_double(s, 1, 300);
	}
	x->pd = sky_test_rand_below(s, 3) ? rnd_double(s, 0.01, 1.0) : 1.0;
	x->n_editions = sky_test_rand_below(s, 3);
	for (unsigned j = 0; j < x->n_editions; j++) {
		x->editions[j].cat = 21 + 13 * j;
		snprintf(x->editions[j].edition, sizeof(x->editions[j].edition), "%u.%u",
			 sky_test_rand_below(s, 3), sky_test_rand_below(s, 40));
	}
	x->n_sources = sky_test_rand_below(s, 3);
	x->sources = calloc(3, sizeof(uint32_t));
	for (unsigned j = 0; j < x->n_sources; j++)
		x->sources[j] = (uint32_t)sky_test_rand(s);
}

Test(config, random_configs_round_trip_through_write_and_load)
{
	uint64_t s = 0x5eed3001;

	for (int iter = 0; iter < 300; iter++) {
		struct sky_config a, b;
		char *text;

		sky_config_default(&a);
		a.system.sac = (uint8_t)sky_test_rand(&s);
		a.system.sic = (uint8_t)sky_test_rand(&s);
		a.system.reference.lat = rnd_double(&s, -90, 90);
		a.system.reference.lon = rnd_double(&s, -180, 180);
		a.system.reference.alt = rnd_double(&s, -1000, 9000);
		a.n_sensors = sky_test_rand_below(&s, 5);
		a.sensors = calloc(5, sizeof(*a.sensors));
		for (unsigned i = 0; i < a.n_sensors; i++)
			random_sensor(&s, &a.sensors[i], i * 37 + (unsigned)iter);
		if (sky_test_rand_below(&s, 2)) {
			a.input.driver = SKY_INPUT_SOCKET;
			a.input.pcap = strdup("/tmp/a b.pcap");
			a.input.multicast = htonl(0xef000001 + (uint32_t)iter);
			a.output.destination = (uint32_t)sky_test_rand(&s);
			a.pipeline.ring_size = 1u << (6 + sky_test_rand_below(&s, 15));
			a.pipeline.n_lcores = 2;
			a.pipeline.lcores = calloc(2, sizeof(unsigned));
			a.pipeline.lcores[1] = 1;
			a.tracker.gate = rnd_double(&s, 1, 40);
			a.tracker.coast_s = rnd_double(&s, 1, 60);
			a.tracker.window_s = rnd_double(&s, 0, 5);
			a.journal.enabled = true;
			a.journal.path = strdup("journal.bin");
			a.eal.argc = 1;
			a.eal.argv = calloc(2, sizeof(char *));
			a.eal.argv[0] = strdup("--lcores=0@0,1@0");
		} else if (sky_test_rand_below(&s, 2)) {
			a.input.device = strdup("net_memif0,role=server,socket=/tmp/a b.sock");
			if (sky_test_rand_below(&s, 2))
				a.output.device = strdup("0000:03:00.1");
		}
		write_then_load(&a, &b, &text);
		expect_same(&a, &b);
		free(text);
		sky_config_free(&a);
		sky_config_free(&b);
	}
}

static const char device_io[] =
	"input: {udp_port: 8600, device: \"net_memif0,role=server,socket=/tmp/m.sock\"}\n"
	"output: {cat062_udp_port: 8601, device: net_tap0}\n";

Test(config, dpdk_devices_for_input_and_output_load_and_round_trip)
{
	struct sky_config a, b;
	char err[512], *text = concat(example, "");

	/* the example with its input/output lines replaced */
	*strstr(text, "input:") = 0;
	char *full = concat(text, device_io);
	free(text);
	cr_assert_eq(load_text(full, &a, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(a.input.driver, SKY_INPUT_DPDK);
	cr_expect_str_eq(a.input.device, "net_memif0,role=server,socket=/tmp/m.sock");
	cr_expect_str_eq(a.output.device, "net_tap0");
	cr_expect_null(a.input.pcap);
	write_then_load(&a, &b, &text);
	expect_same(&a, &b);
	cr_expect(strstr(text, "device: \"net_memif0,role=server,socket=/tmp/m.sock\"}"),
		  "%s", text);
	cr_expect(strstr(text, "output: {cat062_udp_port: 8601, device: \"net_tap0\"}"),
		  "%s", text);
	free(text);
	sky_config_free(&a);
	sky_config_free(&b);
	cr_expect_null(a.input.device);

	/* no device keys: none written, none loaded */
	cr_assert_eq(load_text(example, &a, err, sizeof(err)), 0, "%s", err);
	cr_expect_null(a.input.device);
	cr_expect_null(a.output.device);
	write_then_load(&a, &b, &text);
	cr_expect(!strstr(text, "device"), "%s", text);
	free(text);
	sky_config_free(&a);
	sky_config_free(&b);

	expect_error(full, "device: net_tap0", "device: \"\"", "20:41", "output.device: ",
		     "expected a non-empty string");
	expect_error(full, "udp_port: 8600,", "udp_port: 8600, driver: socket,", "19:49",
		     "input.device: ", "only with driver: dpdk");
	expect_error(full, "udp_port: 8600,", "udp_port: 8600, pcap: in.pcap,", "19:48",
		     "input.device: ", "not together with input.pcap");
	expect_error(full, "udp_port: 8600, device: \"net_memif0,role=server,socket=/tmp/m.sock\"",
		     "udp_port: 8600, driver: socket", "20:41", "output.device: ",
		     "only with input.driver: dpdk");
	expect_error(full, "device: net_tap0", "device: [a]", "20:41", "output.device: ",
		     "a non-empty string");
	free(full);
}
