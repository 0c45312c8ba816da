/* pagefault.c — page-fault resolution. */
#include <internal/mm.h>

/*
 * Resolve a fault at Address. All pages are committed up front for now, so every fault
 * is an access violation; demand-zero pages come with virtual memory services.
 */
NTSTATUS MmAccessFault(BOOLEAN StoreInstruction, PVOID Address, KPROCESSOR_MODE Mode,
                       PKTRAP_FRAME TrapFrame)
{
	return STATUS_ACCESS_VIOLATION;
}
