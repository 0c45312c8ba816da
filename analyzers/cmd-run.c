/* ntscope run — boot the bundled kernel under Bochs and record a trace. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzers/ntscope.h"
#include "analyzers/run.h"
#include "analyzers/tracehash.h"
#include "kernel-image/tools/bootfs.h"
#include "plugin/core/check.h"

const char cmd_run_usage[] =
	"usage: ntscope run [OPTIONS]\n"
	"\n"
	"Boot the bundled NT-style kernel under Bochs with the ntscope tracer and write\n"
	"the trace to an SQLite file. The guest console is shown as it runs.\n"
	"\n"
	"  -o, --output FILE          trace file to write (default trace.db)\n"
	"  -w, --workload NAME        workload to run (default 'default')\n"
	"  -W, --workload-file FILE   run the commands listed in FILE instead of a bundled workload\n"
	"  -p, --program FILE.elf[,FILE2.elf...]\n"
	"                             add your own programs (built with 'ntscope cc') to the boot disk\n"
	"  -b, --boot-option KEY=VALUE  add a line to the guest's boot.ini (repeatable), e.g.\n"
	"                             stress=500, syscall=int2e\n"
	"  -n, --max-instructions N   stop the guest after N instructions (default 2000000000)\n"
	"  -t, --timeout SECONDS      stop Bochs after this much wall time (default 600)\n"
	"  -k, --kernel FILE          boot and trace this kernel ELF instead of the bundled one\n"
	"  -f, --force                overwrite FILE if it exists\n"
	"      --check-determinism    run twice and check that every table but meta is the\n"
	"                             same in both traces (exit 1 if not)\n"
	"      --no-trace             run with the tracer inert (no trace file)\n"
	"      --keep                 keep the per-run directory (disk image, bochsrc, bochs.log)\n"
	"  -q, --quiet                do not show the guest console\n"
	"\n"
	"Exit status: 0 when the guest powered off normally; 1 on a guest bugcheck, a\n"
	"timeout or a tracer error; 2 on bad usage.\n";

struct run_opts {
	const char *output, *workload, *kernel, *workload_file;
	char *user_programs;        /* comma-separated, from --program */
	char boot_options[1024];    /* KEY=VALUE lines from --boot-option */
	unsigned long long max_instructions;
	double timeout;
	int force, trace, keep, quiet, determinism;
};

struct run_ctx {
	struct run_opts o;
	struct nts_paths p;
	char dir[PATH_MAX];         /* per-run directory */
	char disk[PATH_MAX], bochsrc[PATH_MAX], log[PATH_MAX], bootini[PATH_MAX];
	char workload_file[PATH_MAX], kernel[PATH_MAX], images[4 * PATH_MAX];
	char programs[BOOTFS_MAX_FILES][PATH_MAX];
	int nprograms;
};

/* Append KEY=VALUE to the boot.ini lines; -1 if it is malformed or too long. */
static int add_boot_option(struct run_opts *o, const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t used = strlen(o->boot_options), n = strlen(kv);

	if (!eq || eq == kv || strspn(kv, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,=-") != n)
		return -1;
	if (used + n + 2 > sizeof o->boot_options)
		return -1;
	memcpy(o->boot_options + used, kv, n);
	memcpy(o->boot_options + used + n, "\n", 2);
	return 0;
}

static int parse_options(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, 0, 'o' }, { "workload", required_argument, 0, 'w' },
		{ "max-instructions", required_argument, 0, 'n' }, { "timeout", required_argument, 0, 't' },
		{ "kernel", required_argument, 0, 'k' }, { "force", no_argument, 0, 'f' },
		{ "workload-file", required_argument, 0, 'W' }, { "program", required_argument, 0, 'p' },
		{ "boot-option", required_argument, 0, 'b' },
		{ "no-trace", no_argument, 0, 'N' }, { "keep", no_argument, 0, 'K' },
		{ "check-determinism", no_argument, 0, 'D' },
		{ "quiet", no_argument, 0, 'q' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 } };
	unsigned long long secs;
	int c;

	*o = (struct run_opts){ .output = "trace.db", .workload = "default", .max_instructions = 2000000000ULL,
				.timeout = 600, .trace = 1 };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:w:W:p:b:n:t:k:fqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'w': o->workload = optarg; break;
		case 'k': o->kernel = optarg; break;
		case 'W': o->workload_file = optarg; break;
		case 'p': o->user_programs = optarg; break;
		case 'b':
			if (add_boot_option(o, optarg) != 0)
				return nts_usage_error("run", "--boot-option wants KEY=VALUE (letters, digits, '_', '.', ','), not '%s'", optarg);
			break;
		case 'f': o->force = 1; break;
		case 'N': o->trace = 0; break;
		case 'D': o->determinism = 1; break;
		case 'K': o->keep = 1; break;
		case 'q': o->quiet = 1; break;
		case 'h': fputs(cmd_run_usage, stdout); exit(NTS_EXIT_OK);
		case 'n':
			if (nts_parse_count(optarg, &o->max_instructions) || o->max_instructions == 0)
				return nts_usage_error("run", "--max-instructions wants a positive number, not '%s'", optarg);
			break;
		case 't':
			if (nts_parse_count(optarg, &secs))
				return nts_usage_error("run", "--timeout wants a number of seconds, not '%s'", optarg);
			o->timeout = (double)secs;
			break;
		case ':': return nts_usage_error("run", "option '%s' needs a value", argv[optind - 1]);
		default: return nts_usage_error("run", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return nts_usage_error("run", "unexpected argument '%s'", argv[optind]);
	if (o->determinism && !o->trace)
		return nts_usage_error("run", "--check-determinism needs a trace: drop --no-trace");
	if (o->workload_file && strcmp(o->workload, "default") != 0)
		return nts_usage_error("run", "--workload and --workload-file exclude each other");
	if (!*o->workload || strchr(o->workload, '/'))
		return nts_usage_error("run", "bad workload name '%s'", o->workload);
	return 0;
}

/* The output must be creatable: its directory writable, and no file there unless --force. */
static int check_output(const struct run_opts *o)
{
	char dir[PATH_MAX];

	nts_pathf(dir, "%s", o->output);
	if (access(dirname(dir), W_OK) != 0)
		return nts_fail("cannot write the trace to %s: directory %s: %s", o->output, dir, strerror(errno));
	if (access(o->output, F_OK) == 0) {
		if (!o->force)
			return nts_fail("%s exists; pass --force to overwrite it or -o to choose another file", o->output);
		if (unlink(o->output) != 0)
			return nts_fail("cannot remove %s: %s", o->output, strerror(errno));
		for (const char *sfx = "-wal"; sfx; sfx = strcmp(sfx, "-wal") ? NULL : "-shm") {
			nts_pathf(dir, "%s%s", o->output, sfx);
			unlink(dir);
		}
	}
	return 0;
}

/* Every file the run needs must exist before Bochs starts. */
static int check_inputs(struct run_ctx *c)
{
	char err[512];
	const char *need[] = { c->p.bochs, c->p.bios, c->p.vgabios };
	const char *what[] = { "Bochs", "the Bochs BIOS", "the VGA BIOS" };
	const char *fix[] = { "run scripts/setup, or set NTSCOPE_BOCHS", "install bochsbios, or set NTSCOPE_BIOS",
			      "install vgabios, or set NTSCOPE_VGABIOS" };

	for (int i = 0; i < 3; i++)
		if (access(need[i], R_OK) != 0)
			return nts_fail("%s not found at %s: %s", what[i], need[i], fix[i]);
	if (c->o.trace && access(c->p.tracer, R_OK) != 0)
		return nts_fail("tracer library not found at %s: run make", c->p.tracer);
	nts_pathf(c->workload_file, "%s/%s.wl", c->p.workloads, c->o.workload);
	if (c->o.workload_file) {
		nts_pathf(c->workload_file, "%s", c->o.workload_file);
		if (access(c->workload_file, R_OK) != 0)
			return nts_fail("cannot read workload file %s: %s", c->workload_file, strerror(errno));
	} else if (access(c->workload_file, R_OK) != 0) {
		return nts_fail("unknown workload '%s' (no %s)", c->o.workload, c->workload_file);
	}
	nts_pathf(c->kernel, "%s", c->o.kernel ? c->o.kernel : "");
	if (!c->o.kernel)
		nts_pathf(c->kernel, "%s/ntoskrnl.elf", c->p.images);
	if (nts_kernel_check(c->kernel, err, sizeof err) != 0)
		return nts_fail("%s", err);
	return 0;
}

/* The index of the program whose file is called name, or -1. */
static int program_named(const struct run_ctx *c, const char *name)
{
	for (int i = 0; i < c->nprograms; i++)
		if (strcmp(strrchr(c->programs[i], '/') + 1, name) == 0)
			return i;
	return -1;
}

/* Add the user's --program files: each must be an i386 ELF with a symbol table. */
static int add_user_programs(struct run_ctx *c)
{
	char err[512], *save = NULL, *name;

	for (name = strtok_r(c->o.user_programs, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		if (c->nprograms >= BOOTFS_MAX_FILES - 8)
			return nts_fail("too many programs (at most %d)", BOOTFS_MAX_FILES - 8);
		if (nts_image_check(name, err, sizeof err) != 0)
			return nts_fail("%s", err);
		if (!realpath(name, c->programs[c->nprograms]))
			return nts_fail("cannot resolve %s: %s", name, strerror(errno));
		if (program_named(c, strrchr(c->programs[c->nprograms], '/') + 1) >= 0)
			return nts_fail("program %s has the name of a bundled program: rename it",
					strrchr(c->programs[c->nprograms], '/') + 1);
		c->nprograms++;
	}
	return 0;
}

/* A user image shipped with the kernel: NAME.elf (programs), NAME.exe (smss, csrss), NAME.dll. */
static int is_user_image(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && (strcmp(name + n - 4, ".elf") == 0 || strcmp(name + n - 4, ".exe") == 0 ||
			 strcmp(name + n - 4, ".dll") == 0);
}

/* The user images shipped with the kernel: every programs/NAME.elf, .exe and .dll. */
static int find_programs(struct run_ctx *c)
{
	char dir[PATH_MAX];
	struct dirent *e;
	DIR *d;

	nts_pathf(dir, "%s/programs", c->p.images);
	d = opendir(dir);
	if (!d)
		return nts_fail("cannot read %s: %s", dir, strerror(errno));
	while ((e = readdir(d)) && c->nprograms < BOOTFS_MAX_FILES - 8) {
		if (is_user_image(e->d_name))
			nts_pathf(c->programs[c->nprograms++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	return 0;
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int rc = f && fputs(text, f) >= 0 ? 0 : -1;

	if (f && fclose(f) != 0)
		rc = -1;
	return rc ? nts_fail("cannot write %s: %s", path, strerror(errno)) : 0;
}

/* Build this run's boot disk: kernel, ntdll, programs, boot.ini and the workload. */
static int make_disk(struct run_ctx *c)
{
	struct bootfs_file files[BOOTFS_MAX_FILES];
	char bootsect[PATH_MAX], loader[PATH_MAX], ntdll[PATH_MAX], text[1536], err[512];
	int n = 0, i;

	nts_pathf(bootsect, "%s/bootsect.bin", c->p.images);
	nts_pathf(loader, "%s/loader.bin", c->p.images);
	nts_pathf(ntdll, "%s/ntdll.elf", c->p.images);
	nts_pathf(c->bootini, "%s/boot.ini", c->dir);
	snprintf(text, sizeof text, "# ntscope run --workload %s\nworkload=workload.wl\n%s", c->o.workload,
		 c->o.boot_options);
	if (write_text(c->bootini, text))
		return -1;
	files[n++] = (struct bootfs_file){ "ntoskrnl.elf", c->kernel };
	files[n++] = (struct bootfs_file){ "ntdll.elf", ntdll };
	files[n++] = (struct bootfs_file){ "boot.ini", c->bootini };
	files[n++] = (struct bootfs_file){ "workload.wl", c->workload_file };
	snprintf(c->images, sizeof c->images, "%s", ntdll);
	for (i = 0; i < c->nprograms; i++) {
		files[n].path = c->programs[i];
		files[n++].name = strrchr(c->programs[i], '/') + 1;
		strncat(c->images, ":", sizeof c->images - strlen(c->images) - 1);
		strncat(c->images, c->programs[i], sizeof c->images - strlen(c->images) - 1);
	}
	nts_pathf(c->disk, "%s/disk.img", c->dir);
	if (bootfs_write(c->disk, bootsect, loader, files, n, err, sizeof err) != 0)
		return nts_fail("cannot build the boot disk: %s", err);
	return 0;
}

/* Headless, deterministic Bochs: no GUI, virtual time, console on port 0xE9. */
static int write_bochsrc(struct run_ctx *c)
{
	char text[4 * PATH_MAX];

	nts_pathf(c->bochsrc, "%s/bochsrc", c->dir);
	nts_pathf(c->log, "%s/bochs.log", c->dir);
	snprintf(text, sizeof text,
		 "megs: 32\n"
		 "romimage: file=\"%s\"\n"
		 "vgaromimage: file=\"%s\"\n"
		 "ata0-master: type=disk, path=\"%s\", mode=flat\n"
		 "boot: disk\n"
		 "display_library: nogui\n"
		 "vga: extension=vbe, update_freq=10, realtime=0\n"
		 "clock: sync=none, time0=946684800\n"
		 "cpu: count=1, ips=10000000, reset_on_triple_fault=0\n"
		 "port_e9_hack: enabled=1\n"
		 "log: -\n"
		 "panic: action=fatal\nerror: action=report\ninfo: action=report\ndebug: action=ignore\n",
		 c->p.bios, c->p.vgabios, c->disk);
	return write_text(c->bochsrc, text);
}

/* The tracer's settings, passed through the environment. */
static void tracer_env(struct run_ctx *c, const char **env, char *maxbuf)
{
	int n = 0;

	if (c->o.trace) {
		sprintf(maxbuf, "%llu", c->o.max_instructions);
		env[n++] = "NTSCOPE_TRACE_LIB"; env[n++] = c->p.tracer;
		env[n++] = "NTSCOPE_DB"; env[n++] = c->o.output;
		env[n++] = "NTSCOPE_KERNEL"; env[n++] = c->kernel;
		env[n++] = "NTSCOPE_IMAGES"; env[n++] = c->images;
		env[n++] = "NTSCOPE_WORKLOAD"; env[n++] = c->o.workload;
		env[n++] = "NTSCOPE_MAX_INSTRUCTIONS"; env[n++] = maxbuf;
	} else {
		env[n++] = "NTSCOPE_TRACE_LIB"; env[n++] = "";
	}
	env[n] = NULL;
}

/* Read meta.value for key, or "" when absent. */
static void meta_get(sqlite3 *db, const char *key, char *out, size_t len)
{
	sqlite3_stmt *st = NULL;

	out[0] = 0;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0))
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Set meta.key; a failure is reported when loud. */
static void meta_put(sqlite3 *db, const char *key, const char *value, int loud)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE && loud)
			fprintf(stderr, "ntscope: cannot record meta %s: %s\n", key, sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
}

/* The public event tables and views (schema/trace.sql) whose row counts a run prints. */
static const char *const event_tables[] = {
	"apc", "flow", "port", "port_connect", "port_message", "process", "sched", "syscall",
	"syscall_handle", "thread", "trap", "ucall", "wakeup",
};

/* Print the row count of every event table that has rows. */
static void print_table_counts(sqlite3 *db)
{
	sqlite3_stmt *cnt = NULL;
	char sql[128];
	size_t i;

	for (i = 0; i < sizeof event_tables / sizeof *event_tables; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", event_tables[i]);
		if (sqlite3_prepare_v2(db, sql, -1, &cnt, NULL) == SQLITE_OK && sqlite3_step(cnt) == SQLITE_ROW &&
		    sqlite3_column_int64(cnt, 0) > 0)
			printf("  %-14s %lld\n", event_tables[i], (long long)sqlite3_column_int64(cnt, 0));
		sqlite3_finalize(cnt);
		cnt = NULL;
	}
}

/* Decide how the run ended, record it, print the summary; return the exit status. */
static int finish(struct run_ctx *c, struct bochs_run *r, double wall)
{
	char status[64] = "", code[128] = "", icount[32] = "", buf[64];
	sqlite3 *db = NULL;
	int rc = NTS_EXIT_FAIL;

	if (c->o.trace && access(c->o.output, F_OK) == 0 &&
	    sqlite3_open_v2(c->o.output, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		meta_get(db, "status", status, sizeof status);
		meta_get(db, "bugcheck_code", code, sizeof code);
		meta_get(db, "instructions", icount, sizeof icount);
		sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL);
		snprintf(buf, sizeof buf, "%.3f", wall);
		meta_put(db, "wall_seconds", buf, !r->tracer_error[0]);
		snprintf(buf, sizeof buf, "%d", r->exit_status);
		meta_put(db, "bochs_exit_status", buf, !r->tracer_error[0]);
	} else if (!c->o.trace) {
		snprintf(status, sizeof status, "%s", r->stop_line[0] ? "bugcheck" : r->saw_shutdown ? "poweroff" : "");
	}
	if (r->interrupted) {
		if (db && strcmp(status, "running") == 0)
			meta_put(db, "status", "interrupted", 1);
		snprintf(status, sizeof status, "interrupted");
		nts_fail("interrupted; the trace in %s holds what was recorded until then", c->o.output);
		rc = NTS_EXIT_INTERRUPTED;
	} else if (r->timed_out)
		nts_fail("timeout: Bochs still running after %.0f s; stopped it", c->o.timeout);
	else if (r->tracer_error[0] && db)
		nts_fail("%s; the trace in %s is incomplete", r->tracer_error, c->o.output);
	else if (r->tracer_error[0])
		nts_fail("%s; no trace was written", r->tracer_error);
	else if (strcmp(status, "poweroff") == 0)
		rc = NTS_EXIT_OK;
	else if (strcmp(status, "bugcheck") == 0)
		nts_fail("guest bugcheck: %s", r->stop_line[0] ? r->stop_line : code);
	else if (strcmp(status, "max_instructions") == 0)
		nts_fail("timeout: the guest was still running after %llu instructions", c->o.max_instructions);
	else if (c->o.trace && !db)
		nts_fail("no trace was written to %s (Bochs exit status %d; see %s)", c->o.output, r->exit_status, c->log);
	else
		nts_fail("Bochs exited (status %d) before the guest powered off; %s%s", r->exit_status,
			 c->o.trace ? "the trace is incomplete; " : "", "run with --keep to see bochs.log");
	if (db && !sqlite3_get_autocommit(db) && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK &&
	    !r->tracer_error[0])
		fprintf(stderr, "ntscope: cannot record the run's end in %s: %s\n", c->o.output, sqlite3_errmsg(db));
	if (!c->o.quiet || rc != NTS_EXIT_OK || r->interrupted) {
		printf("ntscope run: %s after %s instructions, %.2f s wall\n", status[0] ? status : "incomplete",
		       icount[0] ? icount : "?", wall);
		if (db)
			print_table_counts(db);
		if (c->o.trace)
			printf("  trace: %s\n", c->o.output);
	}
	sqlite3_close(db);
	return rc;
}

static void remove_run_dir(struct run_ctx *c)
{
	const char *files[] = { c->disk, c->bochsrc, c->log, c->bootini };

	for (int i = 0; i < 4; i++)
		if (files[i][0])
			unlink(files[i]);
	rmdir(c->dir);
}

static int make_run_dir(struct run_ctx *c)
{
	const char *tmp = getenv("TMPDIR");

	nts_pathf(c->dir, "%s/ntscope-run.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(c->dir))
		return nts_fail("cannot create a run directory under %s: %s", tmp && *tmp ? tmp : "/tmp", strerror(errno));
	return 0;
}

/* Boot once, tracing to c->o.output; the exit status of the run. */
static int run_once(struct run_ctx *c)
{
	struct bochs_run r = { 0 };
	const char *env[16];
	char maxbuf[32];
	struct timespec t0, t1;

	tracer_env(c, env, maxbuf);
	r = (struct bochs_run){ .bochs = c->p.bochs, .bochsrc = c->bochsrc, .logfile = c->log, .env = env,
				.trace = c->o.trace, .quiet = c->o.quiet, .timeout = c->o.timeout,
				.show_progress = c->o.trace && isatty(2) };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (bochs_run(&r) != 0)
		return nts_fail("cannot start Bochs %s: %s", c->p.bochs, strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return finish(c, &r, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
}

/* Run again into the run directory and compare every table with the first trace. */
static int check_determinism(struct run_ctx *c)
{
	char second[PATH_MAX], kept[PATH_MAX];
	const char *first = c->o.output;
	int rc, cmp;

	nts_pathf(second, "%s/second.db", c->dir);
	c->o.output = second;
	rc = run_once(c);
	c->o.output = first;
	if (rc != NTS_EXIT_OK) {
		unlink(second);
		return rc;
	}
	cmp = nts_trace_compare(first, second, stderr);
	if (cmp == 0) {
		unlink(second);
		printf("ntscope run: deterministic: both runs wrote the same content to every table\n");
		return NTS_EXIT_OK;
	}
	nts_pathf(kept, "%s.rerun", first);
	if (cmp > 0 && rename(second, kept) == 0)
		fprintf(stderr, "ntscope: the second run's trace is %s\n", kept);
	else
		unlink(second);
	return NTS_EXIT_FAIL;
}

int cmd_run(int argc, char **argv)
{
	static struct run_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	if ((rc = parse_options(argc, argv, &c.o)) != 0)
		return rc;
	nts_paths_find(&c.p);
	if ((rc = check_inputs(&c)) != 0 || (c.o.trace && (rc = check_output(&c.o)) != 0))
		return rc;
	if ((rc = find_programs(&c)) != 0 || (c.o.user_programs && (rc = add_user_programs(&c)) != 0))
		return rc;
	if ((rc = make_run_dir(&c)) != 0)
		return rc;
	if ((rc = make_disk(&c)) != 0 || (rc = write_bochsrc(&c)) != 0)
		goto out;
	rc = run_once(&c);
	if (rc == NTS_EXIT_OK && c.o.determinism)
		rc = check_determinism(&c);
out:
	if (c.o.keep)
		fprintf(stderr, "ntscope run: kept %s\n", c.dir);
	else
		remove_run_dir(&c);
	return rc;
}
