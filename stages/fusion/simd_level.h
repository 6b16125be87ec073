/*
 * simd_level.h - which SIMD variant of the batch kernels this process runs
 * (ISA-L multibinary style, see ../shared/STYLE.md "SIMD").
 *
 * Every batch kernel of stages/fusion has a portable `_base` C reference and
 * `_avx2` / `_avx512` variants in their own files, compiled with their own
 * flags (stages/fusion/CMakeLists.txt); the rest of the build stays at the
 * baseline ISA. Each kernel's public name binds once, at its first call or
 * its explicit init, to the best variant that both the CPU and the OS
 * support (CPUID through __builtin_cpu_supports, which also checks that the
 * OS saves the wide registers). The environment variable SKY_SIMD
 * (base | avx2 | avx512) lowers the choice, for benchmarks and tests; it can
 * never raise it above what the machine supports.
 */
#ifndef SKY_SIMD_LEVEL_H
#define SKY_SIMD_LEVEL_H

enum sky_simd_level {
	SKY_SIMD_BASE = 0,
	SKY_SIMD_AVX2 = 1,   /* AVX2 + FMA: 4 doubles per vector */
	SKY_SIMD_AVX512 = 2, /* AVX-512 F + DQ + VL: 8 doubles per vector */
};

/* What the CPU and OS support, ignoring SKY_SIMD. */
enum sky_simd_level sky_simd_supported(void);

/* The level the kernels use: sky_simd_supported() lowered by SKY_SIMD. */
enum sky_simd_level sky_simd_level(void);

/* "base", "avx2" or "avx512". */
const char *sky_simd_name(enum sky_simd_level l);

#endif
