/*
 * kefake.h — the host side of the Ke unit tests: a processor (KiPcr) and threads to
 * drive ke/readyq.c, ke/apcqueue.c and ke/waitsat.c, and what the fakes recorded.
 */
#ifndef KEFAKE_H
#define KEFAKE_H

#include <internal/ke.h>

/* What the kernel services the pure files call were asked to do. */
struct kefake_log {
	int apc_interrupts;              /* HalRequestSoftwareInterrupt(APC_LEVEL) */
	int dispatch_interrupts;         /* HalRequestSoftwareInterrupt(DISPATCH_LEVEL) */
	int timers_removed;              /* KiRemoveTimer */
};

extern struct kefake_log kefake;

void kefake_reset(void);
void kefake_thread(PKTHREAD Thread, SCHAR Priority);
void kefake_run(PKTHREAD Thread);
void kefake_event(PKEVENT Event, KOBJECTS Type, LONG SignalState);
void kefake_wait(PKTHREAD Thread, ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                 KPROCESSOR_MODE WaitMode, BOOLEAN Alertable);
ULONG kefake_waiters(PVOID Object);

#endif
