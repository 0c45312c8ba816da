/*
 * create.c — CreateProcessW/A -> CreateProcessInternalW, in NT5's order: BasepMapFile
 * (NtOpenFile, NtCreateSection(SEC_IMAGE), NtClose), NtQuerySection (a native image is
 * refused there: ERROR_CHILD_NOT_COMPLETE, no process), NtCreateProcessEx,
 * NtQueryInformationProcess, BasepInitializeEnvironment (process parameters in the
 * child), BasepCreateFirstThread (stack, context, NtCreateThread suspended), then one
 * CsrClientCallServer(BasepCreateProcess), then NtResumeThread. With the boot option
 * csrnotify=reactos csrss is told before the thread exists (BasepCreateProcess), and of
 * the thread after it (BasepCreateThread), as ReactOS 0.3 does.
 */
#include "k32.h"

#define BASEP_NAME_CHARS 128

/* The image a command line names: its first word (quotes allowed). */
static VOID BasepImageFromCommandLine(PCWSTR CommandLine, PWSTR Image, ULONG Chars)
{
	WCHAR End = L' ';
	ULONG n = 0;

	while (*CommandLine == L' ')
		CommandLine++;
	if (*CommandLine == L'"')
		End = *CommandLine++;
	while (*CommandLine && *CommandLine != End && n < Chars - 1)
		Image[n++] = *CommandLine++;
	Image[n] = 0;
}

/*
 * NtQuerySection(SectionImageInformation), then NtCreateProcessEx for the section, its
 * PEB and id. Only Win32 images (SubSystemType WINDOWS_GUI/CUI: the kernel gives that to
 * images whose import directory names kernel32.dll) become processes: a native image is
 * refused here, after the section and before NtCreateProcessEx, as NT's
 * CreateProcessInternalW refuses every subsystem but Win32's (New->NotWin32: the caller
 * sets ERROR_CHILD_NOT_COMPLETE, "cannot be run in Win32 mode"). Native images are
 * started natively, as smss starts csrss (RtlCreateUserProcess in NT).
 */
static NTSTATUS BasepCreateProcessObject(PBASE_NEW_PROCESS New, BOOL bInheritHandles)
{
	NTSTATUS Status;

	Status = NtQuerySection(New->Section, SectionImageInformation, &New->Image,
	                        sizeof(New->Image), NULL);
	if (NT_SUCCESS(Status) && New->Image.SubSystemType != IMAGE_SUBSYSTEM_WINDOWS_GUI &&
	    New->Image.SubSystemType != IMAGE_SUBSYSTEM_WINDOWS_CUI) {
		New->NotWin32 = TRUE;
		return STATUS_INVALID_IMAGE_FORMAT;
	}
	if (NT_SUCCESS(Status))
		Status = NtCreateProcessEx(&New->Process, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(),
		                           bInheritHandles ? PROCESS_CREATE_FLAGS_INHERIT_HANDLES : 0,
		                           New->Section, NULL, NULL, FALSE);
	if (NT_SUCCESS(Status))
		Status = NtQueryInformationProcess(New->Process, ProcessBasicInformation, &New->Basic,
		                                   sizeof(New->Basic), NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	New->ClientId.UniqueProcess = (HANDLE)New->Basic.UniqueProcessId;
	return Status;
}

/* The steps after the section, in the chosen order; the thread stays suspended. */
static NTSTATUS BasepCreateProcessSteps(PBASE_NEW_PROCESS New, PCWSTR ImagePath,
                                        PCWSTR CommandLine, PVOID Environment,
                                        BOOL bInheritHandles, DWORD dwCreationFlags)
{
	NTSTATUS Status = BasepCreateProcessObject(New, bInheritHandles);

	if (NT_SUCCESS(Status))
		Status = BasepInitializeEnvironment(New, ImagePath, CommandLine, Environment);
	if (NT_SUCCESS(Status) && BaseCsrNotifyOrder == BaseCsrNotifyReactOS)
		Status = BasepNotifyCsrOfCreation(New, dwCreationFlags);
	if (NT_SUCCESS(Status))
		Status = BasepCreateFirstThread(New);
	if (NT_SUCCESS(Status))
		Status = BaseCsrNotifyOrder == BaseCsrNotifyReactOS ? BasepNotifyCsrOfThread(New) :
		         BasepNotifyCsrOfCreation(New, dwCreationFlags);
	return Status;
}

/* Undo a half-made process: terminate it, close every handle. */
static VOID BasepCleanup(PBASE_NEW_PROCESS New, NTSTATUS Status)
{
	if (New->Process)
		NtTerminateProcess(New->Process, Status);
	if (New->Thread)
		NtClose(New->Thread);
	if (New->Process)
		NtClose(New->Process);
}

/*
 * Create a process and its first thread from a Win32 image (lpApplicationName, else the
 * command line's first word); csrss is told before the thread runs. FALSE and
 * GetLastError() on failure: ERROR_FILE_NOT_FOUND for a missing image,
 * ERROR_CHILD_NOT_COMPLETE for a native one (no process is created).
 */
DECLSPEC_TRACED BOOL WINAPI CreateProcessInternalW(HANDLE hToken, LPCWSTR lpApplicationName,
	LPWSTR lpCommandLine, LPSECURITY_ATTRIBUTES lpProcessAttributes,
	LPSECURITY_ATTRIBUTES lpThreadAttributes, BOOL bInheritHandles, DWORD dwCreationFlags,
	LPVOID lpEnvironment, LPCWSTR lpCurrentDirectory, LPSTARTUPINFOW lpStartupInfo,
	LPPROCESS_INFORMATION lpProcessInformation, PHANDLE hNewToken)
{
	BASE_NEW_PROCESS New = { 0 };
	WCHAR Image[BASEP_NAME_CHARS];
	NTSTATUS Status;

	if ((dwCreationFlags & (DETACHED_PROCESS | CREATE_NEW_CONSOLE)) ==
	    (DETACHED_PROCESS | CREATE_NEW_CONSOLE) || (!lpApplicationName && !lpCommandLine)) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	BasepImageFromCommandLine(lpApplicationName ? lpApplicationName : lpCommandLine, Image,
	                          ARRAYSIZE(Image));
	Status = BasepMapFile(Image, &New.Section);
	if (NT_SUCCESS(Status)) {
		Status = BasepCreateProcessSteps(&New, Image, lpCommandLine ? lpCommandLine : Image,
		                                 lpEnvironment, bInheritHandles, dwCreationFlags);
		NtClose(New.Section);
	}
	if (NT_SUCCESS(Status) && !(dwCreationFlags & CREATE_SUSPENDED))
		Status = NtResumeThread(New.Thread, NULL);
	if (!NT_SUCCESS(Status)) {
		BasepCleanup(&New, Status);
		if (New.NotWin32)
			SetLastError(ERROR_CHILD_NOT_COMPLETE);
		else
			BaseSetLastNTError(Status);
		return FALSE;
	}
	lpProcessInformation->hProcess = New.Process;
	lpProcessInformation->hThread = New.Thread;
	lpProcessInformation->dwProcessId = (DWORD)New.ClientId.UniqueProcess;
	lpProcessInformation->dwThreadId = (DWORD)New.ClientId.UniqueThread;
	return TRUE;
}

/* CreateProcessW: CreateProcessInternalW without a token. */
DECLSPEC_TRACED BOOL WINAPI CreateProcessW(LPCWSTR lpApplicationName, LPWSTR lpCommandLine,
	LPSECURITY_ATTRIBUTES lpProcessAttributes, LPSECURITY_ATTRIBUTES lpThreadAttributes,
	BOOL bInheritHandles, DWORD dwCreationFlags, LPVOID lpEnvironment,
	LPCWSTR lpCurrentDirectory, LPSTARTUPINFOW lpStartupInfo,
	LPPROCESS_INFORMATION lpProcessInformation)
{
	return CreateProcessInternalW(NULL, lpApplicationName, lpCommandLine, lpProcessAttributes,
	                              lpThreadAttributes, bInheritHandles, dwCreationFlags,
	                              lpEnvironment, lpCurrentDirectory, lpStartupInfo,
	                              lpProcessInformation, NULL);
}

/* Widen an ANSI string (NULL stays NULL). */
static LPWSTR BasepWiden(LPCSTR Narrow, PWSTR Wide, ULONG Chars)
{
	ULONG i;

	if (!Narrow)
		return NULL;
	for (i = 0; Narrow[i] && i < Chars - 1; i++)
		Wide[i] = (UCHAR)Narrow[i];
	Wide[i] = 0;
	return Wide;
}

/* CreateProcessA: the strings widened, then CreateProcessInternalW. */
DECLSPEC_TRACED BOOL WINAPI CreateProcessA(LPCSTR lpApplicationName, LPSTR lpCommandLine,
	LPSECURITY_ATTRIBUTES lpProcessAttributes, LPSECURITY_ATTRIBUTES lpThreadAttributes,
	BOOL bInheritHandles, DWORD dwCreationFlags, LPVOID lpEnvironment,
	LPCSTR lpCurrentDirectory, LPSTARTUPINFOA lpStartupInfo,
	LPPROCESS_INFORMATION lpProcessInformation)
{
	WCHAR Application[BASEP_NAME_CHARS], CommandLine[256];

	return CreateProcessInternalW(NULL, BasepWiden(lpApplicationName, Application,
	                              ARRAYSIZE(Application)), BasepWiden(lpCommandLine, CommandLine,
	                              ARRAYSIZE(CommandLine)), lpProcessAttributes, lpThreadAttributes,
	                              bInheritHandles, dwCreationFlags, lpEnvironment, NULL, NULL,
	                              lpProcessInformation, NULL);
}
