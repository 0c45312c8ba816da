#!/bin/sh
# Valgrind over the analyzers: no leak, no invalid access, on a real trace, on a trace
# cut short, and on bad input. Skipped when valgrind is not installed.
. "$top_srcdir/tests/integration/tap.sh"
extra=""
for a in report export stats diff; do
	"$NTSCOPE" help "$a" >/dev/null 2>&1 && extra="$extra $a"
done
total=$((7 + 2 * $(echo $extra | wc -w)))
plan "$total"
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
if ! command -v valgrind >/dev/null 2>&1; then
	skip "$total" "valgrind is not installed"
	done_testing
fi
vg() { valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--error-exitcode=99 "$NTSCOPE" "$@" >"$tmp/out" 2>"$tmp/vg"; }

"$NTSCOPE" run -q -o "$tmp/t.db" >/dev/null 2>&1 || bail "ntscope run failed"
"$NTSCOPE" run -q -o "$tmp/cut.db" --max-instructions 9000000 >/dev/null 2>&1
printf 'not a database\n' >"$tmp/text.db"

check() { # check DESCRIPTION WANT-STATUS ARGS...: valgrind's own errors give 99
	desc=$1 want=$2; shift 2
	vg "$@"
	st=$?
	is "$st" "$want" "$desc under valgrind: exit $want, no leak or invalid access"
	[ "$st" = "$want" ] || sed 's/^/# /' "$tmp/vg" | head -30
}
check "ntscope timeline on a full trace" 0 timeline "$tmp/t.db"
check "ntscope timeline --format json" 0 timeline --format json "$tmp/t.db"
check "ntscope timeline on a trace cut short" 0 timeline "$tmp/cut.db"
check "ntscope timeline on a file that is not a trace" 1 timeline "$tmp/text.db"
check "ntscope timeline with a bad option" 2 timeline --frobnicate "$tmp/t.db"
for a in $extra; do
	case $a in
	report|export) check "ntscope $a" 0 "$a" -o "$tmp/an.out" "$tmp/t.db"
		check "ntscope $a on a trace cut short" 0 "$a" -o "$tmp/an.out" "$tmp/cut.db" ;;
	diff) check "ntscope diff" 0 diff "$tmp/t.db" "$tmp/t.db"
		check "ntscope diff with a trace cut short" 0 diff "$tmp/t.db" "$tmp/cut.db" ;;
	*) check "ntscope $a" 0 "$a" "$tmp/t.db"
		check "ntscope $a on a trace cut short" 0 "$a" "$tmp/cut.db" ;;
	esac
done
check "ntscope help" 0 help
check "ntscope run with bad input (refused before Bochs starts)" 1 run -q -o "$tmp/x.db" --workload no-such
done_testing
