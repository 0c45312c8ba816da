/*
 * createproc.c — process creation through kernel32: children one at a time and several
 * at once (CreateProcessW/A of win32child.elf, waits, exit codes, CREATE_SUSPENDED), a
 * missing image, a native image that CreateProcess refuses, a child that faults, a user APC in an alertable SleepEx, and a child
 * made with raw NtCreateProcessEx/NtCreateThread that nobody tells csrss about: its
 * kernel32 cannot connect, so its initialization fails (STATUS_DLL_INIT_FAILED) — seed 000.
 * Prints "createproc: N checks, M failed".
 */
#include <windows.h>
#include <ntapi.h>
#include <ntstatus.h>
#include <umtypes.h>
#include <rtl.h>

static ULONG Checks, Failures, ApcCount;

/* Report one check. */
static VOID Check(PCSTR What, BOOLEAN Ok)
{
	Checks++;
	Failures += !Ok;
	Print("createproc: %-52s %s\n", What, Ok ? "ok" : "FAILED");
}

/* CreateProcessW(CommandLine); FALSE and the error on failure. */
static BOOL Create(PCSTR CommandLine, LPPROCESS_INFORMATION Info)
{
	STARTUPINFOW StartupInfo = { .cb = sizeof(StartupInfo) };
	WCHAR Wide[96];
	ULONG i;

	for (i = 0; (Wide[i] = (UCHAR)CommandLine[i]) && i < ARRAYSIZE(Wide) - 1; i++)
		;
	Wide[i] = 0;
	return CreateProcessW(NULL, Wide, NULL, NULL, FALSE, 0, NULL, NULL, &StartupInfo, Info);
}

/* Wait for a child and return its exit code (handles closed). */
static DWORD WaitChild(LPPROCESS_INFORMATION Info)
{
	DWORD ExitCode = STILL_ACTIVE;

	WaitForSingleObject(Info->hProcess, INFINITE);
	GetExitCodeProcess(Info->hProcess, &ExitCode);
	CloseHandle(Info->hThread);
	CloseHandle(Info->hProcess);
	return ExitCode;
}

/* Three children, one after the other, each with its own exit code. */
static VOID TestOneAtATime(VOID)
{
	PROCESS_INFORMATION Info;
	STARTUPINFOA StartupA = { .cb = sizeof(StartupA) };
	CHAR Line[48];
	ULONG i;

	for (i = 1; i <= 3; i++) {
		snprintf(Line, sizeof(Line), "win32child.elf %lu", i * 10);
		Check("CreateProcessW(win32child.elf)", Create(Line, &Info));
		Check("its exit code (GetExitCodeProcess)", WaitChild(&Info) == i * 10);
	}
	Check("CreateProcessA(win32child.elf 42)", CreateProcessA(NULL, "win32child.elf 42", NULL,
	      NULL, FALSE, 0, NULL, NULL, &StartupA, &Info));
	Check("its exit code is 42", WaitChild(&Info) == 42);
}

/* CREATE_SUSPENDED: the child waits until ResumeThread. */
static VOID TestSuspended(VOID)
{
	STARTUPINFOW StartupInfo = { .cb = sizeof(StartupInfo) };
	PROCESS_INFORMATION Info;
	WCHAR Line[] = L"win32child.elf 77";

	Check("CreateProcessW(CREATE_SUSPENDED)", CreateProcessW(NULL, Line, NULL, NULL, FALSE,
	      CREATE_SUSPENDED, NULL, NULL, &StartupInfo, &Info));
	Check("it does not run while suspended", WaitForSingleObject(Info.hProcess, 50) ==
	      WAIT_TIMEOUT);
	Check("ResumeThread: suspended once", ResumeThread(Info.hThread) == 1);
	Check("then it runs to its end (77)", WaitChild(&Info) == 77);
}

/* Three children at once, waited for together. */
static VOID TestSeveralAtOnce(VOID)
{
	PROCESS_INFORMATION Info[3];
	HANDLE Processes[3];
	DWORD ExitCode;
	ULONG i;

	for (i = 0; i < 3; i++) {
		Check("CreateProcessW (three in flight)", Create("win32child.elf 5", &Info[i]));
		Processes[i] = Info[i].hProcess;
	}
	Check("WaitForMultipleObjects(all three)", WaitForMultipleObjects(3, Processes, TRUE,
	      INFINITE) == WAIT_OBJECT_0);
	for (i = 0; i < 3; i++) {
		Check("each exited with 5", GetExitCodeProcess(Processes[i], &ExitCode) && ExitCode == 5);
		CloseHandle(Info[i].hThread);
		CloseHandle(Info[i].hProcess);
	}
}

/* A missing image, a native image (not Win32: refused), and a child that faults. */
static VOID TestFailures(VOID)
{
	PROCESS_INFORMATION Info;

	SetLastError(0);
	Check("CreateProcessW(nosuch.elf) fails", !Create("nosuch.elf", &Info));
	Check("with ERROR_FILE_NOT_FOUND", GetLastError() == ERROR_FILE_NOT_FOUND);
	SetLastError(0);
	Check("CreateProcessW(child.elf: native) fails", !Create("child.elf", &Info));
	Check("with ERROR_CHILD_NOT_COMPLETE", GetLastError() == ERROR_CHILD_NOT_COMPLETE);
	Check("CreateProcessW(win32child.elf fault)", Create("win32child.elf fault", &Info));
	Check("it ends with STATUS_ACCESS_VIOLATION", WaitChild(&Info) == 0xC0000005);
}

static VOID WINAPI ApcRoutine(ULONG_PTR Parameter)
{
	ApcCount += Parameter;
}

/* A user APC to ourselves runs in an alertable SleepEx, not before. */
static VOID TestApc(VOID)
{
	Check("QueueUserAPC(own thread)", QueueUserAPC(ApcRoutine, GetCurrentThread(), 7));
	Sleep(10);
	Check("not run by a non-alertable Sleep", ApcCount == 0);
	Check("SleepEx(alertable) returns WAIT_IO_COMPLETION",
	      SleepEx(INFINITE, TRUE) == WAIT_IO_COMPLETION);
	Check("the APC ran once with its parameter", ApcCount == 7);
}

/* win32child.elf's section, a process for it and a suspended first thread — no csrss. */
static NTSTATUS CreateRawChild(PHANDLE Process, PHANDLE Thread)
{
	extern VOID BaseProcessStartThunk(VOID);
	SECTION_IMAGE_INFORMATION Image;
	PROCESS_BASIC_INFORMATION Basic;
	INITIAL_TEB Teb = { 0 };
	CONTEXT Context = { 0 };
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	IO_STATUS_BLOCK Io;
	CLIENT_ID Cid;
	HANDLE File, Section;
	SIZE_T Size = 0x10000;
	PVOID Stack = NULL;
	NTSTATUS Status;

	RtlInitUnicodeString(&Name, L"\\SystemRoot\\win32child.elf");
	InitializeObjectAttributes(&Oa, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
	Status = NtOpenFile(&File, SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA, &Oa, &Io,
	                    FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File);
	NtClose(File);
	if (!NT_SUCCESS(Status))
		return Status;
	NtQuerySection(Section, SectionImageInformation, &Image, sizeof(Image), NULL);
	Status = NtCreateProcessEx(Process, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), 0, Section,
	                           NULL, NULL, FALSE);
	NtClose(Section);
	if (NT_SUCCESS(Status))
		Status = NtQueryInformationProcess(*Process, ProcessBasicInformation, &Basic,
		                                   sizeof(Basic), NULL);
	if (NT_SUCCESS(Status))
		Status = NtAllocateVirtualMemory(*Process, &Stack, 0, &Size, MEM_RESERVE | MEM_COMMIT,
		                                 PAGE_READWRITE);
	if (!NT_SUCCESS(Status))
		return Status;
	Teb.StackBase = (PUCHAR)Stack + Size;
	Teb.StackLimit = Teb.AllocatedStackBase = Stack;
	Context.ContextFlags = CONTEXT_FULL;
	Context.Eip = (ULONG)BaseProcessStartThunk;
	Context.Eax = (ULONG)Image.TransferAddress;
	Context.Ebx = (ULONG)Basic.PebBaseAddress;
	Context.Esp = (ULONG)Teb.StackBase - 4;
	Context.EFlags = 0x3000 | 0x200;
	return NtCreateThread(Thread, THREAD_ALL_ACCESS, NULL, *Process, &Cid, &Context, &Teb, TRUE);
}

/* Seed 000: the raw child is refused by csrss and fails with STATUS_DLL_INIT_FAILED. */
static VOID TestRawChild(VOID)
{
	PROCESS_BASIC_INFORMATION Basic;
	HANDLE Process = NULL, Thread = NULL;

	Check("NtCreateProcessEx + NtCreateThread(win32child.elf)",
	      NT_SUCCESS(CreateRawChild(&Process, &Thread)));
	Check("NtResumeThread (csrss was never told)", NT_SUCCESS(NtResumeThread(Thread, NULL)));
	NtWaitForSingleObject(Process, FALSE, NULL);
	NtQueryInformationProcess(Process, ProcessBasicInformation, &Basic, sizeof(Basic), NULL);
	Print("createproc: the raw child ended with 0x%08lX\n", (ULONG)Basic.ExitStatus);
	Check("it failed to initialize: STATUS_DLL_INIT_FAILED",
	      Basic.ExitStatus == STATUS_DLL_INIT_FAILED);
	NtClose(Thread);
	NtClose(Process);
}

int main(int argc, char **argv)
{
	TestOneAtATime();
	TestSuspended();
	TestSeveralAtOnce();
	TestFailures();
	TestApc();
	TestRawChild();
	Print("createproc: %lu checks, %lu failed\n", Checks, Failures);
	return Failures ? 1 : 0;
}
