/*
 * bench_publish.c - `skyfuse bench publish`: what one track update costs
 * the publish stage (see bench_publish.h), measured on N random updates of
 * a system frame at 52N 5E (within 400 km, heights -0.5..15 km, a typical
 * identity mix), the median of R rounds, in ns and TSC ticks per element.
 *
 *   geodetic  sky_enu_to_geodetic per point (the scalar Vermeille path)
 *             against sky_enu_geodetic_batch_<variant> in batches of 42
 *             and 256, for every variant the machine has;
 *   pack      the packer as publish and the offline reference run it
 *             (sky_cat062_pack_batch + sky_cat062_pack per update, batches
 *             of 25 - a fuse -> publish message -, 42 and 256), against the
 *             path before the batch kernel: per update a cleared record, a
 *             scalar conversion and an encode limited to the datagram's
 *             room, the conversion redone when the datagram was full.
 *
 * The machine is shared and noisy: the figures are for comparing on one
 * run, never asserted. For instruction counts, `--loop scalar|geodetic|pack`
 * runs only that part (R passes, default 1) in bench_scalar_loop /
 * bench_geodetic_loop / bench_pack_loop, for
 *   SKY_SIMD=avx2 valgrind --tool=callgrind --toggle-collect=bench_geodetic_loop \
 *       skyfuse bench publish --loop geodetic
 * (callgrind cannot run AVX-512: SKY_SIMD=base or avx2).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

#include "bench_host.h"
#include "bench_publish.h"
#include "cat062_pack.h"
#include "enu_geodetic_batch.h"
#include "sky_command.h"

static const char publish_usage[] =
	"usage: skyfuse bench publish [--n N] [--rounds R] [--loop scalar|geodetic|pack]\n\n"
	"Times the publish stage's per-update work on N random track updates\n"
	"(default 100000), median of R rounds (default 7): WGS84 conversion scalar\n"
	"vs the batch kernel of each SIMD variant, and the whole CAT062 packing\n"
	"path before/after the batch kernel; ns and TSC ticks per element.\n"
	"--loop runs R passes (default 1) of one part only (the variant of\n"
	"SKY_SIMD; geodetic in batches of 256, pack in batches of 25), for\n"
	"callgrind --toggle-collect=bench_scalar_loop, bench_geodetic_loop or\n"
	"bench_pack_loop.\n";

struct bench_data {
	size_t n;
	struct sky_enu_frame sys;
	struct sky_cat062_source src;
	struct sky_track_update *u;
	double *x, *y, *z, *lat, *lon;   /* 64-byte aligned */
	struct sky_cat062_packer *pk;
	uint8_t buf[SKY_CAT062_PACK_BUF];
};

/* What one timed pass runs; returns something to keep it from vanishing. */
typedef uint64_t (*bench_pass_fn)(struct bench_data *d, const void *arg);

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double uniform(unsigned *s, double lo, double hi)
{
	*s = *s * 1103515245u + 12345u;
	return lo + (hi - lo) * ((*s >> 8) / 16777216.0);
}

static void random_update(struct sky_track_update *u, unsigned *s, uint32_t no)
{
	memset(u, 0, sizeof(*u));
	u->track_no = no;
	u->flags = SKY_TRACK_CONFIRMED | SKY_TRACK_HAS_Z;
	u->plot_flags = SKY_PLOT_HAS_M3A | SKY_PLOT_HAS_ADDR | SKY_PLOT_HAS_FL;
	if (no % 2)
		u->plot_flags |= SKY_PLOT_HAS_CALLSIGN;
	u->t = 1717254000.0 + uniform(s, 0, 300);
	u->x = uniform(s, -400e3, 400e3);
	u->y = uniform(s, -400e3, 400e3);
	u->z = uniform(s, -500, 15000);
	u->vx = uniform(s, -250, 250);
	u->vy = uniform(s, -250, 250);
	u->vz = uniform(s, -20, 20);
	u->cxx = u->cyy = uniform(s, 100, 10000);
	u->address = no & 0xffffff;
	u->mode3a = no & 07777;
	u->fl_q = (int16_t)(u->z / 0.3048 / 25);
	u->age_psr = u->age_ssr = uniform(s, 0, 8);
	u->age_mds = -1;
	u->age_ads = no % 2 ? 0.5f : -1;
	memcpy(u->callsign, "KLM1234", 8);
}

static double *aligned_doubles(size_t n)
{
	return aligned_alloc(64, ((n * sizeof(double) + 63) / 64) * 64);
}

static int data_init(struct bench_data *d, size_t n)
{
	unsigned seed = 42;
	d->n = n;
	sky_enu_frame_init(&d->sys, 52.0, 5.0, 0.0);
	d->src = (struct sky_cat062_source){.sac = 0, .sic = 1, .service = 1, .sys = &d->sys};
	d->u = malloc(n * sizeof(*d->u));
	d->x = aligned_doubles(n), d->y = aligned_doubles(n), d->z = aligned_doubles(n);
	d->lat = aligned_doubles(n), d->lon = aligned_doubles(n);
	d->pk = aligned_alloc(64, (sizeof(*d->pk) + 63) / 64 * 64);
	if (!d->u || !d->x || !d->y || !d->z || !d->lat || !d->lon || !d->pk)
		return -1;
	for (size_t i = 0; i < n; i++) {
		random_update(&d->u[i], &seed, (uint32_t)i + 1);
		d->x[i] = d->u[i].x, d->y[i] = d->u[i].y, d->z[i] = d->u[i].z;
	}
	return 0;
}

static void data_free(struct bench_data *d)
{
	free(d->u);
	free(d->x), free(d->y), free(d->z), free(d->lat), free(d->lon);
	free(d->pk);
}

/* ---- the passes ----------------------------------------------------------- */

__attribute__((noinline)) uint64_t bench_scalar_loop(struct bench_data *d)
{
	for (size_t i = 0; i < d->n; i++) {
		double enu[3] = {d->x[i], d->y[i], d->z[i]}, alt;
		sky_enu_to_geodetic(&d->sys, enu, &d->lat[i], &d->lon[i], &alt);
	}
	return (uint64_t)d->lat[d->n - 1];
}

static uint64_t pass_scalar(struct bench_data *d, const void *arg)
{
	(void)arg;
	return bench_scalar_loop(d);
}

struct kernel_arg {
	sky_enu_geodetic_fn fn;
	size_t batch;
};

__attribute__((noinline)) uint64_t bench_geodetic_loop(struct bench_data *d,
						       sky_enu_geodetic_fn fn, size_t batch)
{
	for (size_t i = 0; i < d->n; i += batch) {
		size_t k = d->n - i < batch ? d->n - i : batch;
		fn(&d->sys, d->x + i, d->y + i, d->z + i, k, d->lat + i, d->lon + i);
	}
	return (uint64_t)d->lat[d->n - 1];
}

static uint64_t pass_kernel(struct bench_data *d, const void *arg)
{
	const struct kernel_arg *a = arg;
	return bench_geodetic_loop(d, a->fn, a->batch);
}

/* The packer as publish runs it, batches of `batch` updates. */
__attribute__((noinline)) uint64_t bench_pack_loop(struct bench_data *d, size_t batch)
{
	struct sky_cat062_packer *pk = d->pk;
	uint64_t bytes = 0;
	sky_cat062_pack_init(pk, &d->src, d->buf, sizeof(d->buf));
	for (size_t off = 0; off < d->n; off += batch) {
		unsigned m = (unsigned)(d->n - off < batch ? d->n - off : batch), k;
		for (unsigned j = 0; j < m; j += k) {
			k = sky_cat062_pack_batch(pk, d->u + off + j, m - j);
			for (unsigned i = 0; i < k; i++) {
				if (sky_cat062_pack(pk, i) != SKY_CAT062_FULL)
					continue;
				bytes += sky_cat062_pack_take(pk);
				sky_cat062_pack_reset(pk, d->buf, sizeof(d->buf));
				sky_cat062_pack(pk, i);
			}
		}
	}
	return bytes + sky_cat062_pack_take(pk);
}

static uint64_t pass_pack(struct bench_data *d, const void *arg)
{
	return bench_pack_loop(d, *(const size_t *)arg);
}

/* One update the way the packer did it before the batch kernel. */
static enum sky_cat062_pack_result pack_old_one(struct sky_cat062_packer *pk,
						const struct sky_track_update *u)
{
	struct sky_cat062 r;
	double enu[3] = {u->x, u->y, u->z}, lat, lon, alt;
	memset(&r, 0, sizeof(r));
	sky_enu_to_geodetic(pk->src.sys, enu, &lat, &lon, &alt);
	sky_track_to_cat062_at(&pk->src, u, lat, lon, &r);
	if (!pk->w.open && sky_ast_block_open(&pk->w, 62) < 0)
		return SKY_CAT062_TOO_BIG;
	size_t room;
	uint8_t *p = sky_ast_record_space(&pk->w, &room);
	size_t n = sky_cat062_encode(&r, p, room);
	if (n == 0)
		return pk->records ? SKY_CAT062_FULL : SKY_CAT062_TOO_BIG;
	sky_ast_record_commit(&pk->w, n);
	pk->records++;
	return SKY_CAT062_PACKED;
}

static uint64_t pass_pack_old(struct bench_data *d, const void *arg)
{
	struct sky_cat062_packer *pk = d->pk;
	uint64_t bytes = 0;
	(void)arg;
	sky_cat062_pack_init(pk, &d->src, d->buf, SKY_CAT062_DGRAM_MAX);
	for (size_t i = 0; i < d->n; i++) {
		if (pack_old_one(pk, &d->u[i]) != SKY_CAT062_FULL)
			continue;
		bytes += sky_cat062_pack_take(pk);
		sky_cat062_pack_reset(pk, d->buf, SKY_CAT062_DGRAM_MAX);
		pack_old_one(pk, &d->u[i]);
	}
	return bytes + sky_cat062_pack_take(pk);
}

/* ---- timing --------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median over `rounds` passes of ns and TSC ticks per element. */
static void measure(struct bench_data *d, bench_pass_fn fn, const void *arg, int rounds,
		    const char *what)
{
	double ns[rounds], tk[rounds];
	volatile uint64_t sink = fn(d, arg); /* warm up */
	for (int r = 0; r < rounds; r++) {
		double t0 = now_ns();
		uint64_t c0 = __rdtsc();
		sink += fn(d, arg);
		uint64_t c1 = __rdtsc();
		ns[r] = (now_ns() - t0) / d->n;
		tk[r] = (double)(c1 - c0) / d->n;
	}
	(void)sink;
	qsort(ns, rounds, sizeof(double), cmp_double);
	qsort(tk, rounds, sizeof(double), cmp_double);
	printf("  %-44s %8.1f ns %8.1f ticks  %7.2f M/s\n", what, ns[rounds / 2], tk[rounds / 2],
	       1e3 / ns[rounds / 2]);
}

static void bench_geodetic(struct bench_data *d, int rounds)
{
	static const size_t batches[] = {42, 256};
	char what[96];
	printf("WGS84 conversion of I062/105, per point:\n");
	measure(d, pass_scalar, NULL, rounds, "scalar sky_enu_to_geodetic");
	for (int l = SKY_SIMD_BASE; l <= (int)sky_simd_supported(); l++)
		for (size_t b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
			struct kernel_arg a = {sky_enu_geodetic_batch_variant(l), batches[b]};
			snprintf(what, sizeof(what), "batch %s, batches of %zu",
				 sky_simd_name(l), batches[b]);
			measure(d, pass_kernel, &a, rounds, what);
		}
}

static void bench_pack(struct bench_data *d, int rounds)
{
	static const size_t batches[] = {25, 42, 256};
	char what[96];
	printf("CAT062 packing (record + encode + datagrams), per update, variant %s:\n",
	       sky_simd_name(sky_simd_level()));
	measure(d, pass_pack_old, NULL, rounds, "before: cleared record, scalar conversion");
	for (size_t b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
		snprintf(what, sizeof(what), "packer, batches of %zu", batches[b]);
		measure(d, pass_pack, &batches[b], rounds, what);
	}
}

static void print_cpu(void)
{
	sky_bench_print_cpu();
	printf("simd: supported %s, used %s (SKY_SIMD lowers it)\n",
	       sky_simd_name(sky_simd_supported()), sky_simd_name(sky_simd_level()));
}

/* One pass of one part (scalar, geodetic or pack); -1 for another name. */
static int64_t loop_once(struct bench_data *d, const char *part)
{
	if (strcmp(part, "scalar") == 0)
		return (int64_t)bench_scalar_loop(d);
	if (strcmp(part, "geodetic") == 0)
		return (int64_t)bench_geodetic_loop(
			d, sky_enu_geodetic_batch_variant(sky_simd_level()), 256);
	if (strcmp(part, "pack") == 0)
		return (int64_t)bench_pack_loop(d, 25);
	return -1;
}

/* `passes` passes of one part only, for callgrind or perf record. */
static int run_loop(struct bench_data *d, const char *part, int passes)
{
	int64_t r = 0;
	for (int i = 0; i < passes; i++) {
		int64_t one = loop_once(d, part);
		if (one < 0)
			return 2;
		r += one;
	}
	printf("%s: %d pass(es) over %zu updates (%s), result %lld\n", part, passes, d->n,
	       sky_simd_name(sky_simd_level()), (long long)r);
	return 0;
}

int sky_bench_publish_main(int argc, char **argv)
{
	if (sky_wants_help(argc, argv)) {
		fputs(publish_usage, stdout);
		return 0;
	}
	long n = 100000;
	int rounds = 0;
	const char *loop = NULL;
	for (int i = 1; i < argc; i++) {
		bool has_val = i + 1 < argc;
		if (strcmp(argv[i], "--n") == 0 && has_val)
			n = atol(argv[++i]);
		else if (strcmp(argv[i], "--rounds") == 0 && has_val)
			rounds = atoi(argv[++i]);
		else if (strcmp(argv[i], "--loop") == 0 && has_val)
			loop = argv[++i];
		else {
			fputs(publish_usage, stderr);
			return 2;
		}
	}
	if (rounds == 0)
		rounds = loop ? 1 : 7;
	if (n <= 0 || rounds <= 0 || rounds > 1000) {
		fputs(publish_usage, stderr);
		return 2;
	}
	struct bench_data *d = aligned_alloc(64, (sizeof(*d) + 63) / 64 * 64);
	int rc = 1;
	if (!d)
		return 1;
	memset(d, 0, sizeof(*d));
	if (data_init(d, (size_t)n) < 0) {
		fprintf(stderr, "skyfuse bench publish: out of memory\n");
		goto out;
	}
	if (loop) {
		rc = run_loop(d, loop, rounds);
		if (rc == 2)
			fputs(publish_usage, stderr);
		goto out;
	}
	print_cpu();
	printf("%ld random track updates, median of %d rounds\n", n, rounds);
	bench_geodetic(d, rounds);
	bench_pack(d, rounds);
	rc = 0;
out:
	data_free(d);
	free(d);
	return rc;
}
