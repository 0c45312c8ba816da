/*
 * schema.h — the trace database schema (schema/trace.sql, embedded at build time) and
 * the checks every reader and writer of a trace makes. Error texts have no
 * "ntscope: " prefix: the caller prints that.
 */
#ifndef NTSCOPE_SCHEMA_H
#define NTSCOPE_SCHEMA_H

#include <stddef.h>
#include <sqlite3.h>

/* schema/trace.sql as one NUL-terminated string, and its PRAGMA user_version. */
extern const char nts_schema_sql[];
extern const int nts_schema_sql_version;
#define NTS_SCHEMA_VERSION nts_schema_sql_version

/* Create every table and view of the schema in db (which should be empty).
 * 0, or -1 with a message in err. */
int nts_schema_apply(sqlite3 *db, char *err, size_t errlen);

/* Open the trace at path read-only and check it is a trace of NTS_SCHEMA_VERSION.
 * 0 with *db set, or -1 with *db NULL and a message in err naming the path. */
int nts_db_open_readonly(const char *path, sqlite3 **db, char *err, size_t errlen);

/* The schema version stored in db (PRAGMA user_version), or -1 with a message. */
int nts_schema_version(sqlite3 *db, char *err, size_t errlen);

#endif
