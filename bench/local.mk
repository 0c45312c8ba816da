# bench — `make bench`: the performance figures of BENCHMARKS.md (not part of check).
EXTRA_PROGRAMS = bench/bench-writer
bench_bench_writer_SOURCES = bench/bench-writer.c
bench_bench_writer_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
bench_bench_writer_LDADD = plugin/libntscope-core.la schema/libschema.la $(SQLITE_LIBS)
CLEANFILES += bench/bench-writer$(EXEEXT)
EXTRA_DIST += bench/bench.sh bench/compare.sh bench/first-paint.js BENCHMARKS.md

bench: ntscope$(EXEEXT) bench/bench-writer$(EXEEXT) plugin/libntscope-trace.la $(pkgdata_DATA)
	top_builddir='$(abs_top_builddir)' NTSCOPE='$(abs_top_builddir)/ntscope' \
	SQLITE3='$(SQLITE3)' BOCHS='$(BOCHS)' $(SHELL) $(srcdir)/bench/bench.sh
.PHONY: bench
