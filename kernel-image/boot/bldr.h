/*
 * bldr.h — the boot loader's layout and internal interface (shared by loader.S and the
 * C parts). Low memory while loading:
 *   0x00500  E820 map (BL_E820_MAX entries of 24 bytes)
 *   0x07C00  stack top (the boot sector's page, reused)
 *   0x08000  loader.bin (BOOTFS_LOADER_SECTORS at most), then its .bss
 *   0x20000  disk bounce buffer (BL_BOUNCE_SECTORS sectors)
 * The kernel goes to its physical addresses (1 MB and up), boot files after it.
 */
#ifndef _BLDR_H
#define _BLDR_H

#define BL_LOAD_ADDRESS     0x8000
#define BL_STACK_TOP        0x7C00
#define BL_E820_MAP         0x0500
#define BL_E820_MAX         32
#define BL_BOUNCE_SEGMENT   0x2000
#define BL_BOUNCE_ADDRESS   0x20000
#define BL_BOUNCE_SECTORS   64
#define BL_SECTOR_SIZE      512
#define BL_CODE32           0x08
#define BL_DATA32           0x10
#define BL_CODE16           0x18
#define BL_DATA16           0x20

#ifndef __ASSEMBLER__
#include <arc.h>
#include "../tools/bootfs.h"

typedef struct __attribute__((packed)) _BL_E820_ENTRY {
	ULONGLONG Base;
	ULONGLONG Length;
	ULONG Type;
	ULONG Attributes;
} BL_E820_ENTRY;

extern ULONG BlE820Count;
extern USHORT BlE801Low, BlE801High;
extern UCHAR BlBootDrive;

ULONG BlBiosDiskRead(ULONG Lba, ULONG Count);
DECLSPEC_NORETURN VOID BlTransferToKernel(PVOID Entry, PLOADER_PARAMETER_BLOCK LoaderBlock,
                                          PVOID PageDirectory);
VOID BlPrint(PCSTR Format, ...) __attribute__((format(printf, 1, 2)));
DECLSPEC_NORETURN VOID BlFatal(PCSTR Format, ...) __attribute__((format(printf, 1, 2)));
VOID BlReadDisk(ULONG Lba, ULONG Offset, PVOID Destination, ULONG Length);
ULONG BlBuildMemoryMap(PLOADER_PARAMETER_BLOCK LoaderBlock);
PVOID BlBuildPageDirectory(ULONG_PTR PhysicalAddress, ULONG MemorySizeKb);
ULONG_PTR BlLoadKernel(const struct bootfs_entry *Entry, PVOID *EntryPoint);
#endif

#endif
