/*
 * procsup.c — CSR processes: a fixed pool, the list under CsrRootProcess (csrss
 * itself), CsrCreateProcess (what BaseSrvCreateProcess asks for) and their end.
 */
#include "csrsrv.h"

PCSR_PROCESS CsrRootProcess;
static CSR_PROCESS CsrProcesses[CSR_MAX_PROCESSES];
static ULONG CsrProcessSequenceCount = 1;

/* Forget processes that ended without csrss hearing of it (their handle is signalled). */
static VOID CsrReapEndedProcesses(VOID)
{
	LARGE_INTEGER Zero = { .QuadPart = 0 };
	ULONG i;

	for (i = 0; i < CSR_MAX_PROCESSES; i++)
		if (CsrProcesses[i].InUse && &CsrProcesses[i] != CsrRootProcess &&
		    CsrProcesses[i].ProcessHandle &&
		    NtWaitForSingleObject(CsrProcesses[i].ProcessHandle, FALSE, &Zero) == STATUS_SUCCESS)
			CsrDestroyProcess(&CsrProcesses[i]);
}

/* A free process block with the next sequence number (NULL when none is left). */
PCSR_PROCESS CsrAllocateProcess(VOID)
{
	ULONG i, Pass;

	for (Pass = 0; Pass < 2; Pass++, CsrReapEndedProcesses())
		for (i = 0; i < CSR_MAX_PROCESSES; i++)
			if (!CsrProcesses[i].InUse) {
				memset(&CsrProcesses[i], 0, sizeof(CsrProcesses[i]));
				CsrProcesses[i].InUse = TRUE;
				CsrProcesses[i].SequenceNumber = CsrProcessSequenceCount++;
				InitializeListHead(&CsrProcesses[i].ThreadList);
				InitializeListHead(&CsrProcesses[i].ListLink);
				return &CsrProcesses[i];
			}
	return NULL;
}

/* Link a process into CsrRootProcess's list (processes are not hashed). */
VOID CsrInsertProcess(PCSR_PROCESS Process)
{
	InsertTailList(&CsrRootProcess->ListLink, &Process->ListLink);
}

/* Destroy a process's threads, unlink it, close its handles, free its block. */
VOID CsrDestroyProcess(PCSR_PROCESS Process)
{
	while (!IsListEmpty(&Process->ThreadList))
		CsrDestroyThread(CONTAINING_RECORD(Process->ThreadList.Flink, CSR_THREAD, Link));
	RemoveEntryList(&Process->ListLink);
	if (Process->ProcessHandle)
		NtClose(Process->ProcessHandle);
	if (Process->ClientPort)
		NtClose(Process->ClientPort);
	Process->InUse = FALSE;
}

/* The CSR process whose UniqueProcess is Pid, or NULL. */
PCSR_PROCESS CsrLocateProcessByProcessId(HANDLE Pid)
{
	ULONG i;

	for (i = 0; i < CSR_MAX_PROCESSES; i++)
		if (CsrProcesses[i].InUse && CsrProcesses[i].ClientId.UniqueProcess == Pid)
			return &CsrProcesses[i];
	return NULL;
}

/* Add a thread (hThread is csrss's handle, may be NULL) to a known process. */
DECLSPEC_TRACED NTSTATUS NTAPI CsrCreateThread(PCSR_PROCESS Process, HANDLE hThread,
                                               PCLIENT_ID ClientId)
{
	PCSR_THREAD Thread = CsrAllocateThread(Process);

	if (!Thread)
		return STATUS_NO_MEMORY;
	Thread->ClientId = *ClientId;
	Thread->ThreadHandle = hThread;
	CsrInsertThread(Process, Thread);
	return STATUS_SUCCESS;
}

/*
 * Register a new process (hProcess, hThread: csrss's own handles to it; hThread may be
 * NULL in ReactOS order): its exception port becomes csrss's API port, its first
 * thread goes into the hash table, the process into CsrRootProcess's list.
 */
DECLSPEC_TRACED NTSTATUS NTAPI CsrCreateProcess(HANDLE hProcess, HANDLE hThread,
                                                PCLIENT_ID ClientId, PVOID NtSession,
                                                ULONG Flags, PCLIENT_ID DebugCid)
{
	PCSR_PROCESS Process = CsrAllocateProcess();
	NTSTATUS Status;

	if (!Process)
		return STATUS_NO_MEMORY;
	Process->ClientId = *ClientId;
	Process->ProcessHandle = hProcess;
	Status = NtSetInformationProcess(hProcess, ProcessExceptionPort, &CsrApiPort,
	                                 sizeof(CsrApiPort));
	if (NT_SUCCESS(Status) && hThread)
		Status = CsrCreateThread(Process, hThread, ClientId);
	if (!NT_SUCCESS(Status)) {
		Process->ProcessHandle = NULL;
		Process->InUse = FALSE;
		return Status;
	}
	CsrInsertProcess(Process);
	return STATUS_SUCCESS;
}
