/*
 * cmd_track.c - `skyfuse track`: the offline reference as a command. A
 * capture goes through the same decode conversion, fuse engine and CAT062
 * packing as `skyfuse replay` (stages/fuse_offline.h), in one thread and
 * without DPDK, so it runs anywhere, gives the air picture replay gives
 * (the same CAT062 records in the same order), and measures what decoding,
 * fusing and encoding cost per plot without the runtime around them.
 *
 * The output capture stamps each CAT062 datagram with the capture time of
 * the input frame whose plots released it (the end of input: the last
 * frame's), so its timestamps follow the scenario, unlike a net_pcap
 * recording which is stamped with the time of writing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuse_offline.h"
#include "pcap_file.h"
#include "sky_command.h"

static const char track_usage[] =
	"usage: skyfuse track -c CONFIG -r CAPTURE.pcap [-w TRACKS.pcap]\n"
	"                     [--mode baseline|passthrough] [--window S] [--quiet]\n\n"
	"Fuses a capture offline: the decode conversion, reorder window, tracker and\n"
	"CAT062 packing of the pipeline, in one thread, without DPDK. Publishes the\n"
	"same CAT062 records, in the same order, as `skyfuse replay` of the capture.\n"
	"Prints the counts, the air-picture summary and the cost per plot.\n\n"
	"  -c CONFIG         skyfuse config (YAML): sensors, system, tracker\n"
	"  -r CAPTURE        classic pcap, Ethernet/IPv4/UDP to input.udp_port\n"
	"  -w TRACKS         write the CAT062 datagrams (to output.cat062_udp_port)\n"
	"  --mode M          tracker.mode for this run (passthrough: no tracking)\n"
	"  --window S        reorder window in seconds of measurement time (default 2)\n"
	"  --quiet           only the summary line\n\n"
	"Exit status: 0 done, 1 a file could not be read or written, 2 usage error.\n";

struct track_opts {
	const char *config, *capture, *output;
	const char *mode;
	double window;
	bool quiet;
};

struct track_run {
	struct sky_pcap_writer *w;
	struct sky_udp_endpoints ep;
	uint64_t ts_ns;            /* capture time of the frame being fed */
	uint16_t ip_id;
	int write_error;
};

static void on_dgram(void *ctx, const uint8_t *dg, size_t len)
{
	struct track_run *t = ctx;
	if (t->w && !t->write_error && sky_pcap_write_udp(t->w, &t->ep, dg, len, t->ts_ns) < 0)
		t->write_error = 1;
}

static int parse(int argc, char **argv, struct track_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->window = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--quiet")) {
			o->quiet = true;
			continue;
		}
		if (i + 1 >= argc)
			return -EINVAL;
		const char *v = argv[++i];
		if (!strcmp(a, "-c"))
			o->config = v;
		else if (!strcmp(a, "-r"))
			o->capture = v;
		else if (!strcmp(a, "-w"))
			o->output = v;
		else if (!strcmp(a, "--mode"))
			o->mode = v;
		else if (!strcmp(a, "--window")) {
			char *end;
			o->window = strtod(v, &end);
			if (*end || !(o->window >= 0)) {
				fprintf(stderr, "skyfuse track: --window '%s': expected seconds >= 0\n", v);
				return -EINVAL;
			}
		} else {
			fprintf(stderr, "skyfuse track: unknown option '%s'\n", a);
			return -EINVAL;
		}
	}
	return o->config && o->capture ? 0 : -EINVAL;
}

static int mode_of(const char *name, enum sky_tracker_mode *m)
{
	for (unsigned i = 0; i < SKY_TRACKER_N_MODES; i++)
		if (!strcmp(name, sky_tracker_mode_name((enum sky_tracker_mode)i))) {
			*m = (enum sky_tracker_mode)i;
			return 0;
		}
	fprintf(stderr, "skyfuse track: --mode '%s': expected baseline or passthrough\n", name);
	return -EINVAL;
}

/* Every frame of the capture through o; 0 or -EIO. */
static int feed(struct sky_fuse_offline *o, struct track_run *t, const char *path)
{
	char err[512];
	struct sky_pcap_reader *r = sky_pcap_open_read(path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "skyfuse track: %s\n", err);
		return -EIO;
	}
	const uint8_t *f;
	size_t len;
	int rc;
	uint64_t ts;
	while ((rc = sky_pcap_next(r, &f, &len, &ts)) == 1) {
		t->ts_ns = ts;
		sky_fuse_offline_frame(o, f, len, ts);
	}
	if (rc < 0)
		fprintf(stderr, "skyfuse track: %s: %s\n", path, sky_pcap_reader_error(r));
	sky_pcap_close_read(r);
	return rc < 0 ? -EIO : 0;
}

static void report(const struct sky_fuse_offline *o, double secs, bool quiet)
{
	const struct sky_fuse_offline_frames *fr = sky_fuse_offline_frames(o);
	const uint64_t *pd = sky_plot_decoder_counters(sky_fuse_offline_decoder(o));
	const uint64_t *e = sky_fuse_counters(sky_fuse_offline_engine(o));
	double plots = (double)pd[SKY_PD_PLOTS];
	printf("track: %llu frames, %llu datagrams, %llu records, %llu plots -> %llu CAT062 "
	       "records in %llu datagrams; %.3f s, %.0f plots/s, %.2f us/plot\n",
	       (unsigned long long)fr->frames, (unsigned long long)fr->datagrams,
	       (unsigned long long)pd[SKY_PD_RECORDS], (unsigned long long)pd[SKY_PD_PLOTS],
	       (unsigned long long)fr->cat062_records, (unsigned long long)fr->cat062_datagrams,
	       secs, secs > 0 ? plots / secs : 0.0, plots > 0 ? secs * 1e6 / plots : 0.0);
	if (quiet)
		return;
	printf("  frames: %llu not UDP, %llu fragments skipped, %llu to other ports\n",
	       (unsigned long long)fr->not_udp, (unsigned long long)fr->fragments,
	       (unsigned long long)fr->other_port);
	printf("  records:");
	for (unsigned c = 0; c < SKY_PD_COUNTER_COUNT; c++) {
		const char *n = sky_plot_decode_counter_name(c);
		if (n && pd[c] && c != SKY_PD_RECORDS && c != SKY_PD_PLOTS)
			printf(" %s %llu", n, (unsigned long long)pd[c]);
	}
	printf("\n  reorder window: %llu late (fed out of sequence), %llu released early\n",
	       (unsigned long long)e[SKY_FUSE_PLOTS_LATE],
	       (unsigned long long)e[SKY_FUSE_PLOTS_FORCED]);
	struct sky_air_summary s;
	sky_air_picture_summary(sky_fuse_offline_picture(o), &s);
	sky_air_summary_print(&s, stdout);
}

static int open_output(struct track_run *t, const struct track_opts *o,
		       const struct sky_config *cfg)
{
	char err[512];
	t->ep = (struct sky_udp_endpoints){
		.src_mac = {0x02, 0, 0, 0, 0, 0x01}, .dst_mac = {0x02, 0, 0, 0, 0, 0x02},
		.src_ip = 0x7f000001, .dst_ip = 0x7f000001,
		.src_port = cfg->output.cat062_udp_port, .dst_port = cfg->output.cat062_udp_port,
	};
	if (!o->output)
		return 0;
	if (!(t->w = sky_pcap_open_write(o->output, err, sizeof(err)))) {
		fprintf(stderr, "skyfuse track: %s\n", err);
		return -EIO;
	}
	return 0;
}

static int run(const struct track_opts *o, struct sky_config *cfg)
{
	char err[512];
	struct sky_fuse_params p;
	sky_fuse_params_default(&p);
	sky_fuse_params_from_config(&p, cfg);
	if (o->mode && mode_of(o->mode, &p.mode) < 0)
		return 2;
	if (o->window >= 0)
		p.window_s = o->window;
	struct track_run t = {0};
	if (open_output(&t, o, cfg) < 0)
		return 1;
	struct sky_fuse_offline *off = sky_fuse_offline_create(cfg, &p, on_dgram, &t, err,
							       sizeof(err));
	if (!off) {
		fprintf(stderr, "skyfuse track: %s: %s\n", o->config, err);
		sky_pcap_close_write(t.w);
		return 1;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	int rc = feed(off, &t, o->capture);
	sky_fuse_offline_finish(off);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (t.w && (sky_pcap_close_write(t.w) < 0 || t.write_error)) {
		fprintf(stderr, "skyfuse track: -w %s: write failed\n", o->output);
		rc = -EIO;
	}
	if (rc == 0)
		report(off, (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
		       o->quiet);
	sky_fuse_offline_destroy(off);
	return rc < 0 ? 1 : 0;
}

static int track_main(int argc, char **argv)
{
	struct track_opts o;
	if (parse(argc, argv, &o) < 0) {
		fputs(track_usage, stderr);
		return 2;
	}
	struct sky_config cfg;
	char err[1024];
	if (sky_config_load(o.config, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "skyfuse track: %s\n", err);
		return 1;
	}
	int rc = run(&o, &cfg);
	sky_config_free(&cfg);
	return rc;
}

static const struct sky_command track_command = {
	.name = "track",
	.summary = "fuse a capture offline (no DPDK): the air picture replay gives, and its cost",
	.usage = track_usage,
	.run = track_main,
};
SKY_COMMAND_REGISTER(track_command)
