/*
 * extypes.h — executive types: pool types and handle tables (NT's HANDLE_TABLE). No
 * kernel-only headers here: the handle-table code also builds for the host tests.
 */
#ifndef _EXTYPES_H
#define _EXTYPES_H

#include <ntdef.h>

typedef enum _POOL_TYPE {
	NonPagedPool,
	PagedPool
} POOL_TYPE;

struct _EPROCESS;

/*
 * One handle: the object (an OBJECT_HEADER, whose 8-byte alignment leaves the low bits
 * for OBJ_PROTECT_CLOSE / OBJ_INHERIT / OBJ_AUDIT_OBJECT_CLOSE) and the granted access.
 * A free entry has Object == NULL and links to the next free handle value.
 */
typedef struct _HANDLE_TABLE_ENTRY {
	union {
		PVOID Object;
		ULONG_PTR ObAttributes;
		ULONG_PTR Value;
	};
	union {
		ACCESS_MASK GrantedAccess;
		ULONG_PTR NextFreeTableEntry;
	};
} HANDLE_TABLE_ENTRY, *PHANDLE_TABLE_ENTRY;

/* Handles are entry index * 4; the low two bits of a handle value are ignored. */
#define HANDLE_VALUE_INC       4
#define HANDLE_TABLE_PAGE      4096
#define LOWLEVEL_COUNT         (HANDLE_TABLE_PAGE / sizeof(HANDLE_TABLE_ENTRY))
#define MIDLEVEL_COUNT         (HANDLE_TABLE_PAGE / sizeof(PHANDLE_TABLE_ENTRY))
#define MAX_HANDLES            (LOWLEVEL_COUNT * MIDLEVEL_COUNT)

/*
 * A handle table: one page of entries (TableCode's low bits 0), or a page of pointers
 * to such pages (low bits 1) once it outgrows one. Entries never move, so a handle's
 * entry stays put while the table grows.
 */
typedef struct _HANDLE_TABLE {
	ULONG_PTR TableCode;
	struct _EPROCESS *QuotaProcess;
	HANDLE UniqueProcessId;
	LIST_ENTRY HandleTableList;
	ULONG_PTR FirstFree;
	ULONG_PTR LastFree;
	ULONG_PTR NextHandleNeedingPool;
	LONG HandleCount;
	BOOLEAN StrictFIFO;
} HANDLE_TABLE, *PHANDLE_TABLE;

typedef BOOLEAN (*PEX_DUPLICATE_HANDLE_CALLBACK)(struct _EPROCESS *Process, PHANDLE_TABLE OldTable,
                                                 PHANDLE_TABLE_ENTRY OldEntry,
                                                 PHANDLE_TABLE_ENTRY NewEntry);
typedef BOOLEAN (*PEX_SWEEP_HANDLE_CALLBACK)(PHANDLE_TABLE_ENTRY HandleTableEntry, HANDLE Handle,
                                             PVOID Context);

extern LIST_ENTRY HandleTableListHead;

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);
VOID ExFreePool(PVOID P);

PHANDLE_TABLE ExCreateHandleTable(struct _EPROCESS *Process);
VOID ExDestroyHandleTable(PHANDLE_TABLE HandleTable,
                          PEX_SWEEP_HANDLE_CALLBACK DestroyHandleProcedure, PVOID Context);
VOID ExSetHandleTableStrictFIFO(PHANDLE_TABLE HandleTable);
HANDLE ExCreateHandle(PHANDLE_TABLE HandleTable, PHANDLE_TABLE_ENTRY HandleTableEntry);
BOOLEAN ExDestroyHandle(PHANDLE_TABLE HandleTable, HANDLE Handle,
                        PHANDLE_TABLE_ENTRY HandleTableEntry);
PHANDLE_TABLE_ENTRY ExMapHandleToPointer(PHANDLE_TABLE HandleTable, HANDLE Handle);
PHANDLE_TABLE ExDupHandleTable(struct _EPROCESS *Process, PHANDLE_TABLE OldTable,
                               PEX_DUPLICATE_HANDLE_CALLBACK DupHandleProcedure, ULONG_PTR Mask);
VOID ExSweepHandleTable(PHANDLE_TABLE HandleTable, PEX_SWEEP_HANDLE_CALLBACK SweepHandleProcedure,
                        PVOID Context);

#endif
