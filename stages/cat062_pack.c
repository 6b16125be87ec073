/*
 * cat062_pack.c - track updates packed into CAT062 datagrams (see
 * cat062_pack.h). The record struct is cleared before each conversion so
 * that the bytes depend on the update alone: the pipeline and the offline
 * reference must produce identical records.
 */
#include <string.h>

#include "cat062_pack.h"

void sky_cat062_pack_reset(struct sky_cat062_packer *pk, uint8_t *buf, size_t cap)
{
	sky_ast_writer_init(&pk->w, buf, cap < SKY_CAT062_DGRAM_MAX ? cap : SKY_CAT062_DGRAM_MAX);
	pk->records = 0;
}

void sky_cat062_pack_init(struct sky_cat062_packer *pk, const struct sky_cat062_source *src,
			  uint8_t *buf, size_t cap)
{
	pk->src = *src;
	sky_cat062_pack_reset(pk, buf, cap);
}

enum sky_cat062_pack_result sky_cat062_pack(struct sky_cat062_packer *pk,
					    const struct sky_track_update *u)
{
	struct sky_cat062 r;
	memset(&r, 0, sizeof(r));
	sky_track_to_cat062(&pk->src, u, &r);
	if (!pk->w.open && sky_ast_block_open(&pk->w, 62) < 0)
		return SKY_CAT062_TOO_BIG;
	size_t room;
	uint8_t *p = sky_ast_record_space(&pk->w, &room);
	size_t n = sky_cat062_encode(&r, p, room);
	if (n == 0)
		return pk->records ? SKY_CAT062_FULL : SKY_CAT062_TOO_BIG;
	sky_ast_record_commit(&pk->w, n);
	pk->records++;
	return SKY_CAT062_PACKED;
}

size_t sky_cat062_pack_take(struct sky_cat062_packer *pk)
{
	if (!pk->records)
		return 0;
	sky_ast_block_close(&pk->w);
	size_t n = pk->w.len;
	pk->records = 0;
	return n;
}
