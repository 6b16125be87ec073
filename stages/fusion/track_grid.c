/*
 * track_grid.c - uniform spatial hash of tracks (see track_grid.h). Cells
 * that hash to the same bucket share its list; the caller's gate test
 * rejects the far ones, so collisions cost time, never correctness.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "track_grid.h"

int sky_track_grid_init(struct sky_track_grid *g, uint32_t max_tracks,
			uint32_t n_buckets, double cell_m)
{
	uint32_t nb = 1;
	while (nb < n_buckets)
		nb <<= 1;
	g->cell_m = cell_m;
	g->n_buckets = nb;
	g->head = malloc(nb * sizeof(*g->head));
	g->next = malloc(max_tracks * sizeof(*g->next));
	g->prev = malloc(max_tracks * sizeof(*g->prev));
	g->bucket = malloc(max_tracks * sizeof(*g->bucket));
	g->cx = malloc(max_tracks * sizeof(*g->cx));
	g->cy = malloc(max_tracks * sizeof(*g->cy));
	if (!g->head || !g->next || !g->prev || !g->bucket || !g->cx || !g->cy) {
		sky_track_grid_free(g);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < nb; i++)
		g->head[i] = SKY_GRID_NONE;
	for (uint32_t i = 0; i < max_tracks; i++)
		g->bucket[i] = SKY_GRID_NONE;
	return 0;
}

void sky_track_grid_free(struct sky_track_grid *g)
{
	free(g->head), free(g->next), free(g->prev);
	free(g->bucket), free(g->cx), free(g->cy);
	g->head = g->next = g->prev = g->bucket = NULL;
	g->cx = g->cy = NULL;
}

static uint32_t cell_bucket(const struct sky_track_grid *g, int32_t cx, int32_t cy)
{
	uint32_t h = (uint32_t)cx * 0x9e3779b1u ^ (uint32_t)cy * 0x85ebca77u;
	h ^= h >> 15;
	return h & (g->n_buckets - 1);
}

static int32_t cell_of(const struct sky_track_grid *g, double v)
{
	double c = floor(v / g->cell_m);
	if (c > 1e9)
		c = 1e9;
	if (c < -1e9)
		c = -1e9;
	return (int32_t)c;
}

void sky_track_grid_remove(struct sky_track_grid *g, uint32_t id)
{
	uint32_t b = g->bucket[id];
	if (b == SKY_GRID_NONE)
		return;
	if (g->prev[id] != SKY_GRID_NONE)
		g->next[g->prev[id]] = g->next[id];
	else
		g->head[b] = g->next[id];
	if (g->next[id] != SKY_GRID_NONE)
		g->prev[g->next[id]] = g->prev[id];
	g->bucket[id] = SKY_GRID_NONE;
}

void sky_track_grid_put(struct sky_track_grid *g, uint32_t id, double x, double y)
{
	int32_t cx = cell_of(g, x), cy = cell_of(g, y);
	if (g->bucket[id] != SKY_GRID_NONE && g->cx[id] == cx && g->cy[id] == cy)
		return;
	sky_track_grid_remove(g, id);
	uint32_t b = cell_bucket(g, cx, cy);
	g->cx[id] = cx;
	g->cy[id] = cy;
	g->bucket[id] = b;
	g->prev[id] = SKY_GRID_NONE;
	g->next[id] = g->head[b];
	if (g->head[b] != SKY_GRID_NONE)
		g->prev[g->head[b]] = id;
	g->head[b] = id;
}

void sky_track_grid_near(const struct sky_track_grid *g, double x, double y,
			 void (*visit)(void *ctx, uint32_t id), void *ctx)
{
	int32_t cx = cell_of(g, x), cy = cell_of(g, y);
	uint32_t seen[9];
	int n_seen = 0;
	for (int dx = -1; dx <= 1; dx++)
		for (int dy = -1; dy <= 1; dy++) {
			uint32_t b = cell_bucket(g, cx + dx, cy + dy);
			int dup = 0;
			for (int i = 0; i < n_seen; i++)
				dup |= seen[i] == b;
			if (dup)
				continue;
			seen[n_seen++] = b;
			for (uint32_t id = g->head[b]; id != SKY_GRID_NONE; id = g->next[id])
				visit(ctx, id);
		}
}
