/*
 * testlib.h - helpers shared by the Criterion tests: temporary files,
 * running external tools (tshark) and reading their output, deterministic
 * random numbers.
 */
#ifndef SKY_TESTLIB_H
#define SKY_TESTLIB_H

#include <stddef.h>
#include <stdint.h>

/* A fresh path under $TMPDIR (or /tmp) unique to this process and call. */
void sky_test_tmp_path(char *out, size_t n, const char *suffix);

/*
 * Run a shell command and capture its stdout into a malloc'ed NUL-terminated
 * buffer (*out); returns the exit status or -1.
 */
int sky_test_run_capture(const char *cmd, char **out);

/* True when the executable is on PATH. */
int sky_test_have_tool(const char *name);

/* splitmix64: deterministic, seedable, good enough for property tests. */
static inline uint64_t sky_test_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint32_t sky_test_rand_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(sky_test_rand(s) % n);
}

#endif
