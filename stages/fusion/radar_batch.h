/*
 * radar_batch.h - radar plots (slant range, azimuth, target height) -> the
 * system ENU frame with their covariance, a batch of plots of one radar at
 * a time, in structure-of-arrays form, one plot per SIMD lane.
 *
 * It computes what sky_radar_to_enu (meas.h) computes for one plot, to
 * within a millimetre in position (tests/test_radar_batch.c), without the
 * trigonometry: the caller passes sin and cos of the azimuth (the decoder
 * takes them from sky_radar_az_table, exact for the 16-bit ASTERIX codes),
 * the Euler radius comes from 1/M and 1/N precomputed per site, and the
 * elevation is solved as s = sin el by a fixed number of Newton steps on
 * the exact WGS84 height of the point, each height taken with Bowring's
 * one-step latitude written with square roots only (see radar_batch.c).
 * sky_radar_to_enu stays the scalar reference: the simulator and the tests
 * use it.
 *
 * Every kernel has a portable `_base` version (radar_batch.c, the reference)
 * and `_avx2` / `_avx512` variants (radar_batch_avx2.c, radar_batch_avx512.c
 * from the template radar_batch_vec.h); sky_radar_batch() binds to the best
 * one sky_simd_level() allows at its first call (simd_level.h). A lane's
 * result depends only on its own inputs and the variant, never on where it
 * sits in the batch.
 */
#ifndef SKY_RADAR_BATCH_H
#define SKY_RADAR_BATCH_H

#include <stdint.h>

#include "meas.h"
#include "simd_level.h"

/* Newton steps on sin el after the sphere guess (radar_batch.c says why). */
#ifndef SKY_RADAR_BATCH_NEWTON
#define SKY_RADAR_BATCH_NEWTON 2
#endif

/* One radar's constants, built once from its struct sky_radar_site. */
struct sky_radar_batch_site {
	double inv_m, inv_n;    /* 1/M, 1/N: meridian, prime-vertical radii */
	double h_site;          /* antenna above the ellipsoid, m */
	double o[3];            /* antenna, ECEF m */
	double ax[3][3];        /* rows: the radar's E, N, U unit vectors in ECEF */
	double rot[3][3];       /* radar ENU -> system ENU */
	double origin[3];       /* antenna in system ENU, m */
	double s2_range, s2_az; /* sigma_range^2 (m^2), sigma_az^2 (rad^2) */
};

void sky_radar_batch_site_init(struct sky_radar_batch_site *b,
			       const struct sky_radar_site *site);

/* Per plot inputs, n of each; no alignment required. */
struct sky_radar_batch_in {
	const double *rho_m;     /* slant range */
	const double *sin_az;    /* azimuth from north, clockwise */
	const double *cos_az;
	const double *h_m;       /* target height above the WGS84 ellipsoid */
	const double *sigma_h_m; /* the site's height sigma for the plot's kind */
};

enum sky_radar_batch_status {
	SKY_RADAR_BATCH_OK = 0,
	/* sky_radar_to_enu would fail: range <= 0, or |sin el| > 1 by the
	   sphere formula (no elevation reaches the height at that range). The
	   lane's position and covariance are then meaningless. */
	SKY_RADAR_BATCH_BAD_GEOMETRY = 1,
};

/* Per plot outputs in the system ENU frame, n of each. */
struct sky_radar_batch_out {
	double *x, *y, *z;             /* m */
	double *cxx, *cxy, *cyy, *czz; /* m^2 */
	uint8_t *status;               /* enum sky_radar_batch_status */
};

typedef unsigned (*sky_radar_batch_fn)(const struct sky_radar_batch_site *site,
				       const struct sky_radar_batch_in *in,
				       const struct sky_radar_batch_out *out, unsigned n);

/* Converts n plots of one site; returns how many are SKY_RADAR_BATCH_OK. */
unsigned sky_radar_batch(const struct sky_radar_batch_site *site,
			 const struct sky_radar_batch_in *in,
			 const struct sky_radar_batch_out *out, unsigned n);

/* The variants, for tests and benchmarks; call only those the CPU has. */
unsigned sky_radar_batch_base(const struct sky_radar_batch_site *site,
			      const struct sky_radar_batch_in *in,
			      const struct sky_radar_batch_out *out, unsigned n);
unsigned sky_radar_batch_avx2(const struct sky_radar_batch_site *site,
			      const struct sky_radar_batch_in *in,
			      const struct sky_radar_batch_out *out, unsigned n);
unsigned sky_radar_batch_avx512(const struct sky_radar_batch_site *site,
				const struct sky_radar_batch_in *in,
				const struct sky_radar_batch_out *out, unsigned n);

/* The variant of a level. */
sky_radar_batch_fn sky_radar_batch_variant(enum sky_simd_level l);

/*
 * sin and cos of the 16-bit azimuth codes of I048/040 and I001/040 (LSB
 * 360/2^16 deg) by the angle-addition formula from two 256-entry tables,
 * high byte and low byte, whose entries are correctly rounded: within two
 * ulps of the true values (sin() of the angle in double radians is off by
 * up to five).
 */
struct sky_radar_az_table {
	double hi_s[256], hi_c[256]; /* k * 360/2^8 deg */
	double lo_s[256], lo_c[256]; /* k * 360/2^16 deg */
};

void sky_radar_az_table_init(struct sky_radar_az_table *t);

static inline void sky_radar_az_sincos(const struct sky_radar_az_table *t, uint16_t code,
				       double *s, double *c)
{
	unsigned h = code >> 8, l = code & 0xffu;

	*s = t->hi_s[h] * t->lo_c[l] + t->hi_c[h] * t->lo_s[l];
	*c = t->hi_c[h] * t->lo_c[l] - t->hi_s[h] * t->lo_s[l];
}

#endif
