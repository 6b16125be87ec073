/*
 * adsb_batch_avx2.c - sky_adsb_batch_avx2: the batch ADS-B conversion
 * (adsb_batch.h) four reports per AVX2 vector, FMA contracted. The body is
 * the template adsb_batch_vec.h; this file only says how wide and which
 * instructions do the square roots, loads and stores. Compiled with
 * -mavx2 -mfma (stages/fusion/CMakeLists.txt); called only when
 * sky_simd_supported() says the CPU has it.
 */
#include <immintrin.h>

#define AB_VD __m256d
#define AB_W 4
#define AB_SQRT(v) _mm256_sqrt_pd(v)
#define AB_LOADU(p) _mm256_loadu_pd(p)
#define AB_STOREU(p, v) _mm256_storeu_pd(p, v)
#define AB_NAME sky_adsb_batch_avx2

#include "adsb_batch_vec.h"
