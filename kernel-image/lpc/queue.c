/*
 * queue.c — the message queue: length checks, kernel-stamped ids, a port's receive queue,
 * the hand-off of replies to waiting threads, and the connect queue of received connection
 * requests. Pure list work under the LPC lock; it builds for the host tests too.
 */
#include <internal/lpc.h>

ULONG LpcpNextMessageId;

/*
 * Check a caller's header: at most PORT_MAXIMUM_MESSAGE_LENGTH and the port's maximum
 * (STATUS_PORT_MESSAGE_TOO_LONG), and data that fits in the total (STATUS_INVALID_PARAMETER).
 */
NTSTATUS LpcpValidateMessage(const PORT_MESSAGE *Message, ULONG MaxMessageLength)
{
	ULONG DataLength = (USHORT)Message->u1.s1.DataLength;
	ULONG TotalLength = (USHORT)Message->u1.s1.TotalLength;

	if (MaxMessageLength > PORT_MAXIMUM_MESSAGE_LENGTH)
		MaxMessageLength = PORT_MAXIMUM_MESSAGE_LENGTH;
	if (TotalLength > MaxMessageLength || DataLength + sizeof(PORT_MESSAGE) > MaxMessageLength)
		return STATUS_PORT_MESSAGE_TOO_LONG;
	if (DataLength + sizeof(PORT_MESSAGE) > TotalLength)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/* Stamp a new message: its type, the sender's ClientId and the next message id (never 0). */
VOID LpcpStampMessage(PLPCP_MESSAGE Message, LPC_TYPE Type, const CLIENT_ID *ClientId)
{
	if (++LpcpNextMessageId == 0)
		LpcpNextMessageId = 1;
	Message->Request.u2.s2.Type = Type;
	Message->Request.ClientId = *ClientId;
	Message->Request.MessageId = LpcpNextMessageId;
}

/*
 * Send Message to Port: a reply is handed to the thread waiting for it (RepliedToThread),
 * anything else joins the tail of Port's receive queue. The caller signals the receiver.
 */
DECLSPEC_TRACED VOID LpcpEnqueueMessage(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Message)
{
	if (Message->RepliedToThread) {
		Message->RepliedToThread->LpcReplyMessage = Message;
		InitializeListHead(&Message->Entry);
		return;
	}
	InsertTailList(&Port->MsgQueue.ReceiveHead, &Message->Entry);
}

/* Take the oldest message off Port's receive queue (NULL when it is empty). */
PLPCP_MESSAGE LpcpDequeueMessage(PLPCP_PORT_OBJECT Port)
{
	PLIST_ENTRY Entry;

	if (IsListEmpty(&Port->MsgQueue.ReceiveHead))
		return NULL;
	Entry = RemoveHeadList(&Port->MsgQueue.ReceiveHead);
	InitializeListHead(Entry);
	return CONTAINING_RECORD(Entry, LPCP_MESSAGE, Entry);
}

/*
 * The running thread has taken Message off Port and is about to copy it out. A connection
 * request stays on Port's connect queue until NtAcceptConnectPort answers it.
 */
DECLSPEC_TRACED VOID LpcpReceiveMessage(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Message)
{
	if (Message->Request.u2.s2.Type == LPC_CONNECTION_REQUEST && !Message->RepliedToThread)
		InsertTailList(&Port->ConnectQueueHead, &Message->Entry);
}

/* The pending connection request with MessageId from ClientId on a connect queue, or NULL. */
PLPCP_MESSAGE LpcpFindConnectMessage(PLIST_ENTRY Head, ULONG MessageId, const CLIENT_ID *ClientId)
{
	PLIST_ENTRY Entry;
	PLPCP_MESSAGE Message;

	for (Entry = Head->Flink; Entry != Head; Entry = Entry->Flink) {
		Message = CONTAINING_RECORD(Entry, LPCP_MESSAGE, Entry);
		if (Message->Request.MessageId == MessageId &&
		    Message->Request.ClientId.UniqueProcess == ClientId->UniqueProcess &&
		    Message->Request.ClientId.UniqueThread == ClientId->UniqueThread)
			return Message;
	}
	return NULL;
}

/* Unlink and return the message with MessageId from a queue (NULL if it is not there). */
PLPCP_MESSAGE LpcpRemoveMessageById(PLIST_ENTRY Head, ULONG MessageId)
{
	PLIST_ENTRY Entry;
	PLPCP_MESSAGE Message;

	for (Entry = Head->Flink; Entry != Head; Entry = Entry->Flink) {
		Message = CONTAINING_RECORD(Entry, LPCP_MESSAGE, Entry);
		if (Message->Request.MessageId == MessageId) {
			RemoveEntryList(Entry);
			InitializeListHead(Entry);
			return Message;
		}
	}
	return NULL;
}

/* The server connection port Port belongs to (itself for a connection port). */
PLPCP_PORT_OBJECT LpcpServerPort(PLPCP_PORT_OBJECT Port)
{
	return Port->Type == ServerConnectionPort ? Port : Port->ConnectionPort;
}

/* Where a thread receiving on Port waits: a server communication port's connection port. */
PLPCP_PORT_OBJECT LpcpReceivePort(PLPCP_PORT_OBJECT Port)
{
	if (Port->Type == ServerCommunicationPort && Port->ConnectionPort)
		return Port->ConnectionPort;
	return Port;
}
