/*
 * elfimage.c — mapping ELF32 i386 executables (programs and ntdll, linked at fixed
 * user addresses) into a process: one private copy of each PT_LOAD segment.
 */
#include <internal/mm.h>
#include <elf32.h>
#include <rtl.h>

/* TRUE when a program header describes a segment inside the file and the user range. */
static BOOLEAN MiIsValidSegment(const ELF32_PHDR *Phdr, ULONG ImageSize)
{
	ULONG End = Phdr->p_vaddr + Phdr->p_memsz;

	return Phdr->p_offset <= ImageSize && Phdr->p_filesz <= ImageSize - Phdr->p_offset &&
	       Phdr->p_filesz <= Phdr->p_memsz && Phdr->p_vaddr >= MM_LOWEST_USER_ADDRESS &&
	       End >= Phdr->p_vaddr && End <= MM_SHARED_USER_DATA_VA;
}

/* The program headers of a valid image, or NULL. */
static const ELF32_PHDR *MiGetElfProgramHeaders(PVOID ImageData, ULONG ImageSize)
{
	const ELF32_EHDR *Header = ImageData;
	const ELF32_PHDR *Phdr;
	ULONG i;

	if (ImageSize < sizeof(*Header) || !ElfIsI386Executable(Header) ||
	    Header->e_phoff > ImageSize ||
	    Header->e_phnum > (ImageSize - Header->e_phoff) / sizeof(ELF32_PHDR))
		return NULL;
	Phdr = (const ELF32_PHDR *)((PUCHAR)ImageData + Header->e_phoff);
	for (i = 0; i < Header->e_phnum; i++)
		if (Phdr[i].p_type == PT_LOAD && !MiIsValidSegment(&Phdr[i], ImageSize))
			return NULL;
	return Phdr;
}

/* Map every PT_LOAD segment of an image into Process; return its entry point. */
NTSTATUS MmMapElfImage(PEPROCESS Process, PVOID ImageData, ULONG ImageSize, PVOID *EntryPoint)
{
	const ELF32_EHDR *Header = ImageData;
	const ELF32_PHDR *Phdr = MiGetElfProgramHeaders(ImageData, ImageSize);
	ULONG_PTR Dtb = Process->Pcb.DirectoryTableBase[0];
	NTSTATUS Status = STATUS_SUCCESS;
	ULONG i;

	if (!Phdr)
		return STATUS_INVALID_IMAGE_FORMAT;
	for (i = 0; i < Header->e_phnum && NT_SUCCESS(Status); i++) {
		if (Phdr[i].p_type != PT_LOAD || !Phdr[i].p_memsz)
			continue;
		Status = MiAllocateUserPages(Dtb, Phdr[i].p_vaddr, Phdr[i].p_memsz,
		                             Phdr[i].p_flags & PF_W ? PAGE_READWRITE : PAGE_READONLY);
		if (NT_SUCCESS(Status))
			Status = MmWriteProcessMemory(Process, Phdr[i].p_vaddr,
			                              (PUCHAR)ImageData + Phdr[i].p_offset, Phdr[i].p_filesz);
	}
	*EntryPoint = (PVOID)Header->e_entry;
	return Status;
}
