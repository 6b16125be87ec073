/*
 * testlib.c - helpers for the tests (see testlib.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

void sky_test_tmp_path(char *out, size_t n, const char *suffix)
{
	static unsigned counter;
	const char *dir = getenv("TMPDIR");
	snprintf(out, n, "%s/skyfuse-test-%d-%u%s", dir && *dir ? dir : "/tmp",
		 (int)getpid(), counter++, suffix ? suffix : "");
}

int sky_test_run_capture(const char *cmd, char **out)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	int st = pclose(p);
	if (!buf)
		return -1;
	buf[len] = '\0';
	*out = buf;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int sky_test_have_tool(const char *name)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}
