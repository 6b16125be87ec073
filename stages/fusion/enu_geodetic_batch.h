/*
 * enu_geodetic_batch.h - a batch of points of a local ENU frame (the system
 * frame, for the publish stage's I062/105) -> WGS84 latitude and longitude,
 * in structure-of-arrays form, one point per SIMD lane.
 *
 * It computes what sky_enu_to_geodetic (geo.h) computes for one point,
 * within 1e-13 degree (tests/test_enu_geodetic_batch.c), without cbrt and
 * without a scalar atan2: ECEF = origin + R^T enu, latitude by two steps of
 * Bowring's formula written with square roots only, and both angles by the
 * vector atan2 of the template (enu_geodetic_batch_vec.h: one division,
 * reduction to |u| <= tan(pi/16), odd polynomial of degree 15, within
 * 1e-15 rad of libm's atan2 in every quadrant). The height is not
 * computed: it would cost another square root and division per point, and
 * the publish stage takes heights from the system frame (I062/130).
 *
 * Every kernel has a portable `_base` version (enu_geodetic_batch.c, the
 * reference: the same formulas with libm's atan2) and `_avx2` / `_avx512`
 * variants (enu_geodetic_batch_avx2.c, _avx512.c from the template);
 * sky_enu_geodetic_batch() binds to the best one sky_simd_level() allows at
 * its first call (simd_level.h). A lane's result depends only on its own
 * inputs and the variant, never on where it sits in the batch, so the
 * pipeline and the offline reference, which cut the same updates into
 * different batches, publish the same bytes.
 */
#ifndef SKY_ENU_GEODETIC_BATCH_H
#define SKY_ENU_GEODETIC_BATCH_H

#include <stddef.h>

#include "geo.h"
#include "simd_level.h"

/*
 * n points (x east, y north, z up, m, in frame f) -> lat_deg[], lon_deg[]
 * (degrees, longitude in [-180, 180]). No alignment required; the outputs
 * must not overlap the inputs. Points within ~45 km of the Earth's centre
 * are meaningless, as for sky_ecef_to_geodetic; NaN in gives NaN out.
 */
typedef void (*sky_enu_geodetic_fn)(const struct sky_enu_frame *f, const double *x,
				    const double *y, const double *z, size_t n,
				    double *lat_deg, double *lon_deg);

void sky_enu_geodetic_batch(const struct sky_enu_frame *f, const double *x, const double *y,
			    const double *z, size_t n, double *lat_deg, double *lon_deg);

/* The variants, for tests and benchmarks; call only those the CPU has. */
void sky_enu_geodetic_batch_base(const struct sky_enu_frame *f, const double *x,
				 const double *y, const double *z, size_t n, double *lat_deg,
				 double *lon_deg);
void sky_enu_geodetic_batch_avx2(const struct sky_enu_frame *f, const double *x,
				 const double *y, const double *z, size_t n, double *lat_deg,
				 double *lon_deg);
void sky_enu_geodetic_batch_avx512(const struct sky_enu_frame *f, const double *x,
				   const double *y, const double *z, size_t n, double *lat_deg,
				   double *lon_deg);

/* The variant of a level. */
sky_enu_geodetic_fn sky_enu_geodetic_batch_variant(enum sky_simd_level l);

/*
 * The kernels' atan2 on its own, out[i] = atan2(y[i], x[i]) in radians,
 * for tests and benchmarks (_base is libm's). Finite inputs; signed zeros
 * as libm (atan2(+-0, -0) = +-pi).
 */
typedef void (*sky_atan2_fn)(const double *y, const double *x, size_t n, double *out);

void sky_atan2_batch_base(const double *y, const double *x, size_t n, double *out);
void sky_atan2_batch_avx2(const double *y, const double *x, size_t n, double *out);
void sky_atan2_batch_avx512(const double *y, const double *x, size_t n, double *out);
sky_atan2_fn sky_atan2_batch_variant(enum sky_simd_level l);

#endif
