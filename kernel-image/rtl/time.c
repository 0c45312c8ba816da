/* time.c — conversion between calendar fields and NT time (100 ns since 1601). */
#include <internal/hal.h>

/* TRUE in a Gregorian leap year. */
static BOOLEAN RtlpIsLeapYear(LONG Year)
{
	return (Year % 4 == 0 && Year % 100 != 0) || Year % 400 == 0;
}

/* Convert calendar fields (1601 or later) to NT time. */
BOOLEAN RtlTimeFieldsToTime(const TIME_FIELDS *TimeFields, PLARGE_INTEGER Time)
{
	static const SHORT DaysBeforeMonth[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	LONG Years = TimeFields->Year - 1601;
	LONGLONG Days;

	if (Years < 0 || TimeFields->Month < 1 || TimeFields->Month > 12)
		return FALSE;
	Days = (LONGLONG)Years * 365 + Years / 4 - Years / 100 + Years / 400;
	Days += DaysBeforeMonth[TimeFields->Month - 1] + TimeFields->Day - 1;
	if (TimeFields->Month > 2 && RtlpIsLeapYear(TimeFields->Year))
		Days++;
	Time->QuadPart = ((Days * 86400 + TimeFields->Hour * 3600 + TimeFields->Minute * 60 +
	                   TimeFields->Second) * 1000 + TimeFields->Milliseconds) * 10000;
	return TRUE;
}
