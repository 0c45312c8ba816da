/* ps.h — process structure: processes, threads, client ids, the system DLL. */
#ifndef _INTERNAL_PS_H
#define _INTERNAL_PS_H

#include <internal/ke.h>
#include <internal/ob.h>

#define PSP_SYSTEM_DLL_PATH        L"\\SystemRoot\\ntdll.elf"
#define PSP_BOOT_FILE_PREFIX       L"\\SystemRoot\\"
#define PROCESS_PRIORITY_NORMAL    8
#define PSP_MAX_CREATE_PROCESS_NOTIFY 8

typedef VOID (NTAPI *PKSTART_ROUTINE)(PVOID StartContext);
typedef VOID (*PCREATE_PROCESS_NOTIFY_ROUTINE)(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create);
typedef VOID (*PCREATE_THREAD_NOTIFY_ROUTINE)(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

extern PEPROCESS PsIdleProcess;
extern PEPROCESS PsInitialSystemProcess;
extern LIST_ENTRY PsActiveProcessHead;
extern POBJECT_TYPE PsProcessType;
extern POBJECT_TYPE PsThreadType;
extern PHANDLE_TABLE PspCidTable;
extern PVOID PspSystemDllSection;
extern PVOID PspSystemDllBase;
extern PVOID PspSystemDllEntryPoint;
extern PVOID PspSystemDllImage;
extern ULONG PspSystemDllSize;
extern PVOID PspUserThreadStart;

/* psmgr.c: initialization and the system DLL. */
VOID PsInitSystem(VOID);
NTSTATUS PspInitializeSystemDll(VOID);
NTSTATUS PspMapSystemDll(PEPROCESS Process, PVOID *DllBase);
NTSTATUS PspLookupSystemDllEntryPoint(PCSTR Name, PVOID *Address);

/* cid.c: client ids. */
NTSTATUS PspInitializeCidTable(VOID);
HANDLE PspCreateCid(PVOID Object);
VOID PspDeleteCid(HANDLE Id);
NTSTATUS PsLookupProcessByProcessId(HANDLE ProcessId, PEPROCESS *Process);
NTSTATUS PsLookupThreadByThreadId(HANDLE ThreadId, PETHREAD *Thread);

/* process.c, bootproc.c: processes. */
NTSTATUS PspCreateProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ParentProcess, ULONG Flags,
                          HANDLE SectionHandle, HANDLE DebugPort, HANDLE ExceptionPort,
                          ULONG JobMemberLevel);
VOID PspDeleteProcess(PVOID Object);
DECLSPEC_TRACED VOID PspRunCreateProcessNotifyRoutines(PEPROCESS Process, BOOLEAN Create);
NTSTATUS PsSetCreateProcessNotifyRoutine(PCREATE_PROCESS_NOTIFY_ROUTINE NotifyRoutine,
                                         BOOLEAN Remove);
NTSTATUS PsCreateBootProcess(PCSTR ImageName, PHANDLE ProcessHandle, PEPROCESS *Process);
NTSTATUS PsRunBootProcess(PCSTR ImageName, PNTSTATUS ExitStatus);

/* thread.c: threads. */
NTSTATUS PspCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                         PEPROCESS ProcessPointer, PCLIENT_ID ClientId, PCONTEXT ThreadContext,
                         PINITIAL_TEB InitialTeb, BOOLEAN CreateSuspended,
                         PKSTART_ROUTINE StartRoutine, PVOID StartContext);
NTSTATUS PspCreateInitialThread(PEPROCESS Process, PVOID EntryPoint, PHANDLE ThreadHandle,
                                PCLIENT_ID ClientId);
VOID PspDeleteThread(PVOID Object);
NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                              PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
                              PVOID StartContext);
NTSTATUS PsSetCreateThreadNotifyRoutine(PCREATE_THREAD_NOTIFY_ROUTINE NotifyRoutine);
DECLSPEC_TRACED VOID PspRunCreateThreadNotifyRoutines(PETHREAD Thread, BOOLEAN Create);
VOID NTAPI PspUserThreadStartup(PVOID StartRoutine, PVOID StartContext);
VOID NTAPI PspSystemThreadStartup(PVOID StartRoutine, PVOID StartContext);

/* kill.c: exit and termination, the reaper. */
NTSTATUS PspCreateReaperThread(VOID);
DECLSPEC_NORETURN VOID PspExitThread(NTSTATUS ExitStatus);
VOID PspExitProcess(BOOLEAN LastThreadExit, PEPROCESS Process);
NTSTATUS PspTerminateThreadByPointer(PETHREAD Thread, NTSTATUS ExitStatus, BOOLEAN bSelf);
NTSTATUS PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus);
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
