/*
 * blmemory.c — the memory map for the kernel (from E820, else E801) and the boot page
 * directory: the first 4 MB identity-mapped for the loader, RAM at KSEG0, 4 MB pages.
 */
#include "bldr.h"
#include <intrin_x86.h>
#include <rtl.h>

#define BL_PAGE_SIZE  0x1000
#define BL_LARGE_PAGE 0x400000
#define BL_PDE_LARGE  0x83          /* present, writable, 4 MB */

/* Add [Base, Base+Length) as a descriptor, in whole pages (free ranges shrink inwards). */
static VOID BlAddDescriptor(PLOADER_PARAMETER_BLOCK LoaderBlock, ULONG Type, ULONGLONG Base,
                            ULONGLONG Length)
{
	ULONGLONG End = Base + Length;
	PMEMORY_ALLOCATION_DESCRIPTOR Descriptor;

	if (End > 0x100000000ULL)
		End = 0x100000000ULL;
	Base = Type == LoaderFree ? (Base + BL_PAGE_SIZE - 1) / BL_PAGE_SIZE : Base / BL_PAGE_SIZE;
	End = Type == LoaderFree ? End / BL_PAGE_SIZE : (End + BL_PAGE_SIZE - 1) / BL_PAGE_SIZE;
	if (End <= Base || LoaderBlock->MemoryDescriptorCount == LOADER_MAX_MEMORY_DESCRIPTORS)
		return;
	Descriptor = &LoaderBlock->MemoryDescriptors[LoaderBlock->MemoryDescriptorCount++];
	Descriptor->MemoryType = Type;
	Descriptor->BasePage = (PFN_NUMBER)Base;
	Descriptor->PageCount = (PFN_NUMBER)(End - Base);
}

/* Descriptors from the E820 map; return the top of usable RAM below 4 GB in bytes. */
static ULONGLONG BlConvertE820(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
	const BL_E820_ENTRY *Entry = (const BL_E820_ENTRY *)BL_E820_MAP;
	ULONGLONG Top = 0, End;
	ULONG i;

	for (i = 0; i < BlE820Count; i++, Entry++) {
		BlAddDescriptor(LoaderBlock, Entry->Type == 1 ? LoaderFree : LoaderFirmwarePermanent,
		                Entry->Base, Entry->Length);
		End = Entry->Base + Entry->Length;
		if (Entry->Type == 1 && End > Top && End <= 0x100000000ULL)
			Top = End;
	}
	return Top;
}

/* Descriptors from E801's sizes (KB from 1 MB to 16 MB, 64 KB blocks above 16 MB). */
static ULONGLONG BlConvertE801(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
	ULONGLONG Low = (ULONGLONG)BlE801Low * 1024, High = (ULONGLONG)BlE801High * 65536;

	if (!Low)
		BlFatal("the BIOS reports no memory map (E820) and no memory size (E801)");
	BlAddDescriptor(LoaderBlock, LoaderFree, 0, 0xA0000);
	BlAddDescriptor(LoaderBlock, LoaderFree, 0x100000, Low);
	BlAddDescriptor(LoaderBlock, LoaderFree, 0x1000000, High);
	return High ? 0x1000000 + High : 0x100000 + Low;
}

/* Fill the loader block's memory descriptors; return the top of usable RAM in KB. */
ULONG BlBuildMemoryMap(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
	ULONGLONG Top = BlE820Count ? BlConvertE820(LoaderBlock) : BlConvertE801(LoaderBlock);

	if (Top < 0x300000)
		BlFatal("only %lu KB of memory; ntscope needs at least 3 MB", (ULONG)(Top / 1024));
	return (ULONG)(Top / 1024);
}

/* Build the boot page directory at PhysicalAddress (the CPU must have 4 MB pages). */
PVOID BlBuildPageDirectory(ULONG_PTR PhysicalAddress, ULONG MemorySizeKb)
{
	PULONG Directory = (PULONG)PhysicalAddress;
	ULONG_PTR Limit = ((ULONGLONG)MemorySizeKb * 1024 + BL_LARGE_PAGE - 1) & ~(BL_LARGE_PAGE - 1);
	ULONG_PTR Pa;
	INT Info[4];

	__cpuid(Info, 1);
	if (!(Info[3] & 0x8))
		BlFatal("the processor has no 4 MB pages (CPUID PSE)");
	if (Limit > LOADER_KSEG0_LIMIT || Limit == 0)
		Limit = LOADER_KSEG0_LIMIT;
	memset(Directory, 0, BL_PAGE_SIZE);
	Directory[0] = BL_PDE_LARGE;
	for (Pa = 0; Pa < Limit; Pa += BL_LARGE_PAGE)
		Directory[(KSEG0_BASE + Pa) >> 22] = Pa | BL_PDE_LARGE;
	return Directory;
}
