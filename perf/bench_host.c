/*
 * bench_host.c - the machine line of the benchmarks (see bench_host.h).
 */
#include <stdio.h>
#include <string.h>

#include "bench_host.h"

void sky_bench_print_cpu(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "model name", 10) == 0) {
			printf("cpu:%s", strchr(line, ':') + 1);
			break;
		}
	if (f)
		fclose(f);
}
