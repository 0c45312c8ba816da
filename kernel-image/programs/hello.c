/*
 * hello.c — the first user program: system calls through sysenter (ntdll stubs) and
 * int 0x2E (ntdll!KiIntSystemCall), the kernel's answers to a bad service number and
 * bad pointers, NtContinue, then NtTerminateProcess(NtCurrentProcess(), 0).
 */
#include "native.h"

#define NT_TIME_2000 125911584000000000LL   /* 2000-01-01 00:00 UTC */

NTSTATUS NTAPI IntQuerySystemTime(PLARGE_INTEGER SystemTime);
NTSTATUS NTAPI IntDisplayString(PUNICODE_STRING String);
NTSTATUS IntSystemCall(ULONG Number, PVOID Arguments);
NTSTATUS FastSystemCall(ULONG Number);
VOID KiFastSystemCall(VOID);
VOID KiIntSystemCall(VOID);
VOID ContinueTrampoline(VOID);
DECLSPEC_NORETURN VOID ContinueTarget(ULONG Esi, ULONG Edi);

static ULONG Checks, Failures;
static CONTEXT ContinueContext;
static ULONG ContinueStack[4096];

/* Report one call: the status it returned against the status it should return. */
static VOID Check(PCSTR What, NTSTATUS Status, NTSTATUS Expected)
{
	Checks++;
	Failures += Status != Expected;
	Print("hello: %-46s -> 0x%08lX %s\n", What, (ULONG)Status,
	      Status == Expected ? "ok" : "FAILED");
}

/* Who and where we are, from the TEB and PEB. */
static VOID ShowIdentity(PPEB Peb)
{
	PTEB Teb = NtCurrentTeb();

	Print("hello: hello from user mode: pid %lu tid %lu, TEB 0x%08lX, PEB 0x%08lX, image 0x%08lX\n",
	      (ULONG)Teb->ClientId.UniqueProcess, (ULONG)Teb->ClientId.UniqueThread, (ULONG)Teb,
	      (ULONG)Teb->ProcessEnvironmentBlock, (ULONG)Peb->ImageBaseAddress);
	Check("TEB.ProcessEnvironmentBlock == PEB argument", Teb->ProcessEnvironmentBlock == Peb ?
	      STATUS_SUCCESS : STATUS_UNSUCCESSFUL, STATUS_SUCCESS);
}

/* Which entry ntdll's stubs use: SharedUserData->SystemCall names it. */
static VOID ShowStubPath(VOID)
{
	ULONG SystemCall = *(volatile ULONG *)USER_SHARED_DATA_SYSTEMCALL;

	Print("hello: ntdll stubs call 0x%08lX = %s\n", SystemCall,
	      SystemCall == (ULONG)KiFastSystemCall ? "KiFastSystemCall (sysenter)" :
	      SystemCall == (ULONG)KiIntSystemCall ? "KiIntSystemCall (int 0x2E)" : "unknown");
}

/* The same services through both entries: ntdll stubs (sysenter) and int 0x2E. */
static VOID TestBothPaths(VOID)
{
	static WCHAR Message[] = L"hello: NtDisplayString through int 0x2E (KiIntSystemCall)\n";
	LARGE_INTEGER Fast, Slow, Counter, Frequency;
	UNICODE_STRING String;

	ShowStubPath();
	Check("NtQuerySystemTime (ntdll stub)", NtQuerySystemTime(&Fast), STATUS_SUCCESS);
	Check("NtQuerySystemTime (int 0x2E)", IntQuerySystemTime(&Slow), STATUS_SUCCESS);
	Print("hello: system time 0x%08lX%08lX (%s 2000-01-01)\n", (ULONG)(Fast.QuadPart >> 32),
	      (ULONG)Fast.QuadPart, Fast.QuadPart >= NT_TIME_2000 ? "after" : "BEFORE");
	Check("system time is monotonic across both paths",
	      Slow.QuadPart >= Fast.QuadPart ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL, STATUS_SUCCESS);
	RtlInitUnicodeString(&String, Message);
	Check("NtDisplayString (int 0x2E)", IntDisplayString(&String), STATUS_SUCCESS);
	Check("NtQueryPerformanceCounter", NtQueryPerformanceCounter(&Counter, &Frequency),
	      STATUS_SUCCESS);
	Print("hello: performance counter %lu at %lu Hz\n", (ULONG)Counter.QuadPart,
	      (ULONG)Frequency.QuadPart);
}

/* What the kernel answers to calls it must refuse. */
static VOID TestRefusals(VOID)
{
	UNICODE_STRING BadBuffer = { 16, 16, (PWSTR)0x00001000 };

	Check("unknown service 0x7FF (ntdll stub path)", FastSystemCall(0x7FF),
	      STATUS_INVALID_SYSTEM_SERVICE);
	Check("unknown service 0x7FF (int 0x2E)", IntSystemCall(0x7FF, NULL),
	      STATUS_INVALID_SYSTEM_SERVICE);
	Check("shadow-table service 0x1000 (int 0x2E)", IntSystemCall(0x1000, NULL),
	      STATUS_INVALID_SYSTEM_SERVICE);
	Check("arguments at kernel address 0x80000000", IntSystemCall(NTSVC_NtQuerySystemTime,
	      (PVOID)0x80000000), STATUS_ACCESS_VIOLATION);
	Check("arguments at unmapped address 0x00001000", IntSystemCall(NTSVC_NtQuerySystemTime,
	      (PVOID)0x00001000), STATUS_ACCESS_VIOLATION);
	Check("NtQuerySystemTime(kernel address)", NtQuerySystemTime((PLARGE_INTEGER)0x80001000),
	      STATUS_ACCESS_VIOLATION);
	Check("NtQuerySystemTime(unmapped address)", NtQuerySystemTime((PLARGE_INTEGER)0x00002000),
	      STATUS_ACCESS_VIOLATION);
	Check("NtQuerySystemTime(read-only ntdll code)", NtQuerySystemTime((PLARGE_INTEGER)NtClose),
	      STATUS_ACCESS_VIOLATION);
	Check("NtDisplayString(NULL)", NtDisplayString(NULL), STATUS_ACCESS_VIOLATION);
	Check("NtDisplayString(bad buffer)", NtDisplayString(&BadBuffer), STATUS_ACCESS_VIOLATION);
	Check("NtClose(4)", NtClose((HANDLE)4), STATUS_INVALID_HANDLE);
	Check("NtTerminateProcess(bad handle)", NtTerminateProcess((HANDLE)0x1234, 0),
	      STATUS_INVALID_HANDLE);
	Check("NtContinue(NULL)", NtContinue(NULL, FALSE), STATUS_ACCESS_VIOLATION);
}

/* Services with nothing to do yet. */
static VOID TestQuietServices(VOID)
{
	Check("NtTestAlert", NtTestAlert(), STATUS_SUCCESS);
	Check("NtYieldExecution (nothing else ready)", NtYieldExecution(), STATUS_NO_YIELD_PERFORMED);
}

/* Reached through NtContinue: the registers came from ContinueContext. Ends the program. */
VOID ContinueTarget(ULONG Esi, ULONG Edi)
{
	Check("NtContinue restored ESI and EDI", Esi == 0x51515151 && Edi == 0xD1D1D1D1 ?
	      STATUS_SUCCESS : STATUS_UNSUCCESSFUL, STATUS_SUCCESS);
	Print("hello: %lu checks, %lu failed\n", Checks, Failures);
	NtTerminateProcess(NtCurrentProcess(), Failures ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS);
	for (;;)
		;
}

/* Jump to ContinueTrampoline on a fresh stack with chosen registers. */
static VOID TestContinue(VOID)
{
	ContinueContext.ContextFlags = CONTEXT_FULL;
	ContinueContext.Eip = (ULONG)ContinueTrampoline;
	ContinueContext.Esp = (ULONG)&ContinueStack[ARRAYSIZE(ContinueStack) - 4];
	ContinueContext.Esi = 0x51515151;
	ContinueContext.Edi = 0xD1D1D1D1;
	ContinueContext.EFlags = 0x202;
	NtContinue(&ContinueContext, FALSE);
	Check("NtContinue returned", STATUS_UNSUCCESSFUL, STATUS_SUCCESS);
}

/* Entry point: [esp+4] = the PEB. Ends in ContinueTarget. */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	ShowIdentity(Peb);
	TestBothPaths();
	TestRefusals();
	TestQuietServices();
	TestContinue();
}
