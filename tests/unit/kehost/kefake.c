/*
 * kefake.c — the processor and kernel services the Ke unit tests run the pure dispatcher
 * files against: one PCR, software interrupt requests and timer removals counted, and
 * helpers that build threads, objects and waits as the kernel would.
 */
#include <string.h>

#include "tests/unit/kehost/kefake.h"

KPCR KiPcr;
struct kefake_log kefake;

/* Count a software interrupt request. */
VOID HalRequestSoftwareInterrupt(KIRQL Irql)
{
	if (Irql == APC_LEVEL)
		kefake.apc_interrupts++;
	else if (Irql == DISPATCH_LEVEL)
		kefake.dispatch_interrupts++;
}

/* Take a timer off the (absent) timer list. */
VOID KiRemoveTimer(PKTIMER Timer)
{
	Timer->Header.Inserted = FALSE;
	kefake.timers_removed++;
}

/* The exit APC's kernel routine; only its address matters to the queueing rules. */
VOID NTAPI PsExitSpecialApc(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                            PVOID *SystemArgument1, PVOID *SystemArgument2)
{
}

/* An empty processor: ready lists, no current, next or idle thread, no requests. */
void kefake_reset(void)
{
	ULONG i;

	memset(&KiPcr, 0, sizeof(KiPcr));
	memset(&kefake, 0, sizeof(kefake));
	for (i = 0; i < MAXIMUM_PRIORITY; i++)
		InitializeListHead(&KiPcr.PrcbData.DispatcherReadyListHead[i]);
}

/* A thread at Priority (also its base), Initialized, with empty lists and its timer block. */
void kefake_thread(PKTHREAD Thread, SCHAR Priority)
{
	memset(Thread, 0, sizeof(*Thread));
	Thread->Header.Type = ThreadObject;
	InitializeListHead(&Thread->Header.WaitListHead);
	InitializeListHead(&Thread->MutantListHead);
	InitializeListHead(&Thread->ApcState.ApcListHead[KernelMode]);
	InitializeListHead(&Thread->ApcState.ApcListHead[UserMode]);
	InitializeListHead(&Thread->SavedApcState.ApcListHead[KernelMode]);
	InitializeListHead(&Thread->SavedApcState.ApcListHead[UserMode]);
	Thread->ApcStatePointer[OriginalApcEnvironment] = &Thread->ApcState;
	Thread->ApcStatePointer[AttachedApcEnvironment] = &Thread->SavedApcState;
	Thread->ApcQueueable = TRUE;
	Thread->Priority = Thread->BasePriority = Priority;
	Thread->Quantum = Thread->QuantumReset = THREAD_QUANTUM;
	Thread->Timer.Header.Type = TimerNotificationObject;
	InitializeListHead(&Thread->Timer.Header.WaitListHead);
	Thread->WaitBlock[TIMER_WAIT_BLOCK].Thread = Thread;
	Thread->WaitBlock[TIMER_WAIT_BLOCK].Object = &Thread->Timer;
	Thread->WaitBlock[TIMER_WAIT_BLOCK].WaitKey = (USHORT)STATUS_TIMEOUT;
	Thread->WaitBlock[TIMER_WAIT_BLOCK].WaitType = WaitAny;
}

/* Make Thread the running thread. */
void kefake_run(PKTHREAD Thread)
{
	Thread->State = Running;
	KiPcr.PrcbData.CurrentThread = Thread;
}

/* A dispatcher object header of Type (events, semaphores, mutants, timers). */
void kefake_event(PKEVENT Event, KOBJECTS Type, LONG SignalState)
{
	memset(Event, 0, sizeof(*Event));
	Event->Header.Type = (UCHAR)Type;
	Event->Header.SignalState = SignalState;
	InitializeListHead(&Event->Header.WaitListHead);
}

/* Block Thread on Objects as KeWaitFor*Objects does: wait blocks on both sides, Waiting. */
void kefake_wait(PKTHREAD Thread, ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                 KPROCESSOR_MODE WaitMode, BOOLEAN Alertable)
{
	PKWAIT_BLOCK WaitBlock = Thread->WaitBlock;
	ULONG i;

	for (i = 0; i < Count; i++) {
		WaitBlock[i].Thread = Thread;
		WaitBlock[i].Object = Object[i];
		WaitBlock[i].NextWaitBlock = &WaitBlock[(i + 1) % Count];
		WaitBlock[i].WaitKey = (USHORT)(Object[i] == &Thread->Timer ? STATUS_TIMEOUT : i);
		WaitBlock[i].WaitType = (USHORT)WaitType;
		InsertTailList(&((PDISPATCHER_HEADER)Object[i])->WaitListHead,
		               &WaitBlock[i].WaitListEntry);
	}
	Thread->WaitBlockList = WaitBlock;
	Thread->WaitMode = WaitMode;
	Thread->Alertable = Alertable;
	Thread->WaitIrql = PASSIVE_LEVEL;
	Thread->State = Waiting;
}

/* How many wait blocks Object's wait list holds. */
ULONG kefake_waiters(PVOID Object)
{
	PLIST_ENTRY Head = &((PDISPATCHER_HEADER)Object)->WaitListHead, Entry;
	ULONG Count = 0;

	for (Entry = Head->Flink; Entry != Head; Entry = Entry->Flink)
		Count++;
	return Count;
}
