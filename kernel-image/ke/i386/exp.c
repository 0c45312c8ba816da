/*
 * exp.c — exception dispatch and context conversion. Kernel-mode faults in routines
 * that touch user memory resume at their registered fixup; other kernel-mode exceptions
 * bugcheck; user-mode exceptions end the process (no user exception dispatcher yet).
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <rtl.h>

/* If the faulting instruction has a fixup, resume there with EAX = Status. */
BOOLEAN KiApplyFixup(PKTRAP_FRAME TrapFrame, NTSTATUS Status)
{
	PKI_FIXUP_ENTRY Entry;

	for (Entry = KiFixupTableStart; Entry < KiFixupTableEnd; Entry++) {
		if (Entry->FaultingInstruction != TrapFrame->Eip)
			continue;
		TrapFrame->Eip = Entry->Continuation;
		TrapFrame->Eax = (ULONG)Status;
		return TRUE;
	}
	return FALSE;
}

/* Route an exception: fixup or bugcheck in kernel mode, process termination in user mode. */
VOID KiDispatchException(PEXCEPTION_RECORD ExceptionRecord, PKTRAP_FRAME TrapFrame,
                         KPROCESSOR_MODE PreviousMode)
{
	if (PreviousMode == UserMode)
		PspTerminateFaultingProcess(ExceptionRecord, TrapFrame);
	if (KiApplyFixup(TrapFrame, ExceptionRecord->ExceptionCode))
		return;
	KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, ExceptionRecord->ExceptionCode,
	             (ULONG_PTR)ExceptionRecord->ExceptionAddress,
	             ExceptionRecord->ExceptionInformation[0],
	             ExceptionRecord->ExceptionInformation[1]);
}

/* Load a user CONTEXT into a user-mode trap frame with ring-3 selectors and safe flags. */
NTSTATUS KeContextToTrapFrame(const CONTEXT *Context, PKTRAP_FRAME TrapFrame)
{
	ULONG Flags = Context->ContextFlags;

	if ((Flags & CONTEXT_CONTROL) == CONTEXT_CONTROL) {
		TrapFrame->Ebp = Context->Ebp;
		TrapFrame->Eip = Context->Eip;
		TrapFrame->HardwareEsp = Context->Esp;
		TrapFrame->EFlags = (Context->EFlags & EFLAGS_USER_SANITIZE) | EFLAGS_INTERRUPT_MASK | 2;
	}
	if ((Flags & CONTEXT_INTEGER) == CONTEXT_INTEGER) {
		TrapFrame->Edi = Context->Edi;
		TrapFrame->Esi = Context->Esi;
		TrapFrame->Ebx = Context->Ebx;
		TrapFrame->Edx = Context->Edx;
		TrapFrame->Ecx = Context->Ecx;
		TrapFrame->Eax = Context->Eax;
	}
	TrapFrame->SegCs = KGDT_R3_CODE | RPL_MASK;
	TrapFrame->HardwareSegSs = TrapFrame->SegDs = TrapFrame->SegEs = KGDT_R3_DATA | RPL_MASK;
	TrapFrame->SegFs = KGDT_R3_TEB | RPL_MASK;
	TrapFrame->SegGs = 0;
	return STATUS_SUCCESS;
}

/* The full CONTEXT (control, integer, segment registers) a user-mode trap frame holds. */
VOID KeTrapFrameToContext(const KTRAP_FRAME *TrapFrame, PCONTEXT Context)
{
	Context->ContextFlags = CONTEXT_FULL;
	Context->Ebp = TrapFrame->Ebp;
	Context->Eip = TrapFrame->Eip;
	Context->SegCs = TrapFrame->SegCs;
	Context->EFlags = TrapFrame->EFlags;
	Context->Esp = TrapFrame->HardwareEsp;
	Context->SegSs = TrapFrame->HardwareSegSs;
	Context->Edi = TrapFrame->Edi;
	Context->Esi = TrapFrame->Esi;
	Context->Ebx = TrapFrame->Ebx;
	Context->Edx = TrapFrame->Edx;
	Context->Ecx = TrapFrame->Ecx;
	Context->Eax = TrapFrame->Eax;
	Context->SegGs = TrapFrame->SegGs;
	Context->SegFs = TrapFrame->SegFs;
	Context->SegEs = TrapFrame->SegEs;
	Context->SegDs = TrapFrame->SegDs;
}

/*
 * NtContinue's C half: capture the caller's CONTEXT and load it into TrapFrame; with
 * TestAlert, test the alert and re-arm delivery of the caller's remaining user APCs.
 */
NTSTATUS KiContinue(PCONTEXT UserContext, PKTRAP_FRAME TrapFrame, BOOLEAN TestAlert)
{
	CONTEXT Context;
	NTSTATUS Status;

	Status = MmCopyFromCaller(&Context, UserContext, sizeof(Context));
	if (NT_SUCCESS(Status))
		Status = KeContextToTrapFrame(&Context, TrapFrame);
	if (NT_SUCCESS(Status) && TestAlert)
		KeTestAlertThread(KeGetPreviousMode());
	return Status;
}
