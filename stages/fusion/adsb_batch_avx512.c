/*
 * adsb_batch_avx512.c - sky_adsb_batch_avx512: the batch ADS-B conversion
 * (adsb_batch.h) eight reports per AVX-512 vector, FMA contracted. The body is
 * the template adsb_batch_vec.h; this file only says how wide and which
 * instructions do the square roots, loads and stores. Compiled with
 * -mavx512f/dq/vl (stages/fusion/CMakeLists.txt); called only when
 * sky_simd_supported() says the CPU has it.
 */
#include <immintrin.h>

#define AB_VD __m512d
#define AB_W 8
#define AB_SQRT(v) _mm512_sqrt_pd(v)
#define AB_LOADU(p) _mm512_loadu_pd(p)
#define AB_STOREU(p, v) _mm512_storeu_pd(p, v)
#define AB_NAME sky_adsb_batch_avx512

#include "adsb_batch_vec.h"
