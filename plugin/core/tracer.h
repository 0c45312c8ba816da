/*
 * tracer.h — the ABI between the Bochs instrument shim (plugin/bochs) and the tracer
 * core (libntscope-trace.so). Plain C, no Bochs types: the shim translates.
 *
 * The shim dlopen()s the library named by $NTSCOPE_TRACE_LIB and calls
 * nts_tracer_api(); without that variable the shim stays inert (ntscope run --no-trace).
 */
#ifndef NTSCOPE_TRACER_H
#define NTSCOPE_TRACER_H

#include <stddef.h>
#include <stdint.h>

#define NTS_ABI_VERSION 2

enum nts_reg {
	NTS_EAX, NTS_ECX, NTS_EDX, NTS_EBX, NTS_ESP, NTS_EBP, NTS_ESI, NTS_EDI,
	NTS_EIP, NTS_EFLAGS, NTS_CS, NTS_SS, NTS_CR0, NTS_CR2, NTS_CR3, NTS_NREGS
};

/* Kinds of far control transfer the core cares about (far_branch's `what`). */
enum nts_branch {
	NTS_BR_OTHER, NTS_BR_INT, NTS_BR_IRET, NTS_BR_SYSENTER, NTS_BR_SYSEXIT,
	NTS_BR_CALL, NTS_BR_RET, NTS_BR_JMP
};

/* What the emulator offers the core; every callback is cheap and never fails hard. */
struct nts_cpu {
	void *ctx;
	const char *emulator;          /* e.g. "Bochs 3.0", recorded in meta */
	uint32_t (*reg)(void *ctx, enum nts_reg r);
	/* Copy len bytes of guest-physical memory at pa into buf: 0, or -1 outside RAM. */
	int (*read_phys)(void *ctx, uint64_t pa, void *buf, uint32_t len);
	/* Guest instructions retired since reset: the trace's clock. */
	uint64_t (*icount)(void *ctx);
	/* Ask the emulator to end the run soon through its normal exit path (close runs). */
	void (*request_stop)(void *ctx);
};

/* The hot filter: one bit per NTS_HOT_BIT(eip), set for every address the core wants
 * to see (and the few others that share its bit). The shim's probe
 * (plugin/bochs/instrument.h) computes the same bit at branch targets. */
#define NTS_HOT_FILTER_BITS 19
#define NTS_HOT_BIT(eip) (((eip) ^ (eip) >> 16) & ((1u << NTS_HOT_FILTER_BITS) - 1))

/* The addresses whose execution the core wants to see: exec() is called only for
 * eip in [lo, lo + span) whose filter bit is set, and only where control arrives by a
 * branch, an exception or an interrupt (not by falling through from the instruction
 * before): hooks go on function entries and return addresses. The core may change
 * lo/span and the filter's bits at any time; the filter itself stays where it is. */
struct nts_hot {
	uint32_t lo, span;
	const uint8_t *filter;         /* 1 << NTS_HOT_FILTER_BITS bits */
};

struct nts_tracer_api {
	int abi;                       /* NTS_ABI_VERSION */
	/* Read the NTSCOPE_* environment, load the images, open the DB.
	 * On failure print one line "ntscope: ..." on stderr and return -1. */
	int (*open)(const struct nts_cpu *cpu, const struct nts_hot **hot);
	void (*close)(void);           /* flush, mark completion status, close the DB */
	void (*exec)(uint32_t eip);    /* an instruction at eip is about to execute */
	void (*exception)(unsigned vector, unsigned error_code);
	void (*hwinterrupt)(unsigned vector, uint32_t eip);
	void (*far_branch)(enum nts_branch what, uint16_t prev_cs, uint32_t prev_eip,
	                   uint16_t new_cs, uint32_t new_eip);
	void (*cr3)(uint32_t value);   /* mov cr3 executed (after the write) */
	void (*outp)(uint16_t port, unsigned len, unsigned value);
};

/* The library's one exported symbol. */
const struct nts_tracer_api *nts_tracer_api(void);

#endif
