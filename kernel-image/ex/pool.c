/*
 * pool.c — the executive pool, NT style. Small blocks are carved from pages: each starts
 * with a POOL_HEADER giving its size and its predecessor's in POOL_BLOCK units; free
 * blocks (PoolType 0) hang on ListHeads[BlockSize] and merge with free neighbours in the
 * same page, and a page whose blocks are all free goes back to Mm. Larger requests (up
 * to a page) take a whole page of their own, recognisable by its page-aligned address.
 * One pool serves both pool types: nothing is paged.
 */
#include <internal/ex.h>
#include <rtl.h>

typedef struct _POOL_HEADER {
	union {
		struct {
			USHORT PreviousSize : 9;
			USHORT PoolIndex : 7;
			USHORT BlockSize : 9;
			USHORT PoolType : 7;
		};
		ULONG Ulong1;
	};
	ULONG PoolTag;
} POOL_HEADER, *PPOOL_HEADER;

#define POOL_PAGE_SIZE        4096
#define POOL_BLOCK            sizeof(POOL_HEADER)
#define POOL_PAGE_BLOCKS      (POOL_PAGE_SIZE / POOL_BLOCK)
#define POOL_SMALLEST_BLOCKS  2
#define POOL_BUDDY_MAX        (POOL_PAGE_SIZE - 3 * POOL_BLOCK)

static LIST_ENTRY ListHeads[POOL_PAGE_BLOCKS];
ULONG ExpPoolPages;
ULONG ExpPoolBlocks;

#define PoolBlock(Entry, Blocks) \
	((PPOOL_HEADER)((PCHAR)(Entry) + (LONG)(Blocks) * (LONG)POOL_BLOCK))
#define PoolFreeLink(Entry)      ((PLIST_ENTRY)((Entry) + 1))

/* Prepare the free lists. */
VOID InitializePool(POOL_TYPE PoolType, ULONG Threshold)
{
	ULONG i;

	for (i = 0; i < POOL_PAGE_BLOCKS; i++)
		InitializeListHead(&ListHeads[i]);
}

/* The block after Entry in its page, or NULL at the end of the page. */
static PPOOL_HEADER ExpNextBlock(PPOOL_HEADER Entry, ULONG BlockSize)
{
	PPOOL_HEADER Next = PoolBlock(Entry, BlockSize);

	return ((ULONG_PTR)Next & (POOL_PAGE_SIZE - 1)) ? Next : NULL;
}

/* Make Entry a free block of BlockSize blocks on its list (it is not the whole page). */
static VOID ExpInsertFreeBlock(PPOOL_HEADER Entry, ULONG PreviousSize, ULONG BlockSize)
{
	PPOOL_HEADER Next = ExpNextBlock(Entry, BlockSize);

	Entry->Ulong1 = 0;
	Entry->PreviousSize = PreviousSize;
	Entry->BlockSize = BlockSize;
	Entry->PoolTag = 0;
	if (Next)
		Next->PreviousSize = BlockSize;
	InsertTailList(&ListHeads[BlockSize], PoolFreeLink(Entry));
}

/* A free block of at least Blocks blocks, off its list; a fresh page when none is free. */
static PPOOL_HEADER ExpTakeFreeBlock(ULONG Blocks, PULONG BlockSize)
{
	PPOOL_HEADER Entry;
	ULONG i;

	for (i = Blocks; i < POOL_PAGE_BLOCKS; i++) {
		if (IsListEmpty(&ListHeads[i]))
			continue;
		*BlockSize = i;
		return (PPOOL_HEADER)RemoveHeadList(&ListHeads[i]) - 1;
	}
	Entry = MiAllocatePoolPages(NonPagedPool, POOL_PAGE_SIZE);
	if (!Entry)
		return NULL;
	ExpPoolPages++;
	Entry->Ulong1 = 0;
	*BlockSize = POOL_PAGE_BLOCKS;
	return Entry;
}

/* A whole page for a request too large for a block, or NULL. */
static PVOID ExpAllocateBigPool(SIZE_T NumberOfBytes)
{
	PVOID Page;

	if (NumberOfBytes > POOL_PAGE_SIZE)
		return NULL;
	Page = MiAllocatePoolPages(NonPagedPool, POOL_PAGE_SIZE);
	if (Page)
		ExpPoolPages++;
	return Page;
}

/* Allocate NumberOfBytes (at most a page) of pool tagged Tag, 8-byte aligned; NULL if out. */
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	ULONG Blocks = 1 + (NumberOfBytes + POOL_BLOCK - 1) / POOL_BLOCK, BlockSize = 0;
	PPOOL_HEADER Entry;
	ULONG State;

	if (NumberOfBytes > POOL_BUDDY_MAX) {
		State = ExLockPool();
		Entry = ExpAllocateBigPool(NumberOfBytes);
		ExUnlockPool(State);
		return Entry;
	}
	if (Blocks < POOL_SMALLEST_BLOCKS)
		Blocks = POOL_SMALLEST_BLOCKS;
	State = ExLockPool();
	Entry = ExpTakeFreeBlock(Blocks, &BlockSize);
	if (Entry) {
		if (BlockSize - Blocks >= POOL_SMALLEST_BLOCKS)
			ExpInsertFreeBlock(PoolBlock(Entry, Blocks), Blocks, BlockSize - Blocks);
		else
			Blocks = BlockSize;
		Entry->BlockSize = Blocks;
		Entry->PoolType = PoolType + 1;
		Entry->PoolTag = Tag;
		ExpPoolBlocks++;
	}
	ExUnlockPool(State);
	return Entry ? Entry + 1 : NULL;
}

/* Merge a block being freed with its free neighbours; return the merged block and size. */
static PPOOL_HEADER ExpMergeFreeBlock(PPOOL_HEADER Entry, PULONG BlockSize)
{
	PPOOL_HEADER Next = ExpNextBlock(Entry, *BlockSize), Previous;

	if (Next && Next->PoolType == 0) {
		RemoveEntryList(PoolFreeLink(Next));
		*BlockSize += Next->BlockSize;
	}
	if (Entry->PreviousSize) {
		Previous = PoolBlock(Entry, -(LONG)Entry->PreviousSize);
		if (Previous->PoolType == 0) {
			RemoveEntryList(PoolFreeLink(Previous));
			*BlockSize += Previous->BlockSize;
			Entry = Previous;
		}
	}
	return Entry;
}

/* Free pool memory; Tag, when not 0, must be the allocation's (else BAD_POOL_CALLER). */
VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
	PPOOL_HEADER Entry = (PPOOL_HEADER)P - 1;
	ULONG State, BlockSize;

	if (!((ULONG_PTR)P & (POOL_PAGE_SIZE - 1))) {
		State = ExLockPool();
		ExpPoolPages--;
		MiFreePoolPages(P);
		ExUnlockPool(State);
		return;
	}
	if (Entry->PoolType == 0)
		KeBugCheckEx(BAD_POOL_CALLER, 7, 0, (ULONG_PTR)P, 0);
	if (Tag && Tag != Entry->PoolTag)
		KeBugCheckEx(BAD_POOL_CALLER, 0xA, (ULONG_PTR)P, Entry->PoolTag, Tag);
	State = ExLockPool();
	BlockSize = Entry->BlockSize;
	Entry->PoolType = 0;
	ExpPoolBlocks--;
	Entry = ExpMergeFreeBlock(Entry, &BlockSize);
	if (BlockSize == POOL_PAGE_BLOCKS) {
		ExpPoolPages--;
		MiFreePoolPages(Entry);
	} else {
		ExpInsertFreeBlock(Entry, Entry->PreviousSize, BlockSize);
	}
	ExUnlockPool(State);
}

/* Free pool memory whatever its tag. */
VOID ExFreePool(PVOID P)
{
	ExFreePoolWithTag(P, 0);
}
