/*
 * plot_decode.c - datagram -> plots with every record's fate counted (see
 * plot_decode.h).
 *
 * The codec's datagram decoder is driven block by block here, because the
 * editions to decode a block with depend on the sensor, known only from
 * the block's first record. Everything is set up at creation: the hot path
 * neither allocates nor formats.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>

#include "plot_decode.h"

struct pd_sensor {
	unsigned n_sources;
	uint32_t *sources;            /* host order */
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

static void convert(struct sky_plot_decoder *d, const struct sky_sensor_entry *s,
		    const struct sky_ast_record *r)
{
	struct sky_plot p;
	enum sky_noplot why = sky_plot_from_record(s, &d->t->sys, r, d->ref_unix, &p);
	if (why != SKY_PLOT_OK) {
		d->counters[SKY_PD_NOPLOT_BASE + why]++;
		d->per_sensor[s->index].no_plot++;
		return;
	}
	p.rx_tsc = d->info->rx_tsc;
	d->counters[SKY_PD_PLOTS]++;
	d->per_sensor[s->index].plots++;
	d->plots++;
	d->on_plot(d->ctx, &p);
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
	if (!d->per_sensor || !d->allow || !d->unknown)
		goto fail;
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
