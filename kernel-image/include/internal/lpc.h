/*
 * lpc.h — local procedure calls: port objects, kernel messages and the message queue.
 * Only host-safe headers here: lpc/queue.c builds for the host unit tests too.
 */
#ifndef _INTERNAL_LPC_H
#define _INTERNAL_LPC_H

#include <internal/ke.h>
#include <pstypes.h>
#include <obtypes.h>
#include <lpctypes.h>
#include <ntstatus.h>
#include <rtl.h>

#define TAG_LPC_MESSAGE 'McpL'
#define TAG_LPC_TERMINATION 'TcpL'
#define LPCP_SEMAPHORE_LIMIT 0x7FFFFFFF

typedef enum _LPCP_PORT_TYPE {
	ServerConnectionPort = 1,
	UnconnectedCommunicationPort,
	ServerCommunicationPort,
	ClientCommunicationPort
} LPCP_PORT_TYPE;

/* LPCP_PORT_OBJECT.Flags */
#define LPCP_PORT_CLOSED         0x0001    /* last handle closed: no more messages */
#define LPCP_PORT_WAITABLE       0x0002    /* WaitEvent signals queued messages */

/* A port's receive queue: one semaphore count per queued message. */
typedef struct _LPCP_PORT_QUEUE {
	KSEMAPHORE Semaphore;
	LIST_ENTRY ReceiveHead;
} LPCP_PORT_QUEUE, *PLPCP_PORT_QUEUE;

/*
 * A port. A server connection port is named and receives connection requests and every
 * message for its server communication ports; each connection pairs a server and a client
 * communication port (ConnectedPort both ways). Threads waiting for a reply that only this
 * port's owner can send hang on LpcReplyChainHead.
 */
typedef struct _LPCP_PORT_OBJECT {
	struct _LPCP_PORT_OBJECT *ConnectionPort;
	struct _LPCP_PORT_OBJECT *ConnectedPort;
	LPCP_PORT_QUEUE MsgQueue;
	CLIENT_ID Creator;
	PVOID PortContext;
	PETHREAD ClientThread;
	LIST_ENTRY LpcReplyChainHead;
	LIST_ENTRY ConnectQueueHead;
	ULONG MaxMessageLength;
	ULONG MaxConnectionInfoLength;
	LPCP_PORT_TYPE Type;
	ULONG Flags;
	KEVENT WaitEvent;
} LPCP_PORT_OBJECT, *PLPCP_PORT_OBJECT;

/*
 * A message in the kernel: the captured PORT_MESSAGE with its data right after it.
 * SenderPort is the port it was sent through (referenced; a connection request's is the
 * new client port); RepliedToThread the thread a reply is handed to; PortContext the
 * sending connection's context.
 */
typedef struct _LPCP_MESSAGE {
	LIST_ENTRY Entry;
	PLPCP_PORT_OBJECT SenderPort;
	PETHREAD RepliedToThread;
	PVOID PortContext;
	PORT_MESSAGE Request;
} LPCP_MESSAGE, *PLPCP_MESSAGE;

#define LPCP_MESSAGE_SIZE (FIELD_OFFSET(LPCP_MESSAGE, Request) + PORT_MAXIMUM_MESSAGE_LENGTH)

/* The LPC lock: the dispatcher lock (SYNCH_LEVEL), so semaphores can be signalled inside. */
#define LpcpAcquireLock()         KiAcquireDispatcherLock()
#define LpcpReleaseLock(OldIrql)  KiReleaseDispatcherLock(OldIrql)

extern ULONG LpcpNextMessageId;
extern struct _OBJECT_TYPE *LpcPortObjectType;
extern struct _OBJECT_TYPE *LpcWaitablePortObjectType;
extern PVOID ExpDefaultErrorPort;

/* queue.c: the queue, ids and lengths (no allocation, no waiting; the lock is held). */
NTSTATUS LpcpValidateMessage(const PORT_MESSAGE *Message, ULONG MaxMessageLength);
VOID LpcpStampMessage(PLPCP_MESSAGE Message, LPC_TYPE Type, const CLIENT_ID *ClientId);
DECLSPEC_TRACED VOID LpcpEnqueueMessage(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Message);
PLPCP_MESSAGE LpcpDequeueMessage(PLPCP_PORT_OBJECT Port);
DECLSPEC_TRACED VOID LpcpReceiveMessage(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Message);
PLPCP_MESSAGE LpcpFindConnectMessage(PLIST_ENTRY Head, ULONG MessageId, const CLIENT_ID *ClientId);
PLPCP_MESSAGE LpcpRemoveMessageById(PLIST_ENTRY Head, ULONG MessageId);
PLPCP_PORT_OBJECT LpcpReceivePort(PLPCP_PORT_OBJECT Port);
PLPCP_PORT_OBJECT LpcpServerPort(PLPCP_PORT_OBJECT Port);
VOID LpcpSetSenderPort(PLPCP_MESSAGE Message, PLPCP_PORT_OBJECT Port);

/* create.c, close.c: port objects. */
BOOLEAN LpcInitSystem(VOID);
NTSTATUS LpcpCreatePortObject(KPROCESSOR_MODE Mode, POBJECT_ATTRIBUTES ObjectAttributes,
                              LPCP_PORT_TYPE Type, BOOLEAN Waitable, PLPCP_PORT_OBJECT *Port);
NTSTATUS LpcpReferencePort(HANDLE PortHandle, KPROCESSOR_MODE Mode, PLPCP_PORT_OBJECT *Port);
DECLSPEC_TRACED VOID LpcpDeletePort(PVOID Object);
VOID LpcpClosePort(struct _EPROCESS *Process, PVOID Object, ACCESS_MASK GrantedAccess,
                   ULONG ProcessHandleCount, ULONG SystemHandleCount);

/* send.c, reply.c: messages. */
VOID LpcpSignalQueue(PLPCP_PORT_OBJECT Port);
VOID LpcpSignalThread(PETHREAD Thread);
PLPCP_MESSAGE LpcpAllocateMessage(VOID);
VOID LpcpFreeMessage(PLPCP_MESSAGE Message);
NTSTATUS LpcpCaptureMessage(const PORT_MESSAGE *UserMessage, ULONG MaxMessageLength,
                            KPROCESSOR_MODE Mode, PLPCP_MESSAGE *Message);
NTSTATUS LpcpCopyMessageOut(PPORT_MESSAGE UserMessage, PLPCP_MESSAGE Message,
                            KPROCESSOR_MODE Mode);
NTSTATUS LpcpSendDatagram(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Message, LPC_TYPE Type);
NTSTATUS LpcpRequestWaitReply(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Message, LPC_TYPE Type,
                              KPROCESSOR_MODE WaitMode, PLPCP_MESSAGE *Reply);
NTSTATUS LpcpWaitForReply(PLPCP_PORT_OBJECT Port, KPROCESSOR_MODE WaitMode,
                          PLPCP_MESSAGE *Reply);
VOID LpcpPrepareReplyWait(PETHREAD Thread, PLPCP_PORT_OBJECT ReplyPort,
                          PLPCP_PORT_OBJECT ChainPort, ULONG MessageId);
VOID LpcpCancelReplyWait(PETHREAD Thread);
NTSTATUS LpcpSendReply(PLPCP_PORT_OBJECT Port, PLPCP_MESSAGE Reply);
NTSTATUS LpcpReceive(PLPCP_PORT_OBJECT Port, KPROCESSOR_MODE Mode, PLARGE_INTEGER Timeout,
                     PLPCP_MESSAGE *Message);
NTSTATUS LpcRequestPort(PVOID PortAddress, PPORT_MESSAGE RequestMessage);
NTSTATUS LpcRequestWaitReplyPort(PVOID PortAddress, PPORT_MESSAGE RequestMessage,
                                 PPORT_MESSAGE ReplyMessage);
VOID LpcpDisconnectPort(PLPCP_PORT_OBJECT Port);
VOID LpcpWakeReplyChain(PLPCP_PORT_OBJECT Port);

/* view.c: port views (none with a section). */
NTSTATUS LpcpCheckPortView(PPORT_VIEW View, KPROCESSOR_MODE Mode);
NTSTATUS LpcpReturnNoRemoteView(PREMOTE_PORT_VIEW View, KPROCESSOR_MODE Mode);

/* terminate.c, hard.c: thread exit and hard errors. */
VOID LpcExitThread(PETHREAD Thread);
NTSTATUS ExpRaiseHardError(NTSTATUS ErrorStatus, ULONG NumberOfParameters,
                           ULONG UnicodeStringParameterMask, PULONG_PTR Parameters,
                           ULONG ValidResponseOptions, PULONG Response);

#endif
