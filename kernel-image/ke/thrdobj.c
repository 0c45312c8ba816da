/*
 * thrdobj.c — the kernel thread object: initialization (wait blocks, timer, APC state,
 * the suspend APC and semaphore, the first stack frames), start, ready, termination,
 * suspend/resume through the SuspendApc, and priority.
 */
#include <internal/ke.h>
#include <rtl.h>

VOID NTAPI KiSuspendNop(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                        PVOID *SystemArgument1, PVOID *SystemArgument2);
VOID NTAPI KiSuspendRundown(PKAPC Apc);
VOID NTAPI KiSuspendThread(PVOID NormalContext, PVOID SystemArgument1, PVOID SystemArgument2);

/* The dispatcher header, lists, APC environments, timer and suspend objects of Thread. */
static VOID KiInitializeThreadObjects(PKTHREAD Thread, PKPROCESS Process)
{
	Thread->Header.Type = ThreadObject;
	Thread->Header.Size = sizeof(KTHREAD) / sizeof(ULONG);
	InitializeListHead(&Thread->Header.WaitListHead);
	InitializeListHead(&Thread->MutantListHead);
	InitializeListHead(&Thread->ApcState.ApcListHead[KernelMode]);
	InitializeListHead(&Thread->ApcState.ApcListHead[UserMode]);
	Thread->ApcState.Process = Process;
	Thread->ApcStatePointer[OriginalApcEnvironment] = &Thread->ApcState;
	Thread->ApcStatePointer[AttachedApcEnvironment] = &Thread->SavedApcState;
	Thread->ApcStateIndex = OriginalApcEnvironment;
	Thread->ApcQueueable = TRUE;
	KeInitializeTimer(&Thread->Timer);
	Thread->WaitBlock[TIMER_WAIT_BLOCK] = (KWAIT_BLOCK){ .Thread = Thread, .Object = &Thread->Timer,
	                                                     .WaitKey = (USHORT)STATUS_TIMEOUT,
	                                                     .WaitType = WaitAny };
	KeInitializeApc(&Thread->SuspendApc, Thread, OriginalApcEnvironment, KiSuspendNop,
	                KiSuspendRundown, KiSuspendThread, KernelMode, NULL);
	KeInitializeSemaphore(&Thread->SuspendSemaphore, 0, 2);
}

/*
 * Initialize a thread whose kernel stack top is KernelStack. SystemRoutine runs first
 * (via KiThreadStartup); Context, when given, is the user-mode state to enter afterwards.
 */
VOID KeInitThread(PKTHREAD Thread, PVOID KernelStack, PKSYSTEM_ROUTINE SystemRoutine,
                  PVOID StartRoutine, PVOID StartContext, const CONTEXT *Context,
                  PVOID Teb, PKPROCESS Process)
{
	KiInitializeThreadObjects(Thread, Process);
	Thread->ServiceTable = KeServiceDescriptorTable;
	Thread->Teb = Teb;
	Thread->InitialStack = Thread->StackBase = KernelStack;
	Thread->StackLimit = (PUCHAR)KernelStack - KERNEL_STACK_SIZE;
	Thread->Priority = Thread->BasePriority = Process->BasePriority;
	Thread->Quantum = Thread->QuantumReset = Process->ThreadQuantum;
	Thread->Affinity = Thread->UserAffinity = Process->Affinity;
	Thread->PreviousMode = KernelMode;
	KiInitializeContextThread(Thread, SystemRoutine, StartRoutine, StartContext, Context);
	Thread->State = Initialized;
}

/* Link an initialized thread into its process. */
VOID KeStartThread(PKTHREAD Thread)
{
	PKPROCESS Process = Thread->ApcState.Process;
	KIRQL OldIrql = KiAcquireDispatcherLock();

	InsertTailList(&Process->ThreadListHead, &Thread->ThreadListEntry);
	Process->StackCount++;
	KiReleaseDispatcherLock(OldIrql);
}

/* Make a thread eligible to run. */
VOID KeReadyThread(PKTHREAD Thread)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();

	KiReadyThread(Thread);
	KiReleaseDispatcherLock(OldIrql);
}

/*
 * End the current thread: abandon its mutants, signal it (and its process when it was
 * the last), hand it to the reaper (which frees its stack) and switch away for good.
 */
VOID KeTerminateThread(VOID)
{
	PKTHREAD Thread = KeGetCurrentThread();
	PKPROCESS Process = Thread->ApcState.Process;

	KiAcquireDispatcherLock();
	KiAbandonMutants(Thread);
	RemoveEntryList(&Thread->ThreadListEntry);
	Process->StackCount--;
	Thread->State = Terminated;
	Thread->WaitReason = WrTerminated;
	KiSignalObject(&Thread->Header);
	if (IsListEmpty(&Process->ThreadListHead))
		KiSignalObject(&Process->Header);
	((PETHREAD)Thread)->ReaperLink = PsReaperListHead;
	PsReaperListHead = (PETHREAD)Thread;
	KiSignalObject(&PsReaperEvent.Header);
	KiSwapThread(Thread, KeGetCurrentPrcb());
	KeBugCheckEx(TRAP_CAUSE_UNKNOWN, (ULONG_PTR)Thread, 0, 0, 0);
}

/*
 * Add one to Thread's suspend count; the first suspension queues its SuspendApc (or takes
 * back a resume its APC has not consumed yet). Returns the previous count, or
 * MAXIMUM_SUSPEND_COUNT + 1 when the count is full.
 */
DECLSPEC_TRACED ULONG KeSuspendThread(PKTHREAD Thread)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	ULONG PreviousCount = (ULONG)Thread->SuspendCount;

	if (PreviousCount == MAXIMUM_SUSPEND_COUNT) {
		PreviousCount = MAXIMUM_SUSPEND_COUNT + 1;
	} else if (Thread->ApcQueueable) {
		Thread->SuspendCount++;
		if (PreviousCount == 0 && Thread->FreezeCount == 0 && Thread->SuspendApc.Inserted)
			Thread->SuspendSemaphore.Header.SignalState--;
		else if (PreviousCount == 0 && Thread->FreezeCount == 0)
			KiInsertQueueApc(&Thread->SuspendApc, RESUME_INCREMENT);
	}
	KiReleaseDispatcherLock(OldIrql);
	return PreviousCount;
}

/* Release the suspended thread: signal its SuspendSemaphore (lock held). */
static VOID KiResumeSuspended(PKTHREAD Thread)
{
	Thread->SuspendSemaphore.Header.SignalState++;
	KiWaitTest(&Thread->SuspendSemaphore, RESUME_INCREMENT);
}

/* Take one from Thread's suspend count; at zero it runs again. Returns the previous count. */
DECLSPEC_TRACED ULONG KeResumeThread(PKTHREAD Thread)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	ULONG PreviousCount = (ULONG)Thread->SuspendCount;

	if (PreviousCount != 0 && --Thread->SuspendCount == 0 && Thread->FreezeCount == 0)
		KiResumeSuspended(Thread);
	KiReleaseDispatcherLock(OldIrql);
	return PreviousCount;
}

/* Clear every suspension of Thread (it is being terminated). Returns the previous count. */
ULONG KeForceResumeThread(PKTHREAD Thread)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	ULONG PreviousCount = (ULONG)Thread->SuspendCount + (ULONG)Thread->FreezeCount;

	if (PreviousCount != 0) {
		Thread->SuspendCount = Thread->FreezeCount = 0;
		KiResumeSuspended(Thread);
	}
	KiReleaseDispatcherLock(OldIrql);
	return PreviousCount;
}

/*
 * Set Thread's base and current priority (quantum recharged, boost dropped); it takes
 * effect at once, preempting as KiSetPriorityThread decides. Returns the old priority.
 */
KPRIORITY KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	KPRIORITY OldPriority = Thread->Priority;

	Thread->BasePriority = (SCHAR)Priority;
	Thread->PriorityDecrement = 0;
	Thread->Quantum = Thread->QuantumReset;
	KiSetPriorityThread(Thread, Priority);
	KiReleaseDispatcherLock(OldIrql);
	return OldPriority;
}

/* SuspendApc's kernel routine: nothing to do at APC_LEVEL; the normal routine waits. */
DECLSPEC_TRACED VOID NTAPI KiSuspendNop(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine,
                                        PVOID *NormalContext, PVOID *SystemArgument1,
                                        PVOID *SystemArgument2)
{
	__asm__ __volatile__("" : : : "memory");
}

/* SuspendApc's rundown routine: the APC is part of the thread, nothing to free. */
DECLSPEC_TRACED VOID NTAPI KiSuspendRundown(PKAPC Apc)
{
	__asm__ __volatile__("" : : : "memory");
}

/* SuspendApc's normal routine (PASSIVE_LEVEL): wait, Suspended, until resumed. */
DECLSPEC_TRACED VOID NTAPI KiSuspendThread(PVOID NormalContext, PVOID SystemArgument1,
                                           PVOID SystemArgument2)
{
	KeWaitForSingleObject(&KeGetCurrentThread()->SuspendSemaphore, Suspended, KernelMode,
	                      FALSE, NULL);
}
