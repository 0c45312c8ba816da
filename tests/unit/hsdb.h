/*
 * hsdb.h — synthetic traces for the CreateProcess handshake tests: the embedded schema,
 * a small world (csrss, two parents, \Windows\ApiPort), and whole handshakes written
 * row by row the way the tracer is to record them (schema/trace.sql, v3 section).
 */
#ifndef NTSCOPE_TEST_HSDB_H
#define NTSCOPE_TEST_HSDB_H

#include <sqlite3.h>
#include <stdint.h>

/* The world hsdb_open makes: csrss's API thread, the parents' threads, the ports. */
enum {
	HS_CSRSS_UTID = 2,          /* csrss.elf pid 12, tid 16 */
	HS_INIT_UTID = 3,           /* init.elf pid 20, tid 24 */
	HS_INIT_UTID2 = 4,          /* init.elf pid 20, tid 28 */
	HS_OTHER_UTID = 5,          /* other.elf pid 40, tid 44 */
	HS_API_PORT = 1,            /* \Windows\ApiPort */
	HS_CLIENT_PORT = 2,         /* a parent's port connected to it */
};

/* How a handshake deviates from the canonical NT5 one. */
enum {
	HS_RAW = 1,                 /* raw NtCreateProcessEx, csrss never told: seed 000 */
	HS_REACTOS = 2,             /* csrss told before NtCreateThread */
	HS_NOT_FOUND = 4,           /* NtOpenFile fails: no process */
	HS_RUNNING = 8,             /* the child has not exited at the end */
	HS_NATIVE = 16,             /* raw NtCreateProcessEx of a native image: no csrss at all */
	HS_NOT_SUSPENDED = 32,      /* NtCreateThread(CreateSuspended = FALSE), no resume */
	HS_NOT_WIN32 = 64,          /* CreateProcessInternalW refuses a native image: no process */
};

struct hs_spec {
	int64_t t0;                 /* the CreateProcessInternalW call */
	int parent_utid;
	int child_upid, child_pid, child_utid, child_tid;
	const char *image;
	unsigned flags;
	uint32_t exit_status;
	int msg_id;                 /* the request's MessageId; msg_id + 500 the connection's */
};

/* A new trace at path (":memory:" for none) with the schema and the world above. */
sqlite3 *hsdb_open(const char *path);

/* Run printf-formatted SQL (sqlite3_mprintf: %Q, %lld, ...); the test fails on error. */
void hsdb_exec(sqlite3 *db, const char *fmt, ...);

/* The one integer the printf-formatted query yields; -1 for NULL. */
int64_t hsdb_int(sqlite3 *db, const char *fmt, ...);

/* The one text the printf-formatted query yields, in buf; "(null)" for NULL. */
const char *hsdb_text(sqlite3 *db, char *buf, size_t len, const char *fmt, ...);

/* Rows of the storage tables (schema/trace.sql), as the tracer writes them. The id of
 * text in the string table, and of a location with only a symbol (both added if new). */
int64_t hsdb_string(sqlite3 *db, const char *text);
int64_t hsdb_location(sqlite3 *db, const char *symbol);

/* A system call (ev_syscall) of service name, numbered by the service table (which
 * gets the name if new), via 'int2e' or 'sysenter'; its id. */
int64_t hsdb_syscall(sqlite3 *db, int utid, int64_t enter, int64_t exit, const char *name,
                     uint32_t status, const char *via);

/* A watched user call (ev_ucall); image, arg NULL for none, ret an SQL expression. */
int64_t hsdb_ucall(sqlite3 *db, int utid, int64_t enter, int64_t exit, const char *function,
                   const char *image, const char *arg, const char *ret);

/* A message (ev_message) of type, with its ClientId; payload an SQL expression (a blob
 * literal or NULL), receiver 0 for none. */
int64_t hsdb_message(sqlite3 *db, int port, const char *type, int msg_id, int pid, int tid,
                     int sender, int64_t send, int receiver, int64_t receive,
                     const char *payload);

/* Record one CreateProcess and its handshake from s->t0 on (see hsdb.c for the times). */
void hsdb_handshake(sqlite3 *db, const struct hs_spec *s);

#endif
