/* thread.c — where user threads start and end in ntdll. */
#include "ntdllp.h"

/* End the calling thread with ExitStatus; the last thread of a process ends the process. */
VOID NTAPI RtlExitUserThread(NTSTATUS ExitStatus)
{
	for (;;)
		NtTerminateThread(NtCurrentThread(), ExitStatus);
}

/*
 * Where a thread's context starts (Eip; the kernel's first threads too): run
 * StartAddress(Parameter), then end the thread with its return value.
 */
VOID NTAPI RtlUserThreadStart(PUSER_THREAD_START_ROUTINE StartAddress, PVOID Parameter)
{
	RtlExitUserThread(StartAddress(Parameter));
}
