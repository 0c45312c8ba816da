/*
 * guestmem.c — page walk and bounded reads of guest memory.
 */
#include <string.h>

#include "plugin/core/guestmem.h"

#define PTE_P  0x001u
#define PDE_PS 0x080u
#define CR0_PG 0x80000000u

/* The last page translated, for the reads of one event: each event starts with
 * nts_vm_current, which forgets it (the guest may have changed its page tables). */
static struct {
	const struct nts_cpu *cpu;
	uint32_t cr3, page;
	uint64_t frame;
	int ok;
} last;

struct nts_vm nts_vm_current(const struct nts_cpu *cpu)
{
	struct nts_vm vm;
	last.ok = 0;
	vm.cpu = cpu;
	vm.cr3 = cpu->reg(cpu->ctx, NTS_CR3);
	vm.paging = (cpu->reg(cpu->ctx, NTS_CR0) & CR0_PG) != 0;
	return vm;
}

/* Read the little-endian page table entry at pa. 0, or -1. */
static int read_entry(const struct nts_vm *vm, uint64_t pa, uint32_t *e)
{
	uint8_t b[4];
	if (vm->cpu->read_phys(vm->cpu->ctx, pa, b, 4) != 0)
		return -1;
	*e = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

/* The page walk of va. 0, or -1 (not present, or a table outside RAM). */
static int walk(const struct nts_vm *vm, uint32_t va, uint64_t *pa)
{
	uint32_t pde, pte;

	if (read_entry(vm, (vm->cr3 & ~0xFFFu) + (va >> 22) * 4, &pde) || !(pde & PTE_P))
		return -1;
	if (pde & PDE_PS) {
		*pa = (pde & 0xFFC00000u) | (va & 0x003FFFFFu);
		return 0;
	}
	if (read_entry(vm, (pde & ~0xFFFu) + ((va >> 12) & 0x3FF) * 4, &pte) || !(pte & PTE_P))
		return -1;
	*pa = (pte & ~0xFFFu) | (va & 0xFFFu);
	return 0;
}

int nts_vm_translate(const struct nts_vm *vm, uint32_t va, uint64_t *pa)
{
	if (!vm->paging) {
		*pa = va;
		return 0;
	}
	if (last.ok && last.cpu == vm->cpu && last.cr3 == vm->cr3 && last.page == (va & ~0xFFFu)) {
		*pa = last.frame | (va & 0xFFFu);
		return 0;
	}
	if (walk(vm, va, pa) != 0)
		return -1;
	last.cpu = vm->cpu;
	last.cr3 = vm->cr3;
	last.page = va & ~0xFFFu;
	last.frame = *pa & ~(uint64_t)0xFFF;
	last.ok = 1;
	return 0;
}

int nts_vm_read(const struct nts_vm *vm, uint32_t va, void *buf, uint32_t len)
{
	unsigned char *out = buf;
	uint64_t pa;

	while (len > 0) {
		uint32_t n = 0x1000 - (va & 0xFFF);
		if (n > len)
			n = len;
		if (nts_vm_translate(vm, va, &pa) || vm->cpu->read_phys(vm->cpu->ctx, pa, out, n))
			return -1;
		out += n, va += n, len -= n;
	}
	return 0;
}

int nts_vm_read32(const struct nts_vm *vm, uint32_t va, uint32_t *v)
{
	uint8_t b[4];
	if (nts_vm_read(vm, va, b, 4) != 0)
		return -1;
	*v = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

size_t nts_printable(char *buf, size_t size)
{
	size_t i;
	if (size == 0)
		return 0;
	for (i = 0; i < size && buf[i]; i++)
		if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] > 0x7E)
			buf[i] = '?';
	if (i == size)
		buf[--i] = '\0';
	return i;
}

int nts_vm_string(const struct nts_vm *vm, uint32_t va, char *buf, size_t size)
{
	size_t got = 0;

	if (size == 0)
		return -1;
	while (got + 1 < size) {
		uint32_t n = 0x1000 - (va & 0xFFF);
		if (n > size - 1 - got)
			n = size - 1 - got;
		if (nts_vm_read(vm, va, buf + got, n) != 0)
			break;
		if (memchr(buf + got, '\0', n))
			return (int)nts_printable(buf, size);
		got += n, va += n;
	}
	if (got == 0)
		return -1;
	buf[got] = '\0';
	return (int)nts_printable(buf, size);
}

/* Encode code point c as UTF-8 at buf[at] if it fits before size - 1. New length, or
 * 0 if it does not fit. */
static size_t put_utf8(char *buf, size_t size, size_t at, uint32_t c)
{
	unsigned char u[4];
	size_t n, i;

	if (c < 0x20)
		c = '?';
	if (c < 0x80)
		u[0] = c, n = 1;
	else if (c < 0x800)
		u[0] = 0xC0 | c >> 6, u[1] = 0x80 | (c & 0x3F), n = 2;
	else if (c < 0x10000)
		u[0] = 0xE0 | c >> 12, u[1] = 0x80 | (c >> 6 & 0x3F), u[2] = 0x80 | (c & 0x3F), n = 3;
	else
		u[0] = 0xF0 | c >> 18, u[1] = 0x80 | (c >> 12 & 0x3F), u[2] = 0x80 | (c >> 6 & 0x3F),
		u[3] = 0x80 | (c & 0x3F), n = 4;
	if (at + n >= size)
		return 0;
	for (i = 0; i < n; i++)
		buf[at + i] = (char)u[i];
	return at + n;
}

/* The UTF-16LE unit at va: 0, or -1 if unreadable. */
static int read_unit(const struct nts_vm *vm, uint32_t va, uint32_t *u)
{
	uint8_t b[2];
	if (nts_vm_read(vm, va, b, 2) != 0)
		return -1;
	*u = b[0] | b[1] << 8;
	return 0;
}

int nts_vm_utf16(const struct nts_vm *vm, uint32_t va, uint32_t max_bytes, char *buf, size_t size)
{
	uint32_t at, u, lo;
	size_t len = 0, next;

	if (size == 0 || max_bytes < 2 || read_unit(vm, va, &u) != 0)
		return -1;
	for (at = 0; at + 2 <= max_bytes && read_unit(vm, va + at, &u) == 0 && u; at += 2) {
		if (u >= 0xD800 && u < 0xDC00 && at + 4 <= max_bytes &&
		    read_unit(vm, va + at + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			at += 2;
		} else if (u >= 0xD800 && u < 0xE000) {
			u = 0xFFFD;
		}
		if (!(next = put_utf8(buf, size, len, u)))
			break;
		len = next;
	}
	buf[len] = '\0';
	return (int)len;
}
