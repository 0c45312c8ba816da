/*
 * test-ob-dir.c — the entries of object directories (kernel-image/ob/obdir.c) on the
 * host: the case-blind hash, insertion and lookup with and without OBJ_CASE_INSENSITIVE,
 * many names over the 37 buckets, names sharing a bucket, deletion.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/host/hostsup.h"
#include <internal/ob.h>

/* A fake named object: name info, header, an 8-byte body. */
typedef struct _FAKE_OBJECT {
	OBJECT_HEADER_NAME_INFO NameInfo;
	OBJECT_HEADER Header;
} FAKE_OBJECT, *PFAKE_OBJECT;

static OBJECT_DIRECTORY Directory;

static void setup(void)
{
	memset(&Directory, 0, sizeof(Directory));
	HostPoolAllocations = 0;
}

TestSuite(obdir, .init = setup);

static PFAKE_OBJECT NewObject(const char *Name)
{
	PFAKE_OBJECT Object = calloc(1, sizeof(*Object));

	HostInitUnicodeString(&Object->NameInfo.Name, Name);
	Object->Header.NameInfoOffset = (UCHAR)offsetof(FAKE_OBJECT, Header);
	Object->Header.PointerCount = 1;
	cr_assert_eq(OBJECT_HEADER_TO_NAME_INFO(&Object->Header), &Object->NameInfo);
	return Object;
}

static void FreeObject(PFAKE_OBJECT Object)
{
	HostFreeUnicodeString(&Object->NameInfo.Name);
	free(Object);
}

/* Look Name up (attributes as given); the object body found, or NULL. */
static PVOID Lookup(const char *Name, ULONG Attributes, POBP_LOOKUP_CONTEXT Context)
{
	UNICODE_STRING String;
	PVOID Found;

	HostInitUnicodeString(&String, Name);
	Found = ObpLookupEntryDirectory(&Directory, &String, Attributes, Context);
	HostFreeUnicodeString(&String);
	return Found;
}

/* Insert Object under its name (after the failed lookup the insertion needs). */
static void Insert(PFAKE_OBJECT Object)
{
	OBP_LOOKUP_CONTEXT Context;

	cr_assert_null(ObpLookupEntryDirectory(&Directory, &Object->NameInfo.Name, 0, &Context));
	cr_assert(ObpInsertEntryDirectory(&Directory, &Context, &Object->Header));
	cr_assert_eq(Context.Object, &Object->Header.Body);
	cr_assert_eq(Object->NameInfo.Directory, &Directory);
}

static ULONG Hash(const char *Name)
{
	UNICODE_STRING String;
	ULONG Value;

	HostInitUnicodeString(&String, Name);
	Value = ObpHashObjectName(&String);
	HostFreeUnicodeString(&String);
	return Value;
}

Test(obdir, the_hash_ignores_case_only)
{
	cr_assert_eq(Hash("ApiPort"), Hash("APIPORT"));
	cr_assert_eq(Hash("ApiPort"), Hash("apiport"));
	cr_assert_neq(Hash("ApiPort"), Hash("ApiPorts"));
	cr_assert_neq(Hash("ab"), Hash("ba"), "the order of the characters counts");
}

Test(obdir, lookup_finds_what_was_inserted_honouring_case_attributes)
{
	PFAKE_OBJECT Port = NewObject("ApiPort");
	OBP_LOOKUP_CONTEXT Context;

	cr_assert_null(Lookup("ApiPort", OBJ_CASE_INSENSITIVE, &Context));
	Insert(Port);
	cr_assert_eq(Lookup("ApiPort", 0, &Context), &Port->Header.Body);
	cr_assert_eq(Lookup("APIPORT", OBJ_CASE_INSENSITIVE, &Context), &Port->Header.Body);
	cr_assert_null(Lookup("APIPORT", 0, &Context), "a case-sensitive lookup misses");
	cr_assert_null(Lookup("ApiPor", OBJ_CASE_INSENSITIVE, &Context));
	cr_assert_eq(Context.HashIndex, Hash("ApiPor") % NUMBER_HASH_BUCKETS);
	cr_assert(ObpDeleteEntryDirectory(&(OBP_LOOKUP_CONTEXT){ &Directory, &Port->Header.Body,
	          Hash("ApiPort"), (USHORT)(Hash("ApiPort") % NUMBER_HASH_BUCKETS) }));
	FreeObject(Port);
	cr_assert_eq(HostPoolAllocations, 0, "the entry was freed");
}

Test(obdir, many_names_spread_over_the_buckets_and_all_are_found)
{
	PFAKE_OBJECT Objects[200];
	OBP_LOOKUP_CONTEXT Context;
	POBJECT_DIRECTORY_ENTRY Entry;
	char Name[32];
	ULONG i, Used = 0, Chained = 0;

	for (i = 0; i < 200; i++) {
		snprintf(Name, sizeof(Name), "Object%u", (unsigned)i);
		Insert(Objects[i] = NewObject(Name));
	}
	for (i = 0; i < NUMBER_HASH_BUCKETS; i++) {
		Used += Directory.HashBuckets[i] != NULL;
		for (Entry = Directory.HashBuckets[i]; Entry; Entry = Entry->ChainLink) {
			cr_assert_eq(Entry->HashValue % NUMBER_HASH_BUCKETS, i, "each entry is in its bucket");
			Chained++;
		}
	}
	cr_assert_eq(Chained, 200);
	cr_assert_geq(Used, 30, "200 names use most of the 37 buckets (%u used)", (unsigned)Used);
	for (i = 0; i < 200; i++) {
		snprintf(Name, sizeof(Name), "OBJECT%u", (unsigned)i);
		cr_assert_eq(Lookup(Name, OBJ_CASE_INSENSITIVE, &Context), &Objects[i]->Header.Body);
		cr_assert(ObpDeleteEntryDirectory(&Context));
		FreeObject(Objects[i]);
	}
	for (i = 0; i < NUMBER_HASH_BUCKETS; i++)
		cr_assert_null(Directory.HashBuckets[i]);
	cr_assert_eq(HostPoolAllocations, 0);
}

Test(obdir, names_sharing_a_bucket_are_told_apart)
{
	PFAKE_OBJECT First, Second;
	OBP_LOOKUP_CONTEXT Context;
	char Name[32];
	ULONG i;

	for (i = 1;; i++) {
		snprintf(Name, sizeof(Name), "Event%u", (unsigned)i);
		if (Hash(Name) % NUMBER_HASH_BUCKETS == Hash("Event0") % NUMBER_HASH_BUCKETS)
			break;
	}
	First = NewObject("Event0");
	Second = NewObject(Name);
	Insert(First);
	Insert(Second);
	cr_assert_eq(Directory.HashBuckets[Hash("Event0") % NUMBER_HASH_BUCKETS]->ChainLink->Object,
	             &First->Header.Body, "both in one chain, newest first");
	cr_assert_eq(Lookup("Event0", 0, &Context), &First->Header.Body);
	cr_assert_eq(Lookup(Name, 0, &Context), &Second->Header.Body);
	cr_assert(ObpDeleteEntryDirectory(&Context));
	cr_assert_null(Second->NameInfo.Directory, "deleting unlinks the name from the directory");
	cr_assert_null(Lookup(Name, 0, &Context));
	cr_assert_not(ObpDeleteEntryDirectory(&(OBP_LOOKUP_CONTEXT){ &Directory,
	              &Second->Header.Body, Hash(Name), (USHORT)(Hash(Name) % NUMBER_HASH_BUCKETS) }),
	              "a second delete finds nothing");
	cr_assert_eq(Lookup("Event0", 0, &Context), &First->Header.Body, "the other one stays");
	cr_assert(ObpDeleteEntryDirectory(&Context));
	FreeObject(First);
	FreeObject(Second);
}
