/*
 * sim_output.h - what the simulator writes: the datagrams of every sensor
 * (delayed by the sensor's network link, sorted by arrival into
 * input.pcap), truth.csv and config.yaml.
 *
 * Sensors hand whole ASTERIX records to a datagram builder; it packs them
 * into data blocks (one block per category run) and starts a new datagram
 * before one would exceed an Ethernet MTU, so a crowded radar sector leaves
 * as several back-to-back datagrams rather than as an IP fragment train. Each
 * datagram gets its arrival time from the sensor's link (delay + jitter,
 * never overtaking the sensor's previous datagram) and is kept in one arena
 * until the end of the run, when all are sorted by arrival and written.
 */
#ifndef SKY_SIM_OUTPUT_H
#define SKY_SIM_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ast_block.h"
#include "sim_rand.h"
#include "sim_scenario.h"

/* UDP payload that fits one 1500-byte Ethernet MTU (IPv4 + UDP headers). */
#define SIM_DGRAM_MAX 1472

/* A sensor's network path: delay mean + jitter * |N(0,1)|, in order. */
struct sim_link {
	double mean_s, jitter_s;
	double last_arrival_s;
	struct sim_rng rng;
};

void sim_link_init(struct sim_link *l, const struct sim_sensor_common *c,
		   uint64_t seed, uint64_t stream);
/* Arrival time (scenario seconds) of a datagram sent at t_send. */
double sim_link_arrival(struct sim_link *l, double t_send);

struct sim_dgram_ref {
	uint64_t arrival_ns;   /* UNIX ns */
	uint64_t seq;          /* submission order: ties stay stable */
	uint64_t off;          /* in the arena */
	uint32_t len;
	uint16_t sensor;
};

struct sim_output {
	int64_t start_utc;
	uint8_t *arena;
	size_t arena_len, arena_cap;
	struct sim_dgram_ref *dg;
	size_t n_dg, cap_dg;
	uint64_t bytes;        /* payload bytes */
	int enomem;            /* an allocation failed; reported at write */
};

void sim_output_init(struct sim_output *o, int64_t start_utc);
void sim_output_free(struct sim_output *o);

/* Keep one datagram of `sensor` arriving at scenario time arrival_s. */
void sim_output_add(struct sim_output *o, unsigned sensor, double arrival_s,
		    const uint8_t *p, size_t len);

/*
 * Sort by arrival and write the pcap: UDP from each sensor's source address
 * (port 40000 + sensor index) to dst_ip:udp_port. 0 or -errno with err set.
 */
int sim_output_write_pcap(struct sim_output *o, const struct sim_scenario *sc,
			  const char *path, char *err, size_t errlen);

/* Builds the datagrams of one sensor event (a sector, an ADS-B batch). */
struct sim_dgram {
	struct sim_output *out;
	struct sim_link *link;
	unsigned sensor;
	double t_send;
	int cat;                /* category of the open block, -1 none */
	unsigned records;
	struct sky_ast_writer w;
	uint8_t buf[SIM_DGRAM_MAX];
};

void sim_dgram_begin(struct sim_dgram *d, struct sim_output *out,
		     struct sim_link *link, unsigned sensor, double t_send);
/* Append one encoded record of category cat (n <= SIM_DGRAM_MAX - 3). */
void sim_dgram_add(struct sim_dgram *d, uint8_t cat, const uint8_t *rec, size_t n);
/* Emit what is left. */
void sim_dgram_end(struct sim_dgram *d);

/* Time of day in 1/128 s of a scenario time (UTC, wraps at midnight). */
uint32_t sim_tod128(int64_t start_utc, double t);

/* truth.csv: the header, then rows appended per whole second. */
struct sim_truth {
	FILE *f;
	char *buf;
	size_t len, cap;
	uint64_t rows;
};

int sim_truth_open(struct sim_truth *tr, const char *path, char *err, size_t errlen);
void sim_truth_row(struct sim_truth *tr, int64_t t_utc, uint32_t id, double lat,
		   double lon, double alt_m, const double v[3], unsigned cls);
/* Flush and close; 0 or -EIO with err set. */
int sim_truth_close(struct sim_truth *tr, const char *path, char *err, size_t errlen);

/* config.yaml of the scenario's sensors (interfaces.md). 0 or -errno. */
int sim_config_write(const struct sim_scenario *sc, const char *path, char *err,
		     size_t errlen);

#endif
