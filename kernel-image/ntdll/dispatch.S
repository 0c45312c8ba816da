/*
 * dispatch.S — ntdll's ways into and back from the kernel, as XP: the service stubs call
 * through SharedUserData->SystemCall (0x7FFE0300), which the kernel points at
 * KiFastSystemCall (sysenter) or KiIntSystemCall (int 0x2E); either way EDX = the stub's
 * arguments. The kernel delivers user APCs to KiUserApcDispatcher; a thread's first APC
 * runs LdrInitializeThunk.
 */
#include <asm.h>

	.text
/* sysenter with EDX = ESP; the kernel returns to KiFastSystemCallRet via sysexit. */
FUNC KiFastSystemCall
	mov %esp, %edx
	sysenter
ENDFUNC KiFastSystemCall

FUNC KiFastSystemCallRet
	ret
ENDFUNC KiFastSystemCallRet

/* int 0x2E with EDX past the two return addresses (stub's and its caller's). */
FUNC KiIntSystemCall
	lea 8(%esp), %edx
	int $0x2e
	ret
ENDFUNC KiIntSystemCall

/*
 * Entered from the kernel (KiInitializeUserApc) with the stack holding NormalRoutine,
 * NormalContext, SystemArgument1, SystemArgument2 and the interrupted CONTEXT: call
 * NormalRoutine(NormalContext, SA1, SA2), then NtContinue(CONTEXT, TRUE), which resumes
 * the interrupted code (or delivers the next user APC). If that fails, the process ends.
 */
FUNC KiUserApcDispatcher
	lea 16(%esp), %edi
	pop %eax
	call *%eax
	push $1
	push %edi
	call NtContinue
	push %eax
	push $-1
	call NtTerminateProcess
1:	jmp 1b
ENDFUNC KiUserApcDispatcher

/*
 * VOID NTAPI LdrInitializeThunk(NormalContext, SystemArgument1, SystemArgument2): the
 * NormalRoutine of every thread's first user APC. Passes the CONTEXT KiUserApcDispatcher
 * will continue with in place of NormalContext: LdrpInitialize(Context, NtdllBase, SA2).
 */
FUNC LdrInitializeThunk
	lea 16(%esp), %eax
	mov %eax, 4(%esp)
	xor %ebp, %ebp
	jmp LdrpInitialize
ENDFUNC LdrInitializeThunk

	.section .note.GNU-stack, "", @progbits
