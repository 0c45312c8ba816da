/*
 * elf.h — an i386 ELF image's symbols and allocated section contents (libelf).
 */
#ifndef NTSCOPE_ELF_H
#define NTSCOPE_ELF_H

#include <stddef.h>
#include <stdint.h>

enum nts_sym_kind { NTS_SYM_FUNC, NTS_SYM_OBJECT, NTS_SYM_OTHER };

struct nts_sym {
	uint32_t addr, size;
	unsigned char kind;            /* enum nts_sym_kind */
	unsigned char global;
	const char *name;              /* into nts_image.strings */
};

struct nts_section {
	uint32_t addr, size;
	unsigned char *data;           /* NULL for NOBITS (reads as zeros) */
};

struct nts_image {
	char *path;
	const char *name;              /* basename of path */
	uint32_t lo, hi;               /* span of the allocated sections */
	char build_id[129];            /* hex of .note.gnu.build-id, "" if none */
	struct nts_sym *syms;          /* sorted by address, best name first */
	size_t nsyms;
	char *strings;
	struct nts_section *secs;
	size_t nsecs;
};

/* Load the image at path, checking it is a 32-bit i386 ELF with a symbol table.
 * `what` names it in errors ("kernel", "image"). 0, or -1 with err set. */
int nts_image_load(struct nts_image *img, const char *what, const char *path,
                   char *err, size_t errlen);

void nts_image_free(struct nts_image *img);

/* The address of the symbol called name (functions and objects first): 0, or -1. */
int nts_image_symbol(const struct nts_image *img, const char *name, uint32_t *addr);

/* The address of the global function called name: 0; 1 if only a local (static)
 * symbol has that name; -1 if none does. */
int nts_image_global_func(const struct nts_image *img, const char *name, uint32_t *addr);

/* The symbol starting exactly at addr, or NULL. */
const struct nts_sym *nts_image_at(const struct nts_image *img, uint32_t addr);

/* The nearest symbol at or below addr within the image's span, or NULL. */
const struct nts_sym *nts_image_lookup(const struct nts_image *img, uint32_t addr);

/* Copy len bytes of the file's data at virtual address addr: 0, or -1 if any byte
 * lies outside the allocated sections. */
int nts_image_read(const struct nts_image *img, uint32_t addr, void *buf, uint32_t len);

/* Format addr as "symbol" or "symbol+0xoff" against sym (its nearest symbol), or as
 * "0xXXXXXXXX" when sym is NULL. Returns buf. */
char *nts_format_addr(const struct nts_sym *sym, uint32_t addr, char *buf, size_t len);

/* Format addr as "symbol", "symbol+0xoff" or "0xXXXXXXXX" using the first of the
 * n images whose span holds it. Returns buf. */
char *nts_symbolize(const struct nts_image *const *imgs, size_t n, uint32_t addr,
                    char *buf, size_t len);

#endif
