/* ex.h — the executive: initialization, pool, boot options, the workload runner. */
#ifndef _INTERNAL_EX_H
#define _INTERNAL_EX_H

#include <internal/ke.h>

typedef enum _POOL_TYPE {
	NonPagedPool,
	PagedPool
} POOL_TYPE;

VOID ExpInitializeExecutive(PLOADER_PARAMETER_BLOCK LoaderBlock);
VOID NTAPI Phase1Initialization(PVOID Context);
VOID ExpRunWorkload(VOID);
BOOLEAN ExQueryBootOption(PCSTR Key, PCHAR Value, ULONG ValueLength);
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
VOID ExFreePoolWithTag(PVOID Pool, ULONG Tag);
BOOLEAN ExpInitializeEventImplementation(VOID);
BOOLEAN ExpInitializeMutantImplementation(VOID);
BOOLEAN ExpInitializeSemaphoreImplementation(VOID);

#endif
