/*
 * dpc.c — deferred procedure calls: a per-processor queue in the PRCB, filled at any
 * IRQL (also by the clock interrupt, so it is changed with interrupts disabled) and
 * drained at DISPATCH_LEVEL by KiRetireDpcList, from KiDispatchInterrupt or the idle loop.
 */
#include <internal/ke.h>
#include <rtl.h>

#define HighImportance 2

/* Initialize a DPC that runs DeferredRoutine(Dpc, DeferredContext, SA1, SA2). */
VOID NTAPI KeInitializeDpc(PKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
	Dpc->Type = DpcObject;
	Dpc->Number = 0;
	Dpc->Importance = 1;
	Dpc->DeferredRoutine = DeferredRoutine;
	Dpc->DeferredContext = DeferredContext;
	Dpc->DpcData = NULL;
}

/* Queue Dpc with its arguments and request a DISPATCH_LEVEL interrupt; FALSE if queued. */
BOOLEAN NTAPI KeInsertQueueDpc(PKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
	PKPRCB Prcb = KeGetCurrentPrcb();
	ULONG Flags = __readeflags();
	BOOLEAN Inserted = FALSE;

	_disable();
	if (!Dpc->DpcData) {
		Dpc->DpcData = &Prcb->DpcListHead;
		Dpc->SystemArgument1 = SystemArgument1;
		Dpc->SystemArgument2 = SystemArgument2;
		if (Dpc->Importance == HighImportance)
			InsertHeadList(&Prcb->DpcListHead, &Dpc->DpcListEntry);
		else
			InsertTailList(&Prcb->DpcListHead, &Dpc->DpcListEntry);
		Prcb->DpcQueueDepth++;
		HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
		Inserted = TRUE;
	}
	__writeeflags(Flags);
	return Inserted;
}

/* Run every queued DPC (DISPATCH_LEVEL); each is unqueued before its routine runs. */
VOID KiRetireDpcList(PKPRCB Prcb)
{
	PKDPC Dpc;
	KDPC Copy;

	for (;;) {
		_disable();
		if (IsListEmpty(&Prcb->DpcListHead))
			break;
		Dpc = CONTAINING_RECORD(RemoveHeadList(&Prcb->DpcListHead), KDPC, DpcListEntry);
		Copy = *Dpc;
		Dpc->DpcData = NULL;
		Prcb->DpcQueueDepth--;
		_enable();
		Prcb->DpcRoutineActive = TRUE;
		Copy.DeferredRoutine(Dpc, Copy.DeferredContext, Copy.SystemArgument1,
		                     Copy.SystemArgument2);
		Prcb->DpcRoutineActive = FALSE;
	}
	_enable();
}
