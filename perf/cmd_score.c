/*
 * cmd_score.c - `skyfuse score`: how good is an air picture?
 *
 * Reads the scenario's ground truth (truth.csv), the CAT062 the tracker
 * published (a pcap, as `skyfuse replay -w` writes it) and the system
 * reference from the config beside the truth, and scores the tracks against
 * the truth at every whole second of the truth: GOSPA and OSPA (c = 500 m,
 * p = 2) and SIAP-style completeness, ambiguity, spuriousness, accuracy,
 * identity changes and confirmation latency, by target class. Prints a table
 * for people, or one JSON object with --json; --plot draws tracks over truth.
 *
 * CAT062 to track updates: I062/070 time of day is dated from the truth's
 * first second, then from each update before it (midnight rollover
 * included, tod.h) - not from capture timestamps, which recorders such as
 * net_pcap set to the time of writing; I062/100 and
 * I062/185 are in the system plane already (interfaces.md); altitude is
 * I062/130 (geometric), else 135, else 136; I062/080 CNF marks a tentative
 * track and TSE its last message. The track key is SAC/SIC (I062/010) with
 * the track number, so two systems' track 7 are never one track.
 */
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ast_record.h"
#include "config.h"
#include "geo.h"
#include "pcap_file.h"
#include "score_run.h"
#include "score_svg.h"
#include "sky_command.h"
#include "tod.h"
#include "udp_frame.h"

#define FT_M 0.3048

static const char score_usage[] =
	"usage: skyfuse score --truth TRUTH.csv --tracks TRACKS.pcap [--json]\n"
	"                     [--plot FILE.svg] [--config FILE] [--port N] [--max-age S]\n\n"
	"Scores the CAT062 tracks of a capture against a scenario's ground truth at\n"
	"every whole second of the truth (each track's last update at or before the\n"
	"second, never past its TSE, extrapolated to it):\n"
	"  GOSPA (p=2, c=500 m, alpha=2) with its localisation, missed and false parts,\n"
	"  OSPA (p=2, c=500 m), and over the run completeness, ambiguity, spuriousness,\n"
	"  horizontal/vertical position and velocity RMS, track-ID changes per target\n"
	"  and the latency from first detection to a confirmed track, by target class.\n"
	"Only confirmed tracks are scored; tentative ones (CNF) count as detections.\n\n"
	"  --truth FILE     truth.csv (shared/interfaces.md)\n"
	"  --tracks FILE    pcap of CAT062 (Ethernet/IPv4/UDP), e.g. from replay -w\n"
	"  --config FILE    config with system.reference (default: config.yaml in the\n"
	"                   truth's directory)\n"
	"  --json           one JSON object instead of the table\n"
	"  --plot FILE      write an SVG of the tracks over the truth (system plane)\n"
	"  --port N         only UDP datagrams to port N (default: every port)\n"
	"  --max-age S      drop a track not updated for S seconds (default: never;\n"
	"                   a track lives until its TSE)\n\n"
	"Exit status: 0 scored, 1 a file could not be read, 2 usage error.\n";

struct score_opts {
	const char *truth, *tracks, *plot, *config;
	int json;
	int port;               /* -1: every port */
	double max_age;
};

/* The CAT062 reader's state and counts. */
struct c062_reader {
	struct sky_score_track_update *u;
	size_t n, cap;
	int oom;
	double ts_s;            /* capture time of the current frame */
	/*
	 * Dating reference for the CAT062 time of day: the truth's first
	 * second, then each dated update (midnight rollover follows the run).
	 * Capture timestamps are not used: net_pcap and most recorders stamp
	 * frames with the time they were written, not the time they describe.
	 */
	double date_ref;
	uint64_t frames, frames_rejected, port_filtered, datagrams;
	uint64_t records, other_cat, incomplete;
	struct sky_ast_decode_stats st;
};

static uint64_t rejected(const struct c062_reader *rd)
{
	uint64_t n = 0;
	for (unsigned i = 1; i < SKY_AST_REJ_COUNT; i++)
		n += rd->st.rejects[i];
	return n;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (!*s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct score_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->port = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		double d;
		if (strcmp(a, "--json") == 0) {
			o->json = 1;
			continue;
		}
		if (!v || a[0] != '-') {
			fprintf(stderr, "skyfuse score: %s '%s'\n",
				a[0] == '-' ? "unknown or incomplete option" : "unexpected argument", a);
			return -EINVAL;
		}
		i++;
		if (strcmp(a, "--truth") == 0) {
			o->truth = v;
		} else if (strcmp(a, "--tracks") == 0) {
			o->tracks = v;
		} else if (strcmp(a, "--plot") == 0) {
			o->plot = v;
		} else if (strcmp(a, "--config") == 0) {
			o->config = v;
		} else if (strcmp(a, "--port") == 0) {
			if (parse_double(v, 0, 65535, &d) || d != floor(d)) {
				fprintf(stderr, "skyfuse score: --port '%s': expected 0..65535\n", v);
				return -EINVAL;
			}
			o->port = (int)d;
		} else if (strcmp(a, "--max-age") == 0) {
			if (parse_double(v, 0, 1e6, &o->max_age)) {
				fprintf(stderr, "skyfuse score: --max-age '%s': expected seconds >= 0\n", v);
				return -EINVAL;
			}
		} else {
			fprintf(stderr, "skyfuse score: unknown option '%s'\n", a);
			return -EINVAL;
		}
	}
	if (!o->truth || !o->tracks) {
		fprintf(stderr, "skyfuse score: %s\n",
			!o->truth ? "--truth FILE is required" : "--tracks FILE is required");
		return -EINVAL;
	}
	return 0;
}

/* ---- CAT062 -> track updates ---- */

static int c062_altitude(const struct sky_cat062 *r, double *alt)
{
	if (r->present & SKY_CAT062_I130)
		*alt = r->geo_alt * 6.25 * FT_M;
	else if (r->present & SKY_CAT062_I135)
		*alt = r->baro_alt * 25.0 * FT_M;
	else if (r->present & SKY_CAT062_I136)
		*alt = r->fl * 25.0 * FT_M;
	else
		return 0;
	return 1;
}

static void c062_update(struct c062_reader *rd, const struct sky_cat062 *r)
{
	const uint32_t need = SKY_CAT062_I070 | SKY_CAT062_I040 | SKY_CAT062_I100;
	if ((r->present & need) != need) {
		rd->incomplete++;
		return;
	}
	if (rd->n == rd->cap) {
		size_t cap = rd->cap ? rd->cap * 2 : 65536;
		struct sky_score_track_update *nu = realloc(rd->u, cap * sizeof(*nu));
		if (!nu) {
			rd->oom = 1;
			return;
		}
		rd->u = nu;
		rd->cap = cap;
	}
	struct sky_score_track_update *u = &rd->u[rd->n++];
	int has_v = (r->present & SKY_CAT062_I185) != 0, has_ts = (r->present & SKY_CAT062_I080) != 0;
	uint32_t src = (r->present & SKY_CAT062_I010) ? (uint32_t)r->sac << 8 | r->sic : 0;
	*u = (struct sky_score_track_update){
		.t = sky_tod_to_unix(r->tod, rd->date_ref),
		.track = src << 16 | r->track_number,
		.x = r->x * 0.5, .y = r->y * 0.5,
		.vx = has_v ? r->vx * 0.25 : 0, .vy = has_v ? r->vy * 0.25 : 0,
		.confirmed = !(has_ts && (r->status & SKY_CAT062_TS_CNF)),
		.terminated = has_ts && (r->status & SKY_CAT062_TS_TSE),
	};
	u->has_alt = (uint8_t)c062_altitude(r, &u->alt);
	rd->date_ref = u->t;
}

static void on_record(void *ctx, const struct sky_ast_record *rec)
{
	struct c062_reader *rd = ctx;
	rd->records++;
	if (rec->cat != 62) {
		rd->other_cat++;
		return;
	}
	c062_update(rd, &rec->u.c062);
}

static int read_tracks(const struct score_opts *o, struct c062_reader *rd)
{
	char err[512];
	struct sky_pcap_reader *pr = sky_pcap_open_read(o->tracks, err, sizeof(err));
	if (!pr) {
		fprintf(stderr, "skyfuse score: %s\n", err);
		return -EINVAL;
	}
	if (sky_pcap_linktype(pr) != 1) {
		fprintf(stderr, "skyfuse score: %s: link type %d is not Ethernet\n", o->tracks,
			sky_pcap_linktype(pr));
		sky_pcap_close_read(pr);
		return -EINVAL;
	}
	struct sky_ast_decoder d = { .on_record = on_record, .ctx = rd, .stats = &rd->st };
	const uint8_t *frame;
	size_t len;
	uint64_t ts_ns;
	int rc;
	while (!rd->oom && (rc = sky_pcap_next(pr, &frame, &len, &ts_ns)) == 1) {
		struct sky_udp_view v;
		rd->frames++;
		if (sky_udp_frame_parse(frame, len, &v) != SKY_FRAME_OK) {
			rd->frames_rejected++;
			continue;
		}
		if (o->port >= 0 && v.dst_port != o->port) {
			rd->port_filtered++;
			continue;
		}
		rd->datagrams++;
		rd->ts_s = (double)ts_ns * 1e-9;
		sky_ast_decode_datagram(&d, v.payload, v.len);
	}
	if (rd->oom)
		fprintf(stderr, "skyfuse score: %s: out of memory after %zu track updates\n",
			o->tracks, rd->n);
	else if (rc < 0)
		fprintf(stderr, "skyfuse score: %s: read error after frame %llu: %s\n", o->tracks,
			(unsigned long long)rd->frames, sky_pcap_reader_error(pr));
	sky_pcap_close_read(pr);
	return rd->oom ? -ENOMEM : rc < 0 ? -EIO : 0;
}

/* ---- truth and reference ---- */

static int load_reference(const struct score_opts *o, struct sky_enu_frame *sys)
{
	char path[4096], err[512];
	if (o->config) {
		snprintf(path, sizeof(path), "%s", o->config);
	} else {
		char tmp[4096];
		snprintf(tmp, sizeof(tmp), "%s", o->truth);
		snprintf(path, sizeof(path), "%s/config.yaml", dirname(tmp));
	}
	struct sky_config cfg;
	int rc = sky_config_load(path, &cfg, err, sizeof(err));
	if (rc == -ENOENT && !o->config) {
		fprintf(stderr, "skyfuse score: no %s beside the truth: give the system "
				"reference with --config FILE\n", path);
		return rc;
	}
	if (rc) {
		fprintf(stderr, "skyfuse score: %s\n", err);
		return rc;
	}
	sky_enu_frame_init(sys, cfg.system.reference.lat, cfg.system.reference.lon,
			   cfg.system.reference.alt);
	sky_config_free(&cfg);
	return 0;
}

static int load_truth(const struct score_opts *o, const struct sky_enu_frame *sys,
		      struct sky_score_truth_set *ts)
{
	char err[512];
	struct sky_truth rows;
	int rc = sky_truth_csv_read(o->truth, &rows, err, sizeof(err));
	if (!rc)
		rc = sky_score_truth_prepare(&rows, o->truth, sys, ts, err, sizeof(err));
	sky_truth_free(&rows);
	if (rc)
		fprintf(stderr, "skyfuse score: %s\n", err);
	else if (ts->n == 0)
		fprintf(stderr, "skyfuse score: %s: no truth rows, nothing to score\n", o->truth);
	return rc ? rc : ts->n == 0 ? -EINVAL : 0;
}

/* ---- output ---- */

static void json_num(FILE *f, const char *key, double v, int last)
{
	if (isfinite(v))
		fprintf(f, "\"%s\":%.10g%s", key, v, last ? "" : ",");
	else
		fprintf(f, "\"%s\":null%s", key, last ? "" : ",");
}

static void json_figures(FILE *f, const char *key, const struct sky_score_figures *g, int last)
{
	fprintf(f, "\"%s\":{", key);
	json_num(f, "targets", (double)g->targets, 0);
	json_num(f, "targets_tracked", (double)g->targets_tracked, 0);
	json_num(f, "target_epochs", (double)g->target_epochs, 0);
	json_num(f, "completeness", g->completeness, 0);
	json_num(f, "ambiguity", g->ambiguity, 0);
	json_num(f, "pos_rms_h_m", g->pos_rms_h_m, 0);
	json_num(f, "pos_rms_v_m", g->pos_rms_v_m, 0);
	json_num(f, "vel_rms_mps", g->vel_rms_mps, 0);
	json_num(f, "id_changes", g->id_changes, 0);
	json_num(f, "id_changes_per_target", g->id_changes_per_target, 0);
	json_num(f, "confirm_latency_s", g->confirm_latency_s, 0);
	json_num(f, "track_latency_s", g->track_latency_s, 0);
	json_num(f, "gospa_loc2_mean_m2", g->gospa_loc2_mean, 0);
	json_num(f, "gospa_missed2_mean_m2", g->gospa_missed2_mean, 1);
	fprintf(f, "}%s", last ? "" : ",");
}

static void json_string(FILE *f, const char *key, const char *s)
{
	fprintf(f, "\"%s\":\"", key);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputs("\",", f);
}

static void print_json(const struct score_opts *o, const struct sky_score_truth_set *ts,
		       const struct c062_reader *rd, const struct sky_score_result *r)
{
	FILE *f = stdout;
	fputc('{', f);
	json_string(f, "truth", o->truth);
	json_string(f, "tracks", o->tracks);
	json_num(f, "cutoff_m", r->c, 0);
	json_num(f, "epochs", (double)r->epochs, 0);
	json_num(f, "truth_rows", (double)ts->n, 0);
	json_num(f, "targets", (double)ts->n_targets, 0);
	json_num(f, "track_updates", (double)rd->n, 0);
	json_num(f, "track_lifetimes", (double)r->lifetimes, 0);
	fputs("\"gospa\":{", f);
	json_num(f, "mean_m", r->gospa_mean, 0);
	json_num(f, "rms_m", r->gospa_rms, 0);
	json_num(f, "max_m", r->gospa_max, 0);
	json_num(f, "loc2_mean_m2", r->gospa_loc2_mean, 0);
	json_num(f, "missed2_mean_m2", r->gospa_missed2_mean, 0);
	json_num(f, "false2_mean_m2", r->gospa_false2_mean, 1);
	fputs("},", f);
	json_num(f, "ospa_mean_m", r->ospa_mean, 0);
	json_num(f, "spuriousness", r->spuriousness, 0);
	fputs("\"per_epoch_mean\":{", f);
	double ep = r->epochs ? (double)r->epochs : NAN;
	json_num(f, "confirmed_tracks", (double)r->track_epochs / ep, 0);
	json_num(f, "tentative_tracks", (double)r->tentative_epochs / ep, 0);
	json_num(f, "assigned", (double)r->assigned_epochs / ep, 0);
	json_num(f, "missed", (double)r->missed_epochs / ep, 0);
	json_num(f, "false", (double)r->false_epochs / ep, 0);
	json_num(f, "spurious", (double)r->spurious_epochs / ep, 1);
	fputs("},", f);
	json_figures(f, "all", &r->all, 0);
	fputs("\"classes\":{", f);
	int first = 1;
	for (unsigned c = 0; c < SKY_TARGET_CLASS_COUNT; c++) {
		if (!r->cls[c].targets)
			continue;
		if (!first)
			fputc(',', f);
		first = 0;
		json_figures(f, sky_target_class_name(c), &r->cls[c], 1);
	}
	fputs("},\"cat062\":{", f);
	json_num(f, "frames", (double)rd->frames, 0);
	json_num(f, "frames_rejected", (double)rd->frames_rejected, 0);
	json_num(f, "port_filtered", (double)rd->port_filtered, 0);
	json_num(f, "records", (double)rd->records, 0);
	json_num(f, "records_other_category", (double)rd->other_cat, 0);
	json_num(f, "records_incomplete", (double)rd->incomplete, 0);
	json_num(f, "records_rejected", (double)rejected(rd), 0);
	json_num(f, "updates", (double)rd->n, 1);
	fputs("}}\n", f);
}

/* A number in a table column, or "-" when undefined. */
static const char *cell(char *buf, size_t n, int width, int places, double v)
{
	if (isfinite(v))
		snprintf(buf, n, "%*.*f", width, places, v);
	else
		snprintf(buf, n, "%*s", width, "-");
	return buf;
}

static void table_row(const char *name, const struct sky_score_figures *g)
{
	char b[9][32];
	printf("%-15s %7llu %7llu %s %s %s %s %s %7llu %s %s %s\n", name,
	       (unsigned long long)g->targets, (unsigned long long)g->targets_tracked,
	       cell(b[0], 32, 6, 3, g->completeness), cell(b[1], 32, 6, 3, g->ambiguity),
	       cell(b[2], 32, 8, 1, g->pos_rms_h_m), cell(b[3], 32, 8, 1, g->pos_rms_v_m),
	       cell(b[4], 32, 8, 2, g->vel_rms_mps), (unsigned long long)g->id_changes,
	       cell(b[5], 32, 7, 3, g->id_changes_per_target),
	       cell(b[6], 32, 8, 1, g->confirm_latency_s), cell(b[7], 32, 8, 1, g->track_latency_s));
}

static void print_table(const struct score_opts *o, const struct sky_score_truth_set *ts,
			const struct c062_reader *rd, const struct sky_score_result *r)
{
	printf("skyfuse score: %s (%u targets, %llu epochs) vs %s (%zu CAT062 updates, "
	       "%u tracks)\n", o->truth, ts->n_targets, (unsigned long long)r->epochs, o->tracks,
	       rd->n, r->lifetimes);
	if (rd->incomplete || rd->other_cat || rejected(rd))
		printf("  skipped: %llu CAT062 records without time/track number/position, "
		       "%llu records of other categories, %llu records the decoder rejected\n",
		       (unsigned long long)rd->incomplete, (unsigned long long)rd->other_cat,
		       (unsigned long long)rejected(rd));
	printf("\nGOSPA (p=2, c=%.0f m, alpha=2): mean %.1f m, rms %.1f m, max %.1f m\n", r->c,
	       r->gospa_mean, r->gospa_rms, r->gospa_max);
	printf("  per epoch, GOSPA^2 = localisation %.4g + missed %.4g + false %.4g m^2\n",
	       r->gospa_loc2_mean, r->gospa_missed2_mean, r->gospa_false2_mean);
	double ep = r->epochs ? (double)r->epochs : NAN;
	printf("  per epoch: %.1f confirmed tracks (%.1f tentative), %.1f assigned, "
	       "%.1f missed, %.1f false\n", (double)r->track_epochs / ep,
	       (double)r->tentative_epochs / ep, (double)r->assigned_epochs / ep,
	       (double)r->missed_epochs / ep, (double)r->false_epochs / ep);
	printf("OSPA  (p=2, c=%.0f m): mean %.1f m\n", r->c, r->ospa_mean);
	printf("spuriousness %.4f (confirmed tracks within %.0f m of no target)\n\n",
	       r->spuriousness, r->c);
	printf("%-15s %7s %7s %6s %6s %8s %8s %8s %7s %7s %8s %8s\n", "class", "targets",
	       "tracked", "compl", "ambig", "pos_h_m", "pos_v_m", "vel_mps", "id_chg", "per_tgt",
	       "confirm", "first");
	for (unsigned c = 0; c < SKY_TARGET_CLASS_COUNT; c++)
		if (r->cls[c].targets)
			table_row(sky_target_class_name(c), &r->cls[c]);
	table_row("all", &r->all);
	printf("\ncompl: target-seconds with a confirmed track; ambig: tracks per tracked target;\n"
	       "confirm: s from first detection (any track within c) to a confirmed track;\n"
	       "first: s from the target's first truth second to a confirmed track.\n");
}

static int write_plot(const struct score_opts *o, const struct sky_score_truth_set *ts,
		      const struct c062_reader *rd)
{
	char title[512], err[512];
	snprintf(title, sizeof(title), "skyfuse score: %s vs %s", o->truth, o->tracks);
	int rc = sky_score_svg_write(o->plot, title, ts, rd->u, rd->n, err, sizeof(err));
	if (rc)
		fprintf(stderr, "skyfuse score: %s\n", err);
	return rc;
}

static int score_main(int argc, char **argv)
{
	struct score_opts o;
	if (parse_args(argc, argv, &o) < 0) {
		fputs(score_usage, stderr);
		return 2;
	}
	struct sky_enu_frame sys;
	struct sky_score_truth_set ts = { 0 };
	struct c062_reader rd = { 0 };
	struct sky_score_result res;
	struct sky_score_params p = { .c = SKY_SCORE_CUTOFF_M, .max_age_s = o.max_age };
	int rc = load_reference(&o, &sys);
	if (!rc)
		rc = load_truth(&o, &sys, &ts);
	if (!rc) {
		rd.date_ref = (double)ts.t[0];
		for (size_t i = 1; i < ts.n; i++)
			rd.date_ref = fmin(rd.date_ref, (double)ts.t[i]);
		rc = read_tracks(&o, &rd);
	}
	if (!rc && rd.n == 0)
		fprintf(stderr, "skyfuse score: %s: no usable CAT062 track updates (%llu records, "
				"%llu rejected by the decoder); every target counts as missed\n",
			o.tracks, (unsigned long long)rd.records, (unsigned long long)rejected(&rd));
	if (!rc && (rc = sky_score_run(&ts, rd.u, rd.n, &p, NULL, NULL, &res)))
		fprintf(stderr, "skyfuse score: out of memory while scoring\n");
	if (!rc) {
		if (o.json)
			print_json(&o, &ts, &rd, &res);
		else
			print_table(&o, &ts, &rd, &res);
		fflush(stdout);
	}
	if (!rc && o.plot)
		rc = write_plot(&o, &ts, &rd);
	sky_score_truth_set_free(&ts);
	free(rd.u);
	return rc ? 1 : 0;
}

static const struct sky_command score_command = {
	.name = "score",
	.summary = "score CAT062 tracks against a scenario's truth (GOSPA, OSPA, SIAP)",
	.usage = score_usage,
	.run = score_main,
};
SKY_COMMAND_REGISTER(score_command)
