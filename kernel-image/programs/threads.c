/*
 * threads.c — threads from user mode: NtCreateThread (on static stacks, starting at
 * ntdll!RtlUserThreadStart), waits on threads, events and timeouts, a thread created
 * suspended, a thread suspended while it runs, user APCs to alertable waits, alerts,
 * a spin only the clock can preempt, NtYieldExecution, NtTerminateThread, a semaphore
 * and a mutant abandoned by its owner.
 */
#include "native.h"

#define STACK_SIZE  0x4000
#define STACKS      12
#define SPIN_LIMIT  20000000UL
#define MS(n)       ((LONGLONG)(n) * -10000)

typedef NTSTATUS (NTAPI *PTHREAD_ROUTINE)(PVOID Parameter);

VOID NTAPI RtlUserThreadStart(PTHREAD_ROUTINE StartAddress, PVOID Parameter);

static ULONG Checks, Failures;
static UCHAR Stacks[STACKS][STACK_SIZE] __attribute__((aligned(16)));
static ULONG NextStack;
static volatile ULONG Counter, Stop, ApcCalls, ApcTid, CallsAtWake;
static volatile ULONG ApcArguments[3], ApcOrder[4];
static volatile PTEB SeenTeb;
static volatile ULONG SeenLocale, SeenTid;
static HANDLE Event, Semaphore, Mutant;

/* Report one check. */
static VOID Check(PCSTR What, BOOLEAN Ok)
{
	Checks++;
	Failures += !Ok;
	Print("threads: %-58s %s\n", What, Ok ? "ok" : "FAILED");
}

/* Report a call: the status it returned against the status it should return. */
static VOID CheckStatus(PCSTR What, NTSTATUS Status, NTSTATUS Expected)
{
	Checks++;
	Failures += Status != Expected;
	Print("threads: %-46s -> 0x%08lX %s\n", What, (ULONG)Status,
	      Status == Expected ? "ok" : "FAILED");
}

/* Sleep Milliseconds (not alertable). */
static VOID Sleep(ULONG Milliseconds)
{
	LARGE_INTEGER Interval = { .QuadPart = MS(Milliseconds) };

	NtDelayExecution(FALSE, &Interval);
}

/* Create a thread running Routine(Parameter) on the next static stack. */
static NTSTATUS StartThread(PTHREAD_ROUTINE Routine, PVOID Parameter, BOOLEAN Suspended,
                            PHANDLE Thread, PCLIENT_ID ClientId)
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
	return NtCreateThread(Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), ClientId,
	                      &Context, &InitialTeb, Suspended);
}

/* A thread's exit status (STATUS_PENDING while it runs). */
static NTSTATUS ExitStatusOf(HANDLE Thread)
{
	THREAD_BASIC_INFORMATION Information;
	NTSTATUS Status;

	Status = NtQueryInformationThread(Thread, ThreadBasicInformation, &Information,
	                                  sizeof(Information), NULL);
	return NT_SUCCESS(Status) ? Information.ExitStatus : Status;
}

/* Wait for a thread to end and close its handle; its exit status. */
static NTSTATUS Join(HANDLE Thread)
{
	NTSTATUS Status = NtWaitForSingleObject(Thread, FALSE, NULL);

	if (Status == STATUS_WAIT_0)
		Status = ExitStatusOf(Thread);
	NtClose(Thread);
	return Status;
}

/* Thread routines. */
static NTSTATUS NTAPI CountOnce(PVOID Parameter)
{
	SeenTeb = NtCurrentTeb();
	SeenTid = (ULONG)SeenTeb->ClientId.UniqueThread;
	SeenLocale = SeenTeb->CurrentLocale;
	Counter++;
	return (NTSTATUS)(ULONG)Parameter;
}

static NTSTATUS NTAPI Spin(PVOID Parameter)
{
	while (!Stop)
		Counter++;
	return STATUS_SUCCESS;
}

static NTSTATUS NTAPI AlertableWait(PVOID Parameter)
{
	return NtWaitForSingleObject(Event, TRUE, NULL);
}

static NTSTATUS NTAPI AlertableSleep(PVOID Parameter)
{
	LARGE_INTEGER Interval = { .QuadPart = MS(10000) };

	return NtDelayExecution(TRUE, &Interval);
}

static NTSTATUS NTAPI PlainWaitThenTestAlert(PVOID Parameter)
{
	NTSTATUS Status = NtWaitForSingleObject(Event, FALSE, NULL);

	CallsAtWake = ApcCalls;
	NtTestAlert();
	return Status;
}

static NTSTATUS NTAPI TakeSemaphore(PVOID Parameter)
{
	NTSTATUS Status = NtWaitForSingleObject(Semaphore, FALSE, NULL);

	Counter++;
	return Status;
}

static NTSTATUS NTAPI OwnMutantAndExit(PVOID Parameter)
{
	LONG Previous = 99;
	NTSTATUS Status = NtWaitForSingleObject(Mutant, FALSE, NULL);

	if (Status == STATUS_WAIT_0)
		Status = NtWaitForSingleObject(Mutant, FALSE, NULL);
	if (Status == STATUS_WAIT_0)
		Status = NtReleaseMutant(Mutant, &Previous);
	return NT_SUCCESS(Status) && Previous == -1 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

/* A user APC: record who ran it and with what. */
static VOID NTAPI RecordApc(PVOID Argument1, PVOID Argument2, PVOID Argument3)
{
	ApcOrder[ApcCalls % 4] = (ULONG)Argument1;
	ApcArguments[0] = (ULONG)Argument1;
	ApcArguments[1] = (ULONG)Argument2;
	ApcArguments[2] = (ULONG)Argument3;
	ApcTid = (ULONG)NtCurrentTeb()->ClientId.UniqueThread;
	ApcCalls++;
}

/* The loader ran in this (the first) thread before its entry point. */
static VOID TestLoader(PPEB Peb)
{
	Check("LdrInitializeThunk set up the PEB's loader data", Peb->Ldr != NULL);
	Check("LdrInitializeThunk set up this thread's TEB", NtCurrentTeb()->CurrentLocale == 0x409);
}

/* Create a thread, wait for it, read its exit status. */
static VOID TestCreateAndWait(VOID)
{
	PTEB Teb = NtCurrentTeb();
	CLIENT_ID ClientId;
	HANDLE Thread;

	Counter = 0;
	CheckStatus("NtCreateThread", StartThread(CountOnce, (PVOID)0x1234, FALSE, &Thread, &ClientId),
	            STATUS_SUCCESS);
	CheckStatus("NtWaitForSingleObject(thread) -> its exit status",
	            Join(Thread), (NTSTATUS)0x1234);
	Check("the thread ran once", Counter == 1);
	Check("it had its own client id and TEB",
	      ClientId.UniqueProcess == Teb->ClientId.UniqueProcess &&
	      ClientId.UniqueThread != Teb->ClientId.UniqueThread && SeenTeb != Teb &&
	      SeenTid == (ULONG)ClientId.UniqueThread);
	Check("LdrInitializeThunk ran in it first", SeenLocale == 0x409);
}

/* A thread created suspended runs only once resumed. */
static VOID TestCreateSuspended(VOID)
{
	ULONG Previous = 99;
	HANDLE Thread;

	Counter = 0;
	CheckStatus("NtCreateThread(CreateSuspended)", StartThread(CountOnce, NULL, TRUE, &Thread, NULL),
	            STATUS_SUCCESS);
	Sleep(20);
	Check("a thread created suspended does not run", Counter == 0);
	CheckStatus("NtSuspendThread (again)", NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
	Check("its previous suspend count was 1", Previous == 1);
	NtResumeThread(Thread, &Previous);
	Sleep(20);
	Check("resumed once of twice, it still does not run", Previous == 2 && Counter == 0);
	CheckStatus("NtResumeThread", NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
	CheckStatus("then it runs and ends", Join(Thread), STATUS_SUCCESS);
	Check("it ran once after the last resume", Previous == 1 && Counter == 1);
}

/* Only the clock can take the processor from a thread spinning in user mode. */
static VOID TestPreemption(HANDLE *Spinner)
{
	ULONG i;

	Counter = Stop = 0;
	CheckStatus("NtCreateThread(spinner)", StartThread(Spin, NULL, FALSE, Spinner, NULL),
	            STATUS_SUCCESS);
	for (i = 0; i < SPIN_LIMIT && Counter == 0; i++)
		__asm__ __volatile__("" : : : "memory");
	Check("the clock preempted this spinning thread for the spinner", Counter != 0);
}

/* Suspend the spinner while it runs; it stops, and runs again once resumed. */
static VOID TestSuspendRunning(HANDLE Spinner)
{
	ULONG Previous = 99, Before, After;

	CheckStatus("NtSuspendThread(spinner)", NtSuspendThread(Spinner, &Previous), STATUS_SUCCESS);
	Sleep(10);
	Before = Counter;
	Sleep(30);
	After = Counter;
	Check("a suspended thread does not run", Previous == 0 && Before == After);
	CheckStatus("NtResumeThread(spinner)", NtResumeThread(Spinner, &Previous), STATUS_SUCCESS);
	Sleep(30);
	Check("a resumed thread runs again", Previous == 1 && Counter != After);
}

/* NtTerminateThread ends another thread with the status given. */
static VOID TestTerminate(HANDLE Spinner)
{
	CheckStatus("NtTerminateThread(spinner, 0xDEAD)", NtTerminateThread(Spinner, 0xDEAD),
	            STATUS_SUCCESS);
	CheckStatus("the spinner ended with 0xDEAD", Join(Spinner), (NTSTATUS)0xDEAD);
}

/* A user APC ends an alertable wait: it runs first, the wait returns STATUS_USER_APC. */
static VOID TestApcToAlertableWait(VOID)
{
	CLIENT_ID ClientId;
	HANDLE Thread;

	ApcCalls = 0;
	StartThread(AlertableWait, NULL, FALSE, &Thread, &ClientId);
	Sleep(10);
	CheckStatus("NtQueueApcThread(alertable waiter)",
	            NtQueueApcThread(Thread, RecordApc, (PVOID)1, (PVOID)2, (PVOID)3), STATUS_SUCCESS);
	CheckStatus("its alertable wait returned STATUS_USER_APC", Join(Thread), STATUS_USER_APC);
	Check("the APC ran once, in that thread, with its arguments",
	      ApcCalls == 1 && ApcTid == (ULONG)ClientId.UniqueThread && ApcArguments[0] == 1 &&
	      ApcArguments[1] == 2 && ApcArguments[2] == 3);
}

/* Three APCs to an alertable sleep run in order, one per return to user mode. */
static VOID TestApcOrder(VOID)
{
	HANDLE Thread;

	ApcCalls = 0;
	StartThread(AlertableSleep, NULL, FALSE, &Thread, NULL);
	Sleep(10);
	NtQueueApcThread(Thread, RecordApc, (PVOID)10, NULL, NULL);
	NtQueueApcThread(Thread, RecordApc, (PVOID)20, NULL, NULL);
	NtQueueApcThread(Thread, RecordApc, (PVOID)30, NULL, NULL);
	CheckStatus("alertable NtDelayExecution returned STATUS_USER_APC", Join(Thread),
	            STATUS_USER_APC);
	Check("its three APCs ran in the order queued",
	      ApcCalls == 3 && ApcOrder[0] == 10 && ApcOrder[1] == 20 && ApcOrder[2] == 30);
}

/* A plain wait is not ended by a user APC; NtTestAlert runs it afterwards. */
static VOID TestApcToPlainWait(VOID)
{
	LONG PreviousState = 99;
	HANDLE Thread;

	ApcCalls = 0;
	CallsAtWake = 99;
	StartThread(PlainWaitThenTestAlert, NULL, FALSE, &Thread, NULL);
	Sleep(10);
	NtQueueApcThread(Thread, RecordApc, (PVOID)7, NULL, NULL);
	Sleep(10);
	Check("a non-alertable wait is not ended by a user APC", ApcCalls == 0);
	CheckStatus("NtSetEvent", NtSetEvent(Event, &PreviousState), STATUS_SUCCESS);
	CheckStatus("the wait ended with the event", Join(Thread), STATUS_WAIT_0);
	Check("the APC ran at NtTestAlert, after the wait", CallsAtWake == 0 && ApcCalls == 1 &&
	      PreviousState == 0);
	NtResetEvent(Event, NULL);
}

/* NtAlertThread ends an alertable wait with STATUS_ALERTED. */
static VOID TestAlert(VOID)
{
	HANDLE Thread;

	StartThread(AlertableWait, NULL, FALSE, &Thread, NULL);
	Sleep(10);
	CheckStatus("NtAlertThread", NtAlertThread(Thread), STATUS_SUCCESS);
	CheckStatus("the alertable wait returned STATUS_ALERTED", Join(Thread), STATUS_ALERTED);
}

/* Timeouts: a wait on an unsignalled event, a delay; both take their time. */
static VOID TestTimeouts(VOID)
{
	LARGE_INTEGER Timeout = { .QuadPart = MS(20) }, Start, End;

	NtQuerySystemTime(&Start);
	CheckStatus("NtWaitForSingleObject(event, 20 ms)", NtWaitForSingleObject(Event, FALSE, &Timeout),
	            STATUS_TIMEOUT);
	NtQuerySystemTime(&End);
	Check("it took at least 20 ms", End.QuadPart - Start.QuadPart >= -MS(20));
	Timeout.QuadPart = 0;
	CheckStatus("NtWaitForSingleObject(event, 0)", NtWaitForSingleObject(Event, FALSE, &Timeout),
	            STATUS_TIMEOUT);
	NtQuerySystemTime(&Start);
	Sleep(30);
	NtQuerySystemTime(&End);
	Check("NtDelayExecution(30 ms) took at least 30 ms", End.QuadPart - Start.QuadPart >= -MS(30));
}

/* NtYieldExecution hands the processor to a ready thread of the same priority. */
static VOID TestYield(VOID)
{
	HANDLE Thread;

	Counter = 0;
	StartThread(CountOnce, NULL, FALSE, &Thread, NULL);
	CheckStatus("NtYieldExecution (a thread is ready)", NtYieldExecution(), STATUS_SUCCESS);
	Check("the ready thread ran meanwhile", Counter == 1);
	Join(Thread);
}

/* Wait for any (the index of the signalled one) or all of two events. */
static VOID TestWaitMultiple(VOID)
{
	LARGE_INTEGER Timeout = { .QuadPart = MS(10) };
	HANDLE Events[2];

	NtCreateEvent(&Events[0], EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
	NtCreateEvent(&Events[1], EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE);
	CheckStatus("NtWaitForMultipleObjects(any, none set, 10 ms)",
	            NtWaitForMultipleObjects(2, Events, WaitAny, FALSE, &Timeout), STATUS_TIMEOUT);
	NtSetEvent(Events[1], NULL);
	CheckStatus("WaitAny with the second set -> index 1",
	            NtWaitForMultipleObjects(2, Events, WaitAny, FALSE, NULL), (NTSTATUS)1);
	NtSetEvent(Events[0], NULL);
	CheckStatus("WaitAll with one set (the other was consumed)",
	            NtWaitForMultipleObjects(2, Events, WaitAll, FALSE, &Timeout), STATUS_TIMEOUT);
	NtSetEvent(Events[1], NULL);
	CheckStatus("WaitAll with both set",
	            NtWaitForMultipleObjects(2, Events, WaitAll, FALSE, NULL), STATUS_WAIT_0);
	CheckStatus("which consumed the synchronization event",
	            NtWaitForMultipleObjects(2, Events, WaitAll, FALSE, &Timeout), STATUS_TIMEOUT);
	NtClose(Events[0]);
	NtClose(Events[1]);
}

/* A semaphore of at most 2 lets two of three waiters through, then the third. */
static VOID TestSemaphore(VOID)
{
	HANDLE Thread[3];
	LONG Previous = 99;
	ULONG i;

	Counter = 0;
	CheckStatus("NtCreateSemaphore(0, 2)", NtCreateSemaphore(&Semaphore, SEMAPHORE_ALL_ACCESS, NULL,
	            0, 2), STATUS_SUCCESS);
	for (i = 0; i < 3; i++)
		StartThread(TakeSemaphore, NULL, FALSE, &Thread[i], NULL);
	Sleep(10);
	CheckStatus("NtReleaseSemaphore(2)", NtReleaseSemaphore(Semaphore, 2, &Previous),
	            STATUS_SUCCESS);
	Sleep(10);
	Check("two waiters got through, the count was 0", Counter == 2 && Previous == 0);
	CheckStatus("NtReleaseSemaphore(3) above the maximum", NtReleaseSemaphore(Semaphore, 3, NULL),
	            STATUS_SEMAPHORE_LIMIT_EXCEEDED);
	NtReleaseSemaphore(Semaphore, 1, NULL);
	CheckStatus("NtWaitForMultipleObjects(all three threads)",
	            NtWaitForMultipleObjects(3, Thread, WaitAll, FALSE, NULL), STATUS_WAIT_0);
	for (i = 0; i < 3; i++)
		NtClose(Thread[i]);
	Check("the third one got through after one more release", Counter == 3);
	NtClose(Semaphore);
}

/* A thread that ends owning a mutant abandons it; the next owner is told. */
static VOID TestAbandonedMutant(VOID)
{
	HANDLE Thread;

	CheckStatus("NtCreateMutant", NtCreateMutant(&Mutant, MUTANT_ALL_ACCESS, NULL, FALSE),
	            STATUS_SUCCESS);
	StartThread(OwnMutantAndExit, NULL, FALSE, &Thread, NULL);
	CheckStatus("a thread took it twice and released it once", Join(Thread), STATUS_SUCCESS);
	CheckStatus("its end abandoned it: the wait says so", NtWaitForSingleObject(Mutant, FALSE, NULL),
	            STATUS_ABANDONED);
	CheckStatus("NtReleaseMutant by the new owner", NtReleaseMutant(Mutant, NULL), STATUS_SUCCESS);
	CheckStatus("NtReleaseMutant when not the owner", NtReleaseMutant(Mutant, NULL),
	            STATUS_MUTANT_NOT_OWNED);
	NtClose(Mutant);
}

/* Handles the services must refuse. */
static VOID TestRefusals(VOID)
{
	HANDLE Thread;

	CheckStatus("NtWaitForSingleObject(bad handle)", NtWaitForSingleObject((HANDLE)0x1234, FALSE, NULL),
	            STATUS_INVALID_HANDLE);
	CheckStatus("NtResumeThread(event handle)", NtResumeThread(Event, NULL),
	            STATUS_OBJECT_TYPE_MISMATCH);
	StartThread(CountOnce, NULL, FALSE, &Thread, NULL);
	NtWaitForSingleObject(Thread, FALSE, NULL);
	CheckStatus("NtClose(thread)", NtClose(Thread), STATUS_SUCCESS);
	CheckStatus("NtClose(same handle again)", NtClose(Thread), STATUS_INVALID_HANDLE);
}

/*
 * Leave threads behind for NtTerminateProcess to end: one waiting, one never resumed,
 * one spinning (the process only exits once all three have).
 */
static VOID LeaveThreadsBehind(VOID)
{
	HANDLE Thread;

	Stop = 0;
	StartThread(AlertableWait, NULL, FALSE, &Thread, NULL);
	StartThread(CountOnce, NULL, TRUE, &Thread, NULL);
	StartThread(Spin, NULL, FALSE, &Thread, NULL);
	Sleep(10);
}

/* Entry point: [esp+4] = the PEB. */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	HANDLE Spinner;

	TestLoader(Peb);
	CheckStatus("NtCreateEvent", NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent,
	            FALSE), STATUS_SUCCESS);
	TestCreateAndWait();
	TestCreateSuspended();
	TestPreemption(&Spinner);
	TestSuspendRunning(Spinner);
	TestTerminate(Spinner);
	TestApcToAlertableWait();
	TestApcOrder();
	TestApcToPlainWait();
	TestAlert();
	TestTimeouts();
	TestYield();
	TestWaitMultiple();
	TestSemaphore();
	TestAbandonedMutant();
	TestRefusals();
	LeaveThreadsBehind();
	Print("threads: %lu checks, %lu failed\n", Checks, Failures);
	NtTerminateProcess(NtCurrentProcess(), Failures ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS);
}
