/*
 * child.c — a small program for others to start: it checks who it is (TEB, PEB and
 * NtQueryInformationProcess agree), touches demand-zero memory, and exits with
 * STATUS_SUCCESS when all is well.
 */
#include "native.h"

static ULONG Checks, Failures;

/* Count one check and report a failure. */
static VOID Check(PCSTR What, BOOLEAN Ok)
{
	Checks++;
	Failures += !Ok;
	if (!Ok)
		Print("child: %s FAILED\n", What);
}

/* Identity: the TEB, the PEB argument and the kernel's view of this process agree. */
static VOID CheckIdentity(PPEB Peb, PPROCESS_BASIC_INFORMATION Info)
{
	PTEB Teb = NtCurrentTeb();

	Check("NtQueryInformationProcess(NtCurrentProcess())",
	      NT_SUCCESS(NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation,
	                                           Info, sizeof(*Info), NULL)));
	Check("UniqueProcessId is the TEB's", Info->UniqueProcessId ==
	      (ULONG_PTR)Teb->ClientId.UniqueProcess);
	Check("PebBaseAddress is the PEB argument", Info->PebBaseAddress == Peb);
	Check("PEB.ImageBaseAddress is 0x00400000", Peb->ImageBaseAddress == (PVOID)0x00400000);
	Check("a parent", Info->InheritedFromUniqueProcessId != 0);
	Check("still running", Info->ExitStatus == STATUS_PENDING);
}

/* Commit 64 KB; its pages read as zero until written. */
static VOID CheckMemory(VOID)
{
	PVOID Base = NULL;
	SIZE_T Size = 0x10000;
	volatile ULONG *Page;

	Check("NtAllocateVirtualMemory(64 KB)", NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(),
	      &Base, 0, &Size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)));
	Page = (volatile ULONG *)((PUCHAR)Base + 0x4000);
	Check("a fresh page reads zero", Page[100] == 0);
	Page[100] = 0xC41D;
	Check("and keeps what is written", Page[100] == 0xC41D);
}

/* Entry point: [esp+4] = the PEB. */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	PROCESS_BASIC_INFORMATION Info = { 0 };

	CheckIdentity(Peb, &Info);
	CheckMemory();
	Print("child: pid %lu, parent pid %lu: %lu checks, %lu failed\n", (ULONG)Info.UniqueProcessId,
	      (ULONG)Info.InheritedFromUniqueProcessId, Checks, Failures);
	NtTerminateProcess(NtCurrentProcess(), Failures ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS);
}
