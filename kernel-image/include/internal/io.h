/* io.h — the I/O manager: file and device objects over the boot file system. */
#ifndef _INTERNAL_IO_H
#define _INTERNAL_IO_H

#include <internal/ob.h>
#include <iotypes.h>

extern POBJECT_TYPE IoFileObjectType;
extern POBJECT_TYPE IoDeviceObjectType;

VOID IoInitSystem(VOID);
NTSTATUS IoGetBootFile(PCSTR Name, PVOID *Data, PULONG Size);
NTSTATUS IoGetBootFileData(PFILE_OBJECT FileObject, PVOID *Data, PULONG Size);
LONG IopLookupBootFile(PCUNICODE_STRING Name);
PSECTION_OBJECT_POINTERS IopGetBootFileSectionPointers(LONG Index);

#endif
