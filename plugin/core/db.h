/*
 * db.h — the trace writer: the schema, one prepared statement per kind of row, and
 * batched transactions (a commit every NTS_DB_BATCH events and at close) in WAL mode;
 * the writer thread keeps the schema's indexes as rows arrive, so close has little
 * left to do and a killed run's trace is indexed up to its last commit.
 * Row ids are int64 (0 = none, bound as NULL). Errors while tracing are reported on
 * stderr (a few, then counted) and never stop the emulation.
 */
#ifndef NTSCOPE_DB_H
#define NTSCOPE_DB_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#define NTS_DB_BATCH 4096

enum nts_stmt {
	NTS_ST_BEGIN, NTS_ST_COMMIT, NTS_ST_META, NTS_ST_IMAGE, NTS_ST_SYMBOL, NTS_ST_SERVICE,
	NTS_ST_PROCESS, NTS_ST_PROCESS_NAME, NTS_ST_THREAD, NTS_ST_SYSCALL, NTS_ST_SYSCALL_ARG,
	NTS_ST_SYSCALL_EXIT, NTS_ST_TRAP, NTS_ST_PROCESS_CREATE, NTS_ST_PROCESS_EXIT,
	NTS_ST_THREAD_CREATE, NTS_ST_THREAD_EXIT, NTS_ST_THREAD_USER, NTS_ST_SCHED,
	NTS_ST_SCHED_CR3, NTS_ST_WAKEUP, NTS_ST_APC, NTS_ST_APC_DELIVER, NTS_ST_APC_USER,
	NTS_ST_STRING, NTS_ST_LOCATION, NTS_ST_PORT, NTS_ST_PORT_LINKS, NTS_ST_PORT_CLOSE, NTS_ST_MESSAGE,
	NTS_ST_MESSAGE_RECEIVE, NTS_ST_CONNECT, NTS_ST_CONNECT_ACCEPT_STATUS,
	NTS_ST_CONNECT_COMPLETE, NTS_ST_CONNECT_RETURN, NTS_ST_CONNECT_PORTS,
	NTS_ST_SYSCALL_HANDLE, NTS_ST_UCALL, NTS_ST_UCALL_EXIT, NTS_ST_SYSCALL_DONE, NTS_ST_COUNT
};

/* A system call's exit folded into its insert (nts_db_apply_chunk). */
struct nts_fold {
	int64_t id;                    /* 0: empty slot */
	const unsigned char *exit;     /* the staged exit record */
	uint32_t len;
	int folded;
};

struct nts_writer;

/* An interned string or location (db.c): its key and row id. */
struct nts_atom {
	uint64_t hash;
	int64_t id;
	int64_t address;               /* locations; -1: none */
	char *text;                    /* NULL: none */
	int kind;
};

struct nts_db {
	sqlite3 *db;
	sqlite3_stmt *st[NTS_ST_COUNT];
	unsigned batch;                /* events per transaction */
	unsigned pending;              /* events since the last commit */
	uint64_t events;               /* all events written */
	unsigned errors;
	int progress_fd;               /* -1: no progress lines */
	unsigned char *rec;            /* the statement being staged (db.c) */
	size_t rec_len, rec_cap;
	int64_t last_id[NTS_ST_COUNT]; /* the last row id each insert gave */
	struct nts_writer *writer;     /* NULL: statements run at once, on the caller's thread */
	struct nts_atom *atoms;        /* open-addressing table of strings and locations */
	size_t natoms, atoms_cap;
	struct nts_fold *folds;        /* the exits of the chunk being applied, by id */
	size_t folds_cap;
};

/* An optional integer column: bound as NULL unless ok. */
struct nts_opt {
	int ok;
	int64_t v;
};

#define NTS_INLINE_ARGS 10            /* ev_syscall.a0..a9; further ones in ev_syscall_arg */

struct nts_syscall_row {
	int64_t utid;
	uint64_t ts;
	uint32_t number;
	const char *via;               /* 'int2e' or 'sysenter' */
	int nargs;                     /* -1: unknown */
	const struct nts_opt *args;    /* nargs values (not ok: unreadable) */
	uint32_t arg_ptr, eip;
};

struct nts_trap_row {
	int64_t utid;
	uint64_t ts;
	unsigned vector;
	const char *kind, *name, *mode, *eip_symbol;
	struct nts_opt error_code, eip, cr2;
};

struct nts_syscall_exit {
	uint64_t ts;
	struct nts_opt status;
	const char *kind, *address;    /* exit_kind, exit_address */
	uint32_t address_raw;
};

struct nts_sched_row {
	uint64_t ts;
	int64_t prev_utid, next_utid;
	const char *prev_state, *wait_reason;
	struct nts_opt prev_state_raw, wait_reason_raw, prev_priority, next_priority, prev_cr3;
	int64_t wakeup_id;             /* the wake-up this switch answers (the 'wakeup' flow) */
};

struct nts_wakeup_row {
	uint64_t ts;
	int64_t utid, waker_utid;
	const char *reason, *wait_reason;
	struct nts_opt wait_status, wait_reason_raw, increment;
};

struct nts_apc_row {
	int64_t target_utid, queuer_utid;
	uint64_t queue_ts;
	const char *mode, *kernel_routine, *normal_routine;
	uint32_t kapc;
	struct nts_opt kernel_routine_raw, normal_routine_raw, normal_context, argument1,
	               argument2, increment;
};

struct nts_port_row {
	const char *name, *kind;
	struct nts_opt kind_code;
	int64_t owner_upid, creator_utid;
	uint32_t address;
	uint64_t create_ts;
};

struct nts_message_row {
	int64_t port_id, sender_utid, reply_to, send_syscall_id;
	const char *type, *api_name;
	uint64_t send_ts;
	struct nts_opt type_code, message_id, client_pid, client_tid, data_length, total_length,
	               api_number;
	const void *payload;           /* NULL: none */
	size_t payload_len;
};

struct nts_connect_row {
	int64_t request_id, connection_port_id, server_utid;
	uint64_t accept_ts;
	struct nts_opt message_id, client_pid, client_tid;
	int accepted;
};

struct nts_handle_row {
	int64_t syscall_id, upid, utid, port_id;
	int idx;
	const char *kind;
	uint32_t object;
};

struct nts_ucall_row {
	int64_t utid;
	uint64_t ts;
	const char *function, *image, *arg_text;
	uint32_t address;
};

/* Create the trace at path (replacing an existing trace, refusing any other file) and
 * apply the schema inside the first transaction, so the first commit makes schema and
 * setup visible together (a run killed before it leaves an empty file). 0, or -1. */
int nts_db_create(struct nts_db *w, const char *path, char *err, size_t errlen);

/* Commit, fold the WAL back into the main file, close. 0, or -1 with err set. */
int nts_db_close(struct nts_db *w, char *err, size_t errlen);

/* Commit the open transaction and start the next; write a progress line. */
int nts_db_commit(struct nts_db *w, uint64_t instructions);

/* Count one event; commit when the batch is full. */
void nts_db_event(struct nts_db *w, uint64_t instructions);

/* From now on run the statements on a writer thread, in order, off the caller's
 * thread; nts_db_commit waits for them, close ends the thread. 0, or -1 (then they
 * still run at once). */
int nts_db_async(struct nts_db *w);

/* Bind and step one staged statement (for writer.c). 0, or -1 (reported). */
int nts_db_apply(struct nts_db *w, const unsigned char *rec, size_t len);

/* Run a chunk of staged statements in order (each a uint32 length and its bytes), with
 * a system call's exit folded into its insert when both are in the chunk: one INSERT
 * instead of an INSERT and an UPDATE, the same row. 0, or -1 if any failed. */
int nts_db_apply_chunk(struct nts_db *w, const unsigned char *data, size_t len);

/* writer.c: the writer thread. put queues a staged statement, waiting while the queue
 * is full (nothing is ever dropped); sync waits until everything queued has run (0, or
 * -1 when some statement failed since the start); stop syncs and ends the thread. */
int nts_writer_start(struct nts_db *w);
int nts_writer_put(struct nts_db *w, const unsigned char *rec, size_t len);
int nts_writer_sync(struct nts_db *w);
/* How often the tracer has waited for room in the writer's queue (back-pressure). */
unsigned long nts_writer_waits(const struct nts_db *w);
void nts_writer_stop(struct nts_db *w);

int nts_db_meta(struct nts_db *w, const char *key, const char *value);
int nts_db_metaf(struct nts_db *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int64_t nts_db_image(struct nts_db *w, const char *path, const char *name, const char *kind,
                     uint32_t base, uint32_t size, const char *build_id);
int nts_db_symbol(struct nts_db *w, int64_t image, const char *name, uint32_t addr,
                  uint32_t size, const char *kind);
int nts_db_service(struct nts_db *w, uint32_t number, const char *name, uint32_t addr,
                   unsigned arg_bytes);
int64_t nts_db_process(struct nts_db *w, uint32_t pid, const char *name, uint32_t eprocess,
                       uint64_t ts);
int nts_db_process_name(struct nts_db *w, int64_t upid, const char *name);
int64_t nts_db_thread(struct nts_db *w, uint32_t tid, int64_t upid, uint32_t ethread,
                      uint64_t ts);
/* A system call with its arguments (inline, and ev_syscall_arg rows past the tenth). */
int64_t nts_db_syscall(struct nts_db *w, const struct nts_syscall_row *r);
int nts_db_syscall_exit(struct nts_db *w, int64_t id, const struct nts_syscall_exit *e);
int64_t nts_db_trap(struct nts_db *w, const struct nts_trap_row *r);

/* Lifecycle updates of process and thread rows (parent 0 and name NULL keep the
 * row's values; creator 0 is NULL; an optional status unknown is NULL). */
int nts_db_process_create(struct nts_db *w, int64_t upid, uint64_t ts, int64_t parent,
                          const char *name, int64_t creator);
int nts_db_process_exit(struct nts_db *w, int64_t upid, uint64_t ts, struct nts_opt status);
int nts_db_thread_create(struct nts_db *w, int64_t utid, int64_t upid, uint64_t ts,
                         const char *start, struct nts_opt start_raw);
int nts_db_thread_exit(struct nts_db *w, int64_t utid, uint64_t ts, struct nts_opt status);
int nts_db_thread_user(struct nts_db *w, int64_t utid, uint64_t ts, const char *address,
                       uint32_t raw);

int64_t nts_db_sched(struct nts_db *w, const struct nts_sched_row *r);
int nts_db_sched_cr3(struct nts_db *w, int64_t id, uint32_t cr3, int change);
int64_t nts_db_wakeup(struct nts_db *w, const struct nts_wakeup_row *r);
int64_t nts_db_apc(struct nts_db *w, const struct nts_apc_row *r);
int nts_db_apc_deliver(struct nts_db *w, int64_t id, uint64_t ts, int64_t utid);
int nts_db_apc_user(struct nts_db *w, int64_t id, uint64_t ts);

/* The row id of string text (NULL: 0) and of the location (address, symbol), staging
 * its row the first time; 0 when it cannot (then the column is NULL). */
int64_t nts_db_string(struct nts_db *w, const char *text);
int64_t nts_db_location(struct nts_db *w, struct nts_opt address, const char *symbol);

/* LPC: ports (links 0 keep the row's values), messages and their receipt, and the
 * port_connect row of a NtAcceptConnectPort with its later outcomes. */
int64_t nts_db_port(struct nts_db *w, const struct nts_port_row *r);
int nts_db_port_links(struct nts_db *w, int64_t id, int64_t connection_port, int64_t peer_port);
int nts_db_port_close(struct nts_db *w, int64_t id, uint64_t ts);
int64_t nts_db_message(struct nts_db *w, const struct nts_message_row *r);
int nts_db_message_receive(struct nts_db *w, int64_t id, int64_t utid, uint64_t ts,
                           int64_t syscall_id);
int64_t nts_db_connect(struct nts_db *w, const struct nts_connect_row *r);
int nts_db_connect_accept_status(struct nts_db *w, int64_t id, struct nts_opt status);
int nts_db_connect_complete(struct nts_db *w, int64_t id, uint64_t ts);
int nts_db_connect_return(struct nts_db *w, int64_t id, uint64_t ts, struct nts_opt status);
int nts_db_connect_ports(struct nts_db *w, int64_t id, int64_t server_port, int64_t client_port);

/* What a handle argument of a call referred to (a second row for the same argument is
 * ignored). */
int nts_db_syscall_handle(struct nts_db *w, const struct nts_handle_row *r);

/* A watched user function entered, and its return. */
int64_t nts_db_ucall(struct nts_db *w, const struct nts_ucall_row *r);
int nts_db_ucall_exit(struct nts_db *w, int64_t id, uint64_t ts, uint32_t ret);

#endif
