/*
 * obname.c — the object namespace: ObpLookupObjectName walks a path from the root (or
 * a root directory handle) through directories, hands what is left to the parse
 * procedure of the first object that has one (devices open files, symbolic links
 * rewrite the name: STATUS_REPARSE, at most OBP_MAX_REPARSE times), and can insert a new
 * object under the last component. Named objects hold a reference on their directory;
 * a temporary name goes when the last handle closes, a permanent one holds a reference.
 * Also NtCreateDirectoryObject and NtOpenDirectoryObject.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <ntapi.h>
#include <rtl.h>

typedef struct _OBP_NAME_REQUEST {
	ULONG Attributes;
	POBJECT_TYPE ObjectType;
	KPROCESSOR_MODE AccessMode;
	PVOID ParseContext;
	PVOID InsertObject;
	BOOLEAN Inserted;
} OBP_NAME_REQUEST, *POBP_NAME_REQUEST;

/* Split the next component off Remaining ("\a\b": "a", leaving "\b"; one leading '\' skipped). */
static VOID ObpNextComponent(PUNICODE_STRING Remaining, PUNICODE_STRING Component)
{
	USHORT Skip = Remaining->Length && Remaining->Buffer[0] == L'\\' ? 1 : 0;
	USHORT Count = Remaining->Length / sizeof(WCHAR), i = Skip;

	while (i < Count && Remaining->Buffer[i] != L'\\')
		i++;
	Component->Buffer = Remaining->Buffer + Skip;
	Component->Length = Component->MaximumLength = (USHORT)((i - Skip) * sizeof(WCHAR));
	Remaining->Buffer += i;
	Remaining->Length -= (USHORT)(i * sizeof(WCHAR));
	Remaining->MaximumLength = Remaining->Length;
}

/* A pool copy of a name, or FALSE. */
static BOOLEAN ObpCopyName(PUNICODE_STRING Copy, PCUNICODE_STRING Name)
{
	Copy->Buffer = ExAllocatePoolWithTag(PagedPool, Name->Length + sizeof(WCHAR), TAG_OBJECT_NAME);
	if (!Copy->Buffer)
		return FALSE;
	RtlCopyMemory(Copy->Buffer, Name->Buffer, Name->Length);
	Copy->Buffer[Name->Length / sizeof(WCHAR)] = 0;
	Copy->Length = Name->Length;
	Copy->MaximumLength = Name->Length + sizeof(WCHAR);
	return TRUE;
}

/*
 * Under the namespace lock: enter InsertObject in Directory under NewName (replacing the
 * full path its name info held), where Context's lookup failed. It and the directory gain
 * a reference (a permanent object one more, for its name).
 */
static NTSTATUS ObpInsertNewName(POBJECT_DIRECTORY Directory, POBP_LOOKUP_CONTEXT Context,
                                 POBP_NAME_REQUEST Request, PUNICODE_STRING NewName)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Request->InsertObject);
	POBJECT_HEADER_NAME_INFO NameInfo = OBJECT_HEADER_TO_NAME_INFO(Header);

	if (!ObpInsertEntryDirectory(Directory, Context, Header))
		return STATUS_INSUFFICIENT_RESOURCES;
	ObpReleaseObjectName(&NameInfo->Name);
	NameInfo->Name = *NewName;
	RtlZeroMemory(NewName, sizeof(*NewName));
	ObReferenceObject(Directory);
	ObReferenceObject(Request->InsertObject);
	if (Header->Flags & OB_FLAG_PERMANENT)
		ObReferenceObject(Request->InsertObject);
	Request->Inserted = TRUE;
	return STATUS_SUCCESS;
}

/*
 * Look Component up in Directory: *Next is the object found, referenced. For the last
 * component of an insert, a miss inserts Request->InsertObject, and a hit is a collision
 * (with OBJ_OPENIF: STATUS_OBJECT_NAME_EXISTS and the existing object).
 */
static NTSTATUS ObpLookupComponent(POBJECT_DIRECTORY Directory, PCUNICODE_STRING Component,
                                   BOOLEAN Last, POBP_NAME_REQUEST Request, PVOID *Next)
{
	BOOLEAN Insert = Last && Request->InsertObject;
	UNICODE_STRING NewName = { 0, 0, NULL };
	OBP_LOOKUP_CONTEXT Context;
	NTSTATUS Status = STATUS_SUCCESS;
	ULONG State;

	if (Insert && !ObpCopyName(&NewName, Component))
		return STATUS_INSUFFICIENT_RESOURCES;
	State = ObpLockNamespace();
	*Next = ObpLookupEntryDirectory(Directory, Component, Request->Attributes, &Context);
	if (*Next && !ObReferenceObjectSafe(*Next))
		*Next = NULL;
	if (*Next && Insert && !(Request->Attributes & OBJ_OPENIF))
		Status = STATUS_OBJECT_NAME_COLLISION;
	else if (*Next && Insert)
		Status = STATUS_OBJECT_NAME_EXISTS;
	else if (!*Next && Insert)
		Status = ObpInsertNewName(Directory, &Context, Request, &NewName);
	else if (!*Next)
		Status = Last ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND;
	ObpUnlockNamespace(State);
	if (Status == STATUS_OBJECT_NAME_COLLISION)
		ObDereferenceObject(*Next);
	if (Request->Inserted)
		*Next = Request->InsertObject;
	ObpReleaseObjectName(&NewName);
	return Status;
}

/* TRUE when the walk must hand Current to its type's parse procedure. */
static BOOLEAN ObpMustParse(PVOID Current, PCUNICODE_STRING Remaining, POBP_NAME_REQUEST Request)
{
	POBJECT_TYPE Type = OBJECT_TO_OBJECT_HEADER(Current)->Type;

	if (!Type->TypeInfo.ParseProcedure || Request->Inserted)
		return FALSE;
	if (Remaining->Length)
		return TRUE;
	return Type == ObpSymbolicLinkObjectType && !(Request->Attributes & OBJ_OPENLINK) &&
	       Request->ObjectType != ObpSymbolicLinkObjectType;
}

/* Hand the rest of the name to Current's parse procedure; Current's reference is consumed. */
static NTSTATUS ObpParseObject(PVOID Current, PUNICODE_STRING CompleteName,
                               PUNICODE_STRING Remaining, POBP_NAME_REQUEST Request, PVOID *Found)
{
	OB_PARSE_METHOD Parse = OBJECT_TO_OBJECT_HEADER(Current)->Type->TypeInfo.ParseProcedure;
	NTSTATUS Status;

	Status = Parse(Current, Request->ObjectType, Request->AccessMode, Request->Attributes,
	               CompleteName, Remaining, Request->ParseContext, Found);
	ObDereferenceObject(Current);
	return Status;
}

/*
 * One pass over CompleteName, starting at Current (referenced; the reference is consumed)
 * with Remaining the part still to walk. *Found is the result, referenced. STATUS_REPARSE:
 * a parse procedure rewrote CompleteName.
 */
static NTSTATUS ObpWalkObjectName(PVOID Current, PUNICODE_STRING CompleteName,
                                  UNICODE_STRING Remaining, POBP_NAME_REQUEST Request,
                                  PVOID *Found)
{
	UNICODE_STRING Component;
	NTSTATUS Status = STATUS_SUCCESS;
	PVOID Next;

	if (Remaining.Length == sizeof(WCHAR) && Remaining.Buffer[0] == L'\\')
		Remaining.Length = 0;
	while (Remaining.Length && !ObpMustParse(Current, &Remaining, Request)) {
		ObpNextComponent(&Remaining, &Component);
		if (OBJECT_TO_OBJECT_HEADER(Current)->Type != ObpDirectoryObjectType)
			Status = STATUS_OBJECT_TYPE_MISMATCH;
		else if (!Component.Length)
			Status = STATUS_OBJECT_NAME_INVALID;
		else
			Status = ObpLookupComponent(Current, &Component, !Remaining.Length, Request, &Next);
		ObDereferenceObject(Current);
		if (!NT_SUCCESS(Status))
			return Status;
		Current = Next;
	}
	if (!ObpMustParse(Current, &Remaining, Request)) {
		*Found = Current;
		return Status;
	}
	return ObpParseObject(Current, CompleteName, &Remaining, Request, Found);
}

/* The object a lookup starts at, referenced: the root for "\..." names, else RootHandle's. */
static NTSTATUS ObpReferenceLookupRoot(HANDLE RootHandle, PCUNICODE_STRING Name,
                                       KPROCESSOR_MODE AccessMode, PVOID *Root)
{
	BOOLEAN Absolute = Name->Length && Name->Buffer[0] == L'\\';

	if (!RootHandle) {
		if (!Absolute)
			return STATUS_OBJECT_PATH_SYNTAX_BAD;
		ObReferenceObject(ObpRootDirectoryObject);
		*Root = ObpRootDirectoryObject;
		return STATUS_SUCCESS;
	}
	if (Absolute)
		return STATUS_OBJECT_PATH_SYNTAX_BAD;
	return ObReferenceObjectByHandle(RootHandle, 0, NULL, AccessMode, Root, NULL);
}

/*
 * Find (or, with InsertObject, create) the object ObjectName names, from the root or
 * relative to RootHandle; ObjectType (NULL: any) must match. *FoundObject is referenced.
 * ObjectName must be a kernel copy.
 */
NTSTATUS ObpLookupObjectName(HANDLE RootHandle, PUNICODE_STRING ObjectName, ULONG Attributes,
                             POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                             PVOID ParseContext, PVOID InsertObject, PVOID *FoundObject)
{
	OBP_NAME_REQUEST Request = { Attributes, ObjectType, AccessMode, ParseContext, InsertObject,
	                             FALSE };
	WCHAR Buffer[OBP_MAX_NAME_CHARS];
	UNICODE_STRING CompleteName = { 0, sizeof(Buffer), Buffer };
	PVOID Root, Found = NULL;
	NTSTATUS Status;
	ULONG Reparse = 0;

	if (ObjectName->Length > sizeof(Buffer))
		return STATUS_NAME_TOO_LONG;
	RtlCopyMemory(Buffer, ObjectName->Buffer, ObjectName->Length);
	CompleteName.Length = ObjectName->Length;
	Status = ObpReferenceLookupRoot(RootHandle, &CompleteName, AccessMode, &Root);
	while (NT_SUCCESS(Status)) {
		Status = ObpWalkObjectName(Root, &CompleteName, CompleteName, &Request, &Found);
		if (Status != STATUS_REPARSE)
			break;
		Status = ++Reparse > OBP_MAX_REPARSE ? STATUS_OBJECT_NAME_NOT_FOUND :
		         ObpReferenceLookupRoot(NULL, &CompleteName, AccessMode, &Root);
	}
	if (NT_SUCCESS(Status) && ObjectType && OBJECT_TO_OBJECT_HEADER(Found)->Type != ObjectType) {
		ObDereferenceObject(Found);
		Status = STATUS_OBJECT_TYPE_MISMATCH;
	}
	if (NT_SUCCESS(Status))
		*FoundObject = Found;
	return Status;
}

/* Name Object (its name info's name) in Directory from kernel code; Directory is referenced. */
NTSTATUS ObpInsertDirectoryEntry(POBJECT_DIRECTORY Directory, PVOID Object)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
	OBP_LOOKUP_CONTEXT Context;
	NTSTATUS Status = STATUS_SUCCESS;
	ULONG State = ObpLockNamespace();

	if (ObpLookupEntryDirectory(Directory, &OBJECT_HEADER_TO_NAME_INFO(Header)->Name,
	                            OBJ_CASE_INSENSITIVE, &Context))
		Status = STATUS_OBJECT_NAME_COLLISION;
	else if (!ObpInsertEntryDirectory(Directory, &Context, Header))
		Status = STATUS_INSUFFICIENT_RESOURCES;
	ObpUnlockNamespace(State);
	if (NT_SUCCESS(Status))
		ObReferenceObject(Directory);
	return Status;
}

/* Take a named object out of its directory and drop the directory's reference. */
VOID ObpRemoveObjectName(POBJECT_HEADER ObjectHeader)
{
	POBJECT_HEADER_NAME_INFO NameInfo = OBJECT_HEADER_TO_NAME_INFO(ObjectHeader);
	OBP_LOOKUP_CONTEXT Context;
	ULONG State = ObpLockNamespace();
	POBJECT_DIRECTORY Directory = NameInfo->Directory;

	if (Directory) {
		Context.Directory = Directory;
		Context.Object = &ObjectHeader->Body;
		Context.HashValue = ObpHashObjectName(&NameInfo->Name);
		Context.HashIndex = (USHORT)(Context.HashValue % NUMBER_HASH_BUCKETS);
		ObpDeleteEntryDirectory(&Context);
	}
	ObpUnlockNamespace(State);
	if (Directory)
		ObDereferenceObject(Directory);
}

/* The last handle to Object closed: a temporary name leaves the namespace. */
VOID ObpDeleteNameCheck(PVOID Object)
{
	POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
	POBJECT_HEADER_NAME_INFO NameInfo = OBJECT_HEADER_TO_NAME_INFO(Header);

	if (Header->HandleCount == 0 && NameInfo && NameInfo->Directory &&
	    !(Header->Flags & OB_FLAG_PERMANENT))
		ObpRemoveObjectName(Header);
}

/* Create a permanent directory object at an absolute Name, from kernel code. */
NTSTATUS ObpCreateDirectory(PCWSTR Name, POBJECT_DIRECTORY *Directory)
{
	OBJECT_ATTRIBUTES ObjectAttributes;
	UNICODE_STRING String;
	NTSTATUS Status;

	RtlInitUnicodeString(&String, Name);
	InitializeObjectAttributes(&ObjectAttributes, &String, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE,
	                           NULL, NULL);
	Status = ObCreateObject(KernelMode, ObpDirectoryObjectType, &ObjectAttributes, KernelMode, NULL,
	                        sizeof(OBJECT_DIRECTORY), 0, 0, (PVOID *)Directory);
	if (NT_SUCCESS(Status))
		Status = ObInsertObject(*Directory, NULL, 0, 0, NULL, NULL);
	return Status;
}

/* Create a directory object (named by ObjectAttributes) and return a handle to it. */
NTSTATUS NTAPI NtCreateDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                       POBJECT_ATTRIBUTES ObjectAttributes)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	HANDLE Handle = NULL;
	PVOID Directory;
	NTSTATUS Status = MmCopyToCaller(DirectoryHandle, &Handle, sizeof(Handle));

	if (NT_SUCCESS(Status))
		Status = ObCreateObject(PreviousMode, ObpDirectoryObjectType, ObjectAttributes,
		                        PreviousMode, NULL, sizeof(OBJECT_DIRECTORY), 0, 0, &Directory);
	if (NT_SUCCESS(Status))
		Status = ObInsertObject(Directory, NULL, DesiredAccess, 0, NULL, &Handle);
	if (NT_SUCCESS(Status))
		MmCopyToCaller(DirectoryHandle, &Handle, sizeof(Handle));
	return Status;
}

/* Open an existing directory object by name. */
NTSTATUS NTAPI NtOpenDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                     POBJECT_ATTRIBUTES ObjectAttributes)
{
	HANDLE Handle = NULL;
	NTSTATUS Status = MmCopyToCaller(DirectoryHandle, &Handle, sizeof(Handle));

	if (NT_SUCCESS(Status))
		Status = ObOpenObjectByName(ObjectAttributes, ObpDirectoryObjectType, KeGetPreviousMode(),
		                            NULL, DesiredAccess, NULL, &Handle);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(DirectoryHandle, &Handle, sizeof(Handle));
	return Status;
}
