/*
 * mutntobj.c — mutant objects: owned by one thread at a time, recursively (SignalState
 * counts down from 1 per acquisition); a thread that ends still owning one abandons it,
 * and the next owner's wait returns STATUS_ABANDONED.
 */
#include <internal/ke.h>
#include <rtl.h>

/* Initialize a mutant, owned by the current thread if InitialOwner. */
VOID NTAPI KeInitializeMutant(PKMUTANT Mutant, BOOLEAN InitialOwner)
{
	PKTHREAD Thread = KeGetCurrentThread();
	KIRQL OldIrql;

	Mutant->Header.Type = MutantObject;
	Mutant->Header.Size = sizeof(KMUTANT) / sizeof(ULONG);
	Mutant->Header.SignalState = InitialOwner ? 0 : 1;
	InitializeListHead(&Mutant->Header.WaitListHead);
	Mutant->OwnerThread = InitialOwner ? Thread : NULL;
	Mutant->Abandoned = FALSE;
	Mutant->ApcDisable = 0;
	if (!InitialOwner)
		return;
	OldIrql = KiAcquireDispatcherLock();
	InsertHeadList(&Thread->MutantListHead, &Mutant->MutantListEntry);
	KiReleaseDispatcherLock(OldIrql);
}

/* Free a mutant (lock held): no owner, signalled, first waiter satisfied. */
static VOID KiFreeMutant(PKMUTANT Mutant, KPRIORITY Increment)
{
	if (Mutant->OwnerThread)
		RemoveEntryList(&Mutant->MutantListEntry);
	Mutant->OwnerThread = NULL;
	Mutant->Header.SignalState = 1;
	KiWaitTest(Mutant, Increment);
}

/*
 * Release one level of the current thread's ownership (or, with Abandoned, all of it);
 * returns the previous state. The caller checks the owner (STATUS_MUTANT_NOT_OWNED).
 */
LONG NTAPI KeReleaseMutant(PKMUTANT Mutant, KPRIORITY Increment, BOOLEAN Abandoned, BOOLEAN Wait)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	LONG PreviousState = Mutant->Header.SignalState;

	if (Abandoned) {
		Mutant->Abandoned = TRUE;
		KiFreeMutant(Mutant, Increment);
	} else if (Mutant->OwnerThread == KeGetCurrentThread() &&
	           ++Mutant->Header.SignalState == 1) {
		KiFreeMutant(Mutant, Increment);
	}
	KiReleaseDispatcherLock(OldIrql);
	return PreviousState;
}

/* A thread is ending: abandon every mutant it still owns (dispatcher lock held). */
VOID KiAbandonMutants(PKTHREAD Thread)
{
	PKMUTANT Mutant;

	while (!IsListEmpty(&Thread->MutantListHead)) {
		Mutant = CONTAINING_RECORD(Thread->MutantListHead.Flink, KMUTANT, MutantListEntry);
		Mutant->Abandoned = TRUE;
		KiFreeMutant(Mutant, MUTANT_INCREMENT);
	}
}
