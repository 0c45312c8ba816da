/*
 * apc.c — APC delivery and alerts: KeInsertQueueApc (KiInsertQueueApc does the queueing),
 * KiDeliverApc (every kernel APC, then one user APC when returning to user mode),
 * flushing a thread's queue when it ends, and the alert services.
 */
#include <internal/ke.h>
#include <ntapi.h>

/*
 * Queue Apc with its system arguments; FALSE when it is already queued or its thread no
 * longer takes APCs.
 */
BOOLEAN NTAPI KeInsertQueueApc(PKAPC Apc, PVOID SystemArgument1, PVOID SystemArgument2,
                               KPRIORITY Increment)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	BOOLEAN Inserted = Apc->Thread->ApcQueueable && !Apc->Inserted;

	if (Inserted) {
		Apc->SystemArgument1 = SystemArgument1;
		Apc->SystemArgument2 = SystemArgument2;
		KiInsertQueueApc(Apc, Increment);
	}
	KiReleaseDispatcherLock(OldIrql);
	return Inserted;
}

/* Dequeue the next kernel APC that may run now, or NULL (normal ones wait while one runs). */
static PKAPC KiNextKernelApc(PKTHREAD Thread)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	PLIST_ENTRY ListHead = &Thread->ApcState.ApcListHead[KernelMode];
	PKAPC Apc = NULL;

	if (!IsListEmpty(ListHead)) {
		Apc = CONTAINING_RECORD(ListHead->Flink, KAPC, ApcListEntry);
		if (Apc->NormalRoutine &&
		    (Thread->ApcState.KernelApcInProgress || Thread->KernelApcDisable))
			Apc = NULL;
		else
			KiRemoveFirstApc(&Thread->ApcState, KernelMode);
	}
	KiReleaseDispatcherLock(OldIrql);
	return Apc;
}

/* Run a dequeued kernel APC: KernelRoutine at APC_LEVEL, NormalRoutine at PASSIVE_LEVEL. */
static VOID KiRunKernelApc(PKTHREAD Thread, PKAPC Apc)
{
	PKNORMAL_ROUTINE NormalRoutine = Apc->NormalRoutine;
	PVOID NormalContext = Apc->NormalContext;
	PVOID SystemArgument1 = Apc->SystemArgument1, SystemArgument2 = Apc->SystemArgument2;

	Apc->KernelRoutine(Apc, &NormalRoutine, &NormalContext, &SystemArgument1, &SystemArgument2);
	if (!NormalRoutine)
		return;
	Thread->ApcState.KernelApcInProgress = TRUE;
	KeLowerIrql(PASSIVE_LEVEL);
	NormalRoutine(NormalContext, SystemArgument1, SystemArgument2);
	KfRaiseIrql(APC_LEVEL);
	Thread->ApcState.KernelApcInProgress = FALSE;
}

/* Dequeue the first user APC if user APC delivery is pending, or NULL. */
static PKAPC KiNextUserApc(PKTHREAD Thread)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	PKAPC Apc = NULL;

	if (Thread->ApcState.UserApcPending &&
	    !IsListEmpty(&Thread->ApcState.ApcListHead[UserMode])) {
		Thread->ApcState.UserApcPending = FALSE;
		Apc = KiRemoveFirstApc(&Thread->ApcState, UserMode);
	}
	KiReleaseDispatcherLock(OldIrql);
	return Apc;
}

/* Start a dequeued user APC: KernelRoutine, then redirect the trap frame to user mode. */
static VOID KiRunUserApc(PKAPC Apc, PVOID ExceptionFrame, PKTRAP_FRAME TrapFrame)
{
	PKNORMAL_ROUTINE NormalRoutine = Apc->NormalRoutine;
	PVOID NormalContext = Apc->NormalContext;
	PVOID SystemArgument1 = Apc->SystemArgument1, SystemArgument2 = Apc->SystemArgument2;

	Apc->KernelRoutine(Apc, &NormalRoutine, &NormalContext, &SystemArgument1, &SystemArgument2);
	if (!NormalRoutine)
		KeTestAlertThread(UserMode);
	else
		KiInitializeUserApc(ExceptionFrame, TrapFrame, NormalRoutine, NormalContext,
		                    SystemArgument1, SystemArgument2);
}

/*
 * Deliver the current thread's APCs at APC_LEVEL: every kernel APC that may run, then,
 * for DeliveryMode UserMode, one user APC (the next one on the next return to user mode).
 */
VOID KiDeliverApc(KPROCESSOR_MODE DeliveryMode, PVOID ExceptionFrame, PKTRAP_FRAME TrapFrame)
{
	PKTHREAD Thread = KeGetCurrentThread();
	PKAPC Apc;

	Thread->ApcState.KernelApcPending = FALSE;
	while ((Apc = KiNextKernelApc(Thread)) != NULL)
		KiRunKernelApc(Thread, Apc);
	if (DeliveryMode == UserMode && (Apc = KiNextUserApc(Thread)) != NULL)
		KiRunUserApc(Apc, ExceptionFrame, TrapFrame);
}

/* Empty Thread's Mode queue (it ends), running each APC's rundown routine. */
VOID KeFlushQueueApc(PKTHREAD Thread, KPROCESSOR_MODE Mode)
{
	KIRQL OldIrql;
	PKAPC Apc;

	for (;;) {
		OldIrql = KiAcquireDispatcherLock();
		Apc = IsListEmpty(&Thread->ApcState.ApcListHead[(ULONG)Mode]) ? NULL :
		      KiRemoveFirstApc(&Thread->ApcState, Mode);
		KiReleaseDispatcherLock(OldIrql);
		if (!Apc)
			break;
		if (Apc->RundownRoutine)
			Apc->RundownRoutine(Apc);
	}
}

/*
 * Test and clear the current thread's alert for AlertMode (TRUE if it was alerted); for
 * user mode, with user APCs queued, arm their delivery on the way back to user mode.
 */
BOOLEAN KeTestAlertThread(KPROCESSOR_MODE AlertMode)
{
	PKTHREAD Thread = KeGetCurrentThread();
	KIRQL OldIrql = KiAcquireDispatcherLock();
	BOOLEAN Alerted = Thread->Alerted[(ULONG)AlertMode];

	Thread->Alerted[(ULONG)AlertMode] = FALSE;
	if (!Alerted && AlertMode == UserMode &&
	    !IsListEmpty(&Thread->ApcState.ApcListHead[UserMode]))
		Thread->ApcState.UserApcPending = TRUE;
	KiReleaseDispatcherLock(OldIrql);
	return Alerted;
}

/*
 * Alert Thread for AlertMode: end an alertable wait it may end (STATUS_ALERTED), else
 * leave the alert pending. Returns whether it was already alerted.
 */
BOOLEAN KeAlertThread(PKTHREAD Thread, KPROCESSOR_MODE AlertMode)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	BOOLEAN Alerted = Thread->Alerted[(ULONG)AlertMode];

	if (!Alerted) {
		if (Thread->State == Waiting && Thread->Alertable && AlertMode <= Thread->WaitMode)
			KiUnwaitThread(Thread, STATUS_ALERTED, THREAD_ALERT_INCREMENT);
		else
			Thread->Alerted[(ULONG)AlertMode] = TRUE;
	}
	KiReleaseDispatcherLock(OldIrql);
	return Alerted;
}

/* NtTestAlert: STATUS_ALERTED if the caller was alerted; queued user APCs run on return. */
NTSTATUS NTAPI NtTestAlert(VOID)
{
	return KeTestAlertThread(KeGetPreviousMode()) ? STATUS_ALERTED : STATUS_SUCCESS;
}
