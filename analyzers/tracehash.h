/* tracehash.h — per-table content hashes of a trace (meta, which holds wall-clock
 * values, is left out). */
#ifndef NTSCOPE_TRACEHASH_H
#define NTSCOPE_TRACEHASH_H

#include <stdint.h>
#include <stdio.h>

#define NTS_MAX_TABLES 64

struct nts_table_hash {
	char table[64];
	long long rows;
	uint64_t hash;
};

/* Hash every table of the trace at path but meta, by name; *n of them. Times (columns
 * ts, *_ts, ts_*) count from the kernel's start, *start (meta.kernel_start_ts): Bochs'
 * firmware phase before it can differ by a few instructions from run to run. 0, or -1
 * with err. */
int nts_trace_hashes(const char *path, struct nts_table_hash *h, int max, int *n,
                     int64_t *start, char *err, size_t errlen);

/* Compare the traces a and b table by table; each difference is one line on report
 * (a note on stdout when the kernel started at different instructions). 0 identical,
 * 1 different, -1 unreadable. */
int nts_trace_compare(const char *a, const char *b, FILE *report);

#endif
