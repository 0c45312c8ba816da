/*
 * test-map.c — the core's small tables: the uint32 -> pointer map with deletion (keys
 * that collide, deleted in every order, against a plain array) and the hook table
 * with removal (probe chains stay intact, the hot range only grows).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/session.h"

#define KEYS 3000

static void hook_a(struct nts_session *s, uint32_t eip) { }
static void hook_b(struct nts_session *s, uint32_t eip) { }

Test(map, deletion_keeps_every_other_key_reachable)
{
	static uintptr_t want[KEYS];
	struct nts_map m = { 0 };
	uint32_t seed = 12345;
	size_t i, k;

	for (i = 0; i < 20 * KEYS; i++) {
		seed = seed * 1103515245u + 12345u;
		k = (seed >> 8) % KEYS;
		if ((seed >> 4) & 1) {
			cr_assert_eq(nts_map_put(&m, (uint32_t)(k + 1) << 6, (void *)(i + 1)), 0);
			want[k] = i + 1;
		} else {
			cr_assert_eq((uintptr_t)nts_map_del(&m, (uint32_t)(k + 1) << 6), want[k]);
			want[k] = 0;
		}
	}
	for (k = 0, i = 0; k < KEYS; k++) {
		cr_assert_eq((uintptr_t)nts_map_get(&m, (uint32_t)(k + 1) << 6), want[k], "key %zu", k);
		i += want[k] != 0;
	}
	cr_assert_eq(m.n, i);
	cr_assert_null(nts_map_del(&m, 0));
	cr_assert_null(nts_map_del(&m, 7));
	cr_assert_eq(m.n, i);
	nts_map_free(&m, 0);
}

Test(map, hooks_are_removed_without_breaking_probe_chains)
{
	struct nts_session *s = calloc(1, sizeof *s);
	uint32_t a[NTS_HOOK_SLOTS / 2];
	size_t i, n = NTS_HOOK_SLOTS / 2;

	cr_assert_not_null(s);
	for (i = 0; i < n; i++) {
		a[i] = 0x80100000u + 0x1000u * (uint32_t)i;   /* many share a first slot */
		cr_assert_eq(nts_hook_add(s, a[i], hook_a), 0);
	}
	cr_assert_eq(nts_hook_add(s, 0x80900000u, hook_a), -1, "half the slots at most");
	cr_assert_eq(nts_hook_add(s, a[3], hook_b), -1, "one function per address");
	for (i = 0; i < n; i += 2)
		nts_hook_del(s, a[i]);
	for (i = 0; i < n; i++)
		cr_assert_eq(nts_hook_find(s, a[i]), i % 2 ? hook_a : NULL, "hook %zu", i);
	cr_assert_eq(s->nhooks, n / 2);
	nts_hook_del(s, 0x12345678);
	cr_assert_eq(s->nhooks, n / 2);
	cr_assert_eq(nts_hook_add(s, 0x00401000u, hook_b), 0);
	cr_assert_eq(s->hot.lo, 0x00401000u);
	nts_hook_del(s, 0x00401000u);
	cr_assert_eq(s->hot.lo, 0x00401000u, "the hot range never shrinks");
	cr_assert_eq(s->hot.lo + s->hot.span - 1, a[n - 1]);
	free(s);
}
