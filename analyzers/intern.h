/* intern.h — a table of distinct strings, each numbered once (report's string table). */
#ifndef NTSCOPE_INTERN_H
#define NTSCOPE_INTERN_H

#include <stddef.h>

struct nts_intern {
	char **s;                   /* the strings, by number */
	size_t n, cap;
	size_t *slot;               /* hash slots: number + 1, 0 empty */
	size_t nslot;
};

/* The number of s (added if new), or -1 when out of memory. */
long nts_intern(struct nts_intern *t, const char *s);

void nts_intern_free(struct nts_intern *t);

#endif
