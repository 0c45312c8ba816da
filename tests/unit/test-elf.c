/*
 * test-elf.c — loading i386 ELF images: symbols, section data, build id, symbolizing,
 * the service table, and the one-line errors for files that will not do.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "plugin/core/elf.h"
#include "plugin/core/kernel.h"
#include "tests/unit/fake.h"

static char err[1024];

static void load(struct nts_image *img, const char *path)
{
	cr_assert_eq(nts_image_load(img, "kernel", path, err, sizeof err), 0, "%s", err);
}

static void load_fails(const char *what, const char *path, const char *expect)
{
	struct nts_image img;
	err[0] = '\0';
	cr_assert_eq(nts_image_load(&img, what, path, err, sizeof err), -1);
	cr_assert(strstr(err, expect), "error \"%s\" lacks \"%s\"", err, expect);
	cr_assert(strstr(err, path), "error \"%s\" does not name %s", err, path);
}

Test(elf, kernel_symbols_and_span)
{
	struct nts_image img;
	uint32_t pcr, entry, limit;

	load(&img, FIXTURE("kernel.elf"));
	cr_assert_str_eq(img.name, "kernel.elf");
	cr_assert_eq(nts_image_symbol(&img, "KiPcr", &pcr), 0);
	cr_assert_eq(nts_image_symbol(&img, "KiSystemService", &entry), 0);
	cr_assert_eq(nts_image_symbol(&img, "NoSuchSymbol", &limit), -1);
	cr_assert_geq(img.lo, 0x80100000u);
	cr_assert(entry >= img.lo && entry < img.hi);
	cr_assert(pcr >= img.lo && pcr < img.hi);
	cr_assert_eq(nts_image_at(&img, entry)->kind, NTS_SYM_FUNC);
	cr_assert_eq(nts_image_at(&img, pcr)->kind, NTS_SYM_OBJECT);
	nts_image_free(&img);
}

Test(elf, reads_section_data_and_bss)
{
	struct nts_image img;
	uint32_t at, v = 0xFFFFFFFF, pcr;
	unsigned char args[15];

	load(&img, FIXTURE("kernel.elf"));
	cr_assert_eq(nts_image_symbol(&img, "KiServiceLimit", &at), 0);
	cr_assert_eq(nts_image_read(&img, at, &v, 4), 0);
	cr_assert_eq(v, 15);
	cr_assert_eq(nts_image_symbol(&img, "KiArgumentTable", &at), 0);
	cr_assert_eq(nts_image_read(&img, at, args, 15), 0);
	cr_assert_arr_eq(args, ((unsigned char[]){ 4, 36, 0, 36, 0, 8, 24, 4, 32, 32, 16, 12, 8, 8, 24 }),
	                 15);
	cr_assert_eq(nts_image_symbol(&img, "KiPcr", &pcr), 0);
	cr_assert_eq(nts_image_read(&img, pcr, &v, 4), 0);
	cr_assert_eq(v, 0, "NOBITS reads as zeros");
	cr_assert_eq(nts_image_read(&img, img.hi - 2, &v, 4), -1);
	cr_assert_eq(nts_image_read(&img, 0x1000, &v, 4), -1);
	nts_image_free(&img);
}

Test(elf, build_id_is_hex_sha1)
{
	struct nts_image img;
	load(&img, FIXTURE("kernel.elf"));
	cr_assert_eq(strlen(img.build_id), 40, "build id \"%s\"", img.build_id);
	cr_assert_eq(strspn(img.build_id, "0123456789abcdef"), 40);
	nts_image_free(&img);
}

Test(elf, symbolizes_across_images)
{
	struct nts_image k, u;
	const struct nts_image *both[2] = { &k, &u };
	uint32_t close_, thunk;
	char buf[128], expect[16];

	load(&k, FIXTURE("kernel.elf"));
	cr_assert_eq(nts_image_load(&u, "image", FIXTURE("ntdll.elf"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(nts_image_symbol(&k, "NtClose", &close_), 0);
	cr_assert_eq(nts_image_symbol(&u, "LdrInitializeThunk", &thunk), 0);
	cr_assert_geq(thunk, 0x7C900000u);
	cr_assert_str_eq(nts_symbolize(both, 2, close_, buf, sizeof buf), "NtClose");
	cr_assert_str_eq(nts_symbolize(both, 2, close_ + 3, buf, sizeof buf), "NtClose+0x3");
	cr_assert_str_eq(nts_symbolize(both, 2, thunk + 2, buf, sizeof buf), "LdrInitializeThunk+0x2");
	cr_assert_str_eq(nts_symbolize(both, 2, 0x00401234, buf, sizeof buf), "0x00401234");
	snprintf(expect, sizeof expect, "0x%08x", thunk);
	cr_assert_str_eq(nts_symbolize(both, 1, thunk, buf, sizeof buf), expect, "kernel alone");
	nts_image_free(&k);
	nts_image_free(&u);
}

Test(elf, service_table_names_from_symbols)
{
	static const char *const names[] = { "NtClose", "NtCreateProcessEx", "NtTestAlert", "NtWriteFile" };
	static const unsigned bytes[] = { 4, 36, 0, 36, 0, 8, 24, 4, 32, 32, 16, 12, 8, 8, 24 };
	struct nts_kernel k;
	uint32_t i, at;

	cr_assert_eq(nts_kernel_load(&k, FIXTURE("kernel.elf"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(k.nservices, 15);
	for (i = 0; i < 4; i++) {
		cr_assert_str_eq(k.services[i].name, names[i]);
		cr_assert_eq(nts_image_symbol(&k.img, names[i], &at), 0);
		cr_assert_eq(k.services[i].addr, at);
	}
	cr_assert_null(k.services[4].name, "an entry that is no symbol's start stays unnamed");
	for (i = 0; i < 15; i++)
		cr_assert_eq(k.services[i].arg_bytes, bytes[i]);
	cr_assert_eq(nts_kernel_service(&k, 3), &k.services[3]);
	cr_assert_str_eq(nts_kernel_service(&k, 5)->name, "NtContinue");
	cr_assert_str_eq(nts_kernel_service(&k, 14)->name, "NtOpenFile");
	cr_assert_null(nts_kernel_service(&k, 15));
	cr_assert_null(nts_kernel_service(&k, 0xFFF));
	cr_assert_null(nts_kernel_service(&k, 0x1000), "table 1 (shadow) services are not table 0's");
	cr_assert_null(nts_kernel_service(&k, 0x1005));
	nts_kernel_free(&k);
}

Test(elf, errors_name_the_problem)
{
	load_fails("kernel", FIXTURE("missing.elf"), "cannot open kernel");
	load_fails("kernel", FIXTURE("missing.elf"), "No such file");
	load_fails("kernel", FIXTURE_SRCDIR "/kernel.c", "is not an ELF file");
	load_fails("kernel", FIXTURE("kernel-x64.o"), "is not a 32-bit i386 ELF");
	load_fails("kernel", FIXTURE("kernel-stripped.elf"), "has no symbol table");
	load_fails("image", FIXTURE("kernel-stripped.elf"), "image ");
}

Test(elf, hooks_must_be_global_functions)
{
	struct nts_image img;
	uint32_t at = 0;

	load(&img, FIXTURE("kernel-noissue3.elf"));
	cr_assert_eq(nts_image_global_func(&img, "KiSwapContext", &at), 0);
	cr_assert_eq(nts_image_at(&img, at)->kind, NTS_SYM_FUNC);
	cr_assert_eq(nts_image_global_func(&img, "KiUnwaitThread", &at), 1, "static: there, but not global");
	cr_assert_eq(nts_image_global_func(&img, "KiPcr", &at), 1, "an object is no function");
	cr_assert_eq(nts_image_global_func(&img, "KiInsertQueueApc", &at), -1);
	nts_image_free(&img);
}

Test(elf, kernel_check_names_missing_symbol)
{
	cr_assert_eq(nts_kernel_check(FIXTURE("kernel.elf"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(nts_kernel_check(FIXTURE("kernel-nofastcall.elf"), err, sizeof err), -1);
	cr_assert_str_eq(err, "kernel " FIXTURE("kernel-nofastcall.elf") " has no symbol KiFastCallEntry");
	cr_assert_eq(nts_kernel_check(FIXTURE("kernel-stripped.elf"), err, sizeof err), -1);
	cr_assert(strstr(err, "has no symbol table"), "%s", err);
}
