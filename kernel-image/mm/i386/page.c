/* page.c — i386 two-level page tables, reached through KSEG0. */
#include <internal/mm.h>
#include <rtl.h>

/* The PDE that covers Va in the page directory at DirectoryTableBase. */
static PULONG MiGetPde(ULONG_PTR DirectoryTableBase, ULONG_PTR Va)
{
	return (PULONG)MiPhysicalToVirtual(DirectoryTableBase) + (Va >> PDE_SHIFT);
}

/* The PTE that maps Va, or NULL when there is no page table for it. */
PULONG MiGetPte(ULONG_PTR DirectoryTableBase, ULONG_PTR Va)
{
	ULONG Pde = *MiGetPde(DirectoryTableBase, Va);

	if (!(Pde & PTE_VALID))
		return NULL;
	return (PULONG)MiPhysicalToVirtual(Pde & ~(PAGE_SIZE - 1)) + ((Va >> PAGE_SHIFT) & 0x3FF);
}

/* Map Va to Pfn (PAGE_READONLY or PAGE_READWRITE), creating the page table if needed. */
NTSTATUS MiMapPage(ULONG_PTR DirectoryTableBase, ULONG_PTR Va, PFN_NUMBER Pfn, ULONG Protect)
{
	PULONG Pde = MiGetPde(DirectoryTableBase, Va);
	ULONG Owner = Va < MM_SYSTEM_RANGE_START ? PTE_OWNER : 0;
	PFN_NUMBER TablePfn;

	if (!(*Pde & PTE_VALID)) {
		TablePfn = MiAllocatePhysicalPage();
		if (!TablePfn)
			return STATUS_NO_MEMORY;
		*Pde = (TablePfn << PAGE_SHIFT) | PTE_VALID | PTE_WRITE | Owner;
	}
	*MiGetPte(DirectoryTableBase, Va) = (Pfn << PAGE_SHIFT) | PTE_VALID | Owner |
	                                    (Protect == PAGE_READWRITE ? PTE_WRITE : 0);
	if (Owner == 0 || DirectoryTableBase == __readcr3())
		__invlpg((PVOID)Va);
	return STATUS_SUCCESS;
}

/* Back [Va, Va+Size) with zeroed pages; present pages are kept (and made writable if asked). */
NTSTATUS MiAllocateUserPages(ULONG_PTR DirectoryTableBase, ULONG_PTR Va, ULONG_PTR Size,
                             ULONG Protect)
{
	ULONG_PTR Page;
	PULONG Pte;
	PFN_NUMBER Pfn;

	for (Page = PAGE_ROUND_DOWN(Va); Page < Va + Size; Page += PAGE_SIZE) {
		Pte = MiGetPte(DirectoryTableBase, Page);
		if (Pte && (*Pte & PTE_VALID)) {
			*Pte |= Protect == PAGE_READWRITE ? PTE_WRITE : 0;
			continue;
		}
		Pfn = MiAllocatePhysicalPage();
		if (!Pfn)
			return STATUS_NO_MEMORY;
		if (!NT_SUCCESS(MiMapPage(DirectoryTableBase, Page, Pfn, Protect))) {
			MiFreePhysicalPage(Pfn);
			return STATUS_NO_MEMORY;
		}
	}
	return STATUS_SUCCESS;
}

/* Free every user page and user page table (the shared SharedUserData page stays). */
VOID MiDeleteUserPages(ULONG_PTR DirectoryTableBase)
{
	PULONG Pd = MiPhysicalToVirtual(DirectoryTableBase);
	PULONG Pt;
	ULONG i, j;

	for (i = 0; i < (MM_SYSTEM_RANGE_START >> PDE_SHIFT); i++) {
		if (!(Pd[i] & PTE_VALID))
			continue;
		Pt = MiPhysicalToVirtual(Pd[i] & ~(PAGE_SIZE - 1));
		for (j = 0; j < PTE_PER_PAGE; j++)
			if ((Pt[j] & PTE_VALID) && (Pt[j] >> PAGE_SHIFT) != MmSharedUserDataPfn)
				MiFreePhysicalPage(Pt[j] >> PAGE_SHIFT);
		MiFreePhysicalPage(Pd[i] >> PAGE_SHIFT);
		Pd[i] = 0;
	}
}
