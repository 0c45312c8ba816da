#!/bin/sh
# compare.sh OLD NEW [N] [REPS] — two builds of ntscope side by side: each one's
# stress=N run traced and with --no-trace, all four interleaved REPS times; prints
# the median walls and each build's traced/untraced ratio. OLD and NEW are ntscope
# binaries of two build trees (each uses its own Bochs and tracer).
set -eu
old=$1 new=$2 N=${3:-1000} REPS=${4:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# wall NTSCOPE ARGS...: one stress run's wall seconds.
wall() {
	b=$1; shift
	t0=$(now)
	"$b" run -q -w stress -b "stress=$N" -t 3600 "$@" >/dev/null 2>&1 || { echo "compare: $b run $* failed" >&2; exit 1; }
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

i=0
while [ $i -lt "$REPS" ]; do
	wall "$old" -o "$dir/old.db" -f >>"$dir/old.t"
	wall "$old" --no-trace >>"$dir/old.u"
	wall "$new" -o "$dir/new.db" -f >>"$dir/new.t"
	wall "$new" --no-trace >>"$dir/new.u"
	i=$((i + 1))
done
for b in old new; do
	t=$(median <"$dir/$b.t"); u=$(median <"$dir/$b.u")
	printf '%s: traced %s s, untraced %s s, ratio %s, %s bytes/event\n' "$b" "$t" "$u" \
		"$(awk -v a="$t" -v b="$u" 'BEGIN { printf "%.3f", a / b }')" \
		"$(awk -v s="$(stat -c %s "$dir/$b.db")" -v e="$(sqlite3 "$dir/$b.db" "SELECT value FROM meta WHERE key = 'events'")" 'BEGIN { printf "%.1f", s / e }')"
done
