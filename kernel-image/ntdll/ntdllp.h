/* ntdllp.h — what ntdll's C files share: NT types, the services, the current TEB. */
#ifndef _NTDLLP_H
#define _NTDLLP_H

#include <ntdef.h>
#include <ntstatus.h>
#include <ntapi.h>
#include <pstypes.h>
#include <rtl.h>
#include <ntlpcapi.h>
#include <umtypes.h>
#include <csr.h>

/* The running thread's TEB (FS = KGDT_R3_TEB in user mode). */
FORCEINLINE PTEB NtCurrentTeb(VOID)
{
	PTEB Teb;

	__asm__ __volatile__("movl %%fs:0x18, %0" : "=r"(Teb));
	return Teb;
}

typedef NTSTATUS (NTAPI *PUSER_THREAD_START_ROUTINE)(PVOID Parameter);

VOID NTAPI LdrpInitialize(PCONTEXT Context, PVOID SystemArgument1, PVOID SystemArgument2);
DECLSPEC_NORETURN VOID NTAPI RtlExitUserThread(NTSTATUS ExitStatus);
DECLSPEC_NORETURN VOID NTAPI RtlUserThreadStart(PUSER_THREAD_START_ROUTINE StartAddress,
                                                PVOID Parameter);

#endif
