/*
 * terminate.c — termination ports: NtRegisterThreadTerminatePort adds a port to the
 * current thread's list; when the thread ends, each hears LPC_CLIENT_DIED (the thread's
 * ClientId, its create and exit times), as csrss learns of its clients' deaths.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/lpc.h>
#include <ntapi.h>

/* NtRegisterThreadTerminatePort: PortHandle's port hears of the current thread's end. */
NTSTATUS NTAPI NtRegisterThreadTerminatePort(HANDLE PortHandle)
{
	PETHREAD Thread = PsGetCurrentThread();
	PTERMINATION_PORT Entry;
	PLPCP_PORT_OBJECT Port;
	NTSTATUS Status;

	Status = LpcpReferencePort(PortHandle, KeGetPreviousMode(), &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	Entry = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Entry), TAG_LPC_TERMINATION);
	if (!Entry) {
		ObDereferenceObject(Port);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	Entry->Port = Port;
	Entry->Next = Thread->TerminationPort;
	Thread->TerminationPort = Entry;
	return STATUS_SUCCESS;
}

/* Send LPC_CLIENT_DIED about Thread (the current, ending thread) to Port. */
static VOID LpcpSendClientDied(PETHREAD Thread, PVOID Port)
{
	CLIENT_DIED_MSG Message = { 0 };

	Message.h.u1.s1.DataLength = sizeof(Message) - sizeof(PORT_MESSAGE);
	Message.h.u1.s1.TotalLength = sizeof(Message);
	Message.h.u2.s2.Type = LPC_CLIENT_DIED;
	Message.CreateTime = Thread->CreateTime;
	Message.ExitTime = Thread->ExitTime;
	LpcRequestPort(Port, &Message.h);
}

/*
 * The current thread is ending (PspExitThread): tell its termination ports and give up
 * any reply it was waiting for.
 */
VOID LpcExitThread(PETHREAD Thread)
{
	PTERMINATION_PORT Entry;

	while ((Entry = Thread->TerminationPort)) {
		Thread->TerminationPort = Entry->Next;
		LpcpSendClientDied(Thread, Entry->Port);
		ObDereferenceObject(Entry->Port);
		ExFreePoolWithTag(Entry, TAG_LPC_TERMINATION);
	}
	LpcpCancelReplyWait(Thread);
}
