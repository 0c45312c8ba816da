/* io.h — the I/O manager; for now only the boot file system the loader read in. */
#ifndef _INTERNAL_IO_H
#define _INTERNAL_IO_H

#include <internal/ke.h>

NTSTATUS IoGetBootFile(PCSTR Name, PVOID *Data, PULONG Size);

#endif
