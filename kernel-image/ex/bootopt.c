/*
 * bootopt.c — boot options from boot.ini (the loader's LoadOptions): `key=value` lines;
 * blank lines, `#`/`;` comments and `[section]` headers are ignored.
 */
#include <internal/ex.h>
#include <rtl.h>

/* TRUE for the blanks that may surround keys and values. */
static BOOLEAN ExpIsBlank(CHAR Char)
{
	return Char == ' ' || Char == '\t' || Char == '\r';
}

/* If Line is `Key = value`, copy the trimmed value and return TRUE. */
static BOOLEAN ExpMatchOption(PCSTR Line, PCSTR Key, PCHAR Value, ULONG ValueLength)
{
	ULONG KeyLength = strlen(Key), Length = 0;

	while (ExpIsBlank(*Line))
		Line++;
	if (strncmp(Line, Key, KeyLength))
		return FALSE;
	for (Line += KeyLength; ExpIsBlank(*Line); Line++)
		;
	if (*Line++ != '=')
		return FALSE;
	while (ExpIsBlank(*Line))
		Line++;
	while (Line[Length] && Line[Length] != '\n')
		Length++;
	while (Length && ExpIsBlank(Line[Length - 1]))
		Length--;
	if (Length >= ValueLength)
		Length = ValueLength - 1;
	memcpy(Value, Line, Length);
	Value[Length] = 0;
	return TRUE;
}

/* Look Key up in boot.ini; the last occurrence wins. */
BOOLEAN ExQueryBootOption(PCSTR Key, PCHAR Value, ULONG ValueLength)
{
	PCSTR Line = KeLoaderBlock->LoadOptions;
	BOOLEAN Found = FALSE;

	for (; Line && *Line; Line = strchr(Line, '\n') ? strchr(Line, '\n') + 1 : NULL)
		if (*Line != '#' && *Line != ';' && *Line != '[')
			Found |= ExpMatchOption(Line, Key, Value, ValueLength);
	return Found;
}
