/*
 * probe.c — copying between the kernel and a caller's buffers. For user-mode callers the
 * range is probed (below MM_USER_PROBE_ADDRESS); a fault during the copy comes back as
 * STATUS_ACCESS_VIOLATION through MiSafeCopyMemory's fixup, never as a crash (and a
 * demand-zero or copy-on-write page is simply resolved on the way).
 */
#include <internal/mm.h>

/* TRUE when [Address, Address+Length) lies in the user probe range. */
BOOLEAN MmIsUserRange(const VOID *Address, SIZE_T Length)
{
	ULONG_PTR End = (ULONG_PTR)Address + Length;

	return End >= (ULONG_PTR)Address && End <= MM_USER_PROBE_ADDRESS_C;
}

/* Copy Length bytes from a buffer of Mode's (probed when it is user mode). */
NTSTATUS MmCopyFromMode(PVOID Destination, const VOID *Source, ULONG Length, KPROCESSOR_MODE Mode)
{
	if (Mode != KernelMode && !MmIsUserRange(Source, Length))
		return STATUS_ACCESS_VIOLATION;
	return MiSafeCopyMemory(Destination, Source, Length);
}

/* Copy Length bytes to a buffer of Mode's (probed when it is user mode). */
NTSTATUS MmCopyToMode(PVOID Destination, const VOID *Source, ULONG Length, KPROCESSOR_MODE Mode)
{
	if (Mode != KernelMode && !MmIsUserRange(Destination, Length))
		return STATUS_ACCESS_VIOLATION;
	return MiSafeCopyMemory(Destination, Source, Length);
}

/* Copy Length bytes from the caller's buffer. */
NTSTATUS MmCopyFromCaller(PVOID Destination, const VOID *UserSource, ULONG Length)
{
	return MmCopyFromMode(Destination, UserSource, Length, KeGetPreviousMode());
}

/* Copy Length bytes to the caller's buffer. */
NTSTATUS MmCopyToCaller(PVOID UserDestination, const VOID *Source, ULONG Length)
{
	return MmCopyToMode(UserDestination, Source, Length, KeGetPreviousMode());
}
