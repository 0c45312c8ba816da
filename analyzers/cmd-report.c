/* ntscope report — one self-contained HTML file: a zoomable timeline of every thread
 * and the CreateProcess handshakes. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/column.h"
#include "analyzers/handshake.h"
#include "analyzers/intern.h"
#include "analyzers/ntscope.h"
#include "analyzers/output.h"
#include "schema/schema.h"

const char cmd_report_usage[] =
	"usage: ntscope report [OPTIONS] FILE\n"
	"\n"
	"Write one self-contained HTML file (inline CSS, and JavaScript that draws on a\n"
	"canvas; no network access) showing the trace FILE: one swimlane per thread,\n"
	"grouped by process, coloured by state (user, kernel in a system call, waiting\n"
	"with its reason, ready); system calls as slices (name, status and duration on\n"
	"hover); traps and APC deliveries as marks; APC queue->delivery and LPC\n"
	"send->receive as arrows between lanes; and a table per CreateProcess handshake\n"
	"with each step's time, the gap since the step before, the thread that did it, the\n"
	"outcome, the missing steps highlighted and the diagnosis `ntscope timeline` gives.\n"
	"Zoom with Ctrl+wheel, the buttons or W/S; pan by dragging, Shift+wheel or A/D;\n"
	"scroll the lanes with the wheel. Only the visible window is drawn, at most one mark\n"
	"per pixel column, so large traces stay usable.\n"
	"\n"
	"  -o, --output FILE      the HTML file to write (default report.html; '-' for stdout)\n"
	"  -p, --pid N            only the lanes of processes with pid N, and the handshakes\n"
	"                         whose parent or child has pid N\n"
	"  -i, --image NAME       only the lanes of processes named NAME (any case), and the\n"
	"                         handshakes whose child is NAME\n"
	"\n"
	"Exit status: 0 on success; 1 if FILE is not a readable trace of this version or the\n"
	"output cannot be written; 2 on bad usage.\n";

extern const char nts_report_js[], nts_report_css[];

struct report_opts {
	const char *path, *output, *image;
	long long pid;
	int has_pid;
};

struct report {
	const struct report_opts *o;
	sqlite3 *db;
	FILE *out;
	sqlite3_stmt *actor;
	struct nts_intern strings;      /* the timeline's string table */
	struct nts_intern hs_strings;   /* the handshakes' */
	long long t0, t1;
};

static void html(struct report *r, const char *s)
{
	nts_put_html(r->out, s, s ? strlen(s) : 0);
}

/* Prepare sql with the options bound as ?1 (pid) and ?2 (image); an SQLite code. */
static int prepare(struct report *r, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(r->db, sql, -1, st, NULL);

	if (rc == SQLITE_OK && sqlite3_bind_parameter_count(*st) >= 2) {
		if (r->o->has_pid)
			sqlite3_bind_int64(*st, 1, r->o->pid);
		if (r->o->image)
			sqlite3_bind_text(*st, 2, r->o->image, -1, SQLITE_STATIC);
	}
	return rc;
}

/* Run sql (no rows wanted) with the options bound; an SQLite code. */
static int exec(struct report *r, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(r, sql, &st);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* The one integer sql yields into *v; an SQLite code. */
static int one_int(struct report *r, const char *sql, long long *v)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(r, sql, &st);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = num(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static const char lanes_sql[] =
	"CREATE TEMP TABLE report_lane AS SELECT t.utid FROM thread t"
	" LEFT JOIN process p USING (upid)"
	" WHERE (?1 IS NULL OR p.pid = ?1) AND (?2 IS NULL OR p.name = ?2 COLLATE NOCASE)";

static const char t0_sql[] =
	"SELECT min(coalesce((SELECT min(ts) FROM sched), 1 << 62),"
	" coalesce((SELECT min(ts_enter) FROM syscall), 1 << 62),"
	" coalesce((SELECT min(ts) FROM trap), 1 << 62),"
	" coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'kernel_start_ts'), 1 << 62))";

static const char t1_sql[] =
	"SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'instructions'), 0),"
	" coalesce((SELECT max(ts) FROM sched), 0), coalesce((SELECT max(ts) FROM trap), 0),"
	" coalesce((SELECT max(max(ts_enter), coalesce(max(ts_exit), 0)) FROM syscall), 0))";

/* The data the script draws, a column at a time: name, column kinds and query (over
 * the lanes in temp.report_lane). Kinds: 'n' a number, 's' a string's number (-1 for
 * none), 'd' a number as the difference from the column's previous number, 'e' a
 * number less the row's column 1 (an end as a length); null for none. */
static const struct data_query {
	const char *name, *kinds, *sql;
} data_queries[] = {
	{ "procs", "nns", "SELECT coalesce(t.upid, 0) AS u, p.pid, coalesce(p.name, '(no process)')"
	  " FROM thread t JOIN temp.report_lane USING (utid) LEFT JOIN process p USING (upid)"
	  " GROUP BY u ORDER BY u" },
	{ "threads", "nnnnns", "SELECT t.utid, coalesce(t.upid, 0) AS u, t.tid, t.create_ts, t.exit_ts,"
	  " t.start_address FROM thread t JOIN temp.report_lane USING (utid) ORDER BY u, t.utid" },
	{ "run", "dde", "SELECT next_utid, ts, e FROM (SELECT next_utid, ts,"
	  " lead(ts) OVER (ORDER BY ts, id) AS e FROM sched)"
	  " WHERE next_utid IN (SELECT utid FROM temp.report_lane) ORDER BY next_utid, ts" },
	{ "off", "ddens", "WITH o AS (SELECT s.prev_utid AS u, s.ts, s.prev_state AS st, s.wait_reason AS wr,"
	  "  (SELECT min(x.ts) FROM sched x WHERE x.next_utid = s.prev_utid AND x.ts > s.ts) AS back"
	  "  FROM sched s WHERE s.prev_state IN ('Waiting', 'Ready')"
	  "  AND s.prev_utid IN (SELECT utid FROM temp.report_lane)),"
	  " w AS (SELECT o.*, CASE WHEN st = 'Waiting' THEN (SELECT min(k.ts) FROM wakeup k"
	  "  WHERE k.utid = o.u AND k.ts >= o.ts AND (o.back IS NULL OR k.ts <= o.back)) END AS wk FROM o)"
	  " SELECT u, ts, coalesce(wk, back), CASE st WHEN 'Waiting' THEN 2 ELSE 3 END, wr FROM w"
	  " UNION ALL SELECT u, wk, back, 3, NULL FROM w WHERE wk IS NOT NULL AND back IS NOT NULL"
	  " ORDER BY 1, 2" },
	{ "syscalls", "ddesn", "SELECT s.utid, s.ts_enter, s.ts_exit, coalesce(s.name, printf('#%d', s.number)),"
	  " s.status FROM syscall s JOIN temp.report_lane USING (utid) ORDER BY s.utid, s.ts_enter" },
	{ "traps", "ddss", "SELECT r.utid, r.ts, coalesce(r.name, printf('vector %d', r.vector)),"
	  " coalesce(r.mode, r.kind) FROM trap r JOIN temp.report_lane USING (utid) ORDER BY r.utid, r.ts" },
	{ "apcs", "ndness", "SELECT a.queuer_utid, a.queue_ts, coalesce(a.deliver_utid, a.target_utid),"
	  " a.deliver_ts, a.mode, coalesce(a.normal_routine, a.kernel_routine) FROM apc a"
	  " WHERE a.deliver_ts IS NOT NULL AND a.queue_ts IS NOT NULL"
	  " AND coalesce(a.deliver_utid, a.target_utid) IN (SELECT utid FROM temp.report_lane)"
	  " ORDER BY a.queue_ts" },
	{ "msgs", "ndness", "SELECT m.sender_utid, m.send_ts, m.receiver_utid, m.receive_ts, m.type,"
	  " coalesce(m.api_name, CAST(m.api_number AS TEXT)) FROM port_message m"
	  " WHERE m.receive_ts IS NOT NULL AND m.send_ts IS NOT NULL"
	  " AND m.sender_utid IN (SELECT utid FROM temp.report_lane)"
	  " AND m.receiver_utid IN (SELECT utid FROM temp.report_lane) ORDER BY m.send_ts" },
};

/* The columns of one data set, each written apart, then joined. */
#define COLUMNS_MAX 10
struct columns {
	FILE *f[COLUMNS_MAX];
	char *buf[COLUMNS_MAX];
	size_t len[COLUMNS_MAX];
	long long prev[COLUMNS_MAX];        /* the last number of a 'd' column */
	long rows[COLUMNS_MAX];             /* the values written to each column */
	int n;
};

/* Open n (at most COLUMNS_MAX) column buffers; 0, or -1 out of memory. */
static int columns_open(struct columns *c, int n)
{
	memset(c, 0, sizeof *c);
	if (n > COLUMNS_MAX)
		return -1;
	for (c->n = 0; c->n < n; c->n++)
		if (!(c->f[c->n] = open_memstream(&c->buf[c->n], &c->len[c->n])))
			return -1;
	return 0;
}

/* Close the buffers; write them as [[col0],[col1],...] to out when out is not NULL. */
static void columns_close(struct columns *c, FILE *out)
{
	int i;

	for (i = 0; i < c->n; i++)
		fclose(c->f[i]);
	for (i = 0; out && i < c->n; i++)
		fprintf(out, "%s[%.*s]", i ? "," : "[", (int)c->len[i], c->buf[i]);
	if (out)
		fputc(']', out);
	for (i = 0; i < c->n; i++)
		free(c->buf[i]);
}

/* The next value's stream of column col, past the comma before it. */
static FILE *column_next(struct columns *c, int col)
{
	if (c->rows[col]++)
		fputc(',', c->f[col]);
	return c->f[col];
}

/* Number v (none when !known) into column col of kind 'n', 'd' or 'e' (base: the
 * number an 'e' is taken from): see data_queries. */
static void put_num(struct columns *c, int col, char kind, int known, long long v, long long base)
{
	FILE *f = column_next(c, col);

	if (!known)
		fputs("null", f);
	else if (kind == 'd') {
		fprintf(f, "%lld", v - c->prev[col]);
		c->prev[col] = v;
	} else if (kind == 'e')
		fprintf(f, "%lld", v - base);
	else
		fprintf(f, "%lld", v);
}

/* String s's number in table t (-1 for a NULL s) into column col; an SQLite code. */
static int put_str(struct nts_intern *t, struct columns *c, int col, const char *s)
{
	long id = s ? nts_intern(t, s) : -1;

	if (s && id < 0)
		return SQLITE_NOMEM;
	fprintf(column_next(c, col), "%ld", id);
	return SQLITE_OK;
}

/* One value of a data row into its column: see data_queries for the kinds. */
static int put_value(struct report *r, struct columns *c, sqlite3_stmt *st, int col, char kind)
{
	if (kind == 's')
		return put_str(&r->strings, c, col, has(st, col) ? text(st, col) : NULL);
	put_num(c, col, kind, has(st, col), num(st, col), num(st, 1));
	return SQLITE_OK;
}

/* The strings of table t as a JSON array. */
static void put_strings(struct report *r, const struct nts_intern *t)
{
	size_t i;

	fputc('[', r->out);
	for (i = 0; i < t->n; i++) {
		fputs(i ? "," : "", r->out);
		nts_put_json_string_html(r->out, t->s[i], strlen(t->s[i]));
	}
	fputc(']', r->out);
}

/* "name":[[column 0],[column 1],...] from q's rows; an SQLite code. */
static int put_data(struct report *r, const struct data_query *q)
{
	struct columns c;
	sqlite3_stmt *st = NULL;
	int rc = prepare(r, q->sql, &st), i, ncol = (int)strlen(q->kinds);

	memset(&c, 0, sizeof c);
	if (rc == SQLITE_OK && columns_open(&c, ncol) != 0)
		rc = SQLITE_NOMEM;
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0, rc = SQLITE_OK; i < ncol && rc == SQLITE_OK; i++)
			rc = put_value(r, &c, st, i, q->kinds[i]);
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	fprintf(r->out, "\"%s\":", q->name);
	columns_close(&c, rc == SQLITE_OK ? r->out : NULL);
	fputs(rc == SQLITE_OK ? ",\n" : "null,\n", r->out);
	sqlite3_finalize(st);
	return rc;
}

/* The <script type="application/json"> the timeline is drawn from; an SQLite code. */
static int put_json_data(struct report *r)
{
	size_t i;
	int rc = SQLITE_OK;

	fprintf(r->out, "<script type=\"application/json\" id=\"ntscope-data\">{\"t0\":%lld,\"t1\":%lld,\n"
	        "\"kinds\":{", r->t0, r->t1);
	for (i = 0; i < sizeof data_queries / sizeof data_queries[0]; i++)
		fprintf(r->out, "%s\"%s\":\"%s\"", i ? "," : "", data_queries[i].name, data_queries[i].kinds);
	fputs("},\n", r->out);
	for (i = 0; rc == SQLITE_OK && i < sizeof data_queries / sizeof data_queries[0]; i++)
		rc = put_data(r, &data_queries[i]);
	fputs("\"strings\":", r->out);
	put_strings(r, &r->strings);
	fputs("}</script>\n", r->out);
	return rc;
}

static const char actor_sql[] =
	"SELECT p.pid, t.tid, p.name FROM thread t LEFT JOIN process p USING (upid) WHERE t.utid = ?1";

/* "pid.tid image" of the thread in column row_col of row, as a string's number into
 * column col of c (-1 when there is no such thread); an SQLite code. */
static int put_actor(struct report *r, struct columns *c, int col, sqlite3_stmt *row, int row_col)
{
	const char *image;
	char *who = NULL;
	int rc = has(row, row_col) ? SQLITE_ROW : SQLITE_DONE;

	if (rc == SQLITE_ROW) {
		sqlite3_bind_int64(r->actor, 1, num(row, row_col));
		rc = sqlite3_step(r->actor);
		image = rc == SQLITE_ROW && text(r->actor, 2) ? text(r->actor, 2) : "";
		if (rc == SQLITE_ROW &&
		    !(who = sqlite3_mprintf("%lld.%lld %s", num(r->actor, 0), num(r->actor, 1), image)))
			rc = SQLITE_NOMEM;
		sqlite3_reset(r->actor);
	}
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = put_str(&r->hs_strings, c, col, who);
	sqlite3_free(who);
	return rc;
}

/* The handshakes' data (report.js draws the summary and each one's <details> from it):
 * per handshake (HS_*) its parties (image, and pid or none when not created), outcome,
 * via, missing steps, diagnosis, number of steps and order; per step shown (ST_*), in
 * the handshake's order, its name, state, time (none unless done) and thread. */
enum { HS_PARENT, HS_PARENT_PID, HS_CHILD, HS_CHILD_PID, HS_OUTCOME, HS_VIA, HS_MISSING,
       HS_DIAGNOSIS, HS_STEPS, HS_ORDERING, HS_NCOL };
enum { ST_NAME, ST_STATE, ST_TS, ST_BY, ST_NCOL };
static const char hs_kinds[] = "snsnssssns", steps_kinds[] = "ssds";

/* The steps of the handshake row into the step columns st; how many in *n; an SQLite code. */
static int put_steps(struct report *r, struct columns *st, sqlite3_stmt *row, int *n)
{
	const int *order = hs_order(row);
	long long ts;
	int k, rc = SQLITE_OK;

	*n = 0;
	for (k = 0; k < NSTEPS && rc == SQLITE_OK; k++) {
		int i = order[k];
		char state = hs_step_state(row, i, &ts);
		if (!state)
			continue;
		rc = put_str(&r->hs_strings, st, ST_NAME, step_defs[i].name);
		if (rc == SQLITE_OK)
			rc = put_str(&r->hs_strings, st, ST_STATE,
			             state == 'd' ? "done" : state == 'm' ? "missing" : "pending");
		put_num(st, ST_TS, 'd', state == 'd', ts, 0);
		if (rc == SQLITE_OK)
			rc = state == 'd' ? put_actor(r, st, ST_BY, row, C_STEPS + 2 * i + 1) :
			     put_str(&r->hs_strings, st, ST_BY, NULL);
		++*n;
	}
	return rc;
}

/* The timeline's diagnosis of the handshake, none when it is empty; an SQLite code. */
static int put_diagnosis(struct report *r, struct columns *hs, sqlite3_stmt *row)
{
	struct hs_states h = { .row = row };
	char why[1024];
	long long ts;
	int i;

	for (i = 0; i < NSTEPS; i++)
		h.state[i] = hs_step_state(row, i, &ts);
	hs_diagnose(&h, why, sizeof why);
	return put_str(&r->hs_strings, hs, HS_DIAGNOSIS, why[0] ? why : NULL);
}

/* One handshake's data into the columns hs and st; an SQLite code. */
static int put_handshake(struct report *r, struct columns *hs, struct columns *st, sqlite3_stmt *row)
{
	const char *missing = text(row, C_MISSING);
	int rc, n = 0;

	rc = put_str(&r->hs_strings, hs, HS_PARENT,
	             has(row, C_PARENT_IMAGE) ? text(row, C_PARENT_IMAGE) : "?");
	put_num(hs, HS_PARENT_PID, 'n', has(row, C_PARENT_UPID), num(row, C_PARENT_PID), 0);
	if (rc == SQLITE_OK)
		rc = put_str(&r->hs_strings, hs, HS_CHILD,
		             has(row, C_CHILD_IMAGE) ? text(row, C_CHILD_IMAGE) : "?");
	put_num(hs, HS_CHILD_PID, 'n', has(row, C_CHILD_UPID), num(row, C_CHILD_PID), 0);
	if (rc == SQLITE_OK)
		rc = put_str(&r->hs_strings, hs, HS_OUTCOME, text(row, C_OUTCOME));
	if (rc == SQLITE_OK)
		rc = put_str(&r->hs_strings, hs, HS_VIA, text(row, C_VIA));
	if (rc == SQLITE_OK)
		rc = put_str(&r->hs_strings, hs, HS_MISSING, missing && *missing ? missing : NULL);
	if (rc == SQLITE_OK)
		rc = put_diagnosis(r, hs, row);
	if (rc == SQLITE_OK)
		rc = put_steps(r, st, row, &n);
	put_num(hs, HS_STEPS, 'n', 1, n, 0);
	if (rc == SQLITE_OK)
		rc = put_str(&r->hs_strings, hs, HS_ORDERING, text(row, C_ORDERING));
	return rc;
}

/* The <script type="application/json" id="hs-data"> of the handshakes' columns hs and
 * st (closed here), when rc is SQLITE_OK. */
static void put_hs_data(struct report *r, struct columns *hs, struct columns *st, int rc)
{
	FILE *out = rc == SQLITE_OK ? r->out : NULL;

	if (out)
		fprintf(out, "<script type=\"application/json\" id=\"hs-data\">{\"kinds\":{\"hs\":\"%s\","
		        "\"steps\":\"%s\"},\n\"hs\":", hs_kinds, steps_kinds);
	columns_close(hs, out);
	if (out)
		fputs(",\n\"steps\":", out);
	columns_close(st, out);
	if (!out)
		return;
	fputs(",\n\"strings\":", out);
	put_strings(r, &r->hs_strings);
	fputs("}</script>\n", out);
}

/* The handshakes' section: the data the script draws the summary table and the
 * <details> from, and what to do without a script; an SQLite code. */
static int put_handshakes(struct report *r)
{
	struct columns hs, st;
	sqlite3_stmt *q = NULL;
	int rc = prepare(r, hs_sql, &q), n = 0;

	memset(&hs, 0, sizeof hs);
	memset(&st, 0, sizeof st);
	if (rc == SQLITE_OK && (columns_open(&hs, HS_NCOL) != 0 || columns_open(&st, ST_NCOL) != 0))
		rc = SQLITE_NOMEM;
	fputs("<section id=handshakes><h2>CreateProcess handshakes</h2>\n", r->out);
	fputs("<table id=hs-summary><thead><tr><th>#</th><th>parent</th><th>child</th><th>outcome</th>"
	      "<th>order</th><th>missing steps</th><th>span</th></tr></thead><tbody></tbody></table>"
	      "<div class=pager id=hs-pager></div>\n", r->out);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		rc = put_handshake(r, &hs, &st, q);
		n++;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	fputs("<noscript><p class=diag>The handshakes are drawn by the page's script: without"
	      " JavaScript, <code>ntscope timeline</code> on the trace shows each one's steps and"
	      " diagnosis.</p></noscript>\n<div id=hs-tables></div>\n", r->out);
	put_hs_data(r, &hs, &st, rc);
	if (n == 0 && rc == SQLITE_OK)
		fputs("<p>No CreateProcess in this trace.</p>\n", r->out);
	fputs("</section>\n", r->out);
	sqlite3_finalize(q);
	return rc;
}

/* "key: value" of meta, for the header. */
static void put_meta(struct report *r)
{
	static const char *const keys[] = { "workload", "status", "instructions", "kernel_build_id" };
	sqlite3_stmt *st = NULL;
	size_t i;

	if (sqlite3_prepare_v2(r->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
		return;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			fprintf(r->out, " &middot; %s ", keys[i]);
			html(r, text(st, 0));
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void put_head(struct report *r)
{
	fputs("<!DOCTYPE html>\n<html lang=en><head><meta charset=\"utf-8\">\n<title>ntscope report: ",
	      r->out);
	html(r, r->o->path);
	fprintf(r->out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header><h1>ntscope report: ",
	        nts_report_css);
	html(r, r->o->path);
	fputs("</h1><div class=meta>", r->out);
	if (r->o->has_pid)
		fprintf(r->out, "pid %lld &middot; ", r->o->pid);
	if (r->o->image) {
		fputs("image ", r->out);
		html(r, r->o->image);
		fputs(" &middot; ", r->out);
	}
	fprintf(r->out, "instructions %lld&ndash;%lld", r->t0, r->t1);
	put_meta(r);
	fputs("</div></header>\n", r->out);
}

static void put_timeline(struct report *r)
{
	fputs("<div id=controls><button id=zoom-in title=\"zoom in (W)\">+</button>"
	      "<button id=zoom-out title=\"zoom out (S)\">&minus;</button>"
	      "<button id=pan-left title=\"pan left (A)\">&larr;</button>"
	      "<button id=pan-right title=\"pan right (D)\">&rarr;</button>"
	      "<button id=reset title=\"whole trace (0)\">all</button> <span id=view></span>"
	      "<span class=legend><span style=\"background:#43a047;color:#fff\">user</span>"
	      "<span style=\"background:#fb8c00\">kernel</span><span style=\"background:#b0bec5\">waiting</span>"
	      "<span style=\"background:#fdd835\">ready</span><span style=\"background:#3949ab;color:#fff\">syscall</span>"
	      "<span style=\"background:#e53935;color:#fff\">failed syscall</span>"
	      "<span style=\"color:#8e24aa\">&#9660; APC / &rarr; APC</span><span style=\"color:#1e88e5\">&rarr; LPC</span>"
	      "<span style=\"color:#c62828\">| trap</span></span>"
	      "<span class=hint>Ctrl+wheel zoom &middot; drag or Shift+wheel pan &middot; wheel scrolls lanes"
	      " &middot; click a handshake to zoom to it</span></div>\n"
	      "<div id=scroller><div id=spacer></div><canvas id=canvas></canvas></div>\n"
	      "<div id=tip></div>\n", r->out);
}

/* The whole page; an SQLite code. */
static int write_report(struct report *r)
{
	int rc = exec(r, lanes_sql);

	if (rc == SQLITE_OK)
		rc = one_int(r, t0_sql, &r->t0);
	if (rc == SQLITE_OK)
		rc = one_int(r, t1_sql, &r->t1);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(r->db, actor_sql, -1, &r->actor, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if (r->t0 > r->t1)
		r->t0 = r->t1;
	/* the timeline's data and script before the handshakes, so that it is drawn while
	 * the rest of the page is still being read */
	put_head(r);
	put_timeline(r);
	rc = put_json_data(r);
	fprintf(r->out, "<script>\n%s</script>\n", nts_report_js);
	if (rc == SQLITE_OK)
		rc = put_handshakes(r);
	fputs("</body></html>\n", r->out);
	return rc;
}

static int parse_options(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, 0, 'o' }, { "pid", required_argument, 0, 'p' },
		{ "image", required_argument, 0, 'i' }, { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	unsigned long long pid;
	int c;

	memset(o, 0, sizeof *o);
	o->output = "report.html";
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:p:i:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'p':
			if (nts_parse_count(optarg, &pid) || pid > 0xFFFFFFFFu)
				return nts_usage_error("report", "--pid wants a process id, not '%s'", optarg);
			o->pid = (long long)pid;
			o->has_pid = 1;
			break;
		case 'i': o->image = optarg; break;
		case 'h': fputs(cmd_report_usage, stdout); exit(NTS_EXIT_OK);
		case ':': return nts_usage_error("report", "option '%s' needs a value", argv[optind - 1]);
		default: return nts_usage_error("report", "unknown option '%s'", argv[optind - 1]);
		}
	}
	return nts_trace_operand("report", argc, argv, &o->path);
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o;
	struct report r = { .o = &o };
	char err[1024], tmp[4096];
	int rc, status = NTS_EXIT_OK;

	rc = parse_options(argc, argv, &o);
	if (rc != 0)
		return rc;
	if (nts_db_open_readonly(o.path, &r.db, err, sizeof err) != 0)
		return nts_fail("%s", err);
	nts_warn_incomplete(r.db, "report", o.path);
	r.out = nts_out_open(o.output, tmp, sizeof tmp);
	if (!r.out) {
		status = nts_fail("cannot write %s: %s", o.output, strerror(errno));
		goto out;
	}
	rc = write_report(&r);
	if (rc != SQLITE_OK)
		status = nts_fail("cannot read %s: %s", o.path, sqlite3_errmsg(r.db));
	if (nts_out_close(r.out, tmp, o.output, rc == SQLITE_OK) != 0 && status == NTS_EXIT_OK)
		status = nts_fail("cannot write %s: %s", o.output, strerror(errno));
out:
	sqlite3_finalize(r.actor);
	nts_intern_free(&r.strings);
	nts_intern_free(&r.hs_strings);
	sqlite3_close(r.db);
	return status;
}
