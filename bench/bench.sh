#!/bin/sh
# bench.sh — `make bench`: ntscope's performance figures against their targets
# (BENCHMARKS.md). Every ratio is measured side by side in this one run, traced and
# untraced runs interleaved, medians taken; the overhead is judged on the fastest run of
# each kind (on a shared machine interference only adds time), its median ratio shown
# beside. Knobs (environment):
#   BENCH_N=1000       stress size for overhead, capture, size and memory
#   BENCH_REPS=9       interleaved traced/untraced pairs at BENCH_N
#   BENCH_SCALE="100 1000"   sizes of the scale table, and 5000 unless BENCH_BIG=0
#   BENCH_ANALYSIS_N=6500    stress size of the analysis trace (>= 1,000 handshakes,
#                      >= 1,000,000 events); BENCH_ANALYSIS_N=0 skips it
#   BENCH_DIR=bench-out      where traces are kept
#   BENCH_ANALYZERS=PATH     an ntscope with the analyzers this build lacks (stats,
#                      report), run on this build's traces
#   BENCH_CALLGRIND=N  also count the emulation thread's host instructions, traced and
#                      untraced, at stress=N under valgrind's callgrind (deterministic;
#                      minutes: N=300 takes about 3); needs valgrind and $BOCHS
set -eu

top=${top_builddir:-$(pwd)}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
nts=${NTSCOPE:-$top/ntscope}
sqlite=${SQLITE3:-sqlite3}
writer=${BENCH_WRITER:-$top/bench/bench-writer}
N=${BENCH_N:-1000}
REPS=${BENCH_REPS:-9}
SCALE=${BENCH_SCALE:-"100 1000"}
[ "${BENCH_BIG:-1}" = 1 ] && SCALE="$SCALE 5000"
AN=${BENCH_ANALYSIS_N:-6500}
dir=${BENCH_DIR:-$top/bench-out}
mkdir -p "$dir"
fails=0

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
least() { sort -g | head -1; }
meta() { "$sqlite" "$1" "SELECT value FROM meta WHERE key = '$2'"; }

# row NAME VALUE TARGET OK: one figure; OK is 1 (met), 0 (missed) or - (no target).
row() {
	case $4 in 1) v=ok ;; 0) v=MISS; fails=$((fails + 1)) ;; *) v= ;; esac
	printf '  %-44s %18s  %-14s %s\n' "$1" "$2" "$3" "$v"
}
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? 1 : 0 }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a >= b) ? 1 : 0 }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# run N MODE OUT: one stress run, traced (MODE trace, trace in OUT) or not (notrace);
# prints "wall_seconds max_rss_kib".
run() {
	if [ "$2" = trace ]; then set -- "$1" "$2" "$3" -o "$3" -f; else set -- "$1" "$2" "$3" --no-trace; fi
	n=$1; shift 3
	t0=$(now)
	/usr/bin/time -f %M -o "$dir/rss" "$nts" run -q -w stress -b "stress=$n" -t 3600 "$@" \
		>"$dir/run.log" 2>&1 || { echo "bench: ntscope run (stress=$n $*) failed:" >&2; tail -5 "$dir/run.log" >&2; exit 1; }
	t1=$(now)
	echo "$(calc %.3f "$t1 - $t0") $(tail -1 "$dir/rss")"
}

# pairs N REPS: interleaved traced/untraced runs; sets tw uw (median walls), tmin umin
# (fastest walls), trss urss (median max RSS, KiB); leaves the trace in $dir/stress-N.db.
pairs() {
	: >"$dir/t.walls"; : >"$dir/u.walls"; : >"$dir/t.rss"; : >"$dir/u.rss"
	i=0
	while [ $i -lt "$2" ]; do
		set -- "$1" "$2" $(run "$1" trace "$dir/stress-$1.db") $(run "$1" notrace -)
		echo "$3" >>"$dir/t.walls"; echo "$4" >>"$dir/t.rss"
		echo "$5" >>"$dir/u.walls"; echo "$6" >>"$dir/u.rss"
		set -- "$1" "$2"
		i=$((i + 1))
	done
	tw=$(median <"$dir/t.walls"); uw=$(median <"$dir/u.walls")
	tmin=$(least <"$dir/t.walls"); umin=$(least <"$dir/u.walls")
	trss=$(median <"$dir/t.rss"); urss=$(median <"$dir/u.rss")
}

# host_instructions N MODE: the host instructions of the emulation thread (Bochs'
# first thread) in one stress=N run (MODE trace or notrace) under callgrind.
host_instructions() {
	printf '#!/bin/sh\nexec valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=%s "%s" "$@"\n' \
		"$dir/callgrind.%p" "$BOCHS" >"$dir/bochs-callgrind"
	chmod +x "$dir/bochs-callgrind"
	rm -f "$dir"/callgrind.*
	NTSCOPE_BOCHS=$dir/bochs-callgrind run "$1" "$2" "$dir/callgrind-$1.db" >/dev/null
	sed -n 's/^totals: //p' "$dir"/callgrind.*-01
}

# analyzer CMD: the ntscope that has the command CMD: this build's, else
# $BENCH_ANALYZERS (another build's, e.g. main's, reading the same schema version).
analyzer() {
	if "$nts" help "$1" >/dev/null 2>&1; then echo "$nts"
	elif [ -n "${BENCH_ANALYZERS:-}" ] && "$BENCH_ANALYZERS" help "$1" >/dev/null 2>&1; then echo "$BENCH_ANALYZERS"
	fi
}

# timed CMD...: the median wall seconds of 3 runs of CMD (output discarded), or
# "n/a" when the command does not exist.
timed() {
	"$@" >/dev/null 2>"$dir/cmd.err" || { echo n/a; return; }
	for i in 1 2 3; do
		t0=$(now); "$@" >/dev/null 2>&1; t1=$(now); calc %.3f "$t1 - $t0"; echo
	done | median
}

# shot HTML: wall seconds from Chromium's start to its 1280x800 screenshot of HTML.
shot() {
	t0=$(now)
	timeout 60 chromium --headless --disable-gpu --no-sandbox --window-size=1280,800 \
		--user-data-dir="$dir/chromium" --screenshot="$dir/report.png" "file://$1" >/dev/null 2>&1 || true
	t1=$(now)
	calc %.3f "$t1 - $t0"
}

# page HTML: "fcp drawn" in ms from navigation start, read in the page itself: Paint
# Timing's first-contentful-paint and the report's mark when its timeline was first
# drawn (bench/first-paint.js appended to a copy of HTML, as viz.sh appends its script).
page() {
	{ sed '$d' "$1"; printf '<script>\n'; cat "$srcdir/bench/first-paint.js"; printf '</script>\n</body></html>\n'; } \
		>"$dir/report-timed.html"
	timeout 60 chromium --headless --disable-gpu --no-sandbox --window-size=1280,800 \
		--user-data-dir="$dir/chromium" --virtual-time-budget=10000 --dump-dom \
		"file://$dir/report-timed.html" 2>/dev/null | grep -o '<body[^>]*>' | head -1 |
		awk '{ f = d = "n/a"; if (match($0, /data-fcp="[0-9]+"/)) f = substr($0, RSTART + 10, RLENGTH - 11);
		       if (match($0, /data-drawn="[0-9]+"/)) d = substr($0, RSTART + 12, RLENGTH - 13); print f, d }'
}

# first_paint HTML: the report's first paint, 3 interleaved runs each, medians: the wall
# time to a screenshot (an upper bound: it includes Chromium's start-up, measured apart on
# a blank page), and the page's own first contentful paint and timeline drawn.
first_paint() {
	printf '<!DOCTYPE html>\n<html><body><p>blank</p>\n</body></html>\n' >"$dir/blank.html"
	: >"$dir/fp.wall"; : >"$dir/fp.blank"; : >"$dir/fp.fcp"; : >"$dir/fp.drawn"
	for i in 1 2 3; do
		shot "$dir/blank.html" >>"$dir/fp.blank"; echo >>"$dir/fp.blank"
		shot "$1" >>"$dir/fp.wall"; echo >>"$dir/fp.wall"
		set -- "$1" $(page "$1")
		[ "${2:-n/a}" != n/a ] && echo "$2" >>"$dir/fp.fcp"
		[ "${3:-n/a}" != n/a ] && echo "$3" >>"$dir/fp.drawn"
		set -- "$1"
	done
	fw=$(median <"$dir/fp.wall"); fb=$(median <"$dir/fp.blank")
	row "report screenshot, headless Chromium (s)" "$fw" "<= 3 s" "$(le "$fw" 3)"
	row "  (Chromium start-up: blank page screenshot)" "$fb s" "" -
	if [ -s "$dir/fp.drawn" ]; then
		fd=$(median <"$dir/fp.drawn" | awk '{ printf "%.3f", $1 / 1000 }')
		row "report timeline drawn, in the page (s)" "$fd" "<= 3 s" "$(le "$fd" 3)"
	else
		row "report timeline drawn, in the page" "not measured" "<= 3 s" -
	fi
	if [ -s "$dir/fp.fcp" ]; then
		row "report first contentful paint, in the page (s)" "$(median <"$dir/fp.fcp" | awk '{ printf "%.3f", $1 / 1000 }')" "" -
	fi
}

echo "ntscope bench — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, \
$(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "stress workload: -w stress -b stress=N; $REPS interleaved traced/untraced pairs (fastest and median)"
echo

# 1. Overhead, capture, size, memory at N.
pairs "$N" "$REPS"
db=$dir/stress-$N.db
ins=$(meta "$db" instructions); ev=$(meta "$db" events); size=$(stat -c %s "$db")
ratio=$(calc %.3f "$tmin / $umin")
echo "tracing (N=$N: $ins guest instructions, $ev events)"
row "wall traced / untraced, fastest runs" "$ratio ($tmin/$umin s)" "<= 1.15" "$(le "$ratio" 1.15)"
row "  (median runs)" "$(calc %.3f "$tw / $uw") ($tw/$uw s)" "" -
row "  (all walls, traced)" "$(sort -g "$dir/t.walls" | tr '\n' ' ')" "" -
row "  (all walls, untraced)" "$(sort -g "$dir/u.walls" | tr '\n' ' ')" "" -
row "guest MIPS traced" "$(calc %.1f "$ins / $tw / 1e6")" "" -
row "guest MIPS untraced" "$(calc %.1f "$ins / $uw / 1e6")" "" -
row "events per second (traced run)" "$(calc %.0f "$ev / $tw")" "" -
wr=$("$writer" "$db" "$dir")
wratio=$(echo "$wr" | awk '{ print $8 }')
row "writer / raw SQLite bulk insert" "$wratio" ">= 0.8" "$(ge "$wratio" 0.8)"
row "  (writer: $(echo "$wr" | awk '{ printf "%d rows in %s s", $2, $4 }'))" \
	"$(echo "$wr" | awk '{ printf "%.0f rows/s", $2 / $4 }')" "" -
bpe=$(calc %.1f "$size / $ev")
row "DB bytes per event" "$bpe ($size B)" "<= 40" "$(le "$bpe" 40)"
mem=$(calc %.1f "($trss - $urss) / 1024")
row "tracer RSS above untraced Bochs (MiB)" "$mem" "<= 64" "$(le "$mem" 64)"
if [ -n "${BENCH_CALLGRIND:-}" ] && command -v valgrind >/dev/null && [ -x "${BOCHS:-}" ]; then
	ht=$(host_instructions "$BENCH_CALLGRIND" trace); hu=$(host_instructions "$BENCH_CALLGRIND" notrace)
	row "host instructions traced / untraced (N=$BENCH_CALLGRIND)" "$(calc %.3f "$ht / $hu")" "" -
	row "  (emulation thread, callgrind; millions)" "$(calc %.1f "$ht / 1e6") / $(calc %.1f "$hu / 1e6")" "" -
fi
echo

# 2. Scale: per-handshake cost of tracing and analysis at each N.
echo "scale (one traced and one untraced run each; per handshake = per child process)"
printf '  %6s %10s %9s %9s %8s %10s %9s %10s %9s\n' N events traced_s untraced_s ratio \
	"trace_ms/hs" "rss_MiB" "timeline_s" "tl_ms/hs"
for n in $SCALE; do
	if [ "$n" = "$N" ]; then t=$tw; u=$uw; tr=$trss; ur=$urss
	else set -- $(run "$n" trace "$dir/stress-$n.db") $(run "$n" notrace -); t=$1; tr=$2; u=$3; ur=$4; fi
	d=$dir/stress-$n.db
	tl=$(timed "$nts" timeline "$d")
	printf '  %6s %10s %9s %10s %8s %10s %9s %10s %9s\n' "$n" "$(meta "$d" events)" "$t" "$u" \
		"$(calc %.3f "$t / $u")" "$(calc %.3f "($t - $u) * 1000 / $n")" \
		"$(calc %.1f "($tr - $ur) / 1024")" "$tl" "$(calc %.3f "$tl * 1000 / $n")"
done
echo

# 3. Analysis on a trace with >= 1,000 handshakes and >= 1,000,000 events.
if [ "$AN" -gt 0 ]; then
	a=$dir/stress-$AN.db
	run "$AN" trace "$a" >/dev/null
	hs=$("$sqlite" "$a" "SELECT count(*) FROM createprocess_handshake")
	echo "analysis (recorded trace: stress=$AN, $hs handshakes, $(meta "$a" events) events, $(stat -c %s "$a") bytes)"
	plan=$("$sqlite" "$a" "EXPLAIN QUERY PLAN SELECT * FROM createprocess_handshake")
	echo "  createprocess_handshake query plan: $(echo "$plan" | grep -c 'SEARCH') index/rowid searches;" \
		"scans only of: $(echo "$plan" | grep -o 'SCAN [a-z_]*' | sort -u | sed 's/SCAN //' | tr '\n' ' ')"
	for c in "timeline 1" "stats 2" "report 5"; do
		set -- $c
		b=$(analyzer "$1")
		s=n/a
		case $1 in
		report) [ -n "$b" ] && s=$(timed "$b" report -o - "$a") ;;
		*) [ -n "$b" ] && s=$(timed "$b" "$1" "$a") ;;
		esac
		[ "$b" = "$nts" ] && from= || from=" [$b]"
		if [ "$s" = n/a ]; then row "ntscope $1" "not available" "<= $2 s" -
		else row "ntscope $1 (s)$from" "$s" "<= $2 s" "$(le "$s" "$2")"; fi
	done
	b=$(analyzer report)
	if [ -n "$b" ] && "$b" report -o "$dir/report.html" "$a" >/dev/null 2>&1 && command -v chromium >/dev/null; then
		first_paint "$dir/report.html"
	else
		row "report first paint, headless Chromium" "not available" "<= 3 s" -
	fi
	echo
fi

echo "bench: $fails figure(s) miss their target"
