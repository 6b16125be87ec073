/*
 * config.h - the skyfuse configuration: one YAML file (libyaml) loaded into
 * plain data that the runtime wires the pipeline from.
 *
 * The sensor part of the schema (system, sensors, input.udp_port,
 * output.cat062_udp_port) is fixed by shared/interfaces.md; every other key
 * is optional and has a default (sky_config_default), so a file holding only
 * the interfaces.md sections loads. The loader is strict: unknown keys,
 * duplicate keys, wrong types and out-of-range values are errors whose
 * message names the file, line:column, the key path (e.g.
 * `sensors[1].sigma.range_m`) and what was expected, because a typo in a
 * sensor's sigma must not silently become a default.
 *
 * The full schema, with defaults (* = required):
 *
 *   system:                       *
 *     sac: 0..255                 *  SAC/SIC written into I062/010
 *     sic: 0..255                 *
 *     reference: {lat, lon, alt}  *  origin of the system ENU frame
 *   sensors:                      *  a sequence, may be empty
 *     - name: string              *  unique, <= 63 characters
 *       kind: radar|adsb          *
 *       sac: 0..255               *  (sac, sic) unique
 *       sic: 0..255               *
 *       position: {lat, lon, alt}    * for radar, optional for adsb
 *       scan_period_s: > 0           * for radar; adsb default 1.0
 *       sigma:                    *
 *         range_m: > 0               * radar only
 *         azimuth_deg: > 0           * radar only
 *         height_m: >= 0             radar only, default 0 = no 3D height
 *         position_m: > 0            * adsb only
 *       pd: (0, 1]                   default 0.9
 *       editions: {catNNN: "x.y"}    per category, kept as strings
 *       source_addresses: [IPv4]     allow-list of packet sources, default any
 *   input:
 *     udp_port: 1..65535          8600
 *     driver: dpdk|socket         dpdk
 *     pcap: path                  none: read packets from this capture
 *                                 (net_pcap vdev with dpdk, replay with socket)
 *     bind: IPv4                  0.0.0.0 (socket driver: local address)
 *     multicast: IPv4             none (group to join, 224.0.0.0/4)
 *     device: string              none: the DPDK device to receive on, as
 *                                 EAL devargs ("net_memif0,role=server,
 *                                 socket=/run/x.sock") or a PCI address;
 *                                 dpdk only, not with pcap. None: the
 *                                 first ethdev (e.g. from an `eal` --vdev)
 *   output:
 *     cat062_udp_port: 1..65535   8601
 *     destination: IPv4           127.0.0.1
 *     device: string              none: the DPDK device to send on (same
 *                                 form as input.device); dpdk only. None:
 *                                 the input device (none with input.pcap)
 *   pipeline:
 *     burst_size: 1..1024         32
 *     ring_size: power of 2, 64..1048576   1024
 *     lcores: [cpu ids]           [] (the runtime chooses: every cpu of
 *                                 the process's affinity). Taken in order,
 *                                 round-robin: the control lcore on the
 *                                 first, each stage instance (graph order:
 *                                 rx, decode, fuse, publish) on the next. A
 *                                 cpu may repeat, so [0, 1, 0, 1, 1] places
 *                                 control and decode on cpu 0, the rest on 1
 *   tracker:
 *     mode: baseline|passthrough  baseline (passthrough: benchmark only)
 *     gate: > 0                   13.8 (Mahalanobis distance squared)
 *     confirm: {m, n}             {m: 3, n: 5}, 1 <= m <= n <= 64
 *     coast_s: > 0                20.0
 *     window_s: >= 0              1.0 (reorder window on measurement time:
 *                                 latency versus plots taken out of sequence)
 *   journal:
 *     enabled: true|false         false
 *     path: path                  none; required when enabled
 *   eal: [strings]                [] (extra EAL arguments)
 *
 * Latitudes in [-90, 90], longitudes in [-180, 180], altitudes in metres
 * above the WGS84 ellipsoid. Numbers are plain YAML scalars (not quoted);
 * strings may be plain or quoted.
 */
#ifndef SKY_CONFIG_H
#define SKY_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SKY_CONFIG_NAME_MAX 64
#define SKY_CONFIG_EDITIONS_MAX 8
#define SKY_CONFIG_EDITION_LEN 16

enum sky_sensor_kind { SKY_SENSOR_RADAR, SKY_SENSOR_ADSB };
enum sky_input_driver { SKY_INPUT_DPDK, SKY_INPUT_SOCKET };

/* Tracker modes: X(enum suffix, config name). Add new trackers here. */
/* passthrough: benchmark only, each plot becomes a track update untracked
   (stages/fuse_engine.h), to measure what the runtime itself costs. */
#define SKY_TRACKER_MODES(X) X(BASELINE, "baseline") X(PASSTHROUGH, "passthrough")
#define SKY_TRACKER_MODE_ENUM(e, s) SKY_TRACKER_##e,
enum sky_tracker_mode { SKY_TRACKER_MODES(SKY_TRACKER_MODE_ENUM) SKY_TRACKER_N_MODES };
#undef SKY_TRACKER_MODE_ENUM

struct sky_config_geo {
	double lat, lon, alt; /* deg, deg, m above the WGS84 ellipsoid */
};

/* `editions: {cat021: "0.26"}`: the caller resolves the string. */
struct sky_config_edition {
	unsigned cat;
	char edition[SKY_CONFIG_EDITION_LEN];
};

struct sky_config_sensor {
	char name[SKY_CONFIG_NAME_MAX];
	enum sky_sensor_kind kind;
	uint8_t sac, sic;
	bool has_position;             /* always true for radars */
	struct sky_config_geo position;
	double scan_period_s;
	struct {
		double range_m, azimuth_deg, height_m; /* radar */
		double position_m;                     /* adsb */
	} sigma;
	double pd;
	unsigned n_editions;
	struct sky_config_edition editions[SKY_CONFIG_EDITIONS_MAX];
	unsigned n_sources;            /* 0: any source address */
	uint32_t *sources;             /* IPv4, network byte order */
};

struct sky_config {
	struct {
		uint8_t sac, sic;
		struct sky_config_geo reference;
	} system;
	unsigned n_sensors;
	struct sky_config_sensor *sensors;
	struct {
		uint16_t udp_port;
		enum sky_input_driver driver;
		char *pcap;            /* NULL: none */
		uint32_t bind;         /* IPv4, network byte order; 0 = any */
		uint32_t multicast;    /* IPv4, network byte order; 0 = none */
		char *device;          /* DPDK devargs or PCI address; NULL: none */
	} input;
	struct {
		uint16_t cat062_udp_port;
		uint32_t destination;  /* IPv4, network byte order */
		char *device;          /* DPDK devargs or PCI address; NULL: none */
	} output;
	struct {
		unsigned burst_size;
		unsigned ring_size;
		unsigned n_lcores;     /* 0: the runtime chooses */
		unsigned *lcores;
	} pipeline;
	struct {
		enum sky_tracker_mode mode;
		double gate;
		unsigned confirm_m, confirm_n;
		double coast_s;
		double window_s;       /* reorder window, s of measurement time */
	} tracker;
	struct {
		bool enabled;
		char *path;            /* NULL unless given */
	} journal;
	struct {
		unsigned argc;
		char **argv;           /* extra EAL arguments */
	} eal;
};

/* Fill every default; no sensors, nothing allocated. */
void sky_config_default(struct sky_config *cfg);

/*
 * Load a config file into *cfg (which is overwritten, not freed: pass a
 * fresh or freed struct). Returns 0, or -ENOENT (or another -errno of
 * fopen) when the file cannot be opened, or -EINVAL for bad YAML or a bad
 * value; then err holds "FILE:LINE:COL: KEY.PATH: what was expected" and
 * *cfg holds the defaults (nothing to free).
 */
int sky_config_load(const char *path, struct sky_config *cfg, char *err,
		    size_t errlen);

/* Free what load allocated and reset *cfg to the defaults. */
void sky_config_free(struct sky_config *cfg);

/*
 * Write *cfg in the interfaces.md shape (system, sensors, input, output),
 * followed by the pipeline, tracker, journal and eal sections only where
 * they differ from the defaults. Loading the result gives back *cfg.
 * Returns 0 or -EIO.
 */
int sky_config_write(FILE *f, const struct sky_config *cfg);

/* Names used in the file, for messages: "radar", "dpdk", "baseline". */
const char *sky_sensor_kind_name(enum sky_sensor_kind k);
const char *sky_input_driver_name(enum sky_input_driver d);
const char *sky_tracker_mode_name(enum sky_tracker_mode m);

/* The sensor with this SAC/SIC, or NULL. */
const struct sky_config_sensor *sky_config_find_sensor(const struct sky_config *cfg,
						       uint8_t sac, uint8_t sic);

#endif
