/*
 * ob.h — the object manager: object types and headers, reference counts, handles, the
 * namespace (directories, symbolic links, parse procedures).
 */
#ifndef _INTERNAL_OB_H
#define _INTERNAL_OB_H

#include <internal/ex.h>
#include <obtypes.h>

#define OBP_MAX_REPARSE      30
#define OBP_MAX_NAME_CHARS   260
#define TAG_OBJECT_NAME      'mNbO'
#define TAG_OBJECT_CREATE    'iCbO'

/* The namespace lock (directory entries); like the executive's, interrupts off. */
#define ObpLockNamespace()        ExpDisableInterrupts()
#define ObpUnlockNamespace(State) __writeeflags(State)

extern POBJECT_TYPE ObpTypeObjectType;
extern POBJECT_TYPE ObpDirectoryObjectType;
extern POBJECT_TYPE ObpSymbolicLinkObjectType;
extern POBJECT_TYPE ExEventObjectType;
extern POBJECT_TYPE ExSemaphoreObjectType;
extern POBJECT_TYPE ExMutantObjectType;
extern POBJECT_TYPE LpcPortObjectType;
extern POBJECT_DIRECTORY ObpRootDirectoryObject;
extern POBJECT_DIRECTORY ObpTypeDirectoryObject;
extern PHANDLE_TABLE ObpKernelHandleTable;
extern DISPATCHER_HEADER ObpDefaultObject;

#define ObReferenceObject(Object)   ObfReferenceObject(Object)
#define ObDereferenceObject(Object) ObfDereferenceObject(Object)

/* obinit.c, oblife.c: types and object lifetime. */
VOID ObInitSystem(VOID);
NTSTATUS ObCreateObjectType(PUNICODE_STRING TypeName,
                            POBJECT_TYPE_INITIALIZER ObjectTypeInitializer, PVOID Reserved,
                            POBJECT_TYPE *ObjectType);
NTSTATUS ObCreateObject(KPROCESSOR_MODE ProbeMode, POBJECT_TYPE Type,
                        POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE OwnershipMode,
                        PVOID ParseContext, ULONG ObjectBodySize, ULONG PagedPoolCharge,
                        ULONG NonPagedPoolCharge, PVOID *Object);
VOID ObpDeleteObject(PVOID Object);
VOID ObpFreeObjectCreateInformation(POBJECT_HEADER ObjectHeader);
NTSTATUS ObpCaptureObjectAttributes(POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE ProbeMode,
                                    POBJECT_CREATE_INFORMATION CreateInfo,
                                    PUNICODE_STRING ObjectName);
NTSTATUS ObpCaptureObjectName(PUNICODE_STRING Captured, PUNICODE_STRING Name,
                              KPROCESSOR_MODE ProbeMode);
VOID ObpReleaseObjectName(PUNICODE_STRING ObjectName);

/* obref.c: references. */
LONG_PTR ObfReferenceObject(PVOID Object);
LONG_PTR ObfDereferenceObject(PVOID Object);
BOOLEAN ObReferenceObjectSafe(PVOID Object);
NTSTATUS ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK DesiredAccess,
                                    POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode);
NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                   POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                   PVOID *Object, POBJECT_HANDLE_INFORMATION HandleInformation);
NTSTATUS ObReferenceObjectByName(PUNICODE_STRING ObjectPath, ULONG Attributes,
                                 PVOID PassedAccessState, ACCESS_MASK DesiredAccess,
                                 POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                 PVOID ParseContext, PVOID *Object);
ACCESS_MASK ObpMapDesiredAccess(POBJECT_TYPE ObjectType, ACCESS_MASK DesiredAccess);

/* obhandle.c: handles and handle tables. */
NTSTATUS ObInsertObject(PVOID Object, PVOID PassedAccessState, ACCESS_MASK DesiredAccess,
                        ULONG ObjectPointerBias, PVOID *NewObject, PHANDLE Handle);
NTSTATUS ObpIncrementHandleCount(OB_OPEN_REASON OpenReason, struct _EPROCESS *Process, PVOID Object,
                                 ACCESS_MASK GrantedAccess);
NTSTATUS ObpInsertHandle(OB_OPEN_REASON OpenReason, struct _EPROCESS *Process, PHANDLE_TABLE Table,
                         PVOID Object, ACCESS_MASK GrantedAccess, ULONG HandleAttributes,
                         PHANDLE Handle);
NTSTATUS ObpCreateHandle(OB_OPEN_REASON OpenReason, PVOID Object, ACCESS_MASK GrantedAccess,
                         ULONG HandleAttributes, KPROCESSOR_MODE AccessMode, PHANDLE Handle);
NTSTATUS ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes, PVOID PassedAccessState,
                               ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                               KPROCESSOR_MODE AccessMode, PHANDLE Handle);
NTSTATUS ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes, POBJECT_TYPE ObjectType,
                            KPROCESSOR_MODE AccessMode, PVOID PassedAccessState,
                            ACCESS_MASK DesiredAccess, PVOID ParseContext, PHANDLE Handle);
NTSTATUS ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode);
NTSTATUS ObpCloseHandleTableEntry(struct _EPROCESS *Process, PHANDLE_TABLE Table, HANDLE Handle,
                                  KPROCESSOR_MODE AccessMode);
NTSTATUS ObInitProcess(struct _EPROCESS *Parent, struct _EPROCESS *Process);
VOID ObKillProcess(struct _EPROCESS *Process);
NTSTATUS ObDuplicateObject(struct _EPROCESS *SourceProcess, HANDLE SourceHandle,
                           struct _EPROCESS *TargetProcess, PHANDLE TargetHandle,
                           ACCESS_MASK DesiredAccess, ULONG HandleAttributes, ULONG Options,
                           KPROCESSOR_MODE PreviousMode);
BOOLEAN ObpIsKernelHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode);
PHANDLE_TABLE ObpGetHandleTable(PHANDLE Handle, KPROCESSOR_MODE AccessMode,
                                struct _EPROCESS **Process);

/* obname.c, oblink.c: the namespace. */
NTSTATUS ObpLookupObjectName(HANDLE RootHandle, PUNICODE_STRING ObjectName, ULONG Attributes,
                             POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                             PVOID ParseContext, PVOID InsertObject, PVOID *FoundObject);
NTSTATUS ObpInsertDirectoryEntry(POBJECT_DIRECTORY Directory, PVOID Object);
VOID ObpDeleteNameCheck(PVOID Object);
VOID ObpRemoveObjectName(POBJECT_HEADER ObjectHeader);
NTSTATUS ObpCreateDirectory(PCWSTR Name, POBJECT_DIRECTORY *Directory);
NTSTATUS ObpParseSymbolicLink(PVOID ParseObject, POBJECT_TYPE ObjectType,
                              KPROCESSOR_MODE AccessMode, ULONG Attributes,
                              PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName,
                              PVOID Context, PVOID *Object);
VOID ObpDeleteSymbolicLink(PVOID Object);
NTSTATUS ObpCreateSymbolicLink(PCWSTR LinkName, PCWSTR LinkTarget);

#endif
