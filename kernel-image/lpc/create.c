/*
 * create.c — the Port and WaitablePort object types, port objects, and NtCreatePort /
 * NtCreateWaitablePort, which make a server connection port (usually named, as
 * \Windows\ApiPort) that clients find with NtConnectPort.
 */
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <internal/lpc.h>
#include <ntapi.h>

POBJECT_TYPE LpcWaitablePortObjectType;

/* One port type: Name, waited on through DefaultObject (the WaitEvent of a waitable port). */
static BOOLEAN LpcpCreateType(PCWSTR TypeName, BOOLEAN Waitable, POBJECT_TYPE *Type)
{
	OBJECT_TYPE_INITIALIZER Initializer = { 0 };
	UNICODE_STRING Name;

	RtlInitUnicodeString(&Name, TypeName);
	Initializer.Length = sizeof(Initializer);
	Initializer.GenericMapping = (GENERIC_MAPPING){ READ_CONTROL | PORT_CONNECT,
		DELETE | PORT_CONNECT, 0, PORT_ALL_ACCESS };
	Initializer.ValidAccessMask = PORT_ALL_ACCESS;
	Initializer.UseDefaultObject = !Waitable;
	Initializer.PoolType = NonPagedPool;
	Initializer.CloseProcedure = LpcpClosePort;
	Initializer.DeleteProcedure = LpcpDeletePort;
	if (!NT_SUCCESS(ObCreateObjectType(&Name, &Initializer, NULL, Type)))
		return FALSE;
	if (Waitable)
		(*Type)->DefaultObject = (PVOID)FIELD_OFFSET(LPCP_PORT_OBJECT, WaitEvent);
	return TRUE;
}

/* Create the Port and WaitablePort types (phase 0). */
BOOLEAN LpcInitSystem(VOID)
{
	return LpcpCreateType(L"Port", FALSE, &LpcPortObjectType) &&
	       LpcpCreateType(L"WaitablePort", TRUE, &LpcWaitablePortObjectType);
}

/* A new port object of Type (named by ObjectAttributes, if given), created by the caller. */
NTSTATUS LpcpCreatePortObject(KPROCESSOR_MODE Mode, POBJECT_ATTRIBUTES ObjectAttributes,
                              LPCP_PORT_TYPE Type, BOOLEAN Waitable, PLPCP_PORT_OBJECT *PortOut)
{
	PLPCP_PORT_OBJECT Port;
	NTSTATUS Status;

	Status = ObCreateObject(Mode, Waitable ? LpcWaitablePortObjectType : LpcPortObjectType,
	                        ObjectAttributes, Mode, NULL, sizeof(LPCP_PORT_OBJECT), 0, 0,
	                        (PVOID *)&Port);
	if (!NT_SUCCESS(Status))
		return Status;
	RtlZeroMemory(Port, sizeof(*Port));
	Port->Type = Type;
	Port->Creator = PsGetCurrentThread()->Cid;
	Port->Flags = Waitable ? LPCP_PORT_WAITABLE : 0;
	KeInitializeSemaphore(&Port->MsgQueue.Semaphore, 0, LPCP_SEMAPHORE_LIMIT);
	KeInitializeEvent(&Port->WaitEvent, NotificationEvent, FALSE);
	InitializeListHead(&Port->MsgQueue.ReceiveHead);
	InitializeListHead(&Port->LpcReplyChainHead);
	InitializeListHead(&Port->ConnectQueueHead);
	Port->MaxMessageLength = PORT_MAXIMUM_MESSAGE_LENGTH;
	Port->MaxConnectionInfoLength = PORT_MAXIMUM_DATA_LENGTH;
	*PortOut = Port;
	return STATUS_SUCCESS;
}

/* Reference the port PortHandle names (Port or WaitablePort, else STATUS_OBJECT_TYPE_MISMATCH). */
NTSTATUS LpcpReferencePort(HANDLE PortHandle, KPROCESSOR_MODE Mode, PLPCP_PORT_OBJECT *Port)
{
	POBJECT_TYPE Type;
	NTSTATUS Status;

	Status = ObReferenceObjectByHandle(PortHandle, 0, NULL, Mode, (PVOID *)Port, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	Type = OBJECT_TO_OBJECT_HEADER(*Port)->Type;
	if (Type == LpcPortObjectType || Type == LpcWaitablePortObjectType)
		return STATUS_SUCCESS;
	ObDereferenceObject(*Port);
	return STATUS_OBJECT_TYPE_MISMATCH;
}

/* The shared part of NtCreatePort and NtCreateWaitablePort. */
static NTSTATUS LpcpCreatePort(PHANDLE PortHandle, POBJECT_ATTRIBUTES ObjectAttributes,
                               ULONG MaxConnectionInfoLength, ULONG MaxMessageLength,
                               BOOLEAN Waitable)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	PLPCP_PORT_OBJECT Port;
	HANDLE Handle = NULL;
	NTSTATUS Status;

	if (MaxConnectionInfoLength > PORT_MAXIMUM_DATA_LENGTH ||
	    MaxMessageLength > PORT_MAXIMUM_MESSAGE_LENGTH)
		return STATUS_INVALID_PARAMETER;
	Status = MmCopyToCaller(PortHandle, &Handle, sizeof(Handle));
	if (NT_SUCCESS(Status))
		Status = LpcpCreatePortObject(PreviousMode, ObjectAttributes, ServerConnectionPort,
		                              Waitable, &Port);
	if (!NT_SUCCESS(Status))
		return Status;
	Port->ConnectionPort = Port;
	Port->MaxConnectionInfoLength = MaxConnectionInfoLength;
	Port->MaxMessageLength = MaxMessageLength ? MaxMessageLength : PORT_MAXIMUM_MESSAGE_LENGTH;
	Status = ObInsertObject(Port, NULL, PORT_ALL_ACCESS, 0, NULL, &Handle);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(PortHandle, &Handle, sizeof(Handle));
	return Status;
}

/* NtCreatePort: a server connection port; MaxPoolUsage is accepted and ignored. */
NTSTATUS NTAPI NtCreatePort(PHANDLE PortHandle, POBJECT_ATTRIBUTES ObjectAttributes,
                            ULONG MaxConnectionInfoLength, ULONG MaxMessageLength,
                            ULONG MaxPoolUsage)
{
	return LpcpCreatePort(PortHandle, ObjectAttributes, MaxConnectionInfoLength,
	                      MaxMessageLength, FALSE);
}

/* NtCreateWaitablePort: the same, with a port that NtWaitForSingleObject can wait on. */
NTSTATUS NTAPI NtCreateWaitablePort(PHANDLE PortHandle, POBJECT_ATTRIBUTES ObjectAttributes,
                                    ULONG MaxConnectionInfoLength, ULONG MaxMessageLength,
                                    ULONG MaxPoolUsage)
{
	return LpcpCreatePort(PortHandle, ObjectAttributes, MaxConnectionInfoLength,
	                      MaxMessageLength, TRUE);
}
