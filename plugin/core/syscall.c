/*
 * syscall.c — system calls: entry through int 0x2e (KiSystemService) or sysenter,
 * exit at the thread's next return to user mode (iret/sysexit to ring 3). The open
 * call is kept per thread, so calls pair up when threads block and others run. The
 * exit is an ordinary 'return' when it lands back at the call site on the caller's
 * stack, 'apc' at ntdll!KiUserApcDispatcher (a user APC delivered on the way out),
 * else 'continue' (the call resumed another context, as NtContinue does).
 * Every far branch to user mode is also the running thread's arrival there
 * (first user run, user APC landing).
 */
#include <stdio.h>

#include "plugin/core/session.h"

#define MAX_ARGS 64
#define SERVICE_MASK 0x1FFF            /* bits 0-11: number, bit 12: shadow table */
#define IRET_FRAME_ESP 12              /* IA-32 ring-change frame: EIP, CS, EFLAGS, ESP, SS */

/* Read the call's argument dwords at ptr into v/ok: in one read, or dword by dword
 * when part of them is unreadable. */
static void read_args(const struct nts_vm *vm, uint32_t ptr, int n, struct nts_opt *v)
{
	uint8_t b[MAX_ARGS * 4];
	int i, block = nts_vm_read(vm, ptr, b, (uint32_t)n * 4) == 0;
	uint32_t x = 0;

	for (i = 0; i < n; i++) {
		if (block)
			x = b[4 * i] | b[4 * i + 1] << 8 | b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
		v[i].ok = block || nts_vm_read32(vm, ptr + 4 * i, &x) == 0;
		v[i].v = x;
	}
}

/* Where an ordinary return of the call entered now lands: int 0x2e pushed the user
 * EIP and ESP on the kernel stack; sysenter (KiFastSystemCall) passes ESP in EDX. */
static void return_point(struct nts_session *s, const struct nts_vm *vm, int sysenter,
                         struct nts_call *c)
{
	uint32_t esp = nts_reg(s, NTS_ESP);

	c->ret_eip = c->user_esp = 0;
	if (sysenter) {
		c->user_esp = nts_reg(s, NTS_EDX);
	} else if (nts_vm_read32(vm, esp, &c->ret_eip) != 0 ||
	           nts_vm_read32(vm, esp + IRET_FRAME_ESP, &c->user_esp) != 0) {
		c->ret_eip = c->user_esp = 0;
	}
}

/* Record a call entered by thread t with EAX, its arguments at arg_ptr. */
static void enter(struct nts_session *s, const char *via, uint32_t arg_ptr, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_thread *t = nts_thread_current(s, &vm);
	uint32_t number = nts_reg(s, NTS_EAX) & SERVICE_MASK;
	const struct nts_service *svc = nts_kernel_service(&s->k, number);
	int n = svc ? (int)(svc->arg_bytes / 4) : -1;
	struct nts_opt v[MAX_ARGS];
	struct nts_syscall_row r = { t->utid, nts_now(s), number, via, n, v, arg_ptr, eip };

	if (n > MAX_ARGS)
		n = r.nargs = MAX_ARGS;
	if (n > 0)
		read_args(&vm, arg_ptr, n, v);
	t->call.id = nts_db_syscall(&s->db, &r);
	t->call.number = number;
	return_point(s, &vm, via[0] == 's', &t->call);
	if (t->call.id && t->utid)
		nts_lpc_syscall_enter(s, &vm, t, v, n);
	nts_db_event(&s->db, r.ts);
}

/* How t's open call ends when the thread lands in user mode at eip. */
static const char *exit_kind(struct nts_session *s, const struct nts_thread *t, uint32_t eip)
{
	const struct nts_call *c = &t->call;

	if (s->user_apc_dispatcher && eip == s->user_apc_dispatcher)
		return "apc";
	if ((!c->ret_eip || eip == c->ret_eip) && (!c->user_esp || nts_reg(s, NTS_ESP) == c->user_esp))
		return "return";
	return "continue";
}

/* The running thread t returned to user mode at eip: close its call. */
static void leave(struct nts_session *s, struct nts_thread *t, uint32_t eip)
{
	struct nts_syscall_exit e = { .ts = nts_now(s), .address_raw = eip };
	char where[256];

	if (!t->call.id)
		return;
	e.kind = exit_kind(s, t, eip);
	e.status = (struct nts_opt){ e.kind[0] != 'c', nts_reg(s, NTS_EAX) };
	e.address = nts_usersym(s, t->proc, eip, where, sizeof where);
	nts_db_syscall_exit(&s->db, t->call.id, &e);
	if (t->utid)
		nts_lpc_syscall_exit(s, t, &e);
	t->call.id = 0;
	nts_db_event(&s->db, e.ts);
}

void nts_syscall_user_entry(struct nts_session *s, struct nts_thread *t)
{
	t->call.id = 0;
}

/* The running thread went to user mode at eip (by iret/sysexit: a return). */
static void arrive(struct nts_session *s, enum nts_branch what, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_thread *t = nts_thread_current(s, &vm);

	if (what == NTS_BR_IRET || what == NTS_BR_SYSEXIT)
		leave(s, t, eip);
	nts_apc_to_user(s, t, eip);
	nts_thread_to_user(s, t, eip);
}

/* Another way into the kernel from user mode (int n other than 0x2e). */
static void other_entry(struct nts_session *s)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	nts_syscall_user_entry(s, nts_thread_current(s, &vm));
}

void nts_syscall_branch(struct nts_session *s, enum nts_branch what, uint16_t prev_cs,
                        uint32_t prev_eip, uint16_t new_cs, uint32_t new_eip)
{
	int from_user = (prev_cs & 3) == 3, to_user = (new_cs & 3) == 3;

	if (from_user && !to_user && what == NTS_BR_SYSENTER)
		enter(s, "sysenter", nts_reg(s, NTS_EDX) + NTS_SYSENTER_ARG_SKIP, prev_eip);
	else if (from_user && !to_user && what == NTS_BR_INT && new_eip == s->k.system_service)
		enter(s, "int2e", nts_reg(s, NTS_EDX), prev_eip);
	else if (from_user && !to_user && what == NTS_BR_INT)
		other_entry(s);
	else if (!from_user && to_user)
		arrive(s, what, new_eip);
}
