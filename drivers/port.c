/*
 * port.c - what every back end of port.h shares: creation by driver, and
 * counting the frames of a capture (a replay ends when all of them went in).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "port.h"

struct sky_port *sky_port_create(const struct sky_port_conf *c, struct rte_mempool *mp,
				 char *err, size_t errlen)
{
	switch (c->driver) {
	case SKY_PORT_DPDK:
		return sky_port_dpdk_ops.create(c, mp, err, errlen);
	case SKY_PORT_SOCKET:
		return sky_port_socket_ops.create(c, mp, err, errlen);
	default:
		snprintf(err, errlen, "no port driver given");
		errno = EINVAL;
		return NULL;
	}
}

long long sky_pcap_count_frames(const char *path, char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, perr);
	if (!p) {
		snprintf(err, errlen, "%s", perr);
		return -EINVAL;
	}
	err[0] = 0;
	struct pcap_pkthdr *h;
	const u_char *data;
	long long n = 0;
	int rc;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1)
		n++;
	/* A truncated tail (a capture cut short) ends the capture for the
	   reader of net_pcap too: count what can be read, and say why. */
	if (rc == PCAP_ERROR)
		snprintf(err, errlen, "%s: unreadable after frame %lld: %s", path, n,
			 pcap_geterr(p));
	pcap_close(p);
	return n;
}
