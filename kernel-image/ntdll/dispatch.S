/*
 * dispatch.S — ntdll's ways into the kernel, as XP: the service stubs call through
 * SharedUserData->SystemCall (0x7FFE0300), which the kernel points at KiFastSystemCall
 * (sysenter) or KiIntSystemCall (int 0x2E). Either way EDX = the stub's arguments.
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

	.section .note.GNU-stack, "", @progbits
