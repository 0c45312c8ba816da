/*
 * mminit.c — memory manager phase 0: take over the free physical pages, build the
 * system page directory (all RAM at KSEG0, the system PTE area, SharedUserData at
 * 0xFFDF0000) and switch to it.
 */
#include <internal/mm.h>
#include <rtl.h>

ULONG_PTR MmSystemPageDirectory;
PFN_NUMBER MmSharedUserDataPfn;

/* Map physical [0, Limit) at KSEG0 with 4 KB pages. */
static VOID MiMapKseg0(ULONG_PTR Limit)
{
	ULONG_PTR Pa;

	for (Pa = 0; Pa < Limit; Pa += PAGE_SIZE)
		if (!NT_SUCCESS(MiMapPage(MmSystemPageDirectory, KSEG0_BASE + Pa, Pa >> PAGE_SHIFT,
		                          PAGE_READWRITE)))
			KeBugCheckEx(NO_PAGES_AVAILABLE, Pa, MmAvailablePages, 0, 0);
}

/* Allocate KUSER_SHARED_DATA and map it at its kernel address. */
static VOID MiInitializeSharedUserData(VOID)
{
	MmSharedUserDataPfn = MiAllocatePhysicalPage();
	if (!MmSharedUserDataPfn ||
	    !NT_SUCCESS(MiMapPage(MmSystemPageDirectory, KI_USER_SHARED_DATA, MmSharedUserDataPfn,
	                          PAGE_READWRITE)))
		KeBugCheckEx(NO_PAGES_AVAILABLE, 0, MmAvailablePages, 0, 0);
}

/* Phase 0: free list, system page directory, CR3 switch, SharedUserData contents. */
VOID MmInitSystem(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
	ULONG_PTR Limit = (LoaderBlock->MemorySizeKb * 1024 + 0x3FFFFF) & ~0x3FFFFFUL;
	PFN_NUMBER Pfn;

	if (Limit > LOADER_KSEG0_LIMIT || Limit == 0)
		Limit = LOADER_KSEG0_LIMIT;
	MiInitializePhysicalMemory(LoaderBlock, Limit);
	Pfn = MiAllocatePhysicalPage();
	if (!Pfn || MmAvailablePages < 256)
		KeBugCheckEx(INSTALL_MORE_MEMORY, MmNumberOfPhysicalPages, LoaderBlock->MemorySizeKb, 0, 0);
	MmSystemPageDirectory = Pfn << PAGE_SHIFT;
	MiMapKseg0(Limit);
	MiInitializeSystemPtes();
	MiInitializeSharedUserData();
	__writecr3(MmSystemPageDirectory);
	KeGetCurrentThread()->ApcState.Process->DirectoryTableBase[0] = MmSystemPageDirectory;
	SharedUserData->TickCountMultiplier = 0x0FA00000;
	SharedUserData->NtMajorVersion = 5;
	SharedUserData->NtMinorVersion = 1;
	SharedUserData->NumberOfPhysicalPages = MmNumberOfPhysicalPages;
	SharedUserData->TestRetInstruction = 0xC3;
	DbgPrint("mm: %lu pages free of %lu KB, system page directory at 0x%08lX\n",
	         MmAvailablePages, LoaderBlock->MemorySizeKb, MmSystemPageDirectory);
}
