/*
 * procsup.c — process address spaces: creation (the kernel half shared with the system
 * page directory, SharedUserData read-only at 0x7FFE0000), the executable's view, the
 * PEB and TEBs (one committed page each, top-down below the VAD limit, written while
 * attached to the process), thread stacks, and teardown at exit and at deletion.
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <rtl.h>

#define MiLockAddressSpace(Process)          ExpDisableInterrupts()
#define MiUnlockAddressSpace(Process, State) __writeeflags(State)

/* Create an address space; return its page directory's physical address. */
NTSTATUS MmCreateProcessAddressSpace(ULONG MinimumWorkingSetSize, PEPROCESS Process,
                                     PULONG_PTR DirectoryTableBase)
{
	PFN_NUMBER Pfn = MiAllocatePhysicalPage();
	PULONG Pd, SystemPd = MiPhysicalToVirtual(MmSystemPageDirectory);
	ULONG Half = MM_SYSTEM_RANGE_START >> PDE_SHIFT;
	NTSTATUS Status;

	if (!Pfn)
		return STATUS_NO_MEMORY;
	Pd = MiPfnToVirtual(Pfn);
	RtlCopyMemory(Pd + Half, SystemPd + Half, (PTE_PER_PAGE - Half) * sizeof(ULONG));
	Status = MiMapPage(Pfn << PAGE_SHIFT, MM_SHARED_USER_DATA_VA, MmSharedUserDataPfn,
	                   PAGE_READONLY);
	if (!NT_SUCCESS(Status)) {
		MiDeleteUserPages(Pfn << PAGE_SHIFT);
		MiFreePhysicalPage(Pfn);
		return Status;
	}
	*DirectoryTableBase = Pfn << PAGE_SHIFT;
	return STATUS_SUCCESS;
}

/*
 * Map the executable's section (if any) at its base, naming the process after the file.
 * Cloning a parent's address space (POSIX fork) is not supported.
 */
NTSTATUS MmInitializeProcessAddressSpace(PEPROCESS Process, PEPROCESS ProcessToClone,
                                         PVOID SectionToMap)
{
	PVOID Base = NULL;
	SIZE_T ViewSize = 0;
	NTSTATUS Status;

	if (ProcessToClone)
		return STATUS_NOT_SUPPORTED;
	if (!SectionToMap)
		return STATUS_SUCCESS;
	MmGetImageFileName(SectionToMap, Process->ImageFileName, sizeof(Process->ImageFileName));
	Status = MmMapViewOfSection(SectionToMap, Process, &Base, 0, 0, NULL, &ViewSize, ViewShare,
	                            0, PAGE_READWRITE);
	if (NT_SUCCESS(Status))
		Process->SectionBaseAddress = Base;
	return Status;
}

/* Free every VAD (views release their sections) and every user page and page table. */
VOID MmCleanProcessAddressSpace(PEPROCESS Process)
{
	ULONG_PTR Dtb = Process->Pcb.DirectoryTableBase[0];

	if (!Dtb || Dtb == MmSystemPageDirectory)
		return;
	while (Process->VadRoot)
		MiDeleteVad(Process, Process->VadRoot);
	MiDeleteUserPages(Dtb);
	if (__readcr3() == Dtb)
		__writecr3(Dtb);
}

/* Free what is left of an address space and its page directory (the object is going). */
VOID MmDeleteProcessAddressSpace(PEPROCESS Process)
{
	ULONG_PTR Dtb = Process->Pcb.DirectoryTableBase[0];

	if (!Dtb || Dtb == MmSystemPageDirectory)
		return;
	MmCleanProcessAddressSpace(Process);
	MiFreePhysicalPage(Dtb >> PAGE_SHIFT);
	Process->Pcb.DirectoryTableBase[0] = 0;
}

/* Commit Size bytes for a PEB or TEB, top-down below MM_HIGHEST_VAD_ADDRESS; *Base: where. */
static NTSTATUS MiCreatePebOrTeb(PEPROCESS Process, SIZE_T Size, PULONG_PTR Base)
{
	ULONG State = MiLockAddressSpace(Process);
	PMMVAD Vad;
	NTSTATUS Status;

	Size = PAGE_ROUND_UP(Size);
	Status = MiFindEmptyAddressRangeDownTree(Process->VadRoot, Size, MM_HIGHEST_VAD_ADDRESS,
	                                         PAGE_SIZE, Base);
	if (NT_SUCCESS(Status))
		Status = MiReserveVirtualMemory(Process, Base, Size, TRUE, MM_READWRITE, &Vad);
	if (NT_SUCCESS(Status))
		Status = MiCommitPages(Process, *Base, *Base + Size, MM_READWRITE);
	MiUnlockAddressSpace(Process, State);
	return Status;
}

/* Copy Length bytes to Va in Process, attached (the tracer sees the switch). */
static NTSTATUS MiWriteAttached(PEPROCESS Process, ULONG_PTR Va, const VOID *Buffer, ULONG Length)
{
	KAPC_STATE ApcState;
	NTSTATUS Status;

	KeStackAttachProcess(&Process->Pcb, &ApcState);
	Status = MiSafeCopyMemory((PVOID)Va, Buffer, Length);
	KeUnstackDetachProcess(&ApcState);
	return Status;
}

/* The initial contents of a PEB: image base, OS version, the image's subsystem. */
static VOID MiInitializePeb(PEPROCESS Process, PINITIAL_PEB InitialPeb, ULONG_PTR Base, PPEB Peb)
{
	PSECTION Section = Process->SectionObject;

	RtlZeroMemory(Peb, sizeof(*Peb));
	RtlCopyMemory(Peb, InitialPeb, sizeof(*InitialPeb));
	Peb->ImageBaseAddress = Process->SectionBaseAddress;
	Peb->NumberOfProcessors = 1;
	Peb->CriticalSectionTimeout.QuadPart = -2592000LL * 10000000LL;
	Peb->HeapSegmentReserve = 0x100000;
	Peb->HeapSegmentCommit = 0x2000;
	Peb->HeapDeCommitTotalFreeThreshold = 0x10000;
	Peb->HeapDeCommitFreeBlockThreshold = 0x1000;
	Peb->MaximumNumberOfHeaps = (PAGE_SIZE - sizeof(PEB)) / sizeof(PVOID);
	Peb->ProcessHeaps = (PVOID)(Base + sizeof(PEB));
	Peb->OSMajorVersion = SharedUserData->NtMajorVersion;
	Peb->OSMinorVersion = SharedUserData->NtMinorVersion;
	Peb->OSBuildNumber = 2600;
	Peb->OSPlatformId = 2;
	if (!Section)
		return;
	Peb->ImageSubsystem = Section->Segment->ImageInformation.SubSystemType;
	Peb->ImageSubsystemMajorVersion = Section->Segment->ImageInformation.SubSystemMajorVersion;
	Peb->ImageSubsystemMinorVersion = Section->Segment->ImageInformation.SubSystemMinorVersion;
}

/* Create the PEB of a new process (the first page-sized slot below the VAD limit). */
NTSTATUS MmCreatePeb(PEPROCESS TargetProcess, PINITIAL_PEB InitialPeb, PPEB *Base)
{
	ULONG_PTR Va;
	PEB Peb;
	NTSTATUS Status;

	Status = MiCreatePebOrTeb(TargetProcess, sizeof(PEB), &Va);
	if (!NT_SUCCESS(Status))
		return Status;
	MiInitializePeb(TargetProcess, InitialPeb, Va, &Peb);
	Status = MiWriteAttached(TargetProcess, Va, &Peb, sizeof(Peb));
	if (NT_SUCCESS(Status))
		*Base = (PPEB)Va;
	return Status;
}

/*
 * Create a thread's TEB (the next free page down) for the stack InitialTeb describes
 * (OldStackBase/Limit: a fixed stack the creator already had) and the client id.
 */
NTSTATUS MmCreateTeb(PEPROCESS Process, PINITIAL_TEB InitialTeb, PCLIENT_ID ClientId, PTEB *Teb)
{
	BOOLEAN Fixed = InitialTeb->OldStackBase != NULL;
	TEB InitialTebData = { 0 };
	ULONG_PTR Va;
	NTSTATUS Status;

	Status = MiCreatePebOrTeb(Process, sizeof(TEB), &Va);
	if (!NT_SUCCESS(Status))
		return Status;
	InitialTebData.NtTib.ExceptionList = (PEXCEPTION_REGISTRATION_RECORD)EXCEPTION_CHAIN_END;
	InitialTebData.NtTib.StackBase = Fixed ? InitialTeb->OldStackBase : InitialTeb->StackBase;
	InitialTebData.NtTib.StackLimit = Fixed ? InitialTeb->OldStackLimit : InitialTeb->StackLimit;
	InitialTebData.NtTib.FiberData = (PVOID)(30 << 8);
	InitialTebData.NtTib.Self = (PNT_TIB)Va;
	InitialTebData.ClientId = *ClientId;
	InitialTebData.ProcessEnvironmentBlock = Process->Peb;
	Status = MiWriteAttached(Process, Va, &InitialTebData, sizeof(InitialTebData));
	if (NT_SUCCESS(Status))
		*Teb = (PTEB)Va;
	return Status;
}

/* Free a thread's TEB. */
VOID MmDeleteTeb(PEPROCESS Process, PTEB Teb)
{
	ULONG State = MiLockAddressSpace(Process);
	PMMVAD Vad = MiLocateAddress(Process->VadRoot, (ULONG_PTR)Teb);

	MiUnlockAddressSpace(Process, State);
	if (Vad && !Vad->Section)
		MiDeleteVad(Process, Vad);
}

/*
 * Reserve a thread stack of the image's MaximumStackSize, committed (demand-zero, so it
 * costs only the pages touched); return its base (highest address) and limit.
 */
NTSTATUS MmCreateUserStack(PEPROCESS Process, PVOID *StackBase, PVOID *StackLimit)
{
	PSECTION Section = Process->SectionObject;
	SIZE_T Size = Section ? Section->Segment->ImageInformation.MaximumStackSize
	                      : MM_DEFAULT_STACK_RESERVE;
	ULONG State = MiLockAddressSpace(Process);
	ULONG_PTR Base = 0;
	PMMVAD Vad;
	NTSTATUS Status;

	Status = MiReserveVirtualMemory(Process, &Base, Size, FALSE, MM_READWRITE, &Vad);
	if (NT_SUCCESS(Status))
		Status = MiCommitPages(Process, Base, Base + Size, MM_READWRITE);
	MiUnlockAddressSpace(Process, State);
	*StackBase = (PVOID)(Base + Size);
	*StackLimit = (PVOID)Base;
	return Status;
}
