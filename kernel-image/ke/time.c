/*
 * time.c — the clock tick: interrupt time, system time and tick count (in
 * KUSER_SHARED_DATA, so user mode reads them too), and run-time accounting.
 */
#include <internal/ke.h>

volatile KSYSTEM_TIME KeTickCount;
ULONG KeMaximumIncrement = KI_CLOCK_INCREMENT;

#define CLOCK_QUANTUM_DECREMENT 3

/* Read a KSYSTEM_TIME consistently (High1Time == High2Time). */
static ULONGLONG KiReadSystemTime(volatile KSYSTEM_TIME *Time)
{
	ULARGE_INTEGER Value;

	do {
		Value.HighPart = Time->High1Time;
		Value.LowPart = Time->LowPart;
	} while (Value.HighPart != (ULONG)Time->High2Time);
	return Value.QuadPart;
}

/* Write a KSYSTEM_TIME in the order lock-free readers expect: High2, Low, High1. */
static VOID KiWriteSystemTime(volatile KSYSTEM_TIME *Time, ULONGLONG Value)
{
	Time->High2Time = (LONG)(Value >> 32);
	Time->LowPart = (ULONG)Value;
	Time->High1Time = (LONG)(Value >> 32);
}

/* Clock interrupt: advance the times by Increment (100 ns units) and one tick; expire timers. */
VOID KeUpdateSystemTime(PKTRAP_FRAME TrapFrame, ULONG Increment)
{
	ULONGLONG Ticks = KiReadSystemTime(&KeTickCount) + 1;
	ULONGLONG InterruptTime = KiReadSystemTime(&SharedUserData->InterruptTime) + Increment;

	KiWriteSystemTime(&SharedUserData->InterruptTime, InterruptTime);
	KiWriteSystemTime(&SharedUserData->SystemTime,
	                  KiReadSystemTime(&SharedUserData->SystemTime) + Increment);
	KiWriteSystemTime(&KeTickCount, Ticks);
	KiWriteSystemTime(&SharedUserData->TickCount, Ticks);
	SharedUserData->TickCountLowDeprecated = (ULONG)Ticks;
	KiCheckTimerList(InterruptTime);
	KeUpdateRunTime(TrapFrame);
}

/* Charge the tick to the running thread; at the end of its quantum request a dispatch. */
VOID KeUpdateRunTime(PKTRAP_FRAME TrapFrame)
{
	PKPRCB Prcb = &KiPcr.PrcbData;
	PKTHREAD Thread = Prcb->CurrentThread;

	Prcb->InterruptCount++;
	if (TrapFrame->SegCs & MODE_MASK) {
		Thread->UserTime++;
		Thread->ApcState.Process->UserTime++;
		Prcb->UserTime++;
	} else {
		Thread->KernelTime++;
		Thread->ApcState.Process->KernelTime++;
		Prcb->KernelTime++;
	}
	if (Thread != Prcb->IdleThread) {
		Thread->Quantum -= CLOCK_QUANTUM_DECREMENT;
		if (Thread->Quantum <= 0) {
			Prcb->QuantumEnd = TRUE;
			HalRequestSoftwareInterrupt(DISPATCH_LEVEL);
		}
	}
}

/* The interrupt time: 100 ns units since boot, advanced by the clock. */
ULONGLONG KeQueryInterruptTime(VOID)
{
	return KiReadSystemTime(&SharedUserData->InterruptTime);
}

/* The current system time (100 ns units since 1601-01-01 UTC). */
VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
	CurrentTime->QuadPart = (LONGLONG)KiReadSystemTime(&SharedUserData->SystemTime);
}

/* Set the system time (boot, from the real-time clock). */
VOID KiSetSystemTime(const LARGE_INTEGER *NewTime)
{
	KiWriteSystemTime(&SharedUserData->SystemTime, (ULONGLONG)NewTime->QuadPart);
}
