/*
 * handle.c — what a system call's handle argument referred to, seen from the kernel
 * function the call hands the object to: KeResumeThread(Thread) inside NtResumeThread
 * and KeSuspendThread(Thread) inside NtSuspendThread name the thread of argument 0
 * (syscall_handle). The same functions called from elsewhere (a thread created
 * suspended) are not handle uses.
 */
#include "plugin/core/session.h"

/* The running thread's open call is service number: [esp+4] is the KTHREAD it acts on. */
static void thread_argument(struct nts_session *s, int number)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_thread *t = nts_thread_current(s, &vm), *target;
	struct nts_handle_row r = { .idx = 0, .kind = "thread" };
	uint32_t kt;

	if (number < 0 || !t->call.id || (int)t->call.number != number ||
	    nts_arg(s, &vm, 1, &kt) != 0 || !(target = nts_thread_at(s, &vm, kt)))
		return;
	r.syscall_id = t->call.id;
	r.object = target->ethread;
	r.utid = target->utid;
	r.upid = target->upid;
	nts_db_syscall_handle(&s->db, &r);
	nts_db_event(&s->db, nts_now(s));
}

/* At KeResumeThread: [esp+4] the KTHREAD. */
static void resume_thread(struct nts_session *s, uint32_t eip)
{
	thread_argument(s, s->svc_resume);
}

/* At KeSuspendThread: [esp+4] the KTHREAD. */
static void suspend_thread(struct nts_session *s, uint32_t eip)
{
	thread_argument(s, s->svc_suspend);
}

void nts_handle_hooks(struct nts_session *s)
{
	s->svc_resume = nts_kernel_service_number(&s->k, "NtResumeThread");
	s->svc_suspend = nts_kernel_service_number(&s->k, "NtSuspendThread");
	if (!(s->k.features & NTS_F_HANDLE))
		return;
	nts_hook_add(s, s->k.resume_thread, resume_thread);
	nts_hook_add(s, s->k.suspend_thread, suspend_thread);
}
