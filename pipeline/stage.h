/*
 * stage.h - the stage contract: what a stage is, what flows between stages,
 * and how a stage registers itself.
 *
 * A stage is a table of function pointers and a name (struct sky_stage_ops),
 * registered once with SKY_STAGE_REGISTER, like the command table. The
 * runtime (graph.c) wires stages by name from the config ("rx" -> "decode"
 * -> "fuse" -> "publish"), gives each stage instance its own lcore, and runs
 * it: pull a burst (from the input port or the stage's input rings), call
 * process once for the whole burst, push the output bursts (to the next
 * stage's rings or to the output port). A stage never includes its
 * successor's header, never touches a ring or a port, never allocates on
 * the hot path and never logs there: it counts.
 *
 * What flows (burst items, always a pointer):
 *   SKY_ITEM_MBUF  an rte_mbuf holding one UDP datagram. After the rx stage
 *                  the mbuf data is the UDP payload only (headers stripped,
 *                  one contiguous segment) and struct sky_dgram_meta (an
 *                  mbuf dynamic field) holds the rx TSC stamp, the capture or
 *                  arrival time and the addresses. Before rx (input port) and
 *                  after publish (output port) the mbuf is a whole Ethernet
 *                  frame.
 *   SKY_ITEM_MSG   a struct sky_msg from the graph's message mempool: a small
 *                  header and a payload of up to msg_size bytes whose layout
 *                  the producing and consuming stages agree on through the
 *                  header's type tag, e.g. a batch of struct sky_plot (defined
 *                  by the fusion layer) from decode to fuse, or a batch of
 *                  track updates from fuse to publish. Batching amortises the
 *                  ring operation and keeps structure-of-arrays work possible.
 * Each stage declares the kind it takes and the kind it emits; the runtime
 * refuses a wiring whose kinds disagree, and knows how to free an item it
 * must drop (ring full) or drain at exit.
 *
 * Accounting (the reconcile check printed at exit): every input item a
 * stage is handed ends in exactly one counter of kind SKY_CTR_PASS (it went
 * on, possibly merged into or expanded to other items) or SKY_CTR_REJECT (it
 * was freed, with the reason as the counter name); counters of kind
 * SKY_CTR_INFO are free-form. The runtime counts the rest: items in, items
 * out, items enqueued, items dropped because the next ring was full, idle
 * polls. Hence per stage: in = passed + rejected, out = enqueued + dropped.
 */
#ifndef SKY_STAGE_H
#define SKY_STAGE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_mempool.h>

/* Items per burst, in and out, per output edge. */
#define SKY_BURST_MAX 256

enum sky_item_kind {
	SKY_ITEM_NONE = 0,  /* a source stage's input / a sink's output: none */
	SKY_ITEM_MBUF,
	SKY_ITEM_MSG,
};

struct sky_burst {
	uint16_t n;
	void *item[SKY_BURST_MAX];
};

/* ---- counters ------------------------------------------------------- */

enum sky_counter_kind {
	SKY_CTR_INFO = 0,
	SKY_CTR_PASS,
	SKY_CTR_REJECT,
};

struct sky_counter_desc {
	const char *name;  /* upper case in the X-macro, printed lower case */
	const char *desc;
	uint8_t kind;      /* enum sky_counter_kind */
};

/*
 * A stage declares its counters once as an X-macro list of
 * _(NAME, KIND, "description") with KIND one of INFO, PASS, REJECT, and
 * expands it twice (the vpp foreach_*_error pattern):
 *
 *   #define RX_COUNTERS(_) _(DATAGRAMS, PASS, "datagrams passed on") ...
 *   enum rx_counter {
 *   #define C(n, k, d) RX_##n,
 *           RX_COUNTERS(C)
 *   #undef C
 *           RX_N_COUNTERS
 *   };
 *   static const struct sky_counter_desc rx_counters[] = {
 *           RX_COUNTERS(SKY_COUNTER_DESC)
 *   };
 */
#define SKY_COUNTER_DESC(n, k, d) {.name = #n, .desc = d, .kind = SKY_CTR_##k},

/*
 * Counters live in a per-lcore array written only by the lcore that owns
 * the stage instance; the control thread reads them while they run. Relaxed
 * atomics make those concurrent reads well defined at the cost of a plain
 * load and store on x86.
 */
static inline void sky_ctr_add(uint64_t *c, uint64_t n)
{
	__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + n, __ATOMIC_RELAXED);
}

static inline uint64_t sky_ctr_read(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

/* ---- messages --------------------------------------------------------- */

#define SKY_MSG_TYPE(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

struct sky_msg {
	uint32_t type;     /* SKY_MSG_TYPE('P','L','O','T'): what data[] holds */
	uint32_t count;    /* elements in data[] */
	uint32_t len;      /* bytes used in data[] */
	uint32_t cap;      /* bytes available in data[] */
	uint64_t rx_tsc;   /* oldest rx stamp of what it carries, 0 unknown */
	uint64_t time_ns;  /* capture/arrival time of what it carries */
	uint8_t data[] __attribute__((aligned(64)));
};

/* NULL when the pool is empty (count it). Header set, payload untouched. */
static inline struct sky_msg *sky_msg_alloc(struct rte_mempool *mp)
{
	void *obj;
	if (rte_mempool_get(mp, &obj) < 0)
		return NULL;
	struct sky_msg *m = obj;
	m->type = 0;
	m->count = 0;
	m->len = 0;
	m->cap = mp->elt_size - (uint32_t)sizeof(struct sky_msg);
	m->rx_tsc = 0;
	m->time_ns = 0;
	return m;
}

static inline void sky_msg_free(struct sky_msg *m)
{
	rte_mempool_put(rte_mempool_from_obj(m), m);
}

/* Free an item of either kind. */
static inline void sky_item_free(enum sky_item_kind kind, void *item)
{
	if (kind == SKY_ITEM_MBUF)
		rte_pktmbuf_free(item);
	else if (kind == SKY_ITEM_MSG)
		sky_msg_free(item);
}

/* ---- datagram metadata (an mbuf dynamic field) ------------------------ */

struct sky_dgram_meta {
	uint64_t rx_tsc;    /* rte_rdtsc() when the rx stage took the frame */
	uint64_t time_ns;   /* capture time (replay) or arrival time (live),
			       UNIX ns; dates the ASTERIX time of day */
	uint32_t src_ip;    /* host order */
	uint16_t src_port;
	uint16_t dst_port;
};

extern int sky_dgram_meta_offset;

/* Registers the field (idempotent); 0 or -errno. The runtime calls it. */
int sky_dgram_meta_register(void);

static inline struct sky_dgram_meta *sky_dgram_meta(struct rte_mbuf *m)
{
	return RTE_MBUF_DYNFIELD(m, sky_dgram_meta_offset, struct sky_dgram_meta *);
}

/* ---- the stage -------------------------------------------------------- */

struct sky_hist;
struct sky_pipeline_conf;

/* What a stage instance gets at init; valid until fini. */
struct sky_stage_ctx {
	const char *name;             /* the stage's name */
	unsigned instance;            /* 0.. n_instances - 1 */
	unsigned n_instances;
	unsigned lcore_id;
	int socket_id;
	uint16_t n_out;               /* output bursts handed to process */
	bool is_source;               /* input is the input port */
	bool is_sink;                 /* output goes to the output port */
	const struct sky_pipeline_conf *conf;  /* the resolved configuration */
	struct rte_mempool *pktmbuf_pool;      /* datagram mbufs */
	struct rte_mempool *msg_pool;          /* struct sky_msg, NULL if unused */
	uint64_t *counters;           /* this instance's counters (n_counters) */
	struct sky_hist *latency;     /* this lcore's rx -> publish histogram */
};

struct sky_stage_ops {
	const char *name;
	const char *summary;          /* one line for `skyfuse check` */
	uint8_t in_kind, out_kind;    /* enum sky_item_kind */
	uint32_t msg_size;            /* payload bytes of the messages it emits */

	/* Builds the instance state; 0 or -errno with a message on stderr. */
	int (*init)(const struct sky_stage_ctx *ctx, void **state);
	/*
	 * Handles a burst of n_in items (n_in >= 1): each ends in the output
	 * bursts (out[0 .. ctx->n_out - 1], each empty on entry, room for
	 * SKY_BURST_MAX items) or is freed and counted. Returns the count of
	 * input items handled (n_in).
	 */
	uint16_t (*process)(void *state, void **in, uint16_t n_in, struct sky_burst *out);
	/*
	 * Emits what the stage holds (reorder windows, partial batches,
	 * reassembly). Called with final = false when the input was idle (a
	 * chance to release what is due; keep it cheap) and with final = true
	 * at shutdown, after the input is drained: then everything held must
	 * be emitted or counted. Returns true while it has more to emit (the
	 * runtime pushes out[] and calls again). May be NULL.
	 */
	bool (*flush)(void *state, struct sky_burst *out, bool final);
	void (*fini)(void *state);    /* may be NULL */

	const struct sky_counter_desc *counters;
	uint16_t n_counters;
};

void sky_stage_register(const struct sky_stage_ops *ops);
const struct sky_stage_ops *sky_stage_find(const char *name);
/* Registered stages in registration order; returns the count. */
unsigned sky_stage_list(const struct sky_stage_ops **out, unsigned max);

#define SKY_STAGE_REGISTER(ops)                                                \
	static void __attribute__((constructor)) sky_stage_register_##ops(void) \
	{                                                                       \
		sky_stage_register(&ops);                                       \
	}

const char *sky_item_kind_name(enum sky_item_kind k);

#endif
