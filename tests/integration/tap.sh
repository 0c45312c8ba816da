# tap.sh — a few TAP helpers for the integration tests (sourced, not run).
# Each script calls plan N, then ok/is/like (skip for what cannot run here), and ends
# with done_testing.
tap_n=0
tap_failed=0
plan() { echo "1..$1"; }
ok() { # ok COND-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"; else echo "not ok $tap_n - $2"; tap_failed=$((tap_failed + 1)); fi
}
is() { # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "#   got: '$1'"; echo "#  want: '$2'"; fi
}
cmp_ge() { # cmp_ge GOT MIN DESCRIPTION
	if [ "${1:-0}" -ge "$2" ] 2>/dev/null; then ok 0 "$3"; else ok 1 "$3"; echo "#   got: '$1', want >= $2"; fi
}
like() { # like TEXT REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else ok 1 "$3"; echo "#   '$1'"; echo "#   does not match /$2/"; fi
}
skip() { # skip COUNT DESCRIPTION: COUNT tests that cannot run here, counted as skipped
	tap_skip=0
	while [ "$tap_skip" -lt "$1" ]; do ok 0 "$2 # SKIP"; tap_skip=$((tap_skip + 1)); done
}
bail() { echo "Bail out! $*"; exit 1; }
q() { "${SQLITE3:-sqlite3}" -batch -noheader "$db" "$@"; }
done_testing() { exit 0; }
