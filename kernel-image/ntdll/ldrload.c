/*
 * ldrload.c — loading DLLs the NT way: NtOpenFile(\SystemRoot\NAME) ->
 * NtCreateSection(SEC_IMAGE) -> NtClose(file) -> NtMapViewOfSection at the image's own
 * base -> the entry point (DllMain) with DLL_PROCESS_ATTACH. A refusing DllMain fails
 * the load with STATUS_DLL_INIT_FAILED.
 */
#include "ntdllp.h"

#define LDRP_MAX_DLLS 8

typedef struct _LDRP_DLL {
	WCHAR Name[32];
	PVOID DllBase;
	PDLL_INIT_ROUTINE EntryPoint;
} LDRP_DLL;

static LDRP_DLL LdrpDlls[LDRP_MAX_DLLS];
static ULONG LdrpDllCount;

/* Case-insensitive comparison of two NUL-terminated names. */
static BOOLEAN LdrpEqualName(PCWSTR Left, PCWSTR Right)
{
	while (*Left && RtlUpcaseUnicodeChar(*Left) == RtlUpcaseUnicodeChar(*Right))
		Left++, Right++;
	return RtlUpcaseUnicodeChar(*Left) == RtlUpcaseUnicodeChar(*Right);
}

/* The base of an already loaded DLL, or NULL. */
PVOID NTAPI LdrFindLoadedDll(PCWSTR DllName)
{
	ULONG i;

	for (i = 0; i < LdrpDllCount; i++)
		if (LdrpEqualName(LdrpDlls[i].Name, DllName))
			return LdrpDlls[i].DllBase;
	return NULL;
}


/* Map DllName at its base; record it with its entry point. */
static NTSTATUS LdrpMapDll(PCWSTR DllName, LDRP_DLL *Dll)
{
	SECTION_IMAGE_INFORMATION Image;
	SIZE_T ViewSize = 0;
	HANDLE Section;
	NTSTATUS Status;
	ULONG i;

	Status = RtlCreateImageSection(DllName, &Section);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = NtQuerySection(Section, SectionImageInformation, &Image, sizeof(Image), NULL);
	Dll->DllBase = NULL;
	if (NT_SUCCESS(Status))
		Status = NtMapViewOfSection(Section, NtCurrentProcess(), &Dll->DllBase, 0, 0, NULL,
		                            &ViewSize, ViewShare, 0, PAGE_EXECUTE_READWRITE);
	NtClose(Section);
	for (i = 0; DllName[i] && i < ARRAYSIZE(Dll->Name) - 1; i++)
		Dll->Name[i] = DllName[i];
	Dll->Name[i] = 0;
	Dll->EntryPoint = (PDLL_INIT_ROUTINE)Image.TransferAddress;
	return Status;
}

/*
 * Load DllName (once) and run its DllMain(DLL_PROCESS_ATTACH); *DllHandle = its base.
 * STATUS_DLL_INIT_FAILED when DllMain returns FALSE.
 */
NTSTATUS NTAPI LdrLoadDll(PCWSTR DllName, PVOID *DllHandle)
{
	LDRP_DLL *Dll;
	NTSTATUS Status;

	if ((*DllHandle = LdrFindLoadedDll(DllName)))
		return STATUS_SUCCESS;
	if (LdrpDllCount == LDRP_MAX_DLLS)
		return STATUS_NO_MEMORY;
	Dll = &LdrpDlls[LdrpDllCount];
	Status = LdrpMapDll(DllName, Dll);
	if (!NT_SUCCESS(Status))
		return Status;
	LdrpDllCount++;
	*DllHandle = Dll->DllBase;
	if (Dll->EntryPoint && !Dll->EntryPoint(Dll->DllBase, DLL_PROCESS_ATTACH, NULL))
		return STATUS_DLL_INIT_FAILED;
	return STATUS_SUCCESS;
}
