/* synch.c — waits, sleeps, user APCs and handles, over the NT services. */
#include "k32.h"

/* A millisecond timeout as NT's relative LARGE_INTEGER (NULL for INFINITE). */
static PLARGE_INTEGER BaseFormatTimeOut(PLARGE_INTEGER Timeout, DWORD Milliseconds)
{
	if (Milliseconds == INFINITE)
		return NULL;
	Timeout->QuadPart = -(LONGLONG)Milliseconds * 10000;
	return Timeout;
}

/* Wait for one object; alertable waits return WAIT_IO_COMPLETION after user APCs. */
DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable)
{
	LARGE_INTEGER Timeout;
	NTSTATUS Status = NtWaitForSingleObject(hHandle, (BOOLEAN)bAlertable,
	                                        BaseFormatTimeOut(&Timeout, dwMilliseconds));

	if (NT_SUCCESS(Status))
		return (DWORD)Status;
	BaseSetLastNTError(Status);
	return WAIT_FAILED;
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
	return WaitForSingleObjectEx(hHandle, dwMilliseconds, FALSE);
}

/* Wait for any or all of several objects. */
DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                    DWORD dwMilliseconds)
{
	LARGE_INTEGER Timeout;
	NTSTATUS Status = NtWaitForMultipleObjects(nCount, (PHANDLE)lpHandles,
	                                           bWaitAll ? WaitAll : WaitAny, FALSE,
	                                           BaseFormatTimeOut(&Timeout, dwMilliseconds));

	if (NT_SUCCESS(Status))
		return (DWORD)Status;
	BaseSetLastNTError(Status);
	return WAIT_FAILED;
}

/* Sleep (alertably: user APCs end it with WAIT_IO_COMPLETION). */
DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
	LARGE_INTEGER Timeout;
	NTSTATUS Status;

	if (dwMilliseconds == INFINITE)
		Timeout.QuadPart = -(LONGLONG)10000000 * 3600 * 24 * 365;
	else
		BaseFormatTimeOut(&Timeout, dwMilliseconds);
	Status = NtDelayExecution((BOOLEAN)bAlertable, &Timeout);
	return Status == STATUS_USER_APC ? WAIT_IO_COMPLETION : 0;
}

VOID WINAPI Sleep(DWORD dwMilliseconds)
{
	SleepEx(dwMilliseconds, FALSE);
}

/* The APC's normal routine: call the Win32 APC function with its parameter. */
static VOID NTAPI BaseDispatchApc(PVOID Function, PVOID Parameter, PVOID Unused)
{
	((PAPCFUNC)Function)((ULONG_PTR)Parameter);
}

/* Queue pfnAPC(dwData) as a user APC to hThread (runs at its next alertable wait). */
DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData)
{
	NTSTATUS Status = NtQueueApcThread(hThread, BaseDispatchApc, (PVOID)pfnAPC, (PVOID)dwData,
	                                   NULL);

	if (!NT_SUCCESS(Status))
		BaseSetLastNTError(Status);
	return NT_SUCCESS(Status);
}

BOOL WINAPI CloseHandle(HANDLE hObject)
{
	NTSTATUS Status = NtClose(hObject);

	if (!NT_SUCCESS(Status))
		BaseSetLastNTError(Status);
	return NT_SUCCESS(Status);
}
