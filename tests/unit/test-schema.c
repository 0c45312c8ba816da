/*
 * test-schema.c — schema/trace.sql as embedded: its version, and the tables and
 * columns DESIGN §3 promises users' queries.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "schema/schema.h"

static sqlite3 *db;
static char err[512];

static void setup(void)
{
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(nts_schema_apply(db, err, sizeof err), 0, "%s", err);
}

static void teardown(void)
{
	sqlite3_close(db);
}

TestSuite(schema, .init = setup, .fini = teardown);

Test(schema, version_matches_header)
{
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", NTS_SCHEMA_VERSION);
	cr_assert(strstr(nts_schema_sql, pragma), "trace.sql must say %s", pragma);
	cr_assert_eq(nts_schema_version(db, err, sizeof err), NTS_SCHEMA_VERSION);
}

Test(schema, design_tables_and_columns)
{
	static const char *const queries[] = {
		"SELECT key, value FROM meta",
		"SELECT id, path, name, kind, base, size, build_id FROM image",
		"SELECT id, image_id, name, address, size, kind FROM symbol",
		"SELECT upid, pid, name, parent_upid, create_ts, exit_ts, exit_status FROM process",
		"SELECT utid, tid, upid, start_address, create_ts, exit_ts FROM thread",
		"SELECT id, utid, ts_enter, ts_exit, number, name, status, via FROM syscall",
		"SELECT syscall_id, idx, value FROM syscall_arg",
		"SELECT id, utid, ts, vector, kind, error_code, eip, cr2 FROM trap",
		"SELECT ts, cpu, prev_utid, next_utid, prev_state, wait_reason FROM sched",
		"SELECT ts, utid, waker_utid, reason FROM wakeup",
		"SELECT id, target_utid, queue_ts, queuer_utid, deliver_ts, mode, kernel_routine, "
		"normal_routine FROM apc",
		"SELECT id, name, kind, owner_upid FROM port",
		"SELECT id, port_id, type, message_id, sender_utid, send_ts, receiver_utid, receive_ts, "
		"reply_to, data_length, payload, api_number FROM port_message",
		"SELECT kind, out_table, out_id, in_table, in_id FROM flow",
		"SELECT number, name, address, arg_bytes, nargs FROM service",
		"SELECT id, ts_enter, duration, process, name, status_hex FROM syscall_named",
		"SELECT id, ts, process, kind, name, eip_hex, eip_symbol FROM trap_named",
		"SELECT process, name, calls, failed FROM syscall_summary",
		/* version 2 */
		"SELECT exit_status, start_address_raw, first_user_ts, first_user_address, "
		"first_user_address_raw FROM thread",
		"SELECT exit_kind, exit_address, exit_address_raw FROM syscall",
		"SELECT id, prev_state_raw, wait_reason_raw, prev_priority, next_priority, prev_cr3, next_cr3, "
		"cr3_change FROM sched",
		"SELECT id, wait_status, wait_reason, wait_reason_raw, increment FROM wakeup",
		"SELECT deliver_utid, user_deliver_ts, kapc, kernel_routine_raw, normal_routine_raw, "
		"normal_context, system_argument1, system_argument2, increment FROM apc",
		"SELECT out_ts, out_utid, in_ts, in_utid FROM flow",
		"SELECT id, ts, prev_tid, prev_process, next_tid, next_process, prev_state, wait_reason, "
		"cr3_change, ran_for FROM sched_named",
		"SELECT id, ts, tid, process, waker_tid, waker_process, reason, wait_status_hex, wait_reason, "
		"latency FROM wakeup_named",
		"SELECT id, mode, queue_ts, deliver_ts, latency, user_deliver_ts, user_latency, target_tid, "
		"target_process, queuer_tid, queuer_process, kernel_routine, normal_routine, kapc_hex FROM apc_named",
		"SELECT utid, tid, pid, process, start_address, create_ts, first_run_ts, first_user_ts, "
		"first_user_address, to_user, first_user_via_apc, exit_ts, exit_status_hex, lifetime "
		"FROM thread_lifecycle",
		"SELECT upid, pid, name, parent_pid, parent_name, create_ts, exit_ts, lifetime, exit_status_hex, "
		"threads FROM process_lifecycle",
		"SELECT exit_kind, exit_address FROM syscall_named",
		"SELECT address, kind_code, creator_utid, create_ts, close_ts, connection_port_id, "
		"peer_port_id FROM port",
		"SELECT type_code, client_pid, client_tid, total_length, api_name, send_syscall_id, "
		"receive_syscall_id FROM port_message",
		"SELECT id, request_id, message_id, client_pid, client_tid, connection_port_id, "
		"server_utid, accept_ts, accepted, accept_status, server_port_id, complete_ts, "
		"client_port_id, connect_status, connect_return_ts FROM port_connect",
		"SELECT syscall_id, idx, kind, object, upid, utid, port_id FROM syscall_handle",
		"SELECT id, utid, ts_enter, ts_exit, function, image, address, arg_text, ret FROM ucall",
		"SELECT creator_utid FROM process",
		"SELECT id, api, return_value, data2, data3 FROM csr_message",
		"SELECT attempt_table, attempt_id, via, parent_utid, ts_begin, ts_end, requested_image, "
		"create_syscall FROM createprocess_attempt",
		"SELECT parent_pid, child_pid, child_image, ts_create_process, ts_create_thread, "
		"ts_csr_request, ts_csr_receive, ts_csr_reply, ts_resume, ts_first_run, ts_init_apc, "
		"ts_csr_connect, ts_connect_accepted, ts_exit, exit_status, outcome, missing_steps, "
		"parent_upid, child_upid, parent_utid, child_utid, parent_image, ordering, "
		"pending_steps, request_id, reply_id FROM createprocess_handshake",
	};
	size_t i;
	for (i = 0; i < sizeof queries / sizeof *queries; i++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db, queries[i], -1, &st, NULL);
		cr_expect_eq(rc, SQLITE_OK, "%s: %s", queries[i], sqlite3_errmsg(db));
		sqlite3_finalize(st);
	}
}

Test(schema, applying_twice_fails_cleanly)
{
	cr_assert_eq(nts_schema_apply(db, err, sizeof err), -1);
	cr_assert(strstr(err, "already exists"), "%s", err);
}

/* The embedded text keeps trace.sql's backslashes: the view matches '\Windows\ApiPort'. */
Test(schema, embedded_sql_keeps_backslashes)
{
	cr_assert(strstr(nts_schema_sql, "n.name = '\\Windows\\ApiPort'"));
}

/* CSR_API_MSG fields decoded from a payload: little-endian dwords, short payloads NULL. */
Test(schema, csr_message_decodes_the_payload)
{
	sqlite3_stmt *st;
	const char *sql = "SELECT api, return_value, data2, data3 FROM csr_message ORDER BY id";

	cr_assert_eq(sqlite3_exec(db, "INSERT INTO ev_message(id, payload) VALUES"
	             " (1, X'00000000000001000500FFC000000000AABBCCDDEEFF0011785634120000A0FF'),"
	             " (2, X'0000000002000100')", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_expect_eq(sqlite3_column_int64(st, 0), 0x10000);
	cr_expect_eq(sqlite3_column_int64(st, 1), 0xC0FF0005);
	cr_expect_eq(sqlite3_column_int64(st, 2), 0x12345678);
	cr_expect_eq(sqlite3_column_int64(st, 3), 0xFFA00000);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_expect_eq(sqlite3_column_int64(st, 0), 0x10002);
	cr_expect_eq(sqlite3_column_type(st, 1), SQLITE_NULL);
	cr_expect_eq(sqlite3_column_type(st, 2), SQLITE_NULL);
	sqlite3_finalize(st);
}
