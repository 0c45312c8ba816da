/* native.h — what native (ntdll-only) programs use: NT types, services, Rtl, Print. */
#ifndef _NATIVE_H
#define _NATIVE_H

#include <ntdef.h>
#include <ntstatus.h>
#include <ntapi.h>
#include <pstypes.h>
#include <rtl.h>
#include <sysnums.h>

/* The running thread's TEB (FS = KGDT_R3_TEB in user mode). */
FORCEINLINE PTEB NtCurrentTeb(VOID)
{
	PTEB Teb;

	__asm__ __volatile__("movl %%fs:0x18, %0" : "=r"(Teb));
	return Teb;
}

VOID NTAPI NtProcessStartup(PPEB Peb);
ULONG Print(PCSTR Format, ...) __attribute__((format(printf, 1, 2)));

#endif
