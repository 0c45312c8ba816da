/*
 * kstack.c — kernel stacks in the system PTE area (MM_SYSTEM_PTE_BASE): each stack is
 * KERNEL_STACK_SIZE of mapped pages above an unmapped guard page. The page tables of
 * the area exist from boot, so every address space shares them.
 */
#include <internal/mm.h>
#include <rtl.h>

#define MI_STACK_PAGES   (KERNEL_STACK_SIZE / PAGE_SIZE)
#define MI_STACK_SLOT    ((MI_STACK_PAGES + 1) * PAGE_SIZE)
#define MI_STACK_SLOTS   (MM_SYSTEM_PTE_TABLES * PTE_PER_PAGE * PAGE_SIZE / MI_STACK_SLOT)

static ULONG MiStackSlotBitmap[(MI_STACK_SLOTS + 31) / 32];

/* Create the page tables of the system PTE area in the system page directory. */
VOID MiInitializeSystemPtes(VOID)
{
	PULONG Pd = MiPhysicalToVirtual(MmSystemPageDirectory);
	PFN_NUMBER Pfn;
	ULONG i;

	for (i = 0; i < MM_SYSTEM_PTE_TABLES; i++) {
		Pfn = MiAllocatePhysicalPage();
		if (!Pfn)
			KeBugCheckEx(NO_PAGES_AVAILABLE, i, MmAvailablePages, 0, 0);
		Pd[(MM_SYSTEM_PTE_BASE >> PDE_SHIFT) + i] = (Pfn << PAGE_SHIFT) | PTE_VALID | PTE_WRITE;
	}
}

/* Unmap and free the pages of a stack slot (missing pages are skipped). */
static VOID MiReleaseStackSlot(ULONG Slot)
{
	ULONG_PTR Va = MM_SYSTEM_PTE_BASE + Slot * MI_STACK_SLOT;
	PULONG Pte;
	ULONG i;

	for (i = 1; i <= MI_STACK_PAGES; i++) {
		Pte = MiGetPte(MmSystemPageDirectory, Va + i * PAGE_SIZE);
		if (*Pte & PTE_VALID)
			MiFreePhysicalPage(*Pte >> PAGE_SHIFT);
		*Pte = 0;
		__invlpg((PVOID)(Va + i * PAGE_SIZE));
	}
	MiStackSlotBitmap[Slot / 32] &= ~(1UL << (Slot % 32));
}

/* Allocate a kernel stack; return its top (the thread's InitialStack) or NULL. */
PVOID MmCreateKernelStack(VOID)
{
	ULONG Slot, i;
	ULONG_PTR Va;
	PFN_NUMBER Pfn;

	for (Slot = 0; Slot < MI_STACK_SLOTS; Slot++)
		if (!(MiStackSlotBitmap[Slot / 32] & (1UL << (Slot % 32))))
			break;
	if (Slot == MI_STACK_SLOTS)
		return NULL;
	MiStackSlotBitmap[Slot / 32] |= 1UL << (Slot % 32);
	Va = MM_SYSTEM_PTE_BASE + Slot * MI_STACK_SLOT;
	for (i = 1; i <= MI_STACK_PAGES; i++) {
		Pfn = MiAllocatePhysicalPage();
		if (!Pfn || !NT_SUCCESS(MiMapPage(MmSystemPageDirectory, Va + i * PAGE_SIZE, Pfn,
		                                  PAGE_READWRITE))) {
			if (Pfn)
				MiFreePhysicalPage(Pfn);
			MiReleaseStackSlot(Slot);
			return NULL;
		}
	}
	return (PVOID)(Va + MI_STACK_SLOT);
}

/* Free a stack MmCreateKernelStack returned. */
VOID MmDeleteKernelStack(PVOID StackBase)
{
	MiReleaseStackSlot(((ULONG_PTR)StackBase - MM_SYSTEM_PTE_BASE) / MI_STACK_SLOT - 1);
}
