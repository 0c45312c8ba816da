/* obhandle.c — handle services. */
#include <internal/ob.h>
#include <ntapi.h>

/* Close a handle of the caller's process. */
NTSTATUS NTAPI NtClose(HANDLE Handle)
{
	return ObCloseHandle(Handle, KeGetPreviousMode());
}
