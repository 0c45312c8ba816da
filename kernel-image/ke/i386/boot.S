/*
 * boot.S — ntoskrnl's entry point. The loader jumps here with paging on (KSEG0 mapped)
 * and the LOADER_PARAMETER_BLOCK pointer at [esp+4].
 */
#include <asm.h>

	.section .bss
	.align 16
	.globl P0BootStack, P0BootStackTop
P0BootStack:
	.space KERNEL_STACK_SIZE
P0BootStackTop:

	.text
/* Switch to the boot stack (keeping NT's NPX area at its top) and run KiInitializeKernel. */
FUNC KiSystemStartup
	cli
	mov 4(%esp), %eax
	mov $(P0BootStackTop - NPX_FRAME_LENGTH), %esp
	xor %ebp, %ebp
	push %eax
	call KiInitializeKernel
1:	hlt
	jmp 1b
ENDFUNC KiSystemStartup
