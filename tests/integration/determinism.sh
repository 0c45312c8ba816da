#!/bin/sh
# Determinism of `ntscope run`: the same image, workload and options give the same
# content in every table (`--check-determinism`, times from meta.kernel_start_ts).
# Before Bochs' virtual timers were kept off host time (plugin/bochs/*.patch) about one
# pair in five differed, so one pair proves little: NTSCOPE_DET_PAIRS pairs (default 3)
# of each workload in NTSCOPE_DET_WORKLOADS run here; `make determinism` runs many more.
. "$top_srcdir/tests/integration/tap.sh"
pairs=${NTSCOPE_DET_PAIRS:-3}
workloads=${NTSCOPE_DET_WORKLOADS:-"default stress:stress=50"}
nw=$(echo $workloads | wc -w)
plan $((3 * pairs * nw))
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT

for w in $workloads; do
	name=${w%%:*}
	set -- -w "$name"
	case $w in *:*) set -- "$@" -b "${w#*:}" ;; esac
	i=0
	while [ "$i" -lt "$pairs" ]; do
		i=$((i + 1))
		rm -f "$tmp/d.db" "$tmp/d.db.rerun"
		"$NTSCOPE" run -q --check-determinism -o "$tmp/d.db" "$@" >"$tmp/out" 2>"$tmp/err"
		st=$?
		ok "$st" "$w, pair $i: both runs wrote the same content to every table"
		[ "$st" -eq 0 ] || sed 's/^/# /' "$tmp/err"
		if [ "$st" -eq 0 ]; then
			like "$(cat "$tmp/out")" "deterministic: both runs wrote the same content to every table" \
				"$w, pair $i: --check-determinism says so"
			is "$(cat "$tmp/err")" "" "$w, pair $i: nothing on stderr"
		else
			like "$(cat "$tmp/err")" "not deterministic: table " "$w, pair $i: names the tables that differ"
			like "$(cat "$tmp/err")" "second run's trace is .*d.db.rerun" "$w, pair $i: the second trace is kept"
		fi
	done
done
done_testing
