/* console.c — the debug console: Bochs' port 0xE9 (port_e9_hack; QEMU's -debugcon). */
#include <internal/hal.h>
#include <rtl.h>

#define HALP_DEBUG_PORT 0xE9

/* Write a NUL-terminated string to the debug console. */
VOID HalDisplayString(PCSTR String)
{
	__outbytestring(HALP_DEBUG_PORT, (const UCHAR *)String, strlen(String));
}
