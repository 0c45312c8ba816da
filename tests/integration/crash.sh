#!/bin/sh
# Crash safety of `ntscope run`: SIGKILL at random points leaves a sound, readable trace
# marked incomplete and no emulator behind; SIGINT stops the run cleanly with exit
# status 130. (Determinism: determinism.sh.)
. "$top_srcdir/tests/integration/tap.sh"
kills=${NTSCOPE_KILLS:-4}
analyzers=timeline
for a in report export stats diff; do
	"$NTSCOPE" help "$a" >/dev/null 2>&1 && analyzers="$analyzers $a"
done
nan=$(echo $analyzers | wc -w)
plan $(((5 + 2 * nan) * kills + 7))
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT

# qr SQL: query $db read-only once it exists (sqlite3 would create it, racing ntscope).
qr() { [ -f "$db" ] && "${SQLITE3:-sqlite3}" -batch -noheader -readonly "$db" "$@" 2>/dev/null; }

# dead PID: the process is gone or a zombie (its reaper may be slow).
dead() { [ ! -d "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Kill points spread over the first 3 s of a stress run of 5,000 child processes (about
# 13 s here, so every kill lands mid-run), from a seed.
seed=${NTSCOPE_KILL_SEED:-$$}
i=0
while [ "$i" -lt "$kills" ]; do
	i=$((i + 1))
	ms=$(( (seed * 7919 + i * 104729) % 3000 + 100 ))
	db=$tmp/k$i.db
	"$NTSCOPE" run -q -o "$db" --workload stress -b stress=5000 >/dev/null 2>&1 &
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
		skip $((4 + 2 * nan)) "kill at ${ms} ms: before the trace was created (nothing to check)"
		continue
	fi
	is "$(q "PRAGMA integrity_check")" ok "kill at ${ms} ms: integrity_check passes"
	if [ "$(q "SELECT count(*) FROM sqlite_schema")" = 0 ]; then
		# Killed before the first commit: schema and setup come in together, so nothing is
		# half there; every analyzer says the file is empty.
		"$NTSCOPE" timeline "$db" >/dev/null 2>"$tmp/an.err"
		like "$?:$(cat "$tmp/an.err")" "^1:.*is empty: nothing was committed" "kill at ${ms} ms: before the first commit: the file is empty and timeline says so"
		skip $((2 + 2 * nan)) "kill at ${ms} ms: before the first commit (nothing committed to check)"
		continue
	fi
	is "$(q "SELECT value FROM meta WHERE key = 'status'")" running "kill at ${ms} ms: meta.status stays 'running'"
	cmp_ge "$(q "SELECT count(*) FROM symbol")" 1 "kill at ${ms} ms: the committed setup (symbols) is there"
	is "$(q "SELECT count(*) FROM syscall s LEFT JOIN thread t USING (utid) WHERE t.utid IS NULL")" 0 \
		"kill at ${ms} ms: no committed row points at a row that is not there"
	for a in $analyzers; do
		case $a in
		report|export) set -- "$a" -o "$tmp/an.out" "$db" ;;
		diff) set -- "$a" "$db" "$db" ;;
		*) set -- "$a" "$db" ;;
		esac
		"$NTSCOPE" "$@" >"$tmp/an.stdout" 2>"$tmp/an.err"
		is "$?" 0 "kill at ${ms} ms: ntscope $a reads it"
		like "$(cat "$tmp/an.err")" "warning: .*incomplete" "kill at ${ms} ms: $a warns that it is incomplete"
	done
done

# Read the trace while it is written, then kill: what a reader saw committed is still there.
db=$tmp/seen.db
"$NTSCOPE" run -q -o "$db" --workload fuzz >/dev/null 2>&1 &
pid=$!
seen=0 tries=0
while [ "$seen" -lt 5000 ] && [ "$tries" -lt 300 ]; do
	sleep 0.2
	seen=$(qr "SELECT count(*) FROM syscall" || echo 0)
	seen=${seen:-0}
	tries=$((tries + 1))
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
cmp_ge "$seen" 5000 "a reader sees committed rows while the run goes on"
cmp_ge "$(q "SELECT count(*) FROM syscall")" "$seen" "after SIGKILL, every row a reader had seen is still there"

db=$tmp/i.db
"$NTSCOPE" run -q -o "$db" --workload fuzz >"$tmp/out" 2>"$tmp/err" &
pid=$!
tries=0
while [ "$(qr "SELECT count(*) FROM syscall" || echo 0)" -lt 1 ] 2>/dev/null && [ "$tries" -lt 300 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
kill -INT "$pid"
wait "$pid"
is "$?" 130 "SIGINT: ntscope run exits 130"
like "$(cat "$tmp/err")" "interrupted" "SIGINT: says the run was interrupted"
like "$(cat "$tmp/out")" "ntscope run: interrupted after [0-9]+ instructions" "SIGINT: the summary is printed"
is "$(q "SELECT value FROM meta WHERE key = 'status'")" interrupted "SIGINT: meta.status is 'interrupted'"
is "$(q "PRAGMA integrity_check")" ok "SIGINT: integrity_check passes"
done_testing
