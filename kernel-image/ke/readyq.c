/*
 * readyq.c — the ready queues: one list per priority in the PRCB with a ReadySummary
 * bit for each non-empty list, selection of the best ready thread, KiReadyThread, which
 * either queues a thread or makes it the standby thread that preempts the one running,
 * and priority changes. Pure data-structure logic, also built into the host unit tests.
 */
#include <internal/ke.h>

/* Queue Thread on its priority's list: a preempted thread at the head, others at the tail. */
VOID KiQueueReadyThread(PKTHREAD Thread, PKPRCB Prcb)
{
	PLIST_ENTRY ListHead = &Prcb->DispatcherReadyListHead[(ULONG)Thread->Priority];

	Thread->State = Ready;
	if (Thread->Preempted)
		InsertHeadList(ListHead, &Thread->WaitListEntry);
	else
		InsertTailList(ListHead, &Thread->WaitListEntry);
	Thread->Preempted = FALSE;
	Prcb->ReadySummary |= 1UL << Thread->Priority;
}

/* Dequeue the first thread of the highest non-empty list at LowPriority or above, or NULL. */
PKTHREAD KiSelectReadyThread(KPRIORITY LowPriority, PKPRCB Prcb)
{
	ULONG Summary = Prcb->ReadySummary >> LowPriority;
	ULONG Priority;
	PLIST_ENTRY Entry;

	if (!Summary)
		return NULL;
	Priority = 31 - __builtin_clz(Summary) + LowPriority;
	Entry = RemoveHeadList(&Prcb->DispatcherReadyListHead[Priority]);
	if (IsListEmpty(&Prcb->DispatcherReadyListHead[Priority]))
		Prcb->ReadySummary &= ~(1UL << Priority);
	return CONTAINING_RECORD(Entry, KTHREAD, WaitListEntry);
}

/* Priority after a quantum: one step of the boost decays, never below the base. */
SCHAR KiComputeNewPriority(PKTHREAD Thread)
{
	SCHAR Priority = Thread->Priority;

	if (Priority >= LOW_REALTIME_PRIORITY)
		return Priority;
	Priority -= Thread->PriorityDecrement + 1;
	Thread->PriorityDecrement = 0;
	return Priority < Thread->BasePriority ? Thread->BasePriority : Priority;
}

/*
 * Make Thread ready (dispatcher lock held). If it beats the standby thread, or the running
 * one when there is none, it becomes the standby thread and a DISPATCH_LEVEL interrupt
 * is requested; otherwise it is queued. The running thread itself is always queued.
 */
DECLSPEC_TRACED VOID KiReadyThread(PKTHREAD Thread)
{
	PKPRCB Prcb = KeGetCurrentPrcb();
	PKTHREAD Rival = Prcb->NextThread ? Prcb->NextThread : Prcb->CurrentThread;

	if (Thread == Prcb->CurrentThread || Thread->Priority <= Rival->Priority) {
		KiQueueReadyThread(Thread, Prcb);
		return;
	}
	if (Prcb->NextThread) {
		Rival->Preempted = TRUE;
		KiQueueReadyThread(Rival, Prcb);
	} else if (Rival->State == Running) {
		Rival->Preempted = TRUE;
	}
	Thread->State = Standby;
	Prcb->NextThread = Thread;
	HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
}

/* Take a Ready thread off its queue, clearing the summary bit of a list left empty. */
static VOID KiRemoveReadyThread(PKTHREAD Thread, PKPRCB Prcb)
{
	RemoveEntryList(&Thread->WaitListEntry);
	if (IsListEmpty(&Prcb->DispatcherReadyListHead[(ULONG)Thread->Priority]))
		Prcb->ReadySummary &= ~(1UL << Thread->Priority);
}

/*
 * Give Thread a new current priority (dispatcher lock held). A ready or standby thread is
 * readied again at it; the running thread keeps the processor from a standby thread it
 * now beats or equals, and gives it up to a ready thread that now beats it.
 */
VOID KiSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority)
{
	PKPRCB Prcb = KeGetCurrentPrcb();
	PKTHREAD NextThread = Prcb->NextThread;

	if (Thread->State == Ready)
		KiRemoveReadyThread(Thread, Prcb);
	else if (Thread == NextThread)
		Prcb->NextThread = NULL;
	Thread->Priority = (SCHAR)Priority;
	if (Thread->State == Ready || Thread->State == Standby) {
		KiReadyThread(Thread);
	} else if (Thread == Prcb->CurrentThread && NextThread && NextThread->Priority <= Priority) {
		Prcb->NextThread = NULL;
		Thread->Preempted = FALSE;
		NextThread->Preempted = TRUE;
		KiQueueReadyThread(NextThread, Prcb);
	} else if (Thread == Prcb->CurrentThread && !NextThread && Priority < HIGH_PRIORITY &&
	           (NextThread = KiSelectReadyThread(Priority + 1, Prcb))) {
		NextThread->State = Standby;
		Prcb->NextThread = NextThread;
		Thread->Preempted = TRUE;
		HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
	}
}
