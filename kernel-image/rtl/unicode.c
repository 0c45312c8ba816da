/* unicode.c — counted-string initialisers. */
#include <rtl.h>

/* Point Destination at the NUL-terminated wide string Source (or make it empty). */
VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING Destination, PCWSTR Source)
{
	USHORT Length = 0;

	if (Source)
		while (Source[Length / sizeof(WCHAR)])
			Length += sizeof(WCHAR);
	Destination->Length = Length;
	Destination->MaximumLength = Source ? Length + sizeof(WCHAR) : 0;
	Destination->Buffer = (PWSTR)Source;
}

/* Point Destination at the NUL-terminated string Source (or make it empty). */
VOID NTAPI RtlInitAnsiString(PANSI_STRING Destination, PCSTR Source)
{
	USHORT Length = Source ? (USHORT)strlen(Source) : 0;

	Destination->Length = Length;
	Destination->MaximumLength = Source ? Length + 1 : 0;
	Destination->Buffer = (PCHAR)Source;
}
