/* procobj.c — the kernel process object (KPROCESS). */
#include <internal/ke.h>
#include <rtl.h>

/* Initialize a process object: a non-signalled dispatcher object with its page directory. */
VOID KeInitializeProcess(PKPROCESS Process, KPRIORITY Priority, ULONG_PTR DirectoryTableBase)
{
	Process->Header.Type = ProcessObject;
	Process->Header.Size = sizeof(KPROCESS) / sizeof(ULONG);
	Process->Header.SignalState = 0;
	InitializeListHead(&Process->Header.WaitListHead);
	InitializeListHead(&Process->ProfileListHead);
	InitializeListHead(&Process->ReadyListHead);
	InitializeListHead(&Process->ThreadListHead);
	Process->DirectoryTableBase[0] = DirectoryTableBase;
	Process->BasePriority = (SCHAR)Priority;
	Process->ThreadQuantum = THREAD_QUANTUM;
	Process->Affinity = Process->ActiveProcessors = 1;
	Process->IopmOffset = sizeof(KTSS);
}
