/*
 * sim_scenario.h - a scenario of `skyfuse sim` as parsed from its YAML file:
 * the system reference, the sensors (radars, ADS-B stations), the targets
 * given one by one and the groups that generate targets.
 *
 * This is plain data with every default already filled in by the parser
 * (sim_parse.c documents the file format); the motion, sensor and output
 * parts of the simulator read it and never see YAML. Groups are expanded into
 * ordinary targets by sim_groups.c before the run, so the run knows one kind
 * of target. Units are in the names; angles in degrees, positions WGS84 with
 * heights in metres above the ellipsoid.
 */
#ifndef SKY_SIM_SCENARIO_H
#define SKY_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "truth_csv.h" /* enum sky_target_class and the class names */

#define SIM_NAME_MAX 32

/* A point on WGS84. */
struct sim_geo {
	double lat, lon, alt_m;
};

enum sim_seg_kind {
	SIM_SEG_STRAIGHT,  /* hold heading (a geodesic) for duration_s */
	SIM_SEG_TURN,      /* coordinated turn of turn_deg at load factor g */
	SIM_SEG_CLIMB,     /* climb or descend to to_alt_m at rate_mps */
	SIM_SEG_SPEED,     /* accelerate or slow to to_speed_mps at accel_mps2 */
	SIM_SEG_WAYPOINT,  /* fly to wp, turning at g, reaching wp.alt_m there */
};

struct sim_segment {
	enum sim_seg_kind kind;
	double duration_s;   /* straight */
	double turn_deg;     /* turn: + right (clockwise seen from above), - left */
	double g;            /* turn, waypoint: load factor (1 = level flight) */
	double to_alt_m;     /* climb */
	double rate_mps;     /* climb: vertical speed, > 0 */
	double to_speed_mps; /* speed; waypoint: 0 = keep the speed */
	double accel_mps2;   /* speed, waypoint: > 0 */
	struct sim_geo wp;   /* waypoint */
	bool wp_has_alt;     /* waypoint: change altitude on the way */
	unsigned line;       /* in the scenario file, for messages */
};

/* One target as the run knows it (given or generated). */
struct sim_target {
	uint32_t id;            /* truth.csv target_id */
	uint8_t cls;            /* enum sky_target_class */
	double start_s;         /* appears at this scenario time */
	double end_s;           /* disappears at this time; < 0: at the end */
	struct sim_geo pos;     /* at start_s */
	double heading_deg;     /* true, from north clockwise */
	double speed_mps;       /* ground speed */
	double rcs_m2;          /* radar cross-section (Pd model) */
	bool cooperative;       /* answers SSR / Mode S */
	bool adsb;              /* broadcasts ADS-B (cooperative only) */
	bool vanish_after;      /* disappears when its segments are done */
	uint16_t mode3a;        /* 12 bits, octal digits */
	uint32_t address;       /* 24-bit ICAO address */
	char callsign[9];
	struct sim_segment *seg;  /* owned by the target, or by its group */
	unsigned n_seg;
	int group;                /* index of the generating group, -1 given */
};

/* A group: count targets along a corridor, in waves. */
struct sim_group {
	char name[SIM_NAME_MAX];
	uint8_t cls;
	unsigned count;
	unsigned waves;
	double start_s;
	double wave_interval_s;
	double wave_depth_m;      /* along-track spread of one wave */
	struct sim_geo from, to;  /* corridor centre line (alt of `from` unused) */
	double width_m;           /* across-track spread */
	double speed_mps, speed_spread_mps;  /* uniform +- spread */
	double alt_m, alt_spread_m;
	double heading_spread_deg;
	double rcs_m2;            /* 0: the class default */
	int cooperative;          /* -1: class default */
	double adsb_fraction;     /* of the cooperative ones */
	bool vanish_at_end;       /* disappear after the corridor's length */
	unsigned line;
	struct sim_segment *segs; /* the generated targets' segments */
};

/* What radars and ADS-B stations share. */
struct sim_sensor_common {
	char name[SIM_NAME_MAX];
	uint8_t sac, sic;
	struct sim_geo pos;
	double delay_mean_s, delay_jitter_s; /* network delay */
	uint32_t src_ip;                     /* host order */
	unsigned line;
};

enum sim_ssr_mode { SIM_SSR_NONE, SIM_SSR_MODEAC, SIM_SSR_MODES };

struct sim_radar {
	struct sim_sensor_common c;
	double scan_period_s;
	unsigned sectors;           /* per revolution */
	double start_az_deg;        /* antenna azimuth at scenario time 0 */
	double min_range_m, max_range_m;
	double max_el_deg;          /* cone of silence above this elevation */
	double sigma_range_m, sigma_az_deg, sigma_height_m; /* height 0: 2D */
	bool psr;                   /* primary radar */
	double pd;                  /* PSR Pd of a pd_ref_rcs_m2 target at pd_ref_range_m */
	double pd_ref_range_m, pd_ref_rcs_m2;
	double pfa;                 /* per cell, sets the Swerling-1 curve */
	double false_alarms_per_scan;
	enum sim_ssr_mode ssr;
	double ssr_pd;
	bool horizon;               /* 4/3-Earth radio horizon masks targets */
};

struct sim_adsb_station {
	struct sim_sensor_common c;
	double period_s;            /* report period per target */
	double sigma_position_m;
	double pd;                  /* probability a report is received */
	double max_range_m;
	bool horizon;
};

struct sim_scenario {
	const char *path;           /* the YAML file */
	char name[SIM_NAME_MAX];
	int64_t start_utc;          /* UNIX seconds of scenario time 0 */
	double duration_s;
	uint64_t seed;
	uint8_t sys_sac, sys_sic;
	struct sim_geo reference;
	uint16_t udp_port, cat062_port;
	uint32_t dst_ip;

	struct sim_radar *radars;
	unsigned n_radars;
	struct sim_adsb_station *adsb;
	unsigned n_adsb;
	struct sim_target *targets; /* given ones, then generated ones */
	unsigned n_targets;
	struct sim_group *groups;
	unsigned n_groups;
};

/*
 * Parse a scenario file. 0, or -EINVAL / -ENOMEM / -errno with a message in
 * err naming the file, the line, the key and what was expected. The
 * scenario is zeroed first and must be freed with sim_scenario_free.
 */
int sim_scenario_load(const char *path, struct sim_scenario *sc, char *err,
		      size_t errlen);
void sim_scenario_free(struct sim_scenario *sc);

/*
 * After the seed is final (--seed): draw what the file left to chance
 * (antenna start azimuths), default the system reference to the sensors'
 * mean position and expand the groups. 0 or -ENOMEM.
 */
int sim_scenario_prepare(struct sim_scenario *sc);

/*
 * Expand the groups into targets (appended to sc->targets, ids after the
 * given ones), drawing from the scenario seed. 0 or -ENOMEM.
 */
int sim_groups_expand(struct sim_scenario *sc);

/* Identity of a cooperative target without one given: from its id. */
void sim_target_default_identity(struct sim_target *t);

#endif
