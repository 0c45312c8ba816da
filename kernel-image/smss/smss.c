/*
 * smss.c — the Session Manager, the first user process (the kernel starts it). It reads
 * boot.ini, gives itself the system environment from boot options (CSRNOTIFY=nt5|reactos
 * from csrnotify=, STRESS=N from stress=; every Win32 process inherits it), starts csrss natively with
 * its own ClientId on csrss's command line (so csrss knows smss), waits for
 * \BaseNamedObjects\CsrSrvReady, loads kernel32.dll (LdrLoadDll: DllMain connects smss
 * to csrss), then runs the workload: native images natively (as csrss), Win32 images
 * through CreateProcessW.
 */
#include "smss.h"

static WCHAR SmpEnvironment[128];
static RTL_USER_PROCESS_PARAMETERS SmpParameters;
static CHAR SmpBootIni[SMP_FILE_MAX], SmpWorkload[SMP_FILE_MAX];

/* Append "Name=Value" to the environment block (*Used characters so far). */
static VOID SmpAddVariable(PULONG Used, PCSTR Name, PCSTR Value)
{
	CHAR Entry[48];
	ULONG n = *Used, i;

	snprintf(Entry, sizeof(Entry), "%s=%s", Name, Value);
	for (i = 0; Entry[i] && n < ARRAYSIZE(SmpEnvironment) - 2; i++)
		SmpEnvironment[n++] = (UCHAR)Entry[i];
	SmpEnvironment[n++] = 0;
	SmpEnvironment[n] = 0;
	*Used = n;
}

/* Our own process parameters: the command line and the system environment. */
static VOID SmpInitializeEnvironment(PPEB Peb, PCSTR CsrNotify)
{
	static WCHAR CommandLine[] = L"smss.exe";
	CHAR Stress[16];
	ULONG n = 0;

	SmpAddVariable(&n, "CSRNOTIFY", CsrNotify);
	if (SmpQueryBootOption(SmpBootIni, "stress", Stress, sizeof(Stress)))
		SmpAddVariable(&n, "STRESS", Stress);
	SmpParameters.Length = SmpParameters.MaximumLength = sizeof(SmpParameters);
	SmpParameters.Flags = RTL_USER_PROC_PARAMS_NORMALIZED;
	RtlInitUnicodeString(&SmpParameters.CommandLine, CommandLine);
	SmpParameters.ImagePathName = SmpParameters.CommandLine;
	SmpParameters.Environment = SmpEnvironment;
	Peb->ProcessParameters = &SmpParameters;
}

/* Start csrss and wait until its API port is up; FALSE if it died instead. */
static BOOLEAN SmpStartCsrss(VOID)
{
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	WCHAR CommandLine[96];
	CHAR Narrow[96];
	HANDLE Objects[2] = { NULL, NULL }, Section;
	SECTION_IMAGE_INFORMATION Image;
	NTSTATUS Status;
	ULONG i;

	RtlInitUnicodeString(&Name, L"\\BaseNamedObjects\\CsrSrvReady");
	InitializeObjectAttributes(&Oa, &Name, OBJ_OPENIF, NULL, NULL);
	NtCreateEvent(&Objects[0], EVENT_ALL_ACCESS, &Oa, NotificationEvent, FALSE);
	snprintf(Narrow, sizeof(Narrow), "csrss.exe ObjectDirectory=\\Windows SmssClientId=%lu.%lu",
	         (ULONG)NtCurrentTeb()->ClientId.UniqueProcess,
	         (ULONG)NtCurrentTeb()->ClientId.UniqueThread);
	for (i = 0; (CommandLine[i] = (UCHAR)Narrow[i]); i++)
		;
	Status = SmpOpenImage(L"csrss.exe", &Section, &Image);
	if (NT_SUCCESS(Status)) {
		Status = SmpCreateNativeProcess(Section, &Image, CommandLine, &Objects[1]);
		NtClose(Section);
	}
	if (NT_SUCCESS(Status))
		Status = NtWaitForMultipleObjects(2, Objects, WaitAny, FALSE, NULL);
	if (Status != STATUS_WAIT_0)
		Print("smss: csrss did not start: 0x%08lX\n", (ULONG)Status);
	return Status == STATUS_WAIT_0;
}

/* Entry point: [esp+4] = the PEB. */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	CHAR CsrNotify[16] = "nt5", Workload[48] = "workload.wl";
	WCHAR WideWorkload[48];
	PVOID Kernel32;
	NTSTATUS Status;
	ULONG i;

	SmpReadBootFile(L"boot.ini", SmpBootIni, sizeof(SmpBootIni));
	SmpQueryBootOption(SmpBootIni, "csrnotify", CsrNotify, sizeof(CsrNotify));
	SmpQueryBootOption(SmpBootIni, "workload", Workload, sizeof(Workload));
	SmpInitializeEnvironment(Peb, CsrNotify);
	Print("smss: session manager, pid %lu, csrss notification order %s\n",
	      (ULONG)NtCurrentTeb()->ClientId.UniqueProcess, CsrNotify);
	if (!SmpStartCsrss())
		NtTerminateProcess(NtCurrentProcess(), STATUS_UNSUCCESSFUL);
	Status = LdrLoadDll(L"kernel32.dll", &Kernel32);
	if (!NT_SUCCESS(Status)) {
		Print("smss: cannot load kernel32.dll: 0x%08lX\n", (ULONG)Status);
		NtTerminateProcess(NtCurrentProcess(), Status);
	}
	for (i = 0; (WideWorkload[i] = (UCHAR)Workload[i]); i++)
		;
	if (!NT_SUCCESS(SmpReadBootFile(WideWorkload, SmpWorkload, sizeof(SmpWorkload))))
		Print("smss: no workload file '%s'\n", Workload);
	SmpRunWorkload(SmpWorkload);
	Print("smss: workload done\n");
	NtTerminateProcess(NtCurrentProcess(), STATUS_SUCCESS);
}
