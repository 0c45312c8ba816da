#!/bin/sh
# Run the libFuzzer targets: briefly on their corpora (FUZZ_MODE=check, a TAP test of
# `make check`), or for FUZZ_SECONDS each (FUZZ_MODE=long, `make fuzz`), new inputs kept.
# Seeds: tests/fuzz/corpus-guest, and for fuzz-elf the real kernel, ntdll and the
# fixture ELFs. A crash leaves its input as crash-* in the work directory and fails.
. "$top_srcdir/tests/integration/tap.sh"
mode=${FUZZ_MODE:-check}
runs=${FUZZ_CHECK_RUNS:-}
seconds=${FUZZ_SECONDS:-60}
plan 2
work=$(mktemp -d) || bail "mktemp"
[ "$mode" = long ] || trap 'rm -rf "$work"' EXIT

mkdir -p "$work/elf" "$work/guest"
cp "$top_srcdir"/tests/fuzz/corpus-guest/* "$work/guest/" 2>/dev/null
for f in "$top_builddir"/kernel-image/ntoskrnl.elf "$top_builddir"/kernel-image/ntdll.elf \
	"$top_builddir"/kernel-image/programs/hello.elf "$top_builddir"/tests/unit/fixtures/*.elf \
	"$top_builddir"/tests/unit/fixtures/*.o "$top_srcdir"/tests/fuzz/corpus-elf/*; do
	[ -f "$f" ] && cp "$f" "$work/elf/"
done

# fuzz NAME CORPUS RUNS: run one target (RUNS inputs in check mode); ok when it found
# no crash.
fuzz() {
	bin=$top_builddir/tests/fuzz/$1
	if [ ! -x "$bin" ]; then ok 0 "$1: not built (needs clang) # SKIP"; return; fi
	if [ "$mode" = long ]; then
		limit="-max_total_time=$seconds"
		keep="$top_srcdir/tests/fuzz/corpus-$1-new"
		mkdir -p "$keep"
	else
		limit="-runs=${runs:-$3}"
		keep=""
	fi
	(cd "$work" && "$bin" $limit -max_len=4194304 -rss_limit_mb=2048 -timeout=30 \
		-print_final_stats=1 $keep "$2" >"$work/$1.log" 2>&1)
	st=$?
	ok "$st" "$1: no crash, leak or undefined behaviour ($mode)"
	[ "$st" -eq 0 ] || { tail -40 "$work/$1.log" | sed 's/^/# /'; ls "$work"/crash-* 2>/dev/null | sed 's/^/# input: /'; }
	[ "$mode" = long ] && grep -E "stat::number_of_executed_units|cov:" "$work/$1.log" | tail -2 | sed "s/^/# $1: /"
}

fuzz fuzz-guest "$work/guest" 60
fuzz fuzz-elf "$work/elf" 200
done_testing
