/* time.c — time services: system time and the performance counter. */
#include <internal/hal.h>
#include <internal/mm.h>
#include <ntapi.h>

/* Return the system time (100 ns units since 1601, UTC). */
NTSTATUS NTAPI NtQuerySystemTime(PLARGE_INTEGER SystemTime)
{
	LARGE_INTEGER Time;

	KeQuerySystemTime(&Time);
	return MmCopyToCaller(SystemTime, &Time, sizeof(Time));
}

/* Return the performance counter and, optionally, its frequency. */
NTSTATUS NTAPI NtQueryPerformanceCounter(PLARGE_INTEGER PerformanceCounter,
                                         PLARGE_INTEGER PerformanceFrequency)
{
	LARGE_INTEGER Frequency, Counter = KeQueryPerformanceCounter(&Frequency);
	NTSTATUS Status;

	Status = MmCopyToCaller(PerformanceCounter, &Counter, sizeof(Counter));
	if (NT_SUCCESS(Status) && PerformanceFrequency)
		Status = MmCopyToCaller(PerformanceFrequency, &Frequency, sizeof(Frequency));
	return Status;
}
