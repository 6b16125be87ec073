/*
 * relay.c - the relay stage: datagrams are re-emitted as they came (same
 * UDP payload, source address and ports), framed Ethernet/IPv4/UDP to the
 * configured destination, and the rx -> publish latency of each is
 * recorded. It is the runtime's own test load and baseline: `--stages
 * rx,relay` moves datagrams through the real ports, rings and lcores
 * without any ASTERIX work, so runtime tests and the runtime-cost
 * benchmark do not depend on the fusion chain (rx, decode, fuse, publish).
 *
 *   Uses: the UDP payload and struct sky_dgram_meta.
 *   Sets: the frame headers (prepended in the headroom rx freed).
 *   Next: the output port.
 */
#include <errno.h>

#include <rte_cycles.h>
#include <rte_malloc.h>

#include "graph.h"
#include "hist.h"
#include "stage.h"
#include "udp_frame.h"

#define RELAY_COUNTERS(_)                                               \
	_(DATAGRAMS, PASS, "datagrams framed and sent on")                \
	_(NO_HEADROOM, REJECT, "datagrams without room for the headers")

enum relay_counter {
#define C(n, k, d) RLY_##n,
	RELAY_COUNTERS(C)
#undef C
	RLY_N_COUNTERS
};

static const struct sky_counter_desc relay_counters[] = {
	RELAY_COUNTERS(SKY_COUNTER_DESC)
};

struct relay_state {
	uint64_t *ctr;
	struct sky_hist *latency;
	uint32_t dst_ip;
	uint16_t ip_id;
};

static int relay_init(const struct sky_stage_ctx *ctx, void **state)
{
	struct relay_state *s = rte_zmalloc_socket("relay", sizeof(*s), RTE_CACHE_LINE_SIZE,
						     ctx->socket_id);
	if (!s)
		return -ENOMEM;
	s->ctr = ctx->counters;
	s->latency = ctx->latency;
	s->dst_ip = ctx->conf->out_dst_ip;
	*state = s;
	return 0;
}

static bool frame(struct relay_state *s, struct rte_mbuf *m)
{
	const struct sky_dgram_meta *meta = sky_dgram_meta(m);
	uint16_t len = m->data_len;
	uint8_t *hdr = (uint8_t *)rte_pktmbuf_prepend(m, SKY_UDP_FRAME_HDR);
	if (!hdr)
		return false;
	struct sky_udp_endpoints ep = {
		.src_mac = {0x02, 0, 0, 0, 0, 0x01},
		.dst_mac = {0x02, 0, 0, 0, 0, 0x02},
		.src_ip = meta->src_ip,
		.dst_ip = s->dst_ip,
		.src_port = meta->src_port,
		.dst_port = meta->dst_port,
	};
	sky_udp_frame_build(hdr, &ep, len, s->ip_id++);
	return true;
}

static uint16_t relay_process(void *state, void **in, uint16_t n, struct sky_burst *out)
{
	struct relay_state *s = state;
	uint64_t now = rte_rdtsc();
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = in[i];
		uint64_t rx = sky_dgram_meta(m)->rx_tsc;
		if (!frame(s, m)) {
			sky_ctr_add(&s->ctr[RLY_NO_HEADROOM], 1);
			rte_pktmbuf_free(m);
			continue;
		}
		sky_hist_add(s->latency, now - rx);
		out[0].item[out[0].n++] = m;
	}
	sky_ctr_add(&s->ctr[RLY_DATAGRAMS], out[0].n);
	return n;
}

static void relay_fini(void *state)
{
	rte_free(state);
}

static const struct sky_stage_ops relay_stage = {
	.name = "relay",
	.summary = "re-emit datagrams as they came, framed to the output (latency recorded)",
	.in_kind = SKY_ITEM_MBUF,
	.out_kind = SKY_ITEM_MBUF,
	.init = relay_init,
	.process = relay_process,
	.fini = relay_fini,
	.counters = relay_counters,
	.n_counters = RLY_N_COUNTERS,
};
SKY_STAGE_REGISTER(relay_stage)
