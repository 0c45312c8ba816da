/*
 * thrdschd.c — switching threads: the dispatcher lock (SYNCH_LEVEL on this uniprocessor),
 * KiSwapThread for a thread that blocks, preemption when the lock is released, the
 * DISPATCH_LEVEL software interrupt (DPCs, quantum end, preemption by a standby thread),
 * the idle loop, and NtYieldExecution.
 */
#include <internal/hal.h>
#include <rtl.h>

/* Take the dispatcher lock (never lowers a higher IRQL); return the previous IRQL. */
KIRQL KiAcquireDispatcherLock(VOID)
{
	return KiPcr.Irql < SYNCH_LEVEL ? KfRaiseIrql(SYNCH_LEVEL) : KiPcr.Irql;
}

/* Switch from the running Thread to NextThread; Thread's State and WaitReason are set. */
static VOID KiSwitchTo(PKTHREAD Thread, PKTHREAD NextThread, PKPRCB Prcb)
{
	NextThread->State = Running;
	Prcb->KeContextSwitches++;
	KiSwapContext(Thread, NextThread);
}

/* Put the running thread back on the ready queues for WaitReason and run the standby one. */
static VOID KiPreemptThread(KWAIT_REASON WaitReason, PKPRCB Prcb)
{
	PKTHREAD Thread = Prcb->CurrentThread;
	PKTHREAD NextThread = Prcb->NextThread;

	Prcb->NextThread = NULL;
	Thread->WaitReason = WaitReason;
	KiReadyThread(Thread);
	KiSwitchTo(Thread, NextThread, Prcb);
}

/*
 * Release the dispatcher lock (NT's KiExitDispatcher): when returning below DISPATCH_LEVEL
 * and a standby thread was chosen, switch to it first; then lower the IRQL.
 */
VOID KiReleaseDispatcherLock(KIRQL OldIrql)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	if (OldIrql < DISPATCH_LEVEL && Prcb->NextThread && Prcb->CurrentThread != Prcb->IdleThread)
		KiPreemptThread(WrPreempted, Prcb);
	KfLowerIrql(OldIrql);
}

/*
 * Switch away from CurrentThread (already Waiting, Ready or Terminated) to the standby,
 * best ready or idle thread; return its wait status once it runs again (lock held).
 */
LONG_PTR KiSwapThread(PKTHREAD CurrentThread, PKPRCB Prcb)
{
	PKTHREAD NextThread = Prcb->NextThread;

	Prcb->NextThread = NULL;
	CurrentThread->Preempted = FALSE;
	if (!NextThread)
		NextThread = KiSelectReadyThread(0, Prcb);
	if (!NextThread)
		NextThread = Prcb->IdleThread;
	if (NextThread != CurrentThread)
		KiSwitchTo(CurrentThread, NextThread, Prcb);
	else
		CurrentThread->State = Running;
	return CurrentThread->WaitStatus;
}

/*
 * The running thread's quantum ran out: recharge it, decay its priority, and hand the
 * processor to a ready thread of at least its (new) priority, queueing it at the tail.
 */
static VOID KiQuantumEnd(PKPRCB Prcb)
{
	PKTHREAD Thread = Prcb->CurrentThread;
	PKTHREAD NextThread;

	if (Thread->Quantum <= 0) {
		Thread->Quantum = Thread->QuantumReset;
		Thread->Priority = KiComputeNewPriority(Thread);
		Thread->Preempted = FALSE;
		if (!Prcb->NextThread && (NextThread = KiSelectReadyThread(Thread->Priority, Prcb))) {
			NextThread->State = Standby;
			Prcb->NextThread = NextThread;
		}
	}
	if (Prcb->NextThread)
		KiPreemptThread(WrQuantumEnd, Prcb);
}

/*
 * The DISPATCH_LEVEL software interrupt: retire the DPC queue (timer expiration), then
 * end the quantum or switch to the standby thread that preempts this one.
 */
VOID KiDispatchInterrupt(VOID)
{
	PKPRCB Prcb = KeGetCurrentPrcb();

	if (!IsListEmpty(&Prcb->DpcListHead))
		KiRetireDpcList(Prcb);
	if (Prcb->QuantumEnd) {
		Prcb->QuantumEnd = FALSE;
		KiQuantumEnd(Prcb);
	} else if (Prcb->NextThread) {
		KiPreemptThread(WrDispatchInt, Prcb);
	}
}

/*
 * The idle thread, at DISPATCH_LEVEL: retire DPCs, run the standby or best ready thread,
 * otherwise halt with interrupts on until the next interrupt.
 */
VOID KiIdleLoop(VOID)
{
	PKPRCB Prcb = KeGetCurrentPrcb();
	PKTHREAD NextThread;

	for (;;) {
		_disable();
		if (KiPcr.IRR & DISPATCH_LEVEL_BIT) {
			__atomic_and_fetch(&KiPcr.IRR, ~DISPATCH_LEVEL_BIT, __ATOMIC_SEQ_CST);
			_enable();
			KiRetireDpcList(Prcb);
			continue;
		}
		NextThread = Prcb->NextThread ? Prcb->NextThread : KiSelectReadyThread(0, Prcb);
		if (!NextThread) {
			__asm__ __volatile__("sti; hlt" : : : "memory");
			continue;
		}
		Prcb->NextThread = NULL;
		Prcb->IdleThread->State = Ready;
		KiSwitchTo(Prcb->IdleThread, NextThread, Prcb);
	}
}

/* Give the processor to a ready thread of at least this priority, if there is one. */
NTSTATUS NTAPI NtYieldExecution(VOID)
{
	PKTHREAD Thread = KeGetCurrentThread();
	PKPRCB Prcb = KeGetCurrentPrcb();
	KIRQL OldIrql = KiAcquireDispatcherLock();
	NTSTATUS Status = STATUS_NO_YIELD_PERFORMED;
	PKTHREAD NextThread = Prcb->NextThread;

	if (!NextThread && (NextThread = KiSelectReadyThread(Thread->Priority, Prcb)))
		Prcb->NextThread = NextThread;
	if (NextThread) {
		Thread->Quantum = Thread->QuantumReset;
		Thread->Preempted = FALSE;
		KiPreemptThread(WrYieldExecution, Prcb);
		Status = STATUS_SUCCESS;
	}
	KiReleaseDispatcherLock(OldIrql);
	return Status;
}
