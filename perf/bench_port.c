/*
 * bench_port.c - `skyfuse bench rx` and `skyfuse bench tx`: the two ends of
 * the pipeline benchmark that are not the pipeline (see bench_port.h and
 * perf/bench_pipeline.sh).
 *
 * bench rx is the ceiling: EAL started exactly as `skyfuse replay` starts it
 * (sky_eal_start: the same memory options, file prefix, --no-pci, --vdev),
 * the same device set up by the same port code (drivers/port_dpdk.c), and
 * then nothing but rte_eth_rx_burst and rte_pktmbuf_free on one worker lcore
 * pinned where the pipeline's rx lcore would be. A capture ends the run once
 * the device has accounted for every frame of the file; a live device runs
 * for --seconds. The figure is frames/s from the first poll to the end.
 *
 * bench tx is a feeder: the capture is read into memory first, then sent in
 * order, each frame when its capture time (relative to the first, divided by
 * the speed factor) comes, or back to back with --speed max. Out of a DPDK
 * device (e.g. the client end of a net_memif whose server is `skyfuse run`)
 * nothing is ever dropped: a burst the device does not take is retried, so
 * a slow peer slows the sender; whatever the peer sends back is received
 * and freed. After the last frame the device stays up for --linger seconds,
 * so that the peer can read what is still in the shared rings. To a UDP
 * address, each frame's UDP payload is sent with blocking sendmmsg from one
 * kernel socket (the feed of the socket driver in the latency benchmark).
 */
#define _GNU_SOURCE /* sched_getaffinity, sendmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_pause.h>

#include "bench_host.h"
#include "bench_port.h"
#include "graph.h"
#include "pcap_file.h"
#include "port.h"
#include "sky_command.h"

#define POOL_MBUFS 16383
#define POOL_CACHE 256
#define TX_MAX_BURST 64
/* what one default mbuf holds: frames are sent in one segment */
#define MAX_FRAME (RTE_MBUF_DEFAULT_DATAROOM)

static const char rx_usage[] =
	"usage: skyfuse bench rx (--pcap FILE | --device DEVARGS) [--burst N]\n"
	"                        [--seconds S] [--eal \"ARGS\"]\n\n"
	"The bare DPDK receive loop: rte_eth_rx_burst + rte_pktmbuf_free on one\n"
	"worker lcore, EAL and device set up as `skyfuse replay` does. Prints\n"
	"frames/s and TSC cycles per frame. A capture (--pcap, or a net_pcap\n"
	"rx_pcap= device) runs to its end; another device for --seconds (default 10).\n";

static const char tx_usage[] =
	"usage: skyfuse bench tx --pcap FILE (--device DEVARGS | --udp ADDR:PORT)\n"
	"                        [--speed max|realtime|FACTOR] [--burst N]\n"
	"                        [--linger S] [--wait-link S] [--eal \"ARGS\"]\n\n"
	"Sends every frame of FILE in order, each when its capture time comes\n"
	"(divided by FACTOR) or back to back (max, the default):\n"
	"  --device DEVARGS  out of a DPDK device (e.g.\n"
	"                    net_memif0,role=client,socket=/tmp/m.sock,socket-abstract=no);\n"
	"                    waits up to --wait-link S (default 20) for the link,\n"
	"                    never drops (retries), keeps the device up --linger S\n"
	"                    (default 1) after the last frame\n"
	"  --udp ADDR:PORT   the UDP payload of each frame to a kernel socket\n"
	"Prints `result: sent N ...`; exit 1 when not everything could be sent.\n";

struct bench_opts {
	char dev[1024];
	const char *pcap, *udp, *eal;
	enum sky_pace_mode pace;
	double factor, seconds, linger, wait_link;
	unsigned burst;
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- options ----------------------------------------------------------- */

static int parse_speed(struct bench_opts *o, const char *v)
{
	char *end;
	if (strcmp(v, "max") == 0) {
		o->pace = SKY_PACE_MAX;
	} else if (strcmp(v, "realtime") == 0) {
		o->pace = SKY_PACE_REALTIME;
		o->factor = 1.0;
	} else {
		o->factor = strtod(v, &end);
		if (!*v || *end || !(o->factor > 0))
			return -EINVAL;
		o->pace = SKY_PACE_FACTOR;
	}
	return 0;
}

static int parse_double(const char *v, double *out)
{
	char *end;
	*out = strtod(v, &end);
	return *v && !*end && *out >= 0 ? 0 : -EINVAL;
}

static int parse_opt(struct bench_opts *o, const char *a, const char *v)
{
	if (!strcmp(a, "--pcap"))
		o->pcap = v;
	else if (!strcmp(a, "--device"))
		snprintf(o->dev, sizeof(o->dev), "%s", v);
	else if (!strcmp(a, "--udp"))
		o->udp = v;
	else if (!strcmp(a, "--eal"))
		o->eal = v;
	else if (!strcmp(a, "--speed"))
		return parse_speed(o, v);
	else if (!strcmp(a, "--seconds"))
		return parse_double(v, &o->seconds);
	else if (!strcmp(a, "--linger"))
		return parse_double(v, &o->linger);
	else if (!strcmp(a, "--wait-link"))
		return parse_double(v, &o->wait_link);
	else if (!strcmp(a, "--burst")) {
		long n = atol(v);
		if (n < 1 || n > SKY_BURST_MAX)
			return -EINVAL;
		o->burst = (unsigned)n;
	} else
		return -ENOENT;
	return 0;
}

static int parse_opts(int argc, char **argv, struct bench_opts *o, const char *usage)
{
	memset(o, 0, sizeof(*o));
	o->burst = 32;
	o->linger = 1.0;
	o->wait_link = 20.0;
	o->factor = 1.0;
	for (int i = 1; i < argc; i += 2) {
		int rc = i + 1 < argc ? parse_opt(o, argv[i], argv[i + 1]) : -ENOENT;
		if (rc < 0) {
			fprintf(stderr, "skyfuse bench %s: %s option '%s'\n", argv[0],
				rc == -ENOENT ? "unknown or incomplete" : "bad value for", argv[i]);
			fputs(usage, stderr);
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- EAL and the device -------------------------------------------------- */

static struct sky_pipeline_conf eal_conf;
static struct sky_plan eal_plan;

/* The cpus this process may run on, like the runtime's plan. */
static unsigned allowed_cpus(unsigned *cpus, unsigned max)
{
	cpu_set_t set;
	unsigned n = 0;
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		for (unsigned i = 0; i < CPU_SETSIZE && n < max; i++)
			if (CPU_ISSET(i, &set))
				cpus[n++] = i;
	if (n == 0)
		cpus[n++] = 0;
	return n;
}

/* EAL as the runtime starts it: main lcore on the first cpu, the worker
   (if any) where the pipeline puts its rx lcore (the second cpu). */
static int start_eal(const struct bench_opts *o, bool worker)
{
	static char buf[1024];
	char err[2048];
	unsigned cpus[64], n = allowed_cpus(cpus, 64);
	sky_pipeline_conf_default(&eal_conf);
	eal_conf.input.driver = SKY_PORT_DPDK;
	eal_conf.input.rx = true;
	snprintf(eal_conf.input.dev, sizeof(eal_conf.input.dev), "%s", o->dev);
	snprintf(buf, sizeof(buf), "%s", o->eal ? o->eal : "");
	for (char *save, *t = strtok_r(buf, " \t", &save); t && eal_conf.eal_argc < SKY_MAX_EAL_ARGS;
	     t = strtok_r(NULL, " \t", &save))
		eal_conf.eal_argv[eal_conf.eal_argc++] = t;
	eal_plan.conf = &eal_conf;
	eal_plan.mem_mb = 256;
	if (worker)
		snprintf(eal_plan.lcores, sizeof(eal_plan.lcores), "0@%u,1@%u", cpus[0],
			 cpus[1 % n]);
	else
		snprintf(eal_plan.lcores, sizeof(eal_plan.lcores), "0@%u", cpus[0]);
	if (sky_eal_start(&eal_plan, err, sizeof(err)) < 0) {
		fprintf(stderr, "skyfuse bench: %s\n", err);
		return -1;
	}
	return 0;
}

static const char *memory_kind(void)
{
	return rte_eal_has_hugepages() ? "hugepages" : "no hugepages (--no-huge, 4 KiB pages)";
}

/* The device of o->dev through the port code; its ethdev id in *pid. */
static struct sky_port *open_device(const struct bench_opts *o, struct rte_mempool *mp,
				    bool tx, uint16_t *pid, char *err, size_t errlen)
{
	struct sky_port_conf c = {.driver = SKY_PORT_DPDK, .rx = true, .tx = tx};
	snprintf(c.dev, sizeof(c.dev), "%s", o->dev);
	struct sky_port *p = sky_port_create(&c, mp, err, errlen);
	if (p && rte_eth_dev_get_port_by_name(p->name, pid) != 0) {
		snprintf(err, errlen, "%s: no ethdev of that name", p->name);
		sky_port_free(p);
		return NULL;
	}
	return p;
}

/* ---- bench rx ---------------------------------------------------------- */

struct rx_loop {
	struct sky_port *port;
	uint16_t pid, burst;
	bool capture;
	uint64_t limit_tsc;
	uint64_t frames, bursts, t0, t1;
	int done;                    /* release-stored at the end of the loop */
};

/* Nothing but receive and free; the end is checked on empty polls and
   every 1024 bursts. */
static int rx_loop_main(void *arg)
{
	struct rx_loop *l = arg;
	struct rte_mbuf *m[SKY_BURST_MAX];
	uint64_t frames = 0, bursts = 0, t0 = rte_rdtsc(), t;
	for (;;) {
		uint16_t n = rte_eth_rx_burst(l->pid, 0, m, l->burst);
		for (uint16_t i = 0; i < n; i++)
			rte_pktmbuf_free(m[i]);
		frames += n;
		if (n && (++bursts & 1023))
			continue;
		t = rte_rdtsc();
		if (stop_flag || t - t0 >= l->limit_tsc ||
		    (!n && l->capture && sky_port_at_end(l->port)))
			break;
	}
	l->frames = frames;
	l->bursts = bursts;
	l->t0 = t0;
	l->t1 = t;
	__atomic_store_n(&l->done, 1, __ATOMIC_RELEASE);
	return 0;
}

static void rx_report(const struct bench_opts *o, const struct rx_loop *l, unsigned lcore)
{
	struct rte_eth_stats st;
	double hz = (double)rte_get_tsc_hz(), s = (double)(l->t1 - l->t0) / hz;
	memset(&st, 0, sizeof(st));
	rte_eth_stats_get(l->pid, &st);
	sky_bench_print_cpu();
	printf("device: %s, burst %u, lcore %u on cpu %d, memory: %s\n", l->port->name, o->burst,
	       lcore, rte_lcore_to_cpu_id((int)lcore), memory_kind());
	printf("device counters: ipackets %llu rx_nombuf %llu ierrors %llu imissed %llu\n",
	       (unsigned long long)st.ipackets, (unsigned long long)st.rx_nombuf,
	       (unsigned long long)st.ierrors, (unsigned long long)st.imissed);
	printf("result: frames %llu seconds %.6f frames_per_s %.0f cycles_per_frame %.1f\n",
	       (unsigned long long)l->frames, s, s > 0 ? (double)l->frames / s : 0.0,
	       l->frames ? (double)(l->t1 - l->t0) / (double)l->frames : 0.0);
}

int sky_bench_rx_main(int argc, char **argv)
{
	if (sky_wants_help(argc, argv)) {
		fputs(rx_usage, stdout);
		return 0;
	}
	struct bench_opts o;
	char err[1024];
	if (parse_opts(argc, argv, &o, rx_usage) < 0)
		return 2;
	if (o.pcap)
		snprintf(o.dev, sizeof(o.dev), "net_pcap0,rx_pcap=%s", o.pcap);
	if (!o.dev[0]) {
		fprintf(stderr, "skyfuse bench rx: give --pcap FILE or --device DEVARGS\n");
		fputs(rx_usage, stderr);
		return 2;
	}
	bool capture = strncmp(o.dev, "net_pcap", 8) == 0 && strstr(o.dev, "rx_pcap=");
	if (start_eal(&o, true) < 0)
		return 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	int rc = 1;
	struct rx_loop l = {.burst = (uint16_t)o.burst, .capture = capture};
	double secs = o.seconds > 0 ? o.seconds : capture ? 1e9 : 10.0;
	l.limit_tsc = (uint64_t)(secs * (double)rte_get_tsc_hz());
	struct rte_mempool *mp = rte_pktmbuf_pool_create("bench_rx", POOL_MBUFS, POOL_CACHE, 0,
							 RTE_MBUF_DEFAULT_BUF_SIZE,
							 (int)rte_socket_id());
	unsigned lcore = rte_get_next_lcore(-1, 1, 0);
	if (!mp)
		fprintf(stderr, "skyfuse bench rx: mempool: %s\n", rte_strerror(rte_errno));
	else if (!(l.port = open_device(&o, mp, false, &l.pid, err, sizeof(err))))
		fprintf(stderr, "skyfuse bench rx: %s\n", err);
	else if (lcore >= RTE_MAX_LCORE)
		fprintf(stderr, "skyfuse bench rx: no worker lcore\n");
	else {
		rte_eal_remote_launch(rx_loop_main, &l, lcore);
		/* the main lcore sleeps, as the runtime's control thread does */
		while (!__atomic_load_n(&l.done, __ATOMIC_ACQUIRE))
			usleep(1000);
		rte_eal_mp_wait_lcore();
		rx_report(&o, &l, lcore);
		rc = 0;
	}
	sky_port_free(l.port);
	rte_mempool_free(mp);
	sky_eal_stop();
	return rc;
}

/* ---- the capture in memory ------------------------------------------- */

struct frames {
	size_t n, cap;
	uint8_t **data;
	uint16_t *len;
	uint64_t *ts_ns;
};

static void frames_free(struct frames *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->data[i]);
	free(f->data), free(f->len), free(f->ts_ns);
}

static int frames_push(struct frames *f, const uint8_t *d, size_t len, uint64_t ts)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 4096;
		uint8_t **data = realloc(f->data, cap * sizeof(*data));
		if (data)
			f->data = data;
		uint16_t *l = realloc(f->len, cap * sizeof(*l));
		if (l)
			f->len = l;
		uint64_t *t = realloc(f->ts_ns, cap * sizeof(*t));
		if (t)
			f->ts_ns = t;
		if (!data || !l || !t)
			return -ENOMEM;
		f->cap = cap;
	}
	if (len > MAX_FRAME || !(f->data[f->n] = malloc(len ? len : 1)))
		return -ENOMEM;
	memcpy(f->data[f->n], d, len);
	f->len[f->n] = (uint16_t)len;
	f->ts_ns[f->n++] = ts;
	return 0;
}

static int frames_load(const char *path, struct frames *f)
{
	char err[512];
	memset(f, 0, sizeof(*f));
	struct sky_pcap_reader *r = sky_pcap_open_read(path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "skyfuse bench tx: %s\n", err);
		return -1;
	}
	const uint8_t *d;
	size_t len;
	uint64_t ts;
	int rc = 0;
	while (rc == 0 && sky_pcap_next(r, &d, &len, &ts) == 1)
		rc = frames_push(f, d, len, ts);
	sky_pcap_close_read(r);
	if (rc < 0)
		fprintf(stderr, "skyfuse bench tx: %s: frame %zu longer than %d bytes, or out "
			"of memory\n", path, f->n, MAX_FRAME);
	return rc;
}

/* Seconds after the start at which frame i is due (0 for max). */
static double due_s(const struct bench_opts *o, const struct frames *f, size_t i)
{
	if (o->pace == SKY_PACE_MAX || f->ts_ns[i] <= f->ts_ns[0])
		return 0.0;
	return (double)(f->ts_ns[i] - f->ts_ns[0]) * 1e-9 / o->factor;
}

/* How many frames from i on are due at time t (seconds since start). */
static unsigned due_count(const struct bench_opts *o, const struct frames *f, size_t i,
			  double t, unsigned max)
{
	unsigned k = 0;
	while (k < max && i + k < f->n && due_s(o, f, i + k) <= t)
		k++;
	return k;
}

/* Sleep until shortly before t0 + due, then spin. */
static void wait_until(double t0, double due)
{
	double sleep = t0 + due - now_s() - 100e-6;
	if (sleep > 100e-6) {
		struct timespec ts = {.tv_sec = (time_t)sleep};
		ts.tv_nsec = (long)((sleep - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
	while (now_s() < t0 + due)
		;
}

static void tx_result(const char *how, uint64_t sent, uint64_t skipped, uint64_t back,
		      double secs)
{
	printf("result: sent %llu skipped %llu received %llu seconds %.6f frames_per_s %.0f (%s)\n",
	       (unsigned long long)sent, (unsigned long long)skipped, (unsigned long long)back, secs,
	       secs > 0 ? (double)sent / secs : 0.0, how);
	fflush(stdout);
}

/* ---- bench tx: UDP --------------------------------------------------- */

static int udp_dest(const char *s, struct sockaddr_in *a)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = 0;
	long port = atol(colon + 1);
	*a = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	return port > 0 && port < 65536 && inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0
										       : -EINVAL;
}

static int tx_udp(const struct bench_opts *o, const struct frames *f)
{
	struct sockaddr_in dst;
	if (udp_dest(o->udp, &dst) < 0) {
		fprintf(stderr, "skyfuse bench tx: --udp '%s': expected ADDR:PORT\n", o->udp);
		return 2;
	}
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), sndbuf = 8 << 20;
	if (fd < 0) {
		perror("skyfuse bench tx: socket");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	struct mmsghdr msg[TX_MAX_BURST];
	struct iovec iov[TX_MAX_BURST];
	uint64_t sent = 0, skipped = 0;
	unsigned burst = o->burst < TX_MAX_BURST ? o->burst : TX_MAX_BURST;
	double t0 = now_s();
	for (size_t i = 0; i < f->n && !stop_flag;) {
		wait_until(t0, due_s(o, f, i));
		unsigned k = due_count(o, f, i, now_s() - t0, burst), m = 0;
		for (unsigned j = 0; j < k; j++) {
			struct sky_udp_view v;
			if (sky_udp_frame_parse(f->data[i + j], f->len[i + j], &v) != SKY_FRAME_OK) {
				skipped++;
				continue;
			}
			iov[m] = (struct iovec){.iov_base = (void *)v.payload, .iov_len = v.len};
			msg[m].msg_hdr = (struct msghdr){.msg_name = &dst, .msg_namelen = sizeof(dst),
							 .msg_iov = &iov[m], .msg_iovlen = 1};
			m++;
		}
		for (unsigned done = 0; done < m;) {
			int r = sendmmsg(fd, msg + done, m - done, 0);
			if (r < 0 && errno != EINTR && errno != ENOBUFS && errno != EAGAIN) {
				perror("skyfuse bench tx: sendmmsg");
				close(fd);
				return 1;
			}
			done += r > 0 ? (unsigned)r : 0;
		}
		sent += m;
		i += k;
	}
	tx_result("udp", sent, skipped, 0, now_s() - t0);
	close(fd);
	return sent + skipped == f->n ? 0 : 1;
}

/* ---- bench tx: DPDK device ----------------------------------------------- */

struct tx_dev {
	uint16_t pid;
	struct rte_mempool *mp;
	uint64_t back;               /* frames the peer sent us, freed */
};

static void drain_rx(struct tx_dev *d)
{
	struct rte_mbuf *m[32];
	uint16_t n = rte_eth_rx_burst(d->pid, 0, m, 32);
	for (uint16_t i = 0; i < n; i++)
		rte_pktmbuf_free(m[i]);
	d->back += n;
}

static bool link_up(uint16_t pid)
{
	struct rte_eth_link link;
	memset(&link, 0, sizeof(link));
	return rte_eth_link_get_nowait(pid, &link) == 0 && link.link_status == RTE_ETH_LINK_UP;
}

/* Opens the device, retrying while its peer is not there yet, and waits for
   the link; NULL when the --wait-link time ran out. */
static struct sky_port *tx_open(const struct bench_opts *o, struct tx_dev *d)
{
	char err[1024] = "";
	double until = now_s() + o->wait_link;
	struct sky_port *p = NULL;
	while (!p && !stop_flag && now_s() < until)
		if (!(p = open_device(o, d->mp, true, &d->pid, err, sizeof(err))))
			usleep(100000);
	if (!p) {
		fprintf(stderr, "skyfuse bench tx: %s\n", err);
		return NULL;
	}
	while (!link_up(d->pid) && !stop_flag && now_s() < until)
		usleep(10000);
	if (!link_up(d->pid)) {
		fprintf(stderr, "skyfuse bench tx: %s: link not up after %g s\n", p->name,
			o->wait_link);
		sky_port_free(p);
		return NULL;
	}
	return p;
}

/* Sends frames [i, i + k) and retries until the device took them all;
   false when it took nothing for --wait-link seconds. */
static bool tx_burst_all(const struct bench_opts *o, struct tx_dev *d, const struct frames *f,
			 size_t i, unsigned k)
{
	struct rte_mbuf *m[TX_MAX_BURST];
	while (rte_pktmbuf_alloc_bulk(d->mp, m, k) != 0)
		drain_rx(d);
	for (unsigned j = 0; j < k; j++) {
		/* longer frames were refused at load: they fit */
		memcpy(rte_pktmbuf_mtod(m[j], void *), f->data[i + j], f->len[i + j]);
		m[j]->data_len = f->len[i + j];
		m[j]->pkt_len = f->len[i + j];
	}
	unsigned done = 0;
	double stuck = 0;
	while (done < k && !stop_flag) {
		uint16_t s = rte_eth_tx_burst(d->pid, 0, m + done, (uint16_t)(k - done));
		done += s;
		if (s)
			stuck = 0;
		else if (stuck == 0)
			stuck = now_s();
		else if (now_s() - stuck > o->wait_link)
			break;
		drain_rx(d);
	}
	for (unsigned j = done; j < k; j++)
		rte_pktmbuf_free(m[j]);
	return done == k;
}

static int tx_device(const struct bench_opts *o, const struct frames *f)
{
	if (start_eal(o, false) < 0)
		return 1;
	struct tx_dev d = {0};
	int rc = 1;
	d.mp = rte_pktmbuf_pool_create("bench_tx", POOL_MBUFS, POOL_CACHE, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	struct sky_port *p = d.mp ? tx_open(o, &d) : NULL;
	if (!d.mp)
		fprintf(stderr, "skyfuse bench tx: mempool: %s\n", rte_strerror(rte_errno));
	if (p) {
		unsigned burst = o->burst < TX_MAX_BURST ? o->burst : TX_MAX_BURST;
		uint64_t sent = 0;
		double t0 = now_s();
		bool ok = true;
		for (size_t i = 0; ok && i < f->n && !stop_flag;) {
			double due = due_s(o, f, i);
			while (now_s() - t0 < due)
				drain_rx(&d);
			unsigned k = due_count(o, f, i, now_s() - t0, burst);
			ok = tx_burst_all(o, &d, f, i, k);
			sent += ok ? k : 0;
			i += k;
		}
		double secs = now_s() - t0;
		for (double end = now_s() + o->linger; now_s() < end && !stop_flag;)
			drain_rx(&d);
		printf("device: %s, memory: %s\n", p->name, memory_kind());
		tx_result("dpdk", sent, 0, d.back, secs);
		if (!ok)
			fprintf(stderr, "skyfuse bench tx: %s took nothing for %g s: gave up\n",
				p->name, o->wait_link);
		rc = sent == f->n ? 0 : 1;
		sky_port_free(p);
	}
	rte_mempool_free(d.mp);
	sky_eal_stop();
	return rc;
}

int sky_bench_tx_main(int argc, char **argv)
{
	if (sky_wants_help(argc, argv)) {
		fputs(tx_usage, stdout);
		return 0;
	}
	struct bench_opts o;
	if (parse_opts(argc, argv, &o, tx_usage) < 0)
		return 2;
	if (!o.pcap || !o.dev[0] == !o.udp) {
		fprintf(stderr, "skyfuse bench tx: give --pcap FILE and one of --device, --udp\n");
		fputs(tx_usage, stderr);
		return 2;
	}
	struct frames f;
	if (frames_load(o.pcap, &f) < 0) {
		frames_free(&f);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	int rc = o.udp ? tx_udp(&o, &f) : tx_device(&o, &f);
	frames_free(&f);
	return rc;
}
