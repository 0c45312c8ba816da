/*
 * obinit.c — object manager initialization (phase 0): the Type, Directory and
 * SymbolicLink types, the namespace (\, \ObjectTypes, \Windows, \BaseNamedObjects, \??,
 * \Device) and the kernel handle table, which the Idle and System processes use as their
 * own. Types created later (Event, Process, Section…) enter \ObjectTypes themselves.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <rtl.h>

POBJECT_TYPE ObpDirectoryObjectType;
POBJECT_TYPE ObpSymbolicLinkObjectType;
POBJECT_TYPE LpcPortObjectType;          /* created by the LPC component (LpcInitSystem) */
POBJECT_DIRECTORY ObpRootDirectoryObject;
POBJECT_DIRECTORY ObpTypeDirectoryObject;
PHANDLE_TABLE ObpKernelHandleTable;
DISPATCHER_HEADER ObpDefaultObject;      /* a signalled notification event */

#define OBP_INITIALIZER(Valid, Read, Write, Execute, Default, Parse, Delete) { \
	.Length = sizeof(OBJECT_TYPE_INITIALIZER), .CaseInsensitive = TRUE, \
	.GenericMapping = { STANDARD_RIGHTS_READ | (Read), STANDARD_RIGHTS_WRITE | (Write), \
	                    STANDARD_RIGHTS_EXECUTE | (Execute), (Valid) }, \
	.ValidAccessMask = (Valid), .UseDefaultObject = (Default), .PoolType = NonPagedPool, \
	.ParseProcedure = (Parse), .DeleteProcedure = (Delete) }

static const struct {
	PCWSTR Name;
	POBJECT_TYPE *Type;
	OBJECT_TYPE_INITIALIZER Initializer;
} ObpInitialTypes[] = {
	{ L"Type", &ObpTypeObjectType,
	  OBP_INITIALIZER(STANDARD_RIGHTS_REQUIRED | 1, 1, 0, 0, TRUE, NULL, NULL) },
	{ L"Directory", &ObpDirectoryObjectType,
	  OBP_INITIALIZER(DIRECTORY_ALL_ACCESS, DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
	                  DIRECTORY_CREATE_OBJECT | DIRECTORY_CREATE_SUBDIRECTORY,
	                  DIRECTORY_QUERY | DIRECTORY_TRAVERSE, TRUE, NULL, NULL) },
	{ L"SymbolicLink", &ObpSymbolicLinkObjectType,
	  OBP_INITIALIZER(SYMBOLIC_LINK_ALL_ACCESS, SYMBOLIC_LINK_QUERY, 0, SYMBOLIC_LINK_QUERY, TRUE,
	                  ObpParseSymbolicLink, ObpDeleteSymbolicLink) },
};

static const PCWSTR ObpInitialDirectories[] = {
	L"\\Windows", L"\\BaseNamedObjects", L"\\??", L"\\Device",
};

/* Create the types of ObpInitialTypes, before the namespace exists. */
static NTSTATUS ObpCreateInitialTypes(VOID)
{
	OBJECT_TYPE_INITIALIZER Initializer;
	UNICODE_STRING Name;
	NTSTATUS Status = STATUS_SUCCESS;
	ULONG i;

	for (i = 0; i < ARRAYSIZE(ObpInitialTypes) && NT_SUCCESS(Status); i++) {
		RtlInitUnicodeString(&Name, ObpInitialTypes[i].Name);
		Initializer = ObpInitialTypes[i].Initializer;
		Status = ObCreateObjectType(&Name, &Initializer, NULL, ObpInitialTypes[i].Type);
	}
	return Status;
}

/* The root directory, \ObjectTypes (holding the types made so far) and the other directories. */
static NTSTATUS ObpCreateNamespace(VOID)
{
	POBJECT_DIRECTORY Directory;
	NTSTATUS Status;
	ULONG i;

	Status = ObCreateObject(KernelMode, ObpDirectoryObjectType, NULL, KernelMode, NULL,
	                        sizeof(OBJECT_DIRECTORY), 0, 0, (PVOID *)&ObpRootDirectoryObject);
	if (!NT_SUCCESS(Status))
		return Status;
	ObpFreeObjectCreateInformation(OBJECT_TO_OBJECT_HEADER(ObpRootDirectoryObject));
	OBJECT_TO_OBJECT_HEADER(ObpRootDirectoryObject)->Flags |= OB_FLAG_PERMANENT;
	Status = ObpCreateDirectory(L"\\ObjectTypes", &Directory);
	for (i = 0; i < ARRAYSIZE(ObpInitialTypes) && NT_SUCCESS(Status); i++)
		Status = ObpInsertDirectoryEntry(Directory, *ObpInitialTypes[i].Type);
	ObpTypeDirectoryObject = Directory;
	for (i = 0; i < ARRAYSIZE(ObpInitialDirectories) && NT_SUCCESS(Status); i++)
		Status = ObpCreateDirectory(ObpInitialDirectories[i], &Directory);
	return Status;
}

/* Phase 0: types, namespace, and the kernel handle table for the running (Idle) process. */
VOID ObInitSystem(VOID)
{
	NTSTATUS Status;

	ObpDefaultObject.Type = EventNotificationObject;
	ObpDefaultObject.Size = sizeof(DISPATCHER_HEADER) / sizeof(ULONG);
	ObpDefaultObject.SignalState = 1;
	InitializeListHead(&ObpDefaultObject.WaitListHead);
	Status = ObpCreateInitialTypes();
	if (NT_SUCCESS(Status))
		Status = ObpCreateNamespace();
	ObpKernelHandleTable = ExCreateHandleTable(NULL);
	if (NT_SUCCESS(Status) && !ObpKernelHandleTable)
		Status = STATUS_INSUFFICIENT_RESOURCES;
	if (!NT_SUCCESS(Status))
		KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0, 0, 0);
	PsGetCurrentProcess()->ObjectTable = ObpKernelHandleTable;
}
