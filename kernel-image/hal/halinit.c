/* halinit.c — HAL initialization: interrupt controllers, the clock, the boot time. */
#include <internal/hal.h>

/* Phase 0: program the PICs and the PIT and set the system time from the RTC. */
BOOLEAN HalInitSystem(ULONG Phase, PLOADER_PARAMETER_BLOCK LoaderBlock)
{
	TIME_FIELDS TimeFields;
	LARGE_INTEGER SystemTime;

	if (Phase != 0)
		return TRUE;
	HalpInitializePICs();
	KeRegisterInterruptHandler(PRIMARY_VECTOR_BASE + 7, HalpIrq07Interrupt);
	KeRegisterInterruptHandler(PRIMARY_VECTOR_BASE + 15, HalpIrq15Interrupt);
	HalpInitializeClock();
	if (HalQueryRealTimeClock(&TimeFields) && RtlTimeFieldsToTime(&TimeFields, &SystemTime))
		KiSetSystemTime(&SystemTime);
	DbgPrint("hal: PIC at 0x%02X, clock %u Hz, RTC %04d-%02d-%02d %02d:%02d:%02d\n",
	         PRIMARY_VECTOR_BASE, HAL_CLOCK_HZ, TimeFields.Year, TimeFields.Month,
	         TimeFields.Day, TimeFields.Hour, TimeFields.Minute, TimeFields.Second);
	return TRUE;
}
