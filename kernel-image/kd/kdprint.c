/* kdprint.c — DbgPrint: formatted kernel debug output on the HAL console. */
#include <internal/hal.h>
#include <rtl.h>

/* Format and print a message; return the number of characters printed. */
ULONG DbgPrint(PCSTR Format, ...)
{
	char Buffer[512];
	va_list Arguments;
	int Length;

	va_start(Arguments, Format);
	Length = vsnprintf(Buffer, sizeof(Buffer), Format, Arguments);
	va_end(Arguments);
	HalDisplayString(Buffer);
	return Length < (int)sizeof(Buffer) ? (ULONG)Length : sizeof(Buffer) - 1;
}
