/*
 * test-analyzers.c — `ntscope stats`, `diff`, `export` and `report` on synthetic traces
 * (tests/unit/hsdb.c) whose answers are easy to state: percentiles of known durations,
 * the phases of NT5 against ReactOS order, flows that bind, and guest strings that
 * must not break the HTML or the JSON.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/hsdb.h"
#include "tests/unit/runcmd.h"

static char dir[] = "/tmp/ntscope-test-analyzers-XXXXXX";
static char a_path[300], b_path[300], out[8 << 20], err[4096];

/* A guest image name with markup, quotes, a control character and invalid UTF-8. */
#define EVIL "</script><b>&\"q'\x01\xff.elf"

/* A: hello.elf (NT5), nosuch.elf (not found), raw.elf (seed 000), an evil image not
 * found, a process with the evil name, and 100 calls of NtTest lasting 1..100 instructions. */
static void write_a(const char *p)
{
	static const struct hs_spec specs[] = {
		{ 10000, HS_INIT_UTID, 10, 100, 10, 102, "hello.elf", 0, 0, 1 },
		{ 40000, HS_INIT_UTID, 11, 104, 11, 106, "nosuch.elf", HS_NOT_FOUND, 0, 2 },
		{ 50000, HS_INIT_UTID, 12, 108, 12, 110, "raw.elf", HS_RAW, 0xC0000142, 3 },
		{ 70000, HS_INIT_UTID, 14, 116, 14, 118, EVIL, HS_NOT_FOUND, 0, 5 },
	};
	sqlite3 *db = hsdb_open(p);
	size_t i;

	for (i = 0; i < sizeof specs / sizeof specs[0]; i++)
		hsdb_handshake(db, &specs[i]);
	for (i = 1; i <= 100; i++)
		hsdb_syscall(db, 4, 100000 + 200 * i, 100000 + 200 * i + i, "NtTest", 0, "int2e");
	hsdb_exec(db, "INSERT INTO process(upid, pid, name, parent_upid, create_ts) VALUES (20, 200, %Q, 3, 90000);"
	          "INSERT INTO thread(utid, tid, upid, create_ts) VALUES (20, 204, 20, 90001);", EVIL);
	hsdb_syscall(db, 20, 90010, 90020, EVIL, 0, "int2e");
	hsdb_exec(db, "INSERT INTO ev_trap(utid, ts, vector, kind_sid, name_sid, mode_sid)"
	          " VALUES (20, 90015, 14, %lld, %lld, %lld)", (long long)hsdb_string(db, "exception"),
	          (long long)hsdb_string(db, "page_fault"), (long long)hsdb_string(db, "user"));
	sqlite3_close(db);
}

/* B: hello.elf in ReactOS order, raw.elf, a second hello.elf; no nosuch.elf, no NtTest. */
static void write_b(const char *p)
{
	static const struct hs_spec specs[] = {
		{ 10000, HS_INIT_UTID, 10, 100, 10, 102, "hello.elf", HS_REACTOS, 0, 1 },
		{ 50000, HS_INIT_UTID, 12, 108, 12, 110, "raw.elf", HS_RAW, 0xC0000142, 3 },
		{ 60000, HS_INIT_UTID, 13, 112, 13, 114, "hello.elf", 0, 0, 4 },
	};
	sqlite3 *db = hsdb_open(p);
	size_t i;

	for (i = 0; i < sizeof specs / sizeof specs[0]; i++)
		hsdb_handshake(db, &specs[i]);
	sqlite3_close(db);
}

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(a_path, sizeof a_path, "%s/a.db", dir);
	snprintf(b_path, sizeof b_path, "%s/b.db", dir);
	write_a(a_path);
	write_b(b_path);
}

static void teardown(void)
{
	remove_tree(dir);
}

TestSuite(analyzers, .init = setup, .fini = teardown);

/* ntscope ARG..., NULL: its exit status; what it printed in out and err. */
#define ntscope(...) run_ntscope(dir, out, sizeof out, err, sizeof err, __VA_ARGS__)

/* The first line of text that contains word, in buf; "" if none. */
static const char *line_of(const char *text, const char *word, char *buf, size_t len)
{
	const char *p = strstr(text, word), *start, *end;

	buf[0] = '\0';
	if (!p)
		return buf;
	for (start = p; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(p, '\n');
	snprintf(buf, len, "%.*s", (int)(end ? end - start : (long)strlen(start)), start);
	return buf;
}

/* The one integer sql yields over the JSON text json (bound as ?1), in a fresh
 * in-memory database where attach (an ATTACH, or NULL) ran first. */
static long long json_query_attached(const char *json, const char *attach, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	if (attach)
		cr_assert_eq(sqlite3_exec(db, attach, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static long long json_query(const char *json, const char *sql)
{
	return json_query_attached(json, NULL, sql);
}

/* The one integer sql yields on the trace at path. */
static long long sqlite_count(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

Test(analyzers, stats_percentiles_of_known_durations)
{
	cr_assert_eq(ntscope("stats", "--format", "json", a_path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "{\"service\": \"NtTest\", \"count\": 100, \"p50\": 50, \"p90\": 90, "
	                      "\"p99\": 99, \"max\": 100}"), "%s", out);
	cr_expect(strstr(out, "{\"phase\": \"create_process->create_thread\", \"count\": 2, \"p50\": 200, "
	                      "\"p90\": 200, \"p99\": 200, \"max\": 200}"), "%s", out);
	cr_expect(strstr(out, "{\"phase\": \"csr_request->csr_reply\", \"count\": 1, \"p50\": 100, "
	                      "\"p90\": 100, \"p99\": 100, \"max\": 100}"));
	cr_expect(strstr(out, "{\"phase\": \"resume->first_run\", \"count\": 2, \"p50\": 20,"));
	cr_expect(strstr(out, "{\"phase\": \"create_process->connect_accepted\", \"count\": 1, \"p50\": 900,"));
	cr_expect(strstr(out, "{\"port\": \"\\\\Windows\\\\ApiPort\", \"type\": \"LPC_CONNECTION_REQUEST\", "
	                      "\"api\": null, \"count\": 2, \"p50\": 50,"), "%s", out);
	cr_expect(strstr(out, "{\"process\": \"hello.elf\", \"pid\": 100, \"tid\": 102, \"utid\": 10, "
	                      "\"switches_in\": 2, \"preempted\": 0, \"waits\": 0}"), "%s", out);
	cr_expect_eq(json_query(out, "SELECT json_valid(?1)"), 1);
}

Test(analyzers, stats_text_tables)
{
	char line[256];

	cr_assert_eq(ntscope("stats", a_path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "System-call latency by service\n  service "), "%s", out);
	cr_expect(strstr(out, "count p50 p90 p99 max\n"));
	cr_expect(strstr(line_of(out, "  NtTest ", line, sizeof line), "   100  50  90  99 100"), "%s", line);
	cr_expect(strstr(out, "</script><b>&\"q'\\x01\\xFF.elf"), "guest names stay on one line");
	cr_expect_eq(ntscope("stats", "--format", "xml", a_path, NULL), 2);
	cr_expect_eq(ntscope("stats", NULL), 2);
	cr_expect_eq(ntscope("stats", "/nonexistent.db", NULL), 1);
}

Test(analyzers, diff_nt5_against_reactos)
{
	cr_assert_eq(ntscope("diff", "--format", "json", a_path, b_path, NULL), 0, "%s", err);
	cr_assert_eq(json_query(out, "SELECT json_valid(?1)"), 1, "%s", out);
	cr_expect(strstr(out, "{\"parent\": \"init.elf\", \"child\": \"hello.elf\", \"ordinal\": 1, "
	                      "\"outcome_a\": \"ok\", \"outcome_b\": \"ok\", \"order_a\": \"nt5\", "
	                      "\"order_b\": \"reactos\", \"base_a\": 10100, \"base_b\": 10100"), "%s", out);
	cr_expect(strstr(out, "{\"step\": \"csr_request\", \"a\": 400, \"b\": 150, \"change\": \"moved\", "
	                      "\"delta\": -250, \"percent\": -62.5}"), "%s", out);
	cr_expect(strstr(out, "{\"step\": \"create_thread\", \"a\": 200, \"b\": 200, \"change\": \"same\", "
	                      "\"delta\": 0, \"percent\": 0.0}"));
	cr_expect(strstr(out, "{\"phase\": \"create_thread->csr_request\", \"a\": 200, \"b\": null, "
	                      "\"change\": \"disappeared\""));
	cr_expect(strstr(out, "{\"phase\": \"create_process->csr_request\", \"a\": null, \"b\": 150, "
	                      "\"change\": \"appeared\""));
	cr_expect(strstr(out, "{\"phase\": \"csr_reply->create_thread\", \"a\": null, \"b\": 20, "
	                      "\"change\": \"appeared\""));
	cr_expect(strstr(out, "{\"parent\": \"init.elf\", \"child\": \"nosuch.elf\", \"ordinal\": 1, "
	                      "\"change\": \"disappeared\", \"outcome\": \"image_not_found\"}"), "%s", out);
	cr_expect(strstr(out, "{\"parent\": \"init.elf\", \"child\": \"hello.elf\", \"ordinal\": 2, "
	                      "\"change\": \"appeared\", \"outcome\": \"ok\"}"));
	cr_expect(strstr(out, "{\"image\": \"init.elf\", \"service\": \"NtTest\", \"a\": 100, \"b\": 0, "
	                      "\"delta\": -100, \"percent\": -100.0}"), "%s", out);
	cr_expect_eq(count_of(out, "\"child\": \"raw.elf\", \"ordinal\": 1, \"outcome_a\": \"init_failed\""), 1,
	             "seed 000's handshake is matched by images, not pid");
}

Test(analyzers, diff_text_and_usage)
{
	char line[256];

	cr_assert_eq(ntscope("diff", a_path, b_path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "init.elf -> hello.elf #1: ok -> ok, order nt5 -> reactos"), "%s", out);
	cr_expect(strstr(line_of(out, "  csr_request ", line, sizeof line), " 400  150 moved  "), "%s", line);
	cr_expect(strstr(line, "  -250   -62.5"), "%s", line);
	cr_expect_eq(ntscope("diff", a_path, NULL), 2);
	cr_expect_eq(ntscope("diff", a_path, "/nonexistent.db", NULL), 1);
	cr_expect_eq(count_of(err, "\n"), 1, "one line: %s", err);
}

/* Flow ends ('s'/'f') of the export in ?1 that lie inside no 'X' slice of their thread. */
static const char unbound_sql[] =
	"WITH e AS (SELECT json_extract(value, '$.ph') AS ph, json_extract(value, '$.pid') AS pid,"
	" json_extract(value, '$.tid') AS tid, json_extract(value, '$.ts') AS ts,"
	" json_extract(value, '$.dur') AS dur FROM json_each(?1, '$.traceEvents'))"
	" SELECT count(*) FROM e f WHERE ph IN ('s', 'f') AND NOT EXISTS (SELECT 1 FROM e x"
	" WHERE x.ph = 'X' AND x.pid = f.pid AND x.tid = f.tid AND x.ts <= f.ts AND f.ts <= x.ts + x.dur)";

/* Slices, instants and flows of the export in ?1 on a thread no thread_name names. */
static const char unnamed_sql[] =
	"WITH e AS (SELECT json_extract(value, '$.ph') AS ph, json_extract(value, '$.name') AS name,"
	" json_extract(value, '$.pid') AS pid, json_extract(value, '$.tid') AS tid"
	" FROM json_each(?1, '$.traceEvents'))"
	" SELECT count(*) FROM e x WHERE ph IN ('X', 'i', 's', 'f') AND NOT EXISTS (SELECT 1 FROM e m"
	" WHERE m.ph = 'M' AND m.name = 'thread_name' AND m.pid = x.pid AND m.tid = x.tid)";

Test(analyzers, export_chrome_json)
{
	char json[300];
	size_t n;

	snprintf(json, sizeof json, "%s/trace.json", dir);
	cr_assert_eq(ntscope("export", "--format", "chrome-json", "-o", json, a_path, NULL), 0, "%s", err);
	n = slurp(json, out, sizeof out);
	cr_assert_eq(json_query(out, "SELECT json_valid(?1)"), 1, "%s", out);
	cr_expect_eq(json_query(out, "SELECT count(*) FROM json_each(?1, '$.traceEvents')"
	                             " WHERE json_extract(value, '$.ph') = 's'"), 7,
	             "2 APC links (the init APCs) and 5 LPC messages received");
	cr_expect_eq(json_query(out, unbound_sql), 0, "every flow binds to a slice");
	cr_expect_eq(json_query(out, unnamed_sql), 0, "every event is on a named thread");
	cr_expect_eq(json_query(out, "SELECT count(*) FROM json_each(?1, '$.traceEvents') WHERE"
	                             " json_extract(value, '$.name') = 'NtTest'"), 100);
	cr_expect(strstr(out, "\"name\":\"</script><b>&\\\"q'\\u0001\\u00ff.elf\""), "%s", out);
	cr_expect_null(memchr(out, '\x01', n));
	cr_expect_null(memchr(out, '\xff', n));
	cr_expect_eq(ntscope("export", "--format", "perfetto", a_path, NULL), 2);
}

/* The handshakes' data of a report (<script id="hs-data">) decoded as ?1: hs (i, child,
 * outcome, diagnosis, nsteps, first) a row per handshake, steps (k, hs, name, state, ts,
 * by_) a row per step shown, times summed back from their differences. */
#define HS_DECODED \
	"WITH str AS MATERIALIZED (SELECT key AS id, value AS v FROM json_each(?1, '$.strings'))," \
	" hc AS MATERIALIZED (SELECT e.key AS i, max(CASE p.key WHEN 2 THEN e.value END) AS c," \
	"  max(CASE p.key WHEN 4 THEN e.value END) AS o, max(CASE p.key WHEN 7 THEN e.value END) AS d," \
	"  max(CASE p.key WHEN 8 THEN e.value END) AS n" \
	"  FROM json_each(?1, '$.hs') p, json_each(p.value) e GROUP BY e.key)," \
	" hs AS MATERIALIZED (SELECT i, (SELECT v FROM str WHERE id = c) AS child," \
	"  (SELECT v FROM str WHERE id = o) AS outcome, (SELECT v FROM str WHERE id = d) AS diagnosis," \
	"  n AS nsteps, sum(n) OVER (ORDER BY i) - n AS first FROM hc)," \
	" sc AS MATERIALIZED (SELECT e.key AS k, max(CASE p.key WHEN 0 THEN e.value END) AS nm," \
	"  max(CASE p.key WHEN 1 THEN e.value END) AS st, max(CASE p.key WHEN 2 THEN e.value END) AS t," \
	"  max(CASE p.key WHEN 3 THEN e.value END) AS b" \
	"  FROM json_each(?1, '$.steps') p, json_each(p.value) e GROUP BY e.key)," \
	" steps AS MATERIALIZED (SELECT k, (SELECT i FROM hs WHERE first <= k AND k < first + nsteps) AS hs," \
	"  (SELECT v FROM str WHERE id = nm) AS name, (SELECT v FROM str WHERE id = st) AS state," \
	"  CASE WHEN t IS NOT NULL THEN sum(t) OVER (ORDER BY k) END AS ts," \
	"  (SELECT v FROM str WHERE id = b) AS by_ FROM sc) "

/* The JSON text of <script id=id> in the report in buf (cut out in place), or NULL. */
static char *script_json(char *buf, const char *id)
{
	char tag[64], *data, *end;

	snprintf(tag, sizeof tag, "id=\"%s\">", id);
	if (!(data = strstr(buf, tag)) || !(end = strstr(data, "</script>")))
		return NULL;
	*end = '\0';
	return data + strlen(tag);
}

Test(analyzers, report_html)
{
	char html[300], *hs;
	size_t n;

	snprintf(html, sizeof html, "%s/r.html", dir);
	cr_assert_eq(ntscope("report", "-o", html, a_path, NULL), 0, "%s", err);
	n = slurp(html, out, sizeof out);
	cr_expect_eq(count_of(out, "<script"), 3, "the two data blocks and the script, nothing a guest name opened");
	cr_expect_eq(count_of(out, "</script>"), 3);
	cr_expect_eq(count_of(out, "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\\"q'\\u0001\\u00ff.elf\""), 2,
	             "in the timeline's data and the handshakes'");
	cr_expect_null(memchr(out, '\xff', n));
	cr_expect(strstr(out, "<noscript><p class=diag>The handshakes are drawn by the page's script: without"
	                      " JavaScript, <code>ntscope timeline</code>"), "what to do without a script");
	hs = script_json(out, "hs-data");
	cr_assert(hs);
	cr_assert_eq(json_query(hs, "SELECT json_valid(?1)"), 1, "%s", hs);
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM hs"), 4);
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM hs WHERE outcome NOT IN ('ok', 'running')"), 3,
	             "not found twice, init_failed once");
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM hs WHERE i = 2 AND outcome = 'init_failed'"), 1);
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM steps WHERE hs = 2 AND name = 'csr_request'"
	                        " AND state = 'missing' AND ts IS NULL AND by_ IS NULL"), 1);
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM hs WHERE i = 2 AND diagnosis LIKE"
	                        " 'csrss was never told about the new process (no BasepCreateProcess request:"
	                        " it was created with raw NtCreateProcessEx%'"), 1, "seed 000's story, as the timeline tells it");
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM hs WHERE i = 0 AND diagnosis IS NULL"), 1,
	             "no diagnosis when every step happened");
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM steps a JOIN steps b ON b.k = (SELECT max(k)"
	                        " FROM steps WHERE hs = a.hs AND k < a.k AND ts IS NOT NULL) WHERE a.hs = 0"
	                        " AND a.name = 'create_thread' AND a.state = 'done' AND a.ts = 10300"
	                        " AND a.ts - b.ts = 200 AND a.by_ = '20.24 init.elf'"), 1, "%s", hs);
}

/* The report's timeline data is by column, times as differences from the row before and
 * ends as lengths: summed back, they are the trace's system calls, in lane order. */
Test(analyzers, report_data_decodes_to_the_trace)
{
	static const char decoded_sql[] =
		"WITH j AS (SELECT key AS k, sum(value) OVER (ORDER BY key) AS ts"
		"           FROM json_each(?1, '$.syscalls[1]')),"
		" e AS (SELECT key AS k, value AS len FROM json_each(?1, '$.syscalls[2]')),"
		" s AS (SELECT row_number() OVER (ORDER BY s.utid, s.ts_enter) - 1 AS k, s.ts_enter, s.ts_exit"
		"       FROM t.syscall s JOIN t.thread USING (utid))"
		" SELECT count(*) FROM s JOIN j USING (k) JOIN e USING (k)"
		" WHERE j.ts = s.ts_enter AND j.ts + e.len IS s.ts_exit";
	char html[300], sql[1024], *data, *end;
	long long want;

	snprintf(html, sizeof html, "%s/r.html", dir);
	cr_assert_eq(ntscope("report", "-o", html, a_path, NULL), 0, "%s", err);
	slurp(html, out, sizeof out);
	data = strstr(out, "id=\"ntscope-data\">");
	cr_assert(data);
	data = strchr(data, '>') + 1;
	end = strstr(data, "</script>");
	cr_assert(end);
	*end = '\0';
	cr_assert_eq(json_query(data, "SELECT json_valid(?1)"), 1, "%s", data);
	snprintf(sql, sizeof sql, "ATTACH '%s' AS t", a_path);
	want = sqlite_count(a_path, "SELECT count(*) FROM syscall JOIN thread USING (utid)");
	cr_assert_gt(want, 0);
	cr_expect_eq(json_query_attached(data, sql, decoded_sql), want);
}

Test(analyzers, report_filters_and_errors)
{
	char html[300], *hs;

	snprintf(html, sizeof html, "%s/r.html", dir);
	cr_assert_eq(ntscope("report", "--image", "hello.elf", "-o", html, a_path, NULL), 0, "%s", err);
	slurp(html, out, sizeof out);
	cr_expect(strstr(out, "\"threads\":[[10],[10],[102],"), "only hello.elf's lane (the data is by column)");
	cr_expect_eq(count_of(out, "\"threads\":[[10],[10],[102],[10350],[null],[-1]]"), 1, "%s",
	             strstr(out, "\"threads\""));
	cr_assert(hs = script_json(out, "hs-data"));
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM hs"), 1);
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM hs WHERE child = 'hello.elf'"), 1);
	cr_expect_eq(ntscope("report", "--pid", "x", a_path, NULL), 2);
	cr_expect_eq(ntscope("report", "-o", "/nonexistent/dir/r.html", a_path, NULL), 1);
	cr_expect(strstr(err, "cannot write /nonexistent/dir/r.html"), "%s", err);
	cr_expect_eq(ntscope("report", "-o", html, "/nonexistent.db", NULL), 1);
}

/* A stress-sized trace: n NT5 handshakes of one parent, children alternating images. */
static void write_many(const char *p, int n)
{
	sqlite3 *db = hsdb_open(p);
	int i;

	hsdb_exec(db, "BEGIN");
	for (i = 0; i < n; i++) {
		struct hs_spec s = { 10000 + 10000 * (int64_t)i, HS_INIT_UTID, 100 + i, 1000 + 4 * i,
		                     100 + i, 5000 + 4 * i, i % 2 ? "b.elf" : "a.elf", 0, 0, 1 + i };
		hsdb_handshake(db, &s);
	}
	hsdb_exec(db, "COMMIT");
	sqlite3_close(db);
}

Test(analyzers, hundreds_of_handshakes, .timeout = 120)
{
	char many[300], html[300], line[256], *hs;

	snprintf(many, sizeof many, "%s/many.db", dir);
	snprintf(html, sizeof html, "%s/many.html", dir);
	write_many(many, 600);
	cr_assert_eq(ntscope("stats", "--format", "json", many, NULL), 0, "%s", err);
	cr_expect(strstr(out, "{\"phase\": \"csr_request->csr_reply\", \"count\": 600, \"p50\": 100,"));
	cr_assert_eq(ntscope("report", "-o", html, many, NULL), 0, "%s", err);
	slurp(html, out, sizeof out);
	cr_assert(hs = script_json(out, "hs-data"));
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM hs WHERE outcome = 'ok' AND nsteps > 0"), 600);
	cr_expect_eq(json_query(hs, HS_DECODED "SELECT count(*) FROM steps WHERE hs IS NOT NULL AND"
	                        " (state = 'done') = (ts IS NOT NULL AND by_ IS NOT NULL)"),
	             json_query(hs, "SELECT json_array_length(?1, '$.steps[0]')"),
	             "every step belongs to one, with a time and a thread when done");
	cr_assert_eq(ntscope("diff", many, many, NULL), 0, "%s", err);
	cr_expect_eq(count_of(out, " moved "), 0);
	cr_expect(strstr(line_of(out, "init.elf -> b.elf #300:", line, sizeof line), "ok -> ok"), "%s", line);
}
