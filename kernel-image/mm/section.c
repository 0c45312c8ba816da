/*
 * section.c — section objects (SEC_IMAGE over a file). The first section created over
 * a file reads its image into prototype pages once (a SEGMENT, found again through the
 * file's SECTION_OBJECT_POINTERS.ImageSectionObject); every later section shares it, and
 * it goes when the last section does. NtCreateSection, NtQuerySection.
 */
#include <internal/ps.h>
#include <internal/mm.h>
#include <internal/io.h>
#include <ntapi.h>
#include <rtl.h>

#define TAG_SEGMENT 'gSmM'

POBJECT_TYPE MmSectionObjectType;

/* Free a segment's prototype pages and the segment. */
static VOID MiFreeSegment(PSEGMENT Segment)
{
	PSUBSECTION Subsection;
	ULONG i, j;

	for (i = 0; i < Segment->NumberOfSubsections; i++) {
		Subsection = &Segment->Subsections[i];
		for (j = 0; Subsection->PrototypePages && j < Subsection->NumberOfFilePages; j++)
			if (Subsection->PrototypePages[j])
				MiFreePhysicalPage(Subsection->PrototypePages[j]);
		if (Subsection->PrototypePages)
			ExFreePoolWithTag(Subsection->PrototypePages, TAG_SEGMENT);
	}
	if (Segment->FilePointer)
		ObDereferenceObject(Segment->FilePointer);
	ExFreePoolWithTag(Segment, TAG_SEGMENT);
}

/* Read a subsection's file pages into new prototype pages (zero past the file data). */
static NTSTATUS MiReadImagePages(PSUBSECTION Subsection, PUCHAR Data)
{
	ULONG i, Offset, Bytes;
	PFN_NUMBER Pfn;

	if (!Subsection->NumberOfFilePages)
		return STATUS_SUCCESS;
	Subsection->PrototypePages = ExAllocatePoolWithTag(NonPagedPool, Subsection->NumberOfFilePages *
	                                                   sizeof(PFN_NUMBER), TAG_SEGMENT);
	if (!Subsection->PrototypePages)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlZeroMemory(Subsection->PrototypePages, Subsection->NumberOfFilePages * sizeof(PFN_NUMBER));
	for (i = 0; i < Subsection->NumberOfFilePages; i++) {
		Pfn = MiAllocatePhysicalPage();
		if (!Pfn)
			return STATUS_INSUFFICIENT_RESOURCES;
		Offset = i * PAGE_SIZE;
		Bytes = Subsection->FileLength - Offset < PAGE_SIZE ? Subsection->FileLength - Offset : PAGE_SIZE;
		RtlCopyMemory(MiPfnToVirtual(Pfn), Data + Subsection->FileOffset + Offset, Bytes);
		Subsection->PrototypePages[i] = Pfn;
	}
	return STATUS_SUCCESS;
}

/* Build the segment of an image file: parse it, read its pages. */
static NTSTATUS MiCreateImageFileMap(PFILE_OBJECT FileObject, PSEGMENT *SegmentOut)
{
	PSEGMENT Segment = ExAllocatePoolWithTag(NonPagedPool, sizeof(SEGMENT), TAG_SEGMENT);
	PVOID Data;
	ULONG Size, i;
	NTSTATUS Status;

	if (!Segment)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlZeroMemory(Segment, sizeof(*Segment));
	Status = IoGetBootFileData(FileObject, &Data, &Size);
	if (NT_SUCCESS(Status))
		Status = MiParseElfImage(Data, Size, Segment);
	for (i = 0; NT_SUCCESS(Status) && i < Segment->NumberOfSubsections; i++)
		Status = MiReadImagePages(&Segment->Subsections[i], Data);
	if (!NT_SUCCESS(Status)) {
		MiFreeSegment(Segment);
		return Status;
	}
	ObReferenceObject(FileObject);
	Segment->FilePointer = FileObject;
	Segment->NumberOfSectionReferences = 1;
	*SegmentOut = Segment;
	return STATUS_SUCCESS;
}

/* The file's image segment, referenced: the existing one, or a new one made now. */
static NTSTATUS MiReferenceImageSegment(PFILE_OBJECT FileObject, PSEGMENT *Segment)
{
	PSECTION_OBJECT_POINTERS Pointers = FileObject->SectionObjectPointer;
	ULONG State = ExpDisableInterrupts();
	PSEGMENT Existing = Pointers->ImageSectionObject;
	NTSTATUS Status = STATUS_SUCCESS;

	if (Existing)
		Existing->NumberOfSectionReferences++;
	__writeeflags(State);
	if (Existing) {
		*Segment = Existing;
		return STATUS_SUCCESS;
	}
	Status = MiCreateImageFileMap(FileObject, Segment);
	if (NT_SUCCESS(Status))
		Pointers->ImageSectionObject = *Segment;
	return Status;
}

/* A section lets go of its segment; the last one frees it. */
static VOID MiDereferenceSegment(PSEGMENT Segment)
{
	PSECTION_OBJECT_POINTERS Pointers = Segment->FilePointer->SectionObjectPointer;
	ULONG State = ExpDisableInterrupts();
	BOOLEAN Last = --Segment->NumberOfSectionReferences == 0;

	if (Last && Pointers->ImageSectionObject == Segment)
		Pointers->ImageSectionObject = NULL;
	__writeeflags(State);
	if (Last)
		MiFreeSegment(Segment);
}

/* The Section type's delete procedure. */
static VOID MiSectionDelete(PVOID Object)
{
	PSECTION Section = Object;

	if (Section->Segment)
		MiDereferenceSegment(Section->Segment);
}

/* Create the Section object type. */
VOID MmInitSectionImplementation(VOID)
{
	OBJECT_TYPE_INITIALIZER Initializer = {
		.Length = sizeof(Initializer), .UseDefaultObject = TRUE, .PoolType = NonPagedPool,
		.ValidAccessMask = SECTION_ALL_ACCESS, .DeleteProcedure = MiSectionDelete,
		.GenericMapping = { STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ,
		                    STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
		                    STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE, SECTION_ALL_ACCESS },
	};
	UNICODE_STRING Name;
	NTSTATUS Status;

	RtlInitUnicodeString(&Name, L"Section");
	Status = ObCreateObjectType(&Name, &Initializer, NULL, &MmSectionObjectType);
	if (!NT_SUCCESS(Status))
		KeBugCheckEx(PHASE0_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0, 0, 0);
}

/* The file an image section maps: FileObject (referenced again) or FileHandle's (FILE_EXECUTE). */
static NTSTATUS MiReferenceSectionFile(HANDLE FileHandle, PFILE_OBJECT *FileObject)
{
	if (*FileObject)
		return ObReferenceObjectByPointer(*FileObject, 0, IoFileObjectType, KernelMode);
	if (!FileHandle)
		return STATUS_INVALID_FILE_FOR_SECTION;
	return ObReferenceObjectByHandle(FileHandle, FILE_EXECUTE, IoFileObjectType,
	                                 KeGetPreviousMode(), (PVOID *)FileObject, NULL);
}

/*
 * Create an image section (SEC_IMAGE; nothing else is supported) over FileObject or the
 * file FileHandle names (FILE_EXECUTE access needed). Not yet inserted.
 */
NTSTATUS MmCreateSection(PVOID *SectionObject, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
                         ULONG SectionPageProtection, ULONG AllocationAttributes,
                         HANDLE FileHandle, PFILE_OBJECT FileObject)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PSECTION Section;
	NTSTATUS Status;

	if (!(AllocationAttributes & SEC_IMAGE))
		return STATUS_NOT_SUPPORTED;
	Status = MiReferenceSectionFile(FileHandle, &FileObject);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = ObCreateObject(PreviousMode, MmSectionObjectType, ObjectAttributes, PreviousMode, NULL,
	                        sizeof(SECTION), 0, 0, (PVOID *)&Section);
	if (NT_SUCCESS(Status)) {
		Status = MiReferenceImageSegment(FileObject, &Section->Segment);
		if (!NT_SUCCESS(Status))
			ObDereferenceObject(Section);
	}
	ObDereferenceObject(FileObject);
	if (!NT_SUCCESS(Status))
		return Status;
	Section->SizeOfSection.QuadPart = Section->Segment->SizeOfSegment;
	Section->AllocationAttributes = SEC_IMAGE;
	Section->InitialPageProtection = SectionPageProtection;
	*SectionObject = Section;
	return STATUS_SUCCESS;
}

/* Create a section object (an image: SEC_IMAGE over FileHandle) and return a handle. */
NTSTATUS NTAPI NtCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
                               ULONG SectionPageProtection, ULONG AllocationAttributes,
                               HANDLE FileHandle)
{
	HANDLE Handle = NULL;
	PVOID Section;
	NTSTATUS Status = MmCopyToCaller(SectionHandle, &Handle, sizeof(Handle));

	if (NT_SUCCESS(Status) && (AllocationAttributes & ~(SEC_IMAGE | SEC_RESERVE | SEC_COMMIT)))
		Status = STATUS_INVALID_PARAMETER_6;
	if (NT_SUCCESS(Status) && MiMakeProtectionMask(SectionPageProtection) == MM_INVALID_PROTECTION)
		Status = STATUS_INVALID_PAGE_PROTECTION;
	if (NT_SUCCESS(Status))
		Status = MmCreateSection(&Section, DesiredAccess, ObjectAttributes, MaximumSize,
		                         SectionPageProtection, AllocationAttributes, FileHandle, NULL);
	if (NT_SUCCESS(Status))
		Status = ObInsertObject(Section, NULL, DesiredAccess, 0, NULL, &Handle);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(SectionHandle, &Handle, sizeof(Handle));
	return Status;
}

/* Fill SectionBasicInformation or (image sections) SectionImageInformation. */
static NTSTATUS MiQuerySection(PSECTION Section, SECTION_INFORMATION_CLASS Class, PVOID Buffer,
                               PSIZE_T Length)
{
	PSECTION_BASIC_INFORMATION Basic = Buffer;

	if (Class == SectionImageInformation) {
		*Length = sizeof(SECTION_IMAGE_INFORMATION);
		RtlCopyMemory(Buffer, &Section->Segment->ImageInformation, *Length);
		return STATUS_SUCCESS;
	}
	*Length = sizeof(*Basic);
	Basic->BaseAddress = (PVOID)Section->Segment->BasedAddress;
	Basic->AllocationAttributes = Section->AllocationAttributes;
	Basic->MaximumSize = Section->SizeOfSection;
	return STATUS_SUCCESS;
}

/* Describe a section: SectionBasicInformation or SectionImageInformation. */
NTSTATUS NTAPI NtQuerySection(HANDLE SectionHandle,
                              SECTION_INFORMATION_CLASS SectionInformationClass,
                              PVOID SectionInformation, SIZE_T SectionInformationLength,
                              PSIZE_T ResultLength)
{
	union {
		SECTION_BASIC_INFORMATION Basic;
		SECTION_IMAGE_INFORMATION Image;
	} Info;
	SIZE_T Length = SectionInformationClass == SectionBasicInformation ? sizeof(Info.Basic)
	                                                                  : sizeof(Info.Image);
	PSECTION Section;
	NTSTATUS Status;

	if (SectionInformationClass != SectionBasicInformation &&
	    SectionInformationClass != SectionImageInformation)
		return STATUS_INVALID_INFO_CLASS;
	if (SectionInformationLength < Length)
		return STATUS_INFO_LENGTH_MISMATCH;
	Status = ObReferenceObjectByHandle(SectionHandle, SECTION_QUERY, MmSectionObjectType,
	                                   KeGetPreviousMode(), (PVOID *)&Section, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Status = MiQuerySection(Section, SectionInformationClass, &Info, &Length);
	ObDereferenceObject(Section);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(SectionInformation, &Info, Length);
	if (NT_SUCCESS(Status) && ResultLength)
		Status = MmCopyToCaller(ResultLength, &Length, sizeof(Length));
	return Status;
}

/* The image's file name (last path component, narrowed) for EPROCESS.ImageFileName. */
VOID MmGetImageFileName(PSECTION Section, PUCHAR ImageFileName, ULONG Length)
{
	PUNICODE_STRING Name = &Section->Segment->FilePointer->FileName;
	ULONG Count = Name->Length / sizeof(WCHAR), First = Count, i;

	while (First && Name->Buffer[First - 1] != L'\\')
		First--;
	for (i = 0; i + 1 < Length && First + i < Count; i++)
		ImageFileName[i] = (UCHAR)Name->Buffer[First + i];
	ImageFileName[i] = 0;
}
