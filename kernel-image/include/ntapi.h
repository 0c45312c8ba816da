/*
 * ntapi.h — the system services, as both the kernel (definitions) and ntdll users
 * (stubs generated from sysfuncs.lst) see them. Keep it in step with sysfuncs.lst.
 */
#ifndef _NTAPI_H
#define _NTAPI_H

#include <ntdef.h>

struct _CONTEXT;

NTSTATUS NTAPI NtClose(HANDLE Handle);
NTSTATUS NTAPI NtContinue(struct _CONTEXT *Context, BOOLEAN TestAlert);
NTSTATUS NTAPI NtDisplayString(PUNICODE_STRING String);
NTSTATUS NTAPI NtQueryPerformanceCounter(PLARGE_INTEGER PerformanceCounter,
                                         PLARGE_INTEGER PerformanceFrequency);
NTSTATUS NTAPI NtQuerySystemTime(PLARGE_INTEGER SystemTime);
NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);
NTSTATUS NTAPI NtTestAlert(VOID);
NTSTATUS NTAPI NtYieldExecution(VOID);

#endif
