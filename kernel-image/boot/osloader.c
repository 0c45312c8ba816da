/*
 * osloader.c — BlMain: read the boot file system directory, load the kernel and every
 * boot file, describe them in a LOADER_PARAMETER_BLOCK, and start the kernel.
 */
#include "bldr.h"
#include <rtl.h>

#define BL_PAGE_ROUND_UP(x) (((x) + 0xFFF) & ~0xFFFUL)
#define BL_KERNEL_NAME "ntoskrnl.elf"

static UCHAR BlDirectory[BL_SECTOR_SIZE * 8];
static LOADER_PARAMETER_BLOCK BlLoaderBlock;

/* Read and check the directory; return its entries and their count. */
static const struct bootfs_entry *BlReadDirectory(ULONG *Count)
{
	const struct bootfs_header *Header = (const struct bootfs_header *)BlDirectory;

	BlReadDisk(BOOTFS_DIR_LBA, 0, BlDirectory, sizeof(BlDirectory));
	if (memcmp(Header->magic, BOOTFS_MAGIC, sizeof(Header->magic)))
		BlFatal("no boot file system at LBA %d", BOOTFS_DIR_LBA);
	if (Header->count > BOOTFS_MAX_FILES)
		BlFatal("boot file system directory lists %lu files", (ULONG)Header->count);
	*Count = Header->count;
	return (const struct bootfs_entry *)(Header + 1);
}

/* Load one boot file at *NextFree (followed by a NUL) and record it. */
static VOID BlLoadBootFile(const struct bootfs_entry *Entry, ULONG_PTR *NextFree, ULONG_PTR Limit)
{
	PBOOT_FILE_ENTRY File = &BlLoaderBlock.BootFiles[BlLoaderBlock.BootFileCount++];

	memcpy(File->Name, Entry->name, sizeof(File->Name) - 1);
	File->Size = Entry->size;
	if (!strcmp(File->Name, BL_KERNEL_NAME))
		return;
	if (Entry->size >= Limit - *NextFree)
		BlFatal("not enough memory to load %s (%lu bytes)", File->Name, File->Size);
	BlReadDisk(Entry->lba, 0, (PVOID)*NextFree, Entry->size);
	((PUCHAR)*NextFree)[Entry->size] = 0;
	File->Base = (PVOID)(*NextFree + KSEG0_BASE);
	if (!strcmp(File->Name, "boot.ini"))
		BlLoaderBlock.LoadOptions = File->Base;
	BlPrint("loader: %-16s %8lu bytes at 0x%08lX\n", File->Name, File->Size, *NextFree);
	*NextFree = BL_PAGE_ROUND_UP(*NextFree + Entry->size + 1);
}

/* The directory entry of the kernel. */
static const struct bootfs_entry *BlFindKernel(const struct bootfs_entry *Entries, ULONG Count)
{
	ULONG i;

	for (i = 0; i < Count; i++)
		if (!strncmp(Entries[i].name, BL_KERNEL_NAME, BOOTFS_NAME_MAX))
			return &Entries[i];
	BlFatal("no %s in the boot file system", BL_KERNEL_NAME);
}

/* Complete the loader block, copy it to NextFree and build the page directory after it. */
static PLOADER_PARAMETER_BLOCK BlFinishLoaderBlock(ULONG_PTR NextFree, ULONG BootDrive,
                                                   PVOID *PageDirectory)
{
	ULONG_PTR Directory = BL_PAGE_ROUND_UP(NextFree + sizeof(BlLoaderBlock));

	BlLoaderBlock.Size = sizeof(BlLoaderBlock);
	BlLoaderBlock.Version = LOADER_BLOCK_VERSION;
	BlLoaderBlock.BootDrive = BootDrive;
	BlLoaderBlock.FirstFreePage = (Directory + 0x1000) >> 12;
	memcpy((PVOID)NextFree, &BlLoaderBlock, sizeof(BlLoaderBlock));
	*PageDirectory = BlBuildPageDirectory(Directory, BlLoaderBlock.MemorySizeKb);
	return (PLOADER_PARAMETER_BLOCK)(NextFree + KSEG0_BASE);
}

/* Loader entry in protected mode. */
DECLSPEC_NORETURN VOID BlMain(ULONG BootDrive)
{
	const struct bootfs_entry *Entries;
	ULONG Count, i;
	ULONG_PTR NextFree, Limit;
	PLOADER_PARAMETER_BLOCK LoaderBlock;
	PVOID Entry, PageDirectory;

	BlPrint("ntscope loader: boot drive 0x%02lX\n", BootDrive);
	Entries = BlReadDirectory(&Count);
	BlLoaderBlock.MemorySizeKb = BlBuildMemoryMap(&BlLoaderBlock);
	Limit = (ULONG_PTR)BlLoaderBlock.MemorySizeKb * 1024;
	if (Limit > LOADER_KSEG0_LIMIT)
		Limit = LOADER_KSEG0_LIMIT;
	NextFree = BL_PAGE_ROUND_UP(BlLoadKernel(BlFindKernel(Entries, Count), &Entry));
	BlLoaderBlock.KernelBase = (PVOID)(0x100000 + KSEG0_BASE);
	BlLoaderBlock.KernelEnd = (PVOID)(NextFree + KSEG0_BASE);
	for (i = 0; i < Count; i++)
		BlLoadBootFile(&Entries[i], &NextFree, Limit);
	LoaderBlock = BlFinishLoaderBlock(NextFree, BootDrive, &PageDirectory);
	BlPrint("loader: %lu KB of memory, starting the kernel at 0x%08lX\n",
	        BlLoaderBlock.MemorySizeKb, (ULONG)Entry);
	BlTransferToKernel(Entry, LoaderBlock, PageDirectory);
}
