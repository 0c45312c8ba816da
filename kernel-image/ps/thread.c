/*
 * thread.c — thread creation in NT's order (PspCreateThread: thread object, client id,
 * kernel stack, TEB, KeInitThread, link, KeStartThread, notify, suspend, handle,
 * KeReadyThread), NtCreateThread, system threads, the first routines new threads run (a
 * user thread starts with a user APC to ntdll!LdrInitializeThunk), thread-object
 * deletion and the create-thread notify routines.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/ex.h>
#include <internal/mm.h>
#include <ntapi.h>
#include <rtl.h>

#define PSP_MAX_CREATE_THREAD_NOTIFY 8
#define TAG_PS_APC 'pasP'

PVOID PspUserThreadStart;
static PCREATE_THREAD_NOTIFY_ROUTINE PspCreateThreadNotifyRoutine[PSP_MAX_CREATE_THREAD_NOTIFY];

/* Register a routine to be told of every thread created and ended. */
NTSTATUS PsSetCreateThreadNotifyRoutine(PCREATE_THREAD_NOTIFY_ROUTINE NotifyRoutine)
{
	ULONG i;

	for (i = 0; i < PSP_MAX_CREATE_THREAD_NOTIFY; i++) {
		if (!PspCreateThreadNotifyRoutine[i]) {
			PspCreateThreadNotifyRoutine[i] = NotifyRoutine;
			return STATUS_SUCCESS;
		}
	}
	return STATUS_INSUFFICIENT_RESOURCES;
}

/*
 * Call the notify routines for Thread: Create = TRUE once it exists (Cid, StartAddress
 * set), FALSE when it ends (ExitStatus set). The tracer watches this function.
 */
DECLSPEC_TRACED VOID PspRunCreateThreadNotifyRoutines(PETHREAD Thread, BOOLEAN Create)
{
	ULONG i;

	for (i = 0; i < PSP_MAX_CREATE_THREAD_NOTIFY; i++)
		if (PspCreateThreadNotifyRoutine[i])
			PspCreateThreadNotifyRoutine[i](Thread->Cid.UniqueProcess,
			                                Thread->Cid.UniqueThread, Create);
}

/* The process a new thread goes into, referenced: ProcessPointer, or ProcessHandle's. */
static NTSTATUS PspReferenceTargetProcess(HANDLE ProcessHandle, PEPROCESS ProcessPointer,
                                          PEPROCESS *Process)
{
	if (!ProcessPointer)
		return ObReferenceObjectByHandle(ProcessHandle, PROCESS_CREATE_THREAD, PsProcessType,
		                                 KeGetPreviousMode(), (PVOID *)Process, NULL);
	ObReferenceObject(ProcessPointer);
	*Process = ProcessPointer;
	return STATUS_SUCCESS;
}

/* Create the thread object in Process: executive fields, client id, kernel stack. */
static NTSTATUS PspAllocateThread(PEPROCESS Process, POBJECT_ATTRIBUTES ObjectAttributes,
                                  PETHREAD *ThreadOut)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PETHREAD Thread;
	NTSTATUS Status;

	Status = ObCreateObject(PreviousMode, PsThreadType, ObjectAttributes, PreviousMode, NULL,
	                        sizeof(ETHREAD), 0, 0, (PVOID *)&Thread);
	if (!NT_SUCCESS(Status))
		return Status;
	RtlZeroMemory(Thread, sizeof(*Thread));
	ObReferenceObject(Process);
	Thread->ThreadsProcess = Process;
	Thread->ExitStatus = STATUS_PENDING;
	InitializeListHead(&Thread->IrpList);
	InitializeListHead(&Thread->PostBlockList);
	InitializeListHead(&Thread->ActiveTimerListHead);
	InitializeListHead(&Thread->LpcReplyChain);
	KeInitializeSemaphore(&Thread->LpcReplySemaphore, 0, 1);
	Thread->Cid.UniqueProcess = Process->UniqueProcessId;
	Thread->Cid.UniqueThread = PspCreateCid(Thread);
	Thread->Tcb.InitialStack = MmCreateKernelStack();
	*ThreadOut = Thread;
	if (!Thread->Cid.UniqueThread || !Thread->Tcb.InitialStack)
		return STATUS_INSUFFICIENT_RESOURCES;
	return STATUS_SUCCESS;
}

/* A user thread: its TEB and first frames from ThreadContext; a system thread: its routine. */
static NTSTATUS PspInitializeThread(PETHREAD Thread, PCONTEXT ThreadContext,
                                    PINITIAL_TEB InitialTeb, PKSTART_ROUTINE StartRoutine,
                                    PVOID StartContext)
{
	PEPROCESS Process = Thread->ThreadsProcess;
	PTEB Teb;
	NTSTATUS Status;

	if (!ThreadContext) {
		Thread->StartAddress = (PVOID)StartRoutine;
		Thread->CrossThreadFlags |= PS_CROSS_THREAD_FLAGS_SYSTEM;
		KeInitThread(&Thread->Tcb, Thread->Tcb.InitialStack, PspSystemThreadStartup,
		             (PVOID)StartRoutine, StartContext, NULL, NULL, &Process->Pcb);
		return STATUS_SUCCESS;
	}
	Status = MmCreateTeb(Process, InitialTeb, &Thread->Cid, &Teb);
	if (!NT_SUCCESS(Status))
		return Status;
	Thread->StartAddress = (PVOID)ThreadContext->Eip;
	Thread->Win32StartAddress = (PVOID)ThreadContext->Eax;
	KeInitThread(&Thread->Tcb, Thread->Tcb.InitialStack, PspUserThreadStartup, NULL,
	             Thread->StartAddress, ThreadContext, Teb, &Process->Pcb);
	return STATUS_SUCCESS;
}

/* Link Thread into its process (refused once the process is exiting) and start it. */
static NTSTATUS PspInsertThread(PETHREAD Thread)
{
	PEPROCESS Process = Thread->ThreadsProcess;
	KIRQL OldIrql = KiAcquireDispatcherLock();

	if (Process->Flags & PS_PROCESS_FLAGS_PROCESS_EXITING) {
		KiReleaseDispatcherLock(OldIrql);
		return STATUS_PROCESS_IS_TERMINATING;
	}
	InsertTailList(&Process->ThreadListHead, &Thread->ThreadListEntry);
	Process->ActiveThreads++;
	KiReleaseDispatcherLock(OldIrql);
	KeStartThread(&Thread->Tcb);
	KeQuerySystemTime(&Thread->CreateTime);
	return STATUS_SUCCESS;
}

/*
 * The started thread: notify, reference it twice (its own life, ended by the reaper, and
 * this function's), suspend it if asked, give it a handle and make it ready. A thread
 * that got no handle is readied as dead, and ends itself.
 */
static NTSTATUS PspReadyNewThread(PETHREAD Thread, ACCESS_MASK DesiredAccess, PHANDLE ThreadHandle,
                                  PCLIENT_ID ClientId, BOOLEAN CreateSuspended)
{
	NTSTATUS Status;

	PspRunCreateThreadNotifyRoutines(Thread, TRUE);
	ObReferenceObject(Thread);
	ObReferenceObject(Thread);
	if (CreateSuspended)
		KeSuspendThread(&Thread->Tcb);
	Status = ObInsertObject(Thread, NULL, DesiredAccess, 0, NULL, ThreadHandle);
	if (NT_SUCCESS(Status) && ClientId)
		*ClientId = Thread->Cid;
	if (!NT_SUCCESS(Status)) {
		Thread->CrossThreadFlags |= PS_CROSS_THREAD_FLAGS_DEADTHREAD;
		KeForceResumeThread(&Thread->Tcb);
	}
	KeReadyThread(&Thread->Tcb);
	ObDereferenceObject(Thread);
	return Status;
}

/*
 * Create a thread in ProcessPointer or ProcessHandle's process: a user thread entering
 * user mode with ThreadContext on InitialTeb's stack, or (no context) a system thread
 * running StartRoutine(StartContext). Returns its handle and client id.
 */
NTSTATUS PspCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                         PEPROCESS ProcessPointer, PCLIENT_ID ClientId, PCONTEXT ThreadContext,
                         PINITIAL_TEB InitialTeb, BOOLEAN CreateSuspended,
                         PKSTART_ROUTINE StartRoutine, PVOID StartContext)
{
	PEPROCESS Process;
	PETHREAD Thread = NULL;
	NTSTATUS Status;

	Status = PspReferenceTargetProcess(ProcessHandle, ProcessPointer, &Process);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = PspAllocateThread(Process, ObjectAttributes, &Thread);
	if (NT_SUCCESS(Status))
		Status = PspInitializeThread(Thread, ThreadContext, InitialTeb, StartRoutine,
		                             StartContext);
	if (NT_SUCCESS(Status))
		Status = PspInsertThread(Thread);
	if (!NT_SUCCESS(Status))
		goto cleanup;
	Status = PspReadyNewThread(Thread, DesiredAccess, ThreadHandle, ClientId, CreateSuspended);
	Thread = NULL;
cleanup:
	if (Thread)
		ObDereferenceObject(Thread);
	ObDereferenceObject(Process);
	return Status;
}

/*
 * NtCreateThread: capture the caller's CONTEXT and INITIAL_TEB, create the thread, and
 * return its handle and client id.
 */
NTSTATUS NTAPI NtCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                              PCLIENT_ID ClientId, PCONTEXT ThreadContext,
                              PINITIAL_TEB InitialTeb, BOOLEAN CreateSuspended)
{
	HANDLE Handle = NULL;
	CLIENT_ID Cid;
	CONTEXT Context;
	INITIAL_TEB Teb;
	NTSTATUS Status;

	if (!ThreadContext || !InitialTeb)
		return STATUS_INVALID_PARAMETER;
	Status = MmCopyToCaller(ThreadHandle, &Handle, sizeof(Handle));
	if (NT_SUCCESS(Status))
		Status = MmCopyFromCaller(&Context, ThreadContext, sizeof(Context));
	if (NT_SUCCESS(Status))
		Status = MmCopyFromCaller(&Teb, InitialTeb, sizeof(Teb));
	if (NT_SUCCESS(Status))
		Status = PspCreateThread(&Handle, DesiredAccess, ObjectAttributes, ProcessHandle, NULL,
		                         &Cid, &Context, &Teb, CreateSuspended, NULL, NULL);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(ThreadHandle, &Handle, sizeof(Handle));
	if (NT_SUCCESS(Status) && ClientId)
		Status = MmCopyToCaller(ClientId, &Cid, sizeof(Cid));
	return Status;
}

/* Create a thread running StartRoutine(StartContext) in ProcessHandle's process or System. */
NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                              PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
                              PVOID StartContext)
{
	return PspCreateThread(ThreadHandle, DesiredAccess, ObjectAttributes, ProcessHandle,
	                       ProcessHandle ? NULL : PsInitialSystemProcess, ClientId, NULL, NULL,
	                       FALSE, StartRoutine, StartContext);
}

/* A first thread's CONTEXT: ntdll!RtlUserThreadStart(EntryPoint, Peb) on StackBase. */
static NTSTATUS PspInitializeUserContext(PEPROCESS Process, PVOID EntryPoint, PVOID StackBase,
                                         PCONTEXT Context)
{
	ULONG Frame[3] = { 0, (ULONG)EntryPoint, (ULONG)Process->Peb };

	RtlZeroMemory(Context, sizeof(*Context));
	Context->ContextFlags = CONTEXT_FULL;
	Context->Eip = (ULONG)PspUserThreadStart;
	Context->Eax = (ULONG)EntryPoint;
	Context->Ebx = (ULONG)Process->Peb;
	Context->Esp = (ULONG)StackBase - sizeof(Frame);
	Context->EFlags = EFLAGS_INTERRUPT_MASK;
	return MmWriteProcessMemory(Process, Context->Esp, Frame, sizeof(Frame));
}

/*
 * Create the first thread of a process the kernel starts (the workload's programs): a
 * committed stack and the CONTEXT a user-mode creator would build, through PspCreateThread.
 */
NTSTATUS PspCreateInitialThread(PEPROCESS Process, PVOID EntryPoint, PHANDLE ThreadHandle,
                                PCLIENT_ID ClientId)
{
	INITIAL_TEB InitialTeb = { 0 };
	CONTEXT Context;
	NTSTATUS Status;

	Status = MmCreateUserStack(Process, &InitialTeb.StackBase, &InitialTeb.StackLimit);
	if (NT_SUCCESS(Status))
		Status = PspInitializeUserContext(Process, EntryPoint, InitialTeb.StackBase, &Context);
	InitialTeb.AllocatedStackBase = InitialTeb.StackLimit;
	if (NT_SUCCESS(Status))
		Status = PspCreateThread(ThreadHandle, THREAD_ALL_ACCESS, NULL, NULL, Process, ClientId,
		                         &Context, &InitialTeb, FALSE, NULL, NULL);
	return Status;
}

/*
 * The Thread type's delete procedure: the kernel stack (unless the reaper freed it), the
 * thread id, the list entry, a TEB left by a thread that never ran, the process reference.
 */
VOID PspDeleteThread(PVOID ObjectBody)
{
	PETHREAD Thread = ObjectBody;
	PEPROCESS Process = Thread->ThreadsProcess;
	KIRQL OldIrql;

	if (Thread->Tcb.InitialStack)
		MmDeleteKernelStack(Thread->Tcb.InitialStack);
	if (Thread->Cid.UniqueThread)
		PspDeleteCid(Thread->Cid.UniqueThread);
	if (!Process)
		return;
	OldIrql = KiAcquireDispatcherLock();
	if (Thread->ThreadListEntry.Flink)
		RemoveEntryList(&Thread->ThreadListEntry);
	KiReleaseDispatcherLock(OldIrql);
	if (Thread->Tcb.Teb)
		MmDeleteTeb(Process, Thread->Tcb.Teb);
	ObDereferenceObject(Process);
}

/* The loader APC's kernel routine: the APC was pool-allocated; free it. */
DECLSPEC_TRACED VOID NTAPI PspNullSpecialApc(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine,
                                             PVOID *NormalContext, PVOID *SystemArgument1,
                                             PVOID *SystemArgument2)
{
	ExFreePoolWithTag(Apc, TAG_PS_APC);
}

/*
 * Queue the thread's first user APC: ntdll!LdrInitializeThunk(NULL, ntdll base, NULL),
 * delivered on its way to user mode before its own context runs.
 */
static VOID PspQueueLoaderApc(PETHREAD Thread)
{
	PKAPC Apc = ExAllocatePoolWithTag(NonPagedPool, sizeof(KAPC), TAG_PS_APC);

	if (!Apc)
		PspExitThread(STATUS_INSUFFICIENT_RESOURCES);
	KeInitializeApc(Apc, &Thread->Tcb, OriginalApcEnvironment, PspNullSpecialApc,
	                PspExitApcRundown, (PKNORMAL_ROUTINE)PspSystemDllEntryPoint, UserMode, NULL);
	if (!KeInsertQueueApc(Apc, PspSystemDllBase, NULL, IO_NO_INCREMENT))
		ExFreePoolWithTag(Apc, TAG_PS_APC);
	else
		Thread->Tcb.ApcState.UserApcPending = TRUE;
}

/*
 * First routine of a user thread (from KiThreadStartup at APC_LEVEL). Lowering to
 * PASSIVE_LEVEL runs pending kernel APCs: a SuspendApc suspends the thread right here.
 * Then the loader APC is queued; KiServiceExit2 delivers it on the way to user mode.
 */
VOID NTAPI PspUserThreadStartup(PVOID StartRoutine, PVOID StartContext)
{
	PETHREAD Thread = PsGetCurrentThread();

	KeLowerIrql(PASSIVE_LEVEL);
	if (Thread->CrossThreadFlags & PS_CROSS_THREAD_FLAGS_DEADTHREAD)
		PspExitThread(STATUS_THREAD_IS_TERMINATING);
	PspQueueLoaderApc(Thread);
}

/* First routine of a system thread: run StartRoutine at PASSIVE_LEVEL, then exit. */
VOID NTAPI PspSystemThreadStartup(PVOID StartRoutine, PVOID StartContext)
{
	KeLowerIrql(PASSIVE_LEVEL);
	if (!(PsGetCurrentThread()->CrossThreadFlags & PS_CROSS_THREAD_FLAGS_DEADTHREAD))
		((PKSTART_ROUTINE)StartRoutine)(StartContext);
	PspExitThread(STATUS_SUCCESS);
}
