/*
 * handle.c — handle tables (per-process object tables and PspCidTable). A handle is an
 * entry index * 4 (index 0 is the NULL handle). Entries live in page-sized low-level
 * tables, reached directly or through a mid-level page once a table outgrows one; free
 * entries form a list threaded through NextFreeTableEntry, reused LIFO (object tables)
 * or strictly FIFO (the CID table, so process and thread ids come back late).
 */
#include <internal/ex.h>
#include <rtl.h>

#define TAG_HANDLE_TABLE 'btbO'

LIST_ENTRY HandleTableListHead = { &HandleTableListHead, &HandleTableListHead };

/* The entry at Index (< NextHandleNeedingPool / 4), through one or two levels. */
static PHANDLE_TABLE_ENTRY ExpEntryAt(PHANDLE_TABLE HandleTable, ULONG_PTR Index)
{
	PHANDLE_TABLE_ENTRY *MidLevel;

	if (!(HandleTable->TableCode & 1))
		return (PHANDLE_TABLE_ENTRY)HandleTable->TableCode + Index;
	MidLevel = (PHANDLE_TABLE_ENTRY *)(HandleTable->TableCode & ~(ULONG_PTR)1);
	return MidLevel[Index / LOWLEVEL_COUNT] + Index % LOWLEVEL_COUNT;
}

/* The entry (free or not) of handle value Value, or NULL when the table does not reach it. */
static PHANDLE_TABLE_ENTRY ExpLookupHandleTableEntry(PHANDLE_TABLE HandleTable, ULONG_PTR Value)
{
	Value &= ~(ULONG_PTR)(HANDLE_VALUE_INC - 1);
	if (Value == 0 || Value >= HandleTable->NextHandleNeedingPool)
		return NULL;
	return ExpEntryAt(HandleTable, Value / HANDLE_VALUE_INC);
}

/* Mark an entry free and append it to the free list. */
static VOID ExpAppendFreeEntry(PHANDLE_TABLE HandleTable, ULONG_PTR Value,
                               PHANDLE_TABLE_ENTRY Entry)
{
	Entry->Object = NULL;
	Entry->NextFreeTableEntry = 0;
	if (HandleTable->FirstFree)
		ExpLookupHandleTableEntry(HandleTable, HandleTable->LastFree)->NextFreeTableEntry = Value;
	else
		HandleTable->FirstFree = Value;
	HandleTable->LastFree = Value;
}

/* Free an entry: to the front of the free list, or to its back in a StrictFIFO table. */
static VOID ExpFreeHandleTableEntry(PHANDLE_TABLE HandleTable, ULONG_PTR Value,
                                    PHANDLE_TABLE_ENTRY Entry)
{
	if (HandleTable->StrictFIFO || !HandleTable->FirstFree) {
		ExpAppendFreeEntry(HandleTable, Value, Entry);
		return;
	}
	Entry->Object = NULL;
	Entry->NextFreeTableEntry = HandleTable->FirstFree;
	HandleTable->FirstFree = Value;
}

/* A zeroed page for the table's levels, or NULL. */
static PVOID ExpAllocateTablePage(VOID)
{
	PVOID Page = ExAllocatePoolWithTag(PagedPool, HANDLE_TABLE_PAGE, TAG_HANDLE_TABLE);

	if (Page)
		RtlZeroMemory(Page, HANDLE_TABLE_PAGE);
	return Page;
}

/* Make the table two-level so that it can take a second low-level table. */
static BOOLEAN ExpAddMidLevel(PHANDLE_TABLE HandleTable)
{
	PHANDLE_TABLE_ENTRY *MidLevel = ExpAllocateTablePage();

	if (!MidLevel)
		return FALSE;
	MidLevel[0] = (PHANDLE_TABLE_ENTRY)HandleTable->TableCode;
	HandleTable->TableCode = (ULONG_PTR)MidLevel | 1;
	return TRUE;
}

/* Grow the table by one low-level table whose entries (bar the NULL handle) go free. */
static BOOLEAN ExpAllocateHandleTableEntrySlow(PHANDLE_TABLE HandleTable)
{
	ULONG_PTR Tables = HandleTable->NextHandleNeedingPool / (LOWLEVEL_COUNT * HANDLE_VALUE_INC);
	ULONG_PTR Base = HandleTable->NextHandleNeedingPool, i;
	PHANDLE_TABLE_ENTRY LowLevel;

	if (Tables >= MIDLEVEL_COUNT || !(LowLevel = ExpAllocateTablePage()))
		return FALSE;
	if (Tables == 1 && !ExpAddMidLevel(HandleTable)) {
		ExFreePoolWithTag(LowLevel, TAG_HANDLE_TABLE);
		return FALSE;
	}
	if (Tables == 0)
		HandleTable->TableCode = (ULONG_PTR)LowLevel;
	else
		((PHANDLE_TABLE_ENTRY *)(HandleTable->TableCode & ~(ULONG_PTR)1))[Tables] = LowLevel;
	HandleTable->NextHandleNeedingPool += LOWLEVEL_COUNT * HANDLE_VALUE_INC;
	for (i = Base ? 0 : 1; i < LOWLEVEL_COUNT; i++)
		ExpAppendFreeEntry(HandleTable, Base + i * HANDLE_VALUE_INC, &LowLevel[i]);
	return TRUE;
}

/* Create an empty handle table (one low-level table) for Process (NULL: no process). */
PHANDLE_TABLE ExCreateHandleTable(struct _EPROCESS *Process)
{
	PHANDLE_TABLE HandleTable = ExAllocatePoolWithTag(PagedPool, sizeof(*HandleTable),
	                                                  TAG_HANDLE_TABLE);
	ULONG State;

	if (!HandleTable)
		return NULL;
	RtlZeroMemory(HandleTable, sizeof(*HandleTable));
	HandleTable->QuotaProcess = Process;
	if (!ExpAllocateHandleTableEntrySlow(HandleTable)) {
		ExFreePoolWithTag(HandleTable, TAG_HANDLE_TABLE);
		return NULL;
	}
	State = ExLockHandleTable(HandleTable);
	InsertTailList(&HandleTableListHead, &HandleTable->HandleTableList);
	ExUnlockHandleTable(HandleTable, State);
	return HandleTable;
}

/* Reuse freed handles strictly in the order they were freed (PspCidTable). */
VOID ExSetHandleTableStrictFIFO(PHANDLE_TABLE HandleTable)
{
	HandleTable->StrictFIFO = TRUE;
}

/*
 * Run DestroyHandleProcedure (if any) on every handle still open, then free the table.
 * Nobody else may use the table any more.
 */
VOID ExDestroyHandleTable(PHANDLE_TABLE HandleTable,
                          PEX_SWEEP_HANDLE_CALLBACK DestroyHandleProcedure, PVOID Context)
{
	ULONG_PTR Tables = HandleTable->NextHandleNeedingPool / (LOWLEVEL_COUNT * HANDLE_VALUE_INC), i;
	ULONG State;

	if (DestroyHandleProcedure)
		ExSweepHandleTable(HandleTable, DestroyHandleProcedure, Context);
	State = ExLockHandleTable(HandleTable);
	RemoveEntryList(&HandleTable->HandleTableList);
	ExUnlockHandleTable(HandleTable, State);
	for (i = 0; i < Tables; i++)
		ExFreePoolWithTag(ExpEntryAt(HandleTable, i * LOWLEVEL_COUNT), TAG_HANDLE_TABLE);
	if (HandleTable->TableCode & 1)
		ExFreePoolWithTag((PVOID)(HandleTable->TableCode & ~(ULONG_PTR)1), TAG_HANDLE_TABLE);
	ExFreePoolWithTag(HandleTable, TAG_HANDLE_TABLE);
}

/* Store *HandleTableEntry in a free entry; return its handle, or NULL when the table is full. */
HANDLE ExCreateHandle(PHANDLE_TABLE HandleTable, PHANDLE_TABLE_ENTRY HandleTableEntry)
{
	ULONG State = ExLockHandleTable(HandleTable);
	PHANDLE_TABLE_ENTRY Entry;
	ULONG_PTR Value = 0;

	if (!HandleTable->FirstFree && !ExpAllocateHandleTableEntrySlow(HandleTable))
		goto cleanup;
	Value = HandleTable->FirstFree;
	Entry = ExpLookupHandleTableEntry(HandleTable, Value);
	HandleTable->FirstFree = Entry->NextFreeTableEntry;
	*Entry = *HandleTableEntry;
	HandleTable->HandleCount++;
cleanup:
	ExUnlockHandleTable(HandleTable, State);
	return (HANDLE)Value;
}

/*
 * The in-use entry of Handle, or NULL. The entry stays valid only while the caller
 * holds the table lock (ExLockHandleTable) or otherwise keeps the handle from closing.
 */
PHANDLE_TABLE_ENTRY ExMapHandleToPointer(PHANDLE_TABLE HandleTable, HANDLE Handle)
{
	PHANDLE_TABLE_ENTRY Entry = ExpLookupHandleTableEntry(HandleTable, (ULONG_PTR)Handle);

	return Entry && Entry->Object ? Entry : NULL;
}

/* Free Handle's entry (when given, it must be the entry Handle maps to); FALSE if invalid. */
BOOLEAN ExDestroyHandle(PHANDLE_TABLE HandleTable, HANDLE Handle,
                        PHANDLE_TABLE_ENTRY HandleTableEntry)
{
	ULONG State = ExLockHandleTable(HandleTable);
	PHANDLE_TABLE_ENTRY Entry = ExMapHandleToPointer(HandleTable, Handle);
	BOOLEAN Destroyed = Entry && (!HandleTableEntry || Entry == HandleTableEntry);

	if (Destroyed) {
		ExpFreeHandleTableEntry(HandleTable,
		                        (ULONG_PTR)Handle & ~(ULONG_PTR)(HANDLE_VALUE_INC - 1), Entry);
		HandleTable->HandleCount--;
	}
	ExUnlockHandleTable(HandleTable, State);
	return Destroyed;
}

/* Relink every free entry of a table, in ascending handle order. */
static VOID ExpRebuildFreeList(PHANDLE_TABLE HandleTable)
{
	ULONG_PTR Value;
	PHANDLE_TABLE_ENTRY Entry;

	HandleTable->FirstFree = HandleTable->LastFree = 0;
	for (Value = HANDLE_VALUE_INC; Value < HandleTable->NextHandleNeedingPool;
	     Value += HANDLE_VALUE_INC) {
		Entry = ExpLookupHandleTableEntry(HandleTable, Value);
		if (!Entry->Object)
			ExpAppendFreeEntry(HandleTable, Value, Entry);
	}
}

/* Copy one entry if Mask selects it and DupHandleProcedure accepts it; else leave it free. */
static VOID ExpDupHandleTableEntry(struct _EPROCESS *Process, PHANDLE_TABLE OldTable,
                                   PHANDLE_TABLE NewTable, ULONG_PTR Value,
                                   PEX_DUPLICATE_HANDLE_CALLBACK DupHandleProcedure, ULONG_PTR Mask)
{
	PHANDLE_TABLE_ENTRY OldEntry = ExpLookupHandleTableEntry(OldTable, Value);
	PHANDLE_TABLE_ENTRY NewEntry = ExpLookupHandleTableEntry(NewTable, Value);

	NewEntry->Object = NULL;
	if (!OldEntry->Object || !(OldEntry->ObAttributes & Mask))
		return;
	*NewEntry = *OldEntry;
	if (DupHandleProcedure(Process, OldTable, OldEntry, NewEntry))
		NewTable->HandleCount++;
	else
		NewEntry->Object = NULL;
}

/*
 * A new table for Process holding the entries of OldTable whose attributes match Mask
 * (OBJ_INHERIT), each at the same handle value; NULL when out of memory.
 */
PHANDLE_TABLE ExDupHandleTable(struct _EPROCESS *Process, PHANDLE_TABLE OldTable,
                               PEX_DUPLICATE_HANDLE_CALLBACK DupHandleProcedure, ULONG_PTR Mask)
{
	PHANDLE_TABLE NewTable = ExCreateHandleTable(Process);
	ULONG State;
	ULONG_PTR Value;

	if (!NewTable)
		return NULL;
	State = ExLockHandleTable(OldTable);
	while (NewTable->NextHandleNeedingPool < OldTable->NextHandleNeedingPool) {
		if (!ExpAllocateHandleTableEntrySlow(NewTable)) {
			ExUnlockHandleTable(OldTable, State);
			ExDestroyHandleTable(NewTable, NULL, NULL);
			return NULL;
		}
	}
	for (Value = HANDLE_VALUE_INC; Value < OldTable->NextHandleNeedingPool; Value += HANDLE_VALUE_INC)
		ExpDupHandleTableEntry(Process, OldTable, NewTable, Value, DupHandleProcedure, Mask);
	ExpRebuildFreeList(NewTable);
	ExUnlockHandleTable(OldTable, State);
	return NewTable;
}

/* Call SweepHandleProcedure for every open handle (it may close them), lock not held. */
VOID ExSweepHandleTable(PHANDLE_TABLE HandleTable, PEX_SWEEP_HANDLE_CALLBACK SweepHandleProcedure,
                        PVOID Context)
{
	PHANDLE_TABLE_ENTRY Entry;
	ULONG_PTR Value;
	ULONG State;

	for (Value = HANDLE_VALUE_INC; Value < HandleTable->NextHandleNeedingPool;
	     Value += HANDLE_VALUE_INC) {
		State = ExLockHandleTable(HandleTable);
		Entry = ExMapHandleToPointer(HandleTable, (HANDLE)Value);
		ExUnlockHandleTable(HandleTable, State);
		if (Entry)
			SweepHandleProcedure(Entry, (HANDLE)Value, Context);
	}
}
