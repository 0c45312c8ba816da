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

/* The upper-case form of an ASCII letter; other characters are returned unchanged. */
WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR Source)
{
	return Source >= 'a' && Source <= 'z' ? (WCHAR)(Source - ('a' - 'A')) : Source;
}

/* TRUE when the two counted strings are equal (ignoring ASCII case if asked). */
BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                    BOOLEAN CaseInSensitive)
{
	ULONG i;

	if (String1->Length != String2->Length)
		return FALSE;
	for (i = 0; i < String1->Length / sizeof(WCHAR); i++) {
		if (CaseInSensitive ? RtlUpcaseUnicodeChar(String1->Buffer[i]) !=
		                      RtlUpcaseUnicodeChar(String2->Buffer[i])
		                    : String1->Buffer[i] != String2->Buffer[i])
			return FALSE;
	}
	return TRUE;
}
