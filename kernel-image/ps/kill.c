/*
 * kill.c — termination. A thread exits in PspExitThread; the last one out runs
 * PspExitProcess (notify routines, handle table closed, address space torn down), and a
 * dead thread's own reference is dropped later by the reaper (its stack is in use until
 * it has switched away). NtTerminateProcess terminates the current or another process.
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <ntapi.h>
#include <rtl.h>

LIST_ENTRY PsReaperListHead = { &PsReaperListHead, &PsReaperListHead };

/* A terminated thread on the reaper list, unlinked; NULL when there is none. */
static PETHREAD PspTakeDeadThread(VOID)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();
	PLIST_ENTRY Entry;
	PETHREAD Thread = NULL;

	for (Entry = PsReaperListHead.Flink; Entry != &PsReaperListHead; Entry = Entry->Flink) {
		Thread = CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry);
		if (Thread->Tcb.State == Terminated) {
			RemoveEntryList(Entry);
			break;
		}
		Thread = NULL;
	}
	KiReleaseDispatcherLock(OldIrql);
	return Thread;
}

/* Drop the last reference of every thread that has finished switching away for good. */
VOID PspReaper(VOID)
{
	PETHREAD Thread;

	while ((Thread = PspTakeDeadThread()) != NULL)
		ObDereferenceObject(Thread);
}

/*
 * A process's exit, once its last thread is going (LastThreadExit: run by that thread) or
 * when it is terminated with none: notify, close its handles, free its user memory, and
 * signal the process object (its waiters may now run; the dying thread's reference keeps
 * the object alive).
 */
VOID PspExitProcess(BOOLEAN LastThreadExit, PEPROCESS Process)
{
	KIRQL OldIrql;

	Process->Flags |= PS_PROCESS_FLAGS_PROCESS_EXITING;
	KeQuerySystemTime(&Process->ExitTime);
	DbgPrint("ps: process %s (pid %lu) exited with status 0x%08lX\n",
	         (PCSTR)Process->ImageFileName, (ULONG)Process->UniqueProcessId,
	         (ULONG)Process->ExitStatus);
	PspRunCreateProcessNotifyRoutines(Process, FALSE);
	ObKillProcess(Process);
	MmCleanProcessAddressSpace(Process);
	OldIrql = KiAcquireDispatcherLock();
	KiSignalObject(&Process->Pcb.Header);
	KiReleaseDispatcherLock(OldIrql);
}

/* End the current thread; the last one out ends its process. Never returns. */
VOID PspExitThread(NTSTATUS ExitStatus)
{
	PETHREAD Thread = PsGetCurrentThread();
	PEPROCESS Process = Thread->ThreadsProcess;
	BOOLEAN LastThread;
	KIRQL OldIrql;

	Thread->ExitStatus = ExitStatus;
	KeQuerySystemTime(&Thread->ExitTime);
	OldIrql = KiAcquireDispatcherLock();
	RemoveEntryList(&Thread->ThreadListEntry);
	LastThread = --Process->ActiveThreads == 0;
	if (LastThread && Process->ExitStatus == STATUS_PENDING)
		Process->ExitStatus = ExitStatus;
	KiReleaseDispatcherLock(OldIrql);
	if (LastThread)
		PspExitProcess(TRUE, Process);
	OldIrql = KiAcquireDispatcherLock();
	InsertTailList(&PsReaperListHead, &Thread->ThreadListEntry);
	KiReleaseDispatcherLock(OldIrql);
	KeTerminateThread();
}

/*
 * Terminate Thread with ExitStatus. bSelf (the current thread): exit now. Another thread
 * must be stopped from inside with a kernel APC: that is the thread side's (K1) to add.
 */
NTSTATUS PspTerminateThreadByPointer(PETHREAD Thread, NTSTATUS ExitStatus, BOOLEAN bSelf)
{
	if (bSelf)
		PspExitThread(ExitStatus);
	return STATUS_NOT_IMPLEMENTED;
}

/* Terminate every thread of Process but the caller; a process left without any exits now. */
NTSTATUS PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus)
{
	PETHREAD Current = PsGetCurrentThread(), Thread;
	PLIST_ENTRY Entry;
	NTSTATUS Status = STATUS_SUCCESS;

	for (Entry = Process->ThreadListHead.Flink; Entry != &Process->ThreadListHead;
	     Entry = Entry->Flink) {
		Thread = CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry);
		if (Thread != Current)
			Status = PspTerminateThreadByPointer(Thread, ExitStatus, FALSE);
	}
	if (IsListEmpty(&Process->ThreadListHead) &&
	    !(Process->Flags & PS_PROCESS_FLAGS_PROCESS_EXITING))
		PspExitProcess(FALSE, Process);
	return Status;
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

/*
 * Terminate a process (PROCESS_TERMINATE access): all its threads, and it with ExitStatus;
 * the current one (NtCurrentProcess()) too, in which case this does not return. A NULL
 * handle terminates the caller's other threads only.
 */
NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus)
{
	PEPROCESS Process;
	BOOLEAN KillSelf;
	NTSTATUS Status;

	Status = ObReferenceObjectByHandle(ProcessHandle ? ProcessHandle : NtCurrentProcess(),
	                                   PROCESS_TERMINATE, PsProcessType, KeGetPreviousMode(),
	                                   (PVOID *)&Process, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	if (Process->Flags & PS_PROCESS_FLAGS_PROCESS_DELETE) {
		ObDereferenceObject(Process);
		return STATUS_PROCESS_IS_TERMINATING;
	}
	KillSelf = ProcessHandle && Process == PsGetCurrentProcess();
	if (ProcessHandle) {
		Process->Flags |= PS_PROCESS_FLAGS_PROCESS_DELETE;
		if (Process->ExitStatus == STATUS_PENDING)
			Process->ExitStatus = ExitStatus;
	}
	Status = PspTerminateProcess(Process, ExitStatus);
	ObDereferenceObject(Process);
	if (KillSelf)
		PspTerminateThreadByPointer(PsGetCurrentThread(), ExitStatus, TRUE);
	return Status;
}
