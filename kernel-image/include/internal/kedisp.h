/*
 * kedisp.h — the dispatcher's pure logic: ready queues (ke/readyq.c), APC queues
 * (ke/apcqueue.c) and wait satisfaction (ke/waitsat.c). These files touch only the
 * structures below, so they build both into the kernel and, through the host shim
 * tests/unit/kehost/internal/ke.h, into the Criterion unit tests.
 */
#ifndef _INTERNAL_KEDISP_H
#define _INTERNAL_KEDISP_H

#include <ketypes.h>
#include <ntstatus.h>
#include <rtl.h>

#define SYNCH_LEVEL    DISPATCH_LEVEL
#define CLOCK2_LEVEL   28
#define HIGH_LEVEL     31

#define LOW_PRIORITY           0
#define LOW_REALTIME_PRIORITY  16
#define HIGH_PRIORITY          31
#define THREAD_QUANTUM         6

/* Priority increments (NT's values). */
#define IO_NO_INCREMENT        0
#define EVENT_INCREMENT        1
#define SEMAPHORE_INCREMENT    1
#define MUTANT_INCREMENT       1
#define RESUME_INCREMENT       0
#define TIMER_EXPIRE_INCREMENT 0
#define THREAD_ALERT_INCREMENT 2

#define MAXIMUM_SUSPEND_COUNT  0x7F
#define APC_LEVEL_BIT          (1UL << APC_LEVEL)
#define DISPATCH_LEVEL_BIT     (1UL << DISPATCH_LEVEL)

extern KPCR KiPcr;

/* The processor block (single processor: the PCR is a global). */
FORCEINLINE PKPRCB KeGetCurrentPrcb(VOID)
{
	return &KiPcr.PrcbData;
}

/* The running thread. */
FORCEINLINE PKTHREAD KeGetCurrentThread(VOID)
{
	return KiPcr.PrcbData.CurrentThread;
}

/* ke/readyq.c: the 32 ready queues, ReadySummary, selection and preemption. */
VOID KiQueueReadyThread(PKTHREAD Thread, PKPRCB Prcb);
PKTHREAD KiSelectReadyThread(KPRIORITY LowPriority, PKPRCB Prcb);
SCHAR KiComputeNewPriority(PKTHREAD Thread);
DECLSPEC_TRACED VOID KiReadyThread(PKTHREAD Thread);
VOID KiSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority);

/* ke/apcqueue.c: APC objects and NT's queueing and wake rules. */
VOID NTAPI KeInitializeApc(PKAPC Apc, PKTHREAD Thread, KAPC_ENVIRONMENT Environment,
                           PKKERNEL_ROUTINE KernelRoutine, PKRUNDOWN_ROUTINE RundownRoutine,
                           PKNORMAL_ROUTINE NormalRoutine, KPROCESSOR_MODE ApcMode,
                           PVOID NormalContext);
DECLSPEC_TRACED VOID KiInsertQueueApc(PKAPC Apc, KPRIORITY Increment);
PKAPC KiRemoveFirstApc(PKAPC_STATE ApcState, KPROCESSOR_MODE Mode);

/* ke/waitsat.c: signal states, satisfying waits, waking waiters, alertability. */
BOOLEAN KiIsObjectSignaled(PDISPATCHER_HEADER Object, PKTHREAD Thread);
NTSTATUS KiSatisfyObjectWait(PDISPATCHER_HEADER Object, PKTHREAD Thread);
VOID KiWaitTest(PVOID Object, KPRIORITY Increment);
VOID KiUnlinkThread(PKTHREAD Thread);
DECLSPEC_TRACED VOID KiUnwaitThread(PKTHREAD Thread, LONG_PTR WaitStatus, KPRIORITY Increment);
NTSTATUS KiCheckAlertability(PKTHREAD Thread, BOOLEAN Alertable, KPROCESSOR_MODE WaitMode);

/* Provided by the kernel (hal/irql.c, ke/timerobj.c, ps/kill.c), or by the unit tests. */
VOID HalRequestSoftwareInterrupt(KIRQL Irql);
VOID KiRemoveTimer(PKTIMER Timer);
VOID NTAPI PsExitSpecialApc(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                            PVOID *SystemArgument1, PVOID *SystemArgument2);

#endif
