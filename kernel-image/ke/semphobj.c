/*
 * semphobj.c — semaphore objects: a count between 0 and Limit; each satisfied wait takes
 * one, KeReleaseSemaphore gives some back and wakes that many waiters.
 */
#include <internal/ke.h>
#include <rtl.h>

/* Initialize a semaphore with Count of at most Limit. */
VOID NTAPI KeInitializeSemaphore(PKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
	Semaphore->Header.Type = SemaphoreObject;
	Semaphore->Header.Size = sizeof(KSEMAPHORE) / sizeof(ULONG);
	Semaphore->Header.SignalState = Count;
	InitializeListHead(&Semaphore->Header.WaitListHead);
	Semaphore->Limit = Limit;
}

/*
 * Add Adjustment to the count and wake waiters; returns the previous count, or -1 (count
 * unchanged) when the result would pass the limit.
 */
LONG NTAPI KeReleaseSemaphore(PKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment,
                              BOOLEAN Wait)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	LONG PreviousCount = Semaphore->Header.SignalState;

	if (Adjustment <= 0 || PreviousCount > Semaphore->Limit - Adjustment) {
		PreviousCount = -1;
	} else {
		Semaphore->Header.SignalState += Adjustment;
		KiWaitTest(Semaphore, Increment);
	}
	KiReleaseDispatcherLock(OldIrql);
	return PreviousCount;
}
