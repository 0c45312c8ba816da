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
#include <sys/stat.h>
#include <unistd.h>

#include "plugin/core/elf.h"
#include "plugin/core/session.h"
#include "schema/schema.h"
#include "tests/unit/world.h"

TestSuite(api, .init = world_setup, .fini = world_teardown);

/* Whether addr is in the published hot range. */
static int is_hot(uint32_t addr)
{
	return addr - hot->lo < hot->span;
}

Test(api, publishes_a_hot_range_covering_every_hook)
{
	static const char *const hooks[] = {
		"KeBugCheckEx", "KiSystemStartup", "KiSwapContext", "KiUnwaitThread", "KiReadyThread",
		"KiInsertQueueApc", "KiInitializeUserApc", "PspRunCreateProcessNotifyRoutines",
		"PspRunCreateThreadNotifyRoutines", "LpcpEnqueueMessage", "LpcpReceiveMessage",
		"LpcpDeletePort", "KeResumeThread", "KeSuspendThread",
	};
	start();
	for (size_t i = 0; i < sizeof hooks / sizeof *hooks; i++)
		cr_assert(is_hot(ksym(hooks[i])), "%s is not hot", hooks[i]);
	cr_assert_not(is_hot(ksym("FixtureLateKernelRoutine")), "APC routines join only when queued");
	cr_assert(is_hot(usym("ntdll.elf", "CsrClientCallServer")), "watched user functions are hot");
	cr_assert_not(is_hot(UCODE));
	cr_assert_geq(hot->lo, usym("ntdll.elf", "CsrClientConnectToServer"),
	              "the hot range is the kernel's code and ntdll's watched functions");
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
	struct site a;
	start();
	f.icount = 2000;
	a = int2e(NT_WRITE_FILE, (uint32_t[9]){ 1 }, 9);       /* A blocks inside */
	run_as(THREAD_B);
	f.icount = 2100;
	back_to_user(NTS_BR_IRET, 0);                          /* B resumes in user mode */
	f.icount = 2200;
	sysenter(NT_CLOSE, (uint32_t[]){ 0x88 }, 1);           /* B calls and returns */
	f.icount = 2300;
	back_to_user(NTS_BR_SYSEXIT, 0xC0000008);
	run_as(THREAD_A);
	f.icount = 2400;
	back_to(a, NTS_BR_IRET, 0x103);                        /* A's call completes */
	finish();
	cr_assert_eq(one("SELECT count(*) FROM syscall"), 2);
	cr_assert_eq(one("SELECT ts_exit FROM syscall_named WHERE name = 'NtWriteFile' AND tid = 0x14"), 2400);
	cr_assert_eq(one("SELECT status FROM syscall WHERE name = 'NtWriteFile'"), 0x103);
	cr_assert_eq(one("SELECT ts_exit FROM syscall_named WHERE name = 'NtClose' AND tid = 0x1C"), 2300);
	cr_assert_eq(one("SELECT status FROM syscall WHERE name = 'NtClose'"), 0xC0000008);
	cr_assert_str_eq(text("SELECT process FROM syscall_named WHERE name = 'NtClose'"), "csrss.exe");
	cr_assert_eq(one("SELECT count(*) FROM syscall WHERE exit_kind = 'return'"), 2);
	cr_assert_str_eq(text("SELECT exit_address FROM syscall WHERE name = 'NtClose'"), "KiFastSystemCallRet");
	cr_assert_str_eq(text("SELECT exit_address FROM syscall WHERE name = 'NtWriteFile'"), "0x00401002",
	                 "smss.exe has no image: not symbolized with another program's");
}

Test(api, kernel_interrupts_inside_a_call_do_not_end_it)
{
	start();
	f.icount = 3000;
	int2e(NT_TEST_ALERT, NULL, 0);
	f.icount = 3050;
	api->hwinterrupt(0x30, ksym("KiSystemService") + 2);   /* clock, in kernel mode */
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
	cr_assert_eq(one("SELECT ts_exit IS NULL AND status IS NULL AND exit_kind IS NULL FROM syscall"), 1);
	cr_assert_str_eq(text("SELECT name || ' ' || mode FROM trap"), "keyboard user");
}

Test(api, unknown_service_and_unreadable_arguments)
{
	start();
	int2e(0x1123, NULL, 0);                                /* bit 12: shadow table */
	back_to_user(NTS_BR_IRET, 0xC000001C);
	f.regs[NTS_EAX] = NT_CLOSE;
	f.regs[NTS_EDX] = 0x00700000;                          /* unmapped user pointer */
	f.regs[NTS_ESP] = KTRAP;
	f.regs[NTS_CS] = KCS;
	api->far_branch(NTS_BR_INT, UCS, UCODE, KCS, ksym("KiSystemService"));
	back_to_user(NTS_BR_IRET, 0);
	int2e(0x1000, NULL, 0);                                /* shadow service 0 is not NtClose */
	back_to_user(NTS_BR_IRET, 0xC000001C);
	int2e(15, NULL, 0);                                    /* past KiServiceLimit */
	back_to_user(NTS_BR_IRET, 0xC000001C);
	int2e(0xE005, NULL, 0);                                /* EAX bits above 12 are not the number */
	back_to_user(NTS_BR_IRET, 0xC000001C);
	finish();
	cr_assert_eq(one("SELECT number FROM syscall WHERE id = 1"), 0x1123);
	cr_assert_eq(one("SELECT name IS NULL AND nargs IS NULL AND args IS NULL FROM syscall WHERE id = 1"), 1);
	cr_assert_eq(one("SELECT status FROM syscall WHERE id = 1"), 0xC000001C);
	cr_assert_str_eq(text("SELECT args FROM syscall WHERE id = 2"), "?");
	cr_assert_eq(one("SELECT value IS NULL FROM syscall_arg WHERE syscall_id = 2"), 1);
	cr_assert_eq(one("SELECT number FROM syscall WHERE id = 3"), 0x1000);
	cr_assert_eq(one("SELECT name IS NULL AND nargs IS NULL FROM syscall WHERE id = 3"), 1);
	cr_assert_eq(one("SELECT number FROM syscall WHERE id = 4"), 15);
	cr_assert_eq(one("SELECT name IS NULL FROM syscall WHERE id = 4"), 1);
	cr_assert_str_eq(text("SELECT number || ' ' || coalesce(name, '-') FROM syscall WHERE id = 5"), "5 NtContinue");
	cr_assert_eq(one("SELECT count(*) FROM syscall"), 5);
}

Test(api, other_software_interrupts_are_not_calls)
{
	start();
	f.regs[NTS_EAX] = NT_CLOSE;
	api->far_branch(NTS_BR_INT, UCS, UCODE, KCS, 0x80101040);
	back_to_user(NTS_BR_IRET, 0);
	api->far_branch(NTS_BR_INT, KCS, 0x80101000, KCS, ksym("KiSystemService"));   /* kernel-mode Zw call */
	finish();
	cr_assert_eq(one("SELECT count(*) FROM syscall"), 0);
}

Test(api, unknown_or_garbage_current_thread)
{
	start();
	run_as(0);
	api->hwinterrupt(0x30, 0x80101000);
	fake_poke32(&f, ksym("KiPcr") + L.current_thread, 0x12345678);    /* unmapped */
	api->hwinterrupt(0x30, 0x80101000);
	fake_poke32(&f, ksym("KiPcr") + L.current_thread, 0x803FFFFE);    /* Cid beyond the mapping */
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
	uint32_t sp = USTACK + 0x400, bugcheck = ksym("KeBugCheckEx");
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
	cr_assert_str_eq(text("SELECT group_concat(name || ':' || kind, ' ') FROM image"),
	                 "kernel.elf:kernel ntdll.elf:user hello.elf:user setup-and-wait.elf:user");
	cr_assert_eq(one("SELECT count(*) FROM symbol JOIN image i ON i.id = image_id "
	                 "WHERE i.kind = 'user' AND symbol.name = 'KiFastSystemCall'"), 1);
	cr_assert_eq(one("SELECT address FROM symbol WHERE name = 'KiPcr'"), ksym("KiPcr"));
	cr_assert_str_eq(text("SELECT group_concat(coalesce(name, '-') || '/' || nargs, ' ') FROM service"),
	                 "NtClose/1 NtCreateProcessEx/9 NtTestAlert/0 NtWriteFile/9 -/0 NtContinue/2 "
	                 "NtAcceptConnectPort/6 NtCompleteConnectPort/1 NtConnectPort/8 NtCreateThread/8 "
	                 "NtReplyWaitReceivePort/4 NtRequestWaitReplyPort/3 NtResumeThread/2 "
	                 "NtSuspendThread/2 NtOpenFile/6");
	cr_assert_eq(one("SELECT count(*) FROM symbol JOIN image i ON i.id = image_id "
	                 "WHERE i.name = 'hello.elf' AND symbol.name = 'LdrInitializeThunk'"), 0,
	             "a program's absolute symbols (ntdll's, from --just-symbols) are not its own");
	cr_assert_eq(one("SELECT count(*) FROM symbol JOIN image i ON i.id = image_id "
	                 "WHERE i.name = 'hello.elf' AND symbol.name = 'HelloApcRoutine'"), 1);
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
	cr_assert(strstr(buf, "\n9999 3\n"), "lines \"%s\" (call, return, first user run)", buf);
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

/* open() must fail and leave whatever was at dbpath as it was. */
static void refused(const char *why)
{
	struct nts_session s;
	cr_assert_eq(nts_session_open(&s, &f.cpu, err, sizeof err), -1, "%s: open succeeded", why);
}

Test(api, a_refused_start_leaves_no_file_and_an_old_trace_intact)
{
	struct stat sb;

	setenv("NTSCOPE_PROGRESS_FD", "999", 1);
	refused("bad progress fd");
	cr_assert_eq(stat(dbpath, &sb), -1, "no trace file after a refused start");
	unsetenv("NTSCOPE_PROGRESS_FD");
	start();
	f.icount = 4242;
	finish();
	sqlite3_close(db);
	db = NULL;
	setenv("NTSCOPE_MAX_INSTRUCTIONS", "lots", 1);
	refused("bad number");
	unsetenv("NTSCOPE_MAX_INSTRUCTIONS");
	setenv("NTSCOPE_IMAGES", FIXTURE("nope.elf"), 1);
	refused("missing image");
	setenv("NTSCOPE_IMAGES", "", 1);
	setenv("NTSCOPE_KERNEL", FIXTURE("kernel-nocid.elf"), 1);
	refused("kernel without a required member");
	cr_assert_eq(nts_db_open_readonly(dbpath, &db, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'instructions'"), "4242",
	                 "the old trace is untouched");
}

Test(api, open_error_is_one_line_on_stderr, .init = cr_redirect_stderr)
{
	setenv("NTSCOPE_KERNEL", FIXTURE("kernel-nofastcall.elf"), 1);
	cr_assert_eq(api->open(&f.cpu, &hot), -1);
	fflush(stderr);
	cr_assert_stderr_eq_str("ntscope: kernel " FIXTURE("kernel-nofastcall.elf") " has no symbol KiFastCallEntry\n");
}
