/*
 * kill.c — thread and process termination: PspExitThread (the current thread ends; the
 * last one out ends its process in PspExitProcess), the two-pass exit APC that makes
 * another thread end itself, NtTerminateThread, NtTerminateProcess (the caller's or
 * another process), faulting processes, and the reaper, a System thread that frees ended
 * threads' kernel stacks and drops their own reference.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/ex.h>
#include <internal/mm.h>
#include <internal/lpc.h>
#include <ntapi.h>

#define TAG_PS_APC 'pasP'
#define PSP_REAPER_PRIORITY 13

PETHREAD PsReaperListHead;
KEVENT PsReaperEvent;

/*
 * A process's exit, run by its last thread (LastThreadExit) or, for a process terminated
 * with none, by the terminator: notify, close its handles, free its user memory. The last
 * thread's KeTerminateThread signals the process object; without one, it is signalled here.
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
	if (LastThreadExit)
		return;
	OldIrql = KiAcquireDispatcherLock();
	KiSignalObject(&Process->Pcb.Header);
	KiReleaseDispatcherLock(OldIrql);
}

/* An ending thread takes no more APCs; run down the queued ones and free its TEB. */
static VOID PspRundownThread(PETHREAD Thread)
{
	KIRQL OldIrql = KiAcquireDispatcherLock();

	Thread->Tcb.ApcQueueable = FALSE;
	KiReleaseDispatcherLock(OldIrql);
	KeFlushQueueApc(&Thread->Tcb, UserMode);
	KeFlushQueueApc(&Thread->Tcb, KernelMode);
	if (Thread->Tcb.Teb)
		MmDeleteTeb(Thread->ThreadsProcess, Thread->Tcb.Teb);
	Thread->Tcb.Teb = NULL;
}

/*
 * End the current thread with ExitStatus: notify, run down its APCs and TEB; the last
 * thread of a process gives it its exit status and ends it. Never returns.
 */
VOID PspExitThread(NTSTATUS ExitStatus)
{
	PETHREAD Thread = PsGetCurrentThread();
	PEPROCESS Process = Thread->ThreadsProcess;
	KIRQL OldIrql = KiAcquireDispatcherLock();
	BOOLEAN LastThread = --Process->ActiveThreads == 0;

	if (LastThread && Process->ExitStatus == STATUS_PENDING)
		Process->ExitStatus = ExitStatus;
	if (LastThread)
		Process->Flags |= PS_PROCESS_FLAGS_PROCESS_EXITING;
	Thread->ExitStatus = ExitStatus;
	Thread->CrossThreadFlags |= PS_CROSS_THREAD_FLAGS_TERMINATED;
	KiReleaseDispatcherLock(OldIrql);
	KeQuerySystemTime(&Thread->ExitTime);
	LpcExitThread(Thread);
	PspRunCreateThreadNotifyRoutines(Thread, FALSE);
	PspRundownThread(Thread);
	if (LastThread)
		PspExitProcess(TRUE, Process);
	KeTerminateThread();
}

/* Rundown routine of the pool-allocated APCs: free the APC. */
VOID NTAPI PspExitApcRundown(PKAPC Apc)
{
	ExFreePoolWithTag(Apc, TAG_PS_APC);
}

/*
 * The exit APC's kernel routine, in the doomed thread. Its first, kernel-mode pass does
 * nothing (the normal routine follows); its user-mode pass (SystemArgument2 set), on the
 * way back to user mode with the kernel stack unwound, ends the thread.
 */
DECLSPEC_TRACED VOID NTAPI PsExitSpecialApc(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine,
                                            PVOID *NormalContext, PVOID *SystemArgument1,
                                            PVOID *SystemArgument2)
{
	NTSTATUS ExitStatus = (NTSTATUS)(LONG_PTR)*NormalContext;

	if (!*SystemArgument2)
		return;
	ExFreePoolWithTag(Apc, TAG_PS_APC);
	PspExitThread(ExitStatus);
}

/*
 * The exit APC's normal routine (PASSIVE_LEVEL): queue the same APC again as the first
 * user APC, so that the wait or call the thread is in returns (STATUS_USER_APC) and
 * releases what it holds before the thread ends. A system thread ends here.
 */
VOID NTAPI PspExitNormalApc(PVOID NormalContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
	PKAPC Apc = SystemArgument1;
	PETHREAD Thread = PsGetCurrentThread();

	if (Thread->CrossThreadFlags & PS_CROSS_THREAD_FLAGS_SYSTEM)
		PspExitThread((NTSTATUS)(LONG_PTR)NormalContext);
	KeInitializeApc(Apc, &Thread->Tcb, OriginalApcEnvironment, PsExitSpecialApc,
	                PspExitApcRundown, PspExitNormalApc, UserMode, NormalContext);
	if (!KeInsertQueueApc(Apc, Apc, (PVOID)1, 2))
		PspExitApcRundown(Apc);
}

/*
 * End Thread with ExitStatus: itself at once (bSelf), another through the exit APC, a
 * normal kernel APC that wakes it from waits and suspension and ends it as it returns
 * to user mode.
 */
NTSTATUS PspTerminateThreadByPointer(PETHREAD Thread, NTSTATUS ExitStatus, BOOLEAN bSelf)
{
	PKAPC Apc;

	if (bSelf)
		PspExitThread(ExitStatus);
	if (Thread->CrossThreadFlags & PS_CROSS_THREAD_FLAGS_TERMINATED)
		return STATUS_THREAD_IS_TERMINATING;
	Apc = ExAllocatePoolWithTag(NonPagedPool, sizeof(KAPC), TAG_PS_APC);
	if (!Apc)
		return STATUS_INSUFFICIENT_RESOURCES;
	Thread->CrossThreadFlags |= PS_CROSS_THREAD_FLAGS_TERMINATED;
	KeInitializeApc(Apc, &Thread->Tcb, OriginalApcEnvironment, PsExitSpecialApc,
	                PspExitApcRundown, PspExitNormalApc, KernelMode,
	                (PVOID)(LONG_PTR)ExitStatus);
	if (!KeInsertQueueApc(Apc, Apc, NULL, 2)) {
		ExFreePoolWithTag(Apc, TAG_PS_APC);
		return STATUS_THREAD_IS_TERMINATING;
	}
	KeForceResumeThread(&Thread->Tcb);
	return STATUS_SUCCESS;
}

/*
 * Process is ending with ExitStatus: refuse new threads and end every thread but the
 * current one (which the caller ends itself, if it belongs to Process). A process that
 * has no thread (and has not exited) exits now.
 */
NTSTATUS PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus)
{
	PETHREAD Current = PsGetCurrentThread(), Thread;
	PLIST_ENTRY Entry;
	KIRQL OldIrql = KiAcquireDispatcherLock();
	BOOLEAN NoThread = !Process->ActiveThreads &&
	                   !(Process->Flags & PS_PROCESS_FLAGS_PROCESS_EXITING);

	Process->Flags |= PS_PROCESS_FLAGS_PROCESS_EXITING;
	if (Process->ExitStatus == STATUS_PENDING)
		Process->ExitStatus = ExitStatus;
	for (Entry = Process->ThreadListHead.Flink; Entry != &Process->ThreadListHead;
	     Entry = Entry->Flink) {
		Thread = CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry);
		if (Thread != Current)
			PspTerminateThreadByPointer(Thread, ExitStatus, FALSE);
	}
	KiReleaseDispatcherLock(OldIrql);
	if (NoThread)
		PspExitProcess(FALSE, Process);
	return STATUS_SUCCESS;
}

/*
 * NtTerminateThread: end ThreadHandle's thread (NULL: the caller, unless it is the last
 * one). Ending the caller never returns; the last thread of a process ends the process.
 */
NTSTATUS NTAPI NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus)
{
	PETHREAD Current = PsGetCurrentThread(), Thread;
	NTSTATUS Status;

	if (!ThreadHandle) {
		if (Current->ThreadsProcess->ActiveThreads == 1)
			return STATUS_CANT_TERMINATE_SELF;
		PspExitThread(ExitStatus);
	}
	Status = ObReferenceObjectByHandle(ThreadHandle, THREAD_TERMINATE, PsThreadType,
	                                  KeGetPreviousMode(), (PVOID *)&Thread, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	if (Thread == Current) {
		ObDereferenceObject(Thread);
		PspExitThread(ExitStatus);
	}
	Status = PspTerminateThreadByPointer(Thread, ExitStatus, FALSE);
	ObDereferenceObject(Thread);
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
	PspTerminateProcess(Process, ExceptionRecord->ExceptionCode);
	PspExitThread(ExceptionRecord->ExceptionCode);
}

/*
 * NtTerminateProcess: end ProcessHandle's process (PROCESS_TERMINATE) with ExitStatus, all
 * its threads; the caller's own process too, in which case this does not return. A NULL
 * handle ends the caller's other threads only.
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
	if (ProcessHandle)
		Process->Flags |= PS_PROCESS_FLAGS_PROCESS_DELETE;
	Status = PspTerminateProcess(Process, ExitStatus);
	ObDereferenceObject(Process);
	if (KillSelf)
		PspExitThread(ExitStatus);
	return Status;
}

/*
 * The reaper: free the kernel stacks of ended threads, then drop their own reference. It
 * runs above normal threads (as NT's critical work queue), so a thread's object and the
 * process reference it holds go as soon as it has switched away for the last time.
 */
static VOID NTAPI PspReaperRoutine(PVOID Context)
{
	PETHREAD Thread, Next;
	KIRQL OldIrql;

	KeSetPriorityThread(KeGetCurrentThread(), PSP_REAPER_PRIORITY);
	for (;;) {
		KeWaitForSingleObject(&PsReaperEvent, WrExecutive, KernelMode, FALSE, NULL);
		OldIrql = KiAcquireDispatcherLock();
		Thread = PsReaperListHead;
		PsReaperListHead = NULL;
		KiReleaseDispatcherLock(OldIrql);
		for (; Thread; Thread = Next) {
			Next = Thread->ReaperLink;
			MmDeleteKernelStack(Thread->Tcb.InitialStack);
			Thread->Tcb.InitialStack = NULL;
			ObDereferenceObject(Thread);
		}
	}
}

/* Start the reaper (phase 0); KeTerminateThread hands it every ended thread. */
NTSTATUS PspCreateReaperThread(VOID)
{
	HANDLE Handle;
	NTSTATUS Status;

	KeInitializeEvent(&PsReaperEvent, SynchronizationEvent, FALSE);
	Status = PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, NULL,
	                              PspReaperRoutine, NULL);
	if (NT_SUCCESS(Status))
		ObCloseHandle(Handle, KernelMode);
	return Status;
}
