/*
 * radar_batch_avx2.c - sky_radar_batch_avx2: the batch radar conversion
 * (radar_batch.h) four plots per AVX2 vector, FMA contracted. The body is
 * the template radar_batch_vec.h; this file only says how wide and which
 * instructions do the square roots, min/max and the lane masks. Compiled
 * with -mavx2 -mfma (stages/fusion/CMakeLists.txt); called only when
 * sky_simd_supported() says the CPU has it.
 */
#include <immintrin.h>

#define RB_VD __m256d
#define RB_W 4
#define RB_SQRT(v) _mm256_sqrt_pd(v)
#define RB_MIN(a, b) _mm256_min_pd(a, b)
#define RB_MAX(a, b) _mm256_max_pd(a, b)
#define RB_SET1(x) _mm256_set1_pd(x)
#define RB_LOADU(p) _mm256_loadu_pd(p)
#define RB_STOREU(p, v) _mm256_storeu_pd(p, v)
#define RB_OKBITS(m) ((unsigned)_mm256_movemask_pd((__m256d)(m)))
#define RB_NAME sky_radar_batch_avx2

#include "radar_batch_vec.h"
