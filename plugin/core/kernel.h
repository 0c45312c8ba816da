/*
 * kernel.h — what the tracer needs from the kernel image: the symbols of the
 * kernel contract, the system service table (read from the ELF file's data), and the
 * structure offsets it reads guest objects with (from DWARF).
 */
#ifndef NTSCOPE_KERNEL_H
#define NTSCOPE_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "plugin/core/check.h"
#include "plugin/core/dwarf.h"
#include "plugin/core/elf.h"

struct nts_service {
	const char *name;              /* the function symbol the entry points to, or NULL */
	uint32_t addr;
	unsigned arg_bytes;            /* KiArgumentTable entry */
};

struct nts_offsets {
	struct nts_field current_thread;   /* _KPCR.PrcbData.CurrentThread */
	struct nts_field cid;              /* _ETHREAD.Cid */
	struct nts_field cid_process;      /* _ETHREAD.Cid.UniqueProcess */
	struct nts_field cid_thread;       /* _ETHREAD.Cid.UniqueThread */
	struct nts_field threads_process;  /* _ETHREAD.ThreadsProcess */
	struct nts_field process_id;       /* _EPROCESS.UniqueProcessId */
	struct nts_field image_name;       /* _EPROCESS.ImageFileName */
};

struct nts_kernel {
	struct nts_image img;
	uint32_t ki_pcr, bugcheck, system_service, fast_call_entry;
	uint32_t service_table, argument_table, service_limit;
	uint32_t nservices;
	struct nts_service *services;
	struct nts_offsets off;
};

/* Load and check the kernel ELF at path: i386, symbols, service table, DWARF fields.
 * 0, or -1 with err naming the first thing missing. */
int nts_kernel_load(struct nts_kernel *k, const char *path, char *err, size_t errlen);

void nts_kernel_free(struct nts_kernel *k);

/* The service for number, or NULL if the table has no such entry. */
const struct nts_service *nts_kernel_service(const struct nts_kernel *k, uint32_t number);

#endif
