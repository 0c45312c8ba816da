/* blelf.c — loading ntoskrnl.elf: each PT_LOAD segment to its physical address. */
#include "bldr.h"
#include <elf32.h>
#include <rtl.h>

#define BL_MAX_PHDRS 16

/* Check a kernel segment: inside the file, above 1 MB, file size within memory size. */
static VOID BlCheckSegment(const struct bootfs_entry *Entry, const ELF32_PHDR *Phdr)
{
	if (Phdr->p_offset > Entry->size || Phdr->p_filesz > Entry->size - Phdr->p_offset ||
	    Phdr->p_filesz > Phdr->p_memsz || Phdr->p_paddr < 0x100000 ||
	    Phdr->p_paddr + Phdr->p_memsz < Phdr->p_paddr)
		BlFatal("ntoskrnl.elf: bad segment at offset 0x%lx", Phdr->p_offset);
}

/* Load the kernel's segments; return the physical end of the image. */
ULONG_PTR BlLoadKernel(const struct bootfs_entry *Entry, PVOID *EntryPoint)
{
	ELF32_EHDR Header;
	ELF32_PHDR Phdr[BL_MAX_PHDRS];
	ULONG_PTR End = 0;
	ULONG i;

	BlReadDisk(Entry->lba, 0, &Header, sizeof(Header));
	if (Entry->size < sizeof(Header) || !ElfIsI386Executable(&Header) ||
	    Header.e_phnum > BL_MAX_PHDRS || Header.e_phoff > Entry->size ||
	    Header.e_phnum * sizeof(ELF32_PHDR) > Entry->size - Header.e_phoff)
		BlFatal("ntoskrnl.elf is not an i386 ELF executable");
	BlReadDisk(Entry->lba, Header.e_phoff, Phdr, Header.e_phnum * sizeof(ELF32_PHDR));
	for (i = 0; i < Header.e_phnum; i++) {
		if (Phdr[i].p_type != PT_LOAD || !Phdr[i].p_memsz)
			continue;
		BlCheckSegment(Entry, &Phdr[i]);
		BlReadDisk(Entry->lba, Phdr[i].p_offset, (PVOID)Phdr[i].p_paddr, Phdr[i].p_filesz);
		memset((PUCHAR)Phdr[i].p_paddr + Phdr[i].p_filesz, 0, Phdr[i].p_memsz - Phdr[i].p_filesz);
		if (Phdr[i].p_paddr + Phdr[i].p_memsz > End)
			End = Phdr[i].p_paddr + Phdr[i].p_memsz;
	}
	if (!End)
		BlFatal("ntoskrnl.elf has no loadable segments");
	*EntryPoint = (PVOID)Header.e_entry;
	return End;
}
