/* query.c — process information: NtQueryInformationProcess(ProcessBasicInformation). */
#include <internal/ps.h>
#include <internal/mm.h>
#include <ntapi.h>

/* The PROCESS_BASIC_INFORMATION of Process. */
static VOID PspQueryBasicInformation(PEPROCESS Process, PPROCESS_BASIC_INFORMATION Info)
{
	Info->ExitStatus = Process->ExitStatus;
	Info->PebBaseAddress = Process->Peb;
	Info->AffinityMask = Process->Pcb.Affinity;
	Info->BasePriority = Process->Pcb.BasePriority;
	Info->UniqueProcessId = (ULONG_PTR)Process->UniqueProcessId;
	Info->InheritedFromUniqueProcessId = (ULONG_PTR)Process->InheritedFromUniqueProcessId;
}

/* Information about a process (PROCESS_QUERY_INFORMATION); only ProcessBasicInformation. */
NTSTATUS NTAPI NtQueryInformationProcess(HANDLE ProcessHandle,
                                         PROCESSINFOCLASS ProcessInformationClass,
                                         PVOID ProcessInformation,
                                         ULONG ProcessInformationLength, PULONG ReturnLength)
{
	PROCESS_BASIC_INFORMATION Info;
	ULONG Length = sizeof(Info);
	PEPROCESS Process;
	NTSTATUS Status;

	if (ProcessInformationClass != ProcessBasicInformation)
		return STATUS_INVALID_INFO_CLASS;
	if (ProcessInformationLength != sizeof(Info))
		return STATUS_INFO_LENGTH_MISMATCH;
	Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_QUERY_INFORMATION, PsProcessType,
	                                   KeGetPreviousMode(), (PVOID *)&Process, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	PspQueryBasicInformation(Process, &Info);
	ObDereferenceObject(Process);
	Status = MmCopyToCaller(ProcessInformation, &Info, sizeof(Info));
	if (NT_SUCCESS(Status) && ReturnLength)
		Status = MmCopyToCaller(ReturnLength, &Length, sizeof(Length));
	return Status;
}
