/* bldisk.c — byte-granular disk reads through the real-mode bounce buffer. */
#include "bldr.h"
#include <rtl.h>

/* Read Length bytes at byte Offset of the area starting at sector Lba into Destination. */
VOID BlReadDisk(ULONG Lba, ULONG Offset, PVOID Destination, ULONG Length)
{
	PUCHAR Out = Destination;
	ULONG Sector, Skip, Count, Chunk;

	while (Length) {
		Sector = Lba + Offset / BL_SECTOR_SIZE;
		Skip = Offset % BL_SECTOR_SIZE;
		Count = (Skip + Length + BL_SECTOR_SIZE - 1) / BL_SECTOR_SIZE;
		if (Count > BL_BOUNCE_SECTORS)
			Count = BL_BOUNCE_SECTORS;
		if (BlBiosDiskRead(Sector, Count))
			BlFatal("disk read error at LBA %lu", Sector);
		Chunk = Count * BL_SECTOR_SIZE - Skip;
		if (Chunk > Length)
			Chunk = Length;
		memcpy(Out, (PUCHAR)BL_BOUNCE_ADDRESS + Skip, Chunk);
		Out += Chunk, Offset += Chunk, Length -= Chunk;
	}
}
