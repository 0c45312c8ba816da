/*
 * wait.c — waiting on dispatcher objects. For now: single-object waits without
 * timeouts or alerts, on objects that stay signalled (processes, threads, notification
 * events) or are consumed by one waiter (synchronization events, semaphores).
 */
#include <internal/ke.h>
#include <rtl.h>

/* Account for a satisfied wait on Header. */
static VOID KiSatisfyObjectWait(PDISPATCHER_HEADER Header)
{
	if (Header->Type == EventSynchronizationObject)
		Header->SignalState = 0;
	else if (Header->Type == SemaphoreObject)
		Header->SignalState--;
}

/* Take a waiting thread off its object's list and make it ready with WaitStatus. */
static VOID KiUnwaitThread(PKTHREAD Thread, LONG_PTR WaitStatus)
{
	RemoveEntryList(&Thread->WaitBlockList->WaitListEntry);
	Thread->WaitStatus = WaitStatus;
	KiReadyThread(Thread);
}

/* Wake the waiters a signalled object can satisfy (dispatcher lock held). */
VOID KiWaitTest(PVOID Object, KPRIORITY Increment)
{
	PDISPATCHER_HEADER Header = Object;
	PKWAIT_BLOCK WaitBlock;

	while (Header->SignalState > 0 && !IsListEmpty(&Header->WaitListHead)) {
		WaitBlock = CONTAINING_RECORD(Header->WaitListHead.Flink, KWAIT_BLOCK, WaitListEntry);
		KiSatisfyObjectWait(Header);
		KiUnwaitThread(WaitBlock->Thread, WaitBlock->WaitKey);
	}
}

/* Signal an object that stays signalled (process, thread) and wake its waiters. */
VOID KiSignalObject(PDISPATCHER_HEADER Header)
{
	Header->SignalState = 1;
	KiWaitTest(Header, 0);
}

/* Wait until Object is signalled; Timeout and Alertable are not supported yet. */
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                               KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                               PLARGE_INTEGER Timeout)
{
	PKTHREAD Thread = KeGetCurrentThread();
	PDISPATCHER_HEADER Header = Object;
	PKWAIT_BLOCK WaitBlock = &Thread->WaitBlock[0];
	KIRQL OldIrql = KiAcquireDispatcherLock();
	NTSTATUS Status = STATUS_WAIT_0;

	if (Header->SignalState > 0) {
		KiSatisfyObjectWait(Header);
		goto cleanup;
	}
	*WaitBlock = (KWAIT_BLOCK){ .Thread = Thread, .Object = Object, .NextWaitBlock = WaitBlock,
	                            .WaitKey = 0, .WaitType = WaitAny };
	InsertTailList(&Header->WaitListHead, &WaitBlock->WaitListEntry);
	Thread->WaitBlockList = WaitBlock;
	Thread->WaitReason = (UCHAR)WaitReason;
	Thread->WaitMode = WaitMode;
	Thread->Alertable = Alertable;
	Thread->WaitIrql = OldIrql;
	Thread->State = Waiting;
	Status = (NTSTATUS)KiSwapThread(Thread);
cleanup:
	KiReleaseDispatcherLock(OldIrql);
	return Status;
}
