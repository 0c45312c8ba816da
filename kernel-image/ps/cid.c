/* cid.c — client ids. Ids are multiples of 4 as NT's handle-based ids; no reuse yet. */
#include <internal/ps.h>

static ULONG PspLastCid;

/* Allocate the next process or thread id (the System process gets 4). */
HANDLE PspCreateCid(VOID)
{
	PspLastCid += 4;
	return (HANDLE)PspLastCid;
}
