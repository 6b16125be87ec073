/*
 * test_memif_live_integration.c - `skyfuse run` live, fed by another
 * process: two processes over net_memif (shared memory, the same DPDK path
 * as a NIC), in both roles, and a kernel UDP socket fed datagram by datagram.
 *
 * Process A is `skyfuse run -c CFG` whose config names its input device
 * (input.device: "net_memif0,role=server,socket=DIR/memif.sock,...") and an
 * output device (a net_pcap file, so nothing ever blocks A's output).
 * Process B is `skyfuse bench tx`, which sends the frames of a capture this
 * test writes (CAT048 plots of the configured radar) out of the peer end of
 * the memif, retrying when the ring is full and lingering after the last
 * frame so that A can read everything. A runs with `--on-full wait`, so
 * back-pressure reaches B through the memif ring and nothing may be lost
 * anywhere. After B is done, A gets SIGINT, drains, and its --stats-json
 * must say: every frame B sent was received and every record decoded, and
 * the counters reconcile. The socket path lives in a fresh mkdtemp
 * directory; each EAL gets its own file prefix; every child runs under a
 * time limit (a hang is a failure, not a stuck test).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ast_block.h"
#include "cat048.h"
#include "pcap_file.h"
#include "testlib.h"
#include "udp_frame.h"

#define SKYFUSE SKY_BUILD_DIR "/skyfuse"
#define PLOTS_PER_DGRAM 8

struct live {
	char dir[128], sock[192], cfg[192], cap[192], out[192], json[192];
	char a_out[192], a_err[192], b_out[192], b_err[192];
	char a_prefix[96], b_prefix[96], a_dev[512], b_dev[512];
};

static unsigned seq;

/* ---- child processes --------------------------------------------------- */

static pid_t spawn(const char *const *argv, const char *out, const char *err)
{
	pid_t pid = sky_test_spawn(argv, out, err);
	cr_assert_geq(pid, 0, "fork failed");
	return pid;
}

/* Output files read for messages: an unreadable one reads as empty. */
static char *slurp_or_empty(const char *path)
{
	char *s = sky_test_slurp(path);
	return s ? s : strdup("");
}

static double mono(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}


/* True once path exists; false when pid ended first or time ran out. */
static bool wait_for_file(const char *path, pid_t pid, double seconds)
{
	struct stat st;
	for (double t0 = mono(); mono() - t0 < seconds; usleep(20000)) {
		if (stat(path, &st) == 0)
			return true;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return false;
	}
	return false;
}


/* ---- the capture: CAT048 plots of radar 0/11 ---------------------------- */

static size_t plot_block(uint8_t *buf, size_t cap, uint64_t *seed, uint32_t tod)
{
	struct sky_ast_writer w;
	sky_ast_writer_init(&w, buf, cap);
	cr_assert_eq(sky_ast_block_open(&w, 48), 0);
	for (unsigned k = 0; k < PLOTS_PER_DGRAM; k++) {
		struct sky_cat048 p;
		memset(&p, 0, sizeof(p));
		p.present = SKY_CAT048_I010 | SKY_CAT048_I140 | SKY_CAT048_I020 | SKY_CAT048_I040 |
			    SKY_CAT048_I070 | SKY_CAT048_I090;
		p.sac = 0, p.sic = 11;
		p.tod = tod;
		p.trd_len = 1;
		p.trd[0] = 5u << 5; /* Mode S roll-call */
		p.rho = (uint16_t)(2560 + sky_test_rand_below(seed, 40000));
		p.theta = (uint16_t)sky_test_rand(seed);
		p.mode3a = (uint16_t)sky_test_rand_below(seed, 4096);
		p.fl = (int16_t)(400 + sky_test_rand_below(seed, 1200));
		size_t room;
		uint8_t *at = sky_ast_record_space(&w, &room);
		size_t n = sky_cat048_encode(&p, at, room);
		cr_assert_gt(n, 0);
		sky_ast_record_commit(&w, n);
	}
	int len = sky_ast_block_close(&w);
	cr_assert_gt(len, 0);
	return (size_t)len;
}

/* n datagrams, step_ms apart, dated 2024-06-01 12:00:00 UTC on. */
static void write_capture(const char *path, unsigned n, unsigned step_ms)
{
	char err[256];
	struct sky_pcap_writer *w = sky_pcap_open_write(path, err, sizeof(err));
	cr_assert_not_null(w, "%s", err);
	struct sky_udp_endpoints ep = {
		.src_mac = {2, 0, 0, 0, 0, 1}, .dst_mac = {2, 0, 0, 0, 0, 2},
		.src_ip = 0x0a000001, .dst_ip = 0x0a000002, .src_port = 40000, .dst_port = 8600,
	};
	uint64_t seed = 7, t0 = 1717243200ull * 1000000000ull;
	for (unsigned i = 0; i < n; i++) {
		uint8_t buf[1024];
		uint64_t ms = (uint64_t)i * step_ms;
		uint32_t tod = (uint32_t)((12u * 3600u * 1000u + ms) * 128u / 1000u);
		size_t len = plot_block(buf, sizeof(buf), &seed, tod);
		cr_assert_eq(sky_pcap_write_udp(w, &ep, buf, len, t0 + ms * 1000000ull), 0);
	}
	cr_assert_eq(sky_pcap_close_write(w), 0);
}

/* ---- stats JSON ---------------------------------------------------------- */

/* `"key":N` in a section ("runtime", "counters") of a stage; -1 if absent. */
static long long stage_value(const char *json, const char *stage, const char *section,
			     const char *key)
{
	char pat[96];
	snprintf(pat, sizeof(pat), "{\"stage\":\"%s\"", stage);
	const char *s = strstr(json, pat);
	cr_assert_not_null(s, "no stage %s in the stats: %s", stage, json);
	snprintf(pat, sizeof(pat), "\"%s\":{", section);
	s = strstr(s, pat);
	cr_assert_not_null(s);
	const char *end = strchr(s, '}');
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	const char *k = strstr(s, pat);
	return k && k < end ? atoll(k + strlen(pat)) : -1;
}

static long long sent_by_b(const char *out)
{
	const char *r = strstr(out, "result: sent ");
	cr_assert_not_null(r, "no result line from skyfuse bench tx: %s", out);
	return atoll(r + strlen("result: sent "));
}

/* A received, decoded and accounted for every datagram B sent. */
static void assert_all_decoded(const char *json, long long sent, const char *driver)
{
	cr_assert_not_null(strstr(json, "\"reconcile\":{\"ok\":true"), "reconcile failed: %s", json);
	cr_assert_not_null(strstr(json, "\"stopped_by\":\"signal\""), "%s", json);
	cr_assert_not_null(strstr(json, driver), "input not through %s: %s", driver, json);
	cr_assert_eq(stage_value(json, "rx", "counters", "datagrams"), sent, "%s", json);
	cr_assert_eq(stage_value(json, "rx", "runtime", "dropped"), 0, "%s", json);
	cr_assert_eq(stage_value(json, "decode", "runtime", "in"), sent, "%s", json);
	cr_assert_eq(stage_value(json, "decode", "counters", "records"), sent * PLOTS_PER_DGRAM,
		     "%s", json);
	long long plots = stage_value(json, "decode", "counters", "plots");
	if (plots >= 0) /* the plot-producing decode stage */
		cr_assert_eq(plots, sent * PLOTS_PER_DGRAM, "%s", json);
}

/* ---- setting up ------------------------------------------------------- */

static void check_binary(void)
{
	struct stat st;
	if (stat(SKYFUSE, &st) != 0)
		cr_skip_test("%s not built", SKYFUSE);
}

static void live_prepare(struct live *l)
{
	memset(l, 0, sizeof(*l));
	snprintf(l->dir, sizeof(l->dir), "/tmp/sky-memif-XXXXXX"); /* short: a socket path */
	cr_assert_not_null(mkdtemp(l->dir), "%s", strerror(errno));
	snprintf(l->sock, sizeof(l->sock), "%s/memif.sock", l->dir);
	snprintf(l->cfg, sizeof(l->cfg), "%s/a.yaml", l->dir);
	snprintf(l->cap, sizeof(l->cap), "%s/in.pcap", l->dir);
	snprintf(l->out, sizeof(l->out), "%s/out.pcap", l->dir);
	snprintf(l->json, sizeof(l->json), "%s/a.json", l->dir);
	snprintf(l->a_out, sizeof(l->a_out), "%s/a.stdout", l->dir);
	snprintf(l->a_err, sizeof(l->a_err), "%s/a.stderr", l->dir);
	snprintf(l->b_out, sizeof(l->b_out), "%s/b.stdout", l->dir);
	snprintf(l->b_err, sizeof(l->b_err), "%s/b.stderr", l->dir);
	snprintf(l->a_prefix, sizeof(l->a_prefix), "--file-prefix=sky-memif-%d-%ua",
		 (int)getpid(), seq);
	snprintf(l->b_prefix, sizeof(l->b_prefix), "--file-prefix=sky-memif-%d-%ub",
		 (int)getpid(), seq++);
}

/* A's config: the radar of the capture, then the input/output sections. */
static void write_config(const struct live *l, const char *io)
{
	FILE *f = fopen(l->cfg, "w");
	cr_assert_not_null(f);
	fprintf(f, "system: {sac: 0, sic: 1, reference: {lat: 52.1, lon: 5.18, alt: 0.0}}\n"
		   "sensors:\n"
		   "  - name: radar-1\n"
		   "    kind: radar\n"
		   "    sac: 0\n"
		   "    sic: 11\n"
		   "    position: {lat: 52.3, lon: 4.9, alt: 30.0}\n"
		   "    scan_period_s: 4.0\n"
		   "    sigma: {range_m: 60.0, azimuth_deg: 0.07, height_m: 0.0}\n"
		   "%s", io);
	fclose(f);
}

/* A memif config: A's end in role a_role, B's in the other; A's output
   into a capture, so that it never waits. */
static void memif_setup(struct live *l, const char *a_role)
{
	char io[1024];
	const char *b_role = strcmp(a_role, "server") == 0 ? "client" : "server";
	snprintf(l->a_dev, sizeof(l->a_dev), "net_memif0,role=%s,socket=%s,socket-abstract=no",
		 a_role, l->sock);
	snprintf(l->b_dev, sizeof(l->b_dev), "net_memif0,role=%s,socket=%s,socket-abstract=no",
		 b_role, l->sock);
	snprintf(io, sizeof(io), "input: {udp_port: 8600, device: \"%s\"}\n"
		 "output: {cat062_udp_port: 8601, device: \"net_pcap1,tx_pcap=%s\"}\n", l->a_dev,
		 l->out);
	write_config(l, io);
}

/* True once something listens on UDP port (/proc/net/udp, hex port). */
static bool udp_port_bound(uint16_t port)
{
	char pat[16], line[512];
	bool found = false;
	snprintf(pat, sizeof(pat), ":%04X ", port);
	FILE *f = fopen("/proc/net/udp", "r");
	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, pat) != NULL && strstr(line, pat) < line + 40;
	if (f)
		fclose(f);
	return found;
}

static void live_cleanup(struct live *l)
{
	const char *files[] = {l->sock, l->cfg, l->cap, l->out, l->json,
			       l->a_out, l->a_err, l->b_out, l->b_err};
	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(files[i]);
	rmdir(l->dir);
}

static pid_t start_a(struct live *l)
{
	const char *argv[] = {SKYFUSE, "run", "-c", l->cfg, "--stats-json", l->json, "--quiet",
			      "--on-full", "wait", "--eal", l->a_prefix, NULL};
	return spawn(argv, l->a_out, l->a_err);
}

static pid_t start_b(struct live *l, const char *speed)
{
	const char *argv[] = {SKYFUSE, "bench", "tx", "--pcap", l->cap, "--device", l->b_dev,
			      "--speed", speed, "--linger", "3", "--wait-link", "30",
			      "--eal", l->b_prefix, NULL};
	return spawn(argv, l->b_out, l->b_err);
}

/* B ran to its end and sent the whole capture; returns what it sent. */
static long long finish_b(struct live *l, pid_t b, unsigned n)
{
	int st = sky_test_wait_limit(b, 90);
	char *out = slurp_or_empty(l->b_out), *err = slurp_or_empty(l->b_err);
	char *aerr = slurp_or_empty(l->a_err);
	cr_assert_eq(st, 0, "skyfuse bench tx exited %d: %s%s\nA: %s", st, out, err, aerr);
	long long sent = sent_by_b(out);
	cr_assert_eq(sent, n, "B sent %lld of %u: %s", sent, n, out);
	free(out), free(err), free(aerr);
	return sent;
}

/* SIGINT to A; its stats once it drained. */
static char *finish_a(struct live *l, pid_t a)
{
	kill(a, SIGINT);
	int st = sky_test_wait_limit(a, 60);
	char *err = slurp_or_empty(l->a_err);
	cr_assert_eq(st, 0, "skyfuse run exited %d: %s", st, err);
	free(err);
	char *json = slurp_or_empty(l->json);
	cr_assert(json[0], "no stats json from skyfuse run");
	return json;
}

/* ---- scenarios --------------------------------------------------------- */

Test(memif, run_as_memif_server_decodes_everything_a_client_process_sends, .timeout = 180)
{
	check_binary();
	struct live l;
	unsigned n = 3000;
	live_prepare(&l);
	memif_setup(&l, "server");
	write_capture(l.cap, n, 1);

	pid_t a = start_a(&l);
	bool up = wait_for_file(l.sock, a, 60);
	char *aerr = slurp_or_empty(l.a_err);
	cr_assert(up, "skyfuse run made no memif socket %s: %s", l.sock, aerr);
	free(aerr);
	long long sent = finish_b(&l, start_b(&l, "max"), n);
	char *json = finish_a(&l, a);
	assert_all_decoded(json, sent, "\"name\":\"net_memif0\"");
	free(json);
	live_cleanup(&l);
}

Test(memif, run_as_memif_client_decodes_everything_a_paced_server_process_sends,
     .timeout = 180)
{
	check_binary();
	struct live l;
	unsigned n = 1500;
	live_prepare(&l);
	memif_setup(&l, "client");
	write_capture(l.cap, n, 2); /* 3 s of capture, sent 3 times faster */

	/* the server (B) first: the client's device start needs its socket */
	pid_t b = start_b(&l, "3");
	bool up = wait_for_file(l.sock, b, 60);
	char *berr = slurp_or_empty(l.b_err);
	cr_assert(up, "skyfuse bench tx made no memif socket: %s", berr);
	free(berr);
	pid_t a = start_a(&l);
	long long sent = finish_b(&l, b, n);
	char *json = finish_a(&l, a);
	assert_all_decoded(json, sent, "\"name\":\"net_memif0\"");
	free(json);
	live_cleanup(&l);
}

Test(memif, run_with_the_socket_driver_decodes_every_datagram_of_a_paced_feed, .timeout = 180)
{
	check_binary();
	struct live l;
	char io[512], dst[64];
	unsigned n = 2000;
	uint16_t port = (uint16_t)(21000 + getpid() % 20000);
	live_prepare(&l);
	snprintf(io, sizeof(io), "input: {udp_port: %u, driver: socket, bind: 127.0.0.1}\n"
		 "output: {cat062_udp_port: %u, destination: 127.0.0.1}\n", port, port + 1);
	write_config(&l, io);
	snprintf(dst, sizeof(dst), "127.0.0.1:%u", port);
	write_capture(l.cap, n, 1);

	/* what is sent before the socket is bound is lost: wait for the bind */
	pid_t a = start_a(&l);
	for (double t0 = mono(); !udp_port_bound(port) && mono() - t0 < 60; usleep(50000)) {
		char *err = slurp_or_empty(l.a_err);
		cr_assert_neq(waitpid(a, NULL, WNOHANG), a, "skyfuse run ended early: %s", err);
		free(err);
	}
	cr_assert(udp_port_bound(port), "skyfuse run never bound UDP port %u", port);
	const char *argv[] = {SKYFUSE, "bench", "tx", "--pcap", l.cap, "--udp", dst, "--speed",
			      "realtime", NULL};
	long long sent = finish_b(&l, spawn(argv, l.b_out, l.b_err), n);
	usleep(500000); /* the last datagrams through the kernel and the rings */
	char *json = finish_a(&l, a);
	assert_all_decoded(json, sent, "\"driver\":\"socket\"");
	free(json);
	live_cleanup(&l);
}
