/*
 * sem.c — the executive's semaphore objects: the Semaphore object type and the services
 * that create and release them.
 */
#include <internal/ex.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <ntapi.h>

POBJECT_TYPE ExSemaphoreObjectType;

/* Create the Semaphore object type (phase 0). */
BOOLEAN ExpInitializeSemaphoreImplementation(VOID)
{
	OBJECT_TYPE_INITIALIZER Initializer = { 0 };
	UNICODE_STRING Name;

	RtlInitUnicodeString(&Name, L"Semaphore");
	Initializer.Length = sizeof(Initializer);
	Initializer.GenericMapping = (GENERIC_MAPPING){
		STANDARD_RIGHTS_READ | SEMAPHORE_QUERY_STATE, STANDARD_RIGHTS_WRITE | SEMAPHORE_MODIFY_STATE,
		STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, SEMAPHORE_ALL_ACCESS };
	Initializer.ValidAccessMask = SEMAPHORE_ALL_ACCESS;
	Initializer.PoolType = NonPagedPool;
	return NT_SUCCESS(ObCreateObjectType(&Name, &Initializer, NULL, &ExSemaphoreObjectType));
}

/* NtCreateSemaphore: a semaphore with InitialCount of at most MaximumCount; its handle. */
NTSTATUS NTAPI NtCreateSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, LONG InitialCount,
                                 LONG MaximumCount)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	HANDLE Handle = NULL;
	PKSEMAPHORE Semaphore;
	NTSTATUS Status;

	if (MaximumCount <= 0 || InitialCount < 0 || InitialCount > MaximumCount)
		return STATUS_INVALID_PARAMETER;
	Status = MmCopyToCaller(SemaphoreHandle, &Handle, sizeof(Handle));
	if (NT_SUCCESS(Status))
		Status = ObCreateObject(PreviousMode, ExSemaphoreObjectType, ObjectAttributes,
		                        PreviousMode, NULL, sizeof(KSEMAPHORE), 0, 0,
		                        (PVOID *)&Semaphore);
	if (!NT_SUCCESS(Status))
		return Status;
	KeInitializeSemaphore(Semaphore, InitialCount, MaximumCount);
	Status = ObInsertObject(Semaphore, NULL, DesiredAccess, 0, NULL, &Handle);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(SemaphoreHandle, &Handle, sizeof(Handle));
	return Status;
}

/* NtReleaseSemaphore: add ReleaseCount (within the maximum); the previous count. */
NTSTATUS NTAPI NtReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount, PLONG PreviousCount)
{
	PKSEMAPHORE Semaphore;
	LONG Count;
	NTSTATUS Status;

	if (ReleaseCount <= 0)
		return STATUS_INVALID_PARAMETER;
	Status = ObReferenceObjectByHandle(SemaphoreHandle, SEMAPHORE_MODIFY_STATE,
	                                   ExSemaphoreObjectType, KeGetPreviousMode(),
	                                   (PVOID *)&Semaphore, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Count = KeReleaseSemaphore(Semaphore, SEMAPHORE_INCREMENT, ReleaseCount, FALSE);
	ObDereferenceObject(Semaphore);
	if (Count < 0)
		return STATUS_SEMAPHORE_LIMIT_EXCEEDED;
	return PreviousCount ? MmCopyToCaller(PreviousCount, &Count, sizeof(Count)) : STATUS_SUCCESS;
}
