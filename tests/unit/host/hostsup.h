/*
 * hostsup.h — what the host tests of kernel files use: a counting pool (malloc), pages
 * for the real pool, counted strings from C strings, and bugchecks that abort.
 */
#ifndef _HOSTSUP_H
#define _HOSTSUP_H

#include <internal/ex.h>

extern long HostPoolAllocations;   /* live ExAllocatePoolWithTag blocks (malloc pool) */
extern long HostPages;             /* live MiAllocatePoolPages pages */
extern ULONG HostLastBugCheck;

VOID HostInitUnicodeString(PUNICODE_STRING String, const char *Text);
VOID HostFreeUnicodeString(PUNICODE_STRING String);

#endif
