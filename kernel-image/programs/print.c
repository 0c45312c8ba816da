/* print.c — formatted console output for native programs, through NtDisplayString. */
#include "native.h"

/* Format a message (at most 255 characters) and display it; return its length. */
ULONG Print(PCSTR Format, ...)
{
	CHAR Narrow[256];
	WCHAR Wide[256];
	UNICODE_STRING String;
	va_list Arguments;
	int Length, i;

	va_start(Arguments, Format);
	Length = vsnprintf(Narrow, sizeof(Narrow), Format, Arguments);
	va_end(Arguments);
	if (Length > (int)sizeof(Narrow) - 1)
		Length = sizeof(Narrow) - 1;
	for (i = 0; i < Length; i++)
		Wide[i] = (UCHAR)Narrow[i];
	Wide[Length] = 0;
	RtlInitUnicodeString(&String, Wide);
	NtDisplayString(&String);
	return (ULONG)Length;
}
