/*
 * usercall.c — calls from the kernel into user mode: KiInitializeUserApc turns a trap
 * frame that is about to return to user mode into a call of ntdll!KiUserApcDispatcher,
 * with the interrupted state saved as a CONTEXT on the user stack.
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <rtl.h>

PVOID KeUserApcDispatcher;

/* The user stack KiUserApcDispatcher finds: the APC's routine and arguments, then CONTEXT. */
typedef struct _KI_USER_APC_FRAME {
	PKNORMAL_ROUTINE NormalRoutine;
	PVOID NormalContext;
	PVOID SystemArgument1;
	PVOID SystemArgument2;
	CONTEXT Context;
} KI_USER_APC_FRAME, *PKI_USER_APC_FRAME;

/* Copy Frame to user address Destination (below the probe address); fault-safe. */
static NTSTATUS KiCopyToUserStack(ULONG_PTR Destination, const KI_USER_APC_FRAME *Frame)
{
	if (Destination >= MM_USER_PROBE_ADDRESS_C ||
	    MM_USER_PROBE_ADDRESS_C - Destination < sizeof(*Frame))
		return STATUS_ACCESS_VIOLATION;
	return MiSafeCopyMemory((PVOID)Destination, Frame, sizeof(*Frame));
}

/* A user stack that cannot take the APC frame: the thread's process dies of it. */
static VOID KiRaiseUserApcFault(PKTRAP_FRAME TrapFrame, ULONG_PTR Address)
{
	EXCEPTION_RECORD Record = { 0 };

	Record.ExceptionCode = STATUS_ACCESS_VIOLATION;
	Record.ExceptionAddress = (PVOID)TrapFrame->Eip;
	Record.NumberParameters = 2;
	Record.ExceptionInformation[0] = TRUE;
	Record.ExceptionInformation[1] = Address;
	KiDispatchException(&Record, TrapFrame, UserMode);
}

/*
 * Deliver a user APC: save TrapFrame as a CONTEXT below the user stack pointer, push the
 * APC's routine and arguments, and make the frame return to KiUserApcDispatcher, which
 * calls NormalRoutine(NormalContext, SA1, SA2) and then NtContinue(CONTEXT, TRUE).
 * The tracer watches this function.
 */
DECLSPEC_TRACED VOID KiInitializeUserApc(PVOID ExceptionFrame, PKTRAP_FRAME TrapFrame,
                                         PKNORMAL_ROUTINE NormalRoutine, PVOID NormalContext,
                                         PVOID SystemArgument1, PVOID SystemArgument2)
{
	KI_USER_APC_FRAME Frame;
	ULONG_PTR Esp;

	KeTrapFrameToContext(TrapFrame, &Frame.Context);
	Frame.NormalRoutine = NormalRoutine;
	Frame.NormalContext = NormalContext;
	Frame.SystemArgument1 = SystemArgument1;
	Frame.SystemArgument2 = SystemArgument2;
	Esp = (Frame.Context.Esp & ~3UL) - sizeof(Frame);
	if (!NT_SUCCESS(KiCopyToUserStack(Esp, &Frame))) {
		KiRaiseUserApcFault(TrapFrame, Esp);
		return;
	}
	TrapFrame->HardwareEsp = Esp;
	TrapFrame->Eip = (ULONG)KeUserApcDispatcher;
	TrapFrame->SegCs = KGDT_R3_CODE | RPL_MASK;
	TrapFrame->HardwareSegSs = TrapFrame->SegDs = TrapFrame->SegEs = KGDT_R3_DATA | RPL_MASK;
	TrapFrame->SegFs = KGDT_R3_TEB | RPL_MASK;
	TrapFrame->SegGs = 0;
	TrapFrame->EFlags = (TrapFrame->EFlags & EFLAGS_USER_SANITIZE) | EFLAGS_INTERRUPT_MASK | 2;
	TrapFrame->ErrCode = 0;
}
