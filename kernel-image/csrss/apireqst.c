/*
 * apireqst.c — CsrApiRequestThread: csrss's loop on NtReplyWaitReceivePort(\Windows\
 * ApiPort). Connection requests are accepted only from threads csrss knows; API
 * requests go to CsrLoadedServerDll[ServerDllIndex]->ApiDispatchTable[ApiTableIndex];
 * LPC_CLIENT_DIED forgets the thread; LPC_ERROR_EVENT goes to the HardErrorRoutines.
 */
#include "csrsrv.h"

PCSR_THREAD CsrCurrentThread;

/*
 * Accept a connection from a thread csrss knows (a process someone told csrss about),
 * refuse any other: NtAcceptConnectPort(Accept), then NtCompleteConnectPort.
 */
DECLSPEC_TRACED NTSTATUS NTAPI CsrApiHandleConnectionRequest(PCSR_API_MSG Message)
{
	PCSR_PROCESS Process = NULL;
	PCSR_THREAD Thread = CsrLocateThreadByClientId(&Process, &Message->h.ClientId);
	BOOLEAN Accept = Thread && Process;
	HANDLE Port = NULL;
	NTSTATUS Status;

	Message->ConnectionRequest.CurrentVersion = CSR_VERSION;
	Message->ConnectionRequest.ServerProcessId = (ULONG)NtCurrentTeb()->ClientId.UniqueProcess;
	if (!Accept)
		Print("csrss: rejecting connection request from unknown client %lu.%lu\n",
		      (ULONG)Message->h.ClientId.UniqueProcess, (ULONG)Message->h.ClientId.UniqueThread);
	Status = NtAcceptConnectPort(&Port, Accept ? (PVOID)Process->SequenceNumber : NULL,
	                             &Message->h, Accept, NULL, NULL);
	if (!NT_SUCCESS(Status) || !Accept)
		return NT_SUCCESS(Status) ? STATUS_PORT_CONNECTION_REFUSED : Status;
	if (Process->ClientPort)
		NtClose(Process->ClientPort);
	Process->ClientPort = Port;
	return NtCompleteConnectPort(Port);
}

/* An API request from a known thread: the server DLL's routine; its status is the reply. */
static VOID CsrDispatchApi(PCSR_THREAD Thread, PCSR_API_MSG Message)
{
	ULONG DllIndex = CSR_APINUMBER_TO_SERVERDLLINDEX(Message->ApiNumber), Index, Reply = 0;
	PCSR_SERVER_DLL Dll = DllIndex < CSR_SERVER_DLL_MAX ? CsrLoadedServerDll[DllIndex] : NULL;

	Message->ReturnValue = STATUS_ILLEGAL_FUNCTION;
	if (!Dll || !Thread)
		return;
	Index = CSR_APINUMBER_TO_APITABLEINDEX(Message->ApiNumber) - Dll->ApiNumberBase;
	if (Index >= Dll->MaxApiNumber)
		return;
	CsrCurrentThread = Thread;
	Message->ReturnValue = Dll->ApiDispatchTable[Index](Message, &Reply);
	CsrCurrentThread = NULL;
}

/* A hard error: each server DLL's HardErrorRoutine until one handles it. */
static VOID CsrDispatchHardError(PCSR_THREAD Thread, PHARDERROR_MSG Message)
{
	ULONG i;

	Message->Response = 0;
	for (i = 0; i < CSR_SERVER_DLL_MAX; i++)
		if (CsrLoadedServerDll[i] && CsrLoadedServerDll[i]->HardErrorRoutine &&
		    CsrLoadedServerDll[i]->HardErrorRoutine(Thread, Message))
			break;
}

/* A thread's termination port message: forget it (and its process with its last thread). */
static VOID CsrClientDied(PCSR_THREAD Thread, PCSR_PROCESS Process)
{
	if (!Thread)
		return;
	CsrDestroyThread(Thread);
	if (!Process->ThreadCount)
		CsrDestroyProcess(Process);
}

/* Handle one received message; return the reply to send with the next receive, or NULL. */
static PPORT_MESSAGE CsrHandleMessage(PCSR_API_MSG Message)
{
	PCSR_PROCESS Process = NULL;
	PCSR_THREAD Thread;

	switch (Message->h.u2.s2.Type) {
	case LPC_CONNECTION_REQUEST:
		CsrApiHandleConnectionRequest(Message);
		return NULL;
	case LPC_REQUEST:
		CsrDispatchApi(CsrLocateThreadByClientId(&Process, &Message->h.ClientId), Message);
		return &Message->h;
	case LPC_ERROR_EVENT:
		Thread = CsrLocateThreadByClientId(&Process, &Message->h.ClientId);
		CsrDispatchHardError(Thread, (PHARDERROR_MSG)Message);
		return &Message->h;
	case LPC_CLIENT_DIED:
		Thread = CsrLocateThreadByClientId(&Process, &Message->h.ClientId);
		CsrClientDied(Thread, Process);
		return NULL;
	case LPC_EXCEPTION:
		Message->ReturnValue = DBG_EXCEPTION_NOT_HANDLED;
		return &Message->h;
	default:
		return NULL;
	}
}

/* csrss's API thread: reply to the last message and wait for the next, for ever. */
NTSTATUS NTAPI CsrApiRequestThread(PVOID Parameter)
{
	static CSR_API_MSG Message;
	PPORT_MESSAGE Reply = NULL;
	PVOID PortContext;
	NTSTATUS Status;

	for (;;) {
		Status = NtReplyWaitReceivePort(CsrApiPort, &PortContext, Reply, &Message.h);
		Reply = NULL;
		if (!NT_SUCCESS(Status)) {
			Print("csrss: NtReplyWaitReceivePort failed: 0x%08lX\n", (ULONG)Status);
			NtDelayExecution(FALSE, &(LARGE_INTEGER){ .QuadPart = -100000 });
			continue;
		}
		Reply = CsrHandleMessage(&Message);
	}
}
