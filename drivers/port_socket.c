/*
 * port_socket.c - the kernel UDP back end of port.h: for hosts without a
 * DPDK NIC, and the baseline the latency benchmark compares DPDK with.
 *
 * rx: a non-blocking UDP socket bound to the configured port (and address),
 * joined to a multicast group when one is configured; recvmmsg fills a
 * burst of mbufs from the runtime's pool directly (one syscall per burst,
 * the payload lands SKY_UDP_FRAME_HDR bytes into the mbuf) and the port then
 * writes an Ethernet/IPv4/UDP header in front of each payload with the
 * sender's address, so the rx stage sees the same frames as from a NIC.
 * Datagrams larger than an mbuf are truncated by the kernel: they are
 * counted as rx_errors and freed.
 *
 * tx: frames built by the publish stage are parsed back to their UDP
 * payload and destination (overridden by the configured destination when
 * given) and sent with one sendmmsg per burst; frames that are not UDP are
 * counted as tx_errors and freed. When the kernel takes only part of a
 * burst the rest stays with the caller, like a full NIC queue.
 */
#define _GNU_SOURCE /* recvmmsg, sendmmsg */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <rte_mbuf.h>

#include "port.h"
#include "udp_frame.h"

#define SOCK_BURST 64

struct socket_port {
	struct sky_port base;
	int fd;
	struct rte_mempool *mp;
	uint32_t local_ip;
	uint16_t local_port;
	uint32_t dst_ip;
	uint16_t dst_port;
	uint16_t ip_id;
	uint64_t rx, tx, rx_errors, tx_errors, rx_nombuf;
	struct mmsghdr msg[SOCK_BURST];
	struct iovec iov[SOCK_BURST];
	struct sockaddr_in addr[SOCK_BURST];
};

static int fail_errno(char *err, size_t errlen, const char *what, const char *name)
{
	int e = errno;
	snprintf(err, errlen, "socket port %s: %s: %s", name, what, strerror(e));
	return -e;
}

static int join_group(struct socket_port *p, const struct sky_port_conf *c, char *err,
		      size_t errlen)
{
	struct ip_mreq mr = {
		.imr_multiaddr.s_addr = htonl(c->multicast),
		.imr_interface.s_addr = htonl(c->bind_ip),
	};
	if (setsockopt(p->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0)
		return fail_errno(err, errlen, "joining the multicast group", p->base.name);
	return 0;
}

static int open_rx(struct socket_port *p, const struct sky_port_conf *c, char *err,
		   size_t errlen)
{
	int one = 1, rcvbuf = 8 << 20;
	setsockopt(p->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(c->udp_port),
		/* a multicast receiver binds the group so it gets nothing else */
		.sin_addr.s_addr = htonl(c->multicast ? c->multicast : c->bind_ip),
	};
	if (bind(p->fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return fail_errno(err, errlen, "bind", p->base.name);
	p->local_ip = c->multicast ? c->multicast : c->bind_ip;
	p->local_port = c->udp_port;
	return c->multicast ? join_group(p, c, err, errlen) : 0;
}

static int open_tx(struct socket_port *p, const struct sky_port_conf *c, char *err,
		   size_t errlen)
{
	if (c->bind_ip && !c->rx) {
		struct sockaddr_in a = {.sin_family = AF_INET,
					.sin_addr.s_addr = htonl(c->bind_ip)};
		if (bind(p->fd, (struct sockaddr *)&a, sizeof(a)) < 0)
			return fail_errno(err, errlen, "bind", p->base.name);
	}
	int ttl = 8;
	setsockopt(p->fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl));
	p->dst_ip = c->dst_ip;
	p->dst_port = c->dst_port;
	return 0;
}

static struct sky_port *socket_create(const struct sky_port_conf *c, struct rte_mempool *mp,
				      char *err, size_t errlen)
{
	struct socket_port *p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->base.ops = &sky_port_socket_ops;
	p->mp = mp;
	snprintf(p->base.name, sizeof(p->base.name), "udp:%u", c->rx ? c->udp_port : c->dst_port);
	int rc = 0;
	p->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0)
		rc = fail_errno(err, errlen, "socket", p->base.name);
	if (rc == 0 && c->rx)
		rc = open_rx(p, c, err, errlen);
	if (rc == 0 && c->tx)
		rc = open_tx(p, c, err, errlen);
	if (rc < 0) {
		if (p->fd >= 0)
			close(p->fd);
		free(p);
		errno = -rc;
		return NULL;
	}
	return &p->base;
}

static void frame_header(struct socket_port *p, struct rte_mbuf *m, const struct sockaddr_in *from,
			 size_t len)
{
	struct sky_udp_endpoints ep = {
		.src_ip = ntohl(from->sin_addr.s_addr),
		.dst_ip = p->local_ip,
		.src_port = ntohs(from->sin_port),
		.dst_port = p->local_port,
	};
	sky_udp_frame_build(rte_pktmbuf_mtod(m, uint8_t *), &ep, len, p->ip_id++);
	m->data_len = (uint16_t)(SKY_UDP_FRAME_HDR + len);
	m->pkt_len = m->data_len;
}

static uint16_t socket_rx(struct sky_port *base, struct rte_mbuf **m, uint16_t n)
{
	struct socket_port *p = (struct socket_port *)base;
	if (n > SOCK_BURST)
		n = SOCK_BURST;
	if (rte_pktmbuf_alloc_bulk(p->mp, m, n) < 0) {
		p->rx_nombuf++;
		return 0;
	}
	for (uint16_t i = 0; i < n; i++) {
		p->iov[i].iov_base = rte_pktmbuf_mtod(m[i], uint8_t *) + SKY_UDP_FRAME_HDR;
		p->iov[i].iov_len = rte_pktmbuf_tailroom(m[i]) - SKY_UDP_FRAME_HDR;
		p->msg[i].msg_hdr = (struct msghdr){
			.msg_name = &p->addr[i], .msg_namelen = sizeof(p->addr[i]),
			.msg_iov = &p->iov[i], .msg_iovlen = 1};
	}
	int got = recvmmsg(p->fd, p->msg, n, MSG_DONTWAIT, NULL);
	if (got < 0)
		got = 0;
	uint16_t k = 0;
	for (int i = 0; i < got; i++) {
		if (p->msg[i].msg_hdr.msg_flags & MSG_TRUNC) {
			p->rx_errors++;
			rte_pktmbuf_free(m[i]);
			continue;
		}
		frame_header(p, m[i], &p->addr[i], p->msg[i].msg_len);
		m[k++] = m[i];
	}
	for (uint16_t i = (uint16_t)got; i < n; i++)
		rte_pktmbuf_free(m[i]);
	p->rx += k;
	return k;
}

/* Fills msg[j] for frame m; false when the frame is not UDP. */
static bool tx_prepare(struct socket_port *p, struct rte_mbuf *m, unsigned j)
{
	struct sky_udp_view v;
	if (m->nb_segs != 1 ||
	    sky_udp_frame_parse(rte_pktmbuf_mtod(m, uint8_t *), m->data_len, &v) != SKY_FRAME_OK)
		return false;
	p->addr[j] = (struct sockaddr_in){
		.sin_family = AF_INET,
		.sin_port = htons(p->dst_port ? p->dst_port : v.dst_port),
		.sin_addr.s_addr = htonl(p->dst_ip ? p->dst_ip : v.dst_ip),
	};
	p->iov[j] = (struct iovec){.iov_base = (void *)v.payload, .iov_len = v.len};
	p->msg[j].msg_hdr = (struct msghdr){.msg_name = &p->addr[j],
					    .msg_namelen = sizeof(p->addr[j]),
					    .msg_iov = &p->iov[j], .msg_iovlen = 1};
	return true;
}

static uint16_t socket_tx(struct sky_port *base, struct rte_mbuf **m, uint16_t n)
{
	struct socket_port *p = (struct socket_port *)base;
	if (n > SOCK_BURST)
		n = SOCK_BURST;
	struct rte_mbuf *keep[SOCK_BURST];
	unsigned k = 0;
	for (uint16_t i = 0; i < n; i++) {
		if (tx_prepare(p, m[i], k)) {
			keep[k++] = m[i];
		} else {
			p->tx_errors++;
			rte_pktmbuf_free(m[i]);
		}
	}
	int sent = k ? sendmmsg(p->fd, p->msg, k, MSG_DONTWAIT) : 0;
	if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS) {
		p->tx_errors += k; /* unroutable and the like: retrying cannot help */
		sent = (int)k;
	} else if (sent < 0) {
		sent = 0;
	} else {
		p->tx += (uint64_t)sent;
	}
	for (int i = 0; i < sent; i++)
		rte_pktmbuf_free(keep[i]);
	/* unsent frames go back to the caller, at the end of its array */
	uint16_t accepted = (uint16_t)(n - (k - (unsigned)sent));
	for (unsigned j = 0; j < k - (unsigned)sent; j++)
		m[accepted + j] = keep[(unsigned)sent + j];
	return accepted;
}

static void socket_stats(struct sky_port *base, struct sky_port_stats *s)
{
	struct socket_port *p = (struct socket_port *)base;
	memset(s, 0, sizeof(*s));
	s->rx = p->rx;
	s->tx = p->tx;
	s->rx_errors = p->rx_errors;
	s->rx_nombuf = p->rx_nombuf;
	s->tx_errors = p->tx_errors;
}

static void socket_free(struct sky_port *base)
{
	struct socket_port *p = (struct socket_port *)base;
	close(p->fd);
	free(p);
}

const struct sky_port_ops sky_port_socket_ops = {
	.name = "socket",
	.create = socket_create,
	.rx_burst = socket_rx,
	.tx_burst = socket_tx,
	.stats = socket_stats,
	.free = socket_free,
};
