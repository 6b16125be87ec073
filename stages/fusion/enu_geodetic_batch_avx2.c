/*
 * enu_geodetic_batch_avx2.c - the AVX2 + FMA variant of the ENU -> WGS84
 * batch (enu_geodetic_batch.h): 4 points per vector, from the template
 * enu_geodetic_batch_vec.h. Compiled with -mavx2 -mfma (CMakeLists.txt);
 * called only when sky_simd_level() allows it.
 */
#include <immintrin.h>

#define VW 4
typedef double vd __attribute__((vector_size(32)));
typedef long vl __attribute__((vector_size(32)));
#define V_SQRT(a) ((vd)_mm256_sqrt_pd((__m256d)(a)))
#define VARIANT(name) name##_avx2

#include "enu_geodetic_batch_vec.h"
