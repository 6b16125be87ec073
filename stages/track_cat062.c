/*
 * track_cat062.c - track update -> CAT062 record (see track_cat062.h).
 * Values are rounded to the item's LSB and clamped to its range, so a far or
 * fast track is published at the range limit instead of wrapping around.
 * Every field the encoder reads for a present item is set here (mode3a_flags
 * and sti too, though always 0): the packer reuses one record without
 * clearing it.
 */
#include <math.h>
#include <string.h>

#include "tod.h"
#include "track_cat062.h"

#define FT_M 0.3048

static int64_t clamp_round(double v, double lsb, int64_t lo, int64_t hi)
{
	double q = nearbyint(v / lsb);
	if (!(q >= (double)lo))  /* also NaN */
		return q != q ? 0 : lo;
	return q > (double)hi ? hi : (int64_t)q;
}

static uint16_t age_q(float age_s)
{
	return (uint16_t)clamp_round(age_s, 0.25, 0, 255);
}

static void identity(const struct sky_track_update *u, struct sky_cat062 *o)
{
	if (u->plot_flags & SKY_PLOT_HAS_M3A) {
		o->present |= SKY_CAT062_I060;
		o->mode3a_flags = 0;
		o->mode3a = u->mode3a & 0x0fff;
	}
	if (u->plot_flags & SKY_PLOT_HAS_CALLSIGN) {
		o->present |= SKY_CAT062_I245;
		o->sti = 0;
		memcpy(o->callsign, u->callsign, sizeof(o->callsign));
	}
	if (u->plot_flags & SKY_PLOT_HAS_ADDR) {
		o->present |= SKY_CAT062_I380;
		o->adr.present = SKY_CAT062_ADR_ADR;
		o->adr.adr = u->address & 0xffffff;
	}
	if (u->plot_flags & SKY_PLOT_HAS_FL) {
		o->present |= SKY_CAT062_I136;
		o->fl = u->fl_q;
	}
}

static void status(const struct sky_track_update *u, struct sky_cat062 *o)
{
	uint64_t s = 0;
	if (!(u->flags & SKY_TRACK_CONFIRMED))
		s |= SKY_CAT062_TS_CNF;
	if (u->flags & SKY_TRACK_TERMINATED)
		s |= SKY_CAT062_TS_TSE;
	/* "age of the last update by this kind exceeds the limit" flags: set
	 * for kinds that never updated the track */
	if (u->age_psr < 0)
		s |= SKY_CAT062_TS_PSR;
	if (u->age_ssr < 0)
		s |= SKY_CAT062_TS_SSR;
	if (u->age_mds < 0)
		s |= SKY_CAT062_TS_MDS;
	if (u->age_ads < 0)
		s |= SKY_CAT062_TS_ADS;
	o->status = s;
}

/* Inlined with a constant subfield, so that its bit is a constant too. */
static inline void update_age(struct sky_cat062 *o, int sub, float age)
{
	if (age >= 0) {
		o->upd.present |= SKY_CAT062_UPD_BIT(sub);
		o->upd.age[sub] = age_q(age);
	}
}

static void update_ages(const struct sky_track_update *u, struct sky_cat062 *o)
{
	o->upd.present = 0;
	update_age(o, SKY_CAT062_UPD_PSR, u->age_psr);
	update_age(o, SKY_CAT062_UPD_SSR, u->age_ssr);
	update_age(o, SKY_CAT062_UPD_MDS, u->age_mds);
	update_age(o, SKY_CAT062_UPD_ADS, u->age_ads);
	if (o->upd.present)
		o->present |= SKY_CAT062_I290;
}

static void vertical(const struct sky_track_update *u, struct sky_cat062 *o)
{
	if (!(u->flags & SKY_TRACK_HAS_Z))
		return;
	o->present |= SKY_CAT062_I130 | SKY_CAT062_I220 | SKY_CAT062_I200;
	o->geo_alt = (int16_t)clamp_round(u->z / FT_M, 6.25, -1500, 32767);
	o->roc = (int16_t)clamp_round(u->vz / FT_M * 60.0, 6.25, -32768, 32767);
	/* I062/200 VERT: 0 level, 1 climb, 2 descent (beyond 300 ft/min) */
	double fpm = u->vz / FT_M * 60.0;
	o->mom_vert = fpm > 300 ? 1 : fpm < -300 ? 2 : 0;
	o->mom_trans = 0;
	o->mom_long = 0;
	o->mom_adf = 0;
}

static void accuracy(const struct sky_track_update *u, struct sky_cat062 *o)
{
	o->present |= SKY_CAT062_I500;
	o->acc.present = SKY_CAT062_ACC_APC;
	/* c > 0 ? c : 0 is fmax(c, 0) without the call (NaN gives 0) */
	o->acc.apc_x = (uint16_t)clamp_round(sqrt(u->cxx > 0 ? u->cxx : 0), 0.5, 0, 65535);
	o->acc.apc_y = (uint16_t)clamp_round(sqrt(u->cyy > 0 ? u->cyy : 0), 0.5, 0, 65535);
}

void sky_track_to_cat062_at(const struct sky_cat062_source *src,
			    const struct sky_track_update *u, double lat, double lon,
			    struct sky_cat062 *o)
{
	o->present = SKY_CAT062_I010 | SKY_CAT062_I015 | SKY_CAT062_I070 | SKY_CAT062_I105 |
		     SKY_CAT062_I100 | SKY_CAT062_I185 | SKY_CAT062_I040 | SKY_CAT062_I080;
	o->sac = src->sac;
	o->sic = src->sic;
	o->service = src->service;
	o->tod = sky_unix_to_tod(u->t);
	o->lat = (int32_t)clamp_round(lat, 180.0 / 33554432.0, -16777216, 16777216);
	o->lon = (int32_t)clamp_round(lon, 180.0 / 33554432.0, -33554432, 33554431);
	o->x = (int32_t)clamp_round(u->x, 0.5, -8388608, 8388607);
	o->y = (int32_t)clamp_round(u->y, 0.5, -8388608, 8388607);
	o->vx = (int16_t)clamp_round(u->vx, 0.25, -32768, 32767);
	o->vy = (int16_t)clamp_round(u->vy, 0.25, -32768, 32767);
	o->track_number = (uint16_t)u->track_no;
	identity(u, o);
	status(u, o);
	update_ages(u, o);
	vertical(u, o);
	accuracy(u, o);
}

void sky_track_to_cat062(const struct sky_cat062_source *src,
			 const struct sky_track_update *u, struct sky_cat062 *o)
{
	double lat, lon;

	sky_enu_geodetic_batch(src->sys, &u->x, &u->y, &u->z, 1, &lat, &lon);
	sky_track_to_cat062_at(src, u, lat, lon, o);
}
