/*
 * close.c — the end of ports. When the last handle to a communication port closes, the
 * other side hears LPC_PORT_CLOSED and the connection is cut; when a connection port's
 * last handle closes, it takes no more messages. Threads waiting for a reply that can no
 * longer come are woken without one (STATUS_PORT_DISCONNECTED). Deletion frees what is
 * still queued.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/lpc.h>

/* Wake every thread waiting for a reply only Port's owner could send (lock held). */
VOID LpcpWakeReplyChain(PLPCP_PORT_OBJECT Port)
{
	PLIST_ENTRY Entry;
	PETHREAD Thread;

	while (!IsListEmpty(&Port->LpcReplyChainHead)) {
		Entry = RemoveHeadList(&Port->LpcReplyChainHead);
		InitializeListHead(Entry);
		Thread = CONTAINING_RECORD(Entry, ETHREAD, LpcReplyChain);
		Thread->LpcReplyMessageId = 0;
		LpcpSignalThread(Thread);
	}
}

/* Cut Port's connection (lock held): neither side reaches the other any more. */
static VOID LpcpUnlinkPorts(PLPCP_PORT_OBJECT Port)
{
	if (Port->ConnectedPort)
		Port->ConnectedPort->ConnectedPort = NULL;
	Port->ConnectedPort = NULL;
}

/* Tell the other side of Port's connection that it closed (LPC_PORT_CLOSED), then cut it. */
VOID LpcpDisconnectPort(PLPCP_PORT_OBJECT Port)
{
	PLPCP_MESSAGE Message = LpcpAllocateMessage();
	KIRQL OldIrql;

	if (Message) {
		Message->Request.u1.s1.TotalLength = sizeof(PORT_MESSAGE);
		LpcpSendDatagram(Port, Message, LPC_PORT_CLOSED);
	}
	OldIrql = LpcpAcquireLock();
	LpcpUnlinkPorts(Port);
	LpcpWakeReplyChain(Port);
	LpcpReleaseLock(OldIrql);
}

/* Move every message on Head to List (lock held). */
static VOID LpcpDrainQueue(PLIST_ENTRY Head, PLIST_ENTRY List)
{
	while (!IsListEmpty(Head))
		InsertTailList(List, RemoveHeadList(Head));
}

/* Free the messages still queued on Port (a dead port holds no references through them). */
static VOID LpcpDestroyPortQueue(PLPCP_PORT_OBJECT Port)
{
	LIST_ENTRY Messages;
	KIRQL OldIrql;

	InitializeListHead(&Messages);
	OldIrql = LpcpAcquireLock();
	LpcpDrainQueue(&Port->MsgQueue.ReceiveHead, &Messages);
	LpcpDrainQueue(&Port->ConnectQueueHead, &Messages);
	LpcpReleaseLock(OldIrql);
	while (!IsListEmpty(&Messages))
		LpcpFreeMessage(CONTAINING_RECORD(RemoveHeadList(&Messages), LPCP_MESSAGE, Entry));
}

/*
 * The close procedure: with the last handle to a port, its connection is cut (the other
 * side hears LPC_PORT_CLOSED) or, for a connection port, it takes no more messages; what
 * is queued on it is freed.
 */
VOID LpcpClosePort(PEPROCESS Process, PVOID Object, ACCESS_MASK GrantedAccess,
                   ULONG ProcessHandleCount, ULONG SystemHandleCount)
{
	PLPCP_PORT_OBJECT Port = Object;
	KIRQL OldIrql;

	if (SystemHandleCount != 1)
		return;
	if (Port->Type != ServerConnectionPort) {
		LpcpDisconnectPort(Port);
	} else {
		OldIrql = LpcpAcquireLock();
		Port->Flags |= LPCP_PORT_CLOSED;
		LpcpWakeReplyChain(Port);
		LpcpReleaseLock(OldIrql);
	}
	LpcpDestroyPortQueue(Port);
}

/* The delete procedure: the port's last reference went; free what it still holds. */
DECLSPEC_TRACED VOID LpcpDeletePort(PVOID Object)
{
	PLPCP_PORT_OBJECT Port = Object;
	PETHREAD Thread;
	KIRQL OldIrql;

	OldIrql = LpcpAcquireLock();
	LpcpUnlinkPorts(Port);
	LpcpWakeReplyChain(Port);
	Thread = Port->ClientThread;
	Port->ClientThread = NULL;
	if (Thread)
		LpcpSignalThread(Thread);
	LpcpReleaseLock(OldIrql);
	LpcpDestroyPortQueue(Port);
	if (Thread)
		ObDereferenceObject(Thread);
	if (Port->ConnectionPort && Port->ConnectionPort != Port)
		ObDereferenceObject(Port->ConnectionPort);
}
