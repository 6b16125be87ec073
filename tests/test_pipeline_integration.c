/*
 * test_pipeline_integration.c - the runtime end to end: `skyfuse replay`
 * and `skyfuse run` through the real EAL (net_pcap, kernel UDP sockets) on
 * captures and datagrams this test writes itself.
 *
 * The scenarios run the relay chain (`--stages rx,relay`, stages/relay.c):
 * datagrams leave as they came, so what is tested is the runtime alone.
 *
 * EAL can be initialised once per process, so every scenario runs build/
 * skyfuse in a child (fork + exec, no shell) with its own EAL file prefix
 * (sky-test-<pid>-<n>) and the default memory options (--no-huge without
 * hugepages), under a time limit: a deadlock is a failure, not a hang. The
 * scenarios read the child's --stats-json file and the output capture.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pcap_file.h"
#include "testlib.h"
#include "udp_frame.h"

#define SKYFUSE SKY_BUILD_DIR "/skyfuse"
#define MAX_DGRAMS 40000

struct dgram {
	uint16_t src_port, dst_port;
	uint16_t len;
	uint8_t *data;
};

struct capture {
	unsigned n;
	struct dgram *d;
};

static unsigned eal_seq;

/* ---- child processes ------------------------------------------------- */

static pid_t spawn(const char *const *argv, const char *out, const char *err)
{
	pid_t pid = sky_test_spawn(argv, out, err);
	cr_assert_geq(pid, 0, "fork failed");
	return pid;
}



static void eal_prefix(char *out, size_t n)
{
	snprintf(out, n, "--file-prefix=sky-test-%d-%u", (int)getpid(), eal_seq++);
}

/* ---- configs and captures --------------------------------------------- */

static void write_config(const char *path, const char *extra)
{
	FILE *f = fopen(path, "w");
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
		   "%s", extra ? extra : "input: {udp_port: 8600}\noutput: {cat062_udp_port: 8601}\n");
	fclose(f);
}

static const struct sky_udp_endpoints base_ep = {
	.src_mac = {2, 0, 0, 0, 0, 1}, .dst_mac = {2, 0, 0, 0, 0, 2},
	.src_ip = 0x0a000001, .dst_ip = 0x0a000002, .src_port = 40000, .dst_port = 8600,
};

/* n datagrams to port 8600, step_us apart, random payloads (a CAT048-like
   block header, then bytes). */
static struct capture make_capture(const char *path, unsigned n, uint64_t step_us,
				   uint64_t seed)
{
	char err[256];
	struct capture c = {.n = n, .d = calloc(n, sizeof(struct dgram))};
	struct sky_pcap_writer *w = sky_pcap_open_write(path, err, sizeof(err));
	cr_assert_not_null(w, "%s", err);
	uint64_t t = 1717243200ull * 1000000000ull;
	for (unsigned i = 0; i < n; i++) {
		struct dgram *d = &c.d[i];
		d->len = (uint16_t)(8 + sky_test_rand_below(&seed, 1200));
		d->data = malloc(d->len);
		for (unsigned k = 0; k < d->len; k++)
			d->data[k] = (uint8_t)sky_test_rand(&seed);
		d->data[0] = 48;
		d->data[1] = (uint8_t)(d->len >> 8);
		d->data[2] = (uint8_t)d->len;
		d->src_port = (uint16_t)(40000 + i % 7);
		d->dst_port = 8600;
		struct sky_udp_endpoints ep = base_ep;
		ep.src_port = d->src_port;
		cr_assert_eq(sky_pcap_write_udp(w, &ep, d->data, d->len, t), 0);
		t += step_us * 1000;
	}
	cr_assert_eq(sky_pcap_close_write(w), 0);
	return c;
}

static void free_capture(struct capture *c)
{
	for (unsigned i = 0; i < c->n; i++)
		free(c->d[i].data);
	free(c->d);
}

static struct capture read_output(const char *path)
{
	char err[256];
	struct capture c = {.d = calloc(MAX_DGRAMS, sizeof(struct dgram))};
	struct sky_pcap_reader *r = sky_pcap_open_read(path, err, sizeof(err));
	cr_assert_not_null(r, "%s", err);
	const uint8_t *f;
	size_t len;
	uint64_t ts;
	while (sky_pcap_next(r, &f, &len, &ts) == 1 && c.n < MAX_DGRAMS) {
		struct sky_udp_view v;
		cr_assert_eq(sky_udp_frame_parse(f, len, &v), SKY_FRAME_OK, "output frame %u", c.n);
		struct dgram *d = &c.d[c.n++];
		d->src_port = v.src_port;
		d->dst_port = v.dst_port;
		d->len = (uint16_t)v.len;
		d->data = malloc(v.len + 1);
		memcpy(d->data, v.payload, v.len);
	}
	sky_pcap_close_read(r);
	return c;
}

/* The first n datagrams of want, in order, are what got holds. */
static void assert_prefix(const struct capture *want, const struct capture *got, unsigned n)
{
	cr_assert_geq(want->n, n);
	cr_assert_eq(got->n, n, "output has %u datagrams, expected %u", got->n, n);
	for (unsigned i = 0; i < n; i++) {
		cr_assert_eq(got->d[i].len, want->d[i].len, "datagram %u length", i);
		cr_assert_eq(got->d[i].src_port, want->d[i].src_port, "datagram %u src port", i);
		cr_assert_eq(got->d[i].dst_port, want->d[i].dst_port, "datagram %u dst port", i);
		cr_assert_arr_eq(got->d[i].data, want->d[i].data, want->d[i].len, "datagram %u", i);
	}
}

/* ---- stats JSON ------------------------------------------------------- */

/* `"key":N` inside the section ("runtime" or "counters") of a stage. */
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

static void assert_reconciled(const char *json)
{
	cr_assert_not_null(strstr(json, "\"reconcile\":{\"ok\":true"), "reconcile failed: %s", json);
}

/* ---- running replay ----------------------------------------------------- */

struct replay_run {
	char cfg[256], in[256], out[256], json[256], so[256], se[256];
	char prefix[96];
	const char *argv[40];
	int argc;
};

static void replay_prepare(struct replay_run *r)
{
	memset(r, 0, sizeof(*r));
	sky_test_tmp_path(r->cfg, sizeof(r->cfg), ".yaml");
	sky_test_tmp_path(r->in, sizeof(r->in), "-in.pcap");
	sky_test_tmp_path(r->out, sizeof(r->out), "-out.pcap");
	sky_test_tmp_path(r->json, sizeof(r->json), ".json");
	sky_test_tmp_path(r->so, sizeof(r->so), ".stdout");
	sky_test_tmp_path(r->se, sizeof(r->se), ".stderr");
	eal_prefix(r->prefix, sizeof(r->prefix));
	write_config(r->cfg, NULL);
	const char *base[] = {SKYFUSE, "replay", "-c", r->cfg, "-r", r->in, "-w", r->out,
			      "--stats-json", r->json, "--quiet", "--eal", r->prefix, "--stages", "rx,relay"};
	for (unsigned i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		r->argv[r->argc++] = base[i];
}

static void replay_arg(struct replay_run *r, const char *a)
{
	r->argv[r->argc++] = a;
}

static char *replay_finish(struct replay_run *r, pid_t pid, double limit)
{
	int st = sky_test_wait_limit(pid, limit);
	char *err = sky_test_slurp(r->se);
	cr_assert_neq(st, -1, "skyfuse did not finish within %g s (deadlock?): %s", limit, err);
	cr_assert_eq(st, 0, "skyfuse exited %d: %s", st, err);
	free(err);
	char *json = sky_test_slurp(r->json);
	cr_assert_not_null(json, "no stats json");
	return json;
}

static char *replay(struct replay_run *r, double limit)
{
	r->argv[r->argc] = NULL;
	return replay_finish(r, spawn(r->argv, r->so, r->se), limit);
}

static void cleanup(struct replay_run *r)
{
	unlink(r->cfg), unlink(r->in), unlink(r->out), unlink(r->json), unlink(r->so),
		unlink(r->se);
}

static void check_binary(void)
{
	struct stat st;
	if (stat(SKYFUSE, &st) != 0)
		cr_skip_test("%s not built", SKYFUSE);
}

/* ---- scenarios ------------------------------------------------------- */

Test(pipeline, replay_through_net_pcap_gives_the_same_datagrams_out_as_in, .timeout = 120)
{
	check_binary();
	struct replay_run r;
	replay_prepare(&r);
	struct capture in = make_capture(r.in, 700, 1000, 1);
	char *json = replay(&r, 90);
	struct capture out = read_output(r.out);
	assert_prefix(&in, &out, in.n);
	assert_reconciled(json);
	cr_assert_eq(stage_value(json, "rx", "counters", "datagrams"), 700);
	cr_assert_eq(stage_value(json, "relay", "runtime", "enqueued"), 700);
	cr_assert_not_null(strstr(json, "\"stopped_by\":\"end\""));
	free(json);
	free_capture(&in), free_capture(&out);
	cleanup(&r);
}

Test(pipeline, sigint_in_the_middle_of_a_replay_loses_nothing_received, .timeout = 120)
{
	check_binary();
	struct replay_run r;
	replay_prepare(&r);
	/* 30 s of capture, replayed in real time: stopped after about 1.5 s */
	struct capture in = make_capture(r.in, 3000, 10000, 2);
	replay_arg(&r, "--speed");
	replay_arg(&r, "realtime");
	r.argv[r.argc] = NULL;
	pid_t pid = spawn(r.argv, r.so, r.se);
	/* once frames flow out (EAL start-up time varies), interrupt */
	struct stat st;
	for (int i = 0; i < 600 && !(stat(r.out, &st) == 0 && st.st_size > 24 + 4000); i++)
		usleep(100000);
	usleep(500000);
	kill(pid, SIGINT);
	char *json = replay_finish(&r, pid, 60);
	assert_reconciled(json);
	cr_assert_not_null(strstr(json, "\"stopped_by\":\"signal\""));
	long long taken = stage_value(json, "rx", "runtime", "in");
	cr_assert_gt(taken, 0);
	cr_assert_lt(taken, 3000, "the replay was not interrupted");
	cr_assert_eq(stage_value(json, "relay", "runtime", "enqueued"), taken);
	struct capture out = read_output(r.out);
	assert_prefix(&in, &out, (unsigned)taken);
	free(json);
	free_capture(&in), free_capture(&out);
	cleanup(&r);
}

Test(pipeline, a_ring_too_small_for_the_load_gives_counted_drops_and_no_deadlock, .timeout = 180)
{
	check_binary();
	struct replay_run r;
	replay_prepare(&r);
	struct capture in = make_capture(r.in, 20000, 10, 3);
	replay_arg(&r, "--ring-size");
	replay_arg(&r, "4");
	replay_arg(&r, "--on-full");
	replay_arg(&r, "drop");
	char *json = replay(&r, 150);
	assert_reconciled(json);
	long long drops = stage_value(json, "rx", "runtime", "dropped");
	long long sent = stage_value(json, "relay", "runtime", "enqueued");
	cr_assert_gt(drops, 0, "a 4-item ring under a 32-frame burst must overflow");
	cr_assert_gt(stage_value(json, "rx", "runtime", "full_events"), 0);
	cr_assert_eq(sent + drops, 20000);
	struct capture out = read_output(r.out);
	cr_assert_eq(out.n, (unsigned)sent);
	free(json);
	free_capture(&in), free_capture(&out);
	cleanup(&r);
}

Test(pipeline, a_tiny_ring_with_back_pressure_delivers_everything_in_order, .timeout = 180)
{
	check_binary();
	struct replay_run r;
	replay_prepare(&r);
	struct capture in = make_capture(r.in, 5000, 10, 4);
	replay_arg(&r, "--ring-size");
	replay_arg(&r, "2");
	char *json = replay(&r, 150);
	assert_reconciled(json);
	cr_assert_eq(stage_value(json, "rx", "runtime", "dropped"), 0);
	cr_assert_gt(stage_value(json, "rx", "runtime", "wait_polls"), 0);
	struct capture out = read_output(r.out);
	assert_prefix(&in, &out, in.n);
	free(json);
	free_capture(&in), free_capture(&out);
	cleanup(&r);
}

/* ---- malformed frames ------------------------------------------------- */

static uint16_t ip_csum(const uint8_t *h)
{
	uint32_t s = 0;
	for (int i = 0; i < 20; i += 2)
		s += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* An IPv4 fragment of a UDP datagram (udp = UDP header + payload). */
static size_t fragment(uint8_t *f, const uint8_t *udp, size_t off, size_t len, bool more,
		       uint16_t id)
{
	uint8_t hdr[SKY_UDP_FRAME_HDR];
	sky_udp_frame_build(hdr, &base_ep, 0, id);
	memcpy(f, hdr, 14);
	uint8_t *ip = f + 14;
	memcpy(ip, hdr + 14, 20);
	ip[2] = (uint8_t)((20 + len) >> 8), ip[3] = (uint8_t)(20 + len);
	uint16_t fo = (uint16_t)((more ? 0x2000 : 0) | (off / 8));
	ip[6] = (uint8_t)(fo >> 8), ip[7] = (uint8_t)fo;
	ip[10] = ip[11] = 0;
	uint16_t cs = ip_csum(ip);
	ip[10] = (uint8_t)(cs >> 8), ip[11] = (uint8_t)cs;
	memcpy(ip + 20, udp + off, len);
	return 14 + 20 + len;
}

static void write_fragmented(struct sky_pcap_writer *w, const uint8_t *payload, size_t n,
			     unsigned pieces, uint16_t id, uint64_t t)
{
	uint8_t udp[4096], f[2048];
	uint8_t hdr[SKY_UDP_FRAME_HDR];
	sky_udp_frame_build(hdr, &base_ep, n, id);
	memcpy(udp, hdr + 34, 8);
	memcpy(udp + 8, payload, n);
	size_t total = n + 8, step = 1480, off = 0;
	for (unsigned k = 0; k < pieces && off < total; k++) {
		size_t len = total - off < step ? total - off : step;
		bool more = off + len < total;
		size_t fl = fragment(f, udp, off, len, more, id);
		cr_assert_eq(sky_pcap_write(w, f, fl, t), 0);
		off += len;
	}
}

Test(pipeline, malformed_frames_are_counted_by_reason_and_the_rest_goes_through, .timeout = 120)
{
	check_binary();
	struct replay_run r;
	replay_prepare(&r);
	char err[256];
	struct sky_pcap_writer *w = sky_pcap_open_write(r.in, err, sizeof(err));
	cr_assert_not_null(w);
	uint64_t seed = 5, t = 1717243200ull * 1000000000ull;
	uint8_t big[3000], p[64], f[256];
	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)sky_test_rand(&seed);
	unsigned good = 0;
	for (unsigned i = 0; i < 50; i++, t += 1000000) {
		for (unsigned k = 0; k < sizeof(p); k++)
			p[k] = (uint8_t)(i + k);
		struct sky_udp_endpoints ep = base_ep;
		cr_assert_eq(sky_pcap_write_udp(w, &ep, p, sizeof(p), t), 0); /* good */
		good++;
		ep.dst_port = 8700;                                          /* other port */
		cr_assert_eq(sky_pcap_write_udp(w, &ep, p, sizeof(p), t), 0);
		uint8_t hdr[SKY_UDP_FRAME_HDR];
		sky_udp_frame_build(hdr, &base_ep, sizeof(p), 1);
		memcpy(f, hdr, sizeof(hdr));
		memcpy(f + sizeof(hdr), p, sizeof(p));
		size_t fl = sizeof(hdr) + sizeof(p);
		cr_assert_eq(sky_pcap_write(w, f, 10, t), 0);                /* truncated eth */
		f[12] = 0x86, f[13] = 0xdd;                                  /* IPv6 */
		cr_assert_eq(sky_pcap_write(w, f, fl, t), 0);
		f[12] = 0x08, f[13] = 0x00;
		f[14 + 9] = 6;                                               /* TCP */
		cr_assert_eq(sky_pcap_write(w, f, fl, t), 0);
		f[14 + 9] = 17;
		f[34 + 4] = 0xff;                                            /* UDP length */
		cr_assert_eq(sky_pcap_write(w, f, fl, t), 0);
	}
	write_fragmented(w, big, sizeof(big), 3, 77, t);   /* whole: 3 fragments */
	write_fragmented(w, big, sizeof(big), 1, 78, t);   /* first fragment only */
	cr_assert_eq(sky_pcap_close_write(w), 0);

	char *json = replay(&r, 90);
	assert_reconciled(json);
	cr_assert_eq(stage_value(json, "rx", "counters", "datagrams"), good);
	cr_assert_eq(stage_value(json, "rx", "counters", "port_filtered"), 50);
	cr_assert_eq(stage_value(json, "rx", "counters", "frame_truncated_ethernet"), 50);
	cr_assert_eq(stage_value(json, "rx", "counters", "frame_not_ipv4"), 50);
	cr_assert_eq(stage_value(json, "rx", "counters", "frame_not_udp"), 50);
	cr_assert_eq(stage_value(json, "rx", "counters", "frame_bad_udp_length"), 50);
	cr_assert_eq(stage_value(json, "rx", "counters", "reassembled"), 1);
	cr_assert_eq(stage_value(json, "rx", "counters", "fragments_reassembled"), 3);
	cr_assert_eq(stage_value(json, "rx", "counters", "fragments_incomplete"), 1);
	cr_assert_eq(stage_value(json, "relay", "runtime", "enqueued"), good + 1);
	struct capture out = read_output(r.out);
	cr_assert_eq(out.n, good + 1);
	cr_assert_eq(out.d[good].len, sizeof(big), "the reassembled datagram is whole");
	cr_assert_arr_eq(out.d[good].data, big, sizeof(big));
	free(json);
	free_capture(&out);
	cleanup(&r);
}

/* ---- configuration errors (no EAL) ------------------------------------- */

static int run_tool(const char *const *argv, char **out, char **err)
{
	char so[256], se[256];
	sky_test_tmp_path(so, sizeof(so), ".stdout");
	sky_test_tmp_path(se, sizeof(se), ".stderr");
	int st = sky_test_wait_limit(spawn(argv, so, se), 30);
	*out = sky_test_slurp(so);
	*err = sky_test_slurp(se);
	unlink(so), unlink(se);
	return st;
}

Test(pipeline, config_errors_name_the_file_and_the_key)
{
	check_binary();
	char cfg[256], *out, *err;
	sky_test_tmp_path(cfg, sizeof(cfg), ".yaml");
	write_config(cfg, "input: {udp_port: 8600}\noutput: {cat062_udp_port: 8601}\n"
			  "pipeline: {ring_size: 1000}\n");
	const char *argv[] = {SKYFUSE, "check", "-c", cfg, NULL};
	int st = run_tool(argv, &out, &err);
	cr_assert_eq(st, 1, "stderr: %s", err);
	cr_assert_not_null(strstr(err, cfg), "the message names the file: %s", err);
	cr_assert_not_null(strstr(err, "pipeline.ring_size"), "and the key: %s", err);
	free(out), free(err);

	write_config(cfg, NULL);
	const char *argv2[] = {SKYFUSE, "check", "-c", cfg, "--stages", "rx,nosuch,publish", NULL};
	st = run_tool(argv2, &out, &err);
	cr_assert_eq(st, 1);
	cr_assert_not_null(strstr(err, "pipeline.stages[1]"), "%s", err);
	cr_assert_not_null(strstr(err, "'nosuch'"), "%s", err);
	free(out), free(err);

	const char *argv3[] = {SKYFUSE, "replay", "-c", cfg, "-r", "/nonexistent/in.pcap",
			       "-w", "/tmp/x.pcap", NULL};
	st = run_tool(argv3, &out, &err);
	cr_assert_eq(st, 1);
	cr_assert_not_null(strstr(err, "/nonexistent/in.pcap"), "%s", err);
	free(out), free(err);
	unlink(cfg);
}

Test(pipeline, check_prints_the_resolved_graph)
{
	check_binary();
	char cfg[256], *out, *err;
	sky_test_tmp_path(cfg, sizeof(cfg), ".yaml");
	write_config(cfg, NULL);
	const char *argv[] = {SKYFUSE, "check", "-c", cfg, "--stages", "rx,decode*2,publish", NULL};
	int st = run_tool(argv, &out, &err);
	cr_assert_eq(st, 0, "%s", err);
	cr_assert_not_null(strstr(out, "rx->decode.0"), "%s", out);
	cr_assert_not_null(strstr(out, "rx->decode.1"), "%s", out);
	cr_assert_not_null(strstr(out, "decode.1->publish.0"), "%s", out);
	cr_assert_not_null(strstr(out, "--lcores 0@"), "%s", out);
	free(out), free(err);
	unlink(cfg);
}

Test(pipeline, check_places_lcores_in_the_order_of_a_cpu_list_with_repeats)
{
	check_binary();
	char cfg[256], *out, *err;
	sky_test_tmp_path(cfg, sizeof(cfg), ".yaml");
	write_config(cfg, "input: {udp_port: 8600}\noutput: {cat062_udp_port: 8601}\n"
			  "pipeline: {lcores: [0, 0, 0, 0, 0]}\n");
	const char *argv[] = {SKYFUSE, "check", "-c", cfg, NULL};
	int st = run_tool(argv, &out, &err);
	cr_assert_eq(st, 0, "%s", err);
	cr_assert_not_null(strstr(out, "--lcores 0@0,1@0,2@0,3@0,4@0"), "%s", out);
	cr_assert_not_null(strstr(out, "lcores share cores"), "%s", out);
	free(out), free(err);
	unlink(cfg);
}

/* ---- live, kernel UDP sockets ------------------------------------------- */

static int udp_socket(uint16_t bind_port)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	cr_assert_geq(fd, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(bind_port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (bind_port)
		cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0, "%s", strerror(errno));
	return fd;
}

static void send_to(int fd, uint16_t port, const void *p, size_t n)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	sendto(fd, p, n, 0, (struct sockaddr *)&a, sizeof(a));
}

static ssize_t recv_wait(int fd, void *buf, size_t n, int ms)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	if (poll(&pfd, 1, ms) <= 0)
		return -1;
	return recv(fd, buf, n, 0);
}

Test(pipeline, run_with_the_socket_driver_relays_live_datagrams, .timeout = 120)
{
	check_binary();
	uint16_t in_port = (uint16_t)(20000 + getpid() % 20000), out_port = in_port + 1;
	char cfg[256], json[256], so[256], se[256], prefix[96], sect[256];
	sky_test_tmp_path(cfg, sizeof(cfg), ".yaml");
	sky_test_tmp_path(json, sizeof(json), ".json");
	sky_test_tmp_path(so, sizeof(so), ".stdout");
	sky_test_tmp_path(se, sizeof(se), ".stderr");
	eal_prefix(prefix, sizeof(prefix));
	snprintf(sect, sizeof(sect), "input: {udp_port: %u, driver: socket, bind: 127.0.0.1}\n"
		 "output: {cat062_udp_port: %u, destination: 127.0.0.1}\n", in_port, out_port);
	write_config(cfg, sect);
	int rx = udp_socket(out_port), tx = udp_socket(0);
	const char *argv[] = {SKYFUSE, "run", "-c", cfg, "--stats-json", json, "--quiet",
			      "--eal", prefix, "--stages", "rx,relay", NULL};
	pid_t pid = spawn(argv, so, se);
	/* probe until the relay answers (EAL start-up takes a moment) */
	uint8_t buf[2048], probe[16] = {48, 0, 16};
	bool up = false;
	for (int i = 0; i < 300 && !up; i++) {
		send_to(tx, in_port, probe, sizeof(probe));
		up = recv_wait(rx, buf, sizeof(buf), 100) == (ssize_t)sizeof(probe);
	}
	cr_assert(up, "no datagram came back through skyfuse run");
	while (recv_wait(rx, buf, sizeof(buf), 200) > 0)
		; /* late probes */
	unsigned sent = 200, got = 0;
	for (unsigned i = 0; i < sent; i++) {
		uint8_t p[100];
		memset(p, (int)i, sizeof(p));
		p[0] = 48, p[1] = 0, p[2] = 100;
		send_to(tx, in_port, p, sizeof(p));
		if (i % 20 == 19)
			usleep(2000);
	}
	while (recv_wait(rx, buf, sizeof(buf), 1000) == 100)
		got++;
	kill(pid, SIGINT);
	int st = sky_test_wait_limit(pid, 30);
	char *e = sky_test_slurp(se);
	cr_assert_eq(st, 0, "skyfuse run exited %d: %s", st, e);
	cr_assert_eq(got, sent, "%u of %u datagrams came back", got, sent);
	char *j = sky_test_slurp(json);
	cr_assert_not_null(j);
	assert_reconciled(j);
	cr_assert_not_null(strstr(j, "\"driver\":\"socket\""));
	free(j), free(e);
	close(rx), close(tx);
	unlink(cfg), unlink(json), unlink(so), unlink(se);
}
