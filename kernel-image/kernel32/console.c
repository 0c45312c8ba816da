/* console.c — console output: the characters go to NtDisplayString (no console server). */
#include "k32.h"

/* Write nNumberOfCharsToWrite characters (hConsoleOutput is not used). */
BOOL WINAPI WriteConsoleA(HANDLE hConsoleOutput, LPCVOID lpBuffer, DWORD nNumberOfCharsToWrite,
                          LPDWORD lpNumberOfCharsWritten, LPVOID lpReserved)
{
	WCHAR Wide[256];
	UNICODE_STRING String;
	DWORD i, Done = 0;
	NTSTATUS Status = STATUS_SUCCESS;

	while (Done < nNumberOfCharsToWrite && NT_SUCCESS(Status)) {
		for (i = 0; i < ARRAYSIZE(Wide) - 1 && Done < nNumberOfCharsToWrite; i++)
			Wide[i] = ((const UCHAR *)lpBuffer)[Done++];
		Wide[i] = 0;
		RtlInitUnicodeString(&String, Wide);
		Status = NtDisplayString(&String);
	}
	if (lpNumberOfCharsWritten)
		*lpNumberOfCharsWritten = Done;
	if (!NT_SUCCESS(Status))
		BaseSetLastNTError(Status);
	return NT_SUCCESS(Status);
}

VOID WINAPI OutputDebugStringA(LPCSTR lpOutputString)
{
	WriteConsoleA(NULL, lpOutputString, strlen(lpOutputString), NULL, NULL);
}
