/*
 * fuzz-elf.c — libFuzzer target: the ELF and DWARF loader (nts_kernel_load: symbols,
 * sections, build id, structure offsets, enumerations, the service table) and the
 * user-image loader over a corrupt file. A bad file must give an error, never a crash,
 * an unbounded read or an unbounded allocation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugin/core/kernel.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/ntscope-fuzz-elf.%ld", tmp && strlen(tmp) < 24 ? tmp : "/tmp",
	         (long)getpid());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nts_kernel k;
	struct nts_image img;
	char err[1024];
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	if (nts_kernel_load(&k, path, err, sizeof err) == 0)
		nts_kernel_free(&k);
	if (nts_image_load(&img, "image", path, err, sizeof err) == 0) {
		char buf[64];
		nts_image_read(&img, img.lo, buf, sizeof buf);
		nts_image_free(&img);
	}
	unlink(path);
	return 0;
}
