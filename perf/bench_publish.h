/*
 * bench_publish.h - `skyfuse bench publish` (bench_publish.c): the cost of
 * the publish stage's per-update work on random track updates: the WGS84
 * conversion of I062/105, scalar (sky_enu_to_geodetic) against the batch
 * kernel of every SIMD variant the machine has, and the whole packing path
 * (conversion, record, encoding into datagrams) per update, as the stage
 * runs it and as it ran before the batch kernel (one scalar conversion and
 * a cleared record per update). Takes argv from its subcommand name on and
 * returns an exit status.
 */
#ifndef SKY_BENCH_PUBLISH_H
#define SKY_BENCH_PUBLISH_H

int sky_bench_publish_main(int argc, char **argv);

#endif
