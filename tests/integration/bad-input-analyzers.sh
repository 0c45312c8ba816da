#!/bin/sh
# Bad input to the analyzers (ntscope timeline, and any other analyzer that takes a
# trace FILE): each case gives exactly one clear line on stderr and a non-zero exit.
. "$top_srcdir/tests/integration/tap.sh"
analyzers="timeline"
for a in report export stats diff; do
	"$NTSCOPE" help "$a" >/dev/null 2>&1 && analyzers="$analyzers $a"
done
n=0
for a in $analyzers; do n=$((n + 6 * 3 + 2)); done
plan "$n"
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT

printf 'this is not a database\n' >"$tmp/text.db"
"${SQLITE3:-sqlite3}" "$tmp/other.db" "CREATE TABLE t(x); PRAGMA user_version = 0;"
"${SQLITE3:-sqlite3}" "$tmp/future.db" "CREATE TABLE meta(key, value); PRAGMA user_version = 999;"
head -c 8192 "$top_builddir/kernel-image/ntoskrnl.elf" >"$tmp/elf.db"
: >"$tmp/empty.db"

# expect ANALYZER DESCRIPTION WANT-STATUS REGEX -- ARGS...
expect() {
	an=$1 desc="$1: $2" want=$3 re=$4; shift 5
	if [ "$an" = diff ]; then set -- "$@" "$@"; fi    # diff A B: the bad file as both
	"$NTSCOPE" "$an" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	is "$?" "$want" "$desc: exit status $want"
	is "$(wc -l <"$tmp/stderr" | tr -d ' ')" 1 "$desc: exactly one line on stderr"
	like "$(cat "$tmp/stderr")" "$re" "$desc: the line says what is wrong"
}

for a in $analyzers; do
	expect "$a" "missing file" 1 "no trace file .*/nonexistent.db|nonexistent.db" -- "$tmp/nonexistent.db"
	expect "$a" "a file that is not a database" 1 "text.db.*(not a (trace )?database|not a database)" -- "$tmp/text.db"
	expect "$a" "an ELF file" 1 "elf.db.*not a (trace )?database" -- "$tmp/elf.db"
	expect "$a" "an SQLite file that is not a trace" 1 "other.db is not an ntscope trace" -- "$tmp/other.db"
	expect "$a" "a trace of another schema version" 1 "future.db has trace schema version 999" -- "$tmp/future.db"
	expect "$a" "an empty file" 1 "empty.db is empty: nothing was committed" -- "$tmp/empty.db"
	"$NTSCOPE" "$a" --frobnicate "$tmp/text.db" >/dev/null 2>"$tmp/stderr"
	is "$?" 2 "$a: unknown option: exit status 2"
	is "$(wc -l <"$tmp/stderr" | tr -d ' ')" 1 "$a: unknown option: exactly one line on stderr"
done
done_testing
