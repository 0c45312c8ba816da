/*
 * pagefault.c — page-fault resolution in the user half of the current address space
 * (CR3: the attached process during KeStackAttachProcess). A demand-zero PTE gets a
 * zeroed page with the committed protection; a write to a copy-on-write page (an image's
 * data, shared with the section) gets a private copy. Anything else is an access
 * violation for the trap handler to dispatch. Runs with interrupts off (interrupt gate).
 */
#include <internal/mm.h>
#include <rtl.h>

ULONG MmDemandZeroFaults;
ULONG MmCopyOnWriteFaults;

/* Back a demand-zero PTE with a zeroed page; guard and no-access pages stay violations. */
static NTSTATUS MiResolveDemandZeroFault(ULONG_PTR Va, PULONG Pte)
{
	ULONG Protection = MiGetPteProtection(*Pte);
	PFN_NUMBER Pfn;

	if (!*Pte || (Protection & MM_GUARD_PAGE) || !(Protection & 7))
		return STATUS_ACCESS_VIOLATION;
	Pfn = MiAllocatePhysicalPage();
	if (!Pfn)
		return STATUS_NO_MEMORY;
	*Pte = MiMakeValidPte(Pfn, Protection);
	__invlpg((PVOID)Va);
	MmDemandZeroFaults++;
	return STATUS_SUCCESS;
}

/* Give the process its own writable copy of a copy-on-write page. */
static NTSTATUS MiCopyOnWrite(ULONG_PTR Va, PULONG Pte)
{
	PFN_NUMBER Pfn = MiAllocatePhysicalPage();

	if (!Pfn)
		return STATUS_NO_MEMORY;
	RtlCopyMemory(MiPfnToVirtual(Pfn), MiPfnToVirtual(*Pte >> PAGE_SHIFT), PAGE_SIZE);
	*Pte = (Pfn << PAGE_SHIFT) | PTE_VALID | PTE_OWNER | PTE_WRITE;
	__invlpg((PVOID)Va);
	MmCopyOnWriteFaults++;
	return STATUS_SUCCESS;
}

/*
 * Resolve a fault at Address (a store if StoreInstruction), or say why it cannot be. A
 * fault the PTE already allows came from a stale TLB entry: flush it and retry.
 */
NTSTATUS MmAccessFault(BOOLEAN StoreInstruction, PVOID Address, KPROCESSOR_MODE Mode,
                       PKTRAP_FRAME TrapFrame)
{
	ULONG_PTR Va = PAGE_ROUND_DOWN(Address);
	PULONG Pte;

	if (Va >= MM_SYSTEM_RANGE_START)
		return STATUS_ACCESS_VIOLATION;
	Pte = MiGetPte(__readcr3(), Va);
	if (!Pte)
		return STATUS_ACCESS_VIOLATION;
	if (!(*Pte & PTE_VALID))
		return MiResolveDemandZeroFault(Va, Pte);
	if (StoreInstruction && !(*Pte & PTE_WRITE))
		return *Pte & PTE_COPY_ON_WRITE ? MiCopyOnWrite(Va, Pte) : STATUS_ACCESS_VIOLATION;
	__invlpg((PVOID)Va);
	return STATUS_SUCCESS;
}
