/*
 * connect.c — NtConnectPort: the client side of a connection. A client communication
 * port is made, an LPC_CONNECTION_REQUEST carrying the connection information is queued
 * on the named server connection port, and the client waits (WrLpcReply) until the
 * server accepts (and completes) or refuses it.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <internal/lpc.h>
#include <ntapi.h>

/* Reference the server connection port PortName (Mode's UNICODE_STRING) names. */
static NTSTATUS LpcpReferencePortByName(PUNICODE_STRING PortName, KPROCESSOR_MODE Mode,
                                        PLPCP_PORT_OBJECT *Port)
{
	UNICODE_STRING Name = { 0 };
	POBJECT_TYPE Type;
	NTSTATUS Status;

	Status = ObpCaptureObjectName(&Name, PortName, Mode);
	if (NT_SUCCESS(Status) && !Name.Buffer)
		Status = STATUS_OBJECT_NAME_INVALID;
	if (NT_SUCCESS(Status))
		Status = ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL, PORT_CONNECT, NULL,
		                                 Mode, NULL, (PVOID *)Port);
	ObpReleaseObjectName(&Name);
	if (!NT_SUCCESS(Status))
		return Status;
	Type = OBJECT_TO_OBJECT_HEADER(*Port)->Type;
	if ((Type == LpcPortObjectType || Type == LpcWaitablePortObjectType) &&
	    (*Port)->Type == ServerConnectionPort)
		return STATUS_SUCCESS;
	ObDereferenceObject(*Port);
	return Type == LpcPortObjectType || Type == LpcWaitablePortObjectType ?
	       STATUS_INVALID_PORT_HANDLE : STATUS_OBJECT_TYPE_MISMATCH;
}

/* A connection request message with the caller's connection information as its data. */
static NTSTATUS LpcpCaptureConnectionInfo(PVOID Information, PULONG InformationLength,
                                          KPROCESSOR_MODE Mode, PLPCP_MESSAGE *MessageOut)
{
	PLPCP_MESSAGE Message;
	ULONG Length = 0;
	NTSTATUS Status = STATUS_SUCCESS;

	if (InformationLength)
		Status = MmCopyFromMode(&Length, InformationLength, sizeof(Length), Mode);
	if (!Information || Length > PORT_MAXIMUM_DATA_LENGTH)
		Length = Information ? PORT_MAXIMUM_DATA_LENGTH : 0;
	if (!NT_SUCCESS(Status))
		return Status;
	Message = LpcpAllocateMessage();
	if (!Message)
		return STATUS_INSUFFICIENT_RESOURCES;
	Message->Request.u1.s1.DataLength = (CSHORT)Length;
	Message->Request.u1.s1.TotalLength = (CSHORT)(sizeof(PORT_MESSAGE) + Length);
	Status = MmCopyFromMode(&Message->Request + 1, Information, Length, Mode);
	if (!NT_SUCCESS(Status))
		LpcpFreeMessage(Message);
	else
		*MessageOut = Message;
	return Status;
}

/*
 * Queue the connection request Message from ClientPort on ClientPort's connection port
 * (truncating the information to what the port takes); the current thread will wait for
 * the answer. Returns the request's MessageId (0: the port is closed).
 */
static ULONG LpcpSendConnectionRequest(PLPCP_PORT_OBJECT ClientPort, PLPCP_MESSAGE Message)
{
	PLPCP_PORT_OBJECT ConnectionPort = ClientPort->ConnectionPort;
	PETHREAD Thread = PsGetCurrentThread();
	ULONG MessageId = 0;
	KIRQL OldIrql = LpcpAcquireLock();

	if ((USHORT)Message->Request.u1.s1.DataLength > ConnectionPort->MaxConnectionInfoLength) {
		Message->Request.u1.s1.DataLength = (CSHORT)ConnectionPort->MaxConnectionInfoLength;
		Message->Request.u1.s1.TotalLength =
			(CSHORT)(sizeof(PORT_MESSAGE) + ConnectionPort->MaxConnectionInfoLength);
	}
	if (!(ConnectionPort->Flags & LPCP_PORT_CLOSED)) {
		LpcpStampMessage(Message, LPC_CONNECTION_REQUEST, &Thread->Cid);
		MessageId = Message->Request.MessageId;
		LpcpPrepareReplyWait(Thread, ClientPort, ConnectionPort, MessageId);
		LpcpEnqueueMessage(ConnectionPort, Message);
		LpcpSignalQueue(ConnectionPort);
	}
	LpcpReleaseLock(OldIrql);
	return MessageId;
}

/* Take back a connection request nobody answered (the wait ended without a reply). */
static VOID LpcpCancelConnectionRequest(PLPCP_PORT_OBJECT ConnectionPort, ULONG MessageId)
{
	PLPCP_MESSAGE Message;
	KIRQL OldIrql = LpcpAcquireLock();

	Message = LpcpRemoveMessageById(&ConnectionPort->MsgQueue.ReceiveHead, MessageId);
	if (!Message)
		Message = LpcpRemoveMessageById(&ConnectionPort->ConnectQueueHead, MessageId);
	LpcpReleaseLock(OldIrql);
	if (Message)
		LpcpFreeMessage(Message);
}

/*
 * Send the connection request Message from ClientPort and wait for the answer: the
 * server's reply (accepted), or STATUS_PORT_CONNECTION_REFUSED (refused, or no server).
 */
static NTSTATUS LpcpConnect(PLPCP_PORT_OBJECT ClientPort, PLPCP_MESSAGE Message,
                            KPROCESSOR_MODE Mode, PLPCP_MESSAGE *Reply)
{
	ULONG MessageId;
	NTSTATUS Status;

	ObReferenceObject(ClientPort);
	Message->SenderPort = ClientPort;
	MessageId = LpcpSendConnectionRequest(ClientPort, Message);
	if (!MessageId) {
		LpcpFreeMessage(Message);
		return STATUS_PORT_CONNECTION_REFUSED;
	}
	Status = LpcpWaitForReply(ClientPort, Mode, Reply);
	if (Status != STATUS_SUCCESS)
		LpcpCancelConnectionRequest(ClientPort->ConnectionPort, MessageId);
	if (Status == STATUS_SUCCESS && (*Reply)->Request.u2.s2.Type == LPC_CONNECTION_REFUSED) {
		LpcpFreeMessage(*Reply);
		*Reply = NULL;
		Status = STATUS_PORT_CONNECTION_REFUSED;
	}
	return Status == STATUS_PORT_DISCONNECTED ? STATUS_PORT_CONNECTION_REFUSED : Status;
}

/* Copy the accepted connection out: the handle, the maximum length, the server's information. */
static NTSTATUS LpcpCopyConnectionOut(PLPCP_PORT_OBJECT ClientPort, PLPCP_MESSAGE Reply,
                                      PHANDLE PortHandle, PULONG MaxMessageLength,
                                      PVOID Information, PULONG InformationLength,
                                      KPROCESSOR_MODE Mode)
{
	ULONG Length = (USHORT)Reply->Request.u1.s1.DataLength;
	HANDLE Handle;
	NTSTATUS Status;

	ObReferenceObject(ClientPort);
	Status = ObInsertObject(ClientPort, NULL, PORT_ALL_ACCESS, 0, NULL, &Handle);
	if (NT_SUCCESS(Status))
		Status = MmCopyToMode(PortHandle, &Handle, sizeof(Handle), Mode);
	if (NT_SUCCESS(Status) && MaxMessageLength)
		Status = MmCopyToMode(MaxMessageLength, &ClientPort->MaxMessageLength, sizeof(ULONG), Mode);
	if (NT_SUCCESS(Status) && Information && InformationLength)
		Status = MmCopyToMode(Information, &Reply->Request + 1, Length, Mode);
	if (NT_SUCCESS(Status) && InformationLength)
		Status = MmCopyToMode(InformationLength, &Length, sizeof(Length), Mode);
	return Status;
}

/* The client communication port for a connection to ConnectionPort (whose reference it takes). */
static NTSTATUS LpcpCreateClientPort(PLPCP_PORT_OBJECT ConnectionPort, KPROCESSOR_MODE Mode,
                                     PLPCP_PORT_OBJECT *ClientPort)
{
	NTSTATUS Status = LpcpCreatePortObject(Mode, NULL, ClientCommunicationPort, FALSE, ClientPort);

	if (!NT_SUCCESS(Status)) {
		ObDereferenceObject(ConnectionPort);
		return Status;
	}
	(*ClientPort)->ConnectionPort = ConnectionPort;
	(*ClientPort)->MaxMessageLength = ConnectionPort->MaxMessageLength;
	return STATUS_SUCCESS;
}

/*
 * NtConnectPort: connect to the server connection port PortName, sending the connection
 * information; on acceptance a handle to the new client communication port, the port's
 * maximum message length and the server's connection information come back. Port views
 * without a section only (ServerView comes back empty).
 */
NTSTATUS NTAPI NtConnectPort(PHANDLE PortHandle, PUNICODE_STRING PortName,
                             PSECURITY_QUALITY_OF_SERVICE SecurityQos, PPORT_VIEW ClientView,
                             PREMOTE_PORT_VIEW ServerView, PULONG MaxMessageLength,
                             PVOID ConnectionInformation, PULONG ConnectionInformationLength)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PLPCP_PORT_OBJECT ConnectionPort, ClientPort = NULL;
	PLPCP_MESSAGE Message, Reply = NULL;
	HANDLE Handle = NULL;
	NTSTATUS Status;

	Status = MmCopyToMode(PortHandle, &Handle, sizeof(Handle), PreviousMode);
	if (NT_SUCCESS(Status))
		Status = LpcpCheckPortView(ClientView, PreviousMode);
	if (NT_SUCCESS(Status))
		Status = LpcpReturnNoRemoteView(ServerView, PreviousMode);
	if (NT_SUCCESS(Status))
		Status = LpcpCaptureConnectionInfo(ConnectionInformation, ConnectionInformationLength,
		                                   PreviousMode, &Message);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = LpcpReferencePortByName(PortName, PreviousMode, &ConnectionPort);
	if (NT_SUCCESS(Status))
		Status = LpcpCreateClientPort(ConnectionPort, PreviousMode, &ClientPort);
	if (!NT_SUCCESS(Status)) {
		LpcpFreeMessage(Message);
		return Status;
	}
	Status = LpcpConnect(ClientPort, Message, PreviousMode, &Reply);
	if (Status == STATUS_SUCCESS)
		Status = LpcpCopyConnectionOut(ClientPort, Reply, PortHandle, MaxMessageLength,
		                               ConnectionInformation, ConnectionInformationLength,
		                               PreviousMode);
	if (Reply)
		LpcpFreeMessage(Reply);
	ObDereferenceObject(ClientPort);
	return Status;
}
