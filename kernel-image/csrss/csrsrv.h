/*
 * csrsrv.h — csrss's server side: CSR process and thread blocks, the thread hash table,
 * server DLL tables (CSRSRV 0, BASESRV 1) and what the files share.
 */
#ifndef _CSRSRV_H
#define _CSRSRV_H

#include "../programs/native.h"
#include <ntlpcapi.h>
#include <umtypes.h>
#include <csr.h>

#define CSR_HASH_BUCKETS 256
#define CsrHashThread(Tid) ((ULONG_PTR)(Tid) & (CSR_HASH_BUCKETS - 1))
#define CSR_MAX_PROCESSES 128
#define CSR_MAX_THREADS 160
#ifndef STATUS_PORT_CONNECTION_REFUSED
#define STATUS_PORT_CONNECTION_REFUSED ((NTSTATUS)0xC0000041)
#endif
/* An exception reported to csrss (the exception port) is left to the kernel's default. */
#define DBG_EXCEPTION_NOT_HANDLED ((NTSTATUS)0x80010001)
#ifndef STATUS_ILLEGAL_FUNCTION
#define STATUS_ILLEGAL_FUNCTION ((NTSTATUS)0xC00000AF)
#endif

typedef struct _CSR_PROCESS {
	LIST_ENTRY ListLink;
	LIST_ENTRY ThreadList;
	CLIENT_ID ClientId;
	HANDLE ProcessHandle;
	ULONG SequenceNumber;
	HANDLE ClientPort;
	ULONG ThreadCount;
	BOOLEAN InUse;
} CSR_PROCESS, *PCSR_PROCESS;

typedef struct _CSR_THREAD {
	LIST_ENTRY HashLinks;
	LIST_ENTRY Link;
	CLIENT_ID ClientId;
	PCSR_PROCESS Process;
	HANDLE ThreadHandle;
	BOOLEAN InUse;
} CSR_THREAD, *PCSR_THREAD;

typedef NTSTATUS (NTAPI *PCSR_API_ROUTINE)(PCSR_API_MSG ApiMessage, PULONG ReplyStatus);
typedef BOOLEAN (NTAPI *PCSR_HARDERROR_CALLBACK)(PCSR_THREAD Thread, PHARDERROR_MSG Message);

typedef struct _CSR_SERVER_DLL {
	PCSTR Name;
	ULONG ApiNumberBase;
	ULONG MaxApiNumber;
	const PCSR_API_ROUTINE *ApiDispatchTable;
	PCSR_HARDERROR_CALLBACK HardErrorRoutine;
} CSR_SERVER_DLL, *PCSR_SERVER_DLL;

extern PCSR_SERVER_DLL CsrLoadedServerDll[CSR_SERVER_DLL_MAX];
extern CSR_SERVER_DLL BasepServerDll;
extern LIST_ENTRY CsrThreadHashTable[CSR_HASH_BUCKETS];
extern PCSR_PROCESS CsrRootProcess;
extern HANDLE CsrApiPort;
extern PCSR_THREAD CsrCurrentThread;

PCSR_PROCESS CsrAllocateProcess(VOID);
VOID CsrInsertProcess(PCSR_PROCESS Process);
VOID CsrDestroyProcess(PCSR_PROCESS Process);
PCSR_THREAD CsrAllocateThread(PCSR_PROCESS Process);
VOID CsrInsertThread(PCSR_PROCESS Process, PCSR_THREAD Thread);
VOID CsrDestroyThread(PCSR_THREAD Thread);
VOID CsrInitializeProcessStructure(VOID);
PCSR_THREAD NTAPI CsrLocateThreadByClientId(PCSR_PROCESS *Process, PCLIENT_ID ClientId);
PCSR_PROCESS CsrLocateProcessByProcessId(HANDLE Pid);
NTSTATUS NTAPI CsrCreateProcess(HANDLE hProcess, HANDLE hThread, PCLIENT_ID ClientId,
                                PVOID NtSession, ULONG Flags, PCLIENT_ID DebugCid);
NTSTATUS NTAPI CsrCreateThread(PCSR_PROCESS Process, HANDLE hThread, PCLIENT_ID ClientId);
NTSTATUS NTAPI CsrApiHandleConnectionRequest(PCSR_API_MSG Message);
BOOLEAN NTAPI CsrHandleHardError(PCSR_THREAD Thread, PHARDERROR_MSG Message);
NTSTATUS NTAPI CsrApiRequestThread(PVOID Parameter);
NTSTATUS NTAPI BaseSrvCreateProcess(PCSR_API_MSG ApiMessage, PULONG ReplyStatus);
NTSTATUS NTAPI BaseSrvCreateThread(PCSR_API_MSG ApiMessage, PULONG ReplyStatus);
VOID NTAPI RtlUserThreadStart(PVOID StartAddress, PVOID Parameter);

#endif
