/*
 * track_grid.h - a uniform spatial hash of track positions, so that a plot
 * is compared only with tracks in the 3x3 cells around it instead of with
 * every track (3000 targets would otherwise cost 3000 gate tests a plot).
 * Intrusive doubly linked lists over track indices; no allocation after
 * creation.
 */
#ifndef SKY_TRACK_GRID_H
#define SKY_TRACK_GRID_H

#include <stdint.h>

#define SKY_GRID_NONE UINT32_MAX

struct sky_track_grid {
	double cell_m;
	uint32_t n_buckets;      /* power of two */
	uint32_t *head;          /* per bucket: first track or NONE */
	uint32_t *next, *prev;   /* per track */
	uint32_t *bucket;        /* per track: its bucket or NONE */
	int32_t *cx, *cy;        /* per track: its cell */
};

int sky_track_grid_init(struct sky_track_grid *g, uint32_t max_tracks,
			uint32_t n_buckets, double cell_m);
void sky_track_grid_free(struct sky_track_grid *g);
void sky_track_grid_put(struct sky_track_grid *g, uint32_t id, double x, double y);
void sky_track_grid_remove(struct sky_track_grid *g, uint32_t id);

/* Calls visit(ctx, id) for every track in the 3x3 cells around (x, y). */
void sky_track_grid_near(const struct sky_track_grid *g, double x, double y,
			 void (*visit)(void *ctx, uint32_t id), void *ctx);

#endif
