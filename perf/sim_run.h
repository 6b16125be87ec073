/*
 * sim_run.h - run a parsed and prepared scenario and write DIR/input.pcap,
 * DIR/truth.csv and DIR/config.yaml (see sim_run.c).
 */
#ifndef SKY_SIM_RUN_H
#define SKY_SIM_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_scenario.h"

struct sim_run_stats {
	unsigned targets;
	uint64_t plots;          /* radar plots of targets */
	uint64_t false_alarms;
	uint64_t adsb_reports;
	uint64_t datagrams;
	uint64_t bytes;          /* UDP payload bytes */
	uint64_t truth_rows;
};

/*
 * Simulate sc (after sim_scenario_prepare) into the directory outdir
 * (created when missing). With show_progress, a line on stderr every 10 %.
 * 0 or -errno with a message in err.
 */
int sim_run(struct sim_scenario *sc, const char *outdir, bool show_progress,
	    struct sim_run_stats *st, char *err, size_t errlen);

#endif
