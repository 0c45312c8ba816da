/*
 * session.h — the state of one traced run, shared by the event modules (syscall.c,
 * trap.c, thread.c, status.c, hook.c, lpc.c, ucall.c, ...). api.c owns the one
 * session of the library; tests may make their own.
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
#define NTS_UCALL_DEPTH 8              /* open watched user calls kept per thread */
#define NTS_UCALL_RETURNS 32           /* return addresses armed at once */
#define NTS_LPC_WAITING 4096           /* requests awaiting an answer, remembered at once */

struct nts_session;
typedef void (*nts_hook_fn)(struct nts_session *s, uint32_t eip);

struct nts_process;
struct nts_apc;

/* A system call awaiting its thread's return to user mode. ret_eip/user_esp say where
 * an ordinary return lands (0 = unknown). */
struct nts_call {
	int64_t id;
	uint32_t number;
	uint32_t ret_eip, user_esp;
};

/* An open call of a watched user function: its ucall row, the return address it
 * will come back to and the least ESP it will have there. */
struct nts_uframe {
	int64_t id;
	uint32_t ret, esp;
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
	int64_t wakeup_id;             /* last wake-up, awaiting the switch to the thread */
	int64_t accept_id, complete_id;    /* port_connect rows awaiting its accept status,
	                                      its NtCompleteConnectPort */
	struct nts_uframe frames[NTS_UCALL_DEPTH];
	unsigned nframes;
	struct nts_thread *next;       /* every thread of the run */
};

struct nts_process {
	uint32_t eprocess, pid;
	int64_t upid;
	int named, created, exited;
	const struct nts_image *program;   /* the $NTSCOPE_IMAGES file named like it */
	unsigned uframes;                  /* its threads' open watched calls returning below
	                                      shared_lo (into program code) */
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

/* An LPC port object as the tracer knows it; rows 0 = not known (yet). */
struct nts_port {
	uint32_t addr, connection, peer;   /* its object, ConnectionPort, ConnectedPort */
	int64_t id, connection_id, peer_id;
	uint32_t creator_pid, creator_tid;
	int kind;                      /* lpc.c: connection, communication ends, unknown */
	int api;                       /* it is \Windows\ApiPort */
};

/* A message row awaiting something: its receipt (by LPCP_MESSAGE address), its reply
 * or its acceptance (by MessageId, chained through next). Also a port_connect row
 * awaiting the client's return or its ports (by client tid; port_id: the connection
 * port). */
struct nts_lpc_msg {
	int64_t id, utid, port_id;
	uint64_t ts;
	uint32_t message_id, pid, tid;
	struct nts_lpc_msg *next;
};

struct nts_lpc {
	struct nts_map ports;          /* live ports by object address */
	struct nts_map queued;         /* messages not yet received, by LPCP_MESSAGE address */
	struct nts_map requests;       /* messages awaiting a reply, by MessageId */
	struct nts_map connects;       /* connection requests awaiting an answer, by MessageId */
	struct nts_map answered;       /* port_connect awaiting the client's NtConnectPort return */
	struct nts_map linking;        /* accepted port_connect awaiting its two ports */
	unsigned waiting;              /* entries in requests and connects */
	int svc_accept, svc_complete, svc_connect, svc_secure_connect;
};

struct nts_uwatch;

struct nts_ucall {
	struct nts_map entries;        /* watched function address -> struct nts_uwatch chain */
	struct nts_map returns;        /* armed return address -> frames awaiting it (count) */
	struct nts_uwatch *all;
	unsigned armed;
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
	struct nts_hot hot;                 /* published: hot_all or hot_shared */
	struct nts_hot hot_all, hot_shared; /* every hook; those at or above shared_lo */
	uint32_t shared_lo;                 /* lowest shared user image (else the kernel's) */
	uint8_t hot_filter[(1u << NTS_HOT_FILTER_BITS) / 8];  /* the hooks' NTS_HOT_BITs */
	uint32_t hook_addr[NTS_HOOK_SLOTS];
	nts_hook_fn hook_fn[NTS_HOOK_SLOTS];
	unsigned nhooks, hooks_dropped;
	struct nts_map threads, processes;  /* live ones by ETHREAD / EPROCESS address */
	struct nts_map pids;                /* live processes by pid */
	struct nts_map apcs;                /* pending APCs by KAPC address */
	struct nts_map tids;                /* live threads by tid */
	struct nts_lpc lpc;
	struct nts_ucall uc;
	int svc_resume, svc_suspend;        /* NtResumeThread, NtSuspendThread; -1: none */
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

/* map.c: get returns NULL when absent; put 0, or -1 (key 0, no memory); del removes
 * the key and returns its value (NULL when absent). */
void *nts_map_get(const struct nts_map *m, uint32_t key);
int nts_map_put(struct nts_map *m, uint32_t key, void *val);
void *nts_map_del(struct nts_map *m, uint32_t key);
void nts_map_free(struct nts_map *m, int free_vals);

/* hook.c: run fn when execution reaches addr (add: 0, or -1 when full or addr is
 * hooked already by another fn); find: the fn hooked at addr, or NULL; del: no hook
 * at addr any more; hot: publish every hook's range (all), or only that of the hooks at
 * or above shared_lo (a process whose program code has no hooks). */
int nts_hook_add(struct nts_session *s, uint32_t addr, nts_hook_fn fn);
void nts_hook_del(struct nts_session *s, uint32_t addr);
void nts_hook_hot(struct nts_session *s, int all);
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

/* thread.c: the running thread t went to user mode at eip (first user run); by_tid:
 * the live thread with that tid, or NULL; gone: t exited (no longer found by tid). */
void nts_thread_to_user(struct nts_session *s, struct nts_thread *t, uint32_t eip);
struct nts_thread *nts_thread_by_tid(const struct nts_session *s, uint32_t tid);
void nts_thread_gone(struct nts_session *s, struct nts_thread *t);

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

/* lpc.c: LpcpEnqueueMessage, LpcpReceiveMessage, LpcpDeletePort, and the connection
 * services: syscall_enter: the running thread t has just entered its call t->call with
 * the n arguments v; syscall_exit: t leaves it with e. */
void nts_lpc_hooks(struct nts_session *s);
void nts_lpc_syscall_enter(struct nts_session *s, const struct nts_vm *vm, struct nts_thread *t,
                           const struct nts_opt *v, int n);
void nts_lpc_syscall_exit(struct nts_session *s, struct nts_thread *t,
                          const struct nts_syscall_exit *e);
void nts_lpc_free(struct nts_session *s);

/* handle.c: KeResumeThread / KeSuspendThread inside NtResumeThread / NtSuspendThread. */
void nts_handle_hooks(struct nts_session *s);

/* ucall.c: init finds the watched user functions in the images (feature ucall, the
 * missing names) before meta is written; hooks watches them; new_process: a process
 * was created (address spaces may be reused); switch: next is about to run (program
 * code is hot only in a process that has hooks there); thread_exit: t's open calls
 * never return. */
void nts_ucall_init(struct nts_session *s);
void nts_ucall_hooks(struct nts_session *s);
void nts_ucall_new_process(struct nts_session *s);
void nts_ucall_switch(struct nts_session *s, const struct nts_thread *next);
void nts_ucall_thread_exit(struct nts_session *s, struct nts_thread *t);
void nts_ucall_free(struct nts_session *s);

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
