/*
 * cat062_pack.h - track updates -> CAT062 datagrams: each update becomes
 * one record (sky_track_to_cat062, sky_cat062_encode), records are packed
 * into one CAT062 data block per datagram until the next one would make
 * the block longer than the datagram's room (SKY_CAT062_DGRAM_MAX, so a
 * datagram fits an Ethernet frame unfragmented). The publish stage packs
 * into mbufs, the offline reference into a plain buffer; both through this.
 *
 * Use: init with a buffer, then sky_cat062_pack per update; when it says
 * FULL, take the datagram (sky_cat062_pack_take), give a new buffer
 * (sky_cat062_pack_reset) and pack the same update again.
 */
#ifndef SKY_CAT062_PACK_H
#define SKY_CAT062_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "ast_block.h"
#include "track_cat062.h"

#define SKY_CAT062_DGRAM_MAX 1400

enum sky_cat062_pack_result {
	SKY_CAT062_PACKED = 0,   /* the record is in the datagram */
	SKY_CAT062_FULL,         /* no room left: take the datagram, pack again */
	SKY_CAT062_TOO_BIG,      /* the record does not fit an empty datagram */
};

struct sky_cat062_packer {
	struct sky_cat062_source src;
	struct sky_ast_writer w;
	unsigned records;        /* in the open datagram */
};

/* src is copied; buf must hold cap bytes (at most SKY_CAT062_DGRAM_MAX used). */
void sky_cat062_pack_init(struct sky_cat062_packer *pk, const struct sky_cat062_source *src,
			  uint8_t *buf, size_t cap);
/* Start a new datagram in buf (the previous one was taken). */
void sky_cat062_pack_reset(struct sky_cat062_packer *pk, uint8_t *buf, size_t cap);
enum sky_cat062_pack_result sky_cat062_pack(struct sky_cat062_packer *pk,
					    const struct sky_track_update *u);
/* Closes the block; returns the datagram's length (0: no record in it). */
size_t sky_cat062_pack_take(struct sky_cat062_packer *pk);

#endif
