/*
 * waitsat.c — wait satisfaction: when a dispatcher object counts as signalled for a
 * thread, what satisfying a wait does to it (synchronization events reset, semaphores
 * count down, mutants gain an owner), KiWaitTest waking the waiters a signalled object
 * can satisfy, KiUnwaitThread, and the alertability test every wait makes first.
 * Pure dispatcher logic, also built into the host unit tests.
 */
#include <internal/ke.h>

/* TRUE when Object would satisfy Thread's wait now (a mutant also when Thread owns it). */
BOOLEAN KiIsObjectSignaled(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
	if (Object->Type == MutantObject)
		return Object->SignalState > 0 ||
		       ((PKMUTANT)Object)->OwnerThread == Thread;
	return Object->SignalState > 0;
}

/* Take ownership of a mutant (recursively); STATUS_ABANDONED if its owner died with it. */
static NTSTATUS KiSatisfyMutantWait(PKMUTANT Mutant, PKTHREAD Thread)
{
	NTSTATUS Status = STATUS_SUCCESS;

	if (--Mutant->Header.SignalState != 0)
		return Status;
	Mutant->OwnerThread = Thread;
	InsertHeadList(&Thread->MutantListHead, &Mutant->MutantListEntry);
	if (Mutant->Abandoned) {
		Mutant->Abandoned = FALSE;
		Status = STATUS_ABANDONED;
	}
	return Status;
}

/* Consume what satisfying Thread's wait on Object takes; the status bits it adds. */
NTSTATUS KiSatisfyObjectWait(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
	switch (Object->Type) {
	case MutantObject:
		return KiSatisfyMutantWait((PKMUTANT)Object, Thread);
	case EventSynchronizationObject:
	case TimerSynchronizationObject:
		Object->SignalState = 0;
		break;
	case SemaphoreObject:
		Object->SignalState--;
		break;
	default:
		break;
	}
	return STATUS_SUCCESS;
}

/*
 * Wake the waiters a signalled Object can satisfy, in queue order (dispatcher lock held).
 * A wait-any waiter is satisfied here; a wait-all waiter is woken with STATUS_KERNEL_APC
 * to test all its objects again itself.
 */
VOID KiWaitTest(PVOID Object, KPRIORITY Increment)
{
	PDISPATCHER_HEADER Header = Object;
	PKWAIT_BLOCK WaitBlock;
	NTSTATUS Status;

	while (Header->SignalState > 0 && !IsListEmpty(&Header->WaitListHead)) {
		WaitBlock = CONTAINING_RECORD(Header->WaitListHead.Flink, KWAIT_BLOCK, WaitListEntry);
		if (WaitBlock->WaitType == WaitAll) {
			KiUnwaitThread(WaitBlock->Thread, STATUS_KERNEL_APC, Increment);
			continue;
		}
		Status = KiSatisfyObjectWait(Header, WaitBlock->Thread);
		KiUnwaitThread(WaitBlock->Thread, WaitBlock->WaitKey | Status, Increment);
	}
}

/* Take Thread's wait blocks off their objects' lists and cancel its wait timer. */
VOID KiUnlinkThread(PKTHREAD Thread)
{
	PKWAIT_BLOCK WaitBlock = Thread->WaitBlockList;

	if (!WaitBlock)
		return;
	do {
		RemoveEntryList(&WaitBlock->WaitListEntry);
		WaitBlock = WaitBlock->NextWaitBlock;
	} while (WaitBlock != Thread->WaitBlockList);
	if (Thread->Timer.Header.Inserted)
		KiRemoveTimer(&Thread->Timer);
	Thread->WaitBlockList = NULL;
}

/* Raise a waking thread's priority by Increment above its base (variable range only). */
static VOID KiBoostPriority(PKTHREAD Thread, KPRIORITY Increment)
{
	KPRIORITY Priority = Thread->BasePriority + Increment;

	if (Thread->Priority >= LOW_REALTIME_PRIORITY || Increment <= 0 ||
	    Priority <= Thread->Priority)
		return;
	if (Priority >= LOW_REALTIME_PRIORITY)
		Priority = LOW_REALTIME_PRIORITY - 1;
	Thread->PriorityDecrement = (SCHAR)(Priority - Thread->BasePriority);
	Thread->Priority = (SCHAR)Priority;
	Thread->Quantum = Thread->QuantumReset;
}

/*
 * End Thread's wait with WaitStatus: unlink its wait blocks, boost it by Increment and
 * make it ready (dispatcher lock held). The tracer watches this function.
 */
DECLSPEC_TRACED VOID KiUnwaitThread(PKTHREAD Thread, LONG_PTR WaitStatus, KPRIORITY Increment)
{
	KiUnlinkThread(Thread);
	Thread->WaitStatus = WaitStatus;
	KiBoostPriority(Thread, Increment);
	KiReadyThread(Thread);
}

/*
 * What an alertable (or user-mode) wait returns before blocking: STATUS_ALERTED for a
 * pending alert, STATUS_USER_APC for queued user APCs, otherwise STATUS_WAIT_0.
 */
NTSTATUS KiCheckAlertability(PKTHREAD Thread, BOOLEAN Alertable, KPROCESSOR_MODE WaitMode)
{
	if (!Alertable)
		return WaitMode != KernelMode && Thread->ApcState.UserApcPending ?
		       STATUS_USER_APC : STATUS_WAIT_0;
	if (Thread->Alerted[(ULONG)WaitMode]) {
		Thread->Alerted[(ULONG)WaitMode] = FALSE;
		return STATUS_ALERTED;
	}
	if (WaitMode != KernelMode && !IsListEmpty(&Thread->ApcState.ApcListHead[UserMode])) {
		Thread->ApcState.UserApcPending = TRUE;
		return STATUS_USER_APC;
	}
	if (Thread->Alerted[KernelMode]) {
		Thread->Alerted[KernelMode] = FALSE;
		return STATUS_ALERTED;
	}
	return STATUS_WAIT_0;
}
