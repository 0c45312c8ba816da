/* ntscope cc — build a user program for the bundled kernel against its SDK. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyzers/ntscope.h"
#include "plugin/core/check.h"

const char cmd_cc_usage[] =
	"usage: ntscope cc [-o OUT.elf] [--native] [-v] SOURCE... [-- COMPILER-FLAGS...]\n"
	"\n"
	"Compile and link SOURCE files (.c, .S or .o) into a ring-3 ELF program for the\n"
	"bundled kernel, then run it with 'ntscope run --program OUT.elf --workload-file F'.\n"
	"\n"
	"A Win32 program (the default) defines int main(int argc, char **argv), may use\n"
	"<windows.h> (kernel32: CreateProcessW, WaitForSingleObject, GetExitCodeProcess,\n"
	"Sleep, QueueUserAPC, ...) and Print() for console output; ntdll loads kernel32.dll\n"
	"into it, which connects to csrss. A --native program uses only ntdll (<native.h>)\n"
	"and defines VOID NTAPI NtProcessStartup(PPEB Peb).\n"
	"\n"
	"  -o, --output OUT.elf   the program to write (default a.elf)\n"
	"      --native           an ntdll-only program (no kernel32, no csrss)\n"
	"  -v, --verbose          show the compiler command\n"
	"\n"
	"Flags after -- go to the compiler (e.g. -DDEBUG -O0).\n";

#define CC_MAX_ARGS 128

struct cc_opts {
	const char *output;
	int native, verbose;
};

static int parse_options(int argc, char **argv, struct cc_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, 0, 'o' }, { "native", no_argument, 0, 'N' },
		{ "verbose", no_argument, 0, 'v' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 } };
	int c;

	*o = (struct cc_opts){ .output = "a.elf" };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'N': o->native = 1; break;
		case 'v': o->verbose = 1; break;
		case 'h': fputs(cmd_cc_usage, stdout); exit(NTS_EXIT_OK);
		case ':': return nts_usage_error("cc", "option '%s' needs a value", argv[optind - 1]);
		default: return nts_usage_error("cc", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "--") == 0)
		return nts_usage_error("cc", "no source files");
	return 0;
}

/* Append a copy of the formatted argument; -1 when argv is full. */
static int push(char **args, int *n, const char *fmt, const char *s)
{
	char buf[PATH_MAX + 64];

	if (*n >= CC_MAX_ARGS - 1)
		return -1;
	snprintf(buf, sizeof buf, fmt, s);
	args[(*n)++] = strdup(buf);
	args[*n] = NULL;
	return 0;
}

/* The compiler command: the kernel's user-mode flags, the SDK, the sources. */
static int build_command(const struct cc_opts *o, const char *sdk, int argc, char **argv, char **args)
{
	static const char *flags[] = { "-m32", "-march=i586", "-std=gnu11", "-ffreestanding", "-fno-pic",
		"-fno-pie", "-fno-stack-protector", "-fno-common", "-fshort-wchar", "-fno-asynchronous-unwind-tables",
		"-mno-mmx", "-mno-sse", "-O2", "-g", "-nostdlib", "-static", "-no-pie", "-Wl,-z,noexecstack",
		"-Wl,--build-id=none", NULL };
	int n = 0, i, rc = 0;

	rc |= push(args, &n, "%s", NTS_CC);
	for (i = 0; flags[i]; i++)
		rc |= push(args, &n, "%s", flags[i]);
	rc |= push(args, &n, "-I%s/include", sdk);
	rc |= push(args, &n, "-Wl,-T,%s/lib/program.ld", sdk);
	rc |= push(args, &n, "-Wl,--just-symbols=%s/lib/ntdll.elf", sdk);
	if (!o->native) {
		rc |= push(args, &n, "-Wl,--just-symbols=%s/lib/kernel32.dll", sdk);
		rc |= push(args, &n, "%s", "-Wl,-e,WinMainCRTStartup");
		rc |= push(args, &n, "%s/lib/w32start.o", sdk);
	}
	rc |= push(args, &n, "%s/lib/print.o", sdk);
	for (i = optind; i < argc; i++)
		if (strcmp(argv[i], "--") != 0)
			rc |= push(args, &n, "%s", argv[i]);
	rc |= push(args, &n, "-o%s", o->output);
	rc |= push(args, &n, "%s", "-lgcc");
	return rc ? nts_usage_error("cc", "too many arguments") : 0;
}

/* Run the compiler; its diagnostics go straight to the terminal. */
static int run_compiler(char **args, int verbose)
{
	int status;
	pid_t pid;

	if (verbose) {
		for (int i = 0; args[i]; i++)
			fprintf(stderr, "%s%s", i ? " " : "", args[i]);
		fputc('\n', stderr);
	}
	pid = fork();
	if (pid < 0)
		return nts_fail("cc: cannot start %s: %s", args[0], strerror(errno));
	if (pid == 0) {
		execvp(args[0], args);
		fprintf(stderr, "ntscope: cc: cannot run %s: %s\n", args[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return nts_fail("cc: the compiler failed (status %d)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

int cmd_cc(int argc, char **argv)
{
	struct cc_opts o;
	struct nts_paths p;
	char *args[CC_MAX_ARGS], probe[PATH_MAX], err[512];
	int rc, i;

	if ((rc = parse_options(argc, argv, &o)) != 0)
		return rc;
	nts_paths_find(&p);
	nts_pathf(probe, "%s/lib/program.ld", p.sdk);
	if (access(probe, R_OK) != 0)
		return nts_fail("cc: no SDK at %s: run make (or make install)", p.sdk);
	args[0] = NULL;
	if ((rc = build_command(&o, p.sdk, argc, argv, args)) == 0 && (rc = run_compiler(args, o.verbose)) == 0 &&
	    nts_image_check(o.output, err, sizeof err) != 0)
		rc = nts_fail("cc: %s", err);
	for (i = 0; args[i]; i++)
		free(args[i]);
	return rc;
}
