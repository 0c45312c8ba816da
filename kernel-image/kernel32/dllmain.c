/*
 * dllmain.c — kernel32's entry point. DLL_PROCESS_ATTACH connects the process to
 * csrss (ntdll!CsrClientConnectToServer, BASESRV); csrss refuses processes nobody told
 * it about, and then DllMain fails, so the loader fails the process (seed 000).
 */
#include "k32.h"

PVOID BaseDllHandle;

BOOLEAN NTAPI DllMain(PVOID DllHandle, ULONG Reason, PVOID Context)
{
	NTSTATUS Status;

	if (Reason != DLL_PROCESS_ATTACH)
		return TRUE;
	BaseDllHandle = DllHandle;
	BasepInitializeCsrNotifyOrder();
	Status = CsrClientConnectToServer(L"\\Windows", BASESRV_SERVERDLL_INDEX, NULL, NULL, NULL);
	return NT_SUCCESS(Status);
}
