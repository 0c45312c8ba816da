/* fault.c — reads address 0 in user mode; the kernel must end the process, not crash. */
#include "native.h"

/* Entry point: print, then fault; the process never reaches NtTerminateProcess. */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	volatile PULONG Null = NULL;
	ULONG Value;

	Print("fault: reading address 0 from user mode\n");
	Value = *Null;
	Print("fault: still alive after reading 0x%08lX from NULL\n", Value);
	NtTerminateProcess(NtCurrentProcess(), STATUS_UNSUCCESSFUL);
}
