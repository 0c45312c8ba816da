/*
 * test-lpc.c — LPC, connections, handle arguments and process creators as the tracer
 * records them from the fixture kernel's LpcpEnqueueMessage / LpcpReceiveMessage /
 * LpcpDeletePort, the connection services and KeResumeThread / KeSuspendThread, with
 * a fake CPU: replies paired by MessageId + ClientId, ports named from their object
 * headers, CSR API numbers, port_connect, syscall_handle, process.creator_utid, and a
 * whole synthetic CreateProcess handshake read back through createprocess_handshake.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/world.h"

#define PORT_API (OBJ + 0x3000)        /* \Windows\ApiPort, csrss's connection port */
#define PORT_CLIENT_A (OBJ + 0x3200)   /* A's client communication port to it */
#define PORT_SERVER_A (OBJ + 0x3400)   /* csrss's end of A's connection */
#define PORT_CLIENT_C (OBJ + 0x3600)
#define PORT_SERVER_C (OBJ + 0x3800)
#define PORT_OTHER (OBJ + 0x3A00)      /* \Other: a named port that is not csrss's */
#define DIR_WINDOWS (OBJ + 0x5000)
#define DIR_ROOT (OBJ + 0x5400)
#define NAMES (OBJ + 0x6000)           /* UTF-16 names, 0x100 bytes each */
#define MSG(n) (OBJ + 0x8000 + 0x200 * (n))
#define USER_MESSAGE (USTACK + 0x900)  /* a PORT_MESSAGE in user memory */
#define MSG_EDGE (0x80400000u - L.msg_request - L.sizeof_port_message - 8)  /* data runs off the map */

#define NT_ACCEPT_CONNECT_PORT 6
#define NT_COMPLETE_CONNECT_PORT 7
#define NT_CONNECT_PORT 8
#define NT_CREATE_THREAD 9
#define NT_REPLY_WAIT_RECEIVE_PORT 10
#define NT_REQUEST_WAIT_REPLY_PORT 11
#define NT_RESUME_THREAD 12
#define NT_SUSPEND_THREAD 13
#define NT_CREATE_PROCESS_EX 1

#define STATUS_PORT_CONNECTION_REFUSED 0xC0000041u

static void setup(void)
{
	world_setup();
	setenv("NTSCOPE_IMAGES", FIXTURE("ntdll.elf") ":" FIXTURE("kernel32.elf") ":"
	       FIXTURE("hello.elf") ":" FIXTURE("csrss.elf"), 1);
	make_process(PROCESS_2, 0x18, "csrss.elf");
}

TestSuite(lpc, .init = setup, .fini = world_teardown);

static void poke16(uint32_t va, uint16_t v)
{
	uint8_t b[2] = { v & 0xFF, v >> 8 };
	fake_poke(&f, va, b, 2);
}

/* Name the object at body (name info before its header) in directory dir (0: none),
 * the UTF-16 text stored at text. */
static void name_object(uint32_t body, const char *name, uint32_t dir, uint32_t text)
{
	uint32_t header = body - L.header_body, info = header - L.sizeof_name_info;
	size_t i, n = strlen(name);

	for (i = 0; i < n; i++)
		poke16(text + 2 * i, (unsigned char)name[i]);
	set_u8(header + L.header_name_info, L.sizeof_name_info);
	fake_poke32(&f, info + L.name_directory, dir);
	poke16(info + L.name_length, 2 * n);
	fake_poke32(&f, info + L.name_buffer, text);
}

static void make_port(uint32_t port, uint32_t type, uint32_t connection, uint32_t connected,
                      uint32_t pid, uint32_t tid)
{
	set_u8(port + L.port_type, type);
	fake_poke32(&f, port + L.port_connection, connection);
	fake_poke32(&f, port + L.port_connected, connected);
	fake_poke32(&f, port + L.port_creator_process, pid);
	fake_poke32(&f, port + L.port_creator_thread, tid);
}

/* csrss's \Windows\ApiPort and A's connection to it (created by A and by B). */
static void make_ports(void)
{
	name_object(DIR_ROOT, "\\", 0, NAMES);
	name_object(DIR_WINDOWS, "Windows", DIR_ROOT, NAMES + 0x100);
	name_object(PORT_API, "ApiPort", DIR_WINDOWS, NAMES + 0x200);
	name_object(PORT_OTHER, "\\Other", 0, NAMES + 0x300);
	make_port(PORT_API, L.server_connection_port, PORT_API, 0, 0x18, 0x1C);
	make_port(PORT_OTHER, L.server_connection_port, PORT_OTHER, 0, 0x18, 0x1C);
	make_port(PORT_CLIENT_A, L.client_communication_port, PORT_API, PORT_SERVER_A, 0x10, 0x14);
	make_port(PORT_SERVER_A, L.server_communication_port, PORT_API, PORT_CLIENT_A, 0x18, 0x1C);
}

/* The LPCP_MESSAGE at msg: its PORT_MESSAGE header, len bytes of data, its sender port. */
static void make_message(uint32_t msg, uint32_t type, uint32_t id, uint32_t pid, uint32_t tid,
                         const void *data, uint16_t len, uint32_t sender)
{
	uint32_t h = msg + L.msg_request;

	poke16(h + L.pm_data_length, len);
	poke16(h + L.pm_total_length, len + L.sizeof_port_message);
	poke16(h + L.pm_type, type);
	fake_poke32(&f, h + L.pm_client_process, pid);
	fake_poke32(&f, h + L.pm_client_thread, tid);
	fake_poke32(&f, h + L.pm_message_id, id);
	fake_poke32(&f, msg + L.msg_sender_port, sender);
	if (len)
		fake_poke(&f, h + L.sizeof_port_message, data, len);
}

/* A CSR_API_MSG body (after the header) for api with BASE_CREATEPROCESS_MSG's ClientId. */
static void csr_body(uint32_t body[8], uint32_t api, uint32_t ret, uint32_t pid, uint32_t tid)
{
	const uint32_t v[8] = { 0, api, ret, 0, 0x7C, 0x80, pid, tid };
	memcpy(body, v, sizeof v);
}

static void send(uint32_t port, uint32_t msg)
{
	call(ksym("LpcpEnqueueMessage"), (uint32_t[]){ port, msg }, 2);
}

static void receive(uint32_t port, uint32_t msg)
{
	call(ksym("LpcpReceiveMessage"), (uint32_t[]){ port, msg }, 2);
}

static void swap(uint32_t old_et, uint32_t new_et)
{
	call(ksym("KiSwapContext"), (uint32_t[]){ kthread(old_et), kthread(new_et) }, 2);
	run_as(new_et);
}

/* The PORT_MESSAGE a server hands NtAcceptConnectPort, in its user memory. */
static void user_message(uint32_t id, uint32_t pid, uint32_t tid)
{
	fake_poke32(&f, USER_MESSAGE + L.pm_message_id, id);
	fake_poke32(&f, USER_MESSAGE + L.pm_client_process, pid);
	fake_poke32(&f, USER_MESSAGE + L.pm_client_thread, tid);
}

/* The tracer sees thread et run (an interrupt in it); A runs again. */
static void seen(uint32_t et)
{
	run_as(et);
	api->hwinterrupt(0x30, UCODE);
	run_as(THREAD_A);
}

static int64_t utid_of(uint32_t tid)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT max(utid) FROM thread WHERE tid = %u", tid);
	return one(sql);
}

Test(lpc, replies_pair_with_their_request_by_message_id_and_client_id)
{
	uint32_t body[8];
	struct site a, b;

	make_ports();
	make_port(PORT_CLIENT_C, L.client_communication_port, PORT_API, PORT_SERVER_C, 0x10, 0x20);
	make_port(PORT_SERVER_C, L.server_communication_port, PORT_API, PORT_CLIENT_C, 0x18, 0x1C);
	make_thread(THREAD_D, 0x2C, PROCESS_1, 0x10);
	start();
	csr_body(body, 0x10000, 0, 0x28, 0x2C);
	f.icount = 2000;
	a = sysenter_at(USTACK + 0x200, NT_REQUEST_WAIT_REPLY_PORT, NULL, 0);
	make_message(MSG(0), L.lpc_request, 7, 0x10, 0x14, body, sizeof body, PORT_CLIENT_A);
	send(PORT_API, MSG(0));
	swap(THREAD_A, THREAD_C);                              /* three clients, one MessageId */
	f.icount = 2100;
	sysenter_at(USTACK + 0x300, NT_REQUEST_WAIT_REPLY_PORT, NULL, 0);
	make_message(MSG(1), L.lpc_request, 7, 0x10, 0x20, body, sizeof body, PORT_CLIENT_C);
	send(PORT_API, MSG(1));
	swap(THREAD_C, THREAD_D);
	f.icount = 2150;
	make_message(MSG(2), L.lpc_request, 7, 0x10, 0x2C, body, sizeof body, PORT_CLIENT_C);
	send(PORT_API, MSG(2));
	swap(THREAD_D, THREAD_B);
	f.icount = 2200;
	b = sysenter_at(USTACK + 0x400, NT_REPLY_WAIT_RECEIVE_PORT, NULL, 0);
	receive(PORT_API, MSG(0));
	f.icount = 2250;
	receive(PORT_API, MSG(1));
	f.icount = 2300;
	csr_body(body, 0x10000, 0xC0000017, 0x28, 0x2C);
	make_message(MSG(3), L.lpc_reply, 7, 0x10, 0x20, body, sizeof body, PORT_SERVER_C);
	send(PORT_CLIENT_C, MSG(3));                           /* neither the first nor the last */
	f.icount = 2350;
	csr_body(body, 0x10000, 0, 0x28, 0x2C);
	make_message(MSG(4), L.lpc_reply, 7, 0x10, 0x2C, body, sizeof body, PORT_SERVER_C);
	send(PORT_CLIENT_C, MSG(4));                           /* D's, never received */
	f.icount = 2400;
	make_message(MSG(5), L.lpc_reply, 7, 0x10, 0x14, body, sizeof body, PORT_SERVER_A);
	send(PORT_CLIENT_A, MSG(5));
	make_message(MSG(6), L.lpc_reply, 7, 0x10, 0x14, body, sizeof body, PORT_SERVER_A);
	send(PORT_CLIENT_A, MSG(6));                           /* a second reply: nothing awaits it */
	back_to(b, NTS_BR_SYSEXIT, 0);
	swap(THREAD_B, THREAD_A);
	f.icount = 2500;
	receive(PORT_CLIENT_A, MSG(5));
	back_to(a, NTS_BR_SYSEXIT, 0);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM port_message"), 7);
	cr_assert_str_eq(text("SELECT group_concat(id || ':' || type || ' ' || message_id || ' ' || client_pid || '.' || "
	                      "client_tid || ' ' || coalesce(reply_to, '-'), ', ') FROM "
	                      "(SELECT * FROM port_message ORDER BY id)"),
	                 "1:LPC_REQUEST 7 16.20 -, 2:LPC_REQUEST 7 16.32 -, 3:LPC_REQUEST 7 16.44 -, "
	                 "4:LPC_REPLY 7 16.32 2, 5:LPC_REPLY 7 16.44 3, 6:LPC_REPLY 7 16.20 1, "
	                 "7:LPC_REPLY 7 16.20 -");
	cr_assert_eq(one("SELECT count(*) FROM port_message WHERE type_code = 1"), 3);
	cr_assert_eq(one("SELECT sender_utid FROM port_message WHERE id = 1"), utid_of(0x14));
	cr_assert_eq(one("SELECT sender_utid FROM port_message WHERE id = 3"), utid_of(0x2C));
	cr_assert_eq(one("SELECT sender_utid FROM port_message WHERE id = 4"), utid_of(0x1C));
	cr_assert_eq(one("SELECT send_syscall_id FROM port_message WHERE id = 1"),
	             one("SELECT id FROM syscall WHERE utid = (SELECT utid FROM thread WHERE tid = 0x14)"));
	cr_assert_eq(one("SELECT send_syscall_id IS NULL FROM port_message WHERE id = 3"), 1,
	             "D sent it outside any system call");
	cr_assert_str_eq(text("SELECT group_concat(coalesce(receive_ts, '-'), ' ') FROM "
	                      "(SELECT * FROM port_message ORDER BY id)"),
	                 "2200 2250 - - - 2500 -");
	cr_assert_eq(one("SELECT receiver_utid FROM port_message WHERE id = 2"), utid_of(0x1C));
	cr_assert_eq(one("SELECT receive_syscall_id FROM port_message WHERE id = 2"),
	             one("SELECT id FROM syscall WHERE name = 'NtReplyWaitReceivePort'"));
	cr_assert_eq(one("SELECT receiver_utid FROM port_message WHERE id = 6"), utid_of(0x14));
	cr_assert_str_eq(text("SELECT group_concat(kind || ' ' || out_id || '>' || in_id || ' ' || out_ts || '>' || "
	                      "in_ts, ', ') FROM (SELECT * FROM flow ORDER BY kind, out_id)"),
	                 "lpc_receive 1>1 2000>2200, lpc_receive 2>2 2100>2250, lpc_receive 6>6 2400>2500, "
	                 "lpc_reply 1>6 2000>2400, lpc_reply 2>4 2100>2300, lpc_reply 3>5 2150>2350");
	cr_assert_eq(one("SELECT count(*) FROM flow WHERE kind = 'lpc_reply' AND out_table = 'port_message' "
	                 "AND in_table = 'port_message' AND out_utid = (SELECT utid FROM thread WHERE tid = 0x20) "
	                 "AND in_utid = (SELECT utid FROM thread WHERE tid = 0x1C)"), 1);
	cr_assert_str_eq(text("SELECT group_concat(kind, ' ') FROM (SELECT p.kind FROM port_message m "
	                      "JOIN port p ON p.id = m.port_id ORDER BY m.id)"),
	                 "client_communication client_communication client_communication "
	                 "server_communication server_communication server_communication server_communication");
	cr_assert_eq(one("SELECT count(*) FROM port_message WHERE api_number = 0x10000 "
	                 "AND api_name = 'BasepCreateProcess'"), 7);
	cr_assert_eq(one("SELECT return_value FROM csr_message WHERE id = 4"), 0xC0000017);
	cr_assert_eq(one("SELECT data2 * 1000 + data3 FROM csr_message WHERE id = 1"), 0x28 * 1000 + 0x2C);
}

Test(lpc, requests_awaiting_replies_are_bounded_and_those_of_exited_clients_go_first)
{
	uint32_t id;

	start();
	make_ports();
	run_as(THREAD_C);
	make_message(MSG(0), L.lpc_request, 0, 0x10, 0x20, NULL, 0, PORT_CLIENT_A);
	for (id = 1; id <= 4096; id++) {                       /* as many as are remembered */
		fake_poke32(&f, MSG(0) + L.msg_request + L.pm_message_id, id);
		send(PORT_API, MSG(0));
	}
	run_as(THREAD_A);
	make_message(MSG(1), L.lpc_request, 9000, 0x10, 0x14, NULL, 0, PORT_CLIENT_A);
	send(PORT_API, MSG(1));                                /* C lives: A's is not remembered */
	make_message(MSG(2), L.lpc_reply, 9000, 0x10, 0x14, NULL, 0, PORT_SERVER_A);
	send(PORT_CLIENT_A, MSG(2));
	call(ksym("PspRunCreateThreadNotifyRoutines"), (uint32_t[]){ THREAD_C, 0 }, 2);
	make_message(MSG(1), L.lpc_request, 9001, 0x10, 0x14, NULL, 0, PORT_CLIENT_A);
	send(PORT_API, MSG(1));                                /* C's are forgotten now */
	make_message(MSG(2), L.lpc_reply, 9001, 0x10, 0x14, NULL, 0, PORT_SERVER_A);
	send(PORT_CLIENT_A, MSG(2));
	make_message(MSG(2), L.lpc_reply, 4096, 0x10, 0x20, NULL, 0, PORT_SERVER_A);
	send(PORT_CLIENT_A, MSG(2));
	finish();
	cr_assert_str_eq(text("SELECT group_concat(message_id || ' ' || coalesce(reply_to, '-'), ', ') FROM "
	                      "(SELECT * FROM port_message WHERE type = 'LPC_REPLY' ORDER BY id)"),
	                 "9000 -, 9001 4099, 4096 -");
}

Test(lpc, ports_are_named_from_their_object_headers_and_linked)
{
	start();
	make_ports();
	seen(THREAD_B);
	f.icount = 2000;
	make_message(MSG(0), L.lpc_datagram, 3, 0x10, 0x14, "hi", 2, PORT_CLIENT_A);
	send(PORT_SERVER_A, MSG(0));
	f.icount = 2100;
	call(ksym("LpcpDeletePort"), (uint32_t[]){ PORT_CLIENT_A }, 1);
	finish();
	cr_assert_str_eq(text("SELECT group_concat(coalesce(name, '-') || ' ' || kind || ' ' || kind_code || ' ' || "
	                      "printf('0x%X', address), ', ') FROM (SELECT * FROM port ORDER BY id)"),
	                 "- server_communication 3 0x80203400, \\Windows\\ApiPort connection 1 0x80203000, "
	                 "- client_communication 4 0x80203200");
	cr_assert_eq(one("SELECT owner_upid FROM port WHERE name = '\\Windows\\ApiPort'"),
	             one("SELECT upid FROM process WHERE pid = 0x18"));
	cr_assert_eq(one("SELECT creator_utid FROM port WHERE name = '\\Windows\\ApiPort'"), utid_of(0x1C));
	cr_assert_eq(one("SELECT owner_upid FROM port WHERE kind = 'client_communication'"),
	             one("SELECT upid FROM process WHERE pid = 0x10"));
	cr_assert_eq(one("SELECT connection_port_id IS NULL AND peer_port_id IS NULL FROM port "
	                 "WHERE kind = 'connection'"), 1);
	cr_assert_eq(one("SELECT count(*) FROM port c JOIN port s ON s.id = c.peer_port_id AND c.id = s.peer_port_id "
	                 "JOIN port n ON n.id = c.connection_port_id AND n.id = s.connection_port_id "
	                 "WHERE c.kind = 'client_communication' AND n.name = '\\Windows\\ApiPort'"), 1);
	cr_assert_eq(one("SELECT create_ts FROM port WHERE kind = 'connection'"), 2000);
	cr_assert_str_eq(text("SELECT group_concat(coalesce(close_ts, '-'), ' ') FROM (SELECT * FROM port ORDER BY id)"),
	                 "- - 2100");
	cr_assert_str_eq(text("SELECT type || ' ' || data_length || ' ' || total_length || ' ' || hex(payload) || ' ' "
	                      "|| p.kind FROM port_message m JOIN port p ON p.id = m.port_id"),
	                 "LPC_DATAGRAM 2 26 6869 client_communication");
	cr_assert_eq(one("SELECT api_number IS NULL AND reply_to IS NULL FROM port_message"), 1);
}

Test(lpc, kernel_messages_name_the_port_they_were_queued_on)
{
	uint32_t status = 0xC0000142;
	start();
	make_ports();
	run_as(THREAD_C);
	f.icount = 2000;
	make_message(MSG(0), L.lpc_client_died, 9, 0x10, 0x20, NULL, 0, 0);
	send(PORT_API, MSG(0));                                /* the dying thread C sends it */
	f.icount = 2100;
	make_message(MSG(1), L.lpc_error_event, 10, 0x10, 0x20, &status, 4, PORT_CLIENT_A);
	send(PORT_API, MSG(1));
	run_as(THREAD_B);
	f.icount = 2200;
	make_message(MSG(2), L.lpc_reply, 10, 0x10, 0x20, &status, 4, 0);
	send(PORT_CLIENT_A, MSG(2));                           /* no SenderPort: the other end */
	finish();
	cr_assert_str_eq(text("SELECT group_concat(type || ' ' || coalesce(name, kind) || ' ' || "
	                      "coalesce(nullif(hex(payload), ''), '-') || ' ' || coalesce(reply_to, '-'), ', ') FROM "
	                      "(SELECT m.*, p.name, p.kind FROM port_message m JOIN port p ON p.id = m.port_id "
	                      "ORDER BY m.id)"),
	                 "LPC_CLIENT_DIED \\Windows\\ApiPort - -, LPC_ERROR_EVENT \\Windows\\ApiPort 420100C0 -, "
	                 "LPC_REPLY server_communication 420100C0 2");
	cr_assert_eq(one("SELECT sender_utid FROM port_message WHERE id = 1"), utid_of(0x20));
	cr_assert_eq(one("SELECT api_number IS NULL FROM port_message WHERE id = 3"), 1,
	             "4 bytes hold no ApiNumber");
}

Test(lpc, csr_api_numbers_only_on_the_api_port_and_payloads_are_bounded)
{
	uint32_t body[8];
	unsigned char big[300];

	start();
	make_ports();
	csr_body(body, 0x10000, 0, 1, 2);
	make_message(MSG(0), L.lpc_request, 1, 0x10, 0x14, body, sizeof body, 0);
	send(PORT_OTHER, MSG(0));
	csr_body(body, 0x10077, 0, 1, 2);
	make_message(MSG(1), L.lpc_request, 2, 0x10, 0x14, body, sizeof body, 0);
	send(PORT_API, MSG(1));
	csr_body(body, 0x10001, 0, 1, 2);
	make_message(MSG(2), L.lpc_datagram, 3, 0x10, 0x14, body, sizeof body, PORT_CLIENT_A);
	send(PORT_SERVER_A, MSG(2));
	csr_body(body, 0x10001, 0, 1, 2);
	make_message(MSG(3), L.lpc_request, 4, 0x10, 0x14, body, 6, PORT_CLIENT_A);
	send(PORT_SERVER_A, MSG(3));
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)i;
	make_message(MSG(4), L.lpc_request, 5, 0x10, 0x14, big, sizeof big, PORT_CLIENT_A);
	send(PORT_SERVER_A, MSG(4));
	finish();
	cr_assert_str_eq(text("SELECT group_concat(coalesce(api_number, '-') || ' ' || coalesce(api_name, '-'), ', ') "
	                      "FROM (SELECT * FROM port_message ORDER BY id)"),
	                 "- -, 65655 -, - -, - -, 117835012 -");
	cr_assert_str_eq(text("SELECT group_concat(data_length || ':' || length(payload), ' ') FROM "
	                      "(SELECT * FROM port_message ORDER BY id)"),
	                 "32:32 32:32 32:32 6:6 300:256");
	cr_assert_eq(one("SELECT hex(substr(payload, 255, 2)) = 'FEFF' FROM port_message WHERE id = 5"), 1);
	cr_assert_str_eq(text("SELECT name FROM port WHERE id = (SELECT port_id FROM port_message WHERE id = 1)"),
	                 "\\Other");
}

Test(lpc, a_connection_accepted_and_one_refused)
{
	struct site server, client;

	start();
	make_ports();
	make_port(PORT_CLIENT_C, L.client_communication_port, PORT_API, 0, 0x10, 0x20);
	run_as(THREAD_C);
	f.icount = 2000;
	client = sysenter_at(USTACK + 0x300, NT_CONNECT_PORT, NULL, 0);
	make_message(MSG(0), L.lpc_connection_request, 20, 0x10, 0x20, "ci", 2, PORT_CLIENT_C);
	send(PORT_API, MSG(0));
	swap(THREAD_C, THREAD_B);
	f.icount = 2100;
	receive(PORT_API, MSG(0));
	user_message(20, 0x10, 0x20);
	f.icount = 2200;
	server = sysenter_at(USTACK + 0x400, NT_ACCEPT_CONNECT_PORT,
	                     (uint32_t[]){ USTACK + 0x500, 1, USER_MESSAGE, 1, 0, 0 }, 6);
	make_port(PORT_SERVER_C, L.server_communication_port, PORT_API, PORT_CLIENT_C, 0x18, 0x1C);
	make_port(PORT_CLIENT_C, L.client_communication_port, PORT_API, PORT_SERVER_C, 0x10, 0x20);
	f.icount = 2250;
	back_to(server, NTS_BR_SYSEXIT, 0);
	f.icount = 2300;
	server = sysenter_at(USTACK + 0x400, NT_COMPLETE_CONNECT_PORT, (uint32_t[]){ 0x40 }, 1);
	back_to(server, NTS_BR_SYSEXIT, 0);
	swap(THREAD_B, THREAD_C);
	f.icount = 2400;
	back_to(client, NTS_BR_SYSEXIT, 0);
	run_as(THREAD_A);                                      /* A asks too, and is refused */
	f.icount = 3000;
	client = sysenter_at(USTACK + 0x300, NT_CONNECT_PORT, NULL, 0);
	make_message(MSG(1), L.lpc_connection_request, 21, 0x10, 0x14, NULL, 0, 0);
	send(PORT_API, MSG(1));
	run_as(THREAD_B);
	f.icount = 3100;
	receive(PORT_API, MSG(1));
	user_message(21, 0x10, 0x14);
	f.icount = 3200;
	server = sysenter_at(USTACK + 0x400, NT_ACCEPT_CONNECT_PORT,
	                     (uint32_t[]){ USTACK + 0x500, 0, USER_MESSAGE, 0, 0, 0 }, 6);
	back_to(server, NTS_BR_SYSEXIT, 0);
	f.icount = 3300;
	server = sysenter_at(USTACK + 0x400, NT_COMPLETE_CONNECT_PORT, (uint32_t[]){ 0x40 }, 1);
	back_to(server, NTS_BR_SYSEXIT, 0);                    /* nothing to complete */
	run_as(THREAD_A);
	f.icount = 3400;
	back_to(client, NTS_BR_SYSEXIT, STATUS_PORT_CONNECTION_REFUSED);
	run_as(THREAD_C);                                      /* C's first request: its ports */
	f.icount = 4000;
	make_message(MSG(2), L.lpc_request, 22, 0x10, 0x20, NULL, 0, PORT_CLIENT_C);
	send(PORT_API, MSG(2));
	finish();
	cr_assert_eq(one("SELECT count(*) FROM port_connect"), 2);
	cr_assert_str_eq(text("SELECT group_concat(request_id || ' ' || message_id || ' ' || client_pid || '.' || "
	                      "client_tid || ' ' || accept_ts || ' ' || accepted || ' ' || accept_status || ' ' || "
	                      "coalesce(complete_ts, '-') || ' ' || printf('0x%08X', connect_status) || ' ' || "
	                      "connect_return_ts, ', ') FROM port_connect"),
	                 "1 20 16.32 2200 1 0 2300 0x00000000 2400, "
	                 "2 21 16.20 3200 0 0 - 0xC0000041 3400");
	cr_assert_eq(one("SELECT count(*) FROM port_connect c JOIN port p ON p.id = c.connection_port_id "
	                 "WHERE p.name = '\\Windows\\ApiPort' AND c.server_utid = "
	                 "(SELECT utid FROM thread WHERE tid = 0x1C)"), 2);
	cr_assert_str_eq(text("SELECT s.kind || ' ' || c.kind FROM port_connect x JOIN port s ON s.id = x.server_port_id "
	                      "JOIN port c ON c.id = x.client_port_id WHERE x.id = 1"),
	                 "server_communication client_communication");
	cr_assert_eq(one("SELECT server_port_id IS NULL AND client_port_id IS NULL FROM port_connect WHERE id = 2"), 1);
	cr_assert_str_eq(text("SELECT group_concat(kind || ' ' || out_table || ':' || out_id || '>' || in_table || ':' "
	                      "|| in_id || ' ' || out_ts || '>' || in_ts, ', ') FROM flow WHERE kind = 'lpc_accept'"),
	                 "lpc_accept port_message:1>port_connect:1 2000>2200, "
	                 "lpc_accept port_message:2>port_connect:2 3000>3200");
	cr_assert_eq(one("SELECT count(*) FROM port_message WHERE type = 'LPC_CONNECTION_REQUEST' "
	                 "AND receive_ts IS NOT NULL"), 2);
}

Test(lpc, garbage_lpc_memory_gives_nulls_not_crashes)
{
	start();
	make_ports();
	send(PORT_API, 0x12345678);                            /* unmapped message: nothing to say */
	send(PORT_API, 0);
	make_message(MSG_EDGE, L.lpc_request, 1, 0x10, 0x14, NULL, 0, 0x12345678);
	poke16(MSG_EDGE + L.msg_request + L.pm_data_length, 0xFFFF);   /* data past the mapping */
	send(0x12345678, MSG_EDGE);                            /* unmapped port and sender port */
	make_message(MSG(1), 0xEE, 2, 0x10, 0x14, NULL, 0, 0);
	set_u8(PORT_OTHER - L.header_body + L.header_name_info, 0xFC); /* name info of zeros */
	set_u8(PORT_CLIENT_C + L.port_type, 0x77);
	fake_poke32(&f, PORT_CLIENT_C + L.port_connection, 0x12345670);
	fake_poke32(&f, PORT_CLIENT_C + L.port_connected, 0x12345678);
	send(PORT_CLIENT_C, MSG(1));                           /* unknown type, port kind, links */
	send(PORT_OTHER, MSG(1));
	receive(PORT_API, 0x12345678);
	call(ksym("LpcpDeletePort"), (uint32_t[]){ 0x12345678 }, 1);
	call(ksym("KeResumeThread"), (uint32_t[]){ 0x12345678 }, 1);
	user_message(1, 2, 3);
	sysenter_at(USTACK + 0x400, NT_ACCEPT_CONNECT_PORT, (uint32_t[]){ 0, 0, 0x00700000, 1, 0, 0 }, 6);
	back_to_user(NTS_BR_SYSEXIT, 0xC0000005);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM port_message"), 3);
	cr_assert_eq(one("SELECT port_id IS NULL AND payload IS NULL AND data_length = 65535 "
	                 "FROM port_message WHERE id = 1"), 1);
	cr_assert_eq(one("SELECT type IS NULL AND type_code = 0xEE FROM port_message WHERE id = 2"), 1);
	cr_assert_str_eq(text("SELECT coalesce(kind, '-') || ' ' || kind_code || ' ' || coalesce(name, '-') || ' ' || "
	                      "coalesce(connection_port_id, '-') || ' ' || coalesce(peer_port_id, '-') FROM port "
	                      "WHERE address = 0x80203600"), "- 119 - - -");
	cr_assert_eq(one("SELECT name IS NULL FROM port WHERE address = 0x80203A00"), 1);
	cr_assert_eq(one("SELECT message_id IS NULL AND request_id IS NULL AND accepted = 1 AND "
	                 "accept_status = 0xC0000005 FROM port_connect"), 1);
	cr_assert_eq(one("SELECT count(*) FROM syscall_handle"), 0);
}

Test(lpc, resume_and_suspend_name_the_thread_of_the_handle)
{
	struct site s;

	start();
	make_thread(THREAD_D, 0x2C, PROCESS_1, 0x10);
	f.icount = 2000;
	s = sysenter(NT_CREATE_THREAD, NULL, 0);
	call(ksym("KeSuspendThread"), (uint32_t[]){ kthread(THREAD_D) }, 1);   /* created suspended */
	back_to(s, NTS_BR_SYSEXIT, 0);
	f.icount = 2100;
	s = sysenter(NT_RESUME_THREAD, (uint32_t[]){ 0x44, 0 }, 2);
	call(ksym("KeResumeThread"), (uint32_t[]){ kthread(THREAD_D) }, 1);
	back_to(s, NTS_BR_SYSEXIT, 0);
	f.icount = 2200;
	s = sysenter(NT_SUSPEND_THREAD, (uint32_t[]){ 0x48, 0 }, 2);
	call(ksym("KeSuspendThread"), (uint32_t[]){ kthread(THREAD_B) }, 1);
	back_to(s, NTS_BR_SYSEXIT, 0);
	call(ksym("KeResumeThread"), (uint32_t[]){ kthread(THREAD_B) }, 1);   /* outside any call */
	finish();
	cr_assert_str_eq(text("SELECT group_concat(s.name || ' ' || h.idx || ' ' || h.kind || ' ' || t.tid || ' ' || "
	                      "printf('0x%X', h.object), ', ') FROM syscall_handle h JOIN syscall s ON s.id = h.syscall_id "
	                      "JOIN thread t ON t.utid = h.utid"),
	                 "NtResumeThread 0 thread 44 0x80200C00, NtSuspendThread 0 thread 28 0x80200400");
	cr_assert_eq(one("SELECT upid FROM syscall_handle WHERE kind = 'thread' AND object = 0x80200400"),
	             one("SELECT upid FROM process WHERE pid = 0x18"));
}

Test(lpc, a_process_is_created_by_the_running_thread)
{
	start();
	make_process(PROCESS_3, 0x28, "hello.elf");
	fake_poke32(&f, PROCESS_3 + L.parent_pid, 0x10);
	run_as(THREAD_C);
	f.icount = 2000;
	call(ksym("PspRunCreateProcessNotifyRoutines"), (uint32_t[]){ PROCESS_3, 1 }, 2);
	make_thread(THREAD_D, 0x2C, PROCESS_3, 0x28);
	f.icount = 2100;
	call(ksym("PspRunCreateThreadNotifyRoutines"), (uint32_t[]){ THREAD_D, 1 }, 2);
	fake_poke32(&f, PROCESS_3 + L.process_exit_status, 0xC0000142);
	f.icount = 2200;
	call(ksym("PspRunCreateProcessNotifyRoutines"), (uint32_t[]){ PROCESS_3, 0 }, 2);
	finish();
	cr_assert_eq(one("SELECT creator_utid FROM process WHERE pid = 0x28"), utid_of(0x20));
	cr_assert_str_eq(text("SELECT q.name || ' ' || p.create_ts || ' ' || p.exit_ts || ' ' || "
	                      "printf('0x%08X', p.exit_status) FROM process p JOIN process q ON q.upid = p.parent_upid "
	                      "WHERE p.pid = 0x28"), "smss.exe 2000 2200 0xC0000142");
	cr_assert_eq(one("SELECT create_ts FROM thread WHERE tid = 0x2C"), 2100);
	cr_assert_eq(one("SELECT upid FROM thread WHERE tid = 0x2C"), one("SELECT upid FROM process WHERE pid = 0x28"));
}

/* User code of the running thread calls fn from ret, its stack at sp. */
static void ucall(uint32_t sp, uint32_t fn, uint32_t ret, const uint32_t *args, int n)
{
	fake_poke32(&f, sp, ret);
	for (int i = 0; i < n; i++)
		fake_poke32(&f, sp + 4 + 4 * i, args[i]);
	f.regs[NTS_ESP] = sp;
	f.regs[NTS_CS] = UCS;
	api->exec(fn);
}

/* ... and it returns (a stdcall function popping pop bytes) with EAX = eax. */
static void uret(uint32_t sp, uint32_t ret, uint32_t pop, uint32_t eax)
{
	f.regs[NTS_ESP] = sp + 4 + pop;
	f.regs[NTS_EAX] = eax;
	f.regs[NTS_CS] = UCS;
	api->exec(ret);
}

static void wstr(uint32_t va, const char *s)
{
	size_t i;
	for (i = 0; i <= strlen(s); i++)
		poke16(va + 2 * i, (unsigned char)s[i]);
}

/* P = A (smss.exe) creates C = hello.elf (pid 0x28, thread D 0x2C); S = B (csrss.elf). */
static void parent_creates_the_child(void)
{
	uint32_t body[8], cid[2] = { 0x28, 0x2C };
	struct site s;

	wstr(USTACK + 0xC00, "hello.elf");
	f.icount = 2000;
	ucall(USTACK + 0x600, usym("kernel32.elf", "CreateProcessInternalW"), UCODE + 0x30,
	      (uint32_t[]){ 0, USTACK + 0xC00, 0 }, 3);
	f.icount = 2100;
	s = sysenter(NT_CREATE_PROCESS_EX, NULL, 0);
	make_process(PROCESS_3, 0x28, "hello.elf");
	fake_poke32(&f, PROCESS_3 + L.parent_pid, 0x10);
	f.icount = 2150;
	call(ksym("PspRunCreateProcessNotifyRoutines"), (uint32_t[]){ PROCESS_3, 1 }, 2);
	f.icount = 2200;
	back_to(s, NTS_BR_SYSEXIT, 0);
	f.icount = 2300;
	s = sysenter(NT_CREATE_THREAD, NULL, 0);
	make_thread(THREAD_D, 0x2C, PROCESS_3, 0x28);
	f.icount = 2350;
	call(ksym("PspRunCreateThreadNotifyRoutines"), (uint32_t[]){ THREAD_D, 1 }, 2);
	call(ksym("KeSuspendThread"), (uint32_t[]){ kthread(THREAD_D) }, 1);
	fake_poke32(&f, APC_2 + L.apc_thread, kthread(THREAD_D));
	fake_poke32(&f, APC_2 + L.apc_kernel_routine, ksym("PspNullSpecialApc"));
	fake_poke32(&f, APC_2 + L.apc_normal_routine, usym("ntdll.elf", "LdrInitializeThunk"));
	set_u8(APC_2 + L.apc_mode, 1);
	f.icount = 2360;
	call(ksym("KiInsertQueueApc"), (uint32_t[]){ APC_2, 0 }, 2);
	f.icount = 2400;
	back_to(s, NTS_BR_SYSEXIT, 0);
	csr_body(body, 0x10000, 0, cid[0], cid[1]);
	make_message(MSG(0), L.lpc_request, 1, 0x10, 0x14, body, sizeof body, PORT_CLIENT_A);
	f.icount = 2500;
	s = sysenter(NT_REQUEST_WAIT_REPLY_PORT, NULL, 0);
	send(PORT_API, MSG(0));
	f.icount = 2520;
	swap(THREAD_A, THREAD_B);
	f.icount = 2550;
	receive(PORT_API, MSG(0));
	f.icount = 2555;
	back_to((struct site){ UCODE + 0x70, USTACK + 0x780 }, NTS_BR_SYSEXIT, 0);
	fake_poke(&f, USTACK + 0xB00, cid, sizeof cid);
	f.icount = 2560;
	ucall(USTACK + 0x700, usym("csrss.elf", "CsrCreateProcess"), UCODE + 0x40,
	      (uint32_t[]){ 0x7C, 0x80, USTACK + 0xB00, 0, 0, 0 }, 6);
	f.icount = 2580;
	uret(USTACK + 0x700, UCODE + 0x40, 0, 0);
	csr_body(body, 0x10000, 0, cid[0], cid[1]);
	make_message(MSG(1), L.lpc_reply, 1, 0x10, 0x14, body, sizeof body, PORT_SERVER_A);
	f.icount = 2595;
	sysenter_at(USTACK + 0x380, NT_REPLY_WAIT_RECEIVE_PORT, NULL, 0);
	f.icount = 2600;
	send(PORT_CLIENT_A, MSG(1));
	f.icount = 2620;
	swap(THREAD_B, THREAD_A);
	f.icount = 2650;
	receive(PORT_CLIENT_A, MSG(1));
	f.icount = 2660;
	back_to(s, NTS_BR_SYSEXIT, 0);
}

/* P resumes C's thread, which runs, connects to csrss and is accepted. */
static void child_starts_and_connects(void)
{
	struct site s, b;

	f.icount = 2700;
	s = sysenter(NT_RESUME_THREAD, (uint32_t[]){ 0x44, 0 }, 2);
	f.icount = 2710;
	call(ksym("KeResumeThread"), (uint32_t[]){ kthread(THREAD_D) }, 1);
	f.icount = 2750;
	back_to(s, NTS_BR_SYSEXIT, 0);
	f.icount = 2760;
	swap(THREAD_A, THREAD_D);
	f.icount = 2800;
	call(ksym("PspNullSpecialApc"), (uint32_t[]){ APC_2, 0, 0, 0, 0 }, 5);
	f.icount = 2900;
	s = sysenter(NT_CONNECT_PORT, NULL, 0);
	make_message(MSG(2), L.lpc_connection_request, 2, 0x28, 0x2C, NULL, 0, 0);
	send(PORT_API, MSG(2));
	f.icount = 2920;
	swap(THREAD_D, THREAD_B);
	f.icount = 2950;
	receive(PORT_API, MSG(2));
	user_message(2, 0x28, 0x2C);
	fake_poke32(&f, USTACK + 0xB00, 0x28);
	fake_poke32(&f, USTACK + 0xB04, 0x2C);
	f.icount = 2955;
	back_to((struct site){ UCODE + 0x70, USTACK + 0x380 }, NTS_BR_SYSEXIT, 0);
	f.icount = 2960;
	ucall(USTACK + 0x700, usym("csrss.elf", "CsrApiHandleConnectionRequest"), UCODE + 0x50,
	      (uint32_t[]){ USER_MESSAGE }, 1);
	f.icount = 2962;
	ucall(USTACK + 0x6C0, usym("csrss.elf", "CsrLocateThreadByClientId"), UCODE + 0x60,
	      (uint32_t[]){ 0, USTACK + 0xB00 }, 2);
	f.icount = 2970;
	uret(USTACK + 0x6C0, UCODE + 0x60, 0, 0x1234);
	f.icount = 3000;
	b = sysenter_at(USTACK + 0x400, NT_ACCEPT_CONNECT_PORT,
	                (uint32_t[]){ USTACK + 0x500, 1, USER_MESSAGE, 1, 0, 0 }, 6);
	f.icount = 3005;
	back_to(b, NTS_BR_SYSEXIT, 0);
	f.icount = 3010;
	b = sysenter_at(USTACK + 0x400, NT_COMPLETE_CONNECT_PORT, (uint32_t[]){ 0x40 }, 1);
	f.icount = 3015;
	back_to(b, NTS_BR_SYSEXIT, 0);
	f.icount = 3020;
	uret(USTACK + 0x700, UCODE + 0x50, 0, 0);
	f.icount = 3030;
	swap(THREAD_B, THREAD_D);
	f.icount = 3040;
	back_to(s, NTS_BR_SYSEXIT, 0);
}

Test(lpc, a_traced_handshake_is_what_the_view_reads)
{
	start();
	make_ports();
	parent_creates_the_child();
	child_starts_and_connects();
	f.icount = 3090;
	swap(THREAD_D, THREAD_A);
	f.icount = 3100;
	uret(USTACK + 0x600, UCODE + 0x30, 48, 1);
	f.icount = 5000;
	call(ksym("PspRunCreateProcessNotifyRoutines"), (uint32_t[]){ PROCESS_3, 0 }, 2);
	finish();
	cr_assert_eq(one("SELECT count(*) FROM createprocess_handshake"), 1);
	cr_assert_str_eq(text("SELECT printf('%s %s %d.%d %s %d.%d %s %s %s [%s] [%s]', via, requested_image, "
	                      "parent_pid, parent_tid, child_image, child_pid, child_tid, ordering, outcome, "
	                      "parent_image, missing_steps, pending_steps) FROM createprocess_handshake"),
	                 "CreateProcessInternalW hello.elf 16.20 hello.elf 40.44 nt5 ok smss.exe [] []");
	cr_assert_str_eq(text("SELECT printf('%d %d %d %d %d %d %d %d %d %d %d %d', ts_attempt, ts_create_process, "
	                      "ts_create_thread, ts_csr_request, ts_csr_receive, ts_csr_reply, ts_resume, "
	                      "ts_first_run, ts_init_apc, ts_csr_connect, ts_connect_accepted, ts_exit) "
	                      "FROM createprocess_handshake"),
	                 "2000 2100 2300 2500 2550 2600 2700 2760 2800 2900 3000 5000");
	cr_assert_str_eq(text("SELECT printf('%d %d %d %d %d %d %d', ts_csr_create_process, ts_connect_complete, "
	                      "ts_connect_lookup, connect_lookup_ret, csr_reply_status, create_process_status, "
	                      "request_message_id) FROM createprocess_handshake"),
	                 "2560 3010 2962 4660 0 0 1");
	cr_assert_eq(one("SELECT ts_connect_refused IS NULL AND ts_hard_error IS NULL AND exit_status = 0 "
	                 "FROM createprocess_handshake"), 1);
	cr_assert_eq(one("SELECT csr_request_utid = parent_utid AND create_thread_utid = parent_utid AND "
	                 "resume_utid = parent_utid AND csr_receive_utid = connect_server_utid AND "
	                 "csr_connect_utid = child_utid FROM createprocess_handshake"), 1);
	cr_assert_eq(one("SELECT csr_receive_utid FROM createprocess_handshake"), utid_of(0x1C));
	cr_assert_eq(one("SELECT ts_exit FROM ucall WHERE function = 'CreateProcessInternalW'"), 3100);
}
