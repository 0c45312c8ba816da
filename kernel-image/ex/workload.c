/*
 * workload.c — the kernel's part of the workload: it runs the Session Manager
 * (smss.exe, the first user process), which starts csrss and runs the workload file's
 * programs (boot.ini `workload=`, default workload.wl: `run`, `start`, `wait`). When smss
 * has ended, the kernel executes the file's `bugcheck CODE` lines (KeBugCheckEx(CODE,
 * 0, 0, 0, 0)). `#` comments.
 */
#include <internal/ex.h>
#include <internal/io.h>
#include <internal/ps.h>
#include <rtl.h>

#define EXP_WORKLOAD_LINE_MAX 128

/* Run a program and report its exit status. */
static VOID ExpRunProgram(PCSTR Name)
{
	NTSTATUS ExitStatus = STATUS_PENDING;
	NTSTATUS Status;

	DbgPrint("workload: run %s\n", Name);
	Status = PsRunBootProcess(Name, &ExitStatus);
	if (!NT_SUCCESS(Status))
		DbgPrint("workload: cannot run %s: status 0x%08lX\n", Name, (ULONG)Status);
}

/* Split a line into its directive and argument (both trimmed, in place). */
static VOID ExpSplitDirective(PCHAR Line, PCHAR *Directive, PCHAR *Argument)
{
	PCHAR End;

	while (*Line == ' ' || *Line == '\t')
		Line++;
	*Directive = Line;
	while (*Line && *Line != ' ' && *Line != '\t')
		Line++;
	if (*Line)
		*Line++ = 0;
	while (*Line == ' ' || *Line == '\t')
		Line++;
	*Argument = Line;
	for (End = Line + strlen(Line); End > Line && (End[-1] == ' ' || End[-1] == '\t'); )
		*--End = 0;
}

/* Execute one line of the workload. */
static VOID ExpRunDirective(PCHAR Line, ULONG LineNumber)
{
	PCHAR Directive, Argument, Comment = strchr(Line, '#');

	if (Comment)
		*Comment = 0;
	ExpSplitDirective(Line, &Directive, &Argument);
	if (!*Directive)
		return;
	if (!strcmp(Directive, "bugcheck") && *Argument)
		KeBugCheckEx(strtoul(Argument, NULL, 0), 0, 0, 0, 0);
}

/* Run smss, then the workload file's kernel directives in order. */
VOID ExpRunWorkload(VOID)
{
	CHAR Name[LOADER_FILE_NAME_MAX] = "workload.wl", Line[EXP_WORKLOAD_LINE_MAX];
	PCSTR Text, End;
	ULONG Size, Length, LineNumber = 0;

	ExpRunProgram("smss.exe");
	ExQueryBootOption("workload", Name, sizeof(Name));
	if (!NT_SUCCESS(IoGetBootFile(Name, (PVOID *)&Text, &Size))) {
		DbgPrint("workload: no boot file '%s'\n", Name);
		return;
	}
	for (End = Text + Size; Text < End; Text += Length + 1) {
		for (Length = 0; Text + Length < End && Text[Length] != '\n'; Length++)
			;
		snprintf(Line, sizeof(Line), "%.*s", (int)Length, Text);
		if (strchr(Line, '\r'))
			*strchr(Line, '\r') = 0;
		ExpRunDirective(Line, ++LineNumber);
	}
}
