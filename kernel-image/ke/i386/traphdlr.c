/*
 * traphdlr.c — the C half of the trap entries: turn a trap into an exception record and
 * dispatch it, resolve page faults through Mm, bugcheck on machine-level traps.
 */
#include <internal/ke.h>
#include <internal/mm.h>

/* Exception code per vector; 0 marks traps that can only mean a broken machine. */
static const NTSTATUS KiTrapExceptionCode[0x14] = {
	[0x00] = STATUS_INTEGER_DIVIDE_BY_ZERO,
	[0x01] = STATUS_SINGLE_STEP,
	[0x03] = STATUS_BREAKPOINT,
	[0x04] = STATUS_INTEGER_OVERFLOW,
	[0x05] = STATUS_ARRAY_BOUNDS_EXCEEDED,
	[0x06] = STATUS_ILLEGAL_INSTRUCTION,
	[0x0B] = STATUS_ACCESS_VIOLATION,
	[0x0C] = STATUS_ACCESS_VIOLATION,
	[0x0D] = STATUS_ACCESS_VIOLATION,
	[0x10] = STATUS_FLOAT_INVALID_OPERATION,
	[0x11] = STATUS_DATATYPE_MISALIGNMENT,
	[0x13] = STATUS_FLOAT_INVALID_OPERATION,
};

/*
 * Every trap but #PF and #DF: build the exception record and dispatch it. A kernel-mode
 * single step (user TF carried through sysenter) is dropped: there is no kernel debugger.
 */
VOID KiTrapHandler(PKTRAP_FRAME TrapFrame, ULONG Vector)
{
	EXCEPTION_RECORD Record = { 0 };
	NTSTATUS Code = Vector < ARRAYSIZE(KiTrapExceptionCode) ? KiTrapExceptionCode[Vector] : 0;

	if (!Code)
		KeBugCheckEx(UNEXPECTED_KERNEL_MODE_TRAP, Vector, TrapFrame->ErrCode, TrapFrame->Eip, 0);
	if (Vector == 0x01 && !(TrapFrame->SegCs & MODE_MASK)) {
		TrapFrame->EFlags &= ~EFLAGS_TF;
		return;
	}
	Record.ExceptionCode = Code;
	Record.ExceptionAddress = (PVOID)(TrapFrame->Eip - (Vector == 0x03));
	if (Code == STATUS_ACCESS_VIOLATION) {
		Record.NumberParameters = 2;
		Record.ExceptionInformation[1] = (ULONG_PTR)-1;
	}
	KiDispatchException(&Record, TrapFrame, TrapFrame->SegCs & MODE_MASK);
}

/* Page fault: Mm resolves what it can; a kernel fault on a kernel address is fatal. */
VOID KiTrap0EHandler(PKTRAP_FRAME TrapFrame)
{
	ULONG_PTR Address = __readcr2();
	BOOLEAN Store = (TrapFrame->ErrCode & 2) != 0;
	KPROCESSOR_MODE Mode = TrapFrame->SegCs & MODE_MASK;
	EXCEPTION_RECORD Record = { 0 };

	if (NT_SUCCESS(MmAccessFault(Store, (PVOID)Address, Mode, TrapFrame)))
		return;
	if (Mode == KernelMode && Address >= MM_SYSTEM_RANGE_START &&
	    !KiApplyFixup(TrapFrame, STATUS_ACCESS_VIOLATION))
		KeBugCheckEx(PAGE_FAULT_IN_NONPAGED_AREA, Address, Store, TrapFrame->Eip, 0);
	Record.ExceptionCode = STATUS_ACCESS_VIOLATION;
	Record.ExceptionAddress = (PVOID)TrapFrame->Eip;
	Record.NumberParameters = 2;
	Record.ExceptionInformation[0] = Store;
	Record.ExceptionInformation[1] = Address;
	KiDispatchException(&Record, TrapFrame, Mode);
}

/* Double fault (on the #DF task's stack): the faulting state is in the boot TSS. */
VOID KiTrap08Handler(VOID)
{
	KeBugCheckEx(UNEXPECTED_KERNEL_MODE_TRAP, 8, KiTss.Eip, KiTss.Esp, 0);
}
