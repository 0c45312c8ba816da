/*
 * procsup.c — process support: address spaces (the kernel half shared with the system
 * page directory, SharedUserData read-only at 0x7FFE0000), the PEB, TEBs and the initial
 * user stack.
 */
#include <internal/mm.h>
#include <rtl.h>

/* Create an address space; return its page directory's physical address. */
NTSTATUS MmCreateProcessAddressSpace(PULONG_PTR DirectoryTableBase)
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

/* Free a process's user pages, page tables and page directory. */
VOID MmDeleteProcessAddressSpace(PEPROCESS Process)
{
	ULONG_PTR DirectoryTableBase = Process->Pcb.DirectoryTableBase[0];

	MiDeleteUserPages(DirectoryTableBase);
	MiFreePhysicalPage(DirectoryTableBase >> PAGE_SHIFT);
}

/* Copy Buffer to Va in Process through the kernel mapping of its (present) pages. */
NTSTATUS MmWriteProcessMemory(PEPROCESS Process, ULONG_PTR Va, const VOID *Buffer, ULONG Length)
{
	const UCHAR *Source = Buffer;
	ULONG Chunk;
	PULONG Pte;

	while (Length) {
		Pte = MiGetPte(Process->Pcb.DirectoryTableBase[0], Va);
		if (Va >= MM_SYSTEM_RANGE_START || !Pte || !(*Pte & PTE_VALID))
			return STATUS_ACCESS_VIOLATION;
		Chunk = PAGE_SIZE - (Va & (PAGE_SIZE - 1));
		if (Chunk > Length)
			Chunk = Length;
		RtlCopyMemory(MiPhysicalToVirtual((*Pte & ~(PAGE_SIZE - 1)) | (Va & (PAGE_SIZE - 1))),
		              Source, Chunk);
		Va += Chunk, Source += Chunk, Length -= Chunk;
	}
	return STATUS_SUCCESS;
}

/* Create the PEB at MM_PEB_ADDRESS. */
NTSTATUS MmCreatePeb(PEPROCESS Process, PVOID ImageBase, PPEB *Peb)
{
	PEB InitialPeb = { 0 };
	NTSTATUS Status;

	Status = MiAllocateUserPages(Process->Pcb.DirectoryTableBase[0], MM_PEB_ADDRESS, PAGE_SIZE,
	                             PAGE_READWRITE);
	if (!NT_SUCCESS(Status))
		return Status;
	InitialPeb.Mutant = (HANDLE)-1;
	InitialPeb.ImageBaseAddress = ImageBase;
	InitialPeb.NumberOfProcessors = 1;
	InitialPeb.MaximumNumberOfHeaps = (PAGE_SIZE - sizeof(PEB)) / sizeof(PVOID);
	InitialPeb.ProcessHeaps = (PVOID)(MM_PEB_ADDRESS + sizeof(PEB));
	InitialPeb.OSMajorVersion = 5;
	InitialPeb.OSMinorVersion = 1;
	InitialPeb.OSBuildNumber = 2600;
	InitialPeb.OSPlatformId = 2;
	InitialPeb.ImageSubsystem = 1;
	*Peb = (PPEB)MM_PEB_ADDRESS;
	return MmWriteProcessMemory(Process, MM_PEB_ADDRESS, &InitialPeb, sizeof(InitialPeb));
}

/* The highest free page below the PEB for a new TEB, or 0. */
static ULONG_PTR MiFindTebAddress(PEPROCESS Process)
{
	ULONG_PTR Va;
	PULONG Pte;

	for (Va = MM_TEB_ADDRESS; Va >= MM_TEB_ADDRESS - MM_TEB_LIMIT; Va -= PAGE_SIZE) {
		Pte = MiGetPte(Process->Pcb.DirectoryTableBase[0], Va);
		if (!Pte || !(*Pte & PTE_VALID))
			return Va;
	}
	return 0;
}

/* Create a thread's TEB in the first free page below the PEB, with InitialTeb's stack. */
NTSTATUS MmCreateTeb(PEPROCESS Process, PINITIAL_TEB InitialTeb, PCLIENT_ID ClientId, PTEB *Teb)
{
	ULONG_PTR Va = MiFindTebAddress(Process);
	TEB InitialTebData = { 0 };
	NTSTATUS Status;

	if (!Va)
		return STATUS_NO_MEMORY;
	Status = MiAllocateUserPages(Process->Pcb.DirectoryTableBase[0], Va, PAGE_SIZE, PAGE_READWRITE);
	if (!NT_SUCCESS(Status))
		return Status;
	InitialTebData.NtTib.ExceptionList = (PEXCEPTION_REGISTRATION_RECORD)EXCEPTION_CHAIN_END;
	InitialTebData.NtTib.StackBase = InitialTeb->OldStackBase ? InitialTeb->OldStackBase :
	                                                            InitialTeb->StackBase;
	InitialTebData.NtTib.StackLimit = InitialTeb->OldStackBase ? InitialTeb->OldStackLimit :
	                                                             InitialTeb->StackLimit;
	InitialTebData.NtTib.FiberData = (PVOID)(30 << 8);
	InitialTebData.NtTib.Self = (PNT_TIB)Va;
	InitialTebData.ClientId = *ClientId;
	InitialTebData.ProcessEnvironmentBlock = Process->Peb;
	*Teb = (PTEB)Va;
	return MmWriteProcessMemory(Process, Va, &InitialTebData, sizeof(InitialTebData));
}

/* Free a TEB page of Process (its thread has ended). */
VOID MmDeleteTeb(PEPROCESS Process, PTEB Teb)
{
	PULONG Pte = MiGetPte(Process->Pcb.DirectoryTableBase[0], (ULONG_PTR)Teb);

	if (!Pte || !(*Pte & PTE_VALID))
		return;
	MiFreePhysicalPage(*Pte >> PAGE_SHIFT);
	*Pte = 0;
	if (Process->Pcb.DirectoryTableBase[0] == __readcr3())
		__invlpg(Teb);
}

/* Commit the initial thread's user stack; return its base (highest address). */
NTSTATUS MmCreateUserStack(PEPROCESS Process, PVOID *StackBase, PVOID *StackLimit)
{
	*StackBase = (PVOID)MM_USER_STACK_TOP;
	*StackLimit = (PVOID)(MM_USER_STACK_TOP - MM_USER_STACK_SIZE);
	return MiAllocateUserPages(Process->Pcb.DirectoryTableBase[0], (ULONG_PTR)*StackLimit,
	                           MM_USER_STACK_SIZE, PAGE_READWRITE);
}
