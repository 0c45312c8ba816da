/*
 * ketypes.h — i386 kernel structures named and ordered as NT's: descriptors, the trap
 * frame, CONTEXT, the processor control region, dispatcher objects, threads, processes,
 * the service descriptor table and KUSER_SHARED_DATA. The tracer reads them via DWARF.
 */
#ifndef _KETYPES_H
#define _KETYPES_H

#include <ntdef.h>
#include <asm.h>

typedef struct _EXCEPTION_REGISTRATION_RECORD {
	struct _EXCEPTION_REGISTRATION_RECORD *Next;
	PVOID Handler;
} EXCEPTION_REGISTRATION_RECORD, *PEXCEPTION_REGISTRATION_RECORD;

typedef struct _NT_TIB {
	PEXCEPTION_REGISTRATION_RECORD ExceptionList;
	PVOID StackBase;
	PVOID StackLimit;
	PVOID SubSystemTib;
	PVOID FiberData;
	PVOID ArbitraryUserPointer;
	struct _NT_TIB *Self;
} NT_TIB, *PNT_TIB;

typedef struct _KGDTENTRY {
	USHORT LimitLow;
	USHORT BaseLow;
	UCHAR BaseMid;
	UCHAR Flags1;              /* type, S, DPL, P */
	UCHAR Flags2;              /* limit 19:16, AVL, D/B, G */
	UCHAR BaseHi;
} KGDTENTRY, *PKGDTENTRY;

typedef struct _KIDTENTRY {
	USHORT Offset;
	USHORT Selector;
	USHORT Access;
	USHORT ExtendedOffset;
} KIDTENTRY, *PKIDTENTRY;

typedef struct _KTSS {
	USHORT Backlink;
	USHORT Reserved0;
	ULONG Esp0;
	USHORT Ss0;
	USHORT Reserved1;
	ULONG NotUsed1[4];
	ULONG CR3;
	ULONG Eip;
	ULONG EFlags;
	ULONG Eax;
	ULONG Ecx;
	ULONG Edx;
	ULONG Ebx;
	ULONG Esp;
	ULONG Ebp;
	ULONG Esi;
	ULONG Edi;
	USHORT Es, Reserved2;
	USHORT Cs, Reserved3;
	USHORT Ss, Reserved4;
	USHORT Ds, Reserved5;
	USHORT Fs, Reserved6;
	USHORT Gs, Reserved7;
	USHORT LDT, Reserved8;
	USHORT Flags;
	USHORT IoMapBase;
} KTSS, *PKTSS;

/* The frame every trap, interrupt and system service builds on the kernel stack. */
typedef struct _KTRAP_FRAME {
	ULONG DbgEbp;
	ULONG DbgEip;
	ULONG DbgArgMark;
	ULONG DbgArgPointer;
	ULONG TempSegCs;
	ULONG TempEsp;
	ULONG Dr0;
	ULONG Dr1;
	ULONG Dr2;
	ULONG Dr3;
	ULONG Dr6;
	ULONG Dr7;
	ULONG SegGs;
	ULONG SegEs;
	ULONG SegDs;
	ULONG Edx;
	ULONG Ecx;
	ULONG Eax;
	ULONG PreviousPreviousMode;
	PEXCEPTION_REGISTRATION_RECORD ExceptionList;
	ULONG SegFs;
	ULONG Edi;
	ULONG Esi;
	ULONG Ebx;
	ULONG Ebp;
	ULONG ErrCode;
	ULONG Eip;
	ULONG SegCs;
	ULONG EFlags;
	ULONG HardwareEsp;
	ULONG HardwareSegSs;
	ULONG V86Es;
	ULONG V86Ds;
	ULONG V86Fs;
	ULONG V86Gs;
} KTRAP_FRAME, *PKTRAP_FRAME;

#define SIZE_OF_80387_REGISTERS 80
#define MAXIMUM_SUPPORTED_EXTENSION 512
#define CONTEXT_i386               0x00010000
#define CONTEXT_CONTROL            (CONTEXT_i386 | 0x01)
#define CONTEXT_INTEGER            (CONTEXT_i386 | 0x02)
#define CONTEXT_SEGMENTS           (CONTEXT_i386 | 0x04)
#define CONTEXT_FLOATING_POINT     (CONTEXT_i386 | 0x08)
#define CONTEXT_DEBUG_REGISTERS    (CONTEXT_i386 | 0x10)
#define CONTEXT_FULL               (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS)

typedef struct _FLOATING_SAVE_AREA {
	ULONG ControlWord;
	ULONG StatusWord;
	ULONG TagWord;
	ULONG ErrorOffset;
	ULONG ErrorSelector;
	ULONG DataOffset;
	ULONG DataSelector;
	UCHAR RegisterArea[SIZE_OF_80387_REGISTERS];
	ULONG Cr0NpxState;
} FLOATING_SAVE_AREA;

typedef struct _CONTEXT {
	ULONG ContextFlags;
	ULONG Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
	FLOATING_SAVE_AREA FloatSave;
	ULONG SegGs, SegFs, SegEs, SegDs;
	ULONG Edi, Esi, Ebx, Edx, Ecx, Eax;
	ULONG Ebp, Eip, SegCs, EFlags, Esp, SegSs;
	UCHAR ExtendedRegisters[MAXIMUM_SUPPORTED_EXTENSION];
} CONTEXT, *PCONTEXT;

#define EXCEPTION_MAXIMUM_PARAMETERS 15

typedef struct _EXCEPTION_RECORD {
	NTSTATUS ExceptionCode;
	ULONG ExceptionFlags;
	struct _EXCEPTION_RECORD *ExceptionRecord;
	PVOID ExceptionAddress;
	ULONG NumberParameters;
	ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;

typedef enum _KOBJECTS {
	EventNotificationObject,
	EventSynchronizationObject,
	MutantObject,
	ProcessObject,
	QueueObject,
	SemaphoreObject,
	ThreadObject,
	GateObject,
	TimerNotificationObject,
	TimerSynchronizationObject,
	ApcObject = 18,
	DpcObject = 19,
} KOBJECTS;

/* Thread states and wait reasons as NT numbers them; one byte each, as in NT's KTHREAD. */
typedef enum __attribute__((packed)) _KTHREAD_STATE {
	Initialized,
	Ready,
	Running,
	Standby,
	Terminated,
	Waiting,
	Transition,
	DeferredReady,
	GateWait,
} KTHREAD_STATE;

typedef enum __attribute__((packed)) _KWAIT_REASON {
	Executive,
	FreePage,
	PageIn,
	PoolAllocation,
	DelayExecution,
	Suspended,
	UserRequest,
	WrExecutive,
	WrFreePage,
	WrPageIn,
	WrPoolAllocation,
	WrDelayExecution,
	WrSuspended,
	WrUserRequest,
	WrEventPair,
	WrQueue,
	WrLpcReceive,
	WrLpcReply,
	WrVirtualMemory,
	WrPageOut,
	WrRendezvous,
	WrKeyedEvent,
	WrTerminated,
	WrProcessInSwap,
	WrCpuRateControl,
	WrCalloutStack,
	WrKernel,
	WrResource,
	WrPushLock,
	WrMutex,
	WrQuantumEnd,
	WrDispatchInt,
	WrPreempted,
	WrYieldExecution,
	WrFastMutex,
	WrGuardedMutex,
	WrRundown,
	MaximumWaitReason
} KWAIT_REASON;

typedef struct _DISPATCHER_HEADER {
	UCHAR Type;
	UCHAR Absolute;
	UCHAR Size;
	UCHAR Inserted;
	LONG SignalState;
	LIST_ENTRY WaitListHead;
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

typedef struct _KWAIT_BLOCK {
	LIST_ENTRY WaitListEntry;
	struct _KTHREAD *Thread;
	PVOID Object;
	struct _KWAIT_BLOCK *NextWaitBlock;
	USHORT WaitKey;
	USHORT WaitType;
} KWAIT_BLOCK, *PKWAIT_BLOCK;

struct _KAPC;
typedef VOID (NTAPI *PKNORMAL_ROUTINE)(PVOID NormalContext, PVOID SystemArgument1,
                                       PVOID SystemArgument2);
typedef VOID (NTAPI *PKKERNEL_ROUTINE)(struct _KAPC *Apc, PKNORMAL_ROUTINE *NormalRoutine,
                                       PVOID *NormalContext, PVOID *SystemArgument1,
                                       PVOID *SystemArgument2);
typedef VOID (NTAPI *PKRUNDOWN_ROUTINE)(struct _KAPC *Apc);

typedef enum _KAPC_ENVIRONMENT {
	OriginalApcEnvironment,
	AttachedApcEnvironment,
	CurrentApcEnvironment,
	InsertApcEnvironment
} KAPC_ENVIRONMENT;

/* An asynchronous procedure call queued to a thread (0x30 bytes on i386, as NT). */
typedef struct _KAPC {
	SHORT Type;
	SHORT Size;
	ULONG Spare0;
	struct _KTHREAD *Thread;
	LIST_ENTRY ApcListEntry;
	PKKERNEL_ROUTINE KernelRoutine;
	PKRUNDOWN_ROUTINE RundownRoutine;
	PKNORMAL_ROUTINE NormalRoutine;
	PVOID NormalContext;
	PVOID SystemArgument1;
	PVOID SystemArgument2;
	CHAR ApcStateIndex;
	KPROCESSOR_MODE ApcMode;
	BOOLEAN Inserted;
} KAPC, *PKAPC;

struct _KDPC;
typedef VOID (NTAPI *PKDEFERRED_ROUTINE)(struct _KDPC *Dpc, PVOID DeferredContext,
                                         PVOID SystemArgument1, PVOID SystemArgument2);

/* A deferred procedure call: runs at DISPATCH_LEVEL from the processor's DPC queue. */
typedef struct _KDPC {
	SHORT Type;
	UCHAR Number;
	UCHAR Importance;
	LIST_ENTRY DpcListEntry;
	PKDEFERRED_ROUTINE DeferredRoutine;
	PVOID DeferredContext;
	PVOID SystemArgument1;
	PVOID SystemArgument2;
	PVOID DpcData;
} KDPC, *PKDPC;

typedef struct _KEVENT {
	DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT;

typedef struct _KSEMAPHORE {
	DISPATCHER_HEADER Header;
	LONG Limit;
} KSEMAPHORE, *PKSEMAPHORE;

typedef struct _KMUTANT {
	DISPATCHER_HEADER Header;
	LIST_ENTRY MutantListEntry;
	struct _KTHREAD *OwnerThread;
	BOOLEAN Abandoned;
	UCHAR ApcDisable;
} KMUTANT, *PKMUTANT;

/* A timer: DueTime is absolute interrupt time (100 ns units since boot). */
typedef struct _KTIMER {
	DISPATCHER_HEADER Header;
	ULARGE_INTEGER DueTime;
	LIST_ENTRY TimerListEntry;
	PKDPC Dpc;
	LONG Period;
} KTIMER, *PKTIMER;

typedef struct _KAPC_STATE {
	LIST_ENTRY ApcListHead[MaximumMode];
	struct _KPROCESS *Process;
	BOOLEAN KernelApcInProgress;
	BOOLEAN KernelApcPending;
	BOOLEAN UserApcPending;
} KAPC_STATE, *PKAPC_STATE;

typedef struct _KSERVICE_TABLE_DESCRIPTOR {
	PULONG_PTR Base;
	PULONG Count;
	ULONG Limit;
	PUCHAR Number;
} KSERVICE_TABLE_DESCRIPTOR, *PKSERVICE_TABLE_DESCRIPTOR;

#define THREAD_WAIT_OBJECTS 3
#define TIMER_WAIT_BLOCK    3

typedef struct _KTHREAD {
	DISPATCHER_HEADER Header;
	LIST_ENTRY MutantListHead;
	PVOID InitialStack;
	PVOID StackLimit;
	PVOID Teb;
	PVOID TlsArray;
	PVOID KernelStack;
	BOOLEAN DebugActive;
	KTHREAD_STATE State;
	BOOLEAN Alerted[MaximumMode];
	UCHAR Iopl;
	UCHAR NpxState;
	SCHAR Saturation;
	SCHAR Priority;
	KAPC_STATE ApcState;
	ULONG ContextSwitches;
	LONG_PTR WaitStatus;
	KIRQL WaitIrql;
	KPROCESSOR_MODE WaitMode;
	BOOLEAN WaitNext;
	KWAIT_REASON WaitReason;
	PKWAIT_BLOCK WaitBlockList;
	LIST_ENTRY WaitListEntry;
	ULONG WaitTime;
	SCHAR BasePriority;
	UCHAR DecrementCount;
	SCHAR PriorityDecrement;
	SCHAR Quantum;
	KWAIT_BLOCK WaitBlock[THREAD_WAIT_OBJECTS + 1];
	ULONG KernelApcDisable;
	KAFFINITY UserAffinity;
	BOOLEAN SystemAffinityActive;
	UCHAR PowerState;
	UCHAR NpxIrql;
	UCHAR InitialNode;
	PKSERVICE_TABLE_DESCRIPTOR ServiceTable;
	KAFFINITY Affinity;
	BOOLEAN Preempted;
	BOOLEAN ProcessReadyQueue;
	BOOLEAN KernelStackResident;
	UCHAR NextProcessor;
	PVOID CallbackStack;
	PVOID Win32Thread;
	PKTRAP_FRAME TrapFrame;
	PKAPC_STATE ApcStatePointer[2];
	KPROCESSOR_MODE PreviousMode;
	BOOLEAN EnableStackSwap;
	BOOLEAN LargeStack;
	UCHAR ResourceIndex;
	ULONG KernelTime;
	ULONG UserTime;
	KAPC_STATE SavedApcState;
	BOOLEAN Alertable;
	UCHAR ApcStateIndex;
	BOOLEAN ApcQueueable;
	BOOLEAN AutoAlignment;
	PVOID StackBase;
	LIST_ENTRY ThreadListEntry;
	CHAR FreezeCount;
	CHAR SuspendCount;
	UCHAR IdealProcessor;
	BOOLEAN DisableBoost;
	SCHAR QuantumReset;
	SHORT SpecialApcDisable;
	KTIMER Timer;
	KAPC SuspendApc;
	KSEMAPHORE SuspendSemaphore;
} KTHREAD, *PKTHREAD;

typedef struct _KPROCESS {
	DISPATCHER_HEADER Header;
	LIST_ENTRY ProfileListHead;
	ULONG_PTR DirectoryTableBase[2];
	KGDTENTRY LdtDescriptor;
	KIDTENTRY Int21Descriptor;
	USHORT IopmOffset;
	UCHAR Iopl;
	UCHAR Unused;
	KAFFINITY ActiveProcessors;
	ULONG KernelTime;
	ULONG UserTime;
	LIST_ENTRY ReadyListHead;
	LIST_ENTRY SwapListEntry;
	PVOID VdmTrapcHandler;
	LIST_ENTRY ThreadListHead;
	ULONG ProcessLock;
	KAFFINITY Affinity;
	USHORT StackCount;
	SCHAR BasePriority;
	SCHAR ThreadQuantum;
	BOOLEAN AutoAlignment;
	UCHAR State;
	UCHAR ThreadSeed;
	BOOLEAN DisableBoost;
	UCHAR PowerState;
	BOOLEAN DisableQuantum;
	UCHAR IdealNode;
	UCHAR Spare;
} KPROCESS, *PKPROCESS;

#define MAXIMUM_PRIORITY 32

typedef struct _KPRCB {
	USHORT MinorVersion;
	USHORT MajorVersion;
	PKTHREAD CurrentThread;
	PKTHREAD NextThread;
	PKTHREAD IdleThread;
	CHAR Number;
	CHAR Reserved;
	USHORT BuildType;
	KAFFINITY SetMember;
	CHAR CpuType;
	CHAR CpuID;
	USHORT CpuStep;
	ULONG KeSystemCalls;
	ULONG KeContextSwitches;
	ULONG InterruptCount;
	ULONG KernelTime;
	ULONG UserTime;
	BOOLEAN QuantumEnd;
	BOOLEAN IdleSchedule;
	ULONG ReadySummary;
	LIST_ENTRY WaitListHead;
	LIST_ENTRY DispatcherReadyListHead[MAXIMUM_PRIORITY];
	LIST_ENTRY DpcListHead;
	ULONG DpcQueueDepth;
	BOOLEAN DpcRoutineActive;
} KPRCB, *PKPRCB;

/* The processor control region; FS points at it in kernel mode (KGDT_R0_PCR). */
typedef struct _KPCR {
	NT_TIB NtTib;
	struct _KPCR *SelfPcr;
	PKPRCB Prcb;
	KIRQL Irql;
	ULONG IRR;
	ULONG IrrActive;
	ULONG IDR;
	PVOID KdVersionBlock;
	PKIDTENTRY IDT;
	PKGDTENTRY GDT;
	PKTSS TSS;
	USHORT MajorVersion;
	USHORT MinorVersion;
	KAFFINITY SetMember;
	ULONG StallScaleFactor;
	UCHAR SpareUnused;
	UCHAR Number;
	UCHAR Spare0;
	UCHAR SecondLevelCacheAssociativity;
	ULONG VdmAlert;
	ULONG KernelReserved[14];
	ULONG SecondLevelCacheSize;
	ULONG HalReserved[16];
	ULONG InterruptMode;
	UCHAR Spare1;
	ULONG KernelReserved2[17];
	KPRCB PrcbData;
} KPCR, *PKPCR;

typedef struct _KSYSTEM_TIME {
	ULONG LowPart;
	LONG High1Time;
	LONG High2Time;
} KSYSTEM_TIME, *PKSYSTEM_TIME;

/* The page shared read-only with user mode at 0x7FFE0000 (XP layout where used). */
typedef struct _KUSER_SHARED_DATA {
	ULONG TickCountLowDeprecated;
	ULONG TickCountMultiplier;
	volatile KSYSTEM_TIME InterruptTime;
	volatile KSYSTEM_TIME SystemTime;
	volatile KSYSTEM_TIME TimeZoneBias;
	USHORT ImageNumberLow;
	USHORT ImageNumberHigh;
	WCHAR NtSystemRoot[260];
	ULONG MaxStackTraceDepth;
	ULONG CryptoExponent;
	ULONG TimeZoneId;
	ULONG Reserved2[8];
	ULONG NtProductType;
	BOOLEAN ProductTypeIsValid;
	ULONG NtMajorVersion;
	ULONG NtMinorVersion;
	BOOLEAN ProcessorFeatures[64];
	ULONG Reserved1;
	ULONG Reserved3;
	volatile ULONG TimeSlip;
	ULONG AlternativeArchitecture;
	LARGE_INTEGER SystemExpirationDate __attribute__((aligned(8)));
	ULONG SuiteMask;
	BOOLEAN KdDebuggerEnabled;
	UCHAR NXSupportPolicy;
	volatile ULONG ActiveConsoleId;
	volatile ULONG DismountCount;
	ULONG ComPlusPackage;
	ULONG LastSystemRITEventTickCount;
	ULONG NumberOfPhysicalPages;
	BOOLEAN SafeBootMode;
	ULONG TraceLogging;
	ULONGLONG TestRetInstruction __attribute__((aligned(8)));
	ULONG SystemCall;
	ULONG SystemCallReturn;
	ULONGLONG SystemCallPad[3];
	volatile KSYSTEM_TIME TickCount;
	ULONG TickCountPad;
	ULONG Cookie;
} KUSER_SHARED_DATA, *PKUSER_SHARED_DATA;

#endif
