/*
 * bench_score.c - how long scoring takes, by scenario size.
 *
 * Builds a synthetic truth.csv in memory (targets in swarms of `swarm`
 * drones 100 m apart, so clusters of every size occur, the rest spread over
 * 600 km), parses it, converts it, and scores a tracker that is the truth
 * plus up to 100 m of noise, 3% dropped updates and 2% false tracks. Prints
 * the CPU time of each phase and nanoseconds per target-epoch.
 *
 *   sky_bench_score [EPOCHS] [SWARM]       (default 300 epochs, swarm 50)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "score_run.h"

/* CPU time of the process: the machine may be shared, wall time lies. */
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t rng = 0x1234567;

static double urand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* truth.csv text for n targets over e epochs. */
static char *make_csv(int n, int e, int swarm, size_t *len)
{
	size_t cap = (size_t)n * (size_t)e * 96 + 128, l = 0;
	char *buf = malloc(cap);
	l += (size_t)sprintf(buf, "%s\n", SKY_TRUTH_CSV_HEADER);
	for (int s = 0; s < e; s++)
		for (int i = 0; i < n; i++) {
			int g = i / swarm, k = i % swarm;
			double lat = 50.0 + 0.37 * (g % 15) + 0.0009 * (k % 10);
			double lon = 2.0 + 0.61 * (g / 15) + 0.0014 * (k / 10) + 0.0025 * s;
			l += (size_t)snprintf(buf + l, cap - l, "%d,%d,%.9f,%.9f,%.3f,%.3f,%.3f,0.000,%s\n",
					      1717243200 + s, i, lat, lon, 500.0 + g, 170.0, 0.0,
					      sky_target_class_name((unsigned)g % SKY_TARGET_CLASS_COUNT));
		}
	*len = l;
	return buf;
}

static void bench(int n, int e, int swarm)
{
	size_t len;
	char err[256];
	char *csv = make_csv(n, e, swarm, &len);
	struct sky_truth rows;
	struct sky_score_truth_set ts;
	struct sky_enu_frame sys;
	sky_enu_frame_init(&sys, 52.0, 5.0, 0.0);
	double t0 = now();
	if (sky_truth_csv_parse(csv, len, "bench", &rows, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	double t1 = now();
	if (sky_score_truth_prepare(&rows, "bench", &sys, &ts, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	double t2 = now();
	struct sky_score_track_update *u = malloc(ts.n * 11 / 10 * sizeof(*u) + 64);
	size_t m = 0;
	for (size_t k = 0; k < ts.n; k++) {
		const struct sky_score_truth *p = &ts.pts[k];
		if (urand() < 0.03)
			continue;
		u[m++] = (struct sky_score_track_update){
			.t = (double)ts.t[k] - 0.3, .track = p->target, .x = p->x + 100 * (urand() - 0.5),
			.y = p->y + 100 * (urand() - 0.5), .vx = p->vx, .vy = p->vy, .alt = p->alt,
			.has_alt = 1, .confirmed = 1 };
		if (urand() < 0.02)
			u[m++] = (struct sky_score_track_update){
				.t = (double)ts.t[k], .track = 100000 + p->target,
				.x = p->x + 20000 * (urand() - 0.5), .y = p->y + 20000 * (urand() - 0.5),
				.confirmed = 1, .terminated = 1 };
	}
	struct sky_score_params par = { .c = SKY_SCORE_CUTOFF_M };
	struct sky_score_result r;
	double t3 = now();
	if (sky_score_run(&ts, u, m, &par, NULL, NULL, &r)) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	double t4 = now();
	double te = (double)n * e;
	printf("%6d targets x %4d epochs, swarms of %3d: parse %6.3f s, convert %6.3f s, "
	       "score %6.3f s (%5.0f ns/target-epoch, %.2f ms/epoch); GOSPA %.0f m, compl %.3f\n",
	       n, e, swarm, t1 - t0, t2 - t1, t4 - t3, (t4 - t3) / te * 1e9, (t4 - t3) / e * 1e3,
	       r.gospa_mean, r.all.completeness);
	free(u);
	free(csv);
	sky_truth_free(&rows);
	sky_score_truth_set_free(&ts);
}

int main(int argc, char **argv)
{
	int e = argc > 1 ? atoi(argv[1]) : 300;
	int swarm = argc > 2 ? atoi(argv[2]) : 50;
	if (e <= 0 || swarm <= 0) {
		fprintf(stderr, "usage: sky_bench_score [EPOCHS] [SWARM]\n");
		return 2;
	}
	static const int sizes[] = { 300, 1000, 3000 };
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		bench(sizes[i], e, swarm);
	return 0;
}
