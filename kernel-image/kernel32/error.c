/* error.c — the thread's last error (TEB.LastErrorValue) and NTSTATUS -> Win32 errors. */
#include "k32.h"

static const struct { NTSTATUS Status; DWORD Error; } BasepErrorMap[] = {
	{ STATUS_SUCCESS, ERROR_SUCCESS },
	{ STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND },
	{ STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND },
	{ STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED },
	{ STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE },
	{ STATUS_OBJECT_TYPE_MISMATCH, ERROR_INVALID_HANDLE },
	{ STATUS_NO_MEMORY, ERROR_NOT_ENOUGH_MEMORY },
	{ STATUS_INSUFFICIENT_RESOURCES, ERROR_NOT_ENOUGH_MEMORY },
	{ STATUS_INVALID_IMAGE_FORMAT, ERROR_BAD_EXE_FORMAT },
	{ STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER },
	{ STATUS_NOT_SUPPORTED, ERROR_NOT_SUPPORTED },
	{ STATUS_DLL_INIT_FAILED, ERROR_DLL_INIT_FAILED },
};

DWORD WINAPI GetLastError(VOID)
{
	return NtCurrentTeb()->LastErrorValue;
}

VOID WINAPI SetLastError(DWORD dwErrCode)
{
	NtCurrentTeb()->LastErrorValue = dwErrCode;
}

/* SetLastError with the Win32 error for Status (ERROR_MR_MID_NOT_FOUND if none). */
VOID WINAPI BaseSetLastNTError(NTSTATUS Status)
{
	DWORD Error = ERROR_MR_MID_NOT_FOUND;
	ULONG i;

	for (i = 0; i < ARRAYSIZE(BasepErrorMap); i++)
		if (BasepErrorMap[i].Status == Status)
			Error = BasepErrorMap[i].Error;
	SetLastError(Error);
}
