/*
 * vadtree.c — a process's virtual address descriptors: a binary search tree ordered by
 * address (NT balances it as an AVL tree; ours stays unbalanced, a process holding a
 * handful of VADs), with the searches the memory manager needs: the VAD holding an
 * address, the first one overlapping a range, and free ranges bottom-up or top-down.
 */
#include <mmtypes.h>
#include <ntstatus.h>

/* The leftmost (lowest) VAD of a subtree. */
static PMMVAD MiLeftmost(PMMVAD Vad)
{
	while (Vad && Vad->LeftChild)
		Vad = Vad->LeftChild;
	return Vad;
}

/* The rightmost (highest) VAD of a subtree. */
static PMMVAD MiRightmost(PMMVAD Vad)
{
	while (Vad && Vad->RightChild)
		Vad = Vad->RightChild;
	return Vad;
}

/* The lowest VAD of the tree, or NULL. */
PMMVAD MiGetFirstVad(PMMVAD Root)
{
	return MiLeftmost(Root);
}

/* The VAD after Vad in address order, or NULL. */
PMMVAD MiGetNextVad(PMMVAD Vad)
{
	if (Vad->RightChild)
		return MiLeftmost(Vad->RightChild);
	while (Vad->Parent && Vad->Parent->RightChild == Vad)
		Vad = Vad->Parent;
	return Vad->Parent;
}

/* The VAD before Vad in address order, or NULL. */
PMMVAD MiGetPreviousVad(PMMVAD Vad)
{
	if (Vad->LeftChild)
		return MiRightmost(Vad->LeftChild);
	while (Vad->Parent && Vad->Parent->LeftChild == Vad)
		Vad = Vad->Parent;
	return Vad->Parent;
}

/* Insert Vad (which overlaps no other) as a leaf. */
VOID MiInsertVad(PMMVAD *Root, PMMVAD Vad)
{
	PMMVAD *Link = Root, Parent = NULL;

	while (*Link) {
		Parent = *Link;
		Link = Vad->StartingVpn < Parent->StartingVpn ? &Parent->LeftChild : &Parent->RightChild;
	}
	Vad->Parent = Parent;
	Vad->LeftChild = Vad->RightChild = NULL;
	*Link = Vad;
}

/* Hang New (may be NULL) where Old hangs. */
static VOID MiReplaceNode(PMMVAD *Root, PMMVAD Old, PMMVAD New)
{
	if (!Old->Parent)
		*Root = New;
	else if (Old->Parent->LeftChild == Old)
		Old->Parent->LeftChild = New;
	else
		Old->Parent->RightChild = New;
	if (New)
		New->Parent = Old->Parent;
}

/* Unlink Vad from the tree (its successor takes its place when it has two children). */
VOID MiRemoveVad(PMMVAD *Root, PMMVAD Vad)
{
	PMMVAD Successor;

	if (!Vad->LeftChild || !Vad->RightChild) {
		MiReplaceNode(Root, Vad, Vad->LeftChild ? Vad->LeftChild : Vad->RightChild);
		return;
	}
	Successor = MiLeftmost(Vad->RightChild);
	if (Successor->Parent != Vad) {
		MiReplaceNode(Root, Successor, Successor->RightChild);
		Successor->RightChild = Vad->RightChild;
		Successor->RightChild->Parent = Successor;
	}
	MiReplaceNode(Root, Vad, Successor);
	Successor->LeftChild = Vad->LeftChild;
	Successor->LeftChild->Parent = Successor;
}

/* The VAD containing VirtualAddress, or NULL. */
PMMVAD MiLocateAddress(PMMVAD Root, ULONG_PTR VirtualAddress)
{
	ULONG_PTR Vpn = MI_VA_TO_VPN(VirtualAddress);

	while (Root && (Vpn < Root->StartingVpn || Vpn > Root->EndingVpn))
		Root = Vpn < Root->StartingVpn ? Root->LeftChild : Root->RightChild;
	return Root;
}

/* A VAD overlapping [StartingAddress, EndingAddress] (inclusive), or NULL. */
PMMVAD MiCheckForConflictingVad(PMMVAD Root, ULONG_PTR StartingAddress, ULONG_PTR EndingAddress)
{
	ULONG_PTR StartVpn = MI_VA_TO_VPN(StartingAddress), EndVpn = MI_VA_TO_VPN(EndingAddress);

	while (Root) {
		if (EndVpn < Root->StartingVpn)
			Root = Root->LeftChild;
		else if (StartVpn > Root->EndingVpn)
			Root = Root->RightChild;
		else
			return Root;
	}
	return NULL;
}

/* Round Value up to a multiple of Alignment (a power of two); 0 on overflow. */
static ULONG_PTR MiAlignUp(ULONG_PTR Value, ULONG_PTR Alignment)
{
	ULONG_PTR Aligned = (Value + Alignment - 1) & ~(Alignment - 1);

	return Aligned < Value ? 0 : Aligned;
}

/*
 * The lowest Alignment-aligned free range of SizeOfRange bytes between
 * MM_LOWEST_USER_ADDRESS and MM_HIGHEST_VAD_ADDRESS; STATUS_NO_MEMORY when none.
 */
NTSTATUS MiFindEmptyAddressRange(PMMVAD Root, SIZE_T SizeOfRange, ULONG_PTR Alignment,
                                 PULONG_PTR Base)
{
	ULONG_PTR Candidate = MiAlignUp(MM_LOWEST_USER_ADDRESS, Alignment);
	PMMVAD Vad;

	for (Vad = MiGetFirstVad(Root); Vad && Candidate; Vad = MiGetNextVad(Vad)) {
		if (Candidate + SizeOfRange > Candidate &&
		    Candidate + SizeOfRange <= MI_VPN_TO_VA(Vad->StartingVpn))
			break;
		if (MI_VPN_TO_VA_ENDING(Vad->EndingVpn) >= Candidate)
			Candidate = MiAlignUp(MI_VPN_TO_VA_ENDING(Vad->EndingVpn) + 1, Alignment);
	}
	if (!Candidate || SizeOfRange > MM_HIGHEST_VAD_ADDRESS + 1 - Candidate ||
	    Candidate > MM_HIGHEST_VAD_ADDRESS)
		return STATUS_NO_MEMORY;
	*Base = Candidate;
	return STATUS_SUCCESS;
}

/*
 * The highest Alignment-aligned free range of SizeOfRange bytes ending at or below
 * HighestAddress (inclusive) and above MM_LOWEST_USER_ADDRESS; STATUS_NO_MEMORY if none.
 */
NTSTATUS MiFindEmptyAddressRangeDownTree(PMMVAD Root, SIZE_T SizeOfRange,
                                         ULONG_PTR HighestAddress, ULONG_PTR Alignment,
                                         PULONG_PTR Base)
{
	ULONG_PTR Candidate, Start;
	PMMVAD Vad;

	if (SizeOfRange > HighestAddress + 1 - MM_LOWEST_USER_ADDRESS)
		return STATUS_NO_MEMORY;
	Candidate = (HighestAddress + 1 - SizeOfRange) & ~(Alignment - 1);
	for (Vad = MiRightmost(Root); Vad; Vad = MiGetPreviousVad(Vad)) {
		Start = MI_VPN_TO_VA(Vad->StartingVpn);
		if (Start >= Candidate + SizeOfRange)
			continue;
		if (MI_VPN_TO_VA_ENDING(Vad->EndingVpn) < Candidate)
			break;
		if (Start < SizeOfRange + MM_LOWEST_USER_ADDRESS)
			return STATUS_NO_MEMORY;
		Candidate = (Start - SizeOfRange) & ~(Alignment - 1);
	}
	if (Candidate < MM_LOWEST_USER_ADDRESS)
		return STATUS_NO_MEMORY;
	*Base = Candidate;
	return STATUS_SUCCESS;
}
