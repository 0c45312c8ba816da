/* ex.h — the executive: initialization, pool, handle tables, boot options, the workload. */
#ifndef _INTERNAL_EX_H
#define _INTERNAL_EX_H

#include <internal/ke.h>
#include <extypes.h>

/*
 * Short executive updates (pool, handle tables, the object namespace) run with interrupts
 * off: one processor, no preemption inside, and no interrupt handler touches them. The
 * saved EFLAGS make the locks nest. The host tests build these files with no-op locks.
 */
FORCEINLINE ULONG ExpDisableInterrupts(VOID)
{
	ULONG Flags = __readeflags();

	_disable();
	return Flags;
}

#define ExLockPool()                         ExpDisableInterrupts()
#define ExUnlockPool(State)                  __writeeflags(State)
#define ExLockHandleTable(HandleTable)       ExpDisableInterrupts()
#define ExUnlockHandleTable(HandleTable, State) __writeeflags(State)

VOID ExpInitializeExecutive(PLOADER_PARAMETER_BLOCK LoaderBlock);
VOID NTAPI Phase1Initialization(PVOID Context);
VOID ExpRunWorkload(VOID);
BOOLEAN ExQueryBootOption(PCSTR Key, PCHAR Value, ULONG ValueLength);
VOID InitializePool(POOL_TYPE PoolType, ULONG Threshold);
BOOLEAN ExpInitializeEventImplementation(VOID);
BOOLEAN ExpInitializeMutantImplementation(VOID);
BOOLEAN ExpInitializeSemaphoreImplementation(VOID);

/* Pages for the pool (mm/freelist.c): one page at most, page-aligned, zeroed. */
PVOID MiAllocatePoolPages(POOL_TYPE PoolType, SIZE_T SizeInBytes);
ULONG MiFreePoolPages(PVOID StartingAddress);

#endif
