/*
 * query.c — process information: NtQueryInformationProcess(ProcessBasicInformation) and
 * NtSetInformationProcess (the exception port csrss binds, the priority class).
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <internal/lpc.h>
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

/* Bind the port PortHandle names to Process as its exception port (once only). */
static NTSTATUS PspSetExceptionPort(PEPROCESS Process, HANDLE PortHandle)
{
	PVOID Port;
	NTSTATUS Status;

	Status = LpcpReferencePort(PortHandle, KeGetPreviousMode(), (PLPCP_PORT_OBJECT *)&Port);
	if (!NT_SUCCESS(Status))
		return Status;
	if (__sync_val_compare_and_swap(&Process->ExceptionPort, NULL, Port) == NULL)
		return STATUS_SUCCESS;
	ObDereferenceObject(Port);
	return STATUS_PORT_ALREADY_SET;
}

/* Apply one captured information class to Process. */
static NTSTATUS PspSetInformation(PEPROCESS Process, PROCESSINFOCLASS Class, PVOID Buffer)
{
	if (Class == ProcessExceptionPort)
		return PspSetExceptionPort(Process, *(PHANDLE)Buffer);
	Process->PriorityClass = ((PPROCESS_PRIORITY_CLASS)Buffer)->PriorityClass;
	return STATUS_SUCCESS;
}

/*
 * NtSetInformationProcess (PROCESS_SET_INFORMATION): ProcessExceptionPort (a port handle)
 * and ProcessPriorityClass (recorded).
 */
NTSTATUS NTAPI NtSetInformationProcess(HANDLE ProcessHandle,
                                       PROCESSINFOCLASS ProcessInformationClass,
                                       PVOID ProcessInformation, ULONG ProcessInformationLength)
{
	union {
		HANDLE Port;
		PROCESS_PRIORITY_CLASS PriorityClass;
	} Buffer;
	ULONG Length;
	PEPROCESS Process;
	NTSTATUS Status;

	if (ProcessInformationClass == ProcessExceptionPort)
		Length = sizeof(HANDLE);
	else if (ProcessInformationClass == ProcessPriorityClass)
		Length = sizeof(PROCESS_PRIORITY_CLASS);
	else
		return STATUS_INVALID_INFO_CLASS;
	if (ProcessInformationLength != Length)
		return STATUS_INFO_LENGTH_MISMATCH;
	Status = MmCopyFromCaller(&Buffer, ProcessInformation, Length);
	if (NT_SUCCESS(Status))
		Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_SET_INFORMATION, PsProcessType,
		                                   KeGetPreviousMode(), (PVOID *)&Process, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = PspSetInformation(Process, ProcessInformationClass, &Buffer);
	ObDereferenceObject(Process);
	return Status;
}
