/*
 * cat002_encode.c - ASTERIX CAT002 encoder (edition 1.0).
 *
 * Items in FRN order through the record builder, only those `present`
 * names. The FX lists are written with FX between their elements; an empty
 * list cannot be written (the format has no empty FX list), so it makes the
 * record unencodable rather than silently different.
 */
#include <string.h>

#include "ast_block.h"
#include "cat002.h"

static bool wr_list(struct sky_ast_rec_builder *rb, unsigned frn, unsigned n, const uint8_t *v)
{
	if (n == 0 || n > SKY_CAT002_MAX_LIST)
		return false;
	uint8_t *p = sky_ast_rb_item(rb, frn, n);
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v[i] << 1 | (i + 1 < n));
	return true;
}

static bool wr_070(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat002 *r)
{
	if (r->n_counts > SKY_CAT002_MAX_COUNTS)
		return false;
	uint8_t *p = sky_ast_rb_item(rb, frn, 1 + 2u * r->n_counts);
	p[0] = r->n_counts;
	for (unsigned i = 0; i < r->n_counts; i++) {
		const struct sky_cat002_count *c = &r->counts[i];
		sky_wr16(p + 1 + 2 * i, (uint32_t)(c->aerial & 1u) << 15 |
					     (uint32_t)(c->ident & 0x1fu) << 10 |
					     (c->counter & 0x3ffu));
	}
	return true;
}

static bool wr_sp(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat002 *r)
{
	if (r->sp_len > 254 || (r->sp_len && !r->sp))
		return false;
	uint8_t *p = sky_ast_rb_item(rb, frn, 1u + r->sp_len);
	p[0] = (uint8_t)(1 + r->sp_len);
	if (r->sp_len)
		memcpy(p + 1, r->sp, r->sp_len);
	return true;
}

static void wr_100(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat002 *r)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 8);
	sky_wr16(p, r->win_rho_start);
	sky_wr16(p + 2, r->win_rho_end);
	sky_wr16(p + 4, r->win_theta_start);
	sky_wr16(p + 6, r->win_theta_end);
}

static bool wr_item(struct sky_ast_rec_builder *rb, unsigned frn, const struct sky_cat002 *r)
{
	switch (frn) {
	case 1: sky_wr16(sky_ast_rb_item(rb, frn, 2), (uint32_t)r->sac << 8 | r->sic); break;
	case 2: *sky_ast_rb_item(rb, frn, 1) = r->msg_type; break;
	case 3: *sky_ast_rb_item(rb, frn, 1) = r->sector; break;
	case 4: sky_wr24(sky_ast_rb_item(rb, frn, 3), r->tod & 0xffffffu); break;
	case 5: sky_wr16(sky_ast_rb_item(rb, frn, 2), r->rot_period); break;
	case 6: return wr_list(rb, frn, r->n_config, r->config);
	case 7: return wr_list(rb, frn, r->n_procmode, r->procmode);
	case 8: return wr_070(rb, frn, r);
	case 9: wr_100(rb, frn, r); break;
	case 10: sky_wr16(sky_ast_rb_item(rb, frn, 2),
			  (uint32_t)(uint8_t)r->coll_rng << 8 | (uint8_t)r->coll_azm);
		break;
	case 11: return wr_list(rb, frn, r->n_warn, r->warn);
	case 13: return wr_sp(rb, frn, r);
	default: return false; /* FRN 12 spare, FRN 14 RFS */
	}
	return true;
}

size_t sky_cat002_encode(const struct sky_cat002 *r, uint8_t *buf, size_t cap)
{
	struct sky_ast_rec_builder rb;
	sky_ast_rb_init(&rb, buf, cap);
	for (uint32_t bits = r->present; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctz(bits);
		if (!wr_item(&rb, i + 1, r))
			return 0;
	}
	return sky_ast_rb_finish(&rb);
}
