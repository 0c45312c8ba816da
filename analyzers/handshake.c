/* handshake.c — the CreateProcess handshake's step model (see handshake.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analyzers/column.h"
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
	" not_found_status, subsystem,"
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
	if (hs_in_list((const char *)sqlite3_column_text(row, C_MISSING), step_defs[i].name))
		return 'm';
	return hs_in_list((const char *)sqlite3_column_text(row, C_PENDING), step_defs[i].name) ?
	       'p' : 0;
}

#define STATUS_DLL_INIT_FAILED 0xC0000142u

/* The NTSTATUS's name, for the few a handshake ends with; NULL if not one of them. */
static const char *status_name(unsigned long status)
{
	static const struct { unsigned long code; const char *name; } names[] = {
		{ 0x00000000, "STATUS_SUCCESS" }, { 0x80000003, "STATUS_BREAKPOINT" },
		{ 0xC0000005, "STATUS_ACCESS_VIOLATION" }, { 0xC000001D, "STATUS_ILLEGAL_INSTRUCTION" },
		{ 0xC0000022, "STATUS_ACCESS_DENIED" }, { 0xC0000034, "STATUS_OBJECT_NAME_NOT_FOUND" },
		{ 0xC000003A, "STATUS_OBJECT_PATH_NOT_FOUND" },
		{ 0xC0000041, "STATUS_PORT_CONNECTION_REFUSED" },
		{ 0xC000007B, "STATUS_INVALID_IMAGE_FORMAT" },
		{ 0xC0000094, "STATUS_INTEGER_DIVIDE_BY_ZERO" },
		{ 0xC0000096, "STATUS_PRIVILEGED_INSTRUCTION" }, { 0xC00000FD, "STATUS_STACK_OVERFLOW" },
		{ 0xC0000135, "STATUS_DLL_NOT_FOUND" }, { 0xC0000142, "STATUS_DLL_INIT_FAILED" },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].code == status)
			return names[i].name;
	return NULL;
}

const char *hs_status_text(long long status, char *buf, size_t len)
{
	unsigned long s = (unsigned long)(status & 0xFFFFFFFF);
	const char *name = status_name(s);

	if (name)
		snprintf(buf, len, "%s (0x%08lX)", name, s);
	else
		snprintf(buf, len, "0x%08lX", s);
	return buf;
}

/* Append printf-style text at *at in buf (len bytes), never past its end. */
static void add(char *buf, size_t len, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at = *at + (size_t)n < len ? *at + (size_t)n : len;
}

/* Why a handshake that made no process failed, into buf. */
static void diagnose_no_child(sqlite3_stmt *row, char *buf, size_t len)
{
	const char *outcome = text(row, C_OUTCOME);
	const char *image = has(row, C_REQUESTED) ? text(row, C_REQUESTED) : "?";
	char st[64];
	size_t at = 0;

	if (strcmp(outcome, "image_not_found") == 0)
		add(buf, len, &at, "The image \"%s\" was not found: NtOpenFile failed with %s, so "
		    "CreateProcess stopped before NtCreateProcessEx; no process was created and "
		    "csrss was never involved.", image,
		    hs_status_text(num(row, C_NOT_FOUND_STATUS), st, sizeof st));
	else if (strcmp(outcome, "running") == 0)
		add(buf, len, &at, "CreateProcess was still in progress when the trace ended.");
	else if (strcmp(outcome, "not_win32") == 0)
		add(buf, len, &at, "The image \"%s\" is not a Win32 image (NtQuerySection: its "
		    "subsystem is native; it imports nothing from kernel32.dll), so CreateProcess "
		    "refused it after creating its section and before NtCreateProcessEx "
		    "(ERROR_CHILD_NOT_COMPLETE, as NT does); no process was created and csrss was "
		    "never involved. A native image is started natively, as smss starts csrss.",
		    image);
	else if (has(row, C_CREATE_STATUS))
		add(buf, len, &at, "CreateProcess made no process: NtCreateProcessEx failed with %s; "
		    "csrss was never involved.", hs_status_text(num(row, C_CREATE_STATUS), st, sizeof st));
	else
		add(buf, len, &at, "CreateProcess returned without creating a process (no "
		    "NtCreateProcessEx); csrss was never involved.");
}

/* The sentence on how csrss learnt (or did not learn) of the child; 1 if one was added. */
static int diagnose_csr(const struct hs_states *h, char *buf, size_t len, size_t *at)
{
	sqlite3_stmt *row = h->row;
	const char *via = text(row, C_VIA);
	char st[64];

	if (h->state[S_CSR_REQUEST] == 'm') {
		if (strcmp(via, "CreateProcessInternalW") == 0)
			add(buf, len, at, "csrss was never told about the new process (no "
			    "BasepCreateProcess request)");
		else
			add(buf, len, at, "csrss was never told about the new process (no "
			    "BasepCreateProcess request: it was created with raw %s, not "
			    "CreateProcess)", via);
	} else if (h->state[S_CSR_RECEIVE] == 'm') {
		add(buf, len, at, "csrss never received the parent's BasepCreateProcess request");
	} else if (h->state[S_CSR_REPLY] == 'm') {
		add(buf, len, at, "csrss received the BasepCreateProcess request but never replied");
	} else if (has(row, C_REPLY_STATUS) && (num(row, C_REPLY_STATUS) & 0x80000000)) {
		add(buf, len, at, "csrss failed the BasepCreateProcess request with %s",
		    hs_status_text(num(row, C_REPLY_STATUS), st, sizeof st));
	} else
		return 0;
	return 1;
}

/* Seed 000's chain: refused connection, failed initialization, hard error. */
static int diagnose_init(const struct hs_states *h, int said, char *buf, size_t len, size_t *at)
{
	sqlite3_stmt *row = h->row;
	int refused = h->state[S_CONNECT_REFUSED] == 'd';
	int dll_init = has(row, C_EXIT_STATUS) &&
	               (num(row, C_EXIT_STATUS) & 0xFFFFFFFF) == STATUS_DLL_INIT_FAILED;

	if (refused) {
		add(buf, len, at, "%s the child's kernel32 connected to \\Windows\\ApiPort csrss did not "
		    "find its thread%s and refused the connection", said ? ", so when" : "When",
		    has(row, C_LOOKUP_RET) && num(row, C_LOOKUP_RET) == 0 ?
		    " (CsrLocateThreadByClientId returned NULL)" : "");
		said = 1;
	}
	if (dll_init) {
		add(buf, len, at, "%s initialization failed (STATUS_DLL_INIT_FAILED, 0xC0000142)",
		    said ? ", and" : "The child's");
		said = 1;
	}
	if (said)
		add(buf, len, at, ".");
	if (h->state[S_HARD_ERROR] == 'd')
		add(buf, len, at, "%sThe child reported it to csrss as a hard error (LPC_ERROR_EVENT): "
		    "the \"process initialization failed\" message.", *at ? " " : "");
	return said;
}

/* What each missing step means, when nothing above explained it. */
static const char *missing_text(int i)
{
	switch (i) {
	case S_CREATE_PROCESS: return "the parent never called NtCreateProcessEx";
	case S_CREATE_THREAD: return "no NtCreateThread by the parent created the child's first thread";
	case S_RESUME: return "the child's thread was never resumed (no NtResumeThread on it)";
	case S_FIRST_RUN: return "the child's thread never ran";
	case S_INIT_APC: return "the user APC to LdrInitializeThunk was never delivered to the child's thread";
	case S_CSR_CONNECT: return "the child never connected to \\Windows\\ApiPort";
	case S_CONNECT_ACCEPTED: return "csrss never accepted the child's connection";
	default: return NULL;
	}
}

/* The other missing steps, one clause each. */
static void diagnose_rest(const struct hs_states *h, char *buf, size_t len, size_t *at)
{
	int i, n = 0;

	for (i = 0; i < NSTEPS; i++) {
		const char *what = missing_text(i);
		if (!what || h->state[i] != 'm')
			continue;
		if (i == S_CONNECT_ACCEPTED && h->state[S_CONNECT_REFUSED] == 'd')
			continue;
		add(buf, len, at, "%s%s", n++ ? "; " : (*at ? " Also: " : "Missing: "), what);
	}
	if (n)
		add(buf, len, at, ".");
}

/* The outcome's own sentence: a crash, or a child still running. */
static void diagnose_end(const struct hs_states *h, char *buf, size_t len, size_t *at)
{
	sqlite3_stmt *row = h->row;
	const char *outcome = text(row, C_OUTCOME);
	const char *pending = text(row, C_PENDING);
	char st[64];

	if (strcmp(outcome, "crashed") == 0)
		add(buf, len, at, "%sThe child exited with %s %s.", *at ? " " : "",
		    hs_status_text(num(row, C_EXIT_STATUS), st, sizeof st),
		    h->state[S_CONNECT_ACCEPTED] == 'd' ?
		    "after it had initialized and connected to csrss" : "before it finished initializing");
	else if (strcmp(outcome, "running") == 0 && pending && *pending)
		add(buf, len, at, "%sThe child was still running when the trace ended; not seen yet: %s.",
		    *at ? " " : "", pending);
}

void hs_diagnose(const struct hs_states *h, char *buf, size_t len)
{
	size_t at = 0;
	int said;

	buf[0] = '\0';
	if (!has(h->row, C_CHILD_UPID)) {
		diagnose_no_child(h->row, buf, len);
		return;
	}
	if (has(h->row, C_SUBSYSTEM) && strcmp(text(h->row, C_SUBSYSTEM), "native") == 0) {
		add(buf, len, &at, "Native image started without the Win32 subsystem (csrss not "
		    "involved: no CreateProcess, no connection to \\Windows\\ApiPort), as smss "
		    "starts csrss itself.");
		diagnose_rest(h, buf, len, &at);
		diagnose_end(h, buf, len, &at);
		return;
	}
	said = diagnose_csr(h, buf, len, &at);
	if (diagnose_init(h, said, buf, len, &at) == 0 && said)
		add(buf, len, &at, ".");
	diagnose_rest(h, buf, len, &at);
	diagnose_end(h, buf, len, &at);
}
