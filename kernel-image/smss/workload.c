/*
 * workload.c — the workload file, one directive a line (`#` comments): `run NAME [ARGS]`
 * (start it, wait, report the exit status), `start NAME [ARGS]` (don't wait), `wait`
 * (for everything started); `bugcheck CODE` is the kernel's and skipped here. A program
 * is started by what its image is (NtQuerySection's SubSystemType): a native image
 * natively (SmpCreateNativeProcess, as csrss: csrss is not involved), a Win32 one through
 * CreateProcessW (which tells csrss).
 */
#include "smss.h"

#define SMP_MAX_STARTED 32

static HANDLE SmpStarted[SMP_MAX_STARTED];
static CHAR SmpStartedName[SMP_MAX_STARTED][32];
static ULONG SmpStartedCount;

/* Wait for a process and print its exit status. */
static VOID SmpWaitProgram(HANDLE Process, PCSTR Name)
{
	DWORD ExitCode = 0;

	WaitForSingleObject(Process, INFINITE);
	GetExitCodeProcess(Process, &ExitCode);
	Print("smss: %s exited with status 0x%08lX\n", Name, ExitCode);
	CloseHandle(Process);
}

/* Start CommandLine natively (its image Name is a native one); the process handle, or
 * NULL (reported). */
static HANDLE SmpCreateNativeProgram(HANDLE Section, PSECTION_IMAGE_INFORMATION Image,
                                     PCWSTR CommandLine, PCSTR Name)
{
	HANDLE Process;
	NTSTATUS Status = SmpCreateNativeProcess(Section, Image, CommandLine, &Process);

	if (!NT_SUCCESS(Status)) {
		Print("smss: cannot create %s: status 0x%08lX\n", Name, (ULONG)Status);
		return NULL;
	}
	return Process;
}

/* Start CommandLine: natively or through CreateProcessW, by its image; the process
 * handle, or NULL (reported). A name smss cannot open goes to CreateProcessW, which
 * reports it (ERROR_FILE_NOT_FOUND). */
static HANDLE SmpCreateProgram(PCSTR CommandLine, PCSTR Name)
{
	PROCESS_INFORMATION Info;
	STARTUPINFOW StartupInfo = { .cb = sizeof(StartupInfo) };
	SECTION_IMAGE_INFORMATION Image;
	WCHAR Wide[128], WideName[32];
	HANDLE Section, Process;
	BOOLEAN Win32;
	ULONG i;

	for (i = 0; CommandLine[i] && i < ARRAYSIZE(Wide) - 1; i++)
		Wide[i] = (UCHAR)CommandLine[i];
	Wide[i] = 0;
	for (i = 0; Name[i] && i < ARRAYSIZE(WideName) - 1; i++)
		WideName[i] = (UCHAR)Name[i];
	WideName[i] = 0;
	if (NT_SUCCESS(SmpOpenImage(WideName, &Section, &Image))) {
		Win32 = SmpIsWin32Image(&Image);
		Process = Win32 ? NULL : SmpCreateNativeProgram(Section, &Image, Wide, Name);
		NtClose(Section);
		if (!Win32)
			return Process;
	}
	if (!CreateProcessW(NULL, Wide, NULL, NULL, FALSE, 0, NULL, NULL, &StartupInfo, &Info)) {
		Print("smss: cannot create %s: error %lu\n", Name, GetLastError());
		return NULL;
	}
	CloseHandle(Info.hThread);
	return Info.hProcess;
}

/* Wait for every started program. */
static VOID SmpWaitStarted(VOID)
{
	ULONG i;

	for (i = 0; i < SmpStartedCount; i++)
		SmpWaitProgram(SmpStarted[i], SmpStartedName[i]);
	SmpStartedCount = 0;
}

/* One directive: Line is "verb rest", Name the rest's first word. */
static VOID SmpRunDirective(PCSTR Verb, PCSTR Rest, ULONG LineNumber)
{
	CHAR Name[32];
	HANDLE Process;
	ULONG n;

	for (n = 0; Rest[n] && Rest[n] != ' ' && n < sizeof(Name) - 1; n++)
		Name[n] = Rest[n];
	Name[n] = 0;
	if (!strcmp(Verb, "wait"))
		SmpWaitStarted();
	if (!strcmp(Verb, "wait") || !strcmp(Verb, "bugcheck"))
		return;
	if ((strcmp(Verb, "run") && strcmp(Verb, "start")) || !*Name) {
		Print("smss: workload line %lu: unknown directive '%s %s'\n", LineNumber, Verb, Rest);
		return;
	}
	Print("smss: %s %s\n", Verb, Rest);
	if (!(Process = SmpCreateProgram(Rest, Name)))
		return;
	if (!strcmp(Verb, "run") || SmpStartedCount == SMP_MAX_STARTED) {
		SmpWaitProgram(Process, Name);
		return;
	}
	strncpy(SmpStartedName[SmpStartedCount], Name, sizeof(SmpStartedName[0]));
	SmpStarted[SmpStartedCount++] = Process;
}

/* Split a line into verb and rest (trimmed, comments removed) and run it. */
static VOID SmpRunLine(PCHAR Line, ULONG LineNumber)
{
	PCHAR Verb, Rest, End;

	if ((End = strchr(Line, '#')))
		*End = 0;
	for (Verb = Line; *Verb == ' ' || *Verb == '\t'; Verb++)
		;
	for (Rest = Verb; *Rest && *Rest != ' ' && *Rest != '\t'; Rest++)
		;
	if (*Rest)
		*Rest++ = 0;
	while (*Rest == ' ' || *Rest == '\t')
		Rest++;
	for (End = Rest + strlen(Rest); End > Rest && strchr(" \t\r", End[-1]); )
		*--End = 0;
	if (*Verb)
		SmpRunDirective(Verb, Rest, LineNumber);
}

/* Run every line of the workload text, then wait for what is still running. */
VOID SmpRunWorkload(PCHAR Text)
{
	PCHAR Line = Text, Next;
	ULONG LineNumber = 0;

	for (; Line && *Line; Line = Next) {
		if ((Next = strchr(Line, '\n')))
			*Next++ = 0;
		SmpRunLine(Line, ++LineNumber);
	}
	SmpWaitStarted();
}
