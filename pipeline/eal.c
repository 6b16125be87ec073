/*
 * eal.c - starting DPDK's EAL with arguments that work anywhere.
 *
 * Defaults, each replaced when the config's `eal` list (or --eal) gives its
 * own: memory - with hugepages mounted and free, --in-memory (no files
 * left behind); without them, --no-huge --no-shconf -m <MB from the plan>
 * (DPDK 22.11 refuses --in-memory together with --no-huge, as --no-huge
 * implies legacy memory; --no-shconf is what --in-memory would add);
 * --file-prefix skyfuse-<pid>, so that processes never share state;
 * --lcores from the plan (one lcore per stage instance, several per core
 * on small machines); --no-pci unless a port is a PCI device, so that EAL
 * never touches the host's own NIC; --vdev or -a per port; and warnings
 * only in EAL's log. At exit the runtime directory EAL made is removed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "graph.h"

static char runtime_dir[512];
static char telemetry_sock[600];

/* Runs after DPDK telemetry's own atexit handler has removed its sockets
   (atexit handlers run in reverse order of registration). */
static void remove_runtime_dir(void)
{
	if (runtime_dir[0])
		rmdir(runtime_dir);
}

static bool hugepages_available(void)
{
	FILE *f = fopen("/proc/mounts", "r");
	bool mounted = false;
	char line[512];
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, " hugetlbfs "))
			mounted = true;
	if (f)
		fclose(f);
	if (!mounted)
		return false;
	long free_pages = 0;
	f = fopen("/proc/meminfo", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "HugePages_Free: %ld", &free_pages) == 1)
			break;
	if (f)
		fclose(f);
	return free_pages > 0;
}

static bool user_has(const struct sky_pipeline_conf *c, const char *const *opts)
{
	for (int i = 0; i < c->eal_argc; i++)
		for (const char *const *o = opts; *o; o++) {
			size_t n = strlen(*o);
			if (strncmp(c->eal_argv[i], *o, n) == 0 &&
			    (c->eal_argv[i][n] == 0 || c->eal_argv[i][n] == '='))
				return true;
		}
	return false;
}

static const char *const mem_opts[] = {"--no-huge", "--in-memory", "--huge-dir", "-m",
				       "--socket-mem", "--legacy-mem", NULL};
static const char *const prefix_opts[] = {"--file-prefix", NULL};
static const char *const lcore_opts[] = {"--lcores", "-l", "-c", NULL};
static const char *const log_opts[] = {"--log-level", NULL};

static int add(const char **argv, int *n, int max, const char *a)
{
	if (*n >= max - 1)
		return -ENOSPC;
	argv[(*n)++] = a;
	return 0;
}

int sky_eal_args(const struct sky_plan *p, const char **argv, int max)
{
	static char mem[32], prefix[64];
	const struct sky_pipeline_conf *c = p->conf;
	int n = 0, rc = 0, pci = 0;
	rc |= add(argv, &n, max, "skyfuse");
	if (!user_has(c, mem_opts)) {
		if (hugepages_available()) {
			rc |= add(argv, &n, max, "--in-memory");
		} else {
			snprintf(mem, sizeof(mem), "%u", p->mem_mb);
			rc |= add(argv, &n, max, "--no-huge");
			rc |= add(argv, &n, max, "--no-shconf");
			rc |= add(argv, &n, max, "-m");
			rc |= add(argv, &n, max, mem);
		}
	}
	if (!user_has(c, prefix_opts)) {
		snprintf(prefix, sizeof(prefix), "--file-prefix=skyfuse-%d", (int)getpid());
		rc |= add(argv, &n, max, prefix);
	}
	if (!user_has(c, lcore_opts)) {
		rc |= add(argv, &n, max, "--lcores");
		rc |= add(argv, &n, max, p->lcores);
	}
	if (!user_has(c, log_opts))
		rc |= add(argv, &n, max, "--log-level=*:warning");
	int r1 = sky_port_dpdk_eal_args(&c->input, argv, &n, max - 1);
	int r2 = 0;
	char a[128], b[128];
	sky_port_dpdk_name(&c->input, a, sizeof(a));
	sky_port_dpdk_name(&c->output, b, sizeof(b));
	if (c->has_output && (strcmp(a, b) != 0 || c->input.driver != SKY_PORT_DPDK))
		r2 = sky_port_dpdk_eal_args(&c->output, argv, &n, max - 1);
	if (r1 < 0 || r2 < 0)
		return -ENOSPC;
	pci = r1 > 0 || r2 > 0 || user_has(c, (const char *const[]){"-a", "--allow", "-b",
								      "--block", NULL});
	if (!pci)
		rc |= add(argv, &n, max, "--no-pci");
	for (int i = 0; i < c->eal_argc; i++)
		rc |= add(argv, &n, max, c->eal_argv[i]);
	argv[n] = NULL;
	return rc < 0 ? -ENOSPC : n;
}

int sky_eal_start(const struct sky_plan *p, char *err, size_t errlen)
{
	const char *argv[SKY_MAX_EAL_ARGS * 2 + 16];
	int argc = sky_eal_args(p, argv, (int)(sizeof(argv) / sizeof(argv[0])));
	if (argc < 0) {
		snprintf(err, errlen, "too many EAL arguments");
		return -E2BIG;
	}
	static bool registered;
	if (!registered && atexit(remove_runtime_dir) == 0)
		registered = true;
	/* rte_eal_init may permute argv: give it a copy */
	char *copy[SKY_MAX_EAL_ARGS * 2 + 16];
	for (int i = 0; i <= argc; i++)
		copy[i] = (char *)argv[i];
	if (rte_eal_init(argc, copy) < 0) {
		int e = rte_errno;
		int k = snprintf(err, errlen, "EAL init failed (%s); arguments:", rte_strerror(e));
		for (int i = 1; i < argc && k > 0 && (size_t)k < errlen; i++)
			k += snprintf(err + k, errlen - (size_t)k, " %s", argv[i]);
		return -(e ? e : EINVAL);
	}
	snprintf(runtime_dir, sizeof(runtime_dir), "%s", rte_eal_get_runtime_dir());
	snprintf(telemetry_sock, sizeof(telemetry_sock), "%s/dpdk_telemetry.v2", runtime_dir);
	return 0;
}

void sky_eal_exit_now(void)
{
	if (telemetry_sock[0])
		unlink(telemetry_sock);
	if (runtime_dir[0])
		rmdir(runtime_dir);
}

void sky_eal_stop(void)
{
	rte_eal_cleanup();
	remove_runtime_dir(); /* again at exit, once telemetry's socket is gone */
}
