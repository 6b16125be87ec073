/*
 * stats.c - what the runtime tells about a run: a periodic line per stage
 * instance while it runs, the final table (runtime and stage counters per
 * lcore, ports, rx -> publish latency percentiles), the reconcile check,
 * the --stats-json file, and the DPDK telemetry commands /skyfuse/stats and
 * /skyfuse/latency (usertools/dpdk-telemetry.py, socket in EAL's runtime
 * directory).
 *
 * Counters and histograms are written by their own lcore only and read
 * here with relaxed loads, so reading never slows the loops. The reconcile
 * check is the runtime's proof that nothing was lost without a count, per
 * stage instance and per edge:
 *   in  = passed + rejected            (the stage's own accounting)
 *   out = enqueued + dropped + sunk    (the runtime's accounting)
 *   enqueued by a stage = taken in by the next one (rings drained)
 *   frames the input port delivered = taken in by the source stage
 * and, for a replay that ran to its end, every frame of the capture is
 * delivered or counted by the device (rx_nombuf, errors).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_spinlock.h>
#include <rte_telemetry.h>

#include "graph_impl.h"

static struct sky_graph *tel_graph;
static rte_spinlock_t tel_lock = RTE_SPINLOCK_INITIALIZER;
static bool tel_registered;
static uint64_t last_print_tsc;
static uint64_t prev_in[SKY_MAX_WORKERS];

static uint64_t rd(const uint64_t *p)
{
	return sky_ctr_read(p);
}

static void lower(char *out, size_t n, const char *s)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = 0;
}

static double seconds(const struct sky_graph *g, uint64_t tsc)
{
	return (double)tsc / (double)g->tsc_hz;
}

static void merged_latency(const struct sky_graph *g, struct sky_hist *h)
{
	sky_hist_init(h);
	for (unsigned i = 0; i < g->n_workers; i++)
		sky_hist_merge(h, g->w[i]->hist);
}

static uint64_t to_ns(const struct sky_graph *g, uint64_t cycles)
{
	return (uint64_t)((double)cycles * 1e9 / (double)g->tsc_hz);
}

/* ---- telemetry ------------------------------------------------------ */

static void tel_worker(struct rte_tel_data *d, const struct sky_worker *w)
{
	char key[64];
	rte_tel_data_start_dict(d);
	for (unsigned c = 0; c < SKY_RT_N; c++) {
		lower(key, sizeof(key), sky_runtime_counter_name(c));
		rte_tel_data_add_dict_u64(d, key, rd(&w->rt[c]));
	}
	for (unsigned c = 0; c < w->ops->n_counters; c++) {
		lower(key, sizeof(key), w->ops->counters[c].name);
		rte_tel_data_add_dict_u64(d, key, rd(&w->ctr[c]));
	}
}

static int tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd, (void)params;
	rte_spinlock_lock(&tel_lock);
	rte_tel_data_start_dict(d);
	for (unsigned i = 0; tel_graph && i < tel_graph->n_workers; i++) {
		const struct sky_worker *w = tel_graph->w[i];
		struct rte_tel_data *sub = rte_tel_data_alloc();
		if (!sub)
			break;
		tel_worker(sub, w);
		char name[64]; /* telemetry names allow [A-Za-z0-9_/] only */
		snprintf(name, sizeof(name), "%s_%u", w->ops->name, w->plan->instance);
		if (rte_tel_data_add_dict_container(d, name, sub, 0) < 0)
			rte_tel_data_free(sub);
	}
	rte_spinlock_unlock(&tel_lock);
	return 0;
}

static int tel_latency(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd, (void)params;
	static struct sky_hist h;
	rte_spinlock_lock(&tel_lock);
	rte_tel_data_start_dict(d);
	if (tel_graph) {
		merged_latency(tel_graph, &h);
		static const struct { const char *k; double q; } qs[] = {
			{"p50_ns", 0.5}, {"p90_ns", 0.9}, {"p99_ns", 0.99}, {"p99_9_ns", 0.999}};
		rte_tel_data_add_dict_u64(d, "count", h.count);
		for (unsigned i = 0; i < 4; i++)
			rte_tel_data_add_dict_u64(d, qs[i].k,
						  to_ns(tel_graph, sky_hist_quantile(&h, qs[i].q)));
		rte_tel_data_add_dict_u64(d, "max_ns", to_ns(tel_graph, h.max));
	}
	rte_spinlock_unlock(&tel_lock);
	return 0;
}

void sky_stats_start(struct sky_graph *g)
{
	rte_spinlock_lock(&tel_lock);
	tel_graph = g;
	rte_spinlock_unlock(&tel_lock);
	if (!tel_registered) {
		tel_registered = true;
		rte_telemetry_register_cmd("/skyfuse/stats", tel_stats,
					   "Counters of every stage instance. No parameters");
		rte_telemetry_register_cmd("/skyfuse/latency", tel_latency,
					   "rx -> publish latency percentiles in ns. No parameters");
	}
	last_print_tsc = rte_rdtsc();
	memset(prev_in, 0, sizeof(prev_in));
}

void sky_stats_stop(struct sky_graph *g)
{
	(void)g;
	rte_spinlock_lock(&tel_lock);
	tel_graph = NULL;
	rte_spinlock_unlock(&tel_lock);
}

/* ---- periodic --------------------------------------------------------- */

void sky_stats_periodic(struct sky_graph *g)
{
	const struct sky_pipeline_conf *c = g->plan->conf;
	uint64_t now = rte_rdtsc();
	if (c->quiet || !c->stats_interval_ms ||
	    now - last_print_tsc < c->stats_interval_ms * (g->tsc_hz / 1000))
		return;
	double dt = seconds(g, now - last_print_tsc);
	last_print_tsc = now;
	fprintf(stderr, "[%7.1f s]", seconds(g, now - g->start_tsc));
	for (unsigned i = 0; i < g->n_workers; i++) {
		const struct sky_worker *w = g->w[i];
		uint64_t in = rd(&w->rt[SKY_RT_IN]);
		uint64_t busy = rd(&w->rt[SKY_RT_BUSY_POLLS]), idle = rd(&w->rt[SKY_RT_IDLE_POLLS]);
		fprintf(stderr, " %s.%u %.0f/s drop %llu busy %.0f%% |", w->ops->name,
			w->plan->instance, (double)(in - prev_in[i]) / dt,
			(unsigned long long)rd(&w->rt[SKY_RT_DROPPED]),
			busy + idle ? 100.0 * (double)busy / (double)(busy + idle) : 0.0);
		prev_in[i] = in;
	}
	struct sky_hist h;
	merged_latency(g, &h);
	if (h.count)
		fprintf(stderr, " latency p50 %llu ns p99 %llu ns",
			(unsigned long long)to_ns(g, sky_hist_quantile(&h, 0.5)),
			(unsigned long long)to_ns(g, sky_hist_quantile(&h, 0.99)));
	fprintf(stderr, "\n");
}

/* ---- final -------------------------------------------------------------- */

struct recon {
	FILE *f;
	unsigned failures;
};

static void check(struct recon *r, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void check(struct recon *r, bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(r->f, "  %-4s ", ok ? "ok" : "FAIL");
	vfprintf(r->f, fmt, ap);
	fprintf(r->f, "\n");
	va_end(ap);
	if (!ok)
		r->failures++;
}

static void sum_kinds(const struct sky_worker *w, uint64_t *pass, uint64_t *rej)
{
	*pass = *rej = 0;
	for (unsigned c = 0; c < w->ops->n_counters; c++) {
		if (w->ops->counters[c].kind == SKY_CTR_PASS)
			*pass += rd(&w->ctr[c]);
		else if (w->ops->counters[c].kind == SKY_CTR_REJECT)
			*rej += rd(&w->ctr[c]);
	}
}

static void reconcile_worker(struct recon *r, const struct sky_worker *w)
{
	uint64_t pass, rej;
	sum_kinds(w, &pass, &rej);
	const uint64_t *rt = w->rt;
	check(r, rd(&rt[SKY_RT_IN]) == pass + rej, "%s.%u: in %llu = passed %llu + rejected %llu",
	      w->ops->name, w->plan->instance, (unsigned long long)rd(&rt[SKY_RT_IN]),
	      (unsigned long long)pass, (unsigned long long)rej);
	uint64_t out = rd(&rt[SKY_RT_OUT]), enq = rd(&rt[SKY_RT_ENQUEUED]);
	uint64_t drop = rd(&rt[SKY_RT_DROPPED]), sunk = rd(&rt[SKY_RT_SUNK]);
	check(r, out == enq + drop + sunk,
	      "%s.%u: out %llu = enqueued %llu + dropped %llu + sunk %llu", w->ops->name,
	      w->plan->instance, (unsigned long long)out, (unsigned long long)enq,
	      (unsigned long long)drop, (unsigned long long)sunk);
}

static uint64_t stage_sum(const struct sky_graph *g, unsigned stage, enum sky_runtime_counter c)
{
	uint64_t s = 0;
	for (unsigned i = 0; i < g->n_workers; i++)
		if (g->w[i]->plan->stage == stage)
			s += rd(&g->w[i]->rt[c]);
	return s;
}

static void reconcile_ports(struct recon *r, const struct sky_graph *g)
{
	struct sky_port_stats ps;
	g->in_port->ops->stats(g->in_port, &ps);
	uint64_t in = stage_sum(g, 0, SKY_RT_IN);
	check(r, ps.rx == in, "input port: delivered %llu = taken by %s %llu",
	      (unsigned long long)ps.rx, g->plan->w[0].ops->name, (unsigned long long)in);
	if (ps.expected && !sky_runtime_signals())
		check(r, ps.rx + ps.rx_nombuf + ps.rx_errors == ps.expected,
		      "capture: %llu frames = delivered %llu + no mbuf %llu + errors %llu",
		      (unsigned long long)ps.expected, (unsigned long long)ps.rx,
		      (unsigned long long)ps.rx_nombuf, (unsigned long long)ps.rx_errors);
}

static unsigned reconcile(const struct sky_graph *g, FILE *f)
{
	struct recon r = {.f = f};
	const struct sky_pipeline_conf *c = g->plan->conf;
	fprintf(f, "reconcile:\n");
	for (unsigned i = 0; i < g->n_workers; i++)
		reconcile_worker(&r, g->w[i]);
	for (unsigned s = 0; s + 1 < c->n_stages; s++) {
		uint64_t enq = stage_sum(g, s, SKY_RT_ENQUEUED), in = stage_sum(g, s + 1, SKY_RT_IN);
		check(&r, enq == in, "%s -> %s: enqueued %llu = taken %llu", c->stage[s].name,
		      c->stage[s + 1].name, (unsigned long long)enq, (unsigned long long)in);
	}
	reconcile_ports(&r, g);
	return r.failures;
}

static void print_worker(const struct sky_worker *w, FILE *f)
{
	char key[64];
	fprintf(f, "%s.%u (lcore %u):\n", w->ops->name, w->plan->instance, w->lcore);
	for (unsigned c = 0; c < SKY_RT_N; c++) {
		uint64_t v = rd(&w->rt[c]);
		if (v || c == SKY_RT_IN || c == SKY_RT_OUT) {
			lower(key, sizeof(key), sky_runtime_counter_name(c));
			fprintf(f, "  %-28s %12llu\n", key, (unsigned long long)v);
		}
	}
	for (unsigned c = 0; c < w->ops->n_counters; c++) {
		uint64_t v = rd(&w->ctr[c]);
		if (!v)
			continue;
		lower(key, sizeof(key), w->ops->counters[c].name);
		fprintf(f, "  %-28s %12llu  %s\n", key, (unsigned long long)v,
			w->ops->counters[c].kind == SKY_CTR_REJECT ? "rejected" : "");
	}
}

static void print_port(const char *what, struct sky_port *p, FILE *f)
{
	if (!p)
		return;
	struct sky_port_stats s;
	p->ops->stats(p, &s);
	fprintf(f, "%s port %s (%s): rx %llu tx %llu", what, p->name, p->ops->name,
		(unsigned long long)s.rx, (unsigned long long)s.tx);
	if (s.rx_missed || s.rx_nombuf || s.rx_errors || s.tx_errors)
		fprintf(f, " missed %llu nombuf %llu rx_errors %llu tx_errors %llu",
			(unsigned long long)s.rx_missed, (unsigned long long)s.rx_nombuf,
			(unsigned long long)s.rx_errors, (unsigned long long)s.tx_errors);
	fprintf(f, "\n");
}

/* The share of the run each stage instance spent on bursts (TSC). */
static void print_busy(const struct sky_graph *g, FILE *f)
{
	uint64_t run = g->end_tsc - g->start_tsc;
	fprintf(f, "busy time (share of the run):");
	for (unsigned i = 0; i < g->n_workers; i++)
		fprintf(f, " %s.%u %.1f%%", g->w[i]->ops->name, g->w[i]->plan->instance,
			run ? 100.0 * (double)rd(&g->w[i]->rt[SKY_RT_BUSY_CYCLES]) / (double)run
			    : 0.0);
	fprintf(f, "\n");
}

static const struct {
	const char *key;
	double q;
} quantiles[] = {{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p99_9", 0.999}};

static void print_latency(const struct sky_graph *g, const struct sky_hist *h, FILE *f)
{
	if (!h->count) {
		fprintf(f, "latency rx -> publish: no samples\n");
		return;
	}
	fprintf(f, "latency rx -> publish (%llu samples):", (unsigned long long)h->count);
	for (unsigned i = 0; i < 4; i++)
		fprintf(f, " %s %.1f us", quantiles[i].key,
			(double)to_ns(g, sky_hist_quantile(h, quantiles[i].q)) / 1e3);
	fprintf(f, " max %.1f us\n", (double)to_ns(g, h->max) / 1e3);
}

static void json_port(FILE *f, const char *what, struct sky_port *p)
{
	struct sky_port_stats s;
	p->ops->stats(p, &s);
	fprintf(f, "\"%s\":{\"name\":\"%s\",\"driver\":\"%s\",\"rx\":%llu,\"tx\":%llu,"
		   "\"rx_missed\":%llu,\"rx_nombuf\":%llu,\"rx_errors\":%llu,\"tx_errors\":%llu,"
		   "\"expected\":%llu}",
		what, p->name, p->ops->name, (unsigned long long)s.rx, (unsigned long long)s.tx,
		(unsigned long long)s.rx_missed, (unsigned long long)s.rx_nombuf,
		(unsigned long long)s.rx_errors, (unsigned long long)s.tx_errors,
		(unsigned long long)s.expected);
}

static void json_worker(FILE *f, const struct sky_worker *w)
{
	char key[64];
	fprintf(f, "{\"stage\":\"%s\",\"instance\":%u,\"lcore\":%u,\"runtime\":{", w->ops->name,
		w->plan->instance, w->lcore);
	for (unsigned c = 0; c < SKY_RT_N; c++) {
		lower(key, sizeof(key), sky_runtime_counter_name(c));
		fprintf(f, "%s\"%s\":%llu", c ? "," : "", key, (unsigned long long)rd(&w->rt[c]));
	}
	fprintf(f, "},\"counters\":{");
	for (unsigned c = 0; c < w->ops->n_counters; c++) {
		lower(key, sizeof(key), w->ops->counters[c].name);
		fprintf(f, "%s\"%s\":%llu", c ? "," : "", key, (unsigned long long)rd(&w->ctr[c]));
	}
	fprintf(f, "}}");
}

static int write_json(const struct sky_graph *g, const struct sky_hist *h, unsigned failures,
		      const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "skyfuse: --stats-json %s: %s\n", path, strerror(errno));
		return -errno;
	}
	fprintf(f, "{\"elapsed_s\":%.6f,\"tsc_hz\":%llu,\"stopped_by\":\"%s\",\"stages\":[",
		seconds(g, g->end_tsc - g->start_tsc), (unsigned long long)g->tsc_hz,
		sky_runtime_signals() ? "signal" : "end");
	for (unsigned i = 0; i < g->n_workers; i++) {
		fprintf(f, i ? "," : "");
		json_worker(f, g->w[i]);
	}
	fprintf(f, "],\"ports\":{");
	json_port(f, "input", g->in_port);
	if (g->out_port) {
		fprintf(f, ",");
		json_port(f, "output", g->out_port);
	}
	fprintf(f, "},\"latency_ns\":{\"count\":%llu", (unsigned long long)h->count);
	for (unsigned i = 0; i < 4; i++)
		fprintf(f, ",\"%s\":%llu", quantiles[i].key,
			(unsigned long long)to_ns(g, sky_hist_quantile(h, quantiles[i].q)));
	fprintf(f, ",\"max\":%llu,\"mean\":%llu},", (unsigned long long)to_ns(g, h->max),
		(unsigned long long)(h->count ? to_ns(g, h->sum / h->count) : 0));
	fprintf(f, "\"reconcile\":{\"ok\":%s,\"failures\":%u}}\n", failures ? "false" : "true",
		failures);
	return fclose(f) == 0 ? 0 : -EIO;
}

unsigned sky_graph_report(struct sky_graph *g, FILE *f)
{
	struct sky_hist h;
	sky_stats_stop(g);
	merged_latency(g, &h);
	double el = seconds(g, g->end_tsc - g->start_tsc);
	fprintf(f, "== skyfuse: %s after %.3f s\n",
		sky_runtime_signals() ? "stopped by signal" : "input ended", el);
	for (unsigned i = 0; i < g->n_workers; i++)
		print_worker(g->w[i], f);
	print_port("input", g->in_port, f);
	print_port("output", g->out_port, f);
	uint64_t in = stage_sum(g, 0, SKY_RT_IN);
	fprintf(f, "throughput: %.0f frames/s\n", el > 0 ? (double)in / el : 0.0);
	print_busy(g, f);
	print_latency(g, &h, f);
	unsigned failures = reconcile(g, f);
	fprintf(f, "reconcile: %s\n", failures ? "FAILED" : "every count accounted for");
	if (g->plan->conf->stats_json &&
	    write_json(g, &h, failures, g->plan->conf->stats_json) < 0)
		failures++;
	fflush(f);
	return failures;
}
