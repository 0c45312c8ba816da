/*
 * hsdb.c — synthetic handshake traces. A canonical NT5 handshake starting at t0:
 *
 *   t0        P  ucall CreateProcessInternalW(image)         (returns t0+760)
 *   t0+10     P  NtOpenFile                                  (+20)
 *   t0+100    P  NtCreateProcessEx; C created at t0+150       (+200)
 *   t0+300    P  NtCreateThread; C's thread created at t0+350  (+400); init APC queued
 *   t0+420       C's thread switched in (runs into its suspend, before the resume)
 *   t0+500    P  LPC_REQUEST BasepCreateProcess               S receives at t0+550
 *   t0+560    S  CsrCreateProcess                             (+580)
 *   t0+600    S  LPC_REPLY                                    P receives at t0+650
 *   t0+700    P  NtResumeThread(C's thread)                   (+750)
 *   t0+720       C's thread switched in
 *   t0+800    C  init APC (LdrInitializeThunk) delivered
 *   t0+900    C  LPC_CONNECTION_REQUEST to \Windows\ApiPort   S receives at t0+950
 *   t0+960    S  CsrLocateThreadByClientId                    (+970)
 *   t0+1000   S  NtAcceptConnectPort (accept)
 *   t0+5000   C  exits
 *
 * HS_REACTOS moves the request and reply to t0+250..t0+290, before NtCreateThread.
 * HS_RAW has no CreateProcessInternalW and no request: csrss refuses the connection
 * (the lookup returns NULL), C sends LPC_ERROR_EVENT at t0+1200, then exits.
 * HS_NATIVE has no CreateProcessInternalW, no request and no connection at all (a native
 * image started natively, as smss starts csrss). HS_NOT_SUSPENDED creates C's thread
 * not suspended (NtCreateThread's argument 7 is 0; always recorded) and never resumes it.
 * HS_NOT_WIN32: CreateProcessInternalW's NtOpenFile (t0+10), NtCreateSection (t0+30),
 * NtQuerySection (t0+50), then it returns at t0+60 without a process.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "schema/schema.h"
#include "tests/unit/hsdb.h"

static const char world_sql[] =
	"INSERT INTO meta VALUES ('status', 'poweroff');"
	"INSERT INTO process(upid, pid, name, create_ts) VALUES (1, 8, 'smss.elf', 10);"
	"INSERT INTO process(upid, pid, name, parent_upid, create_ts) VALUES"
	" (2, 12, 'csrss.elf', 1, 100), (3, 20, 'init.elf', 1, 200), (4, 40, 'other.elf', 1, 300);"
	"INSERT INTO thread(utid, tid, upid, create_ts) VALUES"
	" (2, 16, 2, 101), (3, 24, 3, 201), (4, 28, 3, 250), (5, 44, 4, 301);"
	"INSERT INTO port(id, name, kind, owner_upid) VALUES"
	" (1, '\\Windows\\ApiPort', 'connection', 2), (2, NULL, 'client_communication', 3),"
	" (3, NULL, 'server_communication', 2);";

sqlite3 *hsdb_open(const char *path)
{
	sqlite3 *db = NULL;
	char err[512];

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK, "%s", path);
	cr_assert_eq(nts_schema_apply(db, err, sizeof err), 0, "%s", err);
	hsdb_exec(db, "%s", world_sql);
	return db;
}

void hsdb_exec(sqlite3 *db, const char *fmt, ...)
{
	va_list ap;
	char *sql, *msg = NULL;
	int rc;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	cr_assert_eq(rc, SQLITE_OK, "%s: %s", sql, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(sql);
}

/* The statement for the printf-formatted query, stepped onto its one row. */
static sqlite3_stmt *one_row(sqlite3 *db, const char *fmt, va_list ap)
{
	sqlite3_stmt *st = NULL;
	char *sql = sqlite3_vmprintf(fmt, ap);

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
	             sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no row: %s", sql);
	sqlite3_free(sql);
	return st;
}

int64_t hsdb_int(sqlite3 *db, const char *fmt, ...)
{
	va_list ap;
	sqlite3_stmt *st;
	int64_t v = -1;

	va_start(ap, fmt);
	st = one_row(db, fmt, ap);
	va_end(ap);
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

const char *hsdb_text(sqlite3 *db, char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	sqlite3_stmt *st;
	const unsigned char *s;

	va_start(ap, fmt);
	st = one_row(db, fmt, ap);
	va_end(ap);
	s = sqlite3_column_text(st, 0);
	snprintf(buf, len, "%s", s ? (const char *)s : "(null)");
	sqlite3_finalize(st);
	return buf;
}

int64_t hsdb_string(sqlite3 *db, const char *text)
{
	hsdb_exec(db, "INSERT OR IGNORE INTO string(value) VALUES (%Q)", text);
	return hsdb_int(db, "SELECT id FROM string WHERE value = %Q", text);
}

int64_t hsdb_location(sqlite3 *db, const char *symbol)
{
	int64_t id = hsdb_int(db, "SELECT coalesce(min(id), -1) FROM location WHERE address IS NULL"
	                          " AND symbol = %Q", symbol);
	if (id > 0)
		return id;
	hsdb_exec(db, "INSERT INTO location(symbol) VALUES (%Q)", symbol);
	return sqlite3_last_insert_rowid(db);
}

int64_t hsdb_syscall(sqlite3 *db, int utid, int64_t enter, int64_t exit, const char *name,
                     uint32_t status, const char *via)
{
	hsdb_exec(db, "INSERT INTO service(number, name) SELECT (SELECT coalesce(max(number), -1) + 1"
	          " FROM service), %Q WHERE NOT EXISTS (SELECT 1 FROM service WHERE name = %Q)", name, name);
	hsdb_exec(db, "INSERT INTO ev_syscall(utid, ts_enter, duration, number, status, via)"
	          " SELECT %d, %lld, %lld, number, %u, %d FROM service WHERE name = %Q", utid,
	          (long long)enter, (long long)(exit - enter), status, strcmp(via, "sysenter") == 0,
	          name);
	return sqlite3_last_insert_rowid(db);
}

/* A system call by utid through sysenter; returns its id. */
static int64_t add_syscall(sqlite3 *db, int utid, int64_t enter, int64_t exit, const char *name,
                           uint32_t status)
{
	return hsdb_syscall(db, utid, enter, exit, name, status, "sysenter");
}

int64_t hsdb_ucall(sqlite3 *db, int utid, int64_t enter, int64_t exit, const char *function,
                   const char *image, const char *arg, const char *ret)
{
	int64_t f = hsdb_string(db, function), i = image ? hsdb_string(db, image) : 0;
	int64_t a = arg ? hsdb_string(db, arg) : 0;

	hsdb_exec(db, "INSERT INTO ev_ucall(utid, ts_enter, ts_exit, function_sid, image_sid,"
	          " arg_sid, ret) VALUES (%d, %lld, %lld, %lld, nullif(%lld, 0), nullif(%lld, 0), %s)",
	          utid, (long long)enter, (long long)exit, (long long)f, (long long)i, (long long)a,
	          ret ? ret : "NULL");
	return sqlite3_last_insert_rowid(db);
}

int64_t hsdb_message(sqlite3 *db, int port, const char *type, int msg_id, int pid, int tid,
                     int sender, int64_t send, int receiver, int64_t receive,
                     const char *payload)
{
	int csr = strcmp(payload, "NULL") != 0;
	int64_t t = hsdb_string(db, type), api = csr ? hsdb_string(db, "BasepCreateProcess") : 0;

	hsdb_exec(db, "INSERT INTO ev_message(port_id, type_sid, message_id, client_pid, client_tid,"
	          " sender_utid, send_ts, receiver_utid, receive_ts, data_length, payload,"
	          " api_number, api_name_sid) VALUES (%d, %lld, %d, %d, %d, %d, %lld, nullif(%d, 0),"
	          " CASE WHEN %d THEN %lld END, 32, %s, %s, nullif(%lld, 0))", port, (long long)t,
	          msg_id, pid, tid, sender, (long long)send, receiver, receiver, (long long)receive,
	          payload, csr ? "0x10000" : "NULL", (long long)api);
	return sqlite3_last_insert_rowid(db);
}

/* A CSR_API_MSG payload (after the PORT_MESSAGE header) for BasepCreateProcess,
 * as an SQL blob literal in buf. */
static const char *csr_payload(char *buf, size_t len, uint32_t ret, uint32_t thread_handle,
                               uint32_t pid, uint32_t tid)
{
	const uint32_t v[8] = { 0, 0x10000, ret, 0, 0x7C, thread_handle, pid, tid };
	size_t at = 0;
	int i;

	at += snprintf(buf, len, "X'");
	for (i = 0; i < 8; i++)
		at += snprintf(buf + at, len - at, "%02X%02X%02X%02X", v[i] & 0xFF, (v[i] >> 8) & 0xFF,
		               (v[i] >> 16) & 0xFF, v[i] >> 24);
	snprintf(buf + at, len - at, "'");
	return buf;
}

#define add_message hsdb_message

/* P's BasepCreateProcess request for C, csrss's CsrCreateProcess and its reply. */
static void csr_request(sqlite3 *db, const struct hs_spec *s, int64_t at)
{
	int pid = (int)hsdb_int(db, "SELECT pid FROM thread JOIN process USING (upid) WHERE utid = %d",
	                        s->parent_utid);
	int tid = (int)hsdb_int(db, "SELECT tid FROM thread WHERE utid = %d", s->parent_utid);
	int reactos = (s->flags & HS_REACTOS) != 0;
	char req[128], rep[128];

	csr_payload(req, sizeof req, 0, reactos ? 0 : 0x80, s->child_pid, reactos ? 0 : s->child_tid);
	csr_payload(rep, sizeof rep, 0, reactos ? 0 : 0x80, s->child_pid, reactos ? 0 : s->child_tid);
	add_message(db, HS_CLIENT_PORT, "LPC_REQUEST", s->msg_id, pid, tid, s->parent_utid, at,
	            HS_CSRSS_UTID, at + (reactos ? 10 : 50), req);
	if (!reactos)
		hsdb_ucall(db, HS_CSRSS_UTID, at + 60, at + 80, "CsrCreateProcess", "csrss.elf", NULL, "0");
	add_message(db, 3, "LPC_REPLY", s->msg_id, pid, tid, HS_CSRSS_UTID, at + (reactos ? 30 : 100),
	            s->parent_utid, at + (reactos ? 40 : 150), rep);
}

/* C's connection to \Windows\ApiPort and csrss's answer (refused for HS_RAW). */
static void csr_connect(sqlite3 *db, const struct hs_spec *s)
{
	int raw = (s->flags & HS_RAW) != 0;
	long long t0 = (long long)s->t0;
	char complete[24] = "NULL", client[32];

	if (!raw)
		snprintf(complete, sizeof complete, "%lld", t0 + 1010);

	add_message(db, HS_API_PORT, "LPC_CONNECTION_REQUEST", s->msg_id + 500, s->child_pid,
	            s->child_tid, s->child_utid, t0 + 900, HS_CSRSS_UTID, t0 + 950, "NULL");
	snprintf(client, sizeof client, "%d.%d", s->child_pid, s->child_tid);
	hsdb_ucall(db, HS_CSRSS_UTID, t0 + 960, t0 + 970, "CsrLocateThreadByClientId", "csrss.elf",
	           client, raw ? "0" : "4660");
	hsdb_exec(db, "INSERT INTO port_connect(message_id, client_pid, client_tid,"
	          " connection_port_id, server_utid, accept_ts, accepted, accept_status, complete_ts,"
	          " connect_status) VALUES (%d, %d, %d, 1, %d, %lld, %d, 0, %s, %s)",
	          s->msg_id + 500, s->child_pid, s->child_tid, HS_CSRSS_UTID, t0 + 1000, !raw,
	          complete, raw ? "3221225537" : "0");
	if (raw)
		add_message(db, HS_API_PORT, "LPC_ERROR_EVENT", s->msg_id + 501, s->child_pid,
		            s->child_tid, s->child_utid, t0 + 1200, HS_CSRSS_UTID, t0 + 1250, "NULL");
}

/* The child process and its first thread, created inside P's two calls. */
static void create_child(sqlite3 *db, const struct hs_spec *s)
{
	long long t0 = (long long)s->t0;
	int64_t resume, create_thread;
	char exit_ts[24] = "NULL", status[24] = "NULL";

	if (!(s->flags & HS_RUNNING)) {
		snprintf(exit_ts, sizeof exit_ts, "%lld", t0 + 5000);
		snprintf(status, sizeof status, "%u", s->exit_status);
	}
	add_syscall(db, s->parent_utid, t0 + 100, t0 + 200, "NtCreateProcessEx", 0);
	hsdb_exec(db, "INSERT INTO process(upid, pid, name, parent_upid, creator_utid, create_ts,"
	          " exit_ts, exit_status) SELECT %d, %d, %Q, upid, %d, %lld, %s, %s FROM thread"
	          " WHERE utid = %d", s->child_upid, s->child_pid, s->image, s->parent_utid, t0 + 150,
	          exit_ts, status, s->parent_utid);
	create_thread = add_syscall(db, s->parent_utid, t0 + 300, t0 + 400, "NtCreateThread", 0);
	hsdb_exec(db, "UPDATE ev_syscall SET nargs = 8, a7 = %d WHERE id = %lld",
	          !(s->flags & HS_NOT_SUSPENDED), (long long)create_thread);
	hsdb_exec(db, "INSERT INTO thread(utid, tid, upid, create_ts) VALUES (%d, %d, %d, %lld);"
	          "INSERT INTO ev_apc(target_utid, queue_ts, queuer_utid, deliver_ts, mode_sid,"
	          " kernel_routine_loc, normal_routine_loc) VALUES (%d, %lld, %d, %lld, %lld, %lld, %lld);"
	          "INSERT INTO ev_sched(ts, prev_utid, next_utid) VALUES (%lld, %d, %d), (%lld, %d, %d)",
	          s->child_utid, s->child_tid, s->child_upid, t0 + 350, s->child_utid, t0 + 350,
	          s->parent_utid, t0 + 800, (long long)hsdb_string(db, "user"),
	          (long long)hsdb_location(db, "PspNullSpecialApc"),
	          (long long)hsdb_location(db, "LdrInitializeThunk"), t0 + 420, s->parent_utid,
	          s->child_utid, t0 + 720, s->parent_utid, s->child_utid);
	if (s->flags & HS_NOT_SUSPENDED)
		return;
	resume = add_syscall(db, s->parent_utid, t0 + 700, t0 + 750, "NtResumeThread", 0);
	hsdb_exec(db, "INSERT INTO syscall_handle(syscall_id, idx, kind, utid) VALUES"
	          " (%lld, 0, 'thread', %d)", (long long)resume, s->child_utid);
}

void hsdb_handshake(sqlite3 *db, const struct hs_spec *s)
{
	long long t0 = (long long)s->t0;
	int not_found = (s->flags & HS_NOT_FOUND) != 0, not_win32 = (s->flags & HS_NOT_WIN32) != 0;
	int raw = (s->flags & (HS_RAW | HS_NATIVE)) != 0;

	if (!raw) {
		hsdb_ucall(db, s->parent_utid, t0, t0 + (not_found || not_win32 ? 60 : 760),
		           "CreateProcessInternalW", "kernel32.elf", s->image, NULL);
		add_syscall(db, s->parent_utid, t0 + 10, t0 + 20, "NtOpenFile",
		            not_found ? 0xC0000034u : 0);
	}
	if (not_win32) {
		add_syscall(db, s->parent_utid, t0 + 30, t0 + 40, "NtCreateSection", 0);
		add_syscall(db, s->parent_utid, t0 + 50, t0 + 55, "NtQuerySection", 0);
	}
	if (not_found || not_win32)
		return;
	create_child(db, s);
	if (!raw)
		csr_request(db, s, t0 + (s->flags & HS_REACTOS ? 250 : 500));
	if (!(s->flags & HS_NATIVE))
		csr_connect(db, s);
}
