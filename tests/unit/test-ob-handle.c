/*
 * test-ob-handle.c — the kernel's handle tables (kernel-image/ex/handle.c) on the host:
 * handle values, mapping, bad handles, LIFO and strict FIFO reuse, growth past one page
 * and to the limit, inheritance (ExDupHandleTable) at the same values, sweeping.
 */
#include <criterion/criterion.h>

#include "tests/unit/host/hostsup.h"
#include <obtypes.h>

static PHANDLE_TABLE Table;

static void setup(void)
{
	HostPoolAllocations = 0;
	Table = ExCreateHandleTable(NULL);
	cr_assert_not_null(Table);
}

static void teardown(void)
{
	if (Table)
		ExDestroyHandleTable(Table, NULL, NULL);
	cr_expect_eq(HostPoolAllocations, 0, "every table page was freed");
}

TestSuite(handle, .init = setup, .fini = teardown);

/* An entry for fake object number n (8-byte aligned, as object headers are). */
static HANDLE_TABLE_ENTRY Entry(ULONG_PTR n, ULONG_PTR Attributes, ACCESS_MASK Access)
{
	HANDLE_TABLE_ENTRY E;

	E.ObAttributes = 0x10000 + n * 8 + Attributes;
	E.GrantedAccess = Access;
	return E;
}

static HANDLE Create(ULONG_PTR n)
{
	HANDLE_TABLE_ENTRY E = Entry(n, 0, 0x1F0FFF);

	return ExCreateHandle(Table, &E);
}

Test(handle, handles_are_multiples_of_four_from_four)
{
	cr_assert_eq((ULONG_PTR)Create(1), 4);
	cr_assert_eq((ULONG_PTR)Create(2), 8);
	cr_assert_eq((ULONG_PTR)Create(3), 12);
	cr_assert_eq(Table->HandleCount, 3);
}

Test(handle, map_gives_back_object_attributes_and_access)
{
	HANDLE_TABLE_ENTRY E = Entry(7, OBJ_INHERIT | OBJ_PROTECT_CLOSE, 0x0410);
	HANDLE Handle = ExCreateHandle(Table, &E);
	PHANDLE_TABLE_ENTRY Mapped = ExMapHandleToPointer(Table, Handle);

	cr_assert_not_null(Mapped);
	cr_assert_eq(Mapped->ObAttributes, 0x10000 + 7 * 8 + (OBJ_INHERIT | OBJ_PROTECT_CLOSE));
	cr_assert_eq(Mapped->GrantedAccess, 0x0410);
	cr_assert_eq(ExMapHandleToPointer(Table, (HANDLE)((ULONG_PTR)Handle | 3)), Mapped,
	             "the low two bits of a handle are ignored");
}

Test(handle, bad_handles_do_not_map_or_destroy)
{
	HANDLE Handle = Create(1);

	cr_assert_null(ExMapHandleToPointer(Table, NULL), "the NULL handle");
	cr_assert_null(ExMapHandleToPointer(Table, (HANDLE)8), "a free entry");
	cr_assert_null(ExMapHandleToPointer(Table, (HANDLE)0x123400), "beyond the table");
	cr_assert_null(ExMapHandleToPointer(Table, (HANDLE)(ULONG_PTR)-1), "a pseudo-handle");
	cr_assert_not(ExDestroyHandle(Table, (HANDLE)8, NULL));
	cr_assert(ExDestroyHandle(Table, Handle, NULL));
	cr_assert_not(ExDestroyHandle(Table, Handle, NULL), "closed twice");
	cr_assert_null(ExMapHandleToPointer(Table, Handle));
	cr_assert_eq(Table->HandleCount, 0);
}

Test(handle, destroy_checks_the_entry_it_is_given)
{
	HANDLE First = Create(1), Second = Create(2);

	cr_assert_not(ExDestroyHandle(Table, First, ExMapHandleToPointer(Table, Second)));
	cr_assert(ExDestroyHandle(Table, First, ExMapHandleToPointer(Table, First)));
}

Test(handle, freed_handles_are_reused_last_freed_first)
{
	Create(1);
	Create(2);
	Create(3);
	ExDestroyHandle(Table, (HANDLE)8, NULL);
	ExDestroyHandle(Table, (HANDLE)4, NULL);
	cr_assert_eq((ULONG_PTR)Create(4), 4);
	cr_assert_eq((ULONG_PTR)Create(5), 8);
	cr_assert_eq((ULONG_PTR)Create(6), 16);
}

Test(handle, strict_fifo_reuses_a_handle_only_after_all_other_free_ones)
{
	ULONG_PTR i, Value;

	ExSetHandleTableStrictFIFO(Table);
	cr_assert_eq((ULONG_PTR)Create(1), 4);
	ExDestroyHandle(Table, (HANDLE)4, NULL);
	for (i = 2; i < LOWLEVEL_COUNT; i++) {
		Value = (ULONG_PTR)Create(i);
		cr_assert_eq(Value, i * 4, "handle %lu comes in order, not the freed 4", (unsigned long)i);
	}
	cr_assert_eq((ULONG_PTR)Create(1000), 4, "the freed id comes back last");
	cr_assert_eq(Table->NextHandleNeedingPool, LOWLEVEL_COUNT * 4, "no growth yet");
}

Test(handle, table_grows_past_a_page_and_entries_stay_put)
{
	ULONG_PTR Count = 3 * LOWLEVEL_COUNT, i;
	PHANDLE_TABLE_ENTRY First;

	cr_assert_eq((ULONG_PTR)Create(0), 4);
	First = ExMapHandleToPointer(Table, (HANDLE)4);
	for (i = 1; i < Count; i++)
		cr_assert_not_null(Create(i));
	cr_assert_eq(Table->TableCode & 3, 1, "two levels now");
	cr_assert_eq(ExMapHandleToPointer(Table, (HANDLE)4), First, "the first entry did not move");
	for (i = 0; i < Count; i++) {
		PHANDLE_TABLE_ENTRY E = ExMapHandleToPointer(Table, (HANDLE)(4 * (i + 1)));
		cr_assert_not_null(E);
		cr_assert_eq(E->ObAttributes, 0x10000 + i * 8);
	}
	for (i = 0; i < Count; i++)
		cr_assert(ExDestroyHandle(Table, (HANDLE)(4 * (i + 1)), NULL));
	cr_assert_eq(Table->HandleCount, 0);
}

Test(handle, a_full_table_refuses_new_handles)
{
	ULONG_PTR i;

	for (i = 1; i < MAX_HANDLES; i++)
		cr_assert_not_null(Create(i));
	cr_assert_null(Create(0), "no room past MAX_HANDLES - 1 handles");
	cr_assert(ExDestroyHandle(Table, (HANDLE)400, NULL));
	cr_assert_eq((ULONG_PTR)Create(0), 400, "room again once one is closed");
}

static ULONG DupCalls;

/* Accept every entry but object 13's; count calls; grant a new access to mark copies. */
static BOOLEAN DupProcedure(struct _EPROCESS *Process, PHANDLE_TABLE OldTable,
                            PHANDLE_TABLE_ENTRY OldEntry, PHANDLE_TABLE_ENTRY NewEntry)
{
	DupCalls++;
	cr_assert_eq(NewEntry->ObAttributes, OldEntry->ObAttributes);
	return (OldEntry->ObAttributes & ~(ULONG_PTR)7) != 0x10000 + 13 * 8;
}

Test(handle, dup_copies_inheritable_handles_at_the_same_values)
{
	HANDLE_TABLE_ENTRY E;
	PHANDLE_TABLE Child;
	ULONG_PTR i, High = (LOWLEVEL_COUNT + 9) * 4;

	for (i = 1; i <= LOWLEVEL_COUNT + 10; i++) {
		E = Entry(i, i % 2 ? OBJ_INHERIT : 0, (ACCESS_MASK)i);
		cr_assert_eq((ULONG_PTR)ExCreateHandle(Table, &E), i * 4);
	}
	DupCalls = 0;
	Child = ExDupHandleTable(NULL, Table, DupProcedure, OBJ_INHERIT);
	cr_assert_not_null(Child);
	cr_assert_eq(DupCalls, (LOWLEVEL_COUNT + 11) / 2, "only OBJ_INHERIT entries are offered");
	for (i = 1; i <= LOWLEVEL_COUNT + 10; i++) {
		PHANDLE_TABLE_ENTRY C = ExMapHandleToPointer(Child, (HANDLE)(i * 4));
		if (i % 2 == 0 || i == 13) {
			cr_assert_null(C, "handle %lu is not inherited", (unsigned long)i * 4);
			continue;
		}
		cr_assert_not_null(C, "handle %lu is inherited", (unsigned long)i * 4);
		cr_assert_eq(C->ObAttributes, 0x10000 + i * 8 + OBJ_INHERIT);
		cr_assert_eq(C->GrantedAccess, (ACCESS_MASK)i);
	}
	cr_assert_not_null(ExMapHandleToPointer(Child, (HANDLE)High), "past the first page too");
	cr_assert_eq(Child->HandleCount, (LONG)(LOWLEVEL_COUNT + 11) / 2 - 1);
	E = Entry(999, 0, 0);
	cr_assert_eq((ULONG_PTR)ExCreateHandle(Child, &E), 8, "the child's lowest free handle");
	ExDestroyHandleTable(Child, NULL, NULL);
}

static ULONG Swept;

/* Close every handle it sees (as ObKillProcess does). */
static BOOLEAN SweepProcedure(PHANDLE_TABLE_ENTRY HandleTableEntry, HANDLE Handle, PVOID Context)
{
	cr_assert_eq(ExMapHandleToPointer(Context, Handle), HandleTableEntry);
	Swept++;
	return ExDestroyHandle(Context, Handle, HandleTableEntry);
}

Test(handle, sweep_and_destroy_visit_each_open_handle_once)
{
	ULONG_PTR i;

	for (i = 1; i <= 20; i++)
		Create(i);
	ExDestroyHandle(Table, (HANDLE)20, NULL);
	Swept = 0;
	ExSweepHandleTable(Table, SweepProcedure, Table);
	cr_assert_eq(Swept, 19);
	cr_assert_eq(Table->HandleCount, 0);
	Create(1);
	Swept = 0;
	ExDestroyHandleTable(Table, SweepProcedure, Table);
	Table = NULL;
	cr_assert_eq(Swept, 1);
}
