/*
 * stage_msgs.h - what the stages of the fusion chain pass each other in
 * struct sky_msg (pipeline/stage.h), and the small output stash they share.
 *
 *   decode -> fuse     SKY_MSG_PLOT: data[] holds `count` struct sky_plot
 *   fuse -> publish    SKY_MSG_TRKU: data[] holds `count` struct
 *                      sky_track_update
 * msg.rx_tsc is the rx stamp of the first element, msg.time_ns the capture
 * or arrival time of the datagram that carried it.
 *
 * The stash: a stage whose output for one burst can exceed the output
 * burst (SKY_BURST_MAX items) - a burst of large datagrams makes many plot
 * batches, a coasting pass many updates - keeps the surplus here, in order,
 * and emits it first at its next process or flush call; the order of items
 * is never changed. Only when the stash itself is full is an item freed,
 * and the caller counts it.
 */
#ifndef SKY_STAGE_MSGS_H
#define SKY_STAGE_MSGS_H

#include "stage.h"

#define SKY_MSG_PLOT SKY_MSG_TYPE('P', 'L', 'O', 'T')
#define SKY_MSG_TRKU SKY_MSG_TYPE('T', 'R', 'K', 'U')

/* Payload bytes of a batch: 39 plots or 25 track updates. */
#define SKY_STAGE_MSG_SIZE 4096

#define SKY_STASH_MAX 1024

struct sky_stash {
	unsigned head, n;
	void *item[SKY_STASH_MAX];
};

/* Moves stashed items to out while it has room. */
static inline void sky_stash_drain(struct sky_stash *s, struct sky_burst *out)
{
	while (s->n && out->n < SKY_BURST_MAX) {
		out->item[out->n++] = s->item[s->head];
		s->head = (s->head + 1) % SKY_STASH_MAX;
		s->n--;
	}
}

/* Frees whatever is still stashed (at fini); items are of one kind. */
static inline void sky_stash_free_all(struct sky_stash *s, enum sky_item_kind kind)
{
	while (s->n) {
		sky_item_free(kind, s->item[s->head]);
		s->head = (s->head + 1) % SKY_STASH_MAX;
		s->n--;
	}
}

/* Emits item after whatever is stashed; false when it could not be kept. */
static inline bool sky_stash_emit(struct sky_stash *s, struct sky_burst *out, void *item)
{
	sky_stash_drain(s, out);
	if (!s->n && out->n < SKY_BURST_MAX) {
		out->item[out->n++] = item;
		return true;
	}
	if (s->n == SKY_STASH_MAX)
		return false;
	s->item[(s->head + s->n) % SKY_STASH_MAX] = item;
	s->n++;
	return true;
}

#endif
