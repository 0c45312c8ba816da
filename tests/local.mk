# Tests: Criterion unit tests (tests/unit) and integration tests over real traces
# (tests/integration), all through automake's TAP driver.
LOG_COMPILER = $(top_srcdir)/tests/criterion-tap
SH_LOG_COMPILER = $(SHELL)
EXTRA_DIST += tests/criterion-tap tests/integration/tap.sh

include tests/unit/local.mk
include tests/integration/local.mk
include tests/fuzz/local.mk

AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	NTSCOPE='$(abs_top_builddir)/ntscope'; SQLITE3='$(SQLITE3)'; \
	export top_srcdir top_builddir NTSCOPE SQLITE3;
