/*
 * probe.c — copying between the kernel and a caller's buffers. For user-mode callers the
 * range is probed (below MM_USER_PROBE_ADDRESS); a fault during the copy comes back as
 * STATUS_ACCESS_VIOLATION through MiSafeCopyMemory's fixup, never as a crash.
 */
#include <internal/mm.h>

/* TRUE when [Address, Address+Length) lies in the user probe range. */
static BOOLEAN MiIsUserRange(const VOID *Address, ULONG Length)
{
	ULONG_PTR End = (ULONG_PTR)Address + Length;

	return End >= (ULONG_PTR)Address && End <= MM_USER_PROBE_ADDRESS_C;
}

/* Copy Length bytes from the caller's buffer. */
NTSTATUS MmCopyFromCaller(PVOID Destination, const VOID *UserSource, ULONG Length)
{
	if (KeGetPreviousMode() != KernelMode && !MiIsUserRange(UserSource, Length))
		return STATUS_ACCESS_VIOLATION;
	return MiSafeCopyMemory(Destination, UserSource, Length);
}

/* Copy Length bytes to the caller's buffer. */
NTSTATUS MmCopyToCaller(PVOID UserDestination, const VOID *Source, ULONG Length)
{
	if (KeGetPreviousMode() != KernelMode && !MiIsUserRange(UserDestination, Length))
		return STATUS_ACCESS_VIOLATION;
	return MiSafeCopyMemory(UserDestination, Source, Length);
}
