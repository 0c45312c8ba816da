/*
 * process.c — process creation in NT's order (PspCreateProcess: parent and section,
 * the process object, ExitStatus = STATUS_PENDING, address space, KeInitializeProcess,
 * the image view, ntdll, the id, the PEB, the handle table, PsActiveProcessHead, the
 * handle, the notify routines), NtCreateProcess(Ex), NtOpenProcess, and the Process
 * type's delete procedure.
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <ntapi.h>
#include <rtl.h>

static PCREATE_PROCESS_NOTIFY_ROUTINE PspCreateProcessNotifyRoutine[PSP_MAX_CREATE_PROCESS_NOTIFY];

/*
 * A process was created (Create: its id, parent id and image name are set) or has exited
 * (its ExitStatus is set). The tracer watches this function: keep it out of line.
 */
DECLSPEC_TRACED VOID PspRunCreateProcessNotifyRoutines(PEPROCESS Process, BOOLEAN Create)
{
	ULONG i;

	for (i = 0; i < PSP_MAX_CREATE_PROCESS_NOTIFY; i++)
		if (PspCreateProcessNotifyRoutine[i])
			PspCreateProcessNotifyRoutine[i](Process->InheritedFromUniqueProcessId,
			                                 Process->UniqueProcessId, Create);
}

/* Register (or, with Remove, unregister) a routine called on process creation and exit. */
NTSTATUS PsSetCreateProcessNotifyRoutine(PCREATE_PROCESS_NOTIFY_ROUTINE NotifyRoutine,
                                         BOOLEAN Remove)
{
	PCREATE_PROCESS_NOTIFY_ROUTINE Old = Remove ? NotifyRoutine : NULL;
	ULONG i;

	for (i = 0; i < PSP_MAX_CREATE_PROCESS_NOTIFY; i++) {
		if (PspCreateProcessNotifyRoutine[i] != Old)
			continue;
		PspCreateProcessNotifyRoutine[i] = Remove ? NULL : NotifyRoutine;
		return STATUS_SUCCESS;
	}
	return Remove ? STATUS_INVALID_PARAMETER : STATUS_INSUFFICIENT_RESOURCES;
}

/* Step 1: reference the parent (PROCESS_CREATE_PROCESS); none for the System process. */
static NTSTATUS PspReferenceParent(HANDLE ParentProcess, PEPROCESS *Parent)
{
	if (!ParentProcess)
		return STATUS_SUCCESS;
	return ObReferenceObjectByHandle(ParentProcess, PROCESS_CREATE_PROCESS, PsProcessType,
	                                 KeGetPreviousMode(), (PVOID *)Parent, NULL);
}

/* Steps 3-4: the image section (SECTION_MAP_EXECUTE), the exception port; no debug ports. */
static NTSTATUS PspReferenceProcessObjects(PEPROCESS Process, PEPROCESS Parent,
                                           HANDLE SectionHandle, HANDLE DebugPort,
                                           HANDLE ExceptionPort)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	NTSTATUS Status = DebugPort ? STATUS_NOT_SUPPORTED : STATUS_SUCCESS;

	Process->InheritedFromUniqueProcessId = Parent ? Parent->UniqueProcessId : NULL;
	if (NT_SUCCESS(Status) && SectionHandle)
		Status = ObReferenceObjectByHandle(SectionHandle, SECTION_MAP_EXECUTE, MmSectionObjectType,
		                                   PreviousMode, &Process->SectionObject, NULL);
	if (NT_SUCCESS(Status) && ExceptionPort)
		Status = LpcPortObjectType ?
		         ObReferenceObjectByHandle(ExceptionPort, 0, LpcPortObjectType, PreviousMode,
		                                   &Process->ExceptionPort, NULL) :
		         STATUS_OBJECT_TYPE_MISMATCH;
	return Status;
}

/* Steps 2 and 5: the process object, its lists empty and its exit status pending. */
static NTSTATUS PspAllocateProcess(POBJECT_ATTRIBUTES ObjectAttributes, PEPROCESS *ProcessOut)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PEPROCESS Process;
	NTSTATUS Status;

	Status = ObCreateObject(PreviousMode, PsProcessType, ObjectAttributes, PreviousMode, NULL,
	                        sizeof(EPROCESS), 0, 0, (PVOID *)&Process);
	if (!NT_SUCCESS(Status))
		return Status;
	InitializeListHead(&Process->ThreadListHead);
	InitializeListHead(&Process->ActiveProcessLinks);
	Process->ExitStatus = STATUS_PENDING;
	*ProcessOut = Process;
	return STATUS_SUCCESS;
}

/*
 * Steps 6-10: address space (the System process shares the initial one), the kernel
 * process object, the executable's view and ImageFileName (else the parent's), ntdll.
 */
static NTSTATUS PspInitializeAddressSpace(PEPROCESS Process, PEPROCESS Parent)
{
	ULONG_PTR DirectoryTableBase = PsIdleProcess->Pcb.DirectoryTableBase[0];
	NTSTATUS Status = STATUS_SUCCESS;

	if (Parent)
		Status = MmCreateProcessAddressSpace(0, Process, &DirectoryTableBase);
	if (!NT_SUCCESS(Status))
		return Status;
	KeInitializeProcess(&Process->Pcb, PROCESS_PRIORITY_NORMAL, DirectoryTableBase);
	if (!Parent) {
		strncpy((PCHAR)Process->ImageFileName, "System", sizeof(Process->ImageFileName) - 1);
		return STATUS_SUCCESS;
	}
	Process->Pcb.Affinity = Parent->Pcb.Affinity;
	RtlCopyMemory(Process->ImageFileName, Parent->ImageFileName, sizeof(Process->ImageFileName));
	Status = MmInitializeProcessAddressSpace(Process, NULL, Process->SectionObject);
	if (NT_SUCCESS(Status))
		Status = PspMapSystemDll(Process, NULL);
	return Status;
}

/* Steps 11-13: the process id, the PEB, the handle table (inherited when Flags say so). */
static NTSTATUS PspInitializeProcessIdentity(PEPROCESS Process, PEPROCESS Parent, ULONG Flags)
{
	INITIAL_PEB InitialPeb = { FALSE, FALSE, FALSE, FALSE, (HANDLE)-1 };
	NTSTATUS Status = STATUS_SUCCESS;

	Process->UniqueProcessId = PspCreateCid(Process);
	if (!Process->UniqueProcessId)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (!Parent) {
		Process->ObjectTable = ObpKernelHandleTable;
		return STATUS_SUCCESS;
	}
	Status = MmCreatePeb(Process, &InitialPeb, &Process->Peb);
	if (NT_SUCCESS(Status))
		Status = ObInitProcess(Flags & PROCESS_CREATE_FLAGS_INHERIT_HANDLES ? Parent : NULL, Process);
	return Status;
}

/* Steps 13-14: list it, give the caller a handle (one extra reference kept), notify. */
static NTSTATUS PspInsertProcess(PEPROCESS Process, ACCESS_MASK DesiredAccess, PHANDLE Handle)
{
	KIRQL OldIrql;
	NTSTATUS Status;

	KeQuerySystemTime(&Process->CreateTime);
	Process->GrantedAccess = PROCESS_ALL_ACCESS;
	OldIrql = KiAcquireDispatcherLock();
	InsertTailList(&PsActiveProcessHead, &Process->ActiveProcessLinks);
	KiReleaseDispatcherLock(OldIrql);
	Status = ObInsertObject(Process, NULL, DesiredAccess, 1, NULL, Handle);
	if (NT_SUCCESS(Status))
		PspRunCreateProcessNotifyRoutines(Process, TRUE);
	return Status;
}

/*
 * Create a process (ParentProcess NULL: the System process) with the image SectionHandle
 * names (NULL: none) and return a handle to it. The new process has no thread yet.
 */
NTSTATUS PspCreateProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ParentProcess, ULONG Flags,
                          HANDLE SectionHandle, HANDLE DebugPort, HANDLE ExceptionPort,
                          ULONG JobMemberLevel)
{
	PEPROCESS Parent = NULL, Process = NULL;
	HANDLE Handle = NULL;
	NTSTATUS Status;

	Status = PspReferenceParent(ParentProcess, &Parent);
	if (NT_SUCCESS(Status))
		Status = PspAllocateProcess(ObjectAttributes, &Process);
	if (NT_SUCCESS(Status))
		Status = PspReferenceProcessObjects(Process, Parent, SectionHandle, DebugPort,
		                                    ExceptionPort);
	if (NT_SUCCESS(Status))
		Status = PspInitializeAddressSpace(Process, Parent);
	if (NT_SUCCESS(Status))
		Status = PspInitializeProcessIdentity(Process, Parent, Flags);
	if (NT_SUCCESS(Status))
		Status = PspInsertProcess(Process, DesiredAccess, &Handle);
	else if (Process)
		ObDereferenceObject(Process);
	if (NT_SUCCESS(Status)) {
		Status = MmCopyToCaller(ProcessHandle, &Handle, sizeof(Handle));
		ObDereferenceObject(Process);
	}
	if (Parent)
		ObDereferenceObject(Parent);
	return Status;
}

/* The Process type's delete procedure: id, handles, address space, section, port. */
VOID PspDeleteProcess(PVOID Object)
{
	PEPROCESS Process = Object;
	KIRQL OldIrql;

	if (Process->UniqueProcessId)
		PspDeleteCid(Process->UniqueProcessId);
	OldIrql = KiAcquireDispatcherLock();
	RemoveEntryList(&Process->ActiveProcessLinks);
	KiReleaseDispatcherLock(OldIrql);
	ObKillProcess(Process);
	MmDeleteProcessAddressSpace(Process);
	if (Process->SectionObject)
		ObDereferenceObject(Process->SectionObject);
	if (Process->ExceptionPort)
		ObDereferenceObject(Process->ExceptionPort);
}

/*
 * Create a process: ParentProcess (required) is referenced for PROCESS_CREATE_PROCESS,
 * Flags are PROCESS_CREATE_FLAGS_*, SectionHandle the image (or NULL).
 */
NTSTATUS NTAPI NtCreateProcessEx(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ParentProcess,
                                 ULONG Flags, HANDLE SectionHandle, HANDLE DebugPort,
                                 HANDLE ExceptionPort, BOOLEAN InJob)
{
	HANDLE Handle = NULL;
	NTSTATUS Status = MmCopyToCaller(ProcessHandle, &Handle, sizeof(Handle));

	if (!NT_SUCCESS(Status))
		return Status;
	if (!ParentProcess || (Flags & ~PROCESS_CREATE_FLAGS_LEGAL_MASK))
		return STATUS_INVALID_PARAMETER;
	return PspCreateProcess(ProcessHandle, DesiredAccess, ObjectAttributes, ParentProcess, Flags,
	                        SectionHandle, DebugPort, ExceptionPort, InJob);
}

/* The NT 4 form: InheritObjectTable and the low bits of the handles become Flags. */
NTSTATUS NTAPI NtCreateProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ParentProcess,
                               BOOLEAN InheritObjectTable, HANDLE SectionHandle, HANDLE DebugPort,
                               HANDLE ExceptionPort)
{
	ULONG Flags = 0;

	if ((ULONG_PTR)SectionHandle & 1)
		Flags |= PROCESS_CREATE_FLAGS_BREAKAWAY;
	if ((ULONG_PTR)DebugPort & 1)
		Flags |= PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT;
	if (InheritObjectTable)
		Flags |= PROCESS_CREATE_FLAGS_INHERIT_HANDLES;
	return NtCreateProcessEx(ProcessHandle, DesiredAccess, ObjectAttributes, ParentProcess, Flags,
	                         (HANDLE)((ULONG_PTR)SectionHandle & ~1UL),
	                         (HANDLE)((ULONG_PTR)DebugPort & ~1UL), ExceptionPort, FALSE);
}

/* Open the process ClientId->UniqueProcess names (ObjectAttributes gives the handle attributes). */
NTSTATUS NTAPI NtOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	OBJECT_ATTRIBUTES Attributes = { 0 };
	CLIENT_ID Cid = { 0 };
	HANDLE Handle = NULL;
	PEPROCESS Process;
	NTSTATUS Status = MmCopyToCaller(ProcessHandle, &Handle, sizeof(Handle));

	if (NT_SUCCESS(Status) && ObjectAttributes)
		Status = MmCopyFromCaller(&Attributes, ObjectAttributes, sizeof(Attributes));
	if (NT_SUCCESS(Status))
		Status = ClientId ? MmCopyFromCaller(&Cid, ClientId, sizeof(Cid)) : STATUS_INVALID_PARAMETER_MIX;
	if (NT_SUCCESS(Status))
		Status = PsLookupProcessByProcessId(Cid.UniqueProcess, &Process);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = ObOpenObjectByPointer(Process, Attributes.Attributes & OBJ_HANDLE_ATTRIBUTES, NULL,
	                               DesiredAccess, PsProcessType, PreviousMode, &Handle);
	ObDereferenceObject(Process);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(ProcessHandle, &Handle, sizeof(Handle));
	return Status;
}
