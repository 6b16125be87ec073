/*
 * command.c - the registry behind sky_command.h: a small fixed table filled
 * by constructors before main runs.
 */
#include <stdio.h>
#include <string.h>

#include "sky_command.h"

#define MAX_COMMANDS 32

static const struct sky_command *commands[MAX_COMMANDS];
static unsigned n_commands;

void sky_command_register(const struct sky_command *c)
{
	if (n_commands < MAX_COMMANDS)
		commands[n_commands++] = c;
}

const struct sky_command *sky_command_find(const char *name)
{
	for (unsigned i = 0; i < n_commands; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

unsigned sky_command_list(const struct sky_command **out, unsigned max)
{
	unsigned n = n_commands < max ? n_commands : max;
	memcpy(out, commands, n * sizeof(*out));
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && strcmp(out[j - 1]->name, out[j]->name) > 0; j--) {
			const struct sky_command *t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

void sky_command_usage(const struct sky_command *c, int to_stderr)
{
	fputs(c->usage, to_stderr ? stderr : stdout);
}

int sky_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}
