/* ps.h — process structure: processes, threads, client ids, the system DLL. */
#ifndef _INTERNAL_PS_H
#define _INTERNAL_PS_H

#include <internal/ke.h>

#define PSP_SYSTEM_DLL_NAME "ntdll.elf"

typedef VOID (NTAPI *PKSTART_ROUTINE)(PVOID StartContext);

extern PEPROCESS PsIdleProcess;
extern PEPROCESS PsInitialSystemProcess;
extern LIST_ENTRY PsActiveProcessHead;
extern PVOID PspSystemDllBase;
extern PVOID PspSystemDllImage;
extern ULONG PspSystemDllSize;

VOID PsInitSystem(VOID);
NTSTATUS PspInitializeSystemDll(VOID);
NTSTATUS PspMapSystemDll(PEPROCESS Process);
NTSTATUS PspLookupSystemDllEntryPoint(PCSTR Name, PVOID *Address);
HANDLE PspCreateCid(VOID);
NTSTATUS PspCreateProcess(PEPROCESS Parent, PCSTR ImageFileName, PVOID ImageData, ULONG ImageSize,
                          PEPROCESS *Process, PVOID *TransferAddress);
VOID PspDeleteProcess(PEPROCESS Process);
NTSTATUS PspCreateThread(PEPROCESS Process, BOOLEAN UserThread, PVOID StartRoutine,
                         PVOID StartContext, PETHREAD *Thread);
VOID PspDeleteThread(PETHREAD Thread);
NTSTATUS PsCreateSystemThread(PKSTART_ROUTINE StartRoutine, PVOID StartContext,
                              PETHREAD *Thread);
NTSTATUS PsCreateBootProcess(PCSTR ImageName, PEPROCESS *Process);
NTSTATUS PsRunBootProcess(PCSTR ImageName, PNTSTATUS ExitStatus);
VOID NTAPI PspUserThreadStartup(PVOID StartRoutine, PVOID StartContext);
VOID NTAPI PspSystemThreadStartup(PVOID StartRoutine, PVOID StartContext);
DECLSPEC_NORETURN VOID PspExitThread(NTSTATUS ExitStatus);
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
