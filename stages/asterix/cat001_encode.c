/*
 * cat001_encode.c - ASTERIX CAT001 encoder (edition 1.4), plot and track UAPs.
 *
 * The TYP bit of I001/020 decides the UAP, exactly as on decode; the encoder
 * then goes through that UAP's FRNs in order and writes each present item
 * with one writer per item id. An item the chosen UAP does not carry (a track
 * item in a plot) makes the record unencodable rather than silently dropped.
 * Extended items are written with the octets the struct holds (one, or two
 * when the first has FX); lists with FX between their elements.
 */
#include <string.h>

#include "ast_block.h"
#include "cat001.h"

static bool wr_list(struct sky_ast_rec_builder *rb, unsigned frn, unsigned n, const uint8_t *v)
{
	if (n == 0 || n > SKY_CAT001_MAX_LIST)
		return false;
	uint8_t *p = sky_ast_rb_item(rb, frn, n);
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v[i] << 1 | (i + 1 < n));
	return true;
}

static void wr_ext(struct sky_ast_rec_builder *rb, unsigned frn, const uint8_t v[2])
{
	uint8_t *p = sky_ast_rb_item(rb, frn, (v[0] & 1u) ? 2 : 1);
	p[0] = v[0];
	if (v[0] & 1u)
		p[1] = v[1] & 0xfe;
}

static void wr16(struct sky_ast_rec_builder *rb, unsigned frn, uint32_t a)
{
	sky_wr16(sky_ast_rb_item(rb, frn, 2), a);
}

static void wr32(struct sky_ast_rec_builder *rb, unsigned frn, uint32_t a)
{
	sky_wr32(sky_ast_rb_item(rb, frn, 4), a);
}

static bool wr_sp(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat001 *r)
{
	if (r->sp_len > 254 || (r->sp_len && !r->sp))
		return false;
	uint8_t *p = sky_ast_rb_item(rb, frn, 1u + r->sp_len);
	p[0] = (uint8_t)(1 + r->sp_len);
	if (r->sp_len)
		memcpy(p + 1, r->sp, r->sp_len);
	return true;
}

/* Write item `id` (a bit number of enum sky_cat001_item) as FRN frn. */
static bool wr_item(struct sky_ast_rec_builder *rb, unsigned frn, unsigned id,
		    const struct sky_cat001 *r)
{
	switch (1u << id) {
	case SKY_CAT001_I010: wr16(rb, frn, (uint32_t)r->sac << 8 | r->sic); break;
	case SKY_CAT001_I020: wr_ext(rb, frn, r->trd); break;
	case SKY_CAT001_I030: return wr_list(rb, frn, r->n_warn, r->warn);
	case SKY_CAT001_I040: wr32(rb, frn, (uint32_t)r->rho << 16 | r->theta); break;
	case SKY_CAT001_I042:
		wr32(rb, frn, (uint32_t)(uint16_t)r->x << 16 | (uint16_t)r->y);
		break;
	case SKY_CAT001_I050: wr16(rb, frn, r->mode2); break;
	case SKY_CAT001_I060: wr16(rb, frn, r->mode2_conf); break;
	case SKY_CAT001_I070: wr16(rb, frn, r->mode3a); break;
	case SKY_CAT001_I080: wr16(rb, frn, r->mode3a_conf); break;
	case SKY_CAT001_I090:
		wr16(rb, frn, (uint32_t)(r->modec_vg & 3u) << 14 | ((uint16_t)r->fl & 0x3fffu));
		break;
	case SKY_CAT001_I100: wr32(rb, frn, r->modec_gray); break;
	case SKY_CAT001_I120: *sky_ast_rb_item(rb, frn, 1) = (uint8_t)r->doppler; break;
	case SKY_CAT001_I130: return wr_list(rb, frn, r->n_plotchar, r->plotchar);
	case SKY_CAT001_I131: *sky_ast_rb_item(rb, frn, 1) = (uint8_t)r->power; break;
	case SKY_CAT001_I141: wr16(rb, frn, r->ttod); break;
	case SKY_CAT001_I150: *sky_ast_rb_item(rb, frn, 1) = r->xpulse; break;
	case SKY_CAT001_I161: wr16(rb, frn, r->track_no); break;
	case SKY_CAT001_I170: wr_ext(rb, frn, r->status); break;
	case SKY_CAT001_I200: wr32(rb, frn, (uint32_t)r->gsp << 16 | r->hdg); break;
	case SKY_CAT001_I210: return wr_list(rb, frn, r->n_quality, r->quality);
	case SKY_CAT001_SP: return wr_sp(rb, frn, r);
	default: return false;
	}
	return true;
}

size_t sky_cat001_encode(const struct sky_cat001 *r, uint8_t *buf, size_t cap)
{
	const uint8_t *ids;
	const struct sky_ast_uap *uap = sky_cat001_uap_for(sky_cat001_is_track(r), &ids);
	struct sky_ast_rec_builder rb;
	uint32_t written = 0;
	sky_ast_rb_init(&rb, buf, cap);
	for (unsigned frn = 1; frn <= uap->n_frn; frn++) {
		unsigned id = ids[frn - 1];
		if (id == 0xff || !(r->present & (1u << id)))
			continue;
		if (!wr_item(&rb, frn, id, r))
			return 0;
		written |= 1u << id;
	}
	if (written != r->present)
		return 0;
	return sky_ast_rb_finish(&rb);
}
