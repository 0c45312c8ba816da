/* environ.c — environment blocks: "NAME=value\0...\0\0" strings, as NT's. */
#include "ntdllp.h"

/* The value of Name in Environment (case-insensitive name), or NULL. */
PWSTR NTAPI RtlQueryEnvironmentVariable(PWSTR Environment, PCWSTR Name)
{
	PWSTR Entry;
	ULONG i;

	for (Entry = Environment; Entry && *Entry; ) {
		for (i = 0; Name[i] && RtlUpcaseUnicodeChar(Entry[i]) == RtlUpcaseUnicodeChar(Name[i]); i++)
			;
		if (!Name[i] && Entry[i] == L'=')
			return Entry + i + 1;
		while (*Entry++)
			;
	}
	return NULL;
}
