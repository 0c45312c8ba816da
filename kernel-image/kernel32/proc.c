/* proc.c — process start and end, exit codes, ids, resuming, the command line. */
#include "k32.h"

/* A Win32 process's first thread: the image's entry, then ExitProcess with its result. */
DECLSPEC_NORETURN VOID WINAPI BaseProcessStartup(DWORD (WINAPI *StartAddress)(VOID))
{
	ExitProcess(StartAddress());
}

/* End this process with uExitCode (NtTerminateProcess). */
DECLSPEC_NORETURN VOID WINAPI ExitProcess(UINT uExitCode)
{
	for (;;)
		NtTerminateProcess(NtCurrentProcess(), (NTSTATUS)uExitCode);
}

BOOL WINAPI TerminateProcess(HANDLE hProcess, UINT uExitCode)
{
	NTSTATUS Status = NtTerminateProcess(hProcess, (NTSTATUS)uExitCode);

	if (!NT_SUCCESS(Status))
		BaseSetLastNTError(Status);
	return NT_SUCCESS(Status);
}

/* The exit status of a process, STILL_ACTIVE while it runs. */
BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode)
{
	PROCESS_BASIC_INFORMATION Info;
	NTSTATUS Status = NtQueryInformationProcess(hProcess, ProcessBasicInformation, &Info,
	                                            sizeof(Info), NULL);

	if (!NT_SUCCESS(Status)) {
		BaseSetLastNTError(Status);
		return FALSE;
	}
	*lpExitCode = (DWORD)Info.ExitStatus;
	return TRUE;
}

DWORD WINAPI GetProcessId(HANDLE Process)
{
	PROCESS_BASIC_INFORMATION Info;

	if (!NT_SUCCESS(NtQueryInformationProcess(Process, ProcessBasicInformation, &Info,
	                                          sizeof(Info), NULL)))
		return 0;
	return (DWORD)Info.UniqueProcessId;
}

/* Resume a suspended thread; its previous suspend count, or (DWORD)-1. */
DWORD WINAPI ResumeThread(HANDLE hThread)
{
	ULONG Previous;
	NTSTATUS Status = NtResumeThread(hThread, &Previous);

	if (NT_SUCCESS(Status))
		return Previous;
	BaseSetLastNTError(Status);
	return (DWORD)-1;
}

DWORD WINAPI GetCurrentProcessId(VOID) { return (DWORD)NtCurrentTeb()->ClientId.UniqueProcess; }
DWORD WINAPI GetCurrentThreadId(VOID) { return (DWORD)NtCurrentTeb()->ClientId.UniqueThread; }
HANDLE WINAPI GetCurrentProcess(VOID) { return NtCurrentProcess(); }
HANDLE WINAPI GetCurrentThread(VOID) { return NtCurrentThread(); }

/* The command line from the process parameters (empty without them). */
LPWSTR WINAPI GetCommandLineW(VOID)
{
	static WCHAR Empty[1];
	PRTL_USER_PROCESS_PARAMETERS Params = BasepProcessParameters();

	return Params && Params->CommandLine.Buffer ? Params->CommandLine.Buffer : Empty;
}

/* The command line, narrowed once. */
LPSTR WINAPI GetCommandLineA(VOID)
{
	static CHAR Narrow[256];
	LPWSTR Wide = GetCommandLineW();
	ULONG i;

	for (i = 0; Wide[i] && i < sizeof(Narrow) - 1; i++)
		Narrow[i] = (CHAR)Wide[i];
	Narrow[i] = 0;
	return Narrow;
}

/* A variable of this process's environment, narrowed into lpBuffer; its length or 0. */
DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize)
{
	PRTL_USER_PROCESS_PARAMETERS Params = BasepProcessParameters();
	WCHAR Name[64];
	PWSTR Value;
	DWORD i;

	for (i = 0; lpName[i] && i < ARRAYSIZE(Name) - 1; i++)
		Name[i] = (UCHAR)lpName[i];
	Name[i] = 0;
	Value = Params ? RtlQueryEnvironmentVariable(Params->Environment, Name) : NULL;
	if (!Value) {
		SetLastError(ERROR_ENVVAR_NOT_FOUND);
		return 0;
	}
	for (i = 0; Value[i] && i + 1 < nSize; i++)
		lpBuffer[i] = (CHAR)Value[i];
	if (nSize)
		lpBuffer[i] = 0;
	return i;
}
