/*
 * score_assign.h - optimal assignment and clustering for the scorer.
 *
 * Scoring an epoch means finding the best one-to-one pairing of truth
 * targets and tracks (GOSPA, OSPA and SIAP all start from it). Two pieces:
 *
 * - sky_lap_solve: the optimal assignment on a dense rectangular cost matrix
 *   (Jonker-Volgenant shortest augmenting paths with dual potentials, in the
 *   rectangular form of Crouse 2016, O(n^2 m) for n <= m), with a cost cap:
 *   an entry counts at most `cap`, and a pair at the cap is reported as not
 *   assigned. With cap = c^2 that is exactly the GOSPA (alpha = 2) problem.
 *
 * - sky_clusters_build: pairs at or beyond the cutoff c never help, so the
 *   problem splits into the connected components of the bipartite graph of
 *   truth/track pairs closer than c, solved independently. The pairs are
 *   found with a uniform grid of cell c (sorted cell keys, no allocation per
 *   query) and joined with union-find, so 3000 targets cost milliseconds
 *   instead of one 3000 x 3000 matrix.
 *
 * All workspaces grow on demand and are reused from epoch to epoch.
 */
#ifndef SKY_SCORE_ASSIGN_H
#define SKY_SCORE_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

/* A point in the system plane, metres. */
struct sky_xy {
	double x, y;
};

/* ---- optimal assignment ---- */

struct sky_lap {
	size_t cap_rows, cap_cols;      /* capacity of the arrays below */
	double *u, *v;                  /* dual potentials of rows, columns */
	double *spc;                    /* shortest path cost to each column */
	int *col4row, *row4col, *path;
	int *remaining, *sr, *sc;       /* unvisited columns, visited rows, columns */
	double *tmat;                   /* the transpose, when n > m */
	size_t tcap;
};

void sky_lap_init(struct sky_lap *w);
void sky_lap_free(struct sky_lap *w);

/*
 * Minimise the sum of min(cost[i*m + j], cap) over an assignment of
 * min(n, m) distinct (row, column) pairs. row_to_col[i] gets the column of
 * row i, or -1 when the row is left out or its pair costs cap or more; *total
 * gets the minimum (capped) sum, pairs at the cap included. Costs must be
 * finite, or cap finite. 0, or -ENOMEM.
 */
int sky_lap_solve(struct sky_lap *w, const double *cost, int n, int m, double cap,
		  int *row_to_col, double *total);

/* ---- uniform grid ---- */

struct sky_grid_ent {
	uint64_t key;                   /* cell: column << 32 | row, offset */
	int idx;                        /* point index */
};

struct sky_grid {
	double cell;
	int n;
	size_t cap;
	struct sky_grid_ent *ent;       /* sorted by key */
};

void sky_grid_init(struct sky_grid *g);
void sky_grid_free(struct sky_grid *g);
/* Index n points (non-finite ones are left out). 0, or -ENOMEM. */
int sky_grid_build(struct sky_grid *g, const struct sky_xy *p, int n, double cell);
/*
 * Call fn(ctx, j, d2) for every indexed point j closer than r to (x, y),
 * r <= cell; d2 is the squared distance. Stops early when fn returns
 * nonzero, and returns that value (0 when all were visited).
 */
int sky_grid_near(const struct sky_grid *g, const struct sky_xy *p, double x,
		  double y, double r, int (*fn)(void *ctx, int j, double d2), void *ctx);

/* ---- clusters ---- */

struct sky_clusters {
	/* Output: clusters that hold at least one pair closer than c. */
	int n;
	int *truth_off, *truth_idx;     /* truths of k: truth_idx[truth_off[k] .. truth_off[k+1]) */
	int *track_off, *track_idx;     /* tracks of k, the same way */
	int *truth_cluster;             /* per truth: its cluster, or -1 (isolated) */
	int *track_cluster;             /* per track: the same */
	uint64_t pairs;                 /* pairs closer than c */
	/* Workspace. */
	struct sky_grid grid;
	int *parent, *size, *root_id;
	size_t cap_nodes, cap_truth, cap_track;
};

void sky_clusters_init(struct sky_clusters *cl);
void sky_clusters_free(struct sky_clusters *cl);
/*
 * Split the n truths and m tracks into the connected components of the
 * bipartite graph whose edges are the truth/track pairs closer than c.
 * Within a cluster, indices are in increasing order. 0, or -ENOMEM.
 */
int sky_clusters_build(struct sky_clusters *cl, const struct sky_xy *truth, int n,
		       const struct sky_xy *tracks, int m, double c);

#endif
