/*
 * dwarf.c — looking up structure layouts in DWARF with libdw.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugin/core/dwarf.h"

int nts_dwarf_open(struct nts_dwarf *d, const char *what, const char *path,
                   char *err, size_t errlen)
{
	d->what = what;
	d->path = path;
	d->dw = NULL;
	d->types = NULL;
	d->ntypes = d->types_cap = 0;
	d->next_unit = 0;
	d->all_indexed = 0;
	d->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0) {
		snprintf(err, errlen, "cannot open %s %s: %s", what, path, strerror(errno));
		return -1;
	}
	d->dw = dwarf_begin(d->fd, DWARF_C_READ);
	if (!d->dw) {
		snprintf(err, errlen, "%s %s has no DWARF debug info (build it with -g): %s",
		         what, path, dwarf_errmsg(-1));
		close(d->fd);
		d->fd = -1;
		return -1;
	}
	return 0;
}

void nts_dwarf_close(struct nts_dwarf *d)
{
	free(d->types);
	d->types = NULL;
	d->ntypes = d->types_cap = 0;
	if (d->dw)
		dwarf_end(d->dw);
	if (d->fd >= 0)
		close(d->fd);
	d->dw = NULL;
	d->fd = -1;
}

/* Follow DW_AT_type of die into *out, skipping typedefs and qualifiers. 0, or -1. */
static int peel_type(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;
	Dwarf_Die cur = *die;
	int tag;

	do {
		if (!dwarf_attr_integrate(&cur, DW_AT_type, &a) || !dwarf_formref_die(&a, out))
			return -1;
		cur = *out;
		tag = dwarf_tag(&cur);
	} while (tag == DW_TAG_typedef || tag == DW_TAG_const_type ||
	         tag == DW_TAG_volatile_type || tag == DW_TAG_restrict_type);
	return 0;
}

/* Whether die is a struct or union type. */
static int is_aggregate(Dwarf_Die *die)
{
	int tag = dwarf_tag(die);
	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type;
}

/* Whether die is an enumeration type. */
static int is_enum(Dwarf_Die *die)
{
	return dwarf_tag(die) == DW_TAG_enumeration_type;
}

typedef int (*kind_fn)(Dwarf_Die *die);

/* A defined struct, union or enum type, by name: an entry of nts_dwarf's index. */
struct nts_dwarf_type {
	const char *name;              /* in libdw's string section: lives while d->dw */
	uint64_t off;                  /* the die of its first definition in unit order */
	int is_enum;
};

/* FNV-1a of the name, seeded by the kind. */
static size_t name_hash(const char *name, int is_enum)
{
	size_t h = 2166136261u ^ (size_t)is_enum;
	while (*name)
		h = (h ^ (unsigned char)*name++) * 16777619u;
	return h;
}

/* The index slot of the type (name, is_enum): its entry, or the empty slot for it. */
static struct nts_dwarf_type *slot(const struct nts_dwarf *d, const char *name, int is_enum)
{
	size_t i = name_hash(name, is_enum) & (d->types_cap - 1);
	struct nts_dwarf_type *t;

	while ((t = &d->types[i])->name && (t->is_enum != is_enum || strcmp(t->name, name) != 0))
		i = (i + 1) & (d->types_cap - 1);
	return t;
}

/* Double the index (or create it). 0, or -1 without memory. */
static int grow(struct nts_dwarf *d)
{
	struct nts_dwarf_type *old = d->types;
	size_t i, n = d->types_cap;

	d->types_cap = n ? 2 * n : 1024;
	if (!(d->types = calloc(d->types_cap, sizeof *d->types))) {
		d->types = old;
		d->types_cap = n;
		return -1;
	}
	for (i = 0; i < n; i++)
		if (old[i].name)
			*slot(d, old[i].name, old[i].is_enum) = old[i];
	free(old);
	return 0;
}

/* Index the types defined at the top level of the next unit; the first definition of
 * a name wins. 0, or -1 when every unit is indexed (or memory ran out). */
static int index_next_unit(struct nts_dwarf *d)
{
	Dwarf_Off next;
	Dwarf_Die cu, die;
	size_t hsize;

	if (d->all_indexed || dwarf_nextcu(d->dw, d->next_unit, &next, &hsize, NULL, NULL, NULL) != 0) {
		d->all_indexed = 1;
		return -1;
	}
	if (dwarf_offdie(d->dw, d->next_unit + hsize, &cu) && dwarf_child(&cu, &die) == 0) {
		do {
			int tag = dwarf_tag(&die), is_enum = tag == DW_TAG_enumeration_type;
			const char *name;
			struct nts_dwarf_type *t;
			if ((!is_enum && !is_aggregate(&die)) || !dwarf_haschildren(&die) ||
			    dwarf_hasattr(&die, DW_AT_declaration) || !(name = dwarf_diename(&die)))
				continue;
			if (2 * (d->ntypes + 1) > d->types_cap && grow(d) != 0)
				return -1;
			if (!(t = slot(d, name, is_enum))->name) {
				*t = (struct nts_dwarf_type){ name, dwarf_dieoffset(&die), is_enum };
				d->ntypes++;
			}
		} while (dwarf_siblingof(&die, &die) == 0);
	}
	d->next_unit = next;
	return 0;
}

/* The first definition of the type `tag` in unit order, indexing units only as far
 * as needed. 0 with *out set, or -1. */
static int find_defined(struct nts_dwarf *d, const char *tag, int is_enum, Dwarf_Die *out)
{
	for (;;) {
		struct nts_dwarf_type *t = d->types_cap ? slot(d, tag, is_enum) : NULL;
		if (t && t->name)
			return dwarf_offdie(d->dw, t->off, out) ? 0 : -1;
		if (index_next_unit(d) != 0)
			return -1;
	}
}

/* The first typedef `tdef` of a defined type of this kind, in unit order. 0 with
 * *out set, or -1. */
static int find_typedef(Dwarf *dw, const char *tdef, kind_fn kind, Dwarf_Die *out)
{
	Dwarf_Off off = 0, next;
	size_t hsize;

	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, die;
		if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_child(&cu, &die) == 0) {
			do {
				const char *name = dwarf_tag(&die) == DW_TAG_typedef ? dwarf_diename(&die) : NULL;
				if (name && strcmp(name, tdef) == 0 && peel_type(&die, out) == 0 && kind(out) &&
				    dwarf_haschildren(out))
					return 0;
			} while (dwarf_siblingof(&die, &die) == 0);
		}
		off = next;
	}
	return -1;
}

/* The type `tag` of this kind (its first definition), or failing that the typedef of
 * one named without the tag's leading underscore. 0 with *out set, or -1. */
static int find_type(struct nts_dwarf *d, const char *tag, kind_fn kind, Dwarf_Die *out)
{
	if (find_defined(d, tag, kind == is_enum, out) == 0)
		return 0;
	return find_typedef(d->dw, tag[0] == '_' ? tag + 1 : tag, kind, out);
}

/* DW_AT_data_member_location of a member (0 for union members). 0, or -1. */
static int member_offset(Dwarf_Die *m, Dwarf_Word *off)
{
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t nops;

	*off = 0;
	if (!dwarf_attr(m, DW_AT_data_member_location, &a))
		return 0;
	if (dwarf_formudata(&a, off) == 0)
		return 0;
	if (dwarf_getlocation(&a, &ops, &nops) == 0 && nops == 1 && ops[0].atom == DW_OP_plus_uconst) {
		*off = ops[0].number;
		return 0;
	}
	return -1;
}

/* Find the member called name in the aggregate agg, searching anonymous members.
 * 0 with *m and *off (added to) set, or -1. */
static int find_member(Dwarf_Die *agg, const char *name, size_t len, Dwarf_Die *m, Dwarf_Word *off)
{
	Dwarf_Die child, inner;
	Dwarf_Word here;

	if (dwarf_child(agg, &child) != 0)
		return -1;
	do {
		const char *cname = dwarf_diename(&child);
		if (dwarf_tag(&child) != DW_TAG_member || member_offset(&child, &here) != 0)
			continue;
		if (cname && strlen(cname) == len && memcmp(cname, name, len) == 0) {
			*m = child;
			*off += here;
			return 0;
		}
		if (!cname && peel_type(&child, &inner) == 0 && is_aggregate(&inner) &&
		    find_member(&inner, name, len, m, off) == 0) {
			*off += here;
			return 0;
		}
	} while (dwarf_siblingof(&child, &child) == 0);
	return -1;
}

/* Walk the dotted path from the aggregate agg; fills f. 0, or -1. */
static int walk(Dwarf_Die *agg, const char *path, struct nts_field *f)
{
	Dwarf_Die cur = *agg, m, type;
	Dwarf_Word off = 0, size = 0;

	for (;;) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		if (find_member(&cur, path, len, &m, &off) != 0 || peel_type(&m, &type) != 0)
			return -1;
		if (!dot)
			break;
		if (!is_aggregate(&type))
			return -1;
		cur = type;
		path = dot + 1;
	}
	if (dwarf_aggregate_size(&type, &size) != 0)
		size = 0;
	f->off = off;
	f->size = size;
	f->found = 1;
	return 0;
}

int nts_dwarf_field(struct nts_dwarf *d, const char *type, const char *member,
                    struct nts_field *f, char *err, size_t errlen)
{
	Dwarf_Die agg;

	if (find_type(d, type, is_aggregate, &agg) != 0) {
		snprintf(err, errlen, "%s %s has no DWARF type %s", d->what, d->path, type);
		return -1;
	}
	if (walk(&agg, member, f) != 0) {
		snprintf(err, errlen, "%s %s has no DWARF member %s.%s", d->what, d->path, type, member);
		return -1;
	}
	return 0;
}

int nts_dwarf_has_type(struct nts_dwarf *d, const char *type)
{
	Dwarf_Die agg;
	return find_type(d, type, is_aggregate, &agg) == 0;
}

/* Count the enumerators of the enumeration die. */
static size_t count_enumerators(Dwarf_Die *type)
{
	Dwarf_Die c;
	size_t n = 0;
	if (dwarf_child(type, &c) == 0)
		do
			n += dwarf_tag(&c) == DW_TAG_enumerator;
		while (dwarf_siblingof(&c, &c) == 0);
	return n;
}

/* Copy the enumerators of type into e (sized by count_enumerators). 0, or -1. */
static int copy_enumerators(Dwarf_Die *type, struct nts_enum *e)
{
	Dwarf_Attribute a;
	Dwarf_Sword sv;
	Dwarf_Die c;

	if (dwarf_child(type, &c) != 0)
		return 0;
	do {
		const char *name = dwarf_diename(&c);
		if (dwarf_tag(&c) != DW_TAG_enumerator || !name ||
		    !dwarf_attr(&c, DW_AT_const_value, &a) || dwarf_formsdata(&a, &sv) != 0)
			continue;
		if (!(e->names[e->n] = strdup(name)))
			return -1;
		e->values[e->n++] = sv;
	} while (dwarf_siblingof(&c, &c) == 0);
	return 0;
}

int nts_dwarf_enum(struct nts_dwarf *d, const char *type, struct nts_enum *e,
                   char *err, size_t errlen)
{
	Dwarf_Die die;
	size_t n;

	memset(e, 0, sizeof *e);
	if (find_type(d, type, is_enum, &die) != 0) {
		snprintf(err, errlen, "%s %s has no DWARF enumeration %s", d->what, d->path, type);
		return -1;
	}
	n = count_enumerators(&die);
	e->values = calloc(n ? n : 1, sizeof *e->values);
	e->names = calloc(n ? n : 1, sizeof *e->names);
	if (!e->values || !e->names || copy_enumerators(&die, e) != 0) {
		nts_enum_free(e);
		snprintf(err, errlen, "out of memory reading DWARF enumeration %s", type);
		return -1;
	}
	return 0;
}

void nts_enum_free(struct nts_enum *e)
{
	size_t i;
	for (i = 0; e->names && i < e->n; i++)
		free(e->names[i]);
	free(e->names);
	free(e->values);
	memset(e, 0, sizeof *e);
}

int nts_enum_value(const struct nts_enum *e, const char *name, int64_t *value)
{
	size_t i;
	for (i = 0; i < e->n; i++) {
		if (strcmp(e->names[i], name) == 0) {
			*value = e->values[i];
			return 0;
		}
	}
	return -1;
}

const char *nts_enum_name(const struct nts_enum *e, int64_t value)
{
	size_t i;
	for (i = 0; i < e->n; i++)
		if (e->values[i] == value)
			return e->names[i];
	return NULL;
}
