/*
 * bootproc.c — running a boot-file program for the workload, the way a parent creates
 * a process: NtOpenFile(\SystemRoot\NAME), NtCreateSection(SEC_IMAGE), NtQuerySection,
 * NtCreateProcessEx, then the initial thread through PspCreateThread, as NtCreateThread
 * would make it: ntdll!RtlUserThreadStart(TransferAddress, PEB), entered through the
 * LdrInitializeThunk APC. Called from a System thread: PreviousMode is KernelMode.
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <ntapi.h>
#include <rtl.h>

#define PSP_BOOT_NAME_CHARS 64

/* Open \SystemRoot\ImageName and create its image section (kernel handles). */
static NTSTATUS PspCreateBootSection(PCSTR ImageName, PHANDLE Section)
{
	WCHAR Buffer[PSP_BOOT_NAME_CHARS] = PSP_BOOT_FILE_PREFIX;
	ULONG Prefix = ARRAYSIZE(PSP_BOOT_FILE_PREFIX) - 1, i;
	OBJECT_ATTRIBUTES ObjectAttributes;
	UNICODE_STRING Name;
	IO_STATUS_BLOCK IoStatus;
	HANDLE File;
	NTSTATUS Status;

	for (i = 0; ImageName[i] && Prefix + i + 1 < PSP_BOOT_NAME_CHARS; i++)
		Buffer[Prefix + i] = (UCHAR)ImageName[i];
	RtlInitUnicodeString(&Name, Buffer);
	InitializeObjectAttributes(&ObjectAttributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
	                           NULL, NULL);
	Status = NtOpenFile(&File, SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA, &ObjectAttributes,
	                    &IoStatus, FILE_SHARE_READ | FILE_SHARE_DELETE,
	                    FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
	if (!NT_SUCCESS(Status))
		return Status;
	InitializeObjectAttributes(&ObjectAttributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	Status = NtCreateSection(Section, SECTION_ALL_ACCESS, &ObjectAttributes, NULL, PAGE_EXECUTE,
	                         SEC_IMAGE, File);
	NtClose(File);
	return Status;
}

/* A process (child of System) for the image section, its image information, its object. */
static NTSTATUS PspCreateBootProcessObject(HANDLE Section, PHANDLE ProcessHandle,
                                           PSECTION_IMAGE_INFORMATION ImageInformation,
                                           PEPROCESS *Process)
{
	OBJECT_ATTRIBUTES ObjectAttributes;
	NTSTATUS Status;

	Status = NtQuerySection(Section, SectionImageInformation, ImageInformation,
	                        sizeof(*ImageInformation), NULL);
	InitializeObjectAttributes(&ObjectAttributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	if (NT_SUCCESS(Status))
		Status = NtCreateProcessEx(ProcessHandle, PROCESS_ALL_ACCESS, &ObjectAttributes,
		                           NtCurrentProcess(), 0, Section, NULL, NULL, FALSE);
	if (NT_SUCCESS(Status))
		Status = ObReferenceObjectByHandle(*ProcessHandle, 0, PsProcessType, KernelMode,
		                                   (PVOID *)Process, NULL);
	return Status;
}

/*
 * Start the boot-file program ImageName as a child of System: *ProcessHandle (a kernel
 * handle) and *Process (referenced) name it; its first thread is ready to run.
 */
NTSTATUS PsCreateBootProcess(PCSTR ImageName, PHANDLE ProcessHandle, PEPROCESS *ProcessOut)
{
	SECTION_IMAGE_INFORMATION ImageInformation;
	PEPROCESS Process = NULL;
	CLIENT_ID ClientId;
	HANDLE Section, Thread;
	NTSTATUS Status;

	Status = PspCreateBootSection(ImageName, &Section);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = PspCreateBootProcessObject(Section, ProcessHandle, &ImageInformation, &Process);
	NtClose(Section);
	if (NT_SUCCESS(Status))
		Status = PspCreateInitialThread(Process, ImageInformation.TransferAddress, &Thread,
		                                &ClientId);
	if (!NT_SUCCESS(Status) && Process) {
		NtTerminateProcess(*ProcessHandle, Status);
		ObDereferenceObject(Process);
		NtClose(*ProcessHandle);
	}
	if (!NT_SUCCESS(Status))
		return Status;
	NtClose(Thread);
	DbgPrint("ps: process %s (pid %lu) created, thread %lu at 0x%08lX\n", ImageName,
	         (ULONG)Process->UniqueProcessId, (ULONG)ClientId.UniqueThread,
	         (ULONG)ImageInformation.TransferAddress);
	*ProcessOut = Process;
	return STATUS_SUCCESS;
}

/* Run a boot-file program to completion (waiting on its process object); its exit status. */
NTSTATUS PsRunBootProcess(PCSTR ImageName, PNTSTATUS ExitStatus)
{
	HANDLE ProcessHandle;
	PEPROCESS Process;
	NTSTATUS Status;

	Status = PsCreateBootProcess(ImageName, &ProcessHandle, &Process);
	if (!NT_SUCCESS(Status))
		return Status;
	KeWaitForSingleObject(&Process->Pcb, Executive, KernelMode, FALSE, NULL);
	*ExitStatus = Process->ExitStatus;
	ObDereferenceObject(Process);
	NtClose(ProcessHandle);
	return STATUS_SUCCESS;
}
