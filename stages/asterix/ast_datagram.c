/*
 * ast_datagram.c - decoding a datagram: blocks, then records, dispatched by
 * category through the registry.
 *
 * Rejections are of the smallest unit the format allows: a record whose
 * size is known but whose content is refused is rejected alone and the block
 * goes on; a record that cannot be delimited loses the rest of its block; a
 * block header that cannot be trusted loses the rest of the datagram. An
 * unknown category is skipped by its LEN and counted.
 */
#include "ast_record.h"

static void reject(struct sky_ast_decoder *d, const struct sky_ast_error *e)
{
	if (d->stats)
		d->stats->rejects[e->reason]++;
	if (d->on_reject)
		d->on_reject(d->ctx, e);
}

static void reject_unknown(struct sky_ast_decoder *d, const struct sky_ast_block *b)
{
	struct sky_ast_error e = {
		.reason = SKY_AST_REJ_UNKNOWN_CATEGORY,
		.offset = b->offset,
		.cat = b->cat,
	};
	reject(d, &e);
}

unsigned sky_ast_decode_block(struct sky_ast_decoder *d, const uint8_t *dg,
			      const struct sky_ast_block *b)
{
	const struct sky_ast_category *c = sky_ast_category_find(b->cat);
	if (!c) {
		reject_unknown(d, b);
		return 0;
	}
	struct sky_ast_record *r = &d->rec;
	unsigned ed = d->editions ? d->editions->ed[b->cat] : 0;
	if (ed >= c->n_editions)
		ed = 0;
	r->cat = b->cat;
	r->edition = (uint8_t)ed;
	r->category = c;
	unsigned ok = 0;
	size_t pos = 0;
	for (uint16_t idx = 0; pos < b->len; idx++) {
		struct sky_ast_error e = {.reason = SKY_AST_OK};
		const uint8_t *p = b->data + pos;
		size_t n = c->decode(p, b->len - pos, ed, &r->u, &e);
		e.offset += (uint32_t)(p - dg);
		e.cat = b->cat;
		e.record = idx;
		if (n == 0) {
			reject(d, &e);
			break;
		}
		pos += n;
		if (e.reason != SKY_AST_OK) {
			reject(d, &e);
			continue;
		}
		r->index = idx;
		r->offset = (uint32_t)(p - dg);
		r->raw = p;
		r->raw_len = (uint16_t)n;
		ok++;
		d->on_record(d->ctx, r);
	}
	if (d->stats) {
		d->stats->records += ok;
		d->stats->records_by_cat[b->cat] += ok;
	}
	return ok;
}

unsigned sky_ast_decode_datagram(struct sky_ast_decoder *d, const uint8_t *dg,
				 size_t len)
{
	size_t pos = 0;
	unsigned ok = 0;
	struct sky_ast_block b;
	struct sky_ast_error e;
	int rc;
	if (d->stats)
		d->stats->datagrams++;
	while ((rc = sky_ast_next_block(dg, len, &pos, &b, &e)) != 0) {
		if (rc < 0) {
			reject(d, &e);
			break;
		}
		if (d->stats)
			d->stats->blocks++;
		ok += sky_ast_decode_block(d, dg, &b);
	}
	return ok;
}

void sky_ast_format_record(const struct sky_ast_record *r, struct sky_text *t)
{
	sky_text_kv_uint(t, "cat", r->cat);
	sky_text_kv_str(t, "edition", r->category->editions[r->edition]);
	sky_text_kv_uint(t, "offset", r->offset);
	sky_text_kv_uint(t, "index", r->index);
	sky_text_kv_uint(t, "len", r->raw_len);
	r->category->format(&r->u, t);
}

void sky_ast_format_reject(const struct sky_ast_error *e, struct sky_text *t)
{
	sky_text_kv_str(t, "reject", sky_ast_reject_name(e->reason));
	sky_text_kv_uint(t, "cat", e->cat);
	sky_text_kv_uint(t, "offset", e->offset);
	sky_text_kv_uint(t, "record", e->record);
	if (e->item)
		sky_text_kv_str(t, "item", e->item);
	sky_text_kv_str(t, "why", sky_ast_reject_desc(e->reason));
}
