/*
 * ldrinit.c — the loader's part of every new thread: LdrInitializeThunk (dispatch.S),
 * run by the thread's first user APC, calls LdrpInitialize before the thread's own
 * context. The first thread of a process sets up the PEB's loader data and loads the
 * DLLs the image imports (ldrload.c), running their DllMain; every thread sets up its
 * TEB. A DLL that fails to initialize fails the process, as NT: a hard error
 * (STATUS_DLL_INIT_FAILED) to the system, then NtTerminateProcess with that status.
 */
#include "ntdllp.h"

#define LDRP_DEFAULT_LOCALE 0x0409

typedef struct _PEB_LDR_DATA {
	ULONG Length;
	BOOLEAN Initialized;
	PVOID SsHandle;
	LIST_ENTRY InLoadOrderModuleList;
	LIST_ENTRY InMemoryOrderModuleList;
	LIST_ENTRY InInitializationOrderModuleList;
} PEB_LDR_DATA, *PPEB_LDR_DATA;

static PEB_LDR_DATA PebLdr;
PVOID LdrpNtdllBase;

/* The process's first thread: the PEB's loader data, the ntdll base the kernel passed. */
static VOID LdrpInitializeProcess(PPEB Peb, PVOID NtdllBase)
{
	PebLdr.Length = sizeof(PebLdr);
	InitializeListHead(&PebLdr.InLoadOrderModuleList);
	InitializeListHead(&PebLdr.InMemoryOrderModuleList);
	InitializeListHead(&PebLdr.InInitializationOrderModuleList);
	PebLdr.Initialized = TRUE;
	LdrpNtdllBase = NtdllBase;
	Peb->TlsBitmap = Peb->TlsBitmapBits;
	Peb->Ldr = &PebLdr;
}

/* Every thread: its TEB's locale and TLS array. */
static VOID LdrpInitializeThread(PTEB Teb)
{
	Teb->CurrentLocale = LDRP_DEFAULT_LOCALE;
	Teb->ThreadLocalStoragePointer = NULL;
}

/* Load every DLL in the image's import directory (none for native images). */
static NTSTATUS LdrpLoadImports(PPEB Peb)
{
	PLDR_IMPORT_DIRECTORY Imports = Peb->ImageBaseAddress;
	PVOID DllHandle;
	NTSTATUS Status = STATUS_SUCCESS;
	ULONG i;

	if (Imports->Signature != LDR_IMPORT_SIGNATURE)
		return STATUS_SUCCESS;
	for (i = 0; i < Imports->NumberOfDlls && i < LDR_MAX_IMPORTS && NT_SUCCESS(Status); i++)
		Status = LdrLoadDll(Imports->DllNames[i], &DllHandle);
	return Status;
}

/* Process initialization failed: tell the system (a hard error), then end the process. */
DECLSPEC_NORETURN VOID NTAPI LdrpInitializationFailure(NTSTATUS Status)
{
	ULONG Response;

	NtRaiseHardError(STATUS_DLL_INIT_FAILED, 0, 0, NULL, OptionOk, &Response);
	for (;;)
		NtTerminateProcess(NtCurrentProcess(), Status);
}

/*
 * Initialize the loader state for the calling thread (and, the first time, its process);
 * then return: KiUserApcDispatcher continues with Context, the thread's own start.
 */
VOID NTAPI LdrpInitialize(PCONTEXT Context, PVOID SystemArgument1, PVOID SystemArgument2)
{
	PTEB Teb = NtCurrentTeb();

	NTSTATUS Status = STATUS_SUCCESS;

	LdrpInitializeThread(Teb);
	if (!Teb->ProcessEnvironmentBlock->Ldr) {
		LdrpInitializeProcess(Teb->ProcessEnvironmentBlock, SystemArgument1);
		Status = LdrpLoadImports(Teb->ProcessEnvironmentBlock);
	}
	if (!NT_SUCCESS(Status))
		LdrpInitializationFailure(STATUS_DLL_INIT_FAILED);
}
