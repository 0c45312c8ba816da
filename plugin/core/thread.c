/*
 * thread.c — who is running: KiPcr.PrcbData.CurrentThread read from guest memory,
 * named by its ETHREAD address and Cid, mapped to surrogate keys (utid, upid) that
 * survive id and address reuse. Rows are written on first sight.
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
		nts_db_process_name(&s->db, p->upid, name);
	}
}

/* The process at EPROCESS ep with this pid, recorded on first sight; NULL if unknown. */
static struct nts_process *process_at(struct nts_session *s, const struct nts_vm *vm, uint32_t ep)
{
	struct nts_process *p;
	uint32_t pid;
	char name[257];

	if (ep == 0 || nts_vm_read32(vm, ep + s->k.off.process_id.off, &pid) != 0)
		return NULL;
	p = nts_map_get(&s->processes, ep);
	if (p && p->pid == pid) {
		if (!p->named)
			rename_process(s, vm, p);
		return p;
	}
	if (!p && (!(p = calloc(1, sizeof *p)) || nts_map_put(&s->processes, ep, p) != 0)) {
		free(p);
		return NULL;
	}
	p->eprocess = ep;
	p->pid = pid;
	p->named = read_name(s, vm, ep, name);
	p->upid = nts_db_process(&s->db, pid, p->named ? name : NULL, ep, nts_now(s));
	return p;
}

/* Record the thread at ETHREAD et (tid) on first sight, reusing old if the address was
 * another thread's; NULL if out of memory. */
static struct nts_thread *new_thread(struct nts_session *s, const struct nts_vm *vm,
                                     uint32_t et, uint32_t tid, struct nts_thread *old)
{
	struct nts_thread *t = old;
	struct nts_process *p;
	uint32_t ep = 0;

	if (!t && (!(t = calloc(1, sizeof *t)) || nts_map_put(&s->threads, et, t) != 0)) {
		free(t);
		return NULL;
	}
	memset(t, 0, sizeof *t);
	t->ethread = et;
	t->tid = tid;
	if (nts_vm_read32(vm, et + s->k.off.threads_process.off, &ep) == 0 &&
	    (p = process_at(s, vm, ep)) != NULL)
		t->upid = p->upid;
	t->utid = nts_db_thread(&s->db, tid, t->upid, et, nts_now(s));
	return t;
}

struct nts_thread *nts_thread_current(struct nts_session *s, const struct nts_vm *vm)
{
	const struct nts_offsets *o = &s->k.off;
	struct nts_thread *t;
	uint32_t et, tid;

	if (nts_vm_read32(vm, s->k.ki_pcr + o->current_thread.off, &et) != 0 || et == 0 ||
	    nts_vm_read32(vm, et + o->cid_thread.off, &tid) != 0)
		return &s->nothread;
	t = nts_map_get(&s->threads, et);
	if (!t || t->tid != tid)
		t = new_thread(s, vm, et, tid, t);
	return t ? t : &s->nothread;
}

void nts_threads_free(struct nts_session *s)
{
	nts_map_free(&s->threads, 1);
	nts_map_free(&s->processes, 1);
}
