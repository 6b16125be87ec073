/*
 * cmd_sim.c - `skyfuse sim SCENARIO.yaml -o DIR [--seed N]`: the scenario
 * simulator's command line. Parsing the scenario, the run and the files are
 * in sim_parse.c, sim_run.c and sim_output.c; this file only reads the
 * arguments, reports errors and prints a summary.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_run.h"
#include "sim_scenario.h"
#include "sky_command.h"

/* Runs with more target-steps than this print progress lines. */
#define SIM_PROGRESS_WORK 2e6

static const char sim_usage[] =
	"usage: skyfuse sim SCENARIO.yaml -o DIR [--seed N] [--quiet]\n\n"
	"Simulates a scenario: targets flying their segments or generated in\n"
	"groups, seen by rotating radars (CAT048 plots, CAT034 north marker and\n"
	"sector crossings) and ADS-B stations (CAT021), with measurement noise,\n"
	"detection probability, false alarms and network delay. Writes\n"
	"  DIR/input.pcap   the sensors' UDP datagrams, sorted by arrival time\n"
	"  DIR/truth.csv    one row per target per whole second (WGS84)\n"
	"  DIR/config.yaml  the system reference and sensors, for skyfuse\n"
	"The scenario format is documented at the top of perf/sim_parse.c and\n"
	"by the examples in configs/scenarios/.\n\n"
	"  -o DIR      output directory (created when missing)\n"
	"  --seed N    random seed (default: the scenario's `seed`, else 1);\n"
	"              the same seed gives byte-identical files\n"
	"  --quiet     no progress or summary on stderr\n\n"
	"Exit status: 0 done, 1 the scenario or an output failed, 2 usage error.\n";

struct sim_opts {
	const char *scenario, *outdir;
	uint64_t seed;
	bool has_seed, quiet;
};

static int parse_args(int argc, char **argv, struct sim_opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-o") && i + 1 < argc) {
			o->outdir = argv[++i];
		} else if (!strcmp(a, "--seed") && i + 1 < argc) {
			char *end;
			errno = 0;
			o->seed = strtoull(argv[++i], &end, 0);
			if (*end || errno || argv[i][0] == '-') {
				fprintf(stderr, "skyfuse sim: --seed: expected an integer, got '%s'\n",
					argv[i]);
				return -1;
			}
			o->has_seed = true;
		} else if (!strcmp(a, "--quiet")) {
			o->quiet = true;
		} else if (a[0] == '-' || o->scenario) {
			fprintf(stderr, "skyfuse sim: unexpected argument '%s'\n", a);
			return -1;
		} else {
			o->scenario = a;
		}
	}
	if (!o->scenario || !o->outdir) {
		fprintf(stderr, "skyfuse sim: %s\n",
			!o->scenario ? "missing SCENARIO.yaml" : "missing -o DIR");
		return -1;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void summary(const struct sim_scenario *sc, const struct sim_run_stats *st,
		    const char *dir, double wall)
{
	fprintf(stderr,
		"sim: %s: %u targets, %.0f s, %u radars, %u ADS-B stations, seed %" PRIu64 "\n"
		"sim: %" PRIu64 " plots + %" PRIu64 " false alarms, %" PRIu64
		" ADS-B reports, %" PRIu64 " datagrams (%" PRIu64 " bytes), %" PRIu64
		" truth rows -> %s (%.2f s)\n",
		sc->name, st->targets, sc->duration_s, sc->n_radars, sc->n_adsb, sc->seed,
		st->plots, st->false_alarms, st->adsb_reports, st->datagrams, st->bytes,
		st->truth_rows, dir, wall);
}

static int cmd_sim(int argc, char **argv)
{
	struct sim_opts o;
	struct sim_scenario sc;
	struct sim_run_stats st;
	char err[512];
	if (sky_wants_help(argc, argv)) {
		fputs(sim_usage, stdout);
		return 0;
	}
	if (parse_args(argc, argv, &o) != 0) {
		fputs(sim_usage, stderr);
		return 2;
	}
	double t0 = now_s();
	if (sim_scenario_load(o.scenario, &sc, err, sizeof(err)) != 0) {
		fprintf(stderr, "skyfuse sim: %s\n", err);
		sim_scenario_free(&sc);
		return 1;
	}
	if (o.has_seed)
		sc.seed = o.seed;
	int rc = sim_scenario_prepare(&sc);
	if (rc)
		snprintf(err, sizeof(err), "%s: out of memory generating targets", o.scenario);
	bool progress = !o.quiet &&
			(double)sc.n_targets * sc.duration_s * 4.0 > SIM_PROGRESS_WORK;
	if (!rc)
		rc = sim_run(&sc, o.outdir, progress, &st, err, sizeof(err));
	if (rc)
		fprintf(stderr, "skyfuse sim: %s\n", err);
	else if (!o.quiet)
		summary(&sc, &st, o.outdir, now_s() - t0);
	sim_scenario_free(&sc);
	return rc ? 1 : 0;
}

static const struct sky_command sim_command = {
	.name = "sim",
	.summary = "simulate a scenario: sensor capture, truth and config",
	.usage = sim_usage,
	.run = cmd_sim,
};
SKY_COMMAND_REGISTER(sim_command)
