-- trace.sql — the ntscope trace database (DESIGN §3). The one schema: embedded in the
-- tracer and the analyzers; PRAGMA user_version is its version, checked by every reader.
-- Time columns (ts, ts_enter, ...) are guest instructions retired since reset.
-- Text columns that name code hold `symbol+0xoff` (hex when unknown); modes are
-- 'kernel' / 'user'. Raw numbers sit beside them where useful.
PRAGMA user_version = 1;

-- schema_version, emulator, kernel_path, kernel_build_id, workload, start_time,
-- instructions, events, status ('running', 'poweroff', 'bugcheck', 'max_instructions',
-- 'stopped'), bugcheck_code, bugcheck_params, max_instructions, tracer_version.
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

-- Surrogate keys (upid, utid) because the guest reuses ids. eprocess/ethread are the
-- kernel object addresses; first_ts is when the tracer first saw the object.
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

CREATE TABLE thread (
	utid          INTEGER PRIMARY KEY,
	tid           INTEGER,
	upid          INTEGER REFERENCES process(upid),
	start_address TEXT,
	create_ts     INTEGER,
	exit_ts       INTEGER,
	ethread       INTEGER,
	first_ts      INTEGER
);
CREATE INDEX thread_upid ON thread(upid);

-- via 'int2e' or 'sysenter'. ts_exit/status stay NULL when the call never returned
-- to user mode (the thread exited, or the run ended first). name is NULL for numbers
-- outside the service table. args: the decoded arguments as text ('?' unreadable).
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
	eip       INTEGER
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

CREATE TABLE sched (
	ts          INTEGER NOT NULL,
	cpu         INTEGER NOT NULL DEFAULT 0,
	prev_utid   INTEGER REFERENCES thread(utid),
	next_utid   INTEGER REFERENCES thread(utid),
	prev_state  TEXT,
	wait_reason TEXT
);
CREATE INDEX sched_ts ON sched(ts);

CREATE TABLE wakeup (
	ts         INTEGER NOT NULL,
	utid       INTEGER REFERENCES thread(utid),
	waker_utid INTEGER REFERENCES thread(utid),
	reason     TEXT
);

CREATE TABLE apc (
	id             INTEGER PRIMARY KEY,
	target_utid    INTEGER REFERENCES thread(utid),
	queue_ts       INTEGER,
	queuer_utid    INTEGER REFERENCES thread(utid),
	deliver_ts     INTEGER,
	mode           TEXT,
	kernel_routine TEXT,
	normal_routine TEXT
);

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

-- The arrows between rows: LPC request -> receive -> reply, APC queue -> delivery, wakeups.
CREATE TABLE flow (
	kind      TEXT NOT NULL,
	out_table TEXT NOT NULL,
	out_id    INTEGER NOT NULL,
	in_table  TEXT NOT NULL,
	in_id     INTEGER NOT NULL
);

-- Threads with their process: the identity every event view joins.
CREATE VIEW thread_named AS
SELECT t.utid, t.tid, t.upid, p.pid, p.name AS process, t.first_ts, t.exit_ts
FROM thread t LEFT JOIN process p USING (upid);

CREATE VIEW syscall_named AS
SELECT s.id, s.ts_enter, s.ts_exit, s.ts_exit - s.ts_enter AS duration,
       s.utid, t.tid, t.pid, t.process, s.number, s.name, s.via, s.nargs, s.args,
       s.status, CASE WHEN s.status IS NOT NULL THEN printf('0x%08X', s.status) END AS status_hex
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
