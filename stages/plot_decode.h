/*
 * plot_decode.h - one UDP datagram of ASTERIX -> plots in the system frame,
 * with every record's fate counted. The decode stage and the offline
 * reference (fuse_offline.h) both run exactly this.
 *
 * Per data block the SAC/SIC of its first record is peeked
 * (sky_ast_peek_sac_sic) to pick that sensor's editions; every decoded
 * record is then attributed by its own SAC/SIC. A record ends in exactly
 * one of: a plot (sky_plot_from_record, the time of day dated with the
 * datagram's capture or arrival time), a no-plot reason, a service message
 * (CAT034, CAT002), UNKNOWN_SENSOR (SAC/SIC not configured: dropped and
 * counted per SAC/SIC), SOURCE_DENIED (the sensor's `source_addresses`
 * allow-list does not hold the datagram's source) or NO_SACSIC. So
 *   RECORDS = PLOTS + SERVICE + UNKNOWN_SENSOR + SOURCE_DENIED + NO_SACSIC
 *             + sum of NOPLOT_*
 * and what the codec could not decode is counted by its reason (REJ_*: a
 * record, the rest of a block, or the rest of a datagram). Per configured
 * sensor: plots, records without a plot, codec rejections in its blocks.
 */
#ifndef SKY_PLOT_DECODE_H
#define SKY_PLOT_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "plot_convert.h"
#include "sensor_table.h"

#define SKY_PLOT_DECODE_FOREACH_COUNTER(_)                                          \
	_(BLOCKS, "data blocks")                                                    \
	_(RECORDS, "records decoded")                                               \
	_(PLOTS, "records that became plots")                                       \
	_(SERVICE, "service messages (CAT034 north marker/sector, CAT002)")         \
	_(UNKNOWN_SENSOR, "records from a SAC/SIC not in the config, dropped")      \
	_(SOURCE_DENIED, "records from a source address the sensor does not allow, dropped") \
	_(NO_SACSIC, "records without a data source identifier, dropped")           \
	_(REJECTED, "codec rejections (all reasons, below)")

enum sky_plot_decode_counter {
#define SKY_PD_ENUM(n, d) SKY_PD_##n,
	SKY_PLOT_DECODE_FOREACH_COUNTER(SKY_PD_ENUM)
#undef SKY_PD_ENUM
	SKY_PD_NOPLOT_BASE,  /* + enum sky_noplot (SKY_PLOT_OK unused) */
	SKY_PD_REJ_BASE = SKY_PD_NOPLOT_BASE + SKY_NOPLOT_COUNT, /* + sky_ast_reject */
	SKY_PD_COUNTER_COUNT = SKY_PD_REJ_BASE + SKY_AST_REJ_COUNT
};

/* "PLOTS", "NOPLOT_NO_TIME", "REJ_ITEM_PAST_BLOCK"; NULL for unused slots. */
const char *sky_plot_decode_counter_name(unsigned c);
const char *sky_plot_decode_counter_desc(unsigned c);

struct sky_plot_decode_sensor {
	uint64_t plots;
	uint64_t no_plot;     /* records of this sensor that became no plot */
	uint64_t rejected;    /* codec rejections in blocks of this sensor */
	uint64_t denied;      /* records refused by its source allow-list */
};

/* The datagram's context, from the rx stage's metadata or the pcap. */
struct sky_dgram_info {
	uint64_t time_ns;     /* capture/arrival time, dates the time of day */
	uint64_t rx_tsc;      /* copied into every plot */
	uint32_t src_ip;      /* host order */
};

typedef void (*sky_plot_cb)(void *ctx, const struct sky_plot *p);

struct sky_plot_decoder;

/* The table must outlive the decoder. NULL with errno set. */
struct sky_plot_decoder *sky_plot_decoder_create(const struct sky_sensor_table *t);
void sky_plot_decoder_destroy(struct sky_plot_decoder *d);

/* Decodes one datagram, calling on_plot for each plot; returns the plots. */
unsigned sky_plot_decode(struct sky_plot_decoder *d, const uint8_t *dg, size_t len,
			 const struct sky_dgram_info *info, sky_plot_cb on_plot, void *ctx);

const uint64_t *sky_plot_decoder_counters(const struct sky_plot_decoder *d);
/* Per configured sensor, indexed like the config's sensor list. */
const struct sky_plot_decode_sensor *sky_plot_decoder_sensor(const struct sky_plot_decoder *d,
							      unsigned i);
/* Records per unconfigured SAC/SIC (index SAC << 8 | SIC). */
uint64_t sky_plot_decoder_unknown(const struct sky_plot_decoder *d, uint16_t sacsic);

#endif
