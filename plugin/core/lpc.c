/*
 * lpc.c — LPC as the kernel's own functions show it. LpcpEnqueueMessage(Port, Message)
 * is a send: a port_message row read from Message->Request (the PORT_MESSAGE, its data
 * right after it) at DWARF offsets, typed by the _LPC_TYPE enumerator names.
 * LpcpReceiveMessage(Port, Message) is its receipt (the same LPCP_MESSAGE address). A
 * reply pairs with the request of the same MessageId and ClientId still awaiting one,
 * never with "the next one". Ports get rows the first time they are seen, closed by
 * LpcpDeletePort. The connection services (NtAcceptConnectPort, NtCompleteConnectPort,
 * NtConnectPort) fill port_connect. Messages on ports of \Windows\ApiPort are CSR API
 * messages: their ApiNumber is decoded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/core/session.h"

#define PAYLOAD_MAX 256                /* bytes of data kept per message */
#define NAME_BYTES 512                 /* UTF-16 bytes read of one name component */
#define NAME_DEPTH 8                   /* directories walked above a named object */
#define LINK_DEPTH 2                   /* ports resolved through links from a port */
#define CSR_API_AT 4                   /* CSR_API_MSG.ApiNumber in the payload (trace.sql) */

static const char api_port_name[] = "\\Windows\\ApiPort";

enum { KIND_UNKNOWN, KIND_CONNECTION, KIND_SERVER, KIND_CLIENT, KIND_UNCONNECTED };

/* The _LPCP_PORT_TYPE enumerators and the kinds trace.sql names them by. */
static const struct {
	const char *enumerator, *text;
} kinds[] = {
	[KIND_CONNECTION] = { "ServerConnectionPort", "connection" },
	[KIND_SERVER] = { "ServerCommunicationPort", "server_communication" },
	[KIND_CLIENT] = { "ClientCommunicationPort", "client_communication" },
	[KIND_UNCONNECTED] = { "UnconnectedCommunicationPort", "unconnected_communication" },
};

/* CSR API numbers (server DLL index << 16 | API index) and their names: protocol
 * knowledge, as in NT's csrmsg.h and basemsg.h. */
static const struct {
	uint32_t number;
	const char *name;
} csr_apis[] = {
	{ 0x00000, "CsrpClientConnect" }, { 0x00001, "CsrpThreadConnect" },
	{ 0x00002, "CsrpProfileControl" }, { 0x00003, "CsrpIdentifyAlertable" },
	{ 0x00004, "CsrpSetPriorityClass" },
	{ 0x10000, "BasepCreateProcess" }, { 0x10001, "BasepCreateThread" },
	{ 0x10002, "BasepGetTempFile" }, { 0x10003, "BasepExitProcess" },
	{ 0x10004, "BasepDebugProcess" },
};

/* A PORT_MESSAGE as read from guest memory. */
struct header {
	uint32_t at;
	const char *type;
	struct nts_opt type_code, data_length, total_length, pid, tid, message_id;
};

static int is(const char *type, const char *name)
{
	return type && strcmp(type, name) == 0;
}

/* Whether a message of this type waits for an LPC_REPLY (NT's request-wait-reply). */
static int awaits_reply(const char *type)
{
	return is(type, "LPC_REQUEST") || is(type, "LPC_EXCEPTION") || is(type, "LPC_ERROR_EVENT") ||
	       is(type, "LPC_DEBUG_EVENT");
}

/* Whether a message of this type names the sender's communication port (trace.sql). */
static int from_sender_port(const char *type)
{
	return is(type, "LPC_REQUEST") || is(type, "LPC_REPLY") || is(type, "LPC_DATAGRAM");
}

static uint32_t le32(const unsigned char *b)
{
	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static const char *csr_api_name(uint32_t number)
{
	size_t i;
	for (i = 0; i < sizeof csr_apis / sizeof *csr_apis; i++)
		if (csr_apis[i].number == number)
			return csr_apis[i].name;
	return NULL;
}

/* Whether the client (pid, tid) of an entry is a live thread. */
static int client_alive(const struct nts_session *s, const struct nts_lpc_msg *m)
{
	const struct nts_thread *t = nts_thread_by_tid(s, m->tid);
	return t && (!t->proc || t->proc->pid == m->pid);
}

/* Drop the entries of map whose client has exited (no reply or answer can reach it). */
static void sweep(struct nts_session *s, struct nts_map *map)
{
	size_t i = 0;

	while (i < map->cap) {
		struct nts_lpc_msg **at = map->keys[i] ? (struct nts_lpc_msg **)&map->vals[i] : NULL, *m;
		while (at && (m = *at)) {
			if (client_alive(s, m)) {
				at = &m->next;
				continue;
			}
			*at = m->next;
			free(m);
			s->lpc.waiting--;
		}
		if (at && !map->vals[i])
			nts_map_del(map, map->keys[i]);    /* an entry after it may move here */
		else
			i++;
	}
}

/* Remember m in the chain of its MessageId; when NTS_LPC_WAITING are remembered, those
 * of exited clients are forgotten first, and m if none was. */
static void wait_add(struct nts_session *s, struct nts_map *map, struct nts_lpc_msg *m)
{
	if (s->lpc.waiting >= NTS_LPC_WAITING) {
		sweep(s, &s->lpc.requests);
		sweep(s, &s->lpc.connects);
	}
	if (!m->message_id || s->lpc.waiting >= NTS_LPC_WAITING) {
		free(m);
		return;
	}
	m->next = nts_map_get(map, m->message_id);
	if (nts_map_put(map, m->message_id, m) != 0) {
		free(m);
		return;
	}
	s->lpc.waiting++;
}

/* Take the entry with this MessageId and ClientId out of map: the caller owns it. */
static struct nts_lpc_msg *wait_take(struct nts_session *s, struct nts_map *map, uint32_t id,
                                     uint32_t pid, uint32_t tid)
{
	struct nts_lpc_msg *head = nts_map_get(map, id), **at = &head, *m;

	while ((m = *at) && (m->pid != pid || m->tid != tid))
		at = &m->next;
	if (!m)
		return NULL;
	*at = m->next;
	if (head)
		nts_map_put(map, id, head);
	else
		nts_map_del(map, id);
	s->lpc.waiting--;
	return m;
}

/* A new entry for row id, sent or answered by utid at ts. NULL out of memory. */
static struct nts_lpc_msg *entry(int64_t id, int64_t utid, uint64_t ts)
{
	struct nts_lpc_msg *m = calloc(1, sizeof *m);
	if (m) {
		m->id = id;
		m->utid = utid;
		m->ts = ts;
	}
	return m;
}

/* Keep m in map under key, freeing the entry it replaces (m freed if it cannot be kept). */
static void keep(struct nts_map *map, uint32_t key, struct nts_lpc_msg *m)
{
	struct nts_lpc_msg *old = nts_map_get(map, key);
	if (nts_map_put(map, key, m) != 0) {
		free(m);
		return;
	}
	if (old != m)
		free(old);
}

/* The last component of the name of the object at obj (its header's name info: Name,
 * UTF-16) into buf; *dir the directory holding it. 0, or -1 if it has no readable name. */
static int name_component(struct nts_session *s, const struct nts_vm *vm, uint32_t obj,
                          char *buf, size_t len, uint32_t *dir)
{
	const struct nts_offsets *o = &s->k.off;
	uint32_t header = obj - o->header_body.off, info, length, buffer, offset;

	*dir = 0;
	if (nts_read_field(vm, header, &o->header_name_info, &offset) != 0 || (offset & 0xFF) == 0)
		return -1;
	info = header - (offset & 0xFF);
	if (nts_read_field(vm, info, &o->name_length, &length) != 0 ||
	    nts_read_field(vm, info, &o->name_buffer, &buffer) != 0)
		return -1;
	length &= 0xFFFF;
	if (length > NAME_BYTES)
		length = NAME_BYTES;
	if (length < 2 || nts_vm_utf16(vm, buffer, length, buf, len) <= 0)
		return -1;
	if (nts_read_field(vm, info, &o->name_directory, dir) != 0)
		*dir = 0;
	return 0;
}

/* The full name of the object at obj ("\Windows\ApiPort": its name and the names of
 * the directories above it) into buf; NULL when it has none. */
static const char *object_name(struct nts_session *s, const struct nts_vm *vm, uint32_t obj,
                               char *buf, size_t len)
{
	char part[NAME_DEPTH][128];
	size_t at = 0;
	int n = 0, i;

	if (!s->k.off.header_body.found || !s->k.off.header_name_info.found)
		return NULL;
	while (obj && n < NAME_DEPTH && name_component(s, vm, obj, part[n], sizeof part[n], &obj) == 0)
		if (part[n++][0] == '\\')
			break;
	if (n == 0)
		return NULL;
	buf[0] = '\0';
	for (i = n - 1; i >= 0 && at < len; i--) {
		if (strcmp(part[i], "\\") == 0)
			continue;
		at += snprintf(buf + at, len - at, "%s%s", part[i][0] == '\\' ? "" : "\\", part[i]);
	}
	return buf[0] ? buf : "\\";
}

/* The port kind of the raw _LPCP_PORT_OBJECT.Type v, and its text (the enumerator
 * name when trace.sql has no kind for it). */
static int port_kind(const struct nts_session *s, int64_t v, const char **text)
{
	const char *name = nts_enum_name(&s->k.port_types, v);
	size_t i;

	*text = name;
	for (i = 1; name && i < sizeof kinds / sizeof *kinds; i++) {
		if (strcmp(name, kinds[i].enumerator) == 0) {
			*text = kinds[i].text;
			return (int)i;
		}
	}
	return KIND_UNKNOWN;
}

/* A row for the port object at addr, seen now for the first time. NULL if unreadable. */
static struct nts_port *port_new(struct nts_session *s, const struct nts_vm *vm, uint32_t addr)
{
	const struct nts_offsets *o = &s->k.off;
	struct nts_port_row r = { .address = addr, .create_ts = nts_now(s) };
	struct nts_opt pid = nts_field_opt(vm, addr, &o->port_creator_process);
	struct nts_opt tid = nts_field_opt(vm, addr, &o->port_creator_thread);
	struct nts_process *owner = pid.ok ? nts_map_get(&s->pids, (uint32_t)pid.v) : NULL;
	struct nts_thread *creator = tid.ok ? nts_thread_by_tid(s, (uint32_t)tid.v) : NULL;
	struct nts_port *p;
	uint32_t probe;
	char name[512];

	if (nts_vm_read32(vm, addr, &probe) != 0 || !(p = calloc(1, sizeof *p)))
		return NULL;
	p->addr = addr;
	r.kind_code = nts_field_opt(vm, addr, &o->port_type);
	p->kind = r.kind_code.ok ? port_kind(s, r.kind_code.v, &r.kind) : KIND_UNKNOWN;
	r.name = object_name(s, vm, addr, name, sizeof name);
	p->api = r.name && strcmp(r.name, api_port_name) == 0;
	p->creator_pid = pid.ok ? (uint32_t)pid.v : 0;
	p->creator_tid = tid.ok ? (uint32_t)tid.v : 0;
	r.owner_upid = owner ? owner->upid : 0;
	r.creator_utid = creator ? creator->utid : 0;
	if (nts_map_put(&s->lpc.ports, addr, p) != 0) {
		free(p);
		return NULL;
	}
	p->id = nts_db_port(&s->db, &r);
	return p;
}

static struct nts_port *port_at(struct nts_session *s, const struct nts_vm *vm, uint32_t addr,
                                int depth);

/* The accepted port_connect row awaiting its ports, for client port c and server port
 * v (either may be NULL): fill it once both are known. */
static void connect_ports(struct nts_session *s, const struct nts_port *c, const struct nts_port *v)
{
	struct nts_lpc_msg *m;

	if (!c || !v || !c->creator_tid || !(m = nts_map_get(&s->lpc.linking, c->creator_tid)) ||
	    m->pid != c->creator_pid || (m->port_id && m->port_id != c->connection_id))
		return;
	nts_db_connect_ports(&s->db, m->id, v->id, c->id);
	free(nts_map_del(&s->lpc.linking, c->creator_tid));
}

/* Resolve the communication port p's ConnectionPort and ConnectedPort into rows. */
static void port_link(struct nts_session *s, const struct nts_vm *vm, struct nts_port *p, int depth)
{
	struct nts_opt conn = nts_field_opt(vm, p->addr, &s->k.off.port_connection);
	struct nts_opt peer = nts_field_opt(vm, p->addr, &s->k.off.port_connected);
	struct nts_port *c = NULL, *q = NULL;
	int64_t conn_id = 0, peer_id = 0;

	if (!p->connection_id && conn.ok && conn.v && conn.v != p->addr &&
	    (c = port_at(s, vm, (uint32_t)conn.v, depth)) != NULL) {
		p->connection = c->addr;
		conn_id = p->connection_id = c->id;
	}
	if (!p->peer_id && peer.ok && peer.v && peer.v != p->addr &&
	    (q = port_at(s, vm, (uint32_t)peer.v, depth)) != NULL) {
		p->peer = q->addr;
		peer_id = p->peer_id = q->id;
	}
	if (conn_id || peer_id)
		nts_db_port_links(&s->db, p->id, conn_id, peer_id);
	if (peer_id)
		connect_ports(s, p->kind == KIND_CLIENT ? p : q, p->kind == KIND_CLIENT ? q : p);
}

/* The port object at addr, with a row (written the first time it is seen) and its
 * links resolved as far as depth allows; NULL if unreadable. */
static struct nts_port *port_at(struct nts_session *s, const struct nts_vm *vm, uint32_t addr,
                                int depth)
{
	struct nts_port *p;

	if (!addr)
		return NULL;
	p = nts_map_get(&s->lpc.ports, addr);
	if (!p && !(p = port_new(s, vm, addr)))
		return NULL;
	if (depth > 0 && p->kind != KIND_CONNECTION && (!p->connection_id || !p->peer_id))
		port_link(s, vm, p, depth - 1);
	return p;
}

/* Whether port p is \Windows\ApiPort or one of its communication ports. */
static int on_api_port(const struct nts_session *s, const struct nts_port *p, int depth)
{
	if (!p)
		return 0;
	if (p->api)
		return 1;
	return depth > 0 && (on_api_port(s, nts_map_get(&s->lpc.ports, p->connection), depth - 1) ||
	                     on_api_port(s, nts_map_get(&s->lpc.ports, p->peer), depth - 1));
}

/* Read the PORT_MESSAGE of the LPCP_MESSAGE at msg into h. 0, or -1 if unreadable. */
static int read_header(struct nts_session *s, const struct nts_vm *vm, uint32_t msg, struct header *h)
{
	const struct nts_offsets *o = &s->k.off;

	memset(h, 0, sizeof *h);
	h->at = msg + o->msg_request.off;
	h->type_code = nts_field_opt(vm, h->at, &o->pm_type);
	if (!msg || !h->type_code.ok)
		return -1;
	h->type_code.v &= 0xFF;
	h->type = nts_enum_name(&s->k.lpc_types, h->type_code.v);
	h->data_length = nts_field_opt(vm, h->at, &o->pm_data_length);
	h->total_length = nts_field_opt(vm, h->at, &o->pm_total_length);
	h->pid = nts_field_opt(vm, h->at, &o->pm_client_process);
	h->tid = nts_field_opt(vm, h->at, &o->pm_client_thread);
	h->message_id = nts_field_opt(vm, h->at, &o->pm_message_id);
	return 0;
}

/* The port a message row names: for requests, replies and datagrams the sender's port
 * (LPCP_MESSAGE.SenderPort, else the other end of the communication port it was queued
 * on), for the others the port it was queued on. */
static struct nts_port *row_port(struct nts_session *s, const struct nts_vm *vm, uint32_t msg,
                                 const char *type, struct nts_port *queue)
{
	struct nts_opt sender = nts_field_opt(vm, msg, &s->k.off.msg_sender_port);
	struct nts_port *p;

	if (!from_sender_port(type))
		return queue;
	if (sender.ok && sender.v && (p = port_at(s, vm, (uint32_t)sender.v, LINK_DEPTH)))
		return p;
	if (queue && queue->kind != KIND_CONNECTION && queue->peer &&
	    (p = nts_map_get(&s->lpc.ports, queue->peer)))
		return p;
	return queue;
}

/* The message's data (at most PAYLOAD_MAX bytes) into buf; its length, or -1. */
static int read_payload(struct nts_session *s, const struct nts_vm *vm, const struct header *h,
                        unsigned char *buf)
{
	uint32_t len = h->data_length.ok ? (uint32_t)h->data_length.v & 0xFFFF : 0;

	if (len > PAYLOAD_MAX)
		len = PAYLOAD_MAX;
	if (!len || !s->k.off.msg_request.size ||
	    nts_vm_read(vm, h->at + s->k.off.msg_request.size, buf, len) != 0)
		return -1;
	return (int)len;
}

/* Fill r's payload and, for a CSR API request or reply, its ApiNumber. */
static void payload(struct nts_session *s, const struct nts_vm *vm, const struct header *h, int api,
                    unsigned char *buf, struct nts_message_row *r)
{
	int len = read_payload(s, vm, h, buf);

	if (len < 0)
		return;
	r->payload = buf;
	r->payload_len = (size_t)len;
	if (!api || len < CSR_API_AT + 4 || !(is(h->type, "LPC_REQUEST") || is(h->type, "LPC_REPLY")))
		return;
	r->api_number = (struct nts_opt){ 1, le32(buf + CSR_API_AT) };
	r->api_name = csr_api_name((uint32_t)r->api_number.v);
}

/* What waits on the message just written as row r (by t at msg): its receipt, its
 * reply, its acceptance. */
static void remember(struct nts_session *s, uint32_t msg, const struct header *h,
                     const struct nts_message_row *r, int64_t id)
{
	struct nts_lpc_msg *m;

	if ((s->lpc.queued.n < NTS_LPC_WAITING || nts_map_get(&s->lpc.queued, msg)) &&
	    (m = entry(id, r->sender_utid, r->send_ts)) != NULL)
		keep(&s->lpc.queued, msg, m);
	if (!h->message_id.ok || !h->pid.ok || !h->tid.ok)
		return;
	if (!awaits_reply(h->type) && !is(h->type, "LPC_CONNECTION_REQUEST"))
		return;
	if (!(m = entry(id, r->sender_utid, r->send_ts)))
		return;
	m->message_id = (uint32_t)h->message_id.v;
	m->pid = (uint32_t)h->pid.v;
	m->tid = (uint32_t)h->tid.v;
	m->port_id = r->port_id;
	wait_add(s, awaits_reply(h->type) ? &s->lpc.requests : &s->lpc.connects, m);
}

/* A reply row r: the request it answers (reply_to); returns that entry (caller frees). */
static struct nts_lpc_msg *answered_request(struct nts_session *s, const struct header *h,
                                            struct nts_message_row *r)
{
	struct nts_lpc_msg *q;

	if (!is(h->type, "LPC_REPLY") || !h->message_id.ok || !h->pid.ok || !h->tid.ok)
		return NULL;
	q = wait_take(s, &s->lpc.requests, (uint32_t)h->message_id.v, (uint32_t)h->pid.v,
	              (uint32_t)h->tid.v);
	if (q)
		r->reply_to = q->id;
	return q;
}

/* At LpcpEnqueueMessage: [esp+4] Port, [esp+8] Message (an LPCP_MESSAGE). */
static void enqueue(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_thread *t = nts_thread_current(s, &vm);
	struct nts_message_row r = { .send_ts = nts_now(s) };
	struct nts_port *queue, *port;
	struct nts_lpc_msg *request;
	struct header h;
	unsigned char data[PAYLOAD_MAX];
	uint32_t qaddr, msg;
	int64_t id;

	if (nts_arg(s, &vm, 1, &qaddr) || nts_arg(s, &vm, 2, &msg) || read_header(s, &vm, msg, &h))
		return;
	queue = port_at(s, &vm, qaddr, LINK_DEPTH);
	port = row_port(s, &vm, msg, h.type, queue);
	r.port_id = port ? port->id : 0;
	r.type = h.type;
	r.type_code = h.type_code;
	r.message_id = h.message_id;
	r.client_pid = h.pid;
	r.client_tid = h.tid;
	r.data_length = h.data_length;
	r.total_length = h.total_length;
	r.sender_utid = t->utid;
	r.send_syscall_id = t->call.id;
	payload(s, &vm, &h, on_api_port(s, port, 2) || on_api_port(s, queue, 2), data, &r);
	request = answered_request(s, &h, &r);
	id = nts_db_message(&s->db, &r);
	free(request);
	if (id)
		remember(s, msg, &h, &r, id);
	nts_db_event(&s->db, r.send_ts);
}

/* At LpcpReceiveMessage: [esp+4] Port, [esp+8] Message, taken by the running thread. */
static void receive(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_lpc_msg *m;
	struct nts_thread *t;
	uint64_t now;
	uint32_t msg;

	if (nts_arg(s, &vm, 2, &msg) != 0 || !(m = nts_map_del(&s->lpc.queued, msg)))
		return;
	t = nts_thread_current(s, &vm);
	now = nts_now(s);
	nts_db_message_receive(&s->db, m->id, t->utid, now, t->call.id);
	free(m);
	nts_db_event(&s->db, now);
}

/* At LpcpDeletePort: [esp+4] the port object, about to be deleted. */
static void delete_port(struct nts_session *s, uint32_t eip)
{
	struct nts_vm vm = nts_vm_current(s->cpu);
	struct nts_port *p;
	uint32_t obj;
	uint64_t now = nts_now(s);

	if (nts_arg(s, &vm, 1, &obj) != 0 || !(p = port_at(s, &vm, obj, LINK_DEPTH)))
		return;
	nts_db_port_close(&s->db, p->id, now);
	free(nts_map_del(&s->lpc.ports, obj));
	nts_db_event(&s->db, now);
}

/* Keep port_connect row id (r) in map by its client's tid. */
static void await_client(struct nts_session *s, struct nts_map *map, int64_t id,
                         const struct nts_connect_row *r)
{
	struct nts_lpc_msg *m = entry(id, r->server_utid, r->accept_ts);

	if (!m)
		return;
	m->pid = (uint32_t)r->client_pid.v;
	m->tid = (uint32_t)r->client_tid.v;
	m->port_id = r->connection_port_id;
	keep(map, m->tid, m);
}

/* NtAcceptConnectPort(PortHandle, PortContext, ConnectionRequest, AcceptConnection, ...)
 * entered by the server thread t: a port_connect row for the request it names. */
static void accept_enter(struct nts_session *s, const struct nts_vm *vm, struct nts_thread *t,
                         const struct nts_opt *v)
{
	const struct nts_offsets *o = &s->k.off;
	uint32_t at = v[2].ok ? (uint32_t)v[2].v : 0;
	struct nts_connect_row r = { .server_utid = t->utid, .accept_ts = nts_now(s),
	                             .accepted = v[3].ok && (v[3].v & 0xFF) != 0 };
	struct nts_lpc_msg *q = NULL;
	int64_t id;

	r.message_id = nts_field_opt(vm, at, &o->pm_message_id);
	r.client_pid = nts_field_opt(vm, at, &o->pm_client_process);
	r.client_tid = nts_field_opt(vm, at, &o->pm_client_thread);
	if (r.message_id.ok && r.client_pid.ok && r.client_tid.ok)
		q = wait_take(s, &s->lpc.connects, (uint32_t)r.message_id.v, (uint32_t)r.client_pid.v,
		              (uint32_t)r.client_tid.v);
	r.request_id = q ? q->id : 0;
	r.connection_port_id = q ? q->port_id : 0;
	id = nts_db_connect(&s->db, &r);
	free(q);
	t->accept_id = id;
	t->complete_id = r.accepted ? id : 0;
	if (!id || !r.client_tid.ok || !r.client_tid.v)
		return;
	await_client(s, &s->lpc.answered, id, &r);
	if (r.accepted)
		await_client(s, &s->lpc.linking, id, &r);
}

/* The client thread t's NtConnectPort returned with e: the answer to its request. */
static void connect_return(struct nts_session *s, struct nts_thread *t, const struct nts_syscall_exit *e)
{
	struct nts_lpc_msg *m = t->tid ? nts_map_del(&s->lpc.answered, t->tid) : NULL;

	if (m && (!t->proc || t->proc->pid == m->pid))
		nts_db_connect_return(&s->db, m->id, e->ts, e->status);
	free(m);
}

void nts_lpc_syscall_enter(struct nts_session *s, const struct nts_vm *vm, struct nts_thread *t,
                           const struct nts_opt *v, int n)
{
	int number = (int)t->call.number;

	if (!(s->k.features & NTS_F_LPC))
		return;
	if (number == s->lpc.svc_accept && n >= 4) {
		accept_enter(s, vm, t, v);
	} else if (number == s->lpc.svc_complete && t->complete_id) {
		nts_db_connect_complete(&s->db, t->complete_id, nts_now(s));
		t->complete_id = 0;
	}
}

void nts_lpc_syscall_exit(struct nts_session *s, struct nts_thread *t, const struct nts_syscall_exit *e)
{
	int number = (int)t->call.number;

	if (!(s->k.features & NTS_F_LPC))
		return;
	if (number == s->lpc.svc_accept && t->accept_id) {
		nts_db_connect_accept_status(&s->db, t->accept_id, e->status);
		t->accept_id = 0;
	} else if (number == s->lpc.svc_connect || number == s->lpc.svc_secure_connect) {
		connect_return(s, t, e);
	}
}

void nts_lpc_hooks(struct nts_session *s)
{
	struct nts_lpc *l = &s->lpc;

	l->svc_accept = l->svc_complete = l->svc_connect = l->svc_secure_connect = -1;
	if (!(s->k.features & NTS_F_LPC))
		return;
	l->svc_accept = nts_kernel_service_number(&s->k, "NtAcceptConnectPort");
	l->svc_complete = nts_kernel_service_number(&s->k, "NtCompleteConnectPort");
	l->svc_connect = nts_kernel_service_number(&s->k, "NtConnectPort");
	l->svc_secure_connect = nts_kernel_service_number(&s->k, "NtSecureConnectPort");
	nts_hook_add(s, s->k.lpc_enqueue, enqueue);
	if (s->k.lpc_receive)
		nts_hook_add(s, s->k.lpc_receive, receive);
	if (s->k.lpc_delete_port)
		nts_hook_add(s, s->k.lpc_delete_port, delete_port);
}

/* Free the chains held in map. */
static void free_chains(struct nts_map *map)
{
	size_t i;

	for (i = 0; i < map->cap; i++) {
		struct nts_lpc_msg *m = map->keys[i] ? map->vals[i] : NULL, *next;
		for (; m; m = next) {
			next = m->next;
			free(m);
		}
	}
	nts_map_free(map, 0);
}

void nts_lpc_free(struct nts_session *s)
{
	struct nts_lpc *l = &s->lpc;

	nts_map_free(&l->ports, 1);
	nts_map_free(&l->queued, 1);
	nts_map_free(&l->answered, 1);
	nts_map_free(&l->linking, 1);
	free_chains(&l->requests);
	free_chains(&l->connects);
	l->waiting = 0;
}
