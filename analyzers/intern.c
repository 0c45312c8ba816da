/* intern.c — distinct strings by number, through an open-addressing hash. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/intern.h"

static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return (size_t)h;
}

/* Double the slots and rehash; 0 or -1. */
static int grow(struct nts_intern *t)
{
	size_t n = t->nslot ? 2 * t->nslot : 256, i, j;
	size_t *slot = calloc(n, sizeof *slot);

	if (!slot)
		return -1;
	for (i = 0; i < t->n; i++) {
		for (j = hash(t->s[i]) & (n - 1); slot[j]; j = (j + 1) & (n - 1))
			;
		slot[j] = i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = n;
	return 0;
}

/* Append s as string number t->n; 0 or -1. */
static int append(struct nts_intern *t, const char *s)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		char **v = realloc(t->s, cap * sizeof *v);
		if (!v)
			return -1;
		t->s = v;
		t->cap = cap;
	}
	t->s[t->n] = strdup(s);
	return t->s[t->n] ? 0 : -1;
}

long nts_intern(struct nts_intern *t, const char *s)
{
	size_t j;

	if (2 * (t->n + 1) > t->nslot && grow(t) != 0)
		return -1;
	for (j = hash(s) & (t->nslot - 1); t->slot[j]; j = (j + 1) & (t->nslot - 1))
		if (strcmp(t->s[t->slot[j] - 1], s) == 0)
			return (long)(t->slot[j] - 1);
	if (append(t, s) != 0)
		return -1;
	t->slot[j] = ++t->n;
	return (long)(t->n - 1);
}

void nts_intern_free(struct nts_intern *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
	free(t->slot);
	memset(t, 0, sizeof *t);
}
