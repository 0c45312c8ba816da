/*
 * cid.c — client ids: PspCidTable is a handle table without a process whose entries
 * point at process and thread objects, so ids are multiples of 4. It frees strictly
 * FIFO, as NT's: an id comes back only after every other free one has been used.
 */
#include <internal/ps.h>

PHANDLE_TABLE PspCidTable;

/* Create the CID table. */
NTSTATUS PspInitializeCidTable(VOID)
{
	PspCidTable = ExCreateHandleTable(NULL);
	if (!PspCidTable)
		return STATUS_INSUFFICIENT_RESOURCES;
	ExSetHandleTableStrictFIFO(PspCidTable);
	return STATUS_SUCCESS;
}

/* A new id for a process or thread object; NULL when the table is full. */
HANDLE PspCreateCid(PVOID Object)
{
	HANDLE_TABLE_ENTRY Entry = { { Object }, { 0 } };

	return ExCreateHandle(PspCidTable, &Entry);
}

/* Release an id (its object is being deleted). */
VOID PspDeleteCid(HANDLE Id)
{
	ExDestroyHandle(PspCidTable, Id, NULL);
}

/* The live object of ObjectType with id Id, referenced; NULL when there is none. */
static PVOID PspLookupCid(HANDLE Id, POBJECT_TYPE ObjectType)
{
	ULONG State = ExLockHandleTable(PspCidTable);
	PHANDLE_TABLE_ENTRY Entry = ExMapHandleToPointer(PspCidTable, Id);
	PVOID Object = Entry ? Entry->Object : NULL;

	if (Object && (OBJECT_TO_OBJECT_HEADER(Object)->Type != ObjectType ||
	               !ObReferenceObjectSafe(Object)))
		Object = NULL;
	ExUnlockHandleTable(PspCidTable, State);
	return Object;
}

/* The process with id ProcessId, referenced; STATUS_INVALID_CID if none. */
NTSTATUS PsLookupProcessByProcessId(HANDLE ProcessId, PEPROCESS *Process)
{
	*Process = PspLookupCid(ProcessId, PsProcessType);
	return *Process ? STATUS_SUCCESS : STATUS_INVALID_CID;
}

/* The thread with id ThreadId, referenced; STATUS_INVALID_CID if none. */
NTSTATUS PsLookupThreadByThreadId(HANDLE ThreadId, PETHREAD *Thread)
{
	*Thread = PspLookupCid(ThreadId, PsThreadType);
	return *Thread ? STATUS_SUCCESS : STATUS_INVALID_CID;
}
