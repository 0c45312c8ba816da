/*
 * csrport.c — ntdll's side of the Win32 subsystem's port: connecting a process to
 * csrss (\Windows\ApiPort) and calling its APIs with CSR_API_MSG requests.
 */
#include "ntdllp.h"

HANDLE CsrPortHandle;
HANDLE CsrProcessId;

/*
 * Connect to \Windows\ApiPort with a CSR_API_CONNECTINFO (csrss accepts only threads it
 * knows); then register the port as this thread's termination port, so csrss hears
 * LPC_CLIENT_DIED when the thread ends. Once per process.
 */
DECLSPEC_TRACED NTSTATUS NTAPI CsrClientConnectToServer(PCWSTR ObjectDirectory,
                                                        ULONG ServerDllIndex,
                                                        PVOID ConnectionInfo,
                                                        PULONG ConnectionInfoSize,
                                                        PBOOLEAN ServerToServerCall)
{
	CSR_API_CONNECTINFO Info = { CSR_VERSION, 0, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0 };
	ULONG InfoLength = sizeof(Info), MaxMessageLength = 0;
	UNICODE_STRING PortName;
	NTSTATUS Status;

	if (ServerToServerCall)
		*ServerToServerCall = FALSE;
	if (CsrPortHandle)
		return STATUS_SUCCESS;
	RtlInitUnicodeString(&PortName, CSR_API_PORT_NAME);
	Status = NtConnectPort(&CsrPortHandle, &PortName, NULL, NULL, NULL, &MaxMessageLength,
	                       &Info, &InfoLength);
	if (!NT_SUCCESS(Status)) {
		CsrPortHandle = NULL;
		return Status;
	}
	CsrProcessId = (HANDLE)Info.ServerProcessId;
	return NtRegisterThreadTerminatePort(CsrPortHandle);
}

/*
 * Send ApiMessage (ArgumentLength bytes of API data) to csrss as an LPC_REQUEST and wait
 * for the reply in place; return csrss's ReturnValue.
 */
DECLSPEC_TRACED NTSTATUS NTAPI CsrClientCallServer(PCSR_API_MSG ApiMessage,
                                                   PCSR_CAPTURE_HEADER CaptureBuffer,
                                                   ULONG ApiNumber, ULONG ArgumentLength)
{
	NTSTATUS Status;

	ApiMessage->h.u1.s1.DataLength = (SHORT)(ArgumentLength +
		FIELD_OFFSET(CSR_API_MSG, u) - sizeof(PORT_MESSAGE));
	ApiMessage->h.u1.s1.TotalLength = (SHORT)(ArgumentLength + FIELD_OFFSET(CSR_API_MSG, u));
	ApiMessage->h.u2.ZeroInit = 0;
	ApiMessage->CaptureBuffer = CaptureBuffer;
	ApiMessage->ApiNumber = ApiNumber;
	ApiMessage->ReturnValue = STATUS_SUCCESS;
	if (!CsrPortHandle)
		return ApiMessage->ReturnValue = STATUS_INVALID_HANDLE;
	Status = NtRequestWaitReplyPort(CsrPortHandle, &ApiMessage->h, &ApiMessage->h);
	if (!NT_SUCCESS(Status))
		ApiMessage->ReturnValue = Status;
	return ApiMessage->ReturnValue;
}
