/*
 * meas.c - radar and ADS-B measurements into the system ENU frame.
 *
 * Radar plot: range rho, azimuth theta and a target height h. In the
 * radar's ENU frame the point is
 *     v = rho (cos el sin theta, cos el cos theta, sin el)
 * where the elevation el is whatever puts the point at WGS84 height h. On a
 * sphere of radius R (the Euler radius of curvature at the radar in the
 * azimuth's direction) with the radar at height hs, K = R + hs:
 *     sin el = ((R + h)^2 - K^2 - rho^2) / (2 K rho)          (1)
 * which is within metres of the ellipsoid answer at 400 km; a few Newton
 * steps on the exact ellipsoid height (sky_ecef_to_geodetic) then bring the
 * height to within 0.1 mm of h. Rays are straight (no refraction): the
 * simulator generates plots with sky_radar_observe_*, the exact inverse.
 *
 * Covariance: J = d v / d(rho, theta, h) with el = el(rho, h) from (1):
 *     d sin el / d rho = -1/K - sin el / rho,  d sin el / d h = (R + h)/(K rho)
 * C_radar = J diag(s_rho^2, s_theta^2, s_h^2) J^T, then C_sys = Q C Q^T with
 * Q the rotation radar ENU -> system ENU (the ECEF of both frames). Using the
 * sphere for the derivatives changes them by O(e^2) ~ 0.7 %, far below the
 * uncertainty of the sigmas themselves; tests/test_meas.c checks the result
 * against a Monte-Carlo estimate through the exact conversion.
 */
#include <errno.h>
#include <math.h>

#include "meas.h"

#define SKY_MEAS_NEWTON_MAX 6
#define SKY_MEAS_NEWTON_TOL_M 1e-5
#define SKY_MEAS_MIN_COS_EL 1e-9

void sky_radar_site_init(struct sky_radar_site *site,
			 const struct sky_enu_frame *sys, double lat_deg,
			 double lon_deg, double alt_m, double sigma_range_m,
			 double sigma_az_deg, double sigma_height_m)
{
	sky_enu_frame_init(&site->frame, lat_deg, lon_deg, alt_m);
	sky_enu_rotation(&site->frame, sys, site->rot);
	sky_ecef_to_enu(sys, site->frame.origin, site->origin);
	site->sigma_range_m = sigma_range_m;
	site->sigma_az_rad = sigma_az_deg * SKY_DEG2RAD;
	site->sigma_height_m[SKY_HEIGHT_NONE] = SKY_MEAS_SIGMA_NONE_M;
	site->sigma_height_m[SKY_HEIGHT_FL] = SKY_MEAS_SIGMA_FL_M;
	site->sigma_height_m[SKY_HEIGHT_3D] =
		sigma_height_m > 0.0 ? sigma_height_m : SKY_MEAS_SIGMA_FL_M;
}

/* Euler radius of curvature of the ellipsoid at lat in direction az. */
static double sky_euler_radius(double lat_deg, double az_rad)
{
	double sl = sin(lat_deg * SKY_DEG2RAD);
	double w2 = 1.0 - SKY_WGS84_E2 * sl * sl;
	double n = SKY_WGS84_A / sqrt(w2);
	double m = SKY_WGS84_A * (1.0 - SKY_WGS84_E2) / (w2 * sqrt(w2));
	double ca = cos(az_rad), sa = sin(az_rad);

	return 1.0 / (ca * ca / m + sa * sa / n);
}

static double sky_plot_alt_m(const struct sky_radar_plot *m)
{
	return m->hkind == SKY_HEIGHT_FL ? sky_fl_to_alt_m(m->height) : m->height;
}

/* Point at (rho, theta, el) of the radar frame: local vector and ECEF. */
static void sky_polar_point(const struct sky_enu_frame *f, double rho,
			    double st, double ct, double el, double v[3],
			    double ecef[3])
{
	double ce = cos(el), se = sin(el);

	v[0] = rho * ce * st;
	v[1] = rho * ce * ct;
	v[2] = rho * se;
	sky_enu_to_ecef(f, v, ecef);
}

/*
 * Newton on the exact ellipsoid height, derivative from the sphere:
 * dh/d el = K rho cos el / (R + h). Stays put when already within tolerance.
 */
static double sky_refine_el(const struct sky_enu_frame *f, double rho,
			    double st, double ct, double el, double h,
			    double r, double k)
{
	for (int i = 0; i < SKY_MEAS_NEWTON_MAX; i++) {
		double v[3], ecef[3], lat, lon, alt;

		sky_polar_point(f, rho, st, ct, el, v, ecef);
		sky_ecef_to_geodetic(ecef, &lat, &lon, &alt);
		double err = alt - h;
		double dh = k * rho * cos(el) / (r + alt);
		if (fabs(err) < SKY_MEAS_NEWTON_TOL_M || dh < 1e-9)
			break;
		el -= err / dh;
		if (el > M_PI_2)
			el = M_PI_2;
		else if (el < -M_PI_2)
			el = -M_PI_2;
	}
	return el;
}

/* J diag(s2) J^T in the radar frame, then rotated into the system frame. */
static void sky_radar_cov(const struct sky_radar_site *site, double rho,
			  double st, double ct, double el, double r, double k,
			  double h, double s_h, double cov[3][3])
{
	double ce = cos(el), se = sin(el);
	double cg = ce > SKY_MEAS_MIN_COS_EL ? ce : SKY_MEAS_MIN_COS_EL;
	double del_drho = (-1.0 / k - se / rho) / cg;
	double del_dh = (r + h) / (k * rho) / cg;
	double dv_del[3] = { -rho * se * st, -rho * se * ct, rho * ce };
	double j[3][3], c[3][3], t[3][3];
	double s2[3] = { site->sigma_range_m * site->sigma_range_m,
			 site->sigma_az_rad * site->sigma_az_rad, s_h * s_h };

	for (int i = 0; i < 3; i++) {
		j[i][1] = 0.0;
		j[i][2] = dv_del[i] * del_dh;
	}
	j[0][0] = ce * st + dv_del[0] * del_drho;
	j[1][0] = ce * ct + dv_del[1] * del_drho;
	j[2][0] = se + dv_del[2] * del_drho;
	j[0][1] = rho * ce * ct;
	j[1][1] = -rho * ce * st;

	for (int a = 0; a < 3; a++)
		for (int b = 0; b < 3; b++)
			c[a][b] = j[a][0] * j[b][0] * s2[0] +
				  j[a][1] * j[b][1] * s2[1] +
				  j[a][2] * j[b][2] * s2[2];
	/* t = Q c; cov = t Q^T */
	for (int a = 0; a < 3; a++)
		for (int b = 0; b < 3; b++)
			t[a][b] = site->rot[a][0] * c[0][b] +
				  site->rot[a][1] * c[1][b] +
				  site->rot[a][2] * c[2][b];
	for (int a = 0; a < 3; a++)
		for (int b = 0; b < 3; b++)
			cov[a][b] = t[a][0] * site->rot[b][0] +
				    t[a][1] * site->rot[b][1] +
				    t[a][2] * site->rot[b][2];
}

int sky_radar_to_enu(const struct sky_radar_site *site,
		     const struct sky_radar_plot *m, struct sky_meas_pos *out)
{
	if (!(m->range_m > 0.0))
		return -EINVAL;

	int rc = 0;
	double rho = m->range_m, theta = m->az_deg * SKY_DEG2RAD;
	double st = sin(theta), ct = cos(theta);
	double h = sky_plot_alt_m(m);
	double r = sky_euler_radius(site->frame.lat_deg, theta);
	double k = r + site->frame.alt_m;
	double se = ((r + h) * (r + h) - k * k - rho * rho) / (2.0 * k * rho);
	double el;

	if (se > 1.0 || se < -1.0) {
		el = se > 0 ? M_PI_2 : -M_PI_2;
		rc = -ERANGE;
	} else {
		el = sky_refine_el(&site->frame, rho, st, ct, asin(se), h, r, k);
	}

	double v[3], ecef[3];
	sky_polar_point(&site->frame, rho, st, ct, el, v, ecef);
	for (int i = 0; i < 3; i++)
		out->p[i] = site->origin[i] + site->rot[i][0] * v[0] +
			    site->rot[i][1] * v[1] + site->rot[i][2] * v[2];
	sky_radar_cov(site, rho, st, ct, el, r, k, h,
		      site->sigma_height_m[m->hkind < SKY_HEIGHT_KINDS ?
						   m->hkind : SKY_HEIGHT_NONE],
		      out->cov);
	return rc;
}

static void sky_polar_of_local(const double v[3], struct sky_polar *out)
{
	double horiz = hypot(v[0], v[1]);
	double az = atan2(v[0], v[1]) * SKY_RAD2DEG;

	out->range_m = sqrt(horiz * horiz + v[2] * v[2]);
	out->az_deg = az < 0.0 ? az + 360.0 : az;
	if (out->az_deg >= 360.0)
		out->az_deg -= 360.0;
	out->el_deg = atan2(v[2], horiz) * SKY_RAD2DEG;
}

void sky_radar_observe_ecef(const struct sky_enu_frame *radar,
			    const double ecef[3], struct sky_polar *out)
{
	double v[3];

	sky_ecef_to_enu(radar, ecef, v);
	sky_polar_of_local(v, out);
}

void sky_radar_observe_geodetic(const struct sky_enu_frame *radar,
				double lat_deg, double lon_deg, double alt_m,
				struct sky_polar *out)
{
	double ecef[3];

	sky_geodetic_to_ecef(lat_deg, lon_deg, alt_m, ecef);
	sky_radar_observe_ecef(radar, ecef, out);
}

void sky_radar_observe_enu(const struct sky_radar_site *site,
			   const double enu_sys[3], struct sky_polar *out)
{
	double d[3] = { enu_sys[0] - site->origin[0],
			enu_sys[1] - site->origin[1],
			enu_sys[2] - site->origin[2] };
	double v[3];

	/* rot is orthonormal: its transpose takes system ENU back to radar ENU */
	for (int i = 0; i < 3; i++)
		v[i] = site->rot[0][i] * d[0] + site->rot[1][i] * d[1] +
		       site->rot[2][i] * d[2];
	sky_polar_of_local(v, out);
}

void sky_adsb_to_enu(const struct sky_enu_frame *sys, double lat_deg,
		     double lon_deg, double alt_m, double sigma_h_m,
		     double sigma_v_m, struct sky_meas_pos *out)
{
	struct sky_enu_frame tgt;
	double q[3][3];
	double sh2 = sigma_h_m * sigma_h_m, sv2 = sigma_v_m * sigma_v_m;

	sky_enu_frame_init(&tgt, lat_deg, lon_deg, alt_m);
	sky_ecef_to_enu(sys, tgt.origin, out->p);
	sky_enu_rotation(&tgt, sys, q);
	/* Q diag(sh2, sh2, sv2) Q^T */
	for (int a = 0; a < 3; a++)
		for (int b = 0; b < 3; b++)
			out->cov[a][b] = sh2 * (q[a][0] * q[b][0] +
						q[a][1] * q[b][1]) +
					 sv2 * q[a][2] * q[b][2];
}
