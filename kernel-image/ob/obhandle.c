/*
 * obhandle.c — handles: creating them (ObInsertObject, ObOpenObjectByPointer/ByName),
 * the handle counts and the type's open/close procedures, and closing them (NtClose).
 * A handle holds one pointer reference: creating one consumes the caller's reference,
 * closing one drops it.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <ntapi.h>

/* TRUE for a kernel handle (the high bit) used from kernel mode; pseudo-handles are not. */
BOOLEAN ObpIsKernelHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode)
{
	return ((ULONG_PTR)Handle & KERNEL_HANDLE_MASK) && AccessMode == KernelMode &&
	       Handle != NtCurrentProcess() && Handle != NtCurrentThread();
}

/*
 * The table a handle lives in: the kernel's for a kernel handle used from kernel mode
 * (whose mask bit is then stripped from *Handle), else the current process's (NULL once
 * it has exited). *Process, if asked for, is the table's process.
 */
PHANDLE_TABLE ObpGetHandleTable(PHANDLE Handle, KPROCESSOR_MODE AccessMode, PEPROCESS *Process)
{
	if (ObpIsKernelHandle(*Handle, AccessMode)) {
		*Handle = (HANDLE)((ULONG_PTR)*Handle & ~KERNEL_HANDLE_MASK);
		if (Process)
			*Process = PsInitialSystemProcess;
		return ObpKernelHandleTable;
	}
	if (Process)
		*Process = PsGetCurrentProcess();
	return PsGetCurrentProcess()->ObjectTable;
}

/* A new handle to Object for Process: the type's open procedure, then the counts. */
NTSTATUS ObpIncrementHandleCount(OB_OPEN_REASON OpenReason, PEPROCESS Process, PVOID Object,
                                 ACCESS_MASK GrantedAccess)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
	POBJECT_TYPE Type = Header->Type;
	NTSTATUS Status;

	if (Type->TypeInfo.OpenProcedure) {
		Status = Type->TypeInfo.OpenProcedure(OpenReason, Process, Object, GrantedAccess,
		                                      (ULONG)Header->HandleCount + 1);
		if (!NT_SUCCESS(Status))
			return Status;
	}
	__sync_add_and_fetch(&Header->HandleCount, 1);
	if (++Type->TotalNumberOfHandles > Type->HighWaterNumberOfHandles)
		Type->HighWaterNumberOfHandles = Type->TotalNumberOfHandles;
	return STATUS_SUCCESS;
}

/* A handle to Object went away: the counts, the close procedure, the name if temporary. */
static VOID ObpDecrementHandleCount(PEPROCESS Process, PVOID Object, ACCESS_MASK GrantedAccess)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
	POBJECT_TYPE Type = Header->Type;
	LONG SystemHandleCount = __sync_fetch_and_sub(&Header->HandleCount, 1);

	Type->TotalNumberOfHandles--;
	if (Type->TypeInfo.CloseProcedure)
		Type->TypeInfo.CloseProcedure(Process, Object, GrantedAccess, 0, (ULONG)SystemHandleCount);
	if (SystemHandleCount == 1)
		ObpDeleteNameCheck(Object);
}

/* Put a handle to Object into Table for Process; consumes the caller's reference on success. */
NTSTATUS ObpInsertHandle(OB_OPEN_REASON OpenReason, PEPROCESS Process, PHANDLE_TABLE Table,
                         PVOID Object, ACCESS_MASK GrantedAccess, ULONG HandleAttributes,
                         PHANDLE Handle)
{
	HANDLE_TABLE_ENTRY Entry;
	NTSTATUS Status;

	if (!Table)
		return STATUS_PROCESS_IS_TERMINATING;
	Status = ObpIncrementHandleCount(OpenReason, Process, Object, GrantedAccess);
	if (!NT_SUCCESS(Status))
		return Status;
	Entry.ObAttributes = (ULONG_PTR)OBJECT_TO_OBJECT_HEADER(Object) |
	                     (HandleAttributes & OBJ_HANDLE_ATTRIBUTES);
	Entry.GrantedAccess = GrantedAccess;
	*Handle = ExCreateHandle(Table, &Entry);
	if (*Handle)
		return STATUS_SUCCESS;
	ObpDecrementHandleCount(Process, Object, GrantedAccess);
	return STATUS_INSUFFICIENT_RESOURCES;
}

/*
 * Create a handle to Object in the current process (a kernel handle with OBJ_KERNEL_HANDLE
 * from kernel mode) granting DesiredAccess as the type maps it. Consumes the caller's
 * reference on success.
 */
NTSTATUS ObpCreateHandle(OB_OPEN_REASON OpenReason, PVOID Object, ACCESS_MASK DesiredAccess,
                         ULONG HandleAttributes, KPROCESSOR_MODE AccessMode, PHANDLE Handle)
{
	BOOLEAN Kernel = (HandleAttributes & OBJ_KERNEL_HANDLE) && AccessMode == KernelMode;
	PEPROCESS Process = Kernel ? PsInitialSystemProcess : PsGetCurrentProcess();
	PHANDLE_TABLE Table = Kernel ? ObpKernelHandleTable : PsGetCurrentProcess()->ObjectTable;
	ACCESS_MASK GrantedAccess = ObpMapDesiredAccess(OBJECT_TO_OBJECT_HEADER(Object)->Type,
	                                                DesiredAccess);
	NTSTATUS Status;

	Status = ObpInsertHandle(OpenReason, Process, Table, Object, GrantedAccess, HandleAttributes,
	                         Handle);
	if (NT_SUCCESS(Status) && Kernel)
		*Handle = (HANDLE)((ULONG_PTR)*Handle | KERNEL_HANDLE_MASK);
	if (NT_SUCCESS(Status))
		ObpFreeObjectCreateInformation(OBJECT_TO_OBJECT_HEADER(Object));
	return Status;
}

/* Enter a new object's name (if any) in the namespace; the object found or inserted, referenced. */
static NTSTATUS ObpInsertObjectName(PVOID Object, POBJECT_CREATE_INFORMATION CreateInfo,
                                    PVOID *FoundObject)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
	POBJECT_HEADER_NAME_INFO NameInfo = OBJECT_HEADER_TO_NAME_INFO(Header);
	UNICODE_STRING Name;

	if (!NameInfo || !NameInfo->Name.Buffer) {
		ObReferenceObject(Object);
		*FoundObject = Object;
		return STATUS_SUCCESS;
	}
	Name = NameInfo->Name;
	return ObpLookupObjectName(CreateInfo->RootDirectory, &Name, CreateInfo->Attributes,
	                           Header->Type, CreateInfo->ProbeMode, NULL, Object, FoundObject);
}

/*
 * Make a new object visible: enter its name in the namespace (with OBJ_OPENIF an existing
 * object of that name is used instead: STATUS_OBJECT_NAME_EXISTS) and, when Handle is
 * given, create a handle granting DesiredAccess, which takes over the creation reference.
 * ObjectPointerBias adds references; NewObject receives the object with one more. On
 * failure the new object is dereferenced (and so deleted).
 */
NTSTATUS ObInsertObject(PVOID Object, PVOID PassedAccessState, ACCESS_MASK DesiredAccess,
                        ULONG ObjectPointerBias, PVOID *NewObject, PHANDLE Handle)
{
	OBJECT_CREATE_INFORMATION CreateInfo = *OBJECT_TO_OBJECT_HEADER(Object)->ObjectCreateInfo;
	NTSTATUS Status, Final;
	PVOID Found;

	Final = Status = ObpInsertObjectName(Object, &CreateInfo, &Found);
	ObDereferenceObject(Object);
	if (!NT_SUCCESS(Status))
		return Status;
	ObpFreeObjectCreateInformation(OBJECT_TO_OBJECT_HEADER(Found));
	while (ObjectPointerBias--)
		ObReferenceObject(Found);
	if (NewObject) {
		ObReferenceObject(Found);
		*NewObject = Found;
	}
	if (!Handle)
		return Final;
	Status = ObpCreateHandle(Found == Object ? ObCreateHandle : ObOpenHandle, Found, DesiredAccess,
	                         CreateInfo.Attributes, CreateInfo.ProbeMode, Handle);
	if (!NT_SUCCESS(Status))
		ObDereferenceObject(Found);
	return NT_SUCCESS(Status) ? Final : Status;
}

/* A handle to an object already referenced elsewhere; ObjectType (NULL: any) is checked. */
NTSTATUS ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes, PVOID PassedAccessState,
                               ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                               KPROCESSOR_MODE AccessMode, PHANDLE Handle)
{
	NTSTATUS Status = ObReferenceObjectByPointer(Object, 0, ObjectType, AccessMode);

	if (!NT_SUCCESS(Status))
		return Status;
	Status = ObpCreateHandle(ObOpenHandle, Object, DesiredAccess, HandleAttributes, AccessMode,
	                         Handle);
	if (!NT_SUCCESS(Status))
		ObDereferenceObject(Object);
	return Status;
}

/*
 * A handle to the object ObjectAttributes names (read in AccessMode), of ObjectType when
 * given; ParseContext goes to the parse procedures met on the way (files, devices).
 */
NTSTATUS ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes, POBJECT_TYPE ObjectType,
                            KPROCESSOR_MODE AccessMode, PVOID PassedAccessState,
                            ACCESS_MASK DesiredAccess, PVOID ParseContext, PHANDLE Handle)
{
	OBJECT_CREATE_INFORMATION CreateInfo;
	UNICODE_STRING Name;
	PVOID Object;
	NTSTATUS Status;

	if (!ObjectAttributes)
		return STATUS_INVALID_PARAMETER;
	Status = ObpCaptureObjectAttributes(ObjectAttributes, AccessMode, &CreateInfo, &Name);
	if (NT_SUCCESS(Status))
		Status = ObpLookupObjectName(CreateInfo.RootDirectory, &Name, CreateInfo.Attributes,
		                             ObjectType, AccessMode, ParseContext, NULL, &Object);
	ObpReleaseObjectName(&Name);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = ObpCreateHandle(ObOpenHandle, Object, DesiredAccess, CreateInfo.Attributes, AccessMode,
	                         Handle);
	if (!NT_SUCCESS(Status))
		ObDereferenceObject(Object);
	return Status;
}

/* Whether a handle entry may be closed: protected handles and the type's veto. */
static BOOLEAN ObpMayCloseHandle(PEPROCESS Process, PHANDLE_TABLE_ENTRY Entry, HANDLE Handle,
                                 KPROCESSOR_MODE AccessMode)
{
	POBJECT_HEADER Header = (POBJECT_HEADER)(Entry->ObAttributes & ~(ULONG_PTR)OBJ_HANDLE_ATTRIBUTES);
	OB_OKAYTOCLOSE_METHOD OkayToClose = Header->Type->TypeInfo.OkayToCloseProcedure;

	if ((Entry->ObAttributes & OBJ_PROTECT_CLOSE) && AccessMode != KernelMode)
		return FALSE;
	return !OkayToClose || OkayToClose(Process, &Header->Body, Handle, AccessMode);
}

/*
 * Close Handle in Table (Process's): free the entry, then outside the table lock drop the
 * handle count (close procedure) and the handle's reference.
 */
NTSTATUS ObpCloseHandleTableEntry(PEPROCESS Process, PHANDLE_TABLE Table, HANDLE Handle,
                                  KPROCESSOR_MODE AccessMode)
{
	ULONG State = ExLockHandleTable(Table);
	PHANDLE_TABLE_ENTRY Entry = ExMapHandleToPointer(Table, Handle);
	POBJECT_HEADER Header;
	ACCESS_MASK GrantedAccess;

	if (!Entry || !ObpMayCloseHandle(Process, Entry, Handle, AccessMode)) {
		ExUnlockHandleTable(Table, State);
		return Entry ? STATUS_HANDLE_NOT_CLOSABLE : STATUS_INVALID_HANDLE;
	}
	Header = (POBJECT_HEADER)(Entry->ObAttributes & ~(ULONG_PTR)OBJ_HANDLE_ATTRIBUTES);
	GrantedAccess = Entry->GrantedAccess;
	ExDestroyHandle(Table, Handle, Entry);
	ExUnlockHandleTable(Table, State);
	ObpDecrementHandleCount(Process, &Header->Body, GrantedAccess);
	ObDereferenceObject(&Header->Body);
	return STATUS_SUCCESS;
}

/* Close a handle of the current process (or a kernel handle from kernel mode). */
NTSTATUS ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode)
{
	PEPROCESS Process;
	PHANDLE_TABLE Table = ObpGetHandleTable(&Handle, AccessMode, &Process);

	if (!Table)
		return STATUS_INVALID_HANDLE;
	return ObpCloseHandleTableEntry(Process, Table, Handle, AccessMode);
}

/* Close a handle: STATUS_INVALID_HANDLE when it is not open (pseudo-handles never are). */
NTSTATUS NTAPI NtClose(HANDLE Handle)
{
	return ObCloseHandle(Handle, KeGetPreviousMode());
}
