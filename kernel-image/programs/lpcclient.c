/*
 * lpcclient.c — a client in its own process, started by lpctest.elf: it connects to
 * \Windows\LpcTestPort, sends a request (its data copied from this address space into the
 * server's and back) and a datagram, and exits, which closes its port (LPC_PORT_CLOSED).
 * Exit status STATUS_SUCCESS when every call and reply is as expected.
 */
#include "native.h"

typedef struct _TEST_MESSAGE {
	PORT_MESSAGE h;
	CHAR Data[PORT_MAXIMUM_DATA_LENGTH];
} TEST_MESSAGE;

static ULONG Checks, Failures;

/* Count one check and report a failure. */
static VOID Check(PCSTR What, BOOLEAN Ok)
{
	Checks++;
	Failures += !Ok;
	if (!Ok)
		Print("lpcclient: %s FAILED\n", What);
}

/* A message carrying String. */
static PPORT_MESSAGE Text(TEST_MESSAGE *Message, PCSTR String)
{
	ULONG Length = strlen(String);

	memset(Message, 0, sizeof(*Message));
	memcpy(Message->Data, String, Length);
	Message->h.u1.s1.DataLength = (CSHORT)Length;
	Message->h.u1.s1.TotalLength = (CSHORT)(sizeof(PORT_MESSAGE) + Length);
	return &Message->h;
}

/* Entry point: [esp+4] = the PEB. */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	static CHAR Information[] = "accept child";
	TEST_MESSAGE Request, Reply;
	UNICODE_STRING Name;
	ULONG Length = sizeof(Information) - 1;
	HANDLE Port = NULL;

	RtlInitUnicodeString(&Name, L"\\Windows\\LpcTestPort");
	Check("NtConnectPort", NT_SUCCESS(NtConnectPort(&Port, &Name, NULL, NULL, NULL, NULL,
	                                                Information, &Length)));
	Check("the server's answer", Length == 7 && !memcmp(Information, "welcome", 7));
	Check("NtRequestWaitReplyPort", NT_SUCCESS(NtRequestWaitReplyPort(Port,
	      Text(&Request, "child request"), &Reply.h)));
	Check("the reply", Reply.h.u1.s1.DataLength == 13 && !memcmp(Reply.Data, "CHILD REQUEST", 13) &&
	      Reply.h.ClientId.UniqueThread == NtCurrentTeb()->ClientId.UniqueThread);
	Check("NtRequestPort", NT_SUCCESS(NtRequestPort(Port, Text(&Request, "child datagram"))));
	Print("lpcclient: pid %lu: %lu checks, %lu failed\n",
	      (ULONG)NtCurrentTeb()->ClientId.UniqueProcess, Checks, Failures);
	NtTerminateProcess(NtCurrentProcess(), Failures ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS);
}
