/*
 * radar_batch.c - the batch radar conversion (radar_batch.h): the site
 * constants, the portable `_base` reference, the azimuth tables and the
 * binding of sky_radar_batch() to a variant.
 *
 * The math, per plot (rho, sa = sin az, ca = cos az, target height h):
 *   R = 1 / (ca^2/M + sa^2/N), K = R + h_site      Euler radius, as meas.c
 *   s = ((R + h)^2 - K^2 - rho^2) / (2 K rho)       sphere guess of sin el
 * then SKY_RADAR_BATCH_NEWTON (2) times, on s rather than on el:
 *   c = sqrt(1 - s^2), P = O + rho (c (sa E + ca N) + s U)      ECEF point
 *   s -= (height(P) - h) (R + height(P)) / (K rho)
 * (the step of meas.c's Newton, dh/ds = K rho / (R + h) from the sphere).
 * height(P) is the exact WGS84 height through Bowring's one-step latitude:
 * with p = |(x, y)|, the parametric latitude beta ~ (b p, a z), and
 *   tan phi = (z + e'^2 b sin^3 beta) / (p - e^2 a cos^3 beta)
 *   h = p cos phi + z sin phi - a sqrt(1 - e^2 sin^2 phi).
 * Scaling numerator and denominator by |(b p, a z)|^3 and h by the norm of
 * (den, num) leaves four square roots and one division, no atan2 or cbrt.
 * Over ranges of 0.1 to 450 km, heights of -100 to 30000 m and sites at
 * latitudes 0 to 70 deg, Bowring's height is exact to ~5e-9 m (his latitude
 * error is ~1e-11 rad there and h is stationary in phi), the sphere guess
 * is within 3.8 m of the answer, one Newton step leaves < 6e-6 m and the
 * second reaches the rounding floor (~5e-9 m); tests/test_radar_batch.c
 * checks < 1e-4 m against sky_ecef_to_geodetic over that envelope.
 *
 * Position: origin + Q rho (c sa, c ca, s) in the system frame. Covariance:
 * sky_radar_cov's J diag(s_rho^2, s_az^2, s_h^2) J^T rotated by Q, built as
 * G = Q J, C = G diag(s2) G^T, of which only xx, xy, yy and zz are kept.
 */
#include <math.h>

#include "radar_batch.h"

#define RB_A SKY_WGS84_A
#define RB_B SKY_WGS84_B
#define RB_E2 SKY_WGS84_E2
#define RB_EP2 (SKY_WGS84_E2 / (1.0 - SKY_WGS84_E2)) /* second eccentricity^2 */
#define RB_MIN_COS_EL 1e-9                             /* as meas.c */

void sky_radar_batch_site_init(struct sky_radar_batch_site *b,
			       const struct sky_radar_site *site)
{
	double sl = sin(site->frame.lat_deg * SKY_DEG2RAD);
	double w2 = 1.0 - RB_E2 * sl * sl;
	double n = RB_A / sqrt(w2);
	double m = RB_A * (1.0 - RB_E2) / (w2 * sqrt(w2));

	b->inv_m = 1.0 / m;
	b->inv_n = 1.0 / n;
	b->h_site = site->frame.alt_m;
	for (int i = 0; i < 3; i++) {
		b->o[i] = site->frame.origin[i];
		b->origin[i] = site->origin[i];
		for (int j = 0; j < 3; j++) {
			b->ax[i][j] = site->frame.r[i][j];
			b->rot[i][j] = site->rot[i][j];
		}
	}
	b->s2_range = site->sigma_range_m * site->sigma_range_m;
	b->s2_az = site->sigma_az_rad * site->sigma_az_rad;
}

/* ---- the scalar reference ------------------------------------------------ */

/* Exact WGS84 height of an ECEF point, Bowring's latitude (see above). */
static double ellipsoid_height(double x, double y, double z)
{
	double p = sqrt(x * x + y * y);
	double t1 = RB_B * p, t2 = RB_A * z;
	double q = t1 * t1 + t2 * t2, q32 = q * sqrt(q);
	double num = z * q32 + RB_EP2 * RB_B * t2 * t2 * t2;
	double den = p * q32 - RB_E2 * RB_A * t1 * t1 * t1;
	double w = sqrt(den * den + (1.0 - RB_E2) * num * num);

	return (p * den + z * num - RB_A * w) / sqrt(den * den + num * num);
}

/* One lane's geometry, shared by the Newton steps and the covariance. */
struct rb_lane {
	double rho, sa, ca, h;
	double r, k, inv_krho;  /* Euler radius, R + h_site, 1 / (K rho) */
	double d[3];            /* horizontal direction sa E + ca N, ECEF */
	double s, c;            /* sin el, cos el */
};

static void newton_step(const struct sky_radar_batch_site *b, struct rb_lane *l)
{
	double c = sqrt(fmax(1.0 - l->s * l->s, 0.0));
	double p[3];

	for (int i = 0; i < 3; i++)
		p[i] = b->o[i] + l->rho * (c * l->d[i] + l->s * b->ax[2][i]);
	double hp = ellipsoid_height(p[0], p[1], p[2]);
	double s = l->s - (hp - l->h) * (l->r + hp) * l->inv_krho;
	l->s = fmin(fmax(s, -1.0), 1.0);
}

/* Cov of the system frame from the radar frame's Jacobian (meas.c). */
static void lane_cov(const struct sky_radar_batch_site *b, const struct rb_lane *l,
		     double s_h, const struct sky_radar_batch_out *out, unsigned i)
{
	double cg = fmax(l->c, RB_MIN_COS_EL);
	double del_drho = (-1.0 / l->k - l->s / l->rho) / cg;
	double del_dh = (l->r + l->h) * l->inv_krho / cg;
	double dv_del[3] = { -l->rho * l->s * l->sa, -l->rho * l->s * l->ca, l->rho * l->c };
	double j[3][3] = {
		{ l->c * l->sa + dv_del[0] * del_drho, l->rho * l->c * l->ca, dv_del[0] * del_dh },
		{ l->c * l->ca + dv_del[1] * del_drho, -l->rho * l->c * l->sa, dv_del[1] * del_dh },
		{ l->s + dv_del[2] * del_drho, 0.0, dv_del[2] * del_dh },
	};
	double s2[3] = { b->s2_range, b->s2_az, s_h * s_h };
	double g[3][3];

	for (int a = 0; a < 3; a++)
		for (int k = 0; k < 3; k++)
			g[a][k] = b->rot[a][0] * j[0][k] + b->rot[a][1] * j[1][k] +
				  b->rot[a][2] * j[2][k];
	out->cxx[i] = out->cxy[i] = out->cyy[i] = out->czz[i] = 0.0;
	for (int k = 0; k < 3; k++) {
		out->cxx[i] += s2[k] * g[0][k] * g[0][k];
		out->cxy[i] += s2[k] * g[0][k] * g[1][k];
		out->cyy[i] += s2[k] * g[1][k] * g[1][k];
		out->czz[i] += s2[k] * g[2][k] * g[2][k];
	}
}

static int convert_one(const struct sky_radar_batch_site *b,
		       const struct sky_radar_batch_in *in,
		       const struct sky_radar_batch_out *out, unsigned i)
{
	struct rb_lane l = { .rho = in->rho_m[i], .sa = in->sin_az[i],
			     .ca = in->cos_az[i], .h = in->h_m[i] };

	if (!(l.rho > 0.0))
		return SKY_RADAR_BATCH_BAD_GEOMETRY;
	l.r = 1.0 / (l.ca * l.ca * b->inv_m + l.sa * l.sa * b->inv_n);
	l.k = l.r + b->h_site;
	l.inv_krho = 1.0 / (l.k * l.rho);
	l.s = ((l.r + l.h) * (l.r + l.h) - l.k * l.k - l.rho * l.rho) * 0.5 * l.inv_krho;
	if (!(l.s >= -1.0 && l.s <= 1.0))
		return SKY_RADAR_BATCH_BAD_GEOMETRY;
	for (int k = 0; k < 3; k++)
		l.d[k] = l.sa * b->ax[0][k] + l.ca * b->ax[1][k];
	for (int it = 0; it < SKY_RADAR_BATCH_NEWTON; it++)
		newton_step(b, &l);
	l.c = sqrt(1.0 - l.s * l.s);

	double v[3] = { l.rho * l.c * l.sa, l.rho * l.c * l.ca, l.rho * l.s };
	double *p[3] = { out->x, out->y, out->z };
	for (int a = 0; a < 3; a++)
		p[a][i] = b->origin[a] + b->rot[a][0] * v[0] + b->rot[a][1] * v[1] +
			  b->rot[a][2] * v[2];
	lane_cov(b, &l, in->sigma_h_m[i], out, i);
	return SKY_RADAR_BATCH_OK;
}

/* 2026-11-22 `skyfuse bench convert`: base 286 cycles (800 Ir)/plot; scalar 893 (2754 Ir) */
unsigned sky_radar_batch_base(const struct sky_radar_batch_site *site,
			      const struct sky_radar_batch_in *in,
			      const struct sky_radar_batch_out *out, unsigned n)
{
	unsigned ok = 0;

	for (unsigned i = 0; i < n; i++) {
		out->status[i] = (uint8_t)convert_one(site, in, out, i);
		ok += out->status[i] == SKY_RADAR_BATCH_OK;
	}
	return ok;
}

/* ---- azimuth codes and the binding ----------------------------------------- */

/* Entries from long double angles, so that each is the double nearest to
   the true sine or cosine (the x87 format carries 64 bits of 2 pi). */
void sky_radar_az_table_init(struct sky_radar_az_table *t)
{
	const long double two_pi = 6.283185307179586476925286766559005768L;

	for (unsigned k = 0; k < 256; k++) {
		long double hi = k * (two_pi / 256.0L), lo = k * (two_pi / 65536.0L);

		t->hi_s[k] = (double)sinl(hi);
		t->hi_c[k] = (double)cosl(hi);
		t->lo_s[k] = (double)sinl(lo);
		t->lo_c[k] = (double)cosl(lo);
	}
}

sky_radar_batch_fn sky_radar_batch_variant(enum sky_simd_level l)
{
	switch (l) {
	case SKY_SIMD_AVX512:
		return sky_radar_batch_avx512;
	case SKY_SIMD_AVX2:
		return sky_radar_batch_avx2;
	default:
		return sky_radar_batch_base;
	}
}

unsigned sky_radar_batch(const struct sky_radar_batch_site *site,
			 const struct sky_radar_batch_in *in,
			 const struct sky_radar_batch_out *out, unsigned n)
{
	static sky_radar_batch_fn bound;
	sky_radar_batch_fn f = __atomic_load_n(&bound, __ATOMIC_RELAXED);

	if (!f) {
		f = sky_radar_batch_variant(sky_simd_level());
		__atomic_store_n(&bound, f, __ATOMIC_RELAXED);
	}
	return f(site, in, out, n);
}
