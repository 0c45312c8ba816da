/*
 * rawcall.S — hand-made system calls for hello.elf: the int 0x2E path through
 * ntdll!KiIntSystemCall, and raw entries with chosen service numbers and argument
 * pointers (to show the kernel's checks).
 */
#include <asm.h>
#include <sysnums.h>

	.text
/* NTSTATUS NTAPI IntQuerySystemTime(PLARGE_INTEGER): NtQuerySystemTime via int 0x2E. */
FUNC IntQuerySystemTime
	mov $NTSVC_NtQuerySystemTime, %eax
	call KiIntSystemCall
	ret $4
ENDFUNC IntQuerySystemTime

/* NTSTATUS NTAPI IntDisplayString(PUNICODE_STRING): NtDisplayString via int 0x2E. */
FUNC IntDisplayString
	mov $NTSVC_NtDisplayString, %eax
	call KiIntSystemCall
	ret $4
ENDFUNC IntDisplayString

/* NTSTATUS IntSystemCall(ULONG Number, PVOID Arguments): int 0x2E, EDX = Arguments. */
FUNC IntSystemCall
	mov 4(%esp), %eax
	mov 8(%esp), %edx
	int $0x2e
	ret
ENDFUNC IntSystemCall

/* NTSTATUS FastSystemCall(ULONG Number): service Number through SharedUserData->SystemCall. */
FUNC FastSystemCall
	mov 4(%esp), %eax
	mov $USER_SHARED_DATA_SYSTEMCALL, %edx
	call *(%edx)
	ret
ENDFUNC FastSystemCall

/* Where NtContinue lands: pass the restored ESI and EDI to ContinueTarget. */
FUNC ContinueTrampoline
	push %edi
	push %esi
	call ContinueTarget
1:	jmp 1b
ENDFUNC ContinueTrampoline

	.section .note.GNU-stack, "", @progbits
