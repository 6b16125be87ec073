/*
 * bench_port.h - the port-level tools of `skyfuse bench` (bench_port.c):
 *
 *   bench rx   the bare DPDK receive loop (EAL, one device, rte_eth_rx_burst
 *              and rte_pktmbuf_free, nothing else): the ceiling the
 *              pipeline's throughput is measured against.
 *   bench tx   sends every frame of a capture, paced by its timestamps or
 *              as fast as possible, out of a DPDK device (e.g. a net_memif
 *              peer of `skyfuse run`) or as UDP datagrams to a kernel socket
 *              (the socket driver's feed in the latency benchmark).
 *
 * Each takes argv from its subcommand name on and returns an exit status.
 */
#ifndef SKY_BENCH_PORT_H
#define SKY_BENCH_PORT_H

int sky_bench_rx_main(int argc, char **argv);
int sky_bench_tx_main(int argc, char **argv);

#endif
