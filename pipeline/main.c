/*
 * main.c - the skyfuse binary: dispatches to the registered subcommands and
 * answers help and --version.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sky_command.h"
#include "sky_version.h"

static void print_overview(FILE *f)
{
	const struct sky_command *cmds[32];
	unsigned n = sky_command_list(cmds, 32);
	fprintf(f, "skyfuse %s - ASTERIX sensor fusion: decode, fuse, publish CAT062\n\n"
		   "usage: skyfuse COMMAND [ARGS...]\n"
		   "       skyfuse help [COMMAND]\n"
		   "       skyfuse --version\n\ncommands:\n", SKY_VERSION);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "  %-10s %s\n", cmds[i]->name, cmds[i]->summary);
	fprintf(f, "\n`skyfuse help COMMAND` or `skyfuse COMMAND --help` for details.\n");
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		print_overview(stdout);
		return 0;
	}
	const struct sky_command *c = sky_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "skyfuse help: unknown command '%s'\n", argv[1]);
		print_overview(stderr);
		return 2;
	}
	sky_command_usage(c, 0);
	return 0;
}

static const struct sky_command help_command = {
	.name = "help",
	.summary = "show the commands, or the usage of one",
	.usage = "usage: skyfuse help [COMMAND]\n\n"
		 "Without COMMAND, lists every command; with it, prints that command's usage.\n",
	.run = cmd_help,
};
SKY_COMMAND_REGISTER(help_command)

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_overview(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("skyfuse %s\n", SKY_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return cmd_help(1, argv);
	const struct sky_command *c = sky_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "skyfuse: unknown command '%s'\n\n", argv[1]);
		print_overview(stderr);
		return 2;
	}
	bool sub = c->sub_help && argc > 2 && argv[2][0] != '-';
	if (!sub && sky_wants_help(argc - 1, argv + 1)) {
		sky_command_usage(c, 0);
		return 0;
	}
	return c->run(argc - 1, argv + 1);
}
