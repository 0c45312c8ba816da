/* ke.h — the kernel core (Ke/Ki): processor setup, traps, dispatcher, time, bugcheck. */
#ifndef _INTERNAL_KE_H
#define _INTERNAL_KE_H

#include <pstypes.h>
#include <ntstatus.h>
#include <bugcodes.h>
#include <arc.h>
#include <intrin_x86.h>
#include <internal/kedisp.h>

#define KI_CLOCK_INCREMENT     100000    /* 10 ms in 100 ns units */

typedef VOID (NTAPI *PKSYSTEM_ROUTINE)(PVOID StartRoutine, PVOID StartContext);

/* The frames KiInitializeContextThread builds below a new thread's trap frame. */
typedef struct _KSWITCHFRAME {
	PVOID ExceptionList;
	ULONG ApcBypassDisable;
	PVOID RetAddr;
} KSWITCHFRAME, *PKSWITCHFRAME;

typedef struct _KSTART_FRAME {
	PKSYSTEM_ROUTINE SystemRoutine;
	PVOID StartRoutine;
	PVOID StartContext;
	ULONG UserThread;
} KSTART_FRAME, *PKSTART_FRAME;

typedef struct _KUINIT_FRAME {
	KSWITCHFRAME CtxSwitchFrame;
	KSTART_FRAME StartFrame;
	KTRAP_FRAME TrapFrame;
	UCHAR NpxFrame[NPX_FRAME_LENGTH];
} KUINIT_FRAME, *PKUINIT_FRAME;

/* Where a kernel routine that touches user memory resumes after a fault. */
typedef struct _KI_FIXUP_ENTRY {
	ULONG FaultingInstruction;
	ULONG Continuation;
} KI_FIXUP_ENTRY, *PKI_FIXUP_ENTRY;

extern KTSS KiTss;
extern PLOADER_PARAMETER_BLOCK KeLoaderBlock;
extern KSERVICE_TABLE_DESCRIPTOR KeServiceDescriptorTable[2];
extern PVOID KiServiceTable[];
extern UCHAR KiArgumentTable[];
extern ULONG KiServiceLimit;
extern volatile KSYSTEM_TIME KeTickCount;
extern ULONG KeMaximumIncrement;
extern BOOLEAN KiFastSystemCallDisable;
extern ETHREAD KiInitialThread;
extern EPROCESS KiInitialProcess;
extern UCHAR P0BootStack[];
extern UCHAR P0BootStackTop[];
extern PVOID KeUserApcDispatcher;
extern PETHREAD PsReaperListHead;
extern KEVENT PsReaperEvent;

#define SharedUserData ((PKUSER_SHARED_DATA)KI_USER_SHARED_DATA)

FORCEINLINE KPROCESSOR_MODE KeGetPreviousMode(VOID)
{
	return KeGetCurrentThread()->PreviousMode;
}

/* ke/i386: processor, descriptor tables, traps, context. */
DECLSPEC_NORETURN VOID NTAPI KiSystemStartup(PLOADER_PARAMETER_BLOCK LoaderBlock);
DECLSPEC_NORETURN VOID KiInitializeKernel(PLOADER_PARAMETER_BLOCK LoaderBlock);
VOID KiInitializeGdt(VOID);
VOID KiSetTebBase(PVOID Teb);
VOID KiInitializeIdt(VOID);
VOID KeRegisterInterruptHandler(ULONG Vector, PVOID Handler);
VOID KiInitializeCpu(VOID);
BOOLEAN KiIsFastSyscallSupported(VOID);
VOID KiTrapHandler(PKTRAP_FRAME TrapFrame, ULONG Vector);
VOID KiTrap0EHandler(PKTRAP_FRAME TrapFrame);
DECLSPEC_NORETURN VOID KiTrap08Handler(VOID);
VOID KiDispatchException(PEXCEPTION_RECORD ExceptionRecord, PKTRAP_FRAME TrapFrame,
                         KPROCESSOR_MODE PreviousMode);
BOOLEAN KiApplyFixup(PKTRAP_FRAME TrapFrame, NTSTATUS Status);
NTSTATUS KeContextToTrapFrame(const CONTEXT *Context, PKTRAP_FRAME TrapFrame);
VOID KeTrapFrameToContext(const KTRAP_FRAME *TrapFrame, PCONTEXT Context);
NTSTATUS KiContinue(PCONTEXT UserContext, PKTRAP_FRAME TrapFrame, BOOLEAN TestAlert);
VOID KiInitializeContextThread(PKTHREAD Thread, PKSYSTEM_ROUTINE SystemRoutine,
                               PVOID StartRoutine, PVOID StartContext, const CONTEXT *Context);
BOOLEAN KiSwapContext(PKTHREAD OldThread, PKTHREAD NewThread);
VOID KiThreadStartup(VOID);
VOID KiServiceExit2(VOID);
DECLSPEC_TRACED VOID KiInitializeUserApc(PVOID ExceptionFrame, PKTRAP_FRAME TrapFrame,
                                         PKNORMAL_ROUTINE NormalRoutine, PVOID NormalContext,
                                         PVOID SystemArgument1, PVOID SystemArgument2);

/* Assembly entry points installed in the IDT and the sysenter MSR. */
VOID KiTrap00(VOID); VOID KiTrap01(VOID); VOID KiTrap02(VOID); VOID KiTrap03(VOID);
VOID KiTrap04(VOID); VOID KiTrap05(VOID); VOID KiTrap06(VOID); VOID KiTrap07(VOID);
VOID KiTrap08(VOID); VOID KiTrap09(VOID); VOID KiTrap0A(VOID); VOID KiTrap0B(VOID);
VOID KiTrap0C(VOID); VOID KiTrap0D(VOID); VOID KiTrap0E(VOID); VOID KiTrap0F(VOID);
VOID KiTrap10(VOID); VOID KiTrap11(VOID); VOID KiTrap12(VOID); VOID KiTrap13(VOID);
VOID KiSystemService(VOID);
VOID KiFastCallEntry(VOID);
extern UCHAR KiDoubleFaultStackTop[];
extern KI_FIXUP_ENTRY KiFixupTableStart[], KiFixupTableEnd[];

/* IRQL (hal/irql.c): raising never enables interrupts; lowering to DISPATCH_LEVEL or
 * below runs the software interrupts (APC, DISPATCH) requested above the new level. */
KIRQL KfRaiseIrql(KIRQL NewIrql);
VOID KfLowerIrql(KIRQL NewIrql);
#define KeRaiseIrql(NewIrql, OldIrql) (*(OldIrql) = KfRaiseIrql(NewIrql))
#define KeLowerIrql(NewIrql) KfLowerIrql(NewIrql)

/* Dispatcher: threads, processes, scheduling. */
VOID KeInitializeProcess(PKPROCESS Process, KPRIORITY Priority, ULONG_PTR DirectoryTableBase);
VOID KeStackAttachProcess(PKPROCESS Process, PKAPC_STATE ApcState);
VOID KeUnstackDetachProcess(PKAPC_STATE ApcState);
VOID KeInitThread(PKTHREAD Thread, PVOID KernelStack, PKSYSTEM_ROUTINE SystemRoutine,
                  PVOID StartRoutine, PVOID StartContext, const CONTEXT *Context,
                  PVOID Teb, PKPROCESS Process);
VOID KeStartThread(PKTHREAD Thread);
VOID KeReadyThread(PKTHREAD Thread);
DECLSPEC_NORETURN VOID KeTerminateThread(VOID);
ULONG KeSuspendThread(PKTHREAD Thread);
ULONG KeResumeThread(PKTHREAD Thread);
ULONG KeForceResumeThread(PKTHREAD Thread);
KPRIORITY KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority);
KIRQL KiAcquireDispatcherLock(VOID);
VOID KiReleaseDispatcherLock(KIRQL OldIrql);
LONG_PTR KiSwapThread(PKTHREAD CurrentThread, PKPRCB Prcb);
VOID KiDispatchInterrupt(VOID);
DECLSPEC_NORETURN VOID KiIdleLoop(VOID);

/* Dispatcher objects and waits. */
#define MAXIMUM_WAIT_OBJECTS 64
VOID NTAPI KeInitializeEvent(PKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
LONG NTAPI KeSetEvent(PKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);
LONG NTAPI KeResetEvent(PKEVENT Event);
VOID NTAPI KeInitializeSemaphore(PKSEMAPHORE Semaphore, LONG Count, LONG Limit);
LONG NTAPI KeReleaseSemaphore(PKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment,
                              BOOLEAN Wait);
VOID NTAPI KeInitializeMutant(PKMUTANT Mutant, BOOLEAN InitialOwner);
LONG NTAPI KeReleaseMutant(PKMUTANT Mutant, KPRIORITY Increment, BOOLEAN Abandoned,
                           BOOLEAN Wait);
VOID KiAbandonMutants(PKTHREAD Thread);
VOID KiSignalObject(PDISPATCHER_HEADER Header);
NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                     KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                     PLARGE_INTEGER Timeout);
NTSTATUS NTAPI KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                                        KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                                        BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                        PKWAIT_BLOCK WaitBlockArray);
NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                      PLARGE_INTEGER Interval);

/* Timers and DPCs. */
VOID NTAPI KeInitializeTimer(PKTIMER Timer);
BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc);
BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer);
BOOLEAN KiInsertTimer(PKTIMER Timer, ULONGLONG DueTime);
ULONGLONG KiComputeDueTime(const LARGE_INTEGER *Interval);
VOID KiCheckTimerList(ULONGLONG InterruptTime);
VOID NTAPI KeInitializeDpc(PKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext);
BOOLEAN NTAPI KeInsertQueueDpc(PKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2);
VOID KiRetireDpcList(PKPRCB Prcb);

/* APCs and alerts. */
BOOLEAN NTAPI KeInsertQueueApc(PKAPC Apc, PVOID SystemArgument1, PVOID SystemArgument2,
                               KPRIORITY Increment);
VOID KiDeliverApc(KPROCESSOR_MODE DeliveryMode, PVOID ExceptionFrame, PKTRAP_FRAME TrapFrame);
VOID KeFlushQueueApc(PKTHREAD Thread, KPROCESSOR_MODE Mode);
BOOLEAN KeTestAlertThread(KPROCESSOR_MODE AlertMode);
BOOLEAN KeAlertThread(PKTHREAD Thread, KPROCESSOR_MODE AlertMode);

/* Time and bugcheck. */
VOID KeUpdateSystemTime(PKTRAP_FRAME TrapFrame, ULONG Increment);
VOID KeUpdateRunTime(PKTRAP_FRAME TrapFrame);
ULONGLONG KeQueryInterruptTime(VOID);
VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime);
VOID KiSetSystemTime(const LARGE_INTEGER *NewTime);
DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1,
                                          ULONG_PTR BugCheckParameter2,
                                          ULONG_PTR BugCheckParameter3,
                                          ULONG_PTR BugCheckParameter4);
DECLSPEC_NORETURN VOID NTAPI KeBugCheck(ULONG BugCheckCode);

/* Debug output (kd/). */
ULONG DbgPrint(PCSTR Format, ...) __attribute__((format(printf, 1, 2)));

/* The assembly and C views of the structures must agree. */
C_ASSERT(sizeof(KTRAP_FRAME) == KTRAP_FRAME_LENGTH);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, SegGs) == TsSegGs);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, Edx) == TsEdx);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, Eax) == TsEax);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, PreviousPreviousMode) == TsPreviousPreviousMode);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, ExceptionList) == TsExceptionList);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, SegFs) == TsSegFs);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, Ebp) == TsEbp);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, ErrCode) == TsErrCode);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, Eip) == TsEip);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, SegCs) == TsSegCs);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, EFlags) == TsEFlags);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, HardwareEsp) == TsHardwareEsp);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, HardwareSegSs) == TsHardwareSegSs);
C_ASSERT(FIELD_OFFSET(KTRAP_FRAME, DbgArgMark) == TsDbgArgMark);
C_ASSERT(FIELD_OFFSET(KPCR, NtTib.ExceptionList) == PcExceptionList);
C_ASSERT(FIELD_OFFSET(KPCR, SelfPcr) == PcSelfPcr);
C_ASSERT(FIELD_OFFSET(KPCR, Irql) == PcIrql);
C_ASSERT(FIELD_OFFSET(KPCR, IRR) == PcIrr);
C_ASSERT(FIELD_OFFSET(KPCR, NtTib.Self) == PcTeb);
C_ASSERT(FIELD_OFFSET(KPCR, TSS) == PcTss);
C_ASSERT(FIELD_OFFSET(KPCR, PrcbData) == PcPrcbData);
C_ASSERT(FIELD_OFFSET(KPCR, PrcbData.CurrentThread) == PcCurrentThread);
C_ASSERT(FIELD_OFFSET(KPCR, PrcbData.NextThread) == PcNextThread);
C_ASSERT(FIELD_OFFSET(KPCR, PrcbData.IdleThread) == PcIdleThread);
C_ASSERT(FIELD_OFFSET(KPCR, PrcbData.KeSystemCalls) == PcKeSystemCalls);
C_ASSERT(FIELD_OFFSET(KTHREAD, InitialStack) == ThInitialStack);
C_ASSERT(FIELD_OFFSET(KTHREAD, Teb) == ThTeb);
C_ASSERT(FIELD_OFFSET(KTHREAD, KernelStack) == ThKernelStack);
C_ASSERT(FIELD_OFFSET(KTHREAD, State) == ThState);
C_ASSERT(FIELD_OFFSET(KTHREAD, ApcState.Process) == ThApcStateProcess);
C_ASSERT(FIELD_OFFSET(KTHREAD, ApcState.KernelApcPending) == ThKernelApcPending);
C_ASSERT(FIELD_OFFSET(KTHREAD, ApcState.UserApcPending) == ThUserApcPending);
C_ASSERT(FIELD_OFFSET(KTHREAD, Alerted) == ThAlerted);
C_ASSERT(sizeof(KAPC) == 0x30);
C_ASSERT(FIELD_OFFSET(KTHREAD, ContextSwitches) == ThContextSwitches);
C_ASSERT(FIELD_OFFSET(KTHREAD, ServiceTable) == ThServiceTable);
C_ASSERT(FIELD_OFFSET(KTHREAD, TrapFrame) == ThTrapFrame);
C_ASSERT(FIELD_OFFSET(KTHREAD, PreviousMode) == ThPreviousMode);
C_ASSERT(FIELD_OFFSET(KPROCESS, DirectoryTableBase) == PrDirectoryTableBase);
C_ASSERT(FIELD_OFFSET(KTSS, Esp0) == TssEsp0);
C_ASSERT(sizeof(KTSS) == 0x68);
C_ASSERT(FIELD_OFFSET(KSERVICE_TABLE_DESCRIPTOR, Limit) == SdLimit);
C_ASSERT(FIELD_OFFSET(KSERVICE_TABLE_DESCRIPTOR, Number) == SdNumber);
C_ASSERT(sizeof(KSERVICE_TABLE_DESCRIPTOR) == SdLength);
C_ASSERT(FIELD_OFFSET(KUSER_SHARED_DATA, SystemTime) == 0x14);
C_ASSERT(FIELD_OFFSET(KUSER_SHARED_DATA, SystemCall) == UsSystemCall);
C_ASSERT(FIELD_OFFSET(KUSER_SHARED_DATA, SystemCallReturn) == UsSystemCallReturn);
C_ASSERT(FIELD_OFFSET(KUSER_SHARED_DATA, TickCount) == 0x320);
C_ASSERT(sizeof(KUINIT_FRAME) == sizeof(KSWITCHFRAME) + sizeof(KSTART_FRAME) +
         KTRAP_FRAME_LENGTH + NPX_FRAME_LENGTH);

#endif
