/*
 * mm.h — memory manager: physical pages, the kernel and per-process page directories,
 * kernel stacks, user images, and safe access to user memory.
 */
#ifndef _INTERNAL_MM_H
#define _INTERNAL_MM_H

#include <internal/ke.h>

#define PAGE_SIZE           0x1000
#define PAGE_SHIFT          12
#define PDE_SHIFT           22
#define PTE_PER_PAGE        1024
#define PAGE_ROUND_UP(x)    (((ULONG_PTR)(x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_DOWN(x)  ((ULONG_PTR)(x) & ~(PAGE_SIZE - 1))

#define MM_LOWEST_USER_ADDRESS   0x00010000UL
#define MM_HIGHEST_USER_ADDRESS  0x7FFEFFFFUL
#define MM_USER_PROBE_ADDRESS_C  ((ULONG_PTR)MM_USER_PROBE_ADDRESS)
#define MM_SYSTEM_RANGE_START    0x80000000UL
#define MM_SYSTEM_PTE_BASE       0xF0000000UL   /* kernel stacks live here */
#define MM_SYSTEM_PTE_TABLES     4
#define MM_PEB_ADDRESS           0x7FFDF000UL
#define MM_TEB_ADDRESS           0x7FFDE000UL
#define MM_TEB_LIMIT             0x00100000UL   /* TEBs go down from MM_TEB_ADDRESS */
#define MM_USER_STACK_TOP        0x00130000UL
#define MM_USER_STACK_SIZE       0x00010000UL

/* Hardware page-table entry bits. */
#define PTE_VALID           0x001
#define PTE_WRITE           0x002
#define PTE_OWNER           0x004
#define PTE_ACCESSED        0x020
#define PTE_DIRTY           0x040

#define PAGE_READONLY       0x02
#define PAGE_READWRITE      0x04

/* Kernel virtual address of a physical address (all RAM is mapped at KSEG0). */
#define MiPhysicalToVirtual(Pa)  ((PVOID)((ULONG_PTR)(Pa) + KSEG0_BASE))
#define MiVirtualToPhysical(Va)  ((ULONG_PTR)(Va) - KSEG0_BASE)
#define MiPfnToVirtual(Pfn)      MiPhysicalToVirtual((ULONG_PTR)(Pfn) << PAGE_SHIFT)

extern ULONG MmAvailablePages;
extern ULONG MmNumberOfPhysicalPages;
extern ULONG_PTR MmSystemPageDirectory;
extern PFN_NUMBER MmSharedUserDataPfn;

VOID MmInitSystem(PLOADER_PARAMETER_BLOCK LoaderBlock);
VOID MiInitializePhysicalMemory(PLOADER_PARAMETER_BLOCK LoaderBlock, ULONG_PTR Limit);
PFN_NUMBER MiAllocatePhysicalPage(VOID);
VOID MiFreePhysicalPage(PFN_NUMBER Pfn);
NTSTATUS MiMapPage(ULONG_PTR DirectoryTableBase, ULONG_PTR Va, PFN_NUMBER Pfn, ULONG Protect);
PULONG MiGetPte(ULONG_PTR DirectoryTableBase, ULONG_PTR Va);
NTSTATUS MiAllocateUserPages(ULONG_PTR DirectoryTableBase, ULONG_PTR Va, ULONG_PTR Size,
                             ULONG Protect);
VOID MiDeleteUserPages(ULONG_PTR DirectoryTableBase);
VOID MiInitializeSystemPtes(VOID);
PVOID MmCreateKernelStack(VOID);
VOID MmDeleteKernelStack(PVOID StackBase);
NTSTATUS MmCreateProcessAddressSpace(PULONG_PTR DirectoryTableBase);
VOID MmDeleteProcessAddressSpace(PEPROCESS Process);
NTSTATUS MmMapElfImage(PEPROCESS Process, PVOID ImageData, ULONG ImageSize, PVOID *EntryPoint);
NTSTATUS MmWriteProcessMemory(PEPROCESS Process, ULONG_PTR Va, const VOID *Buffer, ULONG Length);
NTSTATUS MmCreatePeb(PEPROCESS Process, PVOID ImageBase, PPEB *Peb);
NTSTATUS MmCreateTeb(PEPROCESS Process, PINITIAL_TEB InitialTeb, PCLIENT_ID ClientId,
                     PTEB *Teb);
VOID MmDeleteTeb(PEPROCESS Process, PTEB Teb);
NTSTATUS MmCreateUserStack(PEPROCESS Process, PVOID *StackBase, PVOID *StackLimit);
NTSTATUS MmAccessFault(BOOLEAN StoreInstruction, PVOID Address, KPROCESSOR_MODE Mode,
                       PKTRAP_FRAME TrapFrame);
NTSTATUS MmCopyFromCaller(PVOID Destination, const VOID *UserSource, ULONG Length);
NTSTATUS MmCopyToCaller(PVOID UserDestination, const VOID *Source, ULONG Length);
NTSTATUS MiSafeCopyMemory(PVOID Destination, const VOID *Source, ULONG Length);

#endif
