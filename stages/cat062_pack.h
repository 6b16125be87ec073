/*
 * cat062_pack.h - track updates -> CAT062 datagrams: each update becomes
 * one record (sky_track_to_cat062, sky_cat062_encode), records are packed
 * into one CAT062 data block per datagram until the next one would make
 * the block longer than the datagram's room (SKY_CAT062_DGRAM_MAX, so a
 * datagram fits an Ethernet frame unfragmented). The publish stage packs
 * into mbufs, the offline reference into a plain buffer; both through this.
 *
 * Use: init with a buffer; hand the packer a batch of updates
 * (sky_cat062_pack_batch: it takes up to SKY_CAT062_PACK_BATCH of them and
 * converts their positions to WGS84 in one SIMD batch), then
 * sky_cat062_pack each update of the batch by its index; when it says
 * FULL, take the datagram (sky_cat062_pack_take), give a new buffer
 * (sky_cat062_pack_reset) and pack the same index again, which only
 * re-encodes the record the packer kept.
 *
 *   for (off = 0; off < n; off += k) {
 *           k = sky_cat062_pack_batch(pk, u + off, n - off);
 *           for (i = 0; i < k; i++)
 *                   ... sky_cat062_pack(pk, i) ...
 *   }
 *
 * The packer holds its SoA scratch arrays (64-byte aligned), so a packer
 * must live in memory aligned to 64 bytes (a static or automatic object,
 * aligned_alloc, rte_zmalloc).
 */
#ifndef SKY_CAT062_PACK_H
#define SKY_CAT062_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "ast_block.h"
#include "track_cat062.h"

#define SKY_CAT062_DGRAM_MAX 1400

/* Updates whose positions are converted in one batch. */
#define SKY_CAT062_PACK_BATCH 64

/* A buffer of this size lets every record take the encoder's fast path (no
 * room check per item), even the last one of a full datagram. */
#define SKY_CAT062_PACK_BUF (SKY_CAT062_DGRAM_MAX + SKY_CAT062_MAX_RECORD + \
			     SKY_CAT062_ENCODE_SLACK)

enum sky_cat062_pack_result {
	SKY_CAT062_PACKED = 0,   /* the record is in the datagram */
	SKY_CAT062_FULL,         /* no room left: take the datagram, pack again */
	SKY_CAT062_TOO_BIG,      /* the record does not fit an empty datagram */
};

struct sky_cat062_packer {
	struct sky_cat062_source src;
	struct sky_ast_writer w;
	size_t cap;              /* of the buffer (w.cap is at most the datagram) */
	unsigned records;        /* in the open datagram */
	const struct sky_track_update *batch;
	unsigned rec_of;         /* index + 1 of the update whose record is in rec */
	struct sky_cat062 rec;
	/* the batch's positions: system ENU in, WGS84 degrees out */
	double x[SKY_CAT062_PACK_BATCH] __attribute__((aligned(64)));
	double y[SKY_CAT062_PACK_BATCH] __attribute__((aligned(64)));
	double z[SKY_CAT062_PACK_BATCH] __attribute__((aligned(64)));
	double lat[SKY_CAT062_PACK_BATCH] __attribute__((aligned(64)));
	double lon[SKY_CAT062_PACK_BATCH] __attribute__((aligned(64)));
};

/* src is copied (src->sys is not: it must outlive the packer); buf must
 * hold cap bytes, of which at most SKY_CAT062_DGRAM_MAX make the datagram
 * (with SKY_CAT062_PACK_BUF or more, encoding is fastest). */
void sky_cat062_pack_init(struct sky_cat062_packer *pk, const struct sky_cat062_source *src,
			  uint8_t *buf, size_t cap);
/* Start a new datagram in buf (the previous one was taken). */
void sky_cat062_pack_reset(struct sky_cat062_packer *pk, uint8_t *buf, size_t cap);
/* Takes the first min(n, SKY_CAT062_PACK_BATCH) updates of u as the
 * batch and returns that count; u must stay valid until the next batch. */
unsigned sky_cat062_pack_batch(struct sky_cat062_packer *pk, const struct sky_track_update *u,
			       unsigned n);
/* Packs update i (< the count sky_cat062_pack_batch returned) of the batch. */
enum sky_cat062_pack_result sky_cat062_pack(struct sky_cat062_packer *pk, unsigned i);
/* Closes the block; returns the datagram's length (0: no record in it). */
size_t sky_cat062_pack_take(struct sky_cat062_packer *pk);

#endif
