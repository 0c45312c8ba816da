/*
 * test-ke-wait.c — kernel-image/ke/waitsat.c (with ke/readyq.c) on the host: when an
 * object is signalled for a thread, what satisfying a wait consumes, which waiters
 * KiWaitTest wakes and with what status, KiUnwaitThread's unlinking, boost and readying,
 * and KiCheckAlertability.
 */
#include <criterion/criterion.h>

#include "tests/unit/kehost/kefake.h"

static KTHREAD Runner, A, B, C;
static KEVENT E1, E2;
static KSEMAPHORE Sem;
static KMUTANT Mutant;
static KAPC Apc;

static void setup(void)
{
	kefake_reset();
	kefake_thread(&Runner, 8);
	kefake_run(&Runner);
	kefake_thread(&A, 8);
	kefake_thread(&B, 8);
	kefake_thread(&C, 8);
}

TestSuite(wait, .init = setup);

/* A mutant, free or owned by Owner (recursion 1). */
static void mutant(PKTHREAD Owner)
{
	kefake_event((PKEVENT)&Mutant, MutantObject, Owner ? 0 : 1);
	Mutant.OwnerThread = Owner;
	if (Owner)
		InsertHeadList(&Owner->MutantListHead, &Mutant.MutantListEntry);
}

static void wait1(PKTHREAD Thread, PVOID Object)
{
	kefake_wait(Thread, 1, &Object, WaitAny, UserMode, FALSE);
}

Test(wait, signal_states)
{
	kefake_event(&E1, EventNotificationObject, 0);
	cr_assert_not(KiIsObjectSignaled(&E1.Header, &A));
	E1.Header.SignalState = 1;
	cr_assert(KiIsObjectSignaled(&E1.Header, &A));
	mutant(&A);
	cr_assert(KiIsObjectSignaled(&Mutant.Header, &A), "the owner may acquire it again");
	cr_assert_not(KiIsObjectSignaled(&Mutant.Header, &B));
}

Test(wait, satisfying_consumes_what_each_kind_of_object_gives)
{
	kefake_event(&E1, EventNotificationObject, 1);
	kefake_event(&E2, EventSynchronizationObject, 1);
	kefake_event((PKEVENT)&Sem, SemaphoreObject, 2);
	cr_assert_eq(KiSatisfyObjectWait(&E1.Header, &A), STATUS_SUCCESS);
	cr_assert_eq(E1.Header.SignalState, 1);
	KiSatisfyObjectWait(&E2.Header, &A);
	cr_assert_eq(E2.Header.SignalState, 0);
	KiSatisfyObjectWait(&Sem.Header, &A);
	cr_assert_eq(Sem.Header.SignalState, 1);
}

Test(wait, a_mutant_gets_an_owner_and_counts_recursion)
{
	mutant(NULL);
	cr_assert_eq(KiSatisfyObjectWait(&Mutant.Header, &A), STATUS_SUCCESS);
	cr_assert_eq(Mutant.OwnerThread, &A);
	cr_assert_eq(A.MutantListHead.Flink, &Mutant.MutantListEntry);
	KiSatisfyObjectWait(&Mutant.Header, &A);
	cr_assert_eq(Mutant.Header.SignalState, -1);
	cr_assert_eq(Mutant.OwnerThread, &A);
}

Test(wait, the_next_owner_of_an_abandoned_mutant_is_told)
{
	mutant(NULL);
	Mutant.Abandoned = TRUE;
	wait1(&A, &Mutant);
	KiWaitTest(&Mutant, 0);
	cr_assert_eq(A.WaitStatus, STATUS_ABANDONED);
	cr_assert_not(Mutant.Abandoned);
	cr_assert_eq(Mutant.OwnerThread, &A);
}

Test(wait, a_notification_event_wakes_every_waiter_in_order)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_event(&E1, EventNotificationObject, 0);
	wait1(&A, &E1);
	wait1(&B, &E1);
	E1.Header.SignalState = 1;
	KiWaitTest(&E1, 0);
	cr_assert_eq(kefake_waiters(&E1), 0);
	cr_assert_eq(A.WaitStatus, STATUS_WAIT_0);
	cr_assert_eq(A.State, Ready);
	cr_assert_eq(B.State, Ready);
	cr_assert_eq(E1.Header.SignalState, 1);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &A);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &B);
}

Test(wait, a_synchronization_event_wakes_one_waiter_and_resets)
{
	kefake_event(&E2, EventSynchronizationObject, 0);
	wait1(&A, &E2);
	wait1(&B, &E2);
	E2.Header.SignalState = 1;
	KiWaitTest(&E2, 0);
	cr_assert_eq(A.State, Ready);
	cr_assert_eq(B.State, Waiting);
	cr_assert_eq(E2.Header.SignalState, 0);
	cr_assert_eq(kefake_waiters(&E2), 1);
}

Test(wait, a_semaphore_wakes_as_many_waiters_as_its_count)
{
	kefake_event((PKEVENT)&Sem, SemaphoreObject, 0);
	wait1(&A, &Sem);
	wait1(&B, &Sem);
	wait1(&C, &Sem);
	Sem.Header.SignalState = 2;
	KiWaitTest(&Sem, 0);
	cr_assert_eq(A.State, Ready);
	cr_assert_eq(B.State, Ready);
	cr_assert_eq(C.State, Waiting);
	cr_assert_eq(Sem.Header.SignalState, 0);
}

Test(wait, wait_any_returns_the_index_of_the_object)
{
	PVOID Objects[2] = { &E1, &E2 };

	kefake_event(&E1, EventNotificationObject, 0);
	kefake_event(&E2, EventNotificationObject, 0);
	kefake_wait(&A, 2, Objects, WaitAny, UserMode, FALSE);
	E2.Header.SignalState = 1;
	KiWaitTest(&E2, 0);
	cr_assert_eq(A.WaitStatus, 1);
	cr_assert_eq(kefake_waiters(&E1), 0, "the other wait block is unlinked too");
}

Test(wait, a_wait_all_waiter_is_woken_to_test_again_without_consuming)
{
	PVOID Objects[2] = { &E1, &E2 };

	kefake_event(&E1, EventSynchronizationObject, 0);
	kefake_event(&E2, EventSynchronizationObject, 1);
	kefake_wait(&A, 2, Objects, WaitAll, UserMode, FALSE);
	wait1(&B, &E1);
	E1.Header.SignalState = 1;
	KiWaitTest(&E1, 0);
	cr_assert_eq(A.WaitStatus, STATUS_KERNEL_APC);
	cr_assert_eq(B.WaitStatus, STATUS_WAIT_0, "the event went on to the next waiter");
	cr_assert_eq(E1.Header.SignalState, 0);
	cr_assert_eq(E2.Header.SignalState, 1);
}

Test(wait, a_timeout_ends_the_wait_and_unlinks_the_object)
{
	PVOID Objects[2] = { &E1, &A.Timer };

	kefake_event(&E1, EventNotificationObject, 0);
	kefake_wait(&A, 2, Objects, WaitAny, UserMode, FALSE);
	A.Timer.Header.SignalState = 1;
	KiWaitTest(&A.Timer, 0);
	cr_assert_eq(A.WaitStatus, STATUS_TIMEOUT);
	cr_assert_eq(kefake_waiters(&E1), 0);
	cr_assert_null(A.WaitBlockList);
}

Test(wait, unwaiting_cancels_an_inserted_wait_timer)
{
	PVOID Objects[2] = { &E1, &A.Timer };

	kefake_event(&E1, EventNotificationObject, 0);
	kefake_wait(&A, 2, Objects, WaitAny, UserMode, FALSE);
	A.Timer.Header.Inserted = TRUE;
	KiUnwaitThread(&A, STATUS_USER_APC, 0);
	cr_assert_eq(kefake.timers_removed, 1);
	cr_assert_not(A.Timer.Header.Inserted);
	cr_assert_eq(kefake_waiters(&A.Timer), 0);
	cr_assert_eq(A.WaitStatus, STATUS_USER_APC);
}

Test(wait, a_boosted_waiter_preempts_the_running_thread)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_event(&E1, EventNotificationObject, 1);
	wait1(&A, &E1);
	A.Quantum = 1;
	KiWaitTest(&E1, EVENT_INCREMENT);
	cr_assert_eq(A.Priority, 9);
	cr_assert_eq(A.PriorityDecrement, 1);
	cr_assert_eq(A.Quantum, A.QuantumReset);
	cr_assert_eq(Prcb->NextThread, &A);
	cr_assert_eq(A.State, Standby);
	cr_assert_eq(kefake.dispatch_interrupts, 1);
}

Test(wait, boosts_stay_below_the_realtime_range)
{
	kefake_thread(&C, 14);
	KiUnwaitThread(&C, 0, 5);
	cr_assert_eq(C.Priority, 15);
	kefake_thread(&B, 20);
	KiUnwaitThread(&B, 0, 5);
	cr_assert_eq(B.Priority, 20);
	kefake_thread(&A, 8);
	KiUnwaitThread(&A, 0, 0);
	cr_assert_eq(A.Priority, 8);
	cr_assert_eq(A.State, Ready);
}

Test(wait, alertability)
{
	cr_assert_eq(KiCheckAlertability(&A, TRUE, UserMode), STATUS_WAIT_0);
	A.Alerted[UserMode] = TRUE;
	cr_assert_eq(KiCheckAlertability(&A, FALSE, UserMode), STATUS_WAIT_0);
	cr_assert_eq(KiCheckAlertability(&A, TRUE, UserMode), STATUS_ALERTED);
	cr_assert_not(A.Alerted[UserMode]);
	InsertTailList(&A.ApcState.ApcListHead[UserMode], &Apc.ApcListEntry);
	cr_assert_eq(KiCheckAlertability(&A, TRUE, KernelMode), STATUS_WAIT_0);
	cr_assert_not(A.ApcState.UserApcPending);
	cr_assert_eq(KiCheckAlertability(&A, TRUE, UserMode), STATUS_USER_APC);
	cr_assert(A.ApcState.UserApcPending);
	cr_assert_eq(KiCheckAlertability(&A, FALSE, UserMode), STATUS_USER_APC);
	cr_assert_eq(KiCheckAlertability(&A, FALSE, KernelMode), STATUS_WAIT_0);
	A.Alerted[KernelMode] = TRUE;
	cr_assert_eq(KiCheckAlertability(&A, TRUE, KernelMode), STATUS_ALERTED);
	cr_assert_not(A.Alerted[KernelMode]);
}
