/*
 * internal/ex.h for the host tests: the kernel's executive files that are tested on the
 * host (ex/handle.c, ex/pool.c) include <internal/ex.h>; this stands in for the kernel's,
 * which needs i386 intrinsics. The locks become no-ops, pages and bugchecks come from
 * tests/unit/host/hostsup.c.
 */
#ifndef _HOST_INTERNAL_EX_H
#define _HOST_INTERNAL_EX_H

#include <ntdef.h>
#include <ntstatus.h>
#include <extypes.h>
#include <rtl.h>

#define BAD_POOL_CALLER 0x000000C2

#define ExpDisableInterrupts()                  0UL
#define ExLockPool()                            0UL
#define ExUnlockPool(State)                     ((void)(State))
#define ExLockHandleTable(HandleTable)          ((void)(HandleTable), 0UL)
#define ExUnlockHandleTable(HandleTable, State) ((void)(HandleTable), (void)(State))

VOID InitializePool(POOL_TYPE PoolType, ULONG Threshold);
PVOID MiAllocatePoolPages(POOL_TYPE PoolType, SIZE_T SizeInBytes);
ULONG MiFreePoolPages(PVOID StartingAddress);
DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1,
                                          ULONG_PTR BugCheckParameter2,
                                          ULONG_PTR BugCheckParameter3,
                                          ULONG_PTR BugCheckParameter4);

#endif
