/*
 * oblife.c — object lifetime: object types, ObCreateObject (the caller's
 * OBJECT_ATTRIBUTES captured; name info, header and body in one pool block), and
 * ObpDeleteObject when the last reference goes.
 */
#include <internal/ob.h>
#include <internal/mm.h>
#include <rtl.h>

POBJECT_TYPE ObpTypeObjectType;
static ULONG ObpObjectTypeCount;

/*
 * Copy a name (UNICODE_STRING and buffer) from ProbeMode memory into pool, NUL-terminated;
 * an empty name leaves Captured (which the caller zeroed) empty.
 */
NTSTATUS ObpCaptureObjectName(PUNICODE_STRING Captured, PUNICODE_STRING Name,
                              KPROCESSOR_MODE ProbeMode)
{
	UNICODE_STRING Local;
	NTSTATUS Status = MmCopyFromMode(&Local, Name, sizeof(Local), ProbeMode);

	if (!NT_SUCCESS(Status) || !Local.Length)
		return Status;
	if (Local.Length & 1)
		return STATUS_OBJECT_NAME_INVALID;
	if (Local.Length > OBP_MAX_NAME_CHARS * sizeof(WCHAR))
		return STATUS_NAME_TOO_LONG;
	Captured->Buffer = ExAllocatePoolWithTag(PagedPool, Local.Length + sizeof(WCHAR), TAG_OBJECT_NAME);
	if (!Captured->Buffer)
		return STATUS_INSUFFICIENT_RESOURCES;
	Captured->Length = Local.Length;
	Captured->MaximumLength = Local.Length + sizeof(WCHAR);
	Captured->Buffer[Local.Length / sizeof(WCHAR)] = 0;
	Status = MmCopyFromMode(Captured->Buffer, Local.Buffer, Local.Length, ProbeMode);
	if (!NT_SUCCESS(Status))
		ObpReleaseObjectName(Captured);
	return Status;
}

/* Free a captured name (if any) and make it empty. */
VOID ObpReleaseObjectName(PUNICODE_STRING ObjectName)
{
	if (ObjectName->Buffer)
		ExFreePoolWithTag(ObjectName->Buffer, TAG_OBJECT_NAME);
	RtlZeroMemory(ObjectName, sizeof(*ObjectName));
}

/*
 * Capture OBJECT_ATTRIBUTES (NULL: none) from ProbeMode memory: attributes (user mode can
 * neither ask for kernel handles nor, lacking the privilege, for permanent objects), root
 * directory handle and a pool copy of the name.
 */
NTSTATUS ObpCaptureObjectAttributes(POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE ProbeMode,
                                    POBJECT_CREATE_INFORMATION CreateInfo,
                                    PUNICODE_STRING ObjectName)
{
	OBJECT_ATTRIBUTES Local;
	NTSTATUS Status;

	RtlZeroMemory(CreateInfo, sizeof(*CreateInfo));
	RtlZeroMemory(ObjectName, sizeof(*ObjectName));
	CreateInfo->ProbeMode = ProbeMode;
	if (!ObjectAttributes)
		return STATUS_SUCCESS;
	Status = MmCopyFromMode(&Local, ObjectAttributes, sizeof(Local), ProbeMode);
	if (!NT_SUCCESS(Status))
		return Status;
	if (Local.Length != sizeof(Local) || (Local.Attributes & ~OBJ_VALID_ATTRIBUTES))
		return STATUS_INVALID_PARAMETER;
	if (ProbeMode != KernelMode && (Local.Attributes & OBJ_PERMANENT))
		return STATUS_PRIVILEGE_NOT_HELD;
	CreateInfo->Attributes = Local.Attributes;
	if (ProbeMode != KernelMode)
		CreateInfo->Attributes &= ~OBJ_KERNEL_HANDLE;
	CreateInfo->RootDirectory = Local.RootDirectory;
	if (!Local.ObjectName)
		return STATUS_SUCCESS;
	return ObpCaptureObjectName(ObjectName, Local.ObjectName, ProbeMode);
}

/* Allocate name info (when named), header and zeroed body; one pointer reference. */
static NTSTATUS ObpAllocateObject(POBJECT_CREATE_INFORMATION CreateInfo, PUNICODE_STRING ObjectName,
                                  POBJECT_TYPE Type, ULONG ObjectBodySize,
                                  KPROCESSOR_MODE OwnershipMode, POBJECT_HEADER *ObjectHeader)
{
	ULONG NameSize = ObjectName->Buffer ? sizeof(OBJECT_HEADER_NAME_INFO) : 0;
	ULONG Size = NameSize + FIELD_OFFSET(OBJECT_HEADER, Body) + ObjectBodySize;
	PUCHAR Block = ExAllocatePoolWithTag(Type ? Type->TypeInfo.PoolType : NonPagedPool, Size,
	                                     Type ? Type->Key : 'epyT');
	POBJECT_HEADER Header;

	if (!Block)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlZeroMemory(Block, Size);
	Header = (POBJECT_HEADER)(Block + NameSize);
	if (NameSize)
		((POBJECT_HEADER_NAME_INFO)Block)->Name = *ObjectName;
	Header->NameInfoOffset = (UCHAR)NameSize;
	Header->PointerCount = 1;
	Header->Type = Type;
	Header->ObjectCreateInfo = CreateInfo;
	Header->Flags = OB_FLAG_NEW_OBJECT | (OwnershipMode == KernelMode ? OB_FLAG_KERNEL_OBJECT : 0) |
	                (CreateInfo->Attributes & OBJ_PERMANENT ? OB_FLAG_PERMANENT : 0);
	*ObjectHeader = Header;
	return STATUS_SUCCESS;
}

/* Count a new object of Type. */
static VOID ObpCountObject(POBJECT_TYPE Type)
{
	if (!Type)
		return;
	if (++Type->TotalNumberOfObjects > Type->HighWaterNumberOfObjects)
		Type->HighWaterNumberOfObjects = Type->TotalNumberOfObjects;
}

/*
 * Create an object of Type with an ObjectBodySize body (zeroed), named and flagged by
 * ObjectAttributes (read in ProbeMode). It has one reference and no handle until
 * ObInsertObject; *Object is the body.
 */
NTSTATUS ObCreateObject(KPROCESSOR_MODE ProbeMode, POBJECT_TYPE Type,
                        POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE OwnershipMode,
                        PVOID ParseContext, ULONG ObjectBodySize, ULONG PagedPoolCharge,
                        ULONG NonPagedPoolCharge, PVOID *Object)
{
	POBJECT_CREATE_INFORMATION CreateInfo = ExAllocatePoolWithTag(NonPagedPool, sizeof(*CreateInfo),
	                                                              TAG_OBJECT_CREATE);
	UNICODE_STRING ObjectName;
	POBJECT_HEADER Header;
	NTSTATUS Status;

	if (!CreateInfo)
		return STATUS_INSUFFICIENT_RESOURCES;
	Status = ObpCaptureObjectAttributes(ObjectAttributes, ProbeMode, CreateInfo, &ObjectName);
	if (NT_SUCCESS(Status) && Type && (CreateInfo->Attributes & Type->TypeInfo.InvalidAttributes))
		Status = STATUS_INVALID_PARAMETER;
	if (NT_SUCCESS(Status))
		Status = ObpAllocateObject(CreateInfo, &ObjectName, Type, ObjectBodySize, OwnershipMode,
		                           &Header);
	if (!NT_SUCCESS(Status)) {
		ObpReleaseObjectName(&ObjectName);
		ExFreePoolWithTag(CreateInfo, TAG_OBJECT_CREATE);
		return Status;
	}
	ObpCountObject(Type);
	*Object = &Header->Body;
	return STATUS_SUCCESS;
}

/* Drop what ObCreateObject kept for ObInsertObject. */
VOID ObpFreeObjectCreateInformation(POBJECT_HEADER ObjectHeader)
{
	if (ObjectHeader->ObjectCreateInfo)
		ExFreePoolWithTag(ObjectHeader->ObjectCreateInfo, TAG_OBJECT_CREATE);
	ObjectHeader->ObjectCreateInfo = NULL;
	ObjectHeader->Flags &= ~OB_FLAG_NEW_OBJECT;
}

/* A type's pool tag: the first four characters of its name (padded with blanks). */
static ULONG ObpTypeKey(PCUNICODE_STRING TypeName)
{
	ULONG Key = 0, i;

	for (i = 0; i < 4; i++)
		Key |= (ULONG)(i < TypeName->Length / sizeof(WCHAR) ? (UCHAR)TypeName->Buffer[i] : ' ')
		       << (8 * i);
	return Key;
}

/*
 * Create an object type named TypeName (permanent, in \ObjectTypes once that exists).
 * DefaultObject is &ObpDefaultObject with UseDefaultObject, else 0: the body itself;
 * a type whose waitable part sits elsewhere sets its offset afterwards.
 */
NTSTATUS ObCreateObjectType(PUNICODE_STRING TypeName,
                            POBJECT_TYPE_INITIALIZER ObjectTypeInitializer, PVOID Reserved,
                            POBJECT_TYPE *ObjectType)
{
	OBJECT_ATTRIBUTES ObjectAttributes;
	POBJECT_TYPE Type;
	NTSTATUS Status;

	InitializeObjectAttributes(&ObjectAttributes, TypeName, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE,
	                           NULL, NULL);
	Status = ObCreateObject(KernelMode, ObpTypeObjectType, &ObjectAttributes, KernelMode, NULL,
	                        sizeof(OBJECT_TYPE), 0, 0, (PVOID *)&Type);
	if (!NT_SUCCESS(Status))
		return Status;
	Type->Name = OBJECT_HEADER_TO_NAME_INFO(OBJECT_TO_OBJECT_HEADER(Type))->Name;
	Type->TypeInfo = *ObjectTypeInitializer;
	Type->Index = ++ObpObjectTypeCount;
	Type->Key = ObpTypeKey(TypeName);
	if (Type->TypeInfo.UseDefaultObject) {
		Type->TypeInfo.ValidAccessMask |= SYNCHRONIZE;
		Type->DefaultObject = &ObpDefaultObject;
	}
	if (!ObpTypeObjectType) {
		ObpTypeObjectType = OBJECT_TO_OBJECT_HEADER(Type)->Type = Type;
		ObpCountObject(Type);
	}
	ObpFreeObjectCreateInformation(OBJECT_TO_OBJECT_HEADER(Type));
	if (ObpTypeDirectoryObject)
		ObpInsertDirectoryEntry(ObpTypeDirectoryObject, Type);
	*ObjectType = Type;
	return STATUS_SUCCESS;
}

/* The last reference is gone: unname, run the type's delete procedure, free. */
VOID ObpDeleteObject(PVOID Object)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
	POBJECT_HEADER_NAME_INFO NameInfo = OBJECT_HEADER_TO_NAME_INFO(Header);
	POBJECT_TYPE Type = Header->Type;

	if (NameInfo && NameInfo->Directory)
		ObpRemoveObjectName(Header);
	if (Type->TypeInfo.DeleteProcedure)
		Type->TypeInfo.DeleteProcedure(Object);
	Type->TotalNumberOfObjects--;
	ObpFreeObjectCreateInformation(Header);
	if (NameInfo)
		ObpReleaseObjectName(&NameInfo->Name);
	ExFreePoolWithTag(NameInfo ? (PVOID)NameInfo : (PVOID)Header, 0);
}
