/*
 * oblink.c — symbolic link objects. A link's parse procedure replaces the part of the
 * path walked so far by the link's target and asks for a new walk (STATUS_REPARSE), so
 * that "\??\C:\hello.elf" becomes "\Device\BootFs\hello.elf".
 */
#include <internal/ob.h>
#include <internal/mm.h>
#include <ntapi.h>
#include <rtl.h>

/* Rewrite CompleteName as the link's target followed by RemainingName; STATUS_REPARSE. */
NTSTATUS ObpParseSymbolicLink(PVOID ParseObject, POBJECT_TYPE ObjectType,
                              KPROCESSOR_MODE AccessMode, ULONG Attributes,
                              PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName,
                              PVOID Context, PVOID *Object)
{
	POBJECT_SYMBOLIC_LINK Link = ParseObject;
	ULONG Length = (ULONG)Link->LinkTarget.Length + RemainingName->Length;

	if (Length > CompleteName->MaximumLength)
		return STATUS_NAME_TOO_LONG;
	RtlMoveMemory((PCHAR)CompleteName->Buffer + Link->LinkTarget.Length, RemainingName->Buffer,
	              RemainingName->Length);
	RtlCopyMemory(CompleteName->Buffer, Link->LinkTarget.Buffer, Link->LinkTarget.Length);
	CompleteName->Length = (USHORT)Length;
	return STATUS_REPARSE;
}

/* A link is deleted: free its target. */
VOID ObpDeleteSymbolicLink(PVOID Object)
{
	ObpReleaseObjectName(&((POBJECT_SYMBOLIC_LINK)Object)->LinkTarget);
}

/*
 * Create a link named by ObjectAttributes (read in PreviousMode) to the absolute name
 * *LinkTarget (a pool copy the link takes over); a handle if Handle is given.
 */
static NTSTATUS ObpCreateSymbolicLinkObject(POBJECT_ATTRIBUTES ObjectAttributes,
                                            PUNICODE_STRING LinkTarget, ACCESS_MASK DesiredAccess,
                                            KPROCESSOR_MODE PreviousMode, PHANDLE Handle)
{
	POBJECT_SYMBOLIC_LINK Link;
	NTSTATUS Status = STATUS_INVALID_PARAMETER;

	if (LinkTarget->Length && LinkTarget->Buffer[0] == L'\\')
		Status = ObCreateObject(PreviousMode, ObpSymbolicLinkObjectType, ObjectAttributes,
		                        PreviousMode, NULL, sizeof(OBJECT_SYMBOLIC_LINK), 0, 0,
		                        (PVOID *)&Link);
	if (!NT_SUCCESS(Status)) {
		ObpReleaseObjectName(LinkTarget);
		return Status;
	}
	Link->LinkTarget = *LinkTarget;
	KeQuerySystemTime(&Link->CreationTime);
	return ObInsertObject(Link, NULL, DesiredAccess, 0, NULL, Handle);
}

/* Create a symbolic link object to LinkTarget and return a handle to it. */
NTSTATUS NTAPI NtCreateSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes,
                                          PUNICODE_STRING LinkTarget)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	UNICODE_STRING Target = { 0, 0, NULL };
	HANDLE Handle = NULL;
	NTSTATUS Status = MmCopyToCaller(LinkHandle, &Handle, sizeof(Handle));

	if (NT_SUCCESS(Status))
		Status = ObpCaptureObjectName(&Target, LinkTarget, PreviousMode);
	if (NT_SUCCESS(Status))
		Status = ObpCreateSymbolicLinkObject(ObjectAttributes, &Target, DesiredAccess,
		                                     PreviousMode, &Handle);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(LinkHandle, &Handle, sizeof(Handle));
	return Status;
}

/* Create a permanent link LinkName -> LinkTarget from kernel code. */
NTSTATUS ObpCreateSymbolicLink(PCWSTR LinkName, PCWSTR LinkTarget)
{
	OBJECT_ATTRIBUTES ObjectAttributes;
	UNICODE_STRING Name, Target, Copy = { 0, 0, NULL };
	NTSTATUS Status;

	RtlInitUnicodeString(&Name, LinkName);
	RtlInitUnicodeString(&Target, LinkTarget);
	InitializeObjectAttributes(&ObjectAttributes, &Name, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE,
	                           NULL, NULL);
	Status = ObpCaptureObjectName(&Copy, &Target, KernelMode);
	if (NT_SUCCESS(Status))
		Status = ObpCreateSymbolicLinkObject(&ObjectAttributes, &Copy, 0, KernelMode, NULL);
	return Status;
}
