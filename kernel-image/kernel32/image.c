/* image.c — BasepMapFile: the image section CreateProcess starts from. */
#include "k32.h"

/*
 * Open the image for execution and create its image section (ntdll's
 * RtlCreateImageSection: NtOpenFile, NtCreateSection(SEC_IMAGE), NtClose of the file).
 * Fails with NtOpenFile's status for a missing file.
 */
NTSTATUS BasepMapFile(PCWSTR ImageName, PHANDLE Section)
{
	return RtlCreateImageSection(ImageName, Section);
}
