/*
 * trap.S — trap and system-service entry and exit. Every entry builds a KTRAP_FRAME
 * (ErrCode, then TRAP_PROLOG); KiSystemService (int 0x2E) and KiFastCallEntry
 * (sysenter) dispatch through the thread's service descriptor table; KiServiceExit
 * leaves with sysexit when the call came through sysenter, KiServiceExit2 with iret.
 * Every way back to user mode first delivers a pending user APC (DISPATCH_USER_APC).
 */
#include <asm.h>
#include <ntstatus.h>

/*
 * With interrupts off and esp = a trap frame: if it returns to user mode and the thread
 * has user APC delivery pending, run KiDeliverApc(UserMode, NULL, frame) at APC_LEVEL
 * with interrupts on; it points the frame at ntdll!KiUserApcDispatcher. Clears the
 * thread's kernel-mode alert, as NT. Leaves with interrupts off.
 */
.macro DISPATCH_USER_APC
1:	testl $MODE_MASK, TsSegCs(%esp)
	jz 2f
	mov %fs:PcCurrentThread, %ebx
	movb $0, ThAlerted(%ebx)
	cmpb $0, ThUserApcPending(%ebx)
	je 2f
	mov %esp, %ebx
	pushl $APC_LEVEL
	call KfRaiseIrql
	movzbl %al, %eax
	mov %eax, (%esp)
	sti
	push %ebx
	pushl $0
	pushl $1
	call KiDeliverApc
	add $12, %esp
	call KfLowerIrql
	add $4, %esp
	cli
	jmp 1b
2:
.endm

/* Exception without a CPU error code: push a zero ErrCode, then the common path. */
.macro TRAP_NO_ERRCODE vector, name
FUNC \name
	pushl $0
	TRAP_PROLOG
	pushl $\vector
	push %ebp
	call KiTrapHandler
	mov %ebp, %esp
	jmp KiExceptionExit
ENDFUNC \name
.endm

/* Exception for which the CPU pushed an error code. */
.macro TRAP_ERRCODE vector, name
FUNC \name
	TRAP_PROLOG
	pushl $\vector
	push %ebp
	call KiTrapHandler
	mov %ebp, %esp
	jmp KiExceptionExit
ENDFUNC \name
.endm

	.text
TRAP_NO_ERRCODE 0x00, KiTrap00
TRAP_NO_ERRCODE 0x01, KiTrap01
TRAP_NO_ERRCODE 0x02, KiTrap02
TRAP_NO_ERRCODE 0x03, KiTrap03
TRAP_NO_ERRCODE 0x04, KiTrap04
TRAP_NO_ERRCODE 0x05, KiTrap05
TRAP_NO_ERRCODE 0x06, KiTrap06
TRAP_NO_ERRCODE 0x07, KiTrap07
TRAP_NO_ERRCODE 0x09, KiTrap09
TRAP_ERRCODE    0x0A, KiTrap0A
TRAP_ERRCODE    0x0B, KiTrap0B
TRAP_ERRCODE    0x0C, KiTrap0C
TRAP_ERRCODE    0x0D, KiTrap0D
TRAP_NO_ERRCODE 0x0F, KiTrap0F
TRAP_NO_ERRCODE 0x10, KiTrap10
TRAP_ERRCODE    0x11, KiTrap11
TRAP_NO_ERRCODE 0x12, KiTrap12
TRAP_NO_ERRCODE 0x13, KiTrap13

/* Page fault: the CPU pushed an error code; CR2 holds the address. */
FUNC KiTrap0E
	TRAP_PROLOG
	push %ebp
	call KiTrap0EHandler
	mov %ebp, %esp
	jmp KiExceptionExit
ENDFUNC KiTrap0E

/* Double fault, entered through the #DF task gate on its own stack: bugcheck. */
FUNC KiTrap08
	cli
	call KiTrap08Handler
1:	hlt
	jmp 1b
ENDFUNC KiTrap08

/* int 0x2E: EAX = service number, EDX = the caller's arguments. */
FUNC KiSystemService
	pushl $0
	TRAP_PROLOG
	jmp KiSystemServiceCommon
ENDFUNC KiSystemService

/*
 * sysenter: ESP = &KiTss (MSR 0x175). Fake the hardware frame int 0x2E would have
 * pushed, returning to SharedUserData->SystemCallReturn (ntdll!KiFastSystemCallRet);
 * EDX = user ESP, which holds two return addresses above the arguments.
 */
FUNC KiFastCallEntry
	mov TssEsp0(%esp), %esp
	pushl $(KGDT_R3_DATA | RPL_MASK)
	push %edx
	pushfl
	pushl $2
	popfl
	orl $EFLAGS_INTERRUPT_MASK, (%esp)
	pushl $(KGDT_R3_CODE | RPL_MASK)
	pushl %ss:KI_USER_SHARED_DATA + UsSystemCallReturn
	pushl $0
	add $8, %edx
	TRAP_PROLOG
	jmp KiSystemServiceCommon
ENDFUNC KiFastCallEntry

/*
 * Shared dispatch: ebp = trap frame, esi = thread, eax = number, edx = arguments.
 * Sets PreviousMode from the caller's CS, chains the trap frame through Edx, selects the
 * table by bit 12, copies KiArgumentTable bytes from the (probed) user stack and calls.
 */
FUNC KiSystemServiceCommon
	mov TsSegCs(%ebp), %ebx
	and $MODE_MASK, %ebx
	mov %bl, ThPreviousMode(%esi)
	mov ThTrapFrame(%esi), %ebx
	mov %ebx, TsEdx(%ebp)
	mov %ebp, ThTrapFrame(%esi)
	mov %edx, TsDbgArgPointer(%ebp)
	incl %fs:PcKeSystemCalls
	sti
	mov %eax, %edi
	shr $12, %edi
	and $1, %edi
	shl $4, %edi
	add ThServiceTable(%esi), %edi
	and $0xFFF, %eax
	cmp SdLimit(%edi), %eax
	jae KiInvalidSystemService
	mov SdNumber(%edi), %ecx
	movzbl (%ecx,%eax), %ecx
	mov SdBase(%edi), %edi
	mov (%edi,%eax,4), %ebx
	testl $MODE_MASK, TsSegCs(%ebp)
	jz 1f
	lea (%edx,%ecx), %edi
	cmp %edx, %edi
	jb KiSystemServiceAccessViolation
	cmp $MM_USER_PROBE_ADDRESS, %edi
	ja KiSystemServiceAccessViolation
1:	sub %ecx, %esp
	mov %esp, %edi
	mov %edx, %esi
	shr $2, %ecx
KiSystemServiceCopyArguments:
	rep movsl
	call *%ebx
KiSystemServiceDone:
	mov %ebp, %esp
	mov %eax, TsEax(%ebp)
	jmp KiServiceExit
KiSystemServiceCopyFault:
	jmp KiSystemServiceDone
KiSystemServiceAccessViolation:
	mov $STATUS_ACCESS_VIOLATION, %eax
	jmp KiSystemServiceDone
KiInvalidSystemService:
	mov $STATUS_INVALID_SYSTEM_SERVICE, %eax
	jmp KiSystemServiceDone
ENDFUNC KiSystemServiceCommon
	FIXUP KiSystemServiceCopyArguments, KiSystemServiceCopyFault

/*
 * System-service exit: restore the thread's previous mode and trap-frame chain, then
 * sysexit to KiFastSystemCallRet for sysenter calls, iret (KiServiceExit2) otherwise.
 */
FUNC KiServiceExit
	cli
	DISPATCH_USER_APC
	mov %fs:PcCurrentThread, %esi
	mov TsPreviousPreviousMode(%esp), %ebx
	mov %bl, ThPreviousMode(%esi)
	mov TsEdx(%esp), %ebx
	mov %ebx, ThTrapFrame(%esi)
	cmpw $(KGDT_R3_CODE | RPL_MASK), TsSegCs(%esp)
	jne KiServiceExit2
	testl $EFLAGS_TF, TsEFlags(%esp)
	jnz KiServiceExit2
	mov TsEip(%esp), %edx
	cmp KI_USER_SHARED_DATA + UsSystemCallReturn, %edx
	jne KiServiceExit2
	mov TsHardwareEsp(%esp), %ecx
	mov TsEax(%esp), %eax
	mov TsEdi(%esp), %edi
	mov TsEsi(%esp), %esi
	mov TsEbx(%esp), %ebx
	mov TsEbp(%esp), %ebp
	pushl TsExceptionList(%esp)
	popl %fs:PcExceptionList
	movw TsSegGs(%esp), %gs
	movw TsSegEs(%esp), %es
	movw TsSegDs(%esp), %ds
	movw TsSegFs(%esp), %fs
	pushl TsEFlags(%esp)
	andl $~EFLAGS_INTERRUPT_MASK, (%esp)
	popfl
	sti
	sysexit
ENDFUNC KiServiceExit

/* Full exit for traps, interrupts, NtContinue and new threads: restore everything, iret. */
FUNC KiServiceExit2
	.globl KiExceptionExit
KiExceptionExit:
	cli
	DISPATCH_USER_APC
	add $TsSegGs, %esp
	pop %gs
	pop %es
	pop %ds
	pop %edx
	pop %ecx
	pop %eax
	add $4, %esp
	popl %fs:PcExceptionList
	pop %fs
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	add $4, %esp
	iret
ENDFUNC KiServiceExit2

/*
 * NTSTATUS NtContinue(PCONTEXT Context, BOOLEAN TestAlert): load Context into this
 * call's trap frame (and with TestAlert re-arm user APC delivery), then leave through
 * KiServiceExit2, so every register is restored.
 */
FUNC NtContinue
	push %ebp
	push %ebx
	mov %fs:PcCurrentThread, %ebx
	mov ThTrapFrame(%ebx), %ebp
	pushl TsEdx(%ebp)
	pushl 20(%esp)
	push %ebp
	pushl 24(%esp)
	call KiContinue
	add $12, %esp
	pop %ecx
	test %eax, %eax
	jnz 1f
	mov %ecx, ThTrapFrame(%ebx)
	mov TsPreviousPreviousMode(%ebp), %ecx
	mov %cl, ThPreviousMode(%ebx)
	mov %ebp, %esp
	jmp KiServiceExit2
1:	pop %ebx
	pop %ebp
	ret $8
ENDFUNC NtContinue
