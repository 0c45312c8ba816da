/*
 * readwrt.c — copying between address spaces (NtReadVirtualMemory,
 * NtWriteVirtualMemory, MmWriteProcessMemory) through a pool buffer: attach to the
 * source process, copy in, attach to the target, copy out, a page at a time. A fault
 * in the other process's memory gives STATUS_PARTIAL_COPY, one in the caller's own
 * buffer STATUS_ACCESS_VIOLATION.
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <ntapi.h>

#define TAG_VM_COPY 'wRmM'

/* Copy Length bytes in the address space of Process (attached) with faults caught. */
static NTSTATUS MiCopyAttached(PEPROCESS Process, PVOID Destination, const VOID *Source,
                               ULONG Length)
{
	KAPC_STATE ApcState;
	NTSTATUS Status;

	KeStackAttachProcess(&Process->Pcb, &ApcState);
	Status = MiSafeCopyMemory(Destination, Source, Length);
	KeUnstackDetachProcess(&ApcState);
	return Status;
}

/*
 * Copy BufferSize bytes from SourceAddress in SourceProcess to TargetAddress in
 * TargetProcess; *ReturnSize: the bytes copied. CallerIsSource says which side is the
 * caller's own buffer (a fault there: STATUS_ACCESS_VIOLATION; on the other side:
 * STATUS_PARTIAL_COPY).
 */
static NTSTATUS MiCopyVirtualMemory(PEPROCESS SourceProcess, PVOID SourceAddress,
                                    PEPROCESS TargetProcess, PVOID TargetAddress,
                                    SIZE_T BufferSize, BOOLEAN CallerIsSource, PSIZE_T ReturnSize)
{
	PUCHAR Buffer = ExAllocatePoolWithTag(NonPagedPool, PAGE_SIZE, TAG_VM_COPY);
	SIZE_T Done = 0, Chunk;
	NTSTATUS Status = Buffer ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;

	while (NT_SUCCESS(Status) && Done < BufferSize) {
		Chunk = BufferSize - Done < PAGE_SIZE ? BufferSize - Done : PAGE_SIZE;
		Status = MiCopyAttached(SourceProcess, Buffer, (PUCHAR)SourceAddress + Done, Chunk);
		if (!NT_SUCCESS(Status)) {
			Status = CallerIsSource ? STATUS_ACCESS_VIOLATION : STATUS_PARTIAL_COPY;
			break;
		}
		Status = MiCopyAttached(TargetProcess, (PUCHAR)TargetAddress + Done, Buffer, Chunk);
		if (!NT_SUCCESS(Status))
			Status = CallerIsSource ? STATUS_PARTIAL_COPY : STATUS_ACCESS_VIOLATION;
		else
			Done += Chunk;
	}
	if (Buffer)
		ExFreePoolWithTag(Buffer, TAG_VM_COPY);
	*ReturnSize = Done;
	return Status;
}

/* Copy between two address spaces (one of them the caller's, taken to be the source if both). */
NTSTATUS MmCopyVirtualMemory(PEPROCESS SourceProcess, PVOID SourceAddress,
                             PEPROCESS TargetProcess, PVOID TargetAddress, SIZE_T BufferSize,
                             KPROCESSOR_MODE PreviousMode, PSIZE_T ReturnSize)
{
	return MiCopyVirtualMemory(SourceProcess, SourceAddress, TargetProcess, TargetAddress,
	                           BufferSize, SourceProcess == PsGetCurrentProcess(), ReturnSize);
}

/* The shared body of NtRead/WriteVirtualMemory: check, reference, copy, report. */
static NTSTATUS MiReadWriteVirtualMemory(HANDLE ProcessHandle, PVOID ProcessAddress, PVOID Buffer,
                                         SIZE_T Length, PSIZE_T Copied, BOOLEAN Write)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	SIZE_T Done = 0;
	PEPROCESS Process;
	NTSTATUS Status = STATUS_SUCCESS;

	if (PreviousMode != KernelMode &&
	    (!MmIsUserRange(ProcessAddress, Length) || !MmIsUserRange(Buffer, Length)))
		return STATUS_ACCESS_VIOLATION;
	if (Copied)
		Status = MmCopyToCaller(Copied, &Done, sizeof(Done));
	if (NT_SUCCESS(Status))
		Status = ObReferenceObjectByHandle(ProcessHandle, Write ? PROCESS_VM_WRITE : PROCESS_VM_READ,
		                                   PsProcessType, PreviousMode, (PVOID *)&Process, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	if (Write)
		Status = MiCopyVirtualMemory(PsGetCurrentProcess(), Buffer, Process, ProcessAddress,
		                             Length, TRUE, &Done);
	else
		Status = MiCopyVirtualMemory(Process, ProcessAddress, PsGetCurrentProcess(), Buffer,
		                             Length, FALSE, &Done);
	ObDereferenceObject(Process);
	if (Copied)
		MmCopyToCaller(Copied, &Done, sizeof(Done));
	return Status;
}

/* Copy memory of another process into the caller's buffer. */
NTSTATUS NTAPI NtReadVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
                                   SIZE_T NumberOfBytesToRead, PSIZE_T NumberOfBytesRead)
{
	return MiReadWriteVirtualMemory(ProcessHandle, BaseAddress, Buffer, NumberOfBytesToRead,
	                                NumberOfBytesRead, FALSE);
}

/* Copy the caller's buffer into memory of another process. */
NTSTATUS NTAPI NtWriteVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
                                    SIZE_T NumberOfBytesToWrite, PSIZE_T NumberOfBytesWritten)
{
	return MiReadWriteVirtualMemory(ProcessHandle, BaseAddress, Buffer, NumberOfBytesToWrite,
	                                NumberOfBytesWritten, TRUE);
}

/* Copy a kernel buffer to Va in Process (attached; demand-zero pages are filled in). */
NTSTATUS MmWriteProcessMemory(PEPROCESS Process, ULONG_PTR Va, const VOID *Buffer, ULONG Length)
{
	if (!MmIsUserRange((PVOID)Va, Length))
		return STATUS_ACCESS_VIOLATION;
	return MiCopyAttached(Process, (PVOID)Va, Buffer, Length);
}
