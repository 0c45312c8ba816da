/*
 * file.c — opening files. NtOpenFile hands an OPEN_PACKET to the object manager; the
 * name walk reaches a device (\Device\BootFs, often through \SystemRoot or \??\C:)
 * whose parse procedure looks the rest of the name up in the boot file system and
 * creates the FILE_OBJECT that the new handle will name.
 */
#include <internal/io.h>
#include <internal/mm.h>
#include <ntapi.h>
#include <rtl.h>

#define TAG_FILE_NAME 'mNoI'

/* Give a file object a pool copy of its name; FALSE when out of pool. */
static BOOLEAN IopSetFileName(PFILE_OBJECT File, PCUNICODE_STRING Name)
{
	File->FileName.Buffer = ExAllocatePoolWithTag(PagedPool, Name->Length + sizeof(WCHAR),
	                                              TAG_FILE_NAME);
	if (!File->FileName.Buffer)
		return FALSE;
	RtlCopyMemory(File->FileName.Buffer, Name->Buffer, Name->Length);
	File->FileName.Buffer[Name->Length / sizeof(WCHAR)] = 0;
	File->FileName.Length = Name->Length;
	File->FileName.MaximumLength = Name->Length + sizeof(WCHAR);
	return TRUE;
}

/* A new file object on Device for boot file Index, named Name (the part after the device). */
static NTSTATUS IopCreateFileObject(PDEVICE_OBJECT Device, LONG Index, PCUNICODE_STRING Name,
                                    POPEN_PACKET OpenPacket, PFILE_OBJECT *FileObject)
{
	PFILE_OBJECT File;
	NTSTATUS Status;

	Status = ObCreateObject(KernelMode, IoFileObjectType, NULL, KernelMode, NULL,
	                        sizeof(FILE_OBJECT), 0, 0, (PVOID *)&File);
	if (!NT_SUCCESS(Status))
		return Status;
	if (!IopSetFileName(File, Name)) {
		ObDereferenceObject(File);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	File->Type = IO_TYPE_FILE;
	File->Size = sizeof(FILE_OBJECT);
	File->DeviceObject = Device;
	ObReferenceObject(Device);
	File->FsContext = &KeLoaderBlock->BootFiles[Index];
	File->SectionObjectPointer = IopGetBootFileSectionPointers(Index);
	File->ReadAccess = (OpenPacket->DesiredAccess & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
	File->SharedRead = (OpenPacket->ShareAccess & FILE_SHARE_READ) != 0;
	File->Flags = OpenPacket->CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT |
	              FILE_SYNCHRONOUS_IO_NONALERT) ? FO_SYNCHRONOUS_IO : 0;
	File->Event.Type = EventNotificationObject;
	File->Event.Size = sizeof(DISPATCHER_HEADER) / sizeof(ULONG);
	File->Event.SignalState = 1;
	InitializeListHead(&File->Event.WaitListHead);
	*FileObject = File;
	return STATUS_SUCCESS;
}

/*
 * The Device type's parse procedure: open RemainingName ("\hello.elf") on the boot file
 * system. Without an open packet (not an open from NtOpenFile) there is nothing to parse.
 */
NTSTATUS IopParseDevice(PVOID ParseObject, POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                        ULONG Attributes, PUNICODE_STRING CompleteName,
                        PUNICODE_STRING RemainingName, PVOID Context, PVOID *Object)
{
	POPEN_PACKET OpenPacket = Context;
	UNICODE_STRING Name = *RemainingName;
	LONG Index;

	if (!OpenPacket || OpenPacket->Type != IO_TYPE_OPEN_PACKET)
		return STATUS_OBJECT_TYPE_MISMATCH;
	if (Name.Length && Name.Buffer[0] == L'\\') {
		Name.Buffer++;
		Name.Length -= sizeof(WCHAR);
	}
	Index = IopLookupBootFile(&Name);
	if (Index < 0)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	if (OpenPacket->CreateOptions & FILE_DIRECTORY_FILE)
		return STATUS_NOT_A_DIRECTORY;
	OpenPacket->Information = FILE_OPENED;
	return IopCreateFileObject(ParseObject, Index, RemainingName, OpenPacket,
	                           (PFILE_OBJECT *)Object);
}

/* The File type's delete procedure: the name and the device reference. */
VOID IopDeleteFile(PVOID Object)
{
	PFILE_OBJECT File = Object;

	if (File->FileName.Buffer)
		ExFreePoolWithTag(File->FileName.Buffer, TAG_FILE_NAME);
	if (File->DeviceObject)
		ObDereferenceObject(File->DeviceObject);
}

/*
 * Open an existing file (the boot file system is read-only: any access is granted and
 * nothing is ever created). *IoStatusBlock gets the status and FILE_OPENED.
 */
NTSTATUS NTAPI NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                          ULONG ShareAccess, ULONG OpenOptions)
{
	OPEN_PACKET OpenPacket = { IO_TYPE_OPEN_PACKET, sizeof(OPEN_PACKET), NULL, 0, 0, DesiredAccess,
	                           OpenOptions, (USHORT)ShareAccess };
	IO_STATUS_BLOCK IoStatus = { { 0 }, 0 };
	HANDLE Handle = NULL;
	NTSTATUS Status = MmCopyToCaller(FileHandle, &Handle, sizeof(Handle));

	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(IoStatusBlock, &IoStatus, sizeof(IoStatus));
	if (NT_SUCCESS(Status))
		Status = ObOpenObjectByName(ObjectAttributes, IoFileObjectType, KeGetPreviousMode(), NULL,
		                            DesiredAccess, &OpenPacket, &Handle);
	if (!NT_SUCCESS(Status))
		return Status;
	IoStatus.Status = STATUS_SUCCESS;
	IoStatus.Information = OpenPacket.Information;
	Status = MmCopyToCaller(IoStatusBlock, &IoStatus, sizeof(IoStatus));
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(FileHandle, &Handle, sizeof(Handle));
	return Status;
}
