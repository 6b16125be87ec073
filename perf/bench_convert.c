/*
 * bench_convert.c - `skyfuse bench convert`: what converting a radar plot
 * (slant range, azimuth, height) into the system ENU frame with its
 * covariance costs, plot by plot with the scalar reference sky_radar_to_enu
 * and in batches with the kernel of stages/fusion/radar_batch.h at every
 * SIMD variant the CPU has, for batch sizes 8, 42 and 256.
 *
 * The plots are the decode stage's: the four radars of
 * configs/scenarios/scale.yaml (two en-route radars with Mode C, two 3D
 * air-defence radars), ranges 5..250 km, heights 0..12 km, 16-bit azimuth
 * codes whose sin/cos come from the decoder's tables; each batch is one
 * radar's, round robin, as the decoder builds them. Times are the median of
 * --rounds passes over all plots: ns per plot from CLOCK_MONOTONIC and TSC
 * cycles per plot (rdtsc, the clock of the pipeline's busy_cycles), with
 * the speedup against the scalar path and the largest position difference
 * from it. Then the same for ADS-B reports (WGS84 -> system ENU with
 * covariance): sky_adsb_to_enu against the kernel of adsb_batch.h, in
 * batches of 42, reports spread over +-4 deg around the system reference,
 * 0..12 km. The loops are noinline functions, so callgrind can count their
 * instructions alone (--toggle-collect, see the usage).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

#include "adsb_batch.h"
#include "bench_convert.h"
#include "bench_host.h"
#include "radar_batch.h"
#include "sky_command.h"

static const char convert_usage[] =
	"usage: skyfuse bench convert [--plots N] [--rounds R]\n"
	"                             [--variant scalar|base|avx2|avx512] [--batch B]\n\n"
	"Radar plots -> system ENU with covariance: the scalar sky_radar_to_enu and\n"
	"the batch kernel at each SIMD variant the CPU has (SKY_SIMD lowers it), batch\n"
	"sizes 8, 42, 256; N plots (default 100000) of the four scale.yaml radars,\n"
	"median of R rounds (default 5). ns/plot, TSC cycles/plot, speedup.\n"
	"--variant/--batch run only that one (e.g. under callgrind:\n"
	"  valgrind --tool=callgrind --toggle-collect=bench_convert_batch \\\n"
	"    skyfuse bench convert --variant avx2 --batch 42 --rounds 1\n"
	"  and --toggle-collect=bench_convert_scalar with --variant scalar).\n"
	"Then ADS-B reports -> system ENU (sky_adsb_to_enu vs adsb_batch.h, batches\n"
	"of 42); callgrind: --toggle-collect=bench_adsb_scalar or bench_adsb_batch\n"
	"(--variant picks the batch variant there too).\n";

#define N_SITES 4

struct bench_site {
	double lat, lon, alt, sigma_range, sigma_az, sigma_h;
	enum sky_height_kind kind;
};

/* configs/scenarios/scale.yaml */
static const struct bench_site sites[N_SITES] = {
	{ 52.45, 4.60, 40.0, 70.0, 0.08, 0.0, SKY_HEIGHT_FL },
	{ 51.55, 5.60, 50.0, 80.0, 0.09, 0.0, SKY_HEIGHT_FL },
	{ 52.10, 5.20, 25.0, 30.0, 0.2, 120.0, SKY_HEIGHT_3D },
	{ 51.80, 4.70, 25.0, 30.0, 0.2, 120.0, SKY_HEIGHT_3D },
};

struct convert_set {
	unsigned n;
	struct sky_radar_site site[N_SITES];
	struct sky_radar_batch_site bsite[N_SITES];
	struct sky_radar_plot *plot;       /* for the scalar path */
	unsigned char *plot_site;
	double *in[5];                     /* SoA: rho, sin, cos, h, sigma_h */
	double *out[7];                    /* x y z cxx cxy cyy czz */
	uint8_t *status;
	double *ref;                       /* scalar x y z, 3 per plot */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double urand(uint64_t *s)
{
	return (double)(next_rand(s) >> 11) * (1.0 / 9007199254740992.0);
}

static double *dalloc(unsigned n)
{
	return aligned_alloc(64, ((size_t)n * sizeof(double) + 63) & ~(size_t)63);
}

static void set_free(struct convert_set *c)
{
	for (int a = 0; a < 5; a++)
		free(c->in[a]);
	for (int a = 0; a < 7; a++)
		free(c->out[a]);
	free(c->plot);
	free(c->plot_site);
	free(c->status);
	free(c->ref);
}

static int set_alloc(struct convert_set *c, unsigned n)
{
	memset(c, 0, sizeof(*c));
	c->n = n;
	for (int a = 0; a < 5; a++)
		c->in[a] = dalloc(n);
	for (int a = 0; a < 7; a++)
		c->out[a] = dalloc(n);
	c->plot = calloc(n, sizeof(*c->plot));
	c->plot_site = calloc(n, 1);
	c->status = calloc(n, 1);
	c->ref = calloc((size_t)n * 3, sizeof(double));
	bool ok = c->plot && c->plot_site && c->status && c->ref;
	for (int a = 0; a < 5; a++)
		ok = ok && c->in[a];
	for (int a = 0; a < 7; a++)
		ok = ok && c->out[a];
	if (!ok)
		set_free(c);
	return ok ? 0 : -1;
}

/* Plot i of a batch of radar k, as the decoder would fill it. */
static void make_plot(struct convert_set *c, const struct sky_radar_az_table *az, unsigned i,
		      unsigned k, uint64_t *seed)
{
	uint16_t code = (uint16_t)next_rand(seed);
	double rho = 5e3 + 245e3 * urand(seed), h = 12e3 * urand(seed);
	enum sky_height_kind kind = sites[k].kind;
	c->plot[i] = (struct sky_radar_plot){ rho, code * (360.0 / 65536.0), kind,
					      kind == SKY_HEIGHT_FL ? sky_alt_m_to_fl(h) : h };
	c->plot_site[i] = (unsigned char)k;
	c->in[0][i] = rho;
	sky_radar_az_sincos(az, code, &c->in[1][i], &c->in[2][i]);
	c->in[3][i] = kind == SKY_HEIGHT_FL ? sky_fl_to_alt_m(c->plot[i].height) : h;
	c->in[4][i] = c->site[k].sigma_height_m[kind];
}

/* Plots in runs of `batch` per radar, round robin. */
static void set_fill(struct convert_set *c, unsigned batch)
{
	struct sky_enu_frame sys;
	static struct sky_radar_az_table az;
	uint64_t seed = 42;
	sky_enu_frame_init(&sys, 52.0, 5.0, 0.0);
	sky_radar_az_table_init(&az);
	for (unsigned k = 0; k < N_SITES; k++) {
		const struct bench_site *s = &sites[k];
		sky_radar_site_init(&c->site[k], &sys, s->lat, s->lon, s->alt, s->sigma_range,
				    s->sigma_az, s->sigma_h);
		sky_radar_batch_site_init(&c->bsite[k], &c->site[k]);
	}
	for (unsigned i = 0; i < c->n; i++)
		make_plot(c, &az, i, (i / batch) % N_SITES, &seed);
}

/* ---- the measured loops ---------------------------------------------------- */

__attribute__((noinline)) unsigned bench_convert_scalar(struct convert_set *c)
{
	unsigned ok = 0;
	for (unsigned i = 0; i < c->n; i++) {
		struct sky_meas_pos m;
		ok += sky_radar_to_enu(&c->site[c->plot_site[i]], &c->plot[i], &m) == 0;
		memcpy(c->ref + 3 * (size_t)i, m.p, sizeof(m.p));
	}
	return ok;
}

__attribute__((noinline)) unsigned bench_convert_batch(struct convert_set *c, sky_radar_batch_fn f,
						       unsigned batch)
{
	unsigned ok = 0;
	for (unsigned i = 0; i < c->n; i += batch) {
		unsigned n = c->n - i < batch ? c->n - i : batch;
		struct sky_radar_batch_in in = { c->in[0] + i, c->in[1] + i, c->in[2] + i,
						 c->in[3] + i, c->in[4] + i };
		struct sky_radar_batch_out out = { c->out[0] + i, c->out[1] + i, c->out[2] + i,
						   c->out[3] + i, c->out[4] + i, c->out[5] + i,
						   c->out[6] + i, c->status + i };
		ok += f(&c->bsite[c->plot_site[i]], &in, &out, n);
	}
	return ok;
}

/* ---- timing and reporting ----------------------------------------------------- */

struct timing {
	double ns, cycles;   /* per plot, median round */
	unsigned ok;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* f NULL: the scalar path. VLA of at most --rounds doubles. */
static struct timing time_rounds(struct convert_set *c, sky_radar_batch_fn f, unsigned batch,
				 int rounds)
{
	double ns[rounds], cyc[rounds];
	struct timing t = { 0 };
	for (int r = 0; r < rounds; r++) {
		double t0 = now_s();
		uint64_t c0 = __rdtsc();
		t.ok = f ? bench_convert_batch(c, f, batch) : bench_convert_scalar(c);
		cyc[r] = (double)(__rdtsc() - c0) / c->n;
		ns[r] = (now_s() - t0) * 1e9 / c->n;
	}
	qsort(ns, (size_t)rounds, sizeof(double), cmp_double);
	qsort(cyc, (size_t)rounds, sizeof(double), cmp_double);
	t.ns = ns[rounds / 2];
	t.cycles = cyc[rounds / 2];
	return t;
}

static double max_position_diff(const struct convert_set *c)
{
	double worst = 0;
	for (unsigned i = 0; i < c->n; i++) {
		if (c->status[i] != SKY_RADAR_BATCH_OK)
			continue;
		const double *r = c->ref + 3 * (size_t)i;
		double d = hypot(hypot(c->out[0][i] - r[0], c->out[1][i] - r[1]), c->out[2][i] - r[2]);
		worst = fmax(worst, d);
	}
	return worst;
}

static double tsc_ghz(void)
{
	double t0 = now_s();
	uint64_t c0 = __rdtsc();
	while (now_s() - t0 < 0.05)
		;
	return (double)(__rdtsc() - c0) / ((now_s() - t0) * 1e9);
}

struct convert_opts {
	unsigned plots, batch;   /* batch 0: 8, 42, 256 */
	int rounds;
	int variant;             /* VARIANT_*, else enum sky_simd_level */
};

#define VARIANT_ALL (-2)
#define VARIANT_SCALAR (-1)
#define VARIANT_BAD (-3)

static void run_variant(struct convert_set *c, const struct convert_opts *o,
			enum sky_simd_level l, double scalar_ns)
{
	static const unsigned batches[] = { 8, 42, 256 };
	for (unsigned b = 0; b < 3; b++) {
		unsigned batch = o->batch ? o->batch : batches[b];
		set_fill(c, batch);
		bench_convert_scalar(c);   /* the reference positions */
		struct timing t = time_rounds(c, sky_radar_batch_variant(l), batch, o->rounds);
		printf("%-8s %5u  %8.1f ns/plot %8.0f cycles/plot  x%.1f vs scalar, "
		       "max |dp| %.2g m, %u ok\n",
		       sky_simd_name(l), batch, t.ns, t.cycles, scalar_ns / t.ns,
		       max_position_diff(c), t.ok);
		if (o->batch)
			break;
	}
}

/* ---- ADS-B reports ------------------------------------------------------------ */

#define ADSB_BATCH 42

struct adsb_set {
	unsigned n;
	struct sky_enu_frame sys;
	double *in[5];      /* lat lon alt sigma_h sigma_v */
	double *out[7];     /* x y z cxx cxy cyy czz */
	double *ref;        /* scalar x y z, 3 per report */
};

static void adsb_free(struct adsb_set *a)
{
	for (int k = 0; k < 5; k++)
		free(a->in[k]);
	for (int k = 0; k < 7; k++)
		free(a->out[k]);
	free(a->ref);
}

static int adsb_fill(struct adsb_set *a, unsigned n)
{
	memset(a, 0, sizeof(*a));
	a->n = n;
	bool ok = (a->ref = calloc((size_t)n * 3, sizeof(double))) != NULL;
	for (int k = 0; k < 5; k++)
		ok = (a->in[k] = dalloc(n)) && ok;
	for (int k = 0; k < 7; k++)
		ok = (a->out[k] = dalloc(n)) && ok;
	if (!ok) {
		adsb_free(a);
		return -1;
	}
	sky_enu_frame_init(&a->sys, 52.0, 5.0, 0.0);
	uint64_t seed = 7;
	for (unsigned i = 0; i < n; i++) {
		a->in[0][i] = 52.0 + 8.0 * (urand(&seed) - 0.5);
		a->in[1][i] = 5.0 + 8.0 * (urand(&seed) - 0.5);
		a->in[2][i] = 12e3 * urand(&seed);
		a->in[3][i] = 12.0;
		a->in[4][i] = i % 4 ? 12.0 : 3000.0;   /* some without a geometric height */
	}
	return 0;
}

__attribute__((noinline)) void bench_adsb_scalar(struct adsb_set *a)
{
	for (unsigned i = 0; i < a->n; i++) {
		struct sky_meas_pos m;
		sky_adsb_to_enu(&a->sys, a->in[0][i], a->in[1][i], a->in[2][i], a->in[3][i],
				a->in[4][i], &m);
		memcpy(a->ref + 3 * (size_t)i, m.p, sizeof(m.p));
	}
}

__attribute__((noinline)) void bench_adsb_batch(struct adsb_set *a, sky_adsb_batch_fn f)
{
	for (unsigned i = 0; i < a->n; i += ADSB_BATCH) {
		unsigned n = a->n - i < ADSB_BATCH ? a->n - i : ADSB_BATCH;
		struct sky_adsb_batch_in in = { a->in[0] + i, a->in[1] + i, a->in[2] + i,
						a->in[3] + i, a->in[4] + i };
		struct sky_adsb_batch_out out = { a->out[0] + i, a->out[1] + i, a->out[2] + i,
						  a->out[3] + i, a->out[4] + i, a->out[5] + i,
						  a->out[6] + i };
		f(&a->sys, &in, &out, n);
	}
}

/* f NULL: the scalar path. */
static void adsb_time(struct adsb_set *a, sky_adsb_batch_fn f, int rounds, double *ns,
		      double *cycles)
{
	double t_ns[rounds], t_cyc[rounds];
	for (int r = 0; r < rounds; r++) {
		double t0 = now_s();
		uint64_t c0 = __rdtsc();
		if (f)
			bench_adsb_batch(a, f);
		else
			bench_adsb_scalar(a);
		t_cyc[r] = (double)(__rdtsc() - c0) / a->n;
		t_ns[r] = (now_s() - t0) * 1e9 / a->n;
	}
	qsort(t_ns, (size_t)rounds, sizeof(double), cmp_double);
	qsort(t_cyc, (size_t)rounds, sizeof(double), cmp_double);
	*ns = t_ns[rounds / 2];
	*cycles = t_cyc[rounds / 2];
}

static double adsb_max_diff(const struct adsb_set *a)
{
	double worst = 0;
	for (unsigned i = 0; i < a->n; i++) {
		const double *r = a->ref + 3 * (size_t)i;
		worst = fmax(worst, hypot(hypot(a->out[0][i] - r[0], a->out[1][i] - r[1]),
					  a->out[2][i] - r[2]));
	}
	return worst;
}

static int run_adsb(const struct convert_opts *o)
{
	struct adsb_set a;
	if (adsb_fill(&a, o->plots) < 0) {
		fprintf(stderr, "skyfuse bench convert: out of memory for %u reports\n", o->plots);
		return 1;
	}
	bool all = o->variant == VARIANT_ALL;
	double s_ns, s_cyc, ns, cyc;
	adsb_time(&a, NULL, all || o->variant == VARIANT_SCALAR ? o->rounds : 1, &s_ns, &s_cyc);
	printf("ADS-B reports -> system ENU, batches of %d:\n", ADSB_BATCH);
	printf("%-8s %5s  %8.1f ns/rep  %8.0f cycles/rep\n", "scalar", "-", s_ns, s_cyc);
	for (int l = SKY_SIMD_BASE; l <= (int)sky_simd_level(); l++) {
		if (!all && l != o->variant)
			continue;
		adsb_time(&a, sky_adsb_batch_variant((enum sky_simd_level)l), o->rounds, &ns, &cyc);
		printf("%-8s %5d  %8.1f ns/rep  %8.0f cycles/rep  x%.1f vs scalar, max |dp| %.2g m\n",
		       sky_simd_name((enum sky_simd_level)l), ADSB_BATCH, ns, cyc, s_ns / ns,
		       adsb_max_diff(&a));
	}
	adsb_free(&a);
	return 0;
}

static int run(const struct convert_opts *o)
{
	sky_bench_print_cpu();
	printf("tsc: %.3f GHz; simd: supported %s, selected %s; %u plots, median of %d rounds\n",
	       tsc_ghz(), sky_simd_name(sky_simd_supported()), sky_simd_name(sky_simd_level()),
	       o->plots, o->rounds);
	struct convert_set c;
	if (set_alloc(&c, o->plots) < 0) {
		fprintf(stderr, "skyfuse bench convert: out of memory for %u plots\n", o->plots);
		return 1;
	}
	/* the scalar path: its figure, or once as the speedup's baseline */
	bool all = o->variant == VARIANT_ALL;
	set_fill(&c, o->batch ? o->batch : 42);
	struct timing s = time_rounds(&c, NULL, 0, all || o->variant == VARIANT_SCALAR ? o->rounds : 1);
	printf("%-8s %5s  %8.1f ns/plot %8.0f cycles/plot  (%u of %u converted)\n", "scalar", "-",
	       s.ns, s.cycles, s.ok, c.n);
	for (int l = SKY_SIMD_BASE; l <= (int)sky_simd_level(); l++)
		if (all || l == o->variant)
			run_variant(&c, o, (enum sky_simd_level)l, s.ns);
	set_free(&c);
	printf("\n");
	return run_adsb(o);
}

static int parse_variant(const char *v)
{
	if (strcmp(v, "scalar") == 0)
		return VARIANT_SCALAR;
	for (int l = SKY_SIMD_BASE; l <= SKY_SIMD_AVX512; l++)
		if (strcmp(v, sky_simd_name((enum sky_simd_level)l)) == 0)
			return l;
	return VARIANT_BAD;
}

int sky_bench_convert_main(int argc, char **argv)
{
	if (sky_wants_help(argc, argv)) {
		fputs(convert_usage, stdout);
		return 0;
	}
	struct convert_opts o = { .plots = 100000, .rounds = 5, .variant = VARIANT_ALL };
	for (int i = 1; i < argc; i++) {
		bool has_val = i + 1 < argc;
		if (strcmp(argv[i], "--plots") == 0 && has_val)
			o.plots = (unsigned)atol(argv[++i]);
		else if (strcmp(argv[i], "--rounds") == 0 && has_val)
			o.rounds = atoi(argv[++i]);
		else if (strcmp(argv[i], "--batch") == 0 && has_val)
			o.batch = (unsigned)atol(argv[++i]);
		else if (strcmp(argv[i], "--variant") == 0 && has_val)
			o.variant = parse_variant(argv[++i]);
		else {
			fputs(convert_usage, stderr);
			return 2;
		}
	}
	if (o.plots == 0 || o.rounds <= 0 || o.rounds > 1000 || o.variant == VARIANT_BAD || o.batch > 1u << 20 ||
	    (o.variant > (int)sky_simd_level())) {
		fprintf(stderr, "skyfuse bench convert: bad --plots, --rounds, --batch or "
				"--variant (the CPU or SKY_SIMD allows up to %s)\n",
			sky_simd_name(sky_simd_level()));
		fputs(convert_usage, stderr);
		return 2;
	}
	return run(&o);
}
