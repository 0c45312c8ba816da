/*
 * csrnotify.c — telling csrss about a new process (BasepCreateProcess, 0x10000) and, in
 * ReactOS order, its first thread (BasepCreateThread, 0x10001). The order comes from
 * the CSRNOTIFY environment variable (smss sets it from boot.ini's csrnotify=; children
 * inherit it): "reactos", else NT5.
 */
#include "k32.h"

BASE_CSR_NOTIFY_ORDER BaseCsrNotifyOrder = BaseCsrNotifyNt5;

/* Read the ordering from this process's environment (DllMain). */
VOID BasepInitializeCsrNotifyOrder(VOID)
{
	PRTL_USER_PROCESS_PARAMETERS Params = BasepProcessParameters();
	PWSTR Value = Params ? RtlQueryEnvironmentVariable(Params->Environment, L"CSRNOTIFY") : NULL;

	if (Value && (Value[0] | 0x20) == L'r')
		BaseCsrNotifyOrder = BaseCsrNotifyReactOS;
}

/* BasepCreateProcess: csrss duplicates our handles and registers the child. */
NTSTATUS BasepNotifyCsrOfCreation(PBASE_NEW_PROCESS New, ULONG CreationFlags)
{
	CSR_API_MSG Msg;

	memset(&Msg, 0, sizeof(Msg));
	Msg.u.CreateProcessRequest.ProcessHandle = New->Process;
	Msg.u.CreateProcessRequest.ThreadHandle = New->Thread;
	Msg.u.CreateProcessRequest.ClientId = New->ClientId;
	Msg.u.CreateProcessRequest.CreationFlags = CreationFlags;
	return CsrClientCallServer(&Msg, NULL, BasepCreateProcess, sizeof(BASE_CREATEPROCESS_MSG));
}

/* BasepCreateThread: csrss registers the child's first thread (ReactOS order). */
NTSTATUS BasepNotifyCsrOfThread(PBASE_NEW_PROCESS New)
{
	CSR_API_MSG Msg;

	memset(&Msg, 0, sizeof(Msg));
	Msg.u.CreateThreadRequest.ThreadHandle = New->Thread;
	Msg.u.CreateThreadRequest.ClientId = New->ClientId;
	return CsrClientCallServer(&Msg, NULL, BasepCreateThread, sizeof(BASE_CREATETHREAD_MSG));
}
