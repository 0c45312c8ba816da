/*
 * mutant.c — the executive's mutant objects (Win32 mutexes): the Mutant object type and
 * the services that create and release them. A mutant deleted while owned is abandoned.
 */
#include <internal/ex.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <ntapi.h>

POBJECT_TYPE ExMutantObjectType;

/* Delete procedure: a mutant still owned is released as abandoned first. */
static VOID ExpDeleteMutant(PVOID ObjectBody)
{
	KeReleaseMutant(ObjectBody, MUTANT_INCREMENT, TRUE, FALSE);
}

/* Create the Mutant object type (phase 0). */
BOOLEAN ExpInitializeMutantImplementation(VOID)
{
	OBJECT_TYPE_INITIALIZER Initializer = { 0 };
	UNICODE_STRING Name;

	RtlInitUnicodeString(&Name, L"Mutant");
	Initializer.Length = sizeof(Initializer);
	Initializer.GenericMapping = (GENERIC_MAPPING){
		STANDARD_RIGHTS_READ | MUTANT_QUERY_STATE, STANDARD_RIGHTS_WRITE,
		STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, MUTANT_ALL_ACCESS };
	Initializer.ValidAccessMask = MUTANT_ALL_ACCESS;
	Initializer.PoolType = NonPagedPool;
	Initializer.DeleteProcedure = ExpDeleteMutant;
	return NT_SUCCESS(ObCreateObjectType(&Name, &Initializer, NULL, &ExMutantObjectType));
}

/* NtCreateMutant: a mutant, owned by the caller if InitialOwner; its handle. */
NTSTATUS NTAPI NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN InitialOwner)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	HANDLE Handle = NULL;
	PKMUTANT Mutant;
	NTSTATUS Status;

	Status = MmCopyToCaller(MutantHandle, &Handle, sizeof(Handle));
	if (NT_SUCCESS(Status))
		Status = ObCreateObject(PreviousMode, ExMutantObjectType, ObjectAttributes, PreviousMode,
		                        NULL, sizeof(KMUTANT), 0, 0, (PVOID *)&Mutant);
	if (!NT_SUCCESS(Status))
		return Status;
	KeInitializeMutant(Mutant, InitialOwner);
	Status = ObInsertObject(Mutant, NULL, DesiredAccess, 0, NULL, &Handle);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(MutantHandle, &Handle, sizeof(Handle));
	return Status;
}

/* NtReleaseMutant: give up one level of the caller's ownership; the previous count. */
NTSTATUS NTAPI NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount)
{
	PKMUTANT Mutant;
	LONG Count = 0;
	NTSTATUS Status;

	Status = ObReferenceObjectByHandle(MutantHandle, 0, ExMutantObjectType, KeGetPreviousMode(),
	                                   (PVOID *)&Mutant, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	if (Mutant->OwnerThread != KeGetCurrentThread())
		Status = STATUS_MUTANT_NOT_OWNED;
	else
		Count = KeReleaseMutant(Mutant, MUTANT_INCREMENT, FALSE, FALSE);
	ObDereferenceObject(Mutant);
	if (NT_SUCCESS(Status) && PreviousCount)
		Status = MmCopyToCaller(PreviousCount, &Count, sizeof(Count));
	return Status;
}
