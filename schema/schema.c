/*
 * schema.c — applying and checking the embedded trace schema.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "schema/schema.h"

int nts_schema_apply(sqlite3 *db, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, nts_schema_sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot create the trace schema: %s",
		         msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int nts_schema_version(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int version = -1;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	else
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return version;
}

/* 1 if db holds no table at all (a new file, or a run stopped before its first commit). */
static int is_empty(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int empty = 0;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int(st, 0) == 0;
	sqlite3_finalize(st);
	return empty;
}

/* A clear reason why path is not a readable trace of our version, or 0 if it is. */
static int check_trace(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	char why[256];
	int version = nts_schema_version(db, why, sizeof why);
	if (version < 0) {
		snprintf(err, errlen, "%s is not a trace database: %s", path, why);
		return -1;
	}
	if (version == 0 && is_empty(db)) {
		snprintf(err, errlen, "%s is empty: nothing was committed to it (a run stopped at its start?)", path);
		return -1;
	}
	if (version == 0) {
		snprintf(err, errlen, "%s is not an ntscope trace (no schema version)", path);
		return -1;
	}
	if (version != NTS_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s has trace schema version %d; this ntscope reads version %d",
		         path, version, NTS_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

int nts_db_open_readonly(const char *path, sqlite3 **out, char *err, size_t errlen)
{
	struct stat sb;
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "no trace file %s", path);
		return -1;
	}
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open trace %s: %s", path, sqlite3_errmsg(db));
		goto fail;
	}
	if (check_trace(db, path, err, errlen) != 0)
		goto fail;
	*out = db;
	return 0;
fail:
	sqlite3_close(db);
	return -1;
}
