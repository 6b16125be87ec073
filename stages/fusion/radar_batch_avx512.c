/*
 * radar_batch_avx512.c - sky_radar_batch_avx512: the batch radar
 * conversion (radar_batch.h) eight plots per AVX-512 vector, FMA
 * contracted. The body is the template radar_batch_vec.h; this file only
 * says how wide and which instructions do the square roots, min/max and
 * the lane masks. Compiled with -mavx512f/dq/vl (stages/fusion/
 * CMakeLists.txt); called only when sky_simd_supported() says the CPU has it.
 */
#include <immintrin.h>

#define RB_VD __m512d
#define RB_W 8
#define RB_SQRT(v) _mm512_sqrt_pd(v)
#define RB_MIN(a, b) _mm512_min_pd(a, b)
#define RB_MAX(a, b) _mm512_max_pd(a, b)
#define RB_SET1(x) _mm512_set1_pd(x)
#define RB_LOADU(p) _mm512_loadu_pd(p)
#define RB_STOREU(p, v) _mm512_storeu_pd(p, v)
#define RB_OKBITS(m) ((unsigned)_mm512_movepi64_mask((__m512i)(m)))
#define RB_NAME sky_radar_batch_avx512

#include "radar_batch_vec.h"
