/*
 * sim_output.c - the simulator's datagrams: sensor links (network delay),
 * packing records into blocks and MTU-sized datagrams, and the capture
 * sorted by arrival time (see sim_output.h).
 *
 * Datagrams are kept in one growing arena plus an index, and sorted once at
 * the end: a scale scenario makes a few hundred thousand datagrams (tens of
 * MB), which is cheaper to hold than to merge on the fly, and sorting an
 * index of 40-byte references costs a few milliseconds. Sorting is by
 * arrival time, then submission order, so ties are deterministic.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_file.h"
#include "sim_output.h"

#define SIM_SRC_PORT_BASE 40000

void sim_link_init(struct sim_link *l, const struct sim_sensor_common *c,
		   uint64_t seed, uint64_t stream)
{
	l->mean_s = c->delay_mean_s;
	l->jitter_s = c->delay_jitter_s;
	l->last_arrival_s = -INFINITY;
	sim_rng_init(&l->rng, seed, stream);
}

double sim_link_arrival(struct sim_link *l, double t_send)
{
	double t = t_send + l->mean_s + l->jitter_s * fabs(sim_rand_normal(&l->rng));
	if (t <= l->last_arrival_s)
		t = l->last_arrival_s + 1e-6; /* one path: no overtaking */
	l->last_arrival_s = t;
	return t;
}

uint32_t sim_tod128(int64_t start_utc, double t)
{
	double s = (double)(start_utc % 86400) + t;
	int64_t q = llround(s * 128.0) % (86400 * 128);
	return (uint32_t)(q < 0 ? q + 86400 * 128 : q);
}

void sim_output_init(struct sim_output *o, int64_t start_utc)
{
	memset(o, 0, sizeof(*o));
	o->start_utc = start_utc;
}

void sim_output_free(struct sim_output *o)
{
	free(o->arena);
	free(o->dg);
	memset(o, 0, sizeof(*o));
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 1024;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

void sim_output_add(struct sim_output *o, unsigned sensor, double arrival_s,
		    const uint8_t *p, size_t len)
{
	if (grow((void **)&o->arena, &o->arena_cap, o->arena_len + len, 1) ||
	    grow((void **)&o->dg, &o->cap_dg, o->n_dg + 1, sizeof(*o->dg))) {
		o->enomem = 1;
		return;
	}
	memcpy(o->arena + o->arena_len, p, len);
	double ns = ((double)o->start_utc + arrival_s) * 1e9;
	o->dg[o->n_dg++] = (struct sim_dgram_ref){
		.arrival_ns = (uint64_t)llround(ns),
		.seq = o->n_dg,
		.off = o->arena_len,
		.len = (uint32_t)len,
		.sensor = (uint16_t)sensor,
	};
	o->arena_len += len;
	o->bytes += len;
}

static int by_arrival(const void *a, const void *b)
{
	const struct sim_dgram_ref *x = a, *y = b;
	if (x->arrival_ns != y->arrival_ns)
		return x->arrival_ns < y->arrival_ns ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sensor s of the scenario: radars first, then ADS-B stations. */
static const struct sim_sensor_common *sensor_at(const struct sim_scenario *sc,
						 unsigned s)
{
	return s < sc->n_radars ? &sc->radars[s].c : &sc->adsb[s - sc->n_radars].c;
}

static void endpoints(const struct sim_scenario *sc, unsigned s,
		      struct sky_udp_endpoints *ep)
{
	static const uint8_t dst_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
	memset(ep, 0, sizeof(*ep));
	ep->src_mac[0] = 0x02;
	ep->src_mac[1] = 0x5b; /* 'sky' sensors: locally administered */
	ep->src_mac[4] = (uint8_t)(s >> 8);
	ep->src_mac[5] = (uint8_t)(s + 16);
	memcpy(ep->dst_mac, dst_mac, 6);
	ep->src_ip = sensor_at(sc, s)->src_ip;
	ep->dst_ip = sc->dst_ip;
	ep->src_port = (uint16_t)(SIM_SRC_PORT_BASE + s);
	ep->dst_port = sc->udp_port;
}

int sim_output_write_pcap(struct sim_output *o, const struct sim_scenario *sc,
			  const char *path, char *err, size_t errlen)
{
	if (o->enomem) {
		snprintf(err, errlen, "%s: out of memory while simulating", path);
		return -ENOMEM;
	}
	if (o->n_dg > 1)
		qsort(o->dg, o->n_dg, sizeof(*o->dg), by_arrival);
	struct sky_pcap_writer *w = sky_pcap_open_write(path, err, errlen);
	if (!w)
		return -EIO;
	unsigned n_sensors = sc->n_radars + sc->n_adsb;
	struct sky_udp_endpoints *ep = calloc(n_sensors ? n_sensors : 1, sizeof(*ep));
	int rc = ep ? 0 : -ENOMEM;
	for (unsigned s = 0; rc == 0 && s < n_sensors; s++)
		endpoints(sc, s, &ep[s]);
	for (size_t i = 0; rc == 0 && i < o->n_dg; i++) {
		const struct sim_dgram_ref *d = &o->dg[i];
		rc = sky_pcap_write_udp(w, &ep[d->sensor], o->arena + d->off, d->len,
					d->arrival_ns);
	}
	int rc2 = sky_pcap_close_write(w);
	free(ep);
	if (rc == 0)
		rc = rc2;
	if (rc)
		snprintf(err, errlen, "%s: cannot write the capture: %s", path,
			 strerror(-rc));
	return rc;
}

void sim_dgram_begin(struct sim_dgram *d, struct sim_output *out,
		     struct sim_link *link, unsigned sensor, double t_send)
{
	d->out = out;
	d->link = link;
	d->sensor = sensor;
	d->t_send = t_send;
	d->cat = -1;
	d->records = 0;
	sky_ast_writer_init(&d->w, d->buf, sizeof(d->buf));
}

/* Close the open block and hand the datagram to the output. */
static void dgram_emit(struct sim_dgram *d)
{
	if (d->cat >= 0)
		sky_ast_block_close(&d->w);
	if (d->w.len > 0 && d->records > 0)
		sim_output_add(d->out, d->sensor, sim_link_arrival(d->link, d->t_send),
			       d->buf, d->w.len);
	sky_ast_writer_init(&d->w, d->buf, sizeof(d->buf));
	d->cat = -1;
	d->records = 0;
}

void sim_dgram_add(struct sim_dgram *d, uint8_t cat, const uint8_t *rec, size_t n)
{
	size_t room;
	if (d->cat != cat) {
		if (d->cat >= 0)
			sky_ast_block_close(&d->w);
		if (d->w.cap - d->w.len < 3 + n)
			dgram_emit(d);
		sky_ast_block_open(&d->w, cat);
		d->cat = cat;
	}
	uint8_t *p = sky_ast_record_space(&d->w, &room);
	if (room < n) {
		dgram_emit(d);
		sky_ast_block_open(&d->w, cat);
		d->cat = cat;
		p = sky_ast_record_space(&d->w, &room);
	}
	memcpy(p, rec, n);
	sky_ast_record_commit(&d->w, n);
	d->records++;
}

void sim_dgram_end(struct sim_dgram *d)
{
	dgram_emit(d);
}
