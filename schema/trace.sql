-- trace.sql — the ntscope trace database (DESIGN §3). The one schema: embedded in the
-- tracer and the analyzers; PRAGMA user_version is its version, checked by every reader.
-- Time columns (ts, ts_enter, ...) are guest instructions retired since reset.
-- Text columns that name code hold `symbol+0xoff` (hex when unknown); modes are
-- 'kernel' / 'user'. Raw numbers sit beside them where useful.
-- Version 5 stores events compactly in ev_* tables (ids of interned strings and
-- locations, inline arguments); the event names below are views over them with the
-- columns of version 4 (see "Storage and views").
PRAGMA user_version = 5;

-- schema_version, emulator, kernel_path, kernel_build_id, workload, start_time,
-- instructions, events, status ('running', 'poweroff', 'bugcheck', 'max_instructions',
-- 'stopped'), bugcheck_code, bugcheck_params, max_instructions, tracer_version.
-- kernel_start_ts: when firmware time ended (KiSystemStartup reached, or paging on if
-- the kernel has no KiSystemStartup); nothing before it is recorded.
-- features: the optional event sources that are on ('start process thread sched
-- wakeup ready apc user_apc'); missing_hooks: the optional names the kernel or ntdll
-- lacks (a hooked function that exists only as a static symbol shows as
-- 'Name(not-global)'), e.g. 'KiInsertQueueApc _KAPC'. writer_waits: how often the
-- tracer waited for room in its writer thread's queue (back-pressure; no event is
-- ever dropped).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT
);

-- Every ELF whose symbols the tracer loaded; kind 'kernel' or 'user'.
CREATE TABLE image (
	id        INTEGER PRIMARY KEY,
	path      TEXT NOT NULL,
	name      TEXT NOT NULL,
	kind      TEXT NOT NULL,
	base      INTEGER,
	size      INTEGER,
	build_id  TEXT,
	load_ts   INTEGER,
	upid      INTEGER
);

CREATE TABLE symbol (
	id        INTEGER PRIMARY KEY,
	image_id  INTEGER NOT NULL REFERENCES image(id),
	name      TEXT NOT NULL,
	address   INTEGER NOT NULL,
	size      INTEGER,
	kind      TEXT
);
CREATE INDEX symbol_address ON symbol(address);

-- The kernel's system service table, read from the kernel ELF (KiServiceTable,
-- KiArgumentTable, KiServiceLimit).
CREATE TABLE service (
	number    INTEGER PRIMARY KEY,
	name      TEXT,
	address   INTEGER,
	arg_bytes INTEGER,
	nargs     INTEGER
);

-- Surrogate keys (upid, utid) because the guest reuses ids and object addresses: a
-- create event (PspRunCreate*NotifyRoutines with Create = TRUE) opens a new key unless
-- the object was first seen just before it, still uncreated. eprocess/ethread are the
-- kernel object addresses; first_ts is when the tracer first saw the object; objects
-- that existed before tracing (boot threads) have rows with create_ts NULL.
-- process: parent_upid is the live process whose pid is InheritedFromUniqueProcessId;
-- exit_ts/exit_status come from the exit notification (Create = FALSE). creator_utid:
-- the thread that created the process (the one running when the kernel created it,
-- inside that thread's NtCreateProcess(Ex)); two threads of one parent creating
-- processes at once are told apart by it.
CREATE TABLE process (
	upid        INTEGER PRIMARY KEY,
	pid         INTEGER,
	name        TEXT,
	parent_upid INTEGER REFERENCES process(upid),
	create_ts   INTEGER,
	exit_ts     INTEGER,
	exit_status INTEGER,
	eprocess    INTEGER,
	first_ts    INTEGER,
	creator_utid INTEGER REFERENCES thread(utid)
);

-- thread: start_address is ETHREAD.StartAddress as `symbol+0xoff` (a user address is
-- symbolized with the thread's own process image and ntdll), start_address_raw the
-- number. first_user_ts / first_user_address: when and where the thread first ran in
-- user mode (an iret/sysexit to ring 3); for an NT thread that is ntdll's
-- KiUserApcDispatcher, reached through the initial user APC to LdrInitializeThunk.
CREATE TABLE thread (
	utid          INTEGER PRIMARY KEY,
	tid           INTEGER,
	upid          INTEGER REFERENCES process(upid),
	start_address TEXT,
	create_ts     INTEGER,
	exit_ts       INTEGER,
	ethread       INTEGER,
	first_ts      INTEGER,
	exit_status   INTEGER,
	start_address_raw      INTEGER,
	first_user_ts          INTEGER,
	first_user_address     TEXT,
	first_user_address_raw INTEGER
);
CREATE INDEX thread_upid ON thread(upid);

-- Storage and views. Event rows are stored compactly in the ev_* tables: small integer
-- codes and ids instead of repeated text, syscall arguments inline. The public names
-- (syscall, syscall_arg, trap, sched, wakeup, apc, port_message, ucall, flow) are views
-- over them with the columns and meanings below; query those. Rows are inserted in time
-- order, so within an ev_* table rowid order is time order.

-- string: every text the tracer writes into an event row (trap kinds and names, modes,
-- _KTHREAD_STATE / _KWAIT_REASON names from the kernel's DWARF, wake-up reasons, LPC
-- message types from its DWARF, CSR API names, watched function and image names and
-- their argument texts), once; event rows hold its id (*_sid).
CREATE TABLE string (
	id    INTEGER PRIMARY KEY,
	value TEXT NOT NULL UNIQUE
);

-- location: a code address and its `symbol+0xoff` text (symbol NULL: not symbolized,
-- address NULL: unknown), once per distinct pair; event rows hold its id (*_loc).
CREATE TABLE location (
	id      INTEGER PRIMARY KEY,
	address INTEGER,
	symbol  TEXT
);

-- The argument indexes 0-9 of ev_syscall's inline a0..a9 (the view syscall_arg).
CREATE TABLE arg_index (idx INTEGER PRIMARY KEY);
INSERT INTO arg_index VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);

-- ev_syscall: one row per system call (the view syscall). via 0 int2e, 1 sysenter;
-- eip_loc the call site (location, not symbolized); duration = ts_exit - ts_enter;
-- exit_kind 0 return, 1 apc, 2 continue; exit_loc where it landed. Arguments 0-9
-- inline in a0..a9 (NULL: unreadable, or idx >= nargs); any further ones in
-- ev_syscall_arg.
CREATE TABLE ev_syscall (
	id        INTEGER PRIMARY KEY,
	utid      INTEGER REFERENCES thread(utid),
	ts_enter  INTEGER NOT NULL,
	number    INTEGER NOT NULL,
	via       INTEGER NOT NULL,
	nargs     INTEGER,
	arg_ptr   INTEGER,
	eip_loc   INTEGER REFERENCES location(id),
	duration  INTEGER,
	status    INTEGER,
	exit_kind INTEGER,
	exit_loc  INTEGER REFERENCES location(id),
	a0 INTEGER, a1 INTEGER, a2 INTEGER, a3 INTEGER, a4 INTEGER,
	a5 INTEGER, a6 INTEGER, a7 INTEGER, a8 INTEGER, a9 INTEGER
);
CREATE INDEX syscall_by_number ON ev_syscall(number, utid, ts_enter);

-- Arguments from index 10 on (no service of the bundled kernel has more than 10).
CREATE TABLE ev_syscall_arg (
	syscall_id INTEGER NOT NULL REFERENCES ev_syscall(id),
	idx        INTEGER NOT NULL,
	value      INTEGER,
	PRIMARY KEY (syscall_id, idx)
) WITHOUT ROWID;

-- via 'int2e' or 'sysenter'. number is EAX & 0x1FFF (bit 12: the shadow table);
-- name is NULL for numbers outside table 0's KiServiceLimit. args: the decoded
-- arguments as text ('?' unreadable).
-- A call ends at its thread's next return to user mode (ts_exit, exit_address where it
-- landed), classified in exit_kind:
--   'return'   back to its own call site and user stack: status = EAX.
--   'apc'      to ntdll!KiUserApcDispatcher: a user APC was delivered on the way out;
--              status = EAX as the kernel left it (STATUS_USER_APC 0xC0 for an
--              alerted wait, else the call's real status).
--   'continue' anywhere else: the call resumed another context (NtContinue after an
--              APC or exception, NtSetContextThread on itself); status is NULL since
--              EAX is the restored register. So NtContinue rows end at the return to
--              user mode they cause, and a failing NtContinue (bad CONTEXT) shows as an
--              ordinary 'return' with its status.
-- ts_exit/status/exit_kind stay NULL when the call never returned to user mode (the
-- thread exited, or the run ended first).
CREATE VIEW syscall AS
SELECT s.id, s.utid, s.ts_enter, s.ts_enter + s.duration AS ts_exit, s.number,
       (SELECT v.name FROM service v WHERE v.number = s.number) AS name, s.status,
       CASE s.via WHEN 0 THEN 'int2e' WHEN 1 THEN 'sysenter' END AS via, s.nargs,
       CASE WHEN s.nargs IS NOT NULL THEN substr(
            CASE WHEN s.nargs > 0 THEN ', ' || CASE WHEN s.a0 IS NULL THEN '?' ELSE printf('0x%x', s.a0) END ELSE '' END
         || CASE WHEN s.nargs > 1 THEN ', ' || CASE WHEN s.a1 IS NULL THEN '?' ELSE printf('0x%x', s.a1) END ELSE '' END
         || CASE WHEN s.nargs > 2 THEN ', ' || CASE WHEN s.a2 IS NULL THEN '?' ELSE printf('0x%x', s.a2) END ELSE '' END
         || CASE WHEN s.nargs > 3 THEN ', ' || CASE WHEN s.a3 IS NULL THEN '?' ELSE printf('0x%x', s.a3) END ELSE '' END
         || CASE WHEN s.nargs > 4 THEN ', ' || CASE WHEN s.a4 IS NULL THEN '?' ELSE printf('0x%x', s.a4) END ELSE '' END
         || CASE WHEN s.nargs > 5 THEN ', ' || CASE WHEN s.a5 IS NULL THEN '?' ELSE printf('0x%x', s.a5) END ELSE '' END
         || CASE WHEN s.nargs > 6 THEN ', ' || CASE WHEN s.a6 IS NULL THEN '?' ELSE printf('0x%x', s.a6) END ELSE '' END
         || CASE WHEN s.nargs > 7 THEN ', ' || CASE WHEN s.a7 IS NULL THEN '?' ELSE printf('0x%x', s.a7) END ELSE '' END
         || CASE WHEN s.nargs > 8 THEN ', ' || CASE WHEN s.a8 IS NULL THEN '?' ELSE printf('0x%x', s.a8) END ELSE '' END
         || CASE WHEN s.nargs > 9 THEN ', ' || CASE WHEN s.a9 IS NULL THEN '?' ELSE printf('0x%x', s.a9) END ELSE '' END
         || CASE WHEN s.nargs > 10 THEN (SELECT group_concat(x, '') FROM
                 (SELECT ', ' || CASE WHEN m.value IS NULL THEN '?' ELSE printf('0x%x', m.value) END AS x
                  FROM ev_syscall_arg m WHERE m.syscall_id = s.id ORDER BY m.idx)) ELSE '' END, 3) END AS args,
       s.arg_ptr, (SELECT l.address FROM location l WHERE l.id = s.eip_loc) AS eip,
       CASE s.exit_kind WHEN 0 THEN 'return' WHEN 1 THEN 'apc' WHEN 2 THEN 'continue' END AS exit_kind,
       (SELECT l.symbol FROM location l WHERE l.id = s.exit_loc) AS exit_address,
       (SELECT l.address FROM location l WHERE l.id = s.exit_loc) AS exit_address_raw
FROM ev_syscall s;

-- One row per argument dword; value NULL when the user stack was unreadable.
CREATE VIEW syscall_arg AS
SELECT s.id AS syscall_id, i.idx,
       CASE i.idx WHEN 0 THEN s.a0 WHEN 1 THEN s.a1 WHEN 2 THEN s.a2 WHEN 3 THEN s.a3
                  WHEN 4 THEN s.a4 WHEN 5 THEN s.a5 WHEN 6 THEN s.a6 WHEN 7 THEN s.a7
                  WHEN 8 THEN s.a8 WHEN 9 THEN s.a9 END AS value
FROM ev_syscall s JOIN arg_index i ON i.idx < s.nargs
UNION ALL
SELECT syscall_id, idx, value FROM ev_syscall_arg;

-- ev_trap (the view trap): kind, name, mode as string ids; eip and eip_symbol as a
-- location.
CREATE TABLE ev_trap (
	id         INTEGER PRIMARY KEY,
	utid       INTEGER REFERENCES thread(utid),
	ts         INTEGER NOT NULL,
	vector     INTEGER NOT NULL,
	kind_sid   INTEGER NOT NULL REFERENCES string(id),
	name_sid   INTEGER REFERENCES string(id),
	mode_sid   INTEGER REFERENCES string(id),
	eip_loc    INTEGER REFERENCES location(id),
	error_code INTEGER,
	cr2        INTEGER
);

-- kind 'exception' or 'interrupt'; name e.g. 'page_fault', 'clock', 'irq1'.
-- error_code is NULL for vectors that push none; cr2 only for page faults.
-- eip_symbol: a user address is symbolized with the current process's image and ntdll.
CREATE VIEW trap AS
SELECT r.id, r.utid, r.ts, r.vector,
       (SELECT value FROM string WHERE id = r.kind_sid) AS kind, r.error_code,
       l.address AS eip, r.cr2,
       (SELECT value FROM string WHERE id = r.name_sid) AS name,
       (SELECT value FROM string WHERE id = r.mode_sid) AS mode, l.symbol AS eip_symbol
FROM ev_trap r LEFT JOIN location l ON l.id = r.eip_loc;

-- ev_sched (the view sched): state and wait-reason names as string ids; wakeup_id the
-- wake-up whose thread this switch runs next (the 'wakeup' flow).
CREATE TABLE ev_sched (
	id          INTEGER PRIMARY KEY,
	ts          INTEGER NOT NULL,
	cpu         INTEGER NOT NULL DEFAULT 0,
	prev_utid   INTEGER REFERENCES thread(utid),
	next_utid   INTEGER REFERENCES thread(utid),
	prev_state_sid  INTEGER REFERENCES string(id),
	wait_reason_sid INTEGER REFERENCES string(id),
	prev_state_raw  INTEGER,
	wait_reason_raw INTEGER,
	prev_priority   INTEGER,
	next_priority   INTEGER,
	prev_cr3    INTEGER,
	next_cr3    INTEGER,
	cr3_change  INTEGER NOT NULL DEFAULT 0,
	wakeup_id   INTEGER REFERENCES ev_wakeup(id)
);
CREATE INDEX sched_next ON ev_sched(next_utid, ts);

-- One row per KiSwapContext(OldThread, NewThread). prev_state/wait_reason are the names
-- of OldThread->State / WaitReason in the kernel's DWARF enumerations _KTHREAD_STATE /
-- _KWAIT_REASON (raw numbers beside them); wait_reason only when the state is Waiting.
-- prev_cr3 is CR3 at the switch; next_cr3 the value the switch loaded (NULL: no CR3
-- write, same address space); cr3_change 1 when the switch changed address space.
CREATE VIEW sched AS
SELECT s.id, s.ts, s.cpu, s.prev_utid, s.next_utid,
       (SELECT value FROM string WHERE id = s.prev_state_sid) AS prev_state,
       (SELECT value FROM string WHERE id = s.wait_reason_sid) AS wait_reason,
       s.prev_state_raw, s.wait_reason_raw, s.prev_priority, s.next_priority, s.prev_cr3,
       s.next_cr3, s.cr3_change
FROM ev_sched s;

-- ev_wakeup (the view wakeup): reason and wait_reason as string ids.
CREATE TABLE ev_wakeup (
	id         INTEGER PRIMARY KEY,
	ts         INTEGER NOT NULL,
	utid       INTEGER REFERENCES thread(utid),
	waker_utid INTEGER REFERENCES thread(utid),
	reason_sid INTEGER REFERENCES string(id),
	wait_status     INTEGER,
	wait_reason_sid INTEGER REFERENCES string(id),
	wait_reason_raw INTEGER,
	increment       INTEGER
);
CREATE INDEX wakeup_utid ON ev_wakeup(utid, ts);

-- One row per KiUnwaitThread(Thread, WaitStatus, Increment) (waker: the running
-- thread), reason from WaitStatus and the thread's WaitReason:
-- 'apc' (STATUS_USER_APC 0xC0 / STATUS_KERNEL_APC 0x100), 'alerted' (0x101),
-- 'timeout' (0x102), 'resume' (WaitReason Suspended / WrSuspended), else
-- 'wait_satisfied'; and per KiReadyThread of a new thread (State Initialized):
-- 'ready' (wait_status NULL).
CREATE VIEW wakeup AS
SELECT w.id, w.ts, w.utid, w.waker_utid,
       (SELECT value FROM string WHERE id = w.reason_sid) AS reason, w.wait_status,
       (SELECT value FROM string WHERE id = w.wait_reason_sid) AS wait_reason,
       w.wait_reason_raw, w.increment
FROM ev_wakeup w;

-- ev_apc (the view apc): mode as a string id, the routines as locations.
CREATE TABLE ev_apc (
	id             INTEGER PRIMARY KEY,
	target_utid    INTEGER REFERENCES thread(utid),
	queue_ts       INTEGER,
	queuer_utid    INTEGER REFERENCES thread(utid),
	deliver_ts     INTEGER,
	mode_sid       INTEGER REFERENCES string(id),
	kernel_routine_loc INTEGER REFERENCES location(id),
	normal_routine_loc INTEGER REFERENCES location(id),
	deliver_utid   INTEGER REFERENCES thread(utid),
	user_deliver_ts INTEGER,
	kapc           INTEGER,
	normal_context     INTEGER,
	system_argument1   INTEGER,
	system_argument2   INTEGER,
	increment          INTEGER
);
CREATE INDEX apc_target ON ev_apc(target_utid, queue_ts);

-- One row per KiInsertQueueApc(Apc, Increment): queued by queuer_utid for target_utid
-- (KAPC.Thread); mode 'kernel'/'user' (KAPC.ApcMode). Routines as `symbol+0xoff`
-- (a user routine symbolized in the target's process). Delivered when the APC's
-- KernelRoutine runs with the KAPC as its first argument (deliver_ts, deliver_utid);
-- a user APC reaches user mode at ntdll!KiUserApcDispatcher (user_deliver_ts).
CREATE VIEW apc AS
SELECT a.id, a.target_utid, a.queue_ts, a.queuer_utid, a.deliver_ts,
       (SELECT value FROM string WHERE id = a.mode_sid) AS mode,
       k.symbol AS kernel_routine, n.symbol AS normal_routine, a.deliver_utid,
       a.user_deliver_ts, a.kapc, k.address AS kernel_routine_raw,
       n.address AS normal_routine_raw, a.normal_context, a.system_argument1,
       a.system_argument2, a.increment
FROM ev_apc a LEFT JOIN location k ON k.id = a.kernel_routine_loc
              LEFT JOIN location n ON n.id = a.normal_routine_loc;

-- port: its columns are described with the LPC tables below.
CREATE TABLE port (
	id                 INTEGER PRIMARY KEY,
	name               TEXT,
	kind               TEXT,
	owner_upid         INTEGER REFERENCES process(upid),
	address            INTEGER,
	kind_code          INTEGER,
	creator_utid       INTEGER REFERENCES thread(utid),
	create_ts          INTEGER,
	close_ts           INTEGER,
	connection_port_id INTEGER REFERENCES port(id),
	peer_port_id       INTEGER REFERENCES port(id)
);

-- Threads with their process: the identity every event view joins.
CREATE VIEW thread_named AS
SELECT t.utid, t.tid, t.upid, p.pid, p.name AS process, t.first_ts, t.exit_ts,
       t.create_ts, t.start_address
FROM thread t LEFT JOIN process p USING (upid);

CREATE VIEW syscall_named AS
SELECT s.id, s.ts_enter, s.ts_exit, s.ts_exit - s.ts_enter AS duration,
       s.utid, t.tid, t.pid, t.process, s.number, s.name, s.via, s.nargs, s.args,
       s.status, CASE WHEN s.status IS NOT NULL THEN printf('0x%08X', s.status) END AS status_hex,
       s.exit_kind, s.exit_address
FROM syscall s LEFT JOIN thread_named t USING (utid);

CREATE VIEW trap_named AS
SELECT r.id, r.ts, r.utid, t.tid, t.pid, t.process, r.kind, r.vector, r.name, r.mode,
       CASE WHEN r.eip IS NOT NULL THEN printf('0x%08X', r.eip) END AS eip_hex, r.eip_symbol, r.error_code,
       CASE WHEN r.cr2 IS NOT NULL THEN printf('0x%08X', r.cr2) END AS cr2_hex
FROM trap r LEFT JOIN thread_named t USING (utid);

-- Per (process, service): how often it was called, how many failed (NTSTATUS
-- severity error), total and longest time inside.
CREATE VIEW syscall_summary AS
SELECT process, name, number, count(*) AS calls,
       sum(status >= 0xC0000000) AS failed,
       sum(duration) AS total_instructions, max(duration) AS max_instructions
FROM syscall_named GROUP BY process, name, number;

-- Context switches with both threads named; ran_for: how long next ran (until the
-- next switch on that cpu).
CREATE VIEW sched_named AS
SELECT s.id, s.ts, s.cpu, s.prev_utid, p.tid AS prev_tid, p.process AS prev_process,
       s.next_utid, n.tid AS next_tid, n.process AS next_process,
       s.prev_state, s.wait_reason, s.cr3_change,
       lead(s.ts) OVER (PARTITION BY s.cpu ORDER BY s.ts, s.id) - s.ts AS ran_for
FROM sched s LEFT JOIN thread_named p ON p.utid = s.prev_utid
             LEFT JOIN thread_named n ON n.utid = s.next_utid;

-- Wake-ups with both threads named; latency: until the woken thread next ran.
CREATE VIEW wakeup_named AS
SELECT w.id, w.ts, w.utid, t.tid, t.process, w.waker_utid, k.tid AS waker_tid,
       k.process AS waker_process, w.reason,
       CASE WHEN w.wait_status IS NOT NULL THEN printf('0x%08X', w.wait_status) END AS wait_status_hex,
       w.wait_reason,
       (SELECT min(s.ts) FROM sched s WHERE s.next_utid = w.utid AND s.ts >= w.ts) - w.ts AS latency
FROM wakeup w LEFT JOIN thread_named t ON t.utid = w.utid
              LEFT JOIN thread_named k ON k.utid = w.waker_utid;

-- APCs from queueing to delivery: threads and processes by name, latencies in
-- instructions (NULL while undelivered).
CREATE VIEW apc_named AS
SELECT a.id, a.mode, a.queue_ts, a.deliver_ts, a.deliver_ts - a.queue_ts AS latency,
       a.user_deliver_ts, a.user_deliver_ts - a.queue_ts AS user_latency,
       a.target_utid, t.tid AS target_tid, t.process AS target_process,
       a.queuer_utid, q.tid AS queuer_tid, q.process AS queuer_process,
       a.deliver_utid, a.kernel_routine, a.normal_routine,
       printf('0x%08X', a.kapc) AS kapc_hex
FROM apc a LEFT JOIN thread_named t ON t.utid = a.target_utid
           LEFT JOIN thread_named q ON q.utid = a.queuer_utid;

-- Each thread from creation to exit: when it first ran, when and where it first ran in
-- user mode and whether it got there through a user APC delivery (first_user_via_apc).
CREATE VIEW thread_lifecycle AS
SELECT t.utid, t.tid, p.pid, p.name AS process, t.start_address, t.create_ts,
       (SELECT min(s.ts) FROM sched s WHERE s.next_utid = t.utid) AS first_run_ts,
       t.first_user_ts, t.first_user_address, t.first_user_ts - t.create_ts AS to_user,
       EXISTS (SELECT 1 FROM apc a WHERE a.target_utid = t.utid AND a.mode = 'user'
               AND a.user_deliver_ts = t.first_user_ts) AS first_user_via_apc,
       t.exit_ts, t.exit_status,
       CASE WHEN t.exit_status IS NOT NULL THEN printf('0x%08X', t.exit_status) END AS exit_status_hex,
       t.exit_ts - t.create_ts AS lifetime
FROM thread t LEFT JOIN process p USING (upid);

-- Each process with its parent, lifetime and thread count.
CREATE VIEW process_lifecycle AS
SELECT p.upid, p.pid, p.name, p.parent_upid, q.pid AS parent_pid, q.name AS parent_name,
       p.create_ts, p.exit_ts, p.exit_ts - p.create_ts AS lifetime, p.exit_status,
       CASE WHEN p.exit_status IS NOT NULL THEN printf('0x%08X', p.exit_status) END AS exit_status_hex,
       (SELECT count(*) FROM thread t WHERE t.upid = p.upid) AS threads
FROM process p LEFT JOIN process q ON q.upid = p.parent_upid;

-- =====================================================================================
-- v3: LPC and the CreateProcess <-> csrss handshake (NT-FACTS §1, §3, §4, §10).
-- The table port is created with the others above (ALTER TABLE re-checks every view,
-- so the schema has none); port_message is the view over ev_message.
-- Times are guest instruction counts, as everywhere; NTSTATUS values are unsigned.
-- =====================================================================================

-- port: one row per LPC port object, from NtCreatePort (a connection port) or from
-- NtAcceptConnectPort / NtConnectPort (the two communication ports of a connection).
--   id, name            key; the object name of a named connection port
--                       ('\Windows\ApiPort'), NULL for the unnamed communication ports
--   kind                'connection', 'server_communication', 'client_communication'
--                       or 'unconnected_communication'
--   owner_upid          the process that holds the port: the creator of a connection
--                       port, the server or the client for communication ports
--   address             the kernel port object
--   kind_code           the kernel's own port type number
--   creator_utid        the thread whose system call created the port
--                       (LPCP_PORT_OBJECT.Creator, when the tracer knew that thread)
--   create_ts, close_ts creation, and deletion of the object (NULL: alive at the end).
--                       The kernel contract has no port-creation hook: create_ts is
--                       when the tracer first saw the port (its first message, a link
--                       from another port, or its deletion)
--   connection_port_id  communication ports: the connection port they were made through
--   peer_port_id        communication ports: the port at the other end

-- port_message: one row per LPC message the kernel queued, whether a thread sent it
-- (NtRequestPort, NtRequestWaitReplyPort, NtReplyPort, NtReplyWaitReceivePort(Ex),
-- NtConnectPort) or the kernel sent it for a thread (LPC_CLIENT_DIED, LPC_EXCEPTION,
-- LPC_ERROR_EVENT), and who took it off the queue.
--   id                  key
--   port_id             the port it was sent through: the sender's communication port
--                       for requests, datagrams and replies; the connection port for
--                       LPC_CONNECTION_REQUEST and for messages the kernel generates
--   type                'LPC_REQUEST', 'LPC_REPLY', 'LPC_DATAGRAM', 'LPC_LOST_REPLY',
--                       'LPC_PORT_CLOSED', 'LPC_CLIENT_DIED', 'LPC_EXCEPTION',
--                       'LPC_DEBUG_EVENT', 'LPC_ERROR_EVENT', 'LPC_CONNECTION_REQUEST',
--                       'LPC_CONNECTION_REFUSED'
--   type_code           PORT_MESSAGE.u2.s2.Type & 0xFF (1 = LPC_REQUEST ... 11)
--   message_id          PORT_MESSAGE.MessageId. The kernel stamps a new one on every
--                       new message; a reply carries the MessageId of its request
--   client_pid,         PORT_MESSAGE.ClientId. The kernel stamps the sender's on every
--   client_tid          new message; a reply carries the ClientId of its request (NT
--                       finds the waiting client by MessageId + ClientId, and so do we)
--   sender_utid         the sending thread (for kernel messages: the thread concerned,
--                       e.g. the dying thread, or the one whose hard error it reports)
--   send_ts             when it was queued
--   receiver_utid,      the thread that took it off the queue, and when; NULL if no one
--   receive_ts          did before the trace ended
--   reply_to            LPC_REPLY only: the LPC_REQUEST row the kernel matched it to
--   data_length,        PORT_MESSAGE.u1.s1.DataLength and TotalLength, in bytes
--   total_length
--   payload             the message data after the 24-byte PORT_MESSAGE header, as the
--                       kernel copied it: the first min(data_length, 256) bytes. A CSR
--                       message (CSR_API_MSG, NT-FACTS §3.5) therefore starts at its
--                       offset 0x18: payload 0x00 CaptureBuffer, 0x04 ApiNumber,
--                       0x08 ReturnValue, 0x0C Reserved, 0x10 API data. For
--                       BasepCreateProcess (BASE_CREATEPROCESS_MSG): 0x10 ProcessHandle,
--                       0x14 ThreadHandle, 0x18 ClientId.UniqueProcess, 0x1C
--                       ClientId.UniqueThread of the new process. For
--                       LPC_CONNECTION_REQUEST: the connection information.
--   api_number          CSR messages: the ApiNumber (payload 0x04)
--   api_name            its name: 'BasepCreateProcess' (0x10000), 'BasepCreateThread'
--                       (0x10001), ...
--   send_syscall_id,    the system calls in which it was sent and taken off the queue
--   receive_syscall_id
-- Stored in ev_message: type and api_name as string ids.
CREATE TABLE ev_message (
	id            INTEGER PRIMARY KEY,
	port_id       INTEGER REFERENCES port(id),
	type_sid      INTEGER REFERENCES string(id),
	message_id    INTEGER,
	sender_utid   INTEGER REFERENCES thread(utid),
	send_ts       INTEGER,
	receiver_utid INTEGER REFERENCES thread(utid),
	receive_ts    INTEGER,
	reply_to      INTEGER REFERENCES ev_message(id),
	data_length   INTEGER,
	payload       BLOB,
	api_number    INTEGER,
	type_code     INTEGER,
	client_pid    INTEGER,
	client_tid    INTEGER,
	total_length  INTEGER,
	api_name_sid  INTEGER REFERENCES string(id),
	send_syscall_id    INTEGER REFERENCES ev_syscall(id),
	receive_syscall_id INTEGER REFERENCES ev_syscall(id)
);
CREATE INDEX port_message_by_sender ON ev_message(sender_utid, type_sid, send_ts);
CREATE INDEX port_message_by_message_id ON ev_message(message_id, send_ts);

CREATE VIEW port_message AS
SELECT m.id, m.port_id, (SELECT value FROM string WHERE id = m.type_sid) AS type,
       m.message_id, m.sender_utid, m.send_ts, m.receiver_utid, m.receive_ts, m.reply_to,
       m.data_length, m.payload, m.api_number, m.type_code, m.client_pid, m.client_tid,
       m.total_length, (SELECT value FROM string WHERE id = m.api_name_sid) AS api_name,
       m.send_syscall_id, m.receive_syscall_id
FROM ev_message m;

-- port_connect: one row per connection request a server answered with
-- NtAcceptConnectPort (csrss: CsrApiHandleConnectionRequest), naming the request as the
-- server hands it back: the MessageId and ClientId of its LPC_CONNECTION_REQUEST.
--   id                  key
--   request_id          that LPC_CONNECTION_REQUEST row in port_message
--   message_id,         the request's MessageId and ClientId (how the view pairs them)
--   client_pid,
--   client_tid
--   connection_port_id  the named port the client connected to
--   server_utid         the thread that called NtAcceptConnectPort
--   accept_ts           when it called it
--   accepted            its AcceptConnection argument: 1 accepted, 0 refused
--   accept_status       the NTSTATUS NtAcceptConnectPort returned
--   server_port_id      the server communication port it made (accepted only)
--   complete_ts         NtCompleteConnectPort on that port, which wakes the client
--   client_port_id      the client communication port (accepted only)
--   connect_status      the client's NtConnectPort NTSTATUS (0xC0000041,
--                       STATUS_PORT_CONNECTION_REFUSED, when refused)
--   connect_return_ts   when the client's NtConnectPort returned
CREATE TABLE port_connect (
	id                 INTEGER PRIMARY KEY,
	request_id         INTEGER REFERENCES port_message(id),
	message_id         INTEGER,
	client_pid         INTEGER,
	client_tid         INTEGER,
	connection_port_id INTEGER REFERENCES port(id),
	server_utid        INTEGER REFERENCES thread(utid),
	accept_ts          INTEGER,
	accepted           INTEGER,
	accept_status      INTEGER,
	server_port_id     INTEGER REFERENCES port(id),
	complete_ts        INTEGER,
	client_port_id     INTEGER REFERENCES port(id),
	connect_status     INTEGER,
	connect_return_ts  INTEGER
);
CREATE INDEX port_connect_by_message_id ON port_connect(message_id, accept_ts);

-- syscall_handle: what a handle argument of a system call referred to when the call
-- entered, resolved through the caller's handle table (NtCurrentProcess() = -1 and
-- NtCurrentThread() = -2 included). One row per resolved (call, argument).
--   syscall_id, idx     the call and the argument's index, as in syscall_arg
--   kind                the object type: 'process', 'thread', 'port', 'section',
--                       'file', 'event', ...
--   object              the kernel object's address
--   upid, utid, port_id the process, thread or port it is, for those kinds
CREATE TABLE syscall_handle (
	syscall_id INTEGER NOT NULL REFERENCES syscall(id),
	idx        INTEGER NOT NULL,
	kind       TEXT,
	object     INTEGER,
	upid       INTEGER REFERENCES process(upid),
	utid       INTEGER REFERENCES thread(utid),
	port_id    INTEGER REFERENCES port(id),
	PRIMARY KEY (syscall_id, idx)
) WITHOUT ROWID;
CREATE INDEX syscall_handle_by_utid ON syscall_handle(utid);

-- ucall: calls of watched user-mode functions: execution reaching the function's first
-- instruction, and its return address. This is how a CreateProcess that never reaches
-- NtCreateProcessEx (a missing image) is seen at all. Watched: kernel32
-- CreateProcessInternalW; ntdll CsrClientConnectToServer, CsrClientCallServer; csrss
-- CsrCreateProcess, CsrLocateThreadByClientId, CsrApiHandleConnectionRequest and the
-- hard-error routine.
--   id                  key
--   utid                the calling thread
--   ts_enter, ts_exit   call and return; ts_exit NULL if it had not returned at the end
--   function            the symbol, e.g. 'CreateProcessInternalW'
--   image               the image that defines it, as image.name
--   address             the function's address
--   arg_text            the argument that matters, as UTF-8 text: for
--                       CreateProcessInternalW the image asked for (lpApplicationName,
--                       else the first token of lpCommandLine); for CsrCreateProcess,
--                       CsrLocateThreadByClientId and CsrApiHandleConnectionRequest the
--                       ClientId 'pid.tid'; for CsrClientConnectToServer the port name;
--                       for CsrClientCallServer the ApiNumber '0x00010000'; for the
--                       hard-error routine the NTSTATUS '0xC0000142'
--   ret                 EAX at return (CsrLocateThreadByClientId: 0 = not found)
-- Stored in ev_ucall: function, image and arg_text as string ids (a ClientId's text
-- recurs in csrss's calls about it, an image name in every CreateProcess of it).
-- CreateProcessInternalW calls are found by scanning ev_ucall (one pass per query).
CREATE TABLE ev_ucall (
	id        INTEGER PRIMARY KEY,
	utid      INTEGER REFERENCES thread(utid),
	ts_enter  INTEGER NOT NULL,
	ts_exit   INTEGER,
	function_sid INTEGER NOT NULL REFERENCES string(id),
	image_sid    INTEGER REFERENCES string(id),
	address   INTEGER,
	arg_sid   INTEGER REFERENCES string(id),
	ret       INTEGER
);
CREATE INDEX ucall_by_utid ON ev_ucall(utid, function_sid, ts_enter);

CREATE VIEW ucall AS
SELECT u.id, u.utid, u.ts_enter, u.ts_exit,
       (SELECT value FROM string WHERE id = u.function_sid) AS function,
       (SELECT value FROM string WHERE id = u.image_sid) AS image, u.address,
       (SELECT value FROM string WHERE id = u.arg_sid) AS arg_text, u.ret
FROM ev_ucall u;


-- What the handshake view looks up, by identity.
CREATE INDEX process_by_parent ON process(parent_upid, create_ts);
-- (and syscall_by_number, sched_next, apc_target above)

-- flow: the arrows between rows: LPC request -> receive -> reply, APC queue -> delivery,
-- wakeups. Each end names a row (table, id) and carries its time and thread, so a
-- timeline draws the arrow from (out_utid, out_ts) to (in_utid, in_ts) without
-- knowing the tables. A view: every arrow follows from the rows. kinds:
--   'apc'         apc.id -> the same apc row: queueing (queue_ts, queuer_utid) ->
--                 delivery (deliver_ts, deliver_utid).
--   'apc_user'    apc.id -> the same apc row: queueing -> arrival in user mode at
--                 KiUserApcDispatcher (user_deliver_ts, target_utid).
--   'wakeup'      wakeup.id (ts, waker_utid) -> the sched row that next runs the
--                 thread (the last wake-up before it, ev_sched.wakeup_id).
--   'lpc_reply'   from the request to its reply (both port_message, each end at its
--                 send_ts and sender_utid).
--   'lpc_receive' port_message.id -> the same row: sent (send_ts, sender_utid) ->
--                 taken off the queue (receive_ts, receiver_utid).
--   'lpc_accept'  from an LPC_CONNECTION_REQUEST to its port_connect row (accept_ts,
--                 server_utid).
CREATE VIEW flow AS
SELECT 'apc' AS kind, 'apc' AS out_table, a.id AS out_id, 'apc' AS in_table, a.id AS in_id,
       a.queue_ts AS out_ts, a.queuer_utid AS out_utid, a.deliver_ts AS in_ts,
       a.deliver_utid AS in_utid
FROM ev_apc a WHERE a.deliver_ts IS NOT NULL
UNION ALL
SELECT 'apc_user', 'apc', a.id, 'apc', a.id, a.queue_ts, a.queuer_utid, a.user_deliver_ts,
       a.target_utid
FROM ev_apc a WHERE a.user_deliver_ts IS NOT NULL
UNION ALL
SELECT 'wakeup', 'wakeup', w.id, 'sched', s.id, w.ts, w.waker_utid, s.ts, s.next_utid
FROM ev_sched s JOIN ev_wakeup w ON w.id = s.wakeup_id
UNION ALL
SELECT 'lpc_reply', 'port_message', q.id, 'port_message', r.id, q.send_ts, q.sender_utid,
       r.send_ts, r.sender_utid
FROM ev_message r JOIN ev_message q ON q.id = r.reply_to
UNION ALL
SELECT 'lpc_receive', 'port_message', m.id, 'port_message', m.id, m.send_ts, m.sender_utid,
       m.receive_ts, m.receiver_utid
FROM ev_message m WHERE m.receive_ts IS NOT NULL
UNION ALL
SELECT 'lpc_accept', 'port_message', q.id, 'port_connect', c.id, q.send_ts, q.sender_utid,
       c.accept_ts, c.server_utid
FROM port_connect c JOIN ev_message q ON q.id = c.request_id;

-- csr_message: the CSR_API_MSG fields of every message with a payload (see port_message).
-- SQLite has no hex-to-integer function: each little-endian dword is taken as hex and
-- its digits valued by their place in '123456789ABCDEF' ('0' is not found: 0).
--   api                 ApiNumber (payload 0x04)
--   return_value        ReturnValue (payload 0x08): csrss's answer in a reply
--   data2, data3        API data dwords 2 and 3 (payload 0x18, 0x1C): for
--                       BasepCreateProcess the new process's ClientId (pid, tid)
--   type_sid            the type's string id (for indexed look-ups by type)
CREATE VIEW csr_message AS
SELECT id, port_id, type, message_id, client_pid, client_tid, sender_utid, send_ts,
       receiver_utid, receive_ts, api_number, api_name, type_sid,
       CASE WHEN length(x_api) = 8 THEN
	       (instr('123456789ABCDEF', substr(x_api, 1, 1)) * 16 + instr('123456789ABCDEF', substr(x_api, 2, 1)))
	     + (instr('123456789ABCDEF', substr(x_api, 3, 1)) * 16 + instr('123456789ABCDEF', substr(x_api, 4, 1))) * 0x100
	     + (instr('123456789ABCDEF', substr(x_api, 5, 1)) * 16 + instr('123456789ABCDEF', substr(x_api, 6, 1))) * 0x10000
	     + (instr('123456789ABCDEF', substr(x_api, 7, 1)) * 16 + instr('123456789ABCDEF', substr(x_api, 8, 1))) * 0x1000000 END AS api,
       CASE WHEN length(x_ret) = 8 THEN
	       (instr('123456789ABCDEF', substr(x_ret, 1, 1)) * 16 + instr('123456789ABCDEF', substr(x_ret, 2, 1)))
	     + (instr('123456789ABCDEF', substr(x_ret, 3, 1)) * 16 + instr('123456789ABCDEF', substr(x_ret, 4, 1))) * 0x100
	     + (instr('123456789ABCDEF', substr(x_ret, 5, 1)) * 16 + instr('123456789ABCDEF', substr(x_ret, 6, 1))) * 0x10000
	     + (instr('123456789ABCDEF', substr(x_ret, 7, 1)) * 16 + instr('123456789ABCDEF', substr(x_ret, 8, 1))) * 0x1000000 END AS return_value,
       CASE WHEN length(x_d2) = 8 THEN
	       (instr('123456789ABCDEF', substr(x_d2, 1, 1)) * 16 + instr('123456789ABCDEF', substr(x_d2, 2, 1)))
	     + (instr('123456789ABCDEF', substr(x_d2, 3, 1)) * 16 + instr('123456789ABCDEF', substr(x_d2, 4, 1))) * 0x100
	     + (instr('123456789ABCDEF', substr(x_d2, 5, 1)) * 16 + instr('123456789ABCDEF', substr(x_d2, 6, 1))) * 0x10000
	     + (instr('123456789ABCDEF', substr(x_d2, 7, 1)) * 16 + instr('123456789ABCDEF', substr(x_d2, 8, 1))) * 0x1000000 END AS data2,
       CASE WHEN length(x_d3) = 8 THEN
	       (instr('123456789ABCDEF', substr(x_d3, 1, 1)) * 16 + instr('123456789ABCDEF', substr(x_d3, 2, 1)))
	     + (instr('123456789ABCDEF', substr(x_d3, 3, 1)) * 16 + instr('123456789ABCDEF', substr(x_d3, 4, 1))) * 0x100
	     + (instr('123456789ABCDEF', substr(x_d3, 5, 1)) * 16 + instr('123456789ABCDEF', substr(x_d3, 6, 1))) * 0x10000
	     + (instr('123456789ABCDEF', substr(x_d3, 7, 1)) * 16 + instr('123456789ABCDEF', substr(x_d3, 8, 1))) * 0x1000000 END AS data3
FROM (SELECT m.*, (SELECT value FROM string WHERE id = m.type_sid) AS type,
             (SELECT value FROM string WHERE id = m.api_name_sid) AS api_name,
             hex(substr(m.payload, 0x05, 4)) AS x_api, hex(substr(m.payload, 0x09, 4)) AS x_ret,
             hex(substr(m.payload, 0x19, 4)) AS x_d2, hex(substr(m.payload, 0x1D, 4)) AS x_d3
      FROM ev_message m);

-- createprocess_attempt: one row per CreateProcess attempt: every call of kernel32
-- CreateProcessInternalW, and every NtCreateProcess(Ex) made outside one (a raw
-- creation, as in seed 000).
--   attempt_table, attempt_id  the ucall or syscall row the attempt is
--   via                 'CreateProcessInternalW', 'NtCreateProcessEx' or 'NtCreateProcess'
--   parent_utid         the thread that made it (P)
--   ts_begin, ts_end    the attempt's call and return
--   requested_image     the image asked for (CreateProcessInternalW only)
--   create_syscall      the NtCreateProcess(Ex) call: the first P made inside the attempt
CREATE VIEW createprocess_attempt AS
SELECT 'ucall' AS attempt_table, u.id AS attempt_id, 'CreateProcessInternalW' AS via,
       u.utid AS parent_utid,
       u.ts_enter AS ts_begin, u.ts_exit AS ts_end,
       (SELECT value FROM string WHERE id = u.arg_sid) AS requested_image,
       (SELECT s.id FROM ev_syscall s
        WHERE s.number IN (SELECT number FROM service WHERE name IN ('NtCreateProcessEx', 'NtCreateProcess'))
          AND s.utid = u.utid AND s.ts_enter >= u.ts_enter
          AND s.ts_enter <= coalesce(u.ts_exit, 9223372036854775807)
        ORDER BY s.ts_enter LIMIT 1) AS create_syscall
FROM ev_ucall u WHERE u.function_sid = (SELECT id FROM string WHERE value = 'CreateProcessInternalW')
UNION ALL
SELECT 'syscall', s.id, (SELECT v.name FROM service v WHERE v.number = s.number), s.utid,
       s.ts_enter, s.ts_enter + s.duration, NULL, s.id
FROM ev_syscall s
WHERE s.number IN (SELECT number FROM service WHERE name IN ('NtCreateProcessEx', 'NtCreateProcess'))
  AND NOT EXISTS (SELECT 1 FROM
                    (SELECT u.ts_exit FROM ev_ucall u
                     WHERE u.utid = s.utid AND u.function_sid = (SELECT id FROM string WHERE value = 'CreateProcessInternalW')
                       AND u.ts_enter <= s.ts_enter
                     ORDER BY u.ts_enter DESC LIMIT 1) AS last
                  WHERE last.ts_exit IS NULL OR last.ts_exit >= s.ts_enter);

-- createprocess_handshake_steps: each attempt with the row of every step, each found by
-- identity (who, on which object), never by "the next one". P = the parent thread,
-- C = the child process, S = csrss. See createprocess_handshake for the columns; also:
--   created_suspended   NtCreateThread's CreateSuspended argument (index 7, low byte) for
--                       C's first thread; without it 1 if the thread was resumed or
--                       CreateProcessInternalW made it (kernel32 always creates it
--                       suspended); NULL if unknown or C has no thread
--   csr_contact         1 if C ever turned to csrss: a connection request or hard error
--                       on \Windows\ApiPort, or a call of CsrClientConnectToServer
CREATE VIEW createprocess_handshake_steps AS
SELECT a.attempt_table, a.attempt_id, a.via, a.requested_image, a.ts_begin, a.ts_end,
       pt.upid AS parent_upid, a.parent_utid, pp.pid AS parent_pid, pt.tid AS parent_tid,
       pp.name AS parent_image,
       c.upid AS child_upid, ct.utid AS child_utid, c.pid AS child_pid, ct.tid AS child_tid,
       c.name AS child_name,
       cps.ts_enter AS ts_create_process, cps.utid AS create_process_utid,
       cps.status AS create_process_status,
       cts.ts_enter AS ts_create_thread, cts.utid AS create_thread_utid,
       rq.id AS request_id, rq.message_id AS request_message_id,
       rq.send_ts AS ts_csr_request, rq.sender_utid AS csr_request_utid,
       rq.receive_ts AS ts_csr_receive, rq.receiver_utid AS csr_receive_utid,
       rp.id AS reply_id, rp.send_ts AS ts_csr_reply, rp.sender_utid AS csr_reply_utid,
       (SELECT r.return_value FROM csr_message r WHERE r.id = rp.id) AS csr_reply_status,
       cc.ts_enter AS ts_csr_create_process,
       rs.ts_enter AS ts_resume, rs.utid AS resume_utid,
       fr.ts AS ts_first_run,
       ia.deliver_ts AS ts_init_apc,
       cq.id AS connect_request_id, cq.send_ts AS ts_csr_connect,
       cq.sender_utid AS csr_connect_utid,
       pc.id AS port_connect_id, pc.accepted AS connect_accepted,
       pc.accept_ts AS ts_connect_answer, pc.server_utid AS connect_server_utid,
       pc.complete_ts AS ts_connect_complete,
       lk.ts_enter AS ts_connect_lookup, lk.ret AS connect_lookup_ret,
       he.send_ts AS ts_hard_error,
       nf.ts_enter AS ts_not_found, nf.status AS not_found_status,
       qs.ts_enter AS ts_query_section,
       CASE WHEN ct.utid IS NULL THEN NULL
            WHEN cts.a7 IS NOT NULL THEN (cts.a7 & 0xFF) != 0
            WHEN rs.id IS NOT NULL OR a.attempt_table = 'ucall' THEN 1 END AS created_suspended,
       (cq.id IS NOT NULL OR he.id IS NOT NULL
        OR EXISTS (SELECT 1 FROM thread t CROSS JOIN ev_ucall u ON u.utid = t.utid
                   WHERE t.upid = c.upid AND u.function_sid = (SELECT id FROM string WHERE value = 'CsrClientConnectToServer')))
         AS csr_contact,
       c.exit_ts AS ts_exit, c.exit_status
FROM createprocess_attempt a
LEFT JOIN thread pt ON pt.utid = a.parent_utid
LEFT JOIN process pp ON pp.upid = pt.upid
-- create_process: the attempt's NtCreateProcess(Ex)
LEFT JOIN ev_syscall cps ON cps.id = a.create_syscall
-- C: the process created inside that call, by P, with P's process as its parent
LEFT JOIN process c ON c.upid = (
	SELECT p.upid FROM process p
	WHERE p.parent_upid = pt.upid AND p.create_ts >= cps.ts_enter
	  AND (cps.duration IS NULL OR p.create_ts <= cps.ts_enter + cps.duration)
	  AND (p.creator_utid IS NULL OR p.creator_utid = cps.utid)
	ORDER BY p.create_ts LIMIT 1)
-- create_thread: P's first NtCreateThread inside which a thread of C was created
LEFT JOIN ev_syscall cts ON cts.id = (
	SELECT s.id FROM ev_syscall s
	WHERE s.utid = a.parent_utid AND s.number = (SELECT number FROM service WHERE name = 'NtCreateThread')
	  AND s.ts_enter >= c.create_ts
	  AND EXISTS (SELECT 1 FROM thread t
	              WHERE t.upid = c.upid AND t.create_ts >= s.ts_enter
	                AND (s.duration IS NULL OR t.create_ts <= s.ts_enter + s.duration))
	ORDER BY s.ts_enter LIMIT 1)
-- C's first thread: the one that call created (without the call: C's first)
LEFT JOIN thread ct ON ct.utid = (
	SELECT t.utid FROM thread t
	WHERE t.upid = c.upid
	  AND (cts.id IS NULL OR (t.create_ts >= cts.ts_enter
	                          AND (cts.duration IS NULL OR t.create_ts <= cts.ts_enter + cts.duration)))
	ORDER BY t.create_ts, t.utid LIMIT 1)
-- csr_request, csr_receive: P's LPC_REQUEST BasepCreateProcess naming C's pid, sent
-- while C existed (before or after C's thread: NT5 or ReactOS order)
LEFT JOIN ev_message rq ON rq.id = (
	SELECT m.id FROM csr_message m
	WHERE m.sender_utid = a.parent_utid AND m.type_sid = (SELECT id FROM string WHERE value = 'LPC_REQUEST') AND m.api = 0x10000
	  AND m.data2 = c.pid AND m.send_ts >= c.create_ts
	  AND (c.exit_ts IS NULL OR m.send_ts <= c.exit_ts)
	ORDER BY m.send_ts LIMIT 1)
-- csr_reply: the LPC_REPLY with the request's MessageId and ClientId
LEFT JOIN ev_message rp ON rp.id = (
	SELECT r.id FROM ev_message r
	WHERE r.message_id = rq.message_id AND r.type_sid = (SELECT id FROM string WHERE value = 'LPC_REPLY')
	  AND r.client_pid = rq.client_pid AND r.client_tid = rq.client_tid
	  AND r.send_ts >= rq.send_ts
	ORDER BY r.send_ts LIMIT 1)
-- S's CsrCreateProcess while it handled that request
LEFT JOIN ev_ucall cc ON cc.id = (
	SELECT u.id FROM ev_ucall u
	WHERE u.utid = rq.receiver_utid AND u.function_sid = (SELECT id FROM string WHERE value = 'CsrCreateProcess')
	  AND u.ts_enter >= rq.receive_ts AND (rp.id IS NULL OR u.ts_enter <= rp.send_ts)
	ORDER BY u.ts_enter LIMIT 1)
-- resume: the first NtResumeThread whose thread handle was C's first thread
LEFT JOIN ev_syscall rs ON rs.id = (
	SELECT s.id FROM syscall_handle o JOIN ev_syscall s ON s.id = o.syscall_id
	WHERE o.utid = ct.utid AND o.idx = 0 AND s.number = (SELECT number FROM service WHERE name = 'NtResumeThread')
	ORDER BY s.ts_enter LIMIT 1)
-- first_run: C's thread switched in, from the resume on (created suspended, it may
-- have been switched in before, only to wait); a thread created not suspended (the
-- CreateSuspended argument FALSE) from its creation on
LEFT JOIN ev_sched fr ON fr.rowid = (
	SELECT x.rowid FROM ev_sched x
	WHERE x.next_utid = ct.utid
	  AND x.ts >= CASE WHEN rs.id IS NOT NULL THEN rs.ts_enter
	                   WHEN (cts.a7 & 0xFF) = 0 THEN ct.create_ts END
	ORDER BY x.ts LIMIT 1)
-- init_apc: the user APC to ntdll!LdrInitializeThunk queued to C's thread
LEFT JOIN ev_apc ia ON ia.id = (
	SELECT x.id FROM ev_apc x JOIN location l ON l.id = x.normal_routine_loc
	WHERE x.target_utid = ct.utid AND x.mode_sid = (SELECT id FROM string WHERE value = 'user')
	  AND (l.symbol = 'LdrInitializeThunk' OR l.symbol GLOB 'LdrInitializeThunk+*'
	       OR l.symbol GLOB '*!LdrInitializeThunk')
	ORDER BY x.queue_ts LIMIT 1)
-- csr_connect: the first LPC_CONNECTION_REQUEST from a thread of C to \Windows\ApiPort
LEFT JOIN ev_message cq ON cq.id = (
	SELECT k.id FROM thread t
	JOIN ev_message k ON k.sender_utid = t.utid
	JOIN port n ON n.id = k.port_id
	WHERE t.upid = c.upid AND k.type_sid = (SELECT id FROM string WHERE value = 'LPC_CONNECTION_REQUEST')
	  AND n.name = '\Windows\ApiPort'
	ORDER BY k.send_ts LIMIT 1)
-- connect_accepted (or refused): S's answer to that request, by MessageId and ClientId
LEFT JOIN port_connect pc ON pc.id = (
	SELECT x.id FROM port_connect x
	WHERE x.message_id = cq.message_id AND x.client_pid = cq.client_pid
	  AND x.client_tid = cq.client_tid AND x.accept_ts >= cq.send_ts
	ORDER BY x.accept_ts LIMIT 1)
-- S's CsrLocateThreadByClientId while it decided
LEFT JOIN ev_ucall lk ON lk.id = (
	SELECT u.id FROM ev_ucall u
	WHERE u.utid = pc.server_utid AND u.function_sid = (SELECT id FROM string WHERE value = 'CsrLocateThreadByClientId')
	  AND u.ts_enter >= cq.send_ts AND u.ts_enter <= pc.accept_ts
	ORDER BY u.ts_enter DESC LIMIT 1)
-- the hard error C reported to S (LPC_ERROR_EVENT on \Windows\ApiPort, csrss's
-- default hard-error port), if any; one sent to another process's port is not csrss's
LEFT JOIN ev_message he ON he.id = (
	SELECT e.id FROM thread t JOIN ev_message e ON e.sender_utid = t.utid
	JOIN port n ON n.id = e.port_id
	WHERE t.upid = c.upid AND e.type_sid = (SELECT id FROM string WHERE value = 'LPC_ERROR_EVENT')
	  AND n.name = '\Windows\ApiPort'
	ORDER BY e.send_ts LIMIT 1)
-- a missing image: P's NtOpenFile inside the attempt failing with
-- STATUS_OBJECT_NAME_NOT_FOUND or STATUS_OBJECT_PATH_NOT_FOUND
LEFT JOIN ev_syscall nf ON nf.id = (
	SELECT s.id FROM ev_syscall s
	WHERE a.attempt_table = 'ucall' AND s.utid = a.parent_utid AND s.number = (SELECT number FROM service WHERE name = 'NtOpenFile')
	  AND s.status IN (0xC0000034, 0xC000003A) AND s.ts_enter >= a.ts_begin
	  AND s.ts_enter <= coalesce(a.ts_end, 9223372036854775807)
	ORDER BY s.ts_enter DESC LIMIT 1)
-- the image's section queried: P's successful NtQuerySection inside a
-- CreateProcessInternalW attempt (kernel32 decides there whether it is a Win32 image)
LEFT JOIN ev_syscall qs ON qs.id = (
	SELECT s.id FROM ev_syscall s
	WHERE a.attempt_table = 'ucall' AND s.utid = a.parent_utid AND s.number = (SELECT number FROM service WHERE name = 'NtQuerySection')
	  AND s.status = 0 AND s.ts_enter >= a.ts_begin
	  AND s.ts_enter <= coalesce(a.ts_end, 9223372036854775807)
	ORDER BY s.ts_enter LIMIT 1);

-- createprocess_handshake: one row per CreateProcess attempt, with the time of each
-- step of the canonical NT5 handshake (NT-FACTS §10), NULL where it did not happen:
--   ts_create_process   P calls NtCreateProcess(Ex)
--   ts_create_thread    P calls NtCreateThread for C's first thread (suspended)
--   ts_csr_request      P sends LPC_REQUEST BasepCreateProcess (0x10000) for C to csrss
--   ts_csr_receive      csrss receives it
--   ts_csr_reply        csrss sends the LPC_REPLY with its MessageId and ClientId
--   ts_resume           NtResumeThread on C's thread (called)
--   ts_first_run        C's thread switched in, the first time from the resume on (from
--                       its creation for a thread created not suspended)
--   ts_init_apc         the user APC to LdrInitializeThunk delivered to C's thread
--   ts_csr_connect      C's LPC_CONNECTION_REQUEST to \Windows\ApiPort (kernel32 init)
--   ts_connect_accepted csrss's NtAcceptConnectPort accepting it (NULL if refused)
-- and ts_exit, exit_status of C. Also: ts_attempt (the CreateProcessInternalW call or
-- the raw NtCreateProcess(Ex)), ts_connect_refused, ts_csr_create_process (csrss's
-- CsrCreateProcess), ts_connect_lookup + connect_lookup_ret (csrss's
-- CsrLocateThreadByClientId for the connection; 0 = not found), ts_hard_error (C's
-- LPC_ERROR_EVENT to \Windows\ApiPort), ts_not_found + not_found_status (the failed
-- NtOpenFile), ts_query_section (P's successful NtQuerySection in the attempt), the thread
-- (utid) that did each step, NtCreateProcess(Ex)'s status, the request's ids, csrss's
-- reply status (ReturnValue), and durations: csr_instructions (request to reply),
-- create_instructions (create_process to resume), startup_instructions (resume to
-- connect_accepted).
--   ordering            'nt5' (csrss told after the thread exists), 'reactos' (before:
--                       a boot option selects it; not a missing step), 'native' (a
--                       native creation, below), NULL (not told)
--   subsystem           'native' or 'win32': what the trace shows the child to be. A
--                       child created raw (NtCreateProcess(Ex), not through
--                       CreateProcessInternalW) that never turned to csrss (csr_contact
--                       0: no csr_connect, no hard error to \Windows\ApiPort, no
--                       CsrClientConnectToServer) is a native creation, as smss starts
--                       csrss and native programs (NT's RtlCreateUserProcess): the csrss
--                       steps (csr_request, csr_receive, csr_reply, csr_connect,
--                       connect_accepted) are not expected, so never missing nor pending.
--                       A raw child still running that has not reached kernel32 yet is
--                       taken as native too: the trace cannot tell more. Every other
--                       child is 'win32' (seed 000's raw child connected: 'win32').
--                       'native' also for outcome 'not_win32'; NULL with no child.
--   created_suspended   see createprocess_handshake_steps. resume is expected when it
--                       is 1 (unknown: for win32 children only); a thread created not
--                       suspended has its first_run at its first switch-in after its
--                       creation
--   outcome             'image_not_found' (no process; NtOpenFile failed: not found),
--                       'not_win32' (no process: CreateProcessInternalW queried the
--                       image section, NtQuerySection succeeded, and it returned without
--                       NtCreateProcessEx: kernel32 refused a native image,
--                       ERROR_CHILD_NOT_COMPLETE),
--                       'create_failed' (no process, for another reason),
--                       'init_failed' (connection refused, csrss failed the request,
--                       or exit status STATUS_DLL_INIT_FAILED 0xC0000142),
--                       'running' (no exit in the trace),
--                       'crashed' (exit status of warning or error severity, e.g.
--                       STATUS_ACCESS_VIOLATION 0xC0000005),
--                       'ok' (any other exit)
--   missing_steps       the absent steps, comma-separated in canonical order, that
--                       should have happened: C has exited or was refused (or, with no
--                       C, the attempt returned), or a later step did happen
--   pending_steps       the absent steps that may still come (the trace ended first)
-- exit is never listed: a child that has not exited is 'running'. A step "did happen
-- later" by position in the row's order, last_pos being the latest that happened (NT5:
-- create_thread 2, csr_request..csr_reply 3-5; ReactOS: csr_request..csr_reply 2-4,
-- create_thread 5; both: create_process 1, resume 6 ... connect_accepted 10).
CREATE VIEW createprocess_handshake AS
WITH steps AS MATERIALIZED (SELECT * FROM createprocess_handshake_steps)
SELECT attempt_table, attempt_id, via,
       parent_upid, parent_utid, parent_pid, parent_tid, parent_image,
       child_upid, child_utid, child_pid, child_tid,
       coalesce(child_name, replace(requested_image,
                rtrim(requested_image, replace(requested_image, '\', '')), '')) AS child_image,
       requested_image,
       ts_begin AS ts_attempt, ts_create_process, ts_create_thread, ts_csr_request,
       ts_csr_receive, ts_csr_reply, ts_resume, ts_first_run, ts_init_apc, ts_csr_connect,
       ts_connect_accepted, ts_connect_refused, ts_exit, exit_status,
       ordering, outcome, subsystem, created_suspended,
       rtrim(CASE WHEN ts_create_process IS NULL AND (ended OR 1 < last_pos) THEN 'create_process,' ELSE '' END
          || CASE WHEN ts_create_thread IS NULL AND (ended OR p_thread < last_pos) THEN 'create_thread,' ELSE '' END
          || CASE WHEN ts_csr_request IS NULL AND csr_expected AND (ended OR p_request < last_pos) THEN 'csr_request,' ELSE '' END
          || CASE WHEN ts_csr_receive IS NULL AND csr_expected AND (ended OR p_request + 1 < last_pos) THEN 'csr_receive,' ELSE '' END
          || CASE WHEN ts_csr_reply IS NULL AND csr_expected AND (ended OR p_request + 2 < last_pos) THEN 'csr_reply,' ELSE '' END
          || CASE WHEN ts_resume IS NULL AND resume_expected AND (ended OR 6 < last_pos) THEN 'resume,' ELSE '' END
          || CASE WHEN ts_first_run IS NULL AND (ended OR 7 < last_pos) THEN 'first_run,' ELSE '' END
          || CASE WHEN ts_init_apc IS NULL AND (ended OR 8 < last_pos) THEN 'init_apc,' ELSE '' END
          || CASE WHEN ts_csr_connect IS NULL AND csr_expected AND (ended OR 9 < last_pos) THEN 'csr_connect,' ELSE '' END
          || CASE WHEN ts_connect_accepted IS NULL AND csr_expected AND ended THEN 'connect_accepted,' ELSE '' END, ',')
         AS missing_steps,
       rtrim(CASE WHEN ts_create_process IS NULL AND NOT (ended OR 1 < last_pos) THEN 'create_process,' ELSE '' END
          || CASE WHEN ts_create_thread IS NULL AND NOT (ended OR p_thread < last_pos) THEN 'create_thread,' ELSE '' END
          || CASE WHEN ts_csr_request IS NULL AND csr_expected AND NOT (ended OR p_request < last_pos) THEN 'csr_request,' ELSE '' END
          || CASE WHEN ts_csr_receive IS NULL AND csr_expected AND NOT (ended OR p_request + 1 < last_pos) THEN 'csr_receive,' ELSE '' END
          || CASE WHEN ts_csr_reply IS NULL AND csr_expected AND NOT (ended OR p_request + 2 < last_pos) THEN 'csr_reply,' ELSE '' END
          || CASE WHEN ts_resume IS NULL AND resume_expected AND NOT (ended OR 6 < last_pos) THEN 'resume,' ELSE '' END
          || CASE WHEN ts_first_run IS NULL AND NOT (ended OR 7 < last_pos) THEN 'first_run,' ELSE '' END
          || CASE WHEN ts_init_apc IS NULL AND NOT (ended OR 8 < last_pos) THEN 'init_apc,' ELSE '' END
          || CASE WHEN ts_csr_connect IS NULL AND csr_expected AND NOT (ended OR 9 < last_pos) THEN 'csr_connect,' ELSE '' END
          || CASE WHEN ts_connect_accepted IS NULL AND csr_expected AND NOT ended THEN 'connect_accepted,' ELSE '' END, ',')
         AS pending_steps,
       create_process_utid, create_thread_utid, csr_request_utid, csr_receive_utid,
       csr_reply_utid, resume_utid, csr_connect_utid, connect_server_utid,
       create_process_status, request_id, request_message_id, reply_id, csr_reply_status,
       connect_request_id,
       port_connect_id, ts_csr_create_process, ts_connect_complete, ts_connect_lookup,
       connect_lookup_ret, ts_hard_error, ts_not_found, not_found_status, ts_query_section,
       ts_csr_reply - ts_csr_request AS csr_instructions,
       ts_resume - ts_create_process AS create_instructions,
       ts_connect_accepted - ts_resume AS startup_instructions
FROM (SELECT h.*,
             NOT native AS csr_expected,
             coalesce(created_suspended, NOT native) AS resume_expected,
             CASE WHEN native OR outcome = 'not_win32' THEN 'native'
                  WHEN child_upid IS NOT NULL THEN 'win32' END AS subsystem,
             max(ts_create_process IS NOT NULL, (ts_create_thread IS NOT NULL) * p_thread,
                 (ts_csr_request IS NOT NULL) * p_request,
                 (ts_csr_receive IS NOT NULL) * (p_request + 1),
                 (ts_csr_reply IS NOT NULL) * (p_request + 2),
                 (ts_resume IS NOT NULL) * 6, (ts_first_run IS NOT NULL) * 7,
                 (ts_init_apc IS NOT NULL) * 8, (ts_csr_connect IS NOT NULL) * 9,
                 (ts_connect_accepted IS NOT NULL) * 10) AS last_pos
      FROM (SELECT s.*,
                   coalesce(s.child_upid IS NOT NULL AND s.attempt_table = 'syscall'
                            AND NOT s.csr_contact, 0) AS native,
                   CASE s.connect_accepted WHEN 1 THEN s.ts_connect_answer END AS ts_connect_accepted,
                   CASE s.connect_accepted WHEN 0 THEN s.ts_connect_answer END AS ts_connect_refused,
                   CASE WHEN s.child_upid IS NOT NULL AND s.attempt_table = 'syscall'
                             AND NOT s.csr_contact THEN 'native'
                        WHEN s.ts_csr_request IS NULL THEN NULL
                        WHEN s.ts_create_thread IS NULL OR s.ts_csr_request < s.ts_create_thread
                        THEN 'reactos' ELSE 'nt5' END AS ordering,
                   CASE WHEN s.ts_csr_request IS NOT NULL AND (s.ts_create_thread IS NULL
                             OR s.ts_csr_request < s.ts_create_thread) THEN 5 ELSE 2 END AS p_thread,
                   CASE WHEN s.ts_csr_request IS NOT NULL AND (s.ts_create_thread IS NULL
                             OR s.ts_csr_request < s.ts_create_thread) THEN 2 ELSE 3 END AS p_request,
                   CASE WHEN s.child_upid IS NULL THEN s.ts_end IS NOT NULL
                        ELSE s.ts_exit IS NOT NULL OR s.connect_accepted IS 0 END AS ended,
                   CASE
                     WHEN s.child_upid IS NULL THEN
                       CASE WHEN s.ts_not_found IS NOT NULL THEN 'image_not_found'
                            WHEN s.ts_end IS NULL THEN 'running'
                            WHEN s.ts_create_process IS NULL AND s.ts_query_section IS NOT NULL
                            THEN 'not_win32' ELSE 'create_failed' END
                     WHEN (s.exit_status & 0xFFFFFFFF) = 0xC0000142 OR s.connect_accepted IS 0
                          OR (s.csr_reply_status & 0xFFFFFFFF) >= 0x80000000 THEN 'init_failed'
                     WHEN s.ts_exit IS NULL THEN 'running'
                     WHEN (s.exit_status & 0xFFFFFFFF) >= 0x80000000 THEN 'crashed'
                     ELSE 'ok' END AS outcome
            FROM steps s) h) x;
