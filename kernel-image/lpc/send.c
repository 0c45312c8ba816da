/*
 * send.c — sending: kernel messages (captured from the sender's address space), where a
 * message sent on a port goes, datagrams (NtRequestPort) and requests that wait for their
 * reply on the sending thread's LpcReplySemaphore (NtRequestWaitReplyPort), and the same
 * for kernel callers (LpcRequestPort, LpcRequestWaitReplyPort).
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <internal/lpc.h>
#include <ntapi.h>

/* A zeroed kernel message with room for PORT_MAXIMUM_MESSAGE_LENGTH bytes. */
PLPCP_MESSAGE LpcpAllocateMessage(VOID)
{
	PLPCP_MESSAGE Message = ExAllocatePoolWithTag(NonPagedPool, LPCP_MESSAGE_SIZE,
	                                              TAG_LPC_MESSAGE);

	if (Message) {
		RtlZeroMemory(Message, LPCP_MESSAGE_SIZE);
		InitializeListHead(&Message->Entry);
	}
	return Message;
}

/* Message was sent through Port (referenced until the message is freed). */
VOID LpcpSetSenderPort(PLPCP_MESSAGE Message, PLPCP_PORT_OBJECT Port)
{
	if (Message->SenderPort)
		return;
	ObReferenceObject(Port);
	Message->SenderPort = Port;
}

/* Free a message and drop its sender port reference (never with the LPC lock held). */
VOID LpcpFreeMessage(PLPCP_MESSAGE Message)
{
	if (Message->SenderPort)
		ObDereferenceObject(Message->SenderPort);
	ExFreePoolWithTag(Message, TAG_LPC_MESSAGE);
}

/*
 * Copy a PORT_MESSAGE and its data from Mode's memory into a new kernel message, after
 * checking its lengths against MaxMessageLength.
 */
NTSTATUS LpcpCaptureMessage(const PORT_MESSAGE *UserMessage, ULONG MaxMessageLength,
                            KPROCESSOR_MODE Mode, PLPCP_MESSAGE *MessageOut)
{
	PORT_MESSAGE Header;
	PLPCP_MESSAGE Message;
	NTSTATUS Status;

	Status = MmCopyFromMode(&Header, UserMessage, sizeof(Header), Mode);
	if (NT_SUCCESS(Status))
		Status = LpcpValidateMessage(&Header, MaxMessageLength);
	if (!NT_SUCCESS(Status))
		return Status;
	Message = LpcpAllocateMessage();
	if (!Message)
		return STATUS_INSUFFICIENT_RESOURCES;
	Message->Request = Header;
	Message->Request.u1.s1.TotalLength = sizeof(PORT_MESSAGE) + (USHORT)Header.u1.s1.DataLength;
	Status = MmCopyFromMode(&Message->Request + 1, UserMessage + 1,
	                        (USHORT)Header.u1.s1.DataLength, Mode);
	if (!NT_SUCCESS(Status)) {
		LpcpFreeMessage(Message);
		return Status;
	}
	*MessageOut = Message;
	return STATUS_SUCCESS;
}

/* Copy a kernel message (header and data) out to a buffer of Mode's. */
NTSTATUS LpcpCopyMessageOut(PPORT_MESSAGE UserMessage, PLPCP_MESSAGE Message,
                            KPROCESSOR_MODE Mode)
{
	return MmCopyToMode(UserMessage, &Message->Request,
	                    sizeof(PORT_MESSAGE) + (USHORT)Message->Request.u1.s1.DataLength, Mode);
}

/* One more message on Port's queue: release a receiver (lock held). */
VOID LpcpSignalQueue(PLPCP_PORT_OBJECT Port)
{
	KeReleaseSemaphore(&Port->MsgQueue.Semaphore, SEMAPHORE_INCREMENT, 1, FALSE);
	if (Port->Flags & LPCP_PORT_WAITABLE)
		KeSetEvent(&Port->WaitEvent, SEMAPHORE_INCREMENT, FALSE);
}

/* Wake Thread from its wait for a reply (lock held). */
VOID LpcpSignalThread(PETHREAD Thread)
{
	KeReleaseSemaphore(&Thread->LpcReplySemaphore, SEMAPHORE_INCREMENT, 1, FALSE);
}

/*
 * Where a message sent on Port goes (lock held): a client's to its server's connection
 * port, carrying the server communication port's context; a server communication port's
 * to its client; a connection port's to itself. ChainPort is the port whose end means no
 * reply will come.
 */
static NTSTATUS LpcpRouteMessage(PLPCP_PORT_OBJECT Port, PLPCP_PORT_OBJECT *QueuePort,
                                 PLPCP_PORT_OBJECT *ChainPort, PVOID *PortContext)
{
	*QueuePort = *ChainPort = Port;
	*PortContext = NULL;
	if (Port->Type == ClientCommunicationPort) {
		if (!Port->ConnectedPort)
			return STATUS_PORT_DISCONNECTED;
		*ChainPort = Port->ConnectedPort;
		*QueuePort = Port->ConnectionPort;
		*PortContext = Port->ConnectedPort->PortContext;
	} else if (Port->Type == ServerCommunicationPort) {
		if (!Port->ConnectedPort)
			return STATUS_PORT_DISCONNECTED;
		*QueuePort = *ChainPort = Port->ConnectedPort;
	} else if (Port->Type != ServerConnectionPort) {
		return STATUS_INVALID_PORT_HANDLE;
	}
	return ((*QueuePort)->Flags & LPCP_PORT_CLOSED) ? STATUS_PORT_DISCONNECTED : STATUS_SUCCESS;
}

/* Send Message (Type, stamped now) on Port without waiting; Message is consumed. */
NTSTATUS LpcpSendDatagram(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Message, LPC_TYPE Type)
{
	PLPCP_PORT_OBJECT QueuePort, ChainPort;
	KIRQL OldIrql = LpcpAcquireLock();
	NTSTATUS Status = LpcpRouteMessage(Port, &QueuePort, &ChainPort, &Message->PortContext);

	if (NT_SUCCESS(Status)) {
		LpcpSetSenderPort(Message, Port);
		LpcpStampMessage(Message, Type, &PsGetCurrentThread()->Cid);
		LpcpEnqueueMessage(QueuePort, Message);
		LpcpSignalQueue(QueuePort);
	}
	LpcpReleaseLock(OldIrql);
	if (!NT_SUCCESS(Status))
		LpcpFreeMessage(Message);
	return Status;
}

/* Take Thread off the reply chain it hangs on, if any (lock held). */
static VOID LpcpUnlinkThread(PETHREAD Thread)
{
	if (Thread->LpcReplyChain.Flink && !IsListEmpty(&Thread->LpcReplyChain)) {
		RemoveEntryList(&Thread->LpcReplyChain);
		InitializeListHead(&Thread->LpcReplyChain);
	}
}

/*
 * Thread will wait for the reply to MessageId, handed to it on ReplyPort; ChainPort's end
 * wakes it without one (lock held).
 */
VOID LpcpPrepareReplyWait(PETHREAD Thread, PLPCP_PORT_OBJECT ReplyPort,
                          PLPCP_PORT_OBJECT ChainPort, ULONG MessageId)
{
	KeInitializeSemaphore(&Thread->LpcReplySemaphore, 0, 1);
	Thread->LpcReplyMessage = NULL;
	Thread->LpcReplyMessageId = MessageId;
	Thread->LpcWaitingOnPort = ReplyPort;
	LpcpUnlinkThread(Thread);
	InsertTailList(&ChainPort->LpcReplyChainHead, &Thread->LpcReplyChain);
}

/* Forget the current thread's reply wait; return the reply it was handed, if any (lock held). */
static PLPCP_MESSAGE LpcpEndReplyWait(PETHREAD Thread)
{
	PLPCP_MESSAGE Message = Thread->LpcReplyMessage;

	Thread->LpcReplyMessage = NULL;
	Thread->LpcReplyMessageId = 0;
	Thread->LpcWaitingOnPort = NULL;
	LpcpUnlinkThread(Thread);
	return Message;
}

/* Forget Thread's reply wait and free a reply it was handed but never took. */
VOID LpcpCancelReplyWait(PETHREAD Thread)
{
	KIRQL OldIrql = LpcpAcquireLock();
	PLPCP_MESSAGE Message = LpcpEndReplyWait(Thread);

	LpcpReleaseLock(OldIrql);
	if (Message)
		LpcpFreeMessage(Message);
}

/*
 * Wait (WrLpcReply) for the reply handed to the current thread on Port. No reply after
 * the wake: the other side is gone (STATUS_PORT_DISCONNECTED).
 */
NTSTATUS LpcpWaitForReply(PLPCP_PORT_OBJECT Port, KPROCESSOR_MODE WaitMode, PLPCP_MESSAGE *Reply)
{
	PETHREAD Thread = PsGetCurrentThread();
	NTSTATUS Status;
	PLPCP_MESSAGE Message;
	KIRQL OldIrql;

	Status = KeWaitForSingleObject(&Thread->LpcReplySemaphore, WrLpcReply, WaitMode, FALSE, NULL);
	OldIrql = LpcpAcquireLock();
	Message = LpcpEndReplyWait(Thread);
	if (Message && Status == STATUS_SUCCESS)
		LpcpReceiveMessage(Port, Message);
	LpcpReleaseLock(OldIrql);
	if (Message && Status != STATUS_SUCCESS)
		LpcpFreeMessage(Message);
	if (Status == STATUS_SUCCESS && !Message)
		Status = STATUS_PORT_DISCONNECTED;
	if (Status == STATUS_SUCCESS)
		*Reply = Message;
	return Status;
}

/* Send Message as a Type request on Port and wait for its reply; Message is consumed. */
NTSTATUS LpcpRequestWaitReply(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Message, LPC_TYPE Type,
                              KPROCESSOR_MODE WaitMode, PLPCP_MESSAGE *Reply)
{
	PETHREAD Thread = PsGetCurrentThread();
	PLPCP_PORT_OBJECT QueuePort, ChainPort;
	KIRQL OldIrql = LpcpAcquireLock();
	NTSTATUS Status = LpcpRouteMessage(Port, &QueuePort, &ChainPort, &Message->PortContext);

	if (NT_SUCCESS(Status)) {
		LpcpSetSenderPort(Message, Port);
		LpcpStampMessage(Message, Type, &Thread->Cid);
		LpcpPrepareReplyWait(Thread, Port, ChainPort, Message->Request.MessageId);
		LpcpEnqueueMessage(QueuePort, Message);
		LpcpSignalQueue(QueuePort);
	}
	LpcpReleaseLock(OldIrql);
	if (!NT_SUCCESS(Status)) {
		LpcpFreeMessage(Message);
		return Status;
	}
	return LpcpWaitForReply(Port, WaitMode, Reply);
}

/* NtRequestPort: send a datagram (LPC_DATAGRAM) on PortHandle. */
NTSTATUS NTAPI NtRequestPort(HANDLE PortHandle, PPORT_MESSAGE RequestMessage)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PLPCP_PORT_OBJECT Port;
	PLPCP_MESSAGE Message;
	NTSTATUS Status;

	Status = LpcpReferencePort(PortHandle, PreviousMode, &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = LpcpCaptureMessage(RequestMessage, Port->MaxMessageLength, PreviousMode, &Message);
	if (NT_SUCCESS(Status))
		Status = LpcpSendDatagram(Port, Message, LPC_DATAGRAM);
	ObDereferenceObject(Port);
	return Status;
}

/* NtRequestWaitReplyPort: send an LPC_REQUEST on PortHandle and wait for its LPC_REPLY. */
NTSTATUS NTAPI NtRequestWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE RequestMessage,
                                      PPORT_MESSAGE ReplyMessage)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PLPCP_PORT_OBJECT Port;
	PLPCP_MESSAGE Message, Reply;
	NTSTATUS Status;

	Status = LpcpReferencePort(PortHandle, PreviousMode, &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = LpcpCaptureMessage(RequestMessage, Port->MaxMessageLength, PreviousMode, &Message);
	if (NT_SUCCESS(Status))
		Status = LpcpRequestWaitReply(Port, Message, LPC_REQUEST, PreviousMode, &Reply);
	if (Status == STATUS_SUCCESS) {
		Status = LpcpCopyMessageOut(ReplyMessage, Reply, PreviousMode);
		LpcpFreeMessage(Reply);
	}
	ObDereferenceObject(Port);
	return Status;
}

/* A kernel message's type: its own when set, else Default. */
static LPC_TYPE LpcpKernelType(const PORT_MESSAGE *Message, LPC_TYPE Default)
{
	return Message->u2.s2.Type ? Message->u2.s2.Type : Default;
}

/* LpcRequestPort: a kernel datagram (LPC_CLIENT_DIED, LPC_PORT_CLOSED…) to a port. */
NTSTATUS LpcRequestPort(PVOID PortAddress, PPORT_MESSAGE RequestMessage)
{
	PLPCP_MESSAGE Message;
	NTSTATUS Status;

	Status = LpcpCaptureMessage(RequestMessage, PORT_MAXIMUM_MESSAGE_LENGTH, KernelMode, &Message);
	if (NT_SUCCESS(Status))
		Status = LpcpSendDatagram(PortAddress, Message,
		                          LpcpKernelType(RequestMessage, LPC_DATAGRAM));
	return Status;
}

/* LpcRequestWaitReplyPort: a kernel request (LPC_ERROR_EVENT…) and its reply. */
NTSTATUS LpcRequestWaitReplyPort(PVOID PortAddress, PPORT_MESSAGE RequestMessage,
                                 PPORT_MESSAGE ReplyMessage)
{
	PLPCP_MESSAGE Message, Reply;
	NTSTATUS Status;

	Status = LpcpCaptureMessage(RequestMessage, PORT_MAXIMUM_MESSAGE_LENGTH, KernelMode, &Message);
	if (NT_SUCCESS(Status))
		Status = LpcpRequestWaitReply(PortAddress, Message,
		                              LpcpKernelType(RequestMessage, LPC_REQUEST),
		                              KeGetPreviousMode(), &Reply);
	if (Status == STATUS_SUCCESS) {
		Status = LpcpCopyMessageOut(ReplyMessage, Reply, KernelMode);
		LpcpFreeMessage(Reply);
	}
	return Status;
}
