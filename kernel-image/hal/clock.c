/*
 * clock.c — the 8254 timer: channel 0 at HAL_CLOCK_HZ (10 ms) drives the clock
 * interrupt, and its count refines the performance counter between ticks.
 */
#include <internal/hal.h>

#define PIT_CHANNEL0 0x40
#define PIT_COMMAND  0x43
#define HALP_ROLLOVER (PIT_FREQUENCY / HAL_CLOCK_HZ)

static volatile ULONGLONG HalpPerfCounter;
static ULONGLONG HalpLastPerfCounter;

/* Start periodic clock interrupts on CLOCK_VECTOR. */
VOID HalpInitializeClock(VOID)
{
	__outbyte(PIT_COMMAND, 0x34);
	__outbyte(PIT_CHANNEL0, (UCHAR)HALP_ROLLOVER);
	__outbyte(PIT_CHANNEL0, (UCHAR)(HALP_ROLLOVER >> 8));
	KeRegisterInterruptHandler(CLOCK_VECTOR, HalpClockInterrupt);
	HalEnableSystemInterrupt(CLOCK_VECTOR);
}

/*
 * Clock interrupt, at CLOCK2_LEVEL: count the tick and update the system time; the
 * software interrupts it requests (timer DPC, quantum end) run on the way out.
 */
VOID HalpClockInterruptHandler(PKTRAP_FRAME TrapFrame)
{
	KIRQL OldIrql = KiPcr.Irql;

	KiPcr.Irql = CLOCK2_LEVEL;
	HalpPerfCounter += HALP_ROLLOVER;
	HalEndSystemInterrupt(CLOCK_VECTOR);
	KeUpdateSystemTime(TrapFrame, KeMaximumIncrement);
	HalpEndInterrupt(OldIrql);
}

/* A monotonic count of PIT input ticks (PerformanceFrequency per second). */
LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
	ULONG Flags = __readeflags();
	LARGE_INTEGER Value;
	ULONG Count;

	_disable();
	__outbyte(PIT_COMMAND, 0x00);
	Count = __inbyte(PIT_CHANNEL0);
	Count |= __inbyte(PIT_CHANNEL0) << 8;
	Value.QuadPart = HalpPerfCounter + (HALP_ROLLOVER - Count % (HALP_ROLLOVER + 1));
	if ((ULONGLONG)Value.QuadPart < HalpLastPerfCounter)
		Value.QuadPart = HalpLastPerfCounter;
	HalpLastPerfCounter = Value.QuadPart;
	__writeeflags(Flags);
	if (PerformanceFrequency)
		PerformanceFrequency->QuadPart = PIT_FREQUENCY;
	return Value;
}
