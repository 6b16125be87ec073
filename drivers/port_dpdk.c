/*
 * port_dpdk.c - the DPDK ethdev back end of port.h: any PMD (net_pcap for
 * replay, net_memif, net_tap, net_ring, net_af_packet, real NICs), one rx
 * and one tx queue.
 *
 * Devices are named by the config: a virtual device's devargs go to EAL as
 * --vdev and a PCI address as -a (sky_port_dpdk_eal_args), and the port is
 * found after EAL init by its ethdev name. One ethdev may serve as input and
 * output at once (two sky_port objects, rx and tx): the device is
 * configured and started once and stopped when its last user frees it.
 * Stopping a net_pcap device closes its tx capture file, so that is what
 * completes the output of a replay.
 *
 * Replay. net_pcap reads its rx_pcap file as fast as it is polled and
 * writes the capture time into the standard rx timestamp mbuf field, in
 * microseconds (drivers/net/pcap in 22.11: tv_sec * 1e6 + tv_usec). It
 * never says when the file is exhausted, so the port counts the frames of
 * the file at create (sky_pcap_count_frames) and reports at_end once the
 * device has accounted for all of them (received + rx_nombuf + errors, from
 * rte_eth_stats) and none is held back. Pacing (realtime, factor) happens
 * here on the rx side: a burst read from the device is kept in a small
 * stash and released frame by frame when the TSC reaches the frame's due
 * time, t0_tsc + (ts - ts0) / factor, never earlier than the frame before
 * (captures are not always monotonic). `max` bypasses the stash entirely.
 *
 * Time stamps. The contract of port.h: a frame whose rx timestamp flag is
 * set carries its capture or arrival time in UNIX nanoseconds in the
 * standard rx timestamp field. net_pcap's microseconds are scaled here;
 * other PMDs' stamps (NIC clocks, not UNIX time) are cleared, so the rx
 * stage stamps those frames from the host clock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>

#include "port.h"

#define STASH 64 /* frames read ahead for pacing */

/* One per ethdev, shared by the rx and the tx port object using it. */
struct dpdk_dev {
	unsigned refs;
};

static struct dpdk_dev devs[RTE_MAX_ETHPORTS];

struct dpdk_port {
	struct sky_port base;
	uint16_t port_id;
	bool rx, tx;

	uint64_t expected;        /* frames in the rx capture; 0: live */
	bool ended;
	uint64_t delivered, sent;

	enum sky_pace_mode pace;
	uint64_t cycles_per_us_q16; /* TSC cycles per capture us / factor, Q16 */
	int ts_off;
	uint64_t ts_flag;
	bool t0_set;
	uint64_t t0_us, t0_tsc, last_due;
	bool ts_is_pcap_us;       /* net_pcap: UNIX us to scale to ns */
	uint16_t s_head, s_count;
	struct rte_mbuf *stash[STASH];
	uint64_t due[STASH];      /* TSC at which stash[i] may go */
};

static bool looks_pci(const char *dev)
{
	unsigned a, b, c, d;
	char tail;
	return sscanf(dev, "%x:%x:%x.%x%c", &a, &b, &c, &d, &tail) == 4 ||
	       sscanf(dev, "%x:%x.%x%c", &a, &b, &c, &tail) == 3;
}

void sky_port_dpdk_name(const struct sky_port_conf *c, char *out, size_t n)
{
	size_t len = strcspn(c->dev, ",");
	if (len >= n)
		len = n - 1;
	memcpy(out, c->dev, len);
	out[len] = 0;
}

int sky_port_dpdk_eal_args(const struct sky_port_conf *c, const char **argv, int *argc,
			   int max)
{
	if (c->driver != SKY_PORT_DPDK || !c->dev[0])
		return 0;
	if (*argc + 2 > max)
		return -ENOSPC;
	bool pci = looks_pci(c->dev);
	argv[(*argc)++] = pci ? "-a" : "--vdev";
	argv[(*argc)++] = c->dev;
	return pci;
}

/* The path after rx_pcap= in a net_pcap devargs string, or NULL. */
static char *rx_pcap_path(const char *dev)
{
	if (strncmp(dev, "net_pcap", 8) != 0)
		return NULL;
	const char *p = strstr(dev, "rx_pcap=");
	if (!p)
		return NULL;
	p += 8;
	return strndup(p, strcspn(p, ","));
}

static int find_port(const struct sky_port_conf *c, uint16_t *id, char *err, size_t errlen)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	sky_port_dpdk_name(c, name, sizeof(name));
	if (!name[0]) {
		uint16_t pid;
		RTE_ETH_FOREACH_DEV(pid) {
			*id = pid;
			return 0;
		}
		snprintf(err, errlen, "no DPDK port: give a device (e.g. an `eal` "
			 "--vdev or -a argument, or the input's pcap)");
		return -ENODEV;
	}
	if (rte_eth_dev_get_port_by_name(name, id) == 0)
		return 0;
	snprintf(err, errlen, "DPDK device '%s' was not probed (%u ports available)",
		 name, rte_eth_dev_count_avail());
	return -ENODEV;
}

static int dev_start(uint16_t pid, const struct sky_port_conf *c, struct rte_mempool *mp,
		     char *err, size_t errlen)
{
	struct rte_eth_conf conf;
	memset(&conf, 0, sizeof(conf));
	uint16_t nrx = c->rx_desc ? c->rx_desc : 1024;
	uint16_t ntx = c->tx_desc ? c->tx_desc : 1024;
	int sock = rte_eth_dev_socket_id(pid);
	int rc = rte_eth_dev_configure(pid, 1, 1, &conf);
	if (rc == 0)
		rc = rte_eth_dev_adjust_nb_rx_tx_desc(pid, &nrx, &ntx);
	if (rc == 0)
		rc = rte_eth_rx_queue_setup(pid, 0, nrx, sock < 0 ? 0 : (unsigned)sock, NULL, mp);
	if (rc == 0)
		rc = rte_eth_tx_queue_setup(pid, 0, ntx, sock < 0 ? 0 : (unsigned)sock, NULL);
	if (rc == 0)
		rc = rte_eth_dev_start(pid);
	if (rc < 0) {
		char name[RTE_ETH_NAME_MAX_LEN] = "?";
		rte_eth_dev_get_name_by_port(pid, name);
		snprintf(err, errlen, "DPDK port %u (%s): setup failed: %s", pid, name,
			 rte_strerror(-rc));
		return rc;
	}
	rte_eth_promiscuous_enable(pid); /* not every PMD has it; harmless */
	return 0;
}

static void dev_put(uint16_t pid)
{
	if (--devs[pid].refs == 0) {
		rte_eth_dev_stop(pid);
		rte_eth_dev_close(pid);
	}
}

static int pace_setup(struct dpdk_port *p, const struct sky_port_conf *c, char *err,
		      size_t errlen)
{
	double factor = c->pace == SKY_PACE_FACTOR ? c->pace_factor : 1.0;
	if (!(factor > 0)) {
		snprintf(err, errlen, "pace factor %g: expected > 0", factor);
		return -EINVAL;
	}
	if (!p->ts_flag || !p->ts_is_pcap_us) {
		snprintf(err, errlen, "%s gives no capture timestamps to pace by; use speed max",
			 p->base.name);
		return -ENOTSUP;
	}
	double per_us = (double)rte_get_tsc_hz() / 1e6 / factor;
	p->cycles_per_us_q16 = (uint64_t)(per_us * 65536.0);
	p->pace = c->pace;
	return 0;
}

static void ts_setup(struct dpdk_port *p)
{
	struct rte_eth_dev_info info;
	p->ts_off = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_TIMESTAMP_NAME, NULL);
	int bit = rte_mbuf_dynflag_lookup(RTE_MBUF_DYNFLAG_RX_TIMESTAMP_NAME, NULL);
	p->ts_flag = p->ts_off >= 0 && bit >= 0 ? 1ull << bit : 0;
	p->ts_is_pcap_us = rte_eth_dev_info_get(p->port_id, &info) == 0 &&
			   strcmp(info.driver_name, "net_pcap") == 0;
}

static int replay_setup(struct dpdk_port *p, const struct sky_port_conf *c, char *err,
			size_t errlen)
{
	char *path = rx_pcap_path(c->dev);
	if (!path)
		return 0;
	long long n = sky_pcap_count_frames(path, err, errlen);
	free(path);
	if (n < 0)
		return (int)n;
	if (err[0])
		fprintf(stderr, "skyfuse: warning: %s\n", err);
	err[0] = 0;
	p->expected = (uint64_t)n;
	p->ended = n == 0;
	return 0;
}

static struct sky_port *dpdk_create(const struct sky_port_conf *c, struct rte_mempool *mp,
				    char *err, size_t errlen)
{
	err[0] = 0;
	struct dpdk_port *p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->base.ops = &sky_port_dpdk_ops;
	p->rx = c->rx;
	p->tx = c->tx;
	int rc = find_port(c, &p->port_id, err, errlen);
	if (rc == 0 && devs[p->port_id].refs == 0)
		rc = dev_start(p->port_id, c, mp, err, errlen);
	if (rc < 0)
		goto fail;
	devs[p->port_id].refs++;
	rte_eth_dev_get_name_by_port(p->port_id, p->base.name);
	if (c->rx)
		ts_setup(p);
	if (c->rx && (rc = replay_setup(p, c, err, errlen)) < 0)
		goto fail_put;
	if (c->rx && c->pace != SKY_PACE_MAX && (rc = pace_setup(p, c, err, errlen)) < 0)
		goto fail_put;
	return &p->base;
fail_put:
	dev_put(p->port_id);
fail:
	free(p);
	errno = -rc;
	return NULL;
}

static uint64_t due_tsc(struct dpdk_port *p, struct rte_mbuf *m, uint64_t now)
{
	if (!(m->ol_flags & p->ts_flag))
		return p->last_due;
	uint64_t us = *RTE_MBUF_DYNFIELD(m, p->ts_off, rte_mbuf_timestamp_t *);
	if (!p->t0_set) {
		p->t0_set = true;
		p->t0_us = us;
		p->t0_tsc = now;
		p->last_due = now;
	}
	uint64_t due = us > p->t0_us
		? p->t0_tsc + (uint64_t)(((unsigned __int128)(us - p->t0_us) *
					  p->cycles_per_us_q16) >> 16)
		: p->t0_tsc;
	if (due < p->last_due)
		due = p->last_due;
	p->last_due = due;
	return due;
}

static uint16_t paced_rx(struct dpdk_port *p, struct rte_mbuf **m, uint16_t n)
{
	uint64_t now = rte_rdtsc();
	if (p->s_head == p->s_count) {
		p->s_head = 0;
		p->s_count = rte_eth_rx_burst(p->port_id, 0, p->stash, STASH);
		for (uint16_t i = 0; i < p->s_count; i++)
			p->due[i] = due_tsc(p, p->stash[i], now);
	}
	uint16_t k = 0;
	while (k < n && p->s_head < p->s_count && p->due[p->s_head] <= now)
		m[k++] = p->stash[p->s_head++];
	return k;
}

/* Capture time to UNIX ns (net_pcap), or no time at all (see the top). */
static void ts_normalise(struct dpdk_port *p, struct rte_mbuf **m, uint16_t k)
{
	for (uint16_t i = 0; i < k; i++) {
		if (!(m[i]->ol_flags & p->ts_flag))
			continue;
		if (p->ts_is_pcap_us)
			*RTE_MBUF_DYNFIELD(m[i], p->ts_off, rte_mbuf_timestamp_t *) *= 1000;
		else
			m[i]->ol_flags &= ~p->ts_flag;
	}
}

static uint16_t dpdk_rx(struct sky_port *base, struct rte_mbuf **m, uint16_t n)
{
	struct dpdk_port *p = (struct dpdk_port *)base;
	uint16_t k = p->pace == SKY_PACE_MAX ? rte_eth_rx_burst(p->port_id, 0, m, n)
					     : paced_rx(p, m, n);
	if (p->ts_flag)
		ts_normalise(p, m, k);
	p->delivered += k;
	return k;
}

static uint16_t dpdk_tx(struct sky_port *base, struct rte_mbuf **m, uint16_t n)
{
	struct dpdk_port *p = (struct dpdk_port *)base;
	uint16_t k = rte_eth_tx_burst(p->port_id, 0, m, n);
	p->sent += k;
	return k;
}

static bool dpdk_at_end(struct sky_port *base)
{
	struct dpdk_port *p = (struct dpdk_port *)base;
	if (p->ended || !p->expected || p->s_head != p->s_count)
		return p->ended;
	struct rte_eth_stats st;
	if (rte_eth_stats_get(p->port_id, &st) == 0 &&
	    st.ipackets + st.rx_nombuf + st.ierrors >= p->expected)
		p->ended = true;
	return p->ended;
}

static void dpdk_stats(struct sky_port *base, struct sky_port_stats *s)
{
	struct dpdk_port *p = (struct dpdk_port *)base;
	struct rte_eth_stats st;
	memset(s, 0, sizeof(*s));
	if (rte_eth_stats_get(p->port_id, &st) < 0)
		memset(&st, 0, sizeof(st));
	if (p->rx) {
		s->rx = p->delivered;
		s->rx_missed = st.imissed;
		s->rx_nombuf = st.rx_nombuf;
		s->rx_errors = st.ierrors;
		s->held = (uint64_t)(p->s_count - p->s_head);
		s->expected = p->expected;
	}
	if (p->tx) {
		s->tx = p->sent;
		s->tx_errors = st.oerrors;
	}
}

static void dpdk_free(struct sky_port *base)
{
	struct dpdk_port *p = (struct dpdk_port *)base;
	while (p->s_head < p->s_count)
		rte_pktmbuf_free(p->stash[p->s_head++]);
	dev_put(p->port_id);
	free(p);
}

const struct sky_port_ops sky_port_dpdk_ops = {
	.name = "dpdk",
	.create = dpdk_create,
	.rx_burst = dpdk_rx,
	.tx_burst = dpdk_tx,
	.at_end = dpdk_at_end,
	.stats = dpdk_stats,
	.free = dpdk_free,
};
