/* ntscope diff — two traces compared handshake by handshake, phase by phase, and by
 * system-call counts per process image. */
#include "config.h"

#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/handshake.h"
#include "analyzers/ntscope.h"
#include "analyzers/output.h"
#include "analyzers/table.h"
#include "schema/schema.h"

const char cmd_diff_usage[] =
	"usage: ntscope diff [OPTIONS] A.db B.db\n"
	"\n"
	"Compare two traces (e.g. NT5 against ReactOS ordering, or before and after a\n"
	"kernel change). Handshakes are matched by (parent image, child image, ordinal):\n"
	"the n-th CreateProcess of that child image by that parent image, never by pid. For\n"
	"each pair: the outcome and order in A and B, then each step's time from the\n"
	"handshake's start (its create_process, else its first step) and each phase\n"
	"between consecutive steps, in A and in B, with the change in instructions and in\n"
	"percent of A; a step that only B has 'appeared', one only A has 'disappeared'.\n"
	"Handshakes only one trace has are listed as appeared or disappeared. Last, the\n"
	"system calls whose count per process image differs.\n"
	"\n"
	"  -f, --format FORMAT    'text' (default) or 'json'\n"
	"\n"
	"Exit status: 0 on success, whether or not the traces differ; 1 if A or B is not a\n"
	"readable trace of this version; 2 on bad usage.\n";

/* One handshake as diff compares it. */
struct hs_rec {
	char *parent, *child, *outcome, *ordering;
	int ordinal, matched;
	char state[NSTEPS];
	long long ts[NSTEPS], base;
};

struct side {
	const char *path;
	sqlite3 *db;
	struct hs_rec *hs;
	size_t n;
};

struct diff {
	struct side a, b;
	int json, items;
};

static char *dup_col(sqlite3_stmt *st, int col, const char *none)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	return strdup(s ? s : none);
}

/* The handshake h's row: steps, and the base its times are measured from. */
static void fill_rec(struct hs_rec *h, sqlite3_stmt *st, const struct side *s)
{
	size_t k;
	int i;

	h->parent = dup_col(st, C_PARENT_IMAGE, "?");
	h->child = dup_col(st, C_CHILD_IMAGE, "?");
	h->outcome = dup_col(st, C_OUTCOME, "?");
	h->ordering = dup_col(st, C_ORDERING, "none");
	h->base = -1;
	for (i = 0; i < NSTEPS; i++) {
		h->state[i] = hs_step_state(st, i, &h->ts[i]);
		if (h->state[i] == 'd' && (h->base < 0 || h->ts[i] < h->base))
			h->base = h->ts[i];
	}
	if (h->state[S_CREATE_PROCESS] == 'd')
		h->base = h->ts[S_CREATE_PROCESS];
	for (k = 0, h->ordinal = 1; k < s->n; k++)
		if (strcmp(s->hs[k].parent, h->parent) == 0 && strcmp(s->hs[k].child, h->child) == 0)
			h->ordinal++;
}

/* Every handshake of s, in attempt order; an SQLite code. */
static int load_side(struct side *s)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(s->db, hs_sql, -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (s->n == cap) {
			struct hs_rec *v = realloc(s->hs, (cap = cap ? 2 * cap : 16) * sizeof *v);
			if (!v) {
				rc = SQLITE_NOMEM;
				break;
			}
			s->hs = v;
		}
		memset(&s->hs[s->n], 0, sizeof s->hs[0]);
		fill_rec(&s->hs[s->n], st, s);
		s->n++;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void free_side(struct side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->hs[i].parent);
		free(s->hs[i].child);
		free(s->hs[i].outcome);
		free(s->hs[i].ordering);
	}
	free(s->hs);
	sqlite3_close(s->db);
}

/* B's handshake with a's key, not yet matched; NULL if none. */
static struct hs_rec *find_match(struct side *b, const struct hs_rec *a)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!b->hs[i].matched && b->hs[i].ordinal == a->ordinal &&
		    strcmp(b->hs[i].parent, a->parent) == 0 && strcmp(b->hs[i].child, a->child) == 0)
			return &b->hs[i];
	return NULL;
}

static const char *const step_cols[] = { "step", "a", "b", "change", "delta", "percent", NULL };
static const char *const phase_cols[] = { "phase", "a", "b", "change", "delta", "percent", NULL };

/* A row comparing one value of A (if ha) with B's (if hb); nothing when neither. */
static int change_row(struct nts_table *t, const char *name, int ha, long long a, int hb,
                      long long b)
{
	char va[24], vb[24], d[24], pct[24];
	const char *cells[6] = { name, ha ? va : NULL, hb ? vb : NULL, NULL, NULL, NULL };

	if (!ha && !hb)
		return 0;
	snprintf(va, sizeof va, "%lld", a);
	snprintf(vb, sizeof vb, "%lld", b);
	cells[3] = !ha ? "appeared" : !hb ? "disappeared" : a == b ? "same" : "moved";
	if (ha && hb) {
		snprintf(d, sizeof d, "%+lld", b - a);
		cells[4] = d;
		if (a != 0) {
			snprintf(pct, sizeof pct, "%+.1f", 100.0 * (double)(b - a) / (double)a);
			cells[5] = pct;
		}
	}
	return nts_table_add(t, cells);
}

struct phase {
	char name[48];
	long long d;
};

/* h's phases: consecutive steps that happened, in its own order; their count. */
static int phases(const struct hs_rec *h, struct phase *p)
{
	const int *order = strcmp(h->ordering, "reactos") == 0 ? reactos_order : nt5_order;
	int k, n = 0, prev = -1;

	for (k = 0; k < NSTEPS; k++) {
		int i = order[k];
		if (step_defs[i].extra || h->state[i] != 'd')
			continue;
		if (prev >= 0) {
			snprintf(p[n].name, sizeof p[n].name, "%s->%s", step_defs[prev].name, step_defs[i].name);
			p[n++].d = h->ts[i] - h->ts[prev];
		}
		prev = i;
	}
	return n;
}

/* The phase named name among p (n of them), or NULL. */
static const struct phase *find_phase(const struct phase *p, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return &p[i];
	return NULL;
}

static int phase_rows(struct nts_table *t, const struct hs_rec *a, const struct hs_rec *b)
{
	struct phase pa[NSTEPS], pb[NSTEPS];
	int na = phases(a, pa), nb = phases(b, pb), i, rc = 0;

	for (i = 0; i < na && rc == 0; i++) {
		const struct phase *q = find_phase(pb, nb, pa[i].name);
		rc = change_row(t, pa[i].name, 1, pa[i].d, q != NULL, q ? q->d : 0);
	}
	for (i = 0; i < nb && rc == 0; i++)
		if (!find_phase(pa, na, pb[i].name))
			rc = change_row(t, pb[i].name, 0, 0, 1, pb[i].d);
	return rc;
}

static int step_rows(struct nts_table *t, const struct hs_rec *a, const struct hs_rec *b)
{
	int k, rc = 0;

	for (k = 0; k < NSTEPS && rc == 0; k++) {
		int i = nt5_order[k];
		rc = change_row(t, step_defs[i].name, a->state[i] == 'd', a->ts[i] - a->base,
		                b->state[i] == 'd', b->ts[i] - b->base);
	}
	return rc;
}

/* Print t in the chosen format (as member key of the current object in JSON). */
static void emit(struct diff *d, struct nts_table *t, int first)
{
	if (d->json) {
		fputs(first ? "" : ", ", stdout);
		nts_table_print_json(t, stdout);
	} else
		nts_table_print_text(t, stdout);
	nts_table_free(t);
}

static void json_member(const char *key, const char *s, int comma)
{
	printf("%s\"%s\": ", comma ? ", " : "", key);
	nts_put_json_string(stdout, s, strlen(s));
}

/* One matched pair: its heading, steps and phases; 0 or -1 out of memory. */
static int put_pair(struct diff *d, const struct hs_rec *a, const struct hs_rec *b)
{
	char title[512];
	struct nts_table st, ph;
	int rc;

	snprintf(title, sizeof title, "%s -> %s #%d: %s -> %s, order %s -> %s (times from the start:"
	         " A %lld, B %lld)", a->parent, a->child, a->ordinal, a->outcome, b->outcome,
	         a->ordering, b->ordering, a->base, b->base);
	nts_table_init(&st, "steps", title, step_cols, "snnsnn");
	nts_table_init(&ph, "phases", "phases", phase_cols, "snnsnn");
	rc = step_rows(&st, a, b) || phase_rows(&ph, a, b) ? -1 : 0;
	if (d->json) {
		printf("%s\n  {", d->items++ ? "," : "");
		json_member("parent", a->parent, 0);
		json_member("child", a->child, 1);
		printf(", \"ordinal\": %d", a->ordinal);
		json_member("outcome_a", a->outcome, 1);
		json_member("outcome_b", b->outcome, 1);
		json_member("order_a", a->ordering, 1);
		json_member("order_b", b->ordering, 1);
		printf(", \"base_a\": %lld, \"base_b\": %lld, ", a->base, b->base);
	}
	emit(d, &st, 1);
	emit(d, &ph, 0);
	if (d->json)
		fputs("}", stdout);
	return rc;
}

/* The handshakes of s no pair took, as rows saying how (appeared / disappeared). */
static int unmatched_rows(struct nts_table *t, const struct side *s, const char *how)
{
	char ord[16];
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct hs_rec *h = &s->hs[i];
		const char *cells[5] = { h->parent, h->child, ord, how, h->outcome };
		if (h->matched)
			continue;
		snprintf(ord, sizeof ord, "%d", h->ordinal);
		if (nts_table_add(t, cells))
			return -1;
	}
	return 0;
}

/* Every pair, then the handshakes only one trace has; an SQLite code. */
static int compare_handshakes(struct diff *d)
{
	static const char *const cols[] = { "parent", "child", "ordinal", "change", "outcome", NULL };
	struct nts_table t;
	size_t i;
	int rc = 0;

	for (i = 0; i < d->a.n && rc == 0; i++) {
		struct hs_rec *m = find_match(&d->b, &d->a.hs[i]);
		if (!m)
			continue;
		m->matched = d->a.hs[i].matched = 1;
		rc = put_pair(d, &d->a.hs[i], m);
	}
	if (d->json)
		fputs("],\n", stdout);
	nts_table_init(&t, "unmatched", "Handshakes in only one trace", cols, "ssnss");
	if (rc == 0)
		rc = unmatched_rows(&t, &d->a, "disappeared") || unmatched_rows(&t, &d->b, "appeared");
	emit(d, &t, 1);
	return rc ? SQLITE_NOMEM : SQLITE_OK;
}

static const char counts_sql[] =
	"SELECT coalesce(p.name, '?') AS image, coalesce(s.name, printf('#%d', s.number)) AS service,"
	" count(*) AS n FROM syscall s LEFT JOIN thread t USING (utid)"
	" LEFT JOIN process p USING (upid) GROUP BY 1, 2";

static const char count_diff_sql[] =
	"SELECT image, service, sum(a), sum(b), sum(b) - sum(a),"
	" CASE WHEN sum(a) > 0 THEN printf('%%+.1f', 100.0 * (sum(b) - sum(a)) / sum(a)) END"
	" FROM (SELECT image, service, n AS a, 0 AS b FROM (%s)"
	"       UNION ALL SELECT image, service, 0, n FROM temp.diff_b)"
	" GROUP BY image, service HAVING sum(a) != sum(b) ORDER BY image, service";

/* B's counts into the temporary table diff_b on A's connection; an SQLite code. */
static int copy_counts(struct diff *d)
{
	sqlite3_stmt *q = NULL, *ins = NULL;
	int rc = sqlite3_exec(d->a.db, "CREATE TEMP TABLE diff_b(image, service, n)", NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(d->a.db, "INSERT INTO temp.diff_b VALUES (?1, ?2, ?3)", -1, &ins, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_prepare_v2(d->b.db, counts_sql, -1, &q, NULL)) != SQLITE_OK)
		fprintf(stderr, "ntscope: cannot read %s: %s\n", d->b.path, sqlite3_errmsg(d->b.db));
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_bind_value(ins, 1, sqlite3_column_value(q, 0));
		sqlite3_bind_value(ins, 2, sqlite3_column_value(q, 1));
		sqlite3_bind_value(ins, 3, sqlite3_column_value(q, 2));
		rc = sqlite3_step(ins) == SQLITE_DONE ? sqlite3_reset(ins) : SQLITE_ERROR;
	}
	sqlite3_finalize(q);
	sqlite3_finalize(ins);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The system calls whose count per image differs; an SQLite code. */
static int compare_counts(struct diff *d)
{
	static const char *const cols[] = { "image", "service", "a", "b", "delta", "percent", NULL };
	struct nts_table t;
	sqlite3_stmt *st = NULL;
	char *sql = sqlite3_mprintf(count_diff_sql, counts_sql);
	int rc = sql ? copy_counts(d) : SQLITE_NOMEM;

	nts_table_init(&t, "syscall_counts", "System calls whose count per image differs", cols, "ssnnnn");
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(d->a.db, sql, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = nts_table_add_stmt(&t, st) ? SQLITE_NOMEM : SQLITE_OK;
	if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
		emit(d, &t, 0);
	}
	nts_table_free(&t);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return rc;
}

static int parse_options(int argc, char **argv, struct diff *d)
{
	int rc = nts_format_options("diff", cmd_diff_usage, argc, argv, &d->json);

	if (rc)
		return rc;
	if (argc - optind != 2)
		return nts_usage_error("diff", "wants two trace files, A and B");
	d->a.path = argv[optind];
	d->b.path = argv[optind + 1];
	return 0;
}

/* Open and load both traces; an exit status. */
static int open_sides(struct diff *d)
{
	struct side *s[2] = { &d->a, &d->b };
	char err[1024];
	int i;

	for (i = 0; i < 2; i++) {
		if (nts_db_open_readonly(s[i]->path, &s[i]->db, err, sizeof err) != 0)
			return nts_fail("%s", err);
		nts_warn_incomplete(s[i]->db, "diff", s[i]->path);
		if (load_side(s[i]) != SQLITE_OK)
			return nts_fail("cannot read the handshakes of %s: %s", s[i]->path,
			                sqlite3_errmsg(s[i]->db));
	}
	return NTS_EXIT_OK;
}

int cmd_diff(int argc, char **argv)
{
	struct diff d;
	int rc, status;

	memset(&d, 0, sizeof d);
	status = parse_options(argc, argv, &d);
	if (status == NTS_EXIT_OK)
		status = open_sides(&d);
	if (status != NTS_EXIT_OK)
		goto out;
	if (d.json)
		fputs("{\"handshakes\": [", stdout);
	else
		printf("A: %s\nB: %s\n\n", d.a.path, d.b.path);
	rc = compare_handshakes(&d);
	if (rc == SQLITE_OK)
		rc = compare_counts(&d);
	if (d.json)
		fputs("}\n", stdout);
	if (rc != SQLITE_OK)
		status = nts_fail("cannot compare %s and %s: %s", d.a.path, d.b.path,
		                  sqlite3_errmsg(d.a.db));
out:
	free_side(&d.a);
	free_side(&d.b);
	return status;
}
