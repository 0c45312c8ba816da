/*
 * obtable.c — process handle tables: a new process's (its parent's OBJ_INHERIT handles
 * at the same values), closing them all when a process exits, and duplicating handles
 * between processes (NtDuplicateObject).
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <ntapi.h>

typedef struct _OBP_SWEEP_CONTEXT {
	PEPROCESS Process;
	PHANDLE_TABLE Table;
} OBP_SWEEP_CONTEXT, *POBP_SWEEP_CONTEXT;

/* The object a handle entry holds. */
static PVOID ObpEntryObject(PHANDLE_TABLE_ENTRY Entry)
{
	return &((POBJECT_HEADER)(Entry->ObAttributes & ~(ULONG_PTR)OBJ_HANDLE_ATTRIBUTES))->Body;
}

/* ExDupHandleTable's callback: an inherited handle is a new handle (and reference) of Process. */
static BOOLEAN ObpDuplicateHandleRoutine(PEPROCESS Process, PHANDLE_TABLE OldTable,
                                         PHANDLE_TABLE_ENTRY OldEntry, PHANDLE_TABLE_ENTRY NewEntry)
{
	PVOID Object = ObpEntryObject(NewEntry);

	if (!NT_SUCCESS(ObpIncrementHandleCount(ObInheritHandle, Process, Object,
	                                        NewEntry->GrantedAccess)))
		return FALSE;
	ObReferenceObject(Object);
	return TRUE;
}

/* Give Process its handle table: Parent's inheritable handles (Parent given), or none. */
NTSTATUS ObInitProcess(PEPROCESS Parent, PEPROCESS Process)
{
	PHANDLE_TABLE Table;

	if (Parent && !Parent->ObjectTable)
		return STATUS_PROCESS_IS_TERMINATING;
	Table = Parent ? ExDupHandleTable(Process, Parent->ObjectTable, ObpDuplicateHandleRoutine,
	                                  OBJ_INHERIT)
	               : ExCreateHandleTable(Process);
	if (!Table)
		return STATUS_INSUFFICIENT_RESOURCES;
	Table->UniqueProcessId = Process->UniqueProcessId;
	Process->ObjectTable = Table;
	return STATUS_SUCCESS;
}

/* ExSweepHandleTable's callback for an exiting process: close the handle. */
static BOOLEAN ObpCloseHandleProcedure(PHANDLE_TABLE_ENTRY Entry, HANDLE Handle, PVOID Context)
{
	POBP_SWEEP_CONTEXT Sweep = Context;

	ObpCloseHandleTableEntry(Sweep->Process, Sweep->Table, Handle, KernelMode);
	return TRUE;
}

/* Close every handle of an exiting process and free its table (never the kernel's). */
VOID ObKillProcess(PEPROCESS Process)
{
	OBP_SWEEP_CONTEXT Sweep = { Process, Process->ObjectTable };
	ULONG State;

	if (!Sweep.Table || Sweep.Table == ObpKernelHandleTable)
		return;
	State = ExLockHandleTable(Sweep.Table);
	Process->ObjectTable = NULL;
	ExUnlockHandleTable(Sweep.Table, State);
	ExDestroyHandleTable(Sweep.Table, ObpCloseHandleProcedure, &Sweep);
}

/*
 * Reference the object SourceHandle names in SourceProcess (attached to it, so handles
 * and pseudo-handles are the source's), closing the source handle if asked.
 */
static NTSTATUS ObpReferenceSourceHandle(PEPROCESS SourceProcess, HANDLE SourceHandle,
                                         ULONG Options, KPROCESSOR_MODE PreviousMode,
                                         PVOID *Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation)
{
	KAPC_STATE ApcState;
	NTSTATUS Status;

	KeStackAttachProcess(&SourceProcess->Pcb, &ApcState);
	Status = ObReferenceObjectByHandle(SourceHandle, 0, NULL, PreviousMode, Object,
	                                   HandleInformation);
	if (Options & DUPLICATE_CLOSE_SOURCE)
		ObCloseHandle(SourceHandle, PreviousMode);
	KeUnstackDetachProcess(&ApcState);
	return Status;
}

/*
 * Duplicate SourceHandle of SourceProcess into TargetProcess (NULL: only close the source,
 * with DUPLICATE_CLOSE_SOURCE). DUPLICATE_SAME_ACCESS / _SAME_ATTRIBUTES copy the source
 * handle's; otherwise DesiredAccess (mapped by the type) and HandleAttributes apply.
 */
NTSTATUS ObDuplicateObject(PEPROCESS SourceProcess, HANDLE SourceHandle, PEPROCESS TargetProcess,
                           PHANDLE TargetHandle, ACCESS_MASK DesiredAccess, ULONG HandleAttributes,
                           ULONG Options, KPROCESSOR_MODE PreviousMode)
{
	OBJECT_HANDLE_INFORMATION Info;
	ACCESS_MASK Access;
	PVOID Object;
	NTSTATUS Status;

	Status = ObpReferenceSourceHandle(SourceProcess, SourceHandle, Options, PreviousMode, &Object,
	                                  &Info);
	if (!NT_SUCCESS(Status) || !TargetProcess) {
		if (NT_SUCCESS(Status))
			ObDereferenceObject(Object);
		return Status;
	}
	Access = Options & DUPLICATE_SAME_ACCESS ? Info.GrantedAccess :
	         ObpMapDesiredAccess(OBJECT_TO_OBJECT_HEADER(Object)->Type, DesiredAccess);
	if (Options & DUPLICATE_SAME_ATTRIBUTES)
		HandleAttributes = Info.HandleAttributes;
	Status = ObpInsertHandle(ObDuplicateHandle, TargetProcess, TargetProcess->ObjectTable, Object,
	                         Access, HandleAttributes, TargetHandle);
	if (!NT_SUCCESS(Status))
		ObDereferenceObject(Object);
	return Status;
}

/* The processes NtDuplicateObject works between (TargetProcessHandle may be NULL). */
static NTSTATUS ObpReferenceDuplicateProcesses(HANDLE SourceProcessHandle,
                                               HANDLE TargetProcessHandle, ULONG Options,
                                               PEPROCESS *Source, PEPROCESS *Target)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	NTSTATUS Status;

	*Target = NULL;
	Status = ObReferenceObjectByHandle(SourceProcessHandle, PROCESS_DUP_HANDLE, PsProcessType,
	                                   PreviousMode, (PVOID *)Source, NULL);
	if (!NT_SUCCESS(Status) || (!TargetProcessHandle && (Options & DUPLICATE_CLOSE_SOURCE)))
		return Status;
	Status = ObReferenceObjectByHandle(TargetProcessHandle, PROCESS_DUP_HANDLE, PsProcessType,
	                                   PreviousMode, (PVOID *)Target, NULL);
	if (!NT_SUCCESS(Status))
		ObDereferenceObject(*Source);
	return Status;
}

/* Duplicate a handle between (or within) processes; *TargetHandle gets the new handle. */
NTSTATUS NTAPI NtDuplicateObject(HANDLE SourceProcessHandle, HANDLE SourceHandle,
                                 HANDLE TargetProcessHandle, PHANDLE TargetHandle,
                                 ACCESS_MASK DesiredAccess, ULONG HandleAttributes, ULONG Options)
{
	HANDLE NewHandle = NULL;
	PEPROCESS Source, Target;
	NTSTATUS Status = STATUS_SUCCESS;

	if (TargetHandle)
		Status = MmCopyToCaller(TargetHandle, &NewHandle, sizeof(NewHandle));
	if (NT_SUCCESS(Status))
		Status = ObpReferenceDuplicateProcesses(SourceProcessHandle, TargetProcessHandle, Options,
		                                        &Source, &Target);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = ObDuplicateObject(Source, SourceHandle, Target, &NewHandle, DesiredAccess,
	                           HandleAttributes & OBJ_HANDLE_ATTRIBUTES, Options,
	                           KeGetPreviousMode());
	if (NT_SUCCESS(Status) && TargetHandle)
		Status = MmCopyToCaller(TargetHandle, &NewHandle, sizeof(NewHandle));
	if (Target)
		ObDereferenceObject(Target);
	ObDereferenceObject(Source);
	return Status;
}
