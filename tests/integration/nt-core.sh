#!/bin/sh
# The NT core, over a real trace of the default workload: thread start through the
# LdrInitializeThunk APC, APC queue -> delivery, context switches and what follows
# them, wake-up reasons, preemption, CR3 switches, process lifetimes.
. "$top_srcdir/tests/integration/tap.sh"
plan 20
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
db=$tmp/t.db
"$NTSCOPE" run -q -o "$db" >"$tmp/out" 2>"$tmp/err" || bail "ntscope run failed: $(cat "$tmp/err")"

features=" $(q "SELECT value FROM meta WHERE key = 'features'") "
missing=""
for f in start process thread sched wakeup ready apc user_apc handle; do
	case "$features" in *" $f "*) ;; *) missing="$missing $f" ;; esac
done
is "$missing" "" "the kernel provides every hook of the NT core (meta.features)"

# Threads start in user mode through a user APC to ntdll!LdrInitializeThunk.
user_threads="SELECT * FROM thread_lifecycle WHERE create_ts IS NOT NULL AND first_user_ts IS NOT NULL"
cmp_ge "$(q "SELECT count(*) FROM ($user_threads)")" 15 "many user threads were created and ran"
is "$(q "SELECT count(*) FROM ($user_threads) WHERE first_user_address != 'KiUserApcDispatcher'")" 0 \
	"every new thread's first user-mode instruction is ntdll!KiUserApcDispatcher"
is "$(q "SELECT count(*) FROM ($user_threads) t WHERE NOT EXISTS (SELECT 1 FROM apc a WHERE a.target_utid = t.utid
	AND a.mode = 'user' AND a.normal_routine = 'LdrInitializeThunk' AND a.deliver_ts <= t.first_user_ts
	AND a.user_deliver_ts = t.first_user_ts)")" 0 \
	"... reached through the delivery of a user APC whose normal routine is LdrInitializeThunk"
is "$(q "SELECT count(*) FROM syscall s JOIN ($user_threads) t USING (utid) WHERE s.ts_enter < t.first_user_ts")" 0 \
	"no thread makes a system call before that APC ran"

# APCs: every queued APC is delivered, unless its thread died before it could run.
cmp_ge "$(q "SELECT count(DISTINCT kernel_routine) FROM apc")" 4 "kernel, special and user APCs of several kinds were queued"
is "$(q "SELECT count(*) FROM apc a JOIN thread t ON t.utid = a.target_utid WHERE a.deliver_ts IS NULL
	AND NOT (t.first_user_ts IS NULL AND t.exit_ts IS NOT NULL)")" 0 "every APC queued was delivered (but to threads killed before they ran)"
is "$(q "SELECT count(*) FROM apc WHERE deliver_ts < queue_ts OR deliver_utid != target_utid")" 0 \
	"each delivery comes after its queueing, in the target thread"
is "$(q "SELECT count(*) FROM apc a WHERE deliver_ts IS NOT NULL AND NOT EXISTS
	(SELECT 1 FROM flow f WHERE f.kind = 'apc' AND f.out_table = 'apc' AND f.out_id = a.id)")" 0 \
	"every delivery is linked to its queueing by a flow row"
cmp_ge "$(q "SELECT count(*) FROM syscall WHERE name IN ('NtWaitForSingleObject', 'NtDelayExecution') AND status = 192 AND exit_kind = 'apc'")" 1 \
	"an alertable wait returned STATUS_USER_APC and went out through the APC dispatcher"

# Context switches: the events after a switch belong to its next thread.
sw="SELECT ts, next_utid, lead(ts) OVER (ORDER BY ts, id) AS until FROM sched"
ev="SELECT ts_enter AS ts, utid FROM syscall UNION ALL SELECT ts, utid FROM trap"
cmp_ge "$(q "SELECT count(*) FROM ($ev) e JOIN ($sw) s ON e.ts > s.ts AND (s.until IS NULL OR e.ts < s.until)")" 100 \
	"many events fall between context switches"
is "$(q "SELECT count(*) FROM ($ev) e JOIN ($sw) s ON e.ts > s.ts AND (s.until IS NULL OR e.ts < s.until) WHERE e.utid != s.next_utid")" 0 \
	"every syscall and trap after a switch is the switch's next thread's"
is "$(q "SELECT count(*) FROM sched s JOIN thread p ON p.utid = s.prev_utid JOIN thread n ON n.utid = s.next_utid
	WHERE (s.cr3_change = 1) != (s.prev_cr3 != s.next_cr3)")" 0 "cr3_change says whether CR3 was reloaded"
is "$(q "SELECT count(*) FROM sched s JOIN thread p ON p.utid = s.prev_utid JOIN thread n ON n.utid = s.next_utid
	JOIN process u ON u.upid = p.upid WHERE p.upid = n.upid AND u.name LIKE '%.elf' AND s.cr3_change = 1")" 0 \
	"CR3 is not reloaded between threads of one user process (kernel threads may be attached elsewhere)"
cmp_ge "$(q "SELECT count(*) FROM sched_named WHERE cr3_change = 1 AND prev_process LIKE '%.elf' AND next_process LIKE '%.elf' AND prev_process != next_process")" 1 \
	"switches between user processes reload CR3"
cmp_ge "$(q "SELECT count(*) FROM sched s WHERE s.prev_state = 'Ready' AND (SELECT t.name || '/' || t.mode FROM trap t
	WHERE t.utid = s.prev_utid AND t.ts <= s.ts ORDER BY t.ts DESC LIMIT 1) = 'clock/user'")" 1 \
	"preemption: a thread interrupted by the clock in user mode is switched out while still Ready"

# Wake-ups and lifetimes.
is "$(q "SELECT group_concat(reason, ',') FROM (SELECT DISTINCT reason FROM wakeup WHERE reason IN ('apc', 'resume', 'timeout', 'wait_satisfied') ORDER BY reason)")" \
	"apc,resume,timeout,wait_satisfied" "wake-ups for APCs, resumes, timeouts and satisfied waits"
is "$(q "SELECT printf('0x%08X', exit_status) FROM process WHERE name = 'fault.elf'")" 0xC0000005 \
	"the faulting process ended with its exception status"
is "$(q "SELECT count(*) FROM process WHERE name LIKE '%.elf' AND (parent_upid IS NULL OR create_ts IS NULL OR exit_ts IS NULL)")" 0 \
	"every user process has a parent, a creation and an exit"
is "$(q "SELECT count(*) FROM process_lifecycle WHERE name = 'child.elf' AND parent_name = 'objects.elf'")" 2 \
	"objects.elf's children name it as their parent"
done_testing
