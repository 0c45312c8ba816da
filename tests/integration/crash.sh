#!/bin/sh
# Determinism and crash safety of `ntscope run`: the same run twice gives the same
# tables; SIGKILL at random points leaves a sound, readable trace marked incomplete and
# no emulator behind; SIGINT stops the run cleanly with exit status 130.
. "$top_srcdir/tests/integration/tap.sh"
kills=${NTSCOPE_KILLS:-4}
plan $((3 + 7 * kills + 5))
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT

"$NTSCOPE" run -q --check-determinism -o "$tmp/d.db" >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "--check-determinism: two runs of the default workload agree"
like "$(cat "$tmp/out")" "deterministic: both runs wrote the same content to every table" "it says so"
is "$(cat "$tmp/err")" "" "nothing on stderr"

# dead PID: the process is gone or a zombie (its reaper may be slow).
dead() { [ ! -d "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Kill points spread over a fuzz-workload run (about ten seconds), from a seed.
seed=${NTSCOPE_KILL_SEED:-$$}
i=0
while [ "$i" -lt "$kills" ]; do
	i=$((i + 1))
	ms=$(( (seed * 7919 + i * 104729) % 3000 + 100 ))
	db=$tmp/k$i.db
	"$NTSCOPE" run -q -o "$db" --workload fuzz >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	bochs=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null)
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	sleep 0.2
	alive=0
	for b in $bochs; do dead "$b" || alive=1; done
	is "$alive" 0 "kill at ${ms} ms: Bochs died with ntscope"
	if [ ! -f "$db" ]; then
		for n in 1 2 3 4 5 6; do ok 0 "kill at ${ms} ms: before the trace was created (nothing to check) # SKIP"; done
		continue
	fi
	is "$(q "PRAGMA integrity_check")" ok "kill at ${ms} ms: integrity_check passes"
	is "$(q "SELECT value FROM meta WHERE key = 'status'")" running "kill at ${ms} ms: meta.status stays 'running'"
	cmp_ge "$(q "SELECT count(*) FROM symbol")" 1 "kill at ${ms} ms: the committed setup (symbols) is there"
	is "$(q "SELECT count(*) FROM syscall s LEFT JOIN thread t USING (utid) WHERE t.utid IS NULL")" 0 \
		"kill at ${ms} ms: no committed row points at a row that is not there"
	"$NTSCOPE" timeline "$db" >"$tmp/tl.out" 2>"$tmp/tl.err"
	is "$?" 0 "kill at ${ms} ms: ntscope timeline reads it"
	like "$(cat "$tmp/tl.err")" "warning: .*incomplete" "kill at ${ms} ms: timeline warns that it is incomplete"
done

db=$tmp/i.db
"$NTSCOPE" run -q -o "$db" >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.25
kill -INT "$pid"
wait "$pid"
is "$?" 130 "SIGINT: ntscope run exits 130"
like "$(cat "$tmp/err")" "interrupted" "SIGINT: says the run was interrupted"
like "$(cat "$tmp/out")" "ntscope run: interrupted after [0-9]+ instructions" "SIGINT: the summary is printed"
is "$(q "SELECT value FROM meta WHERE key = 'status'")" interrupted "SIGINT: meta.status is 'interrupted'"
is "$(q "PRAGMA integrity_check")" ok "SIGINT: integrity_check passes"
done_testing
