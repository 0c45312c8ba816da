/* cpu.c — processor setup: CR0 protection bits, the FPU, and the sysenter MSRs. */
#include <internal/ke.h>

BOOLEAN KiFastSystemCallDisable = TRUE;

#define CPUID_FEATURE_SEP 0x00000800

/* TRUE when sysenter/sysexit work (CPUID.SEP, minus the early Pentium Pro erratum). */
BOOLEAN KiIsFastSyscallSupported(VOID)
{
	INT Info[4];
	ULONG Family, Model, Stepping;

	__cpuid(Info, 1);
	Family = (Info[0] >> 8) & 0xF;
	Model = (Info[0] >> 4) & 0xF;
	Stepping = Info[0] & 0xF;
	if (!(Info[3] & CPUID_FEATURE_SEP))
		return FALSE;
	return !(Family == 6 && Model < 3 && Stepping < 3);
}

/* Write protection for ring 0 (so kernel writes to read-only user pages fault), FPU on, sysenter. */
VOID KiInitializeCpu(VOID)
{
	__writecr0((__readcr0() | CR0_WP | CR0_NE | CR0_MP) & ~(CR0_EM | CR0_TS));
	__asm__ __volatile__("fninit");
	if (!KiIsFastSyscallSupported())
		return;
	__writemsr(MSR_SYSENTER_CS, KGDT_R0_CODE);
	__writemsr(MSR_SYSENTER_ESP, (ULONG)&KiTss);
	__writemsr(MSR_SYSENTER_EIP, (ULONG)KiFastCallEntry);
	KiFastSystemCallDisable = FALSE;
}
