/*
 * test_cli_integration.c - every command of the skyfuse binary, and every
 * benchmark subcommand, answers --help with its own usage on stdout and
 * exit status 0; `skyfuse help` lists every command.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define SKYFUSE SKY_BUILD_DIR "/skyfuse"

static void expect_usage(const char *args, const char *usage_start)
{
	char cmd[512], *out = NULL;
	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", SKYFUSE, args);
	int st = sky_test_run_capture(cmd, &out);
	cr_assert_eq(st, 0, "`skyfuse %s` exited %d", args, st);
	cr_assert_not_null(out);
	cr_assert_not_null(strstr(out, usage_start), "`skyfuse %s` printed:\n%s", args, out);
	free(out);
}

Test(cli, every_command_answers_help_with_its_usage)
{
	static const char *const cmds[] = {"decode", "sim", "score", "check", "replay",
					   "run", "track", "bench"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char args[64], start[64];
		snprintf(args, sizeof(args), "%s --help", cmds[i]);
		snprintf(start, sizeof(start), "skyfuse %s", cmds[i]);
		expect_usage(args, start);
	}
}

Test(cli, every_bench_subcommand_answers_help_with_its_own_usage)
{
	static const char *const subs[] = {"rx", "tx", "convert", "publish"};
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		char args[64], start[64];
		snprintf(args, sizeof(args), "bench %s --help", subs[i]);
		snprintf(start, sizeof(start), "usage: skyfuse bench %s", subs[i]);
		expect_usage(args, start);
	}
	expect_usage("bench decode --help", "usage: skyfuse bench decode");
}

Test(cli, help_lists_every_command)
{
	char *out = NULL;
	int st = sky_test_run_capture(SKYFUSE " help", &out);
	cr_assert_eq(st, 0);
	static const char *const cmds[] = {"decode", "sim", "score", "check", "replay",
					   "run", "track", "bench"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		cr_assert_not_null(strstr(out, cmds[i]), "%s missing from:\n%s", cmds[i], out);
	free(out);
}
