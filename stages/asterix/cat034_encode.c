/*
 * cat034_encode.c - ASTERIX CAT034 encoder (edition 1.29).
 *
 * One writer per FRN, called in FRN order for the items `present` names, on
 * top of the record builder (which fills the FSPEC). The simulator writes
 * north markers and sector crossings with it; tests and fuzzers use it to
 * round-trip decoded records, so every item the decoder reads is written
 * back bit for bit (spare bits of the compound subfields included).
 */
#include <string.h>

#include "ast_block.h"
#include "cat034.h"

typedef bool (*wr_fn)(struct sky_ast_rec_builder *rb, unsigned frn,
		      const struct sky_cat034 *r);

static bool wr_010(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 2);
	p[0] = r->sac;
	p[1] = r->sic;
	return true;
}

static bool wr_000(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	*sky_ast_rb_item(rb, frn, 1) = r->msg_type;
	return true;
}

static bool wr_030(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	sky_wr24(sky_ast_rb_item(rb, frn, 3), r->tod & 0xffffffu);
	return true;
}

static bool wr_020(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	*sky_ast_rb_item(rb, frn, 1) = r->sector;
	return true;
}

static bool wr_041(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	sky_wr16(sky_ast_rb_item(rb, frn, 2), r->rot_period);
	return true;
}

/* Compound: one primary octet (subfields 0..5) then the subfields present. */
static bool wr_compound(struct sky_ast_rec_builder *rb, unsigned frn, unsigned sub,
			const uint8_t *v, unsigned mds_len)
{
	sub &= SKY_CAT034_SUB_COM | SKY_CAT034_SUB_PSR | SKY_CAT034_SUB_SSR | SKY_CAT034_SUB_MDS;
	size_t n = 1 + !!(sub & SKY_CAT034_SUB_COM) + !!(sub & SKY_CAT034_SUB_PSR) +
		   !!(sub & SKY_CAT034_SUB_SSR) + ((sub & SKY_CAT034_SUB_MDS) ? mds_len : 0);
	uint8_t *p = sky_ast_rb_item(rb, frn, n);
	uint8_t *q = p + 1;
	p[0] = 0;
	for (unsigned i = 0; i < 6; i++)
		if (sub & (1u << i))
			p[0] |= (uint8_t)(0x80u >> i);
	if (sub & SKY_CAT034_SUB_COM)
		*q++ = v[0];
	if (sub & SKY_CAT034_SUB_PSR)
		*q++ = v[1];
	if (sub & SKY_CAT034_SUB_SSR)
		*q++ = v[2];
	if (sub & SKY_CAT034_SUB_MDS)
		memcpy(q, v + 3, mds_len);
	return true;
}

static bool wr_050(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	uint8_t v[5] = { r->cfg_com, r->cfg_psr, r->cfg_ssr, (uint8_t)(r->cfg_mds >> 8),
			 (uint8_t)r->cfg_mds };
	return wr_compound(rb, frn, r->cfg_sub, v, 2);
}

static bool wr_060(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	uint8_t v[4] = { r->mode_com, r->mode_psr, r->mode_ssr, r->mode_mds };
	return wr_compound(rb, frn, r->mode_sub, v, 1);
}

static bool wr_070(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	if (r->n_counts > SKY_CAT034_MAX_COUNTS)
		return false;
	uint8_t *p = sky_ast_rb_item(rb, frn, 1 + 2u * r->n_counts);
	p[0] = r->n_counts;
	for (unsigned i = 0; i < r->n_counts; i++)
		sky_wr16(p + 1 + 2 * i, (uint32_t)(r->counts[i].typ & 0x1f) << 11 |
					     (r->counts[i].count & 0x7ffu));
	return true;
}

static bool wr_100(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 8);
	sky_wr16(p, r->win_rho_start);
	sky_wr16(p + 2, r->win_rho_end);
	sky_wr16(p + 4, r->win_theta_start);
	sky_wr16(p + 6, r->win_theta_end);
	return true;
}

static bool wr_110(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	*sky_ast_rb_item(rb, frn, 1) = r->data_filter;
	return true;
}

static bool wr_120(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 8);
	sky_wr16(p, (uint16_t)r->pos_hgt);
	sky_wr24(p + 2, (uint32_t)r->pos_lat & 0xffffffu);
	sky_wr24(p + 5, (uint32_t)r->pos_lon & 0xffffffu);
	return true;
}

static bool wr_090(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 2);
	p[0] = (uint8_t)r->coll_rng;
	p[1] = (uint8_t)r->coll_azm;
	return true;
}

static bool wr_explicit(struct sky_ast_rec_builder *rb, unsigned frn, const uint8_t *body,
			unsigned len)
{
	if (len > 254 || (len && !body))
		return false;
	uint8_t *p = sky_ast_rb_item(rb, frn, 1 + len);
	p[0] = (uint8_t)(1 + len);
	if (len)
		memcpy(p + 1, body, len);
	return true;
}

static bool wr_re(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	return wr_explicit(rb, frn, r->re, r->re_len);
}

static bool wr_sp(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat034 *r)
{
	return wr_explicit(rb, frn, r->sp, r->sp_len);
}

static const wr_fn writers[] = {
	wr_010, wr_000, wr_030, wr_020, wr_041, wr_050, wr_060,
	wr_070, wr_100, wr_110, wr_120, wr_090, wr_re, wr_sp,
};

size_t sky_cat034_encode(const struct sky_cat034 *r, uint8_t *buf, size_t cap)
{
	struct sky_ast_rec_builder rb;
	sky_ast_rb_init(&rb, buf, cap);
	if (r->present >> (sizeof(writers) / sizeof(writers[0])))
		return 0; /* bits of no item */
	for (uint32_t bits = r->present; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctz(bits);
		if (!writers[i](&rb, i + 1, r))
			return 0;
	}
	return sky_ast_rb_finish(&rb);
}
