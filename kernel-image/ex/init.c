/*
 * init.c — executive initialization: phase 0 on the boot thread (Mm, HAL, pool, Ob,
 * the event/mutant/semaphore types, sections, Io, Ps), phase 1 in the first system
 * thread (system DLL, the workload, power off).
 */
#include <internal/ex.h>
#include <internal/hal.h>
#include <internal/mm.h>
#include <internal/io.h>
#include <internal/ps.h>
#include <internal/lpc.h>

/* Phase 0, at HIGH_LEVEL on the boot stack. */
VOID ExpInitializeExecutive(PLOADER_PARAMETER_BLOCK LoaderBlock)
{
	MmInitSystem(LoaderBlock);
	HalInitSystem(0, LoaderBlock);
	InitializePool(NonPagedPool, 0);
	ObInitSystem();
	if (!ExpInitializeEventImplementation() || !ExpInitializeMutantImplementation() ||
	    !ExpInitializeSemaphoreImplementation() || !LpcInitSystem())
		KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, 0, 0, 0, 0);
	MmInitSectionImplementation();
	IoInitSystem();
	PsInitSystem();
}

/* Phase 1, in the System process: locate ntdll, run the workload, power off. */
VOID NTAPI Phase1Initialization(PVOID Context)
{
	NTSTATUS Status = PspInitializeSystemDll();

	if (!NT_SUCCESS(Status))
		KeBugCheckEx(PROCESS1_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0, 0, 0);
	ExpRunWorkload();
	DbgPrint("ntscope: workload complete (%lu system calls, %lu context switches, %lu pages free); "
	         "powering off\n", KiPcr.PrcbData.KeSystemCalls, KiPcr.PrcbData.KeContextSwitches,
	         MmAvailablePages);
	HalReturnToFirmware(HalPowerDownRoutine);
}
