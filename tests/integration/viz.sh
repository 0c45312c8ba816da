#!/bin/sh
# report, export, stats and diff over real traces: what the report draws in headless
# Chromium (lanes, arrows, handshake summaries and step tables) against the trace, the exported Chrome
# JSON's flows and slices, and stats and diff with answers the trace itself gives.
. "$top_srcdir/tests/integration/tap.sh"
plan 63
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
db=$tmp/t.db
"$NTSCOPE" run -q -o "$db" >"$tmp/out" 2>"$tmp/err" || bail "ntscope run failed: $(cat "$tmp/err")"

# --- export: Chrome Trace Event JSON -------------------------------------------------
"$NTSCOPE" export "$db" --format chrome-json -o "$tmp/trace.json" 2>"$tmp/err"
is "$?" 0 "export exits 0"
is "$("$SQLITE3" :memory: "SELECT json_valid(readfile('$tmp/trace.json'))")" 1 "the export is valid JSON"
"$SQLITE3" "$tmp/j.db" "CREATE TABLE ev AS SELECT json_extract(value, '\$.ph') AS ph,
	json_extract(value, '\$.name') AS name, json_extract(value, '\$.cat') AS cat,
	json_extract(value, '\$.pid') AS pid, json_extract(value, '\$.tid') AS tid,
	json_extract(value, '\$.ts') AS ts, json_extract(value, '\$.dur') AS dur,
	json_extract(value, '\$.id') AS id, json_extract(value, '\$.bp') AS bp
	FROM json_each(readfile('$tmp/trace.json'), '\$.traceEvents');
	CREATE INDEX ev_thread ON ev(pid, tid, ph, ts)" || bail "cannot load the export"
j() { "$SQLITE3" -batch -noheader "$tmp/j.db" "$@"; }
want_flows=$(q "SELECT (SELECT count(*) FROM apc a JOIN thread d ON d.utid = coalesce(a.deliver_utid, a.target_utid)
	JOIN thread k ON k.utid = a.queuer_utid WHERE a.deliver_ts >= a.queue_ts)
	+ (SELECT count(*) FROM port_message m JOIN thread s ON s.utid = m.sender_utid
	   JOIN thread r ON r.utid = m.receiver_utid WHERE m.receive_ts >= m.send_ts)")
cmp_ge "$want_flows" 10 "the trace has APC (and LPC) links to export"
is "$(j "SELECT count(*) FROM ev WHERE ph = 's'")" "$want_flows" "one flow per APC queue->delivery and LPC send->receive"
is "$(j "SELECT count(*) FROM ev s WHERE ph = 's' AND (SELECT count(*) FROM ev f WHERE f.ph = 'f' AND f.id = s.id
	AND f.cat = s.cat AND f.ts >= s.ts AND f.bp = 'e') != 1")" 0 "every flow start has one finish, later, with bp 'e'"
is "$(j "SELECT count(*) FROM ev f WHERE ph IN ('s', 'f') AND NOT EXISTS (SELECT 1 FROM ev x WHERE x.ph = 'X'
	AND x.pid = f.pid AND x.tid = f.tid AND x.ts <= f.ts AND f.ts <= x.ts + x.dur)")" 0 \
	"every flow end lies inside a slice of its thread (it binds to an existing slice)"
is "$(j "SELECT count(*) FROM ev x WHERE ph IN ('X', 'i', 's', 'f') AND NOT EXISTS (SELECT 1 FROM ev m
	WHERE m.ph = 'M' AND m.name = 'thread_name' AND m.pid = x.pid AND m.tid = x.tid)")" 0 \
	"every slice, instant and flow belongs to a named thread"
is "$(j "SELECT count(DISTINCT pid) FROM ev WHERE ph = 'M' AND name = 'thread_name' AND pid NOT IN
	(SELECT pid FROM ev WHERE ph = 'M' AND name = 'process_name')")" 0 "every thread's process is named"
is "$(j "SELECT count(*) FROM ev WHERE ph = 'X' AND cat = 'syscall'")" "$(q "SELECT count(*) FROM syscall WHERE utid IN (SELECT utid FROM thread)")" \
	"one slice per system call"
is "$(j "SELECT count(*) FROM ev WHERE ph = 'i' AND cat = 'trap'")" "$(q "SELECT count(*) FROM trap WHERE utid IN (SELECT utid FROM thread)")" \
	"one instant event per trap"
is "$(j "SELECT count(*) FROM ev a JOIN ev b ON b.pid = a.pid AND b.tid = a.tid AND b.ph = 'X'
	AND b.ts > a.ts AND b.ts < a.ts + a.dur AND b.ts + b.dur > a.ts + a.dur WHERE a.ph = 'X'")" 0 \
	"the slices of each thread nest properly"
cmp_ge "$(j "SELECT count(*) FROM ev WHERE ph = 'X' AND cat = 'sched' AND name LIKE 'wait %'")" 10 "waits are slices, named by their reason"

# --- report: drawn in headless Chromium ----------------------------------------------
"$NTSCOPE" report "$db" -o "$tmp/report.html" 2>"$tmp/err"
is "$?" 0 "report exits 0"
is "$(grep -c -i -E '(src|href)=["'"'"']?(https?:)?//' "$tmp/report.html")" 0 "the report loads nothing from the network"
chromium=$(command -v chromium || command -v chromium-browser || true)
dom() { # dom HTML OUT: the DOM after the report's script ran; Chromium's log in OUT.log
	"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$tmp/chr.XXXXXX")" --window-size=1400,3000 \
		--enable-logging=stderr --v=0 --virtual-time-budget=5000 --dump-dom "$1" >"$2" 2>"$2.log"
}
attr() { sed -n 's/.*<body[^>]*[ ]data-'"$1"'="\([^"]*\)".*/\1/p' "$2" | head -1; }
if [ -z "$chromium" ]; then
	for i in $(seq 1 39); do echo "ok $((tap_n + i)) # skip chromium is not installed (scripts/setup installs it)"; done
	tap_n=$((tap_n + 39))
else
	dom "$tmp/report.html" "$tmp/dom.html"
	is "$?" 0 "Chromium renders the report"
	is "$(grep -c -E 'Uncaught|:CONSOLE' "$tmp/dom.html.log")" 0 "no console errors (nor any console output)"
	is "$(attr ready "$tmp/dom.html")" 1 "the script ran to the end"
	is "$(attr lanes "$tmp/dom.html")" "$(q "SELECT count(*) FROM thread")" "one lane per thread"
	is "$(attr processes "$tmp/dom.html")" "$(q "SELECT count(DISTINCT coalesce(upid, 0)) FROM thread")" "lanes grouped by process"
	is "$(attr drawn-lanes "$tmp/dom.html")" "$(attr lanes "$tmp/dom.html")" "every lane was drawn"
	is "$(attr arrows "$tmp/dom.html")" "$want_flows" "one arrow per APC and LPC link"
	is "$(attr drawn-arrows "$tmp/dom.html")" "$want_flows" "every arrow was drawn"
	is "$(attr syscalls "$tmp/dom.html")" "$(q "SELECT count(*) FROM syscall")" "every system call is in the report's data"
	cmp_ge "$(attr drawn-rects "$tmp/dom.html")" 100 "state and system-call slices were drawn"
	hs=$(q "SELECT count(*) FROM createprocess_handshake")
	is "$(attr handshakes "$tmp/dom.html")" "$hs" "one <details> per CreateProcess handshake"
	bad=$(q "SELECT count(*) FROM createprocess_handshake WHERE outcome NOT IN ('ok', 'running')")
	cmp_ge "$bad" 1 "the trace has handshakes that went wrong"
	is "$(grep -o '<details class="hs bad"[^>]*open' "$tmp/dom.html" | wc -l)" "$bad" \
		"the handshakes that went wrong are opened and marked"
	is "$(attr step-tables "$tmp/dom.html")" "$bad" "... and only their steps tables are made before one is opened"
	is "$(grep -o 'data-outcome="init_failed" open' "$tmp/dom.html" | wc -l)" \
		"$(q "SELECT count(*) FROM createprocess_handshake WHERE outcome = 'init_failed'")" \
		"an init_failed handshake (seed 000's) stands out"
	{ sed '$d' "$tmp/report.html"; printf '<script>\n'; cat "$top_srcdir/tests/integration/report-interact.js";
	  printf '</script>\n</body></html>\n'; } >"$tmp/interact.html"
	dom "$tmp/interact.html" "$tmp/dom4.html"
	is "$(attr interacted "$tmp/dom4.html")$(attr clicked-row "$tmp/dom4.html")$(grep -c -E 'Uncaught|:CONSOLE' "$tmp/dom4.html.log")" 110 \
		"zooming, panning, dragging, scrolling, hovering, clicking a handshake and opening one raise no errors"
	is "$(attr zoomed-view "$tmp/dom4.html")" 1 "... and change the visible window"
	is "$(attr tip "$tmp/dom4.html")" 1 "... and hovering a lane shows a tooltip"
	opened=$(attr opened-id "$tmp/dom4.html")
	like "$opened" '^hs-[0-9]+$' "a closed handshake was opened"
	is "$(attr opened-before "$tmp/dom4.html")" 0 "... it had no steps table before"
	hs_n="WITH h AS (SELECT * FROM createprocess_handshake ORDER BY ts_attempt, attempt_table, attempt_id
		LIMIT 1 OFFSET $((${opened#hs-} - 1)))"
	is "$(attr opened-ts "$tmp/dom4.html")" "$(q "$hs_n SELECT group_concat(ts, ',') FROM (SELECT ts FROM (
		SELECT ts_create_process AS ts FROM h UNION ALL SELECT ts_create_thread FROM h UNION ALL
		SELECT ts_csr_request FROM h UNION ALL SELECT ts_csr_receive FROM h UNION ALL
		SELECT ts_csr_create_process FROM h UNION ALL SELECT ts_csr_reply FROM h UNION ALL
		SELECT ts_resume FROM h UNION ALL SELECT ts_first_run FROM h UNION ALL SELECT ts_init_apc FROM h UNION ALL
		SELECT ts_csr_connect FROM h UNION ALL SELECT ts_connect_lookup FROM h UNION ALL
		SELECT ts_connect_accepted FROM h UNION ALL SELECT ts_connect_refused FROM h UNION ALL
		SELECT ts_hard_error FROM h UNION ALL SELECT ts_exit FROM h) WHERE ts IS NOT NULL ORDER BY ts)")" \
		"... and once opened, one done row per step the trace has for it, with its time"
	is "$(attr opened-by "$tmp/dom4.html")" "$(q "$hs_n SELECT p.pid || '.' || t.tid || ' ' || p.name FROM h
		JOIN thread t ON t.utid = h.create_process_utid JOIN process p ON p.upid = t.upid")" \
		"... and the thread that created the process"
	pid=$(q "SELECT pid FROM process WHERE name = 'threads.elf'")
	"$NTSCOPE" report "$db" --pid "$pid" -o "$tmp/r2.html" && dom "$tmp/r2.html" "$tmp/dom2.html"
	is "$(attr lanes "$tmp/dom2.html")" "$(q "SELECT count(*) FROM thread JOIN process USING (upid) WHERE pid = $pid")" \
		"--pid keeps that process's lanes only"

	# LPC messages: the trace's own, and 20 made-up requests between real threads.
	cp "$db" "$tmp/lpc.db"
	"$SQLITE3" "$tmp/lpc.db" "INSERT INTO port(id, name, kind) VALUES (900, '\\Windows\\ApiPort', 'connection');
		INSERT OR IGNORE INTO string(value) VALUES ('LPC_REQUEST'), ('BasepCreateProcess');
		INSERT INTO ev_message(port_id, type_sid, message_id, sender_utid, send_ts, receiver_utid, receive_ts, api_name_sid)
		SELECT 900, (SELECT id FROM string WHERE value = 'LPC_REQUEST'), s.id, s.utid, s.ts_enter,
		       (SELECT min(utid) FROM thread WHERE utid != s.utid), s.ts_exit,
		       (SELECT id FROM string WHERE value = 'BasepCreateProcess')
		FROM syscall s WHERE s.name = 'NtDisplayString' AND s.ts_exit IS NOT NULL LIMIT 20" || bail "cannot add messages"
	"$NTSCOPE" report "$tmp/lpc.db" -o "$tmp/lpc.html" && dom "$tmp/lpc.html" "$tmp/dom5.html"
	lpc=$(q "SELECT count(*) FROM port_message m JOIN thread s ON s.utid = m.sender_utid
		JOIN thread r ON r.utid = m.receiver_utid WHERE m.receive_ts >= m.send_ts")
	is "$(attr arrows-lpc "$tmp/dom5.html")" "$((lpc + 20))" "an arrow per LPC message"
	is "$(attr drawn-arrows "$tmp/dom5.html")" "$((want_flows + 20))" "... drawn with the APC arrows"
	"$NTSCOPE" export "$tmp/lpc.db" -o "$tmp/lpc.json" &&
	is "$("$SQLITE3" :memory: "SELECT count(*) FROM json_each(readfile('$tmp/lpc.json'), '\$.traceEvents')
		WHERE json_extract(value, '\$.ph') = 'f' AND json_extract(value, '\$.cat') = 'lpc'")" "$((lpc + 20))" \
		"... and a flow per message in the export"

	# The stress workload: a hundred CreateProcess handshakes.
	"$NTSCOPE" run -q --workload stress -b stress=100 -o "$tmp/stress.db" >/dev/null 2>"$tmp/err" ||
		bail "ntscope run --workload stress failed: $(cat "$tmp/err")"
	"$NTSCOPE" report "$tmp/stress.db" -o "$tmp/stress.html" && dom "$tmp/stress.html" "$tmp/dom6.html"
	is "$(attr ready "$tmp/dom6.html")$(grep -c -E 'Uncaught|:CONSOLE' "$tmp/dom6.html.log")" 10 "the stress trace's report renders without errors"
	shs=$("$SQLITE3" "$tmp/stress.db" "SELECT count(*) FROM createprocess_handshake")
	cmp_ge "$shs" 100 "... a hundred handshakes and more"
	is "$(attr handshakes "$tmp/dom6.html")" "$shs" "... each with its <details>"
	is "$(attr step-tables "$tmp/dom6.html")" "$("$SQLITE3" "$tmp/stress.db" "SELECT count(*) FROM createprocess_handshake
		WHERE outcome NOT IN ('ok', 'running')")" "... and a steps table only for those that went wrong"
	is "$(grep -o '<tr[^>]* data-from="[0-9-]*" data-to="[0-9-]*"><td class="n">[0-9]*</td>' "$tmp/dom6.html" |
		sed 's/.*>\([0-9]*\)<\/td>$/\1/' | tr '\n' ' ')" "$(seq 1 50 | tr '\n' ' ')" "... the summary shows the first 50"
	is "$(grep -o '<button[^>]*>[0-9]*</button>' "$tmp/dom6.html" | wc -l)" "$(((shs + 49) / 50))" "... and a page button per 50"
	cmp_ge "$(attr lanes "$tmp/dom6.html")" "$(($(attr drawn-lanes "$tmp/dom6.html") + 1))" \
		"... and only the lanes in view are drawn"

	# At scale: the trace's events repeated 100 times along the instruction axis.
	cp "$db" "$tmp/big.db"
	"$SQLITE3" "$tmp/big.db" "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 99),
		span(s) AS (SELECT max(ts) + 1000 FROM sched)
		INSERT INTO ev_syscall(utid, ts_enter, duration, number, status, via, exit_kind, exit_loc)
		SELECT utid, ts_enter + n * s, duration, number, status, via, exit_kind, exit_loc FROM ev_syscall, k, span;
		WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 99),
		span(s) AS (SELECT max(ts) + 1000 FROM sched)
		INSERT INTO ev_trap(utid, ts, vector, kind_sid, name_sid, mode_sid)
		SELECT utid, ts + n * s, vector, kind_sid, name_sid, mode_sid FROM ev_trap, k, span;
		WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 99),
		span(s) AS (SELECT max(ts) + 1000 FROM sched)
		INSERT INTO ev_apc(target_utid, queue_ts, queuer_utid, deliver_ts, mode_sid, normal_routine_loc)
		SELECT target_utid, queue_ts + n * s, queuer_utid, deliver_ts + n * s, mode_sid, normal_routine_loc
		FROM ev_apc, k, span WHERE ev_apc.id <= (SELECT max(id) FROM ev_apc);
		WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 99),
		span(s) AS (SELECT max(ts) + 1000 FROM sched)
		INSERT INTO ev_sched(ts, cpu, prev_utid, next_utid, prev_state_sid, wait_reason_sid)
		SELECT ts + n * s, cpu, prev_utid, next_utid, prev_state_sid, wait_reason_sid FROM ev_sched, k, span" ||
		bail "cannot build the large trace"
	db_big=$tmp/big.db
	"$NTSCOPE" report "$db_big" -o "$tmp/big.html" && dom "$tmp/big.html" "$tmp/dom3.html"
	is "$(attr ready "$tmp/dom3.html")" 1 "a trace 100 times larger renders"
	is "$(grep -c -E 'Uncaught|:CONSOLE' "$tmp/dom3.html.log")" 0 "... without console errors"
	is "$(attr syscalls "$tmp/dom3.html")" "$("$SQLITE3" "$db_big" "SELECT count(*) FROM syscall")" "... with every system call in its data"
	lanes=$(attr lanes "$tmp/dom3.html")
	cmp_ge "$((lanes * 2 * 1400 * 3))" "$(attr drawn-rects "$tmp/dom3.html")" \
		"... drawing at most a few rectangles per pixel column of each lane (level of detail)"
	cmp_ge 4000 "$(attr drawn-arrows "$tmp/dom3.html")" "... and at most 4000 arrows at once"
fi

# --- stats ---------------------------------------------------------------------------
"$NTSCOPE" stats --format json "$db" >"$tmp/stats.json" 2>"$tmp/err"
is "$?" 0 "stats --format json exits 0"
s() { # s EXPR TABLE [WHERE]: over the rows of one table of the stats
	"$SQLITE3" -batch -noheader :memory: "SELECT $1 FROM json_each(readfile('$tmp/stats.json'), '\$.$2') ${3:+WHERE $3}"
}
is "$(s "count(*)" processes)" "$(q "SELECT count(*) FROM process")" "stats: one row per process"
is "$(s "sum(json_extract(value, '\$.count'))" syscall_latency_by_service)" "$(q "SELECT count(*) FROM syscall")" \
	"stats: the per-service counts add up to every system call"
is "$(s "json_extract(value, '\$.max')" syscall_latency_by_service "json_extract(value, '\$.service') = 'NtCreateThread'")" \
	"$(q "SELECT max(ts_exit - ts_enter) FROM syscall WHERE name = 'NtCreateThread'")" "stats: NtCreateThread's max latency"
is "$(s "sum(json_extract(value, '\$.switches_in'))" context_switches)" "$(q "SELECT count(*) FROM sched WHERE next_utid IN (SELECT utid FROM thread)")" \
	"stats: context switches per thread add up"
is "$(s "json_extract(value, '\$.exit_status')" processes "json_extract(value, '\$.process') = 'fault.elf'")" 0xC0000005 "stats: fault.elf's exit status"

# --- diff ----------------------------------------------------------------------------
"$NTSCOPE" diff --format json "$db" "$db" >"$tmp/same.json" 2>"$tmp/err"
is "$?" 0 "diff of a trace with itself exits 0"
is "$("$SQLITE3" -batch -noheader :memory: "SELECT count(*) FROM json_tree(readfile('$tmp/same.json'))
	WHERE key = 'change' AND value != 'same'")$("$SQLITE3" -batch -noheader :memory: "SELECT
	json_array_length(readfile('$tmp/same.json'), '\$.unmatched') + json_array_length(readfile('$tmp/same.json'), '\$.syscall_counts')")" \
	00 "... and finds nothing changed"
printf 'run objects.elf\n' >"$tmp/objects.wl"
"$NTSCOPE" run -q -W "$tmp/objects.wl" -o "$tmp/b.db" >/dev/null 2>"$tmp/err" || bail "ntscope run -W failed: $(cat "$tmp/err")"
"$NTSCOPE" diff "$db" "$tmp/b.db" >"$tmp/diff.txt" 2>"$tmp/err"
is "$?" 0 "diff of the default workload and objects.elf alone exits 0"
like "$(cat "$tmp/diff.txt")" "hello\\.elf +NtDisplayString +$(q "SELECT count(*) FROM syscall JOIN thread USING (utid) JOIN process USING (upid)
	WHERE process.name = 'hello.elf' AND syscall.name = 'NtDisplayString'") +0 +-[0-9]+ +-100\\.0" \
	"hello.elf's system calls are gone in B (-100%)"
like "$(cat "$tmp/diff.txt")" "objects\\.elf -> child\\.elf #1: ok -> ok" "objects.elf's first child is matched by image and ordinal"
done_testing
