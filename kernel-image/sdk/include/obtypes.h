/*
 * obtypes.h — object manager types. User mode shares the OBJ_* attributes and the
 * object-specific access rights; the kernel adds object headers, types, directories
 * and symbolic links. No kernel-only headers: the directory code builds for the host too.
 */
#ifndef _OBTYPES_H
#define _OBTYPES_H

#include <ntdef.h>
#include <extypes.h>

/* OBJECT_ATTRIBUTES.Attributes; the first three are also handle attributes. */
#define OBJ_PROTECT_CLOSE          0x00000001
#define OBJ_INHERIT                0x00000002
#define OBJ_AUDIT_OBJECT_CLOSE     0x00000004
#define OBJ_PERMANENT              0x00000010
#define OBJ_EXCLUSIVE              0x00000020
#define OBJ_CASE_INSENSITIVE       0x00000040
#define OBJ_OPENIF                 0x00000080
#define OBJ_OPENLINK               0x00000100
#define OBJ_KERNEL_HANDLE          0x00000200
#define OBJ_FORCE_ACCESS_CHECK     0x00000400
#define OBJ_VALID_ATTRIBUTES       0x000007F2
#define OBJ_HANDLE_ATTRIBUTES      (OBJ_PROTECT_CLOSE | OBJ_INHERIT | OBJ_AUDIT_OBJECT_CLOSE)

#define InitializeObjectAttributes(p, n, a, r, s) do { \
	(p)->Length = sizeof(OBJECT_ATTRIBUTES); (p)->RootDirectory = (r); \
	(p)->Attributes = (a); (p)->ObjectName = (n); \
	(p)->SecurityDescriptor = (s); (p)->SecurityQualityOfService = NULL; } while (0)

typedef struct _GENERIC_MAPPING {
	ACCESS_MASK GenericRead;
	ACCESS_MASK GenericWrite;
	ACCESS_MASK GenericExecute;
	ACCESS_MASK GenericAll;
} GENERIC_MAPPING, *PGENERIC_MAPPING;

#define DIRECTORY_QUERY            0x0001
#define DIRECTORY_TRAVERSE         0x0002
#define DIRECTORY_CREATE_OBJECT    0x0004
#define DIRECTORY_CREATE_SUBDIRECTORY 0x0008
#define DIRECTORY_ALL_ACCESS       (STANDARD_RIGHTS_REQUIRED | 0x000F)
#define SYMBOLIC_LINK_QUERY        0x0001
#define SYMBOLIC_LINK_ALL_ACCESS   (STANDARD_RIGHTS_REQUIRED | 0x0001)

/* NtDuplicateObject options. */
#define DUPLICATE_CLOSE_SOURCE     0x00000001
#define DUPLICATE_SAME_ACCESS      0x00000002
#define DUPLICATE_SAME_ATTRIBUTES  0x00000004

/* Kernel handles: the high bit selects the System process's table (kernel mode only). */
#define KERNEL_HANDLE_MASK         0x80000000UL

typedef struct _OBJECT_HANDLE_INFORMATION {
	ULONG HandleAttributes;
	ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

typedef enum _OB_OPEN_REASON {
	ObCreateHandle,
	ObOpenHandle,
	ObDuplicateHandle,
	ObInheritHandle,
	ObMaxOpenReason
} OB_OPEN_REASON;

struct _OBJECT_TYPE;

/*
 * Type procedures. SystemHandleCount is the object's handle count before the close;
 * ProcessHandleCount is not tracked per process (always 0).
 */
typedef NTSTATUS (*OB_OPEN_METHOD)(OB_OPEN_REASON OpenReason, struct _EPROCESS *Process,
                                   PVOID Object, ACCESS_MASK GrantedAccess, ULONG HandleCount);
typedef VOID (*OB_CLOSE_METHOD)(struct _EPROCESS *Process, PVOID Object, ACCESS_MASK GrantedAccess,
                                ULONG ProcessHandleCount, ULONG SystemHandleCount);
typedef VOID (*OB_DELETE_METHOD)(PVOID Object);
typedef NTSTATUS (*OB_PARSE_METHOD)(PVOID ParseObject, struct _OBJECT_TYPE *ObjectType,
                                    KPROCESSOR_MODE AccessMode, ULONG Attributes,
                                    PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName,
                                    PVOID Context, PVOID *Object);
typedef BOOLEAN (*OB_OKAYTOCLOSE_METHOD)(struct _EPROCESS *Process, PVOID Object, HANDLE Handle,
                                         KPROCESSOR_MODE PreviousMode);

typedef struct _OBJECT_TYPE_INITIALIZER {
	USHORT Length;
	BOOLEAN UseDefaultObject;
	BOOLEAN CaseInsensitive;
	ULONG InvalidAttributes;
	GENERIC_MAPPING GenericMapping;
	ACCESS_MASK ValidAccessMask;
	BOOLEAN SecurityRequired;
	BOOLEAN MaintainHandleCount;
	BOOLEAN MaintainTypeList;
	POOL_TYPE PoolType;
	ULONG DefaultPagedPoolCharge;
	ULONG DefaultNonPagedPoolCharge;
	OB_OPEN_METHOD OpenProcedure;
	OB_CLOSE_METHOD CloseProcedure;
	OB_DELETE_METHOD DeleteProcedure;
	OB_PARSE_METHOD ParseProcedure;
	OB_OKAYTOCLOSE_METHOD OkayToCloseProcedure;
} OBJECT_TYPE_INITIALIZER, *POBJECT_TYPE_INITIALIZER;

/*
 * An object type. DefaultObject is what a wait on such an object waits on: a global
 * dispatcher object (a kernel address, e.g. &ObpDefaultObject), or the offset of one
 * inside the body (0 when the body starts with a DISPATCHER_HEADER). See IsPointerOffset.
 */
typedef struct _OBJECT_TYPE {
	LIST_ENTRY TypeList;
	UNICODE_STRING Name;
	PVOID DefaultObject;
	ULONG Index;
	ULONG TotalNumberOfObjects;
	ULONG TotalNumberOfHandles;
	ULONG HighWaterNumberOfObjects;
	ULONG HighWaterNumberOfHandles;
	OBJECT_TYPE_INITIALIZER TypeInfo;
	ULONG Key;
} OBJECT_TYPE, *POBJECT_TYPE;

#define IsPointerOffset(Ptr) ((LONG_PTR)(Ptr) >= 0)

/* What ObCreateObject captured from OBJECT_ATTRIBUTES, kept until ObInsertObject. */
typedef struct _OBJECT_CREATE_INFORMATION {
	ULONG Attributes;
	HANDLE RootDirectory;
	KPROCESSOR_MODE ProbeMode;
} OBJECT_CREATE_INFORMATION, *POBJECT_CREATE_INFORMATION;

/* OBJECT_HEADER.Flags */
#define OB_FLAG_NEW_OBJECT         0x01
#define OB_FLAG_KERNEL_OBJECT      0x02
#define OB_FLAG_PERMANENT          0x10

/* Every object: this header, then the body; an OBJECT_HEADER_NAME_INFO may sit before it. */
typedef struct _OBJECT_HEADER {
	LONG PointerCount;
	LONG HandleCount;
	POBJECT_TYPE Type;
	UCHAR NameInfoOffset;
	UCHAR HandleInfoOffset;
	UCHAR QuotaInfoOffset;
	UCHAR Flags;
	POBJECT_CREATE_INFORMATION ObjectCreateInfo;
	PVOID SecurityDescriptor;
	LONGLONG Body;
} OBJECT_HEADER, *POBJECT_HEADER;

typedef struct _OBJECT_HEADER_NAME_INFO {
	struct _OBJECT_DIRECTORY *Directory;
	UNICODE_STRING Name;
	ULONG QueryReferences;
} OBJECT_HEADER_NAME_INFO, *POBJECT_HEADER_NAME_INFO;

#define OBJECT_TO_OBJECT_HEADER(o) CONTAINING_RECORD((o), OBJECT_HEADER, Body)
#define OBJECT_HEADER_TO_NAME_INFO(h) ((h)->NameInfoOffset ? \
	(POBJECT_HEADER_NAME_INFO)((PCHAR)(h) - (h)->NameInfoOffset) : NULL)

/* A directory: named objects in NUMBER_HASH_BUCKETS chains, by a case-blind name hash. */
#define NUMBER_HASH_BUCKETS 37

typedef struct _OBJECT_DIRECTORY_ENTRY {
	struct _OBJECT_DIRECTORY_ENTRY *ChainLink;
	PVOID Object;
	ULONG HashValue;
} OBJECT_DIRECTORY_ENTRY, *POBJECT_DIRECTORY_ENTRY;

typedef struct _OBJECT_DIRECTORY {
	POBJECT_DIRECTORY_ENTRY HashBuckets[NUMBER_HASH_BUCKETS];
} OBJECT_DIRECTORY, *POBJECT_DIRECTORY;

/* Where a directory lookup looked: the lookup's hash, for the insertion that may follow. */
typedef struct _OBP_LOOKUP_CONTEXT {
	POBJECT_DIRECTORY Directory;
	PVOID Object;
	ULONG HashValue;
	USHORT HashIndex;
} OBP_LOOKUP_CONTEXT, *POBP_LOOKUP_CONTEXT;

typedef struct _OBJECT_SYMBOLIC_LINK {
	LARGE_INTEGER CreationTime;
	UNICODE_STRING LinkTarget;
	ULONG DosDeviceDriveIndex;
} OBJECT_SYMBOLIC_LINK, *POBJECT_SYMBOLIC_LINK;

/* Directory entries (ob/obdir.c); the caller holds the namespace lock. */
ULONG ObpHashObjectName(PCUNICODE_STRING Name);
PVOID ObpLookupEntryDirectory(POBJECT_DIRECTORY Directory, PCUNICODE_STRING Name, ULONG Attributes,
                              POBP_LOOKUP_CONTEXT Context);
BOOLEAN ObpInsertEntryDirectory(POBJECT_DIRECTORY Directory, POBP_LOOKUP_CONTEXT Context,
                                POBJECT_HEADER ObjectHeader);
BOOLEAN ObpDeleteEntryDirectory(POBP_LOOKUP_CONTEXT Context);

#endif
