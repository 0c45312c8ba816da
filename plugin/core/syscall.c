/*
 * syscall.c — system calls: entry through int 0x2e (KiSystemService) or sysenter,
 * exit at the thread's next return to user mode (iret/sysexit to ring 3). The open
 * call is kept per thread, so calls pair up when threads block and others run.
 */
#include <stdio.h>

#include "plugin/core/session.h"

#define MAX_ARGS 64

/* Read the call's argument dwords at ptr into v/ok; format them into text. */
static void read_args(const struct nts_vm *vm, uint32_t ptr, int n, struct nts_opt *v,
                      char *text, size_t len)
{
	size_t at = 0;
	int i;
	uint32_t x = 0;

	text[0] = '\0';
	for (i = 0; i < n; i++) {
		v[i].ok = nts_vm_read32(vm, ptr + 4 * i, &x) == 0;
		v[i].v = x;
		if (v[i].ok)
			at += snprintf(text + at, len - at, "%s0x%x", i ? ", " : "", x);
		else
			at += snprintf(text + at, len - at, "%s?", i ? ", " : "");
	}
}

/* Record a call entered by thread t with EAX, its arguments at arg_ptr. */
static void enter(struct nts_session *s, const char *via, uint32_t arg_ptr, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_thread *t = nts_thread_current(s, &vm);
	uint32_t number = nts_reg(s, NTS_EAX) & 0xFFF;
	const struct nts_service *svc = nts_kernel_service(&s->k, number);
	int i, n = svc ? (int)(svc->arg_bytes / 4) : -1;
	struct nts_opt v[MAX_ARGS];
	char text[MAX_ARGS * 12 + 1];
	struct nts_syscall_row r = { t->utid, nts_now(s), number, svc ? svc->name : NULL, via,
	                             n, NULL, arg_ptr, eip };

	if (n > MAX_ARGS)
		n = MAX_ARGS;
	if (n >= 0) {
		read_args(&vm, arg_ptr, n, v, text, sizeof text);
		r.args = text;
	}
	t->open_syscall = nts_db_syscall(&s->db, &r);
	for (i = 0; i < n && t->open_syscall; i++)
		nts_db_syscall_arg(&s->db, t->open_syscall, i, v[i]);
	nts_db_event(&s->db, r.ts);
}

/* The running thread returned to user mode: close its call, status = EAX. */
static void leave(struct nts_session *s)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_thread *t = nts_thread_current(s, &vm);
	uint64_t now = nts_now(s);

	if (!t->open_syscall)
		return;
	nts_db_syscall_exit(&s->db, t->open_syscall, now, nts_reg(s, NTS_EAX));
	t->open_syscall = 0;
	nts_db_event(&s->db, now);
}

void nts_syscall_user_entry(struct nts_session *s, struct nts_thread *t)
{
	t->open_syscall = 0;
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
	else if (!from_user && to_user && (what == NTS_BR_IRET || what == NTS_BR_SYSEXIT))
		leave(s);
}
