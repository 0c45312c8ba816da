/*
 * test-mm-vad.c — the VAD tree (kernel-image/mm/vadtree.c) on the host: insertion and
 * lookup, order, conflicts, removal of leaves, inner nodes and the root (checked against
 * the tree's invariants after every change), and free-range searches both ways.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include <mmtypes.h>
#include <ntstatus.h>

static PMMVAD Root;
static MMVAD Pool[256];

static void setup(void)
{
	Root = NULL;
	memset(Pool, 0, sizeof(Pool));
}

TestSuite(vad, .init = setup);

/* Insert VAD i of the pool covering [Start, Start + Size). */
static PMMVAD Add(ULONG i, ULONG_PTR Start, ULONG_PTR Size)
{
	Pool[i].StartingVpn = MI_VA_TO_VPN(Start);
	Pool[i].EndingVpn = MI_VA_TO_VPN(Start + Size - 1);
	MiInsertVad(&Root, &Pool[i]);
	return &Pool[i];
}

/* Check parent links and ordering of a subtree; return its node count. */
static ULONG CheckSubtree(PMMVAD Vad, PMMVAD Parent, ULONG_PTR Low, ULONG_PTR High)
{
	if (!Vad)
		return 0;
	cr_assert_eq(Vad->Parent, Parent, "parent link of VAD at vpn 0x%lx",
	             (unsigned long)Vad->StartingVpn);
	cr_assert(Vad->StartingVpn >= Low && Vad->EndingVpn <= High, "VAD in its subtree's range");
	cr_assert_leq(Vad->StartingVpn, Vad->EndingVpn);
	return 1 + CheckSubtree(Vad->LeftChild, Vad, Low, Vad->StartingVpn - 1) +
	       CheckSubtree(Vad->RightChild, Vad, Vad->EndingVpn + 1, High);
}

/* The tree is a search tree of Count disjoint VADs and the in-order walks agree. */
static void CheckTree(ULONG Count)
{
	PMMVAD Vad, Last = NULL;
	ULONG Forward = 0, Backward = 0;

	cr_assert_eq(CheckSubtree(Root, NULL, 0, ~(ULONG_PTR)0), Count);
	for (Vad = MiGetFirstVad(Root); Vad; Vad = MiGetNextVad(Vad), Forward++) {
		if (Last)
			cr_assert_gt(Vad->StartingVpn, Last->EndingVpn, "in order, disjoint");
		Last = Vad;
	}
	for (Vad = Last; Vad; Vad = MiGetPreviousVad(Vad))
		Backward++;
	cr_assert_eq(Forward, Count);
	cr_assert_eq(Backward, Count);
}

Test(vad, locate_finds_the_vad_holding_an_address)
{
	PMMVAD Image = Add(0, 0x00400000, 0x3000), Stack = Add(1, 0x00010000, 0x100000);
	PMMVAD Ntdll = Add(2, 0x7C900000, 0x2000);

	CheckTree(3);
	cr_assert_eq(MiLocateAddress(Root, 0x00400000), Image);
	cr_assert_eq(MiLocateAddress(Root, 0x00402FFF), Image);
	cr_assert_null(MiLocateAddress(Root, 0x00403000));
	cr_assert_eq(MiLocateAddress(Root, 0x0010FFFF), Stack);
	cr_assert_eq(MiLocateAddress(Root, 0x7C901234), Ntdll);
	cr_assert_null(MiLocateAddress(Root, 0x0000FFFF));
}

Test(vad, conflicts_are_found_at_either_edge)
{
	PMMVAD Image = Add(0, 0x00400000, 0x3000);

	Add(1, 0x00500000, 0x1000);
	cr_assert_null(MiCheckForConflictingVad(Root, 0x003F0000, 0x003FFFFF));
	cr_assert_eq(MiCheckForConflictingVad(Root, 0x003F0000, 0x00400000), Image);
	cr_assert_eq(MiCheckForConflictingVad(Root, 0x00402FFF, 0x00410000), Image);
	cr_assert_not_null(MiCheckForConflictingVad(Root, 0x00300000, 0x00600000), "spanning both");
	cr_assert_null(MiCheckForConflictingVad(Root, 0x00403000, 0x004FFFFF));
}

Test(vad, removal_keeps_the_tree_a_search_tree)
{
	static const ULONG Order[] = { 8, 4, 12, 2, 6, 10, 14, 1, 3, 5, 7, 9, 11, 13, 15 };
	ULONG i;

	for (i = 0; i < 15; i++)
		Add(Order[i], 0x01000000 * Order[i], 0x10000);
	CheckTree(15);
	MiRemoveVad(&Root, &Pool[1]);      /* a leaf */
	CheckTree(14);
	MiRemoveVad(&Root, &Pool[2]);      /* one child left */
	CheckTree(13);
	MiRemoveVad(&Root, &Pool[12]);     /* two children, successor deeper down */
	CheckTree(12);
	MiRemoveVad(&Root, &Pool[8]);      /* the root */
	CheckTree(11);
	cr_assert_null(MiLocateAddress(Root, 0x08000000));
	cr_assert_eq(MiLocateAddress(Root, 0x09000000), &Pool[9]);
}

Test(vad, random_inserts_and_removals_hold_the_invariants)
{
	ULONG Slots[200], i, j, Live = 0, Tmp;

	srand(1234);
	for (i = 0; i < 200; i++)
		Slots[i] = i;
	for (i = 199; i > 0; i--) {
		j = rand() % (i + 1);
		Tmp = Slots[i], Slots[i] = Slots[j], Slots[j] = Tmp;
	}
	for (i = 0; i < 200; i++, Live++)
		Add(Slots[i], 0x00100000 + Slots[i] * 0x20000, 0x1000 * (1 + Slots[i] % 16));
	CheckTree(Live);
	for (i = 0; i < 200; i += 2, Live--) {
		MiRemoveVad(&Root, &Pool[Slots[i]]);
		CheckTree(Live - 1);
		cr_assert_null(MiLocateAddress(Root, 0x00100000 + Slots[i] * 0x20000));
	}
	for (i = 1; i < 200; i += 2)
		cr_assert_eq(MiLocateAddress(Root, 0x00100000 + Slots[i] * 0x20000), &Pool[Slots[i]]);
}

Test(vad, bottom_up_search_takes_the_lowest_aligned_gap)
{
	ULONG_PTR Base = 0;

	cr_assert_eq(MiFindEmptyAddressRange(Root, 0x100000, 0x10000, &Base), STATUS_SUCCESS);
	cr_assert_eq(Base, MM_LOWEST_USER_ADDRESS);
	Add(0, 0x00010000, 0x101000);                       /* ends at 0x110FFF */
	Add(1, 0x00130000, 0x10000);
	cr_assert_eq(MiFindEmptyAddressRange(Root, 0x10000, 0x10000, &Base), STATUS_SUCCESS);
	cr_assert_eq(Base, 0x00120000, "aligned up past the first VAD, fits before the second");
	cr_assert_eq(MiFindEmptyAddressRange(Root, 0x20000, 0x10000, &Base), STATUS_SUCCESS);
	cr_assert_eq(Base, 0x00140000, "too big for the gap: after the second");
	cr_assert_eq(MiFindEmptyAddressRange(Root, 0x80000000, 0x10000, &Base), STATUS_NO_MEMORY);
}

Test(vad, top_down_search_takes_the_highest_gap)
{
	ULONG_PTR Base = 0;

	cr_assert_eq(MiFindEmptyAddressRangeDownTree(Root, 0x1000, MM_HIGHEST_VAD_ADDRESS, 0x1000,
	                                             &Base), STATUS_SUCCESS);
	cr_assert_eq(Base, 0x7FFDF000, "the PEB's place");
	Add(0, Base, 0x1000);
	cr_assert_eq(MiFindEmptyAddressRangeDownTree(Root, 0x1000, MM_HIGHEST_VAD_ADDRESS, 0x1000,
	                                             &Base), STATUS_SUCCESS);
	cr_assert_eq(Base, 0x7FFDE000, "the first TEB's place, just below");
	Add(1, 0x7FFD0000, 0xE000);
	cr_assert_eq(MiFindEmptyAddressRangeDownTree(Root, 0x2000, MM_HIGHEST_VAD_ADDRESS, 0x1000,
	                                             &Base), STATUS_SUCCESS);
	cr_assert_eq(Base, 0x7FFCE000);
	cr_assert_eq(MiFindEmptyAddressRangeDownTree(Root, 0x10000, MM_HIGHEST_VAD_ADDRESS, 0x10000,
	                                             &Base), STATUS_SUCCESS);
	cr_assert_eq(Base, 0x7FFC0000, "64 KB aligned below everything");
	cr_assert_eq(MiFindEmptyAddressRangeDownTree(Root, 0x80000000, MM_HIGHEST_VAD_ADDRESS, 0x1000,
	                                             &Base), STATUS_NO_MEMORY);
}
