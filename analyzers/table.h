/* table.h — a small table of text cells, printed aligned as text or as JSON objects;
 * what stats and diff print. */
#ifndef NTSCOPE_TABLE_H
#define NTSCOPE_TABLE_H

#include <sqlite3.h>
#include <stdio.h>

struct nts_table {
	const char *key;            /* the JSON member name */
	const char *title;          /* the text heading */
	const char *const *cols;    /* column names */
	const char *types;          /* per column: 's' text, 'n' number */
	int ncol;
	char **cells;               /* nrows * ncol, NULL for none */
	size_t nrows, cap;
};

/* A table of the NULL-terminated cols whose kinds are types ("ssn..."). */
void nts_table_init(struct nts_table *t, const char *key, const char *title,
                    const char *const *cols, const char *types);

/* Append a row of ncol cells (copied; NULL for none); 0, or -1 out of memory. */
int nts_table_add(struct nts_table *t, const char *const *cells);

/* Append the row stmt is on, column i for table column i; 0 or -1. */
int nts_table_add_stmt(struct nts_table *t, sqlite3_stmt *st);

/* Print as "title" then aligned columns (numbers right-aligned, '-' for none). */
void nts_table_print_text(const struct nts_table *t, FILE *out);

/* Print as "key": [{col: value, ...}, ...] (numbers bare, a leading '+' dropped;
 * none as null). */
void nts_table_print_json(const struct nts_table *t, FILE *out);

void nts_table_free(struct nts_table *t);

#endif
