/*
 * runcmd.h — the analyzer tests run the ntscope under test as a child process and read
 * back what it printed.
 */
#ifndef NTSCOPE_TEST_RUNCMD_H
#define NTSCOPE_TEST_RUNCMD_H

#include <stddef.h>

/* Run `ntscope ARG...` (NULL-terminated) with stdout and stderr in files under dir,
 * read back into out and err (NUL-terminated, truncated to their sizes); return its
 * exit status, -1 if it did not exit. */
int run_ntscope(const char *dir, char *out, size_t outsz, char *err, size_t errsz, const char *arg, ...);

/* Read the file at p into buf (NUL-terminated, at most len - 1 bytes); its length. */
size_t slurp(const char *p, char *buf, size_t len);

/* Remove the directory dir and everything in it (a test's scratch directory). */
void remove_tree(const char *dir);

/* How many times needle occurs in hay (overlapping). */
int count_of(const char *hay, const char *needle);

#endif
