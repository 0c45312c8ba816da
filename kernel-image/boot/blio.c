/* blio.c — loader console output (port 0xE9) and fatal errors. */
#include "bldr.h"
#include <intrin_x86.h>
#include <rtl.h>

/* Format a message to the debug console. */
static VOID BlVPrint(PCSTR Format, va_list Arguments)
{
	char Buffer[256];
	int Length = vsnprintf(Buffer, sizeof(Buffer), Format, Arguments);

	if (Length > (int)sizeof(Buffer) - 1)
		Length = sizeof(Buffer) - 1;
	__outbytestring(0xE9, (const UCHAR *)Buffer, Length);
}

/* Print a message on the debug console. */
VOID BlPrint(PCSTR Format, ...)
{
	va_list Arguments;

	va_start(Arguments, Format);
	BlVPrint(Format, Arguments);
	va_end(Arguments);
}

/* Print an error and power off (Bochs' shutdown port); halt if that does not work. */
VOID BlFatal(PCSTR Format, ...)
{
	static const char Shutdown[] = "Shutdown";
	va_list Arguments;

	BlPrint("ntscope loader: error: ");
	va_start(Arguments, Format);
	BlVPrint(Format, Arguments);
	va_end(Arguments);
	BlPrint("\n");
	__outbytestring(0x8900, (const UCHAR *)Shutdown, sizeof(Shutdown) - 1);
	for (;;)
		__halt();
}
