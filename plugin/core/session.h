/*
 * session.h — the state of one traced run, shared by the event modules (syscall.c,
 * trap.c, thread.c, status.c, hook.c). api.c owns the one session of the library;
 * tests may make their own.
 */
#ifndef NTSCOPE_SESSION_H
#define NTSCOPE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "plugin/core/db.h"
#include "plugin/core/guestmem.h"
#include "plugin/core/kernel.h"
#include "plugin/core/tracer.h"

#define NTS_HOOK_SLOTS 256             /* power of two; at most half used */
#define NTS_SYSENTER_ARG_SKIP 8        /* KiFastSystemCall: EDX = ESP at the sysenter */
#define NTS_BUGCHECK_GRACE 20000000u   /* instructions the guest may run after a bugcheck */

struct nts_session;
typedef void (*nts_hook_fn)(struct nts_session *s, uint32_t eip);

struct nts_process;
struct nts_apc;

/* A system call awaiting its thread's return to user mode. ret_eip/user_esp say where
 * an ordinary return lands (0 = unknown). */
struct nts_call {
	int64_t id;
	uint32_t ret_eip, user_esp;
};

/* A guest thread as the tracer knows it; utid 0 = no thread (bound as NULL). A new
 * struct is made for every utid, so pointers to it stay right when the ETHREAD's
 * address is reused. */
struct nts_thread {
	uint32_t ethread, tid;
	int64_t utid, upid;
	struct nts_process *proc;
	int created, exited, user_seen;
	struct nts_call call;
	struct nts_apc *user_apc;      /* user APC delivered in the kernel, awaiting user mode */
	int64_t wakeup_id, waker_utid; /* last wake-up, awaiting the switch to the thread */
	uint64_t wakeup_ts;
	struct nts_thread *next;       /* every thread of the run */
};

struct nts_process {
	uint32_t eprocess, pid;
	int64_t upid;
	int named, created, exited;
	const struct nts_image *program;   /* the $NTSCOPE_IMAGES file named like it */
	struct nts_process *next;          /* every process of the run */
};

/* A queued APC not yet delivered (or a user APC not yet in user mode). */
struct nts_apc {
	int64_t id, queuer_utid;
	uint32_t kapc, kernel_routine;
	uint64_t queue_ts;
	struct nts_thread *target;
	int user, initialized;
};

/* uint32 key (never 0) -> pointer, open addressing. */
struct nts_map {
	uint32_t *keys;
	void **vals;
	size_t cap, n;
};

struct nts_session {
	const struct nts_cpu *cpu;
	struct nts_kernel k;
	struct nts_image *user;        /* $NTSCOPE_IMAGES */
	size_t nuser;
	const struct nts_image **shared;   /* user images mapped in every process (ntdll) */
	size_t nshared;
	uint32_t user_apc_dispatcher;  /* ntdll!KiUserApcDispatcher, 0 if unknown */
	struct nts_db db;
	struct nts_hot hot;
	uint32_t hook_addr[NTS_HOOK_SLOTS];
	nts_hook_fn hook_fn[NTS_HOOK_SLOTS];
	unsigned nhooks, hooks_dropped;
	struct nts_map threads, processes;  /* live ones by ETHREAD / EPROCESS address */
	struct nts_map pids;                /* live processes by pid */
	struct nts_map apcs;                /* pending APCs by KAPC address */
	struct nts_thread *all_threads;
	struct nts_process *all_processes;
	struct nts_thread nothread;
	uint32_t switch_old, switch_new;   /* KTHREADs of the last KiSwapContext */
	int64_t sched_pending;             /* sched row whose CR3 write may follow */
	uint32_t sched_cr3;
	int started;                       /* the kernel has started (firmware time is over) */
	uint64_t max_instructions, stop_at;
	int stop_requested;
	int sigint_claimed;                /* SIGINT stops the run cleanly */
	const char *status;            /* terminal status once known */
	unsigned shutdown_matched;     /* bytes of "Shutdown" seen on port 0x8900 */
	int open;
};

/* session.c: open reads NTSCOPE_*, loads the images, creates the trace (0, or -1
 * with err); close writes the final meta and closes it. */
int nts_session_open(struct nts_session *s, const struct nts_cpu *cpu, char *err, size_t errlen);
void nts_session_close(struct nts_session *s);
uint64_t nts_now(const struct nts_session *s);
uint32_t nts_reg(const struct nts_session *s, enum nts_reg r);

/* map.c: get returns NULL when absent; put 0, or -1 (key 0, no memory). */
void *nts_map_get(const struct nts_map *m, uint32_t key);
int nts_map_put(struct nts_map *m, uint32_t key, void *val);
void nts_map_free(struct nts_map *m, int free_vals);

/* hook.c: run fn when execution reaches addr (add: 0, or -1 when full or addr is
 * hooked already by another fn); find: the fn hooked at addr, or NULL. */
int nts_hook_add(struct nts_session *s, uint32_t addr, nts_hook_fn fn);
nts_hook_fn nts_hook_find(const struct nts_session *s, uint32_t addr);
void nts_hook_exec(struct nts_session *s, uint32_t eip);

/* thread.c: threads and processes by their kernel objects, recorded on first sight.
 * current: the thread running now (never NULL; &s->nothread when unknown); it follows
 * KiSwapContext before the kernel's own CurrentThread does. at: the thread of a KTHREAD
 * pointer, NULL if unreadable. process_at: the live process at an EPROCESS, or NULL.
 * fresh: a new key (and row) for the object at that address, replacing the live one. */
struct nts_thread *nts_thread_current(struct nts_session *s, const struct nts_vm *vm);
struct nts_thread *nts_thread_at(struct nts_session *s, const struct nts_vm *vm, uint32_t kthread);
struct nts_process *nts_process_at(struct nts_session *s, const struct nts_vm *vm, uint32_t ep);
struct nts_thread *nts_thread_fresh(struct nts_session *s, const struct nts_vm *vm, uint32_t et,
                                    uint32_t tid);
struct nts_process *nts_process_fresh(struct nts_session *s, const struct nts_vm *vm, uint32_t ep,
                                      uint32_t pid);
void nts_threads_free(struct nts_session *s);

/* thread.c: the running thread t went to user mode at eip (first user run). */
void nts_thread_to_user(struct nts_session *s, struct nts_thread *t, uint32_t eip);

/* lifecycle.c: the PspRunCreate{Process,Thread}NotifyRoutines hooks. */
void nts_lifecycle_hooks(struct nts_session *s);

/* sched.c: KiSwapContext, KiUnwaitThread, KiReadyThread; cr3 completes a switch. */
void nts_sched_hooks(struct nts_session *s);
void nts_sched_cr3(struct nts_session *s, uint32_t value);

/* apc.c: KiInsertQueueApc, each KernelRoutine, KiInitializeUserApc; to_user: the
 * running thread t went to user mode at eip (a user APC lands at KiUserApcDispatcher). */
void nts_apc_hooks(struct nts_session *s);
void nts_apc_to_user(struct nts_session *s, struct nts_thread *t, uint32_t eip);
void nts_apc_free(struct nts_session *s);

/* usersym.c: which user images are shared, the program image of a process, and
 * symbolizing an address as seen from a process (kernel, its program, shared images). */
void nts_usersym_init(struct nts_session *s);
const struct nts_image *nts_usersym_program(const struct nts_session *s, const char *name);
char *nts_usersym(const struct nts_session *s, const struct nts_process *p, uint32_t addr,
                  char *buf, size_t len);

/* session.c: a hooked function's argument n (1-based) at its first instruction;
 * field_opt: the field f of the object at base (not ok when base is 0 or unreadable). */
int nts_arg(const struct nts_session *s, const struct nts_vm *vm, int n, uint32_t *v);
struct nts_opt nts_field_opt(const struct nts_vm *vm, uint32_t base, const struct nts_field *f);

/* syscall.c: entries and returns seen as far branches. user_entry: t entered the
 * kernel from user mode some other way, so a call still open never returned. */
void nts_syscall_branch(struct nts_session *s, enum nts_branch what, uint16_t prev_cs,
                        uint32_t prev_eip, uint16_t new_cs, uint32_t new_eip);
void nts_syscall_user_entry(struct nts_session *s, struct nts_thread *t);

/* trap.c: one trap row per exception / hardware interrupt; readable vector names. */
void nts_trap_exception(struct nts_session *s, unsigned vector, unsigned error_code);
void nts_trap_interrupt(struct nts_session *s, unsigned vector, uint32_t eip);
const char *nts_trap_name(unsigned vector, int exception);

/* status.c: started: whether the kernel has started (KiSystemStartup reached, or
 * paging on when the kernel has no KiSystemStartup); before that, firmware time, the
 * tracer records nothing. The first terminal status sticks; tick checks the limits. */
int nts_started(struct nts_session *s);
void nts_status_hooks(struct nts_session *s);
void nts_status_set(struct nts_session *s, const char *status);
void nts_status_tick(struct nts_session *s);
void nts_status_outp(struct nts_session *s, uint16_t port, unsigned len, unsigned value);
void nts_status_bugcheck(struct nts_session *s, uint32_t eip);
/* Take SIGINT over from the emulator (call once it has set its own handler): a SIGINT
 * then asks the emulator to stop, and interrupted() says one came. */
void nts_status_claim_sigint(struct nts_session *s);
int nts_status_interrupted(void);

#endif
