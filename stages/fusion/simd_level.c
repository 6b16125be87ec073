/*
 * simd_level.c - CPU/OS SIMD support and the SKY_SIMD override (see
 * simd_level.h). Read once; the answer never changes within a process.
 */
#include <stdlib.h>
#include <string.h>

#include "simd_level.h"

enum sky_simd_level sky_simd_supported(void)
{
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
	    __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma"))
		return SKY_SIMD_AVX512;
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
		return SKY_SIMD_AVX2;
	return SKY_SIMD_BASE;
}

static enum sky_simd_level requested(enum sky_simd_level max)
{
	const char *e = getenv("SKY_SIMD");
	if (!e || !*e)
		return max;
	for (int l = SKY_SIMD_BASE; l <= SKY_SIMD_AVX512; l++)
		if (strcmp(e, sky_simd_name((enum sky_simd_level)l)) == 0)
			return (enum sky_simd_level)l < max ? (enum sky_simd_level)l : max;
	return max;
}

enum sky_simd_level sky_simd_level(void)
{
	static int level = -1;
	if (level < 0)
		level = (int)requested(sky_simd_supported());
	return (enum sky_simd_level)level;
}

const char *sky_simd_name(enum sky_simd_level l)
{
	static const char *const names[] = { "base", "avx2", "avx512" };
	return (unsigned)l < 3 ? names[l] : "?";
}
