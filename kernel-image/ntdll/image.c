/* image.c — RtlCreateImageSection: an image file's SEC_IMAGE section, for the loader,
 * kernel32's CreateProcess and smss alike. */
#include "ntdllp.h"

/* "name" -> "\SystemRoot\name"; "C:\x" -> "\??\C:\x"; NT paths ("\...") unchanged. */
static VOID RtlpImageNtPath(PCWSTR Name, PWSTR Path, ULONG Chars)
{
	PCWSTR Prefix = Name[0] == L'\\' ? L"" : Name[0] && Name[1] == L':' ? L"\\??\\" :
	                L"\\SystemRoot\\";
	ULONG n = 0;

	while (*Prefix && n < Chars - 1)
		Path[n++] = *Prefix++;
	while (*Name && n < Chars - 1)
		Path[n++] = *Name++;
	Path[n] = 0;
}

/*
 * Open ImageName for execution and create its image section; the file handle is closed
 * again (the section keeps the file). Fails with NtOpenFile's status for a missing file.
 */
NTSTATUS NTAPI RtlCreateImageSection(PCWSTR ImageName, PHANDLE Section)
{
	WCHAR Path[160];
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	IO_STATUS_BLOCK IoStatus;
	HANDLE File;
	NTSTATUS Status;

	RtlpImageNtPath(ImageName, Path, ARRAYSIZE(Path));
	RtlInitUnicodeString(&Name, Path);
	InitializeObjectAttributes(&Oa, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
	Status = NtOpenFile(&File, SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA, &Oa, &IoStatus,
	                    FILE_SHARE_READ | FILE_SHARE_DELETE,
	                    FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = NtCreateSection(Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE,
	                         File);
	NtClose(File);
	return Status;
}
