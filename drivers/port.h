/*
 * port.h - the edges of the pipeline: where frames come from and where they
 * go, as an ops table (create, rx_burst, tx_burst, stats, free) with one
 * file per back end (the shape of DPDK's lib/port/rte_port.h):
 *
 *   port_dpdk.c    any DPDK ethdev: net_pcap (replay), net_memif, net_tap,
 *                  net_ring, net_af_packet, real NICs; replay pacing from
 *                  the capture timestamps lives here.
 *   port_socket.c  kernel UDP sockets (recvmmsg/sendmmsg, multicast join):
 *                  hosts without a DPDK NIC, and the baseline of the latency
 *                  benchmark.
 *
 * Every back end moves whole Ethernet frames in rte_mbufs from the one
 * pktmbuf pool the runtime gives it, so the rx stage cannot tell a datagram
 * received by a socket from one received by a NIC: the socket back end
 * writes an Ethernet/IPv4/UDP header in front of each payload it receives
 * and takes the payload (and, unless configured, the destination) out of
 * each frame it sends.
 *
 * Time: a received frame whose rx timestamp mbuf flag
 * (RTE_MBUF_DYNFLAG_RX_TIMESTAMP_NAME) is set carries its capture time
 * (replay) or arrival time in UNIX nanoseconds in the standard timestamp
 * field; a port that cannot say clears the flag.
 *
 * A port is used by one lcore per direction: rx_burst by the source stage's
 * lcore, tx_burst by the sink stage's lcore; stats may be read by the
 * control thread at any time.
 */
#ifndef SKY_PORT_H
#define SKY_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rte_mbuf;
struct rte_mempool;

enum sky_port_driver {
	SKY_PORT_NONE = 0,
	SKY_PORT_DPDK,
	SKY_PORT_SOCKET,
};

enum sky_pace_mode {
	SKY_PACE_MAX = 0,      /* as fast as the pipeline takes it */
	SKY_PACE_REALTIME,     /* capture timestamps reproduced */
	SKY_PACE_FACTOR,       /* capture time divided by factor */
};

struct sky_port_conf {
	enum sky_port_driver driver;
	bool rx, tx;               /* directions this port object is used for */

	/* dpdk: an ethdev name ("net_pcap0", "0000:03:00.0") or the devargs of
	   a virtual device ("net_pcap0,rx_pcap=in.pcap"): its name is what
	   precedes the first comma. Empty: the first ethdev found. */
	char dev[1024];
	uint16_t rx_desc, tx_desc; /* 0: the device's preference */

	/* socket */
	uint32_t bind_ip;          /* host order; 0 = any */
	uint16_t udp_port;         /* rx: the port to bind */
	uint32_t multicast;        /* host order; 0 = none: group to join */
	uint32_t dst_ip;           /* tx: destination, 0 = from each frame */
	uint16_t dst_port;         /* tx: 0 = from each frame */

	/* replay pacing (ports whose device reports capture timestamps) */
	enum sky_pace_mode pace;
	double pace_factor;        /* SKY_PACE_FACTOR: > 0, 2.0 = twice as fast */
};

struct sky_port_stats {
	uint64_t rx;               /* frames handed to the pipeline */
	uint64_t tx;               /* frames accepted for sending */
	uint64_t rx_missed;        /* lost by the device (no descriptor) */
	uint64_t rx_nombuf;        /* lost for want of an mbuf */
	uint64_t rx_errors;        /* bad or truncated frames */
	uint64_t tx_errors;        /* refused by the device or the kernel */
	uint64_t held;             /* read but not yet released (pacing) */
	uint64_t expected;         /* frames in the capture (replay), else 0 */
};

struct sky_port;

struct sky_port_ops {
	const char *name;
	/* NULL with a message naming the device in err. */
	struct sky_port *(*create)(const struct sky_port_conf *c, struct rte_mempool *mp,
				   char *err, size_t errlen);
	uint16_t (*rx_burst)(struct sky_port *p, struct rte_mbuf **m, uint16_t n);
	/* Returns the count accepted; the rest stay with the caller. */
	uint16_t (*tx_burst)(struct sky_port *p, struct rte_mbuf **m, uint16_t n);
	/* True once a finite source (a capture) has delivered everything. */
	bool (*at_end)(struct sky_port *p);
	void (*stats)(struct sky_port *p, struct sky_port_stats *s);
	void (*free)(struct sky_port *p);
};

/* Every back end's port starts with this. */
struct sky_port {
	const struct sky_port_ops *ops;
	char name[64];
};

extern const struct sky_port_ops sky_port_dpdk_ops;
extern const struct sky_port_ops sky_port_socket_ops;

/* Creates a port with the back end the conf names. */
struct sky_port *sky_port_create(const struct sky_port_conf *c, struct rte_mempool *mp,
				 char *err, size_t errlen);

static inline uint16_t sky_port_rx(struct sky_port *p, struct rte_mbuf **m, uint16_t n)
{
	return p->ops->rx_burst(p, m, n);
}

static inline uint16_t sky_port_tx(struct sky_port *p, struct rte_mbuf **m, uint16_t n)
{
	return p->ops->tx_burst(p, m, n);
}

static inline bool sky_port_at_end(struct sky_port *p)
{
	return p->ops->at_end ? p->ops->at_end(p) : false;
}

static inline void sky_port_free(struct sky_port *p)
{
	if (p)
		p->ops->free(p);
}

/*
 * EAL arguments a DPDK port conf needs (--vdev DEVARGS or -a PCI), appended
 * to argv (at most max - *argc entries, strings owned by the conf). Returns
 * 1 when the device is a PCI device, 0 when not, -ENOSPC when argv is full.
 */
int sky_port_dpdk_eal_args(const struct sky_port_conf *c, const char **argv, int *argc,
			   int max);

/* The ethdev name of a dpdk conf: what precedes the first comma of dev. */
void sky_port_dpdk_name(const struct sky_port_conf *c, char *out, size_t n);

/*
 * Frames in a classic pcap file, or -errno when it cannot be opened (err
 * says why). A capture unreadable after some frame counts the frames before
 * and leaves a warning in err (empty otherwise).
 */
long long sky_pcap_count_frames(const char *path, char *err, size_t errlen);

#endif
