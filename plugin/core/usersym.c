/*
 * usersym.c — user addresses are per process: every program is linked at the same
 * base (0x00400000), so an address there means the image of the *current* process
 * (the $NTSCOPE_IMAGES file named like its EPROCESS.ImageFileName). Images that no
 * other user image overlaps (ntdll at 0x7C900000) are shared by every process.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plugin/core/session.h"

/* Whether two images share any address. */
static int overlap(const struct nts_image *a, const struct nts_image *b)
{
	return a->lo < b->hi && b->lo < a->hi;
}

/* Whether user image i overlaps no other user image. */
static int is_shared(const struct nts_session *s, size_t i)
{
	size_t j;
	for (j = 0; j < s->nuser; j++)
		if (j != i && overlap(&s->user[i], &s->user[j]))
			return 0;
	return s->user[i].hi > s->user[i].lo;
}

void nts_usersym_init(struct nts_session *s)
{
	size_t i;

	s->nshared = 0;
	s->shared = calloc(s->nuser ? s->nuser : 1, sizeof *s->shared);
	for (i = 0; s->shared && i < s->nuser; i++)
		if (is_shared(s, i))
			s->shared[s->nshared++] = &s->user[i];
	s->shared_lo = 0x80000000u;
	for (i = 0; i < s->nshared; i++)
		if (s->shared[i]->lo < s->shared_lo)
			s->shared_lo = s->shared[i]->lo;
	s->user_apc_dispatcher = 0;
	for (i = 0; i < s->nshared && !s->user_apc_dispatcher; i++)
		nts_image_symbol(s->shared[i], "KiUserApcDispatcher", &s->user_apc_dispatcher);
}

/* ImageFileName keeps at most its size - 1 characters: a name that long may be the
 * start of a longer file name. */
const struct nts_image *nts_usersym_program(const struct nts_session *s, const char *name)
{
	size_t i, n = strlen(name), max = s->k.off.image_name.size - 1;

	for (i = 0; n && i < s->nuser; i++) {
		const char *file = s->user[i].name;
		if (n >= max ? strncasecmp(file, name, n) == 0 : strcasecmp(file, name) == 0)
			return &s->user[i];
	}
	return NULL;
}

char *nts_usersym(const struct nts_session *s, const struct nts_process *p, uint32_t addr,
                  char *buf, size_t len)
{
	const struct nts_sym *sym = nts_image_lookup(&s->k.img, addr);
	size_t i;

	if (!sym && p && p->program)
		sym = nts_image_lookup(p->program, addr);
	for (i = 0; !sym && i < s->nshared; i++)
		sym = nts_image_lookup(s->shared[i], addr);
	return nts_format_addr(sym, addr, buf, len);
}
