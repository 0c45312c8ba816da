/*
 * guestmem.h — reading guest virtual memory of any address space: a 32-bit two-level
 * page walk (4 KB and 4 MB pages, no PAE) over nts_cpu.read_phys. Every read is
 * bounded and fails cleanly (-1) on an unmapped page or memory outside RAM.
 */
#ifndef NTSCOPE_GUESTMEM_H
#define NTSCOPE_GUESTMEM_H

#include <stddef.h>
#include <stdint.h>

#include "plugin/core/tracer.h"

/* An address space: the page directory at cr3, or physical = linear when !paging. */
struct nts_vm {
	const struct nts_cpu *cpu;
	uint32_t cr3;
	int paging;
};

/* The address space the CPU is in now (CR0.PG, CR3). */
struct nts_vm nts_vm_current(const struct nts_cpu *cpu);

/* Translate va to a guest-physical address: 0, or -1 if not present. */
int nts_vm_translate(const struct nts_vm *vm, uint32_t va, uint64_t *pa);

/* Copy len bytes at va into buf, page by page: 0, or -1 if any page is unreadable. */
int nts_vm_read(const struct nts_vm *vm, uint32_t va, void *buf, uint32_t len);

int nts_vm_read32(const struct nts_vm *vm, uint32_t va, uint32_t *v);

/* Read a NUL-terminated string of at most size-1 bytes at va into buf (always
 * terminated; bytes outside printable ASCII become '?'). Length, or -1 if the first
 * byte is unreadable; a string cut by an unreadable page ends there. */
int nts_vm_string(const struct nts_vm *vm, uint32_t va, char *buf, size_t size);

/* Read UTF-16LE text at va, at most max_bytes of it, up to a NUL unit, into buf as
 * UTF-8 (always terminated; controls become '?', bad surrogates U+FFFD; a character
 * that does not fit ends the text). Length, or -1 if the first unit is unreadable; text
 * cut by an unreadable page ends there. */
int nts_vm_utf16(const struct nts_vm *vm, uint32_t va, uint32_t max_bytes, char *buf, size_t size);

/* Make the size bytes at buf printable text as nts_vm_string does; returns the length
 * up to the first NUL (buf[size-1] is overwritten with NUL if no NUL is found). */
size_t nts_printable(char *buf, size_t size);

#endif
