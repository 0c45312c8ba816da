/*
 * timerobj.c — timers: one list of inserted timers sorted by due time (absolute interrupt
 * time). The clock interrupt queues the expiration DPC when the first timer is due; the
 * DPC signals each due timer and wakes its waiters (a wait's timeout is the thread's own
 * timer, whose wait block carries STATUS_TIMEOUT). The clock reads the list, so it is
 * changed with interrupts disabled.
 */
#include <internal/ke.h>
#include <rtl.h>

static VOID NTAPI KiTimerExpiration(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
                                    PVOID SystemArgument2);

static LIST_ENTRY KiTimerListHead = { &KiTimerListHead, &KiTimerListHead };
static KDPC KiTimerExpireDpc = { .Type = DpcObject, .Importance = 1,
                                 .DeferredRoutine = KiTimerExpiration };

/* Initialize a notification timer, not inserted and not signalled. */
VOID NTAPI KeInitializeTimer(PKTIMER Timer)
{
	Timer->Header.Type = TimerNotificationObject;
	Timer->Header.Size = sizeof(KTIMER) / sizeof(ULONG);
	Timer->Header.Inserted = FALSE;
	Timer->Header.SignalState = 0;
	InitializeListHead(&Timer->Header.WaitListHead);
	Timer->DueTime.QuadPart = 0;
	Timer->Dpc = NULL;
	Timer->Period = 0;
}

/* The absolute interrupt time an interval (negative: relative, else system time) ends. */
ULONGLONG KiComputeDueTime(const LARGE_INTEGER *Interval)
{
	ULONGLONG Now = KeQueryInterruptTime();
	LARGE_INTEGER SystemTime;

	if (Interval->QuadPart < 0)
		return Now + (ULONGLONG)-Interval->QuadPart;
	KeQuerySystemTime(&SystemTime);
	if (Interval->QuadPart <= SystemTime.QuadPart)
		return Now;
	return Now + (ULONGLONG)(Interval->QuadPart - SystemTime.QuadPart);
}

/* Insert Timer due at DueTime in order; FALSE (not inserted) when that time has passed. */
BOOLEAN KiInsertTimer(PKTIMER Timer, ULONGLONG DueTime)
{
	ULONG Flags = __readeflags();
	PLIST_ENTRY Entry;

	if (DueTime <= KeQueryInterruptTime())
		return FALSE;
	Timer->DueTime.QuadPart = DueTime;
	_disable();
	for (Entry = KiTimerListHead.Blink; Entry != &KiTimerListHead; Entry = Entry->Blink)
		if (CONTAINING_RECORD(Entry, KTIMER, TimerListEntry)->DueTime.QuadPart <= DueTime)
			break;
	InsertHeadList(Entry, &Timer->TimerListEntry);
	Timer->Header.Inserted = TRUE;
	__writeeflags(Flags);
	return TRUE;
}

/* Take an inserted timer off the list. */
VOID KiRemoveTimer(PKTIMER Timer)
{
	ULONG Flags = __readeflags();

	_disable();
	RemoveEntryList(&Timer->TimerListEntry);
	Timer->Header.Inserted = FALSE;
	__writeeflags(Flags);
}

/* Remove and return the first timer if it is due at Now, else NULL. */
static PKTIMER KiRemoveDueTimer(ULONGLONG Now)
{
	PKTIMER Timer = NULL;

	_disable();
	if (!IsListEmpty(&KiTimerListHead)) {
		Timer = CONTAINING_RECORD(KiTimerListHead.Flink, KTIMER, TimerListEntry);
		if (Timer->DueTime.QuadPart <= Now) {
			RemoveEntryList(&Timer->TimerListEntry);
			Timer->Header.Inserted = FALSE;
		} else {
			Timer = NULL;
		}
	}
	_enable();
	return Timer;
}

/* Signal Timer: wake its waiters and queue its DPC. */
static VOID KiSignalTimer(PKTIMER Timer, ULONGLONG Now)
{
	Timer->Header.SignalState = 1;
	KiWaitTest(Timer, TIMER_EXPIRE_INCREMENT);
	if (Timer->Dpc)
		KeInsertQueueDpc(Timer->Dpc, (PVOID)(ULONG)Now, (PVOID)(ULONG)(Now >> 32));
}

/* The timer expiration DPC (DISPATCH_LEVEL): signal every timer that is due. */
static VOID NTAPI KiTimerExpiration(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
                                    PVOID SystemArgument2)
{
	ULONGLONG Now = KeQueryInterruptTime();
	PKTIMER Timer;

	while ((Timer = KiRemoveDueTimer(Now)) != NULL)
		KiSignalTimer(Timer, Now);
}

/* Clock interrupt: queue the expiration DPC once the first timer is due. */
VOID KiCheckTimerList(ULONGLONG InterruptTime)
{
	PKTIMER Timer;

	if (IsListEmpty(&KiTimerListHead))
		return;
	Timer = CONTAINING_RECORD(KiTimerListHead.Flink, KTIMER, TimerListEntry);
	if (Timer->DueTime.QuadPart <= InterruptTime)
		KeInsertQueueDpc(&KiTimerExpireDpc, NULL, NULL);
}

/*
 * Set Timer to expire at DueTime (relative if negative), queueing Dpc then; returns
 * whether it was already set. A time already past signals it at once.
 */
BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	BOOLEAN WasInserted = Timer->Header.Inserted;

	if (WasInserted)
		KiRemoveTimer(Timer);
	Timer->Dpc = Dpc;
	Timer->Header.SignalState = 0;
	if (!KiInsertTimer(Timer, KiComputeDueTime(&DueTime)))
		KiSignalTimer(Timer, KeQueryInterruptTime());
	KiReleaseDispatcherLock(OldIrql);
	return WasInserted;
}

/* Cancel Timer; returns whether it was set. */
BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	BOOLEAN WasInserted = Timer->Header.Inserted;

	if (WasInserted)
		KiRemoveTimer(Timer);
	KiReleaseDispatcherLock(OldIrql);
	return WasInserted;
}
