/* procobj.c — the kernel process object (KPROCESS) and attaching threads to processes. */
#include <internal/ke.h>
#include <rtl.h>

/* Initialize a process object: a non-signalled dispatcher object with its page directory. */
VOID KeInitializeProcess(PKPROCESS Process, KPRIORITY Priority, ULONG_PTR DirectoryTableBase)
{
	Process->Header.Type = ProcessObject;
	Process->Header.Size = sizeof(KPROCESS) / sizeof(ULONG);
	Process->Header.SignalState = 0;
	InitializeListHead(&Process->Header.WaitListHead);
	InitializeListHead(&Process->ProfileListHead);
	InitializeListHead(&Process->ReadyListHead);
	InitializeListHead(&Process->ThreadListHead);
	Process->DirectoryTableBase[0] = DirectoryTableBase;
	Process->BasePriority = (SCHAR)Priority;
	Process->ThreadQuantum = THREAD_QUANTUM;
	Process->Affinity = Process->ActiveProcessors = 1;
	Process->IopmOffset = sizeof(KTSS);
}

/* Move an APC state to another place: copy it and re-anchor its two APC lists. */
static VOID KiMoveApcState(PKAPC_STATE OldState, PKAPC_STATE NewState)
{
	ULONG Mode;

	*NewState = *OldState;
	for (Mode = KernelMode; Mode < MaximumMode; Mode++) {
		if (IsListEmpty(&OldState->ApcListHead[Mode])) {
			InitializeListHead(&NewState->ApcListHead[Mode]);
			continue;
		}
		NewState->ApcListHead[Mode].Flink->Blink = &NewState->ApcListHead[Mode];
		NewState->ApcListHead[Mode].Blink->Flink = &NewState->ApcListHead[Mode];
	}
}

/* Run the current thread in Process's address space, saving its APC state in SavedApcState. */
static VOID KiAttachProcess(PKTHREAD Thread, PKPROCESS Process, PKAPC_STATE SavedApcState)
{
	KiMoveApcState(&Thread->ApcState, SavedApcState);
	InitializeListHead(&Thread->ApcState.ApcListHead[KernelMode]);
	InitializeListHead(&Thread->ApcState.ApcListHead[UserMode]);
	Thread->ApcState.Process = Process;
	Thread->ApcState.KernelApcInProgress = FALSE;
	Thread->ApcState.KernelApcPending = FALSE;
	Thread->ApcState.UserApcPending = FALSE;
	if (SavedApcState == &Thread->SavedApcState) {
		Thread->ApcStatePointer[0] = &Thread->SavedApcState;
		Thread->ApcStatePointer[1] = &Thread->ApcState;
		Thread->ApcStateIndex = 1;                       /* AttachedApcEnvironment */
	}
	__writecr3(Process->DirectoryTableBase[0]);
}

/*
 * Attach the current thread to Process (its address space, PsGetCurrentProcess()) until
 * KeUnstackDetachProcess(ApcState). Nests: an attached thread saves its state in ApcState.
 */
VOID KeStackAttachProcess(PKPROCESS Process, PKAPC_STATE ApcState)
{
	PKTHREAD Thread = KeGetCurrentThread();
	KIRQL OldIrql;

	if (Thread->ApcState.Process == Process) {
		ApcState->Process = (PKPROCESS)1;
		return;
	}
	OldIrql = KiAcquireDispatcherLock();
	if (Thread->ApcStateIndex != 0) {
		KiAttachProcess(Thread, Process, ApcState);
	} else {
		KiAttachProcess(Thread, Process, &Thread->SavedApcState);
		ApcState->Process = NULL;
	}
	KiReleaseDispatcherLock(OldIrql);
}

/* Undo the matching KeStackAttachProcess: back to the saved APC state and address space. */
VOID KeUnstackDetachProcess(PKAPC_STATE ApcState)
{
	PKTHREAD Thread = KeGetCurrentThread();
	KIRQL OldIrql;

	if (ApcState->Process == (PKPROCESS)1)
		return;
	OldIrql = KiAcquireDispatcherLock();
	if (ApcState->Process) {
		KiMoveApcState(ApcState, &Thread->ApcState);
	} else {
		KiMoveApcState(&Thread->SavedApcState, &Thread->ApcState);
		Thread->SavedApcState.Process = NULL;
		Thread->ApcStatePointer[0] = &Thread->ApcState;
		Thread->ApcStatePointer[1] = &Thread->SavedApcState;
		Thread->ApcStateIndex = 0;                       /* OriginalApcEnvironment */
	}
	__writecr3(Thread->ApcState.Process->DirectoryTableBase[0]);
	KiReleaseDispatcherLock(OldIrql);
}
