/* bugcheck.c — KeBugCheckEx: print the STOP line and power the machine off. */
#include <internal/hal.h>
#include <internal/ps.h>

static ULONG KiBugCheckActive;

/* NT's name for a bugcheck code, or NULL. */
static PCSTR KiBugCheckName(ULONG BugCheckCode)
{
	switch (BugCheckCode) {
	case NO_USER_MODE_CONTEXT: return "NO_USER_MODE_CONTEXT";
	case TRAP_CAUSE_UNKNOWN: return "TRAP_CAUSE_UNKNOWN";
	case KMODE_EXCEPTION_NOT_HANDLED: return "KMODE_EXCEPTION_NOT_HANDLED";
	case PHASE0_INITIALIZATION_FAILED: return "PHASE0_INITIALIZATION_FAILED";
	case PHASE1_INITIALIZATION_FAILED: return "PHASE1_INITIALIZATION_FAILED";
	case NO_PAGES_AVAILABLE: return "NO_PAGES_AVAILABLE";
	case PAGE_FAULT_IN_NONPAGED_AREA: return "PAGE_FAULT_IN_NONPAGED_AREA";
	case PROCESS1_INITIALIZATION_FAILED: return "PROCESS1_INITIALIZATION_FAILED";
	case INSTALL_MORE_MEMORY: return "INSTALL_MORE_MEMORY";
	case UNEXPECTED_KERNEL_MODE_TRAP: return "UNEXPECTED_KERNEL_MODE_TRAP";
	case MANUALLY_INITIATED_CRASH: return "MANUALLY_INITIATED_CRASH";
	default: return NULL;
	}
}

/* Stop the system with a bugcheck code and four parameters; never returns. */
__attribute__((noinline))
VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1,
                        ULONG_PTR BugCheckParameter2, ULONG_PTR BugCheckParameter3,
                        ULONG_PTR BugCheckParameter4)
{
	PETHREAD Thread = PsGetCurrentThread();
	PCSTR Name = KiBugCheckName(BugCheckCode);

	_disable();
	if (KiBugCheckActive++)
		HalReturnToFirmware(HalPowerDownRoutine);
	DbgPrint("\n*** STOP: 0x%08lX (0x%08lX,0x%08lX,0x%08lX,0x%08lX)\n", BugCheckCode,
	         BugCheckParameter1, BugCheckParameter2, BugCheckParameter3, BugCheckParameter4);
	if (Name)
		DbgPrint("%s\n", Name);
	DbgPrint("*** current thread: pid %lu tid %lu (%s)\n", (ULONG)Thread->Cid.UniqueProcess,
	         (ULONG)Thread->Cid.UniqueThread,
	         Thread->ThreadsProcess ? (PCSTR)Thread->ThreadsProcess->ImageFileName : "?");
	HalReturnToFirmware(HalPowerDownRoutine);
}

/* KeBugCheckEx with no parameters. */
VOID NTAPI KeBugCheck(ULONG BugCheckCode)
{
	KeBugCheckEx(BugCheckCode, 0, 0, 0, 0);
}
