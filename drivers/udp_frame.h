/*
 * udp_frame.h - Ethernet / 802.1Q VLAN / IPv4 / UDP framing: classify a
 * received frame down to its UDP payload, and build frames to send or write.
 *
 * Plain C over a byte buffer, so the rx stage (on mbuf data), `skyfuse
 * decode` (on pcap frames) and the simulator share one implementation.
 * Every frame that does not yield a UDP payload gets a named reason.
 */
#ifndef SKY_UDP_FRAME_H
#define SKY_UDP_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define SKY_FRAME_FOREACH_REASON(_)                                    \
	_(OK, "UDP payload found")                                      \
	_(TRUNCATED_ETHERNET, "frame shorter than its Ethernet/VLAN header") \
	_(NOT_IPV4, "EtherType is not IPv4")                           \
	_(TRUNCATED_IPV4, "frame shorter than its IPv4 header")         \
	_(BAD_IPV4_HEADER, "IPv4 version or header length invalid")     \
	_(BAD_IPV4_LENGTH, "IPv4 total length disagrees with the frame") \
	_(IPV4_FRAGMENT, "IPv4 fragment")                               \
	_(NOT_UDP, "IPv4 protocol is not UDP")                          \
	_(TRUNCATED_UDP, "frame shorter than its UDP header")           \
	_(BAD_UDP_LENGTH, "UDP length disagrees with the IPv4 payload")

enum sky_frame_reason {
#define SKY_FRAME_ENUM(n, d) SKY_FRAME_##n,
	SKY_FRAME_FOREACH_REASON(SKY_FRAME_ENUM)
#undef SKY_FRAME_ENUM
	SKY_FRAME_REASON_COUNT
};

const char *sky_frame_reason_name(enum sky_frame_reason r);
const char *sky_frame_reason_desc(enum sky_frame_reason r);

struct sky_udp_view {
	const uint8_t *payload;
	size_t len;
	uint32_t src_ip, dst_ip;     /* host order */
	uint16_t src_port, dst_port; /* host order */
	uint16_t vlan;               /* 0 when untagged */
	uint16_t ip_id;
	uint16_t frag_off;           /* IPv4 fragment offset in bytes */
	uint8_t more_frags;
	size_t l3_offset;            /* of the IPv4 header in the frame */
};

/* Classify an Ethernet frame. */
enum sky_frame_reason sky_udp_frame_parse(const uint8_t *frame, size_t len,
					  struct sky_udp_view *v);

/* Header bytes that sky_udp_frame_build writes before the payload. */
#define SKY_UDP_FRAME_HDR 42

struct sky_udp_endpoints {
	uint8_t src_mac[6], dst_mac[6];
	uint32_t src_ip, dst_ip;     /* host order */
	uint16_t src_port, dst_port;
};

/*
 * Write Ethernet + IPv4 + UDP headers for a payload of len bytes into hdr
 * (SKY_UDP_FRAME_HDR bytes), with a correct IPv4 header checksum.
 */
void sky_udp_frame_build(uint8_t hdr[SKY_UDP_FRAME_HDR],
			 const struct sky_udp_endpoints *ep, size_t len,
			 uint16_t ip_id);

#endif
