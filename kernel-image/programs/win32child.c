/*
 * win32child.c — a small Win32 program for others to create: it checks that it runs as
 * a Win32 process (kernel32 loaded, connected to csrss, its command line in the
 * process parameters), prints, and exits with the code its command line gives
 * ("win32child.elf [CODE] [fault] [quiet]"); "fault" reads address 0 first.
 */
#include <windows.h>
#include <umtypes.h>
#include <csr.h>
#include <rtl.h>

static ULONG Checks, Failures;

/* Count one check and report a failure. */
static VOID Check(PCSTR What, BOOLEAN Ok)
{
	Checks++;
	Failures += !Ok;
	if (!Ok)
		Print("win32child: %s FAILED\n", What);
}

int main(int argc, char **argv)
{
	BOOLEAN Quiet = FALSE, Fault = FALSE;
	ULONG ExitCode = 0;
	int i;

	for (i = 1; i < argc; i++) {
		Quiet |= !strcmp(argv[i], "quiet");
		Fault |= !strcmp(argv[i], "fault");
		if (argv[i][0] >= '0' && argv[i][0] <= '9')
			ExitCode = strtoul(argv[i], NULL, 0);
	}
	Check("argv[0] is win32child.elf", argc >= 1 && !strcmp(argv[0], "win32child.elf"));
	Check("kernel32.dll is loaded", LdrFindLoadedDll(L"kernel32.dll") != NULL);
	Check("connected to csrss", CsrPortHandle != NULL);
	Check("a fresh last error", GetLastError() == 0);
	if (Fault)
		Print("win32child: pid %lu reads address 0\n", GetCurrentProcessId());
	if (Fault)
		ExitCode = *(volatile ULONG *)0;
	if (!Quiet)
		Print("win32child: pid %lu tid %lu, exit code %lu: %lu checks, %lu failed\n",
		      GetCurrentProcessId(), GetCurrentThreadId(), ExitCode, Checks, Failures);
	return Failures ? 0xBAD : ExitCode;
}
