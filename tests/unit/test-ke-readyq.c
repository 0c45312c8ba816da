/*
 * test-ke-readyq.c — kernel-image/ke/readyq.c on the host: the 32 ready lists and
 * ReadySummary, selection order and bounds, KiReadyThread's choice between queueing
 * a thread and making it the standby thread that preempts the running one, and
 * KiSetPriorityThread's requeueing and preemption.
 */
#include <criterion/criterion.h>

#include "tests/unit/kehost/kefake.h"

static KTHREAD Runner, A, B, C;

static void setup(void)
{
	kefake_reset();
	kefake_thread(&Runner, 8);
	kefake_run(&Runner);
}

TestSuite(readyq, .init = setup);

Test(readyq, empty_queues_select_nothing)
{
	cr_assert_null(KiSelectReadyThread(0, KeGetCurrentPrcb()));
	cr_assert_eq(KeGetCurrentPrcb()->ReadySummary, 0);
}

Test(readyq, queueing_sets_the_summary_bit_and_selecting_the_last_clears_it)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 8);
	KiQueueReadyThread(&A, Prcb);
	cr_assert_eq(A.State, Ready);
	cr_assert_eq(Prcb->ReadySummary, 1UL << 8);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &A);
	cr_assert_eq(Prcb->ReadySummary, 0);
	cr_assert(IsListEmpty(&Prcb->DispatcherReadyListHead[8]));
}

Test(readyq, highest_priority_first)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 4);
	kefake_thread(&B, 12);
	kefake_thread(&C, 8);
	KiQueueReadyThread(&A, Prcb);
	KiQueueReadyThread(&B, Prcb);
	KiQueueReadyThread(&C, Prcb);
	cr_assert_eq(Prcb->ReadySummary, (1UL << 4) | (1UL << 8) | (1UL << 12));
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &B);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &C);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &A);
	cr_assert_null(KiSelectReadyThread(0, Prcb));
}

Test(readyq, first_in_first_out_within_a_priority_and_the_bit_stays_while_one_is_left)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 7);
	kefake_thread(&B, 7);
	kefake_thread(&C, 7);
	KiQueueReadyThread(&A, Prcb);
	KiQueueReadyThread(&B, Prcb);
	KiQueueReadyThread(&C, Prcb);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &A);
	cr_assert_eq(Prcb->ReadySummary, 1UL << 7);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &B);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &C);
	cr_assert_eq(Prcb->ReadySummary, 0);
}

Test(readyq, a_preempted_thread_goes_to_the_head_once)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 8);
	kefake_thread(&B, 8);
	KiQueueReadyThread(&A, Prcb);
	B.Preempted = TRUE;
	KiQueueReadyThread(&B, Prcb);
	cr_assert_not(B.Preempted);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &B);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &A);
}

Test(readyq, selection_respects_the_low_priority_bound)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 5);
	kefake_thread(&B, 9);
	KiQueueReadyThread(&A, Prcb);
	KiQueueReadyThread(&B, Prcb);
	cr_assert_null(KiSelectReadyThread(10, Prcb));
	cr_assert_eq(KiSelectReadyThread(9, Prcb), &B);
	cr_assert_null(KiSelectReadyThread(6, Prcb));
	cr_assert_eq(Prcb->ReadySummary, 1UL << 5);
	cr_assert_eq(KiSelectReadyThread(5, Prcb), &A);
}

Test(readyq, priority_31_and_0_use_the_edge_bits)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 31);
	kefake_thread(&B, 0);
	KiQueueReadyThread(&B, Prcb);
	KiQueueReadyThread(&A, Prcb);
	cr_assert_eq(Prcb->ReadySummary, 0x80000001UL);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &A);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &B);
}

Test(readyq, a_higher_priority_thread_preempts_the_running_one)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 10);
	KiReadyThread(&A);
	cr_assert_eq(Prcb->NextThread, &A);
	cr_assert_eq(A.State, Standby);
	cr_assert(Runner.Preempted);
	cr_assert_eq(kefake.dispatch_interrupts, 1);
	cr_assert_eq(Prcb->ReadySummary, 0);
}

Test(readyq, an_equal_priority_thread_is_queued)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 8);
	KiReadyThread(&A);
	cr_assert_null(Prcb->NextThread);
	cr_assert_eq(A.State, Ready);
	cr_assert_eq(Prcb->ReadySummary, 1UL << 8);
	cr_assert_eq(kefake.dispatch_interrupts, 0);
	cr_assert_not(Runner.Preempted);
}

Test(readyq, a_better_thread_displaces_the_standby_one_to_the_head_of_its_queue)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 9);
	kefake_thread(&B, 11);
	kefake_thread(&C, 9);
	KiQueueReadyThread(&C, Prcb);
	KiReadyThread(&A);
	KiReadyThread(&B);
	cr_assert_eq(Prcb->NextThread, &B);
	cr_assert_eq(A.State, Ready);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &A);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &C);
}

Test(readyq, a_thread_below_the_standby_one_is_queued)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 11);
	kefake_thread(&B, 10);
	KiReadyThread(&A);
	KiReadyThread(&B);
	cr_assert_eq(Prcb->NextThread, &A);
	cr_assert_eq(B.State, Ready);
	cr_assert_eq(Prcb->ReadySummary, 1UL << 10);
}

Test(readyq, the_running_thread_itself_is_queued)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	Runner.Priority = 20;
	KiReadyThread(&Runner);
	cr_assert_null(Prcb->NextThread);
	cr_assert_eq(Runner.State, Ready);
	cr_assert_eq(Prcb->ReadySummary, 1UL << 20);
}

Test(readyq, a_blocking_thread_is_not_marked_preempted)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	Runner.State = Waiting;
	kefake_thread(&A, 9);
	KiReadyThread(&A);
	cr_assert_eq(Prcb->NextThread, &A);
	cr_assert_not(Runner.Preempted);
}

Test(readyq, priority_decays_one_step_per_quantum_down_to_the_base)
{
	kefake_thread(&A, 8);
	A.Priority = 12;
	A.PriorityDecrement = 3;
	cr_assert_eq(KiComputeNewPriority(&A), 8);
	cr_assert_eq(A.PriorityDecrement, 0);
	A.Priority = 10;
	cr_assert_eq(KiComputeNewPriority(&A), 9);
	A.Priority = 8;
	cr_assert_eq(KiComputeNewPriority(&A), 8);
	A.Priority = A.BasePriority = 20;
	cr_assert_eq(KiComputeNewPriority(&A), 20);
}

Test(readyq, a_ready_thread_raised_moves_queues_and_preempts)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 6);
	kefake_thread(&B, 6);
	KiQueueReadyThread(&A, Prcb);
	KiQueueReadyThread(&B, Prcb);
	KiSetPriorityThread(&A, 13);
	cr_assert_eq(A.Priority, 13);
	cr_assert_eq(Prcb->NextThread, &A);
	cr_assert_eq(A.State, Standby);
	cr_assert_eq(Prcb->ReadySummary, 1UL << 6);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &B);
	cr_assert_eq(Prcb->ReadySummary, 0);
}

Test(readyq, a_ready_thread_lowered_goes_to_its_new_queue)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 7);
	KiQueueReadyThread(&A, Prcb);
	KiSetPriorityThread(&A, 3);
	cr_assert_eq(A.State, Ready);
	cr_assert_eq(Prcb->ReadySummary, 1UL << 3);
	cr_assert_null(Prcb->NextThread);
}

Test(readyq, a_standby_thread_lowered_below_the_runner_is_queued)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 10);
	KiReadyThread(&A);
	KiSetPriorityThread(&A, 5);
	cr_assert_null(Prcb->NextThread);
	cr_assert_eq(A.State, Ready);
	cr_assert_eq(Prcb->ReadySummary, 1UL << 5);
}

Test(readyq, the_runner_raised_keeps_the_processor_from_the_standby_thread)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 10);
	KiReadyThread(&A);
	cr_assert(Runner.Preempted);
	KiSetPriorityThread(&Runner, 13);
	cr_assert_null(Prcb->NextThread);
	cr_assert_not(Runner.Preempted);
	cr_assert_eq(A.State, Ready);
	cr_assert_eq(KiSelectReadyThread(0, Prcb), &A);
}

Test(readyq, the_runner_lowered_gives_way_to_a_better_ready_thread)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 6);
	kefake_thread(&B, 7);
	KiQueueReadyThread(&A, Prcb);
	KiQueueReadyThread(&B, Prcb);
	KiSetPriorityThread(&Runner, 6);
	cr_assert_eq(Prcb->NextThread, &B);
	cr_assert_eq(B.State, Standby);
	cr_assert(Runner.Preempted);
	cr_assert_eq(kefake.dispatch_interrupts, 1);
	cr_assert_eq(Prcb->ReadySummary, 1UL << 6);
}

Test(readyq, a_waiting_thread_only_changes_its_priority)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	kefake_thread(&A, 8);
	A.State = Waiting;
	KiSetPriorityThread(&A, 20);
	cr_assert_eq(A.Priority, 20);
	cr_assert_eq(A.State, Waiting);
	cr_assert_null(Prcb->NextThread);
	cr_assert_eq(Prcb->ReadySummary, 0);
}
