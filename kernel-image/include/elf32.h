/* elf32.h — the ELF32 structures the loader and the kernel read. */
#ifndef _ELF32_H
#define _ELF32_H

#include <ntdef.h>

#define EI_NIDENT   16
#define ELFCLASS32  1
#define ELFDATA2LSB 1
#define ET_EXEC     2
#define EM_386      3
#define PT_LOAD     1
#define PT_GNU_STACK 0x6474E551
#define PF_X        1
#define PF_W        2
#define PF_R        4
#define SHT_SYMTAB  2
#define STT_FUNC    2

typedef struct _ELF32_EHDR {
	UCHAR e_ident[EI_NIDENT];
	USHORT e_type;
	USHORT e_machine;
	ULONG e_version;
	ULONG e_entry;
	ULONG e_phoff;
	ULONG e_shoff;
	ULONG e_flags;
	USHORT e_ehsize;
	USHORT e_phentsize;
	USHORT e_phnum;
	USHORT e_shentsize;
	USHORT e_shnum;
	USHORT e_shstrndx;
} ELF32_EHDR, *PELF32_EHDR;

typedef struct _ELF32_PHDR {
	ULONG p_type;
	ULONG p_offset;
	ULONG p_vaddr;
	ULONG p_paddr;
	ULONG p_filesz;
	ULONG p_memsz;
	ULONG p_flags;
	ULONG p_align;
} ELF32_PHDR, *PELF32_PHDR;

typedef struct _ELF32_SHDR {
	ULONG sh_name;
	ULONG sh_type;
	ULONG sh_flags;
	ULONG sh_addr;
	ULONG sh_offset;
	ULONG sh_size;
	ULONG sh_link;
	ULONG sh_info;
	ULONG sh_addralign;
	ULONG sh_entsize;
} ELF32_SHDR, *PELF32_SHDR;

typedef struct _ELF32_SYM {
	ULONG st_name;
	ULONG st_value;
	ULONG st_size;
	UCHAR st_info;
	UCHAR st_other;
	USHORT st_shndx;
} ELF32_SYM, *PELF32_SYM;

/* TRUE when Header starts a little-endian ELF32 i386 executable. */
FORCEINLINE BOOLEAN ElfIsI386Executable(const ELF32_EHDR *Header)
{
	return Header->e_ident[0] == 0x7F && Header->e_ident[1] == 'E' &&
	       Header->e_ident[2] == 'L' && Header->e_ident[3] == 'F' &&
	       Header->e_ident[4] == ELFCLASS32 && Header->e_ident[5] == ELFDATA2LSB &&
	       Header->e_type == ET_EXEC && Header->e_machine == EM_386 &&
	       Header->e_phentsize == sizeof(ELF32_PHDR);
}

#endif
