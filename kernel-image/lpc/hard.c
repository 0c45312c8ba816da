/*
 * hard.c — hard errors: NtRaiseHardError sends an LPC_ERROR_EVENT (HARDERROR_MSG) to the
 * process's exception port, else to the default hard-error port csrss registers with
 * NtSetDefaultHardErrorPort, and waits for the answer; with neither, the error is printed
 * and the caller gets ResponseReturnToCaller.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <internal/lpc.h>
#include <ntapi.h>

PVOID ExpDefaultErrorPort;

/* No port took the hard error: say so on the console. */
static VOID ExpPrintHardError(NTSTATUS ErrorStatus, ULONG NumberOfParameters,
                              PULONG_PTR Parameters)
{
	PEPROCESS Process = PsGetCurrentProcess();
	ULONG i;

	DbgPrint("hard error 0x%08lX in %s (pid %lu)", (ULONG)ErrorStatus,
	         (PCSTR)Process->ImageFileName, (ULONG)Process->UniqueProcessId);
	for (i = 0; i < NumberOfParameters; i++)
		DbgPrint(" 0x%08lX", Parameters[i]);
	DbgPrint("\n");
}

/*
 * Raise a hard error for the current thread (Parameters in kernel memory): the answer of
 * the exception or default hard-error port, or ResponseReturnToCaller.
 */
NTSTATUS ExpRaiseHardError(NTSTATUS ErrorStatus, ULONG NumberOfParameters,
                           ULONG UnicodeStringParameterMask, PULONG_PTR Parameters,
                           ULONG ValidResponseOptions, PULONG Response)
{
	PVOID Port = PsGetCurrentProcess()->ExceptionPort;
	HARDERROR_MSG Message = { 0 };
	NTSTATUS Status = STATUS_PORT_DISCONNECTED;

	if (!Port)
		Port = ExpDefaultErrorPort;
	Message.h.u1.s1.DataLength = sizeof(Message) - sizeof(PORT_MESSAGE);
	Message.h.u1.s1.TotalLength = sizeof(Message);
	Message.h.u2.s2.Type = LPC_ERROR_EVENT;
	Message.Status = ErrorStatus;
	KeQuerySystemTime(&Message.ErrorTime);
	Message.ValidResponseOptions = ValidResponseOptions;
	Message.Response = ResponseNotHandled;
	Message.NumberOfParameters = NumberOfParameters;
	Message.UnicodeStringParameterMask = UnicodeStringParameterMask;
	RtlCopyMemory(Message.Parameters, Parameters, NumberOfParameters * sizeof(ULONG_PTR));
	if (Port)
		Status = LpcRequestWaitReplyPort(Port, &Message.h, &Message.h);
	if (Status == STATUS_SUCCESS) {
		*Response = Message.Response;
		return STATUS_SUCCESS;
	}
	ExpPrintHardError(ErrorStatus, NumberOfParameters, Parameters);
	*Response = ResponseReturnToCaller;
	return NT_SUCCESS(Status) ? Status : STATUS_SUCCESS;
}

/* NtRaiseHardError: the service; the answer goes to Response. */
NTSTATUS NTAPI NtRaiseHardError(NTSTATUS ErrorStatus, ULONG NumberOfParameters,
                                ULONG UnicodeStringParameterMask, PULONG_PTR Parameters,
                                ULONG ValidResponseOptions, PULONG Response)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	ULONG_PTR Captured[MAXIMUM_HARDERROR_PARAMETERS] = { 0 };
	ULONG Answer = ResponseNotHandled;
	NTSTATUS Status = STATUS_SUCCESS;

	if (NumberOfParameters > MAXIMUM_HARDERROR_PARAMETERS)
		return STATUS_INVALID_PARAMETER_2;
	if (NumberOfParameters)
		Status = MmCopyFromMode(Captured, Parameters, NumberOfParameters * sizeof(ULONG_PTR),
		                        PreviousMode);
	if (NT_SUCCESS(Status))
		Status = MmCopyToMode(Response, &Answer, sizeof(Answer), PreviousMode);
	if (NT_SUCCESS(Status))
		Status = ExpRaiseHardError(ErrorStatus, NumberOfParameters, UnicodeStringParameterMask,
		                           Captured, ValidResponseOptions, &Answer);
	if (Status == STATUS_SUCCESS)
		Status = MmCopyToMode(Response, &Answer, sizeof(Answer), PreviousMode);
	return Status;
}

/* NtSetDefaultHardErrorPort: PortHandle's port receives hard errors of processes without one. */
NTSTATUS NTAPI NtSetDefaultHardErrorPort(HANDLE PortHandle)
{
	PLPCP_PORT_OBJECT Port;
	PVOID Old;
	NTSTATUS Status;

	Status = LpcpReferencePort(PortHandle, KeGetPreviousMode(), &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	Old = __sync_lock_test_and_set(&ExpDefaultErrorPort, Port);
	if (Old)
		ObDereferenceObject(Old);
	return STATUS_SUCCESS;
}
