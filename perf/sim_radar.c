/*
 * sim_radar.c - a rotating surveillance radar: beam crossings, detection,
 * measurement noise, false alarms, and one datagram per sector.
 *
 * The antenna turns clockwise at 360/scan_period deg/s from start_az at
 * time 0. In every step the run gives us each target's position at both
 * ends; a target is painted when the angle from the beam to the target
 * changes sign from positive to non-positive, and the crossing time is found
 * by linear interpolation of that angle. Painted targets inside the range
 * limits, below the cone of silence and above the radio horizon are
 * detected with:
 *   PSR: Swerling 1, Pd = Pfa^(1 / (1 + SNR)), SNR = SNR_ref * (rcs / rcs_ref)
 *        * (r_ref / r)^4, with SNR_ref set so that Pd(r_ref, rcs_ref) = pd;
 *   SSR: probability ssr_pd, cooperative targets only; Mode S adds the
 *        24-bit address and callsign.
 * Measurements are exact slant range and azimuth from the antenna on WGS84
 * (sky_radar_observe_ecef) plus Gaussian noise, quantised to I048/040; Mode
 * C height is the target's altitude as a flight level (meas.h's convention,
 * 25 ft steps for Mode S, 100 ft for Mode A/C); a 3D radar adds I048/110
 * with height noise. False alarms: a Poisson number per scan with the
 * configured mean, uniform in the coverage area (range density ~ r).
 *
 * When the beam crosses a sector boundary the plots of the sector just
 * swept leave in azimuth order as CAT048, followed by a CAT034 sector
 * crossing (and a north marker at azimuth 0), delayed by the sensor's link.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cat034.h"
#include "cat048.h"
#include "meas.h"
#include "sim_world.h"

#define NM_M 1852.0
#define FT_M 0.3048
#define FA_MAX_HEIGHT_M 3000.0  /* 3D radar: false alarm heights */

struct sim_plot {
	double t;
	bool false_alarm;
	struct sky_cat048 r;
};

struct sim_radar_state {
	const struct sim_radar *spec;
	unsigned sensor;
	int64_t start_utc;
	struct sky_enu_frame frame;
	struct sim_rng rng;
	struct sim_link link;
	float *prev_rel;          /* per target: beam -> target angle, deg; NAN */
	unsigned n_targets;
	double snr_ref;
	double sector_w;          /* deg */
	uint64_t next_b;          /* next sector boundary (unwrapped index) */
	double next_b_t;
	struct sim_plot *pend;
	size_t n_pend, cap_pend;
	uint64_t plots, fas;      /* sent */
};

static double wrap180(double a)
{
	a = fmod(a, 360.0);
	if (a > 180.0)
		a -= 360.0;
	else if (a <= -180.0)
		a += 360.0;
	return a;
}

static double beam_az(const struct sim_radar_state *r, double t)
{
	return r->spec->start_az_deg + 360.0 * t / r->spec->scan_period_s;
}

static double boundary_time(const struct sim_radar_state *r, uint64_t j)
{
	return ((double)j * r->sector_w - r->spec->start_az_deg) / 360.0 *
	       r->spec->scan_period_s;
}

static struct sim_plot *new_plot(struct sim_radar_state *r, double t)
{
	if (r->n_pend == r->cap_pend) {
		size_t n = r->cap_pend ? r->cap_pend * 2 : 256;
		struct sim_plot *p = realloc(r->pend, n * sizeof(*p));
		if (!p)
			return NULL;
		r->pend = p;
		r->cap_pend = n;
	}
	struct sim_plot *p = &r->pend[r->n_pend++];
	memset(p, 0, sizeof(*p));
	p->t = t;
	p->r.sac = r->spec->c.sac;
	p->r.sic = r->spec->c.sic;
	p->r.tod = sim_tod128(r->start_utc, t);
	p->r.trd_len = 1;
	p->r.present = SKY_CAT048_I010 | SKY_CAT048_I140 | SKY_CAT048_I020 |
		       SKY_CAT048_I040 | SKY_CAT048_I130;
	return p;
}

static void set_polar(struct sky_cat048 *c, double range_m, double az_deg)
{
	double rho = nearbyint(range_m / NM_M * 256.0);
	c->rho = (uint16_t)fmin(fmax(rho, 0.0), 65535.0);
	double a = fmod(az_deg, 360.0);
	if (a < 0.0)
		a += 360.0;
	c->theta = (uint16_t)((uint32_t)nearbyint(a / 360.0 * 65536.0) & 0xffffu);
}

static int8_t clamp_i8(double x)
{
	return (int8_t)fmin(fmax(nearbyint(x), -127.0), 127.0);
}

static double psr_snr(const struct sim_radar_state *r, double range_m, double rcs)
{
	const struct sim_radar *s = r->spec;
	double q = s->pd_ref_range_m / fmax(range_m, 1.0);
	return r->snr_ref * (rcs / s->pd_ref_rcs_m2) * q * q * q * q;
}

static void add_height_3d(struct sky_cat048 *c, double h)
{
	c->present |= SKY_CAT048_I110;
	c->height = (int16_t)fmin(fmax(nearbyint(h / FT_M / 25.0), -32768.0), 32767.0);
}

/* I048/020 TYP: 1 PSR, 2 SSR, 3 SSR+PSR, 5 Mode S roll-call, 7 roll-call+PSR. */
static unsigned plot_typ(enum sim_ssr_mode mode, bool psr, bool ssr)
{
	if (!ssr)
		return 1;
	if (mode == SIM_SSR_MODES)
		return psr ? 7 : 5;
	return psr ? 3 : 2;
}

/* Mode 3/A, Mode C and (Mode S) address and callsign of target tg. */
static void add_ssr(const struct sim_radar_state *r, struct sky_cat048 *c,
		    const struct sim_target *tg, double alt_m, double range_m)
{
	const struct sim_radar *s = r->spec;
	double ft = alt_m / FT_M;
	c->present |= SKY_CAT048_I070 | SKY_CAT048_I090;
	c->mode3a = tg->mode3a & 07777;
	c->fl = (int16_t)(s->ssr == SIM_SSR_MODES ? nearbyint(ft / 25.0)
						   : 4.0 * nearbyint(ft / 100.0));
	c->rpc_present |= SKY_CAT048_RPC_SRR | SKY_CAT048_RPC_SAM;
	c->srr = (uint8_t)(8 + tg->id % 7);
	c->sam = clamp_i8(-40.0 - 20.0 * log10(fmax(range_m, 1000.0) / 1000.0));
	if (s->ssr != SIM_SSR_MODES)
		return;
	c->present |= SKY_CAT048_I220 | SKY_CAT048_I240;
	c->address = tg->address & 0xffffffu;
	memcpy(c->callsign, tg->callsign, sizeof(c->callsign));
}

/* Paint target i at fraction f of the step. */
static void paint(struct sim_radar_state *r, const struct sim_world *w,
		  unsigned i, double f)
{
	const struct sim_radar *s = r->spec;
	const struct sim_target *tg = &w->tg[i];
	double ecef[3], alt, enu[3];
	struct sky_polar pol;

	sim_world_at(w, i, f, ecef, &alt);
	sky_radar_observe_ecef(&r->frame, ecef, &pol);
	if (pol.range_m < s->min_range_m || pol.range_m > s->max_range_m ||
	    pol.el_deg > s->max_el_deg)
		return;
	if (s->horizon) {
		sky_ecef_to_enu(&r->frame, ecef, enu);
		if (!sim_in_horizon(s->c.pos.alt_m, alt, hypot(enu[0], enu[1])))
			return;
	}
	double snr = psr_snr(r, pol.range_m, tg->rcs_m2);
	bool psr = s->psr && sim_rand_chance(&r->rng, pow(s->pfa, 1.0 / (1.0 + snr)));
	bool ssr = s->ssr != SIM_SSR_NONE && tg->cooperative &&
		   sim_rand_chance(&r->rng, s->ssr_pd);
	if (!psr && !ssr)
		return;
	double t = w->t0 + f * (w->t1 - w->t0);
	struct sim_plot *p = new_plot(r, t);
	if (!p)
		return;
	double rn = sim_rand_normal(&r->rng), an = sim_rand_normal(&r->rng);
	set_polar(&p->r, pol.range_m + s->sigma_range_m * rn,
		  pol.az_deg + s->sigma_az_deg * an);
	p->r.trd[0] = (uint8_t)(plot_typ(s->ssr, psr, ssr) << 5);
	if (psr) {
		p->r.rpc_present |= SKY_CAT048_RPC_PAM;
		p->r.pam = clamp_i8(-95.0 + 10.0 * log10(1.0 + snr));
		if (s->sigma_height_m > 0.0)
			add_height_3d(&p->r, alt + s->sigma_height_m *
						  sim_rand_normal(&r->rng));
	}
	if (ssr)
		add_ssr(r, &p->r, tg, alt, pol.range_m);
}

/* Poisson false alarms of the revolution starting (beam north) at t_north. */
static void false_alarms(struct sim_radar_state *r, double t_north)
{
	const struct sim_radar *s = r->spec;
	unsigned n = sim_rand_poisson(&r->rng, s->false_alarms_per_scan);
	double r0 = s->min_range_m * s->min_range_m, r1 = s->max_range_m * s->max_range_m;
	for (unsigned k = 0; k < n; k++) {
		double az = sim_rand_uniform(&r->rng, 0.0, 360.0);
		double range = sqrt(sim_rand_uniform(&r->rng, r0, r1));
		double h = sim_rand_uniform(&r->rng, 0.0, FA_MAX_HEIGHT_M);
		double t = t_north + az / 360.0 * s->scan_period_s;
		if (t < 0.0)
			continue;
		struct sim_plot *p = new_plot(r, t);
		if (!p)
			return;
		set_polar(&p->r, range, az);
		p->r.trd[0] = 1u << 5;
		p->r.rpc_present = SKY_CAT048_RPC_PAM;
		p->r.pam = clamp_i8(-95.0 + 3.0 * sim_rand_unit(&r->rng));
		if (s->sigma_height_m > 0.0)
			add_height_3d(&p->r, h);
		p->false_alarm = true;
	}
}

struct sim_radar_state *sim_radar_new(const struct sim_radar *spec, unsigned sensor,
				      const struct sim_scenario *sc)
{
	struct sim_radar_state *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->prev_rel = malloc((sc->n_targets ? sc->n_targets : 1) * sizeof(float));
	if (!r->prev_rel) {
		free(r);
		return NULL;
	}
	for (unsigned i = 0; i < sc->n_targets; i++)
		r->prev_rel[i] = NAN;
	r->spec = spec;
	r->sensor = sensor;
	r->n_targets = sc->n_targets;
	r->start_utc = sc->start_utc;
	sky_enu_frame_init(&r->frame, spec->c.pos.lat, spec->c.pos.lon, spec->c.pos.alt_m);
	sim_rng_init(&r->rng, sc->seed, 1000 + 2 * (uint64_t)sensor);
	sim_link_init(&r->link, &spec->c, sc->seed, 1001 + 2 * (uint64_t)sensor);
	double pd = fmin(fmax(spec->pd, 1e-6), 1.0 - 1e-9);
	r->snr_ref = log(spec->pfa) / log(pd) - 1.0;
	r->sector_w = 360.0 / spec->sectors;
	r->next_b = (uint64_t)floor(spec->start_az_deg / r->sector_w) + 1;
	r->next_b_t = boundary_time(r, r->next_b);
	false_alarms(r, -spec->start_az_deg / 360.0 * spec->scan_period_s);
	return r;
}

static int by_time(const void *a, const void *b)
{
	const struct sim_plot *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

/* Encode and hand over the pending plots up to time t_end; returns after the
 * records are in the datagram builder d. */
static void emit_plots(struct sim_radar_state *r, struct sim_dgram *d, double t_end)
{
	uint8_t rec[256];
	size_t keep = 0, n_out = 0;
	/* partition: plots of this sector first (stable enough: sorted next) */
	for (size_t k = 0; k < r->n_pend; k++) {
		if (r->pend[k].t <= t_end) {
			struct sim_plot tmp = r->pend[k];
			r->pend[k] = r->pend[n_out];
			r->pend[n_out++] = tmp;
		}
	}
	if (n_out > 1)
		qsort(r->pend, n_out, sizeof(*r->pend), by_time);
	for (size_t k = 0; k < n_out; k++) {
		size_t n = sky_cat048_encode(&r->pend[k].r, rec, sizeof(rec));
		if (!n)
			continue;
		sim_dgram_add(d, 48, rec, n);
		if (r->pend[k].false_alarm)
			r->fas++;
		else
			r->plots++;
	}
	for (size_t k = n_out; k < r->n_pend; k++)
		r->pend[keep++] = r->pend[k];
	r->n_pend = keep;
}

static void add_cat034(struct sim_radar_state *r, struct sim_dgram *d, uint8_t type,
		       double t, unsigned sector)
{
	struct sky_cat034 m;
	uint8_t rec[64];
	memset(&m, 0, sizeof(m));
	m.present = SKY_CAT034_I010 | SKY_CAT034_I000 | SKY_CAT034_I030;
	m.sac = r->spec->c.sac;
	m.sic = r->spec->c.sic;
	m.msg_type = type;
	m.tod = sim_tod128(r->start_utc, t);
	if (type == SKY_CAT034_NORTH_MARKER) {
		m.present |= SKY_CAT034_I041;
		m.rot_period = (uint16_t)nearbyint(r->spec->scan_period_s * 128.0);
	} else {
		m.present |= SKY_CAT034_I020;
		m.sector = (uint8_t)((unsigned)nearbyint(sector * r->sector_w / 360.0 * 256.0) & 0xffu);
	}
	size_t n = sky_cat034_encode(&m, rec, sizeof(rec));
	if (n)
		sim_dgram_add(d, 34, rec, n);
}

/* The beam crosses boundary r->next_b: send the sector just swept. */
static void cross_boundary(struct sim_radar_state *r, const struct sim_world *w)
{
	struct sim_dgram d;
	double t = r->next_b_t;
	unsigned sector = (unsigned)(r->next_b % r->spec->sectors);

	sim_dgram_begin(&d, w->out, &r->link, r->sensor, t);
	emit_plots(r, &d, t);
	if (sector == 0)
		add_cat034(r, &d, SKY_CAT034_NORTH_MARKER, t, 0);
	add_cat034(r, &d, SKY_CAT034_SECTOR_CROSSING, t, sector);
	sim_dgram_end(&d);
	if (sector == 0)
		false_alarms(r, t);
	r->next_b++;
	r->next_b_t = boundary_time(r, r->next_b);
}

static float rel_angle(const struct sim_radar_state *r, const double ecef[3], double t)
{
	double enu[3];
	sky_ecef_to_enu(&r->frame, ecef, enu);
	double az = atan2(enu[0], enu[1]) * SKY_RAD2DEG;
	return (float)wrap180(az - beam_az(r, t));
}

void sim_radar_step(struct sim_radar_state *r, const struct sim_world *w)
{
	for (unsigned i = 0; i < w->n; i++) {
		if (!w->live[i]) {
			r->prev_rel[i] = NAN;
			continue;
		}
		float d0 = r->prev_rel[i];
		if (isnan(d0))
			d0 = rel_angle(r, w->e0[i], w->t0);
		float d1 = rel_angle(r, w->e1[i], w->t1);
		r->prev_rel[i] = d1;
		if (d0 > 0.0f && d1 <= 0.0f && d0 - d1 < 180.0f)
			paint(r, w, i, (double)d0 / ((double)d0 - (double)d1));
	}
	while (r->next_b_t <= w->t1)
		cross_boundary(r, w);
}

void sim_radar_finish(struct sim_radar_state *r, const struct sim_world *w)
{
	struct sim_dgram d;
	sim_dgram_begin(&d, w->out, &r->link, r->sensor, w->t1);
	emit_plots(r, &d, w->t1);
	sim_dgram_end(&d);
}

void sim_radar_free(struct sim_radar_state *r)
{
	if (!r)
		return;
	free(r->prev_rel);
	free(r->pend);
	free(r);
}

void sim_radar_counts(const struct sim_radar_state *r, uint64_t *plots,
		      uint64_t *false_alarms)
{
	*plots = r->plots;
	*false_alarms = r->fas;
}
