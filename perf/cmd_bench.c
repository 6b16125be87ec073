/*
 * cmd_bench.c - `skyfuse bench`: the benchmarks of perf/, one subcommand
 * each. Benchmarks report, they never assert: the machines are shared and
 * noisy, so each prints rates measured in one run next to instruction
 * counts that callgrind can take on the same binary (perf/bench_decode.sh).
 *
 *   bench decode   the ASTERIX codec on a stream of >= 1 M records
 *   bench rx       the bare DPDK receive loop (bench_port.c)
 *   bench tx       a capture sent out of a DPDK device or to a UDP socket
 *   bench convert  radar plots into the system frame, scalar vs batch SIMD
 *   bench publish  track positions to WGS84 and CAT062 packing, per variant
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_host.h"
#include "ast_record.h"
#include "bench_convert.h"
#include "bench_publish.h"
#include "bench_port.h"
#include "bench_stream.h"
#include "pcap_file.h"
#include "sky_command.h"

static const char bench_usage[] =
	"usage: skyfuse bench decode [--records N] [--rounds R] [--pcap FILE]\n"
	"                            [--loop-cat048 N] [--loop-cat062 N]\n\n"
	"decode: builds a realistic stream (CAT048 plots with 010 140 020 040 070\n"
	"  090 130 220, some 240/250 and track data, CAT034 sector crossings,\n"
	"  CAT021 ADS-B) of at least N records (default 1000000), decodes it R times\n"
	"  (default 5) with the codec and prints records/s and ns/record (median).\n"
	"  --pcap FILE       also write the stream as a capture (UDP port 8600), to\n"
	"                    compare `skyfuse decode --json` with tshark on it\n"
	"  --loop-cat048 N   only decode one typical CAT048 plot N times in\n"
	"                    bench_cat048_loop (for callgrind --toggle-collect)\n"
	"  --loop-cat062 N   only encode one typical CAT062 track N times in\n"
	"                    bench_cat062_loop (for callgrind --toggle-collect)\n"
	"perf/bench_decode.sh runs all of it, callgrind and tshark included.\n\n"
	"       skyfuse bench rx (--pcap FILE | --device DEVARGS) [options]\n"
	"       skyfuse bench tx --pcap FILE (--device DEVARGS | --udp ADDR:PORT) [options]\n\n"
	"rx: the bare DPDK receive loop (rx_burst + free), frames/s;\n"
	"tx: sends a capture out of a DPDK device or to a UDP socket, paced or not.\n"
	"`skyfuse bench rx --help`, `skyfuse bench tx --help` for their options;\n"
	"perf/bench_pipeline.sh runs the pipeline benchmark with both.\n\n"
	"       skyfuse bench convert [options]: radar plot conversion, scalar vs the\n"
	"  batch kernel per SIMD variant (`skyfuse bench convert --help`).\n"
	"       skyfuse bench publish [options]: track positions to WGS84, scalar vs\n"
	"  the batch kernel per SIMD variant, and the CAT062 pack path\n"
	"  (`skyfuse bench publish --help`).\n";

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void count_record(void *ctx, const struct sky_ast_record *r)
{
	(*(uint64_t *)ctx) += r->raw_len;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Decodes the whole stream once; returns accepted records. */
__attribute__((noinline)) uint64_t bench_decode_stream(const struct sky_bench_stream *s,
						       struct sky_ast_decoder *d)
{
	uint64_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		n += sky_ast_decode_datagram(d, s->buf + s->dg[i].off, s->dg[i].len);
	return n;
}

__attribute__((noinline)) uint64_t bench_cat048_loop(const uint8_t *rec, size_t len, long n)
{
	struct sky_cat048 out;
	struct sky_ast_error err;
	uint64_t sum = 0;
	for (long i = 0; i < n; i++) {
		sum += sky_cat048_decode(rec, len, 0, &out, &err);
		__asm__ volatile("" : : "r"(&out) : "memory");
	}
	return sum;
}

__attribute__((noinline)) uint64_t bench_cat062_loop(const struct sky_cat062 *t, uint8_t *buf,
						     long n)
{
	uint64_t sum = 0;
	for (long i = 0; i < n; i++) {
		sum += sky_cat062_encode(t, buf, SKY_CAT062_MAX_RECORD + 8);
		__asm__ volatile("" : : "r"(buf) : "memory");
	}
	return sum;
}

/* The typical published track: 010 015 070 105 100 185 060 380/ADR 040 080
 * 136 130 220 500/APC. */
static void typical_track(struct sky_cat062 *t)
{
	memset(t, 0, sizeof(*t));
	t->present = SKY_CAT062_I010 | SKY_CAT062_I015 | SKY_CAT062_I070 | SKY_CAT062_I105 |
		     SKY_CAT062_I100 | SKY_CAT062_I185 | SKY_CAT062_I060 | SKY_CAT062_I380 |
		     SKY_CAT062_I040 | SKY_CAT062_I080 | SKY_CAT062_I136 | SKY_CAT062_I130 |
		     SKY_CAT062_I220 | SKY_CAT062_I500;
	t->sac = 0, t->sic = 1, t->service = 1;
	t->tod = 4321000;
	t->lat = 9717000, t->lon = 965000;
	t->x = -12345, t->y = 67890;
	t->vx = 800, t->vy = -120;
	t->mode3a = 01234;
	t->adr.present = SKY_CAT062_ADR_ADR;
	t->adr.adr = 0x484c5a;
	t->track_number = 1234;
	t->status = SKY_CAT062_TS_SSR | SKY_CAT062_TS_PSR;
	t->fl = 1400, t->geo_alt = 6720, t->roc = 0;
	t->acc.present = SKY_CAT062_ACC_APC;
	t->acc.apc_x = 60, t->acc.apc_y = 60;
}

static int write_pcap(const struct sky_bench_stream *s, const char *path)
{
	char err[512];
	struct sky_pcap_writer *w = sky_pcap_open_write(path, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "skyfuse bench: %s\n", err);
		return -1;
	}
	struct sky_udp_endpoints ep = {.src_mac = {2, 0, 0, 0, 0, 1}, .dst_mac = {2, 0, 0, 0, 0, 2},
				       .src_ip = 0x0a000001, .dst_ip = 0x0a000002,
				       .src_port = 40000, .dst_port = 8600};
	for (size_t i = 0; i < s->n; i++)
		sky_pcap_write_udp(w, &ep, s->buf + s->dg[i].off, s->dg[i].len,
				   1717243200000000000ull + i * 1000000ull);
	return sky_pcap_close_write(w);
}

static int run_loops(long loop48, long loop62)
{
	uint64_t seed = 42;
	if (loop48 > 0) {
		struct sky_cat048 p;
		uint8_t rec[256];
		sky_bench_typical_plot(&p, &seed);
		size_t len = sky_cat048_encode(&p, rec, sizeof(rec));
		printf("cat048 typical plot: %zu bytes, decode loop x %ld: sum %llu\n", len, loop48,
		       (unsigned long long)bench_cat048_loop(rec, len, loop48));
	}
	if (loop62 > 0) {
		struct sky_cat062 t;
		static uint8_t buf[SKY_CAT062_MAX_RECORD + 8];
		typical_track(&t);
		printf("cat062 typical track encode loop x %ld: sum %llu\n", loop62,
		       (unsigned long long)bench_cat062_loop(&t, buf, loop62));
	}
	return 0;
}

static int run_decode(long records, int rounds, const char *pcap)
{
	struct sky_bench_stream s;
	if (sky_bench_stream_build(&s, (uint64_t)records, 42) < 0) {
		fprintf(stderr, "skyfuse bench: out of memory building %ld records\n", records);
		return 1;
	}
	sky_bench_print_cpu();
	printf("stream: %llu records in %zu datagrams, %zu bytes\n",
	       (unsigned long long)s.records, s.n, s.used);
	if (pcap && write_pcap(&s, pcap) == 0)
		printf("capture written: %s\n", pcap);
	struct sky_ast_decoder *d = calloc(1, sizeof(*d));
	uint64_t bytes = 0;
	d->on_record = count_record;
	d->ctx = &bytes;
	double *t = calloc((size_t)rounds, sizeof(*t));
	uint64_t got = 0;
	for (int r = 0; r < rounds; r++) {
		double t0 = now_s();
		got = bench_decode_stream(&s, d);
		t[r] = now_s() - t0;
	}
	qsort(t, (size_t)rounds, sizeof(*t), cmp_double);
	double med = t[rounds / 2];
	printf("decoded %llu records per round (%s), %d rounds\n", (unsigned long long)got,
	       got == s.records ? "all" : "MISSING SOME", rounds);
	printf("median %.3f s: %.2f M records/s, %.1f ns/record, %.0f MB/s (min %.3f s, max %.3f s)\n",
	       med, s.records / med / 1e6, med * 1e9 / s.records, s.used / med / 1e6, t[0],
	       t[rounds - 1]);
	int rc = got == s.records ? 0 : 1;
	free(t);
	free(d);
	sky_bench_stream_free(&s);
	return rc;
}

static int bench_main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "rx") == 0)
		return sky_bench_rx_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "tx") == 0)
		return sky_bench_tx_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "convert") == 0)
		return sky_bench_convert_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "publish") == 0)
		return sky_bench_publish_main(argc - 1, argv + 1);
	if (sky_wants_help(argc, argv)) {
		fputs(bench_usage, stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "decode") != 0) {
		fputs(bench_usage, stderr);
		return 2;
	}
	long records = 1000000, loop48 = 0, loop62 = 0;
	int rounds = 5;
	const char *pcap = NULL;
	for (int i = 2; i < argc; i++) {
		bool has_val = i + 1 < argc;
		if (strcmp(argv[i], "--records") == 0 && has_val)
			records = atol(argv[++i]);
		else if (strcmp(argv[i], "--rounds") == 0 && has_val)
			rounds = atoi(argv[++i]);
		else if (strcmp(argv[i], "--pcap") == 0 && has_val)
			pcap = argv[++i];
		else if (strcmp(argv[i], "--loop-cat048") == 0 && has_val)
			loop48 = atol(argv[++i]);
		else if (strcmp(argv[i], "--loop-cat062") == 0 && has_val)
			loop62 = atol(argv[++i]);
		else {
			fprintf(stderr, "skyfuse bench decode: unknown or incomplete option '%s'\n",
				argv[i]);
			fputs(bench_usage, stderr);
			return 2;
		}
	}
	if (records <= 0 || rounds <= 0) {
		fprintf(stderr, "skyfuse bench decode: --records and --rounds must be positive\n");
		return 2;
	}
	if (loop48 > 0 || loop62 > 0)
		return run_loops(loop48, loop62);
	return run_decode(records, rounds, pcap);
}

static const struct sky_command bench_command = {
	.name = "bench",
	.summary = "benchmarks: codec (decode), bare DPDK rx/tx (rx, tx), SIMD kernels (convert, publish)",
	.usage = bench_usage,
	.run = bench_main,
	.sub_help = 1,
};
SKY_COMMAND_REGISTER(bench_command)
