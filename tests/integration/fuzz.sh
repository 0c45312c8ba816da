#!/bin/sh
# The fuzz workload: over 100,000 random system calls from two processes (three threads
# each); the kernel stays up, every call returns a status, the trace records them all.
. "$top_srcdir/tests/integration/tap.sh"
plan 7
tmp=$(mktemp -d) || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
db=$tmp/f.db

"$NTSCOPE" run -o "$db" --workload fuzz >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "ntscope run --workload fuzz exits 0 (the guest powered off)"
is "$(grep -ac 'fuzz: pid [0-9]*: 54000 calls from 3 threads.*kernel still up' "$tmp/out")" 2 \
	"both fuzz.elf processes made all their calls"
is "$(q "SELECT value FROM meta WHERE key = 'status'")" poweroff "meta.status is poweroff"
cmp_ge "$(q "SELECT count(*) FROM syscall")" 100000 "the syscall table has at least 100,000 rows"
cmp_ge "$(q "SELECT count(DISTINCT t.upid) FROM syscall s JOIN thread t USING (utid)")" 2 "from at least 2 processes"
is "$(q "SELECT count(*) FROM syscall s WHERE status IS NULL AND exit_kind IS NOT 'continue' AND id != (SELECT max(id) FROM syscall WHERE utid = s.utid)")" 0 \
	"every call has a status but each thread's last (and NtContinue, which does not return)"
is "$(q "SELECT count(*) FROM syscall WHERE name IS NULL AND status != 3221225500")" 0 \
	"every unknown service number gives STATUS_INVALID_SYSTEM_SERVICE"
done_testing
