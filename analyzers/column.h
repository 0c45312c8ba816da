/*
 * column.h — short readers of a result row's columns, for the analyzers' loops.
 */
#ifndef NTSCOPE_COLUMN_H
#define NTSCOPE_COLUMN_H

#include <sqlite3.h>

/* Column col of st's current row is not NULL. */
static inline int has(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) != SQLITE_NULL;
}

/* Column col as an integer (0 for NULL). */
static inline long long num(sqlite3_stmt *st, int col)
{
	return (long long)sqlite3_column_int64(st, col);
}

/* Column col as text (NULL for NULL), valid until the next step. */
static inline const char *text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

#endif
