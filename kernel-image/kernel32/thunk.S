/*
 * thunk.S — where a Win32 process's first thread starts (CONTEXT.Eip, set by
 * CreateProcess): Eax = the image's entry point, Ebx = the PEB.
 */
#include <asm.h>

	.text
/* No return: BaseProcessStartup(Eax) runs the entry and ExitProcess. */
FUNC BaseProcessStartThunk
	xor %ebp, %ebp
	push %eax
	push $0
	jmp BaseProcessStartup
ENDFUNC BaseProcessStartThunk

	.section .note.GNU-stack, "", @progbits
