/*
 * params.c — BasepInitializeEnvironment: the child's RTL_USER_PROCESS_PARAMETERS
 * (ImagePathName, CommandLine, Environment) built here, normalized to the child's
 * addresses, written with NtAllocateVirtualMemory + NtWriteVirtualMemory, and
 * PEB->ProcessParameters pointed at them.
 */
#include "k32.h"

#define BASEP_PARAMS_SIZE 0x1000

/* Length in bytes of an environment block, its final NUL included. */
static ULONG BasepEnvironmentSize(PCWSTR Environment)
{
	PCWSTR p = Environment;

	if (!p)
		return 0;
	while (p[0] || p[1])
		p++;
	return (ULONG)((p + 2 - Environment) * sizeof(WCHAR));
}

/* Append String at *Offset in Block; String names its place in the child (Base). */
static VOID BasepPlaceString(PUCHAR Block, PULONG Offset, ULONG_PTR Base, PUNICODE_STRING String,
                             PCWSTR Source)
{
	ULONG Length = 0;

	while (Source[Length] && *Offset + (Length + 2) * sizeof(WCHAR) < BASEP_PARAMS_SIZE)
		Length++;
	memcpy(Block + *Offset, Source, Length * sizeof(WCHAR));
	((PWSTR)(Block + *Offset))[Length] = 0;
	String->Length = (USHORT)(Length * sizeof(WCHAR));
	String->MaximumLength = String->Length + sizeof(WCHAR);
	String->Buffer = (PWSTR)(Base + *Offset);
	*Offset += String->MaximumLength + (String->MaximumLength & 2);
}

/* Allocate Size bytes in the child and write Data there; *Remote = where. */
static NTSTATUS BasepWriteToChild(HANDLE Process, PVOID Data, SIZE_T Size, PVOID *Remote)
{
	SIZE_T Region = Size;
	NTSTATUS Status;

	*Remote = NULL;
	Status = NtAllocateVirtualMemory(Process, Remote, 0, &Region, MEM_RESERVE | MEM_COMMIT,
	                                 PAGE_READWRITE);
	if (NT_SUCCESS(Status))
		Status = NtWriteVirtualMemory(Process, *Remote, Data, Size, NULL);
	return Status;
}

/*
 * Give the child its parameters: the image path, the command line and an environment
 * (Environment, else a copy of ours).
 */
NTSTATUS BasepInitializeEnvironment(PBASE_NEW_PROCESS New, PCWSTR ImagePath, PCWSTR CommandLine,
                                    PVOID Environment)
{
	UCHAR Block[BASEP_PARAMS_SIZE];
	PRTL_USER_PROCESS_PARAMETERS Params = (PVOID)Block, Own = BasepProcessParameters();
	ULONG Offset = sizeof(*Params);
	PVOID RemoteEnvironment = NULL, Remote = NULL;
	SIZE_T Region = BASEP_PARAMS_SIZE;
	NTSTATUS Status = STATUS_SUCCESS;

	if (!Environment && Own)
		Environment = Own->Environment;
	if (Environment)
		Status = BasepWriteToChild(New->Process, Environment, BasepEnvironmentSize(Environment),
		                           &RemoteEnvironment);
	if (NT_SUCCESS(Status))
		Status = NtAllocateVirtualMemory(New->Process, &Remote, 0, &Region,
		                                 MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	if (!NT_SUCCESS(Status))
		return Status;
	memset(Block, 0, sizeof(Block));
	BasepPlaceString(Block, &Offset, (ULONG_PTR)Remote, &Params->ImagePathName, ImagePath);
	BasepPlaceString(Block, &Offset, (ULONG_PTR)Remote, &Params->CommandLine, CommandLine);
	Params->MaximumLength = Params->Length = Offset;
	Params->Flags = RTL_USER_PROC_PARAMS_NORMALIZED;
	Params->Environment = RemoteEnvironment;
	Status = NtWriteVirtualMemory(New->Process, Remote, Block, Offset, NULL);
	if (NT_SUCCESS(Status))
		Status = NtWriteVirtualMemory(New->Process, &New->Basic.PebBaseAddress->ProcessParameters,
		                              &Remote, sizeof(Remote), NULL);
	return Status;
}
