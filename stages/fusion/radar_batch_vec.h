/*
 * radar_batch_vec.h - the vector body of the batch radar conversion
 * (radar_batch.h), written once with GCC vector extensions and included by
 * radar_batch_avx2.c (4 doubles) and radar_batch_avx512.c (8 doubles).
 *
 * It is radar_batch.c's scalar reference lane for lane, same formulas in
 * the same order (see there for the math); the includer defines
 *   RB_VD              the vector type (__m256d, __m512d), RB_W its lanes
 *   RB_SQRT(v)         lane-wise square root
 *   RB_MIN, RB_MAX     lane-wise min / max
 *   RB_SET1(x)         broadcast
 *   RB_LOADU, RB_STOREU  unaligned load / store of RB_W doubles
 *   RB_OKBITS(m)       a lane mask (all-ones / zero lanes) -> bit per lane
 *   RB_NAME            the function to define.
 * Full vectors are loaded straight from the caller's arrays; the last
 * n % RB_W plots go through a padded copy on the stack and the very same
 * code, so a lane's result never depends on where it sits in the batch.
 * Bad lanes (range <= 0, |sin el| > 1) compute on a harmless stand-in
 * (range 1 m, el 0) so that no NaN or infinity is ever produced.
 */
#include <stdint.h>
#include <string.h>

#include "radar_batch.h"

#define RB_A SKY_WGS84_A
#define RB_B SKY_WGS84_B
#define RB_E2 SKY_WGS84_E2
#define RB_EP2 (SKY_WGS84_E2 / (1.0 - SKY_WGS84_E2))
#define RB_MIN_COS_EL 1e-9

typedef long long rb_vm __attribute__((vector_size(RB_W * 8)));

static inline RB_VD rb_select(rb_vm m, RB_VD a, RB_VD b)
{
	return (RB_VD)(((rb_vm)a & m) | ((rb_vm)b & ~m));
}

/* Exact WGS84 height of ECEF points, Bowring's latitude (radar_batch.c). */
static inline RB_VD rb_height(RB_VD x, RB_VD y, RB_VD z)
{
	RB_VD p = RB_SQRT(x * x + y * y);
	RB_VD t1 = RB_B * p, t2 = RB_A * z;
	RB_VD q = t1 * t1 + t2 * t2, q32 = q * RB_SQRT(q);
	RB_VD num = z * q32 + RB_EP2 * RB_B * t2 * t2 * t2;
	RB_VD den = p * q32 - RB_E2 * RB_A * t1 * t1 * t1;
	RB_VD w = RB_SQRT(den * den + (1.0 - RB_E2) * num * num);

	return (p * den + z * num - RB_A * w) / RB_SQRT(den * den + num * num);
}

struct rb_vlane {
	RB_VD rho, sa, ca, h;
	RB_VD r, k, inv_krho;
	RB_VD d[3];
	RB_VD s, c;
};

static inline void rb_newton_step(const struct sky_radar_batch_site *b, struct rb_vlane *l)
{
	RB_VD c = RB_SQRT(RB_MAX(1.0 - l->s * l->s, RB_SET1(0.0)));
	RB_VD p[3];

	for (int i = 0; i < 3; i++)
		p[i] = b->o[i] + l->rho * (c * l->d[i] + l->s * b->ax[2][i]);
	RB_VD hp = rb_height(p[0], p[1], p[2]);
	RB_VD s = l->s - (hp - l->h) * (l->r + hp) * l->inv_krho;
	l->s = RB_MIN(RB_MAX(s, RB_SET1(-1.0)), RB_SET1(1.0));
}

static inline void rb_cov(const struct sky_radar_batch_site *b, const struct rb_vlane *l,
			  RB_VD s_h, RB_VD cov[4])
{
	RB_VD cg = RB_MAX(l->c, RB_SET1(RB_MIN_COS_EL));
	RB_VD del_drho = (-1.0 / l->k - l->s / l->rho) / cg;
	RB_VD del_dh = (l->r + l->h) * l->inv_krho / cg;
	RB_VD dv_del[3] = { -l->rho * l->s * l->sa, -l->rho * l->s * l->ca, l->rho * l->c };
	RB_VD zero = RB_SET1(0.0);
	RB_VD j[3][3] = {
		{ l->c * l->sa + dv_del[0] * del_drho, l->rho * l->c * l->ca, dv_del[0] * del_dh },
		{ l->c * l->ca + dv_del[1] * del_drho, -l->rho * l->c * l->sa, dv_del[1] * del_dh },
		{ l->s + dv_del[2] * del_drho, zero, dv_del[2] * del_dh },
	};
	RB_VD s2[3] = { RB_SET1(b->s2_range), RB_SET1(b->s2_az), s_h * s_h };
	RB_VD g[3][3];

	for (int a = 0; a < 3; a++)
		for (int k = 0; k < 3; k++)
			g[a][k] = b->rot[a][0] * j[0][k] + b->rot[a][1] * j[1][k] +
				  b->rot[a][2] * j[2][k];
	cov[0] = cov[1] = cov[2] = cov[3] = zero;
	for (int k = 0; k < 3; k++) {
		cov[0] += s2[k] * g[0][k] * g[0][k];
		cov[1] += s2[k] * g[0][k] * g[1][k];
		cov[2] += s2[k] * g[1][k] * g[1][k];
		cov[3] += s2[k] * g[2][k] * g[2][k];
	}
}

/* RB_W plots from index i of in to index i of out; returns the ok bits. */
static inline unsigned rb_block(const struct sky_radar_batch_site *b,
				const struct sky_radar_batch_in *in,
				const struct sky_radar_batch_out *out, unsigned i)
{
	struct rb_vlane l = { .rho = RB_LOADU(in->rho_m + i), .sa = RB_LOADU(in->sin_az + i),
			      .ca = RB_LOADU(in->cos_az + i), .h = RB_LOADU(in->h_m + i) };
	rb_vm ok = (rb_vm)(l.rho > 0.0);

	l.rho = rb_select(ok, l.rho, RB_SET1(1.0));
	l.r = 1.0 / (l.ca * l.ca * b->inv_m + l.sa * l.sa * b->inv_n);
	l.k = l.r + b->h_site;
	l.inv_krho = 1.0 / (l.k * l.rho);
	l.s = ((l.r + l.h) * (l.r + l.h) - l.k * l.k - l.rho * l.rho) * 0.5 * l.inv_krho;
	ok &= (rb_vm)(l.s >= -1.0) & (rb_vm)(l.s <= 1.0);
	l.s = rb_select(ok, l.s, RB_SET1(0.0));
	for (int k = 0; k < 3; k++)
		l.d[k] = l.sa * b->ax[0][k] + l.ca * b->ax[1][k];
	for (int it = 0; it < SKY_RADAR_BATCH_NEWTON; it++)
		rb_newton_step(b, &l);
	l.c = RB_SQRT(1.0 - l.s * l.s);

	RB_VD v[3] = { l.rho * l.c * l.sa, l.rho * l.c * l.ca, l.rho * l.s };
	double *p[3] = { out->x, out->y, out->z };
	for (int a = 0; a < 3; a++)
		RB_STOREU(p[a] + i, b->origin[a] + b->rot[a][0] * v[0] + b->rot[a][1] * v[1] +
					    b->rot[a][2] * v[2]);
	RB_VD cov[4];
	rb_cov(b, &l, RB_LOADU(in->sigma_h_m + i), cov);
	RB_STOREU(out->cxx + i, cov[0]);
	RB_STOREU(out->cxy + i, cov[1]);
	RB_STOREU(out->cyy + i, cov[2]);
	RB_STOREU(out->czz + i, cov[3]);
	return RB_OKBITS(ok);
}

static unsigned rb_status(uint8_t *st, unsigned bits, unsigned n)
{
	unsigned ok = 0;

	for (unsigned k = 0; k < n; k++) {
		unsigned good = (bits >> k) & 1u;
		st[k] = good ? SKY_RADAR_BATCH_OK : SKY_RADAR_BATCH_BAD_GEOMETRY;
		ok += good;
	}
	return ok;
}

/* The last n < RB_W plots through a padded copy (a plot at 100 km, 0 deg). */
static unsigned rb_tail(const struct sky_radar_batch_site *b,
			const struct sky_radar_batch_in *in,
			const struct sky_radar_batch_out *out, unsigned i, unsigned n)
{
	double vin[5][RB_W], vout[7][RB_W];
	const double *src[5] = { in->rho_m, in->sin_az, in->cos_az, in->h_m, in->sigma_h_m };
	double *dst[7] = { out->x, out->y, out->z, out->cxx, out->cxy, out->cyy, out->czz };
	const double pad[5] = { 1e5, 0.0, 1.0, 0.0, 1.0 };

	for (int a = 0; a < 5; a++)
		for (unsigned k = 0; k < RB_W; k++)
			vin[a][k] = k < n ? src[a][i + k] : pad[a];
	struct sky_radar_batch_in tin = { vin[0], vin[1], vin[2], vin[3], vin[4] };
	struct sky_radar_batch_out tout = { vout[0], vout[1], vout[2], vout[3],
					    vout[4], vout[5], vout[6], NULL };
	unsigned bits = rb_block(b, &tin, &tout, 0);
	for (int a = 0; a < 7; a++)
		memcpy(dst[a] + i, vout[a], n * sizeof(double));
	return rb_status(out->status + i, bits, n);
}

/* 2026-11-22 `skyfuse bench convert`: avx512 45, avx2 72 (167 Ir) cycles/plot; scalar 893 (2754 Ir) */
unsigned RB_NAME(const struct sky_radar_batch_site *site, const struct sky_radar_batch_in *in,
		 const struct sky_radar_batch_out *out, unsigned n)
{
	unsigned ok = 0, i = 0;

	for (; i + RB_W <= n; i += RB_W)
		ok += rb_status(out->status + i, rb_block(site, in, out, i), RB_W);
	if (i < n)
		ok += rb_tail(site, in, out, i, n - i);
	return ok;
}
