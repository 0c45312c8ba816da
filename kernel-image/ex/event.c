/*
 * event.c — the executive's event objects: the Event object type and the services that
 * create, set and reset events (the kernel's KEVENT is the object body).
 */
#include <internal/ex.h>
#include <internal/ob.h>
#include <internal/mm.h>
#include <ntapi.h>

POBJECT_TYPE ExEventObjectType;

/* Create the Event object type (phase 0). */
BOOLEAN ExpInitializeEventImplementation(VOID)
{
	OBJECT_TYPE_INITIALIZER Initializer = { 0 };
	UNICODE_STRING Name;

	RtlInitUnicodeString(&Name, L"Event");
	Initializer.Length = sizeof(Initializer);
	Initializer.GenericMapping = (GENERIC_MAPPING){
		STANDARD_RIGHTS_READ | EVENT_QUERY_STATE, STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
		STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, EVENT_ALL_ACCESS };
	Initializer.ValidAccessMask = EVENT_ALL_ACCESS;
	Initializer.PoolType = NonPagedPool;
	return NT_SUCCESS(ObCreateObjectType(&Name, &Initializer, NULL, &ExEventObjectType));
}

/* NtCreateEvent: a notification or synchronization event in InitialState; its handle. */
NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType,
                             BOOLEAN InitialState)
{
	KPROCESSOR_MODE PreviousMode = KeGetPreviousMode();
	HANDLE Handle = NULL;
	PKEVENT Event;
	NTSTATUS Status;

	if (EventType != NotificationEvent && EventType != SynchronizationEvent)
		return STATUS_INVALID_PARAMETER;
	Status = MmCopyToCaller(EventHandle, &Handle, sizeof(Handle));
	if (NT_SUCCESS(Status))
		Status = ObCreateObject(PreviousMode, ExEventObjectType, ObjectAttributes, PreviousMode,
		                        NULL, sizeof(KEVENT), 0, 0, (PVOID *)&Event);
	if (!NT_SUCCESS(Status))
		return Status;
	KeInitializeEvent(Event, EventType, InitialState);
	Status = ObInsertObject(Event, NULL, DesiredAccess, 0, NULL, &Handle);
	if (NT_SUCCESS(Status))
		Status = MmCopyToCaller(EventHandle, &Handle, sizeof(Handle));
	return Status;
}

/* Set (Set = TRUE) or reset an event by handle; optionally return its previous state. */
static NTSTATUS ExpChangeEvent(HANDLE EventHandle, BOOLEAN Set, PLONG PreviousState)
{
	PKEVENT Event;
	LONG State;
	NTSTATUS Status;

	Status = ObReferenceObjectByHandle(EventHandle, EVENT_MODIFY_STATE, ExEventObjectType,
	                                   KeGetPreviousMode(), (PVOID *)&Event, NULL);
	if (!NT_SUCCESS(Status))
		return Status;
	State = Set ? KeSetEvent(Event, EVENT_INCREMENT, FALSE) : KeResetEvent(Event);
	ObDereferenceObject(Event);
	if (PreviousState)
		Status = MmCopyToCaller(PreviousState, &State, sizeof(State));
	return Status;
}

/* NtSetEvent: signal the event, waking the waiters it satisfies. */
NTSTATUS NTAPI NtSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
	return ExpChangeEvent(EventHandle, TRUE, PreviousState);
}

/* NtResetEvent: make the event not signalled. */
NTSTATUS NTAPI NtResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
	return ExpChangeEvent(EventHandle, FALSE, PreviousState);
}
