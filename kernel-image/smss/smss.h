/* smss.h — what the Session Manager's files share. */
#ifndef _SMSS_H
#define _SMSS_H

#include "../programs/native.h"
#include <ntlpcapi.h>
#include <umtypes.h>
#include <windows.h>

#define SMP_FILE_MAX 4096

NTSTATUS SmpReadBootFile(PCWSTR Name, PCHAR Buffer, ULONG Size);
BOOLEAN SmpQueryBootOption(PCSTR Text, PCSTR Key, PCHAR Value, ULONG ValueLength);
NTSTATUS SmpOpenImage(PCWSTR ImageName, PHANDLE Section, PSECTION_IMAGE_INFORMATION Image);
BOOLEAN SmpIsWin32Image(PSECTION_IMAGE_INFORMATION Image);
NTSTATUS SmpCreateNativeProcess(HANDLE Section, PSECTION_IMAGE_INFORMATION Image,
                                PCWSTR CommandLine, PHANDLE Process);
VOID SmpRunWorkload(PCHAR Text);
VOID NTAPI RtlUserThreadStart(PVOID StartAddress, PVOID Parameter);

#endif
