#!/bin/sh
# CreateProcess and csrss, over the default workload: smss starts csrss and the native
# programs natively (NtCreateProcessEx, as NT's RtlCreateUserProcess: csrss not involved)
# and the Win32 ones (createproc.elf) through kernel32's CreateProcessW; createproc.elf
# makes Win32 children (one at a time, three at once, a missing image, a native image
# that CreateProcessW refuses, a faulting child, a user APC) and a raw NtCreateProcessEx
# child that csrss refuses (seed 000). Trace checks that need the
# tracer's LPC and user-call recording (features lpc, ucall) are TODO until it has them.
. "$top_srcdir/tests/integration/tap.sh"
plan 40
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
db=$tmp/t.db
"$NTSCOPE" run -o "$db" >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "default workload: ntscope run exits 0"
out=$(cat "$tmp/out")

# What the guest printed.
for p in hello threads objects createproc; do
	like "$out" "$p: [0-9]+ checks, 0 failed" "$p.elf's checks pass"
done
like "$out" "win32child: pid [0-9]+ tid [0-9]+, exit code 10: 4 checks, 0 failed" "a Win32 child runs: kernel32 loaded, connected to csrss"
like "$out" "smss: session manager, pid [0-9]+, csrss notification order nt5" "smss runs first, NT5 order by default"
like "$out" "csrss: pid [0-9]+: .Windows.ApiPort ready" "csrss created its API port"
like "$out" "smss: createproc.elf exited with status 0x00000000" "smss ran createproc.elf through CreateProcessW and waited for it"
like "$out" "smss: fault.elf exited with status 0xC0000005" "and reports a faulting program's exit status"
like "$out" "csrss: rejecting connection request from unknown client [0-9]+\\.[0-9]+" "csrss refuses the raw child's connection"
like "$out" "csrss: hard error from [0-9]+\\.[0-9]+: \\{Application Error\\} The application failed to initialize properly \\(0xC0000142\\)\\. Process initialization failed\\." \
	"csrss prints seed 000's hard error for the raw child"
like "$out" "createproc: the raw child ended with 0xC0000142" "the raw child ends with STATUS_DLL_INIT_FAILED"

# The trace: csrss is its own process, with its own address space.
is "$(q "SELECT count(*) FROM process WHERE name = 'csrss.exe'")" 1 "one csrss.exe process"
is "$(q "SELECT p.name FROM process c JOIN process p ON p.upid = c.parent_upid WHERE c.name = 'csrss.exe'")" smss.exe "smss created it"
cmp_ge "$(q "SELECT count(DISTINCT s.next_cr3) FROM sched s JOIN thread t ON t.utid = s.next_utid JOIN process p USING (upid) WHERE p.name = 'csrss.exe'")" 1 \
	"csrss's threads run with a CR3"
is "$(q "SELECT count(*) FROM sched s JOIN thread t ON t.utid = s.next_utid JOIN process p USING (upid) WHERE p.name != 'csrss.exe'
	AND s.next_cr3 IN (SELECT x.next_cr3 FROM sched x JOIN thread y ON y.utid = x.next_utid JOIN process z USING (upid) WHERE z.name = 'csrss.exe')")" 0 \
	"no other process runs in csrss's address space (own CR3)"
is "$(q "SELECT count(*) FROM process c JOIN process p ON p.upid = c.parent_upid WHERE p.name IN ('smss.exe', 'createproc.elf')
	AND NOT EXISTS (SELECT 1 FROM thread t JOIN apc a ON a.target_utid = t.utid WHERE t.upid = c.upid AND a.mode = 'user'
	                AND a.normal_routine = 'LdrInitializeThunk' AND a.deliver_ts IS NOT NULL)")" 0 \
	"every child of smss and createproc.elf starts through the LdrInitializeThunk APC"
is "$(q "SELECT count(*) FROM process WHERE name = 'win32child.elf' AND exit_status = 3221225794")" 1 "one child exits with STATUS_DLL_INIT_FAILED (the raw one)"

# Checks that need the tracer's LPC and user-call recording.
todo=""
case " $(q "SELECT value FROM meta WHERE key = 'features'") " in
*" lpc "*" ucall "*|*" ucall "*" lpc "*) ;;
*) todo=" # TODO tracer LPC" ;;
esac
is "$(q "SELECT p.name FROM port o JOIN process p ON p.upid = o.owner_upid WHERE o.name = '\\Windows\\ApiPort'")" csrss.exe \
	"csrss owns \\Windows\\ApiPort$todo"
h="SELECT * FROM createprocess_handshake"
is "$(q "SELECT group_concat(child_image || ':' || outcome, ' ') FROM (SELECT * FROM ($h) WHERE parent_image = 'smss.exe' AND subsystem = 'native'
	AND via = 'NtCreateProcessEx' AND ordering = 'native' AND missing_steps = '' AND pending_steps = '' ORDER BY ts_attempt)")" \
	"csrss.exe:running hello.elf:ok fault.elf:crashed threads.elf:ok objects.elf:ok child.elf:ok lpctest.elf:ok" \
	"smss starts csrss and the native programs natively: classified native, no step missing$todo"
is "$(q "SELECT count(*) FROM ($h) WHERE parent_image = 'smss.exe' AND (missing_steps != '' OR pending_steps != '')")" 0 \
	"no child of smss misses a step (csrss.exe included)$todo"
is "$(q "SELECT child_image || ' ' || via || ' ' || subsystem || ' ' || ordering || ' ' || outcome FROM ($h) WHERE parent_image = 'smss.exe' AND subsystem = 'win32'")" \
	"createproc.elf CreateProcessInternalW win32 nt5 ok" "smss runs the Win32 program through CreateProcessW$todo"
is "$(q "SELECT count(*) FROM ($h) WHERE subsystem = 'native' AND child_upid IS NOT NULL AND ts_create_thread IS NOT NULL
	AND (missing_steps != '' OR ts_first_run IS NULL OR ts_init_apc IS NULL)")" 0 \
	"every native child with a thread (lpcclient.elf: not suspended) has no step missing$todo"
is "$(q "SELECT ts_resume IS NULL AND created_suspended = 0 FROM ($h) WHERE child_image = 'lpcclient.elf'")" 1 \
	"lpcclient.elf's thread was created not suspended: no resume expected$todo"
is "$(q "SELECT count(*) FROM ($h) WHERE parent_image = 'createproc.elf' AND child_image = 'win32child.elf' AND outcome = 'ok' AND ordering = 'nt5'")" 8 \
	"createproc.elf's eight clean children are ok, csrss told in NT5 order$todo"
is "$(q "SELECT count(*) FROM ($h) WHERE parent_image = 'createproc.elf' AND child_image = 'win32child.elf' AND outcome = 'ok' AND missing_steps = ''")" 8 \
	"with no step missing$todo"
is "$(q "SELECT outcome FROM ($h) WHERE requested_image LIKE '%nosuch.elf'")" image_not_found "the missing image is image_not_found$todo"
is "$(q "SELECT outcome || ' ' || subsystem || ' ' || (ts_query_section IS NOT NULL) || ' ' || (ts_create_process IS NULL) FROM ($h)
	WHERE parent_image = 'createproc.elf' AND requested_image = 'child.elf'")" "not_win32 native 1 1" \
	"CreateProcessW of a native image: the section queried, no process (not_win32)$todo"
is "$(q "SELECT group_concat(outcome, ' ') FROM (SELECT outcome FROM ($h) WHERE parent_image = 'createproc.elf' AND missing_steps != '' ORDER BY ts_attempt)")" \
	"image_not_found not_win32 init_failed" "createproc.elf's children miss steps only in the intended failures$todo"
is "$(q "SELECT count(*) FROM ($h) WHERE child_image = 'win32child.elf' AND outcome = 'crashed' AND exit_status = 3221225477")" 1 \
	"the faulting child crashed"
like "$(q "SELECT outcome || ' ' || missing_steps FROM ($h) WHERE child_image = 'win32child.elf' AND exit_status = 3221225794")" \
	"^init_failed csr_request,csr_receive,csr_reply" "the raw child is init_failed, the csrss steps missing"
tl=$("$NTSCOPE" timeline "$db" 2>&1)
like "$tl" "init_failed" "ntscope timeline shows it"
like "$tl" "diagnosis: Native image started without the Win32 subsystem" "and says which children are native"
is "$(q "SELECT ret FROM ucall WHERE function = 'CreateProcessInternalW' AND arg_text = 'child.elf'")" 0 \
	"CreateProcessInternalW(child.elf) returned FALSE$todo"

# csrss told before the thread exists (boot option csrnotify=reactos).
"$NTSCOPE" run -o "$tmp/r.db" -b csrnotify=reactos >"$tmp/out" 2>"$tmp/err"
like "$(cat "$tmp/out")" "createproc: [0-9]+ checks, 0 failed" "csrnotify=reactos: createproc.elf's checks pass"
db=$tmp/r.db
is "$(q "SELECT count(*) FROM createprocess_handshake WHERE parent_image = 'createproc.elf' AND outcome = 'ok' AND ordering = 'reactos'")" 8 \
	"and the timeline shows the ReactOS order$todo"

# The stress workload, small: N processes through CreateProcessW, 8 in flight.
"$NTSCOPE" run -o "$tmp/s.db" --workload stress -b stress=24 >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "stress workload (stress=24): ntscope run exits 0"
like "$(cat "$tmp/out")" "stress: 24 checks, 0 failed" "stress.elf's 24 children all end well"
db=$tmp/s.db
is "$(q "SELECT count(*) FROM createprocess_handshake WHERE parent_image = 'stress.elf' AND outcome = 'ok' AND missing_steps = ''")" 24 \
	"the timeline shows 24 complete handshakes$todo"
done_testing
