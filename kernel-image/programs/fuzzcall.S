/*
 * fuzzcall.S — fuzz.elf's sysenter entry: FuzzSysenter(A0..A11, Number) enters
 * service Number through ntdll!KiFastSystemCall, so the kernel finds A0 at EDX+8 as
 * it does for an ntdll stub; FuzzInt(Number, Arguments) enters it through int 0x2E with
 * EDX = Arguments, whatever that points at.
 */
#include <asm.h>

	.text
FUNC FuzzSysenter
	mov 52(%esp), %eax
	call KiFastSystemCall
	ret
ENDFUNC FuzzSysenter

FUNC FuzzInt
	mov 4(%esp), %eax
	mov 8(%esp), %edx
	int $0x2e
	ret
ENDFUNC FuzzInt

	.section .note.GNU-stack, "", @progbits
