/*
 * thredsup.c — CSR threads: a fixed pool, the thread hash table (CsrThreadHashTable,
 * 256 buckets, hash = tid & 255) and CsrLocateThreadByClientId.
 */
#include "csrsrv.h"

LIST_ENTRY CsrThreadHashTable[CSR_HASH_BUCKETS];
static CSR_THREAD CsrThreads[CSR_MAX_THREADS];

/* A free thread block for Process (NULL when the pool is used up). */
PCSR_THREAD CsrAllocateThread(PCSR_PROCESS Process)
{
	ULONG i;

	for (i = 0; i < CSR_MAX_THREADS; i++)
		if (!CsrThreads[i].InUse) {
			memset(&CsrThreads[i], 0, sizeof(CsrThreads[i]));
			CsrThreads[i].InUse = TRUE;
			CsrThreads[i].Process = Process;
			return &CsrThreads[i];
		}
	return NULL;
}

/* Link Thread into its process's list and the hash table. */
VOID CsrInsertThread(PCSR_PROCESS Process, PCSR_THREAD Thread)
{
	InsertTailList(&Process->ThreadList, &Thread->Link);
	Process->ThreadCount++;
	InsertHeadList(&CsrThreadHashTable[CsrHashThread(Thread->ClientId.UniqueThread)],
	               &Thread->HashLinks);
}

/* Unlink a thread and free its block; its handle is closed. */
VOID CsrDestroyThread(PCSR_THREAD Thread)
{
	RemoveEntryList(&Thread->HashLinks);
	RemoveEntryList(&Thread->Link);
	Thread->Process->ThreadCount--;
	if (Thread->ThreadHandle)
		NtClose(Thread->ThreadHandle);
	Thread->InUse = FALSE;
}

/*
 * The CSR thread with this ClientId (both ids must match), and its process in
 * *Process; NULL if csrss does not know the thread.
 */
DECLSPEC_TRACED PCSR_THREAD NTAPI CsrLocateThreadByClientId(PCSR_PROCESS *Process,
                                                            PCLIENT_ID ClientId)
{
	PLIST_ENTRY Head = &CsrThreadHashTable[CsrHashThread(ClientId->UniqueThread)], Next;
	PCSR_THREAD Thread;

	if (Process)
		*Process = NULL;
	for (Next = Head->Flink; Next != Head; Next = Next->Flink) {
		Thread = CONTAINING_RECORD(Next, CSR_THREAD, HashLinks);
		if (Thread->ClientId.UniqueThread == ClientId->UniqueThread &&
		    Thread->ClientId.UniqueProcess == ClientId->UniqueProcess) {
			if (Process)
				*Process = Thread->Process;
			return Thread;
		}
	}
	return NULL;
}

/* Empty hash buckets. */
VOID CsrInitializeProcessStructure(VOID)
{
	ULONG i;

	for (i = 0; i < CSR_HASH_BUCKETS; i++)
		InitializeListHead(&CsrThreadHashTable[i]);
}
