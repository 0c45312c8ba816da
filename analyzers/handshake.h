/* handshake.h — the CreateProcess handshake's step model, shared by timeline, report,
 * stats and diff: the steps, their two orders, and the query over the view
 * createprocess_handshake that yields each step's time and thread. */
#ifndef NTSCOPE_HANDSHAKE_H
#define NTSCOPE_HANDSHAKE_H

#include <sqlite3.h>
#include <stddef.h>

/* The steps, in the order of the columns hs_sql selects for them (a time and the
 * thread that did it). Extra steps are shown only when they happened. */
enum {
	S_CREATE_PROCESS, S_CREATE_THREAD, S_CSR_REQUEST, S_CSR_RECEIVE, S_CSR_CREATE_PROCESS,
	S_CSR_REPLY, S_RESUME, S_FIRST_RUN, S_INIT_APC, S_CSR_CONNECT, S_CONNECT_LOOKUP,
	S_CONNECT_ACCEPTED, S_CONNECT_REFUSED, S_HARD_ERROR, S_EXIT, NSTEPS
};

struct step_def {
	const char *name;
	int extra;
};
extern const struct step_def step_defs[NSTEPS];

/* NT5 order, and ReactOS's (csrss told before the thread exists). */
extern const int nt5_order[NSTEPS];
extern const int reactos_order[NSTEPS];

/* The columns of hs_sql, in order; the steps' (ts, utid) pairs follow C_STEPS. */
enum {
	C_VIA, C_REQUESTED, C_PARENT_UPID, C_PARENT_UTID, C_PARENT_PID, C_PARENT_TID,
	C_PARENT_IMAGE, C_CHILD_UPID, C_CHILD_UTID, C_CHILD_PID, C_CHILD_TID, C_CHILD_IMAGE,
	C_ORDERING, C_OUTCOME, C_MISSING, C_PENDING, C_EXIT_STATUS, C_CREATE_STATUS,
	C_REPLY_STATUS, C_MESSAGE_ID, C_LOOKUP_RET, C_NOT_FOUND_STATUS, C_SUBSYSTEM, C_STEPS
};

/* Every handshake in attempt order; ?1 a pid (parent or child) and ?2 a child image
 * (any case) to filter by, or NULL. */
extern const char hs_sql[];

/* The order of the handshake row is positioned on. */
const int *hs_order(sqlite3_stmt *row);

/* Step i's state in row: 'd' done (*ts set), 'm' missing, 'p' pending, 0 not shown
 * (an extra step that did not happen, or a step not expected: a native image's csrss steps). */
char hs_step_state(sqlite3_stmt *row, int i, long long *ts);

/* 1 if name is one of the comma-separated names in list. */
int hs_in_list(const char *list, const char *name);

/* A handshake row with the state of each step (hs_step_state's letters). */
struct hs_states {
	sqlite3_stmt *row;
	char state[NSTEPS];
};

/* Why the handshake went as it did, in sentences, into buf; "" when there is
 * nothing to explain (every step happened). */
void hs_diagnose(const struct hs_states *h, char *buf, size_t len);

/* "NAME (0xXXXXXXXX)" or "0xXXXXXXXX" for an NTSTATUS, into buf. */
const char *hs_status_text(long long status, char *buf, size_t len);

#endif
