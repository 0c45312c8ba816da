/*
 * iomgr.c — I/O manager initialization: the File and Device types, the boot file
 * system's device \Device\BootFs, and the names that lead to it: \SystemRoot and
 * \??\C: (symbolic links).
 */
#include <internal/io.h>
#include <rtl.h>

POBJECT_TYPE IoFileObjectType;
POBJECT_TYPE IoDeviceObjectType;

NTSTATUS IopParseDevice(PVOID ParseObject, POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                        ULONG Attributes, PUNICODE_STRING CompleteName,
                        PUNICODE_STRING RemainingName, PVOID Context, PVOID *Object);
VOID IopDeleteFile(PVOID Object);

/* Create the File type (waitable through FILE_OBJECT.Event) and the Device type. */
static NTSTATUS IopCreateObjectTypes(VOID)
{
	OBJECT_TYPE_INITIALIZER Initializer = {
		.Length = sizeof(Initializer), .CaseInsensitive = TRUE, .PoolType = NonPagedPool,
		.ValidAccessMask = FILE_ALL_ACCESS, .DeleteProcedure = IopDeleteFile,
		.GenericMapping = { FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
		                    FILE_ALL_ACCESS },
	};
	UNICODE_STRING Name;
	NTSTATUS Status;

	RtlInitUnicodeString(&Name, L"File");
	Status = ObCreateObjectType(&Name, &Initializer, NULL, &IoFileObjectType);
	if (!NT_SUCCESS(Status))
		return Status;
	IoFileObjectType->DefaultObject = (PVOID)FIELD_OFFSET(FILE_OBJECT, Event);
	Initializer.DeleteProcedure = NULL;
	Initializer.ParseProcedure = IopParseDevice;
	Initializer.UseDefaultObject = TRUE;
	RtlInitUnicodeString(&Name, L"Device");
	return ObCreateObjectType(&Name, &Initializer, NULL, &IoDeviceObjectType);
}

/* Create the permanent device object \Device\BootFs. */
static NTSTATUS IopCreateBootFsDevice(VOID)
{
	OBJECT_ATTRIBUTES ObjectAttributes;
	UNICODE_STRING Name;
	PDEVICE_OBJECT Device;
	NTSTATUS Status;

	RtlInitUnicodeString(&Name, L"\\Device\\BootFs");
	InitializeObjectAttributes(&ObjectAttributes, &Name, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE,
	                           NULL, NULL);
	Status = ObCreateObject(KernelMode, IoDeviceObjectType, &ObjectAttributes, KernelMode, NULL,
	                        sizeof(DEVICE_OBJECT), 0, 0, (PVOID *)&Device);
	if (!NT_SUCCESS(Status))
		return Status;
	Device->Type = IO_TYPE_DEVICE;
	Device->Size = sizeof(DEVICE_OBJECT);
	Device->DeviceType = FILE_DEVICE_DISK_FILE_SYSTEM;
	return ObInsertObject(Device, NULL, 0, 0, NULL, NULL);
}

/* Phase 0: types, the boot file system device and its names. */
VOID IoInitSystem(VOID)
{
	NTSTATUS Status = IopCreateObjectTypes();

	if (NT_SUCCESS(Status))
		Status = IopCreateBootFsDevice();
	if (NT_SUCCESS(Status))
		Status = ObpCreateSymbolicLink(L"\\SystemRoot", L"\\Device\\BootFs");
	if (NT_SUCCESS(Status))
		Status = ObpCreateSymbolicLink(L"\\??\\C:", L"\\Device\\BootFs");
	if (!NT_SUCCESS(Status))
		KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0, 0, 0);
}
