/*
 * init.c — csrss.exe, the Win32 subsystem server: a native process smss starts.
 * CsrServerInitialization registers csrss itself (CsrRootProcess) and smss, its
 * creator (smss passes its ClientId on csrss's command line, "SmssClientId=pid.tid",
 * as NT's smss is known to csrss through its SM port), creates \Windows\ApiPort,
 * becomes the default hard-error port, starts CsrApiRequestThread and sets
 * \BaseNamedObjects\CsrSrvReady for smss.
 */
#include "csrsrv.h"

#define CSR_API_THREAD_STACK 0x10000

PCSR_SERVER_DLL CsrLoadedServerDll[CSR_SERVER_DLL_MAX];
HANDLE CsrApiPort;
static CSR_SERVER_DLL CsrSrvServerDll = { "csrsrv", 0, 0, NULL, NULL };

/* Parse "SmssClientId=pid.tid" from the command line; FALSE without it. */
static BOOLEAN CsrParseSmssClientId(PCLIENT_ID ClientId)
{
	PRTL_USER_PROCESS_PARAMETERS Params = NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
	CHAR Line[128];
	PCHAR Value, End;
	ULONG i;

	if (!Params || !Params->CommandLine.Buffer)
		return FALSE;
	for (i = 0; i < Params->CommandLine.Length / 2 && i < sizeof(Line) - 1; i++)
		Line[i] = (CHAR)Params->CommandLine.Buffer[i];
	Line[i] = 0;
	for (Value = Line; *Value && strncmp(Value, "SmssClientId=", 13); Value++)
		;
	if (!*Value)
		return FALSE;
	ClientId->UniqueProcess = (HANDLE)strtoul(Value + 13, &End, 10);
	ClientId->UniqueThread = (HANDLE)strtoul(End + 1, NULL, 10);
	return *End == '.';
}

/* Register csrss itself as CsrRootProcess, then smss as its child. */
static NTSTATUS CsrInitializeProcesses(VOID)
{
	OBJECT_ATTRIBUTES Oa;
	CLIENT_ID Smss;
	HANDLE Process;
	NTSTATUS Status;

	CsrInitializeProcessStructure();
	CsrRootProcess = CsrAllocateProcess();
	CsrRootProcess->ClientId = NtCurrentTeb()->ClientId;
	CsrCreateThread(CsrRootProcess, NULL, &NtCurrentTeb()->ClientId);
	if (!CsrParseSmssClientId(&Smss))
		return STATUS_SUCCESS;
	InitializeObjectAttributes(&Oa, NULL, 0, NULL, NULL);
	Status = NtOpenProcess(&Process, PROCESS_ALL_ACCESS, &Oa, &Smss);
	if (NT_SUCCESS(Status))
		Status = CsrCreateProcess(Process, NULL, &Smss, NULL, 0, NULL);
	if (NT_SUCCESS(Status))
		Status = CsrCreateThread(CsrLocateProcessByProcessId(Smss.UniqueProcess), NULL, &Smss);
	return Status;
}

/* \Windows\ApiPort, also the system's default hard-error port. */
static NTSTATUS CsrApiPortInitialize(VOID)
{
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	NTSTATUS Status;

	RtlInitUnicodeString(&Name, CSR_API_PORT_NAME);
	InitializeObjectAttributes(&Oa, &Name, 0, NULL, NULL);
	Status = NtCreatePort(&CsrApiPort, &Oa, sizeof(CSR_API_CONNECTINFO), sizeof(CSR_API_MSG),
	                      16 * PAGE_SIZE);
	if (NT_SUCCESS(Status))
		Status = NtSetDefaultHardErrorPort(CsrApiPort);
	return Status;
}

/* A thread of csrss at StartAddress (ntdll!RtlUserThreadStart(StartAddress, NULL)). */
static NTSTATUS CsrCreateServerThread(PVOID StartAddress, PCLIENT_ID ClientId)
{
	ULONG Frame[3] = { 0, (ULONG)StartAddress, 0 };
	INITIAL_TEB InitialTeb = { 0 };
	CONTEXT Context = { 0 };
	SIZE_T Size = CSR_API_THREAD_STACK;
	PVOID Stack = NULL;
	HANDLE Thread;
	NTSTATUS Status;

	Status = NtAllocateVirtualMemory(NtCurrentProcess(), &Stack, 0, &Size,
	                                 MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	if (!NT_SUCCESS(Status))
		return Status;
	InitialTeb.StackBase = (PUCHAR)Stack + Size;
	InitialTeb.StackLimit = InitialTeb.AllocatedStackBase = Stack;
	memcpy((PUCHAR)InitialTeb.StackBase - sizeof(Frame), Frame, sizeof(Frame));
	Context.ContextFlags = CONTEXT_FULL;
	Context.Eip = (ULONG)RtlUserThreadStart;
	Context.Esp = (ULONG)InitialTeb.StackBase - sizeof(Frame);
	Context.EFlags = 0x3000 | 0x200;
	Status = NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), ClientId,
	                        &Context, &InitialTeb, FALSE);
	if (NT_SUCCESS(Status))
		NtClose(Thread);
	return Status;
}

/* Tell smss the API port is up: set \BaseNamedObjects\CsrSrvReady (smss made it). */
static VOID CsrSignalReady(VOID)
{
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	HANDLE Event;

	RtlInitUnicodeString(&Name, L"\\BaseNamedObjects\\CsrSrvReady");
	InitializeObjectAttributes(&Oa, &Name, OBJ_OPENIF, NULL, NULL);
	if (NT_SUCCESS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, &Oa, NotificationEvent, FALSE))) {
		NtSetEvent(Event, NULL);
		NtClose(Event);
	}
}

/* Server DLLs, processes, the port, the API thread; ready. */
NTSTATUS CsrServerInitialization(VOID)
{
	CLIENT_ID ApiThread;
	NTSTATUS Status;

	CsrLoadedServerDll[CSRSRV_SERVERDLL_INDEX] = &CsrSrvServerDll;
	CsrLoadedServerDll[BASESRV_SERVERDLL_INDEX] = &BasepServerDll;
	Status = CsrApiPortInitialize();
	if (NT_SUCCESS(Status))
		Status = CsrInitializeProcesses();
	if (NT_SUCCESS(Status))
		Status = CsrCreateServerThread(CsrApiRequestThread, &ApiThread);
	if (NT_SUCCESS(Status))
		Status = CsrCreateThread(CsrRootProcess, NULL, &ApiThread);
	if (!NT_SUCCESS(Status))
		return Status;
	Print("csrss: pid %lu: \\Windows\\ApiPort ready, API thread %lu\n",
	      (ULONG)NtCurrentTeb()->ClientId.UniqueProcess, (ULONG)ApiThread.UniqueThread);
	CsrSignalReady();
	return STATUS_SUCCESS;
}

/* Entry point: initialize, then the first thread is done (the API thread serves). */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	NTSTATUS Status = CsrServerInitialization();

	if (!NT_SUCCESS(Status)) {
		Print("csrss: initialization failed: 0x%08lX\n", (ULONG)Status);
		NtTerminateProcess(NtCurrentProcess(), Status);
	}
	NtTerminateThread(NtCurrentThread(), STATUS_SUCCESS);
}
