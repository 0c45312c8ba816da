/*
 * apc.c — APCs from queueing to delivery. KiInsertQueueApc(Apc, Increment) queues one
 * (apc row; the APC stays pending by its KAPC address, and its KernelRoutine joins the
 * hooks). KiDeliverApc calls KernelRoutine(Apc, ...) in the target thread: that is the
 * delivery. A user APC then goes through KiInitializeUserApc and reaches user mode at
 * ntdll!KiUserApcDispatcher (user_deliver_ts). Each delivery is a flow (the view).
 */
#include <stdlib.h>

#include "plugin/core/session.h"

/* The APC a is delivered to the running thread t (its KernelRoutine runs). */
static void deliver(struct nts_session *s, struct nts_apc *a, struct nts_thread *t)
{
	uint64_t now = nts_now(s);

	nts_db_apc_deliver(&s->db, a->id, now, t->utid);
	nts_map_put(&s->apcs, a->kapc, NULL);
	if (a->user && t->utid) {
		free(t->user_apc);
		t->user_apc = a;
	} else {
		free(a);
	}
	nts_db_event(&s->db, now);
}

/* At a queued APC's KernelRoutine: [esp+4] is the KAPC; pending for this thread? */
static void kernel_routine(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_apc *a;
	struct nts_thread *t;
	uint32_t kapc;

	if (nts_arg(s, &vm, 1, &kapc) != 0 || !(a = nts_map_get(&s->apcs, kapc)) ||
	    a->kernel_routine != eip)
		return;
	t = nts_thread_current(s, &vm);
	if (!a->target || a->target == t)
		deliver(s, a, t);
}

/* Watch the kernel routine at addr (kernel code only, so the hot range stays there). */
static void watch(struct nts_session *s, uint32_t addr)
{
	nts_hook_fn fn = nts_hook_find(s, addr);

	if (fn == kernel_routine || addr < s->k.img.lo || addr >= s->k.img.hi)
		return;
	if (fn || nts_hook_add(s, addr, kernel_routine) != 0)
		s->hooks_dropped++;
}

/* Keep the queued APC r (row id) pending by its KAPC address, replacing an old one. */
static void pend(struct nts_session *s, const struct nts_apc_row *r, int64_t id,
                 struct nts_thread *target)
{
	struct nts_apc *a = calloc(1, sizeof *a), *old = nts_map_get(&s->apcs, r->kapc);

	if (!a || !r->kernel_routine_raw.ok || nts_map_put(&s->apcs, r->kapc, a) != 0) {
		free(a);
		return;
	}
	free(old);
	a->id = id;
	a->queuer_utid = r->queuer_utid;
	a->kapc = r->kapc;
	a->kernel_routine = (uint32_t)r->kernel_routine_raw.v;
	a->queue_ts = r->queue_ts;
	a->target = target;
	a->user = r->mode && r->mode[0] == 'u';
	watch(s, a->kernel_routine);
}

/* Routine raw as `symbol+0xoff` in the target's process into buf; NULL if none. */
static const char *routine(struct nts_session *s, const struct nts_thread *target,
                           struct nts_opt raw, char *buf, size_t len)
{
	if (!raw.ok || raw.v == 0)
		return NULL;
	return nts_usersym(s, target ? target->proc : NULL, (uint32_t)raw.v, buf, len);
}

/* Read the KAPC r->kapc into r (routines symbolized into kr/nr); its target thread. */
static struct nts_thread *read_kapc(struct nts_session *s, const struct nts_vm *vm,
                                    struct nts_apc_row *r, char *kr, char *nr, size_t len)
{
	const struct nts_offsets *o = &s->k.off;
	struct nts_opt thread = nts_field_opt(vm, r->kapc, &o->apc_thread);
	struct nts_opt mode = nts_field_opt(vm, r->kapc, &o->apc_mode);
	struct nts_thread *target = thread.ok ? nts_thread_at(s, vm, (uint32_t)thread.v) : NULL;

	r->target_utid = target ? target->utid : 0;
	r->mode = !mode.ok ? NULL : mode.v & 0xFF ? "user" : "kernel";
	r->kernel_routine_raw = nts_field_opt(vm, r->kapc, &o->apc_kernel_routine);
	r->normal_routine_raw = nts_field_opt(vm, r->kapc, &o->apc_normal_routine);
	r->normal_context = nts_field_opt(vm, r->kapc, &o->apc_normal_context);
	r->argument1 = nts_field_opt(vm, r->kapc, &o->apc_argument1);
	r->argument2 = nts_field_opt(vm, r->kapc, &o->apc_argument2);
	r->kernel_routine = routine(s, target, r->kernel_routine_raw, kr, len);
	r->normal_routine = routine(s, target, r->normal_routine_raw, nr, len);
	return target;
}

/* At KiInsertQueueApc: [esp+4] the KAPC, [esp+8] the priority increment. */
static void insert_queue_apc(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_apc_row r = { .queue_ts = nts_now(s) };
	struct nts_thread *target;
	char kr[256], nr[256];
	uint32_t inc = 0;

	if (nts_arg(s, &vm, 1, &r.kapc) != 0 || r.kapc == 0)
		return;
	r.increment = (struct nts_opt){ nts_arg(s, &vm, 2, &inc) == 0, (int32_t)inc };
	r.queuer_utid = nts_thread_current(s, &vm)->utid;
	target = read_kapc(s, &vm, &r, kr, nr, sizeof kr);
	pend(s, &r, nts_db_apc(&s->db, &r), target);
	nts_db_event(&s->db, r.queue_ts);
}

/* At KiInitializeUserApc: the running thread's delivered user APC goes to user mode. */
static void initialize_user_apc(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_thread *t = nts_thread_current(s, &vm);

	if (t->user_apc)
		t->user_apc->initialized = 1;
}

void nts_apc_to_user(struct nts_session *s, struct nts_thread *t, uint32_t eip)
{
	struct nts_apc *a = t->user_apc;
	uint64_t now;

	if (!a || !s->user_apc_dispatcher || eip != s->user_apc_dispatcher ||
	    ((s->k.features & NTS_F_USER_APC) && !a->initialized))
		return;
	now = nts_now(s);
	nts_db_apc_user(&s->db, a->id, now);
	t->user_apc = NULL;
	free(a);
	nts_db_event(&s->db, now);
}

void nts_apc_hooks(struct nts_session *s)
{
	if (s->k.features & NTS_F_APC)
		nts_hook_add(s, s->k.insert_queue_apc, insert_queue_apc);
	if (s->k.features & NTS_F_USER_APC)
		nts_hook_add(s, s->k.initialize_user_apc, initialize_user_apc);
}

void nts_apc_free(struct nts_session *s)
{
	struct nts_thread *t;

	nts_map_free(&s->apcs, 1);
	for (t = s->all_threads; t; t = t->next) {
		free(t->user_apc);
		t->user_apc = NULL;
	}
}
