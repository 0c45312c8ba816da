/*
 * test-lpc-queue.c — kernel-image/lpc/queue.c on the host: message length validation,
 * kernel-stamped message ids and client ids, receive-queue order, the hand-off of replies
 * to the waiting thread, connection requests parked on the connect queue and found there
 * by MessageId and ClientId, and where a communication port receives.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <internal/lpc.h>

static LPCP_PORT_OBJECT Port, ServerPort;
static LPCP_MESSAGE Messages[4];
static ETHREAD Thread;
static const CLIENT_ID Sender = { (HANDLE)0x10, (HANDLE)0x14 };
static const CLIENT_ID Other = { (HANDLE)0x10, (HANDLE)0x18 };

static void setup(void)
{
	memset(&Port, 0, sizeof(Port));
	memset(&ServerPort, 0, sizeof(ServerPort));
	memset(Messages, 0, sizeof(Messages));
	memset(&Thread, 0, sizeof(Thread));
	Port.Type = ServerConnectionPort;
	InitializeListHead(&Port.MsgQueue.ReceiveHead);
	InitializeListHead(&Port.ConnectQueueHead);
	LpcpNextMessageId = 0;
}

TestSuite(lpcqueue, .init = setup);

/* A header with DataLength and TotalLength. */
static PORT_MESSAGE Header(ULONG DataLength, ULONG TotalLength)
{
	PORT_MESSAGE Message;

	memset(&Message, 0, sizeof(Message));
	Message.u1.s1.DataLength = (CSHORT)DataLength;
	Message.u1.s1.TotalLength = (CSHORT)TotalLength;
	return Message;
}

Test(lpcqueue, lengths_up_to_256_bytes_are_valid)
{
	PORT_MESSAGE Message = Header(0, sizeof(PORT_MESSAGE));

	cr_assert_eq(LpcpValidateMessage(&Message, 256), STATUS_SUCCESS);
	Message = Header(256 - sizeof(PORT_MESSAGE), 256);
	cr_assert_eq(LpcpValidateMessage(&Message, 256), STATUS_SUCCESS);
	Message = Header(4, sizeof(PORT_MESSAGE) + 40);
	cr_assert_eq(LpcpValidateMessage(&Message, 256), STATUS_SUCCESS, "slack after the data");
}

Test(lpcqueue, longer_messages_are_too_long)
{
	PORT_MESSAGE Message = Header(256 - sizeof(PORT_MESSAGE) + 1, 257);

	cr_assert_eq(LpcpValidateMessage(&Message, 256), STATUS_PORT_MESSAGE_TOO_LONG);
	Message = Header(4, 300);
	cr_assert_eq(LpcpValidateMessage(&Message, 256), STATUS_PORT_MESSAGE_TOO_LONG);
	Message = Header(100, sizeof(PORT_MESSAGE) + 100);
	cr_assert_eq(LpcpValidateMessage(&Message, 64), STATUS_PORT_MESSAGE_TOO_LONG,
	             "the port's own maximum applies");
	cr_assert_eq(LpcpValidateMessage(&Message, 4096), STATUS_SUCCESS,
	             "a port maximum above 256 is capped at 256");
	Message = Header(0xFFFF, 0xFFFF);
	cr_assert_eq(LpcpValidateMessage(&Message, 256), STATUS_PORT_MESSAGE_TOO_LONG,
	             "lengths are unsigned");
}

Test(lpcqueue, data_beyond_the_total_is_invalid)
{
	PORT_MESSAGE Message = Header(40, 30);

	cr_assert_eq(LpcpValidateMessage(&Message, 256), STATUS_INVALID_PARAMETER);
	Message = Header(8, sizeof(PORT_MESSAGE) + 7);
	cr_assert_eq(LpcpValidateMessage(&Message, 256), STATUS_INVALID_PARAMETER);
}

Test(lpcqueue, stamping_sets_type_client_id_and_increasing_ids)
{
	LpcpStampMessage(&Messages[0], LPC_REQUEST, &Sender);
	LpcpStampMessage(&Messages[1], LPC_DATAGRAM, &Other);
	cr_assert_eq(Messages[0].Request.u2.s2.Type, LPC_REQUEST);
	cr_assert_eq(Messages[1].Request.u2.s2.Type, LPC_DATAGRAM);
	cr_assert_eq(Messages[0].Request.ClientId.UniqueThread, Sender.UniqueThread);
	cr_assert_eq(Messages[1].Request.ClientId.UniqueThread, Other.UniqueThread);
	cr_assert_eq(Messages[0].Request.MessageId, 1);
	cr_assert_eq(Messages[1].Request.MessageId, 2);
}

Test(lpcqueue, message_ids_skip_zero_when_they_wrap)
{
	LpcpNextMessageId = (ULONG)-1;
	LpcpStampMessage(&Messages[0], LPC_REQUEST, &Sender);
	cr_assert_eq(Messages[0].Request.MessageId, 1);
}

Test(lpcqueue, the_receive_queue_is_first_in_first_out)
{
	ULONG i;

	for (i = 0; i < 3; i++) {
		LpcpStampMessage(&Messages[i], LPC_DATAGRAM, &Sender);
		LpcpEnqueueMessage(&Port, &Messages[i]);
	}
	for (i = 0; i < 3; i++)
		cr_assert_eq(LpcpDequeueMessage(&Port), &Messages[i]);
	cr_assert_null(LpcpDequeueMessage(&Port));
	cr_assert(IsListEmpty(&Port.MsgQueue.ReceiveHead));
}

Test(lpcqueue, a_reply_goes_to_its_thread_not_the_queue)
{
	Messages[0].RepliedToThread = &Thread;
	LpcpStampMessage(&Messages[0], LPC_REPLY, &Sender);
	LpcpEnqueueMessage(&Port, &Messages[0]);
	cr_assert_eq(Thread.LpcReplyMessage, &Messages[0]);
	cr_assert(IsListEmpty(&Port.MsgQueue.ReceiveHead));
	cr_assert_null(LpcpDequeueMessage(&Port));
}

Test(lpcqueue, a_received_connection_request_waits_on_the_connect_queue)
{
	LpcpStampMessage(&Messages[0], LPC_CONNECTION_REQUEST, &Sender);
	LpcpStampMessage(&Messages[1], LPC_DATAGRAM, &Sender);
	LpcpEnqueueMessage(&Port, &Messages[0]);
	LpcpEnqueueMessage(&Port, &Messages[1]);
	LpcpReceiveMessage(&Port, LpcpDequeueMessage(&Port));
	LpcpReceiveMessage(&Port, LpcpDequeueMessage(&Port));
	cr_assert(IsListEmpty(&Port.MsgQueue.ReceiveHead));
	cr_assert_eq(Port.ConnectQueueHead.Flink, &Messages[0].Entry);
	cr_assert_eq(Port.ConnectQueueHead.Blink, &Messages[0].Entry, "the datagram is not parked");
}

Test(lpcqueue, connect_requests_are_found_by_message_id_and_client_id)
{
	ULONG i;

	LpcpStampMessage(&Messages[0], LPC_CONNECTION_REQUEST, &Sender);
	LpcpStampMessage(&Messages[1], LPC_CONNECTION_REQUEST, &Other);
	LpcpStampMessage(&Messages[2], LPC_CONNECTION_REQUEST, &Sender);
	for (i = 0; i < 3; i++) {
		LpcpEnqueueMessage(&Port, &Messages[i]);
		LpcpReceiveMessage(&Port, LpcpDequeueMessage(&Port));
	}
	cr_assert_eq(LpcpFindConnectMessage(&Port.ConnectQueueHead, 2, &Other), &Messages[1]);
	cr_assert_eq(LpcpFindConnectMessage(&Port.ConnectQueueHead, 3, &Sender), &Messages[2]);
	cr_assert_null(LpcpFindConnectMessage(&Port.ConnectQueueHead, 2, &Sender),
	               "the right id from the wrong thread");
	cr_assert_null(LpcpFindConnectMessage(&Port.ConnectQueueHead, 4, &Sender));
}

Test(lpcqueue, messages_are_removed_by_id)
{
	ULONG i;

	for (i = 0; i < 3; i++) {
		LpcpStampMessage(&Messages[i], LPC_REQUEST, &Sender);
		LpcpEnqueueMessage(&Port, &Messages[i]);
	}
	cr_assert_eq(LpcpRemoveMessageById(&Port.MsgQueue.ReceiveHead, 2), &Messages[1]);
	cr_assert_null(LpcpRemoveMessageById(&Port.MsgQueue.ReceiveHead, 2));
	cr_assert_eq(LpcpDequeueMessage(&Port), &Messages[0]);
	cr_assert_eq(LpcpDequeueMessage(&Port), &Messages[2]);
}

Test(lpcqueue, a_server_communication_port_receives_on_its_connection_port)
{
	ServerPort.Type = ServerCommunicationPort;
	ServerPort.ConnectionPort = &Port;
	cr_assert_eq(LpcpReceivePort(&ServerPort), &Port);
	cr_assert_eq(LpcpReceivePort(&Port), &Port);
	ServerPort.Type = ClientCommunicationPort;
	cr_assert_eq(LpcpReceivePort(&ServerPort), &ServerPort);
}

Test(lpcqueue, every_port_of_a_server_leads_to_its_connection_port)
{
	LPCP_PORT_OBJECT Client;

	memset(&Client, 0, sizeof(Client));
	ServerPort.Type = ServerCommunicationPort;
	ServerPort.ConnectionPort = &Port;
	Client.Type = ClientCommunicationPort;
	Client.ConnectionPort = &Port;
	cr_assert_eq(LpcpServerPort(&Port), &Port);
	cr_assert_eq(LpcpServerPort(&ServerPort), &Port);
	cr_assert_eq(LpcpServerPort(&Client), &Port);
}
