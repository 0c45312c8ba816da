/*
 * map.c — a small uint32 -> pointer hash map (open addressing, linear probing; deletion
 * shifts the entries after the hole back).
 */
#include <stdlib.h>

#include "plugin/core/session.h"

/* The first slot to probe for key (Fibonacci hashing: the product's top bits, so that
 * aligned keys such as object addresses spread too). cap is a power of two. */
static size_t slot(uint32_t key, size_t cap)
{
	return (size_t)((key * 2654435761u) >> (32 - __builtin_ctzl(cap)));
}

void *nts_map_get(const struct nts_map *m, uint32_t key)
{
	size_t i;
	if (m->cap == 0)
		return NULL;
	for (i = slot(key, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->vals[i];
	return NULL;
}

/* Place key -> val, replacing an existing entry; the table has a free slot. */
static void place(struct nts_map *m, uint32_t key, void *val)
{
	size_t i = slot(key, m->cap);
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
}

/* Double the table (or make the first). 0, or -1 out of memory. */
static int grow(struct nts_map *m)
{
	struct nts_map big = { 0 };
	size_t i;

	big.cap = m->cap ? 2 * m->cap : 64;
	big.keys = calloc(big.cap, sizeof *big.keys);
	big.vals = calloc(big.cap, sizeof *big.vals);
	if (!big.keys || !big.vals) {
		free(big.keys);
		free(big.vals);
		return -1;
	}
	for (i = 0; i < m->cap; i++)
		if (m->keys[i])
			place(&big, m->keys[i], m->vals[i]);
	free(m->keys);
	free(m->vals);
	*m = big;
	return 0;
}

int nts_map_put(struct nts_map *m, uint32_t key, void *val)
{
	if (key == 0)
		return -1;
	if (2 * (m->n + 1) > m->cap && grow(m) != 0)
		return -1;
	place(m, key, val);
	return 0;
}

/* Whether slot k, where an entry hashed to home sits, lies cyclically in (hole, k]:
 * then the entry may not move back into the hole. */
static int stays(size_t hole, size_t home, size_t k)
{
	return hole <= k ? hole < home && home <= k : hole < home || home <= k;
}

void *nts_map_del(struct nts_map *m, uint32_t key)
{
	size_t i, j;
	void *val;

	if (m->cap == 0 || key == 0)
		return NULL;
	for (i = slot(key, m->cap); m->keys[i] != key; i = (i + 1) & (m->cap - 1))
		if (!m->keys[i])
			return NULL;
	val = m->vals[i];
	m->keys[i] = 0;
	m->vals[i] = NULL;
	m->n--;
	for (j = (i + 1) & (m->cap - 1); m->keys[j]; j = (j + 1) & (m->cap - 1)) {
		if (stays(i, slot(m->keys[j], m->cap), j))
			continue;
		m->keys[i] = m->keys[j];
		m->vals[i] = m->vals[j];
		m->keys[j] = 0;
		m->vals[j] = NULL;
		i = j;
	}
	return val;
}

void nts_map_free(struct nts_map *m, int free_vals)
{
	size_t i;
	for (i = 0; free_vals && i < m->cap; i++)
		if (m->keys[i])
			free(m->vals[i]);
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->n = 0;
}
