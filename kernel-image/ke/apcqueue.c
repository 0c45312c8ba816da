/*
 * apcqueue.c — APC objects and their queues: KeInitializeApc, and KiInsertQueueApc with
 * NT's queueing rules (special kernel APCs after the last special one, normal APCs at the
 * tail, the exit APC first) and wake rules (kernel APC interrupt or STATUS_KERNEL_APC
 * unwait, STATUS_USER_APC unwait of an alertable user-mode waiter). Pure queue logic,
 * also built into the host unit tests.
 */
#include <internal/ke.h>

/*
 * Initialize an APC for Thread in Environment. No NormalRoutine makes it a special kernel
 * APC (ApcMode is then KernelMode and NormalContext unused).
 */
VOID NTAPI KeInitializeApc(PKAPC Apc, PKTHREAD Thread, KAPC_ENVIRONMENT Environment,
                           PKKERNEL_ROUTINE KernelRoutine, PKRUNDOWN_ROUTINE RundownRoutine,
                           PKNORMAL_ROUTINE NormalRoutine, KPROCESSOR_MODE ApcMode,
                           PVOID NormalContext)
{
	Apc->Type = ApcObject;
	Apc->Size = sizeof(KAPC);
	Apc->ApcStateIndex = Environment == CurrentApcEnvironment ?
	                     (CHAR)Thread->ApcStateIndex : (CHAR)Environment;
	Apc->Thread = Thread;
	Apc->KernelRoutine = KernelRoutine;
	Apc->RundownRoutine = RundownRoutine;
	Apc->NormalRoutine = NormalRoutine;
	Apc->ApcMode = NormalRoutine ? ApcMode : KernelMode;
	Apc->NormalContext = NormalRoutine ? NormalContext : NULL;
	Apc->Inserted = FALSE;
}

/* Link a special kernel APC after the last special one (before the first normal one). */
static VOID KiInsertSpecialApc(PLIST_ENTRY ListHead, PKAPC Apc)
{
	PLIST_ENTRY Entry = ListHead->Blink;

	while (Entry != ListHead &&
	       CONTAINING_RECORD(Entry, KAPC, ApcListEntry)->NormalRoutine != NULL)
		Entry = Entry->Blink;
	InsertHeadList(Entry, &Apc->ApcListEntry);
}

/* Put Apc on its environment's list for its mode, in NT's order. */
static VOID KiLinkApc(PKAPC_STATE ApcState, PKAPC Apc)
{
	PLIST_ENTRY ListHead = &ApcState->ApcListHead[(ULONG)Apc->ApcMode];

	if (!Apc->NormalRoutine)
		KiInsertSpecialApc(ListHead, Apc);
	else if (Apc->ApcMode == UserMode && Apc->KernelRoutine == PsExitSpecialApc) {
		ApcState->UserApcPending = TRUE;
		InsertHeadList(ListHead, &Apc->ApcListEntry);
	} else
		InsertTailList(ListHead, &Apc->ApcListEntry);
}

/* A kernel APC for Thread: interrupt it if running, or end a wait that allows APCs. */
static VOID KiSignalKernelApc(PKTHREAD Thread, PKAPC Apc, KPRIORITY Increment)
{
	Thread->ApcState.KernelApcPending = TRUE;
	if (Thread->State == Running) {
		HalRequestSoftwareInterrupt(APC_LEVEL);
		return;
	}
	if (Thread->State == Waiting && Thread->WaitIrql == PASSIVE_LEVEL &&
	    !Thread->SpecialApcDisable &&
	    (!Apc->NormalRoutine ||
	     (!Thread->KernelApcDisable && !Thread->ApcState.KernelApcInProgress)))
		KiUnwaitThread(Thread, STATUS_KERNEL_APC, Increment);
}

/*
 * Insert Apc (dispatcher lock held; the caller checked that it may be queued) and wake
 * its thread as the APC's kind requires. The tracer watches this function.
 */
DECLSPEC_TRACED VOID KiInsertQueueApc(PKAPC Apc, KPRIORITY Increment)
{
	PKTHREAD Thread = Apc->Thread;

	if (Apc->ApcStateIndex == InsertApcEnvironment)
		Apc->ApcStateIndex = (CHAR)Thread->ApcStateIndex;
	KiLinkApc(Thread->ApcStatePointer[(ULONG)Apc->ApcStateIndex], Apc);
	Apc->Inserted = TRUE;
	if (Apc->ApcStateIndex != Thread->ApcStateIndex)
		return;
	if (Apc->ApcMode == KernelMode) {
		KiSignalKernelApc(Thread, Apc, Increment);
	} else if (Thread->State == Waiting && Thread->WaitMode == UserMode &&
	           (Thread->Alertable || Thread->ApcState.UserApcPending)) {
		Thread->ApcState.UserApcPending = TRUE;
		KiUnwaitThread(Thread, STATUS_USER_APC, Increment);
	}
}

/* Unlink and return the first APC of Mode in ApcState (the list must not be empty). */
PKAPC KiRemoveFirstApc(PKAPC_STATE ApcState, KPROCESSOR_MODE Mode)
{
	PKAPC Apc = CONTAINING_RECORD(RemoveHeadList(&ApcState->ApcListHead[(ULONG)Mode]),
	                              KAPC, ApcListEntry);

	Apc->Inserted = FALSE;
	return Apc;
}
