/*
 * bench-writer — the trace writer's throughput against a raw SQLite bulk insert of
 * the same rows. "bench-writer TRACE DIR" reads the syscall (with syscall_arg), trap
 * and sched rows of TRACE into memory, and the storage rows behind them (ev_syscall,
 * ev_syscall_arg, ev_trap, ev_sched, string, location), then
 *   writer: replays the rows through the tracer's writer (plugin/core/db.h, with its
 *           writer thread) into DIR/w.db as the tracer does (insert with arguments,
 *           exit update, event count), to close;
 *   raw:    inserts the final storage rows into DIR/r.db with the same schema, one
 *           prepared INSERT per table, in one transaction.
 * Each runs NRUNS times, alternately; on a shared machine interference only adds time,
 * so the fastest run of each is compared. Prints "rows N writer_s W raw_s R ratio R/W"
 * (ratio: the writer's throughput ÷ raw).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "plugin/core/db.h"
#include "schema/schema.h"

static const char *const tables[] = { "syscall", "syscall_arg", "trap", "sched",
                                      "string", "location", "ev_syscall", "ev_syscall_arg",
                                      "ev_trap", "ev_sched" };
#define NTABLES (sizeof tables / sizeof *tables)
#define NREPLAY 4                      /* tables[0..3] are replayed, the rest inserted raw */
#define NRUNS 11                       /* alternate runs of each; the fastest of each counts */

/* One table's rows as values, row-major. */
struct rows {
	int ncol;
	size_t n, cap;
	sqlite3_value **v;
};

static struct rows src[NTABLES];

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, sqlite3 *db)
{
	fprintf(stderr, "bench-writer: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
	exit(1);
}

/* Read every row of table t (ordered by its first two columns) into r. */
static void load(sqlite3 *db, const char *t, struct rows *r)
{
	char sql[128];
	sqlite3_stmt *st;
	int i;

	snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", t);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		die(sql, db);
	r->ncol = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 4096;
			r->v = realloc(r->v, r->cap * r->ncol * sizeof *r->v);
		}
		for (i = 0; i < r->ncol; i++)
			r->v[r->n * r->ncol + i] = sqlite3_value_dup(sqlite3_column_value(st, i));
		r->n++;
	}
	sqlite3_finalize(st);
}

static sqlite3_value *cell(const struct rows *r, size_t row, int col)
{
	return r->v[row * r->ncol + col];
}

static int64_t num(const struct rows *r, size_t row, int col)
{
	return sqlite3_value_int64(cell(r, row, col));
}

static const char *text(const struct rows *r, size_t row, int col)
{
	return (const char *)sqlite3_value_text(cell(r, row, col));
}

static struct nts_opt opt(const struct rows *r, size_t row, int col)
{
	sqlite3_value *v = cell(r, row, col);
	return (struct nts_opt){ sqlite3_value_type(v) != SQLITE_NULL, sqlite3_value_int64(v) };
}

/* syscall columns in schema order. */
enum { S_ID, S_UTID, S_TS, S_TS_EXIT, S_NUMBER, S_NAME, S_STATUS, S_VIA, S_NARGS, S_ARGS,
       S_ARG_PTR, S_EIP, S_EXIT_KIND, S_EXIT_ADDRESS, S_EXIT_RAW };

/* Replay the syscalls with their arguments; a is the cursor into syscall_arg (ordered
 * by syscall_id, idx). */
static void replay_syscalls(struct nts_db *w)
{
	const struct rows *s = &src[0], *a = &src[1];
	struct nts_opt args[64];
	size_t i, j = 0;

	for (i = 0; i < s->n; i++) {
		struct nts_syscall_row r = {
			num(s, i, S_UTID), num(s, i, S_TS), num(s, i, S_NUMBER), text(s, i, S_VIA),
			opt(s, i, S_NARGS).ok ? num(s, i, S_NARGS) : -1, args, num(s, i, S_ARG_PTR),
			num(s, i, S_EIP),
		};
		struct nts_syscall_exit e = {
			num(s, i, S_TS_EXIT), opt(s, i, S_STATUS), text(s, i, S_EXIT_KIND),
			text(s, i, S_EXIT_ADDRESS), num(s, i, S_EXIT_RAW),
		};
		int64_t id;

		for (; j < a->n && num(a, j, 0) <= num(s, i, S_ID); j++)
			if (num(a, j, 0) == num(s, i, S_ID) && num(a, j, 1) < 64)
				args[num(a, j, 1)] = opt(a, j, 2);
		if (r.nargs > 64)
			r.nargs = 64;
		id = nts_db_syscall(w, &r);
		nts_db_event(w, r.ts);
		nts_db_syscall_exit(w, id, &e);
		nts_db_event(w, e.ts);
	}
}

static void replay_traps(struct nts_db *w)
{
	const struct rows *t = &src[2];
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct nts_trap_row r = {
			num(t, i, 1), num(t, i, 2), num(t, i, 3), text(t, i, 4), text(t, i, 8),
			text(t, i, 9), text(t, i, 10), opt(t, i, 5), opt(t, i, 6), opt(t, i, 7),
		};
		nts_db_trap(w, &r);
		nts_db_event(w, r.ts);
	}
}

static void replay_sched(struct nts_db *w)
{
	const struct rows *t = &src[3];
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct nts_sched_row r = {
			num(t, i, 1), num(t, i, 3), num(t, i, 4), text(t, i, 5), text(t, i, 6),
			opt(t, i, 7), opt(t, i, 8), opt(t, i, 9), opt(t, i, 10), opt(t, i, 11), 0,
		};
		int64_t id = nts_db_sched(w, &r);
		if (opt(t, i, 12).ok)
			nts_db_sched_cr3(w, id, num(t, i, 12), num(t, i, 13));
		nts_db_event(w, r.ts);
	}
}

/* The writer's run: create, replay, close. Seconds. */
static double run_writer(const char *path)
{
	char err[512];
	struct nts_db w;
	double t0 = now();

	unlink(path);
	if (nts_db_create(&w, path, err, sizeof err) || nts_db_async(&w))
		die(err, NULL);
	replay_syscalls(&w);
	replay_traps(&w);
	replay_sched(&w);
	if (nts_db_close(&w, err, sizeof err))
		die(err, NULL);
	return now() - t0;
}

/* Insert the rows of table k with one prepared statement. */
static void raw_table(sqlite3 *db, int k)
{
	const struct rows *r = &src[k];
	char sql[512];
	size_t at, i;
	sqlite3_stmt *st;
	int c;

	at = snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (", tables[k]);
	for (c = 0; c < r->ncol; c++)
		at += snprintf(sql + at, sizeof sql - at, "%s?", c ? ", " : "");
	snprintf(sql + at, sizeof sql - at, ")");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		die(sql, db);
	for (i = 0; i < r->n; i++) {
		for (c = 0; c < r->ncol; c++)
			sqlite3_bind_value(st, c + 1, cell(r, i, c));
		if (sqlite3_step(st) != SQLITE_DONE)
			die("insert", db);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

/* The raw bulk insert: schema, one transaction, close. Seconds. */
static double run_raw(const char *path)
{
	char err[512];
	sqlite3 *db;
	double t0 = now();
	size_t k;

	unlink(path);
	if (sqlite3_open(path, &db) || nts_schema_apply(db, err, sizeof err))
		die("raw open", db);
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (k = NREPLAY; k < NTABLES; k++)
		raw_table(db, k);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
		die("commit", db);
	sqlite3_close(db);
	return now() - t0;
}

int main(int argc, char **argv)
{
	char wpath[4096], rpath[4096];
	sqlite3 *db;
	size_t k, rows = 0;
	double w, r;

	if (argc != 3) {
		fprintf(stderr, "usage: bench-writer TRACE DIR\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL))
		die(argv[1], db);
	for (k = 0; k < NTABLES; k++) {
		load(db, tables[k], &src[k]);
		if (k < NREPLAY)
			rows += src[k].n;
	}
	sqlite3_close(db);
	snprintf(wpath, sizeof wpath, "%s/w.db", argv[2]);
	snprintf(rpath, sizeof rpath, "%s/r.db", argv[2]);
	r = w = 1e9;
	for (k = 0; k < NRUNS; k++) {
		double rk = run_raw(rpath), wk = run_writer(wpath);
		r = rk < r ? rk : r;
		w = wk < w ? wk : w;
	}
	printf("rows %zu writer_s %.4f raw_s %.4f ratio %.3f\n", rows, w, r, r / w);
	unlink(wpath);
	unlink(rpath);
	return 0;
}
