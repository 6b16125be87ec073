/*
 * graph_impl.h - the runtime's own view of a built graph, shared by
 * graph.c (building), worker.c (the loops and the control thread) and
 * stats.c (reading counters). Nothing outside pipeline/ includes it.
 */
#ifndef SKY_GRAPH_IMPL_H
#define SKY_GRAPH_IMPL_H

#include <rte_common.h>
#include <rte_ring.h>

#include "graph.h"
#include "hist.h"

/* Messages from the control thread to a loop, through its ctrl ring. */
enum sky_ctrl {
	SKY_CTRL_STOP = 1,   /* a source stops taking input and drains */
};

/*
 * One stage instance on one lcore. The first block is written only by the
 * owning lcore while it runs (the control thread reads it); the rest is set
 * before launch and read-only afterwards.
 */
struct sky_worker {
	uint64_t rt[SKY_RT_N];
	int done;                     /* release-stored once drained */
	uint64_t first_tsc, last_tsc; /* the loop's first and last instant */
	bool stopping;                /* source: STOP received or input ended */
	unsigned next_in;

	unsigned index;
	const struct sky_plan_worker *plan;
	const struct sky_stage_ops *ops;
	void *state;
	struct sky_stage_ctx ctx;
	uint64_t *ctr;                /* the stage's counters */
	struct sky_hist *hist;
	unsigned lcore;
	uint16_t burst;
	enum sky_full_policy on_full;
	enum sky_idle_policy idle;
	unsigned n_in, n_out, n_up;
	struct rte_ring *in[SKY_MAX_INSTANCES];
	struct rte_ring *out[SKY_MAX_INSTANCES];
	struct sky_worker *up[SKY_MAX_INSTANCES];
	uint8_t in_kind, out_kind;
	struct sky_port *rx_port, *tx_port;
	struct rte_ring *ctrl;
	struct sky_burst outb[SKY_MAX_INSTANCES];
	void *items[SKY_BURST_MAX];
} __rte_cache_aligned;

struct sky_graph {
	const struct sky_plan *plan;
	unsigned n_workers, n_rings;
	struct sky_worker *w[SKY_MAX_WORKERS];
	struct rte_ring *ring[SKY_MAX_WORKERS * SKY_MAX_INSTANCES];
	struct rte_mempool *mbufs, *msgs;
	struct sky_port *in_port, *out_port;
	uint64_t tsc_hz;
	uint64_t start_tsc, end_tsc;
	bool aborted;
};

/* The loop of one stage instance (rte_eal_remote_launch). */
int sky_worker_main(void *arg);
/* The abort flag every waiting loop watches. */
void sky_runtime_abort(void);
bool sky_runtime_aborting(void);

/* stats.c */
struct sky_stats;
void sky_stats_start(struct sky_graph *g);
void sky_stats_periodic(struct sky_graph *g);
void sky_stats_stop(struct sky_graph *g);

#endif
