#!/bin/sh
# Bad input to `ntscope run`: each case gives exactly one clear line, a non-zero exit,
# and leaves no trace file behind.
. "$top_srcdir/tests/integration/tap.sh"
plan 37
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
leftover=""
kernel="$top_builddir/kernel-image/ntoskrnl.elf"
[ -f "$kernel" ] || bail "no $kernel: run make"

# expect DESCRIPTION WANT-STATUS REGEX -- ARGS...: run, then check status, one line, message.
expect() {
	desc=$1 want=$2 re=$3; shift 4
	"$NTSCOPE" run -q -o "$tmp/out.db" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
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

: >"$tmp/exists.db"
"$NTSCOPE" run -q -o "$tmp/exists.db" 2>"$tmp/stderr"
is "$?" 1 "existing output: refused"
like "$(cat "$tmp/stderr")" "exists; pass --force" "existing output: says how to overwrite"
is "$(wc -c <"$tmp/exists.db" | tr -d ' ')" 0 "existing output: left untouched"

is "$leftover" "" "no refused run left a trace file behind"
done_testing
