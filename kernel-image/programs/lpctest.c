/*
 * lpctest.c — local procedure calls from user mode. A server thread loops on
 * NtReplyWaitReceivePort on \Windows\LpcTestPort, accepting connections whose information
 * starts with "accept" and refusing the others; clients in this process and in a child
 * (lpcclient.elf, another address space) connect, send requests and datagrams; a message
 * over 256 bytes is refused; a thread with a termination port dies (LPC_CLIENT_DIED);
 * closing a client port (LPC_PORT_CLOSED), a server dropping a connection
 * (STATUS_PORT_DISCONNECTED), a waitable port, and hard errors through the default
 * hard-error port and the exception port. Prints "lpctest: N checks, M failed".
 */
#include "native.h"

#define STACK_SIZE  0x4000
#define STACKS      8
#define MS(n)       ((LONGLONG)(n) * -10000)
#define PORT_NAME   L"\\Windows\\LpcTestPort"
#define MAX_CONNECTIONS 8

typedef NTSTATUS (NTAPI *PTHREAD_ROUTINE)(PVOID Parameter);
VOID NTAPI RtlUserThreadStart(PTHREAD_ROUTINE StartAddress, PVOID Parameter);

typedef struct _TEST_MESSAGE {
	PORT_MESSAGE h;
	CHAR Data[PORT_MAXIMUM_DATA_LENGTH];
} TEST_MESSAGE, *PTEST_MESSAGE;

static ULONG Checks, Failures;
static UCHAR Stacks[STACKS][STACK_SIZE] __attribute__((aligned(16)));
static ULONG NextStack;
static HANDLE ServerPort, CommPorts[MAX_CONNECTIONS];
static ULONG NextContext;
static volatile ULONG SeenCount[LPC_CONNECTION_REFUSED + 1];
static TEST_MESSAGE Seen[LPC_CONNECTION_REFUSED + 1];
static PVOID SeenContext[LPC_CONNECTION_REFUSED + 1];
static volatile NTSTATUS ServerStatus;
static HANDLE DyingPort, ListenPort;
static CLIENT_ID DyingCid, ListenerCid;
static TEST_MESSAGE ListenerAnswer;

/* Report a call: the status it returned against the status it should return. */
static VOID Check(PCSTR What, NTSTATUS Status, NTSTATUS Expected)
{
	Checks++;
	Failures += Status != Expected;
	Print("lpctest: %-52s -> 0x%08lX %s\n", What, (ULONG)Status,
	      Status == Expected ? "ok" : "FAILED");
}

/* Report a condition as a check. */
static VOID CheckThat(PCSTR What, BOOLEAN Condition)
{
	Check(What, Condition ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL, STATUS_SUCCESS);
}

/* A message carrying Text (without its NUL). */
static PPORT_MESSAGE Text(PTEST_MESSAGE Message, PCSTR String)
{
	ULONG Length = strlen(String);

	memset(Message, 0, sizeof(*Message));
	memcpy(Message->Data, String, Length);
	Message->h.u1.s1.DataLength = (CSHORT)Length;
	Message->h.u1.s1.TotalLength = (CSHORT)(sizeof(PORT_MESSAGE) + Length);
	return &Message->h;
}

/* Whether Message carries exactly String. */
static BOOLEAN Carries(const TEST_MESSAGE *Message, PCSTR String)
{
	ULONG Length = strlen(String);

	return (ULONG)Message->h.u1.s1.DataLength == Length &&
	       Message->h.u1.s1.TotalLength == (CSHORT)(sizeof(PORT_MESSAGE) + Length) &&
	       !memcmp(Message->Data, String, Length);
}

/* Create a thread running Routine(Parameter) on the next static stack. */
static NTSTATUS StartThread(PTHREAD_ROUTINE Routine, PVOID Parameter, PHANDLE Thread)
{
	PUCHAR Top = Stacks[NextStack++ % STACKS] + STACK_SIZE;
	PULONG Frame = (PULONG)Top - 3;
	INITIAL_TEB InitialTeb = { 0 };
	CONTEXT Context = { 0 };

	Frame[0] = 0;
	Frame[1] = (ULONG)Routine;
	Frame[2] = (ULONG)Parameter;
	InitialTeb.StackBase = Top;
	InitialTeb.StackLimit = InitialTeb.AllocatedStackBase = Top - STACK_SIZE;
	Context.ContextFlags = CONTEXT_FULL;
	Context.Eip = (ULONG)RtlUserThreadStart;
	Context.Eax = (ULONG)Routine;
	Context.Esp = (ULONG)Frame;
	Context.EFlags = 0x202;
	return NtCreateThread(Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), NULL, &Context,
	                      &InitialTeb, FALSE);
}

/* Wait until the server has seen Count messages of Type (2 s at most). */
static BOOLEAN WaitSeen(LPC_TYPE Type, ULONG Count)
{
	LARGE_INTEGER Interval = { .QuadPart = MS(10) };
	ULONG i;

	for (i = 0; i < 200 && SeenCount[Type] < Count; i++)
		NtDelayExecution(FALSE, &Interval);
	return SeenCount[Type] >= Count;
}

/* Server: answer a connection request: "accept…" gets a port and "welcome", others are refused. */
static VOID ServerConnect(PTEST_MESSAGE Request)
{
	BOOLEAN Accept = Request->h.u1.s1.DataLength >= 6 && !memcmp(Request->Data, "accept", 6);
	ULONG Context = NextContext + 1;
	HANDLE Port = NULL;

	if (Accept && Context < MAX_CONNECTIONS) {
		Text(Request, "welcome");
		Request->h.ClientId = Seen[LPC_CONNECTION_REQUEST].h.ClientId;
		Request->h.MessageId = Seen[LPC_CONNECTION_REQUEST].h.MessageId;
		if (NT_SUCCESS(NtAcceptConnectPort(&Port, (PVOID)Context, &Request->h, TRUE, NULL, NULL))) {
			CommPorts[NextContext = Context] = Port;
			NtCompleteConnectPort(Port);
		}
		return;
	}
	NtAcceptConnectPort(&Port, NULL, &Request->h, FALSE, NULL, NULL);
}

/*
 * Server: answer a request in Reply (FALSE: no reply). "hold" is never answered; "drop"
 * closes the connection without an answer; "quit" answers and ends the server; others get their text in capitals.
 */
static BOOLEAN ServerRequest(PTEST_MESSAGE Request, PVOID Context, PTEST_MESSAGE Reply,
                             PBOOLEAN Quit)
{
	ULONG i;

	if (Carries(Request, "hold"))
		return FALSE;
	if (Carries(Request, "drop")) {
		NtClose(CommPorts[(ULONG)Context]);
		return FALSE;
	}
	*Quit = Carries(Request, "quit");
	*Reply = *Request;
	for (i = 0; i < (ULONG)Request->h.u1.s1.DataLength; i++)
		if (Reply->Data[i] >= 'a' && Reply->Data[i] <= 'z')
			Reply->Data[i] -= 'a' - 'A';
	Reply->h.u2.ZeroInit = 0;
	return TRUE;
}

/* The server thread: receive, record, answer; the reply goes with the next receive. */
static NTSTATUS NTAPI ServerThread(PVOID Parameter)
{
	static TEST_MESSAGE Receive, Reply;
	PPORT_MESSAGE Answer = NULL;
	BOOLEAN Quit = FALSE;
	PVOID Context;
	LPC_TYPE Type;

	for (;;) {
		ServerStatus = NtReplyWaitReceivePort(ServerPort, &Context, Answer, &Receive.h);
		Answer = NULL;
		if (!NT_SUCCESS(ServerStatus))
			return ServerStatus;
		Type = Receive.h.u2.s2.Type;
		if (Type > LPC_CONNECTION_REFUSED)
			continue;
		Seen[Type] = Receive;
		SeenContext[Type] = Context;
		SeenCount[Type]++;
		if (Type == LPC_CONNECTION_REQUEST)
			ServerConnect(&Receive);
		if (Type == LPC_REQUEST && ServerRequest(&Receive, Context, &Reply, &Quit))
			Answer = &Reply.h;
		if (Type == LPC_ERROR_EVENT) {
			Reply = Receive;
			((PHARDERROR_MSG)&Reply)->Response = ResponseOk;
			Answer = &Reply.h;
		}
		if (Quit)
			return NtReplyPort(ServerPort, Answer);
	}
}

/* Connect to the test port with Information; the port's maximum message length in *Max. */
static NTSTATUS Connect(PCSTR Information, PHANDLE Port, PTEST_MESSAGE Answer, PULONG Max)
{
	UNICODE_STRING Name;
	ULONG Length = strlen(Information);

	RtlInitUnicodeString(&Name, PORT_NAME);
	memset(Answer, 0, sizeof(*Answer));
	memcpy(Answer->Data, Information, Length);
	return NtConnectPort(Port, &Name, NULL, NULL, NULL, Max, Answer->Data, &Length);
}

/* The server port: creation, a second one with its name, bad lengths, bad handles. */
static VOID TestCreate(VOID)
{
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	TEST_MESSAGE Message;
	HANDLE Other = NULL;

	RtlInitUnicodeString(&Name, PORT_NAME);
	InitializeObjectAttributes(&Oa, &Name, 0, NULL, NULL);
	Check("NtCreatePort(\\Windows\\LpcTestPort)", NtCreatePort(&ServerPort, &Oa, 64, 256, 0),
	      STATUS_SUCCESS);
	Check("NtCreatePort(the same name)", NtCreatePort(&Other, &Oa, 64, 256, 0),
	      STATUS_OBJECT_NAME_COLLISION);
	Check("NtCreatePort(MaxMessageLength 300)", NtCreatePort(&Other, NULL, 0, 300, 0),
	      STATUS_INVALID_PARAMETER);
	Check("NtCreatePort(handle at a kernel address)", NtCreatePort((PHANDLE)0x80000000, NULL,
	      0, 256, 0), STATUS_ACCESS_VIOLATION);
	Check("NtRequestPort(a process handle)", NtRequestPort(NtCurrentProcess(),
	      Text(&Message, "x")), STATUS_OBJECT_TYPE_MISMATCH);
	Check("NtRequestPort(bad handle)", NtRequestPort((HANDLE)0x7FF0, Text(&Message, "x")),
	      STATUS_INVALID_HANDLE);
}

/* Connections: accepted (with the server's answer), refused, to no port, with bad buffers. */
static VOID TestConnect(PHANDLE Client)
{
	TEST_MESSAGE Answer;
	UNICODE_STRING Name;
	HANDLE Refused = NULL, Viewed = NULL;
	ULONG Max = 0, Length = 6;
	CHAR Information[] = "accept";
	PORT_VIEW View = { .Length = sizeof(PORT_VIEW) };
	REMOTE_PORT_VIEW Remote = { 0, 1, (PVOID)1 };

	Check("NtConnectPort(\"accept main\")", Connect("accept main", Client, &Answer, &Max),
	      STATUS_SUCCESS);
	CheckThat("the server saw LPC_CONNECTION_REQUEST with our ClientId",
	          SeenCount[LPC_CONNECTION_REQUEST] == 1 &&
	          Carries(&Seen[LPC_CONNECTION_REQUEST], "accept main") &&
	          Seen[LPC_CONNECTION_REQUEST].h.ClientId.UniqueThread ==
	          NtCurrentTeb()->ClientId.UniqueThread &&
	          Seen[LPC_CONNECTION_REQUEST].h.MessageId != 0);
	CheckThat("its answer \"welcome\" and MaxMessageLength 256",
	          !memcmp(Answer.Data, "welcome", 7) && Max == 256);
	Check("NtConnectPort(\"no thanks\")", Connect("no thanks", &Refused, &Answer, NULL),
	      STATUS_PORT_CONNECTION_REFUSED);
	CheckThat("no handle for a refused connection", Refused == NULL);
	RtlInitUnicodeString(&Name, PORT_NAME);
	Check("NtConnectPort(PORT_VIEW with no section)", NtConnectPort(&Viewed, &Name, NULL, &View,
	      &Remote, NULL, Information, &Length), STATUS_SUCCESS);
	CheckThat("an empty REMOTE_PORT_VIEW", Remote.Length == sizeof(Remote) && !Remote.ViewSize &&
	          !Remote.ViewBase);
	NtClose(Viewed);
	CheckThat("closing it: the server got LPC_PORT_CLOSED", WaitSeen(LPC_PORT_CLOSED, 1) &&
	          SeenContext[LPC_PORT_CLOSED] == (PVOID)2);
	View.SectionHandle = (HANDLE)4;
	Check("NtConnectPort(PORT_VIEW with a section)", NtConnectPort(&Viewed, &Name, NULL, &View,
	      NULL, NULL, Information, &Length), STATUS_NOT_SUPPORTED);
	RtlInitUnicodeString(&Name, L"\\Windows\\NoSuchPort");
	Check("NtConnectPort(\\Windows\\NoSuchPort)", NtConnectPort(&Refused, &Name, NULL, NULL,
	      NULL, NULL, NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
	RtlInitUnicodeString(&Name, L"\\Windows");
	Check("NtConnectPort(\\Windows, a directory)", NtConnectPort(&Refused, &Name, NULL, NULL,
	      NULL, NULL, NULL, NULL), STATUS_OBJECT_TYPE_MISMATCH);
	Check("NtConnectPort(name at a kernel address)", NtConnectPort(&Refused,
	      (PUNICODE_STRING)0x80000000, NULL, NULL, NULL, NULL, NULL, NULL),
	      STATUS_ACCESS_VIOLATION);
}

/* Requests and replies, datagrams, lengths. */
static VOID TestRequests(HANDLE Client)
{
	TEST_MESSAGE Request, Reply, Big;

	Check("NtRequestWaitReplyPort(\"ping 1\")", NtRequestWaitReplyPort(Client,
	      Text(&Request, "ping 1"), &Reply.h), STATUS_SUCCESS);
	CheckThat("reply \"PING 1\", LPC_REPLY", Carries(&Reply, "PING 1") &&
	          Reply.h.u2.s2.Type == LPC_REPLY);
	CheckThat("the server saw LPC_REQUEST from us, with our connection's context",
	          Carries(&Seen[LPC_REQUEST], "ping 1") && SeenContext[LPC_REQUEST] == (PVOID)1 &&
	          Seen[LPC_REQUEST].h.ClientId.UniqueProcess == NtCurrentTeb()->ClientId.UniqueProcess &&
	          Seen[LPC_REQUEST].h.ClientId.UniqueThread == NtCurrentTeb()->ClientId.UniqueThread);
	CheckThat("the reply kept the request's MessageId and ClientId",
	          Reply.h.MessageId == Seen[LPC_REQUEST].h.MessageId &&
	          Reply.h.ClientId.UniqueThread == NtCurrentTeb()->ClientId.UniqueThread);
	Check("NtRequestWaitReplyPort(\"ping 2\")", NtRequestWaitReplyPort(Client,
	      Text(&Request, "ping 2"), &Reply.h), STATUS_SUCCESS);
	CheckThat("a new MessageId each time", Carries(&Reply, "PING 2") &&
	          Reply.h.MessageId > Seen[LPC_CONNECTION_REQUEST].h.MessageId);
	Check("NtRequestPort(\"datagram\")", NtRequestPort(Client, Text(&Request, "datagram")),
	      STATUS_SUCCESS);
	CheckThat("the server got LPC_DATAGRAM \"datagram\"", WaitSeen(LPC_DATAGRAM, 1) &&
	          Carries(&Seen[LPC_DATAGRAM], "datagram") && SeenContext[LPC_DATAGRAM] == (PVOID)1);
	Text(&Big, "");
	Big.h.u1.s1.DataLength = 240;
	Big.h.u1.s1.TotalLength = 240 + sizeof(PORT_MESSAGE);
	Check("NtRequestWaitReplyPort(264 bytes)", NtRequestWaitReplyPort(Client, &Big.h, &Reply.h),
	      STATUS_PORT_MESSAGE_TOO_LONG);
	Check("NtRequestPort(264 bytes)", NtRequestPort(Client, &Big.h), STATUS_PORT_MESSAGE_TOO_LONG);
	Big.h.u1.s1.DataLength = 40;
	Big.h.u1.s1.TotalLength = 30;
	Check("NtRequestPort(DataLength beyond TotalLength)", NtRequestPort(Client, &Big.h),
	      STATUS_INVALID_PARAMETER);
	Check("NtRequestWaitReplyPort(request at a kernel address)", NtRequestWaitReplyPort(Client,
	      (PPORT_MESSAGE)0x80000000, &Reply.h), STATUS_ACCESS_VIOLATION);
	Check("NtReplyPort(a reply nobody waits for)", NtReplyPort(ServerPort, &Reply.h),
	      STATUS_REPLY_MESSAGE_MISMATCH);
}

/* A thread that connects, registers its port as termination port, asks once and ends. */
static NTSTATUS NTAPI DyingClient(PVOID Parameter)
{
	TEST_MESSAGE Message, Reply;
	NTSTATUS Status;

	DyingCid = NtCurrentTeb()->ClientId;
	Status = Connect("accept dying", &DyingPort, &Message, NULL);
	if (NT_SUCCESS(Status))
		Status = NtRegisterThreadTerminatePort(DyingPort);
	if (NT_SUCCESS(Status))
		Status = NtRequestWaitReplyPort(DyingPort, Text(&Message, "last words"), &Reply.h);
	return Status;
}

/* Termination ports: LPC_CLIENT_DIED when the thread ends; LPC_PORT_CLOSED when its port closes. */
static VOID TestTermination(VOID)
{
	THREAD_BASIC_INFORMATION Info = { 0 };
	HANDLE Thread = NULL;
	ULONG Closed = SeenCount[LPC_PORT_CLOSED];

	Check("NtRegisterThreadTerminatePort(a process handle)",
	      NtRegisterThreadTerminatePort(NtCurrentProcess()), STATUS_OBJECT_TYPE_MISMATCH);
	Check("NtCreateThread(dying client)", StartThread(DyingClient, NULL, &Thread), STATUS_SUCCESS);
	NtWaitForSingleObject(Thread, FALSE, NULL);
	NtQueryInformationThread(Thread, ThreadBasicInformation, &Info, sizeof(Info), NULL);
	Check("the dying client's calls", Info.ExitStatus, STATUS_SUCCESS);
	NtClose(Thread);
	CheckThat("the server got LPC_CLIENT_DIED with its ClientId", WaitSeen(LPC_CLIENT_DIED, 1) &&
	          Seen[LPC_CLIENT_DIED].h.ClientId.UniqueThread == DyingCid.UniqueThread &&
	          Seen[LPC_CLIENT_DIED].h.ClientId.UniqueProcess == DyingCid.UniqueProcess &&
	          Seen[LPC_CLIENT_DIED].h.u1.s1.DataLength == 16 &&
	          SeenContext[LPC_CLIENT_DIED] == SeenContext[LPC_REQUEST]);
	Check("NtClose(the dead thread's client port)", NtClose(DyingPort), STATUS_SUCCESS);
	CheckThat("the server got LPC_PORT_CLOSED for that connection",
	          WaitSeen(LPC_PORT_CLOSED, Closed + 1) &&
	          SeenContext[LPC_PORT_CLOSED] == SeenContext[LPC_CLIENT_DIED]);
}

/* Open a boot file for executing. */
static NTSTATUS OpenImage(PCWSTR Path, PHANDLE File)
{
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	IO_STATUS_BLOCK IoStatus;

	RtlInitUnicodeString(&Name, Path);
	InitializeObjectAttributes(&Oa, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
	return NtOpenFile(File, SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA, &Oa, &IoStatus,
	                  FILE_SHARE_READ | FILE_SHARE_DELETE,
	                  FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
}

/* The first thread of Child at Entry with a 64 KB stack and [esp+4] = its PEB. */
static NTSTATUS StartChild(HANDLE Child, PVOID Entry, PPEB Peb)
{
	ULONG Frame[2] = { 0, (ULONG)Peb };
	INITIAL_TEB InitialTeb = { 0 };
	CONTEXT Context = { 0 };
	PVOID Stack = NULL;
	SIZE_T Size = 0x10000;
	HANDLE Thread = NULL;
	NTSTATUS Status;

	NtAllocateVirtualMemory(Child, &Stack, 0, &Size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	InitialTeb.StackBase = (PUCHAR)Stack + Size;
	InitialTeb.StackLimit = InitialTeb.AllocatedStackBase = Stack;
	Context.ContextFlags = CONTEXT_FULL;
	Context.Eip = Context.Eax = (ULONG)Entry;
	Context.Ebx = (ULONG)Peb;
	Context.Esp = (ULONG)InitialTeb.StackBase - sizeof(Frame);
	Context.EFlags = 0x3000 | 0x200;
	NtWriteVirtualMemory(Child, (PVOID)Context.Esp, Frame, sizeof(Frame), NULL);
	Status = NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, Child, NULL, &Context, &InitialTeb,
	                        FALSE);
	NtClose(Thread);
	return Status;
}

/* Run lpcclient.elf in a child process to its end; its exit status. */
static NTSTATUS RunClientChild(PULONG_PTR ChildPid)
{
	SECTION_IMAGE_INFORMATION Image = { 0 };
	PROCESS_BASIC_INFORMATION Info = { 0 };
	HANDLE File = NULL, Section = NULL, Child = NULL;
	NTSTATUS Status;

	Status = OpenImage(L"\\SystemRoot\\lpcclient.elf", &File);
	if (NT_SUCCESS(Status))
		Status = NtCreateSection(&Section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE,
		                         SEC_IMAGE, File);
	NtClose(File);
	if (NT_SUCCESS(Status))
		Status = NtQuerySection(Section, SectionImageInformation, &Image, sizeof(Image), NULL);
	if (NT_SUCCESS(Status))
		Status = NtCreateProcessEx(&Child, PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), 0,
		                           Section, NULL, NULL, FALSE);
	NtClose(Section);
	if (NT_SUCCESS(Status))
		Status = NtQueryInformationProcess(Child, ProcessBasicInformation, &Info, sizeof(Info),
		                                   NULL);
	if (NT_SUCCESS(Status))
		Status = StartChild(Child, Image.TransferAddress, Info.PebBaseAddress);
	if (NT_SUCCESS(Status))
		NtWaitForSingleObject(Child, FALSE, NULL);
	if (NT_SUCCESS(Status))
		Status = NtQueryInformationProcess(Child, ProcessBasicInformation, &Info, sizeof(Info),
		                                   NULL);
	NtClose(Child);
	*ChildPid = Info.UniqueProcessId;
	return NT_SUCCESS(Status) ? Info.ExitStatus : Status;
}

/* A client in another process: its request, its datagram, its port closed by its exit. */
static VOID TestChildClient(VOID)
{
	ULONG Requests = SeenCount[LPC_REQUEST], Closed = SeenCount[LPC_PORT_CLOSED];
	ULONG_PTR ChildPid = 0;

	Check("lpcclient.elf in a child process", RunClientChild(&ChildPid), STATUS_SUCCESS);
	CheckThat("the server got its request, stamped with its pid",
	          SeenCount[LPC_REQUEST] > Requests &&
	          (ULONG_PTR)Seen[LPC_REQUEST].h.ClientId.UniqueProcess == ChildPid);
	CheckThat("and its datagram \"child datagram\"", WaitSeen(LPC_DATAGRAM, 2) &&
	          Carries(&Seen[LPC_DATAGRAM], "child datagram") &&
	          (ULONG_PTR)Seen[LPC_DATAGRAM].h.ClientId.UniqueProcess == ChildPid);
	CheckThat("its exit closed its port: LPC_PORT_CLOSED",
	          WaitSeen(LPC_PORT_CLOSED, Closed + 1) &&
	          (ULONG_PTR)Seen[LPC_PORT_CLOSED].h.ClientId.UniqueProcess == ChildPid);
}

/* The server drops a connection: the waiting request and later sends fail. */
static VOID TestDisconnect(VOID)
{
	TEST_MESSAGE Message, Reply;
	HANDLE Client = NULL;

	Check("NtConnectPort(\"accept doomed\")", Connect("accept doomed", &Client, &Message, NULL),
	      STATUS_SUCCESS);
	Check("NtRequestWaitReplyPort(\"drop\"): the server closes", NtRequestWaitReplyPort(Client,
	      Text(&Message, "drop"), &Reply.h), STATUS_PORT_DISCONNECTED);
	Check("NtRequestPort(after the server closed)", NtRequestPort(Client,
	      Text(&Message, "anyone?")), STATUS_PORT_DISCONNECTED);
	Check("NtClose(the disconnected port)", NtClose(Client), STATUS_SUCCESS);
}

/* A thread that asks and is never answered. */
static NTSTATUS NTAPI Holder(PVOID Parameter)
{
	TEST_MESSAGE Message, Reply;

	return NtRequestWaitReplyPort((HANDLE)Parameter, Text(&Message, "hold"), &Reply.h);
}

/* A thread receiving on Port forever. */
static NTSTATUS NTAPI Receiver(PVOID Parameter)
{
	TEST_MESSAGE Message;

	return NtReplyWaitReceivePort((HANDLE)Parameter, NULL, NULL, &Message.h);
}

/* End a thread and report its exit status. */
static NTSTATUS Terminate(HANDLE Thread)
{
	THREAD_BASIC_INFORMATION Info = { 0 };

	NtTerminateThread(Thread, 0x1234);
	NtWaitForSingleObject(Thread, FALSE, NULL);
	NtQueryInformationThread(Thread, ThreadBasicInformation, &Info, sizeof(Info), NULL);
	return Info.ExitStatus;
}

/* Threads ended in the middle of LPC waits: for a reply, for a message. */
static VOID TestAbort(HANDLE Client)
{
	LARGE_INTEGER Interval = { .QuadPart = MS(10) };
	TEST_MESSAGE Held;
	HANDLE Thread = NULL, Port = NULL;
	ULONG i;

	Check("NtCreateThread(holder)", StartThread(Holder, Client, &Thread), STATUS_SUCCESS);
	for (i = 0; i < 200 && !Carries(&Seen[LPC_REQUEST], "hold"); i++)
		NtDelayExecution(FALSE, &Interval);
	Held = Seen[LPC_REQUEST];
	Check("NtTerminateThread(waiting for a reply)", Terminate(Thread), 0x1234);
	Check("NtReplyPort(to the ended thread)", NtReplyPort(ServerPort, &Held.h),
	      STATUS_REPLY_MESSAGE_MISMATCH);
	NtClose(Thread);
	NtCreatePort(&Port, NULL, 0, 0, 0);
	Check("NtCreateThread(receiver)", StartThread(Receiver, Port, &Thread), STATUS_SUCCESS);
	NtDelayExecution(FALSE, &Interval);
	Check("NtTerminateThread(waiting for a message)", Terminate(Thread), 0x1234);
	NtClose(Thread);
	Check("NtClose(its port)", NtClose(Port), STATUS_SUCCESS);
}

/* A waitable port: signalled while a message is queued. */
static VOID TestWaitablePort(VOID)
{
	LARGE_INTEGER Zero = { .QuadPart = 0 };
	TEST_MESSAGE Message;
	HANDLE Port = NULL;
	PVOID Context = (PVOID)1;

	Check("NtCreateWaitablePort", NtCreateWaitablePort(&Port, NULL, 0, 0, 0), STATUS_SUCCESS);
	Check("NtWaitForSingleObject(empty waitable port)", NtWaitForSingleObject(Port, FALSE, &Zero),
	      STATUS_TIMEOUT);
	Check("NtRequestPort(to the connection port itself)", NtRequestPort(Port,
	      Text(&Message, "self")), STATUS_SUCCESS);
	Check("NtWaitForSingleObject(a message queued)", NtWaitForSingleObject(Port, FALSE, &Zero),
	      STATUS_SUCCESS);
	Check("NtReplyWaitReceivePortEx(receive it)", NtReplyWaitReceivePortEx(Port, &Context, NULL,
	      &Message.h, &Zero), STATUS_SUCCESS);
	CheckThat("LPC_DATAGRAM \"self\", no context", Carries(&Message, "self") &&
	          Message.h.u2.s2.Type == LPC_DATAGRAM && Context == NULL);
	Check("NtReplyWaitReceivePortEx(empty, timeout 0)", NtReplyWaitReceivePortEx(Port, NULL, NULL,
	      &Message.h, &Zero), STATUS_TIMEOUT);
	Check("NtWaitForSingleObject(drained)", NtWaitForSingleObject(Port, FALSE, &Zero),
	      STATUS_TIMEOUT);
	NtClose(Port);
}

/*
 * A second server: NtListenPort for its one connection, then a request answered with
 * NtReplyWaitReplyPort, which waits for the client's answer to the reply.
 */
static NTSTATUS NTAPI Listener(PVOID Parameter)
{
	TEST_MESSAGE Message;
	HANDLE Port = NULL;
	PVOID Context = NULL;
	NTSTATUS Status;

	ListenerCid = NtCurrentTeb()->ClientId;
	Status = NtListenPort(ListenPort, &Message.h);
	if (NT_SUCCESS(Status) && Message.h.u2.s2.Type != LPC_CONNECTION_REQUEST)
		Status = STATUS_UNSUCCESSFUL;
	if (NT_SUCCESS(Status))
		Status = NtAcceptConnectPort(&Port, (PVOID)77, &Message.h, TRUE, NULL, NULL);
	if (NT_SUCCESS(Status))
		Status = NtCompleteConnectPort(Port);
	if (NT_SUCCESS(Status))
		Status = NtReplyWaitReceivePort(Port, &Context, NULL, &Message.h);
	if (NT_SUCCESS(Status) && (Context != (PVOID)77 || !Carries(&Message, "ask")))
		Status = STATUS_UNSUCCESSFUL;
	ListenerAnswer = Message;
	memcpy(ListenerAnswer.Data, "answer?", 7);
	ListenerAnswer.h.u1.s1.DataLength = 7;
	ListenerAnswer.h.u1.s1.TotalLength = sizeof(PORT_MESSAGE) + 7;
	ListenerAnswer.h.u2.ZeroInit = 0;
	if (NT_SUCCESS(Status))
		Status = NtReplyWaitReplyPort(Port, &ListenerAnswer.h);
	NtClose(Port);
	return Status;
}

/* NtListenPort and NtReplyWaitReplyPort, with a server thread on \Windows\LpcListenPort. */
static VOID TestListen(VOID)
{
	THREAD_BASIC_INFORMATION Info = { 0 };
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	TEST_MESSAGE Message, Reply;
	HANDLE Thread = NULL, Client = NULL;
	CHAR Information[] = "hi";
	ULONG Length = 2;

	RtlInitUnicodeString(&Name, L"\\Windows\\LpcListenPort");
	InitializeObjectAttributes(&Oa, &Name, 0, NULL, NULL);
	Check("NtCreatePort(\\Windows\\LpcListenPort)", NtCreatePort(&ListenPort, &Oa, 16, 0, 0),
	      STATUS_SUCCESS);
	Check("NtCreateThread(listener)", StartThread(Listener, NULL, &Thread), STATUS_SUCCESS);
	Check("NtConnectPort(\\Windows\\LpcListenPort)", NtConnectPort(&Client, &Name, NULL, NULL,
	      NULL, NULL, Information, &Length), STATUS_SUCCESS);
	Check("NtListenPort(a client port)", NtListenPort(Client, &Message.h),
	      STATUS_INVALID_PORT_HANDLE);
	Check("NtRequestWaitReplyPort(\"ask\")", NtRequestWaitReplyPort(Client, Text(&Message, "ask"),
	      &Reply.h), STATUS_SUCCESS);
	CheckThat("the listener's reply \"answer?\"", Carries(&Reply, "answer?"));
	Text(&Message, "final");
	Message.h.ClientId = ListenerCid;
	Message.h.MessageId = Reply.h.MessageId;
	Check("NtReplyPort(answer the listener's reply)", NtReplyPort(Client, &Message.h),
	      STATUS_SUCCESS);
	NtWaitForSingleObject(Thread, FALSE, NULL);
	NtQueryInformationThread(Thread, ThreadBasicInformation, &Info, sizeof(Info), NULL);
	Check("the listener's NtListenPort ... NtReplyWaitReplyPort", Info.ExitStatus, STATUS_SUCCESS);
	CheckThat("NtReplyWaitReplyPort returned our \"final\"", Carries(&ListenerAnswer, "final") &&
	          ListenerAnswer.h.u2.s2.Type == LPC_REPLY);
	NtClose(Thread);
	NtClose(Client);
	NtClose(ListenPort);
}

/* Hard errors: the default hard-error port, then the process's exception port. */
static VOID TestHardErrors(VOID)
{
	ULONG_PTR Parameters[5] = { 0x1234, 0x5678 };
	PROCESS_PRIORITY_CLASS Priority = { FALSE, 2 };
	ULONG Response = 0;
	PHARDERROR_MSG Error = (PHARDERROR_MSG)&Seen[LPC_ERROR_EVENT];

	Check("NtSetDefaultHardErrorPort(a process handle)",
	      NtSetDefaultHardErrorPort(NtCurrentProcess()), STATUS_OBJECT_TYPE_MISMATCH);
	Check("NtSetDefaultHardErrorPort(server port)", NtSetDefaultHardErrorPort(ServerPort),
	      STATUS_SUCCESS);
	Check("NtRaiseHardError(STATUS_DLL_INIT_FAILED, 2 parameters)", NtRaiseHardError(
	      STATUS_DLL_INIT_FAILED, 2, 0, Parameters, OptionOk, &Response), STATUS_SUCCESS);
	CheckThat("answered ResponseOk", Response == ResponseOk);
	CheckThat("the server got LPC_ERROR_EVENT: status, parameters, our ClientId",
	          SeenCount[LPC_ERROR_EVENT] == 1 && Error->Status == STATUS_DLL_INIT_FAILED &&
	          Error->NumberOfParameters == 2 && Error->Parameters[1] == 0x5678 &&
	          Error->ValidResponseOptions == OptionOk &&
	          Error->h.ClientId.UniqueThread == NtCurrentTeb()->ClientId.UniqueThread);
	Check("NtRaiseHardError(5 parameters)", NtRaiseHardError(STATUS_DLL_INIT_FAILED, 5, 0,
	      Parameters, OptionOk, &Response), STATUS_INVALID_PARAMETER_2);
	Check("NtSetInformationProcess(ProcessExceptionPort)", NtSetInformationProcess(
	      NtCurrentProcess(), ProcessExceptionPort, &ServerPort, sizeof(HANDLE)), STATUS_SUCCESS);
	Check("NtSetInformationProcess(ProcessExceptionPort) again", NtSetInformationProcess(
	      NtCurrentProcess(), ProcessExceptionPort, &ServerPort, sizeof(HANDLE)),
	      STATUS_PORT_ALREADY_SET);
	Check("NtSetInformationProcess(short ProcessExceptionPort)", NtSetInformationProcess(
	      NtCurrentProcess(), ProcessExceptionPort, &ServerPort, 2), STATUS_INFO_LENGTH_MISMATCH);
	Check("NtSetInformationProcess(ProcessPriorityClass)", NtSetInformationProcess(
	      NtCurrentProcess(), ProcessPriorityClass, &Priority, sizeof(Priority)), STATUS_SUCCESS);
	Check("NtRaiseHardError(through the exception port)", NtRaiseHardError(
	      STATUS_ACCESS_VIOLATION, 1, 0, Parameters, OptionOkCancel, &Response), STATUS_SUCCESS);
	CheckThat("the server got the second one", SeenCount[LPC_ERROR_EVENT] == 2 &&
	          Error->Status == STATUS_ACCESS_VIOLATION && Response == ResponseOk);
}

/* Stop the server; the port's name goes with its last handle. */
static VOID TestQuit(HANDLE Client, HANDLE Server)
{
	TEST_MESSAGE Message, Reply;
	HANDLE Again = NULL;
	ULONG Response = ResponseOk;

	Check("NtRequestWaitReplyPort(\"quit\")", NtRequestWaitReplyPort(Client,
	      Text(&Message, "quit"), &Reply.h), STATUS_SUCCESS);
	CheckThat("answered \"QUIT\"", Carries(&Reply, "QUIT"));
	NtWaitForSingleObject(Server, FALSE, NULL);
	NtClose(Server);
	Check("NtClose(client port)", NtClose(Client), STATUS_SUCCESS);
	Check("NtClose(server connection port)", NtClose(ServerPort), STATUS_SUCCESS);
	Check("NtConnectPort(after the server closed)", Connect("accept late", &Again, &Message, NULL),
	      STATUS_OBJECT_NAME_NOT_FOUND);
	Check("NtRaiseHardError(its ports closed: printed)", NtRaiseHardError(STATUS_DLL_INIT_FAILED,
	      0, 0, NULL, OptionOk, &Response), STATUS_SUCCESS);
	CheckThat("answered ResponseReturnToCaller", Response == ResponseReturnToCaller);
}

/* Entry point. */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	HANDLE Client = NULL, Server = NULL;

	TestCreate();
	Check("NtCreateThread(server)", StartThread(ServerThread, NULL, &Server), STATUS_SUCCESS);
	TestConnect(&Client);
	TestRequests(Client);
	TestTermination();
	TestChildClient();
	TestDisconnect();
	TestAbort(Client);
	TestWaitablePort();
	TestListen();
	TestHardErrors();
	TestQuit(Client, Server);
	Print("lpctest: %lu checks, %lu failed\n", Checks, Failures);
	NtTerminateProcess(NtCurrentProcess(), Failures ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS);
}
