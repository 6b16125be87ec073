/*
 * enu_geodetic_batch_avx512.c - the AVX-512 variant of the ENU -> WGS84
 * batch (enu_geodetic_batch.h): 8 points per vector, from the template
 * enu_geodetic_batch_vec.h. Compiled with -mavx512f/dq/vl -mfma
 * (CMakeLists.txt); called only when sky_simd_level() allows it.
 */
#include <immintrin.h>

#define VW 8
typedef double vd __attribute__((vector_size(64)));
typedef long vl __attribute__((vector_size(64)));
#define V_SQRT(a) ((vd)_mm512_sqrt_pd((__m512d)(a)))
#define VARIANT(name) name##_avx512

#include "enu_geodetic_batch_vec.h"
