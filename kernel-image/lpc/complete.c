/*
 * complete.c — the server side of a connection: NtAcceptConnectPort answers a received
 * connection request (found on the connection port's connect queue by MessageId and
 * ClientId): accepted, a server communication port is linked with the client's; refused,
 * the client's NtConnectPort fails with STATUS_PORT_CONNECTION_REFUSED. NtCompleteConnectPort
 * then wakes the accepted client.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <internal/lpc.h>
#include <ntapi.h>

/*
 * Take the pending connection request Request names (MessageId, ClientId) off its connect
 * queue; the waiting client thread comes back too, referenced.
 */
static NTSTATUS LpcpTakeConnectionRequest(const PORT_MESSAGE *Request, PETHREAD *ClientThread,
                                          PLPCP_MESSAGE *Message)
{
	PLPCP_PORT_OBJECT ClientPort;
	NTSTATUS Status;
	KIRQL OldIrql;

	Status = PsLookupThreadByThreadId(Request->ClientId.UniqueThread, ClientThread);
	if (!NT_SUCCESS(Status))
		return Status;
	OldIrql = LpcpAcquireLock();
	ClientPort = (*ClientThread)->LpcWaitingOnPort;
	*Message = NULL;
	if (ClientPort && ClientPort->Type == ClientCommunicationPort && !ClientPort->ConnectedPort)
		*Message = LpcpFindConnectMessage(&ClientPort->ConnectionPort->ConnectQueueHead,
		                                  Request->MessageId, &Request->ClientId);
	if (*Message) {
		RemoveEntryList(&(*Message)->Entry);
		InitializeListHead(&(*Message)->Entry);
	}
	LpcpReleaseLock(OldIrql);
	if (*Message)
		return STATUS_SUCCESS;
	ObDereferenceObject(*ClientThread);
	return STATUS_REPLY_MESSAGE_MISMATCH;
}

/* The server communication port of an accepted connection, and its handle. */
static NTSTATUS LpcpCreateServerPort(PLPCP_PORT_OBJECT ClientPort, PVOID PortContext,
                                     KPROCESSOR_MODE Mode, PLPCP_PORT_OBJECT *ServerPort,
                                     PHANDLE Handle)
{
	PLPCP_PORT_OBJECT Port;
	NTSTATUS Status;

	Status = LpcpCreatePortObject(Mode, NULL, ServerCommunicationPort, FALSE, &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	ObReferenceObject(ClientPort->ConnectionPort);
	Port->ConnectionPort = ClientPort->ConnectionPort;
	Port->MaxMessageLength = ClientPort->MaxMessageLength;
	Port->PortContext = PortContext;
	return ObInsertObject(Port, NULL, PORT_ALL_ACCESS, 0, (PVOID *)ServerPort, Handle);
}

/*
 * Answer the client with Message (its request, now carrying the server's connection
 * information): accepted (ServerPort) the ports are linked and the reply waits for
 * NtCompleteConnectPort; refused, the client wakes at once. FALSE: the client gave up.
 */
static BOOLEAN LpcpAnswerConnection(PETHREAD ClientThread, PLPCP_MESSAGE Message,
                                    PLPCP_PORT_OBJECT ServerPort)
{
	PLPCP_PORT_OBJECT ClientPort = Message->SenderPort;
	KIRQL OldIrql = LpcpAcquireLock();
	BOOLEAN Waiting = ClientThread->LpcReplyMessageId == Message->Request.MessageId &&
	                  ClientThread->LpcWaitingOnPort == ClientPort;

	if (Waiting) {
		Message->Request.u2.s2.Type = ServerPort ? LPC_REPLY : LPC_CONNECTION_REFUSED;
		Message->RepliedToThread = ClientThread;
		Message->SenderPort = ServerPort;
		if (ServerPort)
			ObReferenceObject(ServerPort);
		ClientThread->LpcReplyMessageId = 0;
		LpcpEnqueueMessage(ClientPort, Message);
	}
	if (Waiting && ServerPort) {
		ServerPort->ConnectedPort = ClientPort;
		ClientPort->ConnectedPort = ServerPort;
		ServerPort->ClientThread = ClientThread;
		ObReferenceObject(ClientThread);
	} else if (Waiting) {
		LpcpSignalThread(ClientThread);
	}
	LpcpReleaseLock(OldIrql);
	return Waiting;
}

/* Copy the server's answer (ConnectionRequest's data) into the request message. */
static NTSTATUS LpcpCaptureAnswer(PLPCP_MESSAGE Message, PPORT_MESSAGE ConnectionRequest,
                                  KPROCESSOR_MODE Mode)
{
	PLPCP_MESSAGE Answer;
	ULONG Length;
	NTSTATUS Status;

	Status = LpcpCaptureMessage(ConnectionRequest, PORT_MAXIMUM_MESSAGE_LENGTH, Mode, &Answer);
	if (!NT_SUCCESS(Status))
		return Status;
	Length = (USHORT)Answer->Request.u1.s1.DataLength;
	RtlCopyMemory(&Message->Request + 1, &Answer->Request + 1, Length);
	Message->Request.u1.s1.DataLength = (CSHORT)Length;
	Message->Request.u1.s1.TotalLength = (CSHORT)(sizeof(PORT_MESSAGE) + Length);
	LpcpFreeMessage(Answer);
	return STATUS_SUCCESS;
}

/*
 * NtAcceptConnectPort: accept (a handle to the new server communication port, with
 * PortContext) or refuse the connection request ConnectionRequest names (a failure
 * refuses it too). Port views without a section only (ClientView comes back empty).
 */
NTSTATUS NTAPI NtAcceptConnectPort(PHANDLE PortHandle, PVOID PortContext,
                                   PPORT_MESSAGE ConnectionRequest, BOOLEAN AcceptConnection,
                                   PPORT_VIEW ServerView, PREMOTE_PORT_VIEW ClientView)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PLPCP_PORT_OBJECT ServerPort = NULL, ClientPort;
	PLPCP_MESSAGE Message;
	PORT_MESSAGE Request;
	PETHREAD ClientThread;
	HANDLE Handle = NULL;
	NTSTATUS Status;

	Status = MmCopyToMode(PortHandle, &Handle, sizeof(Handle), PreviousMode);
	if (NT_SUCCESS(Status))
		Status = MmCopyFromMode(&Request, ConnectionRequest, sizeof(Request), PreviousMode);
	if (NT_SUCCESS(Status))
		Status = LpcpTakeConnectionRequest(&Request, &ClientThread, &Message);
	if (!NT_SUCCESS(Status))
		return Status;
	ClientPort = Message->SenderPort;
	Status = LpcpCaptureAnswer(Message, ConnectionRequest, PreviousMode);
	if (NT_SUCCESS(Status) && AcceptConnection)
		Status = LpcpCheckPortView(ServerView, PreviousMode);
	if (NT_SUCCESS(Status) && AcceptConnection)
		Status = LpcpReturnNoRemoteView(ClientView, PreviousMode);
	if (NT_SUCCESS(Status) && AcceptConnection)
		Status = LpcpCreateServerPort(ClientPort, PortContext, PreviousMode, &ServerPort, &Handle);
	if (!LpcpAnswerConnection(ClientThread, Message, NT_SUCCESS(Status) ? ServerPort : NULL)) {
		if (ServerPort)
			ObCloseHandle(Handle, PreviousMode);
		Status = STATUS_PORT_DISCONNECTED;
		LpcpFreeMessage(Message);
	} else {
		ObDereferenceObject(ClientPort);
	}
	if (ServerPort && NT_SUCCESS(Status))
		Status = MmCopyToMode(PortHandle, &Handle, sizeof(Handle), PreviousMode);
	if (ServerPort)
		ObDereferenceObject(ServerPort);
	ObDereferenceObject(ClientThread);
	return Status;
}

/* NtCompleteConnectPort: wake the client whose connection PortHandle accepted. */
NTSTATUS NTAPI NtCompleteConnectPort(HANDLE PortHandle)
{
	PLPCP_PORT_OBJECT Port;
	PETHREAD Thread = NULL;
	NTSTATUS Status;
	KIRQL OldIrql;

	Status = LpcpReferencePort(PortHandle, KeGetPreviousMode(), &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	OldIrql = LpcpAcquireLock();
	if (Port->Type == ServerCommunicationPort) {
		Thread = Port->ClientThread;
		Port->ClientThread = NULL;
	}
	if (Thread)
		LpcpSignalThread(Thread);
	LpcpReleaseLock(OldIrql);
	if (Thread)
		ObDereferenceObject(Thread);
	ObDereferenceObject(Port);
	return Thread ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
