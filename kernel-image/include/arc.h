/*
 * arc.h — the LOADER_PARAMETER_BLOCK the boot loader hands to KiSystemStartup.
 * Every pointer in it is a kernel (KSEG0) virtual address: physical | KSEG0_BASE.
 */
#ifndef _ARC_H
#define _ARC_H

#include <ntdef.h>

#define KSEG0_BASE             0x80000000UL
#define LOADER_KSEG0_LIMIT     0x20000000UL   /* RAM mapped at KSEG0: 512 MB at most */
#define LOADER_BLOCK_VERSION   1
#define LOADER_MAX_MEMORY_DESCRIPTORS 32
#define LOADER_MAX_BOOT_FILES  63
#define LOADER_FILE_NAME_MAX   48

typedef enum _TYPE_OF_MEMORY {
	LoaderExceptionBlock,
	LoaderSystemBlock,
	LoaderFree,
	LoaderBad,
	LoaderLoadedProgram,
	LoaderFirmwareTemporary,
	LoaderFirmwarePermanent,
} TYPE_OF_MEMORY;

typedef struct _MEMORY_ALLOCATION_DESCRIPTOR {
	ULONG MemoryType;          /* TYPE_OF_MEMORY */
	PFN_NUMBER BasePage;
	PFN_NUMBER PageCount;
} MEMORY_ALLOCATION_DESCRIPTOR, *PMEMORY_ALLOCATION_DESCRIPTOR;

typedef struct _BOOT_FILE_ENTRY {
	CHAR Name[LOADER_FILE_NAME_MAX];
	PVOID Base;                /* NULL for ntoskrnl.elf (loaded by segments) */
	ULONG Size;                /* bytes; a NUL byte follows the data */
} BOOT_FILE_ENTRY, *PBOOT_FILE_ENTRY;

typedef struct _LOADER_PARAMETER_BLOCK {
	ULONG Size;
	ULONG Version;
	ULONG BootDrive;
	ULONG MemorySizeKb;        /* top of usable RAM, from E820 or E801 */
	PFN_NUMBER FirstFreePage;  /* pages below it hold the kernel, files, this block */
	PVOID KernelBase;
	PVOID KernelEnd;
	PCHAR LoadOptions;         /* boot.ini text, NULL when absent */
	ULONG MemoryDescriptorCount;
	MEMORY_ALLOCATION_DESCRIPTOR MemoryDescriptors[LOADER_MAX_MEMORY_DESCRIPTORS];
	ULONG BootFileCount;
	BOOT_FILE_ENTRY BootFiles[LOADER_MAX_BOOT_FILES];
} LOADER_PARAMETER_BLOCK, *PLOADER_PARAMETER_BLOCK;

#endif
