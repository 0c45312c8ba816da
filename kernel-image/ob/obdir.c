/*
 * obdir.c — the entries of directory objects: NUMBER_HASH_BUCKETS chains of
 * OBJECT_DIRECTORY_ENTRY, hashed on the upcased name so that a case-insensitive lookup
 * lands in the chain of any spelling. Callers hold the namespace lock.
 */
#include <internal/ob.h>
#include <rtl.h>

#define TAG_DIRECTORY_ENTRY 'eDbO'

/* The hash of a name: every upcased character folded in as Hash * 3.5 + Char. */
ULONG ObpHashObjectName(PCUNICODE_STRING Name)
{
	ULONG Hash = 0, i;

	for (i = 0; i < Name->Length / sizeof(WCHAR); i++)
		Hash += (Hash << 1) + (Hash >> 1) + RtlUpcaseUnicodeChar(Name->Buffer[i]);
	return Hash;
}

/* The name an entry's object was inserted under. */
static PUNICODE_STRING ObpEntryName(POBJECT_DIRECTORY_ENTRY Entry)
{
	return &OBJECT_HEADER_TO_NAME_INFO(OBJECT_TO_OBJECT_HEADER(Entry->Object))->Name;
}

/*
 * The object named Name in Directory (OBJ_CASE_INSENSITIVE in Attributes ignores case),
 * or NULL. Context records the directory, the hash and the object found, for an insert
 * or delete that follows under the same lock. No reference is taken.
 */
PVOID ObpLookupEntryDirectory(POBJECT_DIRECTORY Directory, PCUNICODE_STRING Name, ULONG Attributes,
                              POBP_LOOKUP_CONTEXT Context)
{
	BOOLEAN CaseInsensitive = (Attributes & OBJ_CASE_INSENSITIVE) != 0;
	POBJECT_DIRECTORY_ENTRY Entry;

	Context->Directory = Directory;
	Context->Object = NULL;
	Context->HashValue = ObpHashObjectName(Name);
	Context->HashIndex = (USHORT)(Context->HashValue % NUMBER_HASH_BUCKETS);
	for (Entry = Directory->HashBuckets[Context->HashIndex]; Entry; Entry = Entry->ChainLink) {
		if (Entry->HashValue == Context->HashValue &&
		    RtlEqualUnicodeString(Name, ObpEntryName(Entry), CaseInsensitive)) {
			Context->Object = Entry->Object;
			break;
		}
	}
	return Context->Object;
}

/*
 * Insert the object of ObjectHeader, named by its name info with the name Context's
 * failed lookup hashed, at the head of that chain; FALSE when out of pool.
 */
BOOLEAN ObpInsertEntryDirectory(POBJECT_DIRECTORY Directory, POBP_LOOKUP_CONTEXT Context,
                                POBJECT_HEADER ObjectHeader)
{
	POBJECT_DIRECTORY_ENTRY Entry = ExAllocatePoolWithTag(PagedPool, sizeof(*Entry),
	                                                      TAG_DIRECTORY_ENTRY);

	if (!Entry)
		return FALSE;
	Entry->Object = &ObjectHeader->Body;
	Entry->HashValue = Context->HashValue;
	Entry->ChainLink = Directory->HashBuckets[Context->HashIndex];
	Directory->HashBuckets[Context->HashIndex] = Entry;
	OBJECT_HEADER_TO_NAME_INFO(ObjectHeader)->Directory = Directory;
	Context->Object = Entry->Object;
	return TRUE;
}

/* Remove Context->Object from Context->Directory (the chain Context hashed to). */
BOOLEAN ObpDeleteEntryDirectory(POBP_LOOKUP_CONTEXT Context)
{
	POBJECT_DIRECTORY_ENTRY *Link = &Context->Directory->HashBuckets[Context->HashIndex];
	POBJECT_DIRECTORY_ENTRY Entry;

	for (; (Entry = *Link) != NULL; Link = &Entry->ChainLink) {
		if (Entry->Object != Context->Object)
			continue;
		*Link = Entry->ChainLink;
		OBJECT_HEADER_TO_NAME_INFO(OBJECT_TO_OBJECT_HEADER(Entry->Object))->Directory = NULL;
		ExFreePoolWithTag(Entry, TAG_DIRECTORY_ENTRY);
		return TRUE;
	}
	return FALSE;
}
