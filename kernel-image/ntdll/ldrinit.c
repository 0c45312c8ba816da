/*
 * ldrinit.c — the loader's part of every new thread: LdrInitializeThunk (dispatch.S),
 * run by the thread's first user APC, calls LdrpInitialize before the thread's own
 * context. The first thread of a process sets up the PEB's loader data; every thread
 * sets up its TEB. (Only ntdll is mapped so far: no DLLs to load or initialize.)
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

/*
 * Initialize the loader state for the calling thread (and, the first time, its process);
 * then return: KiUserApcDispatcher continues with Context, the thread's own start.
 */
VOID NTAPI LdrpInitialize(PCONTEXT Context, PVOID SystemArgument1, PVOID SystemArgument2)
{
	PTEB Teb = NtCurrentTeb();

	if (!Teb->ProcessEnvironmentBlock->Ldr)
		LdrpInitializeProcess(Teb->ProcessEnvironmentBlock, SystemArgument1);
	LdrpInitializeThread(Teb);
}
