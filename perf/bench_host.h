/*
 * bench_host.h - what every benchmark prints about the machine it ran on,
 * so that figures are never quoted without their CPU.
 */
#ifndef SKY_BENCH_HOST_H
#define SKY_BENCH_HOST_H

/* "cpu: <model name>" from /proc/cpuinfo (nothing when it is unreadable). */
void sky_bench_print_cpu(void);

#endif
