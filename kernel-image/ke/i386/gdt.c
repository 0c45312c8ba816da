/*
 * gdt.c — the global descriptor table in NT's layout, the boot TSS and the double-fault
 * TSS (the #DF task gate runs KiTrap08 on its own stack, so stack faults never triple).
 */
#include <internal/ke.h>

typedef struct __attribute__((packed)) _KDESCRIPTOR {
	USHORT Limit;
	ULONG Base;
} KDESCRIPTOR;

KGDTENTRY KiBootGdt[KGDT_NUMBER];
KTSS KiTss;
KTSS KiDoubleFaultTss;
static UCHAR KiDoubleFaultStack[4096] __attribute__((aligned(16)));

#define KI_DESC_CODE  0x9A     /* present, DPL 0, code, execute/read */
#define KI_DESC_DATA  0x92     /* present, DPL 0, data, read/write */
#define KI_DESC_TSS   0x89     /* present, DPL 0, available 32-bit TSS */
#define KI_DESC_DPL3  0x60

/* Fill the descriptor for Selector; limits above 1 MB use 4 KB granularity. */
static VOID KiSetGdtEntry(ULONG Selector, ULONG Base, ULONG Limit, UCHAR Access, BOOLEAN Big)
{
	PKGDTENTRY Entry = &KiBootGdt[Selector >> 3];
	UCHAR Granularity = 0;

	if (Limit > 0xFFFFF) {
		Limit >>= 12;
		Granularity = 0x80;
	}
	Entry->LimitLow = (USHORT)Limit;
	Entry->BaseLow = (USHORT)Base;
	Entry->BaseMid = (UCHAR)(Base >> 16);
	Entry->Flags1 = Access;
	Entry->Flags2 = (UCHAR)((Limit >> 16) & 0x0F) | Granularity | (Big ? 0x40 : 0);
	Entry->BaseHi = (UCHAR)(Base >> 24);
}

/* Point the user-mode FS descriptor (KGDT_R3_TEB) at the running thread's TEB. */
VOID KiSetTebBase(PVOID Teb)
{
	KiSetGdtEntry(KGDT_R3_TEB, (ULONG)Teb, 0xFFF, KI_DESC_DATA | KI_DESC_DPL3, TRUE);
}

/* The #DF task: its own stack, kernel segments, entry KiTrap08. */
static VOID KiInitializeDoubleFaultTss(VOID)
{
	PKTSS Tss = &KiDoubleFaultTss;

	Tss->Esp0 = Tss->Esp = (ULONG)(KiDoubleFaultStack + sizeof(KiDoubleFaultStack));
	Tss->Ss0 = Tss->Ss = Tss->Ds = Tss->Es = KGDT_R0_DATA;
	Tss->Cs = KGDT_R0_CODE;
	Tss->Fs = KGDT_R0_PCR;
	Tss->Eip = (ULONG)KiTrap08;
	Tss->EFlags = 0x2;
	Tss->CR3 = __readcr3();
	Tss->IoMapBase = sizeof(KTSS);
	KiSetGdtEntry(KGDT_DF_TSS, (ULONG)Tss, sizeof(KTSS) - 1, KI_DESC_TSS, FALSE);
}

/* Build the GDT and TSSs, load them, and reload every segment register (FS = the PCR). */
VOID KiInitializeGdt(VOID)
{
	KDESCRIPTOR Gdtr = { sizeof(KiBootGdt) - 1, (ULONG)KiBootGdt };

	KiSetGdtEntry(KGDT_R0_CODE, 0, 0xFFFFFFFF, KI_DESC_CODE, TRUE);
	KiSetGdtEntry(KGDT_R0_DATA, 0, 0xFFFFFFFF, KI_DESC_DATA, TRUE);
	KiSetGdtEntry(KGDT_R3_CODE, 0, 0xFFFFFFFF, KI_DESC_CODE | KI_DESC_DPL3, TRUE);
	KiSetGdtEntry(KGDT_R3_DATA, 0, 0xFFFFFFFF, KI_DESC_DATA | KI_DESC_DPL3, TRUE);
	KiSetGdtEntry(KGDT_TSS, (ULONG)&KiTss, sizeof(KTSS) - 1, KI_DESC_TSS, FALSE);
	KiSetGdtEntry(KGDT_R0_PCR, (ULONG)&KiPcr, sizeof(KPCR) - 1, KI_DESC_DATA, TRUE);
	KiSetTebBase(NULL);
	KiInitializeDoubleFaultTss();
	KiTss.Ss0 = KGDT_R0_DATA;
	KiTss.IoMapBase = sizeof(KTSS);
	KiPcr.GDT = KiBootGdt;
	KiPcr.TSS = &KiTss;
	__asm__ __volatile__("lgdt %0\n\t"
	                     "ljmp %1, $1f\n"
	                     "1:\tmov %2, %%ds\n\tmov %2, %%es\n\tmov %2, %%ss\n\t"
	                     "mov %3, %%fs\n\tmov %4, %%gs\n\tltr %w5"
	                     : : "m"(Gdtr), "i"(KGDT_R0_CODE), "r"(KGDT_R0_DATA),
	                         "r"(KGDT_R0_PCR), "r"(0), "r"(KGDT_TSS) : "memory");
}
