/* ntscope help [CMD] */
#include "config.h"

#include <stdio.h>

#include "analyzers/ntscope.h"

const char cmd_help_usage[] =
	"usage: ntscope help [CMD]\n"
	"\n"
	"Without CMD, list the commands; with CMD, show that command's options.\n";

static void list_commands(void)
{
	int i, n;
	const struct nts_command *c = nts_commands(&n);

	printf("usage: ntscope [--version] [--help] CMD [ARGS]\n\n"
	       "ntscope traces the bundled NT-style kernel under Bochs into SQLite.\n\n"
	       "Commands:\n");
	for (i = 0; i < n; i++)
		printf("  %-10s %s\n", c[i].name, c[i].summary);
	printf("\nSee 'ntscope help CMD' for one command's options.\n");
}

int cmd_help(int argc, char **argv)
{
	const struct nts_command *c;

	if (argc < 2) {
		list_commands();
		return NTS_EXIT_OK;
	}
	if (argc > 2)
		return nts_usage_error("help", "takes at most one command name");
	c = nts_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "ntscope help: no command '%s' (see 'ntscope help')\n", argv[1]);
		return NTS_EXIT_USAGE;
	}
	fputs(c->usage, stdout);
	return NTS_EXIT_OK;
}
