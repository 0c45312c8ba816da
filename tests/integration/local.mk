# Integration tests: boot the real kernel under the instrumented Bochs and check the trace.
TESTS += tests/integration/boot.sh tests/integration/bad-input.sh tests/integration/nt-core.sh \
	tests/integration/viz.sh
EXTRA_DIST += tests/integration/boot.sh tests/integration/bad-input.sh tests/integration/nt-core.sh \
	tests/integration/viz.sh tests/integration/report-interact.js
