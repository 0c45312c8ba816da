/*
 * bootfs.c — the boot file system: the files the loader left in memory, flat (no
 * directories), matched without regard to case. Each file has the memory manager's
 * SECTION_OBJECT_POINTERS, so all its image sections share one segment.
 */
#include <internal/io.h>
#include <rtl.h>

static SECTION_OBJECT_POINTERS IopBootFileSectionPointers[LOADER_MAX_BOOT_FILES];

/* Find a loaded boot file by name. */
NTSTATUS IoGetBootFile(PCSTR Name, PVOID *Data, PULONG Size)
{
	PBOOT_FILE_ENTRY Entry;
	ULONG i;

	for (i = 0; i < KeLoaderBlock->BootFileCount; i++) {
		Entry = &KeLoaderBlock->BootFiles[i];
		if (!Entry->Base || strcmp(Entry->Name, Name))
			continue;
		*Data = Entry->Base;
		*Size = Entry->Size;
		return STATUS_SUCCESS;
	}
	return STATUS_OBJECT_NAME_NOT_FOUND;
}

/* TRUE when the boot file name Name (narrow) equals the counted wide Wide, ignoring case. */
static BOOLEAN IopEqualBootFileName(PCSTR Name, PCUNICODE_STRING Wide)
{
	ULONG Count = Wide->Length / sizeof(WCHAR), i;

	for (i = 0; i < Count; i++)
		if (!Name[i] || RtlUpcaseUnicodeChar((UCHAR)Name[i]) != RtlUpcaseUnicodeChar(Wide->Buffer[i]))
			return FALSE;
	return Name[Count] == 0;
}

/* The index of the loaded boot file named Name, or -1. */
LONG IopLookupBootFile(PCUNICODE_STRING Name)
{
	ULONG i;

	for (i = 0; i < KeLoaderBlock->BootFileCount; i++)
		if (KeLoaderBlock->BootFiles[i].Base &&
		    IopEqualBootFileName(KeLoaderBlock->BootFiles[i].Name, Name))
			return (LONG)i;
	return -1;
}

/* The section object pointers of boot file Index. */
PSECTION_OBJECT_POINTERS IopGetBootFileSectionPointers(LONG Index)
{
	return &IopBootFileSectionPointers[Index];
}

/* The in-memory contents of the boot file a file object has open. */
NTSTATUS IoGetBootFileData(PFILE_OBJECT FileObject, PVOID *Data, PULONG Size)
{
	PBOOT_FILE_ENTRY Entry = FileObject->FsContext;

	if (!Entry)
		return STATUS_INVALID_PARAMETER;
	*Data = Entry->Base;
	*Size = Entry->Size;
	return STATUS_SUCCESS;
}
