/*
 * reply.c — replies and receives: NtReplyPort hands a reply to the thread waiting for it
 * (found by the request's ClientId, matched by its MessageId), NtReplyWaitReceivePort(Ex)
 * replies and then takes the next message off the port's queue (a server communication
 * port receives on its connection port, so one thread serves every client),
 * NtReplyWaitReplyPort replies and waits for the answer.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <internal/lpc.h>
#include <ntapi.h>

/*
 * Hand Reply (a captured reply header: the request's ClientId and MessageId) to the
 * thread waiting for it through a port of the same server; STATUS_REPLY_MESSAGE_MISMATCH
 * if none is. Reply is consumed.
 */
NTSTATUS LpcpSendReply(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Reply)
{
	PETHREAD Thread;
	NTSTATUS Status;
	KIRQL OldIrql;

	Status = PsLookupThreadByThreadId(Reply->Request.ClientId.UniqueThread, &Thread);
	if (!NT_SUCCESS(Status)) {
		LpcpFreeMessage(Reply);
		return Status;
	}
	OldIrql = LpcpAcquireLock();
	if (Thread->Cid.UniqueProcess != Reply->Request.ClientId.UniqueProcess ||
	    !Thread->LpcWaitingOnPort || Thread->LpcReplyMessage ||
	    Thread->LpcReplyMessageId != Reply->Request.MessageId ||
	    LpcpServerPort(Thread->LpcWaitingOnPort) != LpcpServerPort(Port)) {
		Status = STATUS_REPLY_MESSAGE_MISMATCH;
	} else {
		LpcpSetSenderPort(Reply, Port);
		Reply->Request.u2.s2.Type = LPC_REPLY;
		Reply->RepliedToThread = Thread;
		Thread->LpcReplyMessageId = 0;
		LpcpEnqueueMessage(Thread->LpcWaitingOnPort, Reply);
		LpcpSignalThread(Thread);
	}
	LpcpReleaseLock(OldIrql);
	if (!NT_SUCCESS(Status))
		LpcpFreeMessage(Reply);
	ObDereferenceObject(Thread);
	return Status;
}

/* Capture ReplyMessage from Mode's memory and send it as the reply it answers. */
static NTSTATUS LpcpReplyFromCaller(PLPCP_PORT_OBJECT Port, PPORT_MESSAGE ReplyMessage,
                                    KPROCESSOR_MODE Mode)
{
	PLPCP_MESSAGE Reply;
	NTSTATUS Status;

	Status = LpcpCaptureMessage(ReplyMessage, Port->MaxMessageLength, Mode, &Reply);
	if (NT_SUCCESS(Status))
		Status = LpcpSendReply(Port, Reply);
	return Status;
}

/*
 * Wait (WrLpcReceive) on the semaphore of the port Port receives on and take the oldest
 * message; STATUS_TIMEOUT, STATUS_USER_APC… end the wait without one.
 */
NTSTATUS LpcpReceive(PLPCP_PORT_OBJECT Port, KPROCESSOR_MODE Mode, PLARGE_INTEGER Timeout,
                     PLPCP_MESSAGE *MessageOut)
{
	PLPCP_PORT_OBJECT ReceivePort = LpcpReceivePort(Port);
	PLPCP_MESSAGE Message = NULL;
	NTSTATUS Status;
	KIRQL OldIrql;

	while (!Message) {
		Status = KeWaitForSingleObject(&ReceivePort->MsgQueue.Semaphore, WrLpcReceive, Mode,
		                               FALSE, Timeout);
		if (Status != STATUS_SUCCESS)
			return Status;
		OldIrql = LpcpAcquireLock();
		Message = LpcpDequeueMessage(ReceivePort);
		if (Message)
			LpcpReceiveMessage(ReceivePort, Message);
		if ((ReceivePort->Flags & LPCP_PORT_WAITABLE) &&
		    IsListEmpty(&ReceivePort->MsgQueue.ReceiveHead))
			KeResetEvent(&ReceivePort->WaitEvent);
		LpcpReleaseLock(OldIrql);
	}
	*MessageOut = Message;
	return STATUS_SUCCESS;
}

/*
 * Copy a received message out to the receiver (and its connection's PortContext). The
 * receiver keeps a connection request for NtAcceptConnectPort; anything else is freed.
 */
static NTSTATUS LpcpDeliverMessage(PLPCP_MESSAGE Message, PVOID *PortContext,
                                   PPORT_MESSAGE ReceiveMessage, KPROCESSOR_MODE Mode)
{
	NTSTATUS Status = LpcpCopyMessageOut(ReceiveMessage, Message, Mode);

	if (NT_SUCCESS(Status) && PortContext)
		Status = MmCopyToMode(PortContext, &Message->PortContext, sizeof(PVOID), Mode);
	if (Message->Request.u2.s2.Type != LPC_CONNECTION_REQUEST)
		LpcpFreeMessage(Message);
	return Status;
}

/* NtReplyPort: send ReplyMessage to the thread waiting for it. */
NTSTATUS NTAPI NtReplyPort(HANDLE PortHandle, PPORT_MESSAGE ReplyMessage)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PLPCP_PORT_OBJECT Port;
	NTSTATUS Status;

	Status = LpcpReferencePort(PortHandle, PreviousMode, &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = LpcpReplyFromCaller(Port, ReplyMessage, PreviousMode);
	ObDereferenceObject(Port);
	return Status;
}

/*
 * NtReplyWaitReceivePortEx: reply (if ReplyMessage), then wait up to Timeout for the
 * next message on the port; its connection's context goes to PortContext.
 */
NTSTATUS NTAPI NtReplyWaitReceivePortEx(HANDLE PortHandle, PVOID *PortContext,
                                        PPORT_MESSAGE ReplyMessage, PPORT_MESSAGE ReceiveMessage,
                                        PLARGE_INTEGER Timeout)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	LARGE_INTEGER CapturedTimeout;
	PLPCP_PORT_OBJECT Port;
	PLPCP_MESSAGE Message;
	NTSTATUS Status = STATUS_SUCCESS;

	if (Timeout)
		Status = MmCopyFromMode(&CapturedTimeout, Timeout, sizeof(CapturedTimeout), PreviousMode);
	if (NT_SUCCESS(Status))
		Status = LpcpReferencePort(PortHandle, PreviousMode, &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	if (ReplyMessage)
		Status = LpcpReplyFromCaller(Port, ReplyMessage, PreviousMode);
	if (NT_SUCCESS(Status))
		Status = LpcpReceive(Port, PreviousMode, Timeout ? &CapturedTimeout : NULL, &Message);
	if (Status == STATUS_SUCCESS)
		Status = LpcpDeliverMessage(Message, PortContext, ReceiveMessage, PreviousMode);
	ObDereferenceObject(Port);
	return Status;
}

/* NtReplyWaitReceivePort: the same, waiting as long as it takes. */
NTSTATUS NTAPI NtReplyWaitReceivePort(HANDLE PortHandle, PVOID *PortContext,
                                      PPORT_MESSAGE ReplyMessage, PPORT_MESSAGE ReceiveMessage)
{
	return NtReplyWaitReceivePortEx(PortHandle, PortContext, ReplyMessage, ReceiveMessage, NULL);
}

/*
 * NtReplyWaitReplyPort: reply with ReplyMessage, then wait for the answer to it (a reply
 * with the same MessageId), which overwrites ReplyMessage.
 */
NTSTATUS NTAPI NtReplyWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE ReplyMessage)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PLPCP_PORT_OBJECT Port;
	PLPCP_MESSAGE Reply, Answer;
	NTSTATUS Status;
	KIRQL OldIrql;

	Status = LpcpReferencePort(PortHandle, PreviousMode, &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = LpcpCaptureMessage(ReplyMessage, Port->MaxMessageLength, PreviousMode, &Reply);
	if (NT_SUCCESS(Status)) {
		OldIrql = LpcpAcquireLock();
		LpcpPrepareReplyWait(PsGetCurrentThread(), Port, Port, Reply->Request.MessageId);
		LpcpReleaseLock(OldIrql);
		Status = LpcpSendReply(Port, Reply);
		if (!NT_SUCCESS(Status))
			LpcpCancelReplyWait(PsGetCurrentThread());
	}
	if (NT_SUCCESS(Status))
		Status = LpcpWaitForReply(Port, PreviousMode, &Answer);
	if (Status == STATUS_SUCCESS) {
		Status = LpcpCopyMessageOut(ReplyMessage, Answer, PreviousMode);
		LpcpFreeMessage(Answer);
	}
	ObDereferenceObject(Port);
	return Status;
}
