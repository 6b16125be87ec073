/*
 * sim_adsb.c - an ADS-B ground station: CAT021 reports of the cooperative
 * targets that broadcast, grouped into one datagram every half second.
 *
 * Each target is reported every period_s, at a phase drawn per target, when
 * it is within max_range (slant) and above the station's radio horizon, with
 * probability pd. The reported position is the true WGS84 position plus
 * isotropic Gaussian noise of sigma_position_m east and north (and the same
 * sigma on the geometric height), in I021/131 (high resolution); the
 * velocity is the true ground vector with 0.5 m/s noise per axis; the
 * flight level is the altitude in 25 ft steps (meas.h's convention). NACp
 * is the category whose 95 % bound covers 2.45 sigma. Reports of the last
 * half second leave together, in time order, through the sensor's link.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cat021.h"
#include "sim_motion.h"
#include "sim_world.h"

#define FT_M 0.3048
#define NM_M 1852.0
#define ADSB_BATCH_S 0.5
#define ADSB_VEL_SIGMA 0.5   /* m/s per axis */

struct sim_adsb_report {
	double t;
	struct sky_cat021 r;
};

struct sim_adsb_state {
	const struct sim_adsb_station *spec;
	unsigned sensor;
	int64_t start_utc;
	struct sky_enu_frame frame;
	struct sim_rng rng;
	struct sim_link link;
	double *next;             /* per target: next report time, INFINITY never */
	uint8_t nacp;
	double next_flush;
	struct sim_adsb_report *pend;
	size_t n_pend, cap_pend;
	uint64_t reports;
};

/* NACp whose 95 % position bound (about 2.45 sigma) holds the noise. */
static uint8_t nacp_for(double sigma_m)
{
	static const double epu[] = {3.0, 10.0, 30.0, 92.6, 185.2, 555.6};
	double b = 2.45 * sigma_m;
	for (unsigned k = 0; k < sizeof(epu) / sizeof(epu[0]); k++)
		if (b < epu[k])
			return (uint8_t)(11 - k);
	return 5;
}

struct sim_adsb_state *sim_adsb_new(const struct sim_adsb_station *spec,
				    unsigned sensor, const struct sim_scenario *sc)
{
	struct sim_adsb_state *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->next = malloc((sc->n_targets ? sc->n_targets : 1) * sizeof(double));
	if (!a->next) {
		free(a);
		return NULL;
	}
	a->spec = spec;
	a->sensor = sensor;
	a->start_utc = sc->start_utc;
	sky_enu_frame_init(&a->frame, spec->c.pos.lat, spec->c.pos.lon, spec->c.pos.alt_m);
	sim_rng_init(&a->rng, sc->seed, 1000 + 2 * (uint64_t)sensor);
	sim_link_init(&a->link, &spec->c, sc->seed, 1001 + 2 * (uint64_t)sensor);
	for (unsigned i = 0; i < sc->n_targets; i++) {
		const struct sim_target *t = &sc->targets[i];
		double phase = sim_rand_uniform(&a->rng, 0.0, spec->period_s);
		a->next[i] = t->adsb && t->cooperative ? fmax(t->start_s, 0.0) + phase
						       : INFINITY;
	}
	a->nacp = nacp_for(spec->sigma_position_m);
	a->next_flush = ADSB_BATCH_S;
	return a;
}

static struct sim_adsb_report *new_report(struct sim_adsb_state *a)
{
	if (a->n_pend == a->cap_pend) {
		size_t n = a->cap_pend ? a->cap_pend * 2 : 256;
		struct sim_adsb_report *p = realloc(a->pend, n * sizeof(*p));
		if (!p)
			return NULL;
		a->pend = p;
		a->cap_pend = n;
	}
	struct sim_adsb_report *p = &a->pend[a->n_pend++];
	memset(p, 0, sizeof(*p));
	return p;
}

/* Noisy WGS84 position: sigma metres east and north, and up. */
static void noisy_position(struct sim_adsb_state *a, const double ecef[3],
			   double *lat, double *lon, double *h)
{
	sky_ecef_to_geodetic(ecef, lat, lon, h);
	double s = a->spec->sigma_position_m;
	double sl = sin(*lat * SKY_DEG2RAD);
	double w2 = 1.0 - SKY_WGS84_E2 * sl * sl;
	double nr = SKY_WGS84_A / sqrt(w2);
	double mr = SKY_WGS84_A * (1.0 - SKY_WGS84_E2) / (w2 * sqrt(w2));
	double de = s * sim_rand_normal(&a->rng), dn = s * sim_rand_normal(&a->rng);
	*lat += dn / (mr + *h) * SKY_RAD2DEG;
	*lon += de / ((nr + *h) * cos(*lat * SKY_DEG2RAD)) * SKY_RAD2DEG;
	*h += s * sim_rand_normal(&a->rng);
}

static int32_t hr_angle(double deg)
{
	return (int32_t)llround(deg / 180.0 * 1073741824.0); /* 2^30 */
}

/* Identity, quality and status items that do not change between reports. */
static void fill_static(const struct sim_adsb_state *a, struct sky_cat021 *c,
			const struct sim_target *tg, unsigned i)
{
	c->edition = SKY_CAT021_ED_2_6;
	c->sac = a->spec->c.sac;
	c->sic = a->spec->c.sic;
	c->atp = 0;              /* 24-bit ICAO address */
	c->arc = 0;              /* 25 ft */
	c->track_number = (uint16_t)((i + 1) & 0xfffu);
	c->service_id = 1;
	c->address = tg->address & 0xffffffu;
	c->mode3a = tg->mode3a & 07777u;
	memcpy(c->callsign, tg->callsign, sizeof(c->callsign));
	c->emitter_cat = sim_class_info(tg->cls)->emitter_cat;
	c->nucr_nacv = 2;
	c->nucp_nic = 8;
	c->qi_ext = 1;
	c->nic_baro = 1;
	c->sil = 3;
	c->nacp = a->nacp;
	c->vn = 2;               /* DO-260B */
	c->ltt = 2;              /* 1090 ES */
	c->present = SKY_CAT021_BIT(I010) | SKY_CAT021_BIT(I040) | SKY_CAT021_BIT(I161) |
		     SKY_CAT021_BIT(I015) | SKY_CAT021_BIT(I071) | SKY_CAT021_BIT(I131) |
		     SKY_CAT021_BIT(I072) | SKY_CAT021_BIT(I080) | SKY_CAT021_BIT(I073) |
		     SKY_CAT021_BIT(I140) | SKY_CAT021_BIT(I090) | SKY_CAT021_BIT(I210) |
		     SKY_CAT021_BIT(I070) | SKY_CAT021_BIT(I145) | SKY_CAT021_BIT(I155) |
		     SKY_CAT021_BIT(I160) | SKY_CAT021_BIT(I170) | SKY_CAT021_BIT(I020);
}

static void fill_velocity(struct sim_adsb_state *a, struct sky_cat021 *c,
			  const double vel[3])
{
	double ve = vel[0] + ADSB_VEL_SIGMA * sim_rand_normal(&a->rng);
	double vn = vel[1] + ADSB_VEL_SIGMA * sim_rand_normal(&a->rng);
	double gs = hypot(ve, vn), trk = atan2(ve, vn) * SKY_RAD2DEG;
	if (trk < 0.0)
		trk += 360.0;
	c->gs = (int16_t)fmin(nearbyint(gs / NM_M * 16384.0), 32767.0);
	c->track_angle = (uint16_t)((uint32_t)nearbyint(trk / 360.0 * 65536.0) & 0xffffu);
	double fpm = vel[2] / FT_M * 60.0 / 6.25;
	c->bvr = (int16_t)fmin(fmax(nearbyint(fpm), -16384.0), 16383.0);
}

/* Target i at fraction f of the step, heard by the station. */
static void hear(struct sim_adsb_state *a, const struct sim_world *w, unsigned i,
		 double f)
{
	const struct sim_adsb_station *s = a->spec;
	double ecef[3], alt, enu[3], lat, lon, h;
	sim_world_at(w, i, f, ecef, &alt);
	sky_ecef_to_enu(&a->frame, ecef, enu);
	if (sqrt(enu[0] * enu[0] + enu[1] * enu[1] + enu[2] * enu[2]) > s->max_range_m)
		return;
	if (s->horizon && !sim_in_horizon(s->c.pos.alt_m, alt, hypot(enu[0], enu[1])))
		return;
	if (!sim_rand_chance(&a->rng, s->pd))
		return;
	struct sim_adsb_report *p = new_report(a);
	if (!p)
		return;
	p->t = w->t0 + f * (w->t1 - w->t0);
	fill_static(a, &p->r, &w->tg[i], i);
	noisy_position(a, ecef, &lat, &lon, &h);
	uint32_t tod = sim_tod128(a->start_utc, p->t);
	p->r.toa_pos = p->r.toa_vel = p->r.tomr_pos = tod;
	p->r.lat_hr = hr_angle(lat);
	p->r.lon_hr = hr_angle(lon);
	p->r.geo_height = (int16_t)fmin(fmax(nearbyint(h / FT_M / 6.25), -32768.0), 32767.0);
	p->r.fl = (int16_t)fmin(fmax(nearbyint(alt / FT_M / 25.0), -32768.0), 32767.0);
	fill_velocity(a, &p->r, w->vel1[i]);
	a->reports++;
}

static int by_time(const void *x, const void *y)
{
	const struct sim_adsb_report *a = x, *b = y;
	return a->t < b->t ? -1 : a->t > b->t;
}

/* Send the reports up to t_end in one (or, if large, several) datagrams. */
static void flush(struct sim_adsb_state *a, const struct sim_world *w, double t_end)
{
	struct sim_dgram d;
	uint8_t rec[256];
	size_t n_out = 0, keep = 0;
	for (size_t k = 0; k < a->n_pend; k++) {
		if (a->pend[k].t <= t_end) {
			struct sim_adsb_report tmp = a->pend[k];
			a->pend[k] = a->pend[n_out];
			a->pend[n_out++] = tmp;
		}
	}
	if (n_out > 1)
		qsort(a->pend, n_out, sizeof(*a->pend), by_time);
	sim_dgram_begin(&d, w->out, &a->link, a->sensor, t_end);
	for (size_t k = 0; k < n_out; k++) {
		size_t n = sky_cat021_encode(&a->pend[k].r, rec, sizeof(rec));
		if (n)
			sim_dgram_add(&d, 21, rec, n);
	}
	sim_dgram_end(&d);
	for (size_t k = n_out; k < a->n_pend; k++)
		a->pend[keep++] = a->pend[k];
	a->n_pend = keep;
}

void sim_adsb_step(struct sim_adsb_state *a, const struct sim_world *w)
{
	double span = w->t1 - w->t0, period = a->spec->period_s;
	for (unsigned i = 0; i < w->n; i++) {
		while (a->next[i] <= w->t1) {
			if (w->live[i] && a->next[i] > w->t0)
				hear(a, w, i, (a->next[i] - w->t0) / span);
			a->next[i] += period;
		}
	}
	while (a->next_flush <= w->t1 + 1e-9) {
		flush(a, w, a->next_flush);
		a->next_flush += ADSB_BATCH_S;
	}
}

void sim_adsb_finish(struct sim_adsb_state *a, const struct sim_world *w)
{
	flush(a, w, w->t1);
}

void sim_adsb_free(struct sim_adsb_state *a)
{
	if (!a)
		return;
	free(a->next);
	free(a->pend);
	free(a);
}

uint64_t sim_adsb_count(const struct sim_adsb_state *a)
{
	return a->reports;
}
