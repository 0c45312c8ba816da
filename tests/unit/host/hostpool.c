/* hostpool.c — ExAllocatePoolWithTag on malloc, counting live blocks (leak checks). */
#include <stdlib.h>

#include "hostsup.h"

long HostPoolAllocations;

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	void *P = malloc(NumberOfBytes ? NumberOfBytes : 1);

	if (P)
		HostPoolAllocations++;
	return P;
}

VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
	HostPoolAllocations--;
	free(P);
}

VOID ExFreePool(PVOID P)
{
	ExFreePoolWithTag(P, 0);
}
