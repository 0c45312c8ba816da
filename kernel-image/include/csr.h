/*
 * csr.h — the Win32 subsystem's LPC protocol (csrss <-> ntdll/kernel32): CSR_API_MSG
 * (PORT_MESSAGE, then CaptureBuffer @0x18, ApiNumber @0x1C, ReturnValue @0x20,
 * Reserved @0x24, data @0x28), the connection information, API numbers, server DLLs.
 */
#ifndef _CSR_H
#define _CSR_H

#include <ntdef.h>
#include <ntlpcapi.h>

#define CSR_VERSION 0x10000
#define CSR_API_PORT_NAME L"\\Windows\\ApiPort"
#define CSR_MAKE_API_NUMBER(Dll, Api) (((Dll) << 16) | (Api))
#define CSR_APINUMBER_TO_SERVERDLLINDEX(n) ((ULONG)(n) >> 16)
#define CSR_APINUMBER_TO_APITABLEINDEX(n) ((ULONG)(USHORT)(n))

#define CSRSRV_SERVERDLL_INDEX  0
#define BASESRV_SERVERDLL_INDEX 1
#define CONSRV_SERVERDLL_INDEX  2
#define USERSRV_SERVERDLL_INDEX 3
#define CSR_SERVER_DLL_MAX      4

#define BasepCreateProcess CSR_MAKE_API_NUMBER(BASESRV_SERVERDLL_INDEX, 0)
#define BasepCreateThread  CSR_MAKE_API_NUMBER(BASESRV_SERVERDLL_INDEX, 1)
#define BasepMaxApiNumber  2

/* What the client sends with NtConnectPort; csrss fills in its side. */
typedef struct _CSR_API_CONNECTINFO {
	ULONG ExpectedVersion;
	ULONG CurrentVersion;
	HANDLE ObjectDirectory;
	PVOID SharedSectionBase;
	PVOID SharedStaticServerData;
	PVOID SharedSectionHeap;
	ULONG DebugFlags;
	ULONG SizeOfPebData;
	ULONG SizeOfTebData;
	ULONG NumberOfServerDllNames;
	ULONG ServerProcessId;
} CSR_API_CONNECTINFO, *PCSR_API_CONNECTINFO;

/* BasepCreateProcess: the new process and thread (handles in the caller), their ids. */
typedef struct _BASE_CREATEPROCESS_MSG {
	HANDLE ProcessHandle;
	HANDLE ThreadHandle;
	CLIENT_ID ClientId;
	ULONG CreationFlags;
	ULONG VdmBinaryType;
} BASE_CREATEPROCESS_MSG, *PBASE_CREATEPROCESS_MSG;

/* BasepCreateThread: a further thread of a known process. */
typedef struct _BASE_CREATETHREAD_MSG {
	HANDLE ThreadHandle;
	CLIENT_ID ClientId;
} BASE_CREATETHREAD_MSG, *PBASE_CREATETHREAD_MSG;

typedef struct _CSR_CAPTURE_HEADER {
	ULONG Length;
	PVOID RelatedCaptureBuffer;
	ULONG CountMessagePointers;
	PCHAR FreeSpace;
	ULONG_PTR MessagePointerOffsets[1];
} CSR_CAPTURE_HEADER, *PCSR_CAPTURE_HEADER;

typedef struct _CSR_API_MSG {
	PORT_MESSAGE h;
	union {
		CSR_API_CONNECTINFO ConnectionRequest;
		struct {
			PCSR_CAPTURE_HEADER CaptureBuffer;
			ULONG ApiNumber;
			NTSTATUS ReturnValue;
			ULONG Reserved;
			union {
				BASE_CREATEPROCESS_MSG CreateProcessRequest;
				BASE_CREATETHREAD_MSG CreateThreadRequest;
				ULONG_PTR ApiMessageData[30];
			} u;
		};
	};
} CSR_API_MSG, *PCSR_API_MSG;

_Static_assert(__builtin_offsetof(CSR_API_MSG, ApiNumber) == 0x1C, "CSR_API_MSG.ApiNumber");
_Static_assert(__builtin_offsetof(CSR_API_MSG, u) == 0x28, "CSR_API_MSG.u");

/* ntdll's client side. */
NTSTATUS NTAPI CsrClientConnectToServer(PCWSTR ObjectDirectory, ULONG ServerDllIndex,
                                        PVOID ConnectionInfo, PULONG ConnectionInfoSize,
                                        PBOOLEAN ServerToServerCall);
NTSTATUS NTAPI CsrClientCallServer(PCSR_API_MSG ApiMessage, PCSR_CAPTURE_HEADER CaptureBuffer,
                                   ULONG ApiNumber, ULONG ArgumentLength);
extern HANDLE CsrPortHandle;

#endif
