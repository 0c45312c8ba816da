/* handshake.c — the CreateProcess handshake's step model (see handshake.h). */
#include "config.h"

#include <string.h>

#include "analyzers/handshake.h"

const struct step_def step_defs[NSTEPS] = {
	{ "create_process", 0 }, { "create_thread", 0 }, { "csr_request", 0 },
	{ "csr_receive", 0 }, { "csr_create_process", 1 }, { "csr_reply", 0 },
	{ "resume", 0 }, { "first_run", 0 }, { "init_apc", 0 }, { "csr_connect", 0 },
	{ "connect_lookup", 1 }, { "connect_accepted", 0 }, { "connect_refused", 1 },
	{ "hard_error", 1 }, { "exit", 0 },
};

const int nt5_order[NSTEPS] = {
	S_CREATE_PROCESS, S_CREATE_THREAD, S_CSR_REQUEST, S_CSR_RECEIVE, S_CSR_CREATE_PROCESS,
	S_CSR_REPLY, S_RESUME, S_FIRST_RUN, S_INIT_APC, S_CSR_CONNECT, S_CONNECT_LOOKUP,
	S_CONNECT_ACCEPTED, S_CONNECT_REFUSED, S_HARD_ERROR, S_EXIT,
};

const int reactos_order[NSTEPS] = {
	S_CREATE_PROCESS, S_CSR_REQUEST, S_CSR_RECEIVE, S_CSR_CREATE_PROCESS, S_CSR_REPLY,
	S_CREATE_THREAD, S_RESUME, S_FIRST_RUN, S_INIT_APC, S_CSR_CONNECT, S_CONNECT_LOOKUP,
	S_CONNECT_ACCEPTED, S_CONNECT_REFUSED, S_HARD_ERROR, S_EXIT,
};

const char hs_sql[] =
	"SELECT via, requested_image, parent_upid, parent_utid, parent_pid, parent_tid,"
	" parent_image, child_upid, child_utid, child_pid, child_tid, child_image,"
	" ordering, outcome, missing_steps, pending_steps, exit_status,"
	" create_process_status, csr_reply_status, request_message_id, connect_lookup_ret,"
	" not_found_status,"
	" ts_create_process, create_process_utid, ts_create_thread, create_thread_utid,"
	" ts_csr_request, csr_request_utid, ts_csr_receive, csr_receive_utid,"
	" ts_csr_create_process, csr_receive_utid, ts_csr_reply, csr_reply_utid,"
	" ts_resume, resume_utid, ts_first_run, child_utid, ts_init_apc, child_utid,"
	" ts_csr_connect, csr_connect_utid, ts_connect_lookup, connect_server_utid,"
	" ts_connect_accepted, connect_server_utid, ts_connect_refused, connect_server_utid,"
	" ts_hard_error, csr_connect_utid, ts_exit, child_utid"
	" FROM createprocess_handshake"
	" WHERE (?1 IS NULL OR parent_pid = ?1 OR child_pid = ?1)"
	"   AND (?2 IS NULL OR child_image = ?2 COLLATE NOCASE)"
	" ORDER BY ts_attempt, attempt_table, attempt_id";

const int *hs_order(sqlite3_stmt *row)
{
	const char *o = (const char *)sqlite3_column_text(row, C_ORDERING);

	return o && strcmp(o, "reactos") == 0 ? reactos_order : nt5_order;
}

int hs_in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p && (p = strstr(p, name)) != NULL) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

char hs_step_state(sqlite3_stmt *row, int i, long long *ts)
{
	int col = C_STEPS + 2 * i;

	if (sqlite3_column_type(row, col) != SQLITE_NULL) {
		*ts = (long long)sqlite3_column_int64(row, col);
		return 'd';
	}
	if (i == S_EXIT)
		return sqlite3_column_type(row, C_CHILD_UPID) != SQLITE_NULL ? 'p' : 0;
	if (step_defs[i].extra)
		return 0;
	return hs_in_list((const char *)sqlite3_column_text(row, C_MISSING), step_defs[i].name) ?
	       'm' : 'p';
}
