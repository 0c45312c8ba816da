/*
 * db.c — writing the trace database.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin/core/db.h"
#include "schema/schema.h"

static const char *const sql[NTS_ST_COUNT] = {
	[NTS_ST_BEGIN] = "BEGIN",
	[NTS_ST_COMMIT] = "COMMIT",
	[NTS_ST_META] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
	[NTS_ST_IMAGE] = "INSERT INTO image(path, name, kind, base, size, build_id, id) "
	                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[NTS_ST_SYMBOL] = "INSERT INTO symbol(image_id, name, address, size, kind) "
	                  "VALUES (?1, ?2, ?3, ?4, ?5)",
	[NTS_ST_SERVICE] = "INSERT INTO service(number, name, address, arg_bytes, nargs) "
	                   "VALUES (?1, ?2, ?3, ?4, ?4 / 4)",
	[NTS_ST_PROCESS] = "INSERT INTO process(pid, name, eprocess, first_ts, upid) VALUES (?1, ?2, ?3, ?4, ?5)",
	[NTS_ST_PROCESS_NAME] = "UPDATE process SET name = ?2 WHERE upid = ?1",
	[NTS_ST_THREAD] = "INSERT INTO thread(tid, upid, ethread, first_ts, utid) VALUES (?1, ?2, ?3, ?4, ?5)",
	[NTS_ST_SYSCALL] = "INSERT INTO ev_syscall(utid, ts_enter, number, via, nargs, arg_ptr, "
	                   "eip_loc, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, id) VALUES (?1, ?2, ?3, "
	                   "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
	[NTS_ST_SYSCALL_ARG] = "INSERT INTO ev_syscall_arg(syscall_id, idx, value) VALUES (?1, ?2, ?3)",
	[NTS_ST_SYSCALL_EXIT] = "UPDATE ev_syscall SET duration = ?2 - ts_enter, status = ?3, "
	                        "exit_kind = ?4, exit_loc = ?5 WHERE id = ?1",
	[NTS_ST_TRAP] = "INSERT INTO ev_trap(utid, ts, vector, kind_sid, error_code, eip_loc, cr2, "
	                "name_sid, mode_sid, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[NTS_ST_PROCESS_CREATE] = "UPDATE process SET create_ts = ?2, parent_upid = coalesce(?3, parent_upid), "
	                          "name = coalesce(?4, name), creator_utid = ?5 WHERE upid = ?1",
	[NTS_ST_PROCESS_EXIT] = "UPDATE process SET exit_ts = ?2, exit_status = ?3 WHERE upid = ?1",
	[NTS_ST_THREAD_CREATE] = "UPDATE thread SET create_ts = ?3, upid = coalesce(?2, upid), "
	                         "start_address = ?4, start_address_raw = ?5 WHERE utid = ?1",
	[NTS_ST_THREAD_EXIT] = "UPDATE thread SET exit_ts = ?2, exit_status = ?3 WHERE utid = ?1",
	[NTS_ST_THREAD_USER] = "UPDATE thread SET first_user_ts = ?2, first_user_address = ?3, "
	                       "first_user_address_raw = ?4 WHERE utid = ?1",
	[NTS_ST_SCHED] = "INSERT INTO ev_sched(ts, prev_utid, next_utid, prev_state_sid, wait_reason_sid, "
	                 "prev_state_raw, wait_reason_raw, prev_priority, next_priority, prev_cr3, "
	                 "wakeup_id, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[NTS_ST_SCHED_CR3] = "UPDATE ev_sched SET next_cr3 = ?2, cr3_change = ?3 WHERE id = ?1",
	[NTS_ST_WAKEUP] = "INSERT INTO ev_wakeup(ts, utid, waker_utid, reason_sid, wait_status, "
	                  "wait_reason_sid, wait_reason_raw, increment, id) "
	                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[NTS_ST_APC] = "INSERT INTO ev_apc(target_utid, queue_ts, queuer_utid, mode_sid, "
	               "kernel_routine_loc, normal_routine_loc, kapc, normal_context, "
	               "system_argument1, system_argument2, increment, id) "
	               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[NTS_ST_APC_DELIVER] = "UPDATE ev_apc SET deliver_ts = ?2, deliver_utid = ?3 WHERE id = ?1",
	[NTS_ST_APC_USER] = "UPDATE ev_apc SET user_deliver_ts = ?2 WHERE id = ?1",
	[NTS_ST_STRING] = "INSERT INTO string(value, id) VALUES (?1, ?2)",
	[NTS_ST_LOCATION] = "INSERT INTO location(address, symbol, id) VALUES (?1, ?2, ?3)",
	[NTS_ST_PORT] = "INSERT INTO port(name, kind, owner_upid, address, kind_code, creator_utid, "
	                "create_ts, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[NTS_ST_PORT_LINKS] = "UPDATE port SET connection_port_id = coalesce(?2, connection_port_id), "
	                      "peer_port_id = coalesce(?3, peer_port_id) WHERE id = ?1",
	[NTS_ST_PORT_CLOSE] = "UPDATE port SET close_ts = ?2 WHERE id = ?1",
	[NTS_ST_MESSAGE] = "INSERT INTO ev_message(port_id, type_sid, type_code, message_id, client_pid, "
	                   "client_tid, sender_utid, send_ts, reply_to, data_length, total_length, "
	                   "payload, api_number, api_name_sid, send_syscall_id, id) "
	                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	[NTS_ST_MESSAGE_RECEIVE] = "UPDATE ev_message SET receiver_utid = ?2, receive_ts = ?3, "
	                           "receive_syscall_id = ?4 WHERE id = ?1",
	[NTS_ST_CONNECT] = "INSERT INTO port_connect(request_id, message_id, client_pid, client_tid, "
	                   "connection_port_id, server_utid, accept_ts, accepted, id) "
	                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[NTS_ST_CONNECT_ACCEPT_STATUS] = "UPDATE port_connect SET accept_status = ?2 WHERE id = ?1",
	[NTS_ST_CONNECT_COMPLETE] = "UPDATE port_connect SET complete_ts = ?2 WHERE id = ?1",
	[NTS_ST_CONNECT_RETURN] = "UPDATE port_connect SET connect_return_ts = ?2, connect_status = ?3 "
	                          "WHERE id = ?1",
	[NTS_ST_CONNECT_PORTS] = "UPDATE port_connect SET server_port_id = coalesce(?2, server_port_id), "
	                         "client_port_id = coalesce(?3, client_port_id) WHERE id = ?1",
	[NTS_ST_SYSCALL_HANDLE] = "INSERT OR IGNORE INTO syscall_handle(syscall_id, idx, kind, object, upid, "
	                          "utid, port_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[NTS_ST_UCALL] = "INSERT INTO ev_ucall(utid, ts_enter, function_sid, image_sid, address, "
	                 "arg_sid, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[NTS_ST_UCALL_EXIT] = "UPDATE ev_ucall SET ts_exit = ?2, ret = ?3 WHERE id = ?1",
	/* NTS_ST_SYSCALL's parameters, then NTS_ST_SYSCALL_EXIT's shifted by FOLD_SHIFT */
	[NTS_ST_SYSCALL_DONE] = "INSERT INTO ev_syscall(utid, ts_enter, number, via, nargs, arg_ptr, "
	                        "eip_loc, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, id, duration, status, "
	                        "exit_kind, exit_loc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	                        "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?20 - ?2, ?21, ?22, ?23)",
};
#define FOLD_SHIFT 18

/* The parameter of each insert that returns a row id: the id, which the writer
 * assigns itself (the tables are new, so ids count up from 1 as SQLite's would). */
static const int id_param[NTS_ST_COUNT] = {
	[NTS_ST_IMAGE] = 7,
	[NTS_ST_PROCESS] = 5,
	[NTS_ST_THREAD] = 5,
	[NTS_ST_SYSCALL] = 18,
	[NTS_ST_TRAP] = 10,
	[NTS_ST_SCHED] = 12,
	[NTS_ST_WAKEUP] = 9,
	[NTS_ST_APC] = 12,
	[NTS_ST_STRING] = 2,
	[NTS_ST_LOCATION] = 3,
	[NTS_ST_PORT] = 8,
	[NTS_ST_MESSAGE] = 16,
	[NTS_ST_CONNECT] = 9,
	[NTS_ST_UCALL] = 7,
};

/* Say on stderr what failed, the first time only: the session stops the run then. */
static void report(struct nts_db *w, const char *what)
{
	if (w->errors++ == 0)
		fprintf(stderr, "ntscope: cannot write the trace database: %s (%.40s...)\n",
		        sqlite3_errmsg(w->db), what);
}

/* A statement is staged as a record in w->rec: its number, then (index, type, value)
 * per bound parameter; unbound ones are NULL. It runs at once, or on the writer
 * thread (writer.c) in the order staged. */
enum { P_INT, P_TEXT, P_BLOB };

/* Make room for n more bytes of the staged record. */
static unsigned char *grow(struct nts_db *w, size_t n)
{
	if (w->rec_len + n > w->rec_cap) {
		size_t cap = 2 * (w->rec_len + n) + 256;
		unsigned char *p = realloc(w->rec, cap);
		if (!p)
			return NULL;
		w->rec = p;
		w->rec_cap = cap;
	}
	w->rec_len += n;
	return w->rec + w->rec_len - n;
}

/* Start staging statement k. */
static void begin(struct nts_db *w, enum nts_stmt k)
{
	unsigned char *p;
	w->rec_len = 0;
	if ((p = grow(w, 1)))
		*p = (unsigned char)k;
}

static void bind_int(struct nts_db *w, int i, int64_t v)
{
	unsigned char *p = grow(w, 2 + sizeof v);
	if (!p)
		return;
	p[0] = (unsigned char)i;
	p[1] = P_INT;
	memcpy(p + 2, &v, sizeof v);
}

/* Stage n bytes at v as parameter i, a copy (the caller's buffer may go). */
static void bind_bytes(struct nts_db *w, int i, int type, const void *v, uint32_t n)
{
	unsigned char *p = grow(w, 2 + sizeof n + n);
	if (!p)
		return;
	p[0] = (unsigned char)i;
	p[1] = (unsigned char)type;
	memcpy(p + 2, &n, sizeof n);
	memcpy(p + 2 + sizeof n, v, n);
}

static void bind_blob(struct nts_db *w, int i, const void *v, size_t n)
{
	bind_bytes(w, i, P_BLOB, v, (uint32_t)n);
}

/* Bind a row id, or NULL for 0. */
static void bind_id(struct nts_db *w, int i, int64_t id)
{
	if (id)
		bind_int(w, i, id);
}

/* Bind a string, or NULL. */
static void bind_text(struct nts_db *w, int i, const char *s)
{
	if (s)
		bind_bytes(w, i, P_TEXT, s, (uint32_t)strlen(s));
}

/* Bind an optional integer. */
static void bind_opt(struct nts_db *w, int i, struct nts_opt o)
{
	if (o.ok)
		bind_int(w, i, o.v);
}

static int commit_now(struct nts_db *w, uint64_t instructions, uint64_t events);

/* Step statement k once and reset it. 0, or -1 (reported). */
static int step(struct nts_db *w, enum nts_stmt k)
{
	sqlite3_stmt *st = w->st[k];
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		report(w, sql[k]);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* The next parameter of a staged record at *p (before end): its number, type, integer
 * or bytes; *p moves past it. 0, or -1 at the end. */
static int next_param(const unsigned char **p, const unsigned char *end, int *i, int *type,
                      int64_t *x, const unsigned char **bytes, uint32_t *n)
{
	if (*p >= end)
		return -1;
	*i = (*p)[0];
	*type = (*p)[1];
	*p += 2;
	if (*type == P_INT) {
		memcpy(x, *p, sizeof *x);
		*p += sizeof *x;
		return 0;
	}
	memcpy(n, *p, sizeof *n);
	*bytes = *p + sizeof *n;
	*p += sizeof *n + *n;
	return 0;
}

/* Bind the parameters of the staged record rec to st, parameter i as i + shift. */
static void bind_record(sqlite3_stmt *st, const unsigned char *rec, size_t len, int shift)
{
	const unsigned char *p = rec + 1, *bytes = NULL;
	int i, type;
	int64_t x = 0;
	uint32_t n = 0;

	while (next_param(&p, rec + len, &i, &type, &x, &bytes, &n) == 0) {
		if (type == P_INT)
			sqlite3_bind_int64(st, i + shift, x);
		else if (type == P_TEXT)
			sqlite3_bind_text(st, i + shift, (const char *)bytes, (int)n, SQLITE_STATIC);
		else
			sqlite3_bind_blob(st, i + shift, bytes, (int)n, SQLITE_STATIC);
	}
}

/* Integer parameter i of the staged record rec, or 0 when it is not bound. */
static int64_t record_int(const unsigned char *rec, size_t len, int i)
{
	const unsigned char *p = rec + 1, *bytes;
	int at, type;
	int64_t x = 0;
	uint32_t n;

	while (next_param(&p, rec + len, &at, &type, &x, &bytes, &n) == 0)
		if (at == i && type == P_INT)
			return x;
	return 0;
}

int nts_db_apply(struct nts_db *w, const unsigned char *rec, size_t len)
{
	enum nts_stmt k = (enum nts_stmt)rec[0];

	if (k == NTS_ST_COMMIT)
		return commit_now(w, (uint64_t)record_int(rec, len, 1), (uint64_t)record_int(rec, len, 2));
	bind_record(w->st[k], rec, len, 0);
	return step(w, k);
}

/* The fold slot of the system call id: its entry, or the empty slot for it. */
static struct nts_fold *fold_slot(struct nts_db *w, int64_t id)
{
	size_t i = (size_t)id * 0x9E3779B97F4A7C15ULL & (w->folds_cap - 1);

	while (w->folds[i].id && w->folds[i].id != id)
		i = (i + 1) & (w->folds_cap - 1);
	return &w->folds[i];
}

/* Index the exits staged in the chunk by system call id (the first of an id wins).
 * 0, or -1 without memory (then nothing is folded). */
static int find_exits(struct nts_db *w, const unsigned char *data, size_t len)
{
	size_t at, exits = 0, cap;
	uint32_t n;

	for (at = 0; at + sizeof n <= len; at += sizeof n + n) {
		memcpy(&n, data + at, sizeof n);
		exits += data[at + sizeof n] == NTS_ST_SYSCALL_EXIT;
	}
	for (cap = 64; cap < 2 * exits; cap *= 2)
		;
	if (cap > w->folds_cap) {
		free(w->folds);
		w->folds_cap = 0;
		if (!(w->folds = malloc(cap * sizeof *w->folds)))
			return -1;
		w->folds_cap = cap;
	}
	memset(w->folds, 0, w->folds_cap * sizeof *w->folds);
	for (at = 0; at + sizeof n <= len; at += sizeof n + n) {
		const unsigned char *rec = data + at + sizeof n;
		int64_t id;
		memcpy(&n, data + at, sizeof n);
		if (rec[0] == NTS_ST_SYSCALL_EXIT && (id = record_int(rec, n, 1)) && !fold_slot(w, id)->id)
			*fold_slot(w, id) = (struct nts_fold){ id, rec, n, 0 };
	}
	return 0;
}

/* Run one staged record of a chunk whose exits find_exits indexed. 0, or -1. */
static int apply_folded(struct nts_db *w, const unsigned char *rec, uint32_t n, int indexed)
{
	struct nts_fold *f;
	int64_t id;

	if (!indexed || (rec[0] != NTS_ST_SYSCALL && rec[0] != NTS_ST_SYSCALL_EXIT))
		return nts_db_apply(w, rec, n);
	id = record_int(rec, n, rec[0] == NTS_ST_SYSCALL ? id_param[NTS_ST_SYSCALL] : 1);
	f = id ? fold_slot(w, id) : NULL;
	if (rec[0] == NTS_ST_SYSCALL_EXIT)
		return f && f->folded && f->exit == rec ? 0 : nts_db_apply(w, rec, n);
	if (!f || !f->id)
		return nts_db_apply(w, rec, n);
	bind_record(w->st[NTS_ST_SYSCALL_DONE], rec, n, 0);
	bind_record(w->st[NTS_ST_SYSCALL_DONE], f->exit, f->len, FOLD_SHIFT);
	f->folded = 1;
	return step(w, NTS_ST_SYSCALL_DONE);
}

int nts_db_apply_chunk(struct nts_db *w, const unsigned char *data, size_t len)
{
	int indexed = find_exits(w, data, len) == 0, rc = 0;
	size_t at;
	uint32_t n;

	for (at = 0; at + sizeof n <= len; at += sizeof n + n) {
		memcpy(&n, data + at, sizeof n);
		if (apply_folded(w, data + at + sizeof n, n, indexed) != 0)
			rc = -1;
	}
	return rc;
}

/* Run the staged statement k: at once (0, or -1 reported), or queued (0). */
static int run(struct nts_db *w, enum nts_stmt k)
{
	if (!w->rec_len)
		return -1;
	if (w->writer)
		return nts_writer_put(w, w->rec, w->rec_len);
	return nts_db_apply(w, w->rec, w->rec_len);
}

/* Run the staged insert k with the next id of its table; the id, or 0. */
static int64_t insert(struct nts_db *w, enum nts_stmt k)
{
	int64_t id = ++w->last_id[k];
	bind_int(w, id_param[k], id);
	if (run(w, k) == 0)
		return id;
	w->last_id[k]--;
	return 0;
}

/* Interning: strings and locations are written once, to the tables string and location;
 * event rows refer to them by id. The table maps each key to its id (ids count up from
 * 1 per table, as the inserts give them). */
enum { ATOM_STRING, ATOM_LOCATION };

/* FNV-1a of the key (kind, address, text). */
static uint64_t atom_hash(int kind, int64_t address, const char *text)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)kind;
	const unsigned char *p = (const unsigned char *)text;

	h = (h ^ (uint64_t)address) * 0x100000001b3ULL;
	while (p && *p)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return (h ^ (text ? 1 : 0)) * 0x100000001b3ULL;
}

/* The slot of the key in w->atoms: its entry, or the empty slot where it goes. */
static struct nts_atom *atom_slot(struct nts_db *w, uint64_t h, int kind, int64_t address,
                                  const char *text)
{
	size_t i = (size_t)h & (w->atoms_cap - 1);
	struct nts_atom *a;

	for (;; i = (i + 1) & (w->atoms_cap - 1)) {
		a = &w->atoms[i];
		if (!a->id)
			return a;
		if (a->hash == h && a->kind == kind && a->address == address &&
		    (a->text == text || (a->text && text && strcmp(a->text, text) == 0)))
			return a;
	}
}

/* Double the table (it starts at 1024 slots). 0, or -1. */
static int atoms_grow(struct nts_db *w)
{
	size_t cap = w->atoms_cap ? 2 * w->atoms_cap : 1024, i;
	struct nts_atom *old = w->atoms, *a;
	size_t old_cap = w->atoms_cap;

	if (!(w->atoms = calloc(cap, sizeof *w->atoms))) {
		w->atoms = old;
		return -1;
	}
	w->atoms_cap = cap;
	for (i = 0; i < old_cap; i++) {
		if (!old[i].id)
			continue;
		a = atom_slot(w, old[i].hash, old[i].kind, old[i].address, old[i].text);
		*a = old[i];
	}
	free(old);
	return 0;
}

/* The id of the key, staging its row (statement k) the first time; 0 when it cannot. */
static int64_t atom(struct nts_db *w, int kind, int64_t address, const char *text)
{
	enum nts_stmt k = kind == ATOM_STRING ? NTS_ST_STRING : NTS_ST_LOCATION;
	uint64_t h = atom_hash(kind, address, text);
	struct nts_atom *a;
	char *copy = NULL;
	int64_t id;

	if (2 * (w->natoms + 1) > w->atoms_cap && atoms_grow(w) != 0)
		return 0;
	a = atom_slot(w, h, kind, address, text);
	if (a->id)
		return a->id;
	if (text && !(copy = strdup(text)))
		return 0;
	begin(w, k);
	if (kind == ATOM_STRING) {
		bind_text(w, 1, text);
	} else {
		if (address >= 0)
			bind_int(w, 1, address);
		bind_text(w, 2, text);
	}
	if (!(id = insert(w, k))) {
		free(copy);
		return 0;
	}
	*a = (struct nts_atom){ h, id, address, copy, kind };
	w->natoms++;
	return id;
}

int64_t nts_db_string(struct nts_db *w, const char *text)
{
	return text ? atom(w, ATOM_STRING, -1, text) : 0;
}

int64_t nts_db_location(struct nts_db *w, struct nts_opt address, const char *symbol)
{
	if (!address.ok && !symbol)
		return 0;
	return atom(w, ATOM_LOCATION, address.ok ? (int64_t)(uint32_t)address.v : -1, symbol);
}

/* The code of s among names (the index), or -1. */
static int code_of(const char *const *names, int n, const char *s)
{
	int i;
	for (i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static const char *const via_names[] = { "int2e", "sysenter" };
static const char *const exit_kind_names[] = { "return", "apc", "continue" };

/* Bind a code, or NULL for -1. */
static void bind_code(struct nts_db *w, int i, int code)
{
	if (code >= 0)
		bind_int(w, i, code);
}

/* Whether the file at path is empty or starts with the SQLite header. */
static int sqlite_or_empty(const char *path)
{
	char head[16] = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	return n == 0 || (n == sizeof head && memcmp(head, "SQLite format 3", sizeof head) == 0);
}

/* Make way for a new trace at path: remove an old trace (and its WAL files), but
 * refuse to touch anything that is not an SQLite database. 0, or -1 with err. */
static int clear_path(const char *path, char *err, size_t errlen)
{
	static const char *const suffix[] = { "-wal", "-shm", "-journal" };
	char side[4096];
	struct stat sb;
	size_t i;

	if (path[0] == ':' || strncmp(path, "file:", 5) == 0 || stat(path, &sb) != 0)
		return 0;
	if (!S_ISREG(sb.st_mode) || !sqlite_or_empty(path)) {
		snprintf(err, errlen, "%s exists and is not a trace database: not replacing it", path);
		return -1;
	}
	for (i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(side, sizeof side, "%s%s", path, suffix[i]);
		unlink(side);
	}
	if (unlink(path) != 0) {
		snprintf(err, errlen, "cannot replace trace database %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* A trace is rebuildable (run again), so it is written for speed, not durability:
 * WAL keeps the file consistent if the process dies (a commit is atomic), but nothing
 * is fsync'ed (an OS crash may lose the last transactions). The default checkpoints
 * (every 1000 pages) run on the writer thread, so little is left to fold at close.
 * 2 KiB pages: rows are small and the exit update of a blocked system call grows a row
 * in a full page; a smaller page splits with less left empty (BENCHMARKS.md). */
static const char pragmas[] =
	"PRAGMA page_size = 2048; PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;"
	"PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY;";

/* Open the connection and set it up for bulk writing. 0, or -1 with err. */
static int open_db(struct nts_db *w, const char *path, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(w->db, pragmas, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot create trace database %s: %s", path,
		         msg ? msg : w->db ? sqlite3_errmsg(w->db) : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Prepare every statement of the writer. 0, or -1 with err. */
static int prepare_all(struct nts_db *w, char *err, size_t errlen)
{
	int k;
	for (k = 0; k < NTS_ST_COUNT; k++) {
		if (sqlite3_prepare_v3(w->db, sql[k], -1, SQLITE_PREPARE_PERSISTENT, &w->st[k], NULL)) {
			snprintf(err, errlen, "cannot prepare \"%s\": %s", sql[k], sqlite3_errmsg(w->db));
			return -1;
		}
	}
	return 0;
}

/* Finalize the statements and close the connection, whatever state it is in. */
static void release(struct nts_db *w)
{
	int k;
	for (k = 0; k < NTS_ST_COUNT; k++)
		sqlite3_finalize(w->st[k]);
	sqlite3_close(w->db);
	memset(w->st, 0, sizeof w->st);
	w->db = NULL;
	free(w->rec);
	w->rec = NULL;
	w->rec_len = w->rec_cap = 0;
	for (k = 0; (size_t)k < w->atoms_cap; k++)
		free(w->atoms[k].text);
	free(w->atoms);
	w->atoms = NULL;
	free(w->folds);
	w->folds = NULL;
	w->folds_cap = 0;
	w->natoms = w->atoms_cap = 0;
}

int nts_db_create(struct nts_db *w, const char *path, char *err, size_t errlen)
{
	char why[512];

	memset(w, 0, sizeof *w);
	w->batch = NTS_DB_BATCH;
	w->progress_fd = -1;
	if (clear_path(path, err, errlen) || open_db(w, path, err, errlen))
		goto fail;
	if (sqlite3_exec(w->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "trace database %s: %s", path, sqlite3_errmsg(w->db));
		goto fail;
	}
	if (nts_schema_apply(w->db, why, sizeof why) != 0) {
		snprintf(err, errlen, "trace database %s: %s", path, why);
		goto fail;
	}
	if (prepare_all(w, err, errlen))
		goto fail;
	return 0;
fail:
	release(w);
	return -1;
}

/* Tell the progress fd how far the run is; a full pipe just drops the line. */
static void progress(struct nts_db *w, uint64_t instructions, uint64_t events)
{
	char line[64];
	int n;
	if (w->progress_fd < 0)
		return;
	n = snprintf(line, sizeof line, "%llu %llu\n", (unsigned long long)instructions,
	             (unsigned long long)events);
	if (write(w->progress_fd, line, n) < 0 && errno != EAGAIN && errno != EINTR)
		w->progress_fd = -1;
}

/* Commit the open transaction, start the next, write a progress line. 0, or -1. */
static int commit_now(struct nts_db *w, uint64_t instructions, uint64_t events)
{
	int rc = step(w, NTS_ST_COMMIT);
	if (rc == 0)
		rc = step(w, NTS_ST_BEGIN);
	progress(w, instructions, events);
	return rc;
}

/* Stage a commit (with what its progress line says) and run it. */
static int commit(struct nts_db *w, uint64_t instructions)
{
	w->pending = 0;
	begin(w, NTS_ST_COMMIT);
	bind_int(w, 1, (int64_t)instructions);
	bind_int(w, 2, (int64_t)w->events);
	return run(w, NTS_ST_COMMIT);
}

int nts_db_commit(struct nts_db *w, uint64_t instructions)
{
	int rc = commit(w, instructions);
	if (w->writer)
		rc = nts_writer_sync(w);
	return rc;
}

void nts_db_event(struct nts_db *w, uint64_t instructions)
{
	w->events++;
	if (++w->pending >= w->batch)
		commit(w, instructions);
}

int nts_db_async(struct nts_db *w)
{
	return w->writer ? 0 : nts_writer_start(w);
}

int nts_db_close(struct nts_db *w, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = SQLITE_OK;

	if (!w->db)
		return 0;
	nts_writer_stop(w);
	if (!sqlite3_get_autocommit(w->db) && step(w, NTS_ST_COMMIT) != 0)
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(w->db, "PRAGMA journal_mode = DELETE;", NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "cannot finish the trace database: %s",
		         msg ? msg : sqlite3_errmsg(w->db));
	sqlite3_free(msg);
	release(w);
	return rc == SQLITE_OK ? 0 : -1;
}

int nts_db_meta(struct nts_db *w, const char *key, const char *value)
{
	begin(w, NTS_ST_META);
	bind_text(w, 1, key);
	bind_text(w, 2, value);
	return run(w, NTS_ST_META);
}

int nts_db_metaf(struct nts_db *w, const char *key, const char *fmt, ...)
{
	char value[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(value, sizeof value, fmt, ap);
	va_end(ap);
	return nts_db_meta(w, key, value);
}

int64_t nts_db_image(struct nts_db *w, const char *path, const char *name, const char *kind,
                     uint32_t base, uint32_t size, const char *build_id)
{
	begin(w, NTS_ST_IMAGE);
	bind_text(w, 1, path);
	bind_text(w, 2, name);
	bind_text(w, 3, kind);
	bind_int(w, 4, base);
	bind_int(w, 5, size);
	bind_text(w, 6, build_id && build_id[0] ? build_id : NULL);
	return insert(w, NTS_ST_IMAGE);
}

int nts_db_symbol(struct nts_db *w, int64_t image, const char *name, uint32_t addr,
                  uint32_t size, const char *kind)
{
	begin(w, NTS_ST_SYMBOL);
	bind_id(w, 1, image);
	bind_text(w, 2, name);
	bind_int(w, 3, addr);
	bind_int(w, 4, size);
	bind_text(w, 5, kind);
	return run(w, NTS_ST_SYMBOL);
}

int nts_db_service(struct nts_db *w, uint32_t number, const char *name, uint32_t addr,
                   unsigned arg_bytes)
{
	begin(w, NTS_ST_SERVICE);
	bind_int(w, 1, number);
	bind_text(w, 2, name);
	bind_int(w, 3, addr);
	bind_int(w, 4, arg_bytes);
	return run(w, NTS_ST_SERVICE);
}

int64_t nts_db_process(struct nts_db *w, uint32_t pid, const char *name, uint32_t eprocess,
                       uint64_t ts)
{
	begin(w, NTS_ST_PROCESS);
	bind_int(w, 1, pid);
	bind_text(w, 2, name);
	bind_int(w, 3, eprocess);
	bind_int(w, 4, (int64_t)ts);
	return insert(w, NTS_ST_PROCESS);
}

int nts_db_process_name(struct nts_db *w, int64_t upid, const char *name)
{
	begin(w, NTS_ST_PROCESS_NAME);
	bind_id(w, 1, upid);
	bind_text(w, 2, name);
	return run(w, NTS_ST_PROCESS_NAME);
}

int64_t nts_db_thread(struct nts_db *w, uint32_t tid, int64_t upid, uint32_t ethread,
                      uint64_t ts)
{
	begin(w, NTS_ST_THREAD);
	bind_int(w, 1, tid);
	bind_id(w, 2, upid);
	bind_int(w, 3, ethread);
	bind_int(w, 4, (int64_t)ts);
	return insert(w, NTS_ST_THREAD);
}

int64_t nts_db_syscall(struct nts_db *w, const struct nts_syscall_row *r)
{
	int64_t eip = nts_db_location(w, (struct nts_opt){ 1, r->eip }, NULL), id;
	int i;

	begin(w, NTS_ST_SYSCALL);
	bind_id(w, 1, r->utid);
	bind_int(w, 2, (int64_t)r->ts);
	bind_int(w, 3, r->number);
	bind_code(w, 4, code_of(via_names, 2, r->via));
	if (r->nargs >= 0)
		bind_int(w, 5, r->nargs);
	bind_int(w, 6, r->arg_ptr);
	bind_id(w, 7, eip);
	for (i = 0; i < r->nargs && i < NTS_INLINE_ARGS; i++)
		bind_opt(w, 8 + i, r->args[i]);
	id = insert(w, NTS_ST_SYSCALL);
	for (i = NTS_INLINE_ARGS; id && i < r->nargs; i++) {
		begin(w, NTS_ST_SYSCALL_ARG);
		bind_int(w, 1, id);
		bind_int(w, 2, i);
		bind_opt(w, 3, r->args[i]);
		run(w, NTS_ST_SYSCALL_ARG);
	}
	return id;
}

int nts_db_syscall_exit(struct nts_db *w, int64_t id, const struct nts_syscall_exit *e)
{
	int64_t loc = nts_db_location(w, (struct nts_opt){ 1, e->address_raw }, e->address);

	begin(w, NTS_ST_SYSCALL_EXIT);
	bind_id(w, 1, id);
	bind_int(w, 2, (int64_t)e->ts);
	bind_opt(w, 3, e->status);
	bind_code(w, 4, code_of(exit_kind_names, 3, e->kind));
	bind_id(w, 5, loc);
	return run(w, NTS_ST_SYSCALL_EXIT);
}

int64_t nts_db_trap(struct nts_db *w, const struct nts_trap_row *r)
{
	int64_t kind = nts_db_string(w, r->kind), name = nts_db_string(w, r->name);
	int64_t mode = nts_db_string(w, r->mode), eip = nts_db_location(w, r->eip, r->eip_symbol);

	begin(w, NTS_ST_TRAP);
	bind_id(w, 1, r->utid);
	bind_int(w, 2, (int64_t)r->ts);
	bind_int(w, 3, (int)r->vector);
	bind_id(w, 4, kind);
	bind_opt(w, 5, r->error_code);
	bind_id(w, 6, eip);
	bind_opt(w, 7, r->cr2);
	bind_id(w, 8, name);
	bind_id(w, 9, mode);
	return insert(w, NTS_ST_TRAP);
}

int nts_db_process_create(struct nts_db *w, int64_t upid, uint64_t ts, int64_t parent,
                          const char *name, int64_t creator)
{
	begin(w, NTS_ST_PROCESS_CREATE);
	bind_id(w, 1, upid);
	bind_int(w, 2, (int64_t)ts);
	bind_id(w, 3, parent);
	bind_text(w, 4, name);
	bind_id(w, 5, creator);
	return run(w, NTS_ST_PROCESS_CREATE);
}

/* Run the exit update k of a process or thread row. */
static int set_exit(struct nts_db *w, enum nts_stmt k, int64_t id, uint64_t ts, struct nts_opt status)
{
	begin(w, k);
	bind_id(w, 1, id);
	bind_int(w, 2, (int64_t)ts);
	bind_opt(w, 3, status);
	return run(w, k);
}

int nts_db_process_exit(struct nts_db *w, int64_t upid, uint64_t ts, struct nts_opt status)
{
	return set_exit(w, NTS_ST_PROCESS_EXIT, upid, ts, status);
}

int nts_db_thread_exit(struct nts_db *w, int64_t utid, uint64_t ts, struct nts_opt status)
{
	return set_exit(w, NTS_ST_THREAD_EXIT, utid, ts, status);
}

int nts_db_thread_create(struct nts_db *w, int64_t utid, int64_t upid, uint64_t ts,
                         const char *start, struct nts_opt start_raw)
{
	begin(w, NTS_ST_THREAD_CREATE);
	bind_id(w, 1, utid);
	bind_id(w, 2, upid);
	bind_int(w, 3, (int64_t)ts);
	bind_text(w, 4, start);
	bind_opt(w, 5, start_raw);
	return run(w, NTS_ST_THREAD_CREATE);
}

int nts_db_thread_user(struct nts_db *w, int64_t utid, uint64_t ts, const char *address,
                       uint32_t raw)
{
	begin(w, NTS_ST_THREAD_USER);
	bind_id(w, 1, utid);
	bind_int(w, 2, (int64_t)ts);
	bind_text(w, 3, address);
	bind_int(w, 4, raw);
	return run(w, NTS_ST_THREAD_USER);
}

int64_t nts_db_sched(struct nts_db *w, const struct nts_sched_row *r)
{
	int64_t state = nts_db_string(w, r->prev_state), reason = nts_db_string(w, r->wait_reason);

	begin(w, NTS_ST_SCHED);
	bind_int(w, 1, (int64_t)r->ts);
	bind_id(w, 2, r->prev_utid);
	bind_id(w, 3, r->next_utid);
	bind_id(w, 4, state);
	bind_id(w, 5, reason);
	bind_opt(w, 6, r->prev_state_raw);
	bind_opt(w, 7, r->wait_reason_raw);
	bind_opt(w, 8, r->prev_priority);
	bind_opt(w, 9, r->next_priority);
	bind_opt(w, 10, r->prev_cr3);
	bind_id(w, 11, r->wakeup_id);
	return insert(w, NTS_ST_SCHED);
}

int nts_db_sched_cr3(struct nts_db *w, int64_t id, uint32_t cr3, int change)
{
	begin(w, NTS_ST_SCHED_CR3);
	bind_id(w, 1, id);
	bind_int(w, 2, cr3);
	bind_int(w, 3, change);
	return run(w, NTS_ST_SCHED_CR3);
}

int64_t nts_db_wakeup(struct nts_db *w, const struct nts_wakeup_row *r)
{
	int64_t reason = nts_db_string(w, r->reason), wait = nts_db_string(w, r->wait_reason);

	begin(w, NTS_ST_WAKEUP);
	bind_int(w, 1, (int64_t)r->ts);
	bind_id(w, 2, r->utid);
	bind_id(w, 3, r->waker_utid);
	bind_id(w, 4, reason);
	bind_opt(w, 5, r->wait_status);
	bind_id(w, 6, wait);
	bind_opt(w, 7, r->wait_reason_raw);
	bind_opt(w, 8, r->increment);
	return insert(w, NTS_ST_WAKEUP);
}

int64_t nts_db_apc(struct nts_db *w, const struct nts_apc_row *r)
{
	int64_t mode = nts_db_string(w, r->mode);
	int64_t kr = nts_db_location(w, r->kernel_routine_raw, r->kernel_routine);
	int64_t nr = nts_db_location(w, r->normal_routine_raw, r->normal_routine);

	begin(w, NTS_ST_APC);
	bind_id(w, 1, r->target_utid);
	bind_int(w, 2, (int64_t)r->queue_ts);
	bind_id(w, 3, r->queuer_utid);
	bind_id(w, 4, mode);
	bind_id(w, 5, kr);
	bind_id(w, 6, nr);
	bind_int(w, 7, r->kapc);
	bind_opt(w, 8, r->normal_context);
	bind_opt(w, 9, r->argument1);
	bind_opt(w, 10, r->argument2);
	bind_opt(w, 11, r->increment);
	return insert(w, NTS_ST_APC);
}

int nts_db_apc_deliver(struct nts_db *w, int64_t id, uint64_t ts, int64_t utid)
{
	begin(w, NTS_ST_APC_DELIVER);
	bind_id(w, 1, id);
	bind_int(w, 2, (int64_t)ts);
	bind_id(w, 3, utid);
	return run(w, NTS_ST_APC_DELIVER);
}

/* Run the update k that sets one time column of row id. */
static int set_ts(struct nts_db *w, enum nts_stmt k, int64_t id, uint64_t ts)
{
	begin(w, k);
	bind_id(w, 1, id);
	bind_int(w, 2, (int64_t)ts);
	return run(w, k);
}

int nts_db_apc_user(struct nts_db *w, int64_t id, uint64_t ts)
{
	return set_ts(w, NTS_ST_APC_USER, id, ts);
}

int64_t nts_db_port(struct nts_db *w, const struct nts_port_row *r)
{
	begin(w, NTS_ST_PORT);
	bind_text(w, 1, r->name);
	bind_text(w, 2, r->kind);
	bind_id(w, 3, r->owner_upid);
	bind_int(w, 4, r->address);
	bind_opt(w, 5, r->kind_code);
	bind_id(w, 6, r->creator_utid);
	bind_int(w, 7, (int64_t)r->create_ts);
	return insert(w, NTS_ST_PORT);
}

int nts_db_port_links(struct nts_db *w, int64_t id, int64_t connection_port, int64_t peer_port)
{
	begin(w, NTS_ST_PORT_LINKS);
	bind_id(w, 1, id);
	bind_id(w, 2, connection_port);
	bind_id(w, 3, peer_port);
	return run(w, NTS_ST_PORT_LINKS);
}

int nts_db_port_close(struct nts_db *w, int64_t id, uint64_t ts)
{
	return set_ts(w, NTS_ST_PORT_CLOSE, id, ts);
}

int64_t nts_db_message(struct nts_db *w, const struct nts_message_row *r)
{
	int64_t type = nts_db_string(w, r->type), api = nts_db_string(w, r->api_name);

	begin(w, NTS_ST_MESSAGE);
	bind_id(w, 1, r->port_id);
	bind_id(w, 2, type);
	bind_opt(w, 3, r->type_code);
	bind_opt(w, 4, r->message_id);
	bind_opt(w, 5, r->client_pid);
	bind_opt(w, 6, r->client_tid);
	bind_id(w, 7, r->sender_utid);
	bind_int(w, 8, (int64_t)r->send_ts);
	bind_id(w, 9, r->reply_to);
	bind_opt(w, 10, r->data_length);
	bind_opt(w, 11, r->total_length);
	if (r->payload)
		bind_blob(w, 12, r->payload, r->payload_len);
	bind_opt(w, 13, r->api_number);
	bind_id(w, 14, api);
	bind_id(w, 15, r->send_syscall_id);
	return insert(w, NTS_ST_MESSAGE);
}

int nts_db_message_receive(struct nts_db *w, int64_t id, int64_t utid, uint64_t ts,
                           int64_t syscall_id)
{
	begin(w, NTS_ST_MESSAGE_RECEIVE);
	bind_id(w, 1, id);
	bind_id(w, 2, utid);
	bind_int(w, 3, (int64_t)ts);
	bind_id(w, 4, syscall_id);
	return run(w, NTS_ST_MESSAGE_RECEIVE);
}

int64_t nts_db_connect(struct nts_db *w, const struct nts_connect_row *r)
{
	begin(w, NTS_ST_CONNECT);
	bind_id(w, 1, r->request_id);
	bind_opt(w, 2, r->message_id);
	bind_opt(w, 3, r->client_pid);
	bind_opt(w, 4, r->client_tid);
	bind_id(w, 5, r->connection_port_id);
	bind_id(w, 6, r->server_utid);
	bind_int(w, 7, (int64_t)r->accept_ts);
	bind_int(w, 8, r->accepted);
	return insert(w, NTS_ST_CONNECT);
}

int nts_db_connect_accept_status(struct nts_db *w, int64_t id, struct nts_opt status)
{
	begin(w, NTS_ST_CONNECT_ACCEPT_STATUS);
	bind_id(w, 1, id);
	bind_opt(w, 2, status);
	return run(w, NTS_ST_CONNECT_ACCEPT_STATUS);
}

int nts_db_connect_complete(struct nts_db *w, int64_t id, uint64_t ts)
{
	return set_ts(w, NTS_ST_CONNECT_COMPLETE, id, ts);
}

int nts_db_connect_return(struct nts_db *w, int64_t id, uint64_t ts, struct nts_opt status)
{
	begin(w, NTS_ST_CONNECT_RETURN);
	bind_id(w, 1, id);
	bind_int(w, 2, (int64_t)ts);
	bind_opt(w, 3, status);
	return run(w, NTS_ST_CONNECT_RETURN);
}

int nts_db_connect_ports(struct nts_db *w, int64_t id, int64_t server_port, int64_t client_port)
{
	begin(w, NTS_ST_CONNECT_PORTS);
	bind_id(w, 1, id);
	bind_id(w, 2, server_port);
	bind_id(w, 3, client_port);
	return run(w, NTS_ST_CONNECT_PORTS);
}

int nts_db_syscall_handle(struct nts_db *w, const struct nts_handle_row *r)
{
	begin(w, NTS_ST_SYSCALL_HANDLE);
	bind_id(w, 1, r->syscall_id);
	bind_int(w, 2, r->idx);
	bind_text(w, 3, r->kind);
	bind_int(w, 4, r->object);
	bind_id(w, 5, r->upid);
	bind_id(w, 6, r->utid);
	bind_id(w, 7, r->port_id);
	return run(w, NTS_ST_SYSCALL_HANDLE);
}

int64_t nts_db_ucall(struct nts_db *w, const struct nts_ucall_row *r)
{
	int64_t function = nts_db_string(w, r->function), image = nts_db_string(w, r->image);
	int64_t arg = nts_db_string(w, r->arg_text);

	begin(w, NTS_ST_UCALL);
	bind_id(w, 1, r->utid);
	bind_int(w, 2, (int64_t)r->ts);
	bind_id(w, 3, function);
	bind_id(w, 4, image);
	bind_int(w, 5, r->address);
	bind_id(w, 6, arg);
	return insert(w, NTS_ST_UCALL);
}

int nts_db_ucall_exit(struct nts_db *w, int64_t id, uint64_t ts, uint32_t ret)
{
	begin(w, NTS_ST_UCALL_EXIT);
	bind_id(w, 1, id);
	bind_int(w, 2, (int64_t)ts);
	bind_int(w, 3, ret);
	return run(w, NTS_ST_UCALL_EXIT);
}
