/*
 * kernel.c — the kernel contract: symbols, service table, DWARF offsets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/kernel.h"

#define MAX_SERVICES 4096              /* EAX & 0xFFF */

static const struct {
	const char *name;
	size_t at;
} symbols[] = {
	{ "KiPcr", offsetof(struct nts_kernel, ki_pcr) },
	{ "KeBugCheckEx", offsetof(struct nts_kernel, bugcheck) },
	{ "KiSystemService", offsetof(struct nts_kernel, system_service) },
	{ "KiFastCallEntry", offsetof(struct nts_kernel, fast_call_entry) },
	{ "KiServiceTable", offsetof(struct nts_kernel, service_table) },
	{ "KiArgumentTable", offsetof(struct nts_kernel, argument_table) },
	{ "KiServiceLimit", offsetof(struct nts_kernel, service_limit) },
};

/* size: the field's size in bytes that the tracer relies on, 0 for any. */
static const struct {
	const char *type, *member;
	size_t at;
	uint32_t size;
} fields[] = {
	{ "_KPCR", "PrcbData.CurrentThread", offsetof(struct nts_offsets, current_thread), 4 },
	{ "_ETHREAD", "Cid", offsetof(struct nts_offsets, cid), 0 },
	{ "_ETHREAD", "Cid.UniqueProcess", offsetof(struct nts_offsets, cid_process), 4 },
	{ "_ETHREAD", "Cid.UniqueThread", offsetof(struct nts_offsets, cid_thread), 4 },
	{ "_ETHREAD", "ThreadsProcess", offsetof(struct nts_offsets, threads_process), 4 },
	{ "_EPROCESS", "UniqueProcessId", offsetof(struct nts_offsets, process_id), 4 },
	{ "_EPROCESS", "ImageFileName", offsetof(struct nts_offsets, image_name), 0 },
};

/* A little-endian dword. */
static uint32_t le32(const unsigned char *b)
{
	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Resolve the contract's symbols. 0, or -1 naming the first missing one. */
static int load_symbols(struct nts_kernel *k, char *err, size_t errlen)
{
	size_t i;
	for (i = 0; i < sizeof symbols / sizeof *symbols; i++) {
		uint32_t *at = (uint32_t *)((char *)k + symbols[i].at);
		if (nts_image_symbol(&k->img, symbols[i].name, at) != 0) {
			snprintf(err, errlen, "kernel %s has no symbol %s", k->img.path, symbols[i].name);
			return -1;
		}
	}
	return 0;
}

/* Read entry i of the service and argument tables from the file. 0, or -1. */
static int load_service(struct nts_kernel *k, uint32_t i)
{
	struct nts_service *s = &k->services[i];
	const struct nts_sym *sym;
	unsigned char b[4], arg;

	if (nts_image_read(&k->img, k->service_table + 4 * i, b, 4) ||
	    nts_image_read(&k->img, k->argument_table + i, &arg, 1))
		return -1;
	s->addr = le32(b);
	s->arg_bytes = arg;
	sym = nts_image_at(&k->img, s->addr);
	s->name = sym ? sym->name : NULL;
	return 0;
}

/* Read KiServiceLimit and the tables it bounds. 0, or -1 with err. */
static int load_services(struct nts_kernel *k, char *err, size_t errlen)
{
	unsigned char b[4];
	uint32_t i;

	if (nts_image_read(&k->img, k->service_limit, b, 4) != 0 || le32(b) > MAX_SERVICES) {
		snprintf(err, errlen, "kernel %s: KiServiceLimit is not a service count in the file's data",
		         k->img.path);
		return -1;
	}
	k->nservices = le32(b);
	k->services = calloc(k->nservices ? k->nservices : 1, sizeof *k->services);
	if (!k->services) {
		snprintf(err, errlen, "out of memory loading kernel %s", k->img.path);
		return -1;
	}
	for (i = 0; i < k->nservices; i++) {
		if (load_service(k, i) != 0) {
			snprintf(err, errlen, "kernel %s: KiServiceTable/KiArgumentTable entry %u "
			         "is not in the file's data", k->img.path, i);
			return -1;
		}
	}
	return 0;
}

/* Resolve the DWARF offsets. 0, or -1 naming the first missing type or member. */
static int load_fields(struct nts_kernel *k, char *err, size_t errlen)
{
	struct nts_dwarf d;
	size_t i;
	int rc = -1;

	if (nts_dwarf_open(&d, "kernel", k->img.path, err, errlen) != 0)
		return -1;
	for (i = 0; i < sizeof fields / sizeof *fields; i++) {
		struct nts_field *f = (struct nts_field *)((char *)&k->off + fields[i].at);
		if (nts_dwarf_field(&d, fields[i].type, fields[i].member, f, err, errlen) != 0)
			goto out;
		if (fields[i].size && f->size != fields[i].size) {
			snprintf(err, errlen, "kernel %s: DWARF member %s.%s is %u bytes, expected %u",
			         k->img.path, fields[i].type, fields[i].member, f->size, fields[i].size);
			goto out;
		}
	}
	rc = 0;
out:
	nts_dwarf_close(&d);
	return rc;
}

int nts_kernel_load(struct nts_kernel *k, const char *path, char *err, size_t errlen)
{
	memset(k, 0, sizeof *k);
	if (nts_image_load(&k->img, "kernel", path, err, errlen) != 0)
		return -1;
	if (load_symbols(k, err, errlen) || load_services(k, err, errlen) ||
	    load_fields(k, err, errlen)) {
		nts_kernel_free(k);
		return -1;
	}
	if (k->off.image_name.size == 0 || k->off.image_name.size > 256)
		k->off.image_name.size = 16;
	return 0;
}

void nts_kernel_free(struct nts_kernel *k)
{
	free(k->services);
	nts_image_free(&k->img);
	memset(k, 0, sizeof *k);
}

int nts_kernel_check(const char *path, char *err, size_t errlen)
{
	struct nts_kernel k;
	if (nts_kernel_load(&k, path, err, errlen) != 0)
		return -1;
	nts_kernel_free(&k);
	return 0;
}

int nts_image_check(const char *path, char *err, size_t errlen)
{
	struct nts_image img;
	if (nts_image_load(&img, "image", path, err, errlen) != 0)
		return -1;
	nts_image_free(&img);
	return 0;
}

const struct nts_service *nts_kernel_service(const struct nts_kernel *k, uint32_t number)
{
	return number < k->nservices ? &k->services[number] : NULL;
}
