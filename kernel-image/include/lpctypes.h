/*
 * lpctypes.h — local procedure calls as user mode and the kernel both see them: the
 * 24-byte PORT_MESSAGE header, the LPC_* message types, port views and the hard-error
 * message the kernel sends to an exception or default hard-error port.
 */
#ifndef _LPCTYPES_H
#define _LPCTYPES_H

#include <ntdef.h>

#define PORT_MAXIMUM_MESSAGE_LENGTH 256
#define PORT_CONNECT                0x0001
#define PORT_ALL_ACCESS             (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1)

/*
 * The message types (NT's values). A packed enumeration, two bytes wide as NT's CSHORT
 * (LPC_KERNELMODE_MESSAGE, a flag bit NT keeps in the same field, sets the width).
 */
typedef enum __attribute__((packed)) _LPC_TYPE {
	LPC_NEW_MESSAGE,
	LPC_REQUEST,
	LPC_REPLY,
	LPC_DATAGRAM,
	LPC_LOST_REPLY,
	LPC_PORT_CLOSED,
	LPC_CLIENT_DIED,
	LPC_EXCEPTION,
	LPC_DEBUG_EVENT,
	LPC_ERROR_EVENT,
	LPC_CONNECTION_REQUEST,
	LPC_CONNECTION_REFUSED,
	LPC_KERNELMODE_MESSAGE = 0x8000
} LPC_TYPE;

typedef struct _PORT_MESSAGE {
	union {
		struct {
			CSHORT DataLength;
			CSHORT TotalLength;
		} s1;
		ULONG Length;
	} u1;
	union {
		struct {
			LPC_TYPE Type;
			CSHORT DataInfoOffset;
		} s2;
		ULONG ZeroInit;
	} u2;
	CLIENT_ID ClientId;
	ULONG MessageId;
	union {
		SIZE_T ClientViewSize;
		ULONG CallbackId;
	};
} PORT_MESSAGE, *PPORT_MESSAGE;

#ifdef __i386__
_Static_assert(sizeof(PORT_MESSAGE) == 24, "PORT_MESSAGE is NT's 24 bytes");
#endif

#define PORT_MAXIMUM_DATA_LENGTH (PORT_MAXIMUM_MESSAGE_LENGTH - sizeof(PORT_MESSAGE))

/* A section the client maps for its requests (NtConnectPort), and the server's view. */
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

typedef struct _SECURITY_QUALITY_OF_SERVICE {
	ULONG Length;
	ULONG ImpersonationLevel;
	UCHAR ContextTrackingMode;
	BOOLEAN EffectiveOnly;
} SECURITY_QUALITY_OF_SERVICE, *PSECURITY_QUALITY_OF_SERVICE;

typedef enum _PORT_INFORMATION_CLASS {
	PortBasicInformation
} PORT_INFORMATION_CLASS;

/* NtRaiseHardError: what the caller may answer, and the answers. */
typedef enum _HARDERROR_RESPONSE_OPTION {
	OptionAbortRetryIgnore,
	OptionOk,
	OptionOkCancel,
	OptionRetryCancel,
	OptionYesNo,
	OptionYesNoCancel,
	OptionShutdownSystem,
	OptionOkNoWait,
	OptionCancelTryContinue
} HARDERROR_RESPONSE_OPTION;

typedef enum _HARDERROR_RESPONSE {
	ResponseReturnToCaller,
	ResponseNotHandled,
	ResponseAbort,
	ResponseCancel,
	ResponseIgnore,
	ResponseNo,
	ResponseOk,
	ResponseRetry,
	ResponseYes,
	ResponseTryAgain,
	ResponseContinue
} HARDERROR_RESPONSE;

#define MAXIMUM_HARDERROR_PARAMETERS 4

/* The LPC_ERROR_EVENT message; the handler answers in Response and replies. */
typedef struct _HARDERROR_MSG {
	PORT_MESSAGE h;
	union {
		NTSTATUS Status;
		NTSTATUS ErrorStatus;
	};
	LARGE_INTEGER ErrorTime;
	ULONG ValidResponseOptions;
	ULONG Response;
	ULONG NumberOfParameters;
	ULONG UnicodeStringParameterMask;
	ULONG_PTR Parameters[MAXIMUM_HARDERROR_PARAMETERS];
} HARDERROR_MSG, *PHARDERROR_MSG;

/* LPC_CLIENT_DIED: the ended thread's ClientId is in the header, its times follow. */
typedef struct _CLIENT_DIED_MSG {
	PORT_MESSAGE h;
	LARGE_INTEGER CreateTime;
	LARGE_INTEGER ExitTime;
} CLIENT_DIED_MSG, *PCLIENT_DIED_MSG;

#endif
