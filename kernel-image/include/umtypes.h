/*
 * umtypes.h — user-mode structures the kernel never looks into: the process
 * parameters (PEB->ProcessParameters), loader data and an image's import directory.
 */
#ifndef _UMTYPES_H
#define _UMTYPES_H

#include <ntdef.h>

/* RTL_USER_PROCESS_PARAMETERS, NT's layout; pointers are absolute (normalized). */
typedef struct _RTL_USER_PROCESS_PARAMETERS {
	ULONG MaximumLength;
	ULONG Length;
	ULONG Flags;
	ULONG DebugFlags;
	HANDLE ConsoleHandle;
	ULONG ConsoleFlags;
	HANDLE StandardInput;
	HANDLE StandardOutput;
	HANDLE StandardError;
	UNICODE_STRING CurrentDirectoryPath;
	HANDLE CurrentDirectoryHandle;
	UNICODE_STRING DllPath;
	UNICODE_STRING ImagePathName;
	UNICODE_STRING CommandLine;
	PWSTR Environment;
	ULONG StartingX, StartingY, CountX, CountY, CountCharsX, CountCharsY;
	ULONG FillAttribute;
	ULONG WindowFlags;
	ULONG ShowWindowFlags;
	UNICODE_STRING WindowTitle;
	UNICODE_STRING DesktopInfo;
	UNICODE_STRING ShellInfo;
	UNICODE_STRING RuntimeData;
} RTL_USER_PROCESS_PARAMETERS, *PRTL_USER_PROCESS_PARAMETERS;

#define RTL_USER_PROC_PARAMS_NORMALIZED 0x00000001

/*
 * An image's import directory: the DLLs the loader maps before the image runs. ELF
 * images have no PE import table, so the directory sits at the very start of the
 * image (program.ld puts section .imports first); Signature tells it is there.
 */
#define LDR_IMPORT_SIGNATURE 0x54504D49 /* 'IMPT' */
#define LDR_MAX_IMPORTS 4
typedef struct _LDR_IMPORT_DIRECTORY {
	ULONG Signature;
	ULONG NumberOfDlls;
	PCWSTR DllNames[LDR_MAX_IMPORTS];
} LDR_IMPORT_DIRECTORY, *PLDR_IMPORT_DIRECTORY;

/* DllMain's reasons. */
#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH  2
#define DLL_THREAD_DETACH  3

typedef BOOLEAN (NTAPI *PDLL_INIT_ROUTINE)(PVOID DllHandle, ULONG Reason, PVOID Context);

/* ntdll's loader and environment services for programs and kernel32. */
NTSTATUS NTAPI LdrLoadDll(PCWSTR DllName, PVOID *DllHandle);
NTSTATUS NTAPI RtlCreateImageSection(PCWSTR ImageName, PHANDLE Section);
PVOID NTAPI LdrFindLoadedDll(PCWSTR DllName);
PWSTR NTAPI RtlQueryEnvironmentVariable(PWSTR Environment, PCWSTR Name);

#endif
