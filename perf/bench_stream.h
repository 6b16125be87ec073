/*
 * bench_stream.h - a large realistic ASTERIX stream in memory (see
 * bench_stream.c), datagram by datagram.
 */
#ifndef SKY_BENCH_STREAM_H
#define SKY_BENCH_STREAM_H

#include <stddef.h>
#include <stdint.h>

struct sky_cat048;

struct sky_bench_dg {
	size_t off, len;
};

struct sky_bench_stream {
	uint8_t *buf;
	size_t used, cap;
	struct sky_bench_dg *dg;
	size_t n, cap_dg;
	uint64_t records;
};

/* At least min_records records; 0 or -1 (out of memory). */
int sky_bench_stream_build(struct sky_bench_stream *s, uint64_t min_records, uint64_t seed);
void sky_bench_stream_free(struct sky_bench_stream *s);

/* The typical CAT048 plot of the goal: 010 140 020 040 070 090 130 220. */
void sky_bench_typical_plot(struct sky_cat048 *p, uint64_t *seed);

#endif
