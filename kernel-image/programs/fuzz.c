/*
 * fuzz.c — system calls with random numbers and arguments: bad handles, bad and
 * kernel pointers, unaligned and straddling pointers, huge lengths, garbage
 * OBJECT_ATTRIBUTES and UNICODE_STRINGs, through both sysenter and int 0x2E (with a
 * random argument pointer now and then). Three threads per process, each with its own
 * deterministic xorshift generator seeded from a constant, the pid and the thread.
 *
 * Calls that would end or stall the caller by design are left out (NtTerminate*,
 * NtContinue, NtSuspendThread, NtCreateThread, NtQueueApcThread, blocking LPC calls,
 * hard errors) or given safe arguments (zero timeouts, no APC routine, short reads);
 * calls that can unmap, protect or write the caller's own memory get a process handle
 * that is never this process, or this process with addresses confined to a sandbox it
 * reserved. Random values never point
 * into the program's image, stacks, ntdll, TEB or PEB.
 */
#include "native.h"

#define THREADS     3
#define CALLS       18000
#define STACK_SIZE  0x4000
#define SCRATCH     0x4000
#define SANDBOX     0x00400000UL
#define MAX_ARGS    12

NTSTATUS FuzzInt(ULONG Number, PVOID Arguments);
NTSTATUS FuzzSysenter(ULONG A0, ULONG A1, ULONG A2, ULONG A3, ULONG A4, ULONG A5,
                      ULONG A6, ULONG A7, ULONG A8, ULONG A9, ULONG A10, ULONG A11,
                      ULONG Number);
typedef NTSTATUS (NTAPI *PTHREAD_ROUTINE)(PVOID Parameter);
VOID NTAPI RtlUserThreadStart(PTHREAD_ROUTINE StartAddress, PVOID Parameter);

struct fuzzer {
	ULONG State, Calls, Failed, Index;
	ULONG StackLow, StackHigh;
	LARGE_INTEGER Zero, Tiny;
	ULONG Params[4];                /* confined base/size for memory services */
	UCHAR Scratch[SCRATCH] __attribute__((aligned(16)));
	UCHAR Pad[0x1000];              /* what the kernel writes past a pointer near the end */
};

static struct fuzzer Fuzzers[THREADS];
static UCHAR Stacks[THREADS][STACK_SIZE] __attribute__((aligned(16)));
static volatile ULONG Done;
static ULONG SandboxBase;

/* xorshift32: the next number of this fuzzer's sequence. */
static ULONG Next(struct fuzzer *F)
{
	ULONG x = F->State;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return F->State = x;
}

/* Whether va is memory this program lives in (image, static stacks, ntdll, TEB/PEB,
 * the main stack). */
static BOOLEAN Ours(struct fuzzer *F, ULONG Va)
{
	return (Va >= 0x00400000 && Va < 0x00800000) || (Va >= 0x7C000000 && Va < 0x80000000) ||
	       (Va >= F->StackLow && Va < F->StackHigh) ||
	       (Va >= SandboxBase && Va < SandboxBase + SANDBOX);
}

/* A pointer into this fuzzer's scratch buffer, maybe unaligned. */
static ULONG ScratchPointer(struct fuzzer *F)
{
	return (ULONG)F->Scratch + Next(F) % (SCRATCH - 64);
}

/* One argument value of a random kind; a mild one (scratch pointers, small numbers,
 * handles) gets calls past their first probe. */
static ULONG Value(struct fuzzer *F, BOOLEAN Mild)
{
	ULONG r = Next(F), v;

	if (Mild && r % 10 < 9) {
		switch (r % 10) {
		case 0: case 1: case 2: case 3: return ScratchPointer(F) & ~3UL;
		case 4: return (ULONG)F->Scratch + 0x100 * (1 + Next(F) % 3);
		case 5: return Next(F) % 64;
		case 6: return r & 0x100 ? (ULONG)-1 : (ULONG)-2;
		case 7: return 4 * (1 + Next(F) % 48);
		default: return 0;
		}
	}

	switch (r % 14) {
	case 0: return 0;
	case 1: return Next(F) % 16;
	case 2: return r & 0x100 ? (ULONG)-1 : (ULONG)-2;
	case 3: return 4 * (1 + Next(F) % 48);
	case 4: case 5: return ScratchPointer(F);
	case 6: return (ULONG)F->Scratch + 0x100 * (1 + Next(F) % 3);
	case 7: return 0x80000000UL | Next(F);
	case 8: return 0x7FFEFFF0UL + Next(F) % 0x20;
	case 9: return r & 0x100 ? 0x7FFFFFFFUL : 0xFFFFFFF0UL | (Next(F) & 0xF);
	case 10: return Next(F) % 0x10000;
	case 11: return 0x30000000UL + Next(F) % 0x01000000;
	default:
		v = Next(F);
		return Ours(F, v) ? v ^ 0x40000000UL : v;
	}
}

/* Garbage OBJECT_ATTRIBUTES at scratch+0x100 and UNICODE_STRINGs at +0x200 and +0x300,
 * whose buffers at +0x400 hold a plausible name. */
static VOID GarbageStructures(struct fuzzer *F)
{
	static const WCHAR Name[] = L"\\BaseNamedObjects\\fuzz";
	POBJECT_ATTRIBUTES Oa = (POBJECT_ATTRIBUTES)(F->Scratch + 0x100);
	PUNICODE_STRING Us = (PUNICODE_STRING)(F->Scratch + 0x200);
	PWCHAR Buffer = (PWCHAR)(F->Scratch + 0x400);
	ULONG i;

	for (i = 0; i < sizeof(Name) / sizeof(WCHAR); i++)
		Buffer[i] = Next(F) % 8 ? Name[i] : (WCHAR)Next(F);
	Us->Length = Next(F) % 4 ? sizeof(Name) - sizeof(WCHAR) : (USHORT)Next(F);
	Us->MaximumLength = Next(F) % 4 ? sizeof(Name) : (USHORT)Next(F);
	Us->Buffer = Next(F) % 4 ? Buffer : (PWCHAR)Value(F, FALSE);
	*(PUNICODE_STRING)(F->Scratch + 0x300) = *Us;
	Oa->Length = Next(F) % 4 ? sizeof(*Oa) : Value(F, FALSE);
	Oa->RootDirectory = Next(F) % 2 ? NULL : (HANDLE)Value(F, FALSE);
	Oa->ObjectName = Next(F) % 4 ? Us : (PUNICODE_STRING)Value(F, FALSE);
	Oa->Attributes = Next(F) % 2 ? 0 : Value(F, FALSE);
	Oa->SecurityDescriptor = NULL;
	Oa->SecurityQualityOfService = NULL;
}

/* A process handle that is never this process: 0, odd, huge or a kernel address. */
static ULONG NotSelf(struct fuzzer *F)
{
	static const ULONG Bad[] = { 0, 3, 0x12345, 0x80001000UL, 0x7FFFFFFFUL, 0xFFFFFFF0UL };
	return Bad[Next(F) % (sizeof(Bad) / sizeof(Bad[0]))];
}

/* Confine a memory service on this process to the sandbox: Params hold a base in it
 * and a size that stays inside. */
static VOID Confine(struct fuzzer *F, ULONG *Args, int BaseArg, int SizeArg, BOOLEAN ByValue)
{
	ULONG Offset = Next(F) % SANDBOX;

	Args[0] = (ULONG)-1;
	F->Params[0] = SandboxBase + Offset;
	F->Params[1] = Next(F) % (SANDBOX - Offset + 1);
	Args[BaseArg] = ByValue ? F->Params[0] : (ULONG)&F->Params[0];
	Args[SizeArg] = ByValue ? F->Params[1] : (ULONG)&F->Params[1];
}

/* Make the arguments of service Number (as the kernel reads it: bit 12 the table, bits
 * 0-11 the index) safe for the caller; FALSE to skip the call. */
static BOOLEAN Tame(struct fuzzer *F, ULONG Number, ULONG *Args)
{
	switch (Number) {
	case NTSVC_NtTerminateProcess: case NTSVC_NtTerminateThread: case NTSVC_NtContinue:
	case NTSVC_NtSuspendThread: case NTSVC_NtCreateThread: case NTSVC_NtQueueApcThread:
#ifdef NTSVC_NtListenPort
	case NTSVC_NtListenPort:
#endif
#ifdef NTSVC_NtConnectPort
	case NTSVC_NtConnectPort:
#endif
#ifdef NTSVC_NtSecureConnectPort
	case NTSVC_NtSecureConnectPort:
#endif
#ifdef NTSVC_NtReplyWaitReceivePort
	case NTSVC_NtReplyWaitReceivePort:
#endif
#ifdef NTSVC_NtReplyWaitReceivePortEx
	case NTSVC_NtReplyWaitReceivePortEx:
#endif
#ifdef NTSVC_NtRequestWaitReplyPort
	case NTSVC_NtRequestWaitReplyPort:
#endif
#ifdef NTSVC_NtReplyWaitReplyPort
	case NTSVC_NtReplyWaitReplyPort:
#endif
#ifdef NTSVC_NtRaiseHardError
	case NTSVC_NtRaiseHardError:
#endif
#ifdef NTSVC_NtSetDefaultHardErrorPort
	case NTSVC_NtSetDefaultHardErrorPort:
#endif
#ifdef NTSVC_NtRaiseException
	case NTSVC_NtRaiseException:
#endif
#ifdef NTSVC_NtSetContextThread
	case NTSVC_NtSetContextThread:
#endif
		return FALSE;
	case NTSVC_NtDelayExecution:
		Args[1] = (ULONG)&F->Tiny;
		return TRUE;
	case NTSVC_NtWaitForSingleObject:
		Args[2] = (ULONG)&F->Zero;
		return TRUE;
	case NTSVC_NtWaitForMultipleObjects:
		Args[4] = (ULONG)&F->Zero;
		return TRUE;
	case NTSVC_NtFreeVirtualMemory: case NTSVC_NtProtectVirtualMemory:
		if (Next(F) % 2)
			Confine(F, Args, 1, 2, FALSE);
		else
			Args[0] = NotSelf(F);
		return TRUE;
	case NTSVC_NtUnmapViewOfSection:
		Args[0] = NotSelf(F);
		return TRUE;
	case NTSVC_NtWriteVirtualMemory:
		if (Next(F) % 2)
			Confine(F, Args, 1, 3, TRUE);
		else
			Args[0] = NotSelf(F);
		return TRUE;
#ifdef NTSVC_NtReadFile
	case NTSVC_NtReadFile:
		Args[2] = 0;
		Args[6] %= 64;
		return TRUE;
#endif
	case NTSVC_NtReadVirtualMemory:
		if (Next(F) % 8) {
			Args[2] = ScratchPointer(F);
			Args[3] = Next(F) % 64;
		} else {
			Args[0] = NotSelf(F);
		}
		return TRUE;
	default:
		return TRUE;
	}
}

/* Make one random system call. */
static VOID FuzzOne(struct fuzzer *F)
{
	ULONG Args[MAX_ARGS], Number, i, r = Next(F);
	NTSTATUS Status;

	Number = r % 16 ? Next(F) % NTSVC_COUNT : r % 3 ? NTSVC_COUNT + Next(F) % 64 : Next(F);
	for (i = 0; i < MAX_ARGS; i++)
		Args[i] = Value(F, (r & 0x20000) != 0);
	if (r % 4 == 1 || (r & 0x20000))
		GarbageStructures(F);
	if (!Tame(F, Number & 0x1000 ? NTSVC_COUNT : Number & 0xFFF, Args))
		return;
	if (r & 0x10000) {
		Status = FuzzSysenter(Args[0], Args[1], Args[2], Args[3], Args[4], Args[5], Args[6],
		                      Args[7], Args[8], Args[9], Args[10], Args[11], Number);
	} else {
		Status = FuzzInt(Number, r % 32 == 3 ? (PVOID)Value(F, FALSE) : Args);
	}
	F->Calls++;
	F->Failed += !NT_SUCCESS(Status);
}

/* A thread's whole run: CALLS calls made, then say so. */
static NTSTATUS NTAPI FuzzThread(PVOID Parameter)
{
	struct fuzzer *F = Parameter;
	ULONG Made = 0;

	while (Made < CALLS) {
		ULONG Before = F->Calls;
		FuzzOne(F);
		Made += F->Calls != Before;
	}
	__atomic_add_fetch(&Done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/* Start FuzzThread(F) on its static stack. */
static NTSTATUS StartFuzzer(struct fuzzer *F)
{
	PUCHAR Top = Stacks[F->Index] + STACK_SIZE;
	PULONG Frame = (PULONG)Top - 3;
	INITIAL_TEB InitialTeb = { 0 };
	CONTEXT Context = { 0 };
	CLIENT_ID ClientId;
	HANDLE Thread;
	NTSTATUS Status;

	Frame[0] = 0;
	Frame[1] = (ULONG)FuzzThread;
	Frame[2] = (ULONG)F;
	InitialTeb.StackBase = Top;
	InitialTeb.StackLimit = InitialTeb.AllocatedStackBase = Top - STACK_SIZE;
	Context.ContextFlags = CONTEXT_FULL;
	Context.Eip = (ULONG)RtlUserThreadStart;
	Context.Eax = (ULONG)FuzzThread;
	Context.Esp = (ULONG)Frame;
	Context.EFlags = 0x202;
	Status = NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), &ClientId,
	                        &Context, &InitialTeb, FALSE);
	return Status;
}

/* Seed fuzzer i of process Pid; its stack range is the one Ours() must avoid. */
static VOID Setup(struct fuzzer *F, ULONG i, ULONG Pid, PTEB Teb)
{
	ULONG j;

	F->Index = i;
	F->State = 0x6E747366UL ^ (Pid * 2654435761UL) ^ (i * 0x9E3779B9UL);
	if (!F->State)
		F->State = 1;
	F->StackHigh = (ULONG)Teb->NtTib.StackBase;
	F->StackLow = F->StackHigh - 0x00100000UL;
	F->Zero.QuadPart = 0;
	F->Tiny.QuadPart = -1;
	for (j = 0; j < SCRATCH; j += 4)
		*(PULONG)(F->Scratch + j) = Next(F);
}

/* Entry point: [esp+4] = the PEB. */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	PTEB Teb = NtCurrentTeb();
	ULONG Pid = (ULONG)Teb->ClientId.UniqueProcess, i, Calls = 0, Failed = 0;
	LARGE_INTEGER Wait = { .QuadPart = -100000 };
	PVOID Base = NULL;
	SIZE_T Size = SANDBOX;

	if (NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size, MEM_RESERVE,
	                                       PAGE_READWRITE)))
		SandboxBase = (ULONG)Base;
	for (i = 0; i < THREADS; i++)
		Setup(&Fuzzers[i], i, Pid, Teb);
	for (i = 1; i < THREADS; i++)
		if (!NT_SUCCESS(StartFuzzer(&Fuzzers[i])))
			Done++;
	FuzzThread(&Fuzzers[0]);
	while (Done < THREADS)
		NtDelayExecution(FALSE, &Wait);
	for (i = 0; i < THREADS; i++) {
		Calls += Fuzzers[i].Calls;
		Failed += Fuzzers[i].Failed;
	}
	Print("fuzz: pid %lu: %lu calls from %u threads, %lu failed, kernel still up\n", Pid, Calls,
	      THREADS, Failed);
	NtTerminateProcess(NtCurrentProcess(), STATUS_SUCCESS);
}
