/*
 * pstypes.h — executive process and thread objects (EPROCESS, ETHREAD) and the
 * user-mode PEB and TEB, with NT's names and order (XP layout where it matters).
 */
#ifndef _PSTYPES_H
#define _PSTYPES_H

#include <ketypes.h>

typedef struct _PEB {
	BOOLEAN InheritedAddressSpace;
	BOOLEAN ReadImageFileExecOptions;
	BOOLEAN BeingDebugged;
	BOOLEAN SpareBool;
	HANDLE Mutant;
	PVOID ImageBaseAddress;
	PVOID Ldr;
	PVOID ProcessParameters;
	PVOID SubSystemData;
	PVOID ProcessHeap;
	PVOID FastPebLock;
	PVOID FastPebLockRoutine;
	PVOID FastPebUnlockRoutine;
	ULONG EnvironmentUpdateCount;
	PVOID KernelCallbackTable;
	ULONG SystemReserved[1];
	ULONG AtlThunkSListPtr32;
	PVOID FreeList;
	ULONG TlsExpansionCounter;
	PVOID TlsBitmap;
	ULONG TlsBitmapBits[2];
	PVOID ReadOnlySharedMemoryBase;
	PVOID ReadOnlySharedMemoryHeap;
	PVOID ReadOnlyStaticServerData;
	PVOID AnsiCodePageData;
	PVOID OemCodePageData;
	PVOID UnicodeCaseTableData;
	ULONG NumberOfProcessors;
	ULONG NtGlobalFlag;
	LARGE_INTEGER CriticalSectionTimeout;
	ULONG HeapSegmentReserve;
	ULONG HeapSegmentCommit;
	ULONG HeapDeCommitTotalFreeThreshold;
	ULONG HeapDeCommitFreeBlockThreshold;
	ULONG NumberOfHeaps;
	ULONG MaximumNumberOfHeaps;
	PVOID ProcessHeaps;
	PVOID GdiSharedHandleTable;
	PVOID ProcessStarterHelper;
	ULONG GdiDCAttributeList;
	PVOID LoaderLock;
	ULONG OSMajorVersion;
	ULONG OSMinorVersion;
	USHORT OSBuildNumber;
	USHORT OSCSDVersion;
	ULONG OSPlatformId;
	ULONG ImageSubsystem;
	ULONG ImageSubsystemMajorVersion;
	ULONG ImageSubsystemMinorVersion;
} PEB, *PPEB;

typedef struct _TEB {
	NT_TIB NtTib;
	PVOID EnvironmentPointer;
	CLIENT_ID ClientId;
	PVOID ActiveRpcHandle;
	PVOID ThreadLocalStoragePointer;
	PPEB ProcessEnvironmentBlock;
	ULONG LastErrorValue;
	ULONG CountOfOwnedCriticalSections;
	PVOID CsrClientThread;
	PVOID Win32ThreadInfo;
	ULONG User32Reserved[26];
	ULONG UserReserved[5];
	PVOID WOW32Reserved;
	ULONG CurrentLocale;
	ULONG FpSoftwareStatusRegister;
	PVOID SystemReserved1[54];
	NTSTATUS ExceptionCode;
} TEB, *PTEB;

typedef struct _EPROCESS {
	KPROCESS Pcb;
	ULONG ProcessLock;
	LARGE_INTEGER CreateTime;
	LARGE_INTEGER ExitTime;
	ULONG RundownProtect;
	HANDLE UniqueProcessId;
	LIST_ENTRY ActiveProcessLinks;
	ULONG QuotaUsage[3];
	ULONG QuotaPeak[3];
	ULONG CommitCharge;
	ULONG PeakVirtualSize;
	ULONG VirtualSize;
	LIST_ENTRY SessionProcessLinks;
	PVOID DebugPort;
	PVOID ExceptionPort;
	struct _HANDLE_TABLE *ObjectTable;
	PVOID Token;
	struct _MMVAD *VadRoot;
	PVOID Win32Process;
	PVOID SectionObject;
	PVOID SectionBaseAddress;
	HANDLE InheritedFromUniqueProcessId;
	UCHAR ImageFileName[16];
	LIST_ENTRY ThreadListHead;
	ULONG ActiveThreads;
	ULONG GrantedAccess;
	PPEB Peb;
	ULONG Flags;
	NTSTATUS ExitStatus;
	UCHAR PriorityClass;
} EPROCESS, *PEPROCESS;

/* A port that hears LPC_CLIENT_DIED when the thread ends (NtRegisterThreadTerminatePort). */
typedef struct _TERMINATION_PORT {
	struct _TERMINATION_PORT *Next;
	PVOID Port;
} TERMINATION_PORT, *PTERMINATION_PORT;

/* NtSetInformationProcess(ProcessPriorityClass). */
typedef struct _PROCESS_PRIORITY_CLASS {
	BOOLEAN Foreground;
	UCHAR PriorityClass;
} PROCESS_PRIORITY_CLASS, *PPROCESS_PRIORITY_CLASS;

typedef struct _ETHREAD {
	KTHREAD Tcb;
	LARGE_INTEGER CreateTime;
	LARGE_INTEGER ExitTime;
	NTSTATUS ExitStatus;
	LIST_ENTRY PostBlockList;
	LIST_ENTRY LpcReplyChain;
	struct _TERMINATION_PORT *TerminationPort;
	ULONG ActiveTimerListLock;
	LIST_ENTRY ActiveTimerListHead;
	CLIENT_ID Cid;
	KSEMAPHORE LpcReplySemaphore;
	PVOID LpcReplyMessage;
	PVOID LpcWaitingOnPort;
	ULONG ImpersonationInfo;
	LIST_ENTRY IrpList;
	ULONG TopLevelIrp;
	PVOID DeviceToVerify;
	PEPROCESS ThreadsProcess;
	PVOID StartAddress;
	PVOID Win32StartAddress;
	LIST_ENTRY ThreadListEntry;
	ULONG RundownProtect;
	ULONG ThreadLock;
	ULONG LpcReplyMessageId;
	ULONG ReadClusterSize;
	ULONG GrantedAccess;
	ULONG CrossThreadFlags;
	struct _ETHREAD *ReaperLink;
} ETHREAD, *PETHREAD;

/* Access rights to processes and threads. */
#define PROCESS_TERMINATE          0x0001
#define PROCESS_CREATE_THREAD      0x0002
#define PROCESS_SET_SESSIONID      0x0004
#define PROCESS_VM_OPERATION       0x0008
#define PROCESS_VM_READ            0x0010
#define PROCESS_VM_WRITE           0x0020
#define PROCESS_DUP_HANDLE         0x0040
#define PROCESS_CREATE_PROCESS     0x0080
#define PROCESS_SET_QUOTA          0x0100
#define PROCESS_SET_INFORMATION    0x0200
#define PROCESS_QUERY_INFORMATION  0x0400
#define PROCESS_SUSPEND_RESUME     0x0800
#define PROCESS_ALL_ACCESS         0x001F0FFF
#define THREAD_TERMINATE           0x0001
#define THREAD_SUSPEND_RESUME      0x0002
#define THREAD_ALERT               0x0004
#define THREAD_GET_CONTEXT         0x0008
#define THREAD_SET_CONTEXT         0x0010
#define THREAD_SET_INFORMATION     0x0020
#define THREAD_QUERY_INFORMATION   0x0040
#define THREAD_ALL_ACCESS          0x001F03FF

/* NtCreateProcessEx flags; NtCreateProcess derives them from its arguments. */
#define PROCESS_CREATE_FLAGS_BREAKAWAY        0x00000001
#define PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT 0x00000002
#define PROCESS_CREATE_FLAGS_INHERIT_HANDLES  0x00000004
#define PROCESS_CREATE_FLAGS_LEGAL_MASK       0x00000007

/* EPROCESS.Flags */
#define PS_PROCESS_FLAGS_PROCESS_EXITING      0x00000004
#define PS_PROCESS_FLAGS_PROCESS_DELETE       0x00000008

/* ETHREAD.CrossThreadFlags */
#define PS_CROSS_THREAD_FLAGS_TERMINATED      0x00000001
#define PS_CROSS_THREAD_FLAGS_DEADTHREAD      0x00000002
#define PS_CROSS_THREAD_FLAGS_SYSTEM          0x00000010

typedef enum _PROCESSINFOCLASS {
	ProcessBasicInformation,
	ProcessQuotaLimits,
	ProcessIoCounters,
	ProcessVmCounters,
	ProcessTimes,
	ProcessBasePriority,
	ProcessRaisePriority,
	ProcessDebugPort,
	ProcessExceptionPort,
	ProcessAccessToken,
	ProcessLdtInformation,
	ProcessLdtSize,
	ProcessDefaultHardErrorMode,
	ProcessIoPortHandlers,
	ProcessPooledUsageAndLimits,
	ProcessWorkingSetWatch,
	ProcessUserModeIOPL,
	ProcessEnableAlignmentFaultFixup,
	ProcessPriorityClass,
	MaxProcessInfoClass
} PROCESSINFOCLASS;

typedef struct _PROCESS_BASIC_INFORMATION {
	NTSTATUS ExitStatus;
	PPEB PebBaseAddress;
	ULONG_PTR AffinityMask;
	KPRIORITY BasePriority;
	ULONG_PTR UniqueProcessId;
	ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION, *PPROCESS_BASIC_INFORMATION;

/* What PspCreateProcess hands MmCreatePeb. */
typedef struct _INITIAL_PEB {
	BOOLEAN InheritedAddressSpace;
	BOOLEAN ReadImageFileExecOptions;
	BOOLEAN BeingDebugged;
	BOOLEAN SpareBool;
	HANDLE Mutant;
} INITIAL_PEB, *PINITIAL_PEB;

/* The stack a thread's creator gives it (NtCreateThread); MmCreateTeb records it. */
typedef struct _INITIAL_TEB {
	PVOID OldStackBase;
	PVOID OldStackLimit;
	PVOID StackBase;
	PVOID StackLimit;
	PVOID AllocatedStackBase;
} INITIAL_TEB, *PINITIAL_TEB;

typedef enum _THREADINFOCLASS {
	ThreadBasicInformation
} THREADINFOCLASS;

typedef struct _THREAD_BASIC_INFORMATION {
	NTSTATUS ExitStatus;
	PVOID TebBaseAddress;
	CLIENT_ID ClientId;
	KAFFINITY AffinityMask;
	KPRIORITY Priority;
	KPRIORITY BasePriority;
} THREAD_BASIC_INFORMATION, *PTHREAD_BASIC_INFORMATION;

#endif
