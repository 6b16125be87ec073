/*
 * decode.c - the decode stage: ASTERIX datagrams -> batches of plots in the
 * system frame for the fuse stage.
 *
 * Each datagram goes through the pure decoder (plot_decode.h): per block
 * the sensor is found by the SAC/SIC of its first record and the block is
 * decoded with that sensor's editions; each record becomes a plot or is
 * counted by why not (codec rejection by reason, no-plot reason, CAT034
 * service message, unconfigured SAC/SIC, source address not allowed). The
 * plots are appended to the open batch (a sky_msg of type SKY_MSG_PLOT);
 * a full batch goes out at once, a partial one at the end of the burst, so
 * a plot never waits for a later burst. The datagram mbuf is freed.
 *
 *   Uses: the UDP payload, struct sky_dgram_meta (time_ns dates the time
 *         of day, rx_tsc goes into every plot, src_ip for the allow-list).
 *   Sets: plot batches (stage_msgs.h).
 *   Next: fuse; with several fuse instances, all batches go to the first
 *         (fusion is not sharded yet).
 *
 * Accounting: a datagram is PASS (DATAGRAMS) once every record in it has
 * its fate counted, REJECT (EMPTY) when it has no payload. The decoder's
 * record counters and the per-sensor counters (named after the config's
 * sensors at init) are mirrored into this stage's counters after each
 * burst. Records of unconfigured SAC/SICs are listed by SAC/SIC at exit.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_malloc.h>

#include "graph.h"
#include "plot_decode.h"
#include "stage_msgs.h"

#define SENSOR_SLOTS 16
#define SENSOR_KINDS 3   /* plots, no plot, rejected */

#define DECODE_COUNTERS(_)                                                         \
	_(DATAGRAMS, PASS, "datagrams decoded, every record's fate counted")       \
	_(EMPTY, REJECT, "datagrams without payload")                              \
	_(BATCHES, INFO, "plot batches sent to fuse")                              \
	_(PLOTS_LOST, INFO, "plots lost: message pool empty or output stash full")

enum decode_counter {
#define C(n, k, d) DEC_##n,
	DECODE_COUNTERS(C)
#undef C
	DEC_PD_BASE,
	DEC_NOPLOT_BASE = DEC_PD_BASE + SKY_PD_NOPLOT_BASE,   /* NOPLOT_OK left out */
	DEC_REJ_BASE = DEC_NOPLOT_BASE + SKY_NOPLOT_COUNT - 1,  /* REJ OK left out */
	DEC_SENSOR_BASE = DEC_REJ_BASE + SKY_AST_REJ_COUNT - 1,
	DEC_N_COUNTERS = DEC_SENSOR_BASE + SENSOR_SLOTS * SENSOR_KINDS
};

#define PD_DESC(n, d) {.name = #n, .desc = d, .kind = SKY_CTR_INFO},
#define NOPLOT_DESC(n, d) {.name = "NOPLOT_" #n, .desc = "no plot: " d, .kind = SKY_CTR_INFO},
#define REJ_DESC(n, d) {.name = "REJ_" #n, .desc = d, .kind = SKY_CTR_INFO},

/* Not const: the per-sensor names are written at init (before launch). */
static struct sky_counter_desc decode_counters[DEC_N_COUNTERS] = {
	DECODE_COUNTERS(SKY_COUNTER_DESC)
	SKY_PLOT_DECODE_FOREACH_COUNTER(PD_DESC)
	SKY_NOPLOT_FOREACH(NOPLOT_DESC)
	SKY_AST_FOREACH_REJECT(REJ_DESC)
	[DEC_SENSOR_BASE ... DEC_N_COUNTERS - 1] = {.name = "SENSOR_SLOT", .desc = "per sensor",
						    .kind = SKY_CTR_INFO},
};
static char sensor_names[SENSOR_SLOTS][SENSOR_KINDS][64];

struct decode_state {
	uint64_t *ctr;
	struct rte_mempool *pool;
	struct sky_config empty_cfg;       /* when the graph has no config */
	struct sky_sensor_table sensors;
	struct sky_plot_decoder *dec;
	const struct sky_config *cfg;
	unsigned instance;
	bool finished;
	/* the open batch and where it goes */
	struct sky_msg *cur;
	uint32_t cur_cap;                  /* plots per batch */
	uint64_t time_ns;                  /* of the datagram being decoded */
	struct sky_burst *out;
	struct sky_stash stash;
};

/* ---- counters ------------------------------------------------------------ */

static unsigned stage_index(unsigned pd)
{
	if (pd < SKY_PD_NOPLOT_BASE)
		return DEC_PD_BASE + pd;
	if (pd < SKY_PD_REJ_BASE)
		return DEC_NOPLOT_BASE + (pd - SKY_PD_NOPLOT_BASE) - 1;
	return DEC_REJ_BASE + (pd - SKY_PD_REJ_BASE) - 1;
}

static void set_ctr(uint64_t *c, uint64_t v)
{
	__atomic_store_n(c, v, __ATOMIC_RELAXED);
}

static unsigned slot_of(unsigned sensor)
{
	return sensor < SENSOR_SLOTS ? sensor : SENSOR_SLOTS - 1;
}

static void mirror(struct decode_state *s)
{
	const uint64_t *pd = sky_plot_decoder_counters(s->dec);
	for (unsigned c = 0; c < SKY_PD_COUNTER_COUNT; c++)
		if (c != SKY_PD_NOPLOT_BASE && c != SKY_PD_REJ_BASE)
			set_ctr(&s->ctr[stage_index(c)], pd[c]);
	uint64_t slot[SENSOR_SLOTS][SENSOR_KINDS] = {{0}};
	for (unsigned i = 0; i < s->sensors.n; i++) {
		const struct sky_plot_decode_sensor *ps = sky_plot_decoder_sensor(s->dec, i);
		slot[slot_of(i)][0] += ps->plots;
		slot[slot_of(i)][1] += ps->no_plot;
		slot[slot_of(i)][2] += ps->rejected;
	}
	for (unsigned i = 0; i < SENSOR_SLOTS && i < s->sensors.n; i++)
		for (unsigned k = 0; k < SENSOR_KINDS; k++)
			set_ctr(&s->ctr[DEC_SENSOR_BASE + i * SENSOR_KINDS + k], slot[i][k]);
}

/* "SENSOR_radar_1_PLOTS": printed in lower case, telemetry-safe characters. */
static void name_sensor_slots(const struct sky_config *cfg)
{
	static const char *const kind[SENSOR_KINDS][2] = {
		{"PLOTS", "plots from this sensor"},
		{"NOPLOT", "records of this sensor that gave no plot"},
		{"REJECTED", "codec rejections in this sensor's blocks"}};
	for (unsigned i = 0; i < SENSOR_SLOTS; i++)
		for (unsigned k = 0; k < SENSOR_KINDS; k++) {
			char *n = sensor_names[i][k];
			if (i == SENSOR_SLOTS - 1 && cfg->n_sensors > SENSOR_SLOTS)
				snprintf(n, 64, "SENSORS_%u_AND_UP_%s", SENSOR_SLOTS, kind[k][0]);
			else if (i < cfg->n_sensors)
				snprintf(n, 64, "SENSOR_%.40s_%s", cfg->sensors[i].name, kind[k][0]);
			else
				snprintf(n, 64, "SENSOR_SLOT%u_%s", i, kind[k][0]);
			for (char *p = n; *p; p++)
				if (!isalnum((unsigned char)*p))
					*p = '_';
			struct sky_counter_desc *d = &decode_counters[DEC_SENSOR_BASE + i * SENSOR_KINDS + k];
			*d = (struct sky_counter_desc){.name = n, .desc = kind[k][1], .kind = SKY_CTR_INFO};
		}
}

/* ---- batches --------------------------------------------------------------- */

static void close_batch(struct decode_state *s)
{
	struct sky_msg *m = s->cur;
	if (!m)
		return;
	s->cur = NULL;
	if (sky_stash_emit(&s->stash, s->out, m)) {
		sky_ctr_add(&s->ctr[DEC_BATCHES], 1);
		return;
	}
	sky_ctr_add(&s->ctr[DEC_PLOTS_LOST], m->count);
	sky_msg_free(m);
}

static void on_plot(void *ctx, const struct sky_plot *p)
{
	struct decode_state *s = ctx;
	if (!s->cur) {
		if (!(s->cur = sky_msg_alloc(s->pool))) {
			sky_ctr_add(&s->ctr[DEC_PLOTS_LOST], 1);
			return;
		}
		s->cur->type = SKY_MSG_PLOT;
		s->cur->rx_tsc = p->rx_tsc;
		s->cur->time_ns = s->time_ns;
	}
	struct sky_plot *dst = (struct sky_plot *)s->cur->data;
	dst[s->cur->count++] = *p;
	s->cur->len += (uint32_t)sizeof(*p);
	if (s->cur->count == s->cur_cap)
		close_batch(s);
}

/* ---- the stage ------------------------------------------------------------ */

static uint16_t decode_process(void *state, void **in, uint16_t n, struct sky_burst *out)
{
	struct decode_state *s = state;
	s->out = &out[0];
	sky_stash_drain(&s->stash, s->out);
	uint64_t ok = 0;
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = in[i];
		const struct sky_dgram_meta *meta = sky_dgram_meta(m);
		if (m->data_len == 0) {
			sky_ctr_add(&s->ctr[DEC_EMPTY], 1);
			rte_pktmbuf_free(m);
			continue;
		}
		struct sky_dgram_info info = {.time_ns = meta->time_ns, .rx_tsc = meta->rx_tsc,
					      .src_ip = meta->src_ip};
		s->time_ns = meta->time_ns;
		sky_plot_decode(s->dec, rte_pktmbuf_mtod(m, const uint8_t *), m->data_len, &info,
				on_plot, s);
		rte_pktmbuf_free(m);
		ok++;
	}
	close_batch(s);
	sky_ctr_add(&s->ctr[DEC_DATAGRAMS], ok);
	mirror(s);
	return n;
}

static bool decode_flush(void *state, struct sky_burst *out, bool final)
{
	struct decode_state *s = state;
	s->out = &out[0];
	close_batch(s);
	sky_stash_drain(&s->stash, s->out);
	if (final && !s->stash.n)
		s->finished = true;
	return s->stash.n > 0;
}

static int decode_init(const struct sky_stage_ctx *ctx, void **state)
{
	struct decode_state *s = rte_zmalloc_socket("decode", sizeof(*s), RTE_CACHE_LINE_SIZE,
						    ctx->socket_id);
	if (!s)
		return -ENOMEM;
	s->ctr = ctx->counters;
	s->pool = ctx->msg_pool;
	s->instance = ctx->instance;
	s->cfg = ctx->conf->config;
	if (!s->cfg) {
		sky_config_default(&s->empty_cfg);
		s->cfg = &s->empty_cfg;
	}
	char err[512];
	if (sky_sensor_table_build(&s->sensors, s->cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "decode: %s\n", err);
		rte_free(s);
		return -EINVAL;
	}
	if (!(s->dec = sky_plot_decoder_create(&s->sensors)) || !s->pool) {
		fprintf(stderr, "decode: %s\n", s->pool ? "out of memory" : "no message pool");
		sky_sensor_table_free(&s->sensors);
		rte_free(s);
		return -ENOMEM;
	}
	s->cur_cap = (uint32_t)((s->pool->elt_size - sizeof(struct sky_msg)) / sizeof(struct sky_plot));
	name_sensor_slots(s->cfg);
	*state = s;
	return 0;
}

/* Unconfigured SAC/SICs seen, once at exit (counted, not listed, live). */
static void report_unknown(const struct decode_state *s)
{
	if (!sky_plot_decoder_counters(s->dec)[SKY_PD_UNKNOWN_SENSOR])
		return;
	printf("decode.%u: records from SAC/SIC not in the config (dropped):", s->instance);
	for (unsigned k = 0; k < 65536; k++) {
		uint64_t c = sky_plot_decoder_unknown(s->dec, (uint16_t)k);
		if (c)
			printf(" %u/%u x %llu", k >> 8, k & 255, (unsigned long long)c);
	}
	printf("\n");
}

static void decode_fini(void *state)
{
	struct decode_state *s = state;
	if (s->finished)
		report_unknown(s);
	if (s->cur)
		sky_msg_free(s->cur);
	sky_stash_free_all(&s->stash, SKY_ITEM_MSG);
	sky_plot_decoder_destroy(s->dec);
	sky_sensor_table_free(&s->sensors);
	rte_free(s);
}

static const struct sky_stage_ops decode_stage = {
	.name = "decode",
	.summary = "ASTERIX -> plots in the system frame (sensor allow-list, counts by reason)",
	.in_kind = SKY_ITEM_MBUF,
	.out_kind = SKY_ITEM_MSG,
	.msg_size = SKY_STAGE_MSG_SIZE,
	.init = decode_init,
	.process = decode_process,
	.flush = decode_flush,
	.fini = decode_fini,
	.counters = decode_counters,
	.n_counters = DEC_N_COUNTERS,
};
SKY_STAGE_REGISTER(decode_stage)
