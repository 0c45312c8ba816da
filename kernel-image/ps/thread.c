/*
 * thread.c — thread creation (PspCreateThread: ETHREAD, client id, kernel stack, TEB,
 * KeInitThread, KeStartThread) and the first routines new threads run.
 */
#include <internal/ps.h>
#include <internal/ex.h>
#include <internal/mm.h>
#include <rtl.h>

/* A user thread's initial CONTEXT: Eip = entry, [Esp+4] = StartContext, Ebx = PEB. */
static NTSTATUS PspInitializeUserContext(PEPROCESS Process, PVOID StartRoutine,
                                         PVOID StartContext, PVOID StackBase, PCONTEXT Context)
{
	ULONG Frame[2] = { 0, (ULONG)StartContext };

	RtlZeroMemory(Context, sizeof(*Context));
	Context->ContextFlags = CONTEXT_FULL;
	Context->Eip = Context->Eax = (ULONG)StartRoutine;
	Context->Ebx = (ULONG)Process->Peb;
	Context->Esp = (ULONG)StackBase - sizeof(Frame);
	Context->EFlags = EFLAGS_INTERRUPT_MASK;
	return MmWriteProcessMemory(Process, Context->Esp, Frame, sizeof(Frame));
}

/* Give a user thread its stack, TEB and initial context, then initialize its KTHREAD. */
static NTSTATUS PspInitializeUserThread(PETHREAD Thread, PVOID KernelStack, PVOID StartRoutine,
                                        PVOID StartContext)
{
	PEPROCESS Process = Thread->ThreadsProcess;
	PVOID StackBase, StackLimit;
	CONTEXT Context;
	PTEB Teb;
	NTSTATUS Status;

	Status = MmCreateUserStack(Process, &StackBase, &StackLimit);
	if (NT_SUCCESS(Status))
		Status = MmCreateTeb(Process, &Thread->Cid, StackBase, StackLimit, &Teb);
	if (NT_SUCCESS(Status))
		Status = PspInitializeUserContext(Process, StartRoutine, StartContext, StackBase, &Context);
	if (NT_SUCCESS(Status))
		KeInitThread(&Thread->Tcb, KernelStack, PspUserThreadStartup, NULL, NULL, &Context, Teb,
		             &Process->Pcb);
	return Status;
}

/* Link a new thread into its process (kernel and executive lists). */
static VOID PspInsertThread(PEPROCESS Process, PETHREAD Thread)
{
	KeQuerySystemTime(&Thread->CreateTime);
	KeStartThread(&Thread->Tcb);
	InsertTailList(&Process->ThreadListHead, &Thread->ThreadListEntry);
	Process->ActiveThreads++;
}

/*
 * Create a thread in Process, not yet ready: a user thread at StartRoutine, or a system
 * one. The thread object's creation reference is the running thread's own, dropped by
 * the reaper once it has terminated; the thread references its process.
 */
NTSTATUS PspCreateThread(PEPROCESS Process, BOOLEAN UserThread, PVOID StartRoutine,
                         PVOID StartContext, PETHREAD *ThreadOut)
{
	PVOID KernelStack;
	PETHREAD Thread;
	NTSTATUS Status;

	PspReaper();
	Status = ObCreateObject(KernelMode, PsThreadType, NULL, KernelMode, NULL, sizeof(ETHREAD), 0, 0,
	                        (PVOID *)&Thread);
	if (!NT_SUCCESS(Status))
		return Status;
	ObReferenceObject(Process);
	Thread->ThreadsProcess = Process;
	Thread->Cid.UniqueProcess = Process->UniqueProcessId;
	Thread->Cid.UniqueThread = PspCreateCid(Thread);
	Thread->Tcb.InitialStack = KernelStack = MmCreateKernelStack();
	Thread->StartAddress = Thread->Win32StartAddress = StartRoutine;
	Thread->ExitStatus = STATUS_PENDING;
	Status = Thread->Cid.UniqueThread && KernelStack ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
	if (NT_SUCCESS(Status) && UserThread)
		Status = PspInitializeUserThread(Thread, KernelStack, StartRoutine, StartContext);
	else if (NT_SUCCESS(Status))
		KeInitThread(&Thread->Tcb, KernelStack, PspSystemThreadStartup, StartRoutine,
		             StartContext, NULL, NULL, &Process->Pcb);
	if (!NT_SUCCESS(Status)) {
		ObDereferenceObject(Thread);
		return Status;
	}
	PspInsertThread(Process, Thread);
	*ThreadOut = Thread;
	return STATUS_SUCCESS;
}

/* The Thread type's delete procedure: kernel stack, id, process reference. */
VOID PspDeleteThread(PVOID Object)
{
	PETHREAD Thread = Object;

	if (Thread->Tcb.InitialStack)
		MmDeleteKernelStack(Thread->Tcb.InitialStack);
	if (Thread->Cid.UniqueThread)
		PspDeleteCid(Thread->Cid.UniqueThread);
	if (Thread->ThreadsProcess)
		ObDereferenceObject(Thread->ThreadsProcess);
}

/* Create a system thread in the System process and make it ready. */
NTSTATUS PsCreateSystemThread(PKSTART_ROUTINE StartRoutine, PVOID StartContext, PETHREAD *Thread)
{
	NTSTATUS Status;

	Status = PspCreateThread(PsInitialSystemProcess, FALSE, StartRoutine, StartContext, Thread);
	if (NT_SUCCESS(Status))
		KeReadyThread(&(*Thread)->Tcb);
	return Status;
}

/* First routine of a user thread, before it enters user mode through its trap frame. */
VOID NTAPI PspUserThreadStartup(PVOID StartRoutine, PVOID StartContext)
{
	KiReleaseDispatcherLock(PASSIVE_LEVEL);
}

/* First routine of a system thread: run StartRoutine at PASSIVE_LEVEL, then exit. */
VOID NTAPI PspSystemThreadStartup(PVOID StartRoutine, PVOID StartContext)
{
	KiReleaseDispatcherLock(PASSIVE_LEVEL);
	((PKSTART_ROUTINE)StartRoutine)(StartContext);
	PspExitThread(STATUS_SUCCESS);
}
