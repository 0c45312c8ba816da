/*
 * basesrv.c — the BASESRV server DLL (index 1), inside the csrss image: its API table
 * (BasepCreateProcess 0x10000, BasepCreateThread 0x10001) and hard-error routine.
 */
#include "csrsrv.h"

/* Duplicate a handle of the calling client's process into csrss. */
static NTSTATUS BaseSrvDuplicateFromClient(HANDLE ClientHandle, PHANDLE Handle)
{
	*Handle = NULL;
	if (!ClientHandle)
		return STATUS_SUCCESS;
	return NtDuplicateObject(CsrCurrentThread->Process->ProcessHandle, ClientHandle,
	                         NtCurrentProcess(), Handle, 0, 0, DUPLICATE_SAME_ACCESS);
}

/*
 * BasepCreateProcess: take our own handles to the client's new process and thread,
 * then CsrCreateProcess registers them.
 */
DECLSPEC_TRACED NTSTATUS NTAPI BaseSrvCreateProcess(PCSR_API_MSG ApiMessage, PULONG ReplyStatus)
{
	PBASE_CREATEPROCESS_MSG m = &ApiMessage->u.CreateProcessRequest;
	HANDLE Process, Thread = NULL;
	NTSTATUS Status;

	Status = BaseSrvDuplicateFromClient(m->ProcessHandle, &Process);
	if (NT_SUCCESS(Status))
		Status = BaseSrvDuplicateFromClient(m->ThreadHandle, &Thread);
	if (NT_SUCCESS(Status))
		Status = CsrCreateProcess(Process, Thread, &m->ClientId, NULL, m->CreationFlags, NULL);
	if (!NT_SUCCESS(Status) && Process)
		NtClose(Process);
	if (!NT_SUCCESS(Status) && Thread)
		NtClose(Thread);
	return Status;
}

/* BasepCreateThread: a further thread of a process csrss knows. */
DECLSPEC_TRACED NTSTATUS NTAPI BaseSrvCreateThread(PCSR_API_MSG ApiMessage, PULONG ReplyStatus)
{
	PBASE_CREATETHREAD_MSG m = &ApiMessage->u.CreateThreadRequest;
	PCSR_PROCESS Process = CsrLocateProcessByProcessId(m->ClientId.UniqueProcess);
	HANDLE Thread;
	NTSTATUS Status;

	if (!Process)
		return STATUS_INVALID_CID;
	Status = BaseSrvDuplicateFromClient(m->ThreadHandle, &Thread);
	if (NT_SUCCESS(Status))
		Status = CsrCreateThread(Process, Thread, &m->ClientId);
	return Status;
}

static const PCSR_API_ROUTINE BaseServerApiDispatchTable[BasepMaxApiNumber] = {
	BaseSrvCreateProcess,
	BaseSrvCreateThread,
};

CSR_SERVER_DLL BasepServerDll = {
	"basesrv", 0, BasepMaxApiNumber, BaseServerApiDispatchTable,
	CsrHandleHardError,
};
