/* thrdobj.c — the kernel thread object: initialization, start, ready, termination. */
#include <internal/ke.h>
#include <rtl.h>

/*
 * Initialize a thread whose kernel stack top is KernelStack. SystemRoutine runs first
 * (via KiThreadStartup); Context, when given, is the user-mode state to enter afterwards.
 */
VOID KeInitThread(PKTHREAD Thread, PVOID KernelStack, PKSYSTEM_ROUTINE SystemRoutine,
                  PVOID StartRoutine, PVOID StartContext, const CONTEXT *Context,
                  PVOID Teb, PKPROCESS Process)
{
	Thread->Header.Type = ThreadObject;
	Thread->Header.Size = sizeof(KTHREAD) / sizeof(ULONG);
	InitializeListHead(&Thread->Header.WaitListHead);
	InitializeListHead(&Thread->MutantListHead);
	InitializeListHead(&Thread->ApcState.ApcListHead[KernelMode]);
	InitializeListHead(&Thread->ApcState.ApcListHead[UserMode]);
	Thread->ApcState.Process = Process;
	Thread->ApcStatePointer[0] = &Thread->ApcState;
	Thread->ApcStatePointer[1] = &Thread->SavedApcState;
	Thread->ApcQueueable = TRUE;
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

/* End the current thread: signal it (and its process when it was the last), switch away. */
VOID KeTerminateThread(VOID)
{
	PKTHREAD Thread = KeGetCurrentThread();
	PKPROCESS Process = Thread->ApcState.Process;

	KiAcquireDispatcherLock();
	RemoveEntryList(&Thread->ThreadListEntry);
	Process->StackCount--;
	Thread->State = Terminated;
	KiSignalObject(&Thread->Header);
	if (IsListEmpty(&Process->ThreadListHead))
		KiSignalObject(&Process->Header);
	KiSwapThread(Thread);
	KeBugCheckEx(TRAP_CAUSE_UNKNOWN, (ULONG_PTR)Thread, 0, 0, 0);
}
