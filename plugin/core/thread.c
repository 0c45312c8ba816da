/*
 * thread.c — who is running: KiPcr.PrcbData.CurrentThread read from guest memory, or
 * the NewThread of the last KiSwapContext while CurrentThread still shows its
 * OldThread (the switch is under way), named by its ETHREAD address and Cid,
 * mapped to surrogate keys (utid, upid) that survive id and address reuse. Rows are
 * written on first sight; lifecycle.c adds create and exit events to them.
 */
#include <stdlib.h>
#include <string.h>

#include "plugin/core/session.h"

/* Read the process's ImageFileName; 1 if it holds a name, else 0 (name = ""). */
static int read_name(struct nts_session *s, const struct nts_vm *vm, uint32_t ep, char *name)
{
	const struct nts_field *f = &s->k.off.image_name;
	name[0] = '\0';
	if (nts_vm_read(vm, ep + f->off, name, f->size) != 0)
		return 0;
	name[f->size] = '\0';
	return nts_printable(name, f->size + 1) > 0;
}

/* Name a process seen unnamed, once the kernel has filled its ImageFileName in. */
static void rename_process(struct nts_session *s, const struct nts_vm *vm, struct nts_process *p)
{
	char name[257];
	if (read_name(s, vm, p->eprocess, name)) {
		p->named = 1;
		p->program = nts_usersym_program(s, name);
		nts_db_process_name(&s->db, p->upid, name);
	}
}

struct nts_process *nts_process_fresh(struct nts_session *s, const struct nts_vm *vm, uint32_t ep,
                                      uint32_t pid)
{
	struct nts_process *p = calloc(1, sizeof *p);
	char name[257];

	if (!p || nts_map_put(&s->processes, ep, p) != 0) {
		free(p);
		return NULL;
	}
	p->next = s->all_processes;
	s->all_processes = p;
	p->eprocess = ep;
	p->pid = pid;
	p->named = read_name(s, vm, ep, name);
	p->program = p->named ? nts_usersym_program(s, name) : NULL;
	p->upid = nts_db_process(&s->db, pid, p->named ? name : NULL, ep, nts_now(s));
	if (pid)
		nts_map_put(&s->pids, pid, p);
	return p;
}

struct nts_process *nts_process_at(struct nts_session *s, const struct nts_vm *vm, uint32_t ep)
{
	struct nts_process *p;
	uint32_t pid;

	if (ep == 0 || nts_vm_read32(vm, ep + s->k.off.process_id.off, &pid) != 0)
		return NULL;
	p = nts_map_get(&s->processes, ep);
	if (!p || p->pid != pid)
		return nts_process_fresh(s, vm, ep, pid);
	if (!p->named)
		rename_process(s, vm, p);
	return p;
}

struct nts_thread *nts_thread_fresh(struct nts_session *s, const struct nts_vm *vm, uint32_t et,
                                    uint32_t tid)
{
	struct nts_thread *t = calloc(1, sizeof *t);
	uint32_t ep = 0;

	if (!t || nts_map_put(&s->threads, et, t) != 0) {
		free(t);
		return NULL;
	}
	t->next = s->all_threads;
	s->all_threads = t;
	t->ethread = et;
	t->tid = tid;
	if (nts_vm_read32(vm, et + s->k.off.threads_process.off, &ep) == 0 &&
	    (t->proc = nts_process_at(s, vm, ep)) != NULL)
		t->upid = t->proc->upid;
	t->utid = nts_db_thread(&s->db, tid, t->upid, et, nts_now(s));
	if (tid)
		nts_map_put(&s->tids, tid, t);
	return t;
}

struct nts_thread *nts_thread_by_tid(const struct nts_session *s, uint32_t tid)
{
	return nts_map_get(&s->tids, tid);
}

void nts_thread_gone(struct nts_session *s, struct nts_thread *t)
{
	if (t->tid && nts_map_get(&s->tids, t->tid) == t)
		nts_map_del(&s->tids, t->tid);
}

struct nts_thread *nts_thread_at(struct nts_session *s, const struct nts_vm *vm, uint32_t kthread)
{
	uint32_t et = kthread - s->k.off.tcb.off, tid;
	struct nts_thread *t;

	if (kthread == 0 || nts_vm_read32(vm, et + s->k.off.cid_thread.off, &tid) != 0)
		return NULL;
	t = nts_map_get(&s->threads, et);
	return t && t->tid == tid ? t : nts_thread_fresh(s, vm, et, tid);
}

struct nts_thread *nts_thread_current(struct nts_session *s, const struct nts_vm *vm)
{
	struct nts_thread *t;
	uint32_t kt;

	if (nts_vm_read32(vm, s->k.ki_pcr + s->k.off.current_thread.off, &kt) != 0 || kt == 0)
		return &s->nothread;
	if (s->switch_old && kt == s->switch_old)
		kt = s->switch_new;
	else
		s->switch_old = 0;
	t = nts_thread_at(s, vm, kt);
	return t ? t : &s->nothread;
}

void nts_thread_to_user(struct nts_session *s, struct nts_thread *t, uint32_t eip)
{
	char where[256];
	uint64_t now;

	if (t->user_seen || !t->utid)
		return;
	t->user_seen = 1;
	now = nts_now(s);
	nts_db_thread_user(&s->db, t->utid, now, nts_usersym(s, t->proc, eip, where, sizeof where), eip);
	nts_db_event(&s->db, now);
}

void nts_threads_free(struct nts_session *s)
{
	while (s->all_threads) {
		struct nts_thread *t = s->all_threads;
		s->all_threads = t->next;
		free(t);
	}
	while (s->all_processes) {
		struct nts_process *p = s->all_processes;
		s->all_processes = p->next;
		free(p);
	}
	nts_map_free(&s->threads, 0);
	nts_map_free(&s->tids, 0);
	nts_map_free(&s->processes, 0);
	nts_map_free(&s->pids, 0);
}
