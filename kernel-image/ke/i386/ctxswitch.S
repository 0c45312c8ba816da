/*
 * ctxswitch.S — thread switching. A switched-out thread's KernelStack points at a
 * KSWITCHFRAME; a new thread's first one returns into KiThreadStartup.
 */
#include <asm.h>
#include <bugcodes.h>

	.text
/*
 * BOOLEAN KiSwapContext(PKTHREAD OldThread, PKTHREAD NewThread), at SYNCH_LEVEL with
 * OldThread's State and WaitReason set. Returns (as NewThread) TRUE when NewThread has
 * kernel APCs pending; an APC_LEVEL software interrupt is then already requested.
 */
FUNC KiSwapContext
	push %ebp
	push %edi
	push %esi
	push %ebx
	mov 20(%esp), %esi
	mov 24(%esp), %edi
	call KiSwapContextInternal
	pop %ebx
	pop %esi
	pop %edi
	pop %ebp
	ret
ENDFUNC KiSwapContext

/*
 * esi = old thread, edi = new thread. With interrupts off: save a KSWITCHFRAME on the old
 * stack, make the new thread current, switch stacks, load CR3 when the process changes,
 * point TSS.Esp0 at the new thread's trap-frame area and the TEB selector and PCR at its
 * TEB; then request an APC interrupt if the new thread has kernel APCs pending.
 */
FUNC KiSwapContextInternal
	cli
	pushl $1
	pushl %fs:PcExceptionList
	mov %esp, ThKernelStack(%esi)
	mov %edi, %fs:PcCurrentThread
	incl ThContextSwitches(%edi)
	mov ThKernelStack(%edi), %esp
	mov ThApcStateProcess(%edi), %eax
	cmp ThApcStateProcess(%esi), %eax
	je 1f
	mov PrDirectoryTableBase(%eax), %eax
	mov %eax, %cr3
1:	mov ThInitialStack(%edi), %eax
	sub $(NPX_FRAME_LENGTH + KTRAP_FRAME_V86_LENGTH), %eax
	mov %fs:PcTss, %ecx
	mov %eax, TssEsp0(%ecx)
	mov ThTeb(%edi), %eax
	mov %eax, %fs:PcTeb
	push %eax
	call KiSetTebBase
	add $4, %esp
	popl %fs:PcExceptionList
	add $4, %esp
	xor %eax, %eax
	cmpb $0, ThKernelApcPending(%edi)
	je 2f
	lock orl $(1 << APC_LEVEL), %fs:PcIrr
	inc %eax
2:	sti
	ret
ENDFUNC KiSwapContextInternal

/*
 * First code of every thread (at SYNCH_LEVEL): lower to APC_LEVEL, call
 * SystemRoutine(StartRoutine, StartContext) from the KSTART_FRAME; a user thread then
 * leaves for user mode through its trap frame and KiServiceExit2.
 */
FUNC KiThreadStartup
	xor %ebx, %ebx
	xor %esi, %esi
	xor %edi, %edi
	xor %ebp, %ebp
	pushl $APC_LEVEL
	call KfLowerIrql
	add $4, %esp
	pop %eax
	call *%eax
	pop %ecx
	test %ecx, %ecx
	jz 1f
	jmp KiServiceExit2
1:	pushl $NO_USER_MODE_CONTEXT
	call KeBugCheck
ENDFUNC KiThreadStartup
