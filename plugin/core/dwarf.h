/*
 * dwarf.h — structure member offsets from an image's DWARF (libdw).
 */
#ifndef NTSCOPE_DWARF_H
#define NTSCOPE_DWARF_H

#include <stddef.h>
#include <stdint.h>

struct nts_dwarf_type;

struct nts_dwarf {
	int fd;
	void *dw;                      /* Dwarf * */
	const char *what, *path;       /* for messages; not owned */
	struct nts_dwarf_type *types;  /* defined types by name: a hash of the units so far */
	size_t ntypes, types_cap;
	uint64_t next_unit;            /* the first unit not yet in types */
	int all_indexed;
};

struct nts_field {
	uint32_t off;                  /* from the start of the outer structure */
	uint32_t size;                 /* bytes, 0 if DWARF does not say */
	int found;                     /* 1 once resolved; optional fields may stay 0 */
};

/* The enumerators of an enumeration type, as the guest's DWARF names them. */
struct nts_enum {
	size_t n;
	int64_t *values;
	char **names;
};

/* Open the DWARF of the ELF at path. 0, or -1 with err set (no file, no DWARF). */
int nts_dwarf_open(struct nts_dwarf *d, const char *what, const char *path,
                   char *err, size_t errlen);

void nts_dwarf_close(struct nts_dwarf *d);

/* Resolve member (a dotted path such as "PrcbData.CurrentThread") of the structure
 * `type`: a struct tag ("_KPCR"), or failing that the typedef named without the
 * leading underscore ("KPCR"; "KPCR" itself also works). Anonymous structs and unions are searched through.
 * 0, or -1 with err naming the missing type or member. */
int nts_dwarf_field(struct nts_dwarf *d, const char *type, const char *member,
                    struct nts_field *f, char *err, size_t errlen);

/* Whether the structure `type` is defined (found as nts_dwarf_field finds it). */
int nts_dwarf_has_type(struct nts_dwarf *d, const char *type);

/* Read the enumeration `type` (an enum tag such as "_KTHREAD_STATE", or its typedef
 * without the underscore) into e. 0, or -1 with err naming the missing type. */
int nts_dwarf_enum(struct nts_dwarf *d, const char *type, struct nts_enum *e,
                   char *err, size_t errlen);

void nts_enum_free(struct nts_enum *e);

/* The enumerator called name: 0 with *value set, or -1. */
int nts_enum_value(const struct nts_enum *e, const char *name, int64_t *value);

/* The name of value, or NULL if the enumeration has none. */
const char *nts_enum_name(const struct nts_enum *e, int64_t value);

#endif
