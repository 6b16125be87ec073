/*
 * fuse_offline.h - the offline reference: a capture's datagrams through the
 * same decode conversion (plot_decode.h), fuse engine (fuse_engine.h) and
 * CAT062 packing (cat062_pack.h) as the pipeline, in one thread, without
 * DPDK. Replaying the same capture through `skyfuse replay` must publish
 * the same CAT062 records in the same order (the replay-equivalence test);
 * only the cut of records into datagrams differs, since the publish stage
 * sends what it has at the end of every burst.
 *
 * Frames are taken like the rx stage takes them: Ethernet (VLAN tags
 * allowed) / IPv4 / UDP to the config's input.udp_port, dated with the
 * capture time. IPv4 fragments are counted and skipped (the rx stage
 * reassembles them; the simulator never fragments).
 */
#ifndef SKY_FUSE_OFFLINE_H
#define SKY_FUSE_OFFLINE_H

#include <stddef.h>
#include <stdint.h>

#include "air_picture.h"
#include "cat062_pack.h"
#include "config.h"
#include "fuse_engine.h"
#include "plot_decode.h"

/* One CAT062 datagram (UDP payload) as publish would send it. */
typedef void (*sky_cat062_dgram_cb)(void *ctx, const uint8_t *dg, size_t len);

struct sky_fuse_offline_frames {
	uint64_t frames;          /* read from the capture */
	uint64_t not_udp;         /* no UDP payload (any frame reason) */
	uint64_t fragments;       /* IPv4 fragments, skipped */
	uint64_t other_port;      /* UDP to another port */
	uint64_t datagrams;       /* decoded */
	uint64_t cat062_records;
	uint64_t cat062_datagrams;
	uint64_t too_big;         /* updates whose record fits no datagram */
};

struct sky_fuse_offline;

/*
 * cfg must outlive the object; params NULL: defaults plus the config's
 * tracker section. NULL with a message in err.
 */
struct sky_fuse_offline *sky_fuse_offline_create(const struct sky_config *cfg,
						 const struct sky_fuse_params *params,
						 sky_cat062_dgram_cb on_dgram, void *ctx,
						 char *err, size_t errlen);
void sky_fuse_offline_destroy(struct sky_fuse_offline *o);

/* One UDP payload, already taken from its frame. */
void sky_fuse_offline_datagram(struct sky_fuse_offline *o, const uint8_t *dg, size_t len,
			       const struct sky_dgram_info *info);
/* One Ethernet frame with its capture time. */
void sky_fuse_offline_frame(struct sky_fuse_offline *o, const uint8_t *frame, size_t len,
			    uint64_t ts_ns);
/* Every frame of a capture; 0 or -errno with a message in err. */
int sky_fuse_offline_pcap(struct sky_fuse_offline *o, const char *path, char *err,
			  size_t errlen);
/* End of input: flush the window, end every track, send the last datagram. */
void sky_fuse_offline_finish(struct sky_fuse_offline *o);

const struct sky_fuse_offline_frames *sky_fuse_offline_frames(const struct sky_fuse_offline *o);
const struct sky_plot_decoder *sky_fuse_offline_decoder(const struct sky_fuse_offline *o);
const struct sky_fuse_engine *sky_fuse_offline_engine(const struct sky_fuse_offline *o);
const struct sky_air_picture *sky_fuse_offline_picture(const struct sky_fuse_offline *o);

#endif
