/*
 * test-syscall.c — the tracer driven through nts_tracer_api with a fake CPU: syscall
 * entry/exit pairing (int 0x2e, sysenter, a thread blocking while others run, traps
 * from user mode), threads and processes, traps, run status, meta, open() errors.
 * Guest objects are laid out with the compiler's offsets from the fixture kernel.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugin/core/elf.h"
#include "plugin/core/session.h"
#include "schema/schema.h"
#include "tests/unit/fake.h"

#define KCS 0x08
#define UCS 0x1B
#define OBJ 0x80200000u                /* kernel objects (in the kernel's 4 MB page) */
#define THREAD_A (OBJ + 0x0000)
#define THREAD_B (OBJ + 0x0400)
#define THREAD_C (OBJ + 0x0800)
#define PROCESS_1 (OBJ + 0x1000)
#define PROCESS_2 (OBJ + 0x1400)
#define USTACK 0x0012F000u
#define UCODE 0x00401000u
#define NT_CLOSE 0
#define NT_TEST_ALERT 2
#define NT_WRITE_FILE 3

static struct fake f;
static struct fixture_layout L;
static const struct nts_tracer_api *api;
static const struct nts_hot *hot;
static uint32_t ki_pcr, system_service, bugcheck;
static char dir[] = "/tmp/ntscope-test-api-XXXXXX";
static char dbpath[256], err[1024];
static sqlite3 *db;

static uint32_t symbol(const char *name)
{
	struct nts_image img;
	uint32_t at = 0;
	cr_assert_eq(nts_image_load(&img, "kernel", FIXTURE("kernel.elf"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(nts_image_symbol(&img, name, &at), 0, "fixture has no %s", name);
	nts_image_free(&img);
	return at;
}

static void make_process(uint32_t ep, uint32_t pid, const char *name)
{
	char buf[16] = { 0 };
	strncpy(buf, name, sizeof buf);
	fake_poke32(&f, ep + L.process_id, pid);
	fake_poke(&f, ep + L.image_name, buf, L.image_name_size);
}

static void make_thread(uint32_t et, uint32_t tid, uint32_t ep, uint32_t pid)
{
	fake_poke32(&f, et + L.cid_process, pid);
	fake_poke32(&f, et + L.cid_thread, tid);
	fake_poke32(&f, et + L.threads_process, ep);
}

static void run_as(uint32_t et)
{
	fake_poke32(&f, ki_pcr + L.current_thread, et);
}

/* The guest world: kernel 4 MB page, a user code page and stack, two processes. */
static void world(void)
{
	fake_init(&f);
	fixture_layout(FIXTURE("kernel.elf"), &L);
	ki_pcr = symbol("KiPcr");
	system_service = symbol("KiSystemService");
	bugcheck = symbol("KeBugCheckEx");
	fake_map_large(&f, 0x80000000u, 0x00400000u);
	fake_map(&f, UCODE, 0x00800000u);
	fake_map(&f, USTACK, 0x00900000u);
	make_process(PROCESS_1, 0x10, "smss.exe");
	make_process(PROCESS_2, 0x18, "csrss.exe");
	make_thread(THREAD_A, 0x14, PROCESS_1, 0x10);
	make_thread(THREAD_B, 0x1C, PROCESS_2, 0x18);
	make_thread(THREAD_C, 0x20, PROCESS_1, 0x10);
	run_as(THREAD_A);
	f.regs[NTS_CS] = UCS;
	f.icount = 1000;
}

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/trace.db", dir);
	setenv("NTSCOPE_KERNEL", FIXTURE("kernel.elf"), 1);
	setenv("NTSCOPE_DB", dbpath, 1);
	setenv("NTSCOPE_IMAGES", FIXTURE("ntdll.elf"), 1);
	setenv("NTSCOPE_WORKLOAD", "unit", 1);
	unsetenv("NTSCOPE_MAX_INSTRUCTIONS");
	unsetenv("NTSCOPE_PROGRESS_FD");
	world();
	api = nts_tracer_api();
	cr_assert_eq(api->abi, NTS_ABI_VERSION);
}

static void teardown(void)
{
	char cmd[300];
	if (db)
		sqlite3_close(db);
	fake_free(&f);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
}

TestSuite(api, .init = setup, .fini = teardown);

static void start(void)
{
	cr_assert_eq(api->open(&f.cpu, &hot), 0, "open failed (see stderr)");
}

/* Close the trace and open it for the checks. */
static void finish(void)
{
	api->close();
	cr_assert_eq(nts_db_open_readonly(dbpath, &db, err, sizeof err), 0, "%s", err);
}

static int64_t one(const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no row: %s", sql);
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static const char *text(const char *sql)
{
	static char out[512];
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no row: %s", sql);
	snprintf(out, sizeof out, "%s", sqlite3_column_type(st, 0) == SQLITE_NULL ? "(null)"
	         : (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* User code at UCODE issues `int 0x2e` with EAX = number, EDX -> args. */
static void int2e(uint32_t number, const uint32_t *args, int n)
{
	uint32_t sp = USTACK + 0x100;
	for (int i = 0; i < n; i++)
		fake_poke32(&f, sp + 4 * i, args[i]);
	f.regs[NTS_EAX] = number;
	f.regs[NTS_EDX] = sp;
	f.regs[NTS_CS] = KCS;
	api->far_branch(NTS_BR_INT, UCS, UCODE, KCS, system_service);
}

/* ntdll's KiFastSystemCall: EDX = ESP, [ESP] and [ESP+4] return addresses. */
static void sysenter(uint32_t number, const uint32_t *args, int n)
{
	uint32_t sp = USTACK + 0x200;
	fake_poke32(&f, sp, 0x7C900020);
	fake_poke32(&f, sp + 4, UCODE + 5);
	for (int i = 0; i < n; i++)
		fake_poke32(&f, sp + 8 + 4 * i, args[i]);
	f.regs[NTS_EAX] = number;
	f.regs[NTS_EDX] = sp;
	f.regs[NTS_CS] = KCS;
	api->far_branch(NTS_BR_SYSENTER, UCS, 0x7C900010, KCS, symbol("KiFastCallEntry"));
}

static void back_to_user(enum nts_branch how, uint32_t status)
{
	f.regs[NTS_EAX] = status;
	f.regs[NTS_CS] = UCS;
	api->far_branch(how, KCS, 0x80101000, UCS, UCODE + 2);
}

Test(api, publishes_hot_range_on_bugcheck)
{
	start();
	cr_assert_eq(hot->lo, bugcheck);
	cr_assert_eq(hot->span, 1);
	api->close();
	cr_assert_eq(hot->span, 0, "nothing is hot after close");
}

Test(api, int2e_call_is_named_decoded_and_paired)
{
	start();
	f.icount = 5000;
	int2e(NT_CLOSE, (uint32_t[]){ 0x1234 }, 1);
	f.icount = 5100;
	back_to_user(NTS_BR_IRET, 0);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM syscall"), 1);
	cr_assert_str_eq(text("SELECT name || ' ' || via || ' ' || args FROM syscall"), "NtClose int2e 0x1234");
	cr_assert_eq(one("SELECT ts_enter FROM syscall"), 5000);
	cr_assert_eq(one("SELECT ts_exit FROM syscall"), 5100);
	cr_assert_eq(one("SELECT status FROM syscall"), 0);
	cr_assert_eq(one("SELECT nargs FROM syscall"), 1);
	cr_assert_eq(one("SELECT value FROM syscall_arg WHERE idx = 0"), 0x1234);
	cr_assert_eq(one("SELECT eip FROM syscall"), UCODE);
	cr_assert_str_eq(text("SELECT process || ':' || pid || ':' || tid FROM syscall_named"), "smss.exe:16:20");
}

Test(api, sysenter_arguments_follow_the_return_addresses)
{
	uint32_t args[9] = { 0x40, 0, 0, 0, 0x0012FF00, 0x00402000, 12, 0, 0 };
	start();
	sysenter(NT_WRITE_FILE, args, 9);
	f.icount += 300;
	back_to_user(NTS_BR_SYSEXIT, 0xC0000005);
	finish();
	cr_assert_str_eq(text("SELECT name || ' ' || via FROM syscall"), "NtWriteFile sysenter");
	cr_assert_eq(one("SELECT count(*) FROM syscall_arg"), 9);
	cr_assert_eq(one("SELECT value FROM syscall_arg WHERE idx = 0"), 0x40);
	cr_assert_eq(one("SELECT value FROM syscall_arg WHERE idx = 5"), 0x00402000);
	cr_assert_eq(one("SELECT value FROM syscall_arg WHERE idx = 6"), 12);
	cr_assert_eq(one("SELECT status FROM syscall"), 0xC0000005);
	cr_assert_str_eq(text("SELECT status_hex FROM syscall_named"), "0xC0000005");
	cr_assert_eq(one("SELECT duration FROM syscall_named"), 300);
}

Test(api, blocked_thread_keeps_its_call_while_others_run)
{
	start();
	f.icount = 2000;
	int2e(NT_WRITE_FILE, (uint32_t[9]){ 1 }, 9);           /* A blocks inside */
	run_as(THREAD_B);
	f.icount = 2100;
	back_to_user(NTS_BR_IRET, 0);                          /* B resumes in user mode */
	f.icount = 2200;
	sysenter(NT_CLOSE, (uint32_t[]){ 0x88 }, 1);           /* B calls and returns */
	f.icount = 2300;
	back_to_user(NTS_BR_SYSEXIT, 0xC0000008);
	run_as(THREAD_A);
	f.icount = 2400;
	back_to_user(NTS_BR_IRET, 0x103);                      /* A's call completes */
	finish();
	cr_assert_eq(one("SELECT count(*) FROM syscall"), 2);
	cr_assert_eq(one("SELECT ts_exit FROM syscall_named WHERE name = 'NtWriteFile' AND tid = 0x14"), 2400);
	cr_assert_eq(one("SELECT status FROM syscall WHERE name = 'NtWriteFile'"), 0x103);
	cr_assert_eq(one("SELECT ts_exit FROM syscall_named WHERE name = 'NtClose' AND tid = 0x1C"), 2300);
	cr_assert_eq(one("SELECT status FROM syscall WHERE name = 'NtClose'"), 0xC0000008);
	cr_assert_str_eq(text("SELECT process FROM syscall_named WHERE name = 'NtClose'"), "csrss.exe");
}

Test(api, kernel_interrupts_inside_a_call_do_not_end_it)
{
	start();
	f.icount = 3000;
	int2e(NT_TEST_ALERT, NULL, 0);
	f.icount = 3050;
	api->hwinterrupt(0x30, 0x80101002);                    /* clock, in kernel mode */
	api->far_branch(NTS_BR_IRET, KCS, 0x80101030, KCS, 0x80101002);
	f.icount = 3100;
	back_to_user(NTS_BR_IRET, 0);
	finish();
	cr_assert_eq(one("SELECT ts_exit FROM syscall"), 3100);
	cr_assert_str_eq(text("SELECT kind || ' ' || name || ' ' || mode FROM trap"), "interrupt clock kernel");
	cr_assert_eq(one("SELECT error_code IS NULL AND cr2 IS NULL FROM trap"), 1);
	cr_assert_str_eq(text("SELECT eip_symbol FROM trap"), "KiSystemService+0x2");
	cr_assert_eq(one("SELECT nargs FROM syscall"), 0);
	cr_assert_str_eq(text("SELECT args FROM syscall"), "");
}

Test(api, user_trap_is_an_outermost_entry_without_a_call)
{
	start();
	f.icount = 4000;
	f.regs[NTS_CS] = UCS;
	f.regs[NTS_EIP] = UCODE + 7;
	f.regs[NTS_CR2] = 0xDEAD0000;
	api->exception(14, 6);
	f.regs[NTS_CS] = KCS;
	f.icount = 4100;
	back_to_user(NTS_BR_IRET, 0x77);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM syscall"), 0);
	cr_assert_str_eq(text("SELECT kind || ' ' || name || ' ' || mode FROM trap"), "exception page_fault user");
	cr_assert_eq(one("SELECT error_code FROM trap"), 6);
	cr_assert_eq(one("SELECT cr2 FROM trap"), 0xDEAD0000);
	cr_assert_eq(one("SELECT eip FROM trap"), UCODE + 7);
	cr_assert_eq(one("SELECT ts FROM trap"), 4000);
	cr_assert_str_eq(text("SELECT process FROM trap_named"), "smss.exe");
}

Test(api, exit_that_was_missed_leaves_the_call_unfinished)
{
	start();
	int2e(NT_CLOSE, (uint32_t[]){ 1 }, 1);
	f.regs[NTS_CS] = UCS;                                  /* never saw the way out */
	api->hwinterrupt(0x31, UCODE);
	back_to_user(NTS_BR_IRET, 0);
	finish();
	cr_assert_eq(one("SELECT ts_exit IS NULL AND status IS NULL FROM syscall"), 1);
	cr_assert_str_eq(text("SELECT name || ' ' || mode FROM trap"), "keyboard user");
}

Test(api, unknown_service_and_unreadable_arguments)
{
	start();
	f.regs[NTS_EAX] = 0x1123;                              /* bit 12: shadow table */
	f.regs[NTS_EDX] = 0x00700000;
	api->far_branch(NTS_BR_INT, UCS, UCODE, KCS, system_service);
	back_to_user(NTS_BR_IRET, 0xC000001C);
	f.regs[NTS_EAX] = NT_CLOSE;
	f.regs[NTS_EDX] = 0x00700000;                          /* unmapped user pointer */
	api->far_branch(NTS_BR_INT, UCS, UCODE, KCS, system_service);
	back_to_user(NTS_BR_IRET, 0);
	finish();
	cr_assert_eq(one("SELECT number FROM syscall WHERE id = 1"), 0x123);
	cr_assert_eq(one("SELECT name IS NULL AND nargs IS NULL AND args IS NULL FROM syscall WHERE id = 1"), 1);
	cr_assert_eq(one("SELECT status FROM syscall WHERE id = 1"), 0xC000001C);
	cr_assert_str_eq(text("SELECT args FROM syscall WHERE id = 2"), "?");
	cr_assert_eq(one("SELECT value IS NULL FROM syscall_arg WHERE syscall_id = 2"), 1);
}

Test(api, other_software_interrupts_are_not_calls)
{
	start();
	f.regs[NTS_EAX] = NT_CLOSE;
	api->far_branch(NTS_BR_INT, UCS, UCODE, KCS, 0x80101040);
	back_to_user(NTS_BR_IRET, 0);
	api->far_branch(NTS_BR_INT, KCS, 0x80101000, KCS, system_service);   /* kernel-mode Zw call */
	finish();
	cr_assert_eq(one("SELECT count(*) FROM syscall"), 0);
}

Test(api, unknown_or_garbage_current_thread)
{
	start();
	run_as(0);
	api->hwinterrupt(0x30, 0x80101000);
	run_as(0x12345678);                                    /* unmapped */
	api->hwinterrupt(0x30, 0x80101000);
	run_as(0x803FFFFE);                                    /* Cid beyond the mapping */
	api->exception(13, 0x1234);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM trap WHERE utid IS NULL"), 3);
	cr_assert_eq(one("SELECT count(*) FROM thread"), 0);
	cr_assert_str_eq(text("SELECT name FROM trap WHERE vector = 13"), "general_protection");
	cr_assert_eq(one("SELECT error_code FROM trap WHERE vector = 13"), 0x1234);
}

Test(api, threads_and_processes_get_surrogate_keys)
{
	start();
	api->hwinterrupt(0x30, UCODE);
	api->hwinterrupt(0x30, UCODE);                         /* same thread: no new row */
	run_as(THREAD_C);
	api->hwinterrupt(0x30, UCODE);                         /* same process */
	make_thread(THREAD_A, 0x24, PROCESS_2, 0x18);          /* A's ETHREAD reused */
	make_process(PROCESS_1, 0x28, "");                     /* and process 1's, unnamed yet */
	make_thread(THREAD_C, 0x2C, PROCESS_1, 0x28);
	run_as(THREAD_A);
	api->hwinterrupt(0x30, UCODE);
	run_as(THREAD_C);
	api->hwinterrupt(0x30, UCODE);
	make_process(PROCESS_1, 0x28, "child.exe");
	make_thread(THREAD_B, 0x30, PROCESS_1, 0x28);
	run_as(THREAD_B);
	api->hwinterrupt(0x30, UCODE);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM thread"), 5);
	cr_assert_eq(one("SELECT count(*) FROM process"), 3);
	cr_assert_eq(one("SELECT count(DISTINCT utid) FROM trap"), 5);
	cr_assert_str_eq(text("SELECT group_concat(tid || '/' || pid || '/' || coalesce(process, '-'), ' ') "
	                      "FROM (SELECT * FROM thread_named ORDER BY utid)"),
	                 "20/16/smss.exe 32/16/smss.exe 36/24/csrss.exe 44/40/child.exe 48/40/child.exe");
	cr_assert_eq(one("SELECT ethread FROM thread WHERE tid = 0x24"), THREAD_A);
	cr_assert_eq(one("SELECT first_ts FROM thread WHERE tid = 0x14"), 1000);
}

Test(api, bugcheck_is_recorded_and_the_run_stopped_after_a_grace)
{
	uint32_t sp = USTACK + 0x400;
	start();
	fake_poke32(&f, sp, 0x80101234);
	fake_poke32(&f, sp + 4, 0x7A);
	fake_poke32(&f, sp + 8, 1);
	fake_poke32(&f, sp + 12, 0xC0000185);
	fake_poke32(&f, sp + 16, 0xDEADBEEF);
	fake_poke32(&f, sp + 20, 0);
	f.regs[NTS_ESP] = sp;
	api->exec(bugcheck + 1);                               /* no hook there */
	api->exec(bugcheck);
	cr_assert_eq(f.stops, 0);
	f.icount += NTS_BUGCHECK_GRACE;
	api->hwinterrupt(0x30, 0x80101000);
	api->hwinterrupt(0x30, 0x80101000);
	cr_assert_eq(f.stops, 1);
	for (int i = 0; i < 8; i++)
		api->outp(0x8900, 1, "Shutdown"[i]);
	finish();
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'status'"), "bugcheck");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'bugcheck_code'"), "0x0000007A");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'bugcheck_params'"),
	                 "0x00000001 0xC0000185 0xDEADBEEF 0x00000000");
}

static void out_string(uint16_t port, const char *text)
{
	for (; *text; text++)
		api->outp(port, 1, (unsigned char)*text);
}

Test(api, poweroff_through_the_shutdown_port)
{
	start();
	out_string(0x8900, "Shux");                            /* starts over */
	out_string(0x8900, "utdown");
	out_string(0x8901, "Shutdown");                        /* another port */
	api->outp(0x8900, 2, 'S' | 'h' << 8);                  /* a word is not a letter */
	out_string(0x8900, "utdown");
	api->close();
	cr_assert_eq(nts_db_open_readonly(dbpath, &db, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'status'"), "stopped");
}

Test(api, poweroff_letters_out_of_turn_are_ignored)
{
	start();
	out_string(0x8900, "SShutdoown");
	finish();
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'status'"), "poweroff");
}

Test(api, max_instructions_stops_once)
{
	setenv("NTSCOPE_MAX_INSTRUCTIONS", "1500", 1);
	start();
	f.icount = 1499;
	api->hwinterrupt(0x30, UCODE);
	cr_assert_eq(f.stops, 0);
	f.icount = 1500;
	api->cr3(FAKE_PD);
	api->hwinterrupt(0x30, UCODE);
	cr_assert_eq(f.stops, 1);
	finish();
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'status'"), "max_instructions");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'max_instructions'"), "1500");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'instructions'"), "1500");
}

Test(api, meta_while_running_and_after_close)
{
	sqlite3 *live;
	start();
	cr_assert_eq(nts_db_open_readonly(dbpath, &live, err, sizeof err), 0, "%s", err);
	db = live;
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'status'"), "running");
	sqlite3_close(live);
	db = NULL;
	f.icount = 777777;
	finish();
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'status'"), "stopped");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'instructions'"), "777777");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'emulator'"), "fake cpu");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'workload'"), "unit");
	cr_assert_eq(one("SELECT value FROM meta WHERE key = 'schema_version'"), NTS_SCHEMA_VERSION);
	cr_assert_eq(one("SELECT length(value) FROM meta WHERE key = 'kernel_build_id'"), 40);
	cr_assert_eq(one("SELECT value LIKE '%/kernel.elf' FROM meta WHERE key = 'kernel_path'"), 1);
	cr_assert_eq(one("SELECT value GLOB '[0-9][0-9][0-9][0-9]-*Z' FROM meta WHERE key = 'start_time'"), 1);
}

Test(api, images_symbols_and_services_are_recorded)
{
	start();
	finish();
	cr_assert_str_eq(text("SELECT group_concat(name || ':' || kind, ' ') FROM image"), "kernel.elf:kernel ntdll.elf:user");
	cr_assert_eq(one("SELECT count(*) FROM symbol JOIN image i ON i.id = image_id "
	                 "WHERE i.kind = 'user' AND symbol.name = 'KiFastSystemCall'"), 1);
	cr_assert_eq(one("SELECT address FROM symbol WHERE name = 'KiPcr'"), ki_pcr);
	cr_assert_str_eq(text("SELECT group_concat(coalesce(name, '-') || '/' || nargs, ' ') FROM service"),
	                 "NtClose/1 NtCreateProcessEx/9 NtTestAlert/0 NtWriteFile/9 -/0");
}

Test(api, progress_lines_on_commit)
{
	int p[2];
	char buf[256] = { 0 }, env[16];
	ssize_t n;

	cr_assert_eq(pipe(p), 0);
	snprintf(env, sizeof env, "%d", p[1]);
	setenv("NTSCOPE_PROGRESS_FD", env, 1);
	start();
	int2e(NT_CLOSE, (uint32_t[]){ 4 }, 1);
	back_to_user(NTS_BR_IRET, 0);
	f.icount = 9999;
	api->close();
	n = read(p[0], buf, sizeof buf - 1);
	cr_assert_gt(n, 0);
	cr_assert_eq(strncmp(buf, "1000 0\n", 7), 0, "first line \"%s\"", buf);
	cr_assert(strstr(buf, "\n9999 2\n"), "lines \"%s\"", buf);
}

/* open() must fail with this one line. */
static void open_fails(const char *line)
{
	struct nts_session s;
	cr_assert_eq(nts_session_open(&s, &f.cpu, err, sizeof err), -1);
	cr_assert_str_eq(err, line);
}

Test(api, open_errors_name_the_problem)
{
	char want[1024];

	unsetenv("NTSCOPE_DB");
	open_fails("NTSCOPE_DB is not set (the trace database to write)");
	setenv("NTSCOPE_DB", "/nonexistent-dir/trace.db", 1);
	open_fails("cannot create trace database /nonexistent-dir/trace.db: unable to open database file");
	setenv("NTSCOPE_DB", dbpath, 1);
	setenv("NTSCOPE_MAX_INSTRUCTIONS", "lots", 1);
	open_fails("NTSCOPE_MAX_INSTRUCTIONS is not a number: 'lots'");
	unsetenv("NTSCOPE_MAX_INSTRUCTIONS");
	setenv("NTSCOPE_PROGRESS_FD", "999", 1);
	open_fails("NTSCOPE_PROGRESS_FD 999 is not an open file descriptor");
	unsetenv("NTSCOPE_PROGRESS_FD");
	setenv("NTSCOPE_IMAGES", FIXTURE("ntdll.elf") "::" FIXTURE("nope.elf"), 1);
	open_fails("cannot open image " FIXTURE("nope.elf") ": No such file or directory");
	setenv("NTSCOPE_KERNEL", FIXTURE("kernel-nocid.elf"), 1);
	snprintf(want, sizeof want, "kernel %s has no DWARF member _ETHREAD.Cid", FIXTURE("kernel-nocid.elf"));
	open_fails(want);
	unsetenv("NTSCOPE_KERNEL");
	open_fails("NTSCOPE_KERNEL is not set (the kernel ELF to trace)");
}

Test(api, open_error_is_one_line_on_stderr, .init = cr_redirect_stderr)
{
	setenv("NTSCOPE_KERNEL", FIXTURE("kernel-nofastcall.elf"), 1);
	cr_assert_eq(api->open(&f.cpu, &hot), -1);
	fflush(stderr);
	cr_assert_stderr_eq_str("ntscope: kernel " FIXTURE("kernel-nofastcall.elf") " has no symbol KiFastCallEntry\n");
}
