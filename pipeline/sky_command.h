/*
 * sky_command.h - the table of skyfuse subcommands.
 *
 * Every subcommand (decode, replay, run, check, sim, score, bench, journal)
 * registers itself at start-up with SKY_COMMAND_REGISTER, so the runtime
 * never includes the layers above it. Commands return a process exit code
 * (0 success, 1 failure of the work, 2 usage error).
 */
#ifndef SKY_COMMAND_H
#define SKY_COMMAND_H

struct sky_command {
	const char *name;
	const char *summary;   /* one line for `skyfuse help` */
	const char *usage;     /* the full text of `skyfuse help NAME` */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	int sub_help;          /* `CMD SUB --help` goes to run: SUB prints its own */
};

void sky_command_register(const struct sky_command *c);
const struct sky_command *sky_command_find(const char *name);
/* Commands in name order; returns the count. */
unsigned sky_command_list(const struct sky_command **out, unsigned max);

/* Print the usage of a command to stdout (help) or stderr (usage error). */
void sky_command_usage(const struct sky_command *c, int to_stderr);

/* True when argv holds -h or --help. */
int sky_wants_help(int argc, char **argv);

#define SKY_COMMAND_REGISTER(cmd)                                          \
	static void __attribute__((constructor)) sky_register_##cmd(void) \
	{                                                                  \
		sky_command_register(&cmd);                                \
	}

#endif
