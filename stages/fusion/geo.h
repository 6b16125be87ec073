/*
 * geo.h - WGS84 geodetic <-> ECEF <-> local east-north-up (ENU) frames.
 *
 * The system frame of skyfuse is a local ENU Cartesian frame at the
 * configured reference point (DESIGN.md "Frames"); every sensor has its own
 * local ENU frame at its antenna. Both are a `struct sky_enu_frame`: the
 * reference's ECEF position and the ECEF->ENU rotation, built once with
 * sky_enu_frame_init() so that converting a point costs a subtraction and a
 * 3x3 product. The geodetic conversions are exact (closed form, see geo.c),
 * not spherical approximations, and all in double precision.
 *
 * Units: latitude/longitude in degrees (north/east positive), heights in
 * metres above the WGS84 ellipsoid, ECEF and ENU in metres.
 * Vectors are plain `double[3]`: {x, y, z} in ECEF, {e, n, u} in ENU.
 */
#ifndef SKY_GEO_H
#define SKY_GEO_H

/* WGS84 defining constants and the derived ones we use. */
#define SKY_WGS84_A 6378137.0                 /* semi-major axis, m */
#define SKY_WGS84_F (1.0 / 298.257223563)     /* flattening */
#define SKY_WGS84_B (SKY_WGS84_A * (1.0 - SKY_WGS84_F))       /* semi-minor, m */
#define SKY_WGS84_E2 (SKY_WGS84_F * (2.0 - SKY_WGS84_F))      /* first ecc.^2 */

#define SKY_DEG2RAD (3.14159265358979323846 / 180.0)
#define SKY_RAD2DEG (180.0 / 3.14159265358979323846)

/* A local ENU frame: origin in ECEF and geodetic, and the rotation. */
struct sky_enu_frame {
	double lat_deg, lon_deg, alt_m; /* origin, geodetic */
	double origin[3];               /* origin, ECEF m */
	double r[3][3];                 /* rows: east, north, up unit vectors in ECEF */
};

/* Geodetic (deg, deg, m) -> ECEF (m). Exact. */
void sky_geodetic_to_ecef(double lat_deg, double lon_deg, double alt_m,
			  double ecef[3]);

/*
 * ECEF (m) -> geodetic (deg, deg, m). Closed form (Vermeille 2004), exact to
 * well below a millimetre for every point farther than ~45 km from the
 * Earth's centre; poles and the equatorial plane included. Longitude is in
 * (-180, 180]; on the polar axis it is 0.
 */
void sky_ecef_to_geodetic(const double ecef[3], double *lat_deg,
			  double *lon_deg, double *alt_m);

/* Build the ENU frame at a geodetic origin. */
void sky_enu_frame_init(struct sky_enu_frame *f, double lat_deg,
			double lon_deg, double alt_m);

/* Points: ECEF <-> ENU of the frame. */
void sky_ecef_to_enu(const struct sky_enu_frame *f, const double ecef[3],
		     double enu[3]);
void sky_enu_to_ecef(const struct sky_enu_frame *f, const double enu[3],
		     double ecef[3]);

/* Free vectors (velocities, differences): rotation only, no translation. */
void sky_ecef_vec_to_enu(const struct sky_enu_frame *f, const double v[3],
			 double out[3]);
void sky_enu_vec_to_ecef(const struct sky_enu_frame *f, const double v[3],
			 double out[3]);

/* Convenience: geodetic <-> ENU of the frame. */
void sky_geodetic_to_enu(const struct sky_enu_frame *f, double lat_deg,
			 double lon_deg, double alt_m, double enu[3]);
void sky_enu_to_geodetic(const struct sky_enu_frame *f, const double enu[3],
			 double *lat_deg, double *lon_deg, double *alt_m);

/*
 * Rotation taking vectors of frame `from` into frame `to`:
 * out = to.r * from.r^T. Used to carry covariances from a sensor's ENU frame
 * into the system frame (C_to = R C_from R^T).
 */
void sky_enu_rotation(const struct sky_enu_frame *from,
		      const struct sky_enu_frame *to, double out[3][3]);

#endif
