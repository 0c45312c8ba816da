/* usercopy.S — a memory copy that survives faults (see KiApplyFixup). */
#include <asm.h>

	.text
/*
 * NTSTATUS MiSafeCopyMemory(PVOID Destination, const VOID *Source, ULONG Length):
 * STATUS_SUCCESS, or the fault's status when the copy touched a bad page.
 */
FUNC MiSafeCopyMemory
	push %esi
	push %edi
	mov 12(%esp), %edi
	mov 16(%esp), %esi
	mov 20(%esp), %ecx
MiSafeCopyInstruction:
	rep movsb
	xor %eax, %eax
MiSafeCopyFault:
	pop %edi
	pop %esi
	ret
ENDFUNC MiSafeCopyMemory
	FIXUP MiSafeCopyInstruction, MiSafeCopyFault
