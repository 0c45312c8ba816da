/* cmos.c — the real-time clock in CMOS (MC146818). */
#include <internal/hal.h>

#define CMOS_SELECT 0x70
#define CMOS_DATA   0x71

/* Read one CMOS register. */
static UCHAR HalpReadCmos(UCHAR Register)
{
	__outbyte(CMOS_SELECT, Register);
	return __inbyte(CMOS_DATA);
}

/* Read an RTC field, converting from BCD unless the clock runs in binary mode. */
static SHORT HalpReadRtcField(UCHAR Register, BOOLEAN Binary)
{
	UCHAR Value = HalpReadCmos(Register);

	return Binary ? Value : (Value >> 4) * 10 + (Value & 0xF);
}

/* Read the date and time (waits out an update in progress). */
BOOLEAN HalQueryRealTimeClock(PTIME_FIELDS Time)
{
	BOOLEAN Binary;
	SHORT Century;

	while (HalpReadCmos(0x0A) & 0x80)
		;
	Binary = (HalpReadCmos(0x0B) & 0x04) != 0;
	Time->Second = HalpReadRtcField(0x00, Binary);
	Time->Minute = HalpReadRtcField(0x02, Binary);
	Time->Hour = HalpReadRtcField(0x04, Binary);
	Time->Day = HalpReadRtcField(0x07, Binary);
	Time->Month = HalpReadRtcField(0x08, Binary);
	Time->Year = HalpReadRtcField(0x09, Binary);
	Century = HalpReadRtcField(0x32, Binary);
	Time->Year += (Century >= 19 && Century <= 21) ? Century * 100 : (Time->Year < 80 ? 2000 : 1900);
	Time->Milliseconds = Time->Weekday = 0;
	return Time->Month >= 1 && Time->Month <= 12 && Time->Day >= 1 && Time->Day <= 31;
}
