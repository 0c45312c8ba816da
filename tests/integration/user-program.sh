#!/bin/sh
# A user builds their own program with `ntscope cc`, runs it with --program and
# --workload-file, and its CreateProcess shows up in the timeline.
. "$top_srcdir/tests/integration/tap.sh"
plan 9
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
db=$tmp/u.db

"$NTSCOPE" cc -o "$tmp/myparent.elf" "$top_srcdir/tests/integration/data/myparent.c" 2>"$tmp/err"
is "$?" 0 "ntscope cc builds a Win32 program"
printf 'run myparent.elf\n' >"$tmp/my.wl"
"$NTSCOPE" run -o "$db" --program "$tmp/myparent.elf" --workload-file "$tmp/my.wl" >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "ntscope run --program --workload-file runs it to power-off"
like "$(cat "$tmp/out")" "myparent: child exited with 7" "the program's own output shows on the console"
"$NTSCOPE" timeline "$db" --image win32child.elf --format json >"$tmp/t.json"
is "$?" 0 "ntscope timeline reads the trace"
is "$(q "SELECT json_array_length(readfile('$tmp/t.json'))")" 1 "one handshake for the program's child"
is "$(q "SELECT json_extract(readfile('$tmp/t.json'), '\$[0].outcome')")" ok "its outcome is ok"
is "$(q "SELECT parent_image || ' -> ' || child_image FROM createprocess_handshake WHERE child_image = 'win32child.elf'")" \
	"myparent.elf -> win32child.elf" "the view names the user's program as the parent"
is "$(q "SELECT missing_steps FROM createprocess_handshake WHERE child_image = 'win32child.elf'")" "" "no step is missing"
"$NTSCOPE" cc -o "$tmp/bad.elf" "$tmp/nonexistent.c" >/dev/null 2>"$tmp/err"
is "$?" 1 "a compile error fails ntscope cc"
done_testing
