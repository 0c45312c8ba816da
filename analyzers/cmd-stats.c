/* ntscope stats — counts and latency percentiles of a trace. */
#include "config.h"

#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/handshake.h"
#include "analyzers/intern.h"
#include "analyzers/ntscope.h"
#include "analyzers/table.h"
#include "schema/schema.h"

const char cmd_stats_usage[] =
	"usage: ntscope stats [OPTIONS] FILE\n"
	"\n"
	"Counts and latency percentiles of the trace FILE, in guest instructions:\n"
	"processes (threads, system calls, traps, context switches), system-call latency\n"
	"per process and per service, LPC messages per port, type and CSR API (with the\n"
	"time each waited in its queue), context switches per thread, and the latency of\n"
	"each phase of the CreateProcess handshake (from the view createprocess_handshake:\n"
	"create_process->create_thread, ..., csr_request->csr_reply, resume->first_run, ...).\n"
	"Percentiles are nearest-rank (p50/p90/p99), over the events that finished.\n"
	"\n"
	"  -f, --format FORMAT    'text' (default) or 'json' (one object, a member per table)\n"
	"\n"
	"Exit status: 0 on success; 1 if FILE is not a readable trace of this version;\n"
	"2 on bad usage.\n";

struct stats {
	const char *path;
	sqlite3 *db;
	int json, tables;
};

static const char *const pct_cols[] = { "count", "p50", "p90", "p99", "max" };

/* The nearest-rank p-th percentile of the n sorted values v. */
static long long percentile(const long long *v, size_t n, int p)
{
	size_t rank = (size_t)((p * n + 99) / 100);

	return v[rank ? rank - 1 : 0];
}

/* Append keys (nkey cells) with count and the percentiles of the n sorted values v. */
static int add_pct_row(struct nts_table *t, const char **keys, int nkey, size_t count,
                       const long long *v, size_t n)
{
	char buf[5][24];
	const char *cells[32];
	static const int ps[] = { 50, 90, 99, 100 };
	int i;

	for (i = 0; i < nkey; i++)
		cells[i] = keys[i];
	snprintf(buf[0], sizeof buf[0], "%zu", count);
	cells[nkey] = buf[0];
	for (i = 0; i < 4; i++) {
		snprintf(buf[i + 1], sizeof buf[i + 1], "%lld", n ? percentile(v, n, ps[i]) : 0);
		cells[nkey + 1 + i] = n ? buf[i + 1] : NULL;
	}
	return nts_table_add(t, cells);
}

/* 1 if the first nkey columns of st equal keys. */
static int same_keys(sqlite3_stmt *st, char **keys, int nkey)
{
	int i;

	for (i = 0; i < nkey; i++) {
		const char *k = (const char *)sqlite3_column_text(st, i);
		if ((k == NULL) != (keys[i] == NULL) || (k && strcmp(k, keys[i]) != 0))
			return 0;
	}
	return 1;
}

/* The values of one group: its rows (count) and their non-NULL values (v, n). */
struct vals {
	long long *v;
	size_t n, cap, count;
};

/* Count a row into a, and its value v when has; 0, or -1 out of memory. */
static int vals_add(struct vals *a, int has, long long v)
{
	a->count++;
	if (!has)
		return 0;
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 256;
		long long *nv = realloc(a->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		a->v = nv;
		a->cap = cap;
	}
	a->v[a->n++] = v;
	return 0;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Append keys with a's count and percentiles (a's values sorted first); 0 or -1. */
static int add_vals_row(struct nts_table *t, const char **keys, int nkey, struct vals *a)
{
	qsort(a->v, a->n, sizeof *a->v, cmp_ll);
	return add_pct_row(t, keys, nkey, a->count, a->v, a->n);
}

struct pct_acc {
	char *keys[8];
	struct vals v;
};

/* Emit the accumulated group into t and start a new one keyed by st's row (or none). */
static int flush_group(struct nts_table *t, struct pct_acc *a, int nkey, sqlite3_stmt *st)
{
	int i, rc = 0;

	if (a->v.count)
		rc = add_pct_row(t, (const char **)a->keys, nkey, a->v.count, a->v.v, a->v.n);
	for (i = 0; i < nkey; i++) {
		const char *k = st ? (const char *)sqlite3_column_text(st, i) : NULL;
		free(a->keys[i]);
		a->keys[i] = k ? strdup(k) : NULL;
	}
	a->v.n = a->v.count = 0;
	return rc;
}

/* Add st's value (column nkey) to the group; NULL values are counted only. */
static int accumulate(struct pct_acc *a, sqlite3_stmt *st, int nkey)
{
	return vals_add(&a->v, sqlite3_column_type(st, nkey) != SQLITE_NULL,
	                (long long)sqlite3_column_int64(st, nkey));
}

/* Fill t (keys then count and percentiles) from sql: key columns, then one value,
 * ordered by the keys, then the value. An SQLite code. */
static int pct_rows(struct stats *s, struct nts_table *t, int nkey, const char *sql)
{
	struct pct_acc a;
	sqlite3_stmt *st = NULL;
	int i, rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	memset(&a, 0, sizeof a);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (!a.v.count || !same_keys(st, a.keys, nkey))
			rc = flush_group(t, &a, nkey, st) ? SQLITE_NOMEM : SQLITE_OK;
		if (rc == SQLITE_OK && accumulate(&a, st, nkey))
			rc = SQLITE_NOMEM;
	}
	if (rc == SQLITE_DONE)
		rc = flush_group(t, &a, nkey, NULL) ? SQLITE_NOMEM : SQLITE_OK;
	for (i = 0; i < nkey; i++)
		free(a.keys[i]);
	free(a.v.v);
	sqlite3_finalize(st);
	return rc;
}

/* Fill t with sql's rows as they are. An SQLite code. */
static int plain_rows(struct stats *s, struct nts_table *t, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = nts_table_add_stmt(t, st) ? SQLITE_NOMEM : SQLITE_OK;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Print t in the chosen format, and free it. */
static void emit(struct stats *s, struct nts_table *t)
{
	if (s->json) {
		fputs(s->tables++ ? ",\n" : "{\n", stdout);
		nts_table_print_json(t, stdout);
	} else
		nts_table_print_text(t, stdout);
	nts_table_free(t);
}

/* Fills t, whose first nkey columns are keys, from arg; an SQLite code. */
typedef int fill_fn(struct stats *s, struct nts_table *t, int nkey, const void *arg);

static int fill_pct_sql(struct stats *s, struct nts_table *t, int nkey, const void *sql)
{
	return pct_rows(s, t, nkey, sql);
}

static int fill_plain_sql(struct stats *s, struct nts_table *t, int nkey, const void *sql)
{
	(void)nkey;
	return plain_rows(s, t, sql);
}

/* One table: the columns cols (then count and percentiles when pct), filled by fill. */
static int section(struct stats *s, const char *key, const char *title, const char *const *cols,
                   const char *types, int pct, fill_fn *fill, const void *arg)
{
	struct nts_table t;
	const char *all[16];
	char ty[16];
	int n = 0, rc;

	while (cols[n] && n < 10) {
		all[n] = cols[n];
		n++;
	}
	snprintf(ty, sizeof ty, "%s%s", types, pct ? "nnnnn" : "");
	if (pct)
		memcpy(all + n, pct_cols, sizeof pct_cols);
	all[n + (pct ? 5 : 0)] = NULL;
	nts_table_init(&t, key, title, all, ty);
	rc = fill(s, &t, n, arg);
	if (rc == SQLITE_OK)
		emit(s, &t);
	else
		nts_table_free(&t);
	return rc;
}

static const char processes_sql[] =
	"WITH th AS (SELECT upid, count(*) AS n FROM thread GROUP BY upid),"
	" sc AS (SELECT t.upid, count(*) AS n FROM syscall s JOIN thread t USING (utid) GROUP BY t.upid),"
	" tr AS (SELECT t.upid, count(*) AS n FROM trap r JOIN thread t USING (utid) GROUP BY t.upid),"
	" sw AS (SELECT t.upid, count(*) AS n FROM sched x JOIN thread t ON t.utid = x.next_utid"
	"        GROUP BY t.upid)"
	" SELECT p.name, p.pid, p.upid, coalesce(th.n, 0), coalesce(sc.n, 0), coalesce(tr.n, 0),"
	"  coalesce(sw.n, 0), p.exit_ts - p.create_ts,"
	"  CASE WHEN p.exit_status IS NOT NULL THEN printf('0x%08X', p.exit_status) END"
	" FROM process p LEFT JOIN th USING (upid) LEFT JOIN sc USING (upid)"
	" LEFT JOIN tr USING (upid) LEFT JOIN sw USING (upid) ORDER BY p.upid";

static const char messages_sql[] =
	"SELECT coalesce(p.name, c.name, printf('port %d', m.port_id)) AS port, m.type,"
	" coalesce(m.api_name, CAST(m.api_number AS TEXT)) AS api, m.receive_ts - m.send_ts AS q"
	" FROM port_message m LEFT JOIN port p ON p.id = m.port_id"
	" LEFT JOIN port c ON c.id = p.connection_port_id"
	" ORDER BY port, m.type, api, q";

static const char switches_sql[] =
	"WITH i AS (SELECT next_utid AS utid, count(*) AS n FROM sched GROUP BY next_utid),"
	" o AS (SELECT prev_utid AS utid, sum(prev_state = 'Ready') AS r,"
	"       sum(prev_state = 'Waiting') AS w, sum(prev_state = 'Terminated') AS x"
	"       FROM sched GROUP BY prev_utid)"
	" SELECT p.name, p.pid, t.tid, t.utid, coalesce(i.n, 0), coalesce(o.r, 0), coalesce(o.w, 0)"
	" FROM thread t LEFT JOIN process p USING (upid) LEFT JOIN i USING (utid)"
	" LEFT JOIN o USING (utid) ORDER BY t.utid";

/* A process's system calls: its key cells (name, pid, upid; NULL for none), durations. */
struct proc_group {
	long long upid;
	char *cells[3];
	struct vals d;
};

/* A service's calls: durations, failures (none when no call has a status), unfinished. */
struct svc_group {
	struct vals d;
	long long failed, unfinished;
	int has_status;
};

/* The system calls grouped by process and by service, in one pass over syscall. */
struct sys_groups {
	struct proc_group *procs;   /* [0]: threads of no known process; then by upid */
	size_t nproc;
	long long *utids;           /* the threads, by utid, */
	size_t *thread_proc;        /* and the index of each one's process group */
	size_t nthread;
	struct nts_intern keys;     /* service keys (name, or #number), by group */
	struct svc_group *svcs;
	size_t nsvc;
};

static void sys_groups_free(struct sys_groups *g)
{
	size_t i;
	int k;

	for (i = 0; i < g->nproc; i++) {
		for (k = 0; k < 3; k++)
			free(g->procs[i].cells[k]);
		free(g->procs[i].d.v);
	}
	for (i = 0; i < g->nsvc; i++)
		free(g->svcs[i].d.v);
	free(g->procs);
	free(g->utids);
	free(g->thread_proc);
	free(g->svcs);
	nts_intern_free(&g->keys);
}

/* The index of v in the n ascending values a, or -1. */
static long find_ll(const long long *a, size_t n, long long v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && a[lo] == v ? (long)lo : -1;
}

/* The index of process upid's group, or -1. */
static long find_proc(const struct sys_groups *g, long long upid)
{
	size_t lo = 1, hi = g->nproc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g->procs[mid].upid < upid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->nproc && g->procs[lo].upid == upid ? (long)lo : -1;
}

/* The process groups ([0] for none, then every process by upid); an SQLite code. */
static int load_procs(struct stats *s, struct sys_groups *g)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int k, rc = sqlite3_prepare_v2(s->db, "SELECT name, pid, upid FROM process ORDER BY upid",
	                               -1, &st, NULL);

	g->nproc = 1;
	while (rc == SQLITE_OK && ((rc = sqlite3_step(st)) == SQLITE_ROW || !g->procs)) {
		struct proc_group *p;
		if (g->nproc >= cap) {
			size_t ncap = cap ? 2 * cap : 256;
			if (!(p = realloc(g->procs, ncap * sizeof *p))) {
				rc = SQLITE_NOMEM;
				break;
			}
			memset(p + cap, 0, (ncap - cap) * sizeof *p);
			g->procs = p;
			cap = ncap;
		}
		if (rc != SQLITE_ROW)
			break;
		p = &g->procs[g->nproc++];
		p->upid = sqlite3_column_int64(st, 2);
		for (k = 0, rc = SQLITE_OK; k < 3 && rc == SQLITE_OK; k++) {
			const char *c = (const char *)sqlite3_column_text(st, k);
			if (c && !(p->cells[k] = strdup(c)))
				rc = SQLITE_NOMEM;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Each thread's process group, by utid; an SQLite code. */
static int load_threads(struct stats *s, struct sys_groups *g)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(s->db, "SELECT utid, upid FROM thread ORDER BY utid",
	                            -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long p = -1;
		rc = SQLITE_NOMEM;
		if (g->nthread == cap) {
			size_t ncap = cap ? 2 * cap : 256;
			long long *u = realloc(g->utids, ncap * sizeof *u);
			size_t *tp = u ? realloc(g->thread_proc, ncap * sizeof *tp) : NULL;
			if (u)
				g->utids = u;
			if (!tp)
				break;
			g->thread_proc = tp;
			cap = ncap;
		}
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			p = find_proc(g, sqlite3_column_int64(st, 1));
		g->utids[g->nthread] = sqlite3_column_int64(st, 0);
		g->thread_proc[g->nthread++] = p < 0 ? 0 : (size_t)p;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The group of the service keyed name (or "#number" when name is NULL); NULL out of memory. */
static struct svc_group *svc_group(struct sys_groups *g, const char *name, long long number)
{
	char buf[32];
	long id;

	if (!name) {
		snprintf(buf, sizeof buf, "#%lld", number);
		name = buf;
	}
	id = nts_intern(&g->keys, name);
	if (id < 0)
		return NULL;
	if ((size_t)id == g->nsvc) {
		struct svc_group *v = realloc(g->svcs, (g->nsvc + 1) * sizeof *v);
		if (!v)
			return NULL;
		g->svcs = v;
		memset(&v[g->nsvc++], 0, sizeof *v);
	}
	return &g->svcs[id];
}

/* Count one system call (st's row: utid, number, name, duration, status) into g. */
static int count_syscall(struct sys_groups *g, sqlite3_stmt *st)
{
	int has_d = sqlite3_column_type(st, 3) != SQLITE_NULL;
	long long d = sqlite3_column_int64(st, 3);
	struct svc_group *v = svc_group(g, (const char *)sqlite3_column_text(st, 2),
	                                sqlite3_column_int64(st, 1));
	long t = -1;

	if (!v || vals_add(&v->d, has_d, d))
		return -1;
	if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
		v->has_status = 1;
		v->failed += ((unsigned long long)sqlite3_column_int64(st, 4) & 0xFFFFFFFFu) >= 0xC0000000u;
	}
	v->unfinished += !has_d;
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		t = find_ll(g->utids, g->nthread, sqlite3_column_int64(st, 0));
	return t < 0 ? 0 : vals_add(&g->procs[g->thread_proc[t]].d, has_d, d);
}

/* Group every system call by process and by service; an SQLite code. */
static int load_syscalls(struct stats *s, struct sys_groups *g)
{
	sqlite3_stmt *st = NULL;
	int rc = load_procs(s, g);

	if (rc == SQLITE_OK)
		rc = load_threads(s, g);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s->db, "SELECT utid, number, name, ts_exit - ts_enter, status"
		                        " FROM syscall", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = count_syscall(g, st) ? SQLITE_NOMEM : SQLITE_OK;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Latency by process: the threads of no known process first, then by upid. */
static int fill_by_process(struct stats *s, struct nts_table *t, int nkey, const void *arg)
{
	const struct sys_groups *g = arg;
	size_t i;

	(void)s;
	for (i = 0; i < g->nproc; i++)
		if (g->procs[i].d.count &&
		    add_vals_row(t, (const char **)g->procs[i].cells, nkey, &g->procs[i].d))
			return SQLITE_NOMEM;
	return SQLITE_OK;
}

static const struct sys_groups *sort_keys;

static int cmp_key(const void *a, const void *b)
{
	return strcmp(sort_keys->keys.s[*(const size_t *)a], sort_keys->keys.s[*(const size_t *)b]);
}

/* The service groups' numbers in key order, or NULL out of memory. */
static size_t *services_sorted(const struct sys_groups *g)
{
	size_t i, *ix = malloc((g->nsvc + 1) * sizeof *ix);

	if (!ix)
		return NULL;
	for (i = 0; i < g->nsvc; i++)
		ix[i] = i;
	sort_keys = g;
	qsort(ix, g->nsvc, sizeof *ix, cmp_key);
	return ix;
}

/* Latency by service, in key order. */
static int fill_by_service(struct stats *s, struct nts_table *t, int nkey, const void *arg)
{
	const struct sys_groups *g = arg;
	size_t i, *ix = services_sorted(g);
	int rc = ix ? SQLITE_OK : SQLITE_NOMEM;

	(void)s;
	for (i = 0; rc == SQLITE_OK && i < g->nsvc; i++) {
		const char *key = g->keys.s[ix[i]];
		if (add_vals_row(t, &key, nkey, &g->svcs[ix[i]].d))
			rc = SQLITE_NOMEM;
	}
	free(ix);
	return rc;
}

/* Calls, failures (NTSTATUS >= 0xC0000000) and unfinished calls by service, in key order. */
static int fill_failures(struct stats *s, struct nts_table *t, int nkey, const void *arg)
{
	const struct sys_groups *g = arg;
	size_t i, *ix = services_sorted(g);
	int rc = ix ? SQLITE_OK : SQLITE_NOMEM;

	(void)s;
	(void)nkey;
	for (i = 0; rc == SQLITE_OK && i < g->nsvc; i++) {
		const struct svc_group *v = &g->svcs[ix[i]];
		char buf[3][24];
		const char *cells[4] = { g->keys.s[ix[i]], buf[0], v->has_status ? buf[1] : NULL, buf[2] };
		snprintf(buf[0], sizeof buf[0], "%zu", v->d.count);
		snprintf(buf[1], sizeof buf[1], "%lld", v->failed);
		snprintf(buf[2], sizeof buf[2], "%lld", v->unfinished);
		if (nts_table_add(t, cells))
			rc = SQLITE_NOMEM;
	}
	free(ix);
	return rc;
}

/* A phase of the handshake: from step a to step b, of the handshakes of order cond. */
struct phase {
	int a, b;
	int cond;                   /* PH_ANY, PH_REACTOS or PH_NOT_REACTOS */
	struct vals d;
};

enum { PH_ANY, PH_REACTOS, PH_NOT_REACTOS, NPHASES = 2 * NSTEPS + 2 };

/* 1 if a is followed by b among the non-extra steps of order. */
static int consecutive(const int *order, int a, int b)
{
	int k, prev = -1;

	for (k = 0; k < NSTEPS; k++) {
		if (step_defs[order[k]].extra)
			continue;
		if (prev == a && order[k] == b)
			return 1;
		prev = order[k];
	}
	return 0;
}

/* The phases, in output order: consecutive steps of the NT5 and the ReactOS orders,
 * the csrss round trip and the whole; their number. */
static int list_phases(struct phase *ph)
{
	const int *orders[2] = { nt5_order, reactos_order };
	int o, k, prev, n = 0;

	memset(ph, 0, NPHASES * sizeof *ph);
	for (o = 0; o < 2; o++)
		for (k = 0, prev = -1; k < NSTEPS; k++) {
			int b = orders[o][k];
			if (step_defs[b].extra)
				continue;
			if (prev >= 0 && !(o == 1 && consecutive(nt5_order, prev, b))) {
				ph[n].a = prev;
				ph[n].b = b;
				ph[n++].cond = !consecutive(reactos_order, prev, b) ? PH_NOT_REACTOS :
				               consecutive(nt5_order, prev, b) ? PH_ANY : PH_REACTOS;
			}
			prev = b;
		}
	ph[n].a = S_CSR_REQUEST;
	ph[n++].b = S_CSR_REPLY;
	ph[n].a = S_CREATE_PROCESS;
	ph[n++].b = S_CONNECT_ACCEPTED;
	return n;
}

/* Add the durations of row's phases (both steps happened, the order matches) to ph. */
static int count_phases(struct phase *ph, int n, sqlite3_stmt *row)
{
	const char *o = (const char *)sqlite3_column_text(row, C_ORDERING);
	int i, reactos = o && strcmp(o, "reactos") == 0;

	for (i = 0; i < n; i++) {
		int ca = C_STEPS + 2 * ph[i].a, cb = C_STEPS + 2 * ph[i].b;
		if ((ph[i].cond == PH_REACTOS && !reactos) || (ph[i].cond == PH_NOT_REACTOS && reactos))
			continue;
		if (sqlite3_column_type(row, ca) == SQLITE_NULL ||
		    sqlite3_column_type(row, cb) == SQLITE_NULL)
			continue;
		if (vals_add(&ph[i].d, 1, sqlite3_column_int64(row, cb) - sqlite3_column_int64(row, ca)))
			return -1;
	}
	return 0;
}

/* The handshake phases, from one pass over the view createprocess_handshake. */
static int fill_phases(struct stats *s, struct nts_table *t, int nkey, const void *arg)
{
	struct phase ph[NPHASES];
	sqlite3_stmt *st = NULL;
	int i, n = list_phases(ph), rc = sqlite3_prepare_v2(s->db, hs_sql, -1, &st, NULL);

	(void)arg;
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = count_phases(ph, n, st) ? SQLITE_NOMEM : SQLITE_OK;
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	for (i = 0; i < n; i++) {
		char name[64];
		const char *key = name;
		snprintf(name, sizeof name, "%s->%s", step_defs[ph[i].a].name, step_defs[ph[i].b].name);
		if (rc == SQLITE_OK && ph[i].d.count && add_vals_row(t, &key, nkey, &ph[i].d))
			rc = SQLITE_NOMEM;
		free(ph[i].d.v);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Every table, in order; an SQLite code. */
static int run_stats(struct stats *s)
{
	static const char *const proc_cols[] = { "process", "pid", "upid", "threads", "syscalls",
		"traps", "switches_in", "lifetime", "exit_status", NULL };
	static const char *const byproc_cols[] = { "process", "pid", "upid", NULL };
	static const char *const svc_cols[] = { "service", NULL };
	static const char *const fail_cols[] = { "service", "calls", "failed", "unfinished", NULL };
	static const char *const msg_cols[] = { "port", "type", "api", NULL };
	static const char *const sw_cols[] = { "process", "pid", "tid", "utid", "switches_in",
		"preempted", "waits", NULL };
	static const char *const ph_cols[] = { "phase", NULL };
	struct sys_groups g;
	int rc;

	memset(&g, 0, sizeof g);
	rc = section(s, "processes", "Processes", proc_cols, "snnnnnnns", 0, fill_plain_sql,
	             processes_sql);
	if (rc == SQLITE_OK)
		rc = load_syscalls(s, &g);
	if (rc == SQLITE_OK)
		rc = section(s, "syscall_latency_by_process", "System-call latency by process",
		             byproc_cols, "snn", 1, fill_by_process, &g);
	if (rc == SQLITE_OK)
		rc = section(s, "syscall_latency_by_service", "System-call latency by service",
		             svc_cols, "s", 1, fill_by_service, &g);
	if (rc == SQLITE_OK)
		rc = section(s, "syscall_status_by_service", "System-call failures by service",
		             fail_cols, "snnn", 0, fill_failures, &g);
	sys_groups_free(&g);
	if (rc == SQLITE_OK)
		rc = section(s, "messages", "LPC messages by port, type and API (queue latency)",
		             msg_cols, "sss", 1, fill_pct_sql, messages_sql);
	if (rc == SQLITE_OK)
		rc = section(s, "context_switches", "Context switches per thread", sw_cols,
		             "snnnnnn", 0, fill_plain_sql, switches_sql);
	if (rc == SQLITE_OK)
		rc = section(s, "handshake_phases", "CreateProcess handshake phases", ph_cols, "s", 1,
		             fill_phases, NULL);
	return rc;
}

static int parse_options(int argc, char **argv, struct stats *s)
{
	int rc = nts_format_options("stats", cmd_stats_usage, argc, argv, &s->json);

	if (rc)
		return rc;
	return nts_trace_operand("stats", argc, argv, &s->path);
}

int cmd_stats(int argc, char **argv)
{
	struct stats s = { 0 };
	char err[1024];
	int rc, status = NTS_EXIT_OK;

	rc = parse_options(argc, argv, &s);
	if (rc != 0)
		return rc;
	if (nts_db_open_readonly(s.path, &s.db, err, sizeof err) != 0)
		return nts_fail("%s", err);
	nts_warn_incomplete(s.db, "stats", s.path);
	rc = run_stats(&s);
	if (rc != SQLITE_OK)
		status = nts_fail("cannot compute the statistics of %s: %s", s.path, sqlite3_errmsg(s.db));
	else if (s.json)
		fputs(s.tables ? "\n}\n" : "{}\n", stdout);
	sqlite3_close(s.db);
	return status;
}
