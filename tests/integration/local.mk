# Integration tests: boot the real kernel under the instrumented Bochs and check the trace.
TESTS += tests/integration/createprocess.sh tests/integration/boot.sh tests/integration/bad-input.sh \
	tests/integration/nt-core.sh tests/integration/user-program.sh tests/integration/viz.sh \
	tests/integration/crash.sh tests/integration/fuzz.sh tests/integration/bad-input-analyzers.sh \
	tests/integration/valgrind.sh
EXTRA_DIST += tests/integration/createprocess.sh tests/integration/boot.sh tests/integration/bad-input.sh \
	tests/integration/nt-core.sh tests/integration/user-program.sh tests/integration/data/myparent.c \
	tests/integration/viz.sh tests/integration/report-interact.js \
	tests/integration/crash.sh tests/integration/fuzz.sh tests/integration/bad-input-analyzers.sh \
	tests/integration/valgrind.sh
