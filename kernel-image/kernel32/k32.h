/* k32.h — what kernel32's files share: NT and Win32 types, the CSR protocol, helpers. */
#ifndef _K32_H
#define _K32_H

#include <ntdef.h>
#include <ntstatus.h>
#include <ntapi.h>
#include <pstypes.h>
#include <rtl.h>
#include <ntlpcapi.h>
#include <umtypes.h>
#include <csr.h>
#include <windows.h>

/* The running thread's TEB (FS = KGDT_R3_TEB in user mode). */
FORCEINLINE PTEB NtCurrentTeb(VOID)
{
	PTEB Teb;

	__asm__ __volatile__("movl %%fs:0x18, %0" : "=r"(Teb));
	return Teb;
}

FORCEINLINE PPEB NtCurrentPeb(VOID)
{
	return NtCurrentTeb()->ProcessEnvironmentBlock;
}

FORCEINLINE PRTL_USER_PROCESS_PARAMETERS BasepProcessParameters(VOID)
{
	return NtCurrentPeb()->ProcessParameters;
}

/* How CreateProcess tells csrss: NT5 (one call, after the thread) or ReactOS (before). */
typedef enum _BASE_CSR_NOTIFY_ORDER { BaseCsrNotifyNt5, BaseCsrNotifyReactOS } BASE_CSR_NOTIFY_ORDER;
extern BASE_CSR_NOTIFY_ORDER BaseCsrNotifyOrder;

/* What CreateProcessInternalW knows of the process it is making. */
typedef struct _BASE_NEW_PROCESS {
	HANDLE Section, Process, Thread;
	CLIENT_ID ClientId;
	SECTION_IMAGE_INFORMATION Image;
	PROCESS_BASIC_INFORMATION Basic;
	BOOLEAN NotWin32;           /* refused: not a Win32 image (ERROR_CHILD_NOT_COMPLETE) */
} BASE_NEW_PROCESS, *PBASE_NEW_PROCESS;

VOID WINAPI BaseSetLastNTError(NTSTATUS Status);
NTSTATUS BasepMapFile(PCWSTR ImageName, PHANDLE Section);
NTSTATUS BasepInitializeEnvironment(PBASE_NEW_PROCESS New, PCWSTR ImagePath, PCWSTR CommandLine,
                                    PVOID Environment);
NTSTATUS BasepCreateFirstThread(PBASE_NEW_PROCESS New);
NTSTATUS BasepNotifyCsrOfCreation(PBASE_NEW_PROCESS New, ULONG CreationFlags);
NTSTATUS BasepNotifyCsrOfThread(PBASE_NEW_PROCESS New);
VOID BasepInitializeCsrNotifyOrder(VOID);
VOID BaseProcessStartThunk(VOID);
DECLSPEC_NORETURN VOID WINAPI BaseProcessStartup(DWORD (WINAPI *StartAddress)(VOID));
VOID NTAPI RtlUserThreadStart(PVOID StartAddress, PVOID Parameter);

#endif
