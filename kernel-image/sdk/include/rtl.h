/*
 * rtl.h — the run-time library shared by the kernel, ntdll and programs: list
 * helpers, strings, and a small formatter.
 */
#ifndef _RTL_H
#define _RTL_H

#include <ntdef.h>

FORCEINLINE VOID InitializeListHead(PLIST_ENTRY ListHead)
{
	ListHead->Flink = ListHead->Blink = ListHead;
}

FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead)
{
	return ListHead->Flink == ListHead;
}

FORCEINLINE VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
	Entry->Flink = ListHead;
	Entry->Blink = ListHead->Blink;
	ListHead->Blink->Flink = Entry;
	ListHead->Blink = Entry;
}

FORCEINLINE VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
	Entry->Flink = ListHead->Flink;
	Entry->Blink = ListHead;
	ListHead->Flink->Blink = Entry;
	ListHead->Flink = Entry;
}

FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY Entry)
{
	PLIST_ENTRY Flink = Entry->Flink, Blink = Entry->Blink;

	Blink->Flink = Flink;
	Flink->Blink = Blink;
	return Flink == Blink;
}

FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead)
{
	PLIST_ENTRY Entry = ListHead->Flink;

	RemoveEntryList(Entry);
	return Entry;
}

void *memcpy(void *Destination, const void *Source, size_t Length);
void *memmove(void *Destination, const void *Source, size_t Length);
void *memset(void *Destination, int Value, size_t Length);
int memcmp(const void *Left, const void *Right, size_t Length);
size_t strlen(const char *String);
int strcmp(const char *Left, const char *Right);
char *strchr(const char *String, int Char);
int strncmp(const char *Left, const char *Right, size_t Length);
char *strncpy(char *Destination, const char *Source, size_t Length);
unsigned long strtoul(const char *String, char **End, int Base);

#define RtlCopyMemory(d, s, n) memcpy((d), (s), (n))
#define RtlMoveMemory(d, s, n) memmove((d), (s), (n))
#define RtlZeroMemory(d, n) memset((d), 0, (n))
#define RtlFillMemory(d, n, v) memset((d), (v), (n))

int vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Arguments);
int snprintf(char *Buffer, size_t Count, const char *Format, ...)
	__attribute__((format(printf, 3, 4)));

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING Destination, PCWSTR Source);
VOID NTAPI RtlInitAnsiString(PANSI_STRING Destination, PCSTR Source);
WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR Source);
BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                    BOOLEAN CaseInSensitive);

#endif
