/*
 * fake.c — the fake CPU and fixture helpers of the unit tests.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/elf.h"
#include "tests/unit/fake.h"

static uint32_t fake_reg(void *ctx, enum nts_reg r)
{
	return ((struct fake *)ctx)->regs[r];
}

static int fake_read_phys(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
	struct fake *f = ctx;
	if (pa > FAKE_RAM_SIZE || len > FAKE_RAM_SIZE - pa)
		return -1;
	memcpy(buf, f->ram + pa, len);
	return 0;
}

static uint64_t fake_icount(void *ctx)
{
	return ((struct fake *)ctx)->icount;
}

static void fake_stop(void *ctx)
{
	((struct fake *)ctx)->stops++;
}

void fake_init(struct fake *f)
{
	memset(f, 0, sizeof *f);
	f->ram = calloc(1, FAKE_RAM_SIZE);
	cr_assert_not_null(f->ram);
	f->next_pt = FAKE_PT_FIRST;
	f->regs[NTS_CR0] = FAKE_CR0_PG | 1;
	f->regs[NTS_CR3] = FAKE_PD;
	f->cpu = (struct nts_cpu){ f, "fake cpu", fake_reg, fake_read_phys, fake_icount, fake_stop };
}

void fake_free(struct fake *f)
{
	free(f->ram);
	f->ram = NULL;
}

static uint32_t *entry(struct fake *f, uint32_t pa)
{
	return (uint32_t *)(f->ram + pa);
}

void fake_map(struct fake *f, uint32_t va, uint32_t pa)
{
	uint32_t *pde = entry(f, FAKE_PD + (va >> 22) * 4);
	if (!(*pde & 1)) {
		*pde = f->next_pt | 0x7;
		f->next_pt += 0x1000;
	}
	*entry(f, (*pde & ~0xFFFu) + ((va >> 12) & 0x3FF) * 4) = (pa & ~0xFFFu) | 0x7;
}

void fake_map_large(struct fake *f, uint32_t va, uint32_t pa)
{
	*entry(f, FAKE_PD + (va >> 22) * 4) = (pa & 0xFFC00000u) | 0x83;
}

/* The test's own translation of va (independent of the code under test). */
static uint32_t fake_pa(struct fake *f, uint32_t va)
{
	uint32_t pde = *entry(f, FAKE_PD + (va >> 22) * 4), pte;
	cr_assert(pde & 1, "fake_poke: va 0x%08x has no page table", va);
	if (pde & 0x80)
		return (pde & 0xFFC00000u) | (va & 0x3FFFFF);
	pte = *entry(f, (pde & ~0xFFFu) + ((va >> 12) & 0x3FF) * 4);
	cr_assert(pte & 1, "fake_poke: va 0x%08x is not mapped", va);
	return (pte & ~0xFFFu) | (va & 0xFFF);
}

void fake_poke(struct fake *f, uint32_t va, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i;
	for (i = 0; i < len; i++)
		f->ram[fake_pa(f, va + i)] = p[i];
}

void fake_poke32(struct fake *f, uint32_t va, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };
	fake_poke(f, va, b, 4);
}

void fixture_layout(const char *path, struct fixture_layout *l)
{
	struct nts_image img;
	char err[512];
	uint32_t at;

	cr_assert_eq(nts_image_load(&img, "kernel", path, err, sizeof err), 0, "%s", err);
	cr_assert_eq(nts_image_symbol(&img, "FixtureLayout", &at), 0);
	cr_assert_eq(nts_image_read(&img, at, l, sizeof *l), 0);
	nts_image_free(&img);
}
