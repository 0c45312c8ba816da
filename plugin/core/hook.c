/*
 * hook.c — execution hooks: the addresses whose execution the tracer acts on, and the
 * hot range (struct nts_hot) the emulator checks before calling exec(). Hooks may be
 * removed (one-shot return hooks); the ranges only ever grow, and within them only
 * addresses whose filter bit (tracer.h) a hook has set reach exec(). Program code (below the
 * shared user images) is hot only while a process with hooks there runs: the range
 * published is then every hook's, else that of the hooks at or above shared_lo. The
 * emulator reads it after each exec(), so a switch decided in a hook (KiSwapContext)
 * takes effect before the next thread runs.
 */
#include "plugin/core/session.h"

/* The first slot to probe for addr. */
static unsigned hook_slot(uint32_t addr)
{
	return (addr * 2654435761u) >> 24 & (NTS_HOOK_SLOTS - 1);
}

/* Widen the published hot range to cover addr. */
static void cover(struct nts_session *s, struct nts_hot *hot, uint32_t addr)
{
	uint32_t hi;
	hot->filter = s->hot_filter;
	if (hot->span == 0) {
		hot->lo = addr;
		hot->span = 1;
		return;
	}
	hi = hot->lo + hot->span - 1;
	if (addr < hot->lo)
		hot->lo = addr;
	if (addr > hi)
		hi = addr;
	hot->span = hi - hot->lo + 1;
}

/* The slot of addr, or the free slot where it would go. */
static unsigned find_slot(const struct nts_session *s, uint32_t addr)
{
	unsigned i = hook_slot(addr);
	while (s->hook_addr[i] && s->hook_addr[i] != addr)
		i = (i + 1) & (NTS_HOOK_SLOTS - 1);
	return i;
}

nts_hook_fn nts_hook_find(const struct nts_session *s, uint32_t addr)
{
	unsigned i = find_slot(s, addr);
	return addr && s->hook_addr[i] == addr ? s->hook_fn[i] : NULL;
}

int nts_hook_add(struct nts_session *s, uint32_t addr, nts_hook_fn fn)
{
	unsigned i = find_slot(s, addr);

	if (addr == 0 || (s->hook_addr[i] == addr && s->hook_fn[i] != fn))
		return -1;
	if (!s->hook_addr[i] && s->nhooks >= NTS_HOOK_SLOTS / 2)
		return -1;
	if (!s->hook_addr[i])
		s->nhooks++;
	s->hook_addr[i] = addr;
	s->hook_fn[i] = fn;
	s->hot_filter[NTS_HOT_BIT(addr) / 8] |= 1u << NTS_HOT_BIT(addr) % 8;
	cover(s, &s->hot_all, addr);
	if (addr >= s->shared_lo)
		cover(s, &s->hot_shared, addr);
	cover(s, &s->hot, addr);
	return 0;
}

void nts_hook_hot(struct nts_session *s, int all)
{
	s->hot = all ? s->hot_all : s->hot_shared;
}

/* Whether slot k, holding an address whose first slot is home, lies cyclically in
 * (hole, k]: then that entry may not move back into the hole. */
static int stays(unsigned hole, unsigned home, unsigned k)
{
	return hole <= k ? hole < home && home <= k : hole < home || home <= k;
}

/* Clear addr's filter bit unless another hook shares it. */
static void unfilter(struct nts_session *s, uint32_t addr)
{
	uint32_t bit = NTS_HOT_BIT(addr);
	unsigned i;

	for (i = 0; i < NTS_HOOK_SLOTS; i++)
		if (s->hook_addr[i] && NTS_HOT_BIT(s->hook_addr[i]) == bit)
			return;
	s->hot_filter[bit / 8] &= ~(1u << bit % 8);
}

void nts_hook_del(struct nts_session *s, uint32_t addr)
{
	unsigned i = find_slot(s, addr), j;

	if (addr == 0 || s->hook_addr[i] != addr)
		return;
	s->hook_addr[i] = 0;
	s->nhooks--;
	for (j = (i + 1) & (NTS_HOOK_SLOTS - 1); s->hook_addr[j]; j = (j + 1) & (NTS_HOOK_SLOTS - 1)) {
		if (stays(i, hook_slot(s->hook_addr[j]), j))
			continue;
		s->hook_addr[i] = s->hook_addr[j];
		s->hook_fn[i] = s->hook_fn[j];
		s->hook_addr[j] = 0;
		i = j;
	}
	unfilter(s, addr);
}

void nts_hook_exec(struct nts_session *s, uint32_t eip)
{
	unsigned i = hook_slot(eip);
	while (s->hook_addr[i]) {
		if (s->hook_addr[i] == eip) {
			s->sched_pending = 0;
			s->hook_fn[i](s, eip);
			return;
		}
		i = (i + 1) & (NTS_HOOK_SLOTS - 1);
	}
}
