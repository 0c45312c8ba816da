/*
 * api.c — nts_tracer_api, the one symbol libntscope-trace.so exports: the library's
 * single session behind the callbacks of plugin/core/tracer.h.
 */
#include <stdio.h>

#include "plugin/core/session.h"

static struct nts_session S;

/* Start tracing: the session reads NTSCOPE_*; errors go to stderr as one line. */
static int api_open(const struct nts_cpu *cpu, const struct nts_hot **hot)
{
	char err[1024];

	if (S.open)
		nts_session_close(&S);
	if (nts_session_open(&S, cpu, err, sizeof err) != 0) {
		fprintf(stderr, "ntscope: %s\n", err);
		return -1;
	}
	*hot = &S.hot;
	return 0;
}

/* End tracing: final meta, commit, close the trace. */
static void api_close(void)
{
	nts_session_close(&S);
}

/* eip is in the hot range: run its hook, if any. */
static void api_exec(uint32_t eip)
{
	if (S.open) {
		nts_status_claim_sigint(&S);
		nts_hook_exec(&S, eip);
		nts_status_tick(&S);
	}
}

/* An exception is about to be delivered (registers still hold the faulting state). */
static void api_exception(unsigned vector, unsigned error_code)
{
	if (S.open && nts_started(&S)) {
		S.sched_pending = 0;
		nts_trap_exception(&S, vector, error_code);
		nts_status_tick(&S);
	}
}

/* A hardware interrupt is about to be delivered at eip (nothing in firmware time). */
static void api_hwinterrupt(unsigned vector, uint32_t eip)
{
	if (S.open && nts_started(&S)) {
		S.sched_pending = 0;
		nts_trap_interrupt(&S, vector, eip);
		nts_status_tick(&S);
	}
}

/* A far transfer completed: syscall entries and returns to user mode. */
static void api_far_branch(enum nts_branch what, uint16_t prev_cs, uint32_t prev_eip,
                           uint16_t new_cs, uint32_t new_eip)
{
	if (S.open && nts_started(&S)) {
		S.sched_pending = 0;
		nts_syscall_branch(&S, what, prev_cs, prev_eip, new_cs, new_eip);
		nts_status_tick(&S);
	}
}

/* An address-space switch: the one a context switch makes completes its sched row. */
static void api_cr3(uint32_t value)
{
	if (S.open && nts_started(&S)) {
		nts_sched_cr3(&S, value);
		nts_status_tick(&S);
	}
}

/* A port write: watched for the shutdown port. */
static void api_outp(uint16_t port, unsigned len, unsigned value)
{
	if (S.open) {
		nts_status_claim_sigint(&S);
		nts_status_outp(&S, port, len, value);
		nts_status_tick(&S);
	}
}

static const struct nts_tracer_api api = {
	.abi = NTS_ABI_VERSION,
	.open = api_open,
	.close = api_close,
	.exec = api_exec,
	.exception = api_exception,
	.hwinterrupt = api_hwinterrupt,
	.far_branch = api_far_branch,
	.cr3 = api_cr3,
	.outp = api_outp,
};

__attribute__((visibility("default")))
const struct nts_tracer_api *nts_tracer_api(void)
{
	return &api;
}
