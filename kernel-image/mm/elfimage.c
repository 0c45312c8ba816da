/*
 * elfimage.c — reading an ELF32 i386 executable as an image section: one subsection
 * per PT_LOAD segment (page-aligned, ascending, not sharing pages), the entry point, and
 * the stack sizes (PT_GNU_STACK's size when the linker set one), and the subsystem. ELF
 * has no PE optional header and so no Subsystem field: as NT's loader does from the PE
 * header, the subsystem is read from the image itself: an image whose import directory
 * (umtypes.h: LDR_IMPORT_DIRECTORY at the image base) names kernel32.dll is a Win32
 * (console) image, IMAGE_SUBSYSTEM_WINDOWS_CUI; any other is IMAGE_SUBSYSTEM_NATIVE.
 * CreateProcess and smss read it with NtQuerySection(SectionImageInformation).
 */
#include <internal/mm.h>
#include <elf32.h>
#include <rtl.h>
#include <umtypes.h>

/* TRUE when a PT_LOAD segment lies inside the file and the VAD range, congruent mod a page. */
static BOOLEAN MiIsValidSegment(const ELF32_PHDR *Phdr, ULONG ImageSize)
{
	ULONG End = Phdr->p_vaddr + Phdr->p_memsz;

	return Phdr->p_offset <= ImageSize && Phdr->p_filesz <= ImageSize - Phdr->p_offset &&
	       Phdr->p_filesz <= Phdr->p_memsz && Phdr->p_memsz &&
	       Phdr->p_vaddr >= MM_LOWEST_USER_ADDRESS && End > Phdr->p_vaddr &&
	       End - 1 <= MM_HIGHEST_VAD_ADDRESS &&
	       Phdr->p_offset % PAGE_SIZE == Phdr->p_vaddr % PAGE_SIZE;
}

/* The MM_* protection of a segment: images' writable pages are copy-on-write. */
static ULONG MiSegmentProtection(ULONG Flags)
{
	if (Flags & PF_W)
		return Flags & PF_X ? MM_EXECUTE_WRITECOPY : MM_WRITECOPY;
	return Flags & PF_X ? MM_EXECUTE_READ : MM_READONLY;
}

/* Add a PT_LOAD segment as the next subsection; it must start past the previous one. */
static NTSTATUS MiAddSubsection(PSEGMENT Segment, const ELF32_PHDR *Phdr, ULONG ImageSize)
{
	ULONG Count = Segment->NumberOfSubsections;
	PSUBSECTION Subsection = &Segment->Subsections[Count < MI_MAX_SUBSECTIONS ? Count : 0];
	ULONG_PTR Start = PAGE_ROUND_DOWN(Phdr->p_vaddr), Lead = Phdr->p_vaddr - Start;

	if (!MiIsValidSegment(Phdr, ImageSize) || Count == MI_MAX_SUBSECTIONS)
		return STATUS_INVALID_IMAGE_FORMAT;
	if (Count && Start < Subsection[-1].StartingAddress + Subsection[-1].NumberOfPages * PAGE_SIZE)
		return STATUS_INVALID_IMAGE_FORMAT;
	Subsection->StartingAddress = Start;
	Subsection->NumberOfPages = (PAGE_ROUND_UP(Phdr->p_vaddr + Phdr->p_memsz) - Start) / PAGE_SIZE;
	Subsection->FileOffset = Phdr->p_offset - Lead;
	Subsection->FileLength = Phdr->p_filesz ? Phdr->p_filesz + Lead : 0;
	Subsection->NumberOfFilePages = PAGE_ROUND_UP(Subsection->FileLength) / PAGE_SIZE;
	Subsection->Protection = MiSegmentProtection(Phdr->p_flags);
	Segment->NumberOfSubsections++;
	return STATUS_SUCCESS;
}

/* The program headers of an ELF32 i386 executable, or NULL. */
static const ELF32_PHDR *MiGetElfProgramHeaders(PVOID ImageData, ULONG ImageSize)
{
	const ELF32_EHDR *Header = ImageData;

	if (ImageSize < sizeof(*Header) || !ElfIsI386Executable(Header) ||
	    Header->e_phoff > ImageSize ||
	    Header->e_phnum > (ImageSize - Header->e_phoff) / sizeof(ELF32_PHDR))
		return NULL;
	return (const ELF32_PHDR *)((PUCHAR)ImageData + Header->e_phoff);
}

/* The file's bytes at virtual address Va, Length of them inside one PT_LOAD segment's
 * file part (segments were validated by MiAddSubsection), or NULL. */
static const VOID *MiImageBytes(PVOID ImageData, const ELF32_EHDR *Header,
                                const ELF32_PHDR *Phdr, ULONG Va, ULONG Length)
{
	ULONG i;

	for (i = 0; i < Header->e_phnum; i++)
		if (Phdr[i].p_type == PT_LOAD && Va >= Phdr[i].p_vaddr &&
		    Va - Phdr[i].p_vaddr <= Phdr[i].p_filesz &&
		    Length <= Phdr[i].p_filesz - (Va - Phdr[i].p_vaddr))
			return (PUCHAR)ImageData + Phdr[i].p_offset + (Va - Phdr[i].p_vaddr);
	return NULL;
}

/* IMAGE_SUBSYSTEM_WINDOWS_CUI if the import directory at Base names kernel32.dll (any
 * case), else IMAGE_SUBSYSTEM_NATIVE: the image imports nothing or only ntdll. */
static ULONG MiImageSubsystem(PVOID ImageData, const ELF32_EHDR *Header, const ELF32_PHDR *Phdr,
                              ULONG_PTR Base)
{
	static const CHAR Kernel32[] = "kernel32.dll";
	const LDR_IMPORT_DIRECTORY *Imports = MiImageBytes(ImageData, Header, Phdr, Base,
	                                                   sizeof(*Imports));
	const WCHAR *Name;
	ULONG i, n;

	if (!Imports || Imports->Signature != LDR_IMPORT_SIGNATURE)
		return IMAGE_SUBSYSTEM_NATIVE;
	for (i = 0; i < Imports->NumberOfDlls && i < LDR_MAX_IMPORTS; i++) {
		Name = MiImageBytes(ImageData, Header, Phdr, (ULONG)Imports->DllNames[i],
		                    sizeof(Kernel32) * sizeof(WCHAR));
		for (n = 0; Name && n < sizeof(Kernel32) - 1 && (Name[n] | 0x20) == Kernel32[n]; n++)
			;
		if (Name && n == sizeof(Kernel32) - 1 && !Name[n])
			return IMAGE_SUBSYSTEM_WINDOWS_CUI;
	}
	return IMAGE_SUBSYSTEM_NATIVE;
}

/* The SECTION_IMAGE_INFORMATION of a parsed image. */
static VOID MiFillImageInformation(PSEGMENT Segment, const ELF32_EHDR *Header, ULONG ImageSize,
                                   ULONG StackReserve, BOOLEAN ContainsCode, ULONG SubSystem)
{
	PSECTION_IMAGE_INFORMATION Info = &Segment->ImageInformation;

	Info->TransferAddress = (PVOID)Header->e_entry;
	Info->MaximumStackSize = StackReserve ? PAGE_ROUND_UP(StackReserve) : MM_DEFAULT_STACK_RESERVE;
	Info->CommittedStackSize = MM_DEFAULT_STACK_COMMIT;
	Info->SubSystemType = SubSystem;
	Info->SubSystemMajorVersion = 5;
	Info->SubSystemMinorVersion = 1;
	Info->ImageCharacteristics = IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE;
	Info->Machine = IMAGE_FILE_MACHINE_I386;
	Info->ImageContainsCode = ContainsCode;
	Info->ImageFileSize = ImageSize;
}

/* Describe an ELF image in Segment (no pages yet); STATUS_INVALID_IMAGE_FORMAT if it is not one. */
NTSTATUS MiParseElfImage(PVOID ImageData, ULONG ImageSize, PSEGMENT Segment)
{
	const ELF32_PHDR *Phdr = MiGetElfProgramHeaders(ImageData, ImageSize);
	const ELF32_EHDR *Header = ImageData;
	ULONG StackReserve = 0, i;
	BOOLEAN ContainsCode = FALSE;
	PSUBSECTION Last;
	NTSTATUS Status = Phdr ? STATUS_SUCCESS : STATUS_INVALID_IMAGE_FORMAT;

	for (i = 0; Phdr && i < Header->e_phnum && NT_SUCCESS(Status); i++) {
		if (Phdr[i].p_type == PT_GNU_STACK)
			StackReserve = Phdr[i].p_memsz;
		if (Phdr[i].p_type != PT_LOAD)
			continue;
		ContainsCode |= (Phdr[i].p_flags & PF_X) != 0;
		Status = MiAddSubsection(Segment, &Phdr[i], ImageSize);
	}
	if (NT_SUCCESS(Status) && !Segment->NumberOfSubsections)
		Status = STATUS_INVALID_IMAGE_FORMAT;
	if (!NT_SUCCESS(Status))
		return Status;
	Last = &Segment->Subsections[Segment->NumberOfSubsections - 1];
	Segment->BasedAddress = Segment->Subsections[0].StartingAddress;
	Segment->SizeOfSegment = Last->StartingAddress + Last->NumberOfPages * PAGE_SIZE -
	                         Segment->BasedAddress;
	MiFillImageInformation(Segment, Header, ImageSize, StackReserve, ContainsCode,
	                       MiImageSubsystem(ImageData, Header, Phdr, Segment->BasedAddress));
	return STATUS_SUCCESS;
}
