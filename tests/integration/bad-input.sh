#!/bin/sh
# Bad input to `ntscope run`: each case gives exactly one clear line, a non-zero exit,
# and leaves no trace file behind.
. "$top_srcdir/tests/integration/tap.sh"
plan 72
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
leftover=""
kernel="$top_builddir/kernel-image/ntoskrnl.elf"
[ -f "$kernel" ] || bail "no $kernel: run make"

# expect DESCRIPTION WANT-STATUS REGEX -- ARGS...: run, then check status, one line, message.
expect() {
	desc=$1 want=$2 re=$3; shift 4
	env ${EXPECT_ENV:-} "$NTSCOPE" run -q -o "$tmp/out.db" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	is "$?" "$want" "$desc: exit status $want"
	is "$(wc -l <"$tmp/stderr" | tr -d ' ')" 1 "$desc: exactly one line on stderr"
	like "$(cat "$tmp/stderr")" "$re" "$desc: the line says what is wrong"
	if [ -e "$tmp/out.db" ]; then leftover="$leftover [$desc]"; rm -f "$tmp/out.db"; fi
}

printf 'this is not an ELF file\n' >"$tmp/corrupt.elf"
objcopy -N KeBugCheckEx "$kernel" "$tmp/nosym.elf"
objcopy --strip-debug "$kernel" "$tmp/nodwarf.elf"
strip --strip-all -o "$tmp/stripped.elf" "$kernel"

expect "missing kernel ELF" 1 "ntscope: .*(/nonexistent/ntoskrnl.elf).*(No such file|cannot open|not found)" -- --kernel /nonexistent/ntoskrnl.elf
expect "corrupt kernel ELF" 1 "ntscope: .*corrupt.elf.*(not an ELF|ELF)" -- --kernel "$tmp/corrupt.elf"
expect "wrong-architecture ELF" 1 "ntscope: .*(i386|32-bit|EM_386|architecture|machine)" -- --kernel /bin/sh
expect "kernel without KeBugCheckEx" 1 "ntscope: .*KeBugCheckEx" -- --kernel "$tmp/nosym.elf"
expect "kernel without DWARF" 1 "ntscope: .*(DWARF|debug)" -- --kernel "$tmp/nodwarf.elf"
expect "stripped kernel" 1 "ntscope: .*(symbol table|stripped)" -- --kernel "$tmp/stripped.elf"
expect "unwritable output directory" 1 "ntscope: .*/nonexistent-dir" -- -o /nonexistent-dir/t.db
expect "unknown option" 2 "ntscope run: unknown option '--frobnicate'" -- --frobnicate
expect "bad number" 2 "ntscope run: --max-instructions wants a positive number, not 'lots'" -- --max-instructions lots
expect "malformed boot option" 2 "ntscope run: --boot-option wants KEY=VALUE" -- --boot-option "a b"
expect "unknown workload" 1 "ntscope: unknown workload 'no-such-workload'" -- --workload no-such-workload
expect "bad timeout" 2 "ntscope run: --timeout wants a number of seconds, not 'soon'" -- --timeout soon
expect "negative number" 2 "ntscope run: --max-instructions wants a positive number, not '-5'" -- --max-instructions -5
expect "number too large" 2 "ntscope run: --max-instructions wants a positive number" -- --max-instructions 99999999999999999999999
expect "a program that is not an i386 ELF" 1 "ntscope: .*/bin/sh.*(i386|32-bit|EM_386)" -- --program /bin/sh
expect "a program that is not an ELF" 1 "ntscope: .*corrupt.elf.*not an ELF" -- --program "$tmp/corrupt.elf"
EXPECT_ENV="NTSCOPE_BOCHS=/nonexistent/bochs"
expect "missing Bochs" 1 "ntscope: Bochs not found at /nonexistent/bochs" --
EXPECT_ENV="NTSCOPE_BIOS=/nonexistent/BIOS-bochs-latest"
expect "missing BIOS" 1 "ntscope: the Bochs BIOS not found at /nonexistent/BIOS-bochs-latest" --
EXPECT_ENV=
nocid=$top_builddir/tests/unit/fixtures/kernel-nocid.elf
if [ -f "$nocid" ]; then
	expect "kernel without a DWARF field" 1 "ntscope: .*kernel-nocid.elf.*(DWARF|member).*Cid" -- --kernel "$nocid"
else
	skip 3 "kernel without a DWARF field: fixture not built"
fi

# A full output directory: a 64 KB tmpfs has no room for the schema and setup; a 1.3 MB
# one holds them but fills up during the fuzz workload's run (the tracer stops Bochs; what was committed stays readable).
full=$tmp/full
mkdir "$full"
if mount -t tmpfs -o size=64k tmpfs "$full" 2>/dev/null; then
	"$NTSCOPE" run -q -o "$full/t.db" >/dev/null 2>"$tmp/stderr"
	is "$?" 1 "full output directory: exit status 1"
	is "$(wc -l <"$tmp/stderr" | tr -d ' ')" 1 "full output directory: exactly one line on stderr"
	like "$(cat "$tmp/stderr")" "ntscope: .*database or disk is full.*; no trace was written" "full output directory: says the disk is full"
	is "$(ls "$full")" "" "full output directory: nothing left behind"
	umount "$full"
	mount -t tmpfs -o size=1300k tmpfs "$full"
	"$NTSCOPE" run -q -w fuzz -o "$full/t.db" >/dev/null 2>"$tmp/stderr"
	is "$?" 1 "output directory filling up during the run: exit status 1"
	is "$(wc -l <"$tmp/stderr" | tr -d ' ')" 1 "filling up: exactly one line on stderr"
	like "$(cat "$tmp/stderr")" "ntscope: cannot (write|finish) the trace database: database or disk is full.*incomplete" "filling up: says so"
	db=$full/t.db
	is "$(q "PRAGMA integrity_check")" ok "filling up: the trace passes integrity_check"
	umount "$full"
else
	skip 8 "full output directory: cannot mount a tmpfs"
fi

ro=$tmp/ro
mkdir "$ro" && chmod 555 "$ro"
if [ "$(id -u)" -ne 0 ]; then
	expect "read-only output directory" 1 "ntscope: cannot write the trace to .*ro/out.db" -- -o "$ro/out.db"
else
	skip 3 "read-only output directory: root writes anyway"
fi

: >"$tmp/exists.db"
"$NTSCOPE" run -q -o "$tmp/exists.db" 2>"$tmp/stderr"
is "$?" 1 "existing output: refused"
like "$(cat "$tmp/stderr")" "exists; pass --force" "existing output: says how to overwrite"
is "$(wc -c <"$tmp/exists.db" | tr -d ' ')" 0 "existing output: left untouched"

is "$leftover" "" "no refused run left a trace file behind"
done_testing
