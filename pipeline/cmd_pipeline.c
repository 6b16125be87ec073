/*
 * cmd_pipeline.c - the commands that run the pipeline: `skyfuse check`
 * (validate a config, print the resolved graph), `skyfuse replay` (a
 * capture in through DPDK's net_pcap, the output out through it) and
 * `skyfuse run` (live, on the ports the config names).
 *
 * All three resolve the config the same way (sky_config_load, then
 * sky_pipeline_conf_from_config, then the command's own options), so what
 * check prints is what replay and run build. Runtime options shared by
 * replay and run come after the command's own; they exist for benchmarks
 * and tests (a smaller ring, another chain of stages) and default to what
 * the config says.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "graph.h"
#include "sky_command.h"

#define RUNTIME_OPTIONS                                                                      \
	"runtime options (replay and run):\n"                                                \
	"  --stats-json FILE     write the final counters and latency percentiles as JSON\n"  \
	"  --stages LIST         chain of stages, e.g. rx,decode,publish or rx,decode*2,publish\n" \
	"                        (default: rx, decode, fuse, publish - those this build has)\n" \
	"  --burst N             items per burst (default: pipeline.burst_size)\n"           \
	"  --ring-size N         items per ring, any N >= 1 (default: pipeline.ring_size)\n"  \
	"  --on-full drop|wait   when a ring is full: drop and count, or wait (back-pressure)\n" \
	"                        (default: wait for replay, drop for run)\n"                   \
	"  --idle spin|yield|adaptive  how idle lcores wait (default: adaptive when lcores\n"  \
	"                        share a core, else spin)\n"                                   \
	"  --stats-interval S    seconds between progress lines on stderr, 0 none (default 5)\n" \
	"  --quiet               no progress lines\n"                                          \
	"  --eal \"ARGS\"          extra EAL arguments, after the config's `eal` list\n"        \
	"                        (e.g. \"--file-prefix x\"; they replace the defaults they name)\n"

static const char check_usage[] =
	"usage: skyfuse check -c CONFIG [--stages LIST] [--ring-size N] [--burst N]\n\n"
	"Loads and validates CONFIG and prints the graph replay and run would build:\n"
	"stages and their lcores and cores, rings, ports, pools and the EAL arguments.\n"
	"Nothing is started.\n\n"
	"Exit status: 0 when the config is valid, 1 when it is not (the message names\n"
	"the file, the key and what was expected), 2 on a usage error.\n";

static const char replay_usage[] =
	"usage: skyfuse replay -c CONFIG -r CAPTURE.pcap -w OUTPUT.pcap\n"
	"                      [--speed max|realtime|FACTOR] [runtime options]\n\n"
	"Replays a capture through the pipeline: CAPTURE enters through DPDK's net_pcap\n"
	"PMD and what publish emits leaves through it into OUTPUT. Ends when the whole\n"
	"capture went through and every ring has drained, or on SIGINT/SIGTERM (drains\n"
	"first; a second signal exits at once). Prints the counters, the rx -> publish\n"
	"latency percentiles and the reconcile check.\n\n"
	"  -c CONFIG             skyfuse config (YAML)\n"
	"  -r CAPTURE            classic pcap, Ethernet/IPv4/UDP\n"
	"  -w OUTPUT             pcap to write\n"
	"  --speed max           as fast as the pipeline goes (default)\n"
	"  --speed realtime      the capture's own timing\n"
	"  --speed FACTOR        the capture's timing sped up FACTOR times (e.g. 10)\n\n"
	RUNTIME_OPTIONS
	"\nExit status: 0 when the run completed and the counters reconcile, 1 otherwise,\n"
	"2 on a usage error.\n";

static const char run_usage[] =
	"usage: skyfuse run -c CONFIG [--duration S] [runtime options]\n\n"
	"Runs the pipeline live on the config's input: DPDK (input.device, e.g.\n"
	"\"net_memif0,role=server,socket=/run/sky.sock\" or a PCI address; else the\n"
	"capture in input.pcap; else the first ethdev, e.g. from the config's `eal`\n"
	"list) or kernel UDP sockets (input.driver: socket, on input.udp_port, joining\n"
	"input.multicast). Output: output.device, else the input device (none for a\n"
	"capture), or a UDP socket with the socket driver. Stops on SIGINT/SIGTERM\n"
	"(drains first; a second signal exits at once) or after --duration seconds.\n\n"
	"  -c CONFIG             skyfuse config (YAML)\n"
	"  --duration S          stop after S seconds\n\n"
	RUNTIME_OPTIONS
	"\nExit status: 0 when the run completed and the counters reconcile, 1 otherwise,\n"
	"2 on a usage error.\n";

struct pipe_opts {
	const char *cmd;
	const char *config, *capture, *output, *stats_json, *stages, *eal;
	enum sky_pace_mode pace;
	double factor, duration;
	long burst, ring_size, stats_interval;
	int on_full, idle;    /* -1: default */
	bool quiet;
};

static int bad(const struct pipe_opts *o, const char *opt, const char *val, const char *want)
{
	fprintf(stderr, "skyfuse %s: %s '%s': expected %s\n", o->cmd, opt, val, want);
	return -EINVAL;
}

static int parse_long(const struct pipe_opts *o, const char *opt, const char *v, long lo,
		      long hi, long *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < lo || n > hi) {
		char want[64];
		snprintf(want, sizeof(want), "an integer %ld..%ld", lo, hi);
		return bad(o, opt, v, want);
	}
	*out = n;
	return 0;
}

static int parse_speed(struct pipe_opts *o, const char *v)
{
	if (strcmp(v, "max") == 0) {
		o->pace = SKY_PACE_MAX;
		return 0;
	}
	if (strcmp(v, "realtime") == 0) {
		o->pace = SKY_PACE_REALTIME;
		return 0;
	}
	char *end;
	double f = strtod(v, &end);
	if (!*v || *end || !(f > 0) || f > 1e6)
		return bad(o, "--speed", v, "max, realtime or a factor > 0");
	o->pace = SKY_PACE_FACTOR;
	o->factor = f;
	return 0;
}

static int parse_choice(const struct pipe_opts *o, const char *opt, const char *v,
			const char *const *names, int *out)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(v, names[i]) == 0) {
			*out = i;
			return 0;
		}
	return bad(o, opt, v, opt[2] == 'o' ? "drop or wait" : "spin, yield or adaptive");
}

/* One option with its value; 1 when handled, 0 when not ours, <0 error. */
static int parse_one(struct pipe_opts *o, const char *a, const char *v)
{
	static const char *const full[] = {"drop", "wait", NULL};
	static const char *const idle[] = {"auto", "spin", "yield", "adaptive", NULL};
	if (!strcmp(a, "-c")) o->config = v;
	else if (!strcmp(a, "-r")) o->capture = v;
	else if (!strcmp(a, "-w")) o->output = v;
	else if (!strcmp(a, "--stats-json")) o->stats_json = v;
	else if (!strcmp(a, "--stages")) o->stages = v;
	else if (!strcmp(a, "--eal")) o->eal = v;
	else if (!strcmp(a, "--speed")) return parse_speed(o, v) < 0 ? -EINVAL : 1;
	else if (!strcmp(a, "--burst")) return parse_long(o, a, v, 1, SKY_BURST_MAX, &o->burst) < 0 ? -EINVAL : 1;
	else if (!strcmp(a, "--ring-size")) return parse_long(o, a, v, 1, 1 << 24, &o->ring_size) < 0 ? -EINVAL : 1;
	else if (!strcmp(a, "--stats-interval")) return parse_long(o, a, v, 0, 86400, &o->stats_interval) < 0 ? -EINVAL : 1;
	else if (!strcmp(a, "--on-full")) return parse_choice(o, a, v, full, &o->on_full) < 0 ? -EINVAL : 1;
	else if (!strcmp(a, "--idle")) return parse_choice(o, a, v, idle, &o->idle) < 0 ? -EINVAL : 1;
	else if (!strcmp(a, "--duration")) {
		char *end;
		o->duration = strtod(v, &end);
		if (!*v || *end || !(o->duration > 0))
			return bad(o, a, v, "seconds > 0");
	} else
		return 0;
	return 1;
}

static int parse_args(int argc, char **argv, struct pipe_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->cmd = argv[0];
	o->burst = o->ring_size = o->stats_interval = -1;
	o->on_full = o->idle = -1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quiet")) {
			o->quiet = true;
			continue;
		}
		if (argv[i][0] != '-' || i + 1 >= argc) {
			fprintf(stderr, "skyfuse %s: unexpected or incomplete argument '%s'\n",
				o->cmd, argv[i]);
			return -EINVAL;
		}
		int rc = parse_one(o, argv[i], argv[i + 1]);
		if (rc == 0) {
			fprintf(stderr, "skyfuse %s: unknown option '%s'\n", o->cmd, argv[i]);
			return -EINVAL;
		}
		if (rc < 0)
			return rc;
		i++;
	}
	if (!o->config) {
		fprintf(stderr, "skyfuse %s: no config given (-c CONFIG)\n", o->cmd);
		return -EINVAL;
	}
	return 0;
}

/* Splits --eal "a b c" into the conf's extra EAL arguments. */
static int add_eal(struct sky_pipeline_conf *c, const char *s, char *err, size_t errlen)
{
	static char buf[1024];
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *save, *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (c->eal_argc == SKY_MAX_EAL_ARGS) {
			snprintf(err, errlen, "--eal: at most %d arguments", SKY_MAX_EAL_ARGS);
			return -E2BIG;
		}
		c->eal_argv[c->eal_argc++] = t;
	}
	return 0;
}

static int apply_opts(const struct pipe_opts *o, struct sky_pipeline_conf *c, char *err,
		      size_t errlen)
{
	if (o->stages && sky_pipeline_conf_set_stages(c, o->stages, err, errlen) < 0)
		return -EINVAL;
	if (o->burst > 0)
		c->burst = (unsigned)o->burst;
	if (o->ring_size > 0)
		c->ring_size = (unsigned)o->ring_size;
	if (o->stats_interval >= 0)
		c->stats_interval_ms = (unsigned)o->stats_interval * 1000;
	if (o->on_full >= 0)
		c->on_full = (enum sky_full_policy)o->on_full;
	if (o->idle >= 0)
		c->idle = (enum sky_idle_policy)o->idle;
	c->quiet = o->quiet;
	c->stats_json = o->stats_json;
	return o->eal ? add_eal(c, o->eal, err, errlen) : 0;
}

/* Loads the config and resolves the pipeline conf; prints the error. */
static int resolve(const struct pipe_opts *o, struct sky_config *cfg, struct sky_pipeline_conf *c)
{
	char err[1024];
	int rc = sky_config_load(o->config, cfg, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "skyfuse %s: %s\n", o->cmd, err);
		return rc;
	}
	sky_pipeline_conf_default(c);
	rc = sky_pipeline_conf_from_config(c, cfg, o->config, err, sizeof(err));
	if (rc == 0)
		rc = apply_opts(o, c, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "skyfuse %s: %s\n", o->cmd, err);
	return rc;
}

static int plan(const struct pipe_opts *o, const struct sky_pipeline_conf *c, struct sky_plan *p)
{
	char err[1024];
	int rc = sky_graph_plan(c, p, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "skyfuse %s: %s\n", o->cmd, err);
	return rc;
}

/* ---- check -------------------------------------------------------------- */

static int check_main(int argc, char **argv)
{
	struct pipe_opts o;
	if (parse_args(argc, argv, &o) < 0) {
		fputs(check_usage, stderr);
		return 2;
	}
	struct sky_config cfg;
	struct sky_pipeline_conf c;
	static struct sky_plan p;
	if (resolve(&o, &cfg, &c) < 0)
		return 1;
	int rc = plan(&o, &c, &p);
	if (rc == 0) {
		printf("%s: valid; %u sensors\n", o.config, cfg.n_sensors);
		sky_graph_plan_print(&p, stdout);
		const char *argv_eal[SKY_MAX_EAL_ARGS * 2 + 16];
		int n = sky_eal_args(&p, argv_eal, SKY_MAX_EAL_ARGS * 2 + 16);
		printf("EAL:");
		for (int i = 1; i < n; i++)
			printf(" %s", argv_eal[i]);
		printf("\n");
	}
	sky_config_free(&cfg);
	return rc < 0 ? 1 : 0;
}

/* ---- replay and run ----------------------------------------------------- */

/* Runs a resolved conf: EAL, graph, run, final stats. Exit code. */
static int execute(const char *cmd, const struct sky_pipeline_conf *c, double duration)
{
	static struct sky_plan p;
	char err[2048];
	int rc = sky_graph_plan(c, &p, err, sizeof(err));
	if (rc == 0)
		rc = sky_eal_start(&p, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "skyfuse %s: %s\n", cmd, err);
		return 1;
	}
	struct sky_graph *g = NULL;
	rc = sky_dgram_meta_register();
	if (rc < 0)
		snprintf(err, sizeof(err), "mbuf field: %s", strerror(-rc));
	else if (!(g = sky_graph_create(&p, err, sizeof(err))))
		rc = -1;
	if (rc < 0) {
		fprintf(stderr, "skyfuse %s: %s\n", cmd, err);
		sky_eal_stop();
		return 1;
	}
	sky_runtime_install_signals();
	if (duration > 0)
		alarm((unsigned)(duration + 0.999));
	int ran = sky_graph_run(g);
	unsigned failures = sky_graph_report(g, stdout);
	sky_graph_destroy(g);
	sky_eal_stop();
	return ran != 0 || failures ? 1 : 0;
}

static bool has_comma(const char *what, const char *path)
{
	if (!strchr(path, ','))
		return false;
	fprintf(stderr, "skyfuse replay: %s '%s': a path with ',' cannot be given to net_pcap\n",
		what, path);
	return true;
}

/* The capture must be readable and the output writable before EAL starts. */
static int replay_files(const struct pipe_opts *o)
{
	char err[512];
	if (!o->capture || !o->output) {
		fprintf(stderr, "skyfuse replay: %s\n", !o->capture ? "no capture given (-r CAPTURE)"
								     : "no output given (-w OUTPUT)");
		return 2;
	}
	if (has_comma("-r", o->capture) || has_comma("-w", o->output))
		return 2;
	if (sky_pcap_count_frames(o->capture, err, sizeof(err)) < 0) {
		fprintf(stderr, "skyfuse replay: -r: %s\n", err);
		return 1;
	}
	FILE *f = fopen(o->output, "wb");
	if (!f) {
		fprintf(stderr, "skyfuse replay: -w %s: %s\n", o->output, strerror(errno));
		return 1;
	}
	fclose(f);
	return 0;
}

static int replay_main(int argc, char **argv)
{
	struct pipe_opts o;
	if (parse_args(argc, argv, &o) < 0) {
		fputs(replay_usage, stderr);
		return 2;
	}
	int rc = replay_files(&o);
	if (rc)
		return rc;
	struct sky_config cfg;
	struct sky_pipeline_conf c;
	if (resolve(&o, &cfg, &c) < 0)
		return 1;
	c.input = (struct sky_port_conf){.driver = SKY_PORT_DPDK, .rx = true, .pace = o.pace,
					 .pace_factor = o.factor};
	snprintf(c.input.dev, sizeof(c.input.dev), "net_pcap0,rx_pcap=%s", o.capture);
	c.output = (struct sky_port_conf){.driver = SKY_PORT_DPDK, .tx = true};
	snprintf(c.output.dev, sizeof(c.output.dev), "net_pcap1,tx_pcap=%s", o.output);
	c.has_output = true;
	if (o.on_full < 0)
		c.on_full = SKY_FULL_WAIT;
	rc = execute("replay", &c, 0);
	sky_config_free(&cfg);
	return rc;
}

static int run_main(int argc, char **argv)
{
	struct pipe_opts o;
	if (parse_args(argc, argv, &o) < 0) {
		fputs(run_usage, stderr);
		return 2;
	}
	struct sky_config cfg;
	struct sky_pipeline_conf c;
	if (resolve(&o, &cfg, &c) < 0)
		return 1;
	int rc = execute("run", &c, o.duration);
	sky_config_free(&cfg);
	return rc;
}

static const struct sky_command check_command = {
	.name = "check",
	.summary = "validate a config and print the pipeline it resolves to",
	.usage = check_usage,
	.run = check_main,
};
SKY_COMMAND_REGISTER(check_command)

static const struct sky_command replay_command = {
	.name = "replay",
	.summary = "replay a capture through the pipeline (DPDK net_pcap in and out)",
	.usage = replay_usage,
	.run = replay_main,
};
SKY_COMMAND_REGISTER(replay_command)

static const struct sky_command run_command = {
	.name = "run",
	.summary = "run the pipeline live (DPDK ports or kernel UDP sockets)",
	.usage = run_usage,
	.run = run_main,
};
SKY_COMMAND_REGISTER(run_command)
