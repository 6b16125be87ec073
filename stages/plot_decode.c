/*
 * plot_decode.c - datagram -> plots with every record's fate counted (see
 * plot_decode.h).
 *
 * The codec's datagram decoder is driven block by block here, because the
 * editions to decode a block with depend on the sensor, known only from
 * the block's first record. Everything is set up at creation: the hot path
 * neither allocates nor formats.
 *
 * Plots are converted in batches (radar_batch.h, adsb_batch.h, SIMD): a
 * record is read into its plot at once (sky_plot_prepare), and the plot
 * waits in `pending` with the datagram's other plots, radar and ADS-B
 * alike, while its measurement goes into an SoA batch: a radar plot's polar
 * measurement into the batch of its radar, an ADS-B report's WGS84
 * position into the one ADS-B batch (the system frame is the same for
 * every ADS-B sensor; the sigmas go per report). The batches are converted
 * and the pending plots are handed to on_plot, in record order, at the end
 * of the datagram, when PD_BATCH plots are pending, and before a plot of
 * another radar joins the radar batch. A radar plot is counted (PLOTS or
 * NOPLOT_BAD_GEOMETRY) when its batch is converted, everything else (an
 * ADS-B report always converts) when its record is read; sky_plot_decode
 * returns with nothing pending, so the counters, the plots and their order
 * are those of converting plot by plot. The azimuth's sin and cos come from
 * the 16-bit code through two tables (sky_radar_az_table), exact, with no
 * sin()/cos() per plot.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>

#include "adsb_batch.h"
#include "plot_decode.h"
#include "radar_batch.h"

/* Plots of a datagram held back for the radar batch (a full-size CAT048
   datagram carries ~60 plots). */
#define PD_BATCH 128
#define PD_NO_LANE 0xffffu
#define PD_ADSB_LANE 0x8000u          /* lane bit: the slot is in `adsb` */
#define PD_ARRAYS 24                  /* doubles per slot in both batches */

struct pd_sensor {
	unsigned n_sources;
	uint32_t *sources;            /* host order */
};

/* One radar's plots waiting for their conversion, SoA, 64-byte aligned. */
struct pd_batch {
	const struct sky_sensor_entry *sensor;      /* NULL when empty */
	unsigned n;
	double *rho, *sa, *ca, *h, *sh;             /* in: range, sin/cos az, height, sigma */
	double *x, *y, *z, *cxx, *cxy, *cyy, *czz;  /* out */
	uint8_t status[PD_BATCH];
};

/* The datagram's ADS-B reports waiting for their conversion, SoA, 64-byte
   aligned; one batch for all ADS-B sensors. */
struct pd_adsb {
	unsigned n;
	double *lat, *lon, *alt, *sh, *sv;          /* in: WGS84, sigmas */
	double *x, *y, *z, *cxx, *cxy, *cyy, *czz;  /* out */
};

struct sky_plot_decoder {
	const struct sky_sensor_table *t;
	struct sky_ast_decoder dec;
	/* per datagram / per block */
	const struct sky_dgram_info *info;
	double ref_unix;
	const struct sky_sensor_entry *block_sensor;
	sky_plot_cb on_plot;
	void *ctx;
	unsigned plots;
	/* plots of this datagram not yet handed out, in record order */
	unsigned n_pending;
	struct sky_plot pending[PD_BATCH + 1];   /* + the record being read */
	uint16_t lane[PD_BATCH];      /* its slot in `batch` (| PD_ADSB_LANE: in
					 `adsb`), or PD_NO_LANE */
	struct pd_batch batch;
	struct pd_adsb adsb;
	double *soa;                  /* the batches' arrays */
	struct sky_radar_batch_site *bsite;  /* per sensor (radars) */
	struct sky_radar_az_table az;
	/* accounts */
	uint64_t counters[SKY_PD_COUNTER_COUNT];
	struct sky_plot_decode_sensor *per_sensor;
	struct pd_sensor *allow;
	uint64_t *unknown;            /* 65536 */
};

static const char *const base_names[] = {
#define NAME(n, d) #n,
	SKY_PLOT_DECODE_FOREACH_COUNTER(NAME)
#undef NAME
};
static const char *const base_descs[] = {
#define DESC(n, d) d,
	SKY_PLOT_DECODE_FOREACH_COUNTER(DESC)
#undef DESC
};
static const char *const noplot_names[SKY_NOPLOT_COUNT] = {
#define NAME(n, d) [SKY_NOPLOT_##n] = "NOPLOT_" #n,
	SKY_NOPLOT_FOREACH(NAME)
#undef NAME
};
static const char *const noplot_descs[SKY_NOPLOT_COUNT] = {
#define DESC(n, d) [SKY_NOPLOT_##n] = "no plot: " d,
	SKY_NOPLOT_FOREACH(DESC)
#undef DESC
};
static const char *const rej_names[SKY_AST_REJ_COUNT] = {
#define NAME(n, d) [SKY_AST_REJ_##n] = "REJ_" #n,
	SKY_AST_FOREACH_REJECT(NAME)
#undef NAME
};

const char *sky_plot_decode_counter_name(unsigned c)
{
	if (c < SKY_PD_NOPLOT_BASE)
		return base_names[c];
	if (c < SKY_PD_REJ_BASE)
		return noplot_names[c - SKY_PD_NOPLOT_BASE];
	return c < SKY_PD_COUNTER_COUNT ? rej_names[c - SKY_PD_REJ_BASE] : NULL;
}

const char *sky_plot_decode_counter_desc(unsigned c)
{
	if (c < SKY_PD_NOPLOT_BASE)
		return base_descs[c];
	if (c < SKY_PD_REJ_BASE)
		return noplot_descs[c - SKY_PD_NOPLOT_BASE];
	return c < SKY_PD_COUNTER_COUNT && c > SKY_PD_REJ_BASE
		       ? sky_ast_reject_desc((enum sky_ast_reject)(c - SKY_PD_REJ_BASE))
		       : NULL;
}

/* ---- record fates ------------------------------------------------------ */

static bool source_allowed(const struct pd_sensor *a, uint32_t src)
{
	if (!a->n_sources)
		return true;
	for (unsigned i = 0; i < a->n_sources; i++)
		if (a->sources[i] == src)
			return true;
	return false;
}

static void count_plot(struct sky_plot_decoder *d, unsigned sensor)
{
	d->counters[SKY_PD_PLOTS]++;
	d->per_sensor[sensor].plots++;
	d->plots++;
}

static void count_noplot(struct sky_plot_decoder *d, unsigned sensor, enum sky_noplot why)
{
	d->counters[SKY_PD_NOPLOT_BASE + why]++;
	d->per_sensor[sensor].no_plot++;
}

/* Converts the ADS-B batch into the system frame. */
static void convert_adsb(struct sky_plot_decoder *d)
{
	struct pd_adsb *a = &d->adsb;
	struct sky_adsb_batch_in in = { a->lat, a->lon, a->alt, a->sh, a->sv };
	struct sky_adsb_batch_out out = { a->x, a->y, a->z, a->cxx, a->cxy, a->cyy, a->czz };
	/* 2026-11-22 SKY_SIMD=avx2 callgrind --toggle-collect=sky_plot_decode `skyfuse track`
	   scale.yaml passthrough: ADS-B 682 -> 75 Ir/report, decode 2548 -> 2233 Ir/plot */
	sky_adsb_batch(&d->t->sys, &in, &out, a->n);
	a->n = 0;
}

/* Pending plot p takes ADS-B lane k's position. */
static void take_adsb(const struct pd_adsb *a, unsigned k, struct sky_plot *p)
{
	p->x = a->x[k], p->y = a->y[k], p->z = a->z[k];
	p->cxx = a->cxx[k], p->cxy = a->cxy[k], p->cyy = a->cyy[k], p->czz = a->czz[k];
}

/* Converts the batches, then hands out every pending plot in order. */
static void flush(struct sky_plot_decoder *d)
{
	struct pd_batch *b = &d->batch;
	if (d->adsb.n)
		convert_adsb(d);
	if (b->n) {
		struct sky_radar_batch_in in = { b->rho, b->sa, b->ca, b->h, b->sh };
		struct sky_radar_batch_out out = { b->x, b->y, b->z, b->cxx, b->cxy, b->cyy,
						   b->czz, b->status };
		/* 2026-11-22 `skyfuse replay` scale.yaml passthrough: decode 1597 -> 354 busy cycles/plot */
		sky_radar_batch(&d->bsite[b->sensor->index], &in, &out, b->n);
	}
	for (unsigned i = 0; i < d->n_pending; i++) {
		struct sky_plot *p = &d->pending[i];
		unsigned k = d->lane[i];
		if (k != PD_NO_LANE && (k & PD_ADSB_LANE)) {
			take_adsb(&d->adsb, k & ~PD_ADSB_LANE, p);
		} else if (k != PD_NO_LANE) {
			if (b->status[k] != SKY_RADAR_BATCH_OK) {
				count_noplot(d, p->sensor, SKY_NOPLOT_BAD_GEOMETRY);
				continue;
			}
			p->x = b->x[k], p->y = b->y[k], p->z = b->z[k];
			p->cxx = b->cxx[k], p->cxy = b->cxy[k], p->cyy = b->cyy[k], p->czz = b->czz[k];
			count_plot(d, p->sensor);
		}
		d->on_plot(d->ctx, p);
	}
	d->n_pending = 0;
	b->n = 0;
	b->sensor = NULL;
}

/* A radar plot's measurement into the batch's lane k. */
static void batch_put(struct sky_plot_decoder *d, const struct sky_sensor_entry *s,
		      const struct sky_plot_polar *g, unsigned k)
{
	struct pd_batch *b = &d->batch;
	b->sensor = s;
	b->rho[k] = g->range_m;
	sky_radar_az_sincos(&d->az, g->theta, &b->sa[k], &b->ca[k]);
	b->h[k] = sky_plot_polar_alt_m(g);
	b->sh[k] = s->site.sigma_height_m[g->hkind < SKY_HEIGHT_KINDS ? g->hkind
								   : SKY_HEIGHT_NONE];
}

/* An ADS-B report's position and sigmas into the ADS-B batch's lane k. */
static void adsb_put(struct sky_plot_decoder *d, const struct sky_plot_polar *g, unsigned k)
{
	struct pd_adsb *a = &d->adsb;
	a->lat[k] = g->lat_deg;
	a->lon[k] = g->lon_deg;
	a->alt[k] = g->alt_m;
	a->sh[k] = g->sigma_h_m;
	a->sv[k] = g->sigma_v_m;
}

/* The record is read straight into the next pending slot (the spare one
   past PD_BATCH when all are taken), not into a local copied there:
   2026-11-22 callgrind of `skyfuse track` scale.yaml, -14 instructions/plot. */
static void convert(struct sky_plot_decoder *d, const struct sky_sensor_entry *s,
		    const struct sky_ast_record *r)
{
	struct sky_plot_polar g;
	struct sky_plot *p = &d->pending[d->n_pending];
	enum sky_noplot why = sky_plot_prepare(s, r, d->ref_unix, p, &g);
	if (why != SKY_PLOT_OK) {
		count_noplot(d, s->index, why);
		return;
	}
	p->rx_tsc = d->info->rx_tsc;
	bool radar = g.deferred && !g.adsb;
	if (d->n_pending == PD_BATCH || (radar && d->batch.sensor && d->batch.sensor != s)) {
		flush(d);   /* hands out pending[0, n): p, past them, stays */
		d->pending[0] = *p;
	}
	unsigned i = d->n_pending++;
	d->lane[i] = PD_NO_LANE;
	if (!radar) {
		count_plot(d, s->index);   /* ADS-B: converts, whatever the report */
		if (g.deferred) {
			d->lane[i] = (uint16_t)(PD_ADSB_LANE | d->adsb.n);
			adsb_put(d, &g, d->adsb.n++);
		}
		return;
	}
	d->lane[i] = (uint16_t)d->batch.n;
	batch_put(d, s, &g, d->batch.n++);
}

static void on_record(void *ctx, const struct sky_ast_record *r)
{
	struct sky_plot_decoder *d = ctx;
	uint8_t sac, sic;
	d->counters[SKY_PD_RECORDS]++;
	if (sky_ast_peek_sac_sic(r->raw, r->raw_len, &sac, &sic) < 0) {
		d->counters[SKY_PD_NO_SACSIC]++;
		return;
	}
	const struct sky_sensor_entry *s = sky_sensor_find(d->t, sac, sic);
	if (!s) {
		d->counters[SKY_PD_UNKNOWN_SENSOR]++;
		d->unknown[(unsigned)sac << 8 | sic]++;
		return;
	}
	if (!source_allowed(&d->allow[s->index], d->info->src_ip)) {
		d->counters[SKY_PD_SOURCE_DENIED]++;
		d->per_sensor[s->index].denied++;
		return;
	}
	if (r->cat == 34 || r->cat == 2) {
		d->counters[SKY_PD_SERVICE]++;
		return;
	}
	convert(d, s, r);
}

static void on_reject(void *ctx, const struct sky_ast_error *e)
{
	struct sky_plot_decoder *d = ctx;
	d->counters[SKY_PD_REJECTED]++;
	d->counters[SKY_PD_REJ_BASE + e->reason]++;
	if (d->block_sensor)
		d->per_sensor[d->block_sensor->index].rejected++;
}

/* ---- blocks and datagrams ----------------------------------------------- */

static void decode_block(struct sky_plot_decoder *d, const uint8_t *dg,
			 const struct sky_ast_block *b)
{
	uint8_t sac, sic;
	d->block_sensor = NULL;
	if (sky_ast_category_find(b->cat) && sky_ast_peek_sac_sic(b->data, b->len, &sac, &sic) == 0)
		d->block_sensor = sky_sensor_find(d->t, sac, sic);
	d->dec.editions = d->block_sensor ? &d->block_sensor->editions : NULL;
	sky_ast_decode_block(&d->dec, dg, b);
}

unsigned sky_plot_decode(struct sky_plot_decoder *d, const uint8_t *dg, size_t len,
			 const struct sky_dgram_info *info, sky_plot_cb on_plot, void *ctx)
{
	d->info = info;
	d->ref_unix = (double)info->time_ns / 1e9;
	d->on_plot = on_plot;
	d->ctx = ctx;
	d->plots = 0;
	size_t pos = 0;
	struct sky_ast_block b;
	struct sky_ast_error e;
	int rc;
	while ((rc = sky_ast_next_block(dg, len, &pos, &b, &e)) != 0) {
		if (rc < 0) {
			d->block_sensor = NULL;
			on_reject(d, &e);
			break;
		}
		d->counters[SKY_PD_BLOCKS]++;
		decode_block(d, dg, &b);
	}
	flush(d);
	return d->plots;
}

/* ---- life cycle ---------------------------------------------------------- */

static int copy_sources(struct pd_sensor *a, const struct sky_config_sensor *s)
{
	a->n_sources = s->n_sources;
	if (!s->n_sources)
		return 0;
	a->sources = malloc(s->n_sources * sizeof(*a->sources));
	if (!a->sources)
		return -ENOMEM;
	for (unsigned i = 0; i < s->n_sources; i++)
		a->sources[i] = ntohl(s->sources[i]);
	return 0;
}

/* The batches' 24 arrays of PD_BATCH doubles, each 64-byte aligned. */
static int batch_alloc(struct sky_plot_decoder *d)
{
	d->soa = aligned_alloc(64, PD_ARRAYS * PD_BATCH * sizeof(double));
	if (!d->soa)
		return -ENOMEM;
	struct pd_batch *b = &d->batch;
	struct pd_adsb *s = &d->adsb;
	double **a[PD_ARRAYS] = { &b->rho, &b->sa, &b->ca, &b->h, &b->sh, &b->x, &b->y, &b->z,
				  &b->cxx, &b->cxy, &b->cyy, &b->czz, &s->lat, &s->lon,
				  &s->alt, &s->sh, &s->sv, &s->x, &s->y, &s->z,
				  &s->cxx, &s->cxy, &s->cyy, &s->czz };
	for (unsigned i = 0; i < PD_ARRAYS; i++)
		*a[i] = d->soa + i * PD_BATCH;
	return 0;
}

struct sky_plot_decoder *sky_plot_decoder_create(const struct sky_sensor_table *t)
{
	struct sky_plot_decoder *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->t = t;
	unsigned n = t->n ? t->n : 1;
	d->per_sensor = calloc(n, sizeof(*d->per_sensor));
	d->allow = calloc(n, sizeof(*d->allow));
	d->unknown = calloc(65536, sizeof(*d->unknown));
	d->bsite = calloc(n, sizeof(*d->bsite));
	if (!d->per_sensor || !d->allow || !d->unknown || !d->bsite || batch_alloc(d) < 0)
		goto fail;
	/* every sensor: a CAT048 from an ADS-B station meets a zero site, as
	   sky_radar_to_enu would */
	for (unsigned i = 0; i < t->n; i++)
		sky_radar_batch_site_init(&d->bsite[i], &t->sensors[i].site);
	sky_radar_az_table_init(&d->az);
	for (unsigned i = 0; i < t->n; i++)
		if (copy_sources(&d->allow[i], t->sensors[i].cfg) < 0)
			goto fail;
	d->dec = (struct sky_ast_decoder){.on_record = on_record, .on_reject = on_reject, .ctx = d};
	return d;
fail:
	sky_plot_decoder_destroy(d);
	errno = ENOMEM;
	return NULL;
}

void sky_plot_decoder_destroy(struct sky_plot_decoder *d)
{
	if (!d)
		return;
	for (unsigned i = 0; d->allow && i < d->t->n; i++)
		free(d->allow[i].sources);
	free(d->allow);
	free(d->per_sensor);
	free(d->unknown);
	free(d->bsite);
	free(d->soa);
	free(d);
}

const uint64_t *sky_plot_decoder_counters(const struct sky_plot_decoder *d)
{
	return d->counters;
}

const struct sky_plot_decode_sensor *sky_plot_decoder_sensor(const struct sky_plot_decoder *d,
							      unsigned i)
{
	return i < d->t->n ? &d->per_sensor[i] : NULL;
}

uint64_t sky_plot_decoder_unknown(const struct sky_plot_decoder *d, uint16_t sacsic)
{
	return d->unknown[sacsic];
}
