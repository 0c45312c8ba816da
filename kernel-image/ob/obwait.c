/* obwait.c — waiting on objects by handle: NtWaitForSingleObject. */
#include <internal/ob.h>
#include <internal/mm.h>
#include <ntapi.h>

/* The dispatcher object a wait on Object uses: its type's DefaultObject (offset or object). */
static PVOID ObpGetWaitObject(PVOID Object)
{
	PVOID DefaultObject = OBJECT_TO_OBJECT_HEADER(Object)->Type->DefaultObject;

	if ((LONG_PTR)DefaultObject >= 0)
		return (PCHAR)Object + (ULONG_PTR)DefaultObject;
	return DefaultObject;
}

/*
 * Wait, in the caller's mode, until Handle's object is signalled, the optional timeout
 * passes (STATUS_TIMEOUT), or an alertable wait gets a user APC (STATUS_USER_APC).
 */
NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	LARGE_INTEGER CapturedTimeout;
	PVOID Object;
	NTSTATUS Status = STATUS_SUCCESS;

	if (Timeout)
		Status = MmCopyFromCaller(&CapturedTimeout, Timeout, sizeof(CapturedTimeout));
	if (NT_SUCCESS(Status))
		Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, NULL, PreviousMode, &Object, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = KeWaitForSingleObject(ObpGetWaitObject(Object), UserRequest, PreviousMode, Alertable,
	                               Timeout ? &CapturedTimeout : NULL);
	ObDereferenceObject(Object);
	return Status;
}
