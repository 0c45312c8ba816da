/* ntscope export — a trace as Chrome Trace Event JSON, for Perfetto and chrome://tracing. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzers/column.h"
#include "analyzers/ntscope.h"
#include "analyzers/output.h"
#include "schema/schema.h"

const char cmd_export_usage[] =
	"usage: ntscope export [OPTIONS] FILE\n"
	"\n"
	"Write the trace FILE as Chrome Trace Event JSON, which Perfetto's UI\n"
	"(ui.perfetto.dev) and chrome://tracing load. One guest instruction is one\n"
	"microsecond of trace time. Processes are 'pid's (the trace's upid) and threads\n"
	"'tid's (its utid), named by 'M' events (image and guest pid, guest tid).\n"
	"System calls, waits and preemptions are 'X' slices; traps and APC deliveries are\n"
	"instant events; APC queue->delivery and LPC send->receive are flows ('s'/'f',\n"
	"bound to one-instruction 'X' slices apc_queue/apc_deliver, lpc_send/lpc_receive\n"
	"at their two ends).\n"
	"\n"
	"  -f, --format FORMAT    'chrome-json' (the default and only format)\n"
	"  -o, --output FILE      where to write (default: standard output)\n"
	"\n"
	"Exit status: 0 on success; 1 if FILE is not a readable trace of this version or\n"
	"the output cannot be written; 2 on bad usage.\n";

struct export {
	const char *path, *output;
	sqlite3 *db;
	FILE *out;
	long long end_ts;           /* the last time in the trace */
	long long flows;            /* flow ids handed out */
	long long events;
};

typedef void (*row_fn)(struct export *x, sqlite3_stmt *st);

/* Call fn on every row of sql; an SQLite code. */
static int each_row(struct export *x, const char *sql, row_fn fn)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(x->db, sql, -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn(x, st);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void str(FILE *out, const char *s)
{
	nts_put_json_string(out, s, s ? strlen(s) : 0);
}

/* Open an event object: ph, name, cat, pid, tid and ts (tenths of an instruction
 * allowed: a flow end sits inside its slice). The caller adds members and the '}'. */
static void event(struct export *x, const char *ph, const char *name, const char *cat,
                  long long pid, long long tid, long long ts10)
{
	fprintf(x->out, "%s{\"ph\":\"%s\",\"name\":", x->events++ ? ",\n" : "\n", ph);
	str(x->out, name);
	fprintf(x->out, ",\"cat\":\"%s\",\"pid\":%lld,\"tid\":%lld,\"ts\":%lld", cat, pid, tid,
	        ts10 / 10);
	if (ts10 % 10)
		fprintf(x->out, ".%lld", ts10 % 10);
}

/* ,"key":value as text (null when the column is NULL). */
static void arg_text(struct export *x, const char *key, sqlite3_stmt *st, int col)
{
	fprintf(x->out, ",\"%s\":", key);
	str(x->out, has(st, col) ? text(st, col) : NULL);
}

/* ,"key":"0x%08X" of the column, or null. */
static void arg_hex(struct export *x, const char *key, sqlite3_stmt *st, int col)
{
	if (has(st, col))
		fprintf(x->out, ",\"%s\":\"0x%08llX\"", key, num(st, col) & 0xFFFFFFFFLL);
	else
		fprintf(x->out, ",\"%s\":null", key);
}

/* upid, pid, name */
static void process_row(struct export *x, sqlite3_stmt *st)
{
	char name[512];

	snprintf(name, sizeof name, "%s (pid %lld)", has(st, 2) ? text(st, 2) : "?", num(st, 1));
	fprintf(x->out, "%s{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%lld,\"tid\":0,"
	        "\"args\":{\"name\":", x->events++ ? ",\n" : "\n", num(st, 0));
	str(x->out, name);
	fprintf(x->out, "}},\n{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":%lld,"
	        "\"tid\":0,\"args\":{\"sort_index\":%lld}}", num(st, 0), num(st, 0));
}

/* utid, upid, tid, image */
static void thread_row(struct export *x, sqlite3_stmt *st)
{
	char name[512];

	snprintf(name, sizeof name, "%s tid %lld", has(st, 3) ? text(st, 3) : "?", num(st, 2));
	fprintf(x->out, "%s{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%lld,\"tid\":%lld,"
	        "\"args\":{\"name\":", x->events++ ? ",\n" : "\n", num(st, 1), num(st, 0));
	str(x->out, name);
	fputs("}}", x->out);
}

/* utid, upid, ts_enter, ts_exit, name, status, via, exit_kind, args */
static void syscall_row(struct export *x, sqlite3_stmt *st)
{
	long long end = has(st, 3) ? num(st, 3) : x->end_ts;

	event(x, "X", text(st, 4), "syscall", num(st, 1), num(st, 0), num(st, 2) * 10);
	fprintf(x->out, ",\"dur\":%lld,\"args\":{\"utid\":%lld", end > num(st, 2) ? end - num(st, 2) : 0,
	        num(st, 0));
	arg_hex(x, "status", st, 5);
	arg_text(x, "via", st, 6);
	arg_text(x, "exit_kind", st, 7);
	arg_text(x, "args", st, 8);
	fputs("}}", x->out);
}

/* utid, upid, ts, state, wait_reason, back, exit_ts */
static void wait_row(struct export *x, sqlite3_stmt *st)
{
	long long end = has(st, 5) ? num(st, 5) : has(st, 6) ? num(st, 6) : x->end_ts;
	const char *state = text(st, 3);
	char name[128];

	if (strcmp(state, "Waiting") == 0)
		snprintf(name, sizeof name, "wait %s", has(st, 4) ? text(st, 4) : "");
	else
		snprintf(name, sizeof name, "ready (preempted)");
	if (end < num(st, 2))
		return;
	event(x, "X", name, "sched", num(st, 1), num(st, 0), num(st, 2) * 10);
	fprintf(x->out, ",\"dur\":%lld,\"args\":{\"utid\":%lld", end - num(st, 2), num(st, 0));
	arg_text(x, "state", st, 3);
	arg_text(x, "wait_reason", st, 4);
	fputs("}}", x->out);
}

/* utid, upid, ts, name, kind, vector, mode, eip, cr2, error_code */
static void trap_row(struct export *x, sqlite3_stmt *st)
{
	event(x, "i", text(st, 3), "trap", num(st, 1), num(st, 0), num(st, 2) * 10);
	fprintf(x->out, ",\"s\":\"t\",\"args\":{\"vector\":%lld", num(st, 5));
	arg_text(x, "kind", st, 4);
	arg_text(x, "mode", st, 6);
	arg_hex(x, "eip", st, 7);
	arg_hex(x, "cr2", st, 8);
	arg_hex(x, "error_code", st, 9);
	fputs("}}", x->out);
}

/* A one-instruction slice at ts on (pid, tid) and a flow end ("s" or "f") inside it. */
static void flow_end(struct export *x, const char *ph, const char *slice, const char *cat,
                     long long pid, long long tid, long long ts, long long id)
{
	event(x, "X", slice, cat, pid, tid, ts * 10);
	fputs(",\"dur\":1}", x->out);
	event(x, ph, cat, cat, pid, tid, ts * 10 + 5);
	fprintf(x->out, ",\"id\":%lld%s}", id, ph[0] == 'f' ? ",\"bp\":\"e\"" : "");
}

/* id, queuer utid, upid, queue_ts, deliver utid, upid, deliver_ts, mode, kernel_routine,
 * normal_routine */
static void apc_row(struct export *x, sqlite3_stmt *st)
{
	long long id = ++x->flows;

	event(x, "i", "apc delivered", "apc", num(st, 5), num(st, 4), num(st, 6) * 10);
	fputs(",\"s\":\"t\",\"args\":{", x->out);
	fprintf(x->out, "\"apc\":%lld", num(st, 0));
	arg_text(x, "mode", st, 7);
	arg_text(x, "kernel_routine", st, 8);
	arg_text(x, "normal_routine", st, 9);
	fputs("}}", x->out);
	if (has(st, 1) && num(st, 6) >= num(st, 3)) {
		flow_end(x, "s", "apc_queue", "apc", num(st, 2), num(st, 1), num(st, 3), id);
		flow_end(x, "f", "apc_deliver", "apc", num(st, 5), num(st, 4), num(st, 6), id);
	}
}

/* id, sender utid, upid, send_ts, receiver utid, upid, receive_ts, type */
static void message_row(struct export *x, sqlite3_stmt *st)
{
	long long id = ++x->flows;
	char send[64], recv[64];

	snprintf(send, sizeof send, "lpc_send %s", has(st, 7) ? text(st, 7) : "?");
	snprintf(recv, sizeof recv, "lpc_receive %s", has(st, 7) ? text(st, 7) : "?");
	if (!has(st, 4) || num(st, 6) < num(st, 3)) {
		event(x, "X", send, "lpc", num(st, 2), num(st, 1), num(st, 3) * 10);
		fputs(",\"dur\":1}", x->out);
		return;
	}
	flow_end(x, "s", send, "lpc", num(st, 2), num(st, 1), num(st, 3), id);
	flow_end(x, "f", recv, "lpc", num(st, 5), num(st, 4), num(st, 6), id);
}

static const char end_sql[] =
	"SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'instructions'), 0),"
	" coalesce((SELECT max(ts) FROM sched), 0), coalesce((SELECT max(ts) FROM trap), 0),"
	" coalesce((SELECT max(max(ts_enter), coalesce(max(ts_exit), 0)) FROM syscall), 0))";

static const struct query {
	const char *sql;
	row_fn fn;
} queries[] = {
	{ "SELECT upid, pid, name FROM process ORDER BY upid", process_row },
	{ "SELECT 0, 0, '(no process)' WHERE EXISTS (SELECT 1 FROM thread WHERE upid IS NULL"
	  " OR upid NOT IN (SELECT upid FROM process))", process_row },
	{ "SELECT t.utid, coalesce(p.upid, 0), t.tid, p.name FROM thread t"
	  " LEFT JOIN process p USING (upid) ORDER BY t.utid", thread_row },
	{ "SELECT s.utid, coalesce(p.upid, 0), s.ts_enter, s.ts_exit,"
	  " coalesce(s.name, printf('#%d', s.number)), s.status, s.via, s.exit_kind, s.args"
	  " FROM syscall s JOIN thread t USING (utid) LEFT JOIN process p ON p.upid = t.upid"
	  " ORDER BY s.ts_enter", syscall_row },
	{ "SELECT s.prev_utid, coalesce(p.upid, 0), s.ts, s.prev_state, s.wait_reason,"
	  " (SELECT min(x.ts) FROM sched x WHERE x.next_utid = s.prev_utid AND x.ts > s.ts),"
	  " t.exit_ts FROM sched s JOIN thread t ON t.utid = s.prev_utid"
	  " LEFT JOIN process p ON p.upid = t.upid"
	  " WHERE s.prev_state IN ('Waiting', 'Ready') ORDER BY s.ts", wait_row },
	{ "SELECT r.utid, coalesce(p.upid, 0), r.ts, coalesce(r.name, printf('vector %d', r.vector)),"
	  " r.kind, r.vector, r.mode, r.eip, r.cr2, r.error_code FROM trap r JOIN thread t USING (utid)"
	  " LEFT JOIN process p ON p.upid = t.upid ORDER BY r.ts", trap_row },
	{ "SELECT a.id, q.utid, coalesce(qp.upid, 0), a.queue_ts, d.utid, coalesce(dp.upid, 0),"
	  " a.deliver_ts, a.mode, a.kernel_routine, a.normal_routine FROM apc a"
	  " JOIN thread d ON d.utid = coalesce(a.deliver_utid, a.target_utid)"
	  " LEFT JOIN process dp ON dp.upid = d.upid"
	  " LEFT JOIN thread q ON q.utid = a.queuer_utid LEFT JOIN process qp ON qp.upid = q.upid"
	  " WHERE a.deliver_ts IS NOT NULL AND a.queue_ts IS NOT NULL ORDER BY a.queue_ts", apc_row },
	{ "SELECT m.id, s.utid, coalesce(sp.upid, 0), m.send_ts, r.utid, coalesce(rp.upid, 0),"
	  " m.receive_ts, m.type FROM port_message m JOIN thread s ON s.utid = m.sender_utid"
	  " LEFT JOIN process sp ON sp.upid = s.upid"
	  " LEFT JOIN thread r ON r.utid = m.receiver_utid AND m.receive_ts IS NOT NULL"
	  " LEFT JOIN process rp ON rp.upid = r.upid"
	  " WHERE m.send_ts IS NOT NULL ORDER BY m.send_ts", message_row },
};

/* The last time in the trace into x->end_ts; an SQLite code. */
static int find_end(struct export *x)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(x->db, end_sql, -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		x->end_ts = num(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The whole JSON document; an SQLite code. */
static int write_json(struct export *x)
{
	size_t i;
	int rc = find_end(x);

	fputs("{\"otherData\":{\"source\":", x->out);
	str(x->out, x->path);
	fputs(",\"time_unit\":\"1 guest instruction = 1 us\"},\n\"traceEvents\":[", x->out);
	for (i = 0; rc == SQLITE_OK && i < sizeof queries / sizeof queries[0]; i++)
		rc = each_row(x, queries[i].sql, queries[i].fn);
	fputs("\n]}\n", x->out);
	return rc;
}

static int parse_options(int argc, char **argv, struct export *x)
{
	static const struct option longopts[] = {
		{ "format", required_argument, 0, 'f' }, { "output", required_argument, 0, 'o' },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 } };
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "chrome-json") != 0)
				return nts_usage_error("export", "--format is 'chrome-json', not '%s'", optarg);
			break;
		case 'o': x->output = optarg; break;
		case 'h': fputs(cmd_export_usage, stdout); exit(NTS_EXIT_OK);
		case ':': return nts_usage_error("export", "option '%s' needs a value", argv[optind - 1]);
		default: return nts_usage_error("export", "unknown option '%s'", argv[optind - 1]);
		}
	}
	return nts_trace_operand("export", argc, argv, &x->path);
}

int cmd_export(int argc, char **argv)
{
	struct export x = { 0 };
	char err[1024], tmp[4096];
	int rc, status = NTS_EXIT_OK;

	rc = parse_options(argc, argv, &x);
	if (rc != 0)
		return rc;
	if (nts_db_open_readonly(x.path, &x.db, err, sizeof err) != 0)
		return nts_fail("%s", err);
	nts_warn_incomplete(x.db, "export", x.path);
	x.out = nts_out_open(x.output, tmp, sizeof tmp);
	if (!x.out) {
		status = nts_fail("cannot write %s: %s", x.output, strerror(errno));
		goto out;
	}
	rc = write_json(&x);
	if (rc != SQLITE_OK)
		status = nts_fail("cannot read %s: %s", x.path, sqlite3_errmsg(x.db));
	if (nts_out_close(x.out, tmp, x.output, rc == SQLITE_OK) != 0 && status == NTS_EXIT_OK)
		status = nts_fail("cannot write %s: %s", x.output ? x.output : "standard output",
		                  strerror(errno));
out:
	sqlite3_close(x.db);
	return status;
}
