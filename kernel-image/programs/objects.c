/*
 * objects.c — the object manager, the memory manager and process creation from user
 * mode: handles (bad ones, pseudo-handles, duplication, access and type checks), the
 * namespace (directories, symbolic links, temporary names), demand-zero virtual memory,
 * files and image sections, and a child process made with NtCreateProcessEx: its PEB
 * read across address spaces, memory allocated and written in it, its views, inherited
 * handles, its first thread (NtCreateThread) and its end, and a child that never gets a
 * thread. Prints "objects: N checks, M failed".
 */
#include "native.h"

#define CHILD_EXIT_STATUS ((NTSTATUS)0x0000C0DE)

static ULONG Checks, Failures;
static HANDLE Child, ChildSection, InheritedFile, PrivateFile;
static ULONG_PTR ChildPid;
static PPEB ChildPeb;
static PVOID ChildEntry;

/* Report one call: the status it returned against the status it should return. */
static VOID Check(PCSTR What, NTSTATUS Status, NTSTATUS Expected)
{
	Checks++;
	Failures += Status != Expected;
	Print("objects: %-50s -> 0x%08lX %s\n", What, (ULONG)Status,
	      Status == Expected ? "ok" : "FAILED");
}

/* Report a condition as a check. */
static VOID CheckThat(PCSTR What, BOOLEAN Condition)
{
	Check(What, Condition ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL, STATUS_SUCCESS);
}

/* OBJECT_ATTRIBUTES for Name (with its UNICODE_STRING in Storage). */
static POBJECT_ATTRIBUTES Attributes(POBJECT_ATTRIBUTES ObjectAttributes, PUNICODE_STRING Storage,
                                     PCWSTR Name, ULONG Flags, HANDLE Root)
{
	RtlInitUnicodeString(Storage, Name);
	InitializeObjectAttributes(ObjectAttributes, Storage, Flags, Root, NULL);
	return ObjectAttributes;
}

/* Open a boot file by name for executing. */
static NTSTATUS OpenFile(PCWSTR Name, ACCESS_MASK Access, ULONG Flags, PHANDLE File)
{
	OBJECT_ATTRIBUTES ObjectAttributes;
	UNICODE_STRING String;
	IO_STATUS_BLOCK IoStatus;

	return NtOpenFile(File, Access, Attributes(&ObjectAttributes, &String, Name, Flags, NULL),
	                  &IoStatus, FILE_SHARE_READ | FILE_SHARE_DELETE,
	                  FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
}

/* Basic information about a process. */
static NTSTATUS QueryProcess(HANDLE Process, PPROCESS_BASIC_INFORMATION Info)
{
	return NtQueryInformationProcess(Process, ProcessBasicInformation, Info, sizeof(*Info), NULL);
}

/* Bad handles and pseudo-handles. */
static VOID TestHandles(VOID)
{
	PROCESS_BASIC_INFORMATION Info;
	ULONG Small;

	Check("NtClose(NULL)", NtClose(NULL), STATUS_INVALID_HANDLE);
	Check("NtClose(0x12344)", NtClose((HANDLE)0x12344), STATUS_INVALID_HANDLE);
	Check("NtClose(NtCurrentProcess()): not a table handle", NtClose(NtCurrentProcess()),
	      STATUS_INVALID_HANDLE);
	Check("NtQueryInformationProcess(NtCurrentProcess())", QueryProcess(NtCurrentProcess(), &Info),
	      STATUS_SUCCESS);
	CheckThat("its UniqueProcessId is the TEB's", Info.UniqueProcessId ==
	          (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess);
	CheckThat("its ExitStatus is STATUS_PENDING", Info.ExitStatus == STATUS_PENDING);
	CheckThat("it has a parent (smss)", Info.InheritedFromUniqueProcessId != 0 &&
	          Info.InheritedFromUniqueProcessId != Info.UniqueProcessId);
	Check("NtQueryInformationProcess(short buffer)", NtQueryInformationProcess(NtCurrentProcess(),
	      ProcessBasicInformation, &Small, sizeof(Small), NULL), STATUS_INFO_LENGTH_MISMATCH);
	Check("NtQueryInformationProcess(unknown class)", NtQueryInformationProcess(NtCurrentProcess(),
	      ProcessAccessToken, &Info, sizeof(Info), NULL), STATUS_INVALID_INFO_CLASS);
	Check("NtQueryInformationProcess(buffer at 0x1000)", NtQueryInformationProcess(
	      NtCurrentProcess(), ProcessBasicInformation, (PVOID)0x1000, sizeof(Info), NULL),
	      STATUS_ACCESS_VIOLATION);
	Check("NtQueryInformationProcess(NtCurrentThread())", QueryProcess(NtCurrentThread(), &Info),
	      STATUS_OBJECT_TYPE_MISMATCH);
}

/* NtDuplicateObject within the process: same access, less access, closing the source. */
static VOID TestDuplication(VOID)
{
	PROCESS_BASIC_INFORMATION Info;
	HANDLE Self = NULL, Limited = NULL, Moved = NULL;

	Check("NtDuplicateObject(NtCurrentProcess(), SAME_ACCESS)", NtDuplicateObject(
	      NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), &Self, 0, 0,
	      DUPLICATE_SAME_ACCESS), STATUS_SUCCESS);
	CheckThat("a real handle: a multiple of 4", Self && !((ULONG_PTR)Self & 3));
	Check("NtQueryInformationProcess(duplicate)", QueryProcess(Self, &Info), STATUS_SUCCESS);
	Check("NtDuplicateObject(QUERY_INFORMATION only)", NtDuplicateObject(NtCurrentProcess(),
	      Self, NtCurrentProcess(), &Limited, PROCESS_QUERY_INFORMATION, 0, 0), STATUS_SUCCESS);
	Check("NtTerminateProcess(query-only handle)", NtTerminateProcess(Limited, 1),
	      STATUS_ACCESS_DENIED);
	Check("NtQueryInformationProcess(query-only handle)", QueryProcess(Limited, &Info),
	      STATUS_SUCCESS);
	Check("NtDuplicateObject(DUPLICATE_CLOSE_SOURCE)", NtDuplicateObject(NtCurrentProcess(),
	      Self, NtCurrentProcess(), &Moved, 0, 0, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
	      STATUS_SUCCESS);
	CheckThat("the closed source's value was reused at once", Moved == Self);
	Check("NtQueryInformationProcess(moved handle)", QueryProcess(Moved, &Info), STATUS_SUCCESS);
	Check("NtClose(the moved handle)", NtClose(Moved), STATUS_SUCCESS);
	Check("NtClose(it again)", NtClose(Moved), STATUS_INVALID_HANDLE);
	Check("NtClose(query-only handle)", NtClose(Limited), STATUS_SUCCESS);
	Check("NtDuplicateObject(bad source handle)", NtDuplicateObject(NtCurrentProcess(),
	      (HANDLE)0x7FF0, NtCurrentProcess(), &Moved, 0, 0, DUPLICATE_SAME_ACCESS),
	      STATUS_INVALID_HANDLE);
}

/* Directories: create one relative to a root, collide, look it up by case, lose the name. */
static VOID TestDirectory(HANDLE Root)
{
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	HANDLE Mine = NULL, Again = NULL;

	Check("NtCreateDirectoryObject(ntscope, relative)", NtCreateDirectoryObject(&Mine,
	      DIRECTORY_ALL_ACCESS, Attributes(&Oa, &Name, L"ntscope", 0, Root)), STATUS_SUCCESS);
	Check("NtCreateDirectoryObject(ntscope) again", NtCreateDirectoryObject(&Again,
	      DIRECTORY_ALL_ACCESS, Attributes(&Oa, &Name, L"ntscope", 0, Root)),
	      STATUS_OBJECT_NAME_COLLISION);
	Check("NtCreateDirectoryObject(ntscope, OBJ_OPENIF)", NtCreateDirectoryObject(&Again,
	      DIRECTORY_ALL_ACCESS, Attributes(&Oa, &Name, L"ntscope", OBJ_OPENIF, Root)),
	      STATUS_OBJECT_NAME_EXISTS);
	NtClose(Again);
	Check("open \\BaseNamedObjects\\NTSCOPE, case-insensitive", NtOpenDirectoryObject(&Again,
	      DIRECTORY_QUERY, Attributes(&Oa, &Name, L"\\BaseNamedObjects\\NTSCOPE",
	      OBJ_CASE_INSENSITIVE, NULL)), STATUS_SUCCESS);
	NtClose(Again);
	Check("open \\BaseNamedObjects\\NTSCOPE, case-sensitive", NtOpenDirectoryObject(&Again,
	      DIRECTORY_QUERY, Attributes(&Oa, &Name, L"\\BaseNamedObjects\\NTSCOPE", 0, NULL)),
	      STATUS_OBJECT_NAME_NOT_FOUND);
	Check("NtClose(the last handle to ntscope)", NtClose(Mine), STATUS_SUCCESS);
	Check("a temporary name goes with its last handle", NtOpenDirectoryObject(&Again,
	      DIRECTORY_QUERY, Attributes(&Oa, &Name, L"ntscope", 0, Root)),
	      STATUS_OBJECT_NAME_NOT_FOUND);
}

/* \\BaseNamedObjects: open it (not a process) and make a directory in it. */
static VOID TestDirectories(VOID)
{
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	HANDLE Root = NULL;
	PROCESS_BASIC_INFORMATION Info;

	Check("NtOpenDirectoryObject(\\BaseNamedObjects)", NtOpenDirectoryObject(&Root,
	      DIRECTORY_ALL_ACCESS, Attributes(&Oa, &Name, L"\\BaseNamedObjects", 0, NULL)),
	      STATUS_SUCCESS);
	Check("NtQueryInformationProcess(directory handle)", QueryProcess(Root, &Info),
	      STATUS_OBJECT_TYPE_MISMATCH);
	TestDirectory(Root);
	Check("NtClose(\\BaseNamedObjects)", NtClose(Root), STATUS_SUCCESS);
}

/* Names that cannot be opened, and what the walk says about them. */
static VOID TestBadNames(VOID)
{
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name;
	HANDLE Handle;

	Check("open \\ObjectTypes\\Process as a directory", NtOpenDirectoryObject(&Handle,
	      DIRECTORY_QUERY, Attributes(&Oa, &Name, L"\\ObjectTypes\\Process", 0, NULL)),
	      STATUS_OBJECT_TYPE_MISMATCH);
	Check("open \\NoSuchDirectory\\x", NtOpenDirectoryObject(&Handle, DIRECTORY_QUERY,
	      Attributes(&Oa, &Name, L"\\NoSuchDirectory\\x", 0, NULL)), STATUS_OBJECT_PATH_NOT_FOUND);
	Check("open BaseNamedObjects (relative, no root)", NtOpenDirectoryObject(&Handle,
	      DIRECTORY_QUERY, Attributes(&Oa, &Name, L"BaseNamedObjects", 0, NULL)),
	      STATUS_OBJECT_PATH_SYNTAX_BAD);
	Check("open \\BaseNamedObjects\\ (empty component)", NtOpenDirectoryObject(&Handle,
	      DIRECTORY_QUERY, Attributes(&Oa, &Name, L"\\BaseNamedObjects\\", 0, NULL)),
	      STATUS_OBJECT_NAME_INVALID);
	Check("create a permanent directory from user mode", NtCreateDirectoryObject(&Handle,
	      DIRECTORY_ALL_ACCESS, Attributes(&Oa, &Name, L"\\BaseNamedObjects\\p", OBJ_PERMANENT,
	      NULL)), STATUS_PRIVILEGE_NOT_HELD);
	Check("NtOpenDirectoryObject(bad OBJECT_ATTRIBUTES)", NtOpenDirectoryObject(&Handle,
	      DIRECTORY_QUERY, (POBJECT_ATTRIBUTES)0x80000000), STATUS_ACCESS_VIOLATION);
}

/* Files: missing, found through \??\C: and through a user-made symbolic link. */
static VOID TestFiles(VOID)
{
	OBJECT_ATTRIBUTES Oa;
	UNICODE_STRING Name, Target;
	HANDLE File = NULL, Link = NULL;

	Check("NtOpenFile(\\SystemRoot\\missing.elf)", OpenFile(L"\\SystemRoot\\missing.elf",
	      FILE_EXECUTE, OBJ_CASE_INSENSITIVE, &File), STATUS_OBJECT_NAME_NOT_FOUND);
	Check("NtOpenFile(\\??\\C:\\HELLO.ELF)", OpenFile(L"\\??\\C:\\HELLO.ELF", FILE_EXECUTE,
	      OBJ_CASE_INSENSITIVE, &File), STATUS_SUCCESS);
	NtClose(File);
	Check("NtOpenFile(file handle at a kernel address)", OpenFile(L"\\SystemRoot\\hello.elf",
	      FILE_EXECUTE, OBJ_CASE_INSENSITIVE, (PHANDLE)0x80000000), STATUS_ACCESS_VIOLATION);
	RtlInitUnicodeString(&Target, L"\\Device\\BootFs");
	Check("NtCreateSymbolicLinkObject(\\BaseNamedObjects\\Boot)", NtCreateSymbolicLinkObject(&Link,
	      SYMBOLIC_LINK_ALL_ACCESS, Attributes(&Oa, &Name, L"\\BaseNamedObjects\\Boot", 0, NULL),
	      &Target), STATUS_SUCCESS);
	Check("NtOpenFile(\\BaseNamedObjects\\Boot\\child.elf)", OpenFile(
	      L"\\BaseNamedObjects\\Boot\\child.elf", FILE_EXECUTE, OBJ_CASE_INSENSITIVE, &File),
	      STATUS_SUCCESS);
	NtClose(File);
	NtClose(Link);
	Check("the link went with its handle", OpenFile(L"\\BaseNamedObjects\\Boot\\child.elf",
	      FILE_EXECUTE, OBJ_CASE_INSENSITIVE, &File), STATUS_OBJECT_PATH_NOT_FOUND);
}

/* Image sections that cannot be made: no FILE_EXECUTE access, not an image, no file. */
static VOID TestSectionRefusals(VOID)
{
	HANDLE File = NULL, Section = NULL;

	OpenFile(L"\\SystemRoot\\child.elf", FILE_READ_DATA, OBJ_CASE_INSENSITIVE, &File);
	Check("NtCreateSection(SEC_IMAGE, file without FILE_EXECUTE)", NtCreateSection(&Section,
	      SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File), STATUS_ACCESS_DENIED);
	NtClose(File);
	OpenFile(L"\\SystemRoot\\boot.ini", FILE_EXECUTE, OBJ_CASE_INSENSITIVE, &File);
	Check("NtCreateSection(SEC_IMAGE, boot.ini)", NtCreateSection(&Section, SECTION_ALL_ACCESS,
	      NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File), STATUS_INVALID_IMAGE_FORMAT);
	NtClose(File);
	Check("NtCreateSection(SEC_IMAGE, no file)", NtCreateSection(&Section, SECTION_ALL_ACCESS,
	      NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, NULL), STATUS_INVALID_FILE_FOR_SECTION);
}

/* child.elf's image section, and what NtQuerySection says of it. */
static VOID TestSections(VOID)
{
	SECTION_IMAGE_INFORMATION Image;
	SECTION_BASIC_INFORMATION Basic;
	HANDLE File = NULL;

	Check("NtOpenFile(\\SystemRoot\\child.elf)", OpenFile(L"\\SystemRoot\\child.elf",
	      SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA, OBJ_CASE_INSENSITIVE, &File), STATUS_SUCCESS);
	Check("NtCreateSection(SEC_IMAGE, child.elf)", NtCreateSection(&ChildSection,
	      SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE, SEC_IMAGE, File), STATUS_SUCCESS);
	Check("NtClose(the file; the section keeps it)", NtClose(File), STATUS_SUCCESS);
	Check("NtQuerySection(SectionImageInformation)", NtQuerySection(ChildSection,
	      SectionImageInformation, &Image, sizeof(Image), NULL), STATUS_SUCCESS);
	CheckThat("TransferAddress inside the image", (ULONG_PTR)Image.TransferAddress >= 0x00400000 &&
	          (ULONG_PTR)Image.TransferAddress < 0x00500000);
	CheckThat("native i386 image, 1 MB stack", Image.SubSystemType == IMAGE_SUBSYSTEM_NATIVE &&
	          Image.Machine == IMAGE_FILE_MACHINE_I386 && Image.MaximumStackSize == 0x100000);
	ChildEntry = Image.TransferAddress;
	Check("NtQuerySection(SectionBasicInformation)", NtQuerySection(ChildSection,
	      SectionBasicInformation, &Basic, sizeof(Basic), NULL), STATUS_SUCCESS);
	CheckThat("based at 0x00400000, SEC_IMAGE", Basic.BaseAddress == (PVOID)0x00400000 &&
	          Basic.AllocationAttributes == SEC_IMAGE);
	Check("NtQuerySection(short buffer)", NtQuerySection(ChildSection, SectionImageInformation,
	      &Basic, sizeof(Basic), NULL), STATUS_INFO_LENGTH_MISMATCH);
}

/* NtCreateProcessEx: a child of this process, inheriting one of two open handles. */
static VOID TestCreateProcess(VOID)
{
	PROCESS_BASIC_INFORMATION Info;
	HANDLE Bad;

	OpenFile(L"\\SystemRoot\\hello.elf", FILE_EXECUTE, OBJ_CASE_INSENSITIVE | OBJ_INHERIT,
	         &InheritedFile);
	OpenFile(L"\\SystemRoot\\hello.elf", FILE_EXECUTE, OBJ_CASE_INSENSITIVE, &PrivateFile);
	Check("NtCreateProcessEx(no parent)", NtCreateProcessEx(&Bad, PROCESS_ALL_ACCESS, NULL, NULL,
	      0, ChildSection, NULL, NULL, FALSE), STATUS_INVALID_PARAMETER);
	Check("NtCreateProcessEx(child.elf, inherit handles)", NtCreateProcessEx(&Child,
	      PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), PROCESS_CREATE_FLAGS_INHERIT_HANDLES,
	      ChildSection, NULL, NULL, FALSE), STATUS_SUCCESS);
	Check("NtQueryInformationProcess(child)", QueryProcess(Child, &Info), STATUS_SUCCESS);
	CheckThat("the child's parent is this process", Info.InheritedFromUniqueProcessId ==
	          (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess);
	CheckThat("a new pid, a PEB, STATUS_PENDING", Info.UniqueProcessId &&
	          !(Info.UniqueProcessId & 3) && Info.PebBaseAddress &&
	          Info.UniqueProcessId != (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess &&
	          Info.ExitStatus == STATUS_PENDING);
	ChildPid = Info.UniqueProcessId;
	ChildPeb = Info.PebBaseAddress;
}

/* Handles the child inherited: the same values name the same objects; others are absent. */
static VOID TestInheritance(VOID)
{
	HANDLE Back = NULL;

	Check("duplicate the child's inherited handle back", NtDuplicateObject(Child, InheritedFile,
	      NtCurrentProcess(), &Back, 0, 0, DUPLICATE_SAME_ACCESS), STATUS_SUCCESS);
	NtClose(Back);
	Check("duplicate a handle the child did not inherit", NtDuplicateObject(Child, PrivateFile,
	      NtCurrentProcess(), &Back, 0, 0, DUPLICATE_SAME_ACCESS), STATUS_INVALID_HANDLE);
	Check("duplicate a handle into the child", NtDuplicateObject(NtCurrentProcess(), PrivateFile,
	      Child, &Back, 0, 0, DUPLICATE_SAME_ACCESS), STATUS_SUCCESS);
	Check("and close it there (DUPLICATE_CLOSE_SOURCE)", NtDuplicateObject(Child, Back, NULL,
	      NULL, 0, 0, DUPLICATE_CLOSE_SOURCE), STATUS_SUCCESS);
	NtClose(InheritedFile);
	NtClose(PrivateFile);
}

/* Read the child's PEB and ntdll across address spaces. */
static VOID TestReadChild(VOID)
{
	PEB Peb;
	UCHAR Code[64];
	SIZE_T Done = 0;

	Check("NtReadVirtualMemory(child's PEB)", NtReadVirtualMemory(Child, ChildPeb, &Peb,
	      sizeof(Peb), &Done), STATUS_SUCCESS);
	CheckThat("all of it", Done == sizeof(Peb));
	CheckThat("PEB: image at 0x00400000, NT 5.1 build 2600", Peb.ImageBaseAddress ==
	          (PVOID)0x00400000 && Peb.OSMajorVersion == 5 && Peb.OSMinorVersion == 1 &&
	          Peb.OSBuildNumber == 2600 && Peb.OSPlatformId == 2 && Peb.NumberOfProcessors == 1);
	Check("NtReadVirtualMemory(child's ntdll)", NtReadVirtualMemory(Child, (PVOID)0x7C900000,
	      Code, sizeof(Code), NULL), STATUS_SUCCESS);
	CheckThat("the same ntdll as ours", !memcmp(Code, (PVOID)0x7C900000, sizeof(Code)));
	Check("NtReadVirtualMemory(free child memory)", NtReadVirtualMemory(Child, (PVOID)0x00300000,
	      Code, 4, &Done), STATUS_PARTIAL_COPY);
	CheckThat("nothing copied", Done == 0);
	Check("NtReadVirtualMemory(kernel address)", NtReadVirtualMemory(Child, (PVOID)0x80000000,
	      Code, 4, NULL), STATUS_ACCESS_VIOLATION);
	Check("NtReadVirtualMemory(into a bad buffer)", NtReadVirtualMemory(Child, ChildPeb,
	      (PVOID)0x1000, 4, NULL), STATUS_ACCESS_VIOLATION);
}

/* Allocate, write, read and protect memory in the child. */
static VOID TestWriteChild(VOID)
{
	static const char Pattern[] = "written by objects.elf";
	char Buffer[sizeof(Pattern)] = "", Zero[4] = { 1, 1, 1, 1 };
	PVOID Base = NULL;
	SIZE_T Size = 0x10000, Page = 0x1000;
	ULONG Old = 0;

	Check("NtAllocateVirtualMemory(child, 64 KB)", NtAllocateVirtualMemory(Child, &Base, 0, &Size,
	      MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), STATUS_SUCCESS);
	Check("NtWriteVirtualMemory(child)", NtWriteVirtualMemory(Child, Base, (PVOID)Pattern,
	      sizeof(Pattern), NULL), STATUS_SUCCESS);
	Check("NtReadVirtualMemory(child) of it", NtReadVirtualMemory(Child, Base, Buffer,
	      sizeof(Buffer), NULL), STATUS_SUCCESS);
	CheckThat("it reads back", !memcmp(Buffer, Pattern, sizeof(Pattern)));
	NtReadVirtualMemory(Child, (PUCHAR)Base + 0x8000, Zero, sizeof(Zero), NULL);
	CheckThat("an untouched committed page reads zero", !Zero[0] && !Zero[3]);
	Check("NtProtectVirtualMemory(child page, PAGE_READONLY)", NtProtectVirtualMemory(Child,
	      &Base, &Page, PAGE_READONLY, &Old), STATUS_SUCCESS);
	CheckThat("it was PAGE_READWRITE", Old == PAGE_READWRITE);
	Check("NtWriteVirtualMemory(child, read-only page)", NtWriteVirtualMemory(Child, Base,
	      (PVOID)Pattern, 4, NULL), STATUS_PARTIAL_COPY);
}

/* Views: the image is mapped; unmapping and remapping it. */
static VOID TestChildViews(VOID)
{
	PVOID Base = NULL;
	SIZE_T ViewSize = 0;
	ULONG Word;

	Check("NtMapViewOfSection(child.elf again)", NtMapViewOfSection(ChildSection, Child, &Base, 0,
	      0, NULL, &ViewSize, ViewShare, 0, PAGE_EXECUTE_READ), STATUS_CONFLICTING_ADDRESSES);
	Check("NtUnmapViewOfSection(child, image)", NtUnmapViewOfSection(Child, (PVOID)0x00400000),
	      STATUS_SUCCESS);
	Check("NtReadVirtualMemory(unmapped image)", NtReadVirtualMemory(Child, (PVOID)0x00400000,
	      &Word, 4, NULL), STATUS_PARTIAL_COPY);
	Base = NULL;
	Check("NtMapViewOfSection(child.elf)", NtMapViewOfSection(ChildSection, Child, &Base, 0, 0,
	      NULL, &ViewSize, ViewShare, 0, PAGE_EXECUTE_READ), STATUS_SUCCESS);
	CheckThat("at 0x00400000, one view's size", Base == (PVOID)0x00400000 && ViewSize >= 0x1000);
	Check("NtUnmapViewOfSection(nothing mapped)", NtUnmapViewOfSection(Child, (PVOID)0x00300000),
	      STATUS_NOT_MAPPED_VIEW);
}

/* NtOpenProcess by client id. */
static VOID TestOpenProcess(VOID)
{
	OBJECT_ATTRIBUTES Oa;
	CLIENT_ID Cid = { (HANDLE)ChildPid, NULL };
	PROCESS_BASIC_INFORMATION Info;
	HANDLE Opened = NULL;

	InitializeObjectAttributes(&Oa, NULL, 0, NULL, NULL);
	Check("NtOpenProcess(child's pid)", NtOpenProcess(&Opened, PROCESS_QUERY_INFORMATION, &Oa,
	      &Cid), STATUS_SUCCESS);
	CheckThat("the same process", NT_SUCCESS(QueryProcess(Opened, &Info)) &&
	          Info.UniqueProcessId == ChildPid);
	Check("NtTerminateProcess(opened for query only)", NtTerminateProcess(Opened, 1),
	      STATUS_ACCESS_DENIED);
	NtClose(Opened);
	Cid.UniqueProcess = (HANDLE)0x7FFC;
	Check("NtOpenProcess(pid 0x7FFC)", NtOpenProcess(&Opened, PROCESS_QUERY_INFORMATION, &Oa,
	      &Cid), STATUS_INVALID_CID);
}

/*
 * The child's first thread, as CreateProcess makes it: a stack allocated in the child,
 * [esp+4] = its PEB, an initial context at the image's entry, created suspended, then
 * resumed; wait for the child to end.
 */
static NTSTATUS RunChild(VOID)
{
	ULONG Frame[2] = { 0, (ULONG)ChildPeb };
	INITIAL_TEB InitialTeb = { 0 };
	CONTEXT Context = { 0 };
	CLIENT_ID Cid;
	PVOID Stack = NULL;
	SIZE_T Size = 0x10000;
	HANDLE Thread = NULL;

	NtAllocateVirtualMemory(Child, &Stack, 0, &Size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	InitialTeb.StackBase = (PUCHAR)Stack + Size;
	InitialTeb.StackLimit = InitialTeb.AllocatedStackBase = Stack;
	Context.ContextFlags = CONTEXT_FULL;
	Context.Eip = Context.Eax = (ULONG)ChildEntry;
	Context.Ebx = (ULONG)ChildPeb;
	Context.Esp = (ULONG)InitialTeb.StackBase - sizeof(Frame);
	Context.EFlags = 0x3000 | 0x200;
	NtWriteVirtualMemory(Child, (PVOID)Context.Esp, Frame, sizeof(Frame), NULL);
	Check("NtCreateThread(child, suspended)", NtCreateThread(&Thread, THREAD_ALL_ACCESS, NULL,
	      Child, &Cid, &Context, &InitialTeb, TRUE), STATUS_SUCCESS);
	Check("NtResumeThread(child's thread)", NtResumeThread(Thread, NULL), STATUS_SUCCESS);
	NtClose(Thread);
	return NtWaitForSingleObject(Child, FALSE, NULL);
}

/* The child ends: its exit status, then its memory and id are gone. */
static VOID TestChildEnd(VOID)
{
	PROCESS_BASIC_INFORMATION Info;
	OBJECT_ATTRIBUTES Oa;
	CLIENT_ID Cid = { (HANDLE)ChildPid, NULL };
	HANDLE Opened;
	ULONG Word;

	Check("run the child to its end", RunChild(), STATUS_SUCCESS);
	Check("NtTerminateProcess(the ended child)", NtTerminateProcess(Child, 1),
	      STATUS_PROCESS_IS_TERMINATING);
	Check("NtQueryInformationProcess(ended child)", QueryProcess(Child, &Info), STATUS_SUCCESS);
	Check("its ExitStatus", Info.ExitStatus, STATUS_SUCCESS);
	Check("NtReadVirtualMemory(ended child's PEB)", NtReadVirtualMemory(Child, ChildPeb, &Word, 4,
	      NULL), STATUS_PARTIAL_COPY);
	Check("NtClose(child)", NtClose(Child), STATUS_SUCCESS);
	InitializeObjectAttributes(&Oa, NULL, 0, NULL, NULL);
	Check("NtOpenProcess(the deleted child's pid)", NtOpenProcess(&Opened,
	      PROCESS_QUERY_INFORMATION, &Oa, &Cid), STATUS_INVALID_CID);
}

/* A child that never gets a thread: terminating it ends it at once and signals it. */
static VOID TestThreadlessChild(VOID)
{
	PROCESS_BASIC_INFORMATION Info = { 0 };
	LARGE_INTEGER Timeout = { .QuadPart = 0 };
	HANDLE Process = NULL;

	Check("NtCreateProcessEx(child.elf, no thread)", NtCreateProcessEx(&Process,
	      PROCESS_ALL_ACCESS, NULL, NtCurrentProcess(), 0, ChildSection, NULL, NULL, FALSE),
	      STATUS_SUCCESS);
	Check("not signalled while it lives", NtWaitForSingleObject(Process, FALSE, &Timeout),
	      STATUS_TIMEOUT);
	Check("NtTerminateProcess(threadless child)", NtTerminateProcess(Process, CHILD_EXIT_STATUS),
	      STATUS_SUCCESS);
	Check("it is signalled", NtWaitForSingleObject(Process, FALSE, NULL), STATUS_SUCCESS);
	QueryProcess(Process, &Info);
	Check("its ExitStatus", Info.ExitStatus, CHILD_EXIT_STATUS);
	Check("NtClose(threadless child)", NtClose(Process), STATUS_SUCCESS);
	Check("NtClose(child.elf's section)", NtClose(ChildSection), STATUS_SUCCESS);
}

/* Query the state of the page at Address in this process. */
static ULONG PageState(PVOID Address, PSIZE_T RegionSize)
{
	MEMORY_BASIC_INFORMATION Info = { 0 };

	NtQueryVirtualMemory(NtCurrentProcess(), Address, MemoryBasicInformation, &Info,
	                     sizeof(Info), NULL);
	*RegionSize = Info.RegionSize;
	return Info.State;
}

/* Reserve 128 KB, commit two pages, touch them: demand-zero. */
static VOID TestReserveCommit(PUCHAR *Reserved)
{
	PVOID Base = NULL, Inner;
	SIZE_T Size = 0x20000, Region;
	volatile ULONG *Page;

	Check("NtAllocateVirtualMemory(MEM_RESERVE, 128 KB)", NtAllocateVirtualMemory(
	      NtCurrentProcess(), &Base, 0, &Size, MEM_RESERVE, PAGE_READWRITE), STATUS_SUCCESS);
	CheckThat("64 KB aligned, 128 KB", !((ULONG_PTR)Base & 0xFFFF) && Size == 0x20000);
	CheckThat("reserved, not committed", PageState(Base, &Region) == MEM_RESERVE &&
	          Region == 0x20000);
	Inner = (PUCHAR)Base + 0x1000;
	Size = 0x2000;
	Check("NtAllocateVirtualMemory(MEM_COMMIT, 2 pages)", NtAllocateVirtualMemory(
	      NtCurrentProcess(), &Inner, 0, &Size, MEM_COMMIT, PAGE_READWRITE), STATUS_SUCCESS);
	CheckThat("committed: those two pages", PageState(Inner, &Region) == MEM_COMMIT &&
	          Region == 0x2000);
	Page = Inner;
	CheckThat("first touch reads zero (demand-zero)", Page[0] == 0 && Page[1023] == 0);
	Page[0] = 0x600DF00D;
	CheckThat("and keeps a write", Page[0] == 0x600DF00D);
	*Reserved = Base;
}

/* Refusals, decommit and release of the reservation. */
static VOID TestFreeMemory(PUCHAR Base)
{
	PVOID Address = Base + 0x1000;
	SIZE_T Size = 0x1000, Region;
	ULONG Word;

	Check("NtReadVirtualMemory(reserved page)", NtReadVirtualMemory(NtCurrentProcess(), Base,
	      &Word, 4, NULL), STATUS_PARTIAL_COPY);
	Check("NtAllocateVirtualMemory(reserve over it)", NtAllocateVirtualMemory(NtCurrentProcess(),
	      &Address, 0, &Size, MEM_RESERVE, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);
	Check("NtAllocateVirtualMemory(bad protection)", NtAllocateVirtualMemory(NtCurrentProcess(),
	      &Address, 0, &Size, MEM_COMMIT, PAGE_READONLY | PAGE_READWRITE),
	      STATUS_INVALID_PAGE_PROTECTION);
	Check("NtFreeVirtualMemory(MEM_DECOMMIT, 1 page)", NtFreeVirtualMemory(NtCurrentProcess(),
	      &Address, &Size, MEM_DECOMMIT), STATUS_SUCCESS);
	CheckThat("reserved again", PageState(Base + 0x1000, &Region) == MEM_RESERVE);
	Size = 0;
	Check("NtFreeVirtualMemory(MEM_RELEASE, not the base)", NtFreeVirtualMemory(
	      NtCurrentProcess(), &Address, &Size, MEM_RELEASE), STATUS_FREE_VM_NOT_AT_BASE);
	Address = Base;
	Check("NtFreeVirtualMemory(MEM_RELEASE)", NtFreeVirtualMemory(NtCurrentProcess(), &Address,
	      &Size, MEM_RELEASE), STATUS_SUCCESS);
	CheckThat("free again", PageState(Base, &Region) == MEM_FREE && Size == 0x20000);
	Check("NtFreeVirtualMemory(MEM_RELEASE) again", NtFreeVirtualMemory(NtCurrentProcess(),
	      &Address, &Size, MEM_RELEASE), STATUS_MEMORY_NOT_ALLOCATED);
}

/* Entry point: [esp+4] = the PEB. */
VOID NTAPI NtProcessStartup(PPEB Peb)
{
	PUCHAR Reserved = NULL;

	TestHandles();
	TestDuplication();
	TestDirectories();
	TestBadNames();
	TestFiles();
	TestReserveCommit(&Reserved);
	TestFreeMemory(Reserved);
	TestSectionRefusals();
	TestSections();
	TestCreateProcess();
	TestInheritance();
	TestReadChild();
	TestWriteChild();
	TestChildViews();
	TestOpenProcess();
	TestChildEnd();
	TestThreadlessChild();
	Print("objects: %lu checks, %lu failed\n", Checks, Failures);
	NtTerminateProcess(NtCurrentProcess(), Failures ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS);
}
