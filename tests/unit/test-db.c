/*
 * test-db.c — the trace writer (rows, batching, progress lines, replacing old traces)
 * and nts_db_open_readonly's checks.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugin/core/db.h"
#include "schema/schema.h"

static char dir[] = "/tmp/ntscope-test-db-XXXXXX";
static char path[256], err[1024];

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/trace.db", dir);
}

static void teardown(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
}

TestSuite(db, .init = setup, .fini = teardown);

/* The single integer (or -1 for NULL) that sql yields on db. */
static int64_t one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void write_file(const char *p, const char *text)
{
	FILE *fp = fopen(p, "w");
	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
}

Test(db, rows_round_trip)
{
	struct nts_db w;
	sqlite3 *db;
	struct nts_opt args[12] = { { 1, 1 }, { 0, 0 } }, many[12];
	struct nts_syscall_row sc = { 0, 100, 3, "sysenter", 2, args, 0x12F000, 0x7C901234 };
	struct nts_syscall_row wide = { 0, 120, 0x1005, "int2e", 12, many, 0x12F100, 0x7C901240 };
	struct nts_trap_row tr = { 0, 150, 14, "exception", "page_fault", "user", "0x00401000",
	                           { 1, 6 }, { 1, 0x401000 }, { 1, 0xDEAD0000 } };
	int64_t upid, utid, id;
	char wal[300];
	int i;

	for (i = 0; i < 12; i++)
		many[i] = (struct nts_opt){ i != 10, 0x100 + i };
	cr_assert_eq(nts_db_create(&w, path, err, sizeof err), 0, "%s", err);
	upid = nts_db_process(&w, 8, NULL, 0x80200000, 10);
	cr_assert_eq(nts_db_process_name(&w, upid, "smss.exe"), 0);
	utid = sc.utid = tr.utid = wide.utid = nts_db_thread(&w, 12, upid, 0x80201000, 11);
	cr_assert_gt(utid, 0);
	nts_db_service(&w, 3, "NtWriteFile", 0x80401000, 8);
	id = nts_db_syscall(&w, &sc);
	nts_db_syscall(&w, &wide);
	nts_db_syscall_exit(&w, id, &(struct nts_syscall_exit){ 200, { 1, 0xC0000005 }, "return",
	                                                        "KiFastSystemCallRet", 0x7C900004 });
	nts_db_trap(&w, &tr);
	nts_db_meta(&w, "status", "running");
	cr_assert_eq(nts_db_close(&w, err, sizeof err), 0, "%s", err);
	cr_assert_eq(w.errors, 0);

	cr_assert_eq(nts_db_open_readonly(path, &db, err, sizeof err), 0, "%s", err);
	cr_assert_eq(one(db, "SELECT duration FROM syscall_named WHERE process = 'smss.exe' AND tid = 12 AND pid = 8"), 100);
	cr_assert_eq(one(db, "SELECT status_hex = '0xC0000005' AND via = 'sysenter' FROM syscall_named"), 1);
	cr_assert_eq(one(db, "SELECT exit_kind = 'return' AND exit_address = 'KiFastSystemCallRet' "
	                     "AND exit_address_raw = 0x7C900004 FROM syscall"), 1);
	cr_assert_eq(one(db, "SELECT value FROM syscall_arg WHERE syscall_id = 1 AND idx = 0"), 1);
	cr_assert_eq(one(db, "SELECT value FROM syscall_arg WHERE syscall_id = 1 AND idx = 1"), -1);
	cr_assert_eq(one(db, "SELECT count(*) FROM syscall_arg WHERE syscall_id = 1"), 2);
	cr_assert_eq(one(db, "SELECT args = '0x1, ?' AND name = 'NtWriteFile' AND eip = 0x7C901234 "
	                     "FROM syscall WHERE id = 1"), 1);
	cr_assert_eq(one(db, "SELECT count(*) FROM syscall_arg WHERE syscall_id = 2"), 12,
	             "arguments past the tenth are kept too");
	cr_assert_eq(one(db, "SELECT value FROM syscall_arg WHERE syscall_id = 2 AND idx = 11"), 0x10B);
	cr_assert_eq(one(db, "SELECT value IS NULL FROM syscall_arg WHERE syscall_id = 2 AND idx = 10"), 1);
	cr_assert_eq(one(db, "SELECT args = '0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106, 0x107, "
	                     "0x108, 0x109, ?, 0x10b' AND name IS NULL AND via = 'int2e' "
	                     "AND ts_exit IS NULL AND exit_kind IS NULL FROM syscall WHERE id = 2"), 1);
	cr_assert_eq(one(db, "SELECT cr2_hex = '0xDEAD0000' AND name = 'page_fault' AND mode = 'user' "
	                     "AND kind = 'exception' AND eip_hex = '0x00401000' AND eip_symbol = '0x00401000' "
	                     "FROM trap_named"), 1);
	cr_assert_eq(one(db, "SELECT failed FROM syscall_summary WHERE name = 'NtWriteFile'"), 1);
	sqlite3_close(db);
	snprintf(wal, sizeof wal, "%s-wal", path);
	cr_assert_eq(access(wal, F_OK), -1, "the WAL is folded into the trace at close");
}

/* With the writer thread, an exit staged in the same chunk as its call is folded into
 * the call's insert; one after a commit (a later chunk) updates the row. Either way
 * the rows are those of an insert and an update. */
Test(db, writer_thread_folds_exits_into_their_calls)
{
	struct nts_db w;
	sqlite3 *db;
	struct nts_opt args[2] = { { 1, 7 }, { 1, 8 } };
	struct nts_syscall_row sc = { 0, 100, 3, "int2e", 2, args, 0x12F000, 0x7C901234 };
	int64_t a, b, c;

	cr_assert_eq(nts_db_create(&w, path, err, sizeof err), 0, "%s", err);
	sc.utid = nts_db_thread(&w, 12, 0, 0x80201000, 11);
	cr_assert_eq(nts_db_async(&w), 0);
	a = nts_db_syscall(&w, &sc);
	sc.ts = 110;
	b = nts_db_syscall(&w, &sc);
	nts_db_syscall_exit(&w, b, &(struct nts_syscall_exit){ 150, { 1, 0 }, "apc", NULL, 0x7C900010 });
	nts_db_syscall_exit(&w, a, &(struct nts_syscall_exit){ 170, { 1, 0xC0000022 }, "return", NULL, 0x7C900004 });
	sc.ts = 180;
	c = nts_db_syscall(&w, &sc);
	cr_assert_eq(nts_db_commit(&w, 190), 0);
	nts_db_syscall_exit(&w, c, &(struct nts_syscall_exit){ 230, { 0, 0 }, "continue", NULL, 0x7C900020 });
	cr_assert_eq(nts_db_close(&w, err, sizeof err), 0, "%s", err);
	cr_assert_eq(w.errors, 0);

	cr_assert_eq(nts_db_open_readonly(path, &db, err, sizeof err), 0, "%s", err);
	cr_assert_eq(one(db, "SELECT count(*) FROM syscall"), 3);
	cr_assert_eq(one(db, "SELECT ts_exit = 170 AND status = 0xC0000022 AND exit_kind = 'return' "
	                     "AND exit_address_raw = 0x7C900004 AND args = '0x7, 0x8' FROM syscall WHERE id = 1"), 1);
	cr_assert_eq(one(db, "SELECT ts_exit = 150 AND status = 0 AND exit_kind = 'apc' AND ts_enter = 110 "
	                     "FROM syscall WHERE id = 2"), 1);
	cr_assert_eq(one(db, "SELECT ts_exit = 230 AND status IS NULL AND exit_kind = 'continue' "
	                     "AND exit_address_raw = 0x7C900020 FROM syscall WHERE id = 3"), 1,
	             "an exit in a later chunk");
	sqlite3_close(db);
}

Test(db, commits_in_batches_and_reports_progress)
{
	struct nts_db w;
	sqlite3 *reader;
	int p[2];
	char line[128] = { 0 };
	unsigned i;

	cr_assert_eq(pipe(p), 0);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	cr_assert_eq(nts_db_create(&w, path, err, sizeof err), 0, "%s", err);
	cr_assert_eq(sqlite3_open_v2(path, &reader, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(one(reader, "SELECT count(*) FROM sqlite_schema"), 0, "the schema comes with the first commit");
	cr_assert_eq(nts_db_commit(&w, 0), 0);
	w.batch = 4;
	w.progress_fd = p[1];
	for (i = 0; i < 3; i++) {
		nts_db_meta(&w, "k", "v");
		nts_db_event(&w, 1000 + i);
	}
	cr_assert_eq(read(p[0], line, sizeof line - 1), -1, "no commit before the batch is full");
	cr_assert_eq(one(reader, "SELECT count(*) FROM meta"), 0, "uncommitted rows are invisible");
	nts_db_event(&w, 1003);
	cr_assert_gt(read(p[0], line, sizeof line - 1), 0);
	cr_assert_str_eq(line, "1003 4\n");
	cr_assert_eq(one(reader, "SELECT count(*) FROM meta"), 1, "committed");
	sqlite3_close(reader);
	cr_assert_eq(nts_db_close(&w, err, sizeof err), 0, "%s", err);
	close(p[0]);
	close(p[1]);
}

Test(db, replaces_a_trace_but_not_other_files)
{
	struct nts_db w;
	sqlite3 *db;

	cr_assert_eq(nts_db_create(&w, path, err, sizeof err), 0, "%s", err);
	nts_db_meta(&w, "old", "1");
	cr_assert_eq(nts_db_close(&w, err, sizeof err), 0, "%s", err);
	cr_assert_eq(nts_db_create(&w, path, err, sizeof err), 0, "%s", err);
	cr_assert_eq(nts_db_close(&w, err, sizeof err), 0, "%s", err);
	cr_assert_eq(nts_db_open_readonly(path, &db, err, sizeof err), 0, "%s", err);
	cr_assert_eq(one(db, "SELECT count(*) FROM meta WHERE key = 'old'"), 0);
	sqlite3_close(db);

	write_file(path, "precious text\n");
	cr_assert_eq(nts_db_create(&w, path, err, sizeof err), -1);
	cr_assert(strstr(err, "exists and is not a trace database"), "%s", err);
	cr_assert_eq(access(path, F_OK), 0, "left alone");
}

Test(db, unwritable_path_is_an_error)
{
	struct nts_db w;
	char bad[300];
	snprintf(bad, sizeof bad, "%s/no/such/dir/trace.db", dir);
	cr_assert_eq(nts_db_create(&w, bad, err, sizeof err), -1);
	cr_assert(strstr(err, "cannot create trace database"), "%s", err);
	cr_assert(strstr(err, bad), "%s", err);
	cr_assert_eq(nts_db_create(&w, dir, err, sizeof err), -1, "a directory");
}

Test(db, readonly_open_checks_the_file)
{
	sqlite3 *db;
	char other[300];

	cr_assert_eq(nts_db_open_readonly(path, &db, err, sizeof err), -1);
	cr_assert_null(db);
	cr_assert(strstr(err, "no trace file"), "%s", err);

	write_file(path, "this is not a database, just some text that is long enough\n");
	cr_assert_eq(nts_db_open_readonly(path, &db, err, sizeof err), -1);
	cr_assert(strstr(err, "is not a trace database"), "%s", err);

	snprintf(other, sizeof other, "%s/other.db", dir);
	cr_assert_eq(sqlite3_open(other, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	cr_assert_eq(nts_db_open_readonly(other, &db, err, sizeof err), -1);
	cr_assert(strstr(err, "is not an ntscope trace"), "%s", err);

	cr_assert_eq(sqlite3_open(other, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 7", NULL, NULL, NULL);
	sqlite3_close(db);
	cr_assert_eq(nts_db_open_readonly(other, &db, err, sizeof err), -1);
	snprintf(other, sizeof other, "has trace schema version 7; this ntscope reads version %d",
	         NTS_SCHEMA_VERSION);
	cr_assert(strstr(err, other), "%s", err);
}
