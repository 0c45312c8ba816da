# Integration tests: boot the real kernel under the instrumented Bochs and check the trace.
TESTS += tests/integration/createprocess.sh tests/integration/boot.sh tests/integration/bad-input.sh \
	tests/integration/nt-core.sh tests/integration/user-program.sh tests/integration/viz.sh \
	tests/integration/crash.sh tests/integration/determinism.sh tests/integration/fuzz.sh \
	tests/integration/bad-input-analyzers.sh tests/integration/valgrind.sh
EXTRA_DIST += tests/integration/createprocess.sh tests/integration/boot.sh tests/integration/bad-input.sh \
	tests/integration/nt-core.sh tests/integration/user-program.sh tests/integration/data/myparent.c \
	tests/integration/viz.sh tests/integration/report-interact.js \
	tests/integration/crash.sh tests/integration/determinism.sh tests/integration/fuzz.sh \
	tests/integration/bad-input-analyzers.sh tests/integration/valgrind.sh

# `make determinism`: many --check-determinism pairs of every bundled workload (a long
# loop, not part of `make check`; DET_PAIRS pairs each, default 20; fails if any differs).
DET_PAIRS = 20
DET_WORKLOADS = default stress:stress=50 threads lpc objects fuzz
.PHONY: determinism
determinism: all
	$(AM_TESTS_ENVIRONMENT) NTSCOPE_DET_PAIRS='$(DET_PAIRS)' NTSCOPE_DET_WORKLOADS='$(DET_WORKLOADS)' \
		$(SHELL) $(srcdir)/tests/integration/determinism.sh | awk '{ print } /^not ok/ { bad = 1 } END { exit bad }'
