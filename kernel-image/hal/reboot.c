/* reboot.c — leaving the machine: power off through Bochs' shutdown port. */
#include <internal/hal.h>

#define HALP_SHUTDOWN_PORT 0x8900

/* Power the machine off (every action does, in an emulator); halt if that fails. */
VOID HalReturnToFirmware(FIRMWARE_REENTRY Action)
{
	static const char Shutdown[] = "Shutdown";

	_disable();
	__outbytestring(HALP_SHUTDOWN_PORT, (const UCHAR *)Shutdown, sizeof(Shutdown) - 1);
	for (;;)
		__halt();
}
