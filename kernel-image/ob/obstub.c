/*
 * obstub.c — a minimal object manager with NT's interface (ob.h), standing in until the
 * real one is merged (then delete this file): objects are an OBJECT_HEADER and body from
 * the pool, deleted through their type's DeleteProcedure when the last reference goes;
 * each process has one flat table of handles 4, 8, ...; no names, quotas or security.
 */
#include <internal/ob.h>
#include <internal/ps.h>
#include <internal/ex.h>
#include <internal/mm.h>
#include <rtl.h>

#define TAG_OBJECT   'jbO '
#define TAG_TYPE     'TjbO'
#define TAG_HANDLES  'btbO'
#define OBP_HANDLES  256

typedef struct _OBP_HANDLE_ENTRY {
	PVOID Object;
	ACCESS_MASK GrantedAccess;
} OBP_HANDLE_ENTRY, *POBP_HANDLE_ENTRY;

typedef struct _OBP_HANDLE_TABLE {
	OBP_HANDLE_ENTRY Entry[OBP_HANDLES];
} OBP_HANDLE_TABLE, *POBP_HANDLE_TABLE;

C_ASSERT(sizeof(OBP_HANDLE_TABLE) <= PAGE_SIZE);

/* Create an object type (waits on its objects use the body: DefaultObject offset 0). */
NTSTATUS NTAPI ObCreateObjectType(PUNICODE_STRING TypeName,
                                  POBJECT_TYPE_INITIALIZER ObjectTypeInitializer,
                                  PVOID Reserved, POBJECT_TYPE *ObjectType)
{
	POBJECT_TYPE Type = ExAllocatePoolWithTag(NonPagedPool, sizeof(OBJECT_TYPE), TAG_TYPE);

	if (!Type)
		return STATUS_INSUFFICIENT_RESOURCES;
	Type->Name = *TypeName;
	Type->DefaultObject = NULL;
	Type->TypeInfo = *ObjectTypeInitializer;
	*ObjectType = Type;
	return STATUS_SUCCESS;
}

/* Allocate a zeroed object of Type with one reference and no handle. */
NTSTATUS NTAPI ObCreateObject(KPROCESSOR_MODE ProbeMode, POBJECT_TYPE Type,
                              POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE AccessMode,
                              PVOID ParseContext, ULONG ObjectBodySize, ULONG PagedPoolCharge,
                              ULONG NonPagedPoolCharge, PVOID *Object)
{
	POBJECT_HEADER Header;

	if (ObjectBodySize > PAGE_SIZE - FIELD_OFFSET(OBJECT_HEADER, Body))
		return STATUS_INSUFFICIENT_RESOURCES;
	Header = ExAllocatePoolWithTag(NonPagedPool, FIELD_OFFSET(OBJECT_HEADER, Body) +
	                               ObjectBodySize, TAG_OBJECT);
	if (!Header)
		return STATUS_INSUFFICIENT_RESOURCES;
	Header->PointerCount = 1;
	Header->Type = Type;
	Type->TotalNumberOfObjects++;
	*Object = &Header->Body;
	return STATUS_SUCCESS;
}

/* Add a reference to Object. */
VOID NTAPI ObReferenceObject(PVOID Object)
{
	__atomic_add_fetch(&OBJECT_TO_OBJECT_HEADER(Object)->PointerCount, 1, __ATOMIC_SEQ_CST);
}

/* Drop a reference; the last one runs the type's DeleteProcedure and frees the object. */
VOID NTAPI ObDereferenceObject(PVOID Object)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);

	if (__atomic_sub_fetch(&Header->PointerCount, 1, __ATOMIC_SEQ_CST) != 0)
		return;
	if (Header->Type->TypeInfo.DeleteProcedure)
		Header->Type->TypeInfo.DeleteProcedure(Object);
	Header->Type->TotalNumberOfObjects--;
	ExFreePoolWithTag(Header, TAG_OBJECT);
}

/* The handle table of the current process, created on first use; NULL without memory. */
static POBP_HANDLE_TABLE ObpGetHandleTable(BOOLEAN Create)
{
	PEPROCESS Process = PsGetCurrentProcess();

	if (!Process->ObjectTable && Create)
		Process->ObjectTable = ExAllocatePoolWithTag(NonPagedPool, sizeof(OBP_HANDLE_TABLE),
		                                             TAG_HANDLES);
	return Process->ObjectTable;
}

/* The entry of Handle in the current process's table, or NULL. */
static POBP_HANDLE_ENTRY ObpLookupHandle(HANDLE Handle)
{
	POBP_HANDLE_TABLE Table = ObpGetHandleTable(FALSE);
	ULONG Index = (ULONG)Handle / 4 - 1;

	if (!Table || ((ULONG)Handle & 3) || Index >= OBP_HANDLES || !Table->Entry[Index].Object)
		return NULL;
	return &Table->Entry[Index];
}

/*
 * Give Object a handle in the current process with DesiredAccess. The caller's creation
 * reference passes to the handle; on failure it is dropped (the object may go).
 */
NTSTATUS NTAPI ObInsertObject(PVOID Object, PVOID PassedAccessState, ACCESS_MASK DesiredAccess,
                              ULONG ObjectPointerBias, PVOID *NewObject, PHANDLE Handle)
{
	POBP_HANDLE_TABLE Table = ObpGetHandleTable(TRUE);
	KIRQL OldIrql = KiAcquireDispatcherLock();
	ULONG i;

	for (i = 0; Table && i < OBP_HANDLES && Table->Entry[i].Object; i++)
		;
	if (!Table || i == OBP_HANDLES) {
		KiReleaseDispatcherLock(OldIrql);
		ObDereferenceObject(Object);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	Table->Entry[i] = (OBP_HANDLE_ENTRY){ Object, DesiredAccess };
	OBJECT_TO_OBJECT_HEADER(Object)->HandleCount++;
	OBJECT_TO_OBJECT_HEADER(Object)->PointerCount += ObjectPointerBias + (NewObject != NULL);
	KiReleaseDispatcherLock(OldIrql);
	if (NewObject)
		*NewObject = Object;
	*Handle = (HANDLE)((i + 1) * 4);
	return STATUS_SUCCESS;
}

/* The object behind a pseudo-handle (the current process or thread), or NULL. */
static PVOID ObpPseudoHandleObject(HANDLE Handle, POBJECT_TYPE *Type)
{
	if (Handle == NtCurrentProcess()) {
		*Type = PsProcessType;
		return PsGetCurrentProcess();
	}
	if (Handle == NtCurrentThread()) {
		*Type = PsThreadType;
		return PsGetCurrentThread();
	}
	return NULL;
}

/*
 * Reference the object behind Handle (or a pseudo-handle), checking its type (if given)
 * and, for user-mode callers, the access the handle grants.
 */
NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                         POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                         PVOID *Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	POBJECT_TYPE Type = NULL;
	PVOID Body = ObpPseudoHandleObject(Handle, &Type);
	POBP_HANDLE_ENTRY Entry = Body ? NULL : ObpLookupHandle(Handle);
	NTSTATUS Status = STATUS_SUCCESS;

	if (Entry) {
		Body = Entry->Object;
		Type = OBJECT_TO_OBJECT_HEADER(Body)->Type;
	}
	if (!Body)
		Status = STATUS_INVALID_HANDLE;
	else if (ObjectType && Type != ObjectType)
		Status = STATUS_OBJECT_TYPE_MISMATCH;
	else if (Entry && AccessMode != KernelMode &&
	         (Entry->GrantedAccess & DesiredAccess) != DesiredAccess)
		Status = STATUS_ACCESS_DENIED;
	if (NT_SUCCESS(Status)) {
		ObReferenceObject(Body);
		*Object = Body;
	}
	KiReleaseDispatcherLock(OldIrql);
	return Status;
}

/* Close Handle in the current process: drop its reference. */
NTSTATUS NTAPI ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	POBP_HANDLE_ENTRY Entry = ObpLookupHandle(Handle);
	PVOID Object = Entry ? Entry->Object : NULL;

	if (Entry) {
		Entry->Object = NULL;
		OBJECT_TO_OBJECT_HEADER(Object)->HandleCount--;
	}
	KiReleaseDispatcherLock(OldIrql);
	if (!Object)
		return STATUS_INVALID_HANDLE;
	ObDereferenceObject(Object);
	return STATUS_SUCCESS;
}

/* A process is exiting (its last thread, in its context): close all its handles. */
VOID ObKillProcess(PEPROCESS Process)
{
	POBP_HANDLE_TABLE Table = Process->ObjectTable;
	ULONG i;

	if (!Table)
		return;
	for (i = 0; i < OBP_HANDLES; i++)
		if (Table->Entry[i].Object)
			ObCloseHandle((HANDLE)((i + 1) * 4), KernelMode);
	Process->ObjectTable = NULL;
	ExFreePoolWithTag(Table, TAG_HANDLES);
}
