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

/* Store a PTE for Va (creating its page table), flushing the TLB entry if Va is live. */
NTSTATUS MiWritePte(ULONG_PTR DirectoryTableBase, ULONG_PTR Va, ULONG PteValue)
{
	PULONG Pde = MiGetPde(DirectoryTableBase, Va);
	PFN_NUMBER TablePfn;

	if (!(*Pde & PTE_VALID)) {
		if (!PteValue)
			return STATUS_SUCCESS;
		TablePfn = MiAllocatePhysicalPage();
		if (!TablePfn)
			return STATUS_NO_MEMORY;
		*Pde = (TablePfn << PAGE_SHIFT) | PTE_VALID | PTE_WRITE | PTE_OWNER;
	}
	*MiGetPte(DirectoryTableBase, Va) = PteValue;
	if (DirectoryTableBase == __readcr3())
		__invlpg((PVOID)Va);
	return STATUS_SUCCESS;
}

/* A valid user PTE for Pfn with an MM_* protection (write-copy pages map read-only). */
ULONG MiMakeValidPte(PFN_NUMBER Pfn, ULONG Protection)
{
	ULONG Pte = (Pfn << PAGE_SHIFT) | PTE_VALID | PTE_OWNER;

	switch (Protection & 7) {
	case MM_READWRITE:
	case MM_EXECUTE_READWRITE:
		return Pte | PTE_WRITE;
	case MM_WRITECOPY:
	case MM_EXECUTE_WRITECOPY:
		return Pte | PTE_COPY_ON_WRITE;
	default:
		return Pte;
	}
}

/* Free every private user page and user page table (section pages and SharedUserData stay). */
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
			if ((Pt[j] & PTE_VALID) && !(Pt[j] & PTE_PROTOTYPE) &&
			    (Pt[j] >> PAGE_SHIFT) != MmSharedUserDataPfn)
				MiFreePhysicalPage(Pt[j] >> PAGE_SHIFT);
		MiFreePhysicalPage(Pd[i] >> PAGE_SHIFT);
		Pd[i] = 0;
	}
}
