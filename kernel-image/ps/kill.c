/* kill.c — thread and process termination. */
#include <internal/ps.h>

/* End the current thread; the last one out ends its process. Never returns. */
VOID PspExitThread(NTSTATUS ExitStatus)
{
	PETHREAD Thread = PsGetCurrentThread();
	PEPROCESS Process = Thread->ThreadsProcess;

	Thread->ExitStatus = ExitStatus;
	KeQuerySystemTime(&Thread->ExitTime);
	if (--Process->ActiveThreads == 0) {
		if (Process->ExitStatus == STATUS_PENDING)
			Process->ExitStatus = ExitStatus;
		Process->ExitTime = Thread->ExitTime;
		DbgPrint("ps: process %s (pid %lu) exited with status 0x%08lX\n",
		         (PCSTR)Process->ImageFileName, (ULONG)Process->UniqueProcessId,
		         (ULONG)Process->ExitStatus);
	}
	KeTerminateThread();
}

/* An unhandled user-mode exception: report it and end the process with its code. */
VOID PspTerminateFaultingProcess(PEXCEPTION_RECORD ExceptionRecord, PKTRAP_FRAME TrapFrame)
{
	PEPROCESS Process = PsGetCurrentProcess();

	DbgPrint("ps: process %s (pid %lu) faulted: status 0x%08lX at eip 0x%08lX",
	         (PCSTR)Process->ImageFileName, (ULONG)Process->UniqueProcessId,
	         (ULONG)ExceptionRecord->ExceptionCode, TrapFrame->Eip);
	if (ExceptionRecord->ExceptionCode == STATUS_ACCESS_VIOLATION)
		DbgPrint(" (%s 0x%08lX)", ExceptionRecord->ExceptionInformation[0] ? "write" : "read",
		         ExceptionRecord->ExceptionInformation[1]);
	DbgPrint("\n");
	Process->ExitStatus = ExceptionRecord->ExceptionCode;
	PspExitThread(ExceptionRecord->ExceptionCode);
}

/* Terminate a process; until handles exist only NtCurrentProcess() (or NULL) is accepted. */
NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus)
{
	PEPROCESS Process = PsGetCurrentProcess();

	if (ProcessHandle == NULL)
		return STATUS_SUCCESS;
	if (ProcessHandle != NtCurrentProcess())
		return STATUS_INVALID_HANDLE;
	Process->ExitStatus = ExitStatus;
	PspExitThread(ExitStatus);
}
