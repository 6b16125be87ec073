/*
 * geo.c - exact WGS84 geodetic/ECEF conversions and local ENU frames.
 *
 * Geodetic -> ECEF is the textbook closed form with the prime-vertical
 * radius N = a / sqrt(1 - e^2 sin^2(lat)).
 *
 * ECEF -> geodetic uses H. Vermeille's closed form ("Direct transformation
 * from geocentric coordinates to geodetic coordinates", J. Geodesy 76, 2002,
 * and the 2004 note in J. Geodesy 78): one cube root and a few square roots,
 * no iteration, exact in exact arithmetic for every point outside the
 * evolute of the meridian ellipse (a region of radius e^2 a ~ 43 km around
 * the Earth's centre). In double precision its error is of the order of a
 * nanometre for points on and above the surface (tests/test_geo.c checks
 * < 1 mm against an independent iteration and round trips worldwide,
 * including the poles and the antimeridian). We picked it over Bowring's
 * iteration because it has no loop and no convergence test on the hot path,
 * and it needs no special case at the poles (D = 0) or the equator (Z = 0).
 * Points within ~45 km of the centre are meaningless for air surveillance
 * and are not handled specially.
 *
 * ENU frames hold the origin in ECEF and the rotation whose rows are the
 * east, north and up unit vectors expressed in ECEF:
 *   e = (-sin lon,           cos lon,          0      )
 *   n = (-sin lat cos lon,  -sin lat sin lon,  cos lat)
 *   u = ( cos lat cos lon,   cos lat sin lon,  sin lat)
 * so enu = R (ecef - origin) and ecef = origin + R^T enu.
 */
#define _GNU_SOURCE /* sincos */
#include <math.h>

#include "geo.h"

void sky_geodetic_to_ecef(double lat_deg, double lon_deg, double alt_m,
			  double ecef[3])
{
	double lat = lat_deg * SKY_DEG2RAD, lon = lon_deg * SKY_DEG2RAD;
	double sl = sin(lat), cl = cos(lat);
	double n = SKY_WGS84_A / sqrt(1.0 - SKY_WGS84_E2 * sl * sl);

	ecef[0] = (n + alt_m) * cl * cos(lon);
	ecef[1] = (n + alt_m) * cl * sin(lon);
	ecef[2] = (n * (1.0 - SKY_WGS84_E2) + alt_m) * sl;
}

void sky_ecef_to_geodetic(const double ecef[3], double *lat_deg,
			  double *lon_deg, double *alt_m)
{
	const double a2 = SKY_WGS84_A * SKY_WGS84_A;
	const double e2 = SKY_WGS84_E2, e4 = e2 * e2;
	double x = ecef[0], y = ecef[1], z = ecef[2];
	double rho = hypot(x, y);

	double p = rho * rho / a2;
	double q = (1.0 - e2) / a2 * z * z;
	double r = (p + q - e4) / 6.0;
	double s = e4 * p * q / (4.0 * r * r * r);
	double t = cbrt(1.0 + s + sqrt(s * (2.0 + s)));
	double u = r * (1.0 + t + 1.0 / t);
	double v = sqrt(u * u + e4 * q);
	double w = e2 * (u + v - q) / (2.0 * v);
	double k = sqrt(u + v + w * w) - w;
	double d = k * rho / (k + e2);
	double dz = hypot(d, z);

	*lat_deg = atan2(z, d) * SKY_RAD2DEG;
	*lon_deg = atan2(y, x) * SKY_RAD2DEG;
	*alt_m = (k + e2 - 1.0) / k * dz;
}

/*
 * One sine and cosine each of latitude and longitude serve both the origin
 * (the closed form of sky_geodetic_to_ecef) and the rotation: the ADS-B
 * conversion builds a frame per report (meas.c sky_adsb_to_enu).
 */
void sky_enu_frame_init(struct sky_enu_frame *f, double lat_deg,
			double lon_deg, double alt_m)
{
	double sl, cl, so, co;
	sincos(lat_deg * SKY_DEG2RAD, &sl, &cl);
	sincos(lon_deg * SKY_DEG2RAD, &so, &co);
	double n = SKY_WGS84_A / sqrt(1.0 - SKY_WGS84_E2 * sl * sl);

	f->lat_deg = lat_deg;
	f->lon_deg = lon_deg;
	f->alt_m = alt_m;
	f->origin[0] = (n + alt_m) * cl * co;
	f->origin[1] = (n + alt_m) * cl * so;
	f->origin[2] = (n * (1.0 - SKY_WGS84_E2) + alt_m) * sl;
	f->r[0][0] = -so;
	f->r[0][1] = co;
	f->r[0][2] = 0.0;
	f->r[1][0] = -sl * co;
	f->r[1][1] = -sl * so;
	f->r[1][2] = cl;
	f->r[2][0] = cl * co;
	f->r[2][1] = cl * so;
	f->r[2][2] = sl;
}

void sky_ecef_vec_to_enu(const struct sky_enu_frame *f, const double v[3],
			 double out[3])
{
	double t[3] = { v[0], v[1], v[2] };

	for (int i = 0; i < 3; i++)
		out[i] = f->r[i][0] * t[0] + f->r[i][1] * t[1] + f->r[i][2] * t[2];
}

void sky_enu_vec_to_ecef(const struct sky_enu_frame *f, const double v[3],
			 double out[3])
{
	double t[3] = { v[0], v[1], v[2] };

	for (int i = 0; i < 3; i++)
		out[i] = f->r[0][i] * t[0] + f->r[1][i] * t[1] + f->r[2][i] * t[2];
}

void sky_ecef_to_enu(const struct sky_enu_frame *f, const double ecef[3],
		     double enu[3])
{
	double d[3] = { ecef[0] - f->origin[0], ecef[1] - f->origin[1],
			ecef[2] - f->origin[2] };

	sky_ecef_vec_to_enu(f, d, enu);
}

void sky_enu_to_ecef(const struct sky_enu_frame *f, const double enu[3],
		     double ecef[3])
{
	double d[3];

	sky_enu_vec_to_ecef(f, enu, d);
	for (int i = 0; i < 3; i++)
		ecef[i] = f->origin[i] + d[i];
}

void sky_geodetic_to_enu(const struct sky_enu_frame *f, double lat_deg,
			 double lon_deg, double alt_m, double enu[3])
{
	double ecef[3];

	sky_geodetic_to_ecef(lat_deg, lon_deg, alt_m, ecef);
	sky_ecef_to_enu(f, ecef, enu);
}

void sky_enu_to_geodetic(const struct sky_enu_frame *f, const double enu[3],
			 double *lat_deg, double *lon_deg, double *alt_m)
{
	double ecef[3];

	sky_enu_to_ecef(f, enu, ecef);
	sky_ecef_to_geodetic(ecef, lat_deg, lon_deg, alt_m);
}

void sky_enu_rotation(const struct sky_enu_frame *from,
		      const struct sky_enu_frame *to, double out[3][3])
{
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			out[i][j] = to->r[i][0] * from->r[j][0] +
				    to->r[i][1] * from->r[j][1] +
				    to->r[i][2] * from->r[j][2];
}
