/* inbv.c — boot display output; NtDisplayString prints a caller's string on it. */
#include <internal/hal.h>
#include <internal/mm.h>
#include <ntapi.h>

#define INBV_CHUNK 128

/* Print a string on the boot display (the HAL debug console). */
VOID InbvDisplayString(PCSTR String)
{
	HalDisplayString(String);
}

/* Print Count wide characters of the caller's buffer (non-ASCII becomes '?'). */
static NTSTATUS InbvpDisplayWideString(PCWSTR Buffer, ULONG Count)
{
	WCHAR Wide[INBV_CHUNK];
	CHAR Narrow[INBV_CHUNK + 1];
	ULONG Chunk, i;
	NTSTATUS Status;

	for (; Count; Count -= Chunk, Buffer += Chunk) {
		Chunk = Count < INBV_CHUNK ? Count : INBV_CHUNK;
		Status = MmCopyFromCaller(Wide, Buffer, Chunk * sizeof(WCHAR));
		if (!NT_SUCCESS(Status))
			return Status;
		for (i = 0; i < Chunk; i++)
			Narrow[i] = Wide[i] && Wide[i] < 0x80 ? (CHAR)Wide[i] : '?';
		Narrow[Chunk] = 0;
		InbvDisplayString(Narrow);
	}
	return STATUS_SUCCESS;
}

/* Display a UNICODE_STRING from the caller. */
NTSTATUS NTAPI NtDisplayString(PUNICODE_STRING String)
{
	UNICODE_STRING Captured;
	NTSTATUS Status;

	Status = MmCopyFromCaller(&Captured, String, sizeof(Captured));
	if (!NT_SUCCESS(Status))
		return Status;
	return InbvpDisplayWideString(Captured.Buffer, Captured.Length / sizeof(WCHAR));
}
