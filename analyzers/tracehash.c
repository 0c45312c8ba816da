/* Content hashes of a trace's tables, for `ntscope run --check-determinism`: every
 * table, so the storage tables (ev_*, string, location) behind the public views. */
#include "config.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "analyzers/tracehash.h"
#include "schema/schema.h"

/* FNV-1a over n bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	while (n--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

/* Whether the column named name holds a time (ts, *_ts, ts_*). */
static int is_time(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return n >= 2 && (strcmp(name, "ts") == 0 || strncmp(name, "ts_", 3) == 0 ||
	                  (n > 3 && strcmp(name + n - 3, "_ts") == 0));
}

/* Fold one column value, with its type, into h; a time is taken relative to base. */
static uint64_t fold_value(uint64_t h, sqlite3_stmt *st, int col, int64_t base)
{
	int type = sqlite3_column_type(st, col);
	int64_t i;
	double d;
	unsigned char tag = (unsigned char)type;

	h = fnv(h, &tag, 1);
	switch (type) {
	case SQLITE_INTEGER:
		i = sqlite3_column_int64(st, col);
		if (is_time(sqlite3_column_name(st, col)))
			i -= base;
		return fnv(h, &i, sizeof i);
	case SQLITE_FLOAT:
		d = sqlite3_column_double(st, col);
		return fnv(h, &d, sizeof d);
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		i = sqlite3_column_bytes(st, col);
		h = fnv(h, &i, sizeof i);
		return fnv(h, sqlite3_column_blob(st, col), (size_t)i);
	default:
		return h;
	}
}

/* "SELECT * FROM table ORDER BY 1, 2, ..." (every column: tables WITHOUT ROWID too)
 * into sql. 0, or -1 with err. */
static int ordered_select(sqlite3 *db, const char *table, char *sql, size_t len,
                          char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	size_t at;
	int n, i;

	at = (size_t)snprintf(sql, len, "SELECT * FROM \"%s\"", table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read table %s: %s", table, sqlite3_errmsg(db));
		return -1;
	}
	n = sqlite3_column_count(st);
	sqlite3_finalize(st);
	for (i = 1; i <= n && at < len; i++)
		at += (size_t)snprintf(sql + at, len - at, "%s%d", i == 1 ? " ORDER BY " : ", ", i);
	if (at >= len) {
		snprintf(err, errlen, "table %s has too many columns", table);
		return -1;
	}
	return 0;
}

/* Hash every row of table, in the order of its columns' values, times relative to
 * base, into *out. 0, or -1 with err. */
static int hash_table(sqlite3 *db, const char *table, int64_t base,
                      struct nts_table_hash *out, char *err, size_t errlen)
{
	char sql[1024];
	sqlite3_stmt *st = NULL;
	uint64_t h = 0xcbf29ce484222325ULL;
	int rc, n, i;

	if (ordered_select(db, table, sql, sizeof sql, err, errlen) != 0)
		return -1;
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot read table %s: %s", table, sqlite3_errmsg(db));
		return -1;
	}
	snprintf(out->table, sizeof out->table, "%s", table);
	out->rows = 0;
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			h = fold_value(h, st, i, base);
		out->rows++;
	}
	if (rc != SQLITE_DONE)
		snprintf(err, errlen, "cannot read table %s: %s", table, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	out->hash = h;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* meta.kernel_start_ts of db, or 0. */
static int64_t kernel_start(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int64_t ts = 0;

	if (sqlite3_prepare_v2(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'kernel_start_ts'",
	                       -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		ts = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return ts;
}

int nts_trace_hashes(const char *path, struct nts_table_hash *h, int max, int *n,
                     int64_t *start, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	*n = 0;
	if (nts_db_open_readonly(path, &db, err, errlen) != 0)
		return -1;
	*start = kernel_start(db);
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
	                       "AND name NOT LIKE 'sqlite_%' AND name != 'meta' ORDER BY name",
	                       -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot list the tables of %s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW && *n < max) {
		if (hash_table(db, (const char *)sqlite3_column_text(st, 0), *start, &h[*n], err,
		               errlen) != 0)
			goto out;
		(*n)++;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

int nts_trace_compare(const char *a, const char *b, FILE *report)
{
	struct nts_table_hash ha[NTS_MAX_TABLES], hb[NTS_MAX_TABLES];
	int64_t sa, sb;
	char err[512];
	int na, nb, i, differ = 0;

	if (nts_trace_hashes(a, ha, NTS_MAX_TABLES, &na, &sa, err, sizeof err) != 0 ||
	    nts_trace_hashes(b, hb, NTS_MAX_TABLES, &nb, &sb, err, sizeof err) != 0) {
		fprintf(report, "ntscope: %s\n", err);
		return -1;
	}
	if (na != nb) {
		fprintf(report, "ntscope: the traces have different tables (%d and %d)\n", na, nb);
		return 1;
	}
	for (i = 0; i < na; i++) {
		if (ha[i].hash == hb[i].hash && ha[i].rows == hb[i].rows)
			continue;
		fprintf(report, "ntscope: not deterministic: table %s differs (%lld rows, hash %016llx; "
		        "then %lld rows, hash %016llx)\n", ha[i].table, ha[i].rows,
		        (unsigned long long)ha[i].hash, hb[i].rows, (unsigned long long)hb[i].hash);
		differ = 1;
	}
	if (!differ && sa != sb)
		printf("ntscope run: note: the kernel started at instruction %lld, then %lld "
		        "(the firmware's part varies); the tables are compared from there\n",
		        (long long)sa, (long long)sb);
	return differ;
}
