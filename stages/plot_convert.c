/*
 * plot_convert.c - CAT048 / CAT001 / CAT021 records -> system-frame plots
 * (see plot_convert.h). A radar record is read into the plot and a struct
 * sky_plot_polar first, and so is an ADS-B report with its WGS84 position;
 * their conversion into the system frame is a separate step, so that the
 * decoder can do it for a whole batch of plots at once (radar_batch.h,
 * adsb_batch.h) while sky_plot_from_record still does it plot by plot.
 */
#include <string.h>

#include "plot_convert.h"
#include "tod.h"

const char *const sky_noplot_names[SKY_NOPLOT_COUNT] = {
	[SKY_PLOT_OK] = "OK",
#define NAME(n, d) [SKY_NOPLOT_##n] = #n,
	SKY_NOPLOT_FOREACH(NAME)
#undef NAME
};

#define NM_M 1852.0

static void plot_from_meas(struct sky_plot *p, const struct sky_meas_pos *m)
{
	p->x = m->p[0];
	p->y = m->p[1];
	p->z = m->p[2];
	p->cxx = m->cov[0][0];
	p->cxy = m->cov[0][1];
	p->cyy = m->cov[1][1];
	p->czz = m->cov[2][2];
}

/* The polar measurement of a radar plot, converted later (or at once by
   sky_plot_polar_finish). A plot with a height has z/czz. */
static enum sky_noplot radar_defer(double range_m, uint16_t theta, const struct sky_radar_plot *h,
				   struct sky_plot *p, struct sky_plot_polar *g)
{
	g->range_m = range_m;
	g->theta = theta;
	g->hkind = h->hkind;
	g->height = h->height;
	if (h->hkind != SKY_HEIGHT_NONE)
		p->flags |= SKY_PLOT_HAS_Z;
	return SKY_PLOT_OK;
}

/* I048/020 TYP -> PSR/SSR/Mode S flags. */
static uint16_t cat048_kind_flags(unsigned typ)
{
	static const uint16_t f[8] = {
		0, SKY_PLOT_PSR, SKY_PLOT_SSR, SKY_PLOT_SSR | SKY_PLOT_PSR,
		SKY_PLOT_MODES, SKY_PLOT_MODES, SKY_PLOT_MODES | SKY_PLOT_PSR,
		SKY_PLOT_MODES | SKY_PLOT_PSR,
	};
	return f[typ & 7];
}

static void cat048_identity(const struct sky_cat048 *r, struct sky_plot *p)
{
	if ((r->present & SKY_CAT048_I220)) {
		p->address = r->address;
		p->flags |= SKY_PLOT_HAS_ADDR;
	}
	if ((r->present & SKY_CAT048_I070) && !(r->m3a_flags & SKY_CAT048_V)) {
		p->mode3a = r->mode3a;
		p->flags |= SKY_PLOT_HAS_M3A;
	}
	if ((r->present & SKY_CAT048_I090) && !(r->fl_flags & SKY_CAT048_V)) {
		p->fl_q = r->fl;
		p->flags |= SKY_PLOT_HAS_FL;
	}
	if (r->present & SKY_CAT048_I240) {
		memcpy(p->callsign, r->callsign, sizeof(p->callsign));
		p->flags |= SKY_PLOT_HAS_CALLSIGN;
	}
}

static void radar_height(double h3d_m, bool has_3d, bool has_fl, double fl,
			 struct sky_radar_plot *h)
{
	if (has_3d) {
		h->hkind = SKY_HEIGHT_3D;
		h->height = h3d_m;
	} else if (has_fl) {
		h->hkind = SKY_HEIGHT_FL;
		h->height = fl;
	} else {
		h->hkind = SKY_HEIGHT_NONE;
		h->height = SKY_PLOT_ASSUMED_ALT_M;
	}
}

static enum sky_noplot from_cat048(const struct sky_cat048 *r, double ref_unix,
				   struct sky_plot *p, struct sky_plot_polar *g)
{
	if (!(r->present & SKY_CAT048_I040))
		return SKY_NOPLOT_NO_POSITION;
	if (!(r->present & SKY_CAT048_I140))
		return SKY_NOPLOT_NO_TIME;
	unsigned typ = (r->present & SKY_CAT048_I020) ? sky_cat048_typ(r) : 1;
	if (typ == 0)
		return SKY_NOPLOT_NO_DETECTION;
	p->t = sky_tod_to_unix(r->tod, ref_unix);
	p->flags = cat048_kind_flags(typ);
	cat048_identity(r, p);
	struct sky_radar_plot h;
	radar_height(r->height * 25.0 * SKY_FT_M, (r->present & SKY_CAT048_I110) != 0,
		     (p->flags & SKY_PLOT_HAS_FL) != 0, r->fl / 4.0, &h);
	return radar_defer(r->rho * (NM_M / 256.0), r->theta, &h, p, g);
}

static enum sky_noplot from_cat001(const struct sky_cat001 *r, double ref_unix,
				   struct sky_plot *p, struct sky_plot_polar *g)
{
	if (!(r->present & SKY_CAT001_I040))
		return SKY_NOPLOT_NO_POSITION;
	if (!(r->present & SKY_CAT001_I141))
		return SKY_NOPLOT_NO_TIME;
	/* I001/141 is the time of day modulo 512 s: take the nearest to ref. */
	double ref_tod = (double)sky_unix_to_tod(ref_unix) / 128.0;
	double t = r->ttod / 128.0;
	double k = floor((ref_tod - t) / 512.0 + 0.5);
	p->t = sky_tod_to_unix((uint32_t)llround((t + 512.0 * k) * 128.0) % (86400u * 128u), ref_unix);
	unsigned ssrpsr = (r->trd[0] >> 4) & 3u; /* 1 PSR, 2 SSR, 3 both */
	p->flags = (uint16_t)(((ssrpsr & 1) ? SKY_PLOT_PSR : 0) | ((ssrpsr & 2) ? SKY_PLOT_SSR : 0));
	bool has_fl = (r->present & SKY_CAT001_I090) && !(r->modec_vg & 2);
	if (has_fl) {
		p->fl_q = r->fl;
		p->flags |= SKY_PLOT_HAS_FL;
	}
	if ((r->present & SKY_CAT001_I070) && !(r->mode3a & 0x8000)) {
		p->mode3a = r->mode3a & 0x0fff;
		p->flags |= SKY_PLOT_HAS_M3A;
	}
	struct sky_radar_plot h;
	radar_height(0, false, has_fl, r->fl / 4.0, &h);
	return radar_defer(r->rho * (NM_M / 128.0), r->theta, &h, p, g);
}

static double cat021_time(const struct sky_cat021 *r, double ref_unix, bool *ok)
{
	*ok = true;
	if (r->present & SKY_CAT021_BIT(I073))
		return sky_tod_to_unix(r->tomr_pos, ref_unix);
	if (r->present & SKY_CAT021_BIT(I071))
		return sky_tod_to_unix(r->toa_pos, ref_unix);
	if (r->present & SKY_CAT021_BIT(I030))
		return sky_tod_to_unix(r->tod, ref_unix);
	if (r->present & SKY_CAT021_BIT(I077))
		return sky_tod_to_unix(r->tart, ref_unix);
	*ok = false;
	return 0;
}

static void cat021_identity(const struct sky_cat021 *r, struct sky_plot *p)
{
	if (r->present & SKY_CAT021_BIT(I080)) {
		p->address = r->address;
		p->flags |= SKY_PLOT_HAS_ADDR;
	}
	if (r->present & SKY_CAT021_BIT(I070)) {
		p->mode3a = r->mode3a;
		p->flags |= SKY_PLOT_HAS_M3A;
	}
	if (r->present & SKY_CAT021_BIT(I145)) {
		p->fl_q = r->fl;
		p->flags |= SKY_PLOT_HAS_FL;
	}
	if (r->present & SKY_CAT021_BIT(I170)) {
		memcpy(p->callsign, r->callsign, sizeof(p->callsign));
		p->flags |= SKY_PLOT_HAS_CALLSIGN;
	}
}

static enum sky_noplot from_cat021(const struct sky_sensor_entry *s,
				   const struct sky_cat021 *r, double ref_unix,
				   struct sky_plot *p, struct sky_plot_polar *g)
{
	double lat, lon;
	bool v26 = r->edition == SKY_CAT021_ED_0_26;
	if (r->present & SKY_CAT021_BIT(I131) && !v26) {
		lat = r->lat_hr * (180.0 / 1073741824.0);
		lon = r->lon_hr * (180.0 / 1073741824.0);
	} else if (r->present & SKY_CAT021_BIT(I130)) {
		double scale = 180.0 / (v26 ? 33554432.0 : 8388608.0);
		lat = r->lat * scale;
		lon = r->lon * scale;
	} else {
		return SKY_NOPLOT_NO_POSITION;
	}
	bool ok;
	p->t = cat021_time(r, ref_unix, &ok);
	if (!ok)
		return SKY_NOPLOT_NO_TIME;
	p->flags = SKY_PLOT_ADSB;
	cat021_identity(r, p);
	double alt = SKY_PLOT_ASSUMED_ALT_M, sv = SKY_MEAS_SIGMA_NONE_M;
	if (r->present & SKY_CAT021_BIT(I140)) {
		alt = r->geo_height * 6.25 * SKY_FT_M;
		sv = s->sigma_position_m;
	} else if (p->flags & SKY_PLOT_HAS_FL) {
		alt = sky_fl_to_alt_m(r->fl / 4.0);
		sv = SKY_MEAS_SIGMA_FL_M;
	}
	g->adsb = true;
	g->lat_deg = lat, g->lon_deg = lon, g->alt_m = alt;
	g->sigma_h_m = s->sigma_position_m, g->sigma_v_m = sv;
	if (sv < SKY_MEAS_SIGMA_NONE_M)
		p->flags |= SKY_PLOT_HAS_Z;
	return SKY_PLOT_OK;
}

enum sky_noplot sky_plot_prepare(const struct sky_sensor_entry *s,
				 const struct sky_ast_record *r, double ref_unix,
				 struct sky_plot *out, struct sky_plot_polar *polar)
{
	memset(out, 0, sizeof(*out));
	out->sensor = s->index;
	out->revisit_s = s->revisit_s;
	polar->deferred = false;
	polar->adsb = false;
	enum sky_noplot why;
	switch (r->cat) {
	case 48:
		why = from_cat048(&r->u.c048, ref_unix, out, polar);
		break;
	case 1:
		why = from_cat001(&r->u.c001, ref_unix, out, polar);
		break;
	case 21:
		why = from_cat021(s, &r->u.c021, ref_unix, out, polar);
		break;
	default:
		return SKY_NOPLOT_NOT_A_PLOT;
	}
	polar->deferred = why == SKY_PLOT_OK;
	return why;
}

double sky_plot_polar_alt_m(const struct sky_plot_polar *g)
{
	return g->hkind == SKY_HEIGHT_FL ? sky_fl_to_alt_m(g->height) : g->height;
}

enum sky_noplot sky_plot_polar_finish(const struct sky_sensor_entry *s,
				      const struct sky_enu_frame *sys,
				      const struct sky_plot_polar *g, struct sky_plot *p)
{
	if (g->adsb) {
		struct sky_meas_pos pos;
		sky_adsb_to_enu(sys, g->lat_deg, g->lon_deg, g->alt_m, g->sigma_h_m,
				g->sigma_v_m, &pos);
		plot_from_meas(p, &pos);
		return SKY_PLOT_OK;
	}
	struct sky_radar_plot m = { .range_m = g->range_m, .az_deg = g->theta * (360.0 / 65536.0),
				    .hkind = g->hkind, .height = g->height };
	struct sky_meas_pos pos;
	if (sky_radar_to_enu(&s->site, &m, &pos) != 0)
		return SKY_NOPLOT_BAD_GEOMETRY;
	plot_from_meas(p, &pos);
	return SKY_PLOT_OK;
}

enum sky_noplot sky_plot_from_record(const struct sky_sensor_entry *s,
				     const struct sky_enu_frame *sys,
				     const struct sky_ast_record *r, double ref_unix,
				     struct sky_plot *out)
{
	struct sky_plot_polar g;
	enum sky_noplot why = sky_plot_prepare(s, r, ref_unix, out, &g);
	return g.deferred ? sky_plot_polar_finish(s, sys, &g, out) : why;
}
