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

/* A guest thread as the tracer knows it; utid 0 = no thread (bound as NULL). */
struct nts_thread {
	uint32_t ethread, tid;
	int64_t utid, upid;
	int64_t open_syscall;          /* syscall row awaiting the return to user mode */
};

struct nts_process {
	uint32_t eprocess, pid;
	int64_t upid;
	int named;
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
	const struct nts_image **images;   /* kernel then user images, for symbolizing */
	size_t nimages;
	struct nts_db db;
	struct nts_hot hot;
	uint32_t hook_addr[NTS_HOOK_SLOTS];
	nts_hook_fn hook_fn[NTS_HOOK_SLOTS];
	unsigned nhooks;
	struct nts_map threads, processes;
	struct nts_thread nothread;
	uint64_t max_instructions, stop_at;
	int stop_requested;
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

/* hook.c: run fn when execution reaches addr (add: 0, or -1 when full). */
int nts_hook_add(struct nts_session *s, uint32_t addr, nts_hook_fn fn);
void nts_hook_exec(struct nts_session *s, uint32_t eip);

/* thread.c: the thread running now (never NULL; &s->nothread when unknown). */
struct nts_thread *nts_thread_current(struct nts_session *s, const struct nts_vm *vm);
void nts_threads_free(struct nts_session *s);

/* syscall.c: entries and returns seen as far branches. user_entry: t entered the
 * kernel from user mode some other way, so a call still open never returned. */
void nts_syscall_branch(struct nts_session *s, enum nts_branch what, uint16_t prev_cs,
                        uint32_t prev_eip, uint16_t new_cs, uint32_t new_eip);
void nts_syscall_user_entry(struct nts_session *s, struct nts_thread *t);

/* trap.c: one trap row per exception / hardware interrupt; readable vector names. */
void nts_trap_exception(struct nts_session *s, unsigned vector, unsigned error_code);
void nts_trap_interrupt(struct nts_session *s, unsigned vector, uint32_t eip);
const char *nts_trap_name(unsigned vector, int exception);

/* status.c: the first terminal status sticks; tick checks the instruction limits. */
void nts_status_set(struct nts_session *s, const char *status);
void nts_status_tick(struct nts_session *s);
void nts_status_outp(struct nts_session *s, uint16_t port, unsigned len, unsigned value);
void nts_status_bugcheck(struct nts_session *s, uint32_t eip);

#endif
