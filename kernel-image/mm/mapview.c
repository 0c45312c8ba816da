/*
 * mapview.c — views of image sections. An image maps at its own base (ELF executables
 * are not relocatable): one VAD over the whole image holding a reference on the section;
 * file pages map the segment's prototype pages (read-only, or copy-on-write for data),
 * the rest (.bss) is demand-zero. NtMapViewOfSection, NtUnmapViewOfSection.
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <ntapi.h>

#define MiLockAddressSpace(Process)          ExpDisableInterrupts()
#define MiUnlockAddressSpace(Process, State) __writeeflags(State)

/* The protection of a subsection's demand-zero pages: write-copy becomes plain writable. */
static ULONG MiZeroPageProtection(ULONG Protection)
{
	if (Protection == MM_WRITECOPY)
		return MM_READWRITE;
	return Protection == MM_EXECUTE_WRITECOPY ? MM_EXECUTE_READWRITE : Protection;
}

/* Map a subsection's pages into Process. Address-space lock held. */
static NTSTATUS MiMapSubsection(PEPROCESS Process, PSUBSECTION Subsection)
{
	ULONG_PTR Dtb = Process->Pcb.DirectoryTableBase[0], Va;
	NTSTATUS Status = STATUS_SUCCESS;
	ULONG i, Pte;

	for (i = 0; i < Subsection->NumberOfPages && NT_SUCCESS(Status); i++) {
		Va = Subsection->StartingAddress + i * PAGE_SIZE;
		if (i < Subsection->NumberOfFilePages)
			Pte = MiMakeValidPte(Subsection->PrototypePages[i], Subsection->Protection) |
			      PTE_PROTOTYPE;
		else
			Pte = MiMakeDemandZeroPte(MiZeroPageProtection(Subsection->Protection));
		Status = MiWritePte(Dtb, Va, Pte);
	}
	return Status;
}

/* Map an image section at its base in Process; *BaseAddress must be 0 or that base. */
static NTSTATUS MiMapViewOfImageSection(PEPROCESS Process, PSECTION Section, PULONG_PTR BaseAddress,
                                        PSIZE_T ViewSize)
{
	PSEGMENT Segment = Section->Segment;
	ULONG_PTR Base = Segment->BasedAddress;
	PMMVAD Vad = NULL;
	ULONG State, i;
	NTSTATUS Status;

	if (*BaseAddress && *BaseAddress != Base)
		return STATUS_CONFLICTING_ADDRESSES;
	State = MiLockAddressSpace(Process);
	Status = MiReserveVirtualMemory(Process, &Base, Segment->SizeOfSegment, FALSE,
	                                MM_EXECUTE_WRITECOPY, &Vad);
	if (NT_SUCCESS(Status)) {
		Vad->u.VadFlags.PrivateMemory = 0;
		Vad->u.VadFlags.ImageMap = 1;
		Vad->Section = Section;
		ObReferenceObject(Section);
	}
	for (i = 0; NT_SUCCESS(Status) && i < Segment->NumberOfSubsections; i++)
		Status = MiMapSubsection(Process, &Segment->Subsections[i]);
	MiUnlockAddressSpace(Process, State);
	if (!NT_SUCCESS(Status) && Vad && Vad->Section)
		MiDeleteVad(Process, Vad);
	*BaseAddress = Base;
	*ViewSize = Segment->SizeOfSegment;
	return Status;
}

/* Map a view of a section into Process (image sections only, at the image's base). */
NTSTATUS MmMapViewOfSection(PVOID SectionObject, PEPROCESS Process, PVOID *BaseAddress,
                            ULONG_PTR ZeroBits, SIZE_T CommitSize, PLARGE_INTEGER SectionOffset,
                            PSIZE_T ViewSize, SECTION_INHERIT InheritDisposition,
                            ULONG AllocationType, ULONG Protect)
{
	PSECTION Section = SectionObject;

	if (!(Section->AllocationAttributes & SEC_IMAGE))
		return STATUS_NOT_SUPPORTED;
	return MiMapViewOfImageSection(Process, Section, (PULONG_PTR)BaseAddress, ViewSize);
}

/* Unmap the view holding BaseAddress from Process. */
NTSTATUS MmUnmapViewOfSection(PEPROCESS Process, PVOID BaseAddress)
{
	ULONG State = MiLockAddressSpace(Process);
	PMMVAD Vad = MiLocateAddress(Process->VadRoot, (ULONG_PTR)BaseAddress);

	MiUnlockAddressSpace(Process, State);
	if (!Vad || !Vad->Section)
		return STATUS_NOT_MAPPED_VIEW;
	MiDeleteVad(Process, Vad);
	return STATUS_SUCCESS;
}

/* Check NtMapViewOfSection's arguments. */
static NTSTATUS MiCheckMapArguments(ULONG_PTR Base, SECTION_INHERIT InheritDisposition,
                                    ULONG Win32Protect)
{
	if (Base && (Base < MM_LOWEST_USER_ADDRESS || Base > MM_HIGHEST_VAD_ADDRESS))
		return STATUS_INVALID_PARAMETER_3;
	if (InheritDisposition != ViewShare && InheritDisposition != ViewUnmap)
		return STATUS_INVALID_PARAMETER_8;
	if (MiMakeProtectionMask(Win32Protect) == MM_INVALID_PROTECTION)
		return STATUS_INVALID_PAGE_PROTECTION;
	return STATUS_SUCCESS;
}

/* Reference the section and process NtMapViewOfSection works on. */
static NTSTATUS MiReferenceMapObjects(HANDLE SectionHandle, HANDLE ProcessHandle,
                                      PSECTION *Section, PEPROCESS *Process)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	NTSTATUS Status;

	Status = ObReferenceObjectByHandle(SectionHandle, SECTION_MAP_READ, MmSectionObjectType,
	                                   PreviousMode, (PVOID *)Section, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_VM_OPERATION, PsProcessType,
	                                   PreviousMode, (PVOID *)Process, NULL);
	if (!NT_SUCCESS(Status))
		ObDereferenceObject(*Section);
	return Status;
}

/* Map a view of a section into a process; *BaseAddress and *ViewSize return where. */
NTSTATUS NTAPI NtMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
                                  ULONG_PTR ZeroBits, SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition, ULONG AllocationType,
                                  ULONG Win32Protect)
{
	PVOID Base;
	SIZE_T Size;
	PSECTION Section;
	PEPROCESS Process;
	NTSTATUS Status;

	Status = MmCopyFromCaller(&Base, BaseAddress, sizeof(Base));
	if (NT_SUCCESS(Status))
		Status = MmCopyFromCaller(&Size, ViewSize, sizeof(Size));
	if (NT_SUCCESS(Status))
		Status = MiCheckMapArguments((ULONG_PTR)Base, InheritDisposition, Win32Protect);
	if (NT_SUCCESS(Status))
		Status = MiReferenceMapObjects(SectionHandle, ProcessHandle, &Section, &Process);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = MmMapViewOfSection(Section, Process, &Base, ZeroBits, CommitSize, SectionOffset,
	                            &Size, InheritDisposition, AllocationType, Win32Protect);
	ObDereferenceObject(Process);
	ObDereferenceObject(Section);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(BaseAddress, &Base, sizeof(Base));
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(ViewSize, &Size, sizeof(Size));
	return Status;
}

/* Unmap the view holding BaseAddress from a process. */
NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress)
{
	PEPROCESS Process;
	NTSTATUS Status;

	Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_VM_OPERATION, PsProcessType,
	                                   KeGetPreviousMode(), (PVOID *)&Process, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = MmUnmapViewOfSection(Process, BaseAddress);
	ObDereferenceObject(Process);
	return Status;
}
