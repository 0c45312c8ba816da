/*
 * wait.c — waiting on dispatcher objects: KeWaitForSingleObject, KeWaitForMultipleObjects
 * and KeDelayExecutionThread. A wait links one KWAIT_BLOCK per object on both the thread
 * (a ring) and the object; a timeout adds the thread's timer and its wait block. A pending
 * kernel APC at PASSIVE_LEVEL is delivered first; STATUS_KERNEL_APC means "try again".
 */
#include <internal/ke.h>
#include <internal/mm.h>
#include <ntapi.h>

/*
 * Take the dispatcher lock for a wait attempt. When a kernel APC is pending and the wait
 * started below APC_LEVEL, deliver it instead (lock released) and return FALSE.
 */
static BOOLEAN KiBeginWait(PKTHREAD Thread, PKIRQL OldIrql)
{
	*OldIrql = KiAcquireDispatcherLock();
	if (!Thread->ApcState.KernelApcPending || Thread->SpecialApcDisable ||
	    *OldIrql >= APC_LEVEL)
		return TRUE;
	HalRequestSoftwareInterrupt(APC_LEVEL);
	KiReleaseDispatcherLock(*OldIrql);
	return FALSE;
}

/* Arm Thread's timer for DueTime and put its wait block in the ring after Last. */
static BOOLEAN KiArmWaitTimer(PKTHREAD Thread, ULONGLONG DueTime, PKWAIT_BLOCK Last)
{
	PKWAIT_BLOCK TimerBlock = &Thread->WaitBlock[TIMER_WAIT_BLOCK];
	PKTIMER Timer = &Thread->Timer;

	Timer->Header.SignalState = 0;
	if (!KiInsertTimer(Timer, DueTime))
		return FALSE;
	InsertTailList(&Timer->Header.WaitListHead, &TimerBlock->WaitListEntry);
	TimerBlock->NextWaitBlock = Last->NextWaitBlock;
	Last->NextWaitBlock = TimerBlock;
	return TRUE;
}

/* Mark the current thread Waiting on its linked wait blocks and switch away; its status. */
static NTSTATUS KiBlockThread(PKTHREAD Thread, KWAIT_REASON WaitReason,
                              KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, KIRQL WaitIrql)
{
	Thread->WaitReason = WaitReason;
	Thread->WaitMode = WaitMode;
	Thread->Alertable = Alertable;
	Thread->WaitIrql = WaitIrql;
	Thread->WaitTime = KeTickCount.LowPart;
	Thread->State = Waiting;
	return (NTSTATUS)KiSwapThread(Thread, KeGetCurrentPrcb());
}

/* One attempt at a single-object wait (lock held): satisfy it, refuse it, or block. */
static NTSTATUS KiWaitSingle(PKTHREAD Thread, PDISPATCHER_HEADER Object, KWAIT_REASON WaitReason,
                             KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                             const ULONGLONG *DueTime, KIRQL WaitIrql)
{
	PKWAIT_BLOCK WaitBlock = &Thread->WaitBlock[0];
	NTSTATUS Status;

	if (KiIsObjectSignaled(Object, Thread))
		return KiSatisfyObjectWait(Object, Thread);
	Status = KiCheckAlertability(Thread, Alertable, WaitMode);
	if (Status != STATUS_WAIT_0)
		return Status;
	*WaitBlock = (KWAIT_BLOCK){ .Thread = Thread, .Object = Object, .NextWaitBlock = WaitBlock,
	                            .WaitKey = 0, .WaitType = WaitAny };
	if (DueTime && !KiArmWaitTimer(Thread, *DueTime, WaitBlock))
		return STATUS_TIMEOUT;
	InsertTailList(&Object->WaitListHead, &WaitBlock->WaitListEntry);
	Thread->WaitBlockList = WaitBlock;
	return KiBlockThread(Thread, WaitReason, WaitMode, Alertable, WaitIrql);
}

/*
 * Wait until Object is signalled, the timeout (negative: relative, positive: absolute, in
 * 100 ns units) passes, or an alertable wait is alerted or gets a user APC.
 */
NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                     KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                     PLARGE_INTEGER Timeout)
{
	PKTHREAD Thread = KeGetCurrentThread();
	ULONGLONG DueTime = Timeout ? KiComputeDueTime(Timeout) : 0;
	NTSTATUS Status = STATUS_KERNEL_APC;
	KIRQL OldIrql;

	while (Status == STATUS_KERNEL_APC) {
		if (!KiBeginWait(Thread, &OldIrql))
			continue;
		Status = KiWaitSingle(Thread, Object, WaitReason, WaitMode, Alertable,
		                      Timeout ? &DueTime : NULL, OldIrql);
		KiReleaseDispatcherLock(OldIrql);
	}
	return Status;
}

/* Satisfy a wait on Objects now if WaitType allows; STATUS_PENDING when it must block. */
static NTSTATUS KiSatisfyMultiple(PKTHREAD Thread, ULONG Count, PVOID Object[], WAIT_TYPE WaitType)
{
	NTSTATUS Status = STATUS_WAIT_0;
	ULONG i;

	for (i = 0; i < Count; i++) {
		if (WaitType == WaitAny && KiIsObjectSignaled(Object[i], Thread))
			return (NTSTATUS)i | KiSatisfyObjectWait(Object[i], Thread);
		if (WaitType == WaitAll && !KiIsObjectSignaled(Object[i], Thread))
			return STATUS_PENDING;
	}
	if (WaitType == WaitAny)
		return STATUS_PENDING;
	for (i = 0; i < Count; i++)
		Status |= KiSatisfyObjectWait(Object[i], Thread);
	return Status;
}

/* Build the ring of wait blocks for Objects (WaitKey = index). */
static VOID KiBuildWaitBlocks(PKTHREAD Thread, ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                              PKWAIT_BLOCK WaitBlock)
{
	ULONG i;

	for (i = 0; i < Count; i++)
		WaitBlock[i] = (KWAIT_BLOCK){ .Thread = Thread, .Object = Object[i],
		                              .NextWaitBlock = &WaitBlock[(i + 1) % Count],
		                              .WaitKey = (USHORT)i, .WaitType = (USHORT)WaitType };
}

/* One attempt at a multiple-object wait (lock held): satisfy it, refuse it, or block. */
static NTSTATUS KiWaitMultiple(PKTHREAD Thread, ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                               KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                               BOOLEAN Alertable, const ULONGLONG *DueTime,
                               PKWAIT_BLOCK WaitBlock, KIRQL WaitIrql)
{
	NTSTATUS Status = KiSatisfyMultiple(Thread, Count, Object, WaitType);
	ULONG i;

	if (Status != STATUS_PENDING)
		return Status;
	Status = KiCheckAlertability(Thread, Alertable, WaitMode);
	if (Status != STATUS_WAIT_0)
		return Status;
	KiBuildWaitBlocks(Thread, Count, Object, WaitType, WaitBlock);
	if (DueTime && !KiArmWaitTimer(Thread, *DueTime, &WaitBlock[Count - 1]))
		return STATUS_TIMEOUT;
	for (i = 0; i < Count; i++)
		InsertTailList(&((PDISPATCHER_HEADER)Object[i])->WaitListHead,
		               &WaitBlock[i].WaitListEntry);
	Thread->WaitBlockList = WaitBlock;
	return KiBlockThread(Thread, WaitReason, WaitMode, Alertable, WaitIrql);
}

/*
 * Wait for any (WaitAny: status = index) or all (WaitAll) of Count objects. Without a
 * WaitBlockArray at most THREAD_WAIT_OBJECTS objects (the thread's own blocks).
 */
NTSTATUS NTAPI KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                                        KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                                        BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                        PKWAIT_BLOCK WaitBlockArray)
{
	PKTHREAD Thread = KeGetCurrentThread();
	ULONGLONG DueTime = Timeout ? KiComputeDueTime(Timeout) : 0;
	NTSTATUS Status = STATUS_KERNEL_APC;
	KIRQL OldIrql;

	if (!Count || Count > MAXIMUM_WAIT_OBJECTS ||
	    (!WaitBlockArray && Count > THREAD_WAIT_OBJECTS))
		return STATUS_INVALID_PARAMETER;
	while (Status == STATUS_KERNEL_APC) {
		if (!KiBeginWait(Thread, &OldIrql))
			continue;
		Status = KiWaitMultiple(Thread, Count, Object, WaitType, WaitReason, WaitMode, Alertable,
		                        Timeout ? &DueTime : NULL,
		                        WaitBlockArray ? WaitBlockArray : Thread->WaitBlock, OldIrql);
		KiReleaseDispatcherLock(OldIrql);
	}
	return Status;
}

/* One attempt at a delay (lock held): refuse it (alert, user APC) or sleep on the timer. */
static NTSTATUS KiDelay(PKTHREAD Thread, KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                        ULONGLONG DueTime, KIRQL WaitIrql)
{
	PKWAIT_BLOCK TimerBlock = &Thread->WaitBlock[TIMER_WAIT_BLOCK];
	NTSTATUS Status = KiCheckAlertability(Thread, Alertable, WaitMode);

	if (Status != STATUS_WAIT_0)
		return Status;
	TimerBlock->NextWaitBlock = TimerBlock;
	if (!KiArmWaitTimer(Thread, DueTime, TimerBlock))
		return STATUS_SUCCESS;
	Thread->WaitBlockList = TimerBlock;
	Status = KiBlockThread(Thread, DelayExecution, WaitMode, Alertable, WaitIrql);
	return Status == STATUS_TIMEOUT ? STATUS_SUCCESS : Status;
}

/* Sleep for Interval (relative if negative); an alertable sleep ends early for user APCs. */
NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                      PLARGE_INTEGER Interval)
{
	PKTHREAD Thread = KeGetCurrentThread();
	ULONGLONG DueTime = KiComputeDueTime(Interval);
	NTSTATUS Status = STATUS_KERNEL_APC;
	KIRQL OldIrql;

	while (Status == STATUS_KERNEL_APC) {
		if (!KiBeginWait(Thread, &OldIrql))
			continue;
		Status = KiDelay(Thread, WaitMode, Alertable, DueTime, OldIrql);
		KiReleaseDispatcherLock(OldIrql);
	}
	return Status;
}

/* NtDelayExecution: capture the caller's interval and sleep in the caller's mode. */
NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval)
{
	LARGE_INTEGER Interval;
	NTSTATUS Status;

	Status = MmCopyFromCaller(&Interval, DelayInterval, sizeof(Interval));
	if (!NT_SUCCESS(Status))
		return Status;
	return KeDelayExecutionThread(KeGetPreviousMode(), Alertable, &Interval);
}
