/* ntscope.h — what the subcommands of the one `ntscope` binary share. */
#ifndef NTSCOPE_NTSCOPE_H
#define NTSCOPE_NTSCOPE_H

#include <limits.h>
#include <stddef.h>

/* Exit statuses: 0 success, 1 failure, 2 bad usage. */
enum { NTS_EXIT_OK = 0, NTS_EXIT_FAIL = 1, NTS_EXIT_USAGE = 2, NTS_EXIT_INTERRUPTED = 130 };

struct nts_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;        /* one line for `ntscope help` */
	const char *usage;          /* the full text for `ntscope help CMD` */
};

int cmd_run(int argc, char **argv);
int cmd_cc(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_diff(int argc, char **argv);
extern const char cmd_run_usage[];
extern const char cmd_cc_usage[];
extern const char cmd_help_usage[];
extern const char cmd_timeline_usage[];
extern const char cmd_report_usage[];
extern const char cmd_export_usage[];
extern const char cmd_stats_usage[];
extern const char cmd_diff_usage[];

const struct nts_command *nts_command_find(const char *name);
const struct nts_command *nts_commands(int *count);

/* Print "ntscope CMD: message" and a hint to stderr; return NTS_EXIT_USAGE. */
int nts_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The one trace-file operand after the options: *path, or a usage error for cmd. */
int nts_trace_operand(const char *cmd, int argc, char **argv, const char **path);

/* --format's value for cmd: *json set for 'json', cleared for 'text'. 0, or the usage
 * error's exit status for anything else. */
int nts_format_option(const char *cmd, const char *value, int *json);
/* The options of a command that has only --format and --help (usage is its help text);
 * optind is left at the first operand. 0, or the usage error's exit status. */
int nts_format_options(const char *cmd, const char *usage, int argc, char **argv, int *json);
/* Print "ntscope: message" to stderr; return NTS_EXIT_FAIL. */
int nts_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* snprintf into a PATH_MAX buffer; -1 (and dst truncated) if it did not fit. */
int nts_pathf(char *dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Say on stderr "ntscope CMD: warning: PATH is incomplete (status 'S')" when the trace
 * db did not end with the guest's power-off (a run cut short or killed). */
struct sqlite3;
void nts_warn_incomplete(struct sqlite3 *db, const char *cmd, const char *path);
/* Parse a non-negative decimal/hex count; 0 on success, -1 if malformed. */
int nts_parse_count(const char *s, unsigned long long *out);

/* Where the pieces of an ntscope installation (or build tree) are. */
struct nts_paths {
	char bochs[PATH_MAX];       /* the Bochs built with the ntscope shim */
	char tracer[PATH_MAX];      /* ntscope-trace.so */
	char images[PATH_MAX];      /* ntoskrnl.elf, ntdll.elf, bootsect.bin, loader.bin, programs/ */
	char workloads[PATH_MAX];   /* NAME.wl files */
	char sdk[PATH_MAX];         /* include/ and lib/ for building user programs */
	char bios[PATH_MAX];        /* BIOS-bochs-latest */
	char vgabios[PATH_MAX];
};

/* Fill p for this binary: a build tree when run from one, else the install prefix.
 * Environment overrides: NTSCOPE_BOCHS, NTSCOPE_BIOS, NTSCOPE_VGABIOS. */
void nts_paths_find(struct nts_paths *p);

#endif
