/* apc.c — asynchronous procedure calls; for now only the alert test services. */
#include <internal/ke.h>

/* Report and clear the current thread's user-mode alert (APC delivery comes later). */
NTSTATUS NTAPI NtTestAlert(VOID)
{
	PKTHREAD Thread = KeGetCurrentThread();
	KIRQL OldIrql = KiAcquireDispatcherLock();
	BOOLEAN Alerted = Thread->Alerted[UserMode];

	Thread->Alerted[UserMode] = FALSE;
	KiReleaseDispatcherLock(OldIrql);
	return Alerted ? STATUS_ALERTED : STATUS_SUCCESS;
}
