/* ntscope stats — counts and latency percentiles of a trace. */
#include "config.h"

#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/handshake.h"
#include "analyzers/ntscope.h"
#include "analyzers/table.h"
#include "schema/schema.h"

const char cmd_stats_usage[] =
	"usage: ntscope stats [OPTIONS] FILE\n"
	"\n"
	"Counts and latency percentiles of the trace FILE, in guest instructions:\n"
	"processes (threads, system calls, traps, context switches), system-call latency\n"
	"per process and per service, LPC messages per port, type and CSR API (with the\n"
	"time each waited in its queue), context switches per thread, and the latency of\n"
	"each phase of the CreateProcess handshake (from the view createprocess_handshake:\n"
	"create_process->create_thread, ..., csr_request->csr_reply, resume->first_run, ...).\n"
	"Percentiles are nearest-rank (p50/p90/p99), over the events that finished.\n"
	"\n"
	"  -f, --format FORMAT    'text' (default) or 'json' (one object, a member per table)\n"
	"\n"
	"Exit status: 0 on success; 1 if FILE is not a readable trace of this version;\n"
	"2 on bad usage.\n";

struct stats {
	const char *path;
	sqlite3 *db;
	int json, tables;
};

static const char *const pct_cols[] = { "count", "p50", "p90", "p99", "max" };

/* The nearest-rank p-th percentile of the n sorted values v. */
static long long percentile(const long long *v, size_t n, int p)
{
	size_t rank = (size_t)((p * n + 99) / 100);

	return v[rank ? rank - 1 : 0];
}

/* Append keys (nkey cells) with count and the percentiles of the n sorted values v. */
static int add_pct_row(struct nts_table *t, const char **keys, int nkey, size_t count,
                       const long long *v, size_t n)
{
	char buf[5][24];
	const char *cells[32];
	static const int ps[] = { 50, 90, 99, 100 };
	int i;

	for (i = 0; i < nkey; i++)
		cells[i] = keys[i];
	snprintf(buf[0], sizeof buf[0], "%zu", count);
	cells[nkey] = buf[0];
	for (i = 0; i < 4; i++) {
		snprintf(buf[i + 1], sizeof buf[i + 1], "%lld", n ? percentile(v, n, ps[i]) : 0);
		cells[nkey + 1 + i] = n ? buf[i + 1] : NULL;
	}
	return nts_table_add(t, cells);
}

/* 1 if the first nkey columns of st equal keys. */
static int same_keys(sqlite3_stmt *st, char **keys, int nkey)
{
	int i;

	for (i = 0; i < nkey; i++) {
		const char *k = (const char *)sqlite3_column_text(st, i);
		if ((k == NULL) != (keys[i] == NULL) || (k && strcmp(k, keys[i]) != 0))
			return 0;
	}
	return 1;
}

struct pct_acc {
	char *keys[8];
	long long *v;
	size_t n, cap, count;
};

/* Emit the accumulated group into t and start a new one keyed by st's row (or none). */
static int flush_group(struct nts_table *t, struct pct_acc *a, int nkey, sqlite3_stmt *st)
{
	int i, rc = 0;

	if (a->count)
		rc = add_pct_row(t, (const char **)a->keys, nkey, a->count, a->v, a->n);
	for (i = 0; i < nkey; i++) {
		const char *k = st ? (const char *)sqlite3_column_text(st, i) : NULL;
		free(a->keys[i]);
		a->keys[i] = k ? strdup(k) : NULL;
	}
	a->n = a->count = 0;
	return rc;
}

/* Add st's value (column nkey) to the group; NULL values are counted only. */
static int accumulate(struct pct_acc *a, sqlite3_stmt *st, int nkey)
{
	a->count++;
	if (sqlite3_column_type(st, nkey) == SQLITE_NULL)
		return 0;
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 256;
		long long *v = realloc(a->v, cap * sizeof *v);
		if (!v)
			return -1;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = (long long)sqlite3_column_int64(st, nkey);
	return 0;
}

/* Fill t (keys then count and percentiles) from sql: key columns, then one value,
 * ordered by the keys, then the value. An SQLite code. */
static int pct_rows(struct stats *s, struct nts_table *t, int nkey, const char *sql)
{
	struct pct_acc a;
	sqlite3_stmt *st = NULL;
	int i, rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	memset(&a, 0, sizeof a);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (!a.count || !same_keys(st, a.keys, nkey))
			rc = flush_group(t, &a, nkey, st) ? SQLITE_NOMEM : SQLITE_OK;
		if (rc == SQLITE_OK && accumulate(&a, st, nkey))
			rc = SQLITE_NOMEM;
	}
	if (rc == SQLITE_DONE)
		rc = flush_group(t, &a, nkey, NULL) ? SQLITE_NOMEM : SQLITE_OK;
	for (i = 0; i < nkey; i++)
		free(a.keys[i]);
	free(a.v);
	sqlite3_finalize(st);
	return rc;
}

/* Fill t with sql's rows as they are. An SQLite code. */
static int plain_rows(struct stats *s, struct nts_table *t, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = nts_table_add_stmt(t, st) ? SQLITE_NOMEM : SQLITE_OK;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Print t in the chosen format, and free it. */
static void emit(struct stats *s, struct nts_table *t)
{
	if (s->json) {
		fputs(s->tables++ ? ",\n" : "{\n", stdout);
		nts_table_print_json(t, stdout);
	} else
		nts_table_print_text(t, stdout);
	nts_table_free(t);
}

/* One table: nkey key columns (then the percentiles) when pct, else plain. */
static int section(struct stats *s, const char *key, const char *title,
                   const char *const *cols, const char *types, int pct, const char *sql)
{
	struct nts_table t;
	const char *all[16];
	char ty[16];
	int n = 0, rc;

	while (cols[n] && n < 10) {
		all[n] = cols[n];
		n++;
	}
	snprintf(ty, sizeof ty, "%s%s", types, pct ? "nnnnn" : "");
	if (pct)
		memcpy(all + n, pct_cols, sizeof pct_cols);
	all[n + (pct ? 5 : 0)] = NULL;
	nts_table_init(&t, key, title, all, ty);
	rc = pct ? pct_rows(s, &t, n, sql) : plain_rows(s, &t, sql);
	if (rc == SQLITE_OK)
		emit(s, &t);
	else
		nts_table_free(&t);
	return rc;
}

static const char processes_sql[] =
	"WITH th AS (SELECT upid, count(*) AS n FROM thread GROUP BY upid),"
	" sc AS (SELECT t.upid, count(*) AS n FROM syscall s JOIN thread t USING (utid) GROUP BY t.upid),"
	" tr AS (SELECT t.upid, count(*) AS n FROM trap r JOIN thread t USING (utid) GROUP BY t.upid),"
	" sw AS (SELECT t.upid, count(*) AS n FROM sched x JOIN thread t ON t.utid = x.next_utid"
	"        GROUP BY t.upid)"
	" SELECT p.name, p.pid, p.upid, coalesce(th.n, 0), coalesce(sc.n, 0), coalesce(tr.n, 0),"
	"  coalesce(sw.n, 0), p.exit_ts - p.create_ts,"
	"  CASE WHEN p.exit_status IS NOT NULL THEN printf('0x%08X', p.exit_status) END"
	" FROM process p LEFT JOIN th USING (upid) LEFT JOIN sc USING (upid)"
	" LEFT JOIN tr USING (upid) LEFT JOIN sw USING (upid) ORDER BY p.upid";

static const char by_process_sql[] =
	"SELECT p.name, p.pid, p.upid, s.ts_exit - s.ts_enter AS d"
	" FROM syscall s JOIN thread t USING (utid) LEFT JOIN process p USING (upid)"
	" ORDER BY p.upid, d";

static const char by_service_sql[] =
	"SELECT coalesce(name, printf('#%d', number)) AS n, ts_exit - ts_enter AS d FROM syscall"
	" ORDER BY n, d";

static const char failed_sql[] =
	"SELECT coalesce(name, printf('#%d', number)) AS n, count(*),"
	" sum((status & 0xFFFFFFFF) >= 0xC0000000), sum(ts_exit IS NULL)"
	" FROM syscall GROUP BY n ORDER BY n";

static const char messages_sql[] =
	"SELECT coalesce(p.name, c.name, printf('port %d', m.port_id)) AS port, m.type,"
	" coalesce(m.api_name, CAST(m.api_number AS TEXT)) AS api, m.receive_ts - m.send_ts AS q"
	" FROM port_message m LEFT JOIN port p ON p.id = m.port_id"
	" LEFT JOIN port c ON c.id = p.connection_port_id"
	" ORDER BY port, m.type, api, q";

static const char switches_sql[] =
	"WITH i AS (SELECT next_utid AS utid, count(*) AS n FROM sched GROUP BY next_utid),"
	" o AS (SELECT prev_utid AS utid, sum(prev_state = 'Ready') AS r,"
	"       sum(prev_state = 'Waiting') AS w, sum(prev_state = 'Terminated') AS x"
	"       FROM sched GROUP BY prev_utid)"
	" SELECT p.name, p.pid, t.tid, t.utid, coalesce(i.n, 0), coalesce(o.r, 0), coalesce(o.w, 0)"
	" FROM thread t LEFT JOIN process p USING (upid) LEFT JOIN i USING (utid)"
	" LEFT JOIN o USING (utid) ORDER BY t.utid";

/* Append to sql the phase "a->b" (sort key k) of the handshakes whose order is cond. */
static char *add_phase(char *sql, int k, int a, int b, const char *cond)
{
	char *s = sqlite3_mprintf("%s%s SELECT %d AS k, '%s->%s' AS phase, ts_%s - ts_%s AS d"
	                          " FROM createprocess_handshake WHERE ts_%s IS NOT NULL"
	                          " AND ts_%s IS NOT NULL AND %s",
	                          sql ? sql : "", sql ? " UNION ALL" : "", k,
	                          step_defs[a].name, step_defs[b].name, step_defs[b].name,
	                          step_defs[a].name, step_defs[a].name, step_defs[b].name, cond);
	sqlite3_free(sql);
	return s;
}

/* 1 if a is followed by b among the non-extra steps of order. */
static int consecutive(const int *order, int a, int b)
{
	int k, prev = -1;

	for (k = 0; k < NSTEPS; k++) {
		if (step_defs[order[k]].extra)
			continue;
		if (prev == a && order[k] == b)
			return 1;
		prev = order[k];
	}
	return 0;
}

/* The phases of the handshake: consecutive steps of the NT5 and the ReactOS orders,
 * the csrss round trip and the whole; key, phase, duration, ordered. */
static char *phases_sql(void)
{
	const int *orders[2] = { nt5_order, reactos_order };
	char *sql = NULL;
	int o, k, prev, n = 0;

	for (o = 0; o < 2; o++)
		for (k = 0, prev = -1; k < NSTEPS; k++) {
			int b = orders[o][k];
			if (step_defs[b].extra)
				continue;
			if (prev >= 0 && !(o == 1 && consecutive(nt5_order, prev, b)))
				sql = add_phase(sql, n++, prev, b,
				                consecutive(reactos_order, prev, b) ?
				                (consecutive(nt5_order, prev, b) ? "1" : "ordering IS 'reactos'") :
				                "ordering IS NOT 'reactos'");
			prev = b;
		}
	sql = add_phase(sql, n++, S_CSR_REQUEST, S_CSR_REPLY, "1");
	sql = add_phase(sql, n++, S_CREATE_PROCESS, S_CONNECT_ACCEPTED, "1");
	return sqlite3_mprintf("SELECT phase, d FROM (%z) ORDER BY k, d", sql);
}

/* Every table, in order; an SQLite code. */
static int run_stats(struct stats *s)
{
	static const char *const proc_cols[] = { "process", "pid", "upid", "threads", "syscalls",
		"traps", "switches_in", "lifetime", "exit_status", NULL };
	static const char *const byproc_cols[] = { "process", "pid", "upid", NULL };
	static const char *const svc_cols[] = { "service", NULL };
	static const char *const fail_cols[] = { "service", "calls", "failed", "unfinished", NULL };
	static const char *const msg_cols[] = { "port", "type", "api", NULL };
	static const char *const sw_cols[] = { "process", "pid", "tid", "utid", "switches_in",
		"preempted", "waits", NULL };
	static const char *const ph_cols[] = { "phase", NULL };
	char *ph = phases_sql();
	int rc = ph ? SQLITE_OK : SQLITE_NOMEM;

	if (rc == SQLITE_OK)
		rc = section(s, "processes", "Processes", proc_cols, "snnnnnnns", 0, processes_sql);
	if (rc == SQLITE_OK)
		rc = section(s, "syscall_latency_by_process", "System-call latency by process",
		             byproc_cols, "snn", 1, by_process_sql);
	if (rc == SQLITE_OK)
		rc = section(s, "syscall_latency_by_service", "System-call latency by service",
		             svc_cols, "s", 1, by_service_sql);
	if (rc == SQLITE_OK)
		rc = section(s, "syscall_status_by_service", "System-call failures by service",
		             fail_cols, "snnn", 0, failed_sql);
	if (rc == SQLITE_OK)
		rc = section(s, "messages", "LPC messages by port, type and API (queue latency)",
		             msg_cols, "sss", 1, messages_sql);
	if (rc == SQLITE_OK)
		rc = section(s, "context_switches", "Context switches per thread", sw_cols,
		             "snnnnnn", 0, switches_sql);
	if (rc == SQLITE_OK)
		rc = section(s, "handshake_phases", "CreateProcess handshake phases", ph_cols, "s", 1, ph);
	sqlite3_free(ph);
	return rc;
}

static int parse_options(int argc, char **argv, struct stats *s)
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
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
				return nts_usage_error("stats", "--format is 'text' or 'json', not '%s'", optarg);
			s->json = strcmp(optarg, "json") == 0;
			break;
		case 'h': fputs(cmd_stats_usage, stdout); exit(NTS_EXIT_OK);
		case ':': return nts_usage_error("stats", "option '%s' needs a value", argv[optind - 1]);
		default: return nts_usage_error("stats", "unknown option '%s'", argv[optind - 1]);
		}
	}
	return nts_trace_operand("stats", argc, argv, &s->path);
}

int cmd_stats(int argc, char **argv)
{
	struct stats s = { 0 };
	char err[1024];
	int rc, status = NTS_EXIT_OK;

	rc = parse_options(argc, argv, &s);
	if (rc != 0)
		return rc;
	if (nts_db_open_readonly(s.path, &s.db, err, sizeof err) != 0)
		return nts_fail("%s", err);
	nts_warn_incomplete(s.db, "stats", s.path);
	rc = run_stats(&s);
	if (rc != SQLITE_OK)
		status = nts_fail("cannot compute the statistics of %s: %s", s.path, sqlite3_errmsg(s.db));
	else if (s.json)
		fputs(s.tables ? "\n}\n" : "{}\n", stdout);
	sqlite3_close(s.db);
	return status;
}
