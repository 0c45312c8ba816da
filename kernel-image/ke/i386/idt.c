/* idt.c — the interrupt descriptor table: traps 0x00-0x13, the #DF task gate, int 0x2E. */
#include <internal/ke.h>

typedef struct __attribute__((packed)) _KIDT_DESCRIPTOR {
	USHORT Limit;
	ULONG Base;
} KIDT_DESCRIPTOR;

KIDTENTRY KiIdt[256];

#define KI_INTERRUPT_GATE 0x8E00
#define KI_TASK_GATE      0x8500

/* Install an interrupt gate to Handler that code at Dpl may invoke with `int`. */
static VOID KiSetInterruptGate(ULONG Vector, VOID (*Handler)(VOID), ULONG Dpl)
{
	KiIdt[Vector].Offset = (USHORT)(ULONG)Handler;
	KiIdt[Vector].Selector = KGDT_R0_CODE;
	KiIdt[Vector].Access = KI_INTERRUPT_GATE | (Dpl << 13);
	KiIdt[Vector].ExtendedOffset = (USHORT)((ULONG)Handler >> 16);
}

/* Connect a hardware interrupt vector to its (assembly) entry point. */
VOID KeRegisterInterruptHandler(ULONG Vector, PVOID Handler)
{
	KiSetInterruptGate(Vector, (VOID (*)(VOID))Handler, 0);
}

/* Fill the exception and system-service gates and load the IDT. */
VOID KiInitializeIdt(VOID)
{
	static VOID (*const KiTrapEntry[0x14])(VOID) = {
		KiTrap00, KiTrap01, KiTrap02, KiTrap03, KiTrap04, KiTrap05, KiTrap06, KiTrap07,
		KiTrap08, KiTrap09, KiTrap0A, KiTrap0B, KiTrap0C, KiTrap0D, KiTrap0E, KiTrap0F,
		KiTrap10, KiTrap11, KiTrap12, KiTrap13,
	};
	KIDT_DESCRIPTOR Idtr = { sizeof(KiIdt) - 1, (ULONG)KiIdt };
	ULONG Vector;

	for (Vector = 0; Vector < ARRAYSIZE(KiTrapEntry); Vector++)
		KiSetInterruptGate(Vector, KiTrapEntry[Vector], Vector == 3 || Vector == 4 ? 3 : 0);
	KiIdt[8] = (KIDTENTRY){ 0, KGDT_DF_TSS, KI_TASK_GATE, 0 };
	KiSetInterruptGate(0x2E, KiSystemService, 3);
	KiPcr.IDT = KiIdt;
	__asm__ __volatile__("lidt %0" : : "m"(Idtr));
}
