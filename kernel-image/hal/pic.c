/*
 * pic.c — the two 8259A interrupt controllers, remapped so that IRQ n arrives on vector
 * PRIMARY_VECTOR_BASE + n (0x30 + n, as NT). All lines start masked except the cascade.
 */
#include <internal/hal.h>

#define PIC1_COMMAND 0x20
#define PIC1_DATA    0x21
#define PIC2_COMMAND 0xA0
#define PIC2_DATA    0xA1
#define PIC_EOI      0x20
#define PIC_READ_ISR 0x0B

static USHORT HalpIrqMask = 0xFFFB;

/* Write a PIC register, then give the slow part time to settle. */
static VOID HalpPicWrite(USHORT Port, UCHAR Value)
{
	__outbyte(Port, Value);
	__outbyte(0x80, 0);
}

/* Program both PICs: edge triggered, cascaded on IRQ 2, vectors 0x30-0x3F. */
VOID HalpInitializePICs(VOID)
{
	HalpPicWrite(PIC1_COMMAND, 0x11);
	HalpPicWrite(PIC2_COMMAND, 0x11);
	HalpPicWrite(PIC1_DATA, PRIMARY_VECTOR_BASE);
	HalpPicWrite(PIC2_DATA, PRIMARY_VECTOR_BASE + 8);
	HalpPicWrite(PIC1_DATA, 1 << 2);
	HalpPicWrite(PIC2_DATA, 2);
	HalpPicWrite(PIC1_DATA, 0x01);
	HalpPicWrite(PIC2_DATA, 0x01);
	HalpPicWrite(PIC1_DATA, (UCHAR)HalpIrqMask);
	HalpPicWrite(PIC2_DATA, (UCHAR)(HalpIrqMask >> 8));
}

/* Unmask the IRQ line behind Vector. */
VOID HalEnableSystemInterrupt(ULONG Vector)
{
	ULONG Irq = Vector - PRIMARY_VECTOR_BASE;

	HalpIrqMask &= ~(1U << Irq);
	__outbyte(Irq < 8 ? PIC1_DATA : PIC2_DATA, (UCHAR)(HalpIrqMask >> (Irq & 8)));
}

/* Acknowledge the interrupt on Vector at the PIC(s). */
VOID HalEndSystemInterrupt(ULONG Vector)
{
	if (Vector - PRIMARY_VECTOR_BASE >= 8)
		__outbyte(PIC2_COMMAND, PIC_EOI);
	__outbyte(PIC1_COMMAND, PIC_EOI);
}

/* TRUE when an IRQ 7/15 interrupt was spurious (its in-service bit is clear). */
BOOLEAN HalpIsSpuriousInterrupt(ULONG Vector)
{
	ULONG Irq = Vector - PRIMARY_VECTOR_BASE;
	USHORT Port = Irq < 8 ? PIC1_COMMAND : PIC2_COMMAND;

	__outbyte(Port, PIC_READ_ISR);
	return !(__inbyte(Port) & (1 << (Irq & 7)));
}

/* IRQ 7 / IRQ 15: a spurious IRQ 15 still needs the master's EOI; real ones get both. */
VOID HalpSpuriousInterruptHandler(PKTRAP_FRAME TrapFrame, ULONG Vector)
{
	if (!HalpIsSpuriousInterrupt(Vector))
		HalEndSystemInterrupt(Vector);
	else if (Vector == PRIMARY_VECTOR_BASE + 15)
		__outbyte(PIC1_COMMAND, PIC_EOI);
}
