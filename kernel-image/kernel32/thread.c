/*
 * thread.c — BasepCreateFirstThread: the child's stack (reserve, then commit the top
 * with a guard page below), its INITIAL_TEB, the initial CONTEXT (BasepInitializeContext)
 * and NtCreateThread(CreateSuspended = TRUE).
 */
#include "k32.h"

#define BASEP_STACK_COMMIT 0x10000

/* Reserve the image's stack in the child and commit its top pages, a guard page below. */
static NTSTATUS BasepCreateStack(PBASE_NEW_PROCESS New, PINITIAL_TEB InitialTeb)
{
	SIZE_T Reserve = New->Image.MaximumStackSize, Commit = BASEP_STACK_COMMIT + PAGE_SIZE;
	PVOID Stack = NULL, Top;
	ULONG Old;
	NTSTATUS Status;

	Status = NtAllocateVirtualMemory(New->Process, &Stack, 0, &Reserve, MEM_RESERVE,
	                                 PAGE_READWRITE);
	if (!NT_SUCCESS(Status))
		return Status;
	Top = (PUCHAR)Stack + Reserve - Commit;
	Status = NtAllocateVirtualMemory(New->Process, &Top, 0, &Commit, MEM_COMMIT, PAGE_READWRITE);
	InitialTeb->AllocatedStackBase = Stack;
	InitialTeb->StackBase = (PUCHAR)Stack + Reserve;
	InitialTeb->StackLimit = (PUCHAR)Top + PAGE_SIZE;
	Commit = PAGE_SIZE;
	if (NT_SUCCESS(Status))
		NtProtectVirtualMemory(New->Process, &Top, &Commit, PAGE_READWRITE | PAGE_GUARD, &Old);
	return Status;
}

/*
 * The first thread's CONTEXT: Win32 images (the only ones CreateProcess starts) begin at
 * BaseProcessStartThunk with Eax = entry, Ebx = PEB.
 */
static NTSTATUS BasepInitializeContext(PBASE_NEW_PROCESS New, PCONTEXT Context, ULONG StackBase)
{
	memset(Context, 0, sizeof(*Context));
	Context->ContextFlags = CONTEXT_FULL;
	Context->Eax = (ULONG)New->Image.TransferAddress;
	Context->Ebx = (ULONG)New->Basic.PebBaseAddress;
	Context->EFlags = 0x3000 | 0x200;
	Context->SegCs = 0x18 | 3;
	Context->SegDs = Context->SegEs = Context->SegSs = 0x20 | 3;
	Context->SegFs = 0x38 | 3;
	Context->Eip = (ULONG)BaseProcessStartThunk;
	Context->Esp = StackBase - sizeof(ULONG);
	return STATUS_SUCCESS;
}

/* Create the child's first thread, suspended; New->Thread and New->ClientId name it. */
NTSTATUS BasepCreateFirstThread(PBASE_NEW_PROCESS New)
{
	INITIAL_TEB InitialTeb = { 0 };
	CONTEXT Context;
	NTSTATUS Status;

	Status = BasepCreateStack(New, &InitialTeb);
	if (NT_SUCCESS(Status))
		Status = BasepInitializeContext(New, &Context, (ULONG)InitialTeb.StackBase);
	if (NT_SUCCESS(Status))
		Status = NtCreateThread(&New->Thread, THREAD_ALL_ACCESS, NULL, New->Process,
		                        &New->ClientId, &Context, &InitialTeb, TRUE);
	return Status;
}
