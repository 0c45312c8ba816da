/*
 * trap.c — exceptions and hardware interrupts, one trap row each. One taken from user
 * mode is also an outermost kernel entry of the running thread (see syscall.c).
 */
#include <stdio.h>

#include "plugin/core/session.h"

#define IRQ_BASE 0x30                  /* IRQ n -> vector 0x30 + n */
#define PF_VECTOR 14

static const char *const exception_names[32] = {
	"divide_error", "debug", "nmi", "breakpoint", "overflow", "bound_range",
	"invalid_opcode", "device_not_available", "double_fault", "coprocessor_overrun",
	"invalid_tss", "segment_not_present", "stack_fault", "general_protection",
	"page_fault", "reserved_15", "x87_fpu_error", "alignment_check", "machine_check",
	"simd_fp_error", "virtualization", "control_protection",
};

static const char *const irq_names[16] = {
	"clock", "keyboard", "cascade", "com2", "com1", "lpt2", "floppy", "lpt1",
	"rtc", "irq9", "irq10", "irq11", "mouse", "fpu", "ide0", "ide1",
};

const char *nts_trap_name(unsigned vector, int exception)
{
	if (exception && vector < 32)
		return exception_names[vector] ? exception_names[vector] : "reserved";
	if (!exception && vector >= IRQ_BASE && vector < IRQ_BASE + 16)
		return irq_names[vector - IRQ_BASE];
	return exception ? "exception" : "interrupt";
}

/* Whether the exception pushes an error code (#DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP). */
static int has_error_code(unsigned vector)
{
	return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21;
}

/* Write the trap row r taken at cs:eip; a user-mode trap ends the thread's open call. */
static void record(struct nts_session *s, struct nts_trap_row *r, uint32_t cs, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_thread *t = nts_thread_current(s, &vm);
	char sym[256];

	r->utid = t->utid;
	r->ts = nts_now(s);
	r->mode = (cs & 3) == 3 ? "user" : "kernel";
	r->eip.ok = 1;
	r->eip.v = eip;
	r->eip_symbol = nts_usersym(s, t->proc, eip, sym, sizeof sym);
	if ((cs & 3) == 3)
		nts_syscall_user_entry(s, t);
	nts_db_trap(&s->db, r);
	nts_db_event(&s->db, r->ts);
}

void nts_trap_exception(struct nts_session *s, unsigned vector, unsigned error_code)
{
	struct nts_trap_row r = { 0 };

	r.vector = vector;
	r.kind = "exception";
	r.name = nts_trap_name(vector, 1);
	r.error_code.ok = has_error_code(vector);
	r.error_code.v = error_code;
	r.cr2.ok = vector == PF_VECTOR;
	r.cr2.v = r.cr2.ok ? nts_reg(s, NTS_CR2) : 0;
	record(s, &r, nts_reg(s, NTS_CS), nts_reg(s, NTS_EIP));
}

void nts_trap_interrupt(struct nts_session *s, unsigned vector, uint32_t eip)
{
	struct nts_trap_row r = { 0 };

	r.vector = vector;
	r.kind = "interrupt";
	r.name = nts_trap_name(vector, 0);
	record(s, &r, nts_reg(s, NTS_CS), eip);
}
