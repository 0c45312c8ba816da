/*
 * freelist.c — physical page allocation: a list of free page frames threaded through
 * the free pages themselves (reached through KSEG0).
 */
#include <internal/mm.h>
#include <rtl.h>

ULONG MmAvailablePages;
ULONG MmNumberOfPhysicalPages;
static PFN_NUMBER MiFreePageListHead;

/* Return a page frame to the free list. */
VOID MiFreePhysicalPage(PFN_NUMBER Pfn)
{
	ULONG Flags = __readeflags();

	_disable();
	*(PPFN_NUMBER)MiPfnToVirtual(Pfn) = MiFreePageListHead;
	MiFreePageListHead = Pfn;
	MmAvailablePages++;
	__writeeflags(Flags);
}

/* Take a page frame off the free list and zero it; 0 when memory is exhausted. */
PFN_NUMBER MiAllocatePhysicalPage(VOID)
{
	ULONG Flags = __readeflags();
	PFN_NUMBER Pfn;

	_disable();
	Pfn = MiFreePageListHead;
	if (Pfn) {
		MiFreePageListHead = *(PPFN_NUMBER)MiPfnToVirtual(Pfn);
		MmAvailablePages--;
	}
	__writeeflags(Flags);
	if (Pfn)
		RtlZeroMemory(MiPfnToVirtual(Pfn), PAGE_SIZE);
	return Pfn;
}

/* Free every loader-reported free page at or above FirstFreePage and below Limit. */
VOID MiInitializePhysicalMemory(PLOADER_PARAMETER_BLOCK LoaderBlock, ULONG_PTR Limit)
{
	PMEMORY_ALLOCATION_DESCRIPTOR Descriptor;
	PFN_NUMBER Start, End;
	ULONG i;

	for (i = 0; i < LoaderBlock->MemoryDescriptorCount; i++) {
		Descriptor = &LoaderBlock->MemoryDescriptors[i];
		if (Descriptor->MemoryType != LoaderFree)
			continue;
		Start = Descriptor->BasePage > LoaderBlock->FirstFreePage ?
		        Descriptor->BasePage : LoaderBlock->FirstFreePage;
		End = Descriptor->BasePage + Descriptor->PageCount;
		if (End > (Limit >> PAGE_SHIFT))
			End = Limit >> PAGE_SHIFT;
		while (End > Start)
			MiFreePhysicalPage(--End);
	}
	MmNumberOfPhysicalPages = MmAvailablePages;
}

/* A zeroed page for the pool (SizeInBytes at most PAGE_SIZE), at its KSEG0 address; or NULL. */
PVOID MiAllocatePoolPages(POOL_TYPE PoolType, SIZE_T SizeInBytes)
{
	PFN_NUMBER Pfn;

	if (SizeInBytes > PAGE_SIZE)
		return NULL;
	Pfn = MiAllocatePhysicalPage();
	return Pfn ? MiPfnToVirtual(Pfn) : NULL;
}

/* Return a pool page; the number of pages freed. */
ULONG MiFreePoolPages(PVOID StartingAddress)
{
	MiFreePhysicalPage(MiVirtualToPhysical(StartingAddress) >> PAGE_SHIFT);
	return 1;
}
