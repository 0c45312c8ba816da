/*
 * view.c — port views. Shared sections for large messages are not supported: a PORT_VIEW
 * may be given but must name no section, and a REMOTE_PORT_VIEW comes back empty.
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <internal/lpc.h>

/* Check a caller's PORT_VIEW (if any): one naming a section is STATUS_NOT_SUPPORTED. */
NTSTATUS LpcpCheckPortView(PPORT_VIEW View, KPROCESSOR_MODE Mode)
{
	PORT_VIEW Captured;
	NTSTATUS Status;

	if (!View)
		return STATUS_SUCCESS;
	Status = MmCopyFromMode(&Captured, View, sizeof(Captured), Mode);
	if (NT_SUCCESS(Status) && Captured.SectionHandle)
		Status = STATUS_NOT_SUPPORTED;
	return Status;
}

/* Tell the caller (if it asks) that the other side mapped no view. */
NTSTATUS LpcpReturnNoRemoteView(PREMOTE_PORT_VIEW View, KPROCESSOR_MODE Mode)
{
	REMOTE_PORT_VIEW Empty = { sizeof(REMOTE_PORT_VIEW), 0, NULL };

	return View ? MmCopyToMode(View, &Empty, sizeof(Empty), Mode) : STATUS_SUCCESS;
}
