/*
 * mm.h — memory manager: physical pages, page tables, per-process address spaces
 * described by VADs (demand-zero and copy-on-write pages resolved at fault time), image
 * sections, kernel stacks, and safe access to user memory.
 */
#ifndef _INTERNAL_MM_H
#define _INTERNAL_MM_H

#include <internal/ex.h>
#include <internal/ob.h>
#include <mmtypes.h>
#include <iotypes.h>

#define PDE_SHIFT           22
#define PTE_PER_PAGE        1024

#define MM_USER_PROBE_ADDRESS_C  ((ULONG_PTR)MM_USER_PROBE_ADDRESS)
#define MM_SYSTEM_RANGE_START    0x80000000UL
#define MM_SYSTEM_PTE_BASE       0xF0000000UL   /* kernel stacks live here */
#define MM_SYSTEM_PTE_TABLES     4
#define MM_PEB_ADDRESS           0x7FFDF000UL   /* where the first PEB-or-TEB lands */
#define MM_DEFAULT_STACK_RESERVE 0x00100000UL
#define MM_DEFAULT_STACK_COMMIT  0x00001000UL

/* Hardware page-table entry bits; 9-11 are the software's. */
#define PTE_VALID           0x001
#define PTE_WRITE           0x002
#define PTE_OWNER           0x004
#define PTE_ACCESSED        0x020
#define PTE_DIRTY           0x040
#define PTE_PROTOTYPE       0x200   /* a section's page: not freed with the address space */
#define PTE_COPY_ON_WRITE   0x400   /* the first write gives the process its own copy */

/*
 * A user PTE that is not valid is 0 (free or only reserved) or a demand-zero PTE: the
 * committed page's MM_* protection in bits 5-9, as NT's software PTEs.
 */
#define MiMakeDemandZeroPte(Protection)  ((ULONG)(Protection) << 5)
#define MiGetPteProtection(Pte)          (((Pte) >> 5) & 0x1F)

/* Kernel virtual address of a physical address (all RAM is mapped at KSEG0). */
#define MiPhysicalToVirtual(Pa)  ((PVOID)((ULONG_PTR)(Pa) + KSEG0_BASE))
#define MiVirtualToPhysical(Va)  ((ULONG_PTR)(Va) - KSEG0_BASE)
#define MiPfnToVirtual(Pfn)      MiPhysicalToVirtual((ULONG_PTR)(Pfn) << PAGE_SHIFT)

/* An image section's run of pages with one protection (one ELF PT_LOAD segment). */
typedef struct _SUBSECTION {
	ULONG_PTR StartingAddress;
	ULONG NumberOfPages;
	ULONG NumberOfFilePages;
	ULONG FileOffset;
	ULONG FileLength;
	ULONG Protection;
	PPFN_NUMBER PrototypePages;
} SUBSECTION, *PSUBSECTION;

#define MI_MAX_SUBSECTIONS 8

/*
 * The image of one file, shared by every section (and so every process) created over it:
 * file-backed pages read once into prototype pages, mapped read-only or copy-on-write.
 */
typedef struct _SEGMENT {
	LONG NumberOfSectionReferences;
	PFILE_OBJECT FilePointer;
	ULONG_PTR BasedAddress;
	SIZE_T SizeOfSegment;
	SECTION_IMAGE_INFORMATION ImageInformation;
	ULONG NumberOfSubsections;
	SUBSECTION Subsections[MI_MAX_SUBSECTIONS];
} SEGMENT, *PSEGMENT;

typedef struct _SECTION {
	PSEGMENT Segment;
	LARGE_INTEGER SizeOfSection;
	ULONG AllocationAttributes;
	ULONG InitialPageProtection;
} SECTION, *PSECTION;

extern ULONG MmAvailablePages;
extern ULONG MmNumberOfPhysicalPages;
extern ULONG_PTR MmSystemPageDirectory;
extern PFN_NUMBER MmSharedUserDataPfn;
extern POBJECT_TYPE MmSectionObjectType;
extern ULONG MmDemandZeroFaults;
extern ULONG MmCopyOnWriteFaults;

/* Physical pages, page tables, kernel stacks. */
VOID MmInitSystem(PLOADER_PARAMETER_BLOCK LoaderBlock);
VOID MiInitializePhysicalMemory(PLOADER_PARAMETER_BLOCK LoaderBlock, ULONG_PTR Limit);
PFN_NUMBER MiAllocatePhysicalPage(VOID);
VOID MiFreePhysicalPage(PFN_NUMBER Pfn);
NTSTATUS MiMapPage(ULONG_PTR DirectoryTableBase, ULONG_PTR Va, PFN_NUMBER Pfn, ULONG Protect);
PULONG MiGetPte(ULONG_PTR DirectoryTableBase, ULONG_PTR Va);
NTSTATUS MiWritePte(ULONG_PTR DirectoryTableBase, ULONG_PTR Va, ULONG PteValue);
ULONG MiMakeValidPte(PFN_NUMBER Pfn, ULONG Protection);
ULONG MiMakeProtectionMask(ULONG Win32Protect);
VOID MiDeleteUserPages(ULONG_PTR DirectoryTableBase);
VOID MiInitializeSystemPtes(VOID);
PVOID MmCreateKernelStack(VOID);
VOID MmDeleteKernelStack(PVOID StackBase);

/* Address spaces (procsup.c) and virtual memory (virtual.c). */
NTSTATUS MmCreateProcessAddressSpace(ULONG MinimumWorkingSetSize, PEPROCESS Process,
                                     PULONG_PTR DirectoryTableBase);
NTSTATUS MmInitializeProcessAddressSpace(PEPROCESS Process, PEPROCESS ProcessToClone,
                                         PVOID SectionToMap);
VOID MmCleanProcessAddressSpace(PEPROCESS Process);
VOID MmDeleteProcessAddressSpace(PEPROCESS Process);
NTSTATUS MmCreatePeb(PEPROCESS TargetProcess, PINITIAL_PEB InitialPeb, PPEB *Base);
NTSTATUS MmCreateTeb(PEPROCESS Process, PINITIAL_TEB InitialTeb, PCLIENT_ID ClientId,
                     PTEB *Teb);
VOID MmDeleteTeb(PEPROCESS Process, PTEB Teb);
NTSTATUS MmCreateUserStack(PEPROCESS Process, PVOID *StackBase, PVOID *StackLimit);
NTSTATUS MmWriteProcessMemory(PEPROCESS Process, ULONG_PTR Va, const VOID *Buffer, ULONG Length);
NTSTATUS MiReserveVirtualMemory(PEPROCESS Process, PULONG_PTR Base, SIZE_T Size, BOOLEAN TopDown,
                                ULONG Protection, PMMVAD *Vad);
NTSTATUS MiCommitPages(PEPROCESS Process, ULONG_PTR Start, ULONG_PTR End, ULONG Protection);
VOID MiDeleteVad(PEPROCESS Process, PMMVAD Vad);
NTSTATUS MmCopyVirtualMemory(PEPROCESS SourceProcess, PVOID SourceAddress,
                             PEPROCESS TargetProcess, PVOID TargetAddress, SIZE_T BufferSize,
                             KPROCESSOR_MODE PreviousMode, PSIZE_T ReturnSize);

/* Sections (section.c, elfimage.c, mapview.c). */
VOID MmInitSectionImplementation(VOID);
NTSTATUS MmCreateSection(PVOID *SectionObject, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
                         ULONG SectionPageProtection, ULONG AllocationAttributes,
                         HANDLE FileHandle, PFILE_OBJECT FileObject);
NTSTATUS MiParseElfImage(PVOID ImageData, ULONG ImageSize, PSEGMENT Segment);
NTSTATUS MmMapViewOfSection(PVOID SectionObject, PEPROCESS Process, PVOID *BaseAddress,
                            ULONG_PTR ZeroBits, SIZE_T CommitSize, PLARGE_INTEGER SectionOffset,
                            PSIZE_T ViewSize, SECTION_INHERIT InheritDisposition,
                            ULONG AllocationType, ULONG Protect);
NTSTATUS MmUnmapViewOfSection(PEPROCESS Process, PVOID BaseAddress);
VOID MmGetImageFileName(PSECTION Section, PUCHAR ImageFileName, ULONG Length);

/* Faults and user memory access. */
NTSTATUS MmAccessFault(BOOLEAN StoreInstruction, PVOID Address, KPROCESSOR_MODE Mode,
                       PKTRAP_FRAME TrapFrame);
NTSTATUS MmCopyFromMode(PVOID Destination, const VOID *Source, ULONG Length, KPROCESSOR_MODE Mode);
NTSTATUS MmCopyToMode(PVOID Destination, const VOID *Source, ULONG Length, KPROCESSOR_MODE Mode);
NTSTATUS MmCopyFromCaller(PVOID Destination, const VOID *UserSource, ULONG Length);
NTSTATUS MmCopyToCaller(PVOID UserDestination, const VOID *Source, ULONG Length);
BOOLEAN MmIsUserRange(const VOID *Address, SIZE_T Length);
NTSTATUS MiSafeCopyMemory(PVOID Destination, const VOID *Source, ULONG Length);

#endif
