/*
 * listen.c — NtListenPort: a server waits on its connection port until a connection
 * request arrives (other messages received meanwhile are dropped, as NT does).
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <internal/lpc.h>
#include <ntapi.h>

/* NtListenPort: the next LPC_CONNECTION_REQUEST on PortHandle, copied to ConnectionRequest. */
NTSTATUS NTAPI NtListenPort(HANDLE PortHandle, PPORT_MESSAGE ConnectionRequest)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PLPCP_PORT_OBJECT Port;
	PLPCP_MESSAGE Message;
	NTSTATUS Status;

	Status = LpcpReferencePort(PortHandle, PreviousMode, &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	if (Port->Type != ServerConnectionPort)
		Status = STATUS_INVALID_PORT_HANDLE;
	while (Status == STATUS_SUCCESS) {
		Status = LpcpReceive(Port, PreviousMode, NULL, &Message);
		if (Status != STATUS_SUCCESS)
			break;
		if (Message->Request.u2.s2.Type == LPC_CONNECTION_REQUEST) {
			Status = LpcpCopyMessageOut(ConnectionRequest, Message, PreviousMode);
			break;
		}
		LpcpFreeMessage(Message);
	}
	ObDereferenceObject(Port);
	return Status;
}
