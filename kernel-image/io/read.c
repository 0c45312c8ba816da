/*
 * read.c — NtReadFile on the boot file system: synchronous reads of a boot file's data
 * at ByteOffset (or the file's CurrentByteOffset), as NT's for a synchronous file.
 */
#include <internal/io.h>
#include <internal/mm.h>
#include <ntapi.h>
#include <rtl.h>

/* Where to read: the caller's ByteOffset, else the file's current offset. */
static NTSTATUS IopReadOffset(PFILE_OBJECT File, PLARGE_INTEGER ByteOffset, PULONG Offset)
{
	LARGE_INTEGER Given = { .QuadPart = -1 };
	NTSTATUS Status = STATUS_SUCCESS;

	if (ByteOffset)
		Status = MmCopyFromCaller(&Given, ByteOffset, sizeof(Given));
	if (Given.QuadPart < 0)
		Given = File->CurrentByteOffset;
	*Offset = Given.QuadPart > 0x7FFFFFFF ? 0x7FFFFFFF : (ULONG)Given.QuadPart;
	return Status;
}

/* Read up to Length bytes of a boot file into Buffer; IoStatusBlock gets the count. */
NTSTATUS NTAPI NtReadFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                          PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
                          PLARGE_INTEGER ByteOffset, PULONG Key)
{
	IO_STATUS_BLOCK IoStatus = { { STATUS_SUCCESS }, 0 };
	PFILE_OBJECT File;
	PVOID Data;
	ULONG Size, Offset = 0;
	NTSTATUS Status;

	Status = ObReferenceObjectByHandle(FileHandle, FILE_READ_DATA, IoFileObjectType,
	                                   KeGetPreviousMode(), (PVOID *)&File, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = IoGetBootFileData(File, &Data, &Size);
	if (NT_SUCCESS(Status))
		Status = IopReadOffset(File, ByteOffset, &Offset);
	if (NT_SUCCESS(Status) && Offset >= Size)
		Status = STATUS_END_OF_FILE;
	if (NT_SUCCESS(Status)) {
		IoStatus.Information = Length < Size - Offset ? Length : Size - Offset;
		Status = MmCopyToCaller(Buffer, (PUCHAR)Data + Offset, IoStatus.Information);
	}
	if (NT_SUCCESS(Status))
		File->CurrentByteOffset.QuadPart = Offset + IoStatus.Information;
	ObDereferenceObject(File);
	IoStatus.Status = Status;
	if (Status != STATUS_ACCESS_VIOLATION)
		MmCopyToCaller(IoStatusBlock, &IoStatus, sizeof(IoStatus));
	return Status;
}
