/*
 * psmgr.c — process manager initialization: the Process and Thread types, the CID
 * table, the Idle and System processes, the reaper and the first system thread, and the
 * system DLL (ntdll.elf): its image section, mapped into every process, and the entry
 * points found in its symbol table (KiUserApcDispatcher, LdrInitializeThunk,
 * RtlUserThreadStart; the system-call entries SharedUserData->SystemCall/SystemCallReturn
 * name).
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/ex.h>
#include <internal/io.h>
#include <internal/mm.h>
#include <elf32.h>
#include <ntapi.h>
#include <rtl.h>

PEPROCESS PsIdleProcess;
PEPROCESS PsInitialSystemProcess;
LIST_ENTRY PsActiveProcessHead;
POBJECT_TYPE PsProcessType;
POBJECT_TYPE PsThreadType;
PVOID PspSystemDllSection;
PVOID PspSystemDllBase;
PVOID PspSystemDllEntryPoint;
PVOID PspSystemDllImage;
ULONG PspSystemDllSize;
static HANDLE PspInitialSystemProcessHandle;

/* The symbol table section of the system DLL image and its string table, or FALSE. */
static BOOLEAN PspFindSymbolTable(const ELF32_SHDR **SymbolTable, const ELF32_SHDR **StringTable)
{
	const ELF32_EHDR *Header = PspSystemDllImage;
	const ELF32_SHDR *Sections = (const ELF32_SHDR *)((PUCHAR)Header + Header->e_shoff);
	ULONG i;

	if (!Header->e_shoff || Header->e_shoff > PspSystemDllSize ||
	    Header->e_shnum > (PspSystemDllSize - Header->e_shoff) / sizeof(ELF32_SHDR))
		return FALSE;
	for (i = 0; i < Header->e_shnum; i++) {
		if (Sections[i].sh_type != SHT_SYMTAB || Sections[i].sh_link >= Header->e_shnum)
			continue;
		*SymbolTable = &Sections[i];
		*StringTable = &Sections[Sections[i].sh_link];
		return (*SymbolTable)->sh_offset <= PspSystemDllSize &&
		       (*SymbolTable)->sh_size <= PspSystemDllSize - (*SymbolTable)->sh_offset &&
		       (*StringTable)->sh_offset <= PspSystemDllSize &&
		       (*StringTable)->sh_size <= PspSystemDllSize - (*StringTable)->sh_offset;
	}
	return FALSE;
}

/* Look up a global symbol of the system DLL by name. */
NTSTATUS PspLookupSystemDllEntryPoint(PCSTR Name, PVOID *Address)
{
	const ELF32_SHDR *SymbolTable, *StringTable;
	const ELF32_SYM *Symbols;
	PCSTR Strings;
	ULONG i;

	if (!PspFindSymbolTable(&SymbolTable, &StringTable))
		return STATUS_INVALID_IMAGE_FORMAT;
	Symbols = (const ELF32_SYM *)((PUCHAR)PspSystemDllImage + SymbolTable->sh_offset);
	Strings = (PCSTR)PspSystemDllImage + StringTable->sh_offset;
	for (i = 0; i < SymbolTable->sh_size / sizeof(ELF32_SYM); i++) {
		if (Symbols[i].st_name >= StringTable->sh_size || !Symbols[i].st_value ||
		    strncmp(Strings + Symbols[i].st_name, Name, StringTable->sh_size - Symbols[i].st_name))
			continue;
		*Address = (PVOID)Symbols[i].st_value;
		return STATUS_SUCCESS;
	}
	return STATUS_NOT_FOUND;
}

/* Point SharedUserData at ntdll's system-call entry: sysenter unless off or unsupported. */
static NTSTATUS PspLookupKernelUserEntryPoints(VOID)
{
	PVOID FastCall, FastCallRet, IntCall;
	CHAR Option[16] = "";
	BOOLEAN UseInt;
	NTSTATUS Status;

	Status = PspLookupSystemDllEntryPoint("KiFastSystemCall", &FastCall);
	if (NT_SUCCESS(Status))
		Status = PspLookupSystemDllEntryPoint("KiFastSystemCallRet", &FastCallRet);
	if (NT_SUCCESS(Status))
		Status = PspLookupSystemDllEntryPoint("KiIntSystemCall", &IntCall);
	if (!NT_SUCCESS(Status))
		return Status;
	ExQueryBootOption("syscall", Option, sizeof(Option));
	UseInt = KiFastSystemCallDisable || !strcmp(Option, "int2e");
	SharedUserData->SystemCall = (ULONG)(UseInt ? IntCall : FastCall);
	SharedUserData->SystemCallReturn = (ULONG)FastCallRet;
	DbgPrint("ps: system calls enter through ntdll!%s (0x%08lX)\n",
	         UseInt ? "KiIntSystemCall" : "KiFastSystemCall", SharedUserData->SystemCall);
	return STATUS_SUCCESS;
}

/* The ntdll routines the kernel sends threads to: user APCs, first APC, thread start. */
static NTSTATUS PspLookupSystemDllRoutines(VOID)
{
	NTSTATUS Status;

	Status = PspLookupSystemDllEntryPoint("KiUserApcDispatcher", &KeUserApcDispatcher);
	if (NT_SUCCESS(Status))
		Status = PspLookupSystemDllEntryPoint("LdrInitializeThunk", &PspSystemDllEntryPoint);
	if (NT_SUCCESS(Status))
		Status = PspLookupSystemDllEntryPoint("RtlUserThreadStart", &PspUserThreadStart);
	return Status;
}

/* Open ntdll.elf and create its image section (PspSystemDllSection); keep its file data. */
static NTSTATUS PspCreateSystemDllSection(VOID)
{
	UNICODE_STRING Name;
	OBJECT_ATTRIBUTES ObjectAttributes;
	IO_STATUS_BLOCK IoStatus;
	HANDLE File, Section;
	PFILE_OBJECT FileObject;
	NTSTATUS Status;

	RtlInitUnicodeString(&Name, PSP_SYSTEM_DLL_PATH);
	InitializeObjectAttributes(&ObjectAttributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
	                           NULL, NULL);
	Status = NtOpenFile(&File, FILE_READ_DATA | FILE_EXECUTE | SYNCHRONIZE, &ObjectAttributes,
	                    &IoStatus, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT);
	if (!NT_SUCCESS(Status))
		return Status;
	InitializeObjectAttributes(&ObjectAttributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	Status = NtCreateSection(&Section, SECTION_ALL_ACCESS, &ObjectAttributes, NULL, PAGE_EXECUTE,
	                         SEC_IMAGE, File);
	NtClose(File);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = ObReferenceObjectByHandle(Section, 0, MmSectionObjectType, KernelMode,
	                                   &PspSystemDllSection, NULL);
	NtClose(Section);
	if (!NT_SUCCESS(Status))
		return Status;
	FileObject = ((PSECTION)PspSystemDllSection)->Segment->FilePointer;
	return IoGetBootFileData(FileObject, &PspSystemDllImage, &PspSystemDllSize);
}

/* Phase 1: ntdll's section, base and entry points (user APCs, threads, system calls). */
NTSTATUS PspInitializeSystemDll(VOID)
{
	NTSTATUS Status = PspCreateSystemDllSection();

	if (!NT_SUCCESS(Status))
		return Status;
	PspSystemDllBase = (PVOID)((PSECTION)PspSystemDllSection)->Segment->BasedAddress;
	Status = PspLookupSystemDllRoutines();
	return NT_SUCCESS(Status) ? PspLookupKernelUserEntryPoints() : Status;
}

/* Map ntdll into a new process at its fixed base (PspSystemDllBase). */
NTSTATUS PspMapSystemDll(PEPROCESS Process, PVOID *DllBase)
{
	PVOID Base = PspSystemDllBase;
	SIZE_T ViewSize = 0;
	NTSTATUS Status;

	Status = MmMapViewOfSection(PspSystemDllSection, Process, &Base, 0, 0, NULL, &ViewSize,
	                            ViewShare, 0, PAGE_READWRITE);
	if (NT_SUCCESS(Status) && DllBase)
		*DllBase = Base;
	return Status;
}

/* The Process and Thread object types. */
static NTSTATUS PspCreateObjectTypes(VOID)
{
	OBJECT_TYPE_INITIALIZER Initializer = {
		.Length = sizeof(Initializer), .PoolType = NonPagedPool,
		.ValidAccessMask = PROCESS_ALL_ACCESS, .DeleteProcedure = PspDeleteProcess,
		.GenericMapping = { STANDARD_RIGHTS_READ | PROCESS_VM_READ | PROCESS_QUERY_INFORMATION,
		                    STANDARD_RIGHTS_WRITE | PROCESS_CREATE_PROCESS | PROCESS_CREATE_THREAD |
		                    PROCESS_VM_OPERATION | PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
		                    PROCESS_TERMINATE | PROCESS_SET_QUOTA | PROCESS_SET_INFORMATION,
		                    STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, PROCESS_ALL_ACCESS },
	};
	UNICODE_STRING Name;
	NTSTATUS Status;

	RtlInitUnicodeString(&Name, L"Process");
	Status = ObCreateObjectType(&Name, &Initializer, NULL, &PsProcessType);
	if (!NT_SUCCESS(Status))
		return Status;
	Initializer.ValidAccessMask = Initializer.GenericMapping.GenericAll = THREAD_ALL_ACCESS;
	Initializer.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | THREAD_GET_CONTEXT |
	                                         THREAD_QUERY_INFORMATION;
	Initializer.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE | THREAD_TERMINATE |
	                                          THREAD_SUSPEND_RESUME | THREAD_ALERT |
	                                          THREAD_SET_CONTEXT | THREAD_SET_INFORMATION;
	Initializer.DeleteProcedure = PspDeleteThread;
	RtlInitUnicodeString(&Name, L"Thread");
	return ObCreateObjectType(&Name, &Initializer, NULL, &PsThreadType);
}

/* Start a System thread at StartRoutine; its handle is not kept. */
static NTSTATUS PspStartSystemThread(PKSTART_ROUTINE StartRoutine)
{
	HANDLE Handle;
	NTSTATUS Status;

	Status = PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, NULL, StartRoutine, NULL);
	if (NT_SUCCESS(Status))
		ObCloseHandle(Handle, KernelMode);
	return Status;
}

/* The System process, created as NT does: PspCreateProcess with no parent and no image. */
static NTSTATUS PspCreateSystemProcess(VOID)
{
	NTSTATUS Status;

	Status = PspCreateProcess(&PspInitialSystemProcessHandle, PROCESS_ALL_ACCESS, NULL, NULL, 0,
	                          NULL, NULL, NULL, 0);
	if (NT_SUCCESS(Status))
		Status = ObReferenceObjectByHandle(PspInitialSystemProcessHandle, 0, PsProcessType,
		                                   KernelMode, (PVOID *)&PsInitialSystemProcess, NULL);
	return Status;
}

/* Phase 0: types, CID table, Idle (the boot thread's), System, the reaper, Phase1Initialization. */
VOID PsInitSystem(VOID)
{
	NTSTATUS Status;

	InitializeListHead(&PsActiveProcessHead);
	PsIdleProcess = &KiInitialProcess;
	strncpy((PCHAR)PsIdleProcess->ImageFileName, "Idle", sizeof(PsIdleProcess->ImageFileName));
	InitializeListHead(&PsIdleProcess->ThreadListHead);
	InsertTailList(&PsIdleProcess->ThreadListHead, &KiInitialThread.ThreadListEntry);
	KiInitialThread.ThreadsProcess = PsIdleProcess;
	PsIdleProcess->ActiveThreads = 1;
	Status = PspCreateObjectTypes();
	if (NT_SUCCESS(Status))
		Status = PspInitializeCidTable();
	if (NT_SUCCESS(Status))
		Status = PspCreateSystemProcess();
	if (NT_SUCCESS(Status))
		Status = PspCreateReaperThread();
	if (NT_SUCCESS(Status))
		Status = PspStartSystemThread(Phase1Initialization);
	if (!NT_SUCCESS(Status))
		KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0, 0, 0);
}
