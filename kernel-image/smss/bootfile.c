/* bootfile.c — reading boot files (boot.ini, the workload) and boot options. */
#include "smss.h"

/* Read \SystemRoot\Name into Buffer (NUL-terminated; at most Size - 1 bytes). */
NTSTATUS SmpReadBootFile(PCWSTR Name, PCHAR Buffer, ULONG Size)
{
	WCHAR Path[80] = L"\\SystemRoot\\";
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING String;
	IO_STATUS_BLOCK IoStatus = { { 0 }, 0 };
	LARGE_INTEGER Offset = { .QuadPart = 0 };
	HANDLE File;
	NTSTATUS Status;
	ULONG i, n = 12;

	for (i = 0; Name[i] && n < ARRAYSIZE(Path) - 1; i++)
		Path[n++] = Name[i];
	Path[n] = 0;
	RtlInitUnicodeString(&String, Path);
	InitializeObjectAttributes(&Oa, &String, OBJ_CASE_INSENSITIVE, NULL, NULL);
	Buffer[0] = 0;
	Status = NtOpenFile(&File, SYNCHRONIZE | FILE_READ_DATA, &Oa, &IoStatus, FILE_SHARE_READ,
	                    FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = NtReadFile(File, NULL, NULL, NULL, &IoStatus, Buffer, Size - 1, &Offset, NULL);
	NtClose(File);
	Buffer[NT_SUCCESS(Status) ? IoStatus.Information : 0] = 0;
	return Status;
}

/* The value of `Key=value` in boot.ini text (the last one wins); FALSE if absent. */
BOOLEAN SmpQueryBootOption(PCSTR Text, PCSTR Key, PCHAR Value, ULONG ValueLength)
{
	ULONG KeyLength = strlen(Key), n;
	BOOLEAN Found = FALSE;
	PCSTR Line;

	for (Line = Text; Line && *Line; Line = strchr(Line, '\n') ? strchr(Line, '\n') + 1 : NULL) {
		while (*Line == ' ' || *Line == '\t')
			Line++;
		if (strncmp(Line, Key, KeyLength) || Line[KeyLength] != '=')
			continue;
		for (n = 0; Line[KeyLength + 1 + n] && !strchr("\r\n \t#", Line[KeyLength + 1 + n]) &&
		     n < ValueLength - 1; n++)
			Value[n] = Line[KeyLength + 1 + n];
		Value[n] = 0;
		Found = TRUE;
	}
	return Found;
}
