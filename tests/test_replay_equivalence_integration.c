/*
 * test_replay_equivalence_integration.c - the pipeline publishes what the
 * library computes: a simulated capture (`skyfuse sim`, the demo scenario)
 * replayed through the real EAL and net_pcap (`skyfuse replay`, in a child
 * process with its own EAL file prefix, under a time limit) gives CAT062
 * records byte-identical, in the same order, to the offline reference
 * (stages/fuse_offline.h) fed the same capture.
 *
 * Same order, not just the same set: with one instance per stage the plots
 * reach the fuse engine in capture order, and the engine's output depends
 * only on that order (release and coasting run on measurement time, never
 * on how plots were batched or when a stage polled), so every record is
 * compared in sequence. Only the cut into datagrams may differ: publish
 * sends what it holds at the end of each burst. The replays also run with
 * bursts of 1 and a 2-item ring to perturb the batching, and on a capture
 * with malformed datagrams and an unconfigured sensor mixed in; each
 * asserts from --stats-json that the counters reconcile and that decode,
 * fuse and publish counted what the reference counted. `skyfuse track`,
 * the reference as a command, must write the same records too.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuse_offline.h"
#include "pcap_file.h"
#include "testlib.h"
#include "udp_frame.h"

#define SKYFUSE SKY_BUILD_DIR "/skyfuse"
#define SCENARIO SKY_SOURCE_DIR "/configs/scenarios/demo.yaml"

static unsigned eal_seq;

/* ---- child processes ----------------------------------------------------- */

static int run_child(const char *const *argv, const char *out, const char *err, double limit)
{
	pid_t pid = sky_test_spawn(argv, out, err);
	cr_assert_geq(pid, 0, "fork failed");
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 > limit) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(20000);
	}
}


struct scratch {
	char dir[256], in[300], cfg[300], out[256], json[256], so[256], se[256];
};

static void scratch_init(struct scratch *s)
{
	sky_test_tmp_path(s->dir, sizeof(s->dir), "-scenario");
	snprintf(s->in, sizeof(s->in), "%s/input.pcap", s->dir);
	snprintf(s->cfg, sizeof(s->cfg), "%s/config.yaml", s->dir);
	sky_test_tmp_path(s->out, sizeof(s->out), "-tracks.pcap");
	sky_test_tmp_path(s->json, sizeof(s->json), ".json");
	sky_test_tmp_path(s->so, sizeof(s->so), ".stdout");
	sky_test_tmp_path(s->se, sizeof(s->se), ".stderr");
}

static void scratch_free(struct scratch *s)
{
	char p[400];
	const char *files[] = {"input.pcap", "config.yaml", "truth.csv", "mixed.pcap"};
	for (unsigned i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", s->dir, files[i]);
		unlink(p);
	}
	rmdir(s->dir);
	unlink(s->out), unlink(s->json), unlink(s->so), unlink(s->se);
}

static void simulate(struct scratch *s, const char *seed)
{
	struct stat st;
	if (stat(SKYFUSE, &st) != 0)
		cr_skip_test("%s not built", SKYFUSE);
	const char *argv[] = {SKYFUSE, "sim", SCENARIO, "-o", s->dir, "--seed", seed, NULL};
	int rc = run_child(argv, s->so, s->se, 60);
	char *err = sky_test_slurp(s->se);
	cr_assert_eq(rc, 0, "skyfuse sim failed (%d): %s", rc, err);
	free(err);
}

/* `skyfuse replay` of capture with the scenario's config and the extra
   options (NULL-terminated, may be NULL); the stats JSON. */
static char *replay(struct scratch *s, const char *capture, const char *const *extra)
{
	char prefix[96];
	snprintf(prefix, sizeof(prefix), "--file-prefix=sky-eqv-%d-%u", (int)getpid(), eal_seq++);
	const char *argv[24] = {SKYFUSE, "replay", "-c", s->cfg, "-r", capture, "-w", s->out,
				"--stats-json", s->json, "--quiet", "--eal", prefix};
	unsigned n = 13;
	for (unsigned i = 0; extra && extra[i] && n < 23; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	int rc = run_child(argv, s->so, s->se, 120);
	char *err = sky_test_slurp(s->se);
	cr_assert_neq(rc, -1, "skyfuse replay did not finish in time (deadlock?): %s", err);
	cr_assert_eq(rc, 0, "skyfuse replay exited %d: %s", rc, err);
	free(err);
	char *json = sky_test_slurp(s->json);
	cr_assert_not_null(json, "no stats json");
	cr_assert_not_null(strstr(json, "\"reconcile\":{\"ok\":true"), "reconcile failed: %s", json);
	cr_assert_not_null(strstr(json, "\"stopped_by\":\"end\""));
	return json;
}

/* `"key":N` in the section ("runtime" or "counters") of a stage. */
static long long stage_value(const char *json, const char *stage, const char *section,
			     const char *key)
{
	char pat[96];
	snprintf(pat, sizeof(pat), "{\"stage\":\"%s\"", stage);
	const char *s = strstr(json, pat);
	cr_assert_not_null(s, "no stage %s in the stats", stage);
	snprintf(pat, sizeof(pat), "\"%s\":{", section);
	s = strstr(s, pat);
	cr_assert_not_null(s);
	const char *end = strchr(s, '}');
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	const char *k = strstr(s, pat);
	cr_assert(k && k < end, "no %s.%s.%s in the stats", stage, section, key);
	return atoll(k + strlen(pat));
}

/* ---- CAT062 record streams ----------------------------------------------- */

struct stream {
	size_t n, len, cap;        /* records, bytes */
	uint8_t *b;
	size_t *end;               /* end offset of each record */
	size_t end_cap;
	unsigned dgrams;
};

static void stream_add(struct stream *st, const uint8_t *rec, size_t n)
{
	if (st->len + n > st->cap) {
		st->cap = (st->len + n) * 2 + 4096;
		st->b = realloc(st->b, st->cap);
	}
	if (st->n == st->end_cap) {
		st->end_cap = st->end_cap * 2 + 256;
		st->end = realloc(st->end, st->end_cap * sizeof(*st->end));
	}
	memcpy(st->b + st->len, rec, n);
	st->len += n;
	st->end[st->n++] = st->len;
}

/* Every record of every CAT062 block of a datagram, delimited by the codec. */
static void on_cat062(void *ctx, const uint8_t *dg, size_t len)
{
	struct stream *st = ctx;
	struct sky_ast_block b;
	struct sky_ast_error e;
	size_t pos = 0;
	int rc;
	st->dgrams++;
	while ((rc = sky_ast_next_block(dg, len, &pos, &b, &e)) == 1) {
		cr_assert_eq(b.cat, 62);
		for (size_t off = 0; off < b.len;) {
			struct sky_cat062 c;
			e.reason = SKY_AST_OK;
			size_t n = sky_cat062_decode(b.data + off, b.len - off, 0, &c, &e);
			cr_assert(n > 0 && e.reason == SKY_AST_OK, "CAT062 record %zu", st->n);
			stream_add(st, b.data + off, n);
			off += n;
		}
	}
	cr_assert_eq(rc, 0, "CAT062 datagram %u: bad block", st->dgrams);
}

static void read_tracks(const char *path, uint16_t port, struct stream *st)
{
	char err[256];
	struct sky_pcap_reader *r = sky_pcap_open_read(path, err, sizeof(err));
	cr_assert_not_null(r, "%s", err);
	const uint8_t *f;
	size_t len;
	uint64_t ts;
	while (sky_pcap_next(r, &f, &len, &ts) == 1) {
		struct sky_udp_view v;
		cr_assert_eq(sky_udp_frame_parse(f, len, &v), SKY_FRAME_OK);
		cr_assert_eq(v.dst_port, port);
		cr_assert_leq(v.len, SKY_CAT062_DGRAM_MAX);
		on_cat062(st, v.payload, v.len);
	}
	sky_pcap_close_read(r);
}

struct reference {
	struct stream st;
	uint64_t plots, records, unknown, rejected, service;
	struct sky_air_summary air;
};

static void offline(const char *cfg_path, const char *capture, struct reference *ref,
		    struct sky_config *cfg)
{
	char err[512];
	cr_assert_eq(sky_config_load(cfg_path, cfg, err, sizeof(err)), 0, "%s", err);
	struct sky_fuse_offline *o = sky_fuse_offline_create(cfg, NULL, on_cat062, &ref->st,
							     err, sizeof(err));
	cr_assert_not_null(o, "%s", err);
	cr_assert_eq(sky_fuse_offline_pcap(o, capture, err, sizeof(err)), 0, "%s", err);
	sky_fuse_offline_finish(o);
	const uint64_t *pd = sky_plot_decoder_counters(sky_fuse_offline_decoder(o));
	ref->plots = pd[SKY_PD_PLOTS];
	ref->records = pd[SKY_PD_RECORDS];
	ref->unknown = pd[SKY_PD_UNKNOWN_SENSOR];
	ref->rejected = pd[SKY_PD_REJECTED];
	ref->service = pd[SKY_PD_SERVICE];
	sky_air_picture_summary(sky_fuse_offline_picture(o), &ref->air);
	cr_assert_eq(sky_fuse_offline_frames(o)->cat062_records, ref->st.n);
	sky_fuse_offline_destroy(o);
}

static void assert_same_records(const struct stream *want, const struct stream *got)
{
	cr_assert_eq(got->n, want->n, "the pipeline published %zu records, the reference %zu",
		     got->n, want->n);
	for (size_t i = 0; i < want->n; i++) {
		size_t a = i ? want->end[i - 1] : 0, b = i ? got->end[i - 1] : 0;
		cr_assert_eq(got->end[i] - b, want->end[i] - a, "record %zu: length differs", i);
		cr_assert_arr_eq(got->b + b, want->b + a, want->end[i] - a,
				 "record %zu differs from the reference", i);
	}
}

static void stream_free(struct stream *st)
{
	free(st->b);
	free(st->end);
}

/* The stage counters agree with the reference's. */
static void assert_counts(const char *json, const struct reference *ref)
{
	cr_assert_eq(stage_value(json, "decode", "counters", "plots"), (long long)ref->plots);
	cr_assert_eq(stage_value(json, "decode", "counters", "records"), (long long)ref->records);
	cr_assert_eq(stage_value(json, "decode", "counters", "unknown_sensor"),
		     (long long)ref->unknown);
	cr_assert_eq(stage_value(json, "decode", "counters", "rejected"), (long long)ref->rejected);
	cr_assert_eq(stage_value(json, "decode", "counters", "service"), (long long)ref->service);
	cr_assert_eq(stage_value(json, "fuse", "counters", "plots_in"), (long long)ref->plots);
	cr_assert_eq(stage_value(json, "fuse", "counters", "updates_lost"), 0);
	cr_assert_eq(stage_value(json, "fuse", "counters", "tracks_confirmed"),
		     (long long)ref->air.confirmed);
	cr_assert_eq(stage_value(json, "fuse", "counters", "tracks_ended"),
		     (long long)ref->air.ended);
	cr_assert_eq(stage_value(json, "publish", "counters", "records"), (long long)ref->st.n);
	cr_assert_eq(stage_value(json, "publish", "counters", "no_mbuf"), 0);
	cr_assert_eq(stage_value(json, "decode", "counters", "plots_lost"), 0);
}

static void equivalence(const char *seed, const char *const *extra)
{
	struct scratch s;
	scratch_init(&s);
	simulate(&s, seed);
	struct reference ref = {0};
	struct sky_config cfg;
	offline(s.cfg, s.in, &ref, &cfg);
	cr_assert_gt(ref.st.n, 500, "the demo makes an air picture");
	cr_assert_gt(ref.air.confirmed, 20);
	char *json = replay(&s, s.in, extra);
	struct stream got = {0};
	read_tracks(s.out, cfg.output.cat062_udp_port, &got);
	assert_same_records(&ref.st, &got);
	/* `skyfuse track` is the reference as a command */
	const char *argv[] = {SKYFUSE, "track", "-c", s.cfg, "-r", s.in, "-w", s.out, NULL};
	cr_assert_eq(run_child(argv, s.so, s.se, 60), 0);
	struct stream cmd = {0};
	read_tracks(s.out, cfg.output.cat062_udp_port, &cmd);
	assert_same_records(&ref.st, &cmd);
	stream_free(&cmd);
	assert_counts(json, &ref);
	cr_assert_eq(stage_value(json, "rx", "counters", "datagrams"),
		     stage_value(json, "decode", "counters", "datagrams"));
	free(json);
	stream_free(&got), stream_free(&ref.st);
	sky_config_free(&cfg);
	scratch_free(&s);
}

Test(replay_equivalence, replay_publishes_the_same_cat062_records_as_the_library, .timeout = 240)
{
	equivalence("1", NULL);
}

Test(replay_equivalence, bursts_of_one_and_a_tiny_ring_change_nothing_published, .timeout = 240)
{
	const char *const extra[] = {"--burst", "1", "--ring-size", "2", NULL};
	equivalence("2", extra);
}

/* The simulated capture with, every 40 frames, a datagram of junk, one of
   an unconfigured radar (0/99) and one truncated copy of the frame. */
static void mix_in_malformed(const char *in, const char *out)
{
	char err[256];
	struct sky_pcap_reader *r = sky_pcap_open_read(in, err, sizeof(err));
	cr_assert_not_null(r, "%s", err);
	struct sky_pcap_writer *w = sky_pcap_open_write(out, err, sizeof(err));
	cr_assert_not_null(w, "%s", err);
	const uint8_t *f;
	size_t len;
	uint64_t ts, seed = 17;
	unsigned i = 0;
	while (sky_pcap_next(r, &f, &len, &ts) == 1) {
		cr_assert_eq(sky_pcap_write(w, f, len, ts), 0);
		struct sky_udp_view v;
		if (i++ % 40 || sky_udp_frame_parse(f, len, &v) != SKY_FRAME_OK || v.len < 16)
			continue;
		struct sky_udp_endpoints ep = {.src_ip = v.src_ip, .dst_ip = v.dst_ip,
					       .src_port = v.src_port, .dst_port = v.dst_port};
		uint8_t junk[64];
		for (unsigned k = 0; k < sizeof(junk); k++)
			junk[k] = (uint8_t)sky_test_rand(&seed);
		junk[0] = 48;
		cr_assert_eq(sky_pcap_write_udp(w, &ep, junk, sizeof(junk), ts + 1), 0);
		uint8_t copy[2048];
		memcpy(copy, v.payload, v.len);
		if (copy[0] == 48 && copy[3] & 0x80) {   /* FRN 1 present: SAC/SIC next */
			size_t fs = 3;
			while (copy[fs] & 1)
				fs++;
			copy[fs + 2] = 99;
			cr_assert_eq(sky_pcap_write_udp(w, &ep, copy, v.len, ts + 2), 0);
		}
		sky_wr16(copy + 1, (uint32_t)v.len - 5);
		cr_assert_eq(sky_pcap_write_udp(w, &ep, copy, v.len - 5, ts + 3), 0);
	}
	sky_pcap_close_read(r);
	cr_assert_eq(sky_pcap_close_write(w), 0);
}

Test(replay_equivalence, malformed_and_unknown_sensor_datagrams_are_counted_alike, .timeout = 240)
{
	struct scratch s;
	scratch_init(&s);
	simulate(&s, "3");
	char mixed[400];
	snprintf(mixed, sizeof(mixed), "%s/mixed.pcap", s.dir);
	mix_in_malformed(s.in, mixed);
	struct reference ref = {0};
	struct sky_config cfg;
	offline(s.cfg, mixed, &ref, &cfg);
	cr_assert_gt(ref.rejected, 0);
	cr_assert_gt(ref.unknown, 0);
	char *json = replay(&s, mixed, NULL);
	struct stream got = {0};
	read_tracks(s.out, cfg.output.cat062_udp_port, &got);
	assert_same_records(&ref.st, &got);
	assert_counts(json, &ref);
	free(json);
	stream_free(&got), stream_free(&ref.st);
	sky_config_free(&cfg);
	scratch_free(&s);
}
