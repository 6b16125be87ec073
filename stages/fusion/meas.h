/*
 * meas.h - sensor measurements -> positions with covariance in the system
 * ENU frame, and the inverse (true position -> what a radar measures).
 *
 * A radar plot is slant range, azimuth (degrees from geodetic north,
 * clockwise, in the radar's own local frame) and a height: Mode C flight
 * level, a 3D radar height, or none. Its position in the system frame comes
 * with the 3x3 covariance of the measurement noise carried through the
 * Jacobian of the polar -> Cartesian conversion and the rotation from the
 * radar's ENU frame into the system ENU frame (DESIGN.md "Frames"), so that
 * gating is a real Mahalanobis test. ADS-B positions are WGS84 with a
 * horizontal sigma (and a vertical one), rotated the same way.
 *
 * Heights: every height here is metres above the WGS84 ellipsoid. A Mode C
 * flight level is a pressure altitude; we take FL * 100 ft as the altitude
 * (sky_fl_to_alt_m), i.e. the standard atmosphere with QNH 1013.25 hPa and
 * the geoid on the ellipsoid. The error of that choice (actual atmosphere,
 * geoid undulation ~ 40-50 m over Western Europe, geopotential vs geometric
 * height ~ 15 m at FL330) is a slowly varying bias of tens to a few hundred
 * metres; it is absorbed by SKY_MEAS_SIGMA_FL_M and the tracker. The
 * simulator uses the same two helpers, so truth and fusion agree.
 *
 * Units: metres, degrees in the API (radians only inside), covariances m^2.
 */
#ifndef SKY_MEAS_H
#define SKY_MEAS_H

#include "geo.h"

#define SKY_FT_M 0.3048

/* Default height sigmas when the sensor config gives none. */
#define SKY_MEAS_SIGMA_FL_M 50.0     /* Mode C: 25/100 ft steps + baro bias */
#define SKY_MEAS_SIGMA_NONE_M 3000.0 /* no height: assumed altitude, wide */

/* Flight level (hundreds of feet, pressure altitude) <-> altitude m. */
static inline double sky_fl_to_alt_m(double fl)
{
	return fl * 100.0 * SKY_FT_M;
}

static inline double sky_alt_m_to_fl(double alt_m)
{
	return alt_m / (100.0 * SKY_FT_M);
}

enum sky_height_kind {
	SKY_HEIGHT_NONE = 0, /* no height: `height` is an assumed altitude, m */
	SKY_HEIGHT_FL,       /* Mode C: `height` is a flight level (100 ft) */
	SKY_HEIGHT_3D,       /* 3D radar: `height` is the altitude, m */
	SKY_HEIGHT_KINDS
};

/* One radar plot in the sensor frame. */
struct sky_radar_plot {
	double range_m;            /* slant range */
	double az_deg;             /* from north, clockwise */
	enum sky_height_kind hkind;
	double height;             /* see enum sky_height_kind */
};

/* A position in the system ENU frame with its covariance. */
struct sky_meas_pos {
	double p[3];        /* e, n, u, m */
	double cov[3][3];   /* symmetric, m^2 */
};

/* What a radar sees of a point: slant range, azimuth, elevation. */
struct sky_polar {
	double range_m;
	double az_deg;      /* [0, 360), from north clockwise */
	double el_deg;      /* above the radar's local horizontal plane */
};

/* A radar placed in the system frame, built once per sensor. */
struct sky_radar_site {
	struct sky_enu_frame frame;            /* the radar's own ENU frame */
	double rot[3][3];                      /* radar ENU -> system ENU */
	double origin[3];                      /* antenna in system ENU, m */
	double sigma_range_m;
	double sigma_az_rad;
	double sigma_height_m[SKY_HEIGHT_KINDS]; /* by enum sky_height_kind */
};

/*
 * Place a radar at (lat, lon, alt) in the system frame `sys`. sigma_height_m
 * is the 3D height sigma (config `sigma.height_m`; 0, a radar without 3D
 * height, gives SKY_MEAS_SIGMA_FL_M so a covariance is never singular); the
 * Mode C and no-height sigmas get the defaults above and may be overwritten
 * in the struct afterwards.
 */
void sky_radar_site_init(struct sky_radar_site *site,
			 const struct sky_enu_frame *sys, double lat_deg,
			 double lon_deg, double alt_m, double sigma_range_m,
			 double sigma_az_deg, double sigma_height_m);

/*
 * Radar plot -> system ENU position and covariance. The elevation is solved
 * so that the point's WGS84 height equals the plot's height (a few Newton
 * steps on the exact ellipsoid, started from the geometric spherical-Earth
 * radar height equation with the Euler radius in the azimuth's direction;
 * straight rays, no 4/3-Earth refraction); the Jacobian uses that spherical
 * relation between elevation, range and height.
 * Returns 0; -EINVAL for a non-positive range; -ERANGE when no elevation
 * reaches the height at that range (|sin el| > 1): `out` then holds the
 * point at elevation +-90 deg, and the caller decides whether to use it.
 */
int sky_radar_to_enu(const struct sky_radar_site *site,
		     const struct sky_radar_plot *m, struct sky_meas_pos *out);

/* The inverse: what a radar with ENU frame `radar` measures of a point. */
void sky_radar_observe_ecef(const struct sky_enu_frame *radar,
			    const double ecef[3], struct sky_polar *out);
void sky_radar_observe_geodetic(const struct sky_enu_frame *radar,
				double lat_deg, double lon_deg, double alt_m,
				struct sky_polar *out);
/* Same for a point given in the system frame of the site. */
void sky_radar_observe_enu(const struct sky_radar_site *site,
			   const double enu_sys[3], struct sky_polar *out);

/*
 * ADS-B position (WGS84) -> system ENU with covariance: sigma_h_m is the
 * horizontal sigma (per axis, isotropic, in the target's local plane),
 * sigma_v_m the vertical one; both rotated into the system frame.
 */
void sky_adsb_to_enu(const struct sky_enu_frame *sys, double lat_deg,
		     double lon_deg, double alt_m, double sigma_h_m,
		     double sigma_v_m, struct sky_meas_pos *out);

#endif
