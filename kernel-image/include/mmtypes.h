/*
 * mmtypes.h — memory manager types. User mode shares the PAGE_, MEM_ and SEC_ values and
 * the section information classes; the kernel adds VADs and image sections. No
 * kernel-only headers: the VAD tree also builds for the host tests.
 */
#ifndef _MMTYPES_H
#define _MMTYPES_H

#include <ntdef.h>

#define PAGE_SIZE                  0x1000
#define PAGE_SHIFT                 12
#define PAGE_ROUND_UP(x)           (((ULONG_PTR)(x) + PAGE_SIZE - 1) & ~(ULONG_PTR)(PAGE_SIZE - 1))
#define PAGE_ROUND_DOWN(x)         ((ULONG_PTR)(x) & ~(ULONG_PTR)(PAGE_SIZE - 1))

/* The user half: 64 KB no-access at each end; VADs stop below KUSER_SHARED_DATA. */
#define MM_LOWEST_USER_ADDRESS     0x00010000UL
#define MM_HIGHEST_USER_ADDRESS    0x7FFEFFFFUL
#define MM_HIGHEST_VAD_ADDRESS     0x7FFDFFFFUL
#define MM_ALLOCATION_GRANULARITY  0x00010000UL

/* Win32 page protections (one of the first eight, plus modifiers). */
#define PAGE_NOACCESS              0x01
#define PAGE_READONLY              0x02
#define PAGE_READWRITE             0x04
#define PAGE_WRITECOPY             0x08
#define PAGE_EXECUTE               0x10
#define PAGE_EXECUTE_READ          0x20
#define PAGE_EXECUTE_READWRITE     0x40
#define PAGE_EXECUTE_WRITECOPY     0x80
#define PAGE_GUARD                 0x100
#define PAGE_NOCACHE               0x200

#define MEM_COMMIT                 0x00001000
#define MEM_RESERVE                0x00002000
#define MEM_DECOMMIT               0x00004000
#define MEM_RELEASE                0x00008000
#define MEM_FREE                   0x00010000
#define MEM_PRIVATE                0x00020000
#define MEM_MAPPED                 0x00040000
#define MEM_TOP_DOWN               0x00100000
#define MEM_IMAGE                  0x01000000
#define SEC_IMAGE                  0x01000000
#define SEC_RESERVE                0x04000000
#define SEC_COMMIT                 0x08000000

/* The memory manager's 5-bit protection codes (VADs and software PTEs). */
#define MM_ZERO_ACCESS             0
#define MM_READONLY                1
#define MM_EXECUTE                 2
#define MM_EXECUTE_READ            3
#define MM_READWRITE               4
#define MM_WRITECOPY               5
#define MM_EXECUTE_READWRITE       6
#define MM_EXECUTE_WRITECOPY       7
#define MM_NOCACHE                 0x08
#define MM_GUARD_PAGE              0x10
#define MM_NOACCESS                0x18
#define MM_INVALID_PROTECTION      0xFFFFFFFFUL

#define SECTION_QUERY              0x0001
#define SECTION_MAP_WRITE          0x0002
#define SECTION_MAP_READ           0x0004
#define SECTION_MAP_EXECUTE        0x0008
#define SECTION_EXTEND_SIZE        0x0010
#define SECTION_ALL_ACCESS         0x000F001F

typedef enum _SECTION_INHERIT {
	ViewShare = 1,
	ViewUnmap = 2
} SECTION_INHERIT;

typedef enum _SECTION_INFORMATION_CLASS {
	SectionBasicInformation,
	SectionImageInformation
} SECTION_INFORMATION_CLASS;

typedef struct _SECTION_BASIC_INFORMATION {
	PVOID BaseAddress;
	ULONG AllocationAttributes;
	LARGE_INTEGER MaximumSize;
} SECTION_BASIC_INFORMATION, *PSECTION_BASIC_INFORMATION;

typedef struct _SECTION_IMAGE_INFORMATION {
	PVOID TransferAddress;
	ULONG ZeroBits;
	SIZE_T MaximumStackSize;
	SIZE_T CommittedStackSize;
	ULONG SubSystemType;
	USHORT SubSystemMinorVersion;
	USHORT SubSystemMajorVersion;
	ULONG GpValue;
	USHORT ImageCharacteristics;
	USHORT DllCharacteristics;
	USHORT Machine;
	BOOLEAN ImageContainsCode;
	BOOLEAN Spare1;
	ULONG LoaderFlags;
	ULONG ImageFileSize;
	ULONG Reserved[1];
} SECTION_IMAGE_INFORMATION, *PSECTION_IMAGE_INFORMATION;

#define IMAGE_SUBSYSTEM_NATIVE        1
#define IMAGE_SUBSYSTEM_WINDOWS_GUI   2
#define IMAGE_SUBSYSTEM_WINDOWS_CUI   3
#define IMAGE_FILE_EXECUTABLE_IMAGE   0x0002
#define IMAGE_FILE_32BIT_MACHINE      0x0100
#define IMAGE_FILE_DLL                0x2000
#define IMAGE_FILE_MACHINE_I386       0x014C

typedef enum _MEMORY_INFORMATION_CLASS {
	MemoryBasicInformation
} MEMORY_INFORMATION_CLASS;

typedef struct _MEMORY_BASIC_INFORMATION {
	PVOID BaseAddress;
	PVOID AllocationBase;
	ULONG AllocationProtect;
	SIZE_T RegionSize;
	ULONG State;
	ULONG Protect;
	ULONG Type;
} MEMORY_BASIC_INFORMATION, *PMEMORY_BASIC_INFORMATION;

/* Kernel side: a virtual address descriptor, one per reserved range or mapped view. */
typedef struct _MMVAD_FLAGS {
	ULONG CommitCharge : 19;
	ULONG PhysicalMapping : 1;
	ULONG ImageMap : 1;
	ULONG UserPhysicalPages : 1;
	ULONG NoChange : 1;
	ULONG WriteWatch : 1;
	ULONG Protection : 5;
	ULONG LargePages : 1;
	ULONG MemCommit : 1;
	ULONG PrivateMemory : 1;
} MMVAD_FLAGS;

/*
 * VADs form a binary search tree by address (Parent/LeftChild/RightChild, as NT's, but
 * unbalanced: a process has a handful). Page numbers are inclusive. A view holds a
 * reference on its section object.
 */
typedef struct _MMVAD {
	ULONG_PTR StartingVpn;
	ULONG_PTR EndingVpn;
	struct _MMVAD *Parent;
	struct _MMVAD *LeftChild;
	struct _MMVAD *RightChild;
	union {
		ULONG_PTR LongFlags;
		MMVAD_FLAGS VadFlags;
	} u;
	struct _SECTION *Section;
} MMVAD, *PMMVAD;

#define MI_VPN_TO_VA(Vpn)          ((ULONG_PTR)(Vpn) << PAGE_SHIFT)
#define MI_VPN_TO_VA_ENDING(Vpn)   (((ULONG_PTR)(Vpn) << PAGE_SHIFT) | (PAGE_SIZE - 1))
#define MI_VA_TO_VPN(Va)           ((ULONG_PTR)(Va) >> PAGE_SHIFT)

/* The VAD tree (mm/vadtree.c). */
VOID MiInsertVad(PMMVAD *Root, PMMVAD Vad);
VOID MiRemoveVad(PMMVAD *Root, PMMVAD Vad);
PMMVAD MiLocateAddress(PMMVAD Root, ULONG_PTR VirtualAddress);
PMMVAD MiCheckForConflictingVad(PMMVAD Root, ULONG_PTR StartingAddress, ULONG_PTR EndingAddress);
PMMVAD MiGetFirstVad(PMMVAD Root);
PMMVAD MiGetNextVad(PMMVAD Vad);
PMMVAD MiGetPreviousVad(PMMVAD Vad);
NTSTATUS MiFindEmptyAddressRange(PMMVAD Root, SIZE_T SizeOfRange, ULONG_PTR Alignment,
                                 PULONG_PTR Base);
NTSTATUS MiFindEmptyAddressRangeDownTree(PMMVAD Root, SIZE_T SizeOfRange,
                                         ULONG_PTR HighestAddress, ULONG_PTR Alignment,
                                         PULONG_PTR Base);

#endif
