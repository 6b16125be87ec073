/*
 * decode.c - the decode stage, first version: every datagram is walked by
 * the ASTERIX codec (sky_ast_decode_datagram) and its records and
 * rejections are counted per category and reason; the datagram itself goes
 * on unchanged. This is what lets the runtime run end to end (rx -> decode
 * -> publish re-emitting the datagrams) before plots and the fuse stage
 * exist; the plot-producing decode (SAC/SIC allow-list, per-sensor counts,
 * batches of struct sky_plot in sky_msg) replaces it.
 *
 *   Uses: the UDP payload (mbuf data after rx).
 *   Sets: nothing.
 *   Next: the following stage (publish), the same mbuf.
 */
#include <errno.h>
#include <string.h>

#include <rte_malloc.h>

#include "ast_record.h"
#include "stage.h"

#define DECODE_COUNTERS(_)                                                  \
	_(DATAGRAMS, PASS, "datagrams walked and passed on")                \
	_(BLOCKS, INFO, "data blocks")                                      \
	_(RECORDS, INFO, "records decoded")                                 \
	_(CAT001, INFO, "CAT001 records")                                   \
	_(CAT002, INFO, "CAT002 records")                                   \
	_(CAT021, INFO, "CAT021 records")                                   \
	_(CAT034, INFO, "CAT034 records")                                   \
	_(CAT048, INFO, "CAT048 records")                                   \
	_(CAT062, INFO, "CAT062 records")                                   \
	_(CAT_OTHER, INFO, "records of other categories")

enum decode_counter {
#define C(n, k, d) DEC_##n,
	DECODE_COUNTERS(C)
#undef C
	DEC_REJ_BASE,
#define R(n, d) DEC_REJ_##n,
	SKY_AST_FOREACH_REJECT(R)
#undef R
	DEC_N_COUNTERS
};

static const struct sky_counter_desc decode_counters[] = {
	DECODE_COUNTERS(SKY_COUNTER_DESC)
	{.name = "REJECTED", .desc = "record-level rejections (all reasons)", .kind = SKY_CTR_INFO},
#define R(n, d) {.name = "REJ_" #n, .desc = d, .kind = SKY_CTR_INFO},
	SKY_AST_FOREACH_REJECT(R)
#undef R
};

struct decode_state {
	uint64_t *ctr;
	struct sky_ast_decoder dec;
	struct sky_ast_decode_stats st;
	uint64_t seen_records, seen_blocks, seen_rej[SKY_AST_REJ_COUNT];
	uint64_t seen_cat[256];
};

static void on_record(void *ctx, const struct sky_ast_record *r)
{
	(void)ctx, (void)r;
}

static int decode_init(const struct sky_stage_ctx *ctx, void **state)
{
	struct decode_state *s = rte_zmalloc_socket("decode", sizeof(*s), RTE_CACHE_LINE_SIZE,
						    ctx->socket_id);
	if (!s)
		return -ENOMEM;
	s->ctr = ctx->counters;
	s->dec = (struct sky_ast_decoder){.on_record = on_record, .stats = &s->st};
	*state = s;
	return 0;
}

static void publish_delta(struct decode_state *s, unsigned c, uint64_t now, uint64_t *seen)
{
	if (now != *seen) {
		sky_ctr_add(&s->ctr[c], now - *seen);
		*seen = now;
	}
}

/* Moves what the codec counted into this lcore's counters, once a burst. */
static void publish_stats(struct decode_state *s)
{
	static const struct { uint8_t cat; unsigned ctr; } cats[] = {
		{1, DEC_CAT001}, {2, DEC_CAT002}, {21, DEC_CAT021},
		{34, DEC_CAT034}, {48, DEC_CAT048}, {62, DEC_CAT062}};
	publish_delta(s, DEC_RECORDS, s->st.records, &s->seen_records);
	publish_delta(s, DEC_BLOCKS, s->st.blocks, &s->seen_blocks);
	uint64_t other = s->st.records;
	for (unsigned i = 0; i < sizeof(cats) / sizeof(cats[0]); i++) {
		publish_delta(s, cats[i].ctr, s->st.records_by_cat[cats[i].cat],
			      &s->seen_cat[cats[i].cat]);
		other -= s->st.records_by_cat[cats[i].cat];
	}
	publish_delta(s, DEC_CAT_OTHER, other, &s->seen_cat[0]);
	for (unsigned r = 1; r < SKY_AST_REJ_COUNT; r++) {
		uint64_t before = s->seen_rej[r];
		publish_delta(s, DEC_REJ_BASE + r, s->st.rejects[r], &s->seen_rej[r]);
		if (s->st.rejects[r] != before)
			sky_ctr_add(&s->ctr[DEC_REJ_BASE], s->st.rejects[r] - before);
	}
}

static uint16_t decode_process(void *state, void **in, uint16_t n, struct sky_burst *out)
{
	struct decode_state *s = state;
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = in[i];
		sky_ast_decode_datagram(&s->dec, rte_pktmbuf_mtod(m, const uint8_t *), m->data_len);
		out[0].item[out[0].n++] = m;
	}
	sky_ctr_add(&s->ctr[DEC_DATAGRAMS], n);
	publish_stats(s);
	return n;
}

static void decode_fini(void *state)
{
	rte_free(state);
}

static const struct sky_stage_ops decode_stage = {
	.name = "decode",
	.summary = "walk ASTERIX records, count by category (datagrams pass through)",
	.in_kind = SKY_ITEM_MBUF,
	.out_kind = SKY_ITEM_MBUF,
	.init = decode_init,
	.process = decode_process,
	.fini = decode_fini,
	.counters = decode_counters,
	.n_counters = DEC_N_COUNTERS,
};
SKY_STAGE_REGISTER(decode_stage)
