/*
 * native.c — SmpOpenImage and SmpCreateNativeProcess: how smss starts native images
 * (csrss, and the workload's programs that import nothing from kernel32), as NT's smss
 * does with RtlCreateUserProcess + NtResumeThread (no csrss involved, no kernel32): image
 * section, NtQuerySection (SubSystemType), NtCreateProcessEx, process parameters (command
 * line) written into the child, a stack, a thread at ntdll!RtlUserThreadStart(entry,
 * PEB) created suspended, then NtResumeThread.
 */
#include "smss.h"

#define SMP_STACK_SIZE 0x10000


/* Write the child's RTL_USER_PROCESS_PARAMETERS (command line only) and point its PEB at them. */
static NTSTATUS SmpWriteParameters(HANDLE Process, PPEB Peb, PCWSTR CommandLine)
{
	struct { RTL_USER_PROCESS_PARAMETERS P; WCHAR Text[128]; } Block;
	SIZE_T Size = sizeof(Block);
	PVOID Remote = NULL;
	ULONG n;
	NTSTATUS Status;

	Status = NtAllocateVirtualMemory(Process, &Remote, 0, &Size, MEM_RESERVE | MEM_COMMIT,
	                                 PAGE_READWRITE);
	if (!NT_SUCCESS(Status))
		return Status;
	memset(&Block, 0, sizeof(Block));
	for (n = 0; CommandLine[n] && n < ARRAYSIZE(Block.Text) - 1; n++)
		Block.Text[n] = CommandLine[n];
	Block.P.MaximumLength = Block.P.Length = sizeof(Block);
	Block.P.Flags = RTL_USER_PROC_PARAMS_NORMALIZED;
	Block.P.CommandLine.Length = (USHORT)(n * sizeof(WCHAR));
	Block.P.CommandLine.MaximumLength = Block.P.CommandLine.Length + sizeof(WCHAR);
	Block.P.CommandLine.Buffer = (PWSTR)((PUCHAR)Remote + FIELD_OFFSET(typeof(Block), Text));
	Block.P.ImagePathName = Block.P.CommandLine;
	Status = NtWriteVirtualMemory(Process, Remote, &Block, sizeof(Block), NULL);
	if (NT_SUCCESS(Status))
		Status = NtWriteVirtualMemory(Process, &Peb->ProcessParameters, &Remote, sizeof(Remote),
		                              NULL);
	return Status;
}

/* The first thread: a stack in the child, RtlUserThreadStart(Entry, Peb); created
 * suspended (RtlCreateUserProcess) and resumed once made (smss's NtResumeThread). */
static NTSTATUS SmpCreateThread(HANDLE Process, PVOID Entry, PPEB Peb)
{
	ULONG Frame[3] = { 0, (ULONG)Entry, (ULONG)Peb };
	INITIAL_TEB InitialTeb = { 0 };
	CONTEXT Context = { 0 };
	SIZE_T Size = SMP_STACK_SIZE;
	PVOID Stack = NULL;
	CLIENT_ID Cid;
	HANDLE Thread;
	NTSTATUS Status;

	Status = NtAllocateVirtualMemory(Process, &Stack, 0, &Size, MEM_RESERVE | MEM_COMMIT,
	                                 PAGE_READWRITE);
	InitialTeb.StackBase = (PUCHAR)Stack + Size;
	InitialTeb.StackLimit = InitialTeb.AllocatedStackBase = Stack;
	Context.ContextFlags = CONTEXT_FULL;
	Context.Eip = (ULONG)RtlUserThreadStart;
	Context.Esp = (ULONG)InitialTeb.StackBase - sizeof(Frame);
	Context.EFlags = 0x3000 | 0x200;
	if (NT_SUCCESS(Status))
		Status = NtWriteVirtualMemory(Process, (PVOID)Context.Esp, Frame, sizeof(Frame), NULL);
	if (NT_SUCCESS(Status))
		Status = NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, Process, &Cid, &Context,
		                        &InitialTeb, TRUE);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = NtResumeThread(Thread, NULL);
	NtClose(Thread);
	return Status;
}

/*
 * \SystemRoot\ImageName's image section and its image information; the caller closes
 * *Section. SubSystemType tells a native image (IMAGE_SUBSYSTEM_NATIVE: smss starts it
 * itself) from a Win32 one (the kernel reads the image's import directory: one naming
 * kernel32.dll is IMAGE_SUBSYSTEM_WINDOWS_CUI; smss runs it through CreateProcessW).
 */
NTSTATUS SmpOpenImage(PCWSTR ImageName, PHANDLE Section, PSECTION_IMAGE_INFORMATION Image)
{
	NTSTATUS Status = RtlCreateImageSection(ImageName, Section);

	if (!NT_SUCCESS(Status))
		return Status;
	Status = NtQuerySection(*Section, SectionImageInformation, Image, sizeof(*Image), NULL);
	if (!NT_SUCCESS(Status))
		NtClose(*Section);
	return Status;
}

/* TRUE for a Win32 image's information (what CreateProcess accepts). */
BOOLEAN SmpIsWin32Image(PSECTION_IMAGE_INFORMATION Image)
{
	return Image->SubSystemType == IMAGE_SUBSYSTEM_WINDOWS_GUI ||
	       Image->SubSystemType == IMAGE_SUBSYSTEM_WINDOWS_CUI;
}

/* Start the native image of Section (Image: its information) with CommandLine; *Process
 * names it. On failure nothing is left behind. */
NTSTATUS SmpCreateNativeProcess(HANDLE Section, PSECTION_IMAGE_INFORMATION Image,
                                PCWSTR CommandLine, PHANDLE Process)
{
	PROCESS_BASIC_INFORMATION Basic;
	NTSTATUS Status;

	*Process = NULL;
	Status = NtCreateProcessEx(Process, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), 0,
	                           Section, NULL, NULL, FALSE);
	if (NT_SUCCESS(Status))
		Status = NtQueryInformationProcess(*Process, ProcessBasicInformation, &Basic,
		                                   sizeof(Basic), NULL);
	if (NT_SUCCESS(Status))
		Status = SmpWriteParameters(*Process, Basic.PebBaseAddress, CommandLine);
	if (NT_SUCCESS(Status))
		Status = SmpCreateThread(*Process, Image->TransferAddress, Basic.PebBaseAddress);
	if (!NT_SUCCESS(Status) && *Process) {
		NtTerminateProcess(*Process, Status);
		NtClose(*Process);
		*Process = NULL;
	}
	return Status;
}
