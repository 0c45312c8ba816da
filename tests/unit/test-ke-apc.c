/*
 * test-ke-apc.c — kernel-image/ke/apcqueue.c on the host: KeInitializeApc, and
 * KiInsertQueueApc's queueing order (special kernel APCs after the last special one,
 * normal ones at the tail, the exit APC first) and wake rules (APC interrupt for a
 * running thread, STATUS_KERNEL_APC / STATUS_USER_APC unwaits), with KiUnwaitThread faked.
 */
#include <criterion/criterion.h>

#include "tests/unit/kehost/kefake.h"

static KTHREAD Runner, T;
static KAPC S1, S2, N1, N2, U1, U2;
static PKTHREAD UnwaitThread;
static LONG_PTR UnwaitStatus = -1;
static KPRIORITY UnwaitIncrement = -1;
static int Unwaits;

/* KiUnwaitThread, faked: record the call. */
VOID KiUnwaitThread(PKTHREAD Thread, LONG_PTR WaitStatus, KPRIORITY Increment)
{
	UnwaitThread = Thread;
	UnwaitStatus = WaitStatus;
	UnwaitIncrement = Increment;
	Unwaits++;
}

static VOID NTAPI KernelRoutine(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                                PVOID *SystemArgument1, PVOID *SystemArgument2)
{
}

static VOID NTAPI NormalRoutine(PVOID NormalContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
}

static void setup(void)
{
	kefake_reset();
	kefake_thread(&Runner, 8);
	kefake_run(&Runner);
	kefake_thread(&T, 8);
	Unwaits = 0;
	UnwaitThread = NULL;
}

TestSuite(apc, .init = setup);

/* Initialize Apc for T: special kernel (no normal routine), normal kernel, or user. */
static void init(PKAPC Apc, PKNORMAL_ROUTINE Normal, KPROCESSOR_MODE Mode)
{
	KeInitializeApc(Apc, &T, OriginalApcEnvironment, KernelRoutine, NULL, Normal, Mode, (PVOID)7);
}

/* The APC at position Index of T's Mode list, or NULL. */
static PKAPC at(KPROCESSOR_MODE Mode, int Index)
{
	PLIST_ENTRY Head = &T.ApcState.ApcListHead[(ULONG)Mode], Entry = Head->Flink;

	while (Index-- > 0 && Entry != Head)
		Entry = Entry->Flink;
	return Entry == Head ? NULL : CONTAINING_RECORD(Entry, KAPC, ApcListEntry);
}

Test(apc, a_special_apc_is_kernel_mode_without_context)
{
	KeInitializeApc(&S1, &T, OriginalApcEnvironment, KernelRoutine, NULL, NULL, UserMode,
	                (PVOID)7);
	cr_assert_eq(S1.Type, ApcObject);
	cr_assert_eq(S1.Size, sizeof(KAPC));
	cr_assert_eq(S1.ApcMode, KernelMode);
	cr_assert_null(S1.NormalContext);
	cr_assert_not(S1.Inserted);
	cr_assert_eq(S1.Thread, &T);
	init(&U1, NormalRoutine, UserMode);
	cr_assert_eq(U1.ApcMode, UserMode);
	cr_assert_eq(U1.NormalContext, (PVOID)7);
}

Test(apc, current_environment_means_the_threads_index)
{
	T.ApcStateIndex = AttachedApcEnvironment;
	KeInitializeApc(&N1, &T, CurrentApcEnvironment, KernelRoutine, NULL, NormalRoutine,
	                KernelMode, NULL);
	cr_assert_eq(N1.ApcStateIndex, AttachedApcEnvironment);
}

Test(apc, specials_go_after_the_last_special_and_normals_at_the_tail)
{
	init(&N1, NormalRoutine, KernelMode);
	init(&S1, NULL, KernelMode);
	init(&N2, NormalRoutine, KernelMode);
	init(&S2, NULL, KernelMode);
	KiInsertQueueApc(&N1, 0);
	KiInsertQueueApc(&S1, 0);
	KiInsertQueueApc(&N2, 0);
	KiInsertQueueApc(&S2, 0);
	cr_assert_eq(at(KernelMode, 0), &S1);
	cr_assert_eq(at(KernelMode, 1), &S2);
	cr_assert_eq(at(KernelMode, 2), &N1);
	cr_assert_eq(at(KernelMode, 3), &N2);
	cr_assert_null(at(KernelMode, 4));
	cr_assert(S2.Inserted && N2.Inserted);
}

Test(apc, user_apcs_queue_in_order_but_the_exit_apc_goes_first)
{
	init(&U1, NormalRoutine, UserMode);
	init(&U2, NormalRoutine, UserMode);
	KeInitializeApc(&N1, &T, OriginalApcEnvironment, PsExitSpecialApc, NULL, NormalRoutine,
	                UserMode, NULL);
	KiInsertQueueApc(&U1, 0);
	KiInsertQueueApc(&U2, 0);
	cr_assert_not(T.ApcState.UserApcPending);
	KiInsertQueueApc(&N1, 0);
	cr_assert_eq(at(UserMode, 0), &N1);
	cr_assert_eq(at(UserMode, 1), &U1);
	cr_assert_eq(at(UserMode, 2), &U2);
	cr_assert(T.ApcState.UserApcPending);
	cr_assert_null(at(KernelMode, 0));
}

Test(apc, a_kernel_apc_to_the_running_thread_requests_the_apc_interrupt)
{
	kefake_run(&T);
	init(&N1, NormalRoutine, KernelMode);
	KiInsertQueueApc(&N1, 0);
	cr_assert(T.ApcState.KernelApcPending);
	cr_assert_eq(kefake.apc_interrupts, 1);
	cr_assert_eq(Unwaits, 0);
}

Test(apc, a_kernel_apc_to_a_ready_thread_only_marks_it_pending)
{
	T.State = Ready;
	init(&S1, NULL, KernelMode);
	KiInsertQueueApc(&S1, 0);
	cr_assert(T.ApcState.KernelApcPending);
	cr_assert_eq(kefake.apc_interrupts, 0);
	cr_assert_eq(Unwaits, 0);
}

Test(apc, a_kernel_apc_ends_a_passive_level_wait_with_status_kernel_apc)
{
	T.State = Waiting;
	T.WaitIrql = PASSIVE_LEVEL;
	T.WaitMode = UserMode;
	init(&N1, NormalRoutine, KernelMode);
	KiInsertQueueApc(&N1, 2);
	cr_assert_eq(Unwaits, 1);
	cr_assert_eq(UnwaitThread, &T);
	cr_assert_eq(UnwaitStatus, STATUS_KERNEL_APC);
	cr_assert_eq(UnwaitIncrement, 2);
}

Test(apc, no_kernel_apc_ends_a_wait_at_apc_level)
{
	T.State = Waiting;
	T.WaitIrql = APC_LEVEL;
	init(&S1, NULL, KernelMode);
	KiInsertQueueApc(&S1, 0);
	cr_assert(T.ApcState.KernelApcPending);
	cr_assert_eq(Unwaits, 0);
}

Test(apc, while_a_normal_apc_runs_only_a_special_one_ends_the_wait)
{
	T.State = Waiting;
	T.WaitIrql = PASSIVE_LEVEL;
	T.ApcState.KernelApcInProgress = TRUE;
	init(&N1, NormalRoutine, KernelMode);
	KiInsertQueueApc(&N1, 0);
	cr_assert_eq(Unwaits, 0);
	init(&S1, NULL, KernelMode);
	KiInsertQueueApc(&S1, 0);
	cr_assert_eq(Unwaits, 1);
	cr_assert_eq(UnwaitStatus, STATUS_KERNEL_APC);
}

Test(apc, special_apc_disable_keeps_the_wait)
{
	T.State = Waiting;
	T.SpecialApcDisable = 1;
	init(&S1, NULL, KernelMode);
	KiInsertQueueApc(&S1, 0);
	cr_assert_eq(Unwaits, 0);
}

Test(apc, a_user_apc_ends_an_alertable_user_mode_wait_with_status_user_apc)
{
	T.State = Waiting;
	T.WaitMode = UserMode;
	T.Alertable = TRUE;
	init(&U1, NormalRoutine, UserMode);
	KiInsertQueueApc(&U1, 0);
	cr_assert(T.ApcState.UserApcPending);
	cr_assert_eq(Unwaits, 1);
	cr_assert_eq(UnwaitStatus, STATUS_USER_APC);
	cr_assert_not(T.ApcState.KernelApcPending);
}

Test(apc, a_user_apc_leaves_a_plain_wait_and_a_kernel_mode_wait_alone)
{
	T.State = Waiting;
	T.WaitMode = UserMode;
	init(&U1, NormalRoutine, UserMode);
	KiInsertQueueApc(&U1, 0);
	cr_assert_eq(Unwaits, 0);
	cr_assert_not(T.ApcState.UserApcPending);
	T.WaitMode = KernelMode;
	T.Alertable = TRUE;
	init(&U2, NormalRoutine, UserMode);
	KiInsertQueueApc(&U2, 0);
	cr_assert_eq(Unwaits, 0);
	cr_assert_eq(at(UserMode, 1), &U2);
}

Test(apc, an_apc_for_the_other_environment_is_queued_there_and_wakes_nothing)
{
	T.State = Waiting;
	T.WaitIrql = PASSIVE_LEVEL;
	KeInitializeApc(&N1, &T, AttachedApcEnvironment, KernelRoutine, NULL, NormalRoutine,
	                KernelMode, NULL);
	KiInsertQueueApc(&N1, 0);
	cr_assert_eq(T.SavedApcState.ApcListHead[KernelMode].Flink, &N1.ApcListEntry);
	cr_assert_null(at(KernelMode, 0));
	cr_assert_not(T.ApcState.KernelApcPending);
	cr_assert_eq(Unwaits, 0);
}

Test(apc, insert_environment_is_resolved_at_insertion)
{
	KeInitializeApc(&N1, &T, InsertApcEnvironment, KernelRoutine, NULL, NormalRoutine,
	                KernelMode, NULL);
	cr_assert_eq(N1.ApcStateIndex, InsertApcEnvironment);
	T.ApcStateIndex = AttachedApcEnvironment;
	KiInsertQueueApc(&N1, 0);
	cr_assert_eq(N1.ApcStateIndex, AttachedApcEnvironment);
	cr_assert_eq(T.SavedApcState.ApcListHead[KernelMode].Flink, &N1.ApcListEntry);
}

Test(apc, removing_the_first_apc_clears_inserted)
{
	init(&U1, NormalRoutine, UserMode);
	init(&U2, NormalRoutine, UserMode);
	KiInsertQueueApc(&U1, 0);
	KiInsertQueueApc(&U2, 0);
	cr_assert_eq(KiRemoveFirstApc(&T.ApcState, UserMode), &U1);
	cr_assert_not(U1.Inserted);
	cr_assert(U2.Inserted);
	cr_assert_eq(at(UserMode, 0), &U2);
}
