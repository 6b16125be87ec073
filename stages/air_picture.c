/*
 * air_picture.c - the end-of-run summary of the published air picture (see
 * air_picture.h for the heuristic). One small entry per 16-bit track
 * number, accumulated update by update; classes are counted when a track
 * ends, so the running counts cost nothing per update beyond a few adds.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "air_picture.h"

#define EARTH_R_M 6371000.0
#define FT_M 0.3048
#define MIN_CONFIRMED 5
#define MAX_SPEED 700.0  /* m/s: faster is a bad track, not a target */

static const char *const class_names[SKY_AIR_CLASS_COUNT] = {
#define NAME(e, s) s,
	SKY_AIR_CLASS_FOREACH(NAME)
#undef NAME
};

const char *sky_air_class_name(unsigned c)
{
	return c < SKY_AIR_CLASS_COUNT ? class_names[c] : "?";
}

enum sky_air_class sky_air_classify(unsigned n_confirmed, double v, bool has_alt, double h,
				    bool coop)
{
	if (n_confirmed < MIN_CONFIRMED || !(v <= MAX_SPEED))
		return SKY_AIR_UNKNOWN;
	if (v >= 150) {
		if (has_alt && h < 1000)
			return SKY_AIR_CRUISE_MISSILE;
		return coop ? SKY_AIR_AIRLINER : SKY_AIR_FIGHTER;
	}
	if (v >= 35) {
		if (!coop)
			return SKY_AIR_OWA_DRONE;
		if (has_alt && h >= 3000)
			return SKY_AIR_AIRLINER;
		return has_alt && h < 600 ? SKY_AIR_HELICOPTER : SKY_AIR_GA;
	}
	if (coop)
		return SKY_AIR_HELICOPTER;
	return !has_alt || h < 3000 ? SKY_AIR_UAV_SMALL : SKY_AIR_UNKNOWN;
}

struct ap_track {
	double first_t;
	double sum_v, sum_h;
	uint32_t n_conf, n_h;
	bool live, confirmed, coop;
};

struct sky_air_picture {
	struct sky_air_summary s;      /* by_class: ended tracks only */
	struct ap_track t[65536];
};

struct sky_air_picture *sky_air_picture_create(void)
{
	return calloc(1, sizeof(struct sky_air_picture));
}

void sky_air_picture_destroy(struct sky_air_picture *ap)
{
	free(ap);
}

static enum sky_air_class classify(const struct ap_track *e)
{
	double v = e->n_conf ? e->sum_v / e->n_conf : 0;
	double h = e->n_h ? e->sum_h / e->n_h : 0;
	return sky_air_classify(e->n_conf, v, e->n_h > 0, h, e->coop);
}

/* Altitude of an update: flight level, else ENU up plus the curvature drop. */
static bool altitude(const struct sky_track_update *u, double *h)
{
	if (u->plot_flags & SKY_PLOT_HAS_FL) {
		*h = u->fl_q * 25.0 * FT_M;
		return true;
	}
	if (!(u->flags & SKY_TRACK_HAS_Z))
		return false;
	*h = u->z + (u->x * u->x + u->y * u->y) / (2 * EARTH_R_M);
	return true;
}

/* hypot(0, 0) is +0: a still update (every passthrough one) skips the libm
 * call, ~28 instructions of ~110 per update here (2026-11-22, callgrind of
 * `skyfuse track --mode passthrough` on the scale scenario). */
static double ground_speed(const struct sky_track_update *u)
{
	return u->vx == 0 && u->vy == 0 ? 0.0 : hypot(u->vx, u->vy);
}

static void accumulate(struct ap_track *e, const struct sky_track_update *u)
{
	e->n_conf++;
	e->sum_v += ground_speed(u);
	double h;
	if (altitude(u, &h)) {
		e->sum_h += h;
		e->n_h++;
	}
}

static void add_one(struct sky_air_picture *ap, const struct sky_track_update *u)
{
	struct ap_track *e = &ap->t[u->track_no & 0xffff];
	ap->s.updates++;
	if (!e->live || e->first_t != u->first_t) {
		memset(e, 0, sizeof(*e));
		e->live = true;
		e->first_t = u->first_t;
		ap->s.started++;
	}
	if (u->plot_flags & (SKY_PLOT_HAS_ADDR | SKY_PLOT_HAS_M3A | SKY_PLOT_HAS_FL |
			     SKY_PLOT_HAS_CALLSIGN))
		e->coop = true;
	if (u->flags & SKY_TRACK_CONFIRMED) {
		if (!e->confirmed)
			ap->s.confirmed++;
		e->confirmed = true;
		accumulate(e, u);
	}
	if (u->flags & SKY_TRACK_TERMINATED) {
		if (e->confirmed) {
			ap->s.ended++;
			ap->s.by_class[classify(e)]++;
		}
		e->live = false;
	}
}

void sky_air_picture_add(struct sky_air_picture *ap, const struct sky_track_update *u,
			 unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		add_one(ap, &u[i]);
}

const struct sky_air_summary *sky_air_picture_counts(const struct sky_air_picture *ap)
{
	return &ap->s;
}

void sky_air_picture_summary(const struct sky_air_picture *ap, struct sky_air_summary *s)
{
	*s = ap->s;
	s->tentative = s->started - s->confirmed;
	s->live = 0;
	for (unsigned i = 0; i < 65536; i++) {
		const struct ap_track *e = &ap->t[i];
		if (e->live && e->confirmed) {
			s->live++;
			s->by_class[classify(e)]++;
		}
	}
}

void sky_air_summary_print(const struct sky_air_summary *s, FILE *f)
{
	fprintf(f, "air picture: %llu tracks: %llu confirmed, %llu tentative only, "
		   "%llu ended (TSE), %llu still live; %llu track updates\n",
		(unsigned long long)s->started, (unsigned long long)s->confirmed,
		(unsigned long long)s->tentative, (unsigned long long)s->ended,
		(unsigned long long)s->live, (unsigned long long)s->updates);
	fprintf(f, "  confirmed tracks by class (speed/altitude heuristic, stages/air_picture.h):");
	for (unsigned c = 0; c < SKY_AIR_CLASS_COUNT; c++)
		fprintf(f, " %s %llu", class_names[c], (unsigned long long)s->by_class[c]);
	fprintf(f, "\n");
}
