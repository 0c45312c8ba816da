/*
 * thrdschd.c — the dispatcher's scheduling core: 32 ready lists with a summary mask,
 * thread selection, switching, the idle loop and NtYieldExecution. Preemption (quantum
 * end via a DISPATCH_LEVEL interrupt) comes in a later milestone. On this uniprocessor
 * kernel the dispatcher lock is SYNCH_LEVEL, i.e. interrupts off.
 */
#include <internal/hal.h>
#include <rtl.h>

/* Take the dispatcher lock; return the previous IRQL. */
KIRQL KiAcquireDispatcherLock(VOID)
{
	KIRQL OldIrql = KiPcr.Irql;

	_disable();
	if (OldIrql < SYNCH_LEVEL)
		KiPcr.Irql = SYNCH_LEVEL;
	return OldIrql;
}

/* Return to OldIrql; interrupts come back on below DISPATCH_LEVEL. */
VOID KiReleaseDispatcherLock(KIRQL OldIrql)
{
	KiPcr.Irql = OldIrql;
	if (OldIrql < DISPATCH_LEVEL)
		_enable();
}

/* Queue Thread at the tail of its priority's ready list. */
VOID KiReadyThread(PKTHREAD Thread)
{
	PKPRCB Prcb = &KiPcr.PrcbData;

	Thread->State = Ready;
	InsertTailList(&Prcb->DispatcherReadyListHead[(ULONG)Thread->Priority],
	               &Thread->WaitListEntry);
	Prcb->ReadySummary |= 1UL << Thread->Priority;
}

/* Dequeue the highest-priority ready thread at LowPriority or above, or NULL. */
PKTHREAD KiSelectReadyThread(KPRIORITY LowPriority)
{
	PKPRCB Prcb = &KiPcr.PrcbData;
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

/*
 * Switch from CurrentThread (already Waiting, Ready or Terminated) to the standby,
 * best ready or idle thread; return CurrentThread's wait status once it runs again.
 */
LONG_PTR KiSwapThread(PKTHREAD CurrentThread)
{
	PKPRCB Prcb = &KiPcr.PrcbData;
	PKTHREAD NextThread = Prcb->NextThread;

	Prcb->NextThread = NULL;
	if (!NextThread)
		NextThread = KiSelectReadyThread(0);
	if (!NextThread)
		NextThread = Prcb->IdleThread;
	NextThread->State = Running;
	if (NextThread != CurrentThread) {
		Prcb->KeContextSwitches++;
		KiSwapContext(CurrentThread, NextThread);
	}
	return CurrentThread->WaitStatus;
}

/* The idle thread: run whatever is ready, otherwise halt until the next interrupt. */
VOID KiIdleLoop(VOID)
{
	PKPRCB Prcb = &KiPcr.PrcbData;
	PKTHREAD NextThread;

	for (;;) {
		_disable();
		NextThread = KiSelectReadyThread(0);
		if (!NextThread) {
			__asm__ __volatile__("sti; hlt" : : : "memory");
			continue;
		}
		NextThread->State = Running;
		Prcb->IdleThread->State = Ready;
		Prcb->KeContextSwitches++;
		KiSwapContext(Prcb->IdleThread, NextThread);
	}
}

/* Give the processor to another ready thread, if there is one. */
NTSTATUS NTAPI NtYieldExecution(VOID)
{
	PKTHREAD Thread = KeGetCurrentThread();
	KIRQL OldIrql = KiAcquireDispatcherLock();
	PKTHREAD NextThread = KiSelectReadyThread(0);

	if (!NextThread) {
		KiReleaseDispatcherLock(OldIrql);
		return STATUS_NO_YIELD_PERFORMED;
	}
	KiPcr.PrcbData.NextThread = NextThread;
	KiReadyThread(Thread);
	KiSwapThread(Thread);
	KiReleaseDispatcherLock(OldIrql);
	return STATUS_SUCCESS;
}
