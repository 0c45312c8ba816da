/* obwait.c — waiting on objects by handle: NtWaitForSingleObject, NtWaitForMultipleObjects. */
#include <internal/ob.h>
#include <internal/ex.h>
#include <internal/mm.h>
#include <ntapi.h>

#define TAG_WAIT 'tiaW'

/*
 * The dispatcher object a wait on Object uses: its type's DefaultObject, an offset into
 * the body (0: the body itself) or a global object (&ObpDefaultObject, always signalled).
 */
static PVOID ObpGetWaitObject(PVOID Object)
{
	PVOID DefaultObject = OBJECT_TO_OBJECT_HEADER(Object)->Type->DefaultObject;

	if (IsPointerOffset(DefaultObject))
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

/* Drop the references ObpReferenceWaitObjects took on the first Count objects. */
static VOID ObpDereferenceObjects(ULONG Count, PVOID Object[])
{
	while (Count--)
		ObDereferenceObject(Object[Count]);
}

/* Reference the objects behind Count captured handles and find what a wait uses of each. */
static NTSTATUS ObpReferenceWaitObjects(ULONG Count, const HANDLE Handle[], PVOID Object[],
                                        PVOID WaitObject[])
{
	NTSTATUS Status;
	ULONG i;

	for (i = 0; i < Count; i++) {
		Status = ObReferenceObjectByHandle(Handle[i], SYNCHRONIZE, NULL, KeGetPreviousMode(),
		                                   &Object[i], NULL);
		if (!NT_SUCCESS(Status)) {
			ObpDereferenceObjects(i, Object);
			return Status;
		}
		WaitObject[i] = ObpGetWaitObject(Object[i]);
	}
	return STATUS_SUCCESS;
}

/*
 * Wait, in the caller's mode, for any (status = index) or all of Count handles' objects,
 * with an optional timeout; alertable waits end early for user APCs.
 */
NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, PHANDLE Handles, WAIT_TYPE WaitType,
                                        BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
	HANDLE Handle[MAXIMUM_WAIT_OBJECTS];
	PVOID Object[MAXIMUM_WAIT_OBJECTS], WaitObject[MAXIMUM_WAIT_OBJECTS];
	PKWAIT_BLOCK WaitBlock = NULL;
	LARGE_INTEGER CapturedTimeout;
	NTSTATUS Status = STATUS_SUCCESS;

	if (!Count || Count > MAXIMUM_WAIT_OBJECTS || (WaitType != WaitAll && WaitType != WaitAny))
		return STATUS_INVALID_PARAMETER;
	if (Timeout)
		Status = MmCopyFromCaller(&CapturedTimeout, Timeout, sizeof(CapturedTimeout));
	if (NT_SUCCESS(Status))
		Status = MmCopyFromCaller(Handle, Handles, Count * sizeof(HANDLE));
	if (NT_SUCCESS(Status) && Count > THREAD_WAIT_OBJECTS &&
	    !(WaitBlock = ExAllocatePoolWithTag(NonPagedPool, Count * sizeof(KWAIT_BLOCK), TAG_WAIT)))
		Status = STATUS_INSUFFICIENT_RESOURCES;
	if (NT_SUCCESS(Status))
		Status = ObpReferenceWaitObjects(Count, Handle, Object, WaitObject);
	if (!NT_SUCCESS(Status))
		goto cleanup;
	Status = KeWaitForMultipleObjects(Count, WaitObject, WaitType, UserRequest, KeGetPreviousMode(),
	                                  Alertable, Timeout ? &CapturedTimeout : NULL, WaitBlock);
	ObpDereferenceObjects(Count, Object);
cleanup:
	if (WaitBlock)
		ExFreePoolWithTag(WaitBlock, TAG_WAIT);
	return Status;
}
