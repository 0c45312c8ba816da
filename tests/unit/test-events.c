/*
 * test-events.c — the events of the kernel's optional contract, driven through
 * nts_tracer_api with a fake CPU: firmware time, process and thread lifecycle with
 * reuse, context switches and attribution, wake-ups, APCs from queueing to delivery
 * (dynamic KernelRoutine hooks, user APCs landing at KiUserApcDispatcher), first user
 * run, system calls across APC delivery (NtContinue), per-process symbols, garbage.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/check.h"
#include "schema/schema.h"
#include "tests/unit/world.h"

TestSuite(events, .init = world_setup, .fini = world_teardown);

#define PAGING_OFF 0x00000011u
#define PAGING_ON 0x80000011u

static int is_hot(uint32_t addr)
{
	return addr - hot->lo < hot->span;
}

/* Fill the KAPC at apc. */
static void make_apc(uint32_t apc, uint32_t target_et, uint32_t kernel_routine,
                     uint32_t normal_routine, int user)
{
	fake_poke32(&f, apc + L.apc_thread, kthread(target_et));
	fake_poke32(&f, apc + L.apc_kernel_routine, kernel_routine);
	fake_poke32(&f, apc + L.apc_normal_routine, normal_routine);
	fake_poke32(&f, apc + L.apc_normal_context, 0x1111);
	fake_poke32(&f, apc + L.apc_argument1, 0x2222);
	fake_poke32(&f, apc + L.apc_argument2, 0x3333);
	set_u8(apc + L.apc_mode, user);
}

static void set_state(uint32_t et, uint32_t state, uint32_t wait_reason)
{
	set_u8(kthread(et) + L.state, state);
	set_u8(kthread(et) + L.wait_reason, wait_reason);
}

static void process_notify(uint32_t ep, int create)
{
	call(ksym("PspRunCreateProcessNotifyRoutines"), (uint32_t[]){ ep, create }, 2);
}

static void thread_notify(uint32_t et, int create)
{
	call(ksym("PspRunCreateThreadNotifyRoutines"), (uint32_t[]){ et, create }, 2);
}

static void swap(uint32_t old_et, uint32_t new_et)
{
	call(ksym("KiSwapContext"), (uint32_t[]){ kthread(old_et), kthread(new_et) }, 2);
}

static void unwait(uint32_t et, uint32_t status)
{
	call(ksym("KiUnwaitThread"), (uint32_t[]){ kthread(et), status, 1 }, 3);
}

/* The kernel returns to user mode at eip with this ESP and EAX. */
static void iret_to(uint32_t eip, uint32_t esp, uint32_t eax)
{
	back_to((struct site){ eip, esp }, NTS_BR_IRET, eax);
}

Test(events, firmware_time_is_not_recorded)
{
	cr_assert_eq(api->open(&f.cpu, &hot), 0);
	f.regs[NTS_CR0] = PAGING_OFF;
	f.regs[NTS_CS] = 0xF000;
	api->hwinterrupt(8, 0xFEA5);                           /* the BIOS timer, real mode */
	api->exception(6, 0);
	api->far_branch(NTS_BR_IRET, 0xF000, 0xFEA5, 0x0000, 0x7C00);
	api->cr3(0x9000);
	f.regs[NTS_CR0] = PAGING_ON;                           /* the loader: not the kernel yet */
	f.regs[NTS_CS] = KCS;
	api->hwinterrupt(8, 0x8123);
	f.icount = 5000;
	api->exec(ksym("KiSystemStartup"));
	f.icount = 5100;
	api->hwinterrupt(0x30, ksym("KiSystemStartup") + 1);
	api->exec(ksym("KiSystemStartup"));
	finish();
	cr_assert_eq(one("SELECT count(*) FROM trap"), 1);
	cr_assert_eq(one("SELECT ts FROM trap"), 5100);
	cr_assert_eq(one("SELECT vector FROM trap"), 0x30);
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'kernel_start_ts'"), "5000");
}

Test(events, without_KiSystemStartup_the_kernel_starts_with_paging)
{
	setenv("NTSCOPE_KERNEL", FIXTURE("kernel-noissue3.elf"), 1);
	cr_assert_eq(api->open(&f.cpu, &hot), 0);
	f.regs[NTS_CR0] = PAGING_OFF;
	api->hwinterrupt(8, 0xFEA5);
	f.regs[NTS_CR0] = PAGING_ON;
	f.icount = 3000;
	api->hwinterrupt(0x30, UCODE);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM trap"), 1);
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'kernel_start_ts'"), "3000");
}

Test(events, optional_hooks_the_kernel_lacks_are_listed_and_it_still_traces)
{
	char e[512];
	setenv("NTSCOPE_KERNEL", FIXTURE("kernel-noissue3.elf"), 1);
	cr_assert_eq(nts_kernel_check(FIXTURE("kernel-noissue3.elf"), e, sizeof e), 0, "%s", e);
	cr_assert_eq(api->open(&f.cpu, &hot), 0);
	fake_poke32(&f, usym("kernel-noissue3.elf", "KiPcr") + L.current_thread, kthread(THREAD_A));
	set_state(THREAD_A, L.waiting, L.user_request);
	call(usym("kernel-noissue3.elf", "KiSwapContext"), (uint32_t[]){ kthread(THREAD_A), kthread(THREAD_B) }, 2);
	api->hwinterrupt(0x30, UCODE);
	finish();
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'features'"), "sched ready ucall");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'missing_hooks'"),
	                 "KiSystemStartup PspRunCreateProcessNotifyRoutines "
	                 "PspRunCreateThreadNotifyRoutines KiUnwaitThread(not-global) "
	                 "KiInsertQueueApc KiInitializeUserApc LpcpEnqueueMessage LpcpReceiveMessage "
	                 "LpcpDeletePort KeResumeThread KeSuspendThread _KAPC _LPCP_MESSAGE "
	                 "_PORT_MESSAGE _LPCP_PORT_OBJECT _OBJECT_HEADER _OBJECT_HEADER_NAME_INFO "
	                 "_LPC_TYPE _LPCP_PORT_TYPE CreateProcessInternalW CreateProcessW "
	                 "CreateProcessA CsrCreateProcess CsrLocateThreadByClientId "
	                 "CsrApiHandleConnectionRequest BaseSrvCreateProcess CsrHandleHardError");
	cr_assert_str_eq(text("SELECT prev_state || ' ' || wait_reason FROM sched"), "Waiting UserRequest");
	cr_assert_eq(one("SELECT count(*) FROM trap_named WHERE tid = 0x1C"), 1);
}

Test(events, the_full_contract_turns_every_feature_on)
{
	setenv("NTSCOPE_IMAGES", FIXTURE("ntdll.elf") ":" FIXTURE("kernel32.elf") ":"
	       FIXTURE("csrss.elf"), 1);
	start();
	finish();
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'features'"),
	                 "start process thread sched wakeup ready apc user_apc lpc handle ucall");
	cr_assert_str_eq(text("SELECT value FROM meta WHERE key = 'missing_hooks'"), "");
}

Test(events, processes_and_threads_are_created_and_exit_with_reuse)
{
	uint32_t entry = usym("hello.elf", "HelloApcRoutine") + 3;
	start();
	api->hwinterrupt(0x30, UCODE);                         /* boot thread A, smss.exe */
	run_as(THREAD_B);
	api->hwinterrupt(0x30, UCODE);                         /* csrss.exe */
	run_as(THREAD_A);
	make_process(PROCESS_3, 0x28, "hello.elf");
	fake_poke32(&f, PROCESS_3 + L.parent_pid, 0x10);
	f.icount = 2000;
	process_notify(PROCESS_3, 1);
	make_thread(THREAD_D, 0x2C, PROCESS_3, 0x28);
	fake_poke32(&f, THREAD_D + L.start_address, entry);
	f.icount = 2100;
	thread_notify(THREAD_D, 1);
	fake_poke32(&f, THREAD_D + L.exit_status, 0x1234);
	f.icount = 3000;
	thread_notify(THREAD_D, 0);
	fake_poke32(&f, PROCESS_3 + L.process_exit_status, 0xC0000005);
	f.icount = 3100;
	process_notify(PROCESS_3, 0);
	make_process(PROCESS_3, 0x28, "setup-and-wait.elf");   /* both reused, same ids */
	fake_poke32(&f, PROCESS_3 + L.parent_pid, 0x18);
	f.icount = 4000;
	process_notify(PROCESS_3, 1);
	f.icount = 4100;
	thread_notify(THREAD_D, 1);
	run_as(THREAD_D);
	f.icount = 4200;
	api->hwinterrupt(0x30, UCODE);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM process"), 4);
	cr_assert_str_eq(text("SELECT group_concat(name || '<' || coalesce(parent_name, '-') || ' ' || "
	                      "coalesce(create_ts, '-') || '..' || coalesce(exit_ts, '-') || ' ' || "
	                      "coalesce(exit_status_hex, '-'), ', ') FROM process_lifecycle WHERE pid = 0x28"),
	                 "hello.elf<smss.exe 2000..3100 0xC0000005, setup-and-wait.<csrss.exe 4000..- -");
	cr_assert_eq(one("SELECT count(DISTINCT utid) FROM thread WHERE tid = 0x2C"), 2);
	cr_assert_str_eq(text("SELECT group_concat(process || ' ' || start_address || ' ' || create_ts || '..' || "
	                      "coalesce(exit_ts, '-') || ' ' || coalesce(exit_status_hex, '-'), ', ') "
	                      "FROM thread_lifecycle WHERE tid = 0x2C"),
	                 "hello.elf HelloApcRoutine+0x3 2100..3000 0x00001234, "
	                 "setup-and-wait. WaitLoopForever+0x3 4100..- -");
	cr_assert_eq(one("SELECT start_address_raw FROM thread WHERE tid = 0x2C LIMIT 1"), entry);
	cr_assert_eq(one("SELECT utid FROM trap WHERE ts = 4200"), one("SELECT max(utid) FROM thread WHERE tid = 0x2C"));
	cr_assert_eq(one("SELECT create_ts IS NULL AND first_ts = 1000 FROM thread WHERE tid = 0x14"), 1,
	             "a boot thread has a row without a create event");
}

Test(events, a_thread_seen_just_before_its_create_event_keeps_its_row)
{
	start();
	run_as(THREAD_C);
	f.icount = 1500;
	api->hwinterrupt(0x30, UCODE);
	run_as(THREAD_A);
	f.icount = 1600;
	thread_notify(THREAD_C, 1);
	process_notify(PROCESS_1, 1);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM thread WHERE tid = 0x20"), 1);
	cr_assert_eq(one("SELECT create_ts FROM thread WHERE tid = 0x20"), 1600);
	cr_assert_eq(one("SELECT count(*) FROM process WHERE pid = 0x10"), 1);
}

Test(events, a_switch_moves_attribution_to_the_new_thread)
{
	start();
	set_state(THREAD_A, L.waiting, L.user_request);
	set_u8(kthread(THREAD_A) + L.priority, 9);
	set_u8(kthread(THREAD_B) + L.priority, 12);
	f.icount = 2000;
	swap(THREAD_A, THREAD_B);
	api->cr3(0x00005000);                                  /* the switch's own CR3 write */
	f.icount = 2010;
	api->hwinterrupt(0x30, UCODE);                         /* KiPcr still says A */
	run_as(THREAD_B);
	f.icount = 2020;
	api->hwinterrupt(0x30, UCODE);
	set_state(THREAD_B, L.ready, L.wr_lpc_receive);        /* preempted; stale reason */
	f.icount = 3000;
	swap(THREAD_B, THREAD_C);
	f.icount = 3010;
	api->hwinterrupt(0x31, UCODE);
	api->cr3(0x00006000);                                  /* after another event: not the switch's */
	finish();
	cr_assert_str_eq(text("SELECT group_concat(prev_tid || '>' || next_tid || ' ' || prev_state || ' ' || "
	                      "coalesce(wait_reason, '-') || ' ' || cr3_change, ', ') FROM sched_named"),
	                 "20>28 Waiting UserRequest 1, 28>32 Ready - 0");
	cr_assert_eq(one("SELECT prev_state_raw FROM sched WHERE id = 1"), L.waiting);
	cr_assert_eq(one("SELECT wait_reason_raw FROM sched WHERE id = 1"), L.user_request);
	cr_assert_eq(one("SELECT prev_priority * 100 + next_priority FROM sched WHERE id = 1"), 912);
	cr_assert_eq(one("SELECT prev_cr3 FROM sched WHERE id = 1"), FAKE_PD);
	cr_assert_eq(one("SELECT next_cr3 FROM sched WHERE id = 1"), 0x5000);
	cr_assert_eq(one("SELECT next_cr3 IS NULL FROM sched WHERE id = 2"), 1);
	cr_assert_eq(one("SELECT ran_for FROM sched_named WHERE id = 1"), 1000);
	cr_assert_str_eq(text("SELECT group_concat(tid, ' ') FROM (SELECT tid FROM trap_named ORDER BY ts)"),
	                 "28 28 32");
}

Test(events, wakeups_say_why)
{
	static const struct { uint32_t status, reason; } wakes[] = {
		{ 0xC0, 6 }, { 0x100, 0 }, { 0x101, 6 }, { 0x102, 6 }, { 0x102, 5 }, { 0, 5 }, { 0, 12 }, { 0, 16 },
	};
	uint32_t reasons[] = { L.user_request, L.executive, L.user_request, L.user_request, L.suspended,
	                       L.suspended, L.wr_suspended, L.wr_lpc_receive };
	start();
	for (size_t i = 0; i < sizeof wakes / sizeof *wakes; i++) {
		set_state(THREAD_B, L.waiting, reasons[i]);
		f.icount = 2000 + 10 * i;
		unwait(THREAD_B, wakes[i].status);
	}
	make_thread(THREAD_D, 0x2C, PROCESS_1, 0x10);
	set_state(THREAD_D, L.initialized, 0);
	call(ksym("KiReadyThread"), (uint32_t[]){ kthread(THREAD_D) }, 1);
	call(ksym("KiReadyThread"), (uint32_t[]){ kthread(THREAD_B) }, 1);   /* not new: no row */
	f.icount = 2500;
	swap(THREAD_A, THREAD_B);
	finish();
	cr_assert_str_eq(text("SELECT group_concat(reason, ' ') FROM (SELECT reason FROM wakeup WHERE utid = "
	                      "(SELECT utid FROM thread WHERE tid = 0x1C) ORDER BY id)"),
	                 "apc apc alerted timeout timeout resume resume wait_satisfied");
	cr_assert_str_eq(text("SELECT group_concat(wait_reason, ' ') FROM (SELECT wait_reason FROM wakeup "
	                      "WHERE reason <> 'ready' ORDER BY id)"),
	                 "UserRequest Executive UserRequest UserRequest Suspended Suspended WrSuspended WrLpcReceive");
	cr_assert_eq(one("SELECT count(*) FROM wakeup_named WHERE waker_tid = 0x14"), 9);
	cr_assert_str_eq(text("SELECT wait_status_hex FROM wakeup_named WHERE id = 2"), "0x00000100");
	cr_assert_str_eq(text("SELECT tid || ' ' || reason FROM wakeup_named WHERE wait_status_hex IS NULL"), "44 ready");
	cr_assert_eq(one("SELECT count(*) FROM flow"), 1, "only the last wake-up leads to the switch");
	cr_assert_str_eq(text("SELECT kind || ' ' || out_table || ':' || out_id || ' ' || in_table || ':' || in_id || "
	                      "' ' || out_ts || '>' || in_ts FROM flow"), "wakeup wakeup:8 sched:1 2070>2500");
	cr_assert_eq(one("SELECT out_utid = (SELECT utid FROM thread WHERE tid = 0x14) AND "
	                 "in_utid = (SELECT utid FROM thread WHERE tid = 0x1C) FROM flow"), 1);
	cr_assert_eq(one("SELECT latency FROM wakeup_named WHERE id = 8"), 430);
}

Test(events, a_kernel_apc_is_delivered_when_its_routine_runs_in_the_target)
{
	uint32_t routine = ksym("FixtureLateKernelRoutine");
	start();
	cr_assert_not(is_hot(routine));
	make_apc(APC_1, THREAD_B, routine, 0, 0);
	f.icount = 2000;
	call(ksym("KiInsertQueueApc"), (uint32_t[]){ APC_1, 2 }, 2);
	cr_assert(is_hot(routine), "the queued APC's KernelRoutine is hooked");
	f.icount = 2100;
	call(routine, (uint32_t[]){ APC_1 }, 1);                /* A is not the target */
	run_as(THREAD_B);
	f.icount = 2200;
	call(routine, (uint32_t[]){ APC_2 }, 1);                /* not a queued KAPC */
	f.icount = 2300;
	call(routine, (uint32_t[]){ APC_1 }, 1);
	f.icount = 2400;
	call(routine, (uint32_t[]){ APC_1 }, 1);                /* delivered already */
	finish();
	cr_assert_str_eq(text("SELECT mode || ' ' || target_tid || ' ' || queuer_tid || ' ' || queue_ts || ' ' || "
	                      "deliver_ts || ' ' || latency || ' ' || kernel_routine || ' ' || "
	                      "coalesce(normal_routine, '-') FROM apc_named"),
	                 "kernel 28 20 2000 2300 300 FixtureLateKernelRoutine -");
	cr_assert_eq(one("SELECT deliver_utid = target_utid FROM apc"), 1);
	cr_assert_eq(one("SELECT kapc FROM apc"), APC_1);
	cr_assert_eq(one("SELECT kernel_routine_raw FROM apc"), routine);
	cr_assert_eq(one("SELECT normal_context * 0 + system_argument1 * 0 + increment FROM apc"), 2);
	cr_assert_eq(one("SELECT system_argument2 FROM apc"), 0x3333);
	cr_assert_eq(one("SELECT user_deliver_ts IS NULL FROM apc"), 1);
	cr_assert_str_eq(text("SELECT kind || ' ' || out_table || ':' || out_id || ' ' || in_table || ':' || in_id || "
	                      "' ' || out_ts || '>' || in_ts FROM flow"), "apc apc:1 apc:1 2000>2300");
	cr_assert_eq(one("SELECT out_utid = (SELECT queuer_utid FROM apc) AND "
	                 "in_utid = (SELECT target_utid FROM apc) FROM flow"), 1);
}

/* A new thread D of a new hello.elf process, with its initial user APC to ntdll's
 * LdrInitializeThunk queued by A, runs for the first time. */
static void new_thread_starts(void)
{
	make_process(PROCESS_3, 0x28, "hello.elf");
	fake_poke32(&f, PROCESS_3 + L.parent_pid, 0x10);
	make_thread(THREAD_D, 0x2C, PROCESS_3, 0x28);
	fake_poke32(&f, THREAD_D + L.start_address, usym("hello.elf", "_start"));
	set_state(THREAD_D, L.initialized, 0);
	f.icount = 1800;
	process_notify(PROCESS_3, 1);
	f.icount = 1900;
	thread_notify(THREAD_D, 1);
	make_apc(APC_2, THREAD_D, ksym("PspNullSpecialApc"), usym("ntdll.elf", "LdrInitializeThunk"), 1);
	f.icount = 2000;
	call(ksym("KiInsertQueueApc"), (uint32_t[]){ APC_2, 0 }, 2);
	call(ksym("KiReadyThread"), (uint32_t[]){ kthread(THREAD_D) }, 1);
	set_state(THREAD_A, L.waiting, L.executive);
	f.icount = 2100;
	swap(THREAD_A, THREAD_D);
	api->cr3(0x7000);
	f.icount = 2200;
	call(ksym("PspNullSpecialApc"), (uint32_t[]){ APC_2, 0, 0, 0, 0 }, 5);
	f.icount = 2300;
	call(ksym("KiInitializeUserApc"), (uint32_t[]){ 0, KSTACK + 0x100, usym("ntdll.elf", "LdrInitializeThunk"),
	                                                0, 0, 0 }, 6);
	f.icount = 2400;
	iret_to(usym("ntdll.elf", "KiUserApcDispatcher"), USTACK + 0x40, 0);
}

Test(events, a_new_thread_first_runs_in_user_mode_through_its_user_apc)
{
	start();
	new_thread_starts();
	f.icount = 2500;
	iret_to(UCODE, USTACK, 0);                             /* later arrivals change nothing */
	finish();
	cr_assert_str_eq(text("SELECT mode || ' ' || kernel_routine || ' ' || normal_routine || ' ' || deliver_ts || "
	                      "' ' || user_deliver_ts || ' ' || user_latency FROM apc_named"),
	                 "user PspNullSpecialApc LdrInitializeThunk 2200 2400 400");
	cr_assert_str_eq(text("SELECT group_concat(kind || ' ' || in_ts, ', ') FROM (SELECT * FROM flow "
	                      "WHERE out_table = 'apc' ORDER BY rowid)"), "apc 2200, apc_user 2400");
	cr_assert_str_eq(text("SELECT process || ' ' || start_address || ' ' || create_ts || ' ' || first_run_ts || ' ' || "
	                      "first_user_ts || ' ' || first_user_address || ' ' || to_user || ' ' || "
	                      "first_user_via_apc FROM thread_lifecycle WHERE tid = 0x2C"),
	                 "hello.elf _start 1900 2100 2400 KiUserApcDispatcher 500 1");
	cr_assert_eq(one("SELECT first_user_address_raw FROM thread WHERE tid = 0x2C"),
	             usym("ntdll.elf", "KiUserApcDispatcher"));
	cr_assert_eq(one("SELECT count(*) FROM wakeup WHERE reason = 'ready'"), 1);
	cr_assert_eq(one("SELECT cr3_change FROM sched"), 1);
}

Test(events, a_user_apc_is_not_in_user_mode_before_KiInitializeUserApc)
{
	start();
	make_apc(APC_1, THREAD_B, ksym("PspNullSpecialApc"), 0x7C901000, 1);
	call(ksym("KiInsertQueueApc"), (uint32_t[]){ APC_1, 0 }, 2);
	run_as(THREAD_B);
	f.icount = 2000;
	call(ksym("PspNullSpecialApc"), (uint32_t[]){ APC_1 }, 1);   /* its KernelRoutine cancels it */
	f.icount = 2100;
	iret_to(usym("ntdll.elf", "KiUserApcDispatcher"), USTACK, 0);
	finish();
	cr_assert_eq(one("SELECT deliver_ts FROM apc"), 2000);
	cr_assert_eq(one("SELECT user_deliver_ts IS NULL FROM apc"), 1);
	cr_assert_eq(one("SELECT count(*) FROM flow WHERE kind = 'apc_user'"), 0);
}

Test(events, user_addresses_are_symbolized_in_their_own_process)
{
	start();
	new_thread_starts();                                   /* D in hello.elf */
	make_process(PROCESS_2, 0x18, "setup-and-wait.elf");   /* B's process, as ImageFileName keeps it */
	run_as(THREAD_B);
	api->hwinterrupt(0x30, UCODE);
	make_apc(APC_1, THREAD_D, ksym("PspNullSpecialApc"), UCODE, 1);
	make_apc(APC_3, THREAD_B, ksym("PspNullSpecialApc"), UCODE, 1);
	call(ksym("KiInsertQueueApc"), (uint32_t[]){ APC_1, 0 }, 2);
	call(ksym("KiInsertQueueApc"), (uint32_t[]){ APC_3, 0 }, 2);
	f.regs[NTS_CS] = UCS;
	f.regs[NTS_EIP] = UCODE + 4;
	api->exception(14, 4);                                 /* B (setup-and-wait.) */
	run_as(THREAD_A);
	api->exception(14, 4);                                 /* A (smss.exe: no image) */
	run_as(THREAD_D);
	api->exception(14, 4);                                 /* D (hello.elf) */
	f.regs[NTS_EIP] = usym("ntdll.elf", "NtClose") + 1;
	api->exception(14, 4);
	finish();
	cr_assert_str_eq(text("SELECT group_concat(target_process || ':' || normal_routine, ' ') FROM "
	                      "(SELECT * FROM apc_named WHERE kapc_hex <> printf('0x%08X', 0x80202100) ORDER BY id)"),
	                 "hello.elf:HelloApcRoutine setup-and-wait.:WaitLoopForever");
	cr_assert_str_eq(text("SELECT group_concat(process || ':' || eip_symbol, ' ') FROM "
	                      "(SELECT * FROM trap_named WHERE kind = 'exception' ORDER BY id)"),
	                 "setup-and-wait.:WaitLoopForever+0x4 smss.exe:0x00401004 hello.elf:HelloApcRoutine+0x4 "
	                 "hello.elf:NtClose+0x1");
}

Test(events, a_call_interrupted_by_a_user_apc_and_NtContinue_pair_up)
{
	uint32_t dispatcher = usym("ntdll.elf", "KiUserApcDispatcher");
	struct site wait, cont, bad;
	start();
	f.icount = 1000;
	wait = sysenter(NT_WRITE_FILE, (uint32_t[9]){ 1 }, 9);             /* A waits, alertable */
	run_as(THREAD_B);
	make_apc(APC_1, THREAD_A, ksym("PspNullSpecialApc"), 0x7C901000, 1);
	f.icount = 1100;
	call(ksym("KiInsertQueueApc"), (uint32_t[]){ APC_1, 1 }, 2);
	f.icount = 1150;
	unwait(THREAD_A, 0xC0);
	f.icount = 1200;
	swap(THREAD_B, THREAD_A);
	run_as(THREAD_A);
	f.icount = 1300;
	call(ksym("PspNullSpecialApc"), (uint32_t[]){ APC_1 }, 1);
	call(ksym("KiInitializeUserApc"), (uint32_t[]){ 0, 0, 0x7C901000, 0, 0, 0 }, 6);
	f.icount = 1400;
	iret_to(dispatcher, USTACK + 0x100, 0xC0);             /* the wait ends here */
	f.icount = 1500;
	cont = sysenter_at(USTACK + 0xC0, NT_CONTINUE, (uint32_t[]){ USTACK + 0x100, 1 }, 2);
	f.icount = 1600;
	back_to(wait, NTS_BR_IRET, 0xC0);                      /* the saved context resumes */
	f.icount = 1700;
	bad = sysenter_at(USTACK + 0xC0, NT_CONTINUE, (uint32_t[]){ 0, 0 }, 2);
	f.icount = 1750;
	back_to(bad, NTS_BR_SYSEXIT, 0xC0000005);              /* a bad CONTEXT: an ordinary return */
	f.icount = 1800;
	int2e(NT_CONTINUE, (uint32_t[]){ USTACK + 0x100, 0 }, 2);
	f.icount = 1850;
	iret_to(UCODE + 0x40, USTACK + 0x300, 0x77);          /* int 0x2e, resumed elsewhere */
	finish();
	(void)cont;
	cr_assert_str_eq(text("SELECT group_concat(name || ' ' || ts_enter || '..' || ts_exit || ' ' || exit_kind || ' ' || "
	                      "coalesce(status_hex, '-') || ' ' || exit_address, ', ') FROM "
	                      "(SELECT * FROM syscall_named ORDER BY id)"),
	                 "NtWriteFile 1000..1400 apc 0x000000C0 KiUserApcDispatcher, "
	                 "NtContinue 1500..1600 continue - KiFastSystemCallRet, "
	                 "NtContinue 1700..1750 return 0xC0000005 KiFastSystemCallRet, "
	                 "NtContinue 1800..1850 continue - 0x00401040");
	cr_assert_eq(one("SELECT user_deliver_ts FROM apc"), 1400);
	cr_assert_str_eq(text("SELECT reason FROM wakeup"), "apc");
	cr_assert_eq(one("SELECT count(*) FROM syscall WHERE utid <> (SELECT utid FROM thread WHERE tid = 0x14)"), 0);
}

Test(events, garbage_in_guest_memory_gives_nulls_not_crashes)
{
	start();
	call(ksym("KiInsertQueueApc"), (uint32_t[]){ 0x12345678, 0 }, 2);   /* unmapped KAPC */
	make_apc(APC_1, 0, UCODE, 0, 0);                       /* no thread; a user-mode "routine" */
	fake_poke32(&f, APC_1 + L.apc_thread, 0x803FFFFE);
	call(ksym("KiInsertQueueApc"), (uint32_t[]){ APC_1, 0 }, 2);
	swap(THREAD_A, 0x12345678 - L.tcb);                    /* unmapped NewThread */
	unwait(0x0, 0);
	process_notify(0x12345678, 1);
	thread_notify(0x803FFFFE, 1);
	call(ksym("KiSwapContext"), NULL, 0);
	f.regs[NTS_ESP] = 0x00700000;                          /* unreadable stack */
	api->exec(ksym("KiUnwaitThread"));
	api->exec(ksym("KiInsertQueueApc"));
	api->exec(ksym("PspRunCreateThreadNotifyRoutines"));
	cr_assert_geq(hot->lo, usym("ntdll.elf", "CsrClientConnectToServer"),
	              "a user APC routine never becomes a hook");
	cr_assert_not(is_hot(UCODE));
	finish();
	cr_assert_eq(one("SELECT count(*) FROM apc"), 2);
	cr_assert_eq(one("SELECT count(*) FROM apc WHERE target_utid IS NULL"), 2);
	cr_assert_eq(one("SELECT mode IS NULL AND kernel_routine IS NULL FROM apc WHERE id = 1"), 1);
	cr_assert_str_eq(text("SELECT kernel_routine FROM apc WHERE id = 2"), "0x00401000");
	cr_assert_eq(one("SELECT count(*) FROM sched WHERE next_utid IS NULL"), 2);
	cr_assert_eq(one("SELECT count(*) FROM wakeup WHERE utid IS NULL"), 1);
	cr_assert_eq(one("SELECT count(*) FROM process"), 1);
}
