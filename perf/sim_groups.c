/*
 * sim_groups.c - generated traffic: a group puts `count` targets of one
 * class on a corridor, in `waves` waves, and default identities for
 * cooperative targets that were given none.
 *
 * A corridor runs from `from` to `to`. Each target starts at `from` moved
 * across the corridor by a uniform offset within +-width/2 and back along it
 * by a uniform offset within the wave's depth, at the wave's start time; it
 * flies a straight line (a geodesic) on the corridor's bearing plus a
 * uniform heading offset, for the corridor's length plus its own depth
 * offset, at a speed and altitude drawn uniformly within their spreads; then
 * it vanishes (an attack drone's impact) or flies on. Draws come from the
 * group's own random stream, so one group does not change another.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "sim_motion.h"
#include "sim_rand.h"
#include "sim_scenario.h"

void sim_target_default_identity(struct sim_target *t)
{
	if (!t->address)
		t->address = 0x4b0000u + (t->id & 0xffffu);
	if (!t->mode3a) {
		/* octal 0100..3477: clear of the emergency and conspicuity codes */
		unsigned code = 0100u + t->id % 03400u;
		if (code == 01200u || code == 02000u)
			code++;
		t->mode3a = (uint16_t)code;
	}
	if (!t->callsign[0])
		snprintf(t->callsign, sizeof(t->callsign), "%s%04u",
			 sim_class_info(t->cls)->prefix, t->id % 10000u);
}

static unsigned wave_size(const struct sim_group *g, unsigned w)
{
	return g->count / g->waves + (w < g->count % g->waves ? 1u : 0u);
}

static double spread(struct sim_rng *r, double mean, double half)
{
	return half > 0.0 ? mean + sim_rand_uniform(r, -half, half) : mean;
}

/* One target of group g, wave w. */
static void make_target(const struct sim_group *g, unsigned w, struct sim_rng *r,
			struct sim_target *t, struct sim_segment *seg)
{
	struct sky_enu_frame f;
	double to[3], p[3];
	sky_enu_frame_init(&f, g->from.lat, g->from.lon, 0.0);
	sky_geodetic_to_enu(&f, g->to.lat, g->to.lon, 0.0, to);
	double len = hypot(to[0], to[1]);
	double ue = to[0] / len, un = to[1] / len;       /* along */
	double across = spread(r, 0.0, g->width_m / 2.0);
	double back = g->wave_depth_m > 0.0 ? sim_rand_uniform(r, 0.0, g->wave_depth_m) : 0.0;
	p[0] = across * un - back * ue;
	p[1] = -across * ue - back * un;
	p[2] = 0.0;

	const struct sim_class_info *ci = sim_class_info(g->cls);
	t->cls = g->cls;
	t->start_s = g->start_s + w * g->wave_interval_s;
	t->end_s = -1.0;
	t->speed_mps = fmax(spread(r, g->speed_mps, g->speed_spread_mps), 1.0);
	sky_enu_to_geodetic(&f, p, &t->pos.lat, &t->pos.lon, &t->pos.alt_m);
	t->pos.alt_m = fmax(spread(r, g->alt_m, g->alt_spread_m), 1.0);
	t->heading_deg = atan2(ue, un) * SKY_RAD2DEG +
			 spread(r, 0.0, g->heading_spread_deg);
	t->rcs_m2 = g->rcs_m2 > 0.0 ? g->rcs_m2 : ci->rcs_m2;
	t->cooperative = g->cooperative < 0 ? ci->cooperative : g->cooperative != 0;
	t->adsb = t->cooperative && sim_rand_chance(r, g->adsb_fraction);
	t->vanish_after = g->vanish_at_end;
	seg->kind = SIM_SEG_STRAIGHT;
	seg->duration_s = (len + back) / t->speed_mps;
	seg->line = g->line;
	t->seg = seg;
	t->n_seg = 1;
}

int sim_groups_expand(struct sim_scenario *sc)
{
	size_t extra = 0;
	for (unsigned k = 0; k < sc->n_groups; k++)
		extra += sc->groups[k].count;
	if (!extra)
		return 0;
	size_t n = sc->n_targets + extra;
	struct sim_target *tg = realloc(sc->targets, n * sizeof(*tg));
	if (!tg)
		return -ENOMEM;
	sc->targets = tg;
	uint32_t id = 0;
	for (unsigned i = 0; i < sc->n_targets; i++)
		if (tg[i].id > id)
			id = tg[i].id;
	for (unsigned k = 0; k < sc->n_groups; k++) {
		const struct sim_group *g = &sc->groups[k];
		struct sim_segment *segs = calloc(g->count ? g->count : 1, sizeof(*segs));
		struct sim_rng r;
		if (!segs)
			return -ENOMEM;
		sc->groups[k].segs = segs;
		sim_rng_init(&r, sc->seed, 100 + k);
		unsigned j = 0;
		for (unsigned w = 0; w < g->waves; w++) {
			for (unsigned m = 0; m < wave_size(g, w); m++, j++) {
				struct sim_target *t = &tg[sc->n_targets];
				memset(t, 0, sizeof(*t));
				t->id = ++id;
				t->group = (int)k;
				make_target(g, w, &r, t, &segs[j]);
				if (t->cooperative)
					sim_target_default_identity(t);
				sc->n_targets++;
			}
		}
	}
	return 0;
}
