#!/bin/sh
# Boot the bundled kernel under the instrumented Bochs and check what the trace holds.
. "$top_srcdir/tests/integration/tap.sh"
plan 50
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
db=$tmp/t.db

"$NTSCOPE" run -o "$db" >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "default workload: ntscope run exits 0 after the guest powers off"
like "$(cat "$tmp/out")" "hello: 22 checks, 0 failed" "the guest console is shown (hello.elf's own checks pass)"
like "$(cat "$tmp/out")" "threads: [0-9]+ checks, 0 failed" "threads.elf's checks pass (threads, waits, APCs, suspension, preemption)"
like "$(cat "$tmp/out")" "objects: [0-9]+ checks, 0 failed" "objects.elf's checks pass (handles, namespace, memory, sections, processes)"
like "$(cat "$tmp/out")" "child: pid [0-9]+, parent pid [0-9]+: [0-9]+ checks, 0 failed" "child.elf runs (a child of smss, started natively)"
like "$(cat "$tmp/out")" "lpctest: [0-9]+ checks, 0 failed" "lpctest.elf's checks pass (ports, connections, requests, datagrams, termination ports, hard errors)"
like "$(cat "$tmp/out")" "lpcclient: pid [0-9]+: [0-9]+ checks, 0 failed" "lpcclient.elf, a client in another process, passes its checks"
like "$(cat "$tmp/out")" "ntscope run: poweroff" "the summary names how the run ended"
is "$(q "SELECT value FROM meta WHERE key = 'status'")" poweroff "meta.status is poweroff"
for key in schema_version emulator kernel_path kernel_build_id workload start_time instructions wall_seconds; do
	cmp_ge "$(q "SELECT length(value) FROM meta WHERE key = '$key'")" 1 "meta has $key"
done
is "$(q "PRAGMA integrity_check")" ok "the trace passes integrity_check"

cmp_ge "$(q "SELECT count(*) FROM syscall WHERE via = 'int2e' AND name = 'NtDisplayString' AND status = 0")" 1 \
	"int 0x2e: NtDisplayString named, status STATUS_SUCCESS"
cmp_ge "$(q "SELECT count(*) FROM syscall WHERE via = 'sysenter' AND name = 'NtQuerySystemTime' AND status = 0")" 1 \
	"sysenter: NtQuerySystemTime named, status STATUS_SUCCESS"
is "$(q "SELECT count(DISTINCT via) FROM syscall WHERE status = 3221225500 AND name IS NULL")" 2 \
	"an unknown service number gives STATUS_INVALID_SYSTEM_SERVICE on both paths"
cmp_ge "$(q "SELECT count(*) FROM syscall WHERE status = 3221225477 AND name = 'NtQuerySystemTime'")" 2 \
	"a bad user pointer gives STATUS_ACCESS_VIOLATION"
is "$(q "SELECT count(*) FROM syscall s WHERE ts_exit IS NULL AND id != (SELECT max(id) FROM syscall WHERE utid = s.utid)")" 0 \
	"every call returned but a thread's last (its own NtTerminate*, or one its termination cut short)"
is "$(q "SELECT count(*) FROM syscall WHERE ts_exit < ts_enter")" 0 "no call exits before it entered"
is "$(q "SELECT count(*) FROM syscall WHERE utid IS NULL")" 0 "every call has its thread"
is "$(q "SELECT count(*) FROM syscall s JOIN thread t USING (utid) JOIN process p USING (upid) WHERE p.name NOT IN ('smss.exe', 'csrss.exe', 'hello.elf', 'fault.elf', 'threads.elf', 'objects.elf', 'child.elf', 'createproc.elf', 'win32child.elf', 'lpctest.elf', 'lpcclient.elf')")" 0 \
	"calls are attributed to the user processes that made them"

cmp_ge "$(q "SELECT count(*) FROM trap WHERE kind = 'interrupt' AND vector = 48")" 1 "clock interrupts (vector 0x30) are recorded"
is "$(q "SELECT count(*) FROM trap WHERE vector = 48 AND utid IS NULL")" 0 "every clock interrupt has the current thread"
is "$(q "SELECT count(*) FROM trap t JOIN thread USING (utid) JOIN process p USING (upid) WHERE t.name = 'page_fault' AND t.mode = 'user' AND t.cr2 = 0 AND p.name = 'fault.elf'")" 1 \
	"fault.elf's NULL read is a user-mode page fault with CR2 = 0"
is "$(q "SELECT DISTINCT error_code FROM trap WHERE name = 'page_fault' AND mode = 'user' AND cr2 = 0")" 4 "its error code says: user-mode read of a not-present page"
like "$(q "SELECT eip_symbol FROM trap WHERE name = 'page_fault' AND mode = 'user' AND cr2 = 0 LIMIT 1")" "^[A-Za-z_]+\\+0x[0-9a-f]+$" "the faulting EIP is symbolized"
is "$(q "SELECT group_concat(name, ',') FROM (SELECT name, min(upid) AS first FROM process WHERE name != 'Idle' GROUP BY name ORDER BY first)")" \
	"System,smss.exe,csrss.exe,hello.elf,fault.elf,threads.elf,objects.elf,child.elf,createproc.elf,win32child.elf,lpctest.elf,lpcclient.elf" "processes are named from EPROCESS.ImageFileName"
cmp_ge "$(q "SELECT count(*) FROM trap t JOIN thread USING (utid) JOIN process p USING (upid) WHERE t.name = 'page_fault' AND t.mode = 'user' AND p.name = 'objects.elf' AND t.error_code IN (4, 6)")" 1 \
	"demand-zero pages: objects.elf's first touches are user-mode faults on not-present pages"
is "$(q "SELECT count(*) FROM syscall WHERE name = 'NtOpenFile' AND status = 3221225524")" 2 \
	"missing images (objects.elf's, createproc.elf's): NtOpenFile gives STATUS_OBJECT_NAME_NOT_FOUND"
is "$(q "SELECT count(*) FROM syscall WHERE name = 'NtConnectPort' AND status = 3221225537")" 2 \
	"refused connections (lpctest.elf's, the raw child's to csrss): NtConnectPort gives STATUS_PORT_CONNECTION_REFUSED"
first=$(q "SELECT min(ts) FROM (SELECT ts FROM trap UNION ALL SELECT ts FROM sched)")
cut=$((first + 1000))

"$NTSCOPE" run -q -o "$tmp/b.db" --workload bugcheck >"$tmp/out" 2>"$tmp/err"
is "$?" 1 "bugcheck workload: exit status 1"
like "$(cat "$tmp/err")" "guest bugcheck: \\*\\*\\* STOP: 0x000000E2" "the bugcheck line is shown"
db=$tmp/b.db
is "$(q "SELECT value FROM meta WHERE key = 'status'")" bugcheck "meta.status is bugcheck"
like "$(q "SELECT value FROM meta WHERE key = 'bugcheck_code'")" "^0x0*E2$" "meta.bugcheck_code is 0xE2 (MANUALLY_INITIATED_CRASH)"

"$NTSCOPE" run -q -o "$tmp/m.db" --max-instructions "$cut" >"$tmp/out" 2>"$tmp/err"
is "$?" 1 "--max-instructions: exit status 1 when the guest is cut short"
like "$(cat "$tmp/err")" "timeout: the guest was still running after $cut instructions" "it says so"
db=$tmp/m.db
is "$(q "SELECT value FROM meta WHERE key = 'status'")" max_instructions "meta.status is max_instructions"
is "$(q "PRAGMA integrity_check")" ok "the cut-short trace is intact"
cmp_ge "$(q "SELECT (SELECT count(*) FROM trap) + (SELECT count(*) FROM sched)")" 1 "and keeps what was recorded"

"$NTSCOPE" run -q --no-trace -o "$tmp/n.db" >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "--no-trace: the guest still powers off"
[ ! -e "$tmp/n.db" ]
ok $? "--no-trace writes no trace"
"$NTSCOPE" run -q --no-trace --workload bugcheck >"$tmp/out" 2>"$tmp/err"
is "$?" 1 "--no-trace: a bugcheck still fails the run"
like "$(cat "$tmp/err")" "STOP: 0x000000E2" "and shows the STOP line"
"$NTSCOPE" run -q -o "$tmp/i.db" --boot-option syscall=int2e >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "--boot-option syscall=int2e: the guest still powers off"
db=$tmp/i.db
is "$(q "SELECT group_concat(DISTINCT via) FROM syscall")" int2e "... and every system call now enters through int 0x2e"
done_testing
