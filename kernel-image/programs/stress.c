/*
 * stress.c — many processes through CreateProcessW: "stress.elf [N]" (else the STRESS
 * environment variable smss sets from boot option stress=, else 200)
 * creates N win32child.elf processes, 8 in flight at a time, and checks that each
 * exits with the code it was given. Prints "stress: N checks, M failed".
 */
#include <windows.h>
#include <rtl.h>

#define STRESS_DEFAULT 200
#define STRESS_BATCH 8

static ULONG Checks, Failures;

/* Start child Index: "win32child.elf Index quiet"; its process handle or NULL. */
static HANDLE StartChild(ULONG Index)
{
	STARTUPINFOW StartupInfo = { .cb = sizeof(StartupInfo) };
	PROCESS_INFORMATION Info;
	CHAR Narrow[64];
	WCHAR Wide[64];
	ULONG i;

	snprintf(Narrow, sizeof(Narrow), "win32child.elf %lu quiet", Index & 0xFF);
	for (i = 0; (Wide[i] = (UCHAR)Narrow[i]); i++)
		;
	if (!CreateProcessW(NULL, Wide, NULL, NULL, FALSE, 0, NULL, NULL, &StartupInfo, &Info)) {
		Print("stress: CreateProcessW #%lu failed: error %lu\n", Index, GetLastError());
		return NULL;
	}
	CloseHandle(Info.hThread);
	return Info.hProcess;
}

/* Wait for a batch and check each child's exit code. */
static VOID FinishBatch(HANDLE *Processes, ULONG First, ULONG Count)
{
	DWORD ExitCode;
	ULONG i;

	for (i = 0; i < Count; i++) {
		Checks++;
		if (!Processes[i] || WaitForSingleObject(Processes[i], INFINITE) != WAIT_OBJECT_0 ||
		    !GetExitCodeProcess(Processes[i], &ExitCode) || ExitCode != ((First + i) & 0xFF)) {
			Failures++;
			Print("stress: child #%lu did not end well\n", First + i);
		}
		if (Processes[i])
			CloseHandle(Processes[i]);
	}
}

int main(int argc, char **argv)
{
	ULONG Total = STRESS_DEFAULT, Done, i, Count;
	HANDLE Batch[STRESS_BATCH];
	CHAR Value[16];

	if (argc > 1)
		Total = strtoul(argv[1], NULL, 0);
	else if (GetEnvironmentVariableA("STRESS", Value, sizeof(Value)))
		Total = strtoul(Value, NULL, 0);

	Print("stress: creating %lu processes, %d at a time\n", Total, STRESS_BATCH);
	for (Done = 0; Done < Total; Done += Count) {
		Count = Total - Done < STRESS_BATCH ? Total - Done : STRESS_BATCH;
		for (i = 0; i < Count; i++)
			Batch[i] = StartChild(Done + i);
		FinishBatch(Batch, Done, Count);
		if ((Done + Count) % 40 == 0 || Done + Count == Total)
			Print("stress: %lu processes done\n", Done + Count);
	}
	Print("stress: %lu checks, %lu failed\n", Checks, Failures);
	return Failures ? 1 : 0;
}
