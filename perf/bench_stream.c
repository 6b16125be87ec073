/*
 * bench_stream.c - a large, realistic ASTERIX stream built with our own
 * encoders, for the decode benchmark and for comparing `skyfuse decode`
 * with tshark on the same capture.
 *
 * Mix per radar sector datagram: one CAT048 block of 16 plots (85 % typical
 * plots with 010 140 020 040 070 090 130 220; 10 % with 240 and two BDS
 * registers in 250; 5 % track reports with 161 042 200 170) and one CAT034
 * sector-crossing block; every eighth datagram is an ADS-B datagram of ten
 * CAT021 reports. Values are drawn from a fixed seed so every run decodes
 * the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "ast_block.h"
#include "bench_stream.h"
#include "cat021.h"
#include "cat034.h"
#include "cat048.h"

#define PLOTS_PER_SECTOR 16
#define ADSB_PER_DATAGRAM 10

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void sky_bench_typical_plot(struct sky_cat048 *p, uint64_t *seed)
{
	memset(p, 0, sizeof(*p));
	p->present = SKY_CAT048_I010 | SKY_CAT048_I140 | SKY_CAT048_I020 | SKY_CAT048_I040 |
		     SKY_CAT048_I070 | SKY_CAT048_I090 | SKY_CAT048_I130 | SKY_CAT048_I220;
	p->sac = 25;
	p->sic = 11;
	p->tod = (uint32_t)(rnd(seed) % (86400u * 128u));
	p->trd_len = 1;
	p->trd[0] = 5u << 5; /* Mode S roll-call */
	p->rho = (uint16_t)(rnd(seed) % 65536);
	p->theta = (uint16_t)rnd(seed);
	p->mode3a = (uint16_t)(rnd(seed) & 0x0fff);
	p->fl = (int16_t)(rnd(seed) % 1600);
	p->rpc_present = SKY_CAT048_RPC_SRL | SKY_CAT048_RPC_SRR | SKY_CAT048_RPC_SAM;
	p->srl = (uint8_t)(rnd(seed) % 40);
	p->srr = (uint8_t)(rnd(seed) % 16);
	p->sam = (int8_t)(-(int)(rnd(seed) % 90));
	p->address = (uint32_t)(rnd(seed) & 0xffffff);
}

static void plot_variant(struct sky_cat048 *p, uint64_t *seed, unsigned k)
{
	static uint8_t bds[16] = {0x10, 0x30, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x40,
				  0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50};
	sky_bench_typical_plot(p, seed);
	if (k % 20 < 2) { /* 10 %: identification and BDS */
		p->present |= SKY_CAT048_I240 | SKY_CAT048_I250;
		memcpy(p->callsign, "KLM1234", 8);
		p->mb_count = 2;
		p->mb = bds;
	} else if (k % 20 == 2) { /* 5 %: track data */
		p->present |= SKY_CAT048_I161 | SKY_CAT048_I042 | SKY_CAT048_I200 | SKY_CAT048_I170;
		p->track_number = (uint16_t)(rnd(seed) & 0xfff);
		p->x = (int16_t)rnd(seed);
		p->y = (int16_t)rnd(seed);
		p->gsp = (uint16_t)(rnd(seed) % 4000);
		p->hdg = (uint16_t)rnd(seed);
		p->ts_len = 1;
	}
}

static void adsb_report(struct sky_cat021 *r, uint64_t *seed)
{
	memset(r, 0, sizeof(*r));
	r->present = SKY_CAT021_BIT(I010) | SKY_CAT021_BIT(I040) | SKY_CAT021_BIT(I161) |
		     SKY_CAT021_BIT(I015) | SKY_CAT021_BIT(I071) | SKY_CAT021_BIT(I130) |
		     SKY_CAT021_BIT(I131) | SKY_CAT021_BIT(I080) | SKY_CAT021_BIT(I140) |
		     SKY_CAT021_BIT(I145) | SKY_CAT021_BIT(I155) | SKY_CAT021_BIT(I160) |
		     SKY_CAT021_BIT(I170) | SKY_CAT021_BIT(I090);
	r->sac = 25;
	r->sic = 21;
	r->atp = 1;
	r->track_number = (uint16_t)(rnd(seed) & 0xfff);
	r->toa_pos = (uint32_t)(rnd(seed) % (86400u * 128u));
	r->lat = (int32_t)(rnd(seed) % 1000000) + 2400000;
	r->lon = (int32_t)(rnd(seed) % 1000000);
	r->lat_hr = r->lat * 128;
	r->lon_hr = r->lon * 128;
	r->address = (uint32_t)(rnd(seed) & 0xffffff);
	r->geo_height = (int16_t)(rnd(seed) % 6000);
	r->fl = (int16_t)(rnd(seed) % 1600);
	r->bvr = (int16_t)(rnd(seed) % 400) - 200;
	r->gs = (int16_t)(rnd(seed) % 4000);
	r->track_angle = (uint16_t)rnd(seed);
	memcpy(r->callsign, "EZY42", 6);
	r->nucr_nacv = 2;
	r->nucp_nic = 7;
}

static int push(struct sky_bench_stream *s, size_t len)
{
	if (s->n == s->cap_dg) {
		size_t nc = s->cap_dg ? s->cap_dg * 2 : 4096;
		struct sky_bench_dg *nd = realloc(s->dg, nc * sizeof(*nd));
		if (!nd)
			return -1;
		s->dg = nd;
		s->cap_dg = nc;
	}
	s->dg[s->n].off = s->used;
	s->dg[s->n].len = len;
	s->n++;
	s->used += len;
	return 0;
}

static size_t radar_datagram(uint8_t *buf, size_t cap, uint64_t *seed, unsigned *k,
			     uint64_t *records)
{
	struct sky_ast_writer w;
	struct sky_cat048 p;
	struct sky_cat034 m = {0};
	sky_ast_writer_init(&w, buf, cap);
	sky_ast_block_open(&w, 48);
	for (int i = 0; i < PLOTS_PER_SECTOR; i++) {
		plot_variant(&p, seed, (*k)++);
		size_t room;
		uint8_t *at = sky_ast_record_space(&w, &room);
		sky_ast_record_commit(&w, sky_cat048_encode(&p, at, room));
	}
	sky_ast_block_close(&w);
	m.present = SKY_CAT034_I010 | SKY_CAT034_I000 | SKY_CAT034_I030 | SKY_CAT034_I020;
	m.sac = 25, m.sic = 11, m.msg_type = SKY_CAT034_SECTOR_CROSSING;
	m.tod = p.tod;
	m.sector = (uint8_t)*k;
	sky_ast_block_open(&w, 34);
	size_t room;
	uint8_t *at = sky_ast_record_space(&w, &room);
	sky_ast_record_commit(&w, sky_cat034_encode(&m, at, room));
	sky_ast_block_close(&w);
	*records += PLOTS_PER_SECTOR + 1;
	return w.len;
}

static size_t adsb_datagram(uint8_t *buf, size_t cap, uint64_t *seed, uint64_t *records)
{
	struct sky_ast_writer w;
	struct sky_cat021 r;
	sky_ast_writer_init(&w, buf, cap);
	sky_ast_block_open(&w, 21);
	for (int i = 0; i < ADSB_PER_DATAGRAM; i++) {
		adsb_report(&r, seed);
		size_t room;
		uint8_t *at = sky_ast_record_space(&w, &room);
		sky_ast_record_commit(&w, sky_cat021_encode(&r, at, room));
	}
	sky_ast_block_close(&w);
	*records += ADSB_PER_DATAGRAM;
	return w.len;
}

int sky_bench_stream_build(struct sky_bench_stream *s, uint64_t min_records, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	s->cap = 1 << 20;
	s->buf = malloc(s->cap);
	unsigned k = 0;
	while (s->buf && s->records < min_records) {
		if (s->cap - s->used < 4096) {
			uint8_t *nb = realloc(s->buf, s->cap * 2);
			if (!nb)
				break;
			s->buf = nb;
			s->cap *= 2;
		}
		uint8_t *at = s->buf + s->used;
		size_t len = (s->n % 8 == 7)
				     ? adsb_datagram(at, s->cap - s->used, &seed, &s->records)
				     : radar_datagram(at, s->cap - s->used, &seed, &k, &s->records);
		if (push(s, len) < 0)
			break;
	}
	if (!s->buf || s->records < min_records) {
		sky_bench_stream_free(s);
		return -1;
	}
	return 0;
}

void sky_bench_stream_free(struct sky_bench_stream *s)
{
	free(s->buf);
	free(s->dg);
	memset(s, 0, sizeof(*s));
}
