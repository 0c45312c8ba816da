/*
 * ntlpcapi.h — LPC as user mode sees it: PORT_MESSAGE (24 bytes), the views, the
 * hard-error message, and the port services with NT's signatures.
 */
#ifndef _NTLPCAPI_H
#define _NTLPCAPI_H

#include <ntdef.h>
#include <pstypes.h>

#define PORT_MAXIMUM_MESSAGE_LENGTH 256

#ifndef _LPC_TYPE_DEFINED
#define _LPC_TYPE_DEFINED
typedef enum _LPC_TYPE {
	LPC_NEW_MESSAGE, LPC_REQUEST, LPC_REPLY, LPC_DATAGRAM, LPC_LOST_REPLY, LPC_PORT_CLOSED,
	LPC_CLIENT_DIED, LPC_EXCEPTION, LPC_DEBUG_EVENT, LPC_ERROR_EVENT, LPC_CONNECTION_REQUEST,
	LPC_CONNECTION_REFUSED
} LPC_TYPE;

typedef struct _PORT_MESSAGE {
	union {
		struct { SHORT DataLength; SHORT TotalLength; } s1;
		ULONG Length;
	} u1;
	union {
		struct { SHORT Type; SHORT DataInfoOffset; } s2;
		ULONG ZeroInit;
	} u2;
	CLIENT_ID ClientId;
	ULONG MessageId;
	ULONG ClientViewSize;
} PORT_MESSAGE, *PPORT_MESSAGE;

typedef struct _PORT_VIEW {
	ULONG Length;
	HANDLE SectionHandle;
	ULONG SectionOffset;
	SIZE_T ViewSize;
	PVOID ViewBase;
	PVOID ViewRemoteBase;
} PORT_VIEW, *PPORT_VIEW;

typedef struct _REMOTE_PORT_VIEW {
	ULONG Length;
	SIZE_T ViewSize;
	PVOID ViewBase;
} REMOTE_PORT_VIEW, *PREMOTE_PORT_VIEW;
#endif

/* What the kernel sends the hard-error port (NtRaiseHardError, LPC_ERROR_EVENT). */
#define MAXIMUM_HARDERROR_PARAMETERS 4
typedef struct _HARDERROR_MSG {
	PORT_MESSAGE h;
	NTSTATUS Status;
	LARGE_INTEGER ErrorTime;
	ULONG ValidResponseOptions;
	ULONG Response;
	ULONG NumberOfParameters;
	ULONG UnicodeStringParameterMask;
	ULONG_PTR Parameters[MAXIMUM_HARDERROR_PARAMETERS];
} HARDERROR_MSG, *PHARDERROR_MSG;

/* What the kernel sends a thread's termination port when the thread ends. */
typedef struct _CLIENT_DIED_MSG {
	PORT_MESSAGE h;
	LARGE_INTEGER CreateTime;
} CLIENT_DIED_MSG, *PCLIENT_DIED_MSG;

#define OptionAbortRetryIgnore 0
#define OptionOk 1
#define ResponseOk 6

NTSTATUS NTAPI NtCreatePort(PHANDLE PortHandle, POBJECT_ATTRIBUTES ObjectAttributes,
                            ULONG MaxConnectionInfoLength, ULONG MaxMessageLength,
                            ULONG MaxPoolUsage);
NTSTATUS NTAPI NtConnectPort(PHANDLE PortHandle, PUNICODE_STRING PortName,
                             PVOID SecurityQos, PPORT_VIEW ClientView,
                             PREMOTE_PORT_VIEW ServerView, PULONG MaxMessageLength,
                             PVOID ConnectionInformation, PULONG ConnectionInformationLength);
NTSTATUS NTAPI NtListenPort(HANDLE PortHandle, PPORT_MESSAGE ConnectionRequest);
NTSTATUS NTAPI NtAcceptConnectPort(PHANDLE PortHandle, PVOID PortContext,
                                   PPORT_MESSAGE ConnectionRequest, BOOLEAN AcceptConnection,
                                   PPORT_VIEW ServerView, PREMOTE_PORT_VIEW ClientView);
NTSTATUS NTAPI NtCompleteConnectPort(HANDLE PortHandle);
NTSTATUS NTAPI NtRequestPort(HANDLE PortHandle, PPORT_MESSAGE LpcMessage);
NTSTATUS NTAPI NtRequestWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE LpcRequest,
                                      PPORT_MESSAGE LpcReply);
NTSTATUS NTAPI NtReplyPort(HANDLE PortHandle, PPORT_MESSAGE LpcReply);
NTSTATUS NTAPI NtReplyWaitReceivePort(HANDLE PortHandle, PVOID *PortContext,
                                      PPORT_MESSAGE ReplyMessage, PPORT_MESSAGE ReceiveMessage);
NTSTATUS NTAPI NtReplyWaitReceivePortEx(HANDLE PortHandle, PVOID *PortContext,
                                        PPORT_MESSAGE ReplyMessage,
                                        PPORT_MESSAGE ReceiveMessage, PLARGE_INTEGER Timeout);
NTSTATUS NTAPI NtReplyWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE ReplyMessage);
NTSTATUS NTAPI NtRegisterThreadTerminatePort(HANDLE PortHandle);
NTSTATUS NTAPI NtSetInformationProcess(HANDLE ProcessHandle,
                                       PROCESSINFOCLASS ProcessInformationClass,
                                       PVOID ProcessInformation,
                                       ULONG ProcessInformationLength);
NTSTATUS NTAPI NtRaiseHardError(NTSTATUS ErrorStatus, ULONG NumberOfParameters,
                                ULONG UnicodeStringParameterMask, PULONG_PTR Parameters,
                                ULONG ValidResponseOptions, PULONG Response);
NTSTATUS NTAPI NtSetDefaultHardErrorPort(HANDLE DefaultHardErrorPort);

#endif
