/* ps.h — process structure: processes, threads, client ids, the system DLL. */
#ifndef _INTERNAL_PS_H
#define _INTERNAL_PS_H

#include <internal/ke.h>

#define PSP_SYSTEM_DLL_NAME "ntdll.elf"

typedef VOID (NTAPI *PKSTART_ROUTINE)(PVOID StartContext);
typedef VOID (NTAPI *PCREATE_THREAD_NOTIFY_ROUTINE)(HANDLE ProcessId, HANDLE ThreadId,
                                                    BOOLEAN Create);

extern PEPROCESS PsIdleProcess;
extern PEPROCESS PsInitialSystemProcess;
extern LIST_ENTRY PsActiveProcessHead;
extern PVOID PspSystemDllBase;
extern PVOID PspSystemDllImage;
extern ULONG PspSystemDllSize;
extern PVOID PspSystemDllEntryPoint;
extern PVOID PspUserThreadStart;

VOID PsInitSystem(VOID);
NTSTATUS PspInitializeSystemDll(VOID);
NTSTATUS PspMapSystemDll(PEPROCESS Process);
NTSTATUS PspLookupSystemDllEntryPoint(PCSTR Name, PVOID *Address);
HANDLE PspCreateCid(VOID);
NTSTATUS PspCreateProcess(PEPROCESS Parent, PCSTR ImageFileName, PVOID ImageData, ULONG ImageSize,
                          PEPROCESS *Process, PVOID *TransferAddress);
VOID NTAPI PspDeleteProcess(PVOID ObjectBody);
NTSTATUS PspCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                         PEPROCESS ProcessPointer, PCLIENT_ID ClientId, PCONTEXT ThreadContext,
                         PINITIAL_TEB InitialTeb, BOOLEAN CreateSuspended,
                         PKSTART_ROUTINE StartRoutine, PVOID StartContext);
NTSTATUS PspCreateInitialThread(PEPROCESS Process, PVOID EntryPoint, PHANDLE ThreadHandle,
                                PCLIENT_ID ClientId);
VOID NTAPI PspDeleteThread(PVOID ObjectBody);
NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                              PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
                              PVOID StartContext);
NTSTATUS PsSetCreateThreadNotifyRoutine(PCREATE_THREAD_NOTIFY_ROUTINE NotifyRoutine);
DECLSPEC_TRACED VOID PspRunCreateThreadNotifyRoutines(PETHREAD Thread, BOOLEAN Create);
NTSTATUS PsCreateBootProcess(PCSTR ImageName, PEPROCESS *Process);
NTSTATUS PsRunBootProcess(PCSTR ImageName, PNTSTATUS ExitStatus);
VOID NTAPI PspUserThreadStartup(PVOID StartRoutine, PVOID StartContext);
VOID NTAPI PspSystemThreadStartup(PVOID StartRoutine, PVOID StartContext);
NTSTATUS PspCreateReaperThread(VOID);
DECLSPEC_NORETURN VOID PspExitThread(NTSTATUS ExitStatus);
VOID PspExitProcess(PEPROCESS Process);
NTSTATUS PspTerminateThreadByPointer(PETHREAD Thread, NTSTATUS ExitStatus, BOOLEAN bSelf);
VOID PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus);
VOID NTAPI PspExitApcRundown(PKAPC Apc);
DECLSPEC_NORETURN VOID PspTerminateFaultingProcess(PEXCEPTION_RECORD ExceptionRecord,
                                                   PKTRAP_FRAME TrapFrame);

FORCEINLINE PETHREAD PsGetCurrentThread(VOID)
{
	return (PETHREAD)KeGetCurrentThread();
}

FORCEINLINE PEPROCESS PsGetCurrentProcess(VOID)
{
	return (PEPROCESS)KeGetCurrentThread()->ApcState.Process;
}

#endif
