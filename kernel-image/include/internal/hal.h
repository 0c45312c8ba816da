/* hal.h — the hardware abstraction layer: console, PIC, PIT, CMOS clock, power. */
#ifndef _INTERNAL_HAL_H
#define _INTERNAL_HAL_H

#include <internal/ke.h>

#define PRIMARY_VECTOR_BASE 0x30
#define CLOCK_VECTOR        PRIMARY_VECTOR_BASE
#define PIT_FREQUENCY       1193182
#define HAL_CLOCK_HZ        100

typedef struct _TIME_FIELDS {
	SHORT Year;
	SHORT Month;
	SHORT Day;
	SHORT Hour;
	SHORT Minute;
	SHORT Second;
	SHORT Milliseconds;
	SHORT Weekday;
} TIME_FIELDS, *PTIME_FIELDS;

typedef enum _FIRMWARE_REENTRY {
	HalHaltRoutine,
	HalPowerDownRoutine,
	HalRestartRoutine,
	HalRebootRoutine,
	HalInteractiveModeRoutine,
	HalMaximumRoutine
} FIRMWARE_REENTRY;

BOOLEAN HalInitSystem(ULONG Phase, PLOADER_PARAMETER_BLOCK LoaderBlock);
VOID HalDisplayString(PCSTR String);
VOID HalpInitializePICs(VOID);
VOID HalEnableSystemInterrupt(ULONG Vector);
VOID HalEndSystemInterrupt(ULONG Vector);
BOOLEAN HalpIsSpuriousInterrupt(ULONG Vector);
VOID HalpInitializeClock(VOID);
VOID HalpClockInterrupt(VOID);
VOID HalpIrq07Interrupt(VOID);
VOID HalpIrq15Interrupt(VOID);
VOID HalpClockInterruptHandler(PKTRAP_FRAME TrapFrame);
VOID HalpEndInterrupt(KIRQL OldIrql);
VOID HalpSpuriousInterruptHandler(PKTRAP_FRAME TrapFrame, ULONG Vector);
LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency);
BOOLEAN HalQueryRealTimeClock(PTIME_FIELDS Time);
DECLSPEC_NORETURN VOID HalReturnToFirmware(FIRMWARE_REENTRY Action);
BOOLEAN RtlTimeFieldsToTime(const TIME_FIELDS *TimeFields, PLARGE_INTEGER Time);

#endif
