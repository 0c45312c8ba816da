/*
 * harderr.c — hard errors: the kernel sends LPC_ERROR_EVENT to the default hard-error
 * port (csrss's API port); NT's csrss shows a message box, this one prints the message
 * on the console and answers OK.
 */
#include "csrsrv.h"

/* The caption and text NT shows for Status. */
static VOID CsrHardErrorText(NTSTATUS Status, PCSTR *Caption, PCSTR *Text)
{
	*Caption = "{Application Error}";
	*Text = "The application failed with an error.";
	if (Status == STATUS_DLL_INIT_FAILED)
		*Text = "The application failed to initialize properly (0xC0000142). "
		        "Process initialization failed.";
}

/* Report a hard error from the thread Message->h.ClientId names; answer ResponseOk. */
DECLSPEC_TRACED BOOLEAN NTAPI CsrHandleHardError(PCSR_THREAD Thread, PHARDERROR_MSG Message)
{
	PCSTR Caption, Text;

	CsrHardErrorText(Message->Status, &Caption, &Text);
	Print("csrss: hard error from %lu.%lu: %s %s\n", (ULONG)Message->h.ClientId.UniqueProcess,
	      (ULONG)Message->h.ClientId.UniqueThread, Caption, Text);
	if (Message->Status != STATUS_DLL_INIT_FAILED)
		Print("csrss: (status 0x%08lX)\n", (ULONG)Message->Status);
	Message->Response = ResponseOk;
	return TRUE;
}
