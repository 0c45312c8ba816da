/*
 * lifecycle.c — process and thread creation and exit, seen at the first instruction of
 * PspRunCreateProcessNotifyRoutines(PEPROCESS, BOOLEAN Create) and
 * PspRunCreateThreadNotifyRoutines(PETHREAD, BOOLEAN Create). A create opens a new
 * surrogate key unless the object was first seen just before, still uncreated.
 */
#include "plugin/core/session.h"

/* Process ep (pid) created: its row gets create_ts, parent (the live process whose pid
 * is InheritedFromUniqueProcessId), name and creator (the running thread). */
static void process_created(struct nts_session *s, const struct nts_vm *vm, uint32_t ep, uint32_t pid)
{
	struct nts_thread *creator = nts_thread_current(s, vm);   /* its process seen first */
	struct nts_process *p = nts_map_get(&s->processes, ep), *parent = NULL;
	struct nts_opt ppid = nts_field_opt(vm, ep, &s->k.off.parent_pid);

	if (!p || p->pid != pid || p->created || p->exited)
		p = nts_process_fresh(s, vm, ep, pid);
	else
		nts_process_at(s, vm, ep);
	if (!p)
		return;
	p->created = 1;
	if (pid)
		nts_map_put(&s->pids, pid, p);
	nts_ucall_new_process(s);
	if (ppid.ok && ppid.v)
		parent = nts_map_get(&s->pids, (uint32_t)ppid.v);
	nts_db_process_create(&s->db, p->upid, nts_now(s), parent && parent != p ? parent->upid : 0, NULL,
	                      creator->utid);
}

/* Process ep exited: exit_ts, exit_status; its pid is free again. */
static void process_exited(struct nts_session *s, const struct nts_vm *vm, uint32_t ep)
{
	struct nts_process *p = nts_process_at(s, vm, ep);

	if (!p)
		return;
	nts_db_process_exit(&s->db, p->upid, nts_now(s), nts_field_opt(vm, ep, &s->k.off.process_exit));
	p->exited = 1;
	if (p->pid && nts_map_get(&s->pids, p->pid) == p)
		nts_map_put(&s->pids, p->pid, NULL);
}

/* At PspRunCreateProcessNotifyRoutines: [esp+4] EPROCESS, [esp+8] Create. */
static void process_notify(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	uint32_t ep, create, pid;

	if (nts_arg(s, &vm, 1, &ep) || nts_arg(s, &vm, 2, &create) || ep == 0 ||
	    nts_vm_read32(&vm, ep + s->k.off.process_id.off, &pid) != 0)
		return;
	if (create & 0xFF)
		process_created(s, &vm, ep, pid);
	else
		process_exited(s, &vm, ep);
	nts_db_event(&s->db, nts_now(s));
}

/* Thread t, first seen before its ThreadsProcess was readable: its process now. */
static void refresh_process(struct nts_session *s, const struct nts_vm *vm, struct nts_thread *t)
{
	uint32_t ep;

	if (nts_vm_read32(vm, t->ethread + s->k.off.threads_process.off, &ep) == 0 &&
	    (t->proc = nts_process_at(s, vm, ep)) != NULL)
		t->upid = t->proc->upid;
}

/* Thread et (tid) created: create_ts, upid, and StartAddress symbolized in its process. */
static void thread_created(struct nts_session *s, const struct nts_vm *vm, uint32_t et, uint32_t tid)
{
	struct nts_thread *t = nts_map_get(&s->threads, et);
	struct nts_opt start = nts_field_opt(vm, et, &s->k.off.start_address);
	char text[256];

	if (!t || t->tid != tid || t->created || t->exited)
		t = nts_thread_fresh(s, vm, et, tid);
	if (!t)
		return;
	t->created = 1;
	if (!t->proc)
		refresh_process(s, vm, t);
	nts_db_thread_create(&s->db, t->utid, t->upid, nts_now(s),
	                     start.ok ? nts_usersym(s, t->proc, (uint32_t)start.v, text, sizeof text) : NULL,
	                     start);
}

/* Thread et exited: exit_ts, exit_status. */
static void thread_exited(struct nts_session *s, const struct nts_vm *vm, uint32_t et)
{
	struct nts_thread *t = nts_thread_at(s, vm, et + s->k.off.tcb.off);

	if (!t)
		return;
	nts_db_thread_exit(&s->db, t->utid, nts_now(s), nts_field_opt(vm, et, &s->k.off.thread_exit));
	t->exited = 1;
	nts_ucall_thread_exit(s, t);
	nts_thread_gone(s, t);
}

/* At PspRunCreateThreadNotifyRoutines: [esp+4] ETHREAD, [esp+8] Create. */
static void thread_notify(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	uint32_t et, create, tid;

	if (nts_arg(s, &vm, 1, &et) || nts_arg(s, &vm, 2, &create) || et == 0 ||
	    nts_vm_read32(&vm, et + s->k.off.cid_thread.off, &tid) != 0)
		return;
	if (create & 0xFF)
		thread_created(s, &vm, et, tid);
	else
		thread_exited(s, &vm, et);
	nts_db_event(&s->db, nts_now(s));
}

void nts_lifecycle_hooks(struct nts_session *s)
{
	if (s->k.features & NTS_F_PROCESS)
		nts_hook_add(s, s->k.process_notify, process_notify);
	if (s->k.features & NTS_F_THREAD)
		nts_hook_add(s, s->k.thread_notify, thread_notify);
}
