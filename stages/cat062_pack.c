/*
 * cat062_pack.c - track updates packed into CAT062 datagrams (see
 * cat062_pack.h). The positions of a batch are gathered into SoA arrays and
 * converted to WGS84 by one sky_enu_geodetic_batch call; each record is
 * then built into the packer's one record struct without clearing it (the
 * conversion sets every field the encoder reads, track_cat062.h) and
 * encoded straight into the datagram. A record that did not fit (FULL) is
 * kept and only encoded again into the next datagram. The pipeline and the
 * offline reference both pack through here, so their records are the same
 * bytes.
 *
 * The encoder is given the whole buffer behind the datagram, not only the
 * datagram's room: with SKY_CAT062_PACK_BUF bytes (the offline buffer; an
 * mbuf has 2048) every record takes its fast path, and one that runs past
 * the datagram's room is FULL all the same.
 */
#include "cat062_pack.h"

void sky_cat062_pack_reset(struct sky_cat062_packer *pk, uint8_t *buf, size_t cap)
{
	sky_ast_writer_init(&pk->w, buf, cap < SKY_CAT062_DGRAM_MAX ? cap : SKY_CAT062_DGRAM_MAX);
	pk->cap = cap;
	pk->records = 0;
}

void sky_cat062_pack_init(struct sky_cat062_packer *pk, const struct sky_cat062_source *src,
			  uint8_t *buf, size_t cap)
{
	pk->src = *src;
	pk->batch = NULL;
	pk->rec_of = 0;
	sky_cat062_pack_reset(pk, buf, cap);
}

unsigned sky_cat062_pack_batch(struct sky_cat062_packer *pk, const struct sky_track_update *u,
			       unsigned n)
{
	if (n > SKY_CAT062_PACK_BATCH)
		n = SKY_CAT062_PACK_BATCH;
	for (unsigned i = 0; i < n; i++) {
		pk->x[i] = u[i].x;
		pk->y[i] = u[i].y;
		pk->z[i] = u[i].z;
	}
	sky_enu_geodetic_batch(pk->src.sys, pk->x, pk->y, pk->z, n, pk->lat, pk->lon);
	pk->batch = u;
	pk->rec_of = 0;
	return n;
}

/* With its batch: 135 TSC ticks/update (avx512, 25s; 446 scalar, cleared), 1058 instr (avx2),
 * 621 in the encoder (2026-11-22, skyfuse bench publish; callgrind of its --loop pack) */
enum sky_cat062_pack_result sky_cat062_pack(struct sky_cat062_packer *pk, unsigned i)
{
	if (pk->rec_of != i + 1) {
		sky_track_to_cat062_at(&pk->src, &pk->batch[i], pk->lat[i], pk->lon[i], &pk->rec);
		pk->rec_of = i + 1;
	}
	if (!pk->w.open && sky_ast_block_open(&pk->w, 62) < 0)
		return SKY_CAT062_TOO_BIG;
	size_t room;
	uint8_t *p = sky_ast_record_space(&pk->w, &room);
	size_t n = sky_cat062_encode(&pk->rec, p, pk->cap - pk->w.len);
	if (n == 0 || n > room)
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
