/*
 * ob.h — the object manager interface the rest of the kernel uses, with NT's names and
 * signatures: object types, object headers, creation, handles and references.
 */
#ifndef _INTERNAL_OB_H
#define _INTERNAL_OB_H

#include <internal/ke.h>

#define OBJ_INHERIT        0x00000002
#define OBJ_KERNEL_HANDLE  0x00000200

typedef VOID (NTAPI *OB_DELETE_METHOD)(PVOID Object);

typedef struct _OBJECT_TYPE_INITIALIZER {
	USHORT Length;
	BOOLEAN UseDefaultObject;
	ULONG ValidAccessMask;
	ULONG PoolType;
	OB_DELETE_METHOD DeleteProcedure;
} OBJECT_TYPE_INITIALIZER, *POBJECT_TYPE_INITIALIZER;

/* DefaultObject: the object waits use — an offset into the body (kernel objects: 0). */
typedef struct _OBJECT_TYPE {
	UNICODE_STRING Name;
	PVOID DefaultObject;
	ULONG Index;
	ULONG TotalNumberOfObjects;
	OBJECT_TYPE_INITIALIZER TypeInfo;
} OBJECT_TYPE, *POBJECT_TYPE;

typedef struct _OBJECT_HEADER {
	LONG PointerCount;
	LONG HandleCount;
	POBJECT_TYPE Type;
	ULONG Flags;
	LONGLONG Body;
} OBJECT_HEADER, *POBJECT_HEADER;

#define OBJECT_TO_OBJECT_HEADER(o) CONTAINING_RECORD((o), OBJECT_HEADER, Body)

typedef struct _OBJECT_HANDLE_INFORMATION {
	ULONG HandleAttributes;
	ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

extern POBJECT_TYPE PsProcessType;
extern POBJECT_TYPE PsThreadType;
extern POBJECT_TYPE ExEventObjectType;
extern POBJECT_TYPE ExSemaphoreObjectType;
extern POBJECT_TYPE ExMutantObjectType;

NTSTATUS NTAPI ObCreateObjectType(PUNICODE_STRING TypeName,
                                  POBJECT_TYPE_INITIALIZER ObjectTypeInitializer,
                                  PVOID Reserved, POBJECT_TYPE *ObjectType);
NTSTATUS NTAPI ObCreateObject(KPROCESSOR_MODE ProbeMode, POBJECT_TYPE Type,
                              POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE AccessMode,
                              PVOID ParseContext, ULONG ObjectBodySize, ULONG PagedPoolCharge,
                              ULONG NonPagedPoolCharge, PVOID *Object);
NTSTATUS NTAPI ObInsertObject(PVOID Object, PVOID PassedAccessState, ACCESS_MASK DesiredAccess,
                              ULONG ObjectPointerBias, PVOID *NewObject, PHANDLE Handle);
NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                         POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                         PVOID *Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation);
VOID NTAPI ObReferenceObject(PVOID Object);
VOID NTAPI ObDereferenceObject(PVOID Object);
NTSTATUS NTAPI ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode);
VOID ObKillProcess(PEPROCESS Process);

#endif
