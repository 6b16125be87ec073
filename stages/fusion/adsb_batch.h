/*
 * adsb_batch.h - ADS-B reports (WGS84 latitude, longitude, height with a
 * horizontal and a vertical sigma) -> the system ENU frame with their
 * covariance, a batch at a time, in structure-of-arrays form, one report
 * per SIMD lane.
 *
 * It computes what sky_adsb_to_enu (meas.h) computes for one report, to
 * within 1e-6 m in position and 1e-9 of the variances in covariance
 * (tests/test_adsb_batch.c), without building a frame per report: the
 * point is the closed-form ECEF of geo.c taken into the system frame, and
 * the covariance needs only the target's up vector u in the system frame,
 *   Q diag(sh2, sh2, sv2) Q^T = sh2 I + (sv2 - sh2) u u^T,
 * since Q is orthonormal (its first two columns span the plane normal to
 * its third, u); no 3x3x3 product. Every report converts: there is no
 * failure to report (NaN in gives NaN out, as for sky_adsb_to_enu).
 *
 * Every kernel has a portable `_base` version (adsb_batch.c, the reference:
 * libm's sincos) and `_avx2` / `_avx512` variants (adsb_batch_avx2.c,
 * adsb_batch_avx512.c from the template adsb_batch_vec.h, with its own
 * vector sincos of degrees, exact range reduction, valid for any angle of
 * magnitude below 2^50 degrees); sky_adsb_batch() binds to the best one
 * sky_simd_level() allows at its first call (simd_level.h). A lane's result
 * depends only on its own inputs and the variant, never on where it sits
 * in the batch.
 */
#ifndef SKY_ADSB_BATCH_H
#define SKY_ADSB_BATCH_H

#include "geo.h"
#include "simd_level.h"

/* Per report inputs, n of each; no alignment required. */
struct sky_adsb_batch_in {
	const double *lat_deg, *lon_deg; /* WGS84 */
	const double *alt_m;             /* above the ellipsoid */
	const double *sigma_h_m;         /* horizontal, per axis, target's plane */
	const double *sigma_v_m;         /* vertical */
};

/* Per report outputs in the system ENU frame, n of each; they must not
   overlap the inputs. */
struct sky_adsb_batch_out {
	double *x, *y, *z;             /* m */
	double *cxx, *cxy, *cyy, *czz; /* m^2 */
};

typedef void (*sky_adsb_batch_fn)(const struct sky_enu_frame *sys,
				  const struct sky_adsb_batch_in *in,
				  const struct sky_adsb_batch_out *out, unsigned n);

/* Converts n reports into the frame sys. */
void sky_adsb_batch(const struct sky_enu_frame *sys, const struct sky_adsb_batch_in *in,
		    const struct sky_adsb_batch_out *out, unsigned n);

/* The variants, for tests and benchmarks; call only those the CPU has. */
void sky_adsb_batch_base(const struct sky_enu_frame *sys, const struct sky_adsb_batch_in *in,
			 const struct sky_adsb_batch_out *out, unsigned n);
void sky_adsb_batch_avx2(const struct sky_enu_frame *sys, const struct sky_adsb_batch_in *in,
			 const struct sky_adsb_batch_out *out, unsigned n);
void sky_adsb_batch_avx512(const struct sky_enu_frame *sys, const struct sky_adsb_batch_in *in,
			   const struct sky_adsb_batch_out *out, unsigned n);

/* The variant of a level. */
sky_adsb_batch_fn sky_adsb_batch_variant(enum sky_simd_level l);

#endif
