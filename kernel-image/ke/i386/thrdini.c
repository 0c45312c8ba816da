/* thrdini.c — the first kernel-stack frames of a new thread (NT's KUINIT_FRAME). */
#include <internal/ke.h>
#include <rtl.h>

/*
 * Build, at the top of the thread's stack, a switch frame returning to KiThreadStartup,
 * a start frame, and for user threads the trap frame Context describes.
 */
VOID KiInitializeContextThread(PKTHREAD Thread, PKSYSTEM_ROUTINE SystemRoutine,
                               PVOID StartRoutine, PVOID StartContext, const CONTEXT *Context)
{
	PKUINIT_FRAME Frame = (PKUINIT_FRAME)((PUCHAR)Thread->InitialStack - sizeof(KUINIT_FRAME));

	RtlZeroMemory(Frame, sizeof(*Frame));
	if (Context) {
		KeContextToTrapFrame(Context, &Frame->TrapFrame);
		Frame->TrapFrame.DbgArgMark = KI_DEBUG_ARG_MARK;
		Frame->TrapFrame.PreviousPreviousMode = UserMode;
		Frame->TrapFrame.ExceptionList = (PEXCEPTION_REGISTRATION_RECORD)EXCEPTION_CHAIN_END;
		Thread->TrapFrame = &Frame->TrapFrame;
		Thread->PreviousMode = UserMode;
	}
	Frame->StartFrame.SystemRoutine = SystemRoutine;
	Frame->StartFrame.StartRoutine = StartRoutine;
	Frame->StartFrame.StartContext = StartContext;
	Frame->StartFrame.UserThread = Context != NULL;
	Frame->CtxSwitchFrame.ExceptionList = (PVOID)EXCEPTION_CHAIN_END;
	Frame->CtxSwitchFrame.ApcBypassDisable = TRUE;
	Frame->CtxSwitchFrame.RetAddr = (PVOID)KiThreadStartup;
	Thread->KernelStack = &Frame->CtxSwitchFrame;
}
