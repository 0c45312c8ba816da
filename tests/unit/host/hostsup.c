/*
 * hostsup.c — the kernel services the host-tested kernel files call: pages (for the
 * real pool in ex/pool.c), bugchecks (abort after recording the code), and strings.
 */
#include <stdlib.h>
#include <string.h>

#include "hostsup.h"

long HostPages;
ULONG HostLastBugCheck;

/* A zeroed, page-aligned page. */
PVOID MiAllocatePoolPages(POOL_TYPE PoolType, SIZE_T SizeInBytes)
{
	void *Page = aligned_alloc(4096, 4096);

	if (Page) {
		memset(Page, 0, 4096);
		HostPages++;
	}
	return Page;
}

ULONG MiFreePoolPages(PVOID StartingAddress)
{
	HostPages--;
	free(StartingAddress);
	return 1;
}

VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1,
                        ULONG_PTR BugCheckParameter2, ULONG_PTR BugCheckParameter3,
                        ULONG_PTR BugCheckParameter4)
{
	HostLastBugCheck = BugCheckCode;
	abort();
}

/* A counted wide copy of Text (ASCII). */
VOID HostInitUnicodeString(PUNICODE_STRING String, const char *Text)
{
	size_t Length = strlen(Text), i;

	String->Buffer = calloc(Length + 1, sizeof(WCHAR));
	for (i = 0; i < Length; i++)
		String->Buffer[i] = (UCHAR)Text[i];
	String->Length = (USHORT)(Length * sizeof(WCHAR));
	String->MaximumLength = String->Length + sizeof(WCHAR);
}

VOID HostFreeUnicodeString(PUNICODE_STRING String)
{
	free(String->Buffer);
	String->Buffer = NULL;
}
