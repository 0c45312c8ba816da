/*
 * test-ex-pool.c — the kernel's pool (kernel-image/ex/pool.c) on the host over
 * page-aligned host pages: alignment, no overlap under churn, merging of free
 * neighbours and pages going back, whole-page requests, tag and double-free bugchecks.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/host/hostsup.h"

static void setup(void)
{
	InitializePool(NonPagedPool, 0);
	HostPages = 0;
}

TestSuite(pool, .init = setup);

Test(pool, blocks_are_aligned_disjoint_and_all_pages_come_back)
{
	static PUCHAR Blocks[600];
	static SIZE_T Sizes[600];
	ULONG i, j, Order[600], Tmp;

	srand(42);
	for (i = 0; i < 600; i++) {
		Sizes[i] = 1 + rand() % 2000;
		Blocks[i] = ExAllocatePoolWithTag(NonPagedPool, Sizes[i], 'tseT');
		cr_assert_not_null(Blocks[i]);
		cr_assert_eq((ULONG_PTR)Blocks[i] % 8, 0, "8-byte aligned");
		memset(Blocks[i], (int)(i & 0xFF), Sizes[i]);
		Order[i] = i;
	}
	for (i = 0; i < 600; i++)
		for (j = 0; j < Sizes[i]; j++)
			cr_assert_eq(Blocks[i][j], (UCHAR)(i & 0xFF), "block %u byte %u intact", i, j);
	for (i = 599; i > 0; i--) {
		j = rand() % (i + 1);
		Tmp = Order[i], Order[i] = Order[j], Order[j] = Tmp;
	}
	for (i = 0; i < 600; i++)
		ExFreePoolWithTag(Blocks[Order[i]], 'tseT');
	cr_assert_eq(HostPages, 0, "every page went back after everything was freed");
}

Test(pool, free_neighbours_merge_into_reusable_space)
{
	PVOID A = ExAllocatePoolWithTag(NonPagedPool, 1000, 'A   ');
	PVOID B = ExAllocatePoolWithTag(NonPagedPool, 1000, 'B   ');
	PVOID C = ExAllocatePoolWithTag(NonPagedPool, 1000, 'C   ');
	PVOID Big;

	cr_assert_eq(HostPages, 1, "three blocks share a page");
	cr_assert_eq((ULONG_PTR)A & ~4095UL, (ULONG_PTR)C & ~4095UL);
	ExFreePool(A);
	ExFreePool(C);
	ExFreePool(B);
	cr_assert_eq(HostPages, 0, "A, C, then B: merged into the whole page, returned");
	A = ExAllocatePoolWithTag(NonPagedPool, 1000, 'A   ');
	B = ExAllocatePoolWithTag(NonPagedPool, 1000, 'B   ');
	C = ExAllocatePoolWithTag(NonPagedPool, 1000, 'C   ');
	ExFreePool(A);
	ExFreePool(B);
	Big = ExAllocatePoolWithTag(NonPagedPool, 2000, 'Big ');
	cr_assert_eq(Big, A, "A and B merged make room for a larger block in their place");
	cr_assert_eq(HostPages, 1);
	ExFreePool(Big);
	ExFreePool(C);
	cr_assert_eq(HostPages, 0);
}

Test(pool, large_requests_get_whole_pages)
{
	PVOID Page = ExAllocatePoolWithTag(NonPagedPool, 4096, 'egaP');
	PVOID Almost = ExAllocatePoolWithTag(NonPagedPool, 4070, 'egaP');

	cr_assert_not_null(Page);
	cr_assert_eq((ULONG_PTR)Page % 4096, 0);
	cr_assert_eq((ULONG_PTR)Almost % 4096, 0, "too big for a block: a page");
	cr_assert_null(ExAllocatePoolWithTag(NonPagedPool, 4097, 'egaP'), "at most a page");
	cr_assert_eq(HostPages, 2);
	ExFreePoolWithTag(Page, 'egaP');
	ExFreePool(Almost);
	cr_assert_eq(HostPages, 0);
}

Test(pool, freeing_with_the_wrong_tag_bugchecks, .signal = SIGABRT)
{
	PVOID P = ExAllocatePoolWithTag(NonPagedPool, 64, 'enoD');

	ExFreePoolWithTag(P, 'rehO');
}

Test(pool, freeing_twice_bugchecks, .signal = SIGABRT)
{
	PVOID P = ExAllocatePoolWithTag(NonPagedPool, 64, 'enoD');
	PVOID Q = ExAllocatePoolWithTag(NonPagedPool, 64, 'enoD');

	ExFreePool(P);
	ExFreePool(P);
	ExFreePool(Q);
}
