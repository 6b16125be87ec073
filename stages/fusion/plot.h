/*
 * plot.h - what flows into and out of a tracker, in the system frame.
 *
 * A plot is one measurement of one target by one sensor, already converted
 * into the system's local east-north-up frame with its covariance (see
 * meas.h). A track update is one tracker output, which the publish stage
 * turns into a CAT062 record. Both are plain structs so that the decode,
 * fuse and publish stages, the simulator and the tests share them.
 */
#ifndef SKY_PLOT_H
#define SKY_PLOT_H

#include <stdint.h>

enum sky_plot_flags {
	SKY_PLOT_HAS_Z = 1u << 0,       /* z/czz valid (3D radar, FL, ADS-B) */
	SKY_PLOT_HAS_ADDR = 1u << 1,    /* 24-bit ICAO address */
	SKY_PLOT_HAS_M3A = 1u << 2,     /* Mode 3/A code */
	SKY_PLOT_HAS_CALLSIGN = 1u << 3,
	SKY_PLOT_HAS_FL = 1u << 4,      /* barometric flight level */
	SKY_PLOT_PSR = 1u << 5,         /* primary detection */
	SKY_PLOT_SSR = 1u << 6,         /* secondary (Mode A/C) */
	SKY_PLOT_MODES = 1u << 7,       /* Mode S */
	SKY_PLOT_ADSB = 1u << 8,        /* ADS-B report */
};

struct sky_plot {
	double t;                 /* measurement time, s since the UNIX epoch */
	double x, y, z;           /* system ENU, m */
	double cxx, cxy, cyy;     /* horizontal position covariance, m^2 */
	double czz;               /* vertical variance, m^2 */
	uint64_t rx_tsc;          /* rx time stamp of the carrying datagram */
	uint32_t address;         /* ICAO 24-bit address */
	uint16_t mode3a;          /* 12-bit octal code as binary */
	int16_t fl_q;             /* flight level in 1/4 FL */
	uint16_t sensor;          /* index of the sensor in the config */
	uint16_t flags;           /* enum sky_plot_flags */
	float revisit_s;          /* the sensor's nominal update period */
	char callsign[9];
};

enum sky_track_flags {
	SKY_TRACK_CONFIRMED = 1u << 0,
	SKY_TRACK_TERMINATED = 1u << 1,  /* last message of this track (TSE) */
	SKY_TRACK_COASTING = 1u << 2,    /* extrapolated, no plot this update */
	SKY_TRACK_HAS_Z = 1u << 3,
};

struct sky_track_update {
	uint32_t track_no;
	uint16_t flags;             /* enum sky_track_flags */
	uint16_t plot_flags;        /* identity present: enum sky_plot_flags */
	double t;                   /* time of the estimate, UNIX s */
	double x, y, z;             /* system ENU, m */
	double vx, vy, vz;          /* m/s */
	double cxx, cxy, cyy;       /* position covariance, m^2 */
	double cvv;                 /* mean horizontal velocity variance, (m/s)^2 */
	uint64_t rx_tsc;            /* of the plot that caused the update */
	uint32_t address;
	uint16_t mode3a;
	int16_t fl_q;
	uint32_t updates;           /* plots associated so far */
	double first_t;             /* time the track started */
	float age_psr, age_ssr, age_mds, age_ads; /* s since last of each kind, <0: never */
	char callsign[9];
};

#endif
