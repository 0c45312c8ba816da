/*
 * test-timeline.c — `ntscope timeline` on a synthetic trace holding one handshake of
 * each kind: its text and JSON, the --pid/--image filters, guest strings that need
 * escaping, and the errors (exit 1 for a bad trace, 2 for bad usage).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schema/schema.h"
#include "tests/unit/hsdb.h"
#include "tests/unit/runcmd.h"

static char dir[] = "/tmp/ntscope-test-timeline-XXXXXX";
static char path[300], out[65536], err[4096];

/* pid 100 normal, 104 not created (nosuch.elf), 108 seed 000, 112 crashed, 116 ReactOS
 * order: all by init.elf (pid 20); 120 still running, by other.elf (pid 40). */
static void write_trace(const char *p)
{
	static const struct hs_spec specs[] = {
		{ 10000, HS_INIT_UTID, 10, 100, 10, 102, "hello.elf", 0, 0, 1 },
		{ 40000, HS_INIT_UTID, 11, 104, 11, 106, "nosuch.elf", HS_NOT_FOUND, 0, 2 },
		{ 50000, HS_INIT_UTID, 12, 108, 12, 110, "raw.elf", HS_RAW, 0xC0000142, 3 },
		{ 60000, HS_INIT_UTID, 13, 112, 13, 114, "fault.elf", 0, 0xC0000005, 4 },
		{ 70000, HS_INIT_UTID, 14, 116, 14, 118, "ros.elf", HS_REACTOS, 0, 5 },
		{ 80000, HS_OTHER_UTID, 15, 120, 15, 122, "server.elf", HS_RUNNING, 0, 6 },
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
	snprintf(path, sizeof path, "%s/trace.db", dir);
	write_trace(path);
}

static void teardown(void)
{
	remove_tree(dir);
}

TestSuite(timeline, .init = setup, .fini = teardown);

/* ntscope ARG..., NULL: its exit status; what it printed in out and err. */
#define ntscope(...) run_ntscope(dir, out, sizeof out, err, sizeof err, __VA_ARGS__)

/* How many handshakes the text output holds: lines that start "CreateProcess N:". */
static int handshakes(const char *text)
{
	return (strncmp(text, "CreateProcess ", 14) == 0) + count_of(text, "\nCreateProcess ");
}

static const char normal_text[] =
	"CreateProcess 1: init.elf (pid 20) -> hello.elf (pid 100): ok\n"
	"  via CreateProcessInternalW \"hello.elf\"; csrss told in NT5 order\n"
	"  step                           ts        gap  by\n"
	"  create_process              10100          -  20.24 init.elf\n"
	"  create_thread               10300       +200  20.24 init.elf\n"
	"  csr_request                 10500       +200  20.24 init.elf  BasepCreateProcess, MessageId 1\n"
	"  csr_receive                 10550        +50  12.16 csrss.elf\n"
	"  csr_create_process          10560        +10  12.16 csrss.elf  CsrCreateProcess\n"
	"  csr_reply                   10600        +40  12.16 csrss.elf  ReturnValue STATUS_SUCCESS (0x00000000)\n"
	"  resume                      10700       +100  20.24 init.elf\n"
	"  first_run                   10720        +20  100.102 hello.elf\n"
	"  init_apc                    10800        +80  100.102 hello.elf\n"
	"  csr_connect                 10900       +100  100.102 hello.elf  \\Windows\\ApiPort\n"
	"  connect_lookup              10960        +60  12.16 csrss.elf  CsrLocateThreadByClientId: found\n"
	"  connect_accepted            11000        +40  12.16 csrss.elf\n"
	"  exit                        15000      +4000  100 hello.elf  status STATUS_SUCCESS (0x00000000)\n"
	"\n";

static const char seed000_text[] =
	"CreateProcess 1: init.elf (pid 20) -> raw.elf (pid 108): init_failed\n"
	"  via NtCreateProcessEx (raw, not through CreateProcess)\n"
	"  step                           ts        gap  by\n"
	"  create_process              50100          -  20.24 init.elf\n"
	"  create_thread               50300       +200  20.24 init.elf\n"
	"  csr_request               missing\n"
	"  csr_receive               missing\n"
	"  csr_reply                 missing\n"
	"  resume                      50700       +400  20.24 init.elf\n"
	"  first_run                   50720        +20  108.110 raw.elf\n"
	"  init_apc                    50800        +80  108.110 raw.elf\n"
	"  csr_connect                 50900       +100  108.110 raw.elf  \\Windows\\ApiPort\n"
	"  connect_lookup              50960        +60  12.16 csrss.elf  CsrLocateThreadByClientId: not found (NULL)\n"
	"  connect_accepted          missing\n"
	"  connect_refused             51000        +40  12.16 csrss.elf\n"
	"  hard_error                  51200       +200  108.110 raw.elf  LPC_ERROR_EVENT\n"
	"  exit                        55000      +3800  108 raw.elf  status STATUS_DLL_INIT_FAILED (0xC0000142)\n"
	"  missing: csr_request,csr_receive,csr_reply,connect_accepted\n"
	"  diagnosis: csrss was never told about the new process (no BasepCreateProcess request: it "
	"was created with raw NtCreateProcessEx, not CreateProcess), so when the child's kernel32 "
	"connected to \\Windows\\ApiPort csrss did not find its thread (CsrLocateThreadByClientId "
	"returned NULL) and refused the connection, and initialization failed "
	"(STATUS_DLL_INIT_FAILED, 0xC0000142). The child reported it to csrss as a hard error "
	"(LPC_ERROR_EVENT): the \"process initialization failed\" message.\n"
	"\n";

Test(timeline, normal_handshake_as_text)
{
	cr_assert_eq(ntscope("timeline", "--pid", "100", path, NULL), 0, "%s", err);
	cr_expect_str_eq(out, normal_text);
	cr_expect_str_eq(err, "");
}

Test(timeline, seed_000_as_text)
{
	cr_assert_eq(ntscope("timeline", "--image", "raw.elf", path, NULL), 0, "%s", err);
	cr_expect_str_eq(out, seed000_text);
}

Test(timeline, every_kind_in_order)
{
	cr_assert_eq(ntscope("timeline", path, NULL), 0, "%s", err);
	cr_expect_eq(handshakes(out), 6, "%s", out);
	cr_expect(strstr(out, "CreateProcess 2: init.elf (pid 20) -> nosuch.elf (not created): image_not_found\n"));
	cr_expect(strstr(out, "diagnosis: The image \"nosuch.elf\" was not found: NtOpenFile failed with "
	                      "STATUS_OBJECT_NAME_NOT_FOUND (0xC0000034)"), "%s", out);
	cr_expect(strstr(out, "CreateProcess 4: init.elf (pid 20) -> fault.elf (pid 112): crashed\n"));
	cr_expect(strstr(out, "diagnosis: The child exited with STATUS_ACCESS_VIOLATION (0xC0000005) "
	                      "after it had initialized and connected to csrss.\n"));
	cr_expect(strstr(out, "CreateProcess 5: init.elf (pid 20) -> ros.elf (pid 116): ok\n"
	                      "  via CreateProcessInternalW \"ros.elf\"; csrss told in ReactOS order "
	                      "(before the thread existed)\n"));
	cr_expect(strstr(out, "  csr_reply                   70280        +20  12.16 csrss.elf  "
	                      "ReturnValue STATUS_SUCCESS (0x00000000)\n"
	                      "  create_thread               70300        +20  20.24 init.elf\n"));
	cr_expect(strstr(out, "CreateProcess 6: other.elf (pid 40) -> server.elf (pid 120): running\n"));
	cr_expect(strstr(out, "  exit                      pending\n"));
	cr_expect_eq(count_of(out, "missing: "), 2, "only not-found and seed 000 miss steps");
}

Test(timeline, diagnoses_other_failures)
{
	sqlite3 *db;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	hsdb_exec(db, "DELETE FROM syscall_handle WHERE utid = 10");
	hsdb_ucall(db, 3, 90000, 90100, "CreateProcessInternalW", NULL, "denied.elf", NULL);
	hsdb_syscall(db, 3, 90010, 90020, "NtOpenFile", 0, "int2e");
	hsdb_syscall(db, 3, 90030, 90040, "NtCreateProcessEx", 0xC0000022, "int2e");
	sqlite3_close(db);
	cr_assert_eq(ntscope("timeline", "--pid", "100", path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "  missing: resume,first_run\n  diagnosis: Missing: the child's thread was "
	                      "never resumed (no NtResumeThread on it); the child's thread never ran.\n"),
	          "%s", out);
	cr_assert_eq(ntscope("timeline", "--image", "denied.elf", path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "-> denied.elf (not created): create_failed\n"), "%s", out);
	cr_expect(strstr(out, "  create_process              90030          -  20.24 init.elf\n"
	                      "  create_thread             missing\n"), "%s", out);
	cr_expect(strstr(out, "  diagnosis: CreateProcess made no process: NtCreateProcessEx failed with "
	                      "STATUS_ACCESS_DENIED (0xC0000022); csrss was never involved.\n"), "%s", out);
}

static const char native_text[] =
	"CreateProcess 1: init.elf (pid 20) -> native.elf (pid 124): ok\n"
	"  via NtCreateProcessEx (raw, not through CreateProcess); native image, csrss not involved\n"
	"  step                           ts        gap  by\n"
	"  create_process              90100          -  20.24 init.elf\n"
	"  create_thread               90300       +200  20.24 init.elf\n"
	"  resume                      90700       +400  20.24 init.elf\n"
	"  first_run                   90720        +20  124.126 native.elf\n"
	"  init_apc                    90800        +80  124.126 native.elf\n"
	"  exit                        95000      +4200  124 native.elf  status STATUS_SUCCESS (0x00000000)\n"
	"  diagnosis: Native image started without the Win32 subsystem (csrss not involved: no "
	"CreateProcess, no connection to \\Windows\\ApiPort), as smss starts csrss itself.\n"
	"\n";

Test(timeline, native_creation_and_a_refused_native_image)
{
	static const struct hs_spec native = { 90000, HS_INIT_UTID, 16, 124, 16, 126, "native.elf",
	                                       HS_NATIVE, 0, 7 };
	static const struct hs_spec refused = { 96000, HS_INIT_UTID, 17, 128, 17, 130, "child.elf",
	                                        HS_NOT_WIN32, 0, 8 };
	sqlite3 *db;
	char b[256];

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	hsdb_handshake(db, &native);
	hsdb_handshake(db, &refused);
	cr_assert_eq(ntscope("timeline", "--image", "native.elf", path, NULL), 0, "%s", err);
	cr_expect_str_eq(out, native_text);
	cr_assert_eq(ntscope("timeline", "--image", "child.elf", path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "CreateProcess 1: init.elf (pid 20) -> child.elf (not created): not_win32\n"
	                      "  via CreateProcessInternalW \"child.elf\"\n"), "%s", out);
	cr_expect(strstr(out, "  diagnosis: The image \"child.elf\" is not a Win32 image (NtQuerySection: "
	                      "its subsystem is native; it imports nothing from kernel32.dll), so "
	                      "CreateProcess refused it after creating its section and before "
	                      "NtCreateProcessEx (ERROR_CHILD_NOT_COMPLETE, as NT does)"), "%s", out);
	cr_assert_eq(ntscope("timeline", "--format", "json", "--image", "native.elf", path, NULL), 0,
	             "%s", err);
	cr_expect_str_eq(hsdb_text(db, b, sizeof b, "SELECT json_extract(%Q, '$[0].subsystem') || ' ' ||"
	                 " json_extract(%Q, '$[0].order') || ' ' ||"
	                 " json_array_length(json_extract(%Q, '$[0].missing_steps'))", out, out, out),
	                 "native native 0");
	sqlite3_close(db);
}

Test(timeline, diagnoses_a_handshake_cut_short)
{
	sqlite3 *db;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	hsdb_exec(db, "DELETE FROM port_connect WHERE client_pid = 120;"
	          "UPDATE meta SET value = 'max_instructions' WHERE key = 'status'");
	sqlite3_close(db);
	cr_assert_eq(ntscope("timeline", "--pid", "120", path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "  connect_accepted          pending\n  exit                      pending\n"
	                      "  diagnosis: The child was still running when the trace ended; not seen "
	                      "yet: connect_accepted.\n"), "%s", out);
}

/* Load the JSON output into SQLite's JSON functions: the value of path in it. */
static const char *json_at(sqlite3 *db, char *buf, size_t len, const char *jpath)
{
	return hsdb_text(db, buf, len, "SELECT json_extract(%Q, %Q)", out, jpath);
}

Test(timeline, json_has_the_same_content)
{
	sqlite3 *db;
	char b[2048], why[1024];

	cr_assert_eq(ntscope("timeline", "--format", "json", path, NULL), 0, "%s", err);
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(hsdb_int(db, "SELECT json_valid(%Q)", out), 1, "%s", out);
	cr_expect_eq(hsdb_int(db, "SELECT json_array_length(%Q)", out), 6);
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[0].steps[5].step"), "csr_reply");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[0].steps[5].ts"), "10600");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[0].steps[5].gap"), "40");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[0].steps[5].image"), "csrss.elf");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[0].child.pid"), "100");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[0].outcome"), "ok");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[1].outcome"), "image_not_found");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[1].child"), "(null)");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[2].outcome"), "init_failed");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[2].missing_steps"),
	                 "[\"csr_request\",\"csr_receive\",\"csr_reply\",\"connect_accepted\"]");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[2].steps[2].state"), "missing");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[2].exit_status"), "3221225794");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[2].steps[8].detail"), "\\Windows\\ApiPort");
	snprintf(why, sizeof why, "%s", strstr(seed000_text, "diagnosis: ") + strlen("diagnosis: "));
	*strchr(why, '\n') = '\0';
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[2].diagnosis"), why);
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[4].order"), "reactos");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[4].steps[4].step"), "create_thread");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[5].pending_steps"), "[]");
	cr_expect_str_eq(json_at(db, b, sizeof b, "$[5].steps[12].state"), "pending");
	sqlite3_close(db);
}

Test(timeline, guest_strings_are_escaped)
{
	sqlite3 *db, *mem;
	char b[256], want[256];
	char *nl;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	/* a"b\c, newline, 0x01, an invalid byte 0xFF, then a valid UTF-8 e-acute */
	hsdb_exec(db, "UPDATE process SET name = CAST(X'6122625C630A01FF20C3A9' AS TEXT) WHERE pid = 100");
	sqlite3_close(db);
	cr_assert_eq(ntscope("timeline", "--format", "json", "--pid", "100", path, NULL), 0, "%s", err);
	cr_assert_eq(sqlite3_open(":memory:", &mem), SQLITE_OK);
	cr_assert_eq(hsdb_int(mem, "SELECT json_valid(%Q)", out), 1, "%s", out);
	hsdb_text(mem, want, sizeof want, "SELECT CAST(X'6122625C630A01C3BF20C3A9' AS TEXT)");
	cr_expect_str_eq(json_at(mem, b, sizeof b, "$[0].child.image"), want);
	cr_expect(strstr(out, "\"a\\\"b\\\\c\\n\\u0001\\u00ff \xC3\xA9\""), "%s", out);
	sqlite3_close(mem);

	cr_assert_eq(ntscope("timeline", "--pid", "100", path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "-> a\"b\\c\\x0A\\x01\\xFF \xC3\xA9 (pid 100): ok\n"), "%s", out);
	nl = strstr(out, "first_run");
	cr_expect(nl && strstr(nl, "100.102 a\"b\\c\\x0A\\x01\\xFF \xC3\xA9\n"), "%s", out);
}

Test(timeline, filters)
{
	cr_assert_eq(ntscope("timeline", "--pid", "20", path, NULL), 0, "%s", err);
	cr_expect_eq(handshakes(out), 5, "parent pid 20: %s", out);
	cr_assert_eq(ntscope("timeline", "-p", "40", path, NULL), 0, "%s", err);
	cr_expect_eq(handshakes(out), 1, "%s", out);
	cr_expect(strstr(out, "-> server.elf (pid 120)"));
	cr_assert_eq(ntscope("timeline", "--pid", "0x70", path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "CreateProcess 1: init.elf (pid 20) -> fault.elf (pid 112)"), "%s", out);
	cr_assert_eq(ntscope("timeline", "--image", "NOSUCH.ELF", path, NULL), 0, "%s", err);
	cr_expect_eq(handshakes(out), 1, "%s", out);
	cr_expect(strstr(out, "image_not_found"));
	cr_assert_eq(ntscope("timeline", "-i", "hello.elf", "--pid", "40", path, NULL), 0, "%s", err);
	cr_expect(strstr(out, "no CreateProcess matches in "), "%s", out);
}

Test(timeline, no_match)
{
	char want[400];

	cr_assert_eq(ntscope("timeline", "--pid", "999", path, NULL), 0, "%s", err);
	snprintf(want, sizeof want, "no CreateProcess matches in %s\n", path);
	cr_expect_str_eq(out, want);
	cr_assert_eq(ntscope("timeline", "--pid", "999", "--format", "json", path, NULL), 0, "%s", err);
	cr_expect_str_eq(out, "[\n]\n");
}

Test(timeline, warns_when_the_trace_was_cut_short)
{
	sqlite3 *db;
	char want[600];

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	hsdb_exec(db, "UPDATE meta SET value = 'max_instructions' WHERE key = 'status'");
	sqlite3_close(db);
	cr_assert_eq(ntscope("timeline", "--pid", "100", path, NULL), 0, "%s", err);
	snprintf(want, sizeof want, "ntscope timeline: warning: %s is incomplete (status "
	         "'max_instructions'): steps after its end are shown as pending\n", path);
	cr_expect_str_eq(err, want);
	cr_expect_str_eq(out, normal_text, "still reports");
}

/* Run ntscope with args; expect exit status want and one stderr line matching what. */
static void expect_error(int want, const char *what, const char *a, const char *b, const char *c)
{
	int got = ntscope(a, b, c, NULL);

	cr_expect_eq(got, want, "%s %s %s: exit %d, want %d (%s)", a, b, c ? c : "", got, want, err);
	cr_expect_eq(count_of(err, "\n"), 1, "one line: %s", err);
	cr_expect(strstr(err, what), "'%s' in: %s", what, err);
	cr_expect_str_eq(out, "");
}

Test(timeline, errors)
{
	char notdb[400], old[400];
	FILE *fp;
	sqlite3 *db;

	char want[128];

	snprintf(notdb, sizeof notdb, "%s/notes.txt", dir);
	fp = fopen(notdb, "w");
	fputs("this is not a database, it is a text file long enough to look like one\n", fp);
	fclose(fp);
	snprintf(old, sizeof old, "%s/old.db", dir);
	cr_assert_eq(sqlite3_open(old, &db), SQLITE_OK);
	hsdb_exec(db, "CREATE TABLE meta(key, value); PRAGMA user_version = 1");
	sqlite3_close(db);

	expect_error(1, "ntscope: no trace file /nonexistent.db", "timeline", "/nonexistent.db", NULL);
	expect_error(1, "is not a trace database", "timeline", notdb, NULL);
	snprintf(want, sizeof want, "has trace schema version 1; this ntscope reads version %d", NTS_SCHEMA_VERSION);
	expect_error(1, want, "timeline", old, NULL);
	expect_error(2, "ntscope timeline: no trace file given (see 'ntscope help timeline')",
	             "timeline", NULL, NULL);
	expect_error(2, "ntscope timeline: --format is 'text' or 'json', not 'xml'", "timeline",
	             "--format=xml", path);
	expect_error(2, "ntscope timeline: --pid wants a process id, not 'abc'", "timeline",
	             "--pid=abc", path);
	expect_error(2, "ntscope timeline: unknown option '--frob'", "timeline", "--frob", path);
	expect_error(2, "ntscope timeline: option '--pid' needs a value", "timeline", "--pid", NULL);
	expect_error(2, "ntscope timeline: unexpected argument 'extra'", "timeline", path, "extra");
}

Test(timeline, help)
{
	cr_assert_eq(ntscope("help", "timeline", NULL), 0);
	cr_expect(strstr(out, "usage: ntscope timeline [OPTIONS] FILE\n"), "%s", out);
	cr_expect(strstr(out, "--image NAME"));
	cr_assert_eq(ntscope("help", NULL), 0);
	cr_expect(strstr(out, "  timeline   show each CreateProcess"), "%s", out);
	cr_assert_eq(ntscope("timeline", "--help", NULL), 0);
	cr_expect(strstr(out, "usage: ntscope timeline"));
}
