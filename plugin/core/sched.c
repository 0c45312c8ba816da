/*
 * sched.c — the scheduler as the CPU shows it: KiSwapContext(OldThread, NewThread) is a
 * context switch (sched row; the current thread follows NewThread at once; a CR3 write
 * before any other event is the switch's own), KiUnwaitThread(Thread, WaitStatus,
 * Increment) a wake-up, KiReadyThread(Thread) of an Initialized thread a new thread
 * made ready. State and wait-reason names come from the kernel's DWARF enumerations.
 * A switch also decides whether program code is hot while the new thread runs.
 */
#include <string.h>

#include "plugin/core/session.h"

#define STATUS_USER_APC   0x000000C0u
#define STATUS_KERNEL_APC 0x00000100u
#define STATUS_ALERTED    0x00000101u
#define STATUS_TIMEOUT    0x00000102u

/* Whether state is the _KTHREAD_STATE called name (1), is not (0), or unknown (-1). */
static int state_is(const struct nts_session *s, struct nts_opt state, const char *name)
{
	int64_t v;
	if (!state.ok || nts_enum_value(&s->k.thread_states, name, &v) != 0)
		return -1;
	return state.v == v;
}

/* OldThread's state, and its wait reason unless it is known not to be waiting. */
static void old_state(struct nts_session *s, const struct nts_vm *vm, uint32_t kt,
                      struct nts_sched_row *r)
{
	r->prev_state_raw = nts_field_opt(vm, kt, &s->k.off.state);
	if (r->prev_state_raw.ok)
		r->prev_state = nts_enum_name(&s->k.thread_states, r->prev_state_raw.v);
	if (state_is(s, r->prev_state_raw, "Waiting") == 0)
		return;
	r->wait_reason_raw = nts_field_opt(vm, kt, &s->k.off.wait_reason);
	if (r->wait_reason_raw.ok)
		r->wait_reason = nts_enum_name(&s->k.wait_reasons, r->wait_reason_raw.v);
}

/* At KiSwapContext: [esp+4] OldThread, [esp+8] NewThread (KTHREADs). */
static void swap_context(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_sched_row r = { .ts = nts_now(s) };
	struct nts_thread *o, *n;
	uint32_t old = 0, new = 0;

	if (nts_arg(s, &vm, 1, &old) != 0 || nts_arg(s, &vm, 2, &new) != 0)
		return;
	o = nts_thread_at(s, &vm, old);
	n = nts_thread_at(s, &vm, new);
	r.prev_utid = o ? o->utid : 0;
	r.next_utid = n ? n->utid : 0;
	old_state(s, &vm, old, &r);
	r.prev_priority = nts_field_opt(&vm, old, &s->k.off.priority);
	r.next_priority = nts_field_opt(&vm, new, &s->k.off.priority);
	r.prev_cr3 = (struct nts_opt){ 1, nts_reg(s, NTS_CR3) };
	r.wakeup_id = n ? n->wakeup_id : 0;
	s->sched_pending = nts_db_sched(&s->db, &r);
	s->sched_cr3 = (uint32_t)r.prev_cr3.v;
	if (new) {
		s->switch_old = old;
		s->switch_new = new;
	}
	nts_ucall_switch(s, n);
	if (n && s->sched_pending)
		n->wakeup_id = 0;
	nts_db_event(&s->db, r.ts);
}

void nts_sched_cr3(struct nts_session *s, uint32_t value)
{
	if (!s->sched_pending)
		return;
	nts_db_sched_cr3(&s->db, s->sched_pending, value, (value ^ s->sched_cr3) >> 12 != 0);
	s->sched_pending = 0;
}

/* Why the thread was woken, from the wait status and its wait reason. */
static const char *wake_reason(const struct nts_wakeup_row *r)
{
	if (r->wait_status.ok) {
		switch ((uint32_t)r->wait_status.v) {
		case STATUS_USER_APC: case STATUS_KERNEL_APC: return "apc";
		case STATUS_ALERTED: return "alerted";
		case STATUS_TIMEOUT: return "timeout";
		}
	}
	if (r->wait_reason && (strcmp(r->wait_reason, "Suspended") == 0 ||
	                       strcmp(r->wait_reason, "WrSuspended") == 0))
		return "resume";
	return "wait_satisfied";
}

/* Write the wake-up r of thread t (by the running thread); t awaits its switch-in. */
static void wakeup(struct nts_session *s, const struct nts_vm *vm, struct nts_thread *t,
                   struct nts_wakeup_row *r)
{
	struct nts_thread *waker = nts_thread_current(s, vm);

	r->ts = nts_now(s);
	r->utid = t ? t->utid : 0;
	r->waker_utid = waker->utid;
	if (!r->reason)
		r->reason = wake_reason(r);
	if (t) {
		t->wakeup_id = nts_db_wakeup(&s->db, r);
	} else {
		nts_db_wakeup(&s->db, r);
	}
	nts_db_event(&s->db, r->ts);
}

/* At KiUnwaitThread: [esp+4] Thread, [esp+8] WaitStatus, [esp+12] Increment. */
static void unwait_thread(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_wakeup_row r = { 0 };
	uint32_t kt = 0, v = 0;

	if (nts_arg(s, &vm, 1, &kt) != 0)
		return;
	r.wait_status = (struct nts_opt){ nts_arg(s, &vm, 2, &v) == 0, v };
	r.increment = (struct nts_opt){ nts_arg(s, &vm, 3, &v) == 0, (int32_t)v };
	r.wait_reason_raw = nts_field_opt(&vm, kt, &s->k.off.wait_reason);
	if (r.wait_reason_raw.ok)
		r.wait_reason = nts_enum_name(&s->k.wait_reasons, r.wait_reason_raw.v);
	wakeup(s, &vm, nts_thread_at(s, &vm, kt), &r);
}

/* At KiReadyThread: [esp+4] Thread; only a new (Initialized) thread gives a row. */
static void ready_thread(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_wakeup_row r = { .reason = "ready" };
	struct nts_thread *t;
	uint32_t kt = 0;

	if (nts_arg(s, &vm, 1, &kt) != 0 ||
	    state_is(s, nts_field_opt(&vm, kt, &s->k.off.state), "Initialized") != 1 ||
	    !(t = nts_thread_at(s, &vm, kt)))
		return;
	wakeup(s, &vm, t, &r);
}

void nts_sched_hooks(struct nts_session *s)
{
	if (s->k.features & NTS_F_SCHED)
		nts_hook_add(s, s->k.swap_context, swap_context);
	if (s->k.features & NTS_F_WAKEUP)
		nts_hook_add(s, s->k.unwait_thread, unwait_thread);
	if (s->k.features & NTS_F_READY)
		nts_hook_add(s, s->k.ready_thread, ready_thread);
}
