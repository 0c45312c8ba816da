/*
 * kiinit.c — phase 0 on the boot processor: PCR, descriptor tables, processor setup,
 * the initial (idle) thread, then executive initialization and the idle loop.
 */
#include <internal/ex.h>
#include <internal/hal.h>
#include <rtl.h>

KPCR KiPcr;
ETHREAD KiInitialThread;
EPROCESS KiInitialProcess;
PLOADER_PARAMETER_BLOCK KeLoaderBlock;
extern KTSS KiDoubleFaultTss;

/*
 * The PCR: self pointer, NtTib.Self (the running thread's TEB, none yet), the PRCB with
 * its ready lists and DPC queue, the initial thread as current.
 */
static VOID KiInitializePcr(VOID)
{
	PKPRCB Prcb = &KiPcr.PrcbData;
	ULONG i;

	KiPcr.NtTib.ExceptionList = (PEXCEPTION_REGISTRATION_RECORD)EXCEPTION_CHAIN_END;
	KiPcr.NtTib.Self = NULL;
	KiPcr.SelfPcr = &KiPcr;
	KiPcr.Prcb = Prcb;
	KiPcr.Irql = HIGH_LEVEL;
	KiPcr.MajorVersion = KiPcr.MinorVersion = 1;
	KiPcr.SetMember = 1;
	Prcb->MajorVersion = Prcb->MinorVersion = 1;
	Prcb->SetMember = 1;
	Prcb->CurrentThread = Prcb->IdleThread = &KiInitialThread.Tcb;
	InitializeListHead(&Prcb->WaitListHead);
	InitializeListHead(&Prcb->DpcListHead);
	for (i = 0; i < MAXIMUM_PRIORITY; i++)
		InitializeListHead(&Prcb->DispatcherReadyListHead[i]);
}

/* The idle process and the thread already running on the boot stack. */
static VOID KiInitializeIdleThread(VOID)
{
	PKTHREAD Thread = &KiInitialThread.Tcb;

	KeInitializeProcess(&KiInitialProcess.Pcb, LOW_PRIORITY, __readcr3());
	Thread->Header.Type = ThreadObject;
	InitializeListHead(&Thread->Header.WaitListHead);
	InitializeListHead(&Thread->MutantListHead);
	InitializeListHead(&Thread->ApcState.ApcListHead[KernelMode]);
	InitializeListHead(&Thread->ApcState.ApcListHead[UserMode]);
	Thread->ApcState.Process = &KiInitialProcess.Pcb;
	Thread->ApcStatePointer[0] = &Thread->ApcState;
	Thread->ApcStatePointer[1] = &Thread->SavedApcState;
	Thread->InitialStack = Thread->StackBase = P0BootStackTop;
	Thread->StackLimit = P0BootStack;
	Thread->KernelStack = (PVOID)((ULONG_PTR)P0BootStackTop - NPX_FRAME_LENGTH);
	Thread->ServiceTable = KeServiceDescriptorTable;
	Thread->State = Running;
	Thread->PreviousMode = KernelMode;
	KeStartThread(Thread);
	KiTss.Esp0 = (ULONG)P0BootStackTop - NPX_FRAME_LENGTH - KTRAP_FRAME_V86_LENGTH;
}

/* Kernel entry (C part): initialize phase 0, then become the idle thread. */
VOID KiInitializeKernel(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
	KeLoaderBlock = LoaderBlock;
	KiInitializePcr();
	KiInitializeGdt();
	KiInitializeIdt();
	KiInitializeCpu();
	DbgPrint("\nntscope NT kernel (ntoskrnl.elf), i386 uniprocessor\n");
	DbgPrint("memory %lu KB, %lu boot files, sysenter %s\n", LoaderBlock->MemorySizeKb,
	         LoaderBlock->BootFileCount, KiFastSystemCallDisable ? "unavailable" : "enabled");
	KiInitializeIdleThread();
	ExpInitializeExecutive(LoaderBlock);
	KiDoubleFaultTss.CR3 = __readcr3();
	KiReleaseDispatcherLock(DISPATCH_LEVEL);
	KiIdleLoop();
}
