/* pool.c — nonpaged pool. For now every allocation takes one zeroed page (<= PAGE_SIZE). */
#include <internal/ex.h>
#include <internal/mm.h>

/* Allocate NumberOfBytes of nonpaged memory, or NULL. */
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	PFN_NUMBER Pfn;

	if (NumberOfBytes > PAGE_SIZE)
		return NULL;
	Pfn = MiAllocatePhysicalPage();
	return Pfn ? MiPfnToVirtual(Pfn) : NULL;
}

/* Free memory ExAllocatePoolWithTag returned. */
VOID ExFreePoolWithTag(PVOID Pool, ULONG Tag)
{
	MiFreePhysicalPage(MiVirtualToPhysical(Pool) >> PAGE_SHIFT);
}
