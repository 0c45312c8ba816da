/*
 * irql.c — the interrupt request level, kept in the PCR, and the software interrupts:
 * HalRequestSoftwareInterrupt sets a bit of PCR->IRR (bit n = IRQL n); lowering the IRQL
 * below a requested level runs its handler — HalpDispatchInterrupt (KiDispatchInterrupt)
 * at DISPATCH_LEVEL, HalpApcInterrupt (KiDeliverApc) at APC_LEVEL. Hardware interrupts
 * stay enabled up to DISPATCH_LEVEL; above it the processor runs with them disabled.
 */
#include <internal/hal.h>

/* The DISPATCH_LEVEL software interrupt. */
static VOID HalpDispatchInterrupt(VOID)
{
	KiDispatchInterrupt();
}

/* The APC_LEVEL software interrupt: deliver the current thread's kernel APCs. */
static VOID HalpApcInterrupt(VOID)
{
	KiDeliverApc(KernelMode, NULL, NULL);
}

/*
 * With interrupts disabled and the IRQL at NewIrql, run every software interrupt requested
 * above NewIrql, highest first, each at its own level with interrupts enabled.
 */
static VOID HalpRunSoftwareInterrupts(KIRQL NewIrql)
{
	ULONG Pending;

	while ((Pending = KiPcr.IRR & ~((2UL << NewIrql) - 1)) != 0) {
		if (Pending & DISPATCH_LEVEL_BIT) {
			__atomic_and_fetch(&KiPcr.IRR, ~DISPATCH_LEVEL_BIT, __ATOMIC_SEQ_CST);
			KiPcr.Irql = DISPATCH_LEVEL;
			_enable();
			HalpDispatchInterrupt();
		} else {
			__atomic_and_fetch(&KiPcr.IRR, ~APC_LEVEL_BIT, __ATOMIC_SEQ_CST);
			KiPcr.Irql = APC_LEVEL;
			_enable();
			HalpApcInterrupt();
		}
		_disable();
		KiPcr.Irql = NewIrql;
	}
}

/* Request the software interrupt for Irql; it runs when the IRQL drops below Irql. */
VOID HalRequestSoftwareInterrupt(KIRQL Irql)
{
	__atomic_or_fetch(&KiPcr.IRR, 1UL << Irql, __ATOMIC_SEQ_CST);
}

/* Raise the IRQL to NewIrql (>= the current level); return the previous level. */
KIRQL KfRaiseIrql(KIRQL NewIrql)
{
	KIRQL OldIrql = KiPcr.Irql;

	if (NewIrql > DISPATCH_LEVEL)
		_disable();
	KiPcr.Irql = NewIrql;
	return OldIrql;
}

/* Lower the IRQL to NewIrql, running the software interrupts that become unmasked. */
VOID KfLowerIrql(KIRQL NewIrql)
{
	_disable();
	KiPcr.Irql = NewIrql;
	HalpRunSoftwareInterrupts(NewIrql);
	if (NewIrql <= DISPATCH_LEVEL)
		_enable();
}

/*
 * The end of a hardware interrupt: back to the interrupted code's OldIrql, running the
 * software interrupts it unmasks; returns with interrupts disabled for the iret.
 */
VOID HalpEndInterrupt(KIRQL OldIrql)
{
	KiPcr.Irql = OldIrql;
	HalpRunSoftwareInterrupts(OldIrql);
}
