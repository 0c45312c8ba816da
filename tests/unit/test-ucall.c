/*
 * test-ucall.c — watched user-mode functions (kernel32, ntdll, csrss fixtures) with a
 * fake CPU: entries with the argument that matters, returns found by thread, return
 * address and stack (nesting, recursion, unwinding, stdcall pops), program functions
 * counted only in their own program, bounds, threads that exit with calls open.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/world.h"

#define PD2 0x00A00000u                /* a second address space with the same mappings */
#define STRINGS (USTACK + 0xC00)
#define RET(n) (UCODE + 0x10 * (n))    /* call sites in the caller's code */

static void setup(void)
{
	world_setup();
	setenv("NTSCOPE_IMAGES", FIXTURE("ntdll.elf") ":" FIXTURE("kernel32.elf") ":"
	       FIXTURE("hello.elf") ":" FIXTURE("csrss.elf"), 1);
	make_process(PROCESS_2, 0x18, "csrss.elf");
	make_process(PROCESS_3, 0x28, "hello.elf");
	make_thread(THREAD_D, 0x2C, PROCESS_3, 0x28);
	memcpy(f.ram + PD2, f.ram + FAKE_PD, 0x1000);
}

TestSuite(ucall, .init = setup, .fini = world_teardown);

static uint32_t k32(const char *name)
{
	return usym("kernel32.elf", name);
}

static uint32_t csrss(const char *name)
{
	return usym("csrss.elf", name);
}

/* The running thread calls fn from ret, its stack at sp (the args above it). */
static void enter(uint32_t sp, uint32_t fn, uint32_t ret, const uint32_t *args, int n)
{
	fake_poke32(&f, sp, ret);
	for (int i = 0; i < n; i++)
		fake_poke32(&f, sp + 4 + 4 * i, args[i]);
	f.regs[NTS_ESP] = sp;
	f.regs[NTS_CS] = UCS;
	api->exec(fn);
}

/* ... and returns there, having popped pop bytes of arguments, with EAX = eax. */
static void leave(uint32_t sp, uint32_t ret, uint32_t pop, uint32_t eax)
{
	f.regs[NTS_ESP] = sp + 4 + pop;
	f.regs[NTS_EAX] = eax;
	f.regs[NTS_CS] = UCS;
	api->exec(ret);
}

/* A UTF-16 copy of s at va; returns va. */
static uint32_t wstr(uint32_t va, const char *s)
{
	for (size_t i = 0; i <= strlen(s); i++) {
		uint8_t b[2] = { (unsigned char)s[i], 0 };
		fake_poke(&f, va + 2 * i, b, 2);
	}
	return va;
}

static uint32_t astr(uint32_t va, const char *s)
{
	fake_poke(&f, va, s, strlen(s) + 1);
	return va;
}

static const char *rows(void)
{
	return text("SELECT group_concat(function || ' ' || image || ' ' || coalesce(arg_text, '-') || ' ' || "
	            "ts_enter || '..' || coalesce(ts_exit, '-') || ' ' || coalesce(ret, '-'), ', ') "
	            "FROM (SELECT * FROM ucall ORDER BY id)");
}

Test(ucall, create_process_calls_nest_and_name_the_image)
{
	uint32_t app = wstr(STRINGS, "hello.elf");
	uint32_t quoted = wstr(STRINGS + 0x40, "\"C:\\Program Files\\x.elf\" -a");
	uint32_t plain = wstr(STRINGS + 0xC0, "  child.elf arg");
	uint32_t ansi = astr(STRINGS + 0x100, "hello.elf");

	start();
	f.icount = 2000;
	enter(USTACK + 0x600, k32("CreateProcessW"), RET(1), (uint32_t[]){ app, 0 }, 2);
	f.icount = 2010;
	enter(USTACK + 0x5C0, k32("CreateProcessInternalW"), k32("CreateProcessW") + 0x20,
	      (uint32_t[]){ 0, app, 0 }, 3);
	f.icount = 2020;
	enter(USTACK + 0x580, usym("ntdll.elf", "CsrClientCallServer"), k32("CreateProcessInternalW") + 0x10,
	      (uint32_t[]){ USTACK + 0x800, 0, 0x10000, 8 }, 4);
	f.icount = 2030;
	leave(USTACK + 0x580, k32("CreateProcessInternalW") + 0x10, 16, 0);
	f.icount = 2040;
	leave(USTACK + 0x5C0, k32("CreateProcessW") + 0x20, 48, 1);
	f.icount = 2050;
	leave(USTACK + 0x600, RET(1), 40, 1);
	f.icount = 2100;
	enter(USTACK + 0x600, k32("CreateProcessInternalW"), RET(2), (uint32_t[]){ 0, 0, quoted }, 3);
	leave(USTACK + 0x600, RET(2), 48, 0);
	f.icount = 2200;
	enter(USTACK + 0x600, k32("CreateProcessInternalW"), RET(2), (uint32_t[]){ 0, wstr(STRINGS + 0x140, ""),
	                                                                          plain }, 3);
	leave(USTACK + 0x600, RET(2), 48, 0);
	f.icount = 2300;
	enter(USTACK + 0x600, k32("CreateProcessA"), RET(3), (uint32_t[]){ ansi, 0 }, 2);
	leave(USTACK + 0x600, RET(3), 40, 1);
	f.icount = 2400;
	enter(USTACK + 0x600, k32("CreateProcessInternalW"), RET(2), (uint32_t[]){ 0, 0x00700000, 0 }, 3);
	finish();
	cr_assert_str_eq(rows(),
	                 "CreateProcessW kernel32.elf hello.elf 2000..2050 1, "
	                 "CreateProcessInternalW kernel32.elf hello.elf 2010..2040 1, "
	                 "CsrClientCallServer ntdll.elf 0x00010000 2020..2030 0, "
	                 "CreateProcessInternalW kernel32.elf C:\\Program Files\\x.elf 2100..2100 0, "
	                 "CreateProcessInternalW kernel32.elf child.elf 2200..2200 0, "
	                 "CreateProcessA kernel32.elf hello.elf 2300..2300 1, "
	                 "CreateProcessInternalW kernel32.elf - 2400..- -");
	cr_assert_eq(one("SELECT count(*) FROM ucall WHERE utid = (SELECT utid FROM thread WHERE tid = 0x14)"), 7);
	cr_assert_eq(one("SELECT address FROM ucall WHERE id = 2"), k32("CreateProcessInternalW"));
	cr_assert_eq(one("SELECT count(*) FROM createprocess_attempt"), 4, "every CreateProcessInternalW");
}

Test(ucall, recursion_and_unwinding_pair_by_thread_and_stack)
{
	uint32_t fn = k32("CreateProcessInternalW"), inner_ret = fn + 0x10;

	start();
	f.icount = 2000;
	enter(USTACK + 0x600, fn, RET(1), (uint32_t[]){ 0, 0, 0 }, 3);
	f.icount = 2010;
	enter(USTACK + 0x580, fn, inner_ret, (uint32_t[]){ 0, 0, 0 }, 3);
	f.icount = 2020;
	enter(USTACK + 0x500, fn, inner_ret, (uint32_t[]){ 0, 0, 0 }, 3);   /* recursion: same return */
	run_as(THREAD_C);
	f.icount = 2025;
	leave(USTACK + 0x500, inner_ret, 48, 9);               /* C is not the caller */
	run_as(THREAD_A);
	f.icount = 2030;
	leave(USTACK + 0x500, inner_ret, 48, 3);               /* the innermost returns */
	f.icount = 2040;
	leave(USTACK + 0x580, inner_ret, 48, 2);
	f.icount = 2050;
	leave(USTACK + 0x600, RET(1), 48, 1);
	f.icount = 2060;
	leave(USTACK + 0x600, RET(1), 48, 7);                  /* nothing awaits it any more */
	f.icount = 3000;
	enter(USTACK + 0x600, fn, RET(2), (uint32_t[]){ 0, 0, 0 }, 3);
	f.icount = 3010;
	enter(USTACK + 0x580, usym("ntdll.elf", "CsrClientCallServer"), fn + 0x20,
	      (uint32_t[]){ 0, 0, 0x10001, 0 }, 4);
	f.icount = 3020;
	leave(USTACK + 0x600, RET(2), 48, 5);                  /* unwound past the inner call */
	f.icount = 3030;
	leave(USTACK + 0x580, fn + 0x20, 16, 6);
	finish();
	cr_assert_str_eq(rows(),
	                 "CreateProcessInternalW kernel32.elf - 2000..2050 1, "
	                 "CreateProcessInternalW kernel32.elf - 2010..2040 2, "
	                 "CreateProcessInternalW kernel32.elf - 2020..2030 3, "
	                 "CreateProcessInternalW kernel32.elf - 3000..3020 5, "
	                 "CsrClientCallServer ntdll.elf 0x00010001 3010..- -");
}

Test(ucall, a_program_function_counts_only_in_its_program)
{
	uint32_t fn = csrss("CsrLocateThreadByClientId"), cid[2] = { 0x28, 0x2C };

	fake_poke(&f, USTACK + 0xB00, cid, sizeof cid);
	start();
	run_as(THREAD_D);                                      /* hello.elf: other code there */
	f.regs[NTS_CR3] = PD2;
	f.icount = 2000;
	enter(USTACK + 0x600, fn, RET(1), (uint32_t[]){ 0, USTACK + 0xB00 }, 2);
	f.icount = 2010;
	enter(USTACK + 0x600, fn, RET(1), (uint32_t[]){ 0, USTACK + 0xB00 }, 2);
	f.icount = 2100;
	run_as(THREAD_A);
	call(ksym("PspRunCreateProcessNotifyRoutines"), (uint32_t[]){ PROCESS_3, 1 }, 2);
	run_as(THREAD_B);                                      /* csrss.elf, in that address space now */
	f.icount = 2200;
	enter(USTACK + 0x600, fn, RET(2), (uint32_t[]){ 0, USTACK + 0xB00 }, 2);
	run_as(THREAD_D);
	f.icount = 2250;
	leave(USTACK + 0x600, RET(2), 0, 0);                   /* another thread at that address */
	run_as(THREAD_B);
	f.icount = 2300;
	leave(USTACK + 0x600, RET(2), 0, 0x1234);
	f.regs[NTS_CR3] = FAKE_PD;
	f.icount = 2400;
	enter(USTACK + 0x600, csrss("CsrCreateProcess"), RET(3), (uint32_t[]){ 0x7C, 0x80, USTACK + 0xB00 }, 3);
	finish();
	cr_assert_str_eq(rows(),
	                 "CsrLocateThreadByClientId csrss.elf 40.44 2200..2300 4660, "
	                 "CsrCreateProcess csrss.elf 40.44 2400..- -");
	cr_assert_eq(one("SELECT count(*) FROM ucall WHERE utid <> (SELECT utid FROM thread WHERE tid = 0x1C)"), 0);
}

Test(ucall, csr_functions_say_what_they_were_asked)
{
	uint32_t msg = USTACK + 0x900;

	fake_poke32(&f, msg + L.pm_client_process, 0x28);
	fake_poke32(&f, msg + L.pm_client_thread, 0x2C);
	start();
	f.icount = 2000;
	enter(USTACK + 0x600, usym("ntdll.elf", "CsrClientConnectToServer"), RET(1),
	      (uint32_t[]){ wstr(STRINGS, "\\Windows"), 1 }, 2);
	enter(USTACK + 0x600, usym("ntdll.elf", "CsrClientConnectToServer"), RET(1),
	      (uint32_t[]){ wstr(STRINGS, "\\Windows\\ApiPort"), 1 }, 2);
	enter(USTACK + 0x600, usym("ntdll.elf", "CsrClientConnectToServer"), RET(1), (uint32_t[]){ 0 }, 1);
	run_as(THREAD_B);
	enter(USTACK + 0x600, csrss("CsrApiHandleConnectionRequest"), RET(2), (uint32_t[]){ msg }, 1);
	enter(USTACK + 0x600, csrss("BaseSrvCreateProcess"), RET(2), (uint32_t[]){ msg, 0 }, 2);
	enter(USTACK + 0x600, csrss("CsrHandleHardError"), RET(2), (uint32_t[]){ 0, msg }, 2);
	finish();
	cr_assert_str_eq(text("SELECT group_concat(function || ' ' || coalesce(arg_text, '-'), ', ') FROM "
	                      "(SELECT * FROM ucall ORDER BY id)"),
	                 "CsrClientConnectToServer \\Windows\\ApiPort, CsrClientConnectToServer \\Windows\\ApiPort, "
	                 "CsrClientConnectToServer -, CsrApiHandleConnectionRequest 40.44, "
	                 "BaseSrvCreateProcess -, CsrHandleHardError -");
}

Test(ucall, open_calls_are_bounded_and_stay_open_when_their_thread_exits)
{
	uint32_t fn = usym("ntdll.elf", "CsrClientCallServer");
	int i;

	start();
	f.icount = 2000;
	for (i = 0; i < 10; i++)
		enter(USTACK + 0x700 - 0x20 * i, fn, RET(i + 1), (uint32_t[]){ 0, 0, i, 0 }, 4);
	f.icount = 2100;
	leave(USTACK + 0x700 - 0x20 * 9, RET(10), 16, 1);      /* past the bound: never awaited */
	f.icount = 2200;
	call(ksym("PspRunCreateThreadNotifyRoutines"), (uint32_t[]){ THREAD_A, 0 }, 2);
	run_as(THREAD_A);
	for (i = 0; i < 10; i++)
		leave(USTACK + 0x700 - 0x20 * i, RET(i + 1), 16, 1);
	run_as(THREAD_C);
	f.icount = 3000;
	enter(USTACK + 0x600, fn, RET(1), (uint32_t[]){ 0, 0, 0x10000, 0 }, 4);
	f.icount = 3010;
	leave(USTACK + 0x600, RET(1), 16, 0);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM ucall"), 11);
	cr_assert_eq(one("SELECT count(*) FROM ucall WHERE ts_exit IS NULL"), 10);
	cr_assert_str_eq(text("SELECT arg_text || ' ' || ts_exit FROM ucall WHERE ts_exit IS NOT NULL"),
	                 "0x00010000 3010");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'hooks_dropped'"), "2");
}

Test(ucall, garbage_and_kernel_mode_give_nothing_worse_than_nulls)
{
	uint32_t fn = k32("CreateProcessInternalW");

	start();
	f.regs[NTS_CS] = KCS;
	f.regs[NTS_ESP] = KSTACK;
	api->exec(fn);                                         /* not user mode */
	f.regs[NTS_CS] = UCS;
	f.regs[NTS_ESP] = 0x00700000;                          /* unreadable stack */
	f.icount = 2000;
	api->exec(fn);
	run_as(0);
	enter(USTACK + 0x600, fn, RET(1), (uint32_t[]){ 0, 0, 0 }, 3);   /* no thread known */
	run_as(THREAD_A);
	enter(USTACK + 0x600, fn, 0x80101234, (uint32_t[]){ 0, 0x12345678, 0x00701000 }, 3);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM ucall"), 2);
	cr_assert_eq(one("SELECT count(*) FROM ucall WHERE arg_text IS NULL AND ts_exit IS NULL"), 2);
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'hooks_dropped'"), "1",
	                 "a kernel return address is never armed");
}

static int is_hot(uint32_t addr)
{
	return addr - hot->lo < hot->span;
}

static void swap(uint32_t old_et, uint32_t new_et)
{
	call(ksym("KiSwapContext"), (uint32_t[]){ kthread(old_et), kthread(new_et) }, 2);
	run_as(new_et);
}

Test(ucall, program_code_is_hot_only_in_a_process_with_hooks_there)
{
	uint32_t csr = csrss("CsrLocateThreadByClientId"), ntdll = usym("ntdll.elf", "CsrClientCallServer");

	start();
	cr_assert(is_hot(csr), "before any switch every hook is hot");
	swap(THREAD_A, THREAD_D);                              /* hello.elf: no hooks in its code */
	cr_assert_not(is_hot(csr));
	cr_assert_not(is_hot(UCODE));
	cr_assert(is_hot(ntdll) && is_hot(ksym("KiSwapContext")), "shared and kernel hooks stay hot");
	swap(THREAD_D, THREAD_B);                              /* csrss.elf */
	cr_assert(is_hot(csr));
	swap(THREAD_B, THREAD_D);
	f.icount = 2000;
	enter(USTACK + 0x600, k32("CreateProcessInternalW"), UCODE + 0x20, (uint32_t[]){ 0, 0, 0 }, 3);
	cr_assert(is_hot(UCODE + 0x20), "a return awaited in program code makes it hot");
	swap(THREAD_D, THREAD_A);                              /* smss.exe */
	cr_assert_not(is_hot(UCODE + 0x20));
	swap(THREAD_A, THREAD_D);
	cr_assert(is_hot(UCODE + 0x20));
	f.icount = 2100;
	leave(USTACK + 0x600, UCODE + 0x20, 48, 1);
	swap(THREAD_D, THREAD_C);
	swap(THREAD_C, THREAD_D);
	cr_assert_not(is_hot(UCODE + 0x20), "not once it returned");
	finish();
	cr_assert_str_eq(rows(), "CreateProcessInternalW kernel32.elf - 2000..2100 1");
}
