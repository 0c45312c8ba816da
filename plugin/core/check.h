/*
 * check.h — what a front end (the ntscope CLI) can ask of the tracer core before it
 * launches the emulator. Error texts have no "ntscope: " prefix.
 */
#ifndef NTSCOPE_CHECK_H
#define NTSCOPE_CHECK_H

#include <stddef.h>

/* Exactly the checks the tracer's open() makes of $NTSCOPE_KERNEL: a 32-bit i386 ELF
 * with a symbol table, the contract's required symbols, a readable service table, DWARF
 * with every required structure member (optional hooks and members only turn features
 * off; see kernel-image/TRACING.md). 0, or -1 with one line in err. */
int nts_kernel_check(const char *path, char *err, size_t errlen);

/* The same checks as open() makes of each $NTSCOPE_IMAGES entry (i386 ELF with a
 * symbol table). 0, or -1 with one line in err. */
int nts_image_check(const char *path, char *err, size_t errlen);

#endif
