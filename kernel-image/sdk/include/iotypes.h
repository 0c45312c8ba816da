/*
 * iotypes.h — I/O types: what NtOpenFile's callers pass (access, share and open options,
 * IO_STATUS_BLOCK) and the kernel's device and file objects.
 */
#ifndef _IOTYPES_H
#define _IOTYPES_H

#include <ketypes.h>
#include <obtypes.h>

typedef struct _IO_STATUS_BLOCK {
	union {
		NTSTATUS Status;
		PVOID Pointer;
	};
	ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

#define FILE_READ_DATA             0x0001
#define FILE_WRITE_DATA            0x0002
#define FILE_APPEND_DATA           0x0004
#define FILE_READ_EA               0x0008
#define FILE_WRITE_EA              0x0010
#define FILE_EXECUTE               0x0020
#define FILE_READ_ATTRIBUTES       0x0080
#define FILE_WRITE_ATTRIBUTES      0x0100
#define FILE_ALL_ACCESS            (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x01FF)
#define FILE_GENERIC_READ          (STANDARD_RIGHTS_READ | FILE_READ_DATA | \
                                    FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE         (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | \
                                    FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | \
                                    FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_GENERIC_EXECUTE       (STANDARD_RIGHTS_EXECUTE | FILE_READ_ATTRIBUTES | \
                                    FILE_EXECUTE | SYNCHRONIZE)

#define FILE_SHARE_READ            0x00000001
#define FILE_SHARE_WRITE           0x00000002
#define FILE_SHARE_DELETE          0x00000004

#define FILE_DIRECTORY_FILE        0x00000001
#define FILE_SYNCHRONOUS_IO_ALERT  0x00000010
#define FILE_SYNCHRONOUS_IO_NONALERT 0x00000020
#define FILE_NON_DIRECTORY_FILE    0x00000040

/* IO_STATUS_BLOCK.Information of an open. */
#define FILE_OPENED                0x00000001

/* The sections built over a file: the memory manager's per-file state. */
typedef struct _SECTION_OBJECT_POINTERS {
	PVOID DataSectionObject;
	PVOID SharedCacheMap;
	PVOID ImageSectionObject;
} SECTION_OBJECT_POINTERS, *PSECTION_OBJECT_POINTERS;

#define IO_TYPE_DEVICE             3
#define IO_TYPE_FILE               5
#define IO_TYPE_OPEN_PACKET        8
#define FILE_DEVICE_DISK_FILE_SYSTEM 0x00000008
#define FO_SYNCHRONOUS_IO          0x00000002

typedef struct _DEVICE_OBJECT {
	SHORT Type;
	USHORT Size;
	LONG ReferenceCount;
	ULONG Flags;
	ULONG DeviceType;
	PVOID DeviceExtension;
} DEVICE_OBJECT, *PDEVICE_OBJECT;

/*
 * An open file. Event (a notification event, the File type's DefaultObject) is signalled
 * while no I/O is in progress; FsContext is the file system's own file.
 */
typedef struct _FILE_OBJECT {
	SHORT Type;
	SHORT Size;
	PDEVICE_OBJECT DeviceObject;
	PVOID Vpb;
	PVOID FsContext;
	PVOID FsContext2;
	PSECTION_OBJECT_POINTERS SectionObjectPointer;
	PVOID PrivateCacheMap;
	NTSTATUS FinalStatus;
	struct _FILE_OBJECT *RelatedFileObject;
	BOOLEAN LockOperation;
	BOOLEAN DeletePending;
	BOOLEAN ReadAccess;
	BOOLEAN WriteAccess;
	BOOLEAN DeleteAccess;
	BOOLEAN SharedRead;
	BOOLEAN SharedWrite;
	BOOLEAN SharedDelete;
	ULONG Flags;
	UNICODE_STRING FileName;
	LARGE_INTEGER CurrentByteOffset;
	ULONG Waiters;
	ULONG Busy;
	DISPATCHER_HEADER Event;
} FILE_OBJECT, *PFILE_OBJECT;

/* What NtOpenFile hands to the device's parse procedure (the ParseContext). */
typedef struct _OPEN_PACKET {
	SHORT Type;
	SHORT Size;
	PFILE_OBJECT FileObject;
	NTSTATUS FinalStatus;
	ULONG_PTR Information;
	ACCESS_MASK DesiredAccess;
	ULONG CreateOptions;
	USHORT ShareAccess;
} OPEN_PACKET, *POPEN_PACKET;

#endif
