/* irq.S — hardware interrupt entries: the clock (IRQ 0) and the spurious IRQ 7 / 15. */
#include <asm.h>

	.text
/* IRQ 0 on vector 0x30: build a trap frame and run HalpClockInterruptHandler. */
FUNC HalpClockInterrupt
	pushl $0
	TRAP_PROLOG
	push %ebp
	call HalpClockInterruptHandler
	mov %ebp, %esp
	jmp KiExceptionExit
ENDFUNC HalpClockInterrupt

/* IRQ 7 on vector 0x37 (usually spurious). */
FUNC HalpIrq07Interrupt
	pushl $0
	TRAP_PROLOG
	pushl $0x37
	push %ebp
	call HalpSpuriousInterruptHandler
	mov %ebp, %esp
	jmp KiExceptionExit
ENDFUNC HalpIrq07Interrupt

/* IRQ 15 on vector 0x3F (usually spurious). */
FUNC HalpIrq15Interrupt
	pushl $0
	TRAP_PROLOG
	pushl $0x3F
	push %ebp
	call HalpSpuriousInterruptHandler
	mov %ebp, %esp
	jmp KiExceptionExit
ENDFUNC HalpIrq15Interrupt
