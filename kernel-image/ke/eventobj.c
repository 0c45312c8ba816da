/*
 * eventobj.c — event objects: a notification event stays signalled and releases every
 * waiter, a synchronization event releases one waiter and resets itself.
 */
#include <internal/ke.h>
#include <rtl.h>

/* Initialize an event of Type (NotificationEvent or SynchronizationEvent) in State. */
VOID NTAPI KeInitializeEvent(PKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
	Event->Header.Type = Type == NotificationEvent ? EventNotificationObject :
	                                                 EventSynchronizationObject;
	Event->Header.Size = sizeof(KEVENT) / sizeof(ULONG);
	Event->Header.SignalState = State;
	InitializeListHead(&Event->Header.WaitListHead);
}

/* Signal Event and wake the waiters it satisfies, boosted by Increment; previous state. */
LONG NTAPI KeSetEvent(PKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	LONG PreviousState = Event->Header.SignalState;

	Event->Header.SignalState = 1;
	KiWaitTest(Event, Increment);
	KiReleaseDispatcherLock(OldIrql);
	return PreviousState;
}

/* Reset Event to not signalled; previous state. */
LONG NTAPI KeResetEvent(PKEVENT Event)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	LONG PreviousState = Event->Header.SignalState;

	Event->Header.SignalState = 0;
	KiReleaseDispatcherLock(OldIrql);
	return PreviousState;
}

/* Signal an object that stays signalled (thread, process) and wake its waiters (lock held). */
VOID KiSignalObject(PDISPATCHER_HEADER Header)
{
	Header->SignalState = 1;
	KiWaitTest(Header, 0);
}
