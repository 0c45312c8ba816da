/*
 * test-handshake.c — the view createprocess_handshake over synthetic traces
 * (tests/unit/hsdb.c): every step's time, the ordering, the outcome and the missing
 * steps, pairing by identity when handshakes interleave, 1,000 of them at once, and the
 * query plan (speed itself is measured by make bench).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/hsdb.h"

#define NONE (-1)
#define NSTEPS 11

static sqlite3 *db;
static char buf[512];

static void setup(void)
{
	db = hsdb_open(":memory:");
}

static void teardown(void)
{
	sqlite3_close(db);
}

TestSuite(handshake, .init = setup, .fini = teardown);

static const char step_sql[] =
	"SELECT ts_create_process, ts_create_thread, ts_csr_request, ts_csr_receive,"
	" ts_csr_reply, ts_resume, ts_first_run, ts_init_apc, ts_csr_connect,"
	" ts_connect_accepted, ts_exit, outcome, missing_steps, pending_steps"
	" FROM createprocess_handshake WHERE %s";

/* The step times of the canonical handshake hsdb.c writes from t0. */
static void nt5_times(long long t0, long long want[NSTEPS])
{
	static const long long off[NSTEPS] = { 100, 300, 500, 550, 600, 700, 720, 800, 900, 1000, 5000 };
	int i;

	for (i = 0; i < NSTEPS; i++)
		want[i] = t0 + off[i];
}

/* The one handshake row matching where has these times, outcome and missing steps. */
static void expect_row(const char *where, const long long want[NSTEPS], const char *outcome,
                       const char *missing, const char *pending)
{
	sqlite3_stmt *st;
	char *sql = sqlite3_mprintf(step_sql, where);
	int i;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no handshake where %s", where);
	for (i = 0; i < NSTEPS; i++) {
		long long got = sqlite3_column_type(st, i) == SQLITE_NULL ? NONE : sqlite3_column_int64(st, i);
		cr_expect_eq(got, want[i], "%s: %s is %lld, want %lld", where, sqlite3_column_name(st, i),
		             got, want[i]);
	}
	for (i = 0; i < 3; i++) {
		const char *got = (const char *)sqlite3_column_text(st, NSTEPS + i);
		const char *exp = i == 0 ? outcome : i == 1 ? missing : pending;
		cr_expect_str_eq(got, exp, "%s: %s is '%s', want '%s'", where,
		                 sqlite3_column_name(st, NSTEPS + i), got, exp);
	}
	cr_expect_eq(sqlite3_step(st), SQLITE_DONE, "one handshake where %s", where);
	sqlite3_finalize(st);
	sqlite3_free(sql);
}

static void spec_child(struct hs_spec *s, long long t0, int parent, int n, const char *image)
{
	*s = (struct hs_spec){ t0, parent, 10 + n, 100 + 4 * n, 10 + n, 102 + 4 * n, image, 0, 0,
	                       1 + n };
}

Test(handshake, normal_nt5)
{
	struct hs_spec s;
	long long want[NSTEPS];

	spec_child(&s, 10000, HS_INIT_UTID, 0, "hello.elf");
	hsdb_handshake(db, &s);
	nt5_times(10000, want);
	expect_row("child_pid = 100", want, "ok", "", "");
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT printf('%%s %%d.%%d %%s %%s %%d.%%d %%s %%s',"
	                 " via, parent_pid, parent_tid, parent_image, child_image, child_pid, child_tid,"
	                 " ordering, requested_image) FROM createprocess_handshake"),
	                 "CreateProcessInternalW 20.24 init.elf hello.elf 100.102 nt5 hello.elf");
	cr_expect_eq(hsdb_int(db, "SELECT count(*) FROM createprocess_handshake"), 1);
	cr_expect_eq(hsdb_int(db, "SELECT csr_reply_status FROM createprocess_handshake"), 0);
	cr_expect_eq(hsdb_int(db, "SELECT request_message_id FROM createprocess_handshake"), 1);
	cr_expect_eq(hsdb_int(db, "SELECT ts_csr_create_process FROM createprocess_handshake"), 10560);
	cr_expect_eq(hsdb_int(db, "SELECT csr_receive_utid = 2 AND csr_reply_utid = 2 AND resume_utid = 3"
	                      " AND csr_connect_utid = 10 AND connect_server_utid = 2"
	                      " FROM createprocess_handshake"), 1);
	cr_expect_eq(hsdb_int(db, "SELECT csr_instructions FROM createprocess_handshake"), 100);
}

Test(handshake, first_run_is_after_the_resume)
{
	struct hs_spec s;

	spec_child(&s, 10000, HS_INIT_UTID, 0, "hello.elf");
	hsdb_handshake(db, &s);
	cr_expect_eq(hsdb_int(db, "SELECT min(ts) FROM sched WHERE next_utid = 10"), 10420,
	             "the suspended thread was switched in before its resume");
	cr_expect_eq(hsdb_int(db, "SELECT ts_first_run FROM createprocess_handshake"), 10720);
}

Test(handshake, two_children_of_one_thread_interleave)
{
	struct hs_spec a, b;
	long long want[NSTEPS];

	spec_child(&a, 10000, HS_INIT_UTID, 0, "a.elf");
	spec_child(&b, 10780, HS_INIT_UTID, 1, "b.elf");
	hsdb_handshake(db, &a);
	hsdb_handshake(db, &b);
	cr_assert_lt(b.t0 + 100, a.t0 + 900, "b's creation comes before a's connection");
	nt5_times(a.t0, want);
	expect_row("child_pid = 100", want, "ok", "", "");
	nt5_times(b.t0, want);
	expect_row("child_pid = 104", want, "ok", "", "");
}

Test(handshake, two_threads_of_one_parent_interleave)
{
	struct hs_spec a, b;
	long long want[NSTEPS];

	spec_child(&a, 20000, HS_INIT_UTID, 0, "a.elf");
	spec_child(&b, 20050, HS_INIT_UTID2, 1, "b.elf");
	hsdb_handshake(db, &a);
	hsdb_handshake(db, &b);
	nt5_times(a.t0, want);
	expect_row("child_pid = 100 AND parent_tid = 24", want, "ok", "", "");
	nt5_times(b.t0, want);
	expect_row("child_pid = 104 AND parent_tid = 28", want, "ok", "", "");
	cr_expect_eq(hsdb_int(db, "SELECT count(*) FROM createprocess_handshake"), 2);
}

Test(handshake, two_parents_interleave)
{
	struct hs_spec a, b;
	long long want[NSTEPS];

	spec_child(&a, 30000, HS_INIT_UTID, 0, "a.elf");
	spec_child(&b, 30030, HS_OTHER_UTID, 1, "b.elf");
	hsdb_handshake(db, &a);
	hsdb_handshake(db, &b);
	nt5_times(a.t0, want);
	expect_row("child_pid = 100 AND parent_pid = 20", want, "ok", "", "");
	nt5_times(b.t0, want);
	expect_row("child_pid = 104 AND parent_pid = 40", want, "ok", "", "");
}

Test(handshake, pairs_by_identity_not_by_order)
{
	struct hs_spec s;
	long long want[NSTEPS];

	spec_child(&s, 10000, HS_INIT_UTID, 0, "hello.elf");
	hsdb_handshake(db, &s);
	/* a reply with the same MessageId for another client, before the real one; and
	 * a BasepCreateProcess request by the same parent for another pid */
	hsdb_message(db, 3, "LPC_REPLY", 1, 40, 44, 2, 10590, 0, 0, "NULL");
	hsdb_message(db, 2, "LPC_REQUEST", 77, 20, 24, 3, 10450, 0, 0,
	             "X'000000000000010000000000000000007C000000800000004000000044000000'");
	nt5_times(10000, want);
	expect_row("child_pid = 100", want, "ok", "", "");
}

Test(handshake, missing_image)
{
	struct hs_spec s;
	const long long want[NSTEPS] = { NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE };

	spec_child(&s, 40000, HS_INIT_UTID, 0, "nosuch.elf");
	s.flags = HS_NOT_FOUND;
	hsdb_handshake(db, &s);
	expect_row("requested_image = 'nosuch.elf'", want, "image_not_found",
	           "create_process,create_thread,csr_request,csr_receive,csr_reply,resume,first_run,"
	           "init_apc,csr_connect,connect_accepted", "");
	cr_expect_eq(hsdb_int(db, "SELECT child_pid IS NULL AND child_image = 'nosuch.elf'"
	                      " AND not_found_status = 0xC0000034 FROM createprocess_handshake"), 1);
}

Test(handshake, missing_image_by_path)
{
	hsdb_ucall(db, 3, 100, 200, "CreateProcessInternalW", NULL, "C:\\bin\\nosuch.elf", NULL);
	hsdb_syscall(db, 3, 110, 120, "NtOpenFile", 0xC000003A, "int2e");
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT child_image || ' ' || outcome"
	                 " FROM createprocess_handshake"), "nosuch.elf image_not_found");
}

Test(handshake, seed_000_raw_child_refused)
{
	struct hs_spec s;
	const long long want[NSTEPS] = { 50100, 50300, NONE, NONE, NONE, 50700, 50720, 50800, 50900,
	                                 NONE, 55000 };

	spec_child(&s, 50000, HS_INIT_UTID, 0, "raw.elf");
	s.flags = HS_RAW;
	s.exit_status = 0xC0000142;
	hsdb_handshake(db, &s);
	expect_row("child_pid = 100", want, "init_failed", "csr_request,csr_receive,csr_reply,connect_accepted", "");
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT printf('%%s %%s %%d %%d %%d', via,"
	                 " ifnull(ordering, '-'), ts_connect_refused, ts_hard_error, connect_lookup_ret)"
	                 " FROM createprocess_handshake"), "NtCreateProcessEx - 51000 51200 0");
}

/* What the view says of the row where: "ordering subsystem created_suspended". */
static const char *kind_of(const char *where)
{
	return hsdb_text(db, buf, sizeof buf, "SELECT printf('%%s %%s %%s', ifnull(ordering, '-'),"
	                 " ifnull(subsystem, '-'), ifnull(created_suspended, '-'))"
	                 " FROM createprocess_handshake WHERE %s", where);
}

Test(handshake, seed_000_raw_child_is_a_win32_one)
{
	struct hs_spec s;

	spec_child(&s, 50000, HS_INIT_UTID, 0, "raw.elf");
	s.flags = HS_RAW;
	s.exit_status = 0xC0000142;
	hsdb_handshake(db, &s);
	cr_expect_str_eq(kind_of("child_pid = 100"), "- win32 1");
}

Test(handshake, native_child_has_no_csrss_steps)
{
	struct hs_spec s;
	const long long want[NSTEPS] = { 30100, 30300, NONE, NONE, NONE, 30700, 30720, 30800, NONE,
	                                 NONE, 35000 };

	spec_child(&s, 30000, HS_INIT_UTID, 0, "hello.elf");
	s.flags = HS_NATIVE;
	hsdb_handshake(db, &s);
	expect_row("child_pid = 100", want, "ok", "", "");
	cr_expect_str_eq(kind_of("child_pid = 100"), "native native 1");
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT via FROM createprocess_handshake"),
	                 "NtCreateProcessEx");
}

Test(handshake, native_child_not_suspended_needs_no_resume)
{
	struct hs_spec s;
	const long long want[NSTEPS] = { 30100, 30300, NONE, NONE, NONE, NONE, 30420, 30800, NONE,
	                                 NONE, 35000 };

	spec_child(&s, 30000, HS_INIT_UTID, 0, "lpcclient.elf");
	s.flags = HS_NATIVE | HS_NOT_SUSPENDED;
	hsdb_handshake(db, &s);
	expect_row("child_pid = 100", want, "ok", "", "");
	cr_expect_str_eq(kind_of("child_pid = 100"), "native native 0");
}

Test(handshake, native_child_suspended_and_never_resumed)
{
	struct hs_spec s;

	spec_child(&s, 30000, HS_INIT_UTID, 0, "stuck.elf");
	s.flags = HS_NATIVE;
	hsdb_handshake(db, &s);
	hsdb_exec(db, "DELETE FROM ev_syscall WHERE number = (SELECT number FROM service"
	          " WHERE name = 'NtResumeThread')");
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT outcome || ' ' || missing_steps"
	                 " FROM createprocess_handshake"), "ok resume,first_run");
}

Test(handshake, native_csrss_running)
{
	struct hs_spec s;
	const long long want[NSTEPS] = { 30100, 30300, NONE, NONE, NONE, 30700, 30720, 30800, NONE,
	                                 NONE, NONE };

	spec_child(&s, 30000, HS_INIT_UTID, 0, "csrss.exe");
	s.flags = HS_NATIVE | HS_RUNNING;
	hsdb_handshake(db, &s);
	expect_row("child_pid = 100", want, "running", "", "");
}

Test(handshake, native_child_crashed)
{
	struct hs_spec s;

	spec_child(&s, 30000, HS_INIT_UTID, 0, "fault.elf");
	s.flags = HS_NATIVE;
	s.exit_status = 0xC0000005;
	hsdb_handshake(db, &s);
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT outcome || ' ' || missing_steps || '.'"
	                 " || pending_steps FROM createprocess_handshake"), "crashed .");
}

Test(handshake, native_image_through_createprocess_is_not_win32)
{
	struct hs_spec s;
	const long long want[NSTEPS] = { NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE };

	spec_child(&s, 40000, HS_INIT_UTID, 0, "child.elf");
	s.flags = HS_NOT_WIN32;
	hsdb_handshake(db, &s);
	expect_row("requested_image = 'child.elf'", want, "not_win32",
	           "create_process,create_thread,csr_request,csr_receive,csr_reply,resume,first_run,"
	           "init_apc,csr_connect,connect_accepted", "");
	cr_expect_str_eq(kind_of("requested_image = 'child.elf'"), "- native -");
	cr_expect_eq(hsdb_int(db, "SELECT ts_query_section FROM createprocess_handshake"), 40050);
}

Test(handshake, hard_error_to_another_port_is_not_csrss_contact)
{
	struct hs_spec s;

	spec_child(&s, 30000, HS_INIT_UTID, 0, "lpctest.elf");
	s.flags = HS_NATIVE;
	hsdb_handshake(db, &s);
	hsdb_exec(db, "INSERT INTO port(id, name) VALUES (9, '\\Windows\\LpcTestPort')");
	hsdb_message(db, 9, "LPC_ERROR_EVENT", 77, 100, 102, 10, 31000, 0, 0, "NULL");
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT ifnull(ts_hard_error, '-') || ' ' ||"
	                 " subsystem || ' ' || outcome FROM createprocess_handshake"), "- native ok");
}

Test(handshake, refused_child_still_running_is_init_failed)
{
	struct hs_spec s;

	spec_child(&s, 50000, HS_INIT_UTID, 0, "raw.elf");
	s.flags = HS_RAW | HS_RUNNING;
	hsdb_handshake(db, &s);
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT outcome || ' ' || missing_steps"
	                 " FROM createprocess_handshake"),
	                 "init_failed csr_request,csr_receive,csr_reply,connect_accepted");
}

Test(handshake, crashed_child)
{
	struct hs_spec s;
	long long want[NSTEPS];

	spec_child(&s, 60000, HS_INIT_UTID, 0, "fault.elf");
	s.exit_status = 0xC0000005;
	hsdb_handshake(db, &s);
	nt5_times(60000, want);
	expect_row("child_pid = 100", want, "crashed", "", "");
}

Test(handshake, nonzero_exit_code_is_ok)
{
	struct hs_spec s;

	spec_child(&s, 60000, HS_INIT_UTID, 0, "exit3.elf");
	s.exit_status = 3;
	hsdb_handshake(db, &s);
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT outcome FROM createprocess_handshake"), "ok");
}

Test(handshake, reactos_order_is_not_missing_steps)
{
	struct hs_spec s;
	long long want[NSTEPS];

	spec_child(&s, 70000, HS_INIT_UTID, 0, "ros.elf");
	s.flags = HS_REACTOS;
	hsdb_handshake(db, &s);
	nt5_times(70000, want);
	want[2] = 70250;
	want[3] = 70260;
	want[4] = 70280;
	expect_row("child_pid = 100", want, "ok", "", "");
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT ordering FROM createprocess_handshake"),
	                 "reactos");
}

Test(handshake, running_child)
{
	struct hs_spec s;
	long long want[NSTEPS];

	spec_child(&s, 80000, HS_INIT_UTID, 0, "server.elf");
	s.flags = HS_RUNNING;
	hsdb_handshake(db, &s);
	nt5_times(80000, want);
	want[10] = NONE;
	expect_row("child_pid = 100", want, "running", "", "");
}

Test(handshake, cut_short_trace_has_pending_not_missing_steps)
{
	struct hs_spec s;
	const long long want[NSTEPS] = { 80100, 80300, 80500, 80550, NONE, NONE, NONE, NONE, NONE,
	                                 NONE, NONE };

	spec_child(&s, 80000, HS_INIT_UTID, 0, "slow.elf");
	s.flags = HS_RUNNING;
	hsdb_handshake(db, &s);
	hsdb_exec(db, "DELETE FROM ev_message WHERE send_ts > 80560;"
	          "DELETE FROM ev_syscall WHERE ts_enter > 80560; DELETE FROM ev_sched WHERE ts > 80560;"
	          "DELETE FROM port_connect; UPDATE ev_apc SET deliver_ts = NULL;"
	          "UPDATE ev_ucall SET ts_exit = NULL WHERE function_sid ="
	          " (SELECT id FROM string WHERE value = 'CreateProcessInternalW')");
	expect_row("child_pid = 100", want, "running", "",
	           "csr_reply,resume,first_run,init_apc,csr_connect,connect_accepted");
}

Test(handshake, csrss_failing_the_request_is_init_failed)
{
	struct hs_spec s;

	spec_child(&s, 10000, HS_INIT_UTID, 0, "hello.elf");
	hsdb_handshake(db, &s);
	hsdb_exec(db, "UPDATE ev_message SET payload = X'0000000000000100220000C000000000"
	          "7C000000800000006400000066000000' WHERE type_sid = (SELECT id FROM string"
	          " WHERE value = 'LPC_REPLY')");
	cr_expect_str_eq(hsdb_text(db, buf, sizeof buf, "SELECT printf('%%s 0x%%08X', outcome,"
	                 " csr_reply_status) FROM createprocess_handshake"), "init_failed 0xC0000022");
}

/* 1,000 handshakes by three parent threads, overlapping, pids reused. */
static void many_handshakes(int n)
{
	struct hs_spec s;
	static const int parents[] = { HS_INIT_UTID, HS_INIT_UTID2, HS_OTHER_UTID };
	int i;

	hsdb_exec(db, "BEGIN");
	for (i = 0; i < n; i++) {
		s = (struct hs_spec){ 100000 + 700LL * i, parents[i % 3], 100 + i, 1000 + 4 * (i % 200),
		                      100 + i, 1002 + 4 * (i % 200), "many.elf", 0, 0, 1000 + 2 * i };
		hsdb_handshake(db, &s);
	}
	hsdb_exec(db, "COMMIT");
}

Test(handshake, a_thousand_handshakes_pair_up)
{
	int64_t good;

	many_handshakes(1000);
	good = hsdb_int(db, "SELECT count(*) FROM createprocess_handshake WHERE outcome = 'ok'"
	                " AND missing_steps = '' AND ts_csr_reply - ts_create_process = 500"
	                " AND ts_connect_accepted - ts_create_process = 900"
	                " AND ts_exit - ts_attempt = 5000 AND child_upid - 100 = (ts_attempt - 100000) / 700");
	cr_expect_eq(good, 1000);
}

/* Every table the view looks a step up in is searched through an index. */
Test(handshake, query_plan_uses_indexes)
{
	sqlite3_stmt *st;
	char plan[8192] = "";
	size_t at = 0;

	cr_assert_eq(sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN SELECT * FROM createprocess_handshake",
	                                -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW && at < sizeof plan)
		at += snprintf(plan + at, sizeof plan - at, "%s\n", sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	cr_expect_null(strstr(plan, "SCAN port_message"), "%s", plan);
	cr_expect_null(strstr(plan, "SCAN sched"), "%s", plan);
	cr_expect_null(strstr(plan, "SCAN apc"), "%s", plan);
	cr_expect_null(strstr(plan, "SCAN process"), "%s", plan);
	cr_expect_null(strstr(plan, "SCAN port_connect"), "%s", plan);
	cr_expect_null(strstr(plan, "SCAN syscall_handle"), "%s", plan);
}
