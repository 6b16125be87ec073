/*
 * fuse_offline.c - the offline reference (see fuse_offline.h): decode,
 * engine and packing chained by callbacks in one thread. The engine's
 * updates are packed through the same packer calls as the publish stage's
 * (cat062_pack.h); the engine hands over its updates in other groups than
 * the pipeline's batches, which does not change a byte, since a point's
 * WGS84 conversion does not depend on its batch (enu_geodetic_batch.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuse_offline.h"
#include "pcap_file.h"

struct sky_fuse_offline {
	const struct sky_config *cfg;
	struct sky_sensor_table sensors;
	bool have_sensors;
	struct sky_plot_decoder *dec;
	struct sky_fuse_engine *eng;
	struct sky_air_picture *ap;
	struct sky_cat062_packer pk;
	sky_cat062_dgram_cb on_dgram;
	void *ctx;
	struct sky_fuse_offline_frames fr;
	uint8_t buf[SKY_CAT062_PACK_BUF];
};

static void send_dgram(struct sky_fuse_offline *o)
{
	size_t n = sky_cat062_pack_take(&o->pk);
	if (n) {
		o->fr.cat062_datagrams++;
		o->on_dgram(o->ctx, o->buf, n);
	}
	sky_cat062_pack_reset(&o->pk, o->buf, sizeof(o->buf));
}

static void pack_one(struct sky_fuse_offline *o, unsigned i)
{
	enum sky_cat062_pack_result r = sky_cat062_pack(&o->pk, i);
	if (r == SKY_CAT062_FULL) {
		send_dgram(o);
		r = sky_cat062_pack(&o->pk, i);
	}
	if (r == SKY_CAT062_PACKED)
		o->fr.cat062_records++;
	else
		o->fr.too_big++;
}

/* Packed as publish packs them: a batch's positions converted together. */
static void on_updates(void *ctx, const struct sky_track_update *u, unsigned n)
{
	struct sky_fuse_offline *o = ctx;
	sky_air_picture_add(o->ap, u, n);
	unsigned k;
	for (unsigned off = 0; off < n; off += k) {
		k = sky_cat062_pack_batch(&o->pk, u + off, n - off);
		for (unsigned i = 0; i < k; i++)
			pack_one(o, i);
	}
}

static void on_plot(void *ctx, const struct sky_plot *p)
{
	struct sky_fuse_offline *o = ctx;
	sky_fuse_push(o->eng, p, 1);
}

struct sky_fuse_offline *sky_fuse_offline_create(const struct sky_config *cfg,
						 const struct sky_fuse_params *params,
						 sky_cat062_dgram_cb on_dgram, void *ctx,
						 char *err, size_t errlen)
{
	/* aligned: the packer's batch arrays are (cat062_pack.h) */
	size_t size = (sizeof(struct sky_fuse_offline) + 63) & ~(size_t)63;
	struct sky_fuse_offline *o = aligned_alloc(64, size);
	if (!o) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	memset(o, 0, size);
	o->cfg = cfg;
	o->on_dgram = on_dgram;
	o->ctx = ctx;
	if (sky_sensor_table_build(&o->sensors, cfg, err, errlen) < 0)
		goto fail_quiet;
	o->have_sensors = true;
	struct sky_fuse_params p;
	sky_fuse_params_default(&p);
	sky_fuse_params_from_config(&p, cfg);
	if (params)
		p = *params;
	if (!(o->dec = sky_plot_decoder_create(&o->sensors)) ||
	    !(o->ap = sky_air_picture_create()))
		goto fail;
	if (!(o->eng = sky_fuse_create(&p, on_updates, o))) {
		snprintf(err, errlen, "tracker: %s (check tracker.confirm: n <= 32)",
			 strerror(errno));
		goto fail_quiet;
	}
	struct sky_cat062_source src = {.sac = cfg->system.sac, .sic = cfg->system.sic,
					.service = 1, .sys = &o->sensors.sys};
	sky_cat062_pack_init(&o->pk, &src, o->buf, sizeof(o->buf));
	return o;
fail:
	snprintf(err, errlen, "out of memory");
fail_quiet:
	sky_fuse_offline_destroy(o);
	return NULL;
}

void sky_fuse_offline_destroy(struct sky_fuse_offline *o)
{
	if (!o)
		return;
	sky_fuse_destroy(o->eng);
	sky_plot_decoder_destroy(o->dec);
	sky_air_picture_destroy(o->ap);
	if (o->have_sensors)
		sky_sensor_table_free(&o->sensors);
	free(o);
}

void sky_fuse_offline_datagram(struct sky_fuse_offline *o, const uint8_t *dg, size_t len,
			       const struct sky_dgram_info *info)
{
	o->fr.datagrams++;
	sky_plot_decode(o->dec, dg, len, info, on_plot, o);
}

void sky_fuse_offline_frame(struct sky_fuse_offline *o, const uint8_t *frame, size_t len,
			    uint64_t ts_ns)
{
	struct sky_udp_view v;
	o->fr.frames++;
	enum sky_frame_reason r = sky_udp_frame_parse(frame, len, &v);
	if (r == SKY_FRAME_IPV4_FRAGMENT) {
		o->fr.fragments++;
		return;
	}
	if (r != SKY_FRAME_OK) {
		o->fr.not_udp++;
		return;
	}
	if (v.dst_port != o->cfg->input.udp_port) {
		o->fr.other_port++;
		return;
	}
	struct sky_dgram_info info = {.time_ns = ts_ns, .rx_tsc = 0, .src_ip = v.src_ip};
	sky_fuse_offline_datagram(o, v.payload, v.len, &info);
}

int sky_fuse_offline_pcap(struct sky_fuse_offline *o, const char *path, char *err,
			  size_t errlen)
{
	struct sky_pcap_reader *r = sky_pcap_open_read(path, err, errlen);
	if (!r)
		return -EIO;
	const uint8_t *f;
	size_t len;
	uint64_t ts;
	int rc;
	while ((rc = sky_pcap_next(r, &f, &len, &ts)) == 1)
		sky_fuse_offline_frame(o, f, len, ts);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path, sky_pcap_reader_error(r));
	sky_pcap_close_read(r);
	return rc < 0 ? -EIO : 0;
}

void sky_fuse_offline_finish(struct sky_fuse_offline *o)
{
	sky_fuse_finish(o->eng);
	send_dgram(o);
}

const struct sky_fuse_offline_frames *sky_fuse_offline_frames(const struct sky_fuse_offline *o)
{
	return &o->fr;
}

const struct sky_plot_decoder *sky_fuse_offline_decoder(const struct sky_fuse_offline *o)
{
	return o->dec;
}

const struct sky_fuse_engine *sky_fuse_offline_engine(const struct sky_fuse_offline *o)
{
	return o->eng;
}

const struct sky_air_picture *sky_fuse_offline_picture(const struct sky_fuse_offline *o)
{
	return o->ap;
}
