/* ntscope timeline — each CreateProcess and its csrss handshake, step by step. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/column.h"
#include "analyzers/handshake.h"
#include "analyzers/ntscope.h"
#include "analyzers/output.h"
#include "schema/schema.h"

const char cmd_timeline_usage[] =
	"usage: ntscope timeline [OPTIONS] FILE\n"
	"\n"
	"Show every CreateProcess in the trace FILE with the steps of its handshake with\n"
	"csrss in canonical NT5 order: create_process, create_thread, csr_request,\n"
	"csr_receive, csr_reply, resume, first_run, init_apc, csr_connect,\n"
	"connect_accepted, exit. Each step shows its time (guest instructions), the gap\n"
	"since the step before, and the thread (pid.tid and image) that did it; then the\n"
	"outcome, and a diagnosis when a step is missing. A native image started without\n"
	"CreateProcess (as smss starts csrss) has no csrss steps: they are not expected.\n"
	"The rows come from the view createprocess_handshake.\n"
	"\n"
	"  -p, --pid N            only handshakes whose parent or child has pid N\n"
	"  -i, --image NAME       only handshakes whose child image is NAME (any case)\n"
	"  -f, --format FORMAT    'text' (default) or 'json' (an array, one object each)\n"
	"\n"
	"Exit status: 0 on success (a warning on stderr if the trace was cut short); 1 if\n"
	"FILE is not a readable trace of this version; 2 on bad usage.\n";

static const char actors_sql[] =
	"SELECT t.utid, p.pid, t.tid, p.name FROM thread t LEFT JOIN process p USING (upid)"
	" ORDER BY t.utid";

struct timeline_opts {
	const char *path, *image;
	long long pid;
	int has_pid, json;
};

/* A thread as the output names it. */
struct actor {
	int known;
	long long pid, tid;
	char image[64];
};

/* One step of one handshake: 'd' done, 'm' missing, 'p' pending, 0 not shown. */
struct step {
	char state;
	long long ts;
	struct actor by;
	char detail[96];
};

struct handshake {
	sqlite3_stmt *row;          /* positioned on this handshake */
	int n;                      /* 1, 2, ... in the output */
	const int *order;
	struct step steps[NSTEPS];
};

struct timeline {
	const struct timeline_opts *o;
	sqlite3 *db;
	long long *utids;           /* every thread, by utid, */
	struct actor *actors;       /* and what the output names it */
	size_t nactor;
	int count;
};

/* Append st's row (utid, pid, tid, image) to t's threads; 0, or -1 out of memory. */
static int add_actor(struct timeline *t, sqlite3_stmt *st, size_t *cap)
{
	struct actor *a;

	if (t->nactor == *cap) {
		size_t n = *cap ? 2 * *cap : 256;
		long long *u = realloc(t->utids, n * sizeof *u);
		if (u)
			t->utids = u;
		if (!u || !(a = realloc(t->actors, n * sizeof *a)))
			return -1;
		t->actors = a;
		*cap = n;
	}
	a = &t->actors[t->nactor];
	t->utids[t->nactor++] = num(st, 0);
	a->known = 1;
	a->pid = num(st, 1);
	a->tid = num(st, 2);
	snprintf(a->image, sizeof a->image, "%s", has(st, 3) ? text(st, 3) : "?");
	return 0;
}

/* Read every thread's pid, tid and image once, in utid order; an SQLite code. */
static int load_actors(struct timeline *t)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(t->db, actors_sql, -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = add_actor(t, st, &cap) ? SQLITE_NOMEM : SQLITE_OK;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Fill a with the pid, tid and image of the thread in row's column col; a->known 0 if unknown. */
static void load_actor(struct timeline *t, sqlite3_stmt *row, int col, struct actor *a)
{
	long long utid = num(row, col);
	size_t lo = 0, hi = t->nactor;

	memset(a, 0, sizeof *a);
	if (!has(row, col))
		return;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->utids[mid] < utid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->nactor && t->utids[lo] == utid)
		*a = t->actors[lo];
}

/* The detail shown beside step i, from the handshake's row. */
static void step_detail(sqlite3_stmt *row, int i, char *buf, size_t len)
{
	char st[64];

	buf[0] = '\0';
	if (i == S_CSR_REQUEST && has(row, C_MESSAGE_ID))
		snprintf(buf, len, "BasepCreateProcess, MessageId %lld", num(row, C_MESSAGE_ID));
	else if (i == S_CSR_REPLY && has(row, C_REPLY_STATUS))
		snprintf(buf, len, "ReturnValue %s", hs_status_text(num(row, C_REPLY_STATUS), st, sizeof st));
	else if (i == S_CSR_CREATE_PROCESS)
		snprintf(buf, len, "CsrCreateProcess");
	else if (i == S_CSR_CONNECT)
		snprintf(buf, len, "\\Windows\\ApiPort");
	else if (i == S_CONNECT_LOOKUP && has(row, C_LOOKUP_RET))
		snprintf(buf, len, "CsrLocateThreadByClientId: %s",
		         num(row, C_LOOKUP_RET) ? "found" : "not found (NULL)");
	else if (i == S_HARD_ERROR)
		snprintf(buf, len, "LPC_ERROR_EVENT");
	else if (i == S_EXIT && has(row, C_EXIT_STATUS))
		snprintf(buf, len, "status %s", hs_status_text(num(row, C_EXIT_STATUS), st, sizeof st));
}

/* Fill h's steps from its row: each step's state, time, thread and detail. */
static void load_steps(struct timeline *t, struct handshake *h)
{
	sqlite3_stmt *row = h->row;
	int i;

	for (i = 0; i < NSTEPS; i++) {
		struct step *s = &h->steps[i];

		memset(s, 0, sizeof *s);
		s->state = hs_step_state(row, i, &s->ts);
		if (s->state != 'd')
			continue;
		step_detail(row, i, s->detail, sizeof s->detail);
		load_actor(t, row, C_STEPS + 2 * i + 1, &s->by);
	}
}

/* The diagnosis of h into buf; "" when there is nothing to explain. */
static void diagnose(struct handshake *h, char *buf, size_t len)
{
	struct hs_states s = { .row = h->row };
	int i;

	for (i = 0; i < NSTEPS; i++)
		s.state[i] = h->steps[i].state;
	hs_diagnose(&s, buf, len);
}

static void put_text(FILE *out, const char *s)
{
	nts_put_text(out, s, strlen(s));
}

/* "pid.tid image" (or "pid image" for the exit) of the thread that did a step. */
static void print_actor(FILE *out, const struct actor *a, int pid_only)
{
	if (!a->known) {
		fputs("?", out);
		return;
	}
	if (pid_only)
		fprintf(out, "%lld ", a->pid);
	else
		fprintf(out, "%lld.%lld ", a->pid, a->tid);
	put_text(out, a->image);
}

/* One line per step shown, in h's order, with the gap since the step before. */
static void print_text_steps(FILE *out, struct handshake *h)
{
	int k, prev = -1;

	fprintf(out, "  %-20s %12s %10s  %s\n", "step", "ts", "gap", "by");
	for (k = 0; k < NSTEPS; k++) {
		int i = h->order[k];
		struct step *s = &h->steps[i];
		char ts[24], gap[24] = "-";

		if (!s->state)
			continue;
		if (s->state != 'd') {
			fprintf(out, "  %-20s %12s\n", step_defs[i].name, s->state == 'm' ? "missing" : "pending");
			continue;
		}
		snprintf(ts, sizeof ts, "%lld", s->ts);
		if (prev >= 0)
			snprintf(gap, sizeof gap, "%+lld", s->ts - h->steps[prev].ts);
		fprintf(out, "  %-20s %12s %10s  ", step_defs[i].name, ts, gap);
		print_actor(out, &s->by, i == S_EXIT);
		fprintf(out, "%s%s\n", s->detail[0] ? "  " : "", s->detail);
		prev = i;
	}
}

/* The first line: parent -> child: outcome. */
static void print_text_header(FILE *out, struct handshake *h)
{
	sqlite3_stmt *row = h->row;
	const char *image = text(row, C_CHILD_IMAGE);

	fprintf(out, "CreateProcess %d: ", h->n);
	put_text(out, has(row, C_PARENT_IMAGE) ? text(row, C_PARENT_IMAGE) : "?");
	fprintf(out, " (pid %lld) -> ", num(row, C_PARENT_PID));
	put_text(out, image ? image : "?");
	if (has(row, C_CHILD_UPID))
		fprintf(out, " (pid %lld): %s\n", num(row, C_CHILD_PID), text(row, C_OUTCOME));
	else
		fprintf(out, " (not created): %s\n", text(row, C_OUTCOME));
	fprintf(out, "  via %s", text(row, C_VIA));
	if (strcmp(text(row, C_VIA), "CreateProcessInternalW") != 0)
		fputs(" (raw, not through CreateProcess)", out);
	if (has(row, C_REQUESTED)) {
		fputs(" \"", out);
		put_text(out, text(row, C_REQUESTED));
		fputc('"', out);
	}
	if (has(row, C_ORDERING))
		fputs(strcmp(text(row, C_ORDERING), "nt5") == 0 ? "; csrss told in NT5 order" :
		      strcmp(text(row, C_ORDERING), "native") == 0 ?
		      "; native image, csrss not involved" :
		      "; csrss told in ReactOS order (before the thread existed)", out);
	fputc('\n', out);
}

static void print_text(FILE *out, struct handshake *h)
{
	const char *missing = text(h->row, C_MISSING);
	char why[1024];

	print_text_header(out, h);
	print_text_steps(out, h);
	if (missing && *missing)
		fprintf(out, "  missing: %s\n", missing);
	diagnose(h, why, sizeof why);
	if (why[0]) {
		fputs("  diagnosis: ", out);
		put_text(out, why);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void json_str(FILE *out, const char *key, const char *s)
{
	fprintf(out, "\"%s\": ", key);
	nts_put_json_string(out, s, s ? strlen(s) : 0);
}

/* "key": the integer in column col of row, or null. */
static void json_col(FILE *out, const char *key, sqlite3_stmt *row, int col)
{
	if (has(row, col))
		fprintf(out, "\"%s\": %lld", key, num(row, col));
	else
		fprintf(out, "\"%s\": null", key);
}

/* "key": the comma-separated names of csv as an array of strings. */
static void json_list(FILE *out, const char *key, const char *csv)
{
	const char *p = csv, *end;
	int first = 1;

	fprintf(out, "\"%s\": [", key);
	while (p && *p) {
		end = strchr(p, ',');
		fputs(first ? "" : ", ", out);
		nts_put_json_string(out, p, end ? (size_t)(end - p) : strlen(p));
		first = 0;
		p = end ? end + 1 : NULL;
	}
	fputc(']', out);
}

/* "key": {upid, utid, pid, tid, image} of the parent or the child (null if none). */
static void json_party(FILE *out, const char *key, sqlite3_stmt *row, int upid_col)
{
	/* upid, utid, pid, tid and image are consecutive columns for both parties */
	if (!has(row, upid_col)) {
		fprintf(out, "\"%s\": null", key);
		return;
	}
	fprintf(out, "\"%s\": {", key);
	json_col(out, "upid", row, upid_col);
	fputs(", ", out);
	json_col(out, "utid", row, upid_col + 1);
	fputs(", ", out);
	json_col(out, "pid", row, upid_col + 2);
	fputs(", ", out);
	json_col(out, "tid", row, upid_col + 3);
	fputs(", ", out);
	json_str(out, "image", text(row, upid_col + 4));
	fputc('}', out);
}

/* One step as an object: name, state, ts, gap since prev (a step index or -1), thread. */
static void json_step(FILE *out, struct handshake *h, int i, int prev)
{
	struct step *s = &h->steps[i];
	const char *state = s->state == 'd' ? "done" : s->state == 'm' ? "missing" : "pending";

	fprintf(out, "{\"step\": \"%s\", \"state\": \"%s\", ", step_defs[i].name, state);
	if (s->state != 'd') {
		fputs("\"ts\": null, \"gap\": null, \"pid\": null, \"tid\": null, \"image\": null, "
		      "\"detail\": null}", out);
		return;
	}
	fprintf(out, "\"ts\": %lld, ", s->ts);
	if (prev >= 0)
		fprintf(out, "\"gap\": %lld, ", s->ts - h->steps[prev].ts);
	else
		fputs("\"gap\": null, ", out);
	if (s->by.known)
		fprintf(out, "\"pid\": %lld, \"tid\": %lld, ", s->by.pid, s->by.tid);
	else
		fputs("\"pid\": null, \"tid\": null, ", out);
	json_str(out, "image", s->by.known ? s->by.image : NULL);
	fputs(", ", out);
	json_str(out, "detail", s->detail[0] ? s->detail : NULL);
	fputc('}', out);
}

static void json_steps(FILE *out, struct handshake *h)
{
	int k, prev = -1, first = 1;

	fputs("\"steps\": [", out);
	for (k = 0; k < NSTEPS; k++) {
		int i = h->order[k];
		if (!h->steps[i].state)
			continue;
		fputs(first ? "\n    " : ",\n    ", out);
		json_step(out, h, i, prev);
		first = 0;
		if (h->steps[i].state == 'd')
			prev = i;
	}
	fputs("]", out);
}

static void print_json(FILE *out, struct handshake *h)
{
	sqlite3_stmt *row = h->row;
	char why[1024], st[64];

	diagnose(h, why, sizeof why);
	fprintf(out, "%s  {\"n\": %d, ", h->n > 1 ? ",\n" : "", h->n);
	json_str(out, "via", text(row, C_VIA));
	fputs(", ", out);
	json_str(out, "requested_image", text(row, C_REQUESTED));
	fputs(", ", out);
	json_str(out, "outcome", text(row, C_OUTCOME));
	fputs(", ", out);
	json_str(out, "order", text(row, C_ORDERING));
	fputs(", ", out);
	json_str(out, "subsystem", text(row, C_SUBSYSTEM));
	fputs(",\n   ", out);
	json_party(out, "parent", row, C_PARENT_UPID);
	fputs(",\n   ", out);
	json_party(out, "child", row, C_CHILD_UPID);
	fputs(",\n   ", out);
	json_col(out, "exit_status", row, C_EXIT_STATUS);
	fputs(", ", out);
	json_str(out, "exit_status_text", has(row, C_EXIT_STATUS) ?
	         hs_status_text(num(row, C_EXIT_STATUS), st, sizeof st) : NULL);
	fputs(",\n   ", out);
	json_list(out, "missing_steps", text(row, C_MISSING));
	fputs(", ", out);
	json_list(out, "pending_steps", text(row, C_PENDING));
	fputs(",\n   ", out);
	json_steps(out, h);
	fputs(",\n   ", out);
	json_str(out, "diagnosis", why[0] ? why : NULL);
	fputc('}', out);
}

/* Warn on stderr when the trace did not end with the guest powering off. */
static void warn_if_incomplete(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st = NULL;
	const char *status = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'status'", -1, &st, NULL);

	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		status = text(st, 0);
	if (!status || strcmp(status, "poweroff") != 0)
		fprintf(stderr, "ntscope timeline: warning: %s is incomplete (status '%s'): steps after "
		        "its end are shown as pending\n", path, status ? status : "none recorded");
	sqlite3_finalize(st);
}

/* Print every handshake the options select; SQLITE_OK or an SQLite error code. */
static int print_handshakes(struct timeline *t, sqlite3_stmt *q)
{
	struct handshake h = { .row = q };
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		h.n = ++t->count;
		h.order = hs_order(q);
		load_steps(t, &h);
		if (t->o->json)
			print_json(stdout, &h);
		else
			print_text(stdout, &h);
	}
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Print the handshakes the options select from the open trace; an exit status. */
static int run_timeline(struct timeline *t)
{
	const struct timeline_opts *o = t->o;
	sqlite3_stmt *q = NULL;
	int rc, status = NTS_EXIT_OK;

	rc = sqlite3_prepare_v2(t->db, hs_sql, -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = load_actors(t);
	if (rc != SQLITE_OK)
		goto out;
	if (o->has_pid)
		sqlite3_bind_int64(q, 1, o->pid);
	if (o->image)
		sqlite3_bind_text(q, 2, o->image, -1, SQLITE_STATIC);
	if (o->json)
		fputs("[\n", stdout);
	rc = print_handshakes(t, q);
	if (o->json)
		fputs(t->count ? "\n]\n" : "]\n", stdout);
	else if (rc == SQLITE_OK && t->count == 0)
		printf("no CreateProcess %s in %s\n", o->has_pid || o->image ? "matches" : "attempts", o->path);
out:
	if (rc != SQLITE_OK)
		status = nts_fail("cannot read the handshakes of %s: %s", o->path, sqlite3_errmsg(t->db));
	sqlite3_finalize(q);
	free(t->utids);
	free(t->actors);
	return status;
}

static int parse_options(int argc, char **argv, struct timeline_opts *o)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, 0, 'p' }, { "image", required_argument, 0, 'i' },
		{ "format", required_argument, 0, 'f' }, { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	unsigned long long pid;
	int c;

	memset(o, 0, sizeof *o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:i:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (nts_parse_count(optarg, &pid) || pid > 0xFFFFFFFFu)
				return nts_usage_error("timeline", "--pid wants a process id, not '%s'", optarg);
			o->pid = (long long)pid;
			o->has_pid = 1;
			break;
		case 'i': o->image = optarg; break;
		case 'f':
			if (nts_format_option("timeline", optarg, &o->json))
				return NTS_EXIT_USAGE;
			break;
		case 'h': fputs(cmd_timeline_usage, stdout); exit(NTS_EXIT_OK);
		case ':': return nts_usage_error("timeline", "option '%s' needs a value", argv[optind - 1]);
		default: return nts_usage_error("timeline", "unknown option '%s'", argv[optind - 1]);
		}
	}
	return nts_trace_operand("timeline", argc, argv, &o->path);
}

int cmd_timeline(int argc, char **argv)
{
	struct timeline_opts o;
	struct timeline t = { .o = &o };
	char err[1024];
	int rc;

	rc = parse_options(argc, argv, &o);
	if (rc != 0)
		return rc;
	if (nts_db_open_readonly(o.path, &t.db, err, sizeof err) != 0)
		return nts_fail("%s", err);
	warn_if_incomplete(t.db, o.path);
	rc = run_timeline(&t);
	sqlite3_close(t.db);
	return rc;
}
