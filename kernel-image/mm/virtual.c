/*
 * virtual.c — private virtual memory. Reserving makes a VAD (64 KB-aligned unless placed
 * by the caller); committing writes demand-zero PTEs, so a page costs nothing until the
 * first touch (pagefault.c); decommitting frees pages back to plain reservations.
 * NtAllocateVirtualMemory, NtFreeVirtualMemory, NtProtectVirtualMemory and
 * NtQueryVirtualMemory work on any process the handle grants PROCESS_VM_OPERATION on.
 * Address-space updates run with interrupts off (faults do too: interrupt gates).
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <ntapi.h>
#include <rtl.h>

#define TAG_VAD ' daV'
#define MiLockAddressSpace(Process)          ExpDisableInterrupts()
#define MiUnlockAddressSpace(Process, State) __writeeflags(State)

/* The MM_* protection of a PAGE_* value, or MM_INVALID_PROTECTION. */
ULONG MiMakeProtectionMask(ULONG Win32Protect)
{
	static const UCHAR Base[8] = { MM_NOACCESS, MM_READONLY, MM_READWRITE, MM_WRITECOPY,
	                               MM_EXECUTE, MM_EXECUTE_READ, MM_EXECUTE_READWRITE,
	                               MM_EXECUTE_WRITECOPY };
	ULONG Low = Win32Protect & 0xFF, Index = 0;

	if (!Low || (Low & (Low - 1)) || (Win32Protect & ~0x3FFUL))
		return MM_INVALID_PROTECTION;
	while (!(Low & 1))
		Low >>= 1, Index++;
	if (Index == 0 && (Win32Protect & (PAGE_GUARD | PAGE_NOCACHE)))
		return MM_INVALID_PROTECTION;
	return Base[Index] | (Win32Protect & PAGE_GUARD ? MM_GUARD_PAGE : 0) |
	       (Win32Protect & PAGE_NOCACHE ? MM_NOCACHE : 0);
}

/* The PAGE_* value of an MM_* protection. */
static ULONG MiProtectionToWin32(ULONG Protection)
{
	static const USHORT Base[8] = { PAGE_NOACCESS, PAGE_READONLY, PAGE_EXECUTE,
	                                PAGE_EXECUTE_READ, PAGE_READWRITE, PAGE_WRITECOPY,
	                                PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY };

	if ((Protection & MM_NOACCESS) == MM_NOACCESS)
		return PAGE_NOACCESS;
	return Base[Protection & 7] | (Protection & MM_GUARD_PAGE ? PAGE_GUARD : 0) |
	       (Protection & MM_NOCACHE ? PAGE_NOCACHE : 0);
}

/*
 * Reserve Size bytes for a new VAD: at *Base if not 0 (else the lowest or, TopDown, the
 * highest 64 KB-aligned free range). Protection is the VAD's. Address-space lock held.
 */
NTSTATUS MiReserveVirtualMemory(PEPROCESS Process, PULONG_PTR Base, SIZE_T Size, BOOLEAN TopDown,
                                ULONG Protection, PMMVAD *VadOut)
{
	NTSTATUS Status = STATUS_SUCCESS;
	PMMVAD Vad;

	if (*Base && MiCheckForConflictingVad(Process->VadRoot, *Base, *Base + Size - 1))
		return STATUS_CONFLICTING_ADDRESSES;
	if (!*Base)
		Status = TopDown ? MiFindEmptyAddressRangeDownTree(Process->VadRoot, Size,
		                       MM_HIGHEST_VAD_ADDRESS, MM_ALLOCATION_GRANULARITY, Base)
		                 : MiFindEmptyAddressRange(Process->VadRoot, Size,
		                       MM_ALLOCATION_GRANULARITY, Base);
	if (!NT_SUCCESS(Status))
		return Status;
	Vad = ExAllocatePoolWithTag(NonPagedPool, sizeof(MMVAD), TAG_VAD);
	if (!Vad)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlZeroMemory(Vad, sizeof(*Vad));
	Vad->StartingVpn = MI_VA_TO_VPN(*Base);
	Vad->EndingVpn = MI_VA_TO_VPN(*Base + Size - 1);
	Vad->u.VadFlags.PrivateMemory = 1;
	Vad->u.VadFlags.Protection = Protection;
	MiInsertVad(&Process->VadRoot, Vad);
	*VadOut = Vad;
	return STATUS_SUCCESS;
}

/*
 * Commit the pages of [Start, End) with an MM_* protection: untouched ones become
 * demand-zero PTEs; pages already present keep their contents. Address-space lock held.
 */
NTSTATUS MiCommitPages(PEPROCESS Process, ULONG_PTR Start, ULONG_PTR End, ULONG Protection)
{
	ULONG_PTR Dtb = Process->Pcb.DirectoryTableBase[0], Va;
	PULONG Pte;
	NTSTATUS Status = STATUS_SUCCESS;

	for (Va = Start; Va < End && NT_SUCCESS(Status); Va += PAGE_SIZE) {
		Pte = MiGetPte(Dtb, Va);
		if (!Pte || !(*Pte & PTE_VALID))
			Status = MiWritePte(Dtb, Va, MiMakeDemandZeroPte(Protection));
	}
	return Status;
}

/* Unmap [Start, End): free private pages (section pages stay the section's). Lock held. */
static VOID MiDecommitPages(PEPROCESS Process, ULONG_PTR Start, ULONG_PTR End)
{
	ULONG_PTR Dtb = Process->Pcb.DirectoryTableBase[0], Va;
	PULONG Pte;

	for (Va = Start; Va < End; Va += PAGE_SIZE) {
		Pte = MiGetPte(Dtb, Va);
		if (!Pte || !*Pte)
			continue;
		if ((*Pte & PTE_VALID) && !(*Pte & PTE_PROTOTYPE))
			MiFreePhysicalPage(*Pte >> PAGE_SHIFT);
		MiWritePte(Dtb, Va, 0);
	}
}

/* Unmap a VAD's pages and take it out of the tree. Address-space lock held. */
static VOID MiUnlinkVad(PEPROCESS Process, PMMVAD Vad)
{
	MiDecommitPages(Process, MI_VPN_TO_VA(Vad->StartingVpn), MI_VPN_TO_VA(Vad->EndingVpn + 1));
	MiRemoveVad(&Process->VadRoot, Vad);
}

/* Free an unlinked VAD; a view drops its section reference. */
static VOID MiFreeVad(PMMVAD Vad)
{
	PSECTION Section = Vad->Section;

	ExFreePoolWithTag(Vad, TAG_VAD);
	if (Section)
		ObDereferenceObject(Section);
}

/* Remove a VAD with its pages. */
VOID MiDeleteVad(PEPROCESS Process, PMMVAD Vad)
{
	ULONG State = MiLockAddressSpace(Process);

	MiUnlinkVad(Process, Vad);
	MiUnlockAddressSpace(Process, State);
	MiFreeVad(Vad);
}

/*
 * Reserve and/or commit [*Base, *Base+*Size) in Process; page-rounds both. A reservation
 * made here is undone when its commit fails.
 */
static NTSTATUS MiAllocateVirtualMemory(PEPROCESS Process, PULONG_PTR Base, PSIZE_T Size,
                                        ULONG AllocationType, ULONG Protection)
{
	ULONG_PTR Start = PAGE_ROUND_DOWN(*Base), End = PAGE_ROUND_UP(*Base + *Size), Length;
	BOOLEAN Reserve = !*Base || (AllocationType & MEM_RESERVE);
	ULONG State = MiLockAddressSpace(Process);
	PMMVAD Vad = NULL;
	NTSTATUS Status = STATUS_SUCCESS;

	if (Reserve) {
		Start = *Base & ~(MM_ALLOCATION_GRANULARITY - 1);
		Length = End - Start;
		Status = MiReserveVirtualMemory(Process, &Start, Length,
		                                (AllocationType & MEM_TOP_DOWN) != 0, Protection, &Vad);
		End = Start + Length;
	} else {
		Vad = MiLocateAddress(Process->VadRoot, Start);
		if (!Vad || Vad->Section || End - 1 > MI_VPN_TO_VA_ENDING(Vad->EndingVpn))
			Status = STATUS_CONFLICTING_ADDRESSES;
	}
	if (NT_SUCCESS(Status) && (AllocationType & MEM_COMMIT))
		Status = MiCommitPages(Process, Start, End, Protection);
	if (!NT_SUCCESS(Status) && Reserve && Vad)
		MiUnlinkVad(Process, Vad);
	MiUnlockAddressSpace(Process, State);
	if (!NT_SUCCESS(Status) && Reserve && Vad)
		MiFreeVad(Vad);
	*Base = Start;
	*Size = End - Start;
	return Status;
}

/* Validate NtAllocateVirtualMemory's arguments; *Protection gets the MM_* value. */
static NTSTATUS MiCheckAllocateArguments(ULONG_PTR Base, SIZE_T Size, ULONG ZeroBits,
                                         ULONG AllocationType, ULONG Protect, PULONG Protection)
{
	if (ZeroBits > 21)
		return STATUS_INVALID_PARAMETER_3;
	if (!Size || Size > MM_HIGHEST_VAD_ADDRESS || (Base && Size > MM_HIGHEST_VAD_ADDRESS + 1 - Base))
		return STATUS_INVALID_PARAMETER_4;
	if (!(AllocationType & (MEM_COMMIT | MEM_RESERVE)) ||
	    (AllocationType & ~(MEM_COMMIT | MEM_RESERVE | MEM_TOP_DOWN)))
		return STATUS_INVALID_PARAMETER_5;
	*Protection = MiMakeProtectionMask(Protect);
	if (*Protection == MM_INVALID_PROTECTION || (*Protection & 7) == MM_WRITECOPY ||
	    (*Protection & 7) == MM_EXECUTE_WRITECOPY)
		return STATUS_INVALID_PAGE_PROTECTION;
	if (Base && (Base < MM_LOWEST_USER_ADDRESS || Base > MM_HIGHEST_VAD_ADDRESS))
		return STATUS_INVALID_PARAMETER_2;
	return STATUS_SUCCESS;
}

/*
 * Reserve (MEM_RESERVE; *BaseAddress NULL: anywhere) and/or commit (MEM_COMMIT) memory in
 * a process. Committed pages are demand-zero. *BaseAddress and *RegionSize return the
 * rounded range.
 */
NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG ZeroBits,
                                       PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	ULONG_PTR Base;
	SIZE_T Size;
	ULONG Protection;
	PEPROCESS Process;
	NTSTATUS Status;

	Status = MmCopyFromCaller(&Base, BaseAddress, sizeof(Base));
	if (NT_SUCCESS(Status))
		Status = MmCopyFromCaller(&Size, RegionSize, sizeof(Size));
	if (NT_SUCCESS(Status))
		Status = MiCheckAllocateArguments(Base, Size, ZeroBits, AllocationType, Protect,
		                                  &Protection);
	if (NT_SUCCESS(Status))
		Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_VM_OPERATION, PsProcessType,
		                                   PreviousMode, (PVOID *)&Process, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = MiAllocateVirtualMemory(Process, &Base, &Size, AllocationType, Protection);
	ObDereferenceObject(Process);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(BaseAddress, &Base, sizeof(Base));
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(RegionSize, &Size, sizeof(Size));
	return Status;
}

/*
 * Release a whole private VAD (MEM_RELEASE: Base its start, Size 0 or its size) or
 * decommit pages inside one (MEM_DECOMMIT: Size 0 means to its end).
 */
static NTSTATUS MiFreeVirtualMemory(PEPROCESS Process, PULONG_PTR Base, PSIZE_T Size,
                                    ULONG FreeType)
{
	ULONG State = MiLockAddressSpace(Process);
	PMMVAD Vad = MiLocateAddress(Process->VadRoot, *Base);
	ULONG_PTR Start = PAGE_ROUND_DOWN(*Base), End;
	NTSTATUS Status = STATUS_SUCCESS;

	if (!Vad)
		Status = STATUS_MEMORY_NOT_ALLOCATED;
	else if (Vad->Section)
		Status = STATUS_UNABLE_TO_DELETE_SECTION;
	End = !NT_SUCCESS(Status) ? 0 : *Size ? PAGE_ROUND_UP(*Base + *Size) :
	      MI_VPN_TO_VA(Vad->EndingVpn + 1);
	if (NT_SUCCESS(Status) && End - 1 > MI_VPN_TO_VA_ENDING(Vad->EndingVpn))
		Status = STATUS_UNABLE_TO_FREE_VM;
	if (NT_SUCCESS(Status) && (FreeType & MEM_RELEASE) &&
	    (Start != MI_VPN_TO_VA(Vad->StartingVpn) || End != MI_VPN_TO_VA(Vad->EndingVpn + 1)))
		Status = Start != MI_VPN_TO_VA(Vad->StartingVpn) ? STATUS_FREE_VM_NOT_AT_BASE
		                                                 : STATUS_UNABLE_TO_FREE_VM;
	if (NT_SUCCESS(Status) && (FreeType & MEM_DECOMMIT))
		MiDecommitPages(Process, Start, End);
	if (NT_SUCCESS(Status) && (FreeType & MEM_RELEASE))
		MiUnlinkVad(Process, Vad);
	MiUnlockAddressSpace(Process, State);
	if (NT_SUCCESS(Status) && (FreeType & MEM_RELEASE))
		MiFreeVad(Vad);
	*Base = Start;
	*Size = End - Start;
	return Status;
}

/* Release or decommit private memory of a process (MEM_RELEASE or MEM_DECOMMIT). */
NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                                   ULONG FreeType)
{
	ULONG_PTR Base;
	SIZE_T Size;
	PEPROCESS Process;
	NTSTATUS Status;

	if (FreeType != MEM_RELEASE && FreeType != MEM_DECOMMIT)
		return STATUS_INVALID_PARAMETER_4;
	Status = MmCopyFromCaller(&Base, BaseAddress, sizeof(Base));
	if (NT_SUCCESS(Status))
		Status = MmCopyFromCaller(&Size, RegionSize, sizeof(Size));
	if (NT_SUCCESS(Status))
		Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_VM_OPERATION, PsProcessType,
		                                   KeGetPreviousMode(), (PVOID *)&Process, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = MiFreeVirtualMemory(Process, &Base, &Size, FreeType);
	ObDereferenceObject(Process);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(BaseAddress, &Base, sizeof(Base));
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(RegionSize, &Size, sizeof(Size));
	return Status;
}

/* The MM_* protection of one committed page's PTE, or 0 when it is not committed. */
static ULONG MiGetPageProtection(ULONG Pte, PMMVAD Vad)
{
	if (!(Pte & PTE_VALID))
		return MiGetPteProtection(Pte);
	if (Pte & PTE_WRITE)
		return Vad->u.VadFlags.Protection & 2 ? MM_EXECUTE_READWRITE : MM_READWRITE;
	if (Pte & PTE_COPY_ON_WRITE)
		return Vad->u.VadFlags.Protection & 2 ? MM_EXECUTE_WRITECOPY : MM_WRITECOPY;
	return Vad->u.VadFlags.Protection & 2 ? MM_EXECUTE_READ : MM_READONLY;
}

/* Give committed pages [Start, End) of a private VAD a new protection; *Old: the first's. */
static NTSTATUS MiProtectPages(PEPROCESS Process, PMMVAD Vad, ULONG_PTR Start, ULONG_PTR End,
                               ULONG Protection, PULONG Old)
{
	ULONG_PTR Dtb = Process->Pcb.DirectoryTableBase[0], Va;
	PULONG Pte;

	for (Va = Start; Va < End; Va += PAGE_SIZE) {
		Pte = MiGetPte(Dtb, Va);
		if (!Pte || !*Pte)
			return STATUS_NOT_COMMITTED;
		if ((*Pte & PTE_VALID) && ((Protection & MM_GUARD_PAGE) || !(Protection & 7)))
			return STATUS_INVALID_PAGE_PROTECTION;
	}
	*Old = MiGetPageProtection(*MiGetPte(Dtb, Start), Vad);
	for (Va = Start; Va < End; Va += PAGE_SIZE) {
		Pte = MiGetPte(Dtb, Va);
		MiWritePte(Dtb, Va, (*Pte & PTE_VALID) ? MiMakeValidPte(*Pte >> PAGE_SHIFT, Protection)
		                                       : MiMakeDemandZeroPte(Protection));
	}
	return STATUS_SUCCESS;
}

/*
 * Change the protection of committed private pages (no-access and guard protections only
 * for pages not yet touched: a present page can only be mapped readable).
 */
static NTSTATUS MiProtectVirtualMemory(PEPROCESS Process, PULONG_PTR Base, PSIZE_T Size,
                                       ULONG Protection, PULONG Old)
{
	ULONG_PTR Start = PAGE_ROUND_DOWN(*Base), End = PAGE_ROUND_UP(*Base + *Size);
	ULONG State = MiLockAddressSpace(Process);
	PMMVAD Vad = MiLocateAddress(Process->VadRoot, Start);
	NTSTATUS Status;

	if (!Vad || End - 1 > MI_VPN_TO_VA_ENDING(Vad->EndingVpn))
		Status = STATUS_CONFLICTING_ADDRESSES;
	else if (Vad->Section || (Protection & 7) == MM_WRITECOPY ||
	         (Protection & 7) == MM_EXECUTE_WRITECOPY)
		Status = STATUS_INVALID_PAGE_PROTECTION;
	else
		Status = MiProtectPages(Process, Vad, Start, End, Protection, Old);
	MiUnlockAddressSpace(Process, State);
	*Base = Start;
	*Size = End - Start;
	return Status;
}

/* Change the protection of committed private memory; *OldAccessProtection: the previous one. */
NTSTATUS NTAPI NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                      PSIZE_T NumberOfBytesToProtect, ULONG NewAccessProtection,
                                      PULONG OldAccessProtection)
{
	ULONG Protection = MiMakeProtectionMask(NewAccessProtection), Old = 0;
	ULONG_PTR Base;
	SIZE_T Size;
	PEPROCESS Process;
	NTSTATUS Status = STATUS_INVALID_PAGE_PROTECTION;

	if (Protection != MM_INVALID_PROTECTION)
		Status = MmCopyFromCaller(&Base, BaseAddress, sizeof(Base));
	if (NT_SUCCESS(Status))
		Status = MmCopyFromCaller(&Size, NumberOfBytesToProtect, sizeof(Size));
	if (NT_SUCCESS(Status))
		Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_VM_OPERATION, PsProcessType,
		                                   KeGetPreviousMode(), (PVOID *)&Process, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = MiProtectVirtualMemory(Process, &Base, &Size, Protection, &Old);
	ObDereferenceObject(Process);
	Old = MiProtectionToWin32(Old);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(OldAccessProtection, &Old, sizeof(Old));
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(BaseAddress, &Base, sizeof(Base));
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(NumberOfBytesToProtect, &Size, sizeof(Size));
	return Status;
}

/* Describe the run of pages from Va with the same state and protection as Va's page. */
static VOID MiQueryRegion(PEPROCESS Process, PMMVAD Vad, ULONG_PTR Va,
                          PMEMORY_BASIC_INFORMATION Info)
{
	ULONG_PTR Dtb = Process->Pcb.DirectoryTableBase[0], End = MI_VPN_TO_VA(Vad->EndingVpn + 1);
	PULONG Pte = MiGetPte(Dtb, Va);
	ULONG First = Pte ? *Pte : 0, Protection = First ? MiGetPageProtection(First, Vad) : 0;
	ULONG_PTR Next;

	for (Next = Va + PAGE_SIZE; Next < End; Next += PAGE_SIZE) {
		Pte = MiGetPte(Dtb, Next);
		if ((Pte ? !!*Pte : 0) != !!First ||
		    (First && MiGetPageProtection(*Pte, Vad) != Protection))
			break;
	}
	Info->AllocationBase = (PVOID)MI_VPN_TO_VA(Vad->StartingVpn);
	Info->AllocationProtect = MiProtectionToWin32(Vad->u.VadFlags.Protection);
	Info->RegionSize = Next - Va;
	Info->State = First ? MEM_COMMIT : MEM_RESERVE;
	Info->Protect = First ? MiProtectionToWin32(Protection) : 0;
	Info->Type = Vad->Section ? MEM_IMAGE : MEM_PRIVATE;
}

/* Fill a MEMORY_BASIC_INFORMATION for the page at Va: free, reserved or committed. */
static VOID MiQueryVirtualMemory(PEPROCESS Process, ULONG_PTR Va, PMEMORY_BASIC_INFORMATION Info)
{
	ULONG State = MiLockAddressSpace(Process);
	PMMVAD Vad = MiLocateAddress(Process->VadRoot, Va), Next;

	RtlZeroMemory(Info, sizeof(*Info));
	Info->BaseAddress = (PVOID)PAGE_ROUND_DOWN(Va);
	if (Vad) {
		MiQueryRegion(Process, Vad, PAGE_ROUND_DOWN(Va), Info);
	} else {
		for (Next = MiGetFirstVad(Process->VadRoot);
		     Next && MI_VPN_TO_VA(Next->StartingVpn) < Va; Next = MiGetNextVad(Next))
			;
		Info->State = MEM_FREE;
		Info->Protect = PAGE_NOACCESS;
		Info->RegionSize = (Next ? MI_VPN_TO_VA(Next->StartingVpn) : MM_HIGHEST_VAD_ADDRESS + 1) -
		                   PAGE_ROUND_DOWN(Va);
	}
	MiUnlockAddressSpace(Process, State);
}

/* MemoryBasicInformation about the region holding BaseAddress in a process. */
NTSTATUS NTAPI NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
                                    MEMORY_INFORMATION_CLASS MemoryInformationClass,
                                    PVOID MemoryInformation, SIZE_T MemoryInformationLength,
                                    PSIZE_T ReturnLength)
{
	MEMORY_BASIC_INFORMATION Info;
	SIZE_T Length = sizeof(Info);
	PEPROCESS Process;
	NTSTATUS Status;

	if (MemoryInformationClass != MemoryBasicInformation)
		return STATUS_INVALID_INFO_CLASS;
	if (MemoryInformationLength < sizeof(Info))
		return STATUS_INFO_LENGTH_MISMATCH;
	if ((ULONG_PTR)BaseAddress > MM_HIGHEST_VAD_ADDRESS)
		return STATUS_INVALID_PARAMETER_2;
	Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_QUERY_INFORMATION, PsProcessType,
	                                   KeGetPreviousMode(), (PVOID *)&Process, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	MiQueryVirtualMemory(Process, (ULONG_PTR)BaseAddress, &Info);
	ObDereferenceObject(Process);
	Status = MmCopyToCaller(MemoryInformation, &Info, sizeof(Info));
	if (NT_SUCCESS(Status) && ReturnLength)
		Status = MmCopyToCaller(ReturnLength, &Length, sizeof(Length));
	return Status;
}
