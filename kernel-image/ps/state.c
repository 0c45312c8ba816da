/*
 * state.c — services that change or read another thread's state: suspend and resume
 * (through the thread's SuspendApc), user APCs (NtQueueApcThread), alerts, and
 * NtQueryInformationThread(ThreadBasicInformation).
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/ex.h>
#include <internal/mm.h>
#include <ntapi.h>

#define TAG_PS_APC 'pasP'

/* Reference ThreadHandle's thread for DesiredAccess in the caller's mode. */
static NTSTATUS PspReferenceThread(HANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                                   PETHREAD *Thread)
{
	return ObReferenceObjectByHandle(ThreadHandle, DesiredAccess, PsThreadType,
	                                 KeGetPreviousMode(), (PVOID *)Thread, NULL);
}

/* Copy a previous suspend count out to the caller, if it asked for it. */
static NTSTATUS PspReturnCount(PULONG Destination, ULONG Count)
{
	return Destination ? MmCopyToCaller(Destination, &Count, sizeof(Count)) : STATUS_SUCCESS;
}

/* NtSuspendThread: add one to the thread's suspend count; return the previous count. */
NTSTATUS NTAPI NtSuspendThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
	PETHREAD Thread;
	ULONG Count = 0;
	NTSTATUS Status;

	Status = PspReferenceThread(ThreadHandle, THREAD_SUSPEND_RESUME, &Thread);
	if (!NT_SUCCESS(Status))
		return Status;
	if (Thread->CrossThreadFlags & PS_CROSS_THREAD_FLAGS_TERMINATED)
		Status = STATUS_THREAD_IS_TERMINATING;
	else if ((Count = KeSuspendThread(&Thread->Tcb)) > MAXIMUM_SUSPEND_COUNT)
		Status = STATUS_SUSPEND_COUNT_EXCEEDED;
	ObDereferenceObject(Thread);
	return NT_SUCCESS(Status) ? PspReturnCount(PreviousSuspendCount, Count) : Status;
}

/* NtResumeThread: take one from the thread's suspend count; return the previous count. */
NTSTATUS NTAPI NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
	PETHREAD Thread;
	ULONG Count;
	NTSTATUS Status;

	Status = PspReferenceThread(ThreadHandle, THREAD_SUSPEND_RESUME, &Thread);
	if (!NT_SUCCESS(Status))
		return Status;
	Count = KeResumeThread(&Thread->Tcb);
	ObDereferenceObject(Thread);
	return PspReturnCount(PreviousSuspendCount, Count);
}

/* Kernel routine of NtQueueApcThread's APCs: free the pool-allocated APC. */
DECLSPEC_TRACED VOID NTAPI PspQueueApcSpecialApc(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine,
                                                 PVOID *NormalContext, PVOID *SystemArgument1,
                                                 PVOID *SystemArgument2)
{
	ExFreePoolWithTag(Apc, TAG_PS_APC);
}

/*
 * NtQueueApcThread: queue a user APC that calls ApcRoutine(Argument1, Argument2,
 * Argument3) in the thread, when it next waits alertably or tests for alerts.
 */
NTSTATUS NTAPI NtQueueApcThread(HANDLE ThreadHandle, PKNORMAL_ROUTINE ApcRoutine,
                                PVOID ApcArgument1, PVOID ApcArgument2, PVOID ApcArgument3)
{
	PETHREAD Thread;
	PKAPC Apc;
	NTSTATUS Status;

	Status = PspReferenceThread(ThreadHandle, THREAD_SET_CONTEXT, &Thread);
	if (!NT_SUCCESS(Status))
		return Status;
	Apc = ExAllocatePoolWithTag(NonPagedPool, sizeof(KAPC), TAG_PS_APC);
	if (Thread->CrossThreadFlags & PS_CROSS_THREAD_FLAGS_SYSTEM)
		Status = STATUS_INVALID_HANDLE;
	else if (!Apc)
		Status = STATUS_NO_MEMORY;
	if (NT_SUCCESS(Status)) {
		KeInitializeApc(Apc, &Thread->Tcb, OriginalApcEnvironment, PspQueueApcSpecialApc,
		                PspExitApcRundown, ApcRoutine, UserMode, ApcArgument1);
		if (!KeInsertQueueApc(Apc, ApcArgument2, ApcArgument3, IO_NO_INCREMENT))
			Status = STATUS_UNSUCCESSFUL;
	}
	if (!NT_SUCCESS(Status) && Apc)
		ExFreePoolWithTag(Apc, TAG_PS_APC);
	ObDereferenceObject(Thread);
	return Status;
}

/* NtAlertThread: alert the thread in the caller's mode (ends an alertable wait). */
NTSTATUS NTAPI NtAlertThread(HANDLE ThreadHandle)
{
	PETHREAD Thread;
	NTSTATUS Status;

	Status = PspReferenceThread(ThreadHandle, THREAD_ALERT, &Thread);
	if (!NT_SUCCESS(Status))
		return Status;
	KeAlertThread(&Thread->Tcb, KeGetPreviousMode());
	ObDereferenceObject(Thread);
	return STATUS_SUCCESS;
}

/* NtQueryInformationThread: ThreadBasicInformation (exit status, TEB, client id, priority). */
NTSTATUS NTAPI NtQueryInformationThread(HANDLE ThreadHandle, ULONG InformationClass,
                                        PVOID ThreadInformation, ULONG Length,
                                        PULONG ReturnLength)
{
	THREAD_BASIC_INFORMATION Information;
	PETHREAD Thread;
	ULONG Size = sizeof(Information);
	NTSTATUS Status;

	if (InformationClass != ThreadBasicInformation)
		return STATUS_INVALID_INFO_CLASS;
	if (Length != sizeof(Information))
		return STATUS_INFO_LENGTH_MISMATCH;
	Status = PspReferenceThread(ThreadHandle, THREAD_QUERY_INFORMATION, &Thread);
	if (!NT_SUCCESS(Status))
		return Status;
	Information = (THREAD_BASIC_INFORMATION){ Thread->ExitStatus, Thread->Tcb.Teb, Thread->Cid,
	                                          Thread->Tcb.Affinity, Thread->Tcb.Priority,
	                                          Thread->Tcb.BasePriority };
	ObDereferenceObject(Thread);
	Status = MmCopyToCaller(ThreadInformation, &Information, Size);
	if (NT_SUCCESS(Status) && ReturnLength)
		Status = MmCopyToCaller(ReturnLength, &Size, sizeof(Size));
	return Status;
}
