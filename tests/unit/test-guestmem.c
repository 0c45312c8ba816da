/*
 * test-guestmem.c — the page walk and bounded reads over a fake RAM whose page tables
 * the test builds: 4 KB and 4 MB pages, unmapped pages, page-crossing reads, RAM
 * limits, other address spaces, strings.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "plugin/core/guestmem.h"
#include "tests/unit/fake.h"

static struct fake f;
static struct nts_vm vm;

static void setup(void)
{
	fake_init(&f);
	fake_map_large(&f, 0x80000000u, 0x00400000u);
	fake_map(&f, 0x00400000u, 0x00800000u);
	fake_map(&f, 0x00401000u, 0x00A00000u);   /* not contiguous with the page before */
	fake_map(&f, 0x00403000u, 0x00F00000u);
	vm = nts_vm_current(&f.cpu);
}

static void teardown(void)
{
	fake_free(&f);
}

TestSuite(guestmem, .init = setup, .fini = teardown);

Test(guestmem, translates_small_and_large_pages)
{
	uint64_t pa;
	cr_assert_eq(vm.cr3, FAKE_PD);
	cr_assert(vm.paging);
	cr_assert_eq(nts_vm_translate(&vm, 0x00400123, &pa), 0);
	cr_assert_eq(pa, 0x00800123);
	cr_assert_eq(nts_vm_translate(&vm, 0x00401FFF, &pa), 0);
	cr_assert_eq(pa, 0x00A00FFF);
	cr_assert_eq(nts_vm_translate(&vm, 0x80123456, &pa), 0);
	cr_assert_eq(pa, 0x00523456);
	cr_assert_eq(nts_vm_translate(&vm, 0x00402000, &pa), -1, "hole in a page table");
	cr_assert_eq(nts_vm_translate(&vm, 0xC0000000, &pa), -1, "no page table");
}

Test(guestmem, reads_across_discontiguous_pages)
{
	uint32_t v = 0;
	fake_poke32(&f, 0x00400FFE, 0xA1B2C3D4);
	cr_assert_eq(f.ram[0x00800FFE], 0xD4);
	cr_assert_eq(f.ram[0x00A00001], 0xA1);
	cr_assert_eq(nts_vm_read32(&vm, 0x00400FFE, &v), 0);
	cr_assert_eq(v, 0xA1B2C3D4);
}

Test(guestmem, unmapped_page_fails_the_whole_read)
{
	char buf[8];
	uint32_t v;
	cr_assert_eq(nts_vm_read(&vm, 0x00401FFC, buf, 8), -1, "second page unmapped");
	cr_assert_eq(nts_vm_read32(&vm, 0x00402000, &v), -1);
	cr_assert_eq(nts_vm_read(&vm, 0x00401FFC, buf, 4), 0);
}

Test(guestmem, mapping_beyond_ram_fails)
{
	uint32_t v;
	fake_map(&f, 0x00500000u, 0x7FFFF000u);
	cr_assert_eq(nts_vm_read32(&vm, 0x00500000, &v), -1);
}

Test(guestmem, garbage_page_directory_base_fails)
{
	struct nts_vm bad = vm;
	uint32_t v;
	bad.cr3 = 0xFFFFF000;
	cr_assert_eq(nts_vm_read32(&bad, 0x80000000, &v), -1);
}

Test(guestmem, another_address_space)
{
	struct nts_vm other = vm;
	uint32_t v = 0;
	uint32_t pd2 = 0x00300000, pt2 = 0x00301000;

	memcpy(f.ram + pd2, f.ram + FAKE_PD, 4096);       /* kernel half shared */
	((uint32_t *)(f.ram + pd2))[1] = pt2 | 7;          /* 0x00400000.. own page table */
	((uint32_t *)(f.ram + pt2))[0] = 0x00C00000 | 7;
	memcpy(f.ram + 0x00C00010, "\x11\x22\x33\x44", 4);
	other.cr3 = pd2;
	cr_assert_eq(nts_vm_read32(&other, 0x00400010, &v), 0);
	cr_assert_eq(v, 0x44332211);
	fake_poke32(&f, 0x80000010, 0xCAFEBABE);
	cr_assert_eq(nts_vm_read32(&other, 0x80000010, &v), 0);
	cr_assert_eq(v, 0xCAFEBABE);
}

Test(guestmem, paging_off_is_identity)
{
	uint32_t v = 0;
	f.regs[NTS_CR0] = 1;
	vm = nts_vm_current(&f.cpu);
	memcpy(f.ram + 0x7000, "\x78\x56\x34\x12", 4);
	cr_assert_eq(nts_vm_read32(&vm, 0x7000, &v), 0);
	cr_assert_eq(v, 0x12345678);
	cr_assert_eq(nts_vm_read32(&vm, FAKE_RAM_SIZE - 2, &v), -1);
}

Test(guestmem, strings_are_bounded_and_printable)
{
	char buf[16];
	fake_poke(&f, 0x80001000, "csrss.exe", 10);
	cr_assert_eq(nts_vm_string(&vm, 0x80001000, buf, sizeof buf), 9);
	cr_assert_str_eq(buf, "csrss.exe");
	cr_assert_eq(nts_vm_string(&vm, 0x80001000, buf, 6), 5);
	cr_assert_str_eq(buf, "csrss");
	fake_poke(&f, 0x80001000, "a\tb\x80", 5);
	cr_assert_eq(nts_vm_string(&vm, 0x80001000, buf, sizeof buf), 4);
	cr_assert_str_eq(buf, "a?b?");
	cr_assert_eq(nts_vm_string(&vm, 0x00402000, buf, sizeof buf), -1);
}

Test(guestmem, string_cut_by_unmapped_page)
{
	char buf[32];
	fake_poke(&f, 0x00401FFC, "abcd", 4);
	cr_assert_eq(nts_vm_string(&vm, 0x00401FFC, buf, sizeof buf), 4);
	cr_assert_str_eq(buf, "abcd");
}

/* Store the UTF-16 units at va. */
static void units(uint32_t va, const uint16_t *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t b[2] = { u[i] & 0xFF, u[i] >> 8 };
		fake_poke(&f, va + 2 * i, b, 2);
	}
}

Test(guestmem, utf16_becomes_bounded_utf8)
{
	static const uint16_t text[] = { '\\', 'W', 0xE9, 0x20AC, 0xD83D, 0xDE00, 0xDC00, 0x07, 'x', 0 };
	char buf[64];

	units(0x00400100, text, sizeof text / sizeof *text);
	cr_assert_eq(nts_vm_utf16(&vm, 0x00400100, 256, buf, sizeof buf), 16);
	cr_assert_str_eq(buf, "\\W\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBD?x",
	                 "é, €, a surrogate pair, a lone low surrogate, a control");
	cr_assert_eq(nts_vm_utf16(&vm, 0x00400100, 4, buf, sizeof buf), 2, "max_bytes bounds it (no NUL)");
	cr_assert_str_eq(buf, "\\W");
	cr_assert_eq(nts_vm_utf16(&vm, 0x00400100, 256, buf, 5), 4, "a character that does not fit ends it");
	cr_assert_str_eq(buf, "\\W\xC3\xA9");
	cr_assert_eq(nts_vm_utf16(&vm, 0x00402000, 256, buf, sizeof buf), -1, "unmapped");
	cr_assert_eq(nts_vm_utf16(&vm, 0x00400100, 1, buf, sizeof buf), -1, "not one unit");
}

Test(guestmem, utf16_cut_by_unmapped_page)
{
	static const uint16_t text[] = { 'a', 'b' };
	char buf[16];

	units(0x00401FFC, text, 2);
	cr_assert_eq(nts_vm_utf16(&vm, 0x00401FFC, 64, buf, sizeof buf), 2);
	cr_assert_str_eq(buf, "ab");
}
