/*
 * worker.c - the loop every stage instance runs on its lcore, and the
 * control thread on the main lcore that launches, watches and stops them.
 *
 * The loop (run to completion per burst, the shape of DPDK's l2fwd and
 * ip_pipeline thread.c):
 *   pull up to `burst` items: from the input port (source) or round-robin
 *     from the input rings;
 *   process the whole burst; push every output burst to its ring (or the
 *     output port). A partial enqueue is never silent: with `drop` the rest
 *     is freed and counted (DROPPED, FULL_EVENTS); with `wait` (replay:
 *     back-pressure all the way to the capture) the loop retries, counting
 *     WAIT_POLLS;
 *   when the input is empty: count an idle poll, give the stage its idle
 *     flush, back off (pause, yield, or sleep when lcores share a core);
 *   every 64 iterations, and on every idle poll, read the ctrl ring.
 * Time: one rte_rdtsc per iteration; the cycles from the start of an
 * iteration that found input to the start of the next one (pull, process,
 * push) add up in BUSY_CYCLES, less the time spent waiting for room, which
 * goes to WAIT_CYCLES (two more rdtsc per wait, only when a ring is full).
 * busy_cycles / (elapsed * tsc_hz) is then the share of wall time the stage
 * worked; with lcores sharing a core (or a loaded host) it includes time
 * the core ran something else.
 * A source stops on SKY_CTRL_STOP or when its port reports the end of a
 * capture; any other stage ends once every stage feeding it is done and its
 * rings are empty. The last act is the final flush, whose pushes always
 * wait for room (downstream is still running, so this cannot deadlock),
 * then the done flag, stored with release so that the consumer that reads
 * it with acquire sees every item enqueued before it.
 *
 * Signals: the handler only counts. The control thread turns the first
 * signal into STOP messages to the sources; a second signal exits at once
 * from the handler (_exit: nothing more is written).
 */
#include <sched.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_pause.h>

#include "graph_impl.h"

static volatile sig_atomic_t n_signals;
static int abort_flag;

static void on_signal(int sig)
{
	if (++n_signals >= 2) {
		static const char msg[] = "skyfuse: second signal, exiting now\n";
		ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
		(void)r;
		sky_eal_exit_now();
		_exit(128 + sig);
	}
}

void sky_runtime_install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
}

unsigned sky_runtime_signals(void)
{
	return (unsigned)n_signals;
}

void sky_runtime_abort(void)
{
	__atomic_store_n(&abort_flag, 1, __ATOMIC_RELEASE);
}

bool sky_runtime_aborting(void)
{
	return __atomic_load_n(&abort_flag, __ATOMIC_ACQUIRE);
}

/* ---- the loop --------------------------------------------------------- */

static inline void rt_add(struct sky_worker *w, enum sky_runtime_counter c, uint64_t n)
{
	sky_ctr_add(&w->rt[c], n);
}

static void backoff(struct sky_worker *w, unsigned run)
{
	if (w->idle == SKY_IDLE_SPIN || run <= 8)
		rte_pause();
	else if (w->idle == SKY_IDLE_ADAPTIVE && run > 4096)
		rte_delay_us_sleep(50);
	else
		sched_yield();
}

static uint16_t pull(struct sky_worker *w, void **items)
{
	if (w->rx_port)
		return w->stopping ? 0
				   : sky_port_rx(w->rx_port, (struct rte_mbuf **)items, w->burst);
	for (unsigned k = 0; k < w->n_in; k++) {
		unsigned i = w->next_in;
		w->next_in = i + 1 == w->n_in ? 0 : i + 1;
		unsigned n = rte_ring_sc_dequeue_burst(w->in[i], items, w->burst, NULL);
		if (n)
			return (uint16_t)n;
	}
	return 0;
}

static uint16_t put(struct sky_worker *w, unsigned k, void **items, uint16_t n)
{
	if (w->tx_port)
		return sky_port_tx(w->tx_port, (struct rte_mbuf **)items, n);
	return (uint16_t)rte_ring_sp_enqueue_burst(w->out[k], items, n, NULL);
}

static uint16_t put_waiting(struct sky_worker *w, unsigned k, void **items, uint16_t n)
{
	uint64_t t0 = rte_rdtsc();
	uint16_t done = 0;
	for (unsigned run = 1; done < n && !sky_runtime_aborting(); run++) {
		uint16_t s = put(w, k, items + done, n - done);
		done += s;
		if (s == 0) {
			rt_add(w, SKY_RT_WAIT_POLLS, 1);
			backoff(w, run);
		}
	}
	rt_add(w, SKY_RT_WAIT_CYCLES, rte_rdtsc() - t0);
	return done;
}

static void push(struct sky_worker *w, unsigned k, struct sky_burst *b, bool drain)
{
	uint16_t n = b->n;
	if (n == 0)
		return;
	b->n = 0;
	rt_add(w, SKY_RT_OUT, n);
	if (!w->tx_port && w->n_out == 0) {
		for (uint16_t i = 0; i < n; i++)
			sky_item_free(w->out_kind, b->item[i]);
		rt_add(w, SKY_RT_SUNK, n);
		return;
	}
	uint16_t sent = put(w, k, b->item, n);
	if (sent < n) {
		rt_add(w, SKY_RT_FULL_EVENTS, 1);
		if (w->on_full == SKY_FULL_WAIT || drain)
			sent += put_waiting(w, k, b->item + sent, n - sent);
		for (uint16_t i = sent; i < n; i++)
			sky_item_free(w->out_kind, b->item[i]);
		rt_add(w, SKY_RT_DROPPED, n - sent);
	}
	rt_add(w, SKY_RT_ENQUEUED, sent);
}

static void push_all(struct sky_worker *w, bool drain)
{
	for (unsigned k = 0; k < w->ctx.n_out; k++)
		push(w, k, &w->outb[k], drain);
}

static void run_burst(struct sky_worker *w, uint16_t n)
{
	rt_add(w, SKY_RT_IN, n);
	rt_add(w, SKY_RT_BUSY_POLLS, 1);
	w->ops->process(w->state, w->items, n, w->outb);
	push_all(w, false);
}

static void flush(struct sky_worker *w, bool final)
{
	if (!w->ops->flush)
		return;
	bool more;
	do {
		more = w->ops->flush(w->state, w->outb, final);
		push_all(w, final);
	} while (more && final && !sky_runtime_aborting());
}

static void poll_ctrl(struct sky_worker *w)
{
	void *msg;
	while (rte_ring_sc_dequeue(w->ctrl, &msg) == 0)
		if ((uintptr_t)msg == SKY_CTRL_STOP)
			w->stopping = true;
}

/* True when no input will ever come again and none is waiting. */
static bool input_finished(struct sky_worker *w)
{
	if (w->rx_port) {
		if (!w->stopping && sky_port_at_end(w->rx_port))
			w->stopping = true;
		return w->stopping;
	}
	for (unsigned k = 0; k < w->n_up; k++)
		if (!__atomic_load_n(&w->up[k]->done, __ATOMIC_ACQUIRE))
			return false;
	for (unsigned k = 0; k < w->n_in; k++)
		if (rte_ring_count(w->in[k]))
			return false;
	return true;
}

int sky_worker_main(void *arg)
{
	struct sky_worker *w = arg;
	unsigned iter = 0, idle_run = 0;
	uint64_t t_prev = rte_rdtsc(), wait_mark = 0;
	bool was_busy = false;
	w->first_tsc = t_prev;
	while (!sky_runtime_aborting()) {
		uint64_t t = rte_rdtsc(), waited = w->rt[SKY_RT_WAIT_CYCLES];
		if (was_busy)
			rt_add(w, SKY_RT_BUSY_CYCLES, t - t_prev - (waited - wait_mark));
		t_prev = t;
		wait_mark = waited;
		if ((++iter & 63) == 0 || idle_run)
			poll_ctrl(w);
		uint16_t n = pull(w, w->items);
		was_busy = n != 0;
		if (n) {
			run_burst(w, n);
			idle_run = 0;
			continue;
		}
		rt_add(w, SKY_RT_IDLE_POLLS, 1);
		flush(w, false);
		if (input_finished(w))
			break;
		backoff(w, ++idle_run);
	}
	if (was_busy)
		rt_add(w, SKY_RT_BUSY_CYCLES,
		       rte_rdtsc() - t_prev - (w->rt[SKY_RT_WAIT_CYCLES] - wait_mark));
	flush(w, true);
	w->last_tsc = rte_rdtsc();
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return 0;
}

/* ---- the control thread ----------------------------------------------- */

static bool all_done(const struct sky_graph *g)
{
	for (unsigned i = 0; i < g->n_workers; i++)
		if (!__atomic_load_n(&g->w[i]->done, __ATOMIC_ACQUIRE))
			return false;
	return true;
}

static void send_stop(struct sky_graph *g)
{
	for (unsigned i = 0; i < g->n_workers; i++)
		if (g->w[i]->rx_port &&
		    rte_ring_enqueue(g->w[i]->ctrl, (void *)(uintptr_t)SKY_CTRL_STOP) < 0)
			fprintf(stderr, "skyfuse: control ring of lcore %u full\n", g->w[i]->lcore);
}

#define DRAIN_TIMEOUT_S 30

/*
 * The run's span, for rates and busy shares: from the first worker loop's
 * start to the last one's end, not from launch to the control thread's
 * next 10 ms check (which would add up to 10 ms to every run).
 */
static void run_span(struct sky_graph *g)
{
	uint64_t first = UINT64_MAX, last = 0;
	for (unsigned i = 0; i < g->n_workers; i++) {
		if (g->w[i]->first_tsc < first)
			first = g->w[i]->first_tsc;
		if (g->w[i]->last_tsc > last)
			last = g->w[i]->last_tsc;
	}
	if (g->n_workers && last > first) {
		g->start_tsc = first;
		g->end_tsc = last;
	}
}

int sky_graph_run(struct sky_graph *g)
{
	sky_stats_start(g);
	g->start_tsc = rte_rdtsc();
	for (unsigned i = 0; i < g->n_workers; i++)
		rte_eal_remote_launch(sky_worker_main, g->w[i], g->w[i]->lcore);
	uint64_t stop_tsc = 0;
	while (!all_done(g)) {
		rte_delay_us_sleep(10 * 1000);
		if (sky_runtime_signals() && !stop_tsc) {
			stop_tsc = rte_rdtsc();
			fprintf(stderr, "skyfuse: stopping: draining the pipeline "
					"(signal again to exit at once)\n");
			send_stop(g);
		}
		if (stop_tsc && rte_rdtsc() - stop_tsc > DRAIN_TIMEOUT_S * g->tsc_hz) {
			fprintf(stderr, "skyfuse: the pipeline did not drain in %d s: aborting\n",
				DRAIN_TIMEOUT_S);
			sky_runtime_abort();
			g->aborted = true;
			break;
		}
		sky_stats_periodic(g);
	}
	rte_eal_mp_wait_lcore();
	g->end_tsc = rte_rdtsc();
	if (!g->aborted)
		run_span(g);
	return g->aborted ? 1 : 0;
}
