/*
 * cat048_encode.c - ASTERIX CAT048 (edition 1.32) record encoder.
 *
 * The inverse of sky_cat048_decode for every item it decodes: the items of
 * r->present & SKY_CAT048_ENCODABLE are written in FRN order through the
 * record builder, which assembles the FSPEC. Values are masked to their
 * field widths, so any struct encodes to a record that decodes back to the
 * same masked fields. Used by the simulator, the tests and the fuzzer.
 */
#include <string.h>

#include "ast_block.h"
#include "cat048.h"

#define BIT(f) SKY_CAT048_FRN(f)

/* Extended item: count octets (at least 1, at most max) with FX chaining. */
static void wr_extended(struct sky_ast_rec_builder *rb, unsigned frn,
			const uint8_t *oct, unsigned count, unsigned max)
{
	if (count < 1)
		count = 1;
	if (count > max)
		count = max;
	uint8_t *p = sky_ast_rb_item(rb, frn, count);
	for (unsigned i = 0; i < count; i++)
		p[i] = (uint8_t)((oct[i] & 0xfeu) | (i + 1 < count ? 1u : 0u));
}

static void wr_130(struct sky_ast_rec_builder *rb, const struct sky_cat048 *r)
{
	unsigned b = r->rpc_present & 0xfeu;
	const uint8_t v[7] = {r->srl, r->srr, (uint8_t)r->sam, r->prl,
			      (uint8_t)r->pam, (uint8_t)r->rpd, (uint8_t)r->apd};
	uint8_t *p = sky_ast_rb_item(rb, 7, 1 + (size_t)__builtin_popcount(b));
	*p++ = (uint8_t)b;
	for (unsigned i = 0; i < 7; i++)
		if (b & (0x80u >> i))
			*p++ = v[i];
}

/* One repetition at a time: the builder reserves at most 256 bytes a call. */
static void wr_250(struct sky_ast_rec_builder *rb, const struct sky_cat048 *r)
{
	*sky_ast_rb_item(rb, 10, 1) = r->mb_count;
	for (unsigned i = 0; i < r->mb_count; i++)
		memcpy(sky_ast_rb_item(rb, 10, 8), r->mb + 8 * i, 8);
}

static void wr_230(struct sky_ast_rec_builder *rb, const struct sky_cat048 *r)
{
	uint8_t *p = sky_ast_rb_item(rb, 21, 2);
	p[0] = (uint8_t)((r->com & 7u) << 5 | (r->stat & 7u) << 2 | (r->si & 1u) << 1);
	p[1] = (uint8_t)((r->mssc & 1u) << 7 | (r->arc & 1u) << 6 | (r->aic & 1u) << 5 |
			 (r->b1a & 1u) << 4 | (r->b1b & 15u));
}

static void wr_4(struct sky_ast_rec_builder *rb, unsigned frn, uint32_t a, uint32_t b)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 4);
	sky_wr16(p, a);
	sky_wr16(p + 2, b);
}

/* FRN 1..8: the plot part. */
static void wr_plot(struct sky_ast_rec_builder *rb, const struct sky_cat048 *r,
		    uint32_t fs)
{
	uint8_t *p;
	if (fs & BIT(1)) {
		p = sky_ast_rb_item(rb, 1, 2);
		p[0] = r->sac;
		p[1] = r->sic;
	}
	if (fs & BIT(2))
		sky_wr24(sky_ast_rb_item(rb, 2, 3), r->tod & 0xffffffu);
	if (fs & BIT(3))
		wr_extended(rb, 3, r->trd, r->trd_len, SKY_CAT048_TRD_MAX);
	if (fs & BIT(4))
		wr_4(rb, 4, r->rho, r->theta);
	if (fs & BIT(5))
		sky_wr16(sky_ast_rb_item(rb, 5, 2),
			 (uint32_t)(r->m3a_flags & 0xe0u) << 8 | (r->mode3a & 0x0fffu));
	if (fs & BIT(6))
		sky_wr16(sky_ast_rb_item(rb, 6, 2),
			 (uint32_t)(r->fl_flags & 0xc0u) << 8 | ((uint32_t)r->fl & 0x3fffu));
	if (fs & BIT(7))
		wr_130(rb, r);
	if (fs & BIT(8))
		sky_wr24(sky_ast_rb_item(rb, 8, 3), r->address & 0xffffffu);
}

/* FRN 9..22: the track and Mode S part. */
static void wr_track(struct sky_ast_rec_builder *rb, const struct sky_cat048 *r,
		     uint32_t fs)
{
	uint8_t *p;
	if (fs & BIT(9))
		sky_ast_icao6_encode(r->callsign, sky_ast_rb_item(rb, 9, 6));
	if (fs & BIT(10))
		wr_250(rb, r);
	if (fs & BIT(11))
		sky_wr16(sky_ast_rb_item(rb, 11, 2), r->track_number & 0x0fffu);
	if (fs & BIT(12))
		wr_4(rb, 12, (uint16_t)r->x, (uint16_t)r->y);
	if (fs & BIT(13))
		wr_4(rb, 13, r->gsp, r->hdg);
	if (fs & BIT(14))
		wr_extended(rb, 14, r->ts, r->ts_len, SKY_CAT048_TS_MAX);
	if (fs & BIT(15)) {
		p = sky_ast_rb_item(rb, 15, 4);
		p[0] = r->sigx;
		p[1] = r->sigy;
		p[2] = r->sigv;
		p[3] = r->sigh;
	}
	if (fs & BIT(19))
		sky_wr16(sky_ast_rb_item(rb, 19, 2), (uint32_t)r->height & 0x3fffu);
	if (fs & BIT(21))
		wr_230(rb, r);
	if (fs & BIT(22))
		memcpy(sky_ast_rb_item(rb, 22, 7), r->acas_ra, 7);
}

size_t sky_cat048_encode(const struct sky_cat048 *r, uint8_t *buf, size_t cap)
{
	struct sky_ast_rec_builder rb;
	uint32_t fs = r->present & SKY_CAT048_ENCODABLE;
	sky_ast_rb_init(&rb, buf, cap);
	wr_plot(&rb, r, fs);
	wr_track(&rb, r, fs);
	return sky_ast_rb_finish(&rb);
}

static bool same_plot(const struct sky_cat048 *a, const struct sky_cat048 *b,
		      uint32_t fs)
{
	if ((fs & BIT(1)) && (a->sac != b->sac || a->sic != b->sic))
		return false;
	if ((fs & BIT(2)) && a->tod != b->tod)
		return false;
	if ((fs & BIT(3)) && (a->trd_len != b->trd_len ||
			      memcmp(a->trd, b->trd, a->trd_len) != 0))
		return false;
	if ((fs & BIT(4)) && (a->rho != b->rho || a->theta != b->theta))
		return false;
	if ((fs & BIT(5)) && (a->mode3a != b->mode3a || a->m3a_flags != b->m3a_flags))
		return false;
	if ((fs & BIT(6)) && (a->fl != b->fl || a->fl_flags != b->fl_flags))
		return false;
	if (fs & BIT(7)) {
		const uint8_t va[7] = {a->srl, a->srr, (uint8_t)a->sam, a->prl,
				       (uint8_t)a->pam, (uint8_t)a->rpd, (uint8_t)a->apd};
		const uint8_t vb[7] = {b->srl, b->srr, (uint8_t)b->sam, b->prl,
				       (uint8_t)b->pam, (uint8_t)b->rpd, (uint8_t)b->apd};
		if (a->rpc_present != b->rpc_present)
			return false;
		for (unsigned i = 0; i < 7; i++)
			if ((a->rpc_present & (0x80u >> i)) && va[i] != vb[i])
				return false;
	}
	return !((fs & BIT(8)) && a->address != b->address);
}

static bool same_track(const struct sky_cat048 *a, const struct sky_cat048 *b,
		       uint32_t fs)
{
	if ((fs & BIT(9)) && strncmp(a->callsign, b->callsign, sizeof(a->callsign)) != 0)
		return false;
	if ((fs & BIT(10)) && (a->mb_count != b->mb_count ||
			       (a->mb_count && memcmp(a->mb, b->mb, 8u * a->mb_count) != 0)))
		return false;
	if ((fs & BIT(11)) && a->track_number != b->track_number)
		return false;
	if ((fs & BIT(12)) && (a->x != b->x || a->y != b->y))
		return false;
	if ((fs & BIT(13)) && (a->gsp != b->gsp || a->hdg != b->hdg))
		return false;
	if ((fs & BIT(14)) && (a->ts_len != b->ts_len || memcmp(a->ts, b->ts, a->ts_len) != 0))
		return false;
	if ((fs & BIT(15)) && (a->sigx != b->sigx || a->sigy != b->sigy ||
			       a->sigv != b->sigv || a->sigh != b->sigh))
		return false;
	if ((fs & BIT(19)) && a->height != b->height)
		return false;
	if ((fs & BIT(21)) &&
	    (a->com != b->com || a->stat != b->stat || a->si != b->si || a->mssc != b->mssc ||
	     a->arc != b->arc || a->aic != b->aic || a->b1a != b->b1a || a->b1b != b->b1b))
		return false;
	return !((fs & BIT(22)) && memcmp(a->acas_ra, b->acas_ra, 7) != 0);
}

bool sky_cat048_same(const struct sky_cat048 *a, const struct sky_cat048 *b)
{
	uint32_t fs = a->present & SKY_CAT048_ENCODABLE;
	if (fs != (b->present & SKY_CAT048_ENCODABLE))
		return false;
	return same_plot(a, b, fs) && same_track(a, b, fs);
}
