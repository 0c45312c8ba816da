/* ntscope — trace NT-style process creation under Bochs and analyze the trace. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/ntscope.h"

static const struct nts_command commands[] = {
	{ "run", cmd_run, "boot the bundled kernel under Bochs and record a trace", cmd_run_usage },
	{ "timeline", cmd_timeline, "show each CreateProcess and its csrss handshake, step by step",
	  cmd_timeline_usage },
	{ "report", cmd_report, "write a self-contained HTML timeline report of a trace",
	  cmd_report_usage },
	{ "export", cmd_export, "export a trace as Chrome Trace Event JSON (Perfetto)",
	  cmd_export_usage },
	{ "stats", cmd_stats, "counts and latency percentiles of a trace", cmd_stats_usage },
	{ "diff", cmd_diff, "compare the handshakes and system calls of two traces",
	  cmd_diff_usage },
	{ "cc", cmd_cc, "build your own program for the bundled kernel", cmd_cc_usage },
	{ "help", cmd_help, "show help for ntscope or one command", cmd_help_usage },
};

const struct nts_command *nts_commands(int *count)
{
	*count = (int)(sizeof commands / sizeof commands[0]);
	return commands;
}

const struct nts_command *nts_command_find(const char *name)
{
	int i, n;
	const struct nts_command *c = nts_commands(&n);

	for (i = 0; i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			return &c[i];
	return NULL;
}

int nts_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ntscope %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'ntscope help %s')\n", cmd);
	return NTS_EXIT_USAGE;
}

int nts_trace_operand(const char *cmd, int argc, char **argv, const char **path)
{
	if (optind >= argc)
		return nts_usage_error(cmd, "no trace file given");
	if (optind + 1 < argc)
		return nts_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	*path = argv[optind];
	return 0;
}

int nts_format_option(const char *cmd, const char *value, int *json)
{
	if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0)
		return nts_usage_error(cmd, "--format is 'text' or 'json', not '%s'", value);
	*json = strcmp(value, "json") == 0;
	return 0;
}

int nts_format_options(const char *cmd, const char *usage, int argc, char **argv, int *json)
{
	static const struct option longopts[] = {
		{ "format", required_argument, 0, 'f' }, { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (nts_format_option(cmd, optarg, json))
				return NTS_EXIT_USAGE;
			break;
		case 'h': fputs(usage, stdout); exit(NTS_EXIT_OK);
		case ':': return nts_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return nts_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

int nts_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("ntscope: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return NTS_EXIT_FAIL;
}

int nts_pathf(char *dst, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, PATH_MAX, fmt, ap);
	va_end(ap);
	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

void nts_warn_incomplete(sqlite3 *db, const char *cmd, const char *path)
{
	sqlite3_stmt *st = NULL;
	const char *status = NULL;

	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'status'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		status = (const char *)sqlite3_column_text(st, 0);
	if (!status || strcmp(status, "poweroff") != 0)
		fprintf(stderr, "ntscope %s: warning: %s is incomplete (status '%s'): it ends where the "
		        "run was cut short\n", cmd, path, status ? status : "none recorded");
	sqlite3_finalize(st);
}

int nts_parse_count(const char *s, unsigned long long *out)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return (errno || *end) ? -1 : 0;
}

int main(int argc, char **argv)
{
	const struct nts_command *cmd;

	/* the analyzers step millions of rows: no allocation statistics to keep */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (argc < 2)
		return cmd_help(1, argv);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(argc - 1, argv + 1);
	if (strcmp(argv[1], "--version") == 0) {
		printf("ntscope %s\n", PACKAGE_VERSION);
		return NTS_EXIT_OK;
	}
	cmd = nts_command_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "ntscope: '%s' is not an ntscope command (see 'ntscope help')\n", argv[1]);
		return NTS_EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
