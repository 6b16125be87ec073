/*
 * score_assign.c - optimal assignment, uniform grid and clusters for the
 * scorer (see score_assign.h).
 *
 * The assignment is Jonker-Volgenant's shortest augmenting path with dual
 * potentials u, v, in the rectangular form of D. F. Crouse ("On implementing
 * 2D rectangular assignment algorithms", IEEE TAES 2016), which scipy's
 * linear_sum_assignment also follows: a row reduction settles most rows,
 * then each remaining row is added by a Dijkstra search over the reduced
 * costs of the unvisited columns, a free column winning ties. n x m with
 * n <= m costs O(n^2 m) at worst and needs no padding; n > m is solved on
 * the transpose. Exact in floating point as long as costs are finite, which
 * the cap guarantees.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "score_assign.h"

/* ---- optimal assignment ---- */

void sky_lap_init(struct sky_lap *w)
{
	memset(w, 0, sizeof(*w));
}

void sky_lap_free(struct sky_lap *w)
{
	free(w->u);
	free(w->v);
	free(w->spc);
	free(w->col4row);
	free(w->row4col);
	free(w->path);
	free(w->remaining);
	free(w->sr);
	free(w->sc);
	free(w->tmat);
	sky_lap_init(w);
}

static int grow(void **p, size_t n, size_t size)
{
	void *q = realloc(*p, n * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	return 0;
}

/* Room for n rows and m columns (either way round, for the transpose). */
static int lap_reserve(struct sky_lap *w, size_t n, size_t m)
{
	size_t k = (n > m ? n : m) + 1;
	if (k > w->cap_rows) {
		if (grow((void **)&w->u, k, sizeof(double)) ||
		    grow((void **)&w->col4row, k, sizeof(int)) || grow((void **)&w->sr, k, sizeof(int)))
			return -ENOMEM;
		w->cap_rows = k;
	}
	if (k > w->cap_cols) {
		if (grow((void **)&w->v, k, sizeof(double)) || grow((void **)&w->spc, k, sizeof(double)) ||
		    grow((void **)&w->row4col, k, sizeof(int)) || grow((void **)&w->path, k, sizeof(int)) ||
		    grow((void **)&w->remaining, k, sizeof(int)) || grow((void **)&w->sc, k, sizeof(int)))
			return -ENOMEM;
		w->cap_cols = k;
	}
	return 0;
}

static inline double capped(double c, double cap)
{
	return c < cap ? c : cap; /* NaN counts as the cap */
}

/*
 * Row reduction: u[i] = the row's minimum, v = 0, and each row takes its
 * cheapest column when still free. The duals are feasible and the pairs
 * tight, so the augmentation below starts from here; in the scorer most rows
 * are settled by this pass alone.
 */
static void lap_reduce_rows(struct sky_lap *w, const double *a, int n, int m, double cap)
{
	for (int j = 0; j < m; j++) {
		w->v[j] = 0;
		w->row4col[j] = -1;
	}
	for (int i = 0; i < n; i++) {
		const double *row = a + (size_t)i * (size_t)m;
		double best = INFINITY;
		int arg = 0;
		for (int j = 0; j < m; j++) {
			double c = capped(row[j], cap);
			if (c < best || (c == best && w->row4col[arg] >= 0 && w->row4col[j] < 0)) {
				best = c;
				arg = j;
			}
		}
		w->u[i] = best;
		w->col4row[i] = -1;
		if (w->row4col[arg] < 0) {
			w->col4row[i] = arg;
			w->row4col[arg] = i;
		}
	}
}

/*
 * One Dijkstra step from row i over the unvisited columns: relax them and
 * return the position (in remaining) of the nearest, a free column winning
 * ties so that paths end as early as possible.
 */
static int lap_relax(struct sky_lap *w, const double *row, double cap, int i, double minval,
		     int nrem)
{
	double lowest = INFINITY, ui = w->u[i];
	int idx = 0;
	for (int k = 0; k < nrem; k++) {
		int j = w->remaining[k];
		double r = minval + capped(row[j], cap) - ui - w->v[j];
		if (r < w->spc[j]) {
			w->path[j] = i;
			w->spc[j] = r;
		}
		if (w->spc[j] < lowest || (w->spc[j] == lowest && w->row4col[j] < 0)) {
			lowest = w->spc[j];
			idx = k;
		}
	}
	return idx;
}

/* Assign row cur by the shortest augmenting path in reduced costs. */
static void lap_augment(struct sky_lap *w, const double *a, int m, double cap, int cur)
{
	int nrem = m, nsr = 0, nsc = 0, sink = -1, i = cur;
	double minval = 0;
	for (int j = 0; j < m; j++) {
		w->remaining[j] = j;
		w->spc[j] = INFINITY;
	}
	while (sink < 0) {
		w->sr[nsr++] = i;
		int idx = lap_relax(w, a + (size_t)i * (size_t)m, cap, i, minval, nrem);
		int j = w->remaining[idx];
		minval = w->spc[j];
		w->sc[nsc++] = j;
		w->remaining[idx] = w->remaining[--nrem];
		if (w->row4col[j] < 0)
			sink = j;
		else
			i = w->row4col[j];
	}
	/* Duals of the visited rows and columns; the sink's stays 0. */
	w->u[cur] += minval;
	for (int k = 1; k < nsr; k++)
		w->u[w->sr[k]] += minval - w->spc[w->col4row[w->sr[k]]];
	for (int k = 0; k < nsc; k++)
		w->v[w->sc[k]] -= minval - w->spc[w->sc[k]];
	/* Flip the path. */
	for (int j = sink;;) {
		int r = w->path[j], next = w->col4row[r];
		w->row4col[j] = r;
		w->col4row[r] = j;
		if (r == cur)
			break;
		j = next;
	}
}

/* Assign every row of the n x m matrix a (n <= m). */
static void lap_core(struct sky_lap *w, const double *a, int n, int m, double cap)
{
	lap_reduce_rows(w, a, n, m, cap);
	for (int i = 0; i < n; i++)
		if (w->col4row[i] < 0)
			lap_augment(w, a, m, cap, i);
}

/* n > m: solve the transpose, whose columns are our rows. */
static int lap_transposed(struct sky_lap *w, const double *cost, int n, int m,
			  double cap, int *row_to_col)
{
	size_t nm = (size_t)n * (size_t)m;
	if (nm > w->tcap) {
		if (grow((void **)&w->tmat, nm, sizeof(double)))
			return -ENOMEM;
		w->tcap = nm;
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < m; j++)
			w->tmat[(size_t)j * (size_t)n + (size_t)i] = cost[(size_t)i * (size_t)m + (size_t)j];
	lap_core(w, w->tmat, m, n, cap);
	for (int i = 0; i < n; i++)
		row_to_col[i] = w->row4col[i];
	return 0;
}

int sky_lap_solve(struct sky_lap *w, const double *cost, int n, int m, double cap,
		  int *row_to_col, double *total)
{
	*total = 0;
	if (n <= 0 || m <= 0) {
		for (int i = 0; i < n; i++)
			row_to_col[i] = -1;
		return 0;
	}
	if (lap_reserve(w, (size_t)n, (size_t)m))
		return -ENOMEM;
	if (n <= m) {
		lap_core(w, cost, n, m, cap);
		memcpy(row_to_col, w->col4row, (size_t)n * sizeof(int));
	} else if (lap_transposed(w, cost, n, m, cap, row_to_col)) {
		return -ENOMEM;
	}
	/* All min(n, m) pairs are assigned; those at the cap are reported out. */
	double sum = 0;
	for (int i = 0; i < n; i++) {
		int j = row_to_col[i];
		if (j < 0)
			continue;
		double c = capped(cost[(size_t)i * (size_t)m + (size_t)j], cap);
		sum += c;
		if (!(c < cap))
			row_to_col[i] = -1;
	}
	*total = sum;
	return 0;
}

/* ---- uniform grid ---- */

void sky_grid_init(struct sky_grid *g)
{
	memset(g, 0, sizeof(*g));
}

void sky_grid_free(struct sky_grid *g)
{
	free(g->ent);
	sky_grid_init(g);
}

/* Cell coordinate, offset to unsigned; far-away points share the edge cells. */
static inline uint32_t cell_of(double v, double cell)
{
	double c = floor(v / cell);
	if (c < -1e9)
		c = -1e9;
	if (c > 1e9)
		c = 1e9;
	return (uint32_t)((int64_t)c + 0x80000000ll);
}

static inline uint64_t cell_key(uint32_t cx, uint32_t cy)
{
	return (uint64_t)cx << 32 | cy;
}

static int ent_cmp(const void *a, const void *b)
{
	const struct sky_grid_ent *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx - y->idx;
}

int sky_grid_build(struct sky_grid *g, const struct sky_xy *p, int n, double cell)
{
	if ((size_t)n > g->cap) {
		if (grow((void **)&g->ent, (size_t)n, sizeof(*g->ent)))
			return -ENOMEM;
		g->cap = (size_t)n;
	}
	g->cell = cell;
	g->n = 0;
	for (int i = 0; i < n; i++) {
		if (!isfinite(p[i].x) || !isfinite(p[i].y))
			continue;
		g->ent[g->n].key = cell_key(cell_of(p[i].x, cell), cell_of(p[i].y, cell));
		g->ent[g->n++].idx = i;
	}
	if (g->n > 1)
		qsort(g->ent, (size_t)g->n, sizeof(*g->ent), ent_cmp);
	return 0;
}

static int lower_bound(const struct sky_grid *g, uint64_t key)
{
	int lo = 0, hi = g->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (g->ent[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int sky_grid_near(const struct sky_grid *g, const struct sky_xy *p, double x,
		  double y, double r, int (*fn)(void *ctx, int j, double d2), void *ctx)
{
	if (!isfinite(x) || !isfinite(y) || g->n == 0)
		return 0;
	uint32_t cx = cell_of(x, g->cell), cy = cell_of(y, g->cell);
	double r2 = r * r;
	/* Cells (cx + dx, cy - 1 .. cy + 1) are one contiguous key range. */
	for (int dx = -1; dx <= 1; dx++) {
		uint64_t lo = cell_key(cx + (uint32_t)dx, cy - 1);
		uint64_t hi = cell_key(cx + (uint32_t)dx, cy + 1);
		for (int k = lower_bound(g, lo); k < g->n && g->ent[k].key <= hi; k++) {
			int j = g->ent[k].idx;
			double ex = p[j].x - x, ey = p[j].y - y, d2 = ex * ex + ey * ey;
			int rc;
			if (d2 < r2 && (rc = fn(ctx, j, d2)))
				return rc;
		}
	}
	return 0;
}

/* ---- clusters ---- */

void sky_clusters_init(struct sky_clusters *cl)
{
	memset(cl, 0, sizeof(*cl));
	sky_grid_init(&cl->grid);
}

void sky_clusters_free(struct sky_clusters *cl)
{
	free(cl->truth_off);
	free(cl->truth_idx);
	free(cl->track_off);
	free(cl->track_idx);
	free(cl->truth_cluster);
	free(cl->track_cluster);
	free(cl->parent);
	free(cl->size);
	free(cl->root_id);
	sky_grid_free(&cl->grid);
	sky_clusters_init(cl);
}

static int clusters_reserve(struct sky_clusters *cl, int n, int m)
{
	size_t nodes = (size_t)n + (size_t)m + 1;
	if (nodes > cl->cap_nodes) {
		if (grow((void **)&cl->parent, nodes, sizeof(int)) ||
		    grow((void **)&cl->size, nodes, sizeof(int)) ||
		    grow((void **)&cl->root_id, nodes, sizeof(int)) ||
		    grow((void **)&cl->truth_off, nodes, sizeof(int)) ||
		    grow((void **)&cl->track_off, nodes, sizeof(int)))
			return -ENOMEM;
		cl->cap_nodes = nodes;
	}
	if ((size_t)n + 1 > cl->cap_truth) {
		if (grow((void **)&cl->truth_idx, (size_t)n + 1, sizeof(int)) ||
		    grow((void **)&cl->truth_cluster, (size_t)n + 1, sizeof(int)))
			return -ENOMEM;
		cl->cap_truth = (size_t)n + 1;
	}
	if ((size_t)m + 1 > cl->cap_track) {
		if (grow((void **)&cl->track_idx, (size_t)m + 1, sizeof(int)) ||
		    grow((void **)&cl->track_cluster, (size_t)m + 1, sizeof(int)))
			return -ENOMEM;
		cl->cap_track = (size_t)m + 1;
	}
	return 0;
}

static int uf_find(int *parent, int a)
{
	while (parent[a] != a) {
		parent[a] = parent[parent[a]];
		a = parent[a];
	}
	return a;
}

struct union_ctx {
	struct sky_clusters *cl;
	int node;       /* the truth's node */
	int n;          /* track j is node n + j */
};

static int union_pair(void *vctx, int j, double d2)
{
	struct union_ctx *c = vctx;
	int *parent = c->cl->parent, *size = c->cl->size;
	int a = uf_find(parent, c->node), b = uf_find(parent, c->n + j);
	(void)d2;
	c->cl->pairs++;
	if (a == b)
		return 0;
	if (size[a] < size[b]) {
		int t = a;
		a = b;
		b = t;
	}
	parent[b] = a;
	size[a] += size[b];
	return 0;
}

/* Number the roots of components of two or more nodes; the rest get -1. */
static void number_clusters(struct sky_clusters *cl, int nodes)
{
	cl->n = 0;
	for (int v = 0; v < nodes; v++)
		cl->root_id[v] = -1;
	for (int v = 0; v < nodes; v++) {
		int r = uf_find(cl->parent, v);
		if (cl->size[r] >= 2 && cl->root_id[r] < 0)
			cl->root_id[r] = cl->n++;
	}
}

/* CSR lists: off[k] .. off[k+1] in idx for the members' cluster ids. */
static void fill_csr(int n_clusters, const int *cluster_of, int count, int *off, int *idx)
{
	memset(off, 0, (size_t)(n_clusters + 1) * sizeof(int));
	for (int i = 0; i < count; i++)
		if (cluster_of[i] >= 0)
			off[cluster_of[i] + 1]++;
	for (int k = 0; k < n_clusters; k++)
		off[k + 1] += off[k];
	/* Place with off[k] as a cursor, then shift the cursors back. */
	for (int i = 0; i < count; i++)
		if (cluster_of[i] >= 0)
			idx[off[cluster_of[i]]++] = i;
	for (int k = n_clusters; k > 0; k--)
		off[k] = off[k - 1];
	off[0] = 0;
}

int sky_clusters_build(struct sky_clusters *cl, const struct sky_xy *truth, int n,
		       const struct sky_xy *tracks, int m, double c)
{
	int nodes = n + m;
	if (clusters_reserve(cl, n, m) || sky_grid_build(&cl->grid, tracks, m, c))
		return -ENOMEM;
	for (int v = 0; v < nodes; v++) {
		cl->parent[v] = v;
		cl->size[v] = 1;
	}
	cl->pairs = 0;
	struct union_ctx u = { .cl = cl, .n = n };
	for (int i = 0; i < n; i++) {
		u.node = i;
		sky_grid_near(&cl->grid, tracks, truth[i].x, truth[i].y, c, union_pair, &u);
	}
	number_clusters(cl, nodes);
	for (int i = 0; i < n; i++)
		cl->truth_cluster[i] = cl->root_id[uf_find(cl->parent, i)];
	for (int j = 0; j < m; j++)
		cl->track_cluster[j] = cl->root_id[uf_find(cl->parent, n + j)];
	fill_csr(cl->n, cl->truth_cluster, n, cl->truth_off, cl->truth_idx);
	fill_csr(cl->n, cl->track_cluster, m, cl->track_off, cl->track_idx);
	return 0;
}
