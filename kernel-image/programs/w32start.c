/*
 * w32start.c — what every Win32 program links first: its import directory (kernel32.dll,
 * loaded by ntdll before the program runs) and its entry point, which splits the
 * command line into words for main() and returns main's result to BaseProcessStartup.
 */
#include <ntdef.h>
#include <umtypes.h>
#include <windows.h>

#define W32_MAX_ARGS 16

__attribute__((section(".imports"), used))
static const LDR_IMPORT_DIRECTORY W32Imports = {
	LDR_IMPORT_SIGNATURE, 1, { L"kernel32.dll" }
};

/* The entry point (BaseProcessStartup calls it): main(argc, argv), its result. */
DWORD WINAPI WinMainCRTStartup(VOID)
{
	static CHAR Line[256];
	static char *Argv[W32_MAX_ARGS + 1];
	LPSTR CommandLine = GetCommandLineA();
	int Argc = 0;
	ULONG i;

	for (i = 0; CommandLine[i] && i < sizeof(Line) - 1; i++)
		Line[i] = CommandLine[i];
	Line[i] = 0;
	for (i = 0; Line[i] && Argc < W32_MAX_ARGS; ) {
		while (Line[i] == ' ')
			Line[i++] = 0;
		if (Line[i])
			Argv[Argc++] = &Line[i];
		while (Line[i] && Line[i] != ' ')
			i++;
	}
	Argv[Argc] = NULL;
	return (DWORD)main(Argc, Argv);
}
