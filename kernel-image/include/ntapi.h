/*
 * ntapi.h — the system services, as both the kernel (definitions) and ntdll users
 * (stubs generated from sysfuncs.lst) see them. Keep it in step with sysfuncs.lst.
 */
#ifndef _NTAPI_H
#define _NTAPI_H

#include <ntdef.h>
#include <pstypes.h>
#include <obtypes.h>
#include <mmtypes.h>
#include <iotypes.h>
#include <lpctypes.h>

struct _CONTEXT;
struct _INITIAL_TEB;

#define EVENT_QUERY_STATE   0x0001
#define EVENT_MODIFY_STATE  0x0002
#define EVENT_ALL_ACCESS    (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define MUTANT_QUERY_STATE  0x0001
#define MUTANT_ALL_ACCESS   (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | MUTANT_QUERY_STATE)
#define SEMAPHORE_QUERY_STATE   0x0001
#define SEMAPHORE_MODIFY_STATE  0x0002
#define SEMAPHORE_ALL_ACCESS    (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)

/* A user APC routine (NtQueueApcThread), as the kernel's PKNORMAL_ROUTINE. */
typedef VOID (NTAPI *PPS_APC_ROUTINE)(PVOID ApcArgument1, PVOID ApcArgument2,
                                      PVOID ApcArgument3);

NTSTATUS NTAPI NtAcceptConnectPort(PHANDLE PortHandle, PVOID PortContext,
                                   PPORT_MESSAGE ConnectionRequest, BOOLEAN AcceptConnection,
                                   PPORT_VIEW ServerView, PREMOTE_PORT_VIEW ClientView);
NTSTATUS NTAPI NtAlertThread(HANDLE ThreadHandle);
NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG ZeroBits,
                                       PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect);
NTSTATUS NTAPI NtClose(HANDLE Handle);
NTSTATUS NTAPI NtCompleteConnectPort(HANDLE PortHandle);
NTSTATUS NTAPI NtConnectPort(PHANDLE PortHandle, PUNICODE_STRING PortName,
                             PSECURITY_QUALITY_OF_SERVICE SecurityQos, PPORT_VIEW ClientView,
                             PREMOTE_PORT_VIEW ServerView, PULONG MaxMessageLength,
                             PVOID ConnectionInformation, PULONG ConnectionInformationLength);
NTSTATUS NTAPI NtContinue(struct _CONTEXT *Context, BOOLEAN TestAlert);
NTSTATUS NTAPI NtCreateDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                       POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType,
                             BOOLEAN InitialState);
NTSTATUS NTAPI NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN InitialOwner);
NTSTATUS NTAPI NtCreatePort(PHANDLE PortHandle, POBJECT_ATTRIBUTES ObjectAttributes,
                            ULONG MaxConnectionInfoLength, ULONG MaxMessageLength,
                            ULONG MaxPoolUsage);
NTSTATUS NTAPI NtCreateProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ParentProcess,
                               BOOLEAN InheritObjectTable, HANDLE SectionHandle, HANDLE DebugPort,
                               HANDLE ExceptionPort);
NTSTATUS NTAPI NtCreateProcessEx(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ParentProcess,
                                 ULONG Flags, HANDLE SectionHandle, HANDLE DebugPort,
                                 HANDLE ExceptionPort, BOOLEAN InJob);
NTSTATUS NTAPI NtCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
                               ULONG SectionPageProtection, ULONG AllocationAttributes,
                               HANDLE FileHandle);
NTSTATUS NTAPI NtCreateSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, LONG InitialCount,
                                 LONG MaximumCount);
NTSTATUS NTAPI NtCreateSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes,
                                          PUNICODE_STRING LinkTarget);
NTSTATUS NTAPI NtCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                              PCLIENT_ID ClientId, struct _CONTEXT *ThreadContext,
                              struct _INITIAL_TEB *InitialTeb, BOOLEAN CreateSuspended);
NTSTATUS NTAPI NtCreateWaitablePort(PHANDLE PortHandle, POBJECT_ATTRIBUTES ObjectAttributes,
                                    ULONG MaxConnectionInfoLength, ULONG MaxMessageLength,
                                    ULONG MaxPoolUsage);
NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval);
NTSTATUS NTAPI NtDisplayString(PUNICODE_STRING String);
NTSTATUS NTAPI NtDuplicateObject(HANDLE SourceProcessHandle, HANDLE SourceHandle,
                                 HANDLE TargetProcessHandle, PHANDLE TargetHandle,
                                 ACCESS_MASK DesiredAccess, ULONG HandleAttributes, ULONG Options);
NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                                   ULONG FreeType);
NTSTATUS NTAPI NtListenPort(HANDLE PortHandle, PPORT_MESSAGE ConnectionRequest);
NTSTATUS NTAPI NtMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
                                  ULONG_PTR ZeroBits, SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition, ULONG AllocationType,
                                  ULONG Win32Protect);
NTSTATUS NTAPI NtOpenDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                     POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                          ULONG ShareAccess, ULONG OpenOptions);
NTSTATUS NTAPI NtOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId);
NTSTATUS NTAPI NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                      PSIZE_T NumberOfBytesToProtect, ULONG NewAccessProtection,
                                      PULONG OldAccessProtection);
NTSTATUS NTAPI NtQueryInformationProcess(HANDLE ProcessHandle,
                                         PROCESSINFOCLASS ProcessInformationClass,
                                         PVOID ProcessInformation,
                                         ULONG ProcessInformationLength, PULONG ReturnLength);
NTSTATUS NTAPI NtQueryInformationThread(HANDLE ThreadHandle, ULONG ThreadInformationClass,
                                        PVOID ThreadInformation, ULONG ThreadInformationLength,
                                        PULONG ReturnLength);
NTSTATUS NTAPI NtQueryPerformanceCounter(PLARGE_INTEGER PerformanceCounter,
                                         PLARGE_INTEGER PerformanceFrequency);
NTSTATUS NTAPI NtQuerySection(HANDLE SectionHandle,
                              SECTION_INFORMATION_CLASS SectionInformationClass,
                              PVOID SectionInformation, SIZE_T SectionInformationLength,
                              PSIZE_T ResultLength);
NTSTATUS NTAPI NtQuerySystemTime(PLARGE_INTEGER SystemTime);
NTSTATUS NTAPI NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
                                    MEMORY_INFORMATION_CLASS MemoryInformationClass,
                                    PVOID MemoryInformation, SIZE_T MemoryInformationLength,
                                    PSIZE_T ReturnLength);
NTSTATUS NTAPI NtQueueApcThread(HANDLE ThreadHandle, PPS_APC_ROUTINE ApcRoutine,
                                PVOID ApcArgument1, PVOID ApcArgument2, PVOID ApcArgument3);
NTSTATUS NTAPI NtRaiseHardError(NTSTATUS ErrorStatus, ULONG NumberOfParameters,
                                ULONG UnicodeStringParameterMask, PULONG_PTR Parameters,
                                ULONG ValidResponseOptions, PULONG Response);
NTSTATUS NTAPI NtReadFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                          PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
                          PLARGE_INTEGER ByteOffset, PULONG Key);
NTSTATUS NTAPI NtReadVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
                                   SIZE_T NumberOfBytesToRead, PSIZE_T NumberOfBytesRead);
NTSTATUS NTAPI NtRegisterThreadTerminatePort(HANDLE PortHandle);
NTSTATUS NTAPI NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount);
NTSTATUS NTAPI NtReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount, PLONG PreviousCount);
NTSTATUS NTAPI NtReplyPort(HANDLE PortHandle, PPORT_MESSAGE ReplyMessage);
NTSTATUS NTAPI NtReplyWaitReceivePort(HANDLE PortHandle, PVOID *PortContext,
                                      PPORT_MESSAGE ReplyMessage, PPORT_MESSAGE ReceiveMessage);
NTSTATUS NTAPI NtReplyWaitReceivePortEx(HANDLE PortHandle, PVOID *PortContext,
                                        PPORT_MESSAGE ReplyMessage, PPORT_MESSAGE ReceiveMessage,
                                        PLARGE_INTEGER Timeout);
NTSTATUS NTAPI NtReplyWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE ReplyMessage);
NTSTATUS NTAPI NtRequestPort(HANDLE PortHandle, PPORT_MESSAGE RequestMessage);
NTSTATUS NTAPI NtRequestWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE RequestMessage,
                                      PPORT_MESSAGE ReplyMessage);
NTSTATUS NTAPI NtResetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount);
NTSTATUS NTAPI NtSetDefaultHardErrorPort(HANDLE PortHandle);
NTSTATUS NTAPI NtSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI NtSetInformationProcess(HANDLE ProcessHandle,
                                       PROCESSINFOCLASS ProcessInformationClass,
                                       PVOID ProcessInformation, ULONG ProcessInformationLength);
NTSTATUS NTAPI NtSuspendThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount);
NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);
NTSTATUS NTAPI NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus);
NTSTATUS NTAPI NtTestAlert(VOID);
NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress);
NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, PHANDLE Handles, WAIT_TYPE WaitType,
                                        BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSTATUS NTAPI NtWriteVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
                                    SIZE_T NumberOfBytesToWrite, PSIZE_T NumberOfBytesWritten);
NTSTATUS NTAPI NtYieldExecution(VOID);


#endif
