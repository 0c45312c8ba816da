-- trace.sql — the ntscope trace database (DESIGN §3). The one schema: embedded in the
-- tracer and the analyzers; PRAGMA user_version is its version, checked by every reader.
-- Time columns (ts, ts_enter, ...) are guest instructions retired since reset.
-- Text columns that name code hold `symbol+0xoff` (hex when unknown); modes are
-- 'kernel' / 'user'. Raw numbers sit beside them where useful.
PRAGMA user_version = 2;

-- schema_version, emulator, kernel_path, kernel_build_id, workload, start_time,
-- instructions, events, status ('running', 'poweroff', 'bugcheck', 'max_instructions',
-- 'stopped'), bugcheck_code, bugcheck_params, max_instructions, tracer_version.
-- kernel_start_ts: when firmware time ended (KiSystemStartup reached, or paging on if
-- the kernel has no KiSystemStartup); nothing before it is recorded.
-- features: the optional event sources that are on ('start process thread sched
-- wakeup ready apc user_apc'); missing_hooks: the optional names the kernel or ntdll
-- lacks (a hooked function that exists only as a static symbol shows as
-- 'Name(not-global)'), e.g. 'KiInsertQueueApc _KAPC'.
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
CREATE INDEX symbol_name ON symbol(name);

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
-- exit_ts/exit_status come from the exit notification (Create = FALSE).
CREATE TABLE process (
	upid        INTEGER PRIMARY KEY,
	pid         INTEGER,
	name        TEXT,
	parent_upid INTEGER REFERENCES process(upid),
	create_ts   INTEGER,
	exit_ts     INTEGER,
	exit_status INTEGER,
	eprocess    INTEGER,
	first_ts    INTEGER
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
CREATE TABLE syscall (
	id        INTEGER PRIMARY KEY,
	utid      INTEGER REFERENCES thread(utid),
	ts_enter  INTEGER NOT NULL,
	ts_exit   INTEGER,
	number    INTEGER NOT NULL,
	name      TEXT,
	status    INTEGER,
	via       TEXT NOT NULL,
	nargs     INTEGER,
	args      TEXT,
	arg_ptr   INTEGER,
	eip       INTEGER,
	exit_kind TEXT,
	exit_address     TEXT,
	exit_address_raw INTEGER
);
CREATE INDEX syscall_utid ON syscall(utid, ts_enter);
CREATE INDEX syscall_name_idx ON syscall(name);

-- One row per argument dword; value NULL when the user stack was unreadable.
CREATE TABLE syscall_arg (
	syscall_id INTEGER NOT NULL REFERENCES syscall(id),
	idx        INTEGER NOT NULL,
	value      INTEGER,
	PRIMARY KEY (syscall_id, idx)
) WITHOUT ROWID;

-- kind 'exception' or 'interrupt'; name e.g. 'page_fault', 'clock', 'irq1'.
-- error_code is NULL for vectors that push none; cr2 only for page faults.
-- eip_symbol: a user address is symbolized with the current process's image and ntdll.
CREATE TABLE trap (
	id         INTEGER PRIMARY KEY,
	utid       INTEGER REFERENCES thread(utid),
	ts         INTEGER NOT NULL,
	vector     INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	error_code INTEGER,
	eip        INTEGER,
	cr2        INTEGER,
	name       TEXT,
	mode       TEXT,
	eip_symbol TEXT
);
CREATE INDEX trap_ts ON trap(ts);

-- One row per KiSwapContext(OldThread, NewThread). prev_state/wait_reason are the names
-- of OldThread->State / WaitReason in the kernel's DWARF enumerations _KTHREAD_STATE /
-- _KWAIT_REASON (raw numbers beside them); wait_reason only when the state is Waiting.
-- prev_cr3 is CR3 at the switch; next_cr3 the value the switch loaded (NULL: no CR3
-- write, same address space); cr3_change 1 when the switch changed address space.
CREATE TABLE sched (
	id          INTEGER PRIMARY KEY,
	ts          INTEGER NOT NULL,
	cpu         INTEGER NOT NULL DEFAULT 0,
	prev_utid   INTEGER REFERENCES thread(utid),
	next_utid   INTEGER REFERENCES thread(utid),
	prev_state  TEXT,
	wait_reason TEXT,
	prev_state_raw  INTEGER,
	wait_reason_raw INTEGER,
	prev_priority   INTEGER,
	next_priority   INTEGER,
	prev_cr3    INTEGER,
	next_cr3    INTEGER,
	cr3_change  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sched_ts ON sched(ts);
CREATE INDEX sched_next ON sched(next_utid, ts);

-- One row per KiUnwaitThread(Thread, WaitStatus, Increment) (waker: the running
-- thread), reason from WaitStatus and the thread's WaitReason:
-- 'apc' (STATUS_USER_APC 0xC0 / STATUS_KERNEL_APC 0x100), 'alerted' (0x101),
-- 'timeout' (0x102), 'resume' (WaitReason Suspended / WrSuspended), else
-- 'wait_satisfied'; and per KiReadyThread of a new thread (State Initialized):
-- 'ready' (wait_status NULL).
CREATE TABLE wakeup (
	id         INTEGER PRIMARY KEY,
	ts         INTEGER NOT NULL,
	utid       INTEGER REFERENCES thread(utid),
	waker_utid INTEGER REFERENCES thread(utid),
	reason     TEXT,
	wait_status     INTEGER,
	wait_reason     TEXT,
	wait_reason_raw INTEGER,
	increment       INTEGER
);
CREATE INDEX wakeup_utid ON wakeup(utid, ts);

-- One row per KiInsertQueueApc(Apc, Increment): queued by queuer_utid for target_utid
-- (KAPC.Thread); mode 'kernel'/'user' (KAPC.ApcMode). Routines as `symbol+0xoff`
-- (a user routine symbolized in the target's process). Delivered when the APC's
-- KernelRoutine runs with the KAPC as its first argument (deliver_ts, deliver_utid);
-- a user APC reaches user mode at ntdll!KiUserApcDispatcher (user_deliver_ts).
CREATE TABLE apc (
	id             INTEGER PRIMARY KEY,
	target_utid    INTEGER REFERENCES thread(utid),
	queue_ts       INTEGER,
	queuer_utid    INTEGER REFERENCES thread(utid),
	deliver_ts     INTEGER,
	mode           TEXT,
	kernel_routine TEXT,
	normal_routine TEXT,
	deliver_utid   INTEGER REFERENCES thread(utid),
	user_deliver_ts INTEGER,
	kapc           INTEGER,
	kernel_routine_raw INTEGER,
	normal_routine_raw INTEGER,
	normal_context     INTEGER,
	system_argument1   INTEGER,
	system_argument2   INTEGER,
	increment          INTEGER
);
CREATE INDEX apc_target ON apc(target_utid, queue_ts);

CREATE TABLE port (
	id         INTEGER PRIMARY KEY,
	name       TEXT,
	kind       TEXT,
	owner_upid INTEGER REFERENCES process(upid)
);

CREATE TABLE port_message (
	id            INTEGER PRIMARY KEY,
	port_id       INTEGER REFERENCES port(id),
	type          TEXT,
	message_id    INTEGER,
	sender_utid   INTEGER REFERENCES thread(utid),
	send_ts       INTEGER,
	receiver_utid INTEGER REFERENCES thread(utid),
	receive_ts    INTEGER,
	reply_to      INTEGER REFERENCES port_message(id),
	data_length   INTEGER,
	payload       BLOB,
	api_number    TEXT
);

-- The arrows between rows: LPC request -> receive -> reply, APC queue -> delivery,
-- wakeups. Each end names a row (table, id) and carries its time and thread, so a
-- timeline draws the arrow from (out_utid, out_ts) to (in_utid, in_ts) without
-- knowing the tables. kinds:
--   'apc'      apc.id -> the same apc row: queueing (queue_ts, queuer_utid) ->
--              delivery (deliver_ts, deliver_utid).
--   'apc_user' apc.id -> the same apc row: queueing -> arrival in user mode at
--              KiUserApcDispatcher (user_deliver_ts, target_utid).
--   'wakeup'   wakeup.id (ts, waker_utid) -> the sched row that next runs the thread.
CREATE TABLE flow (
	kind      TEXT NOT NULL,
	out_table TEXT NOT NULL,
	out_id    INTEGER NOT NULL,
	in_table  TEXT NOT NULL,
	in_id     INTEGER NOT NULL,
	out_ts    INTEGER,
	out_utid  INTEGER REFERENCES thread(utid),
	in_ts     INTEGER,
	in_utid   INTEGER REFERENCES thread(utid)
);
CREATE INDEX flow_out ON flow(out_table, out_id);
CREATE INDEX flow_in ON flow(in_table, in_id);

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
