/* string.c — the C memory and string routines the compiler and the runtime rely on. */
#include <rtl.h>

/* Copy Length bytes; the regions must not overlap. */
void *memcpy(void *Destination, const void *Source, size_t Length)
{
	void *Result = Destination;

	__asm__ __volatile__("rep movsb"
	                     : "+D"(Destination), "+S"(Source), "+c"(Length) : : "memory");
	return Result;
}

/* Copy Length bytes between possibly overlapping regions. */
void *memmove(void *Destination, const void *Source, size_t Length)
{
	unsigned char *To = Destination;
	const unsigned char *From = Source;

	if (To <= From || To >= From + Length)
		return memcpy(Destination, Source, Length);
	while (Length--)
		To[Length] = From[Length];
	return Destination;
}

/* Fill Length bytes with Value. */
void *memset(void *Destination, int Value, size_t Length)
{
	void *Result = Destination;

	__asm__ __volatile__("rep stosb"
	                     : "+D"(Destination), "+c"(Length) : "a"(Value) : "memory");
	return Result;
}

/* Compare Length bytes; <0, 0 or >0 like the C library. */
int memcmp(const void *Left, const void *Right, size_t Length)
{
	const unsigned char *L = Left, *R = Right;

	for (; Length; Length--, L++, R++)
		if (*L != *R)
			return *L - *R;
	return 0;
}

/* Length of a NUL-terminated string. */
size_t strlen(const char *String)
{
	const char *End = String;

	while (*End)
		End++;
	return End - String;
}

/* Compare two NUL-terminated strings. */
int strcmp(const char *Left, const char *Right)
{
	while (*Left && *Left == *Right)
		Left++, Right++;
	return (unsigned char)*Left - (unsigned char)*Right;
}

/* Compare at most Length characters of two strings. */
int strncmp(const char *Left, const char *Right, size_t Length)
{
	for (; Length; Length--, Left++, Right++)
		if (*Left != *Right || !*Left)
			return (unsigned char)*Left - (unsigned char)*Right;
	return 0;
}

/* Copy at most Length characters, padding with NULs as the C library does. */
char *strncpy(char *Destination, const char *Source, size_t Length)
{
	size_t i;

	for (i = 0; i < Length && Source[i]; i++)
		Destination[i] = Source[i];
	for (; i < Length; i++)
		Destination[i] = 0;
	return Destination;
}

/* Value of a digit in bases up to 36, or 36 when Char is no digit. */
static int RtlpDigitValue(char Char)
{
	if (Char >= '0' && Char <= '9')
		return Char - '0';
	if ((Char | 0x20) >= 'a' && (Char | 0x20) <= 'z')
		return (Char | 0x20) - 'a' + 10;
	return 36;
}

/* Parse an unsigned number; Base 0 accepts 0x (hex), 0 (octal) and decimal. */
unsigned long strtoul(const char *String, char **End, int Base)
{
	unsigned long Value = 0;

	while (*String == ' ' || *String == '\t')
		String++;
	if ((Base == 0 || Base == 16) && String[0] == '0' && (String[1] | 0x20) == 'x' &&
	    RtlpDigitValue(String[2]) < 16)
		String += 2, Base = 16;
	else if (Base == 0)
		Base = String[0] == '0' ? 8 : 10;
	for (; RtlpDigitValue(*String) < Base; String++)
		Value = Value * Base + RtlpDigitValue(*String);
	if (End)
		*End = (char *)String;
	return Value;
}

/* First occurrence of Char in String, or NULL. */
char *strchr(const char *String, int Char)
{
	for (; *String; String++)
		if (*String == (char)Char)
			return (char *)String;
	return Char ? NULL : (char *)String;
}
