/*
 * pcap_file.h - reading and writing classic libpcap capture files with
 * libpcap, outside DPDK: for `skyfuse decode`, the simulator, the scorer and
 * tests. (The pipeline replays captures through DPDK's net_pcap PMD.)
 */
#ifndef SKY_PCAP_FILE_H
#define SKY_PCAP_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "udp_frame.h"

struct sky_pcap_reader;
struct sky_pcap_writer;

/* NULL on failure with a message naming the file in err. */
struct sky_pcap_reader *sky_pcap_open_read(const char *path, char *err, size_t errlen);
/*
 * Next frame: 1 with *frame (valid until the next call), *len and the
 * capture time in nanoseconds since the UNIX epoch; 0 at end; -1 on a read
 * error (message via sky_pcap_reader_error).
 */
int sky_pcap_next(struct sky_pcap_reader *r, const uint8_t **frame, size_t *len,
		  uint64_t *ts_ns);
const char *sky_pcap_reader_error(struct sky_pcap_reader *r);
/* Link type (DLT_*) of the capture; 1 is Ethernet. */
int sky_pcap_linktype(const struct sky_pcap_reader *r);
void sky_pcap_close_read(struct sky_pcap_reader *r);

struct sky_pcap_writer *sky_pcap_open_write(const char *path, char *err, size_t errlen);
int sky_pcap_write(struct sky_pcap_writer *w, const uint8_t *frame, size_t len,
		   uint64_t ts_ns);
/* Frame a UDP payload (Ethernet/IPv4/UDP) and write it. 0 or -errno. */
int sky_pcap_write_udp(struct sky_pcap_writer *w, const struct sky_udp_endpoints *ep,
		       const uint8_t *payload, size_t len, uint64_t ts_ns);
/* Flushes and closes; 0 or -EIO. */
int sky_pcap_close_write(struct sky_pcap_writer *w);

#endif
