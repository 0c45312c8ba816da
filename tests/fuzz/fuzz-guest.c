/*
 * fuzz-guest.c — libFuzzer target: the whole tracer core driven through nts_tracer_api
 * by a fake CPU whose registers, physical memory (page tables included) and event
 * sequence come from the input. Every decoder (trap frames, threads, processes, APCs,
 * port messages, strings) then reads untrusted guest memory; none may crash, read out
 * of bounds or allocate without bound.
 *
 * Input: 64 bytes of registers, 96 bytes of events (3 bytes each), the rest tiled
 * over the guest's RAM. Register byte 0 bit 0 set: every physical address is readable
 * (modulo the RAM size), so decoders see garbage instead of "unreadable".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/tracer.h"

#define RAM_SIZE  (1u << 20)
#define REG_BYTES 64
#define EVT_BYTES 96

struct guest {
	uint8_t *ram;
	uint32_t regs[NTS_NREGS];
	uint64_t icount;
	int wrap;
};

static struct guest G;
static const struct nts_tracer_api *api;

static uint32_t reg(void *ctx, enum nts_reg r)
{
	return r < NTS_NREGS ? G.regs[r] : 0;
}

static int read_phys(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
	uint8_t *out = buf;
	uint32_t i;

	if (len > RAM_SIZE)
		abort();
	if (!G.wrap && (pa >= RAM_SIZE || len > RAM_SIZE - pa))
		return -1;
	for (i = 0; i < len; i++)
		out[i] = G.ram[(pa + i) % RAM_SIZE];
	return 0;
}

static uint64_t icount(void *ctx)
{
	return G.icount;
}

static void request_stop(void *ctx)
{
}

static const struct nts_cpu cpu = { NULL, "fuzz cpu", reg, read_phys, icount, request_stop };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("NTSCOPE_FUZZ_FIXTURES");
	static char kernel[4096], images[8192];

	if (!dir)
		dir = FIXTURE_DIR;
	snprintf(kernel, sizeof kernel, "%s/kernel.elf", dir);
	snprintf(images, sizeof images, "%s/ntdll.elf:%s/hello.elf", dir, dir);
	setenv("NTSCOPE_KERNEL", kernel, 1);
	setenv("NTSCOPE_IMAGES", images, 1);
	setenv("NTSCOPE_DB", ":memory:", 1);
	unsetenv("NTSCOPE_PROGRESS_FD");
	unsetenv("NTSCOPE_MAX_INSTRUCTIONS");
	G.ram = calloc(1, RAM_SIZE);
	api = nts_tracer_api();
	return G.ram ? 0 : -1;
}

/* One event: op selects the callback, arg the address or vector. */
static void event(const struct nts_hot *hot, uint8_t op, uint16_t arg)
{
	static const uint16_t cs[] = { 0x08, 0x1B, 0x23, 0 };
	uint32_t eip = hot->span ? hot->lo + arg % hot->span : arg;

	G.icount += 1 + arg % 1000;
	switch (op % 8) {
	case 0: case 1: api->exec(eip); break;
	case 2: api->far_branch((enum nts_branch)(op >> 3) % 8, cs[arg & 3], G.regs[NTS_EIP],
	                        cs[(arg >> 2) & 3], eip); break;
	case 3: api->exception(arg % 32, arg >> 5); break;
	case 4: api->hwinterrupt(0x30 + arg % 16, G.regs[NTS_EIP]); break;
	case 5: api->cr3(G.regs[NTS_CR3] ^ ((uint32_t)arg << 12)); break;
	case 6: G.regs[(op >> 3) % NTS_NREGS] ^= (uint32_t)arg << ((op >> 6) * 8); break;
	default: api->outp(0x8900, 1, arg & 0xFF); break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nts_hot *hot = NULL;
	size_t i, rest;

	if (size < REG_BYTES + EVT_BYTES + 1)
		return -1;
	memcpy(G.regs, data, sizeof G.regs);
	G.wrap = data[0] & 1;
	G.icount = 1000;
	rest = size - REG_BYTES - EVT_BYTES;
	for (i = 0; i < RAM_SIZE; i += rest)
		memcpy(G.ram + i, data + REG_BYTES + EVT_BYTES, RAM_SIZE - i < rest ? RAM_SIZE - i : rest);
	if (api->open(&cpu, &hot) != 0)
		abort();
	for (i = 0; i + 3 <= EVT_BYTES; i += 3) {
		const uint8_t *e = data + REG_BYTES + i;
		event(hot, e[0], (uint16_t)(e[1] | e[2] << 8));
	}
	api->close();
	return 0;
}
