/*
 * publish.c - the publish stage: track updates -> CAT062 datagrams to the
 * output port (in replay, net_pcap writes them into TRACKS.pcap).
 *
 * Two passes over a burst of update batches: first every update becomes a
 * CAT062 record (track_cat062.h: system SAC/SIC from the config, service
 * 1, positions in the system plane, the WGS84 positions of a batch's
 * updates converted together by one SIMD call) packed into the open
 * datagram (cat062_pack.h: one data block, at most 1400 bytes), written
 * straight into an mbuf behind the headroom; a full datagram is framed
 * Ethernet/IPv4/UDP to output.destination:output.cat062_udp_port and goes
 * out, the last partial one at the end of the burst. Then, with one TSC
 * read after the encoding, the rx -> publish latency of every update
 * caused by a plot is recorded (the runtime's histogram; coasting and
 * end-of-input updates carry rx_tsc 0 and are not measured) and the
 * batches are freed.
 *
 *   Uses: track-update batches (stage_msgs.h).
 *   Sets: Ethernet frames in mbufs of the datagram pool.
 *   Next: the output port.
 *
 * Accounting: a batch is PASS (BATCHES) once its updates were encoded or
 * counted (TOO_BIG, NO_MBUF), REJECT (WRONG_TYPE) if it is not an update
 * batch. Datagrams beyond one output burst wait, in order, in the stash.
 */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>

#include "cat062_pack.h"
#include "graph.h"
#include "hist.h"
#include "sensor_table.h"
#include "stage_msgs.h"
#include "udp_frame.h"

#define PUBLISH_COUNTERS(_)                                                     \
	_(BATCHES, PASS, "track-update batches encoded")                        \
	_(WRONG_TYPE, REJECT, "messages that were not track-update batches")    \
	_(UPDATES, INFO, "track updates")                                       \
	_(RECORDS, INFO, "CAT062 records written")                              \
	_(TSE, INFO, "records ending a track (TSE)")                            \
	_(DATAGRAMS, INFO, "CAT062 datagrams sent on")                          \
	_(TOO_BIG, INFO, "updates whose record fits no datagram, not sent")     \
	_(NO_MBUF, INFO, "updates not sent: the datagram pool was empty")       \
	_(DATAGRAMS_LOST, INFO, "datagrams not sent: the output stash was full")

enum publish_counter {
#define C(n, k, d) PUB_##n,
	PUBLISH_COUNTERS(C)
#undef C
	PUB_N_COUNTERS
};

static const struct sky_counter_desc publish_counters[] = {
	PUBLISH_COUNTERS(SKY_COUNTER_DESC)
};

struct publish_state {
	uint64_t *ctr;
	struct sky_hist *latency;
	struct rte_mempool *pool;
	struct sky_enu_frame sys;
	struct sky_cat062_packer pk;
	struct rte_mbuf *cur;              /* the open datagram */
	struct sky_udp_endpoints ep;
	uint16_t ip_id;
	struct sky_burst *out;
	struct sky_stash stash;
};

/* ---- datagrams ------------------------------------------------------------ */

static bool open_dgram(struct publish_state *s)
{
	if (s->cur)
		return true;
	if (!(s->cur = rte_pktmbuf_alloc(s->pool)))
		return false;
	size_t room = rte_pktmbuf_tailroom(s->cur);
	sky_cat062_pack_reset(&s->pk, rte_pktmbuf_mtod(s->cur, uint8_t *), room);
	return true;
}

/* Frames the open datagram and sends it on (nothing when it is empty). */
static void send_dgram(struct publish_state *s)
{
	struct rte_mbuf *m = s->cur;
	size_t len = m ? sky_cat062_pack_take(&s->pk) : 0;
	if (!len)
		return;
	s->cur = NULL;
	m->data_len = (uint16_t)len;
	m->pkt_len = (uint32_t)len;
	uint8_t *hdr = (uint8_t *)rte_pktmbuf_prepend(m, SKY_UDP_FRAME_HDR);
	sky_udp_frame_build(hdr, &s->ep, len, s->ip_id++);
	if (sky_stash_emit(&s->stash, s->out, m)) {
		sky_ctr_add(&s->ctr[PUB_DATAGRAMS], 1);
		return;
	}
	sky_ctr_add(&s->ctr[PUB_DATAGRAMS_LOST], 1);
	rte_pktmbuf_free(m);
}

/* Packs update i of the packer's batch; 1 when its record went in. */
static unsigned publish_one(struct publish_state *s, unsigned i)
{
	if (!open_dgram(s)) {
		sky_ctr_add(&s->ctr[PUB_NO_MBUF], 1);
		return 0;
	}
	enum sky_cat062_pack_result r = sky_cat062_pack(&s->pk, i);
	if (r == SKY_CAT062_FULL) {
		send_dgram(s);
		if (!open_dgram(s)) {
			sky_ctr_add(&s->ctr[PUB_NO_MBUF], 1);
			return 0;
		}
		r = sky_cat062_pack(&s->pk, i);
	}
	if (r != SKY_CAT062_PACKED) {
		sky_ctr_add(&s->ctr[PUB_TOO_BIG], 1);
		return 0;
	}
	return 1;
}

/* ---- the stage ------------------------------------------------------------ */

/* The batch's positions are converted together (sky_cat062_pack_batch),
 * then each update is packed; counters are added once per batch. */
static void encode_batch(struct publish_state *s, const struct sky_msg *m)
{
	const struct sky_track_update *u = (const struct sky_track_update *)m->data;
	uint64_t records = 0, tse = 0;
	unsigned k;
	for (uint32_t off = 0; off < m->count; off += k) {
		k = sky_cat062_pack_batch(&s->pk, u + off, m->count - off);
		for (unsigned i = 0; i < k; i++) {
			unsigned ok = publish_one(s, i);
			records += ok;
			tse += ok && (u[off + i].flags & SKY_TRACK_TERMINATED);
		}
	}
	sky_ctr_add(&s->ctr[PUB_UPDATES], m->count);
	sky_ctr_add(&s->ctr[PUB_RECORDS], records);
	sky_ctr_add(&s->ctr[PUB_TSE], tse);
}

/*
 * The fuse stage wrote the updates on another core, so every cache line of
 * a batch misses here; the loads of the position gather then stalled
 * publish more than all of its arithmetic. The headers of the burst's
 * batches are prefetched first, and the next batch's lines while this one
 * is encoded.
 */
static void prefetch_batch(const struct sky_msg *m)
{
	const uint8_t *p = m->data, *end = m->data + m->len;
	for (; p < end; p += RTE_CACHE_LINE_SIZE)
		rte_prefetch0(p);
}

static void measure_and_free(struct publish_state *s, struct sky_msg *m, uint64_t now)
{
	const struct sky_track_update *u = (const struct sky_track_update *)m->data;
	for (uint32_t i = 0; i < m->count; i++)
		if (u[i].rx_tsc && u[i].rx_tsc <= now)
			sky_hist_add(s->latency, now - u[i].rx_tsc);
	sky_msg_free(m);
}

/* 240-275 cycles/update (515-535 before the batch kernel; busy_cycles 460-490 vs 610-680)
 * (2026-11-22, skyfuse replay of scale.yaml, tracker passthrough; rdtsc around this body) */
static uint16_t publish_process(void *state, void **in, uint16_t n, struct sky_burst *out)
{
	struct publish_state *s = state;
	s->out = &out[0];
	sky_stash_drain(&s->stash, s->out);
	for (uint16_t i = 0; i < n; i++)
		rte_prefetch0(in[i]);
	if (n)
		prefetch_batch(in[0]);
	uint16_t ok = 0;
	for (uint16_t i = 0; i < n; i++) {
		struct sky_msg *m = in[i];
		if (m->type != SKY_MSG_TRKU) {
			sky_ctr_add(&s->ctr[PUB_WRONG_TYPE], 1);
			sky_msg_free(m);
			in[i] = NULL;
			continue;
		}
		if (i + 1 < n)
			prefetch_batch(in[i + 1]);
		encode_batch(s, m);
		ok++;
	}
	send_dgram(s);
	uint64_t now = rte_rdtsc();
	for (uint16_t i = 0; i < n; i++)
		if (in[i])
			measure_and_free(s, in[i], now);
	sky_ctr_add(&s->ctr[PUB_BATCHES], ok);
	return n;
}

static bool publish_flush(void *state, struct sky_burst *out, bool final)
{
	struct publish_state *s = state;
	(void)final;
	s->out = &out[0];
	sky_stash_drain(&s->stash, s->out);
	return s->stash.n > 0;
}

static void endpoints(struct publish_state *s, const struct sky_pipeline_conf *c)
{
	s->ep = (struct sky_udp_endpoints){
		.src_mac = {0x02, 0, 0, 0, 0, 0x01},
		.dst_mac = {0x02, 0, 0, 0, 0, 0x02},
		.src_ip = c->out_src_ip,
		.dst_ip = c->out_dst_ip,
		.src_port = c->out_udp_port,
		.dst_port = c->out_udp_port,
	};
}

static int publish_init(const struct sky_stage_ctx *ctx, void **state)
{
	struct publish_state *s = rte_zmalloc_socket("publish", sizeof(*s), RTE_CACHE_LINE_SIZE,
						     ctx->socket_id);
	if (!s)
		return -ENOMEM;
	s->ctr = ctx->counters;
	s->latency = ctx->latency;
	s->pool = ctx->pktmbuf_pool;
	const struct sky_config *cfg = ctx->conf->config;
	struct sky_cat062_source src = {.service = 1, .sys = &s->sys};
	if (cfg) {
		sky_enu_frame_init(&s->sys, cfg->system.reference.lat, cfg->system.reference.lon,
				   cfg->system.reference.alt);
		src.sac = cfg->system.sac;
		src.sic = cfg->system.sic;
	} else {
		sky_enu_frame_init(&s->sys, 0, 0, 0);
	}
	sky_cat062_pack_init(&s->pk, &src, NULL, 0);
	endpoints(s, ctx->conf);
	*state = s;
	return 0;
}

static void publish_fini(void *state)
{
	struct publish_state *s = state;
	rte_pktmbuf_free(s->cur);
	sky_stash_free_all(&s->stash, SKY_ITEM_MBUF);
	rte_free(s);
}

static const struct sky_stage_ops publish_stage = {
	.name = "publish",
	.summary = "track updates -> CAT062 datagrams to the output (latency recorded)",
	.in_kind = SKY_ITEM_MSG,
	.out_kind = SKY_ITEM_MBUF,
	.init = publish_init,
	.process = publish_process,
	.flush = publish_flush,
	.fini = publish_fini,
	.counters = publish_counters,
	.n_counters = PUB_N_COUNTERS,
};
SKY_STAGE_REGISTER(publish_stage)
