/*
 * psmgr.c — process manager initialization: the Idle and System processes, the first
 * system thread, and the system DLL (ntdll.elf): where it maps and which of its entry
 * points SharedUserData->SystemCall/SystemCallReturn name.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/ex.h>
#include <internal/io.h>
#include <internal/mm.h>
#include <elf32.h>
#include <rtl.h>

PEPROCESS PsIdleProcess;
PEPROCESS PsInitialSystemProcess;
LIST_ENTRY PsActiveProcessHead;
PVOID PspSystemDllBase;
PVOID PspSystemDllImage;
ULONG PspSystemDllSize;
POBJECT_TYPE PsProcessType;
POBJECT_TYPE PsThreadType;

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

/* Find ntdll.elf among the boot files and read its entry points. */
NTSTATUS PspInitializeSystemDll(VOID)
{
	const ELF32_EHDR *Header;
	NTSTATUS Status;

	Status = IoGetBootFile(PSP_SYSTEM_DLL_NAME, &PspSystemDllImage, &PspSystemDllSize);
	if (!NT_SUCCESS(Status))
		return Status;
	Header = PspSystemDllImage;
	if (PspSystemDllSize < sizeof(*Header) || !ElfIsI386Executable(Header))
		return STATUS_INVALID_IMAGE_FORMAT;
	PspSystemDllBase = (PVOID)PAGE_ROUND_DOWN(Header->e_entry);
	Status = PspLookupSystemDllRoutines();
	return NT_SUCCESS(Status) ? PspLookupKernelUserEntryPoints() : Status;
}

/* Map ntdll into a new process at its fixed base. */
NTSTATUS PspMapSystemDll(PEPROCESS Process)
{
	PVOID EntryPoint;

	return MmMapElfImage(Process, PspSystemDllImage, PspSystemDllSize, &EntryPoint);
}

/* Create the Process and Thread object types; their objects end in PspDelete*. */
static NTSTATUS PspCreateObjectTypes(VOID)
{
	OBJECT_TYPE_INITIALIZER Initializer = { 0 };
	UNICODE_STRING Name;
	NTSTATUS Status;

	Initializer.Length = sizeof(Initializer);
	Initializer.PoolType = NonPagedPool;
	Initializer.ValidAccessMask = STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFF;
	Initializer.DeleteProcedure = PspDeleteProcess;
	RtlInitUnicodeString(&Name, L"Process");
	Status = ObCreateObjectType(&Name, &Initializer, NULL, &PsProcessType);
	if (!NT_SUCCESS(Status))
		return Status;
	Initializer.ValidAccessMask = THREAD_ALL_ACCESS;
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

/* Phase 0: Idle (the boot thread's process), System, the reaper, Phase1Initialization. */
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
		Status = PspCreateProcess(NULL, "System", NULL, 0, &PsInitialSystemProcess, NULL);
	if (NT_SUCCESS(Status))
		Status = PspCreateReaperThread();
	if (NT_SUCCESS(Status))
		Status = PspStartSystemThread(Phase1Initialization);
	if (!NT_SUCCESS(Status))
		KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0, 0, 0);
}
