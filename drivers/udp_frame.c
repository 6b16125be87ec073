/*
 * udp_frame.c - classification and construction of Ethernet/IPv4/UDP frames
 * (see udp_frame.h). Bounds are checked before every read.
 */
#include <string.h>

#include "udp_frame.h"

static const char *const reason_names[] = {
#define NAME(n, d) #n,
	SKY_FRAME_FOREACH_REASON(NAME)
#undef NAME
};
static const char *const reason_descs[] = {
#define DESC(n, d) d,
	SKY_FRAME_FOREACH_REASON(DESC)
#undef DESC
};

const char *sky_frame_reason_name(enum sky_frame_reason r)
{
	return (unsigned)r < SKY_FRAME_REASON_COUNT ? reason_names[r] : "INVALID";
}

const char *sky_frame_reason_desc(enum sky_frame_reason r)
{
	return (unsigned)r < SKY_FRAME_REASON_COUNT ? reason_descs[r] : "invalid reason";
}

static inline uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Skips Ethernet and up to two VLAN tags; returns the L3 offset or 0. */
static size_t ethernet_skip(const uint8_t *f, size_t len, uint16_t *type, uint16_t *vlan)
{
	size_t off = 12;
	*vlan = 0;
	for (int tags = 0; tags < 3; tags++) {
		if (len < off + 2)
			return 0;
		*type = be16(f + off);
		if (*type != 0x8100 && *type != 0x88a8)
			return off + 2;
		if (len < off + 6)
			return 0;
		*vlan = be16(f + off + 2) & 0x0fff;
		off += 4;
	}
	return 0;
}

enum sky_frame_reason sky_udp_frame_parse(const uint8_t *f, size_t len,
					  struct sky_udp_view *v)
{
	uint16_t type;
	size_t l3 = ethernet_skip(f, len, &type, &v->vlan);
	if (l3 == 0)
		return SKY_FRAME_TRUNCATED_ETHERNET;
	if (type != 0x0800)
		return SKY_FRAME_NOT_IPV4;
	if (len < l3 + 20)
		return SKY_FRAME_TRUNCATED_IPV4;
	const uint8_t *ip = f + l3;
	size_t ihl = (size_t)(ip[0] & 15) * 4;
	if ((ip[0] >> 4) != 4 || ihl < 20)
		return SKY_FRAME_BAD_IPV4_HEADER;
	size_t tot = be16(ip + 2);
	if (tot < ihl || l3 + tot > len)
		return SKY_FRAME_BAD_IPV4_LENGTH;
	v->l3_offset = l3;
	v->src_ip = be32(ip + 12);
	v->dst_ip = be32(ip + 16);
	v->ip_id = be16(ip + 4);
	v->frag_off = (uint16_t)((be16(ip + 6) & 0x1fff) * 8);
	v->more_frags = (ip[6] >> 5) & 1;
	if (v->frag_off || v->more_frags)
		return SKY_FRAME_IPV4_FRAGMENT;
	if (ip[9] != 17)
		return SKY_FRAME_NOT_UDP;
	if (tot < ihl + 8)
		return SKY_FRAME_TRUNCATED_UDP;
	const uint8_t *udp = ip + ihl;
	size_t ulen = be16(udp + 4);
	if (ulen < 8 || ulen > tot - ihl)
		return SKY_FRAME_BAD_UDP_LENGTH;
	v->src_port = be16(udp);
	v->dst_port = be16(udp + 2);
	v->payload = udp + 8;
	v->len = ulen - 8;
	return SKY_FRAME_OK;
}

static uint16_t ipv4_checksum(const uint8_t *h)
{
	uint32_t s = 0;
	for (int i = 0; i < 20; i += 2)
		s += be16(h + i);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }

void sky_udp_frame_build(uint8_t hdr[SKY_UDP_FRAME_HDR],
			 const struct sky_udp_endpoints *ep, size_t len,
			 uint16_t ip_id)
{
	memcpy(hdr, ep->dst_mac, 6);
	memcpy(hdr + 6, ep->src_mac, 6);
	put16(hdr + 12, 0x0800);
	uint8_t *ip = hdr + 14;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + 8 + len));
	put16(ip + 4, ip_id);
	put16(ip + 6, 0x4000); /* DF */
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, ep->src_ip);
	put32(ip + 16, ep->dst_ip);
	put16(ip + 10, ipv4_checksum(ip));
	uint8_t *udp = ip + 20;
	put16(udp, ep->src_port);
	put16(udp + 2, ep->dst_port);
	put16(udp + 4, (uint16_t)(8 + len));
	put16(udp + 6, 0); /* checksum optional in IPv4 */
}
