/*
 * graph.c - from configuration to a built graph (see graph.h): the
 * pipeline conf, the plan (pure: what `skyfuse check` prints), and the
 * building and tearing down of pools, rings, ports and stage instances.
 *
 * The plan is a chain of stages; a stage may have several instances (fuse
 * shards). Between two stages every producer instance has its own ring to
 * every consumer instance, so each ring has exactly one producer and one
 * consumer lcore and is created single-producer single-consumer (rte_ring
 * SP/SC, exact size). The first stage takes frames from the input port,
 * the last stage's output goes to the output port (or is freed and counted
 * as sunk when there is none). Each instance is one EAL lcore; lcores are
 * placed on the allowed cpus, the main lcore (control: signals, stats)
 * first: round-robin when there are cpus enough or the config lists them
 * (pipeline.lcores); otherwise folded, the graph's two ends (rx, publish)
 * on one cpu and the middle stages on the other (place_folded), so on a
 * 2-core machine `--lcores 0@0,1@1,2@0,3@0,4@1` for rx, decode, fuse,
 * publish.
 *
 * Pools are sized from the plan so that every ring full, every burst in
 * flight and every mempool cache fit at once: the pool can then never be
 * the reason a frame is lost (net_pcap drops a frame it has read when no
 * mbuf is free).
 */
#define _GNU_SOURCE /* sched_getaffinity */
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "config.h"
#include "graph_impl.h"

#define POOL_CACHE 256

static const char *const rt_names[] = {
#define SKY_RT_NAME(n, d) #n,
	SKY_RUNTIME_COUNTERS(SKY_RT_NAME)
#undef SKY_RT_NAME
};

const char *sky_runtime_counter_name(unsigned c)
{
	return c < SKY_RT_N ? rt_names[c] : "?";
}

/* ---- pipeline conf -------------------------------------------------- */

void sky_pipeline_conf_default(struct sky_pipeline_conf *c)
{
	memset(c, 0, sizeof(*c));
	/* the default chain keeps the stages this binary has */
	const char *chain[] = {"rx", "decode", "fuse", "publish"};
	for (unsigned i = 0; i < 4; i++)
		if (sky_stage_find(chain[i])) {
			snprintf(c->stage[c->n_stages].name, sizeof(c->stage[0].name), "%s", chain[i]);
			c->stage[c->n_stages++].instances = 1;
		}
	c->burst = 32;
	c->ring_size = 1024;
	c->on_full = SKY_FULL_DROP;
	c->idle = SKY_IDLE_AUTO;
	c->stats_interval_ms = 5000;
	c->udp_port = 8600;
	c->out_udp_port = 8601;
	c->out_dst_ip = 0x7f000001;
	c->out_src_ip = 0x7f000001;
}

int sky_pipeline_conf_set_stages(struct sky_pipeline_conf *c, const char *list, char *err,
				 size_t errlen)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", list);
	c->n_stages = 0;
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (c->n_stages == SKY_MAX_STAGES) {
			snprintf(err, errlen, "stages '%s': at most %d stages", list, SKY_MAX_STAGES);
			return -EINVAL;
		}
		struct sky_stage_conf *s = &c->stage[c->n_stages++];
		char *star = strchr(tok, '*');
		s->instances = 1;
		if (star) {
			*star = 0;
			char *end;
			long n = strtol(star + 1, &end, 10);
			if (*end || n < 1 || n > SKY_MAX_INSTANCES) {
				snprintf(err, errlen, "stages '%s': '%s*%s': instances must be 1..%d",
					 list, tok, star + 1, SKY_MAX_INSTANCES);
				return -EINVAL;
			}
			s->instances = (unsigned)n;
		}
		snprintf(s->name, sizeof(s->name), "%s", tok);
	}
	if (c->n_stages == 0) {
		snprintf(err, errlen, "stages '%s': no stage named", list);
		return -EINVAL;
	}
	return 0;
}

static void input_from_config(struct sky_pipeline_conf *c, const struct sky_config *cfg)
{
	struct sky_port_conf *in = &c->input;
	in->rx = true;
	if (cfg->input.driver == SKY_INPUT_SOCKET) {
		in->driver = SKY_PORT_SOCKET;
		in->bind_ip = ntohl(cfg->input.bind);
		in->udp_port = cfg->input.udp_port;
		in->multicast = ntohl(cfg->input.multicast);
		return;
	}
	in->driver = SKY_PORT_DPDK;
	if (cfg->input.pcap)
		snprintf(in->dev, sizeof(in->dev), "net_pcap0,rx_pcap=%s", cfg->input.pcap);
	else if (cfg->input.device)
		snprintf(in->dev, sizeof(in->dev), "%s", cfg->input.device);
}

static void output_from_config(struct sky_pipeline_conf *c, const struct sky_config *cfg)
{
	struct sky_port_conf *out = &c->output;
	out->tx = true;
	c->has_output = true;
	if (cfg->input.driver == SKY_INPUT_SOCKET) {
		out->driver = SKY_PORT_SOCKET;
		out->bind_ip = ntohl(cfg->input.bind);
		out->dst_ip = ntohl(cfg->output.destination);
		out->dst_port = cfg->output.cat062_udp_port;
		return;
	}
	out->driver = SKY_PORT_DPDK;
	if (cfg->output.device) {
		snprintf(out->dev, sizeof(out->dev), "%s", cfg->output.device);
		return;
	}
	if (cfg->input.pcap) {
		/* a capture as input and no output device: nothing to send to */
		out->driver = SKY_PORT_NONE;
		c->has_output = false;
		return;
	}
	snprintf(out->dev, sizeof(out->dev), "%s", c->input.dev); /* same device */
}

int sky_pipeline_conf_from_config(struct sky_pipeline_conf *c, const struct sky_config *cfg,
				  const char *path, char *err, size_t errlen)
{
	c->config = cfg;
	c->config_path = path;
	if (cfg->pipeline.burst_size > SKY_BURST_MAX) {
		snprintf(err, errlen, "%s: pipeline.burst_size: %u is more than this build's "
			 "maximum burst of %d", path, cfg->pipeline.burst_size, SKY_BURST_MAX);
		return -EINVAL;
	}
	c->burst = cfg->pipeline.burst_size;
	c->ring_size = cfg->pipeline.ring_size;
	if (cfg->pipeline.n_lcores > 64) {
		snprintf(err, errlen, "%s: pipeline.lcores: at most 64 cpus", path);
		return -EINVAL;
	}
	c->n_cpus = cfg->pipeline.n_lcores;
	for (unsigned i = 0; i < c->n_cpus; i++)
		c->cpus[i] = cfg->pipeline.lcores[i];
	if (cfg->eal.argc > SKY_MAX_EAL_ARGS / 2) {
		snprintf(err, errlen, "%s: eal: at most %d arguments", path, SKY_MAX_EAL_ARGS / 2);
		return -EINVAL;
	}
	c->eal_argc = 0;
	for (unsigned i = 0; i < cfg->eal.argc; i++)
		c->eal_argv[c->eal_argc++] = cfg->eal.argv[i];
	c->udp_port = cfg->input.udp_port;
	c->out_udp_port = cfg->output.cat062_udp_port;
	c->out_dst_ip = ntohl(cfg->output.destination);
	input_from_config(c, cfg);
	output_from_config(c, cfg);
	return 0;
}

/* ---- plan ----------------------------------------------------------- */

static int cpu_list(const struct sky_pipeline_conf *c, unsigned *cpus, unsigned max)
{
	if (c->n_cpus) {
		unsigned n = c->n_cpus < max ? c->n_cpus : max;
		memcpy(cpus, c->cpus, n * sizeof(*cpus));
		return (int)n;
	}
	cpu_set_t set;
	unsigned n = 0;
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		for (unsigned i = 0; i < CPU_SETSIZE && n < max; i++)
			if (CPU_ISSET(i, &set))
				cpus[n++] = i;
	if (n == 0)
		cpus[n++] = 0;
	return (int)n;
}

static int plan_stages(const struct sky_pipeline_conf *c, struct sky_plan *p, char *err,
		       size_t errlen)
{
	const char *where = c->config_path ? c->config_path : "pipeline";
	if (c->n_stages == 0) {
		snprintf(err, errlen, "%s: pipeline: no stages (this build has none registered)",
			 where);
		return -EINVAL;
	}
	const struct sky_stage_ops *prev = NULL;
	for (unsigned s = 0; s < c->n_stages; s++) {
		const struct sky_stage_ops *ops = sky_stage_find(c->stage[s].name);
		if (!ops) {
			const struct sky_stage_ops *all[32];
			unsigned n = sky_stage_list(all, 32);
			int k = snprintf(err, errlen, "%s: pipeline.stages[%u]: no stage named '%s' "
					 "(this build has:", where, s, c->stage[s].name);
			for (unsigned i = 0; i < n && k > 0 && (size_t)k < errlen; i++)
				k += snprintf(err + k, errlen - (size_t)k, " %s", all[i]->name);
			if (k > 0 && (size_t)k < errlen)
				snprintf(err + k, errlen - (size_t)k, ")");
			return -EINVAL;
		}
		if (prev && prev->out_kind != ops->in_kind) {
			snprintf(err, errlen, "%s: pipeline.stages[%u]: '%s' takes %s but '%s' "
				 "before it emits %s", where, s, ops->name,
				 sky_item_kind_name(ops->in_kind), prev->name,
				 sky_item_kind_name(prev->out_kind));
			return -EINVAL;
		}
		if (s == 0 && ops->in_kind != SKY_ITEM_MBUF) {
			snprintf(err, errlen, "%s: pipeline.stages[0]: '%s' cannot take frames from "
				 "the input port (it takes %s)", where, ops->name,
				 sky_item_kind_name(ops->in_kind));
			return -EINVAL;
		}
		for (unsigned i = 0; i < c->stage[s].instances; i++) {
			if (p->n_workers == SKY_MAX_WORKERS) {
				snprintf(err, errlen, "%s: pipeline: more than %d stage instances",
					 where, SKY_MAX_WORKERS);
				return -EINVAL;
			}
			struct sky_plan_worker *w = &p->w[p->n_workers++];
			w->ops = ops;
			w->stage = s;
			w->instance = i;
			w->source = s == 0;
			w->sink = s == c->n_stages - 1;
		}
		prev = ops;
	}
	return 0;
}

static void ring_name(const struct sky_plan *p, const struct sky_plan_worker *a,
		      const struct sky_plan_worker *b, char *out, size_t n)
{
	const struct sky_pipeline_conf *c = p->conf;
	if (c->stage[a->stage].instances > 1)
		snprintf(out, n, "%s.%u->%s.%u", a->ops->name, a->instance, b->ops->name,
			 b->instance);
	else
		snprintf(out, n, "%s->%s.%u", a->ops->name, b->ops->name, b->instance);
}

static void plan_rings(struct sky_plan *p)
{
	for (unsigned a = 0; a < p->n_workers; a++)
		for (unsigned b = 0; b < p->n_workers; b++) {
			struct sky_plan_worker *wa = &p->w[a], *wb = &p->w[b];
			if (wb->stage != wa->stage + 1)
				continue;
			struct sky_plan_ring *r = &p->r[p->n_rings];
			ring_name(p, wa, wb, r->name, sizeof(r->name));
			r->from = a;
			r->to = b;
			r->kind = wa->ops->out_kind;
			r->size = p->conf->ring_size;
			wa->out[wa->n_out++] = p->n_rings;
			wb->in[wb->n_in++] = p->n_rings;
			p->n_rings++;
		}
}

/* True when two lcores (the control lcore on cpu0 included) share a cpu. */
static bool lcores_share_cpus(const struct sky_plan *p, unsigned cpu0)
{
	for (unsigned i = 0; i < p->n_workers; i++) {
		if (p->w[i].cpu == cpu0)
			return true;
		for (unsigned j = 0; j < i; j++)
			if (p->w[j].cpu == p->w[i].cpu)
				return true;
	}
	return false;
}

/*
 * Default placement when stage instances outnumber the cpus left after the
 * control lcore: fold the graph so that its two ends (rx and publish, the
 * port I/O) share a cpu and the middle stages another, in blocks, starting
 * after the control lcore's cpu. Measured 2026-11-22 on the 2-cpu host, scale
 * replay: tracker passthrough 131k datagrams/s folded ({rx, publish},
 * {control, decode, fuse}) vs 100k round-robin ({rx, fuse}, {control,
 * decode, publish}); the baseline tracker within 2 % either way.
 */
static void place_folded(struct sky_plan *p, const unsigned *cpus, unsigned n)
{
	unsigned block = (p->n_workers + n - 1) / n;
	for (unsigned k = 0; k < p->n_workers; k++) {
		unsigned i = k % 2 ? p->n_workers - 1 - k / 2 : k / 2;
		p->w[i].cpu = cpus[(1 + k / block) % n];
	}
}

static void plan_lcores(const struct sky_pipeline_conf *c, struct sky_plan *p)
{
	unsigned cpus[64];
	unsigned n = (unsigned)cpu_list(c, cpus, 64);
	int k = snprintf(p->lcores, sizeof(p->lcores), "0@%u", cpus[0]);
	if (!c->n_cpus && p->n_workers + 1 > n && n > 1)
		place_folded(p, cpus, n);
	else
		for (unsigned i = 0; i < p->n_workers; i++)
			p->w[i].cpu = cpus[(i + 1) % n];
	for (unsigned i = 0; i < p->n_workers; i++)
		k += snprintf(p->lcores + k, sizeof(p->lcores) - (size_t)k, ",%u@%u", i + 1,
			      p->w[i].cpu);
	p->shared_cores = lcores_share_cpus(p, cpus[0]);
	p->idle = c->idle;
	if (p->idle == SKY_IDLE_AUTO)
		p->idle = p->shared_cores ? SKY_IDLE_ADAPTIVE : SKY_IDLE_SPIN;
}

/* Every item that can be in flight at once, plus every cache. */
static void plan_pools(const struct sky_pipeline_conf *c, struct sky_plan *p)
{
	unsigned ring_mbufs = 0, ring_msgs = 0, msg_size = 0;
	for (unsigned i = 0; i < p->n_rings; i++) {
		if (p->r[i].kind == SKY_ITEM_MBUF)
			ring_mbufs += p->r[i].size;
		else
			ring_msgs += p->r[i].size;
	}
	for (unsigned i = 0; i < p->n_workers; i++)
		if (p->w[i].ops->out_kind == SKY_ITEM_MSG && p->w[i].ops->msg_size > msg_size)
			msg_size = p->w[i].ops->msg_size;
	unsigned lcores = p->n_workers + 1;
	unsigned bursts = p->n_workers * c->burst * (1 + SKY_MAX_INSTANCES);
	unsigned caches = lcores * POOL_CACHE * 3 / 2;
	unsigned desc = 2 * 4096 + 64; /* device rx + tx descriptors, pacing stash */
	p->n_mbufs = c->n_mbufs ? c->n_mbufs : ring_mbufs + bursts + caches + desc + 1024;
	p->msg_size = msg_size;
	if (msg_size)
		p->n_msgs = c->n_msgs ? c->n_msgs : ring_msgs + bursts + caches + 256;
	uint64_t bytes = (uint64_t)p->n_mbufs * (RTE_MBUF_DEFAULT_BUF_SIZE + 256) +
			 (uint64_t)p->n_msgs * (msg_size + sizeof(struct sky_msg) + 128) +
			 (uint64_t)p->n_rings * p->conf->ring_size * 8;
	p->mem_mb = (unsigned)(bytes >> 20) * 5 / 4 + 128;
}

int sky_graph_plan(const struct sky_pipeline_conf *c, struct sky_plan *p, char *err,
		   size_t errlen)
{
	memset(p, 0, sizeof(*p));
	p->conf = c;
	const char *where = c->config_path ? c->config_path : "pipeline";
	if (c->burst < 1 || c->burst > SKY_BURST_MAX) {
		snprintf(err, errlen, "%s: pipeline.burst_size: %u: expected 1..%d", where,
			 c->burst, SKY_BURST_MAX);
		return -EINVAL;
	}
	if (c->ring_size < 1 || c->ring_size > RTE_RING_SZ_MASK) {
		snprintf(err, errlen, "%s: pipeline.ring_size: %u: expected 1..%u", where,
			 c->ring_size, (unsigned)RTE_RING_SZ_MASK);
		return -EINVAL;
	}
	int rc = plan_stages(c, p, err, errlen);
	if (rc < 0)
		return rc;
	plan_rings(p);
	plan_lcores(c, p);
	plan_pools(c, p);
	return 0;
}

static const char *idle_name(enum sky_idle_policy i)
{
	static const char *const n[] = {"auto", "spin", "yield", "adaptive"};
	return n[i];
}

static void print_port(FILE *f, const char *what, const struct sky_port_conf *pc, bool has)
{
	if (!has || pc->driver == SKY_PORT_NONE) {
		fprintf(f, "  %-7s none\n", what);
	} else if (pc->driver == SKY_PORT_DPDK) {
		fprintf(f, "  %-7s dpdk %s\n", what, pc->dev[0] ? pc->dev : "(first ethdev)");
	} else {
		struct in_addr a = {.s_addr = htonl(pc->rx ? pc->multicast : pc->dst_ip)};
		if (pc->rx)
			fprintf(f, "  %-7s socket udp port %u%s%s\n", what, pc->udp_port,
				pc->multicast ? " multicast " : "", pc->multicast ? inet_ntoa(a) : "");
		else
			fprintf(f, "  %-7s socket to %s:%u\n", what, inet_ntoa(a), pc->dst_port);
	}
}

void sky_graph_plan_print(const struct sky_plan *p, FILE *f)
{
	const struct sky_pipeline_conf *c = p->conf;
	fprintf(f, "stages (one lcore each; lcore 0 is the control thread):\n");
	for (unsigned i = 0; i < p->n_workers; i++) {
		const struct sky_plan_worker *w = &p->w[i];
		fprintf(f, "  lcore %-2u cpu %-2u %s.%u  %s -> %s  %s\n", i + 1, w->cpu,
			w->ops->name, w->instance,
			w->source ? "input port" : sky_item_kind_name(w->ops->in_kind),
			w->sink ? (c->has_output ? "output port" : "(freed)")
				: sky_item_kind_name(w->ops->out_kind),
			w->ops->summary ? w->ops->summary : "");
	}
	fprintf(f, "rings (SPSC, %u items each, when full: %s):\n", c->ring_size,
		c->on_full == SKY_FULL_WAIT ? "wait (back-pressure)" : "drop and count");
	for (unsigned i = 0; i < p->n_rings; i++)
		fprintf(f, "  %-24s %s\n", p->r[i].name, sky_item_kind_name(p->r[i].kind));
	fprintf(f, "ports:\n");
	print_port(f, "input", &c->input, true);
	print_port(f, "output", &c->output, c->has_output);
	fprintf(f, "  rx keeps UDP to port %u; publish sends to port %u\n", c->udp_port,
		c->out_udp_port);
	fprintf(f, "burst %u, idle %s%s, mbufs %u", c->burst, idle_name(p->idle),
		p->shared_cores ? " (lcores share cores)" : "", p->n_mbufs);
	if (p->msg_size)
		fprintf(f, ", messages %u x %u B", p->n_msgs, p->msg_size);
	fprintf(f, "\n");
}

/* ---- build ------------------------------------------------------------ */

static int make_pools(struct sky_graph *g, char *err, size_t errlen)
{
	const struct sky_plan *p = g->plan;
	char name[RTE_MEMPOOL_NAMESIZE];
	snprintf(name, sizeof(name), "sky_mbufs");
	g->mbufs = rte_pktmbuf_pool_create(name, p->n_mbufs, POOL_CACHE, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (!g->mbufs)
		goto fail;
	if (p->msg_size) {
		snprintf(name, sizeof(name), "sky_msgs");
		g->msgs = rte_mempool_create(name, p->n_msgs,
					     (unsigned)sizeof(struct sky_msg) + p->msg_size,
					     POOL_CACHE, 0, NULL, NULL, NULL, NULL,
					     (int)rte_socket_id(), 0);
		if (!g->msgs)
			goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "mempool %s (%u entries): %s", name,
		 g->mbufs ? p->n_msgs : p->n_mbufs, rte_strerror(rte_errno));
	return -ENOMEM;
}

static int make_rings(struct sky_graph *g, char *err, size_t errlen)
{
	const struct sky_plan *p = g->plan;
	for (unsigned i = 0; i < p->n_rings; i++) {
		g->ring[i] = rte_ring_create(p->r[i].name, p->r[i].size, (int)rte_socket_id(),
					     RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
		if (!g->ring[i]) {
			snprintf(err, errlen, "ring %s: %s", p->r[i].name, rte_strerror(rte_errno));
			return -ENOMEM;
		}
		g->n_rings = i + 1;
	}
	return 0;
}

static int make_ports(struct sky_graph *g, char *err, size_t errlen)
{
	const struct sky_pipeline_conf *c = g->plan->conf;
	char e[512];
	g->in_port = sky_port_create(&c->input, g->mbufs, e, sizeof(e));
	if (!g->in_port) {
		snprintf(err, errlen, "input port: %s", e);
		return -ENODEV;
	}
	if (!c->has_output)
		return 0;
	g->out_port = sky_port_create(&c->output, g->mbufs, e, sizeof(e));
	if (!g->out_port) {
		snprintf(err, errlen, "output port: %s", e);
		return -ENODEV;
	}
	return 0;
}

/* The i-th worker lcore EAL gave us (the plan's lcore ids, or the user's). */
static int worker_lcore(unsigned i)
{
	unsigned k = 0, id;
	RTE_LCORE_FOREACH_WORKER(id) {
		if (k++ == i)
			return (int)id;
	}
	return -1;
}

static struct sky_worker *make_worker(struct sky_graph *g, unsigned i, char *err, size_t errlen)
{
	const struct sky_plan *p = g->plan;
	const struct sky_plan_worker *pw = &p->w[i];
	int lcore = worker_lcore(i);
	if (lcore < 0) {
		snprintf(err, errlen, "the graph needs %u worker lcores, EAL has %u (see eal: "
			 "--lcores)", p->n_workers, rte_lcore_count() - 1);
		return NULL;
	}
	int sock = (int)rte_lcore_to_socket_id((unsigned)lcore);
	struct sky_worker *w = rte_zmalloc_socket("sky_worker", sizeof(*w), RTE_CACHE_LINE_SIZE, sock);
	uint64_t *ctr = rte_zmalloc_socket("sky_ctr", (pw->ops->n_counters + 1) * sizeof(uint64_t),
					   RTE_CACHE_LINE_SIZE, sock);
	struct sky_hist *h = rte_zmalloc_socket("sky_hist", sizeof(*h), RTE_CACHE_LINE_SIZE, sock);
	if (!w || !ctr || !h) {
		rte_free(w), rte_free(ctr), rte_free(h);
		snprintf(err, errlen, "out of memory for %s.%u", pw->ops->name, pw->instance);
		return NULL;
	}
	sky_hist_init(h);
	w->index = i;
	w->plan = pw;
	w->ops = pw->ops;
	w->ctr = ctr;
	w->hist = h;
	w->lcore = (unsigned)lcore;
	return w;
}

static void wire_worker(struct sky_graph *g, struct sky_worker *w)
{
	const struct sky_plan *p = g->plan;
	const struct sky_plan_worker *pw = w->plan;
	w->burst = (uint16_t)p->conf->burst;
	w->on_full = p->conf->on_full;
	w->idle = p->idle;
	w->in_kind = pw->source ? SKY_ITEM_MBUF : pw->ops->in_kind;
	w->out_kind = pw->ops->out_kind;
	w->n_in = pw->n_in;
	w->n_up = pw->n_in;
	for (unsigned k = 0; k < pw->n_in; k++) {
		w->in[k] = g->ring[pw->in[k]];
		w->up[k] = g->w[p->r[pw->in[k]].from];
	}
	w->n_out = pw->n_out;
	for (unsigned k = 0; k < pw->n_out; k++)
		w->out[k] = g->ring[pw->out[k]];
	if (pw->source)
		w->rx_port = g->in_port;
	if (pw->sink)
		w->tx_port = g->out_port;
}

static int init_worker(struct sky_graph *g, struct sky_worker *w, char *err, size_t errlen)
{
	const struct sky_plan *p = g->plan;
	const struct sky_plan_worker *pw = w->plan;
	char name[RTE_RING_NAMESIZE];
	snprintf(name, sizeof(name), "ctrl.%u", w->lcore);
	w->ctrl = rte_ring_create(name, 16, (int)rte_lcore_to_socket_id(w->lcore),
				  RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (!w->ctrl) {
		snprintf(err, errlen, "ring %s: %s", name, rte_strerror(rte_errno));
		return -ENOMEM;
	}
	w->ctx = (struct sky_stage_ctx){
		.name = pw->ops->name,
		.instance = pw->instance,
		.n_instances = p->conf->stage[pw->stage].instances,
		.lcore_id = w->lcore,
		.socket_id = (int)rte_lcore_to_socket_id(w->lcore),
		.n_out = (uint16_t)(w->n_out ? w->n_out : 1),
		.is_source = pw->source,
		.is_sink = pw->sink,
		.conf = p->conf,
		.pktmbuf_pool = g->mbufs,
		.msg_pool = g->msgs,
		.counters = w->ctr,
		.latency = w->hist,
	};
	int rc = pw->ops->init(&w->ctx, &w->state);
	if (rc < 0) {
		snprintf(err, errlen, "stage %s.%u: init failed: %s", pw->ops->name, pw->instance,
			 strerror(-rc));
		return rc;
	}
	return 0;
}

struct sky_graph *sky_graph_create(const struct sky_plan *p, char *err, size_t errlen)
{
	struct sky_graph *g = calloc(1, sizeof(*g));
	if (!g) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	g->plan = p;
	g->tsc_hz = rte_get_tsc_hz();
	if (make_pools(g, err, errlen) < 0 || make_rings(g, err, errlen) < 0 ||
	    make_ports(g, err, errlen) < 0)
		goto fail;
	for (unsigned i = 0; i < p->n_workers; i++) {
		if (!(g->w[i] = make_worker(g, i, err, errlen)))
			goto fail;
		g->n_workers = i + 1;
	}
	for (unsigned i = 0; i < p->n_workers; i++)
		wire_worker(g, g->w[i]);
	for (unsigned i = 0; i < p->n_workers; i++)
		if (init_worker(g, g->w[i], err, errlen) < 0)
			goto fail;
	return g;
fail:
	sky_graph_destroy(g);
	return NULL;
}

/* Whatever is still in a ring (an aborted run): freed, by kind. */
static void ring_free_items(struct rte_ring *r, uint8_t kind)
{
	void *items[64];
	unsigned n;
	while ((n = rte_ring_dequeue_burst(r, items, 64, NULL)) > 0)
		for (unsigned i = 0; i < n; i++)
			sky_item_free(kind, items[i]);
}

void sky_graph_destroy(struct sky_graph *g)
{
	if (!g)
		return;
	for (unsigned i = 0; i < g->n_workers; i++) {
		struct sky_worker *w = g->w[i];
		if (w->state && w->ops->fini)
			w->ops->fini(w->state);
		rte_ring_free(w->ctrl);
		rte_free(w->ctr);
		rte_free(w->hist);
		rte_free(w);
	}
	for (unsigned i = 0; i < g->n_rings; i++) {
		ring_free_items(g->ring[i], g->plan->r[i].kind);
		rte_ring_free(g->ring[i]);
	}
	sky_port_free(g->in_port);
	sky_port_free(g->out_port);
	rte_mempool_free(g->msgs);
	rte_mempool_free(g->mbufs);
	free(g);
}
