/* bootfs.c — the files of the boot file system, as the loader left them in memory. */
#include <internal/io.h>
#include <rtl.h>

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
