/*
 * bench_convert.h - `skyfuse bench convert`: radar plot conversion into the
 * system frame, the scalar sky_radar_to_enu against the batch kernel
 * (stages/fusion/radar_batch.h) at each SIMD variant (see bench_convert.c).
 */
#ifndef SKY_BENCH_CONVERT_H
#define SKY_BENCH_CONVERT_H

/* argv[0] is "convert". Returns the exit status. */
int sky_bench_convert_main(int argc, char **argv);

#endif
