/*
 * test_score_assign.c - the scorer's optimal assignment, grid and clusters
 * against brute force.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "score_assign.h"
#include "testlib.h"

/* Brute force: the minimum capped sum over every injective map of the
 * smaller side into the larger. */
static double brute(const double *c, int n, int m, double cap, int i, unsigned used)
{
	if (n <= m) {
		if (i == n)
			return 0;
		double best = INFINITY;
		for (int j = 0; j < m; j++) {
			if (used & (1u << j))
				continue;
			double v = fmin(c[i * m + j], cap) + brute(c, n, m, cap, i + 1, used | (1u << j));
			best = fmin(best, v);
		}
		return best;
	}
	if (i == m)
		return 0;
	double best = INFINITY;
	for (int r = 0; r < n; r++) {
		if (used & (1u << r))
			continue;
		double v = fmin(c[r * m + i], cap) + brute(c, n, m, cap, i + 1, used | (1u << r));
		best = fmin(best, v);
	}
	return best;
}

static double rnd(uint64_t *s, double hi)
{
	return (double)(sky_test_rand(s) >> 11) / (double)(1ull << 53) * hi;
}

/* The reported assignment is injective and worth what was reported. */
static void check_solution(const double *c, int n, int m, double cap, const int *r2c,
			   double total)
{
	char *used = calloc((size_t)m, 1);
	int kept = 0;
	double sum = 0;
	for (int i = 0; i < n; i++) {
		if (r2c[i] < 0)
			continue;
		cr_assert(r2c[i] < m);
		cr_assert(!used[r2c[i]], "column %d used twice", r2c[i]);
		used[r2c[i]] = 1;
		cr_assert(c[i * m + r2c[i]] < cap, "a pair at the cap is reported assigned");
		sum += c[i * m + r2c[i]];
		kept++;
	}
	free(used);
	int pairs = n < m ? n : m;
	if (pairs > kept)
		sum += (pairs - kept) * cap;
	cr_assert_float_eq(sum, total, 1e-6 * (1 + total));
}

static void random_matrices(double cap_value, int integer_costs)
{
	uint64_t seed = 42;
	struct sky_lap w;
	sky_lap_init(&w);
	for (int iter = 0; iter < 3000; iter++) {
		int n = 1 + (int)sky_test_rand_below(&seed, 7);
		int m = 1 + (int)sky_test_rand_below(&seed, 7);
		double c[49];
		int r2c[7];
		for (int k = 0; k < n * m; k++)
			c[k] = integer_costs ? (double)sky_test_rand_below(&seed, 5) : rnd(&seed, 100);
		double total;
		cr_assert_eq(sky_lap_solve(&w, c, n, m, cap_value, r2c, &total), 0);
		double want = brute(c, n, m, cap_value, 0, 0);
		cr_assert_float_eq(total, want, 1e-6 * (1 + want), "n=%d m=%d: %g, brute %g", n, m,
				   total, want);
		check_solution(c, n, m, cap_value, r2c, total);
	}
	sky_lap_free(&w);
}

Test(score_assign, optimal_on_random_rectangular_matrices_without_cap)
{
	random_matrices(INFINITY, 0);
}

Test(score_assign, optimal_on_random_matrices_with_a_cost_cap)
{
	random_matrices(60.0, 0);
}

Test(score_assign, optimal_with_many_ties)
{
	random_matrices(3.0, 1);
}

Test(score_assign, empty_sides_assign_nothing)
{
	struct sky_lap w;
	sky_lap_init(&w);
	int r2c[3] = { 7, 7, 7 };
	double total = 1;
	cr_assert_eq(sky_lap_solve(&w, NULL, 3, 0, 10, r2c, &total), 0);
	cr_assert(r2c[0] == -1 && r2c[1] == -1 && r2c[2] == -1 && total == 0);
	cr_assert_eq(sky_lap_solve(&w, NULL, 0, 4, 10, r2c, &total), 0);
	cr_assert(total == 0);
	sky_lap_free(&w);
}

Test(score_assign, large_matrix_matches_greedy_lower_bound_and_is_a_permutation)
{
	/* 300 x 400: no brute force; check it beats the identity-like greedy
	 * and that the dual bound holds (sum of row minima <= optimum). */
	int n = 300, m = 400;
	double *c = malloc(sizeof(double) * n * m);
	int *r2c = malloc(sizeof(int) * n);
	uint64_t seed = 7;
	for (int k = 0; k < n * m; k++)
		c[k] = rnd(&seed, 1000);
	struct sky_lap w;
	sky_lap_init(&w);
	double total, greedy = 0, rowmin = 0;
	cr_assert_eq(sky_lap_solve(&w, c, n, m, INFINITY, r2c, &total), 0);
	check_solution(c, n, m, INFINITY, r2c, total);
	for (int i = 0; i < n; i++) {
		greedy += c[i * m + i];
		double mn = INFINITY;
		for (int j = 0; j < m; j++)
			mn = fmin(mn, c[i * m + j]);
		rowmin += mn;
	}
	cr_assert(total <= greedy && total >= rowmin - 1e-6);
	sky_lap_free(&w);
	free(c);
	free(r2c);
}

/* ---- grid and clusters ---- */

static int collect(void *ctx, int j, double d2)
{
	int *mark = ctx;
	(void)d2;
	mark[j]++;
	return 0;
}

Test(score_assign, grid_finds_exactly_the_points_within_r)
{
	uint64_t seed = 3;
	enum { N = 500 };
	struct sky_xy p[N];
	for (int i = 0; i < N; i++)
		p[i] = (struct sky_xy){ rnd(&seed, 6000) - 3000, rnd(&seed, 6000) - 3000 };
	struct sky_grid g;
	sky_grid_init(&g);
	cr_assert_eq(sky_grid_build(&g, p, N, 500), 0);
	for (int q = 0; q < 200; q++) {
		double x = rnd(&seed, 7000) - 3500, y = rnd(&seed, 7000) - 3500;
		int mark[N] = { 0 };
		sky_grid_near(&g, p, x, y, 500, collect, mark);
		for (int j = 0; j < N; j++) {
			double d = hypot(p[j].x - x, p[j].y - y);
			cr_assert_eq(mark[j], d < 500 ? 1 : 0, "point %d at %g m", j, d);
		}
	}
	sky_grid_free(&g);
}

static int uf(int *par, int a)
{
	while (par[a] != a)
		a = par[a] = par[par[a]];
	return a;
}

/* Random points in a few swarms, so clusters of many sizes occur. */
static void swarm_points(uint64_t *seed, struct sky_xy *p, int n)
{
	for (int i = 0; i < n; i++) {
		double cx = (double)sky_test_rand_below(seed, 6) * 3000;
		p[i] = (struct sky_xy){ cx + rnd(seed, 1500), rnd(seed, 1500) };
	}
}

Test(score_assign, clusters_are_the_connected_components_of_close_pairs)
{
	uint64_t seed = 11;
	struct sky_clusters cl;
	sky_clusters_init(&cl);
	for (int iter = 0; iter < 50; iter++) {
		int n = 1 + (int)sky_test_rand_below(&seed, 60), m = (int)sky_test_rand_below(&seed, 60);
		struct sky_xy t[60], k[60];
		swarm_points(&seed, t, n);
		swarm_points(&seed, k, m);
		cr_assert_eq(sky_clusters_build(&cl, t, n, k, m, 500), 0);
		int par[120];
		uint64_t pairs = 0;
		for (int v = 0; v < n + m; v++)
			par[v] = v;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < m; j++)
				if (hypot(t[i].x - k[j].x, t[i].y - k[j].y) < 500) {
					par[uf(par, i)] = uf(par, n + j);
					pairs++;
					cr_assert_eq(cl.truth_cluster[i], cl.track_cluster[j]);
					cr_assert_geq(cl.truth_cluster[i], 0);
				}
		cr_assert_eq(cl.pairs, pairs);
		/* Same cluster <=> same brute-force component (for non-isolated). */
		for (int a = 0; a < n + m; a++)
			for (int b = 0; b < n + m; b++) {
				int ca = a < n ? cl.truth_cluster[a] : cl.track_cluster[a - n];
				int cb = b < n ? cl.truth_cluster[b] : cl.track_cluster[b - n];
				if (ca >= 0 && cb >= 0)
					cr_assert_eq(ca == cb, uf(par, a) == uf(par, b));
			}
		/* CSR lists agree with the labels. */
		for (int c = 0; c < cl.n; c++) {
			cr_assert(cl.truth_off[c + 1] > cl.truth_off[c]);
			cr_assert(cl.track_off[c + 1] > cl.track_off[c]);
			for (int q = cl.truth_off[c]; q < cl.truth_off[c + 1]; q++)
				cr_assert_eq(cl.truth_cluster[cl.truth_idx[q]], c);
			for (int q = cl.track_off[c]; q < cl.track_off[c + 1]; q++)
				cr_assert_eq(cl.track_cluster[cl.track_idx[q]], c);
		}
	}
	sky_clusters_free(&cl);
}

/* GOSPA objective: capped assignment + c^2/2 per unassigned of either side. */
static double gospa2_global(struct sky_lap *w, const struct sky_xy *t, int n,
			    const struct sky_xy *k, int m, double c)
{
	double *cost = malloc(sizeof(double) * (size_t)(n * m + 1)), total;
	int *r2c = malloc(sizeof(int) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		for (int j = 0; j < m; j++)
			cost[i * m + j] = pow(t[i].x - k[j].x, 2) + pow(t[i].y - k[j].y, 2);
	sky_lap_solve(w, cost, n, m, c * c, r2c, &total);
	free(cost);
	free(r2c);
	return total + c * c / 2 * fabs((double)(n - m));
}

Test(score_assign, clusters_solved_independently_give_the_global_optimum)
{
	uint64_t seed = 5;
	struct sky_clusters cl;
	struct sky_lap w;
	sky_clusters_init(&cl);
	sky_lap_init(&w);
	double c = 500;
	for (int iter = 0; iter < 40; iter++) {
		int n = (int)sky_test_rand_below(&seed, 80), m = (int)sky_test_rand_below(&seed, 80);
		struct sky_xy t[80], k[80];
		swarm_points(&seed, t, n);
		swarm_points(&seed, k, m);
		cr_assert_eq(sky_clusters_build(&cl, t, n, k, m, c), 0);
		int assigned = 0;
		double loc = 0;
		for (int q = 0; q < cl.n; q++) {
			int nt = cl.truth_off[q + 1] - cl.truth_off[q];
			int nk = cl.track_off[q + 1] - cl.track_off[q];
			double cost[80 * 80], total;
			int r2c[80];
			for (int a = 0; a < nt; a++)
				for (int b = 0; b < nk; b++) {
					struct sky_xy x = t[cl.truth_idx[cl.truth_off[q] + a]];
					struct sky_xy y = k[cl.track_idx[cl.track_off[q] + b]];
					cost[a * nk + b] = pow(x.x - y.x, 2) + pow(x.y - y.y, 2);
				}
			sky_lap_solve(&w, cost, nt, nk, c * c, r2c, &total);
			for (int a = 0; a < nt; a++)
				if (r2c[a] >= 0) {
					assigned++;
					loc += cost[a * nk + r2c[a]];
				}
		}
		double by_cluster = loc + c * c / 2 * (n + m - 2 * assigned);
		double global = gospa2_global(&w, t, n, k, m, c);
		cr_assert_float_eq(by_cluster, global, 1e-6 * (1 + global));
	}
	sky_lap_free(&w);
	sky_clusters_free(&cl);
}
