/* table.c — aligned text and JSON tables (see table.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzers/output.h"
#include "analyzers/table.h"

void nts_table_init(struct nts_table *t, const char *key, const char *title,
                    const char *const *cols, const char *types)
{
	memset(t, 0, sizeof *t);
	t->key = key;
	t->title = title;
	t->cols = cols;
	t->types = types;
	while (cols[t->ncol])
		t->ncol++;
}

int nts_table_add(struct nts_table *t, const char *const *cells)
{
	int i;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		char **c = realloc(t->cells, cap * t->ncol * sizeof *c);
		if (!c)
			return -1;
		t->cells = c;
		t->cap = cap;
	}
	for (i = 0; i < t->ncol; i++) {
		char **cell = &t->cells[t->nrows * t->ncol + i];
		*cell = cells[i] ? strdup(cells[i]) : NULL;
		if (cells[i] && !*cell)
			return -1;
	}
	t->nrows++;
	return 0;
}

int nts_table_add_stmt(struct nts_table *t, sqlite3_stmt *st)
{
	const char *cells[32];
	int i;

	for (i = 0; i < t->ncol && i < 32; i++)
		cells[i] = (const char *)sqlite3_column_text(st, i);
	return nts_table_add(t, cells);
}

/* The display width of s as printed ('-' for none). */
static size_t width(const char *s)
{
	return s ? nts_text_width(s, strlen(s)) : 1;
}

/* One cell, padded to w: numbers on the right, text on the left (the last unpadded). */
static void print_cell(FILE *out, const char *s, size_t w, int num, int last)
{
	size_t n = width(s), pad = w > n ? w - n : 0;

	if (num)
		fprintf(out, "%*s", (int)pad, "");
	if (s)
		nts_put_text(out, s, strlen(s));
	else
		fputc('-', out);
	if (!num && !last)
		fprintf(out, "%*s", (int)pad, "");
}

void nts_table_print_text(const struct nts_table *t, FILE *out)
{
	size_t w[32], r;
	int i;

	for (i = 0; i < t->ncol && i < 32; i++)
		w[i] = width(t->cols[i]);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncol && i < 32; i++)
			if (width(t->cells[r * t->ncol + i]) > w[i])
				w[i] = width(t->cells[r * t->ncol + i]);
	fprintf(out, "%s\n", t->title);
	for (r = 0; r <= t->nrows; r++) {
		fputs(" ", out);
		for (i = 0; i < t->ncol && i < 32; i++) {
			fputs(" ", out);
			print_cell(out, r ? t->cells[(r - 1) * t->ncol + i] : t->cols[i], w[i],
			           t->types[i] == 'n', i == t->ncol - 1);
		}
		fputc('\n', out);
	}
	if (!t->nrows)
		fputs("  (none)\n", out);
	fputc('\n', out);
}

void nts_table_print_json(const struct nts_table *t, FILE *out)
{
	size_t r;
	int i;

	fprintf(out, "\"%s\": [", t->key);
	for (r = 0; r < t->nrows; r++) {
		fputs(r ? ",\n  {" : "\n  {", out);
		for (i = 0; i < t->ncol; i++) {
			const char *c = t->cells[r * t->ncol + i];
			fprintf(out, "%s\"%s\": ", i ? ", " : "", t->cols[i]);
			if (c && t->types[i] == 'n')
				fputs(c[0] == '+' ? c + 1 : c, out);
			else
				nts_put_json_string(out, c, c ? strlen(c) : 0);
		}
		fputc('}', out);
	}
	fputs("]", out);
}

void nts_table_free(struct nts_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * (size_t)t->ncol; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}
