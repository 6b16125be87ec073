/*
 * pcap_file.c - libpcap-backed capture reading and writing (see pcap_file.h).
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_file.h"

struct sky_pcap_reader {
	pcap_t *p;
	int nsec;
	char err[PCAP_ERRBUF_SIZE + 256];
};

struct sky_pcap_writer {
	pcap_t *p;
	pcap_dumper_t *d;
	uint16_t ip_id;
	uint8_t frame[65536 + SKY_UDP_FRAME_HDR];
};

struct sky_pcap_reader *sky_pcap_open_read(const char *path, char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct sky_pcap_reader *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	r->p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, perr);
	if (!r->p) {
		snprintf(err, errlen, "%s: cannot open capture: %s", path, perr);
		free(r);
		return NULL;
	}
	return r;
}

int sky_pcap_next(struct sky_pcap_reader *r, const uint8_t **frame, size_t *len,
		  uint64_t *ts_ns)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc = pcap_next_ex(r->p, &h, &data);
	if (rc == 1) {
		*frame = data;
		*len = h->caplen;
		*ts_ns = (uint64_t)h->ts.tv_sec * 1000000000ull + (uint64_t)h->ts.tv_usec;
		return 1;
	}
	if (rc == PCAP_ERROR_BREAK)
		return 0;
	snprintf(r->err, sizeof(r->err), "%s", pcap_geterr(r->p));
	return -1;
}

const char *sky_pcap_reader_error(struct sky_pcap_reader *r)
{
	return r->err;
}

int sky_pcap_linktype(const struct sky_pcap_reader *r)
{
	return pcap_datalink(r->p);
}

void sky_pcap_close_read(struct sky_pcap_reader *r)
{
	if (!r)
		return;
	pcap_close(r->p);
	free(r);
}

struct sky_pcap_writer *sky_pcap_open_write(const char *path, char *err, size_t errlen)
{
	struct sky_pcap_writer *w = calloc(1, sizeof(*w));
	if (!w) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	w->p = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535,
						    PCAP_TSTAMP_PRECISION_MICRO);
	if (!w->p || !(w->d = pcap_dump_open(w->p, path))) {
		snprintf(err, errlen, "%s: cannot create capture: %s", path,
			 w->p ? pcap_geterr(w->p) : "pcap_open_dead failed");
		if (w->p)
			pcap_close(w->p);
		free(w);
		return NULL;
	}
	return w;
}

int sky_pcap_write(struct sky_pcap_writer *w, const uint8_t *frame, size_t len,
		   uint64_t ts_ns)
{
	struct pcap_pkthdr h = {
		.ts = {.tv_sec = (time_t)(ts_ns / 1000000000ull),
		       .tv_usec = (suseconds_t)(ts_ns % 1000000000ull / 1000)},
		.caplen = (bpf_u_int32)len,
		.len = (bpf_u_int32)len,
	};
	pcap_dump((u_char *)w->d, &h, frame);
	return 0;
}

int sky_pcap_write_udp(struct sky_pcap_writer *w, const struct sky_udp_endpoints *ep,
		       const uint8_t *payload, size_t len, uint64_t ts_ns)
{
	if (len > 65535 - 28)
		return -EMSGSIZE;
	sky_udp_frame_build(w->frame, ep, len, w->ip_id++);
	memcpy(w->frame + SKY_UDP_FRAME_HDR, payload, len);
	return sky_pcap_write(w, w->frame, SKY_UDP_FRAME_HDR + len, ts_ns);
}

int sky_pcap_close_write(struct sky_pcap_writer *w)
{
	if (!w)
		return 0;
	int rc = pcap_dump_flush(w->d) == 0 ? 0 : -EIO;
	pcap_dump_close(w->d);
	pcap_close(w->p);
	free(w);
	return rc;
}
