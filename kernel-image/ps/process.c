/*
 * process.c — process creation and deletion (PspCreateProcess in NT's order: address
 * space, KeInitializeProcess, image, system DLL, PID, PEB, active-process list) and the
 * boot-file programs the workload runs.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/io.h>
#include <internal/ex.h>
#include <internal/mm.h>
#include <rtl.h>

#define PSP_NORMAL_BASE_PRIORITY 8

/* Map the executable and ntdll and create the PEB of a new user process. */
static NTSTATUS PspInitializeProcessImage(PEPROCESS Process, PVOID ImageData, ULONG ImageSize,
                                          PVOID *TransferAddress)
{
	NTSTATUS Status;

	Status = MmMapElfImage(Process, ImageData, ImageSize, TransferAddress);
	if (!NT_SUCCESS(Status))
		return Status;
	Process->SectionBaseAddress = (PVOID)PAGE_ROUND_DOWN(*TransferAddress);
	return PspMapSystemDll(Process);
}

/* The executive fields of a new process object. */
static VOID PspInitializeProcessObject(PEPROCESS Process, PEPROCESS Parent, PCSTR ImageFileName)
{
	InitializeListHead(&Process->ThreadListHead);
	InitializeListHead(&Process->ActiveProcessLinks);
	Process->ExitStatus = STATUS_PENDING;
	Process->InheritedFromUniqueProcessId = Parent ? Parent->UniqueProcessId : NULL;
	strncpy((PCHAR)Process->ImageFileName, ImageFileName, sizeof(Process->ImageFileName) - 1);
}

/*
 * Create a process named ImageFileName. With ImageData it gets its own address space with
 * the image and ntdll mapped (TransferAddress = the image entry); without, it shares the
 * system page directory (the System process).
 */
NTSTATUS PspCreateProcess(PEPROCESS Parent, PCSTR ImageFileName, PVOID ImageData, ULONG ImageSize,
                          PEPROCESS *ProcessOut, PVOID *TransferAddress)
{
	ULONG_PTR DirectoryTableBase = MmSystemPageDirectory;
	PEPROCESS Process;
	NTSTATUS Status;

	Status = ObCreateObject(KernelMode, PsProcessType, NULL, KernelMode, NULL, sizeof(EPROCESS),
	                        0, 0, (PVOID *)&Process);
	if (!NT_SUCCESS(Status))
		return Status;
	RtlZeroMemory(Process, sizeof(*Process));
	PspInitializeProcessObject(Process, Parent, ImageFileName);
	if (ImageData)
		Status = MmCreateProcessAddressSpace(&DirectoryTableBase);
	if (!NT_SUCCESS(Status))
		goto cleanup;
	KeInitializeProcess(&Process->Pcb, PSP_NORMAL_BASE_PRIORITY, DirectoryTableBase);
	if (ImageData)
		Status = PspInitializeProcessImage(Process, ImageData, ImageSize, TransferAddress);
	Process->UniqueProcessId = PspCreateCid();
	if (NT_SUCCESS(Status) && ImageData)
		Status = MmCreatePeb(Process, Process->SectionBaseAddress, &Process->Peb);
cleanup:
	if (!NT_SUCCESS(Status)) {
		ObDereferenceObject(Process);
		return Status;
	}
	KeQuerySystemTime(&Process->CreateTime);
	InsertTailList(&PsActiveProcessHead, &Process->ActiveProcessLinks);
	*ProcessOut = Process;
	return STATUS_SUCCESS;
}

/* The last reference to a process is gone (its threads hold one each): free its resources. */
VOID NTAPI PspDeleteProcess(PVOID ObjectBody)
{
	PEPROCESS Process = ObjectBody;

	ObKillProcess(Process);
	RemoveEntryList(&Process->ActiveProcessLinks);
	if (Process->Pcb.DirectoryTableBase[0] &&
	    Process->Pcb.DirectoryTableBase[0] != MmSystemPageDirectory)
		MmDeleteProcessAddressSpace(Process);
}

/* Start the boot-file program ImageName as a child of System, its first thread ready. */
NTSTATUS PsCreateBootProcess(PCSTR ImageName, PEPROCESS *ProcessOut)
{
	PEPROCESS Process;
	PVOID Image, TransferAddress;
	CLIENT_ID ClientId;
	HANDLE Thread;
	ULONG Size;
	NTSTATUS Status;

	Status = IoGetBootFile(ImageName, &Image, &Size);
	if (NT_SUCCESS(Status))
		Status = PspCreateProcess(PsInitialSystemProcess, ImageName, Image, Size, &Process,
		                          &TransferAddress);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = PspCreateInitialThread(Process, TransferAddress, &Thread, &ClientId);
	if (!NT_SUCCESS(Status)) {
		ObDereferenceObject(Process);
		return Status;
	}
	ObCloseHandle(Thread, KernelMode);
	DbgPrint("ps: process %s (pid %lu) created, thread %lu at 0x%08lX\n", ImageName,
	         (ULONG)Process->UniqueProcessId, (ULONG)ClientId.UniqueThread,
	         (ULONG)TransferAddress);
	*ProcessOut = Process;
	return STATUS_SUCCESS;
}

/* Run a boot-file program to completion; return its exit status. */
NTSTATUS PsRunBootProcess(PCSTR ImageName, PNTSTATUS ExitStatus)
{
	PEPROCESS Process;
	NTSTATUS Status;

	Status = PsCreateBootProcess(ImageName, &Process);
	if (!NT_SUCCESS(Status))
		return Status;
	KeWaitForSingleObject(&Process->Pcb, Executive, KernelMode, FALSE, NULL);
	*ExitStatus = Process->ExitStatus;
	ObDereferenceObject(Process);
	return STATUS_SUCCESS;
}
