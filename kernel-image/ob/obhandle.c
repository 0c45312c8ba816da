/* obhandle.c — handle services. Handle tables come with the object manager. */
#include <internal/ke.h>
#include <ntapi.h>

/* Close a handle; no process has handles yet, so every handle is invalid. */
NTSTATUS NTAPI NtClose(HANDLE Handle)
{
	return STATUS_INVALID_HANDLE;
}
