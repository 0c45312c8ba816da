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
	d->last_type[0] = '\0';
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

/* Whether the top-level die is the defined type `tag` of this kind, or the typedef
 * `tdef` of one; *out gets the type. */
static int matches(Dwarf_Die *die, const char *tag, const char *tdef, kind_fn kind, Dwarf_Die *out)
{
	const char *name = dwarf_diename(die);
	if (!name)
		return 0;
	if (kind(die) && strcmp(name, tag) == 0 && !dwarf_hasattr(die, DW_AT_declaration)
	    && dwarf_haschildren(die)) {
		*out = *die;
		return 1;
	}
	if (dwarf_tag(die) == DW_TAG_typedef && tdef && strcmp(name, tdef) == 0)
		return peel_type(die, out) == 0 && kind(out) && dwarf_haschildren(out);
	return 0;
}

/* Search the top level of every unit for the type (pass 0: by tag, pass 1: by
 * typedef, named without the tag's leading underscore). 0 with *out set, or -1. */
static int find_type(Dwarf *dw, const char *tag, kind_fn kind, Dwarf_Die *out)
{
	const char *tdef = tag[0] == '_' ? tag + 1 : tag;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		Dwarf_Off off = 0, next;
		size_t hsize;
		while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
			Dwarf_Die cu, die;
			if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_child(&cu, &die) == 0) {
				do {
					if (matches(&die, tag, pass ? tdef : NULL, kind, out))
						return 0;
				} while (dwarf_siblingof(&die, &die) == 0);
			}
			off = next;
		}
	}
	return -1;
}

/* find_type through a one-entry cache: the last type found by the same kind. */
static int find_type_cached(struct nts_dwarf *d, const char *tag, kind_fn kind, Dwarf_Die *out)
{
	int k = kind == is_aggregate;

	if (d->last_type[0] && d->last_kind == k && strcmp(d->last_type, tag) == 0 &&
	    dwarf_offdie(d->dw, (Dwarf_Off)d->last_off, out))
		return 0;
	if (find_type(d->dw, tag, kind, out) != 0)
		return -1;
	if (strlen(tag) < sizeof d->last_type) {
		strcpy(d->last_type, tag);
		d->last_kind = k;
		d->last_off = dwarf_dieoffset(out);
	}
	return 0;
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

	if (find_type_cached(d, type, is_aggregate, &agg) != 0) {
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
	return find_type_cached(d, type, is_aggregate, &agg) == 0;
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
	if (find_type(d->dw, type, is_enum, &die) != 0) {
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
