/*
 * ucall.c — calls of watched user-mode functions (kernel32 CreateProcess*, csrss's
 * CSR routines, ntdll's CSR client calls), in whichever $NTSCOPE_IMAGES file defines
 * them. The entry is execution reaching the function's address: a ucall row with the
 * argument that matters as text; a function of a program image counts only in a
 * process running that program. The return is execution reaching the return address
 * read at the entry ([esp]) in the same thread with ESP past it (a stdcall callee pops
 * its arguments too): each thread keeps a stack of its open calls, so recursion and
 * nesting pair up, and the return address is hooked only while a call awaits it.
 * Program code is hot only while a process runs whose program has watched functions or
 * whose threads await returns there.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/session.h"

#define ARGS_POPPED_MAX 256            /* bytes a stdcall return may pop besides [esp] */
#define PATH_BYTES 520                 /* UTF-16 bytes of a path (MAX_PATH characters) */
#define USER_TOP 0x80000000u

typedef const char *(*arg_fn)(struct nts_session *s, const struct nts_vm *vm, char *buf, size_t len);

/* A watched function in one image; others at the same address chain through here. */
struct nts_uwatch {
	const char *function;
	const struct nts_image *img;
	uint32_t addr;
	int program;                   /* only in a process whose program is img */
	uint32_t miss_cr3;             /* an address space known not to run img (0: none) */
	arg_fn arg;
	struct nts_uwatch *here, *next;
};

/* The first token of a command line (a quoted one without its quotes), in place. */
static char *first_token(char *line)
{
	char *end;

	line += strspn(line, " \t");
	if (*line == '"') {
		line++;
		end = strchr(line, '"');
	} else {
		end = line + strcspn(line, " \t");
	}
	if (end)
		*end = '\0';
	return line;
}

/* The string argument n (UTF-16 when wide) into buf; NULL if NULL or unreadable. */
static char *string_arg(struct nts_session *s, const struct nts_vm *vm, int n, int wide,
                        char *buf, size_t len)
{
	uint32_t p;

	if (nts_arg(s, vm, n, &p) != 0 || p == 0)
		return NULL;
	if (wide ? nts_vm_utf16(vm, p, PATH_BYTES, buf, len) < 0 : nts_vm_string(vm, p, buf, len) < 0)
		return NULL;
	return buf;
}

/* The image a CreateProcess call asks for: its application name (argument app), else
 * the first token of its command line (argument app + 1). */
static const char *image_asked(struct nts_session *s, const struct nts_vm *vm, int app, int wide,
                               char *buf, size_t len)
{
	const char *name = string_arg(s, vm, app, wide, buf, len);
	char *line;

	if (name && *name)
		return name;
	if (!(line = string_arg(s, vm, app + 1, wide, buf, len)))
		return NULL;
	line = first_token(line);
	return *line ? line : NULL;
}

/* CreateProcessInternalW(hToken, lpApplicationName, lpCommandLine, ...). */
static const char *create_process_internal_w(struct nts_session *s, const struct nts_vm *vm,
                                             char *buf, size_t len)
{
	return image_asked(s, vm, 2, 1, buf, len);
}

/* CreateProcessW(lpApplicationName, lpCommandLine, ...). */
static const char *create_process_w(struct nts_session *s, const struct nts_vm *vm, char *buf,
                                    size_t len)
{
	return image_asked(s, vm, 1, 1, buf, len);
}

/* CreateProcessA(lpApplicationName, lpCommandLine, ...). */
static const char *create_process_a(struct nts_session *s, const struct nts_vm *vm, char *buf,
                                    size_t len)
{
	return image_asked(s, vm, 1, 0, buf, len);
}

/* The CLIENT_ID whose fields are at pid_at / tid_at as 'pid.tid'; NULL if unreadable. */
static const char *client_id(const struct nts_vm *vm, uint32_t pid_at, uint32_t tid_at, char *buf,
                             size_t len)
{
	uint32_t pid, tid;

	if (nts_vm_read32(vm, pid_at, &pid) != 0 || nts_vm_read32(vm, tid_at, &tid) != 0)
		return NULL;
	snprintf(buf, len, "%u.%u", pid, tid);
	return buf;
}

/* The PCLIENT_ID argument n as 'pid.tid' (CLIENT_ID laid out as the kernel's DWARF says). */
static const char *client_id_arg(struct nts_session *s, const struct nts_vm *vm, int n, char *buf,
                                 size_t len)
{
	const struct nts_offsets *o = &s->k.off;
	uint32_t p;

	if (nts_arg(s, vm, n, &p) != 0 || p == 0)
		return NULL;
	return client_id(vm, p + o->cid_process.off - o->cid.off, p + o->cid_thread.off - o->cid.off,
	                 buf, len);
}

/* CsrCreateProcess(ProcessHandle, ThreadHandle, PCLIENT_ID ClientId, ...). */
static const char *client_id_3(struct nts_session *s, const struct nts_vm *vm, char *buf, size_t len)
{
	return client_id_arg(s, vm, 3, buf, len);
}

/* CsrLocateThreadByClientId(PCSR_PROCESS *Process, PCLIENT_ID ClientId). */
static const char *client_id_2(struct nts_session *s, const struct nts_vm *vm, char *buf, size_t len)
{
	return client_id_arg(s, vm, 2, buf, len);
}

/* CsrApiHandleConnectionRequest(PCSR_API_MSG Message): Message->h.ClientId. */
static const char *message_client_id(struct nts_session *s, const struct nts_vm *vm, char *buf,
                                     size_t len)
{
	const struct nts_offsets *o = &s->k.off;
	uint32_t m;

	if (!o->pm_client_process.found || !o->pm_client_thread.found || nts_arg(s, vm, 1, &m) != 0 || !m)
		return NULL;
	return client_id(vm, m + o->pm_client_process.off, m + o->pm_client_thread.off, buf, len);
}

/* CsrClientConnectToServer(ObjectDirectory, ...): the port, NT's ObjectDirectory +
 * "\ApiPort" (a name that already ends so is taken whole). */
static const char *port_name(struct nts_session *s, const struct nts_vm *vm, char *buf, size_t len)
{
	static const char suffix[] = "\\ApiPort";
	char *dir = string_arg(s, vm, 1, 1, buf, len);
	size_t n = dir ? strlen(dir) : 0;

	if (!dir)
		return NULL;
	if ((n < sizeof suffix - 1 || strcmp(dir + n - (sizeof suffix - 1), suffix) != 0) &&
	    n + sizeof suffix <= len)
		memcpy(dir + n, suffix, sizeof suffix);
	return dir;
}

/* CsrClientCallServer(Message, CaptureBuffer, ApiNumber, ArgLength): '0x00010000'. */
static const char *api_number(struct nts_session *s, const struct nts_vm *vm, char *buf, size_t len)
{
	uint32_t n;

	if (nts_arg(s, vm, 3, &n) != 0)
		return NULL;
	snprintf(buf, len, "0x%08X", n);
	return buf;
}

static const struct {
	const char *function;
	arg_fn arg;
} watched[] = {
	{ "CreateProcessInternalW", create_process_internal_w },
	{ "CreateProcessW", create_process_w },
	{ "CreateProcessA", create_process_a },
	{ "CsrCreateProcess", client_id_3 },
	{ "CsrLocateThreadByClientId", client_id_2 },
	{ "CsrApiHandleConnectionRequest", message_client_id },
	{ "BaseSrvCreateProcess", NULL },
	{ "CsrHandleHardError", NULL },
	{ "CsrClientConnectToServer", port_name },
	{ "CsrClientCallServer", api_number },
};

/* Whether img is mapped in every process (not a program). */
static int is_shared(const struct nts_session *s, const struct nts_image *img)
{
	size_t i;
	for (i = 0; i < s->nshared; i++)
		if (s->shared[i] == img)
			return 1;
	return 0;
}

/* Watch function i of the table in img, defined at addr. 0, or -1 out of memory. */
static int add_watch(struct nts_session *s, size_t i, const struct nts_image *img, uint32_t addr)
{
	struct nts_uwatch *w = calloc(1, sizeof *w);

	if (!w)
		return -1;
	w->function = watched[i].function;
	w->arg = watched[i].arg;
	w->img = img;
	w->addr = addr;
	w->program = !is_shared(s, img);
	w->here = nts_map_get(&s->uc.entries, addr);
	if (nts_map_put(&s->uc.entries, addr, w) != 0) {
		free(w);
		return -1;
	}
	w->next = s->uc.all;
	s->uc.all = w;
	return 0;
}

void nts_ucall_init(struct nts_session *s)
{
	size_t i, j;
	uint32_t addr;
	int found;

	for (i = 0; i < sizeof watched / sizeof *watched; i++) {
		for (found = 0, j = 0; j < s->nuser; j++)
			if (nts_image_global_func(&s->user[j], watched[i].function, &addr) == 0 &&
			    addr >= s->user[j].lo && addr < s->user[j].hi && addr < USER_TOP &&
			    add_watch(s, i, &s->user[j], addr) == 0)
				found = 1;
		if (!found)
			nts_kernel_note_missing(&s->k, watched[i].function);
	}
	if (s->uc.all)
		s->k.features |= NTS_F_UCALL;
}

/* The watch at eip that counts in thread t's process, or NULL. A program's watch that
 * does not remembers the address space, so that its next miss there costs nothing. */
static struct nts_uwatch *watch_for(struct nts_session *s, const struct nts_thread *t, uint32_t eip,
                                    uint32_t cr3)
{
	struct nts_uwatch *w;

	for (w = nts_map_get(&s->uc.entries, eip); w; w = w->here)
		if (!w->program || (t->proc && t->proc->program == w->img))
			return w;
	for (w = nts_map_get(&s->uc.entries, eip); w; w = w->here)
		w->miss_cr3 = cr3;
	return NULL;
}

/* Whether every watch at eip is known not to run in the address space cr3. */
static int known_miss(const struct nts_session *s, uint32_t eip, uint32_t cr3)
{
	struct nts_uwatch *w = nts_map_get(&s->uc.entries, eip);

	for (; w; w = w->here)
		if (!w->program || w->miss_cr3 != cr3)
			return 0;
	return 1;
}

static void hit(struct nts_session *s, uint32_t eip);

/* Whether the program code of process p has hooks: watched functions of its program,
 * or returns its threads await. */
static int program_hooked(const struct nts_session *s, const struct nts_process *p)
{
	const struct nts_uwatch *w;

	if (p->uframes)
		return 1;
	for (w = s->uc.all; w; w = w->next)
		if (w->program && w->img == p->program)
			return 1;
	return 0;
}

void nts_ucall_switch(struct nts_session *s, const struct nts_thread *next)
{
	if (s->k.features & NTS_F_UCALL)
		nts_hook_hot(s, !next || !next->proc || program_hooked(s, next->proc));
}

/* Thread t awaits the return of call id at ret with ESP at least esp: hook ret while
 * any call awaits it. Beyond the bounds the call just stays without ts_exit. */
static void arm(struct nts_session *s, struct nts_thread *t, int64_t id, uint32_t ret, uint32_t esp)
{
	uintptr_t count = (uintptr_t)nts_map_get(&s->uc.returns, ret);

	if (t->nframes >= NTS_UCALL_DEPTH || !ret || ret >= USER_TOP) {
		s->hooks_dropped++;
		return;
	}
	if (!count && (s->uc.armed >= NTS_UCALL_RETURNS || nts_hook_add(s, ret, hit) != 0)) {
		s->hooks_dropped++;
		return;
	}
	if (nts_map_put(&s->uc.returns, ret, (void *)(count + 1)) != 0) {
		if (!count && !nts_map_get(&s->uc.entries, ret))
			nts_hook_del(s, ret);
		return;
	}
	s->uc.armed += !count;
	t->frames[t->nframes++] = (struct nts_uframe){ id, ret, esp };
	if (ret < s->shared_lo && t->proc && t->proc->uframes++ == 0)
		nts_hook_hot(s, 1);
}

/* A call of thread t awaiting ret no longer does; unhook ret when none does. */
static void disarm(struct nts_session *s, struct nts_thread *t, uint32_t ret)
{
	uintptr_t count = (uintptr_t)nts_map_get(&s->uc.returns, ret);

	if (ret < s->shared_lo && t->proc && t->proc->uframes)
		t->proc->uframes--;
	if (count > 1) {
		nts_map_put(&s->uc.returns, ret, (void *)(count - 1));
		return;
	}
	nts_map_del(&s->uc.returns, ret);
	s->uc.armed--;
	if (!nts_map_get(&s->uc.entries, ret))
		nts_hook_del(s, ret);
}

/* Thread t is at eip with this ESP: the innermost of its calls that returns here ends
 * (ret = EAX); calls opened after it were unwound without returning. */
static void returned(struct nts_session *s, struct nts_thread *t, uint32_t eip)
{
	uint32_t esp = nts_reg(s, NTS_ESP);
	uint64_t now;
	unsigned k = t->nframes;

	while (k > 0) {
		const struct nts_uframe *f = &t->frames[--k];
		if (f->ret != eip || esp < f->esp || esp - f->esp > ARGS_POPPED_MAX)
			continue;
		now = nts_now(s);
		nts_db_ucall_exit(&s->db, f->id, now, nts_reg(s, NTS_EAX));
		while (t->nframes > k)
			disarm(s, t, t->frames[--t->nframes].ret);
		nts_db_event(&s->db, now);
		return;
	}
}

/* Thread t entered the watched function w: its row, and its return awaited. */
static void entered(struct nts_session *s, const struct nts_vm *vm, struct nts_thread *t,
                    const struct nts_uwatch *w)
{
	struct nts_ucall_row r = { t->utid, nts_now(s), w->function, w->img->name, NULL, w->addr };
	uint32_t esp = nts_reg(s, NTS_ESP), ret;
	char text[1024];
	int64_t id;

	r.arg_text = w->arg ? w->arg(s, vm, text, sizeof text) : NULL;
	id = nts_db_ucall(&s->db, &r);
	if (id && nts_vm_read32(vm, esp, &ret) == 0)
		arm(s, t, id, ret, esp + 4);
	nts_db_event(&s->db, r.ts);
}

/* A watched function's entry or an awaited return address executes (in user mode). */
static void hit(struct nts_session *s, uint32_t eip)
{
	uint32_t cr3 = nts_reg(s, NTS_CR3);
	int awaited = nts_map_get(&s->uc.returns, eip) != NULL;
	struct nts_uwatch *w;
	struct nts_thread *t;
	struct nts_vm vm;

	if ((nts_reg(s, NTS_CS) & 3) != 3 || (!awaited && known_miss(s, eip, cr3)))
		return;
	vm = nts_vm_current(s->cpu);
	t = nts_thread_current(s, &vm);
	if (!t->utid)
		return;
	if (awaited)
		returned(s, t, eip);
	if ((w = watch_for(s, t, eip, cr3)) != NULL)
		entered(s, &vm, t, w);
}

void nts_ucall_hooks(struct nts_session *s)
{
	struct nts_uwatch *w;

	for (w = s->uc.all; w; w = w->next)
		if (w == nts_map_get(&s->uc.entries, w->addr) && nts_hook_add(s, w->addr, hit) != 0)
			s->hooks_dropped++;
}

void nts_ucall_new_process(struct nts_session *s)
{
	struct nts_uwatch *w;

	for (w = s->uc.all; w; w = w->next)
		w->miss_cr3 = 0;
}

void nts_ucall_thread_exit(struct nts_session *s, struct nts_thread *t)
{
	while (t->nframes > 0)
		disarm(s, t, t->frames[--t->nframes].ret);
}

void nts_ucall_free(struct nts_session *s)
{
	while (s->uc.all) {
		struct nts_uwatch *w = s->uc.all;
		s->uc.all = w->next;
		free(w);
	}
	nts_map_free(&s->uc.entries, 0);
	nts_map_free(&s->uc.returns, 0);
	s->uc.armed = 0;
}
