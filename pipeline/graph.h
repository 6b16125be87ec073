/*
 * graph.h - the runtime: the stage graph resolved from the configuration,
 * built on EAL, run one stage instance per lcore, and shut down in order.
 *
 * Three steps, so that `skyfuse check` can show everything without EAL:
 *   sky_graph_plan    names -> stage ops, item kinds checked, one lcore per
 *                     stage instance, one SPSC ring per edge (named by the
 *                     edge, "decode->fuse.0"), pool sizes and EAL memory;
 *                     pure, no DPDK calls.
 *   sky_graph_create  after rte_eal_init: pools, rings, ports, stage init.
 *   sky_graph_run     launches the loops (rte_eal_remote_launch), runs the
 *                     control loop on the main lcore (signals, periodic
 *                     stats), and returns when every loop has drained.
 *
 * Shutdown: the first SIGINT/SIGTERM, or the end of a replay (the input
 * port reports at_end), stops the source stage; every stage then drains its
 * input rings in graph order, calls its stage's flush (final), pushes the
 * last items waiting for room rather than dropping them, and marks itself
 * done; a stage ends only once every stage feeding it is done and its rings
 * are empty. A second signal exits at once.
 */
#ifndef SKY_GRAPH_H
#define SKY_GRAPH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "port.h"
#include "stage.h"

#define SKY_MAX_STAGES 8       /* stages in the chain */
#define SKY_MAX_INSTANCES 4    /* instances of one stage */
#define SKY_MAX_WORKERS 16
#define SKY_MAX_EAL_ARGS 64

struct sky_config;

enum sky_full_policy {
	SKY_FULL_DROP = 0,  /* count and free what does not fit (live) */
	SKY_FULL_WAIT,      /* wait for room: back-pressure to the source (replay) */
};

enum sky_idle_policy {
	SKY_IDLE_AUTO = 0,  /* ADAPTIVE when lcores share a core, else SPIN */
	SKY_IDLE_SPIN,      /* rte_pause only: one core per lcore */
	SKY_IDLE_YIELD,     /* sched_yield after a few empty polls */
	SKY_IDLE_ADAPTIVE,  /* yield, then sleep 50 us after ~1 ms of nothing */
};

/* Runtime counters every stage instance has, beside its stage's own. */
#define SKY_RUNTIME_COUNTERS(_)                                                  \
	_(IN, "items handed to the stage")                                       \
	_(OUT, "items the stage emitted")                                        \
	_(ENQUEUED, "items pushed to the next ring or to the output port")      \
	_(DROPPED, "items dropped: next ring or output port full")               \
	_(SUNK, "items freed at the end of a graph without output port")         \
	_(FULL_EVENTS, "pushes that found the next ring or port full")           \
	_(WAIT_POLLS, "polls spent waiting for room (back-pressure)")            \
	_(IDLE_POLLS, "polls that found no input")                               \
	_(BUSY_POLLS, "polls that found input")                                  \
	_(BUSY_CYCLES, "TSC cycles of polls that found input, waits excluded")   \
	_(WAIT_CYCLES, "TSC cycles spent waiting for room (back-pressure)")

enum sky_runtime_counter {
#define SKY_RT_ENUM(n, d) SKY_RT_##n,
	SKY_RUNTIME_COUNTERS(SKY_RT_ENUM)
#undef SKY_RT_ENUM
	SKY_RT_N
};

const char *sky_runtime_counter_name(unsigned c);

struct sky_stage_conf {
	char name[32];
	unsigned instances;
};

/* Everything the runtime needs, resolved from the config file and options. */
struct sky_pipeline_conf {
	const struct sky_config *config;   /* the loaded file; NULL in tests */
	const char *config_path;           /* for messages */
	unsigned n_stages;
	struct sky_stage_conf stage[SKY_MAX_STAGES];
	unsigned burst;                    /* 1..SKY_BURST_MAX */
	unsigned ring_size;                /* items per ring, exact, >= 1 */
	enum sky_full_policy on_full;
	enum sky_idle_policy idle;
	unsigned stats_interval_ms;        /* 0: final stats only */
	unsigned n_mbufs, n_msgs;          /* 0: sized from the graph */
	struct sky_port_conf input, output;
	bool has_output;
	uint16_t udp_port;                 /* rx keeps datagrams to this port; 0 any */
	uint16_t out_udp_port;             /* publish sends to this port */
	uint32_t out_dst_ip, out_src_ip;   /* host order */
	unsigned n_cpus;                   /* cpus to place lcores on; 0: affinity */
	unsigned cpus[64];
	int eal_argc;                      /* extra EAL arguments */
	const char *eal_argv[SKY_MAX_EAL_ARGS];
	const char *stats_json;            /* NULL: none */
	bool quiet;                        /* no periodic stats */
};

/* Defaults: stages rx, decode, fuse, publish (those registered), burst 32,
   rings of 1024, drop when full, auto idle, stats every 5 s, no ports. */
void sky_pipeline_conf_default(struct sky_pipeline_conf *c);
/* Applies the loaded config file (burst, rings, lcores, eal, ports). */
int sky_pipeline_conf_from_config(struct sky_pipeline_conf *c, const struct sky_config *cfg,
				  const char *path, char *err, size_t errlen);
/* "rx,decode,publish" or "rx,fuse*2,publish"; 0 or -EINVAL with err. */
int sky_pipeline_conf_set_stages(struct sky_pipeline_conf *c, const char *list, char *err,
				 size_t errlen);

/* ---- the plan ----------------------------------------------------------- */

struct sky_plan_worker {
	const struct sky_stage_ops *ops;
	unsigned stage, instance;
	unsigned cpu;                      /* the core its lcore is pinned to */
	unsigned n_in, n_out;              /* rings */
	unsigned in[SKY_MAX_INSTANCES];    /* ring indices */
	unsigned out[SKY_MAX_INSTANCES];
	bool source, sink;
};

struct sky_plan_ring {
	char name[32];                     /* "decode->fuse.0" */
	unsigned from, to;                 /* worker indices */
	uint8_t kind;                      /* enum sky_item_kind */
	unsigned size;
};

struct sky_plan {
	const struct sky_pipeline_conf *conf;
	unsigned n_workers, n_rings;
	struct sky_plan_worker w[SKY_MAX_WORKERS];
	struct sky_plan_ring r[SKY_MAX_WORKERS * SKY_MAX_INSTANCES];
	unsigned n_mbufs, n_msgs;
	uint32_t msg_size;                 /* payload bytes per message */
	unsigned mem_mb;                   /* EAL -m without hugepages */
	char lcores[256];                  /* EAL --lcores */
	bool shared_cores;                 /* more lcores than cores */
	enum sky_idle_policy idle;         /* AUTO resolved */
};

/* 0 or -EINVAL with a message naming the config key in err. */
int sky_graph_plan(const struct sky_pipeline_conf *c, struct sky_plan *p, char *err,
		   size_t errlen);
void sky_graph_plan_print(const struct sky_plan *p, FILE *f);

/* ---- EAL ---------------------------------------------------------------- */

/*
 * rte_eal_init with arguments built from the plan: --no-huge --no-shconf -m
 * when no hugepages are mounted (--in-memory otherwise), --file-prefix
 * skyfuse-<pid>, --lcores from the plan, --no-pci unless a port is a PCI
 * device, --vdev/-a per port, then the extra arguments (which win: a
 * --file-prefix or -m there replaces the default). 0 or -errno.
 */
int sky_eal_start(const struct sky_plan *p, char *err, size_t errlen);
/* rte_eal_cleanup and removal of the runtime directory. */
void sky_eal_stop(void);
/* Async-signal-safe removal of what EAL leaves in the file system, for an
   exit that skips EAL's cleanup (the second signal). */
void sky_eal_exit_now(void);
/* The EAL argument vector sky_eal_start would use (for check). */
int sky_eal_args(const struct sky_plan *p, const char **argv, int max);

/* ---- the running graph ---------------------------------------------- */

struct sky_graph;

struct sky_graph *sky_graph_create(const struct sky_plan *p, char *err, size_t errlen);
/* Runs until the graph has drained; returns 0, or 1 when it had to abort. */
int sky_graph_run(struct sky_graph *g);
/*
 * Final counters, ports, latency and the reconcile check to f, and the
 * --stats-json file when configured. Returns the count of failed checks.
 */
unsigned sky_graph_report(struct sky_graph *g, FILE *f);
void sky_graph_destroy(struct sky_graph *g);

/* Signal handling: the first signal (SIGINT, SIGTERM, or SIGALRM from
   `run --duration`) stops, the second exits at once. */
void sky_runtime_install_signals(void);
unsigned sky_runtime_signals(void);

#endif
