/*
 * obref.c — references: pointer counts (the last dereference deletes the object), and
 * references by pointer, by handle (pseudo-handles, kernel handles, type and access
 * checks) and by name.
 */
#include <internal/ps.h>
#include <internal/ob.h>

/* Add a pointer reference; return the new count. */
LONG_PTR ObfReferenceObject(PVOID Object)
{
	return __sync_add_and_fetch(&OBJECT_TO_OBJECT_HEADER(Object)->PointerCount, 1);
}

/* Drop a pointer reference; the last one deletes the object. Return the new count. */
LONG_PTR ObfDereferenceObject(PVOID Object)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
	LONG Count = __sync_sub_and_fetch(&Header->PointerCount, 1);

	if (Count < 0)
		KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)Header->Type, (ULONG_PTR)Object,
		             (ULONG_PTR)Header->HandleCount, (ULONG_PTR)Count);
	if (Count == 0)
		ObpDeleteObject(Object);
	return Count;
}

/* Reference an object found in a table that may already be dying: FALSE once at 0. */
BOOLEAN ObReferenceObjectSafe(PVOID Object)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
	ULONG State = ExpDisableInterrupts();
	BOOLEAN Alive = Header->PointerCount > 0;

	if (Alive)
		Header->PointerCount++;
	__writeeflags(State);
	return Alive;
}

/* Generic rights mapped through the type, MAXIMUM_ALLOWED expanded, invalid bits dropped. */
ACCESS_MASK ObpMapDesiredAccess(POBJECT_TYPE ObjectType, ACCESS_MASK DesiredAccess)
{
	PGENERIC_MAPPING Mapping = &ObjectType->TypeInfo.GenericMapping;
	ACCESS_MASK Access = DesiredAccess;

	if (DesiredAccess & MAXIMUM_ALLOWED)
		Access |= ObjectType->TypeInfo.ValidAccessMask;
	if (DesiredAccess & GENERIC_READ)
		Access |= Mapping->GenericRead;
	if (DesiredAccess & GENERIC_WRITE)
		Access |= Mapping->GenericWrite;
	if (DesiredAccess & GENERIC_EXECUTE)
		Access |= Mapping->GenericExecute;
	if (DesiredAccess & GENERIC_ALL)
		Access |= Mapping->GenericAll;
	return Access & ObjectType->TypeInfo.ValidAccessMask;
}

/* Reference Object if it is of ObjectType (NULL: any). */
NTSTATUS ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK DesiredAccess,
                                    POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode)
{
	if (ObjectType && OBJECT_TO_OBJECT_HEADER(Object)->Type != ObjectType)
		return STATUS_OBJECT_TYPE_MISMATCH;
	ObReferenceObject(Object);
	return STATUS_SUCCESS;
}

/* NtCurrentProcess() and NtCurrentThread(): the caller itself, with all access. */
static NTSTATUS ObpReferencePseudoHandle(HANDLE Handle, POBJECT_TYPE ObjectType, PVOID *Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation)
{
	BOOLEAN IsProcess = Handle == NtCurrentProcess();
	PVOID Current = IsProcess ? (PVOID)PsGetCurrentProcess() : (PVOID)PsGetCurrentThread();

	if (ObjectType && ObjectType != (IsProcess ? PsProcessType : PsThreadType))
		return STATUS_OBJECT_TYPE_MISMATCH;
	ObReferenceObject(Current);
	*Object = Current;
	if (HandleInformation) {
		HandleInformation->HandleAttributes = 0;
		HandleInformation->GrantedAccess = IsProcess ? PROCESS_ALL_ACCESS : THREAD_ALL_ACCESS;
	}
	return STATUS_SUCCESS;
}

/* Check a handle entry against the wanted type and (for user-mode callers) access. */
static NTSTATUS ObpCheckHandleEntry(PHANDLE_TABLE_ENTRY Entry, ACCESS_MASK DesiredAccess,
                                    POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode)
{
	POBJECT_HEADER Header = (POBJECT_HEADER)(Entry->ObAttributes & ~(ULONG_PTR)OBJ_HANDLE_ATTRIBUTES);

	if (ObjectType && Header->Type != ObjectType)
		return STATUS_OBJECT_TYPE_MISMATCH;
	if (AccessMode != KernelMode && (DesiredAccess & ~Entry->GrantedAccess))
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}

/*
 * Reference the object Handle names in the current process (or, for a kernel handle
 * from kernel mode, in the System process), checking ObjectType (NULL: any) and, for
 * user-mode callers, that the handle grants DesiredAccess.
 */
NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                   POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                   PVOID *Object, POBJECT_HANDLE_INFORMATION HandleInformation)
{
	PHANDLE_TABLE Table = ObpGetHandleTable(&Handle, AccessMode, NULL);
	PHANDLE_TABLE_ENTRY Entry;
	POBJECT_HEADER Header;
	NTSTATUS Status;
	ULONG State;

	if (Handle == NtCurrentProcess() || Handle == NtCurrentThread())
		return ObpReferencePseudoHandle(Handle, ObjectType, Object, HandleInformation);
	if (!Table)
		return STATUS_INVALID_HANDLE;
	State = ExLockHandleTable(Table);
	Entry = ExMapHandleToPointer(Table, Handle);
	Status = Entry ? ObpCheckHandleEntry(Entry, DesiredAccess, ObjectType, AccessMode)
	               : STATUS_INVALID_HANDLE;
	if (NT_SUCCESS(Status)) {
		Header = (POBJECT_HEADER)(Entry->ObAttributes & ~(ULONG_PTR)OBJ_HANDLE_ATTRIBUTES);
		ObReferenceObject(&Header->Body);
		*Object = &Header->Body;
		if (HandleInformation) {
			HandleInformation->HandleAttributes = Entry->ObAttributes & OBJ_HANDLE_ATTRIBUTES;
			HandleInformation->GrantedAccess = Entry->GrantedAccess;
		}
	}
	ExUnlockHandleTable(Table, State);
	return Status;
}

/* Reference the object at ObjectPath (absolute), of ObjectType when given. */
NTSTATUS ObReferenceObjectByName(PUNICODE_STRING ObjectPath, ULONG Attributes,
                                 PVOID PassedAccessState, ACCESS_MASK DesiredAccess,
                                 POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                 PVOID ParseContext, PVOID *Object)
{
	return ObpLookupObjectName(NULL, ObjectPath, Attributes, ObjectType, AccessMode, ParseContext,
	                           NULL, Object);
}
