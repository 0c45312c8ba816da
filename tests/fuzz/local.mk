# tests/fuzz — libFuzzer targets (clang, ASan, UBSan) over the tracer core: fuzz-guest
# (every decoder over fake guest memory) and fuzz-elf (the ELF/DWARF loader over corrupt
# files). `make check` runs each briefly on its corpus; `make fuzz` runs each for
# FUZZ_SECONDS (default 60) and keeps what it finds in tests/fuzz/corpus-*.
NTS_FUZZ_CC = clang
NTS_FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -I$(top_srcdir) -I$(top_builddir) \
	$(SQLITE_CFLAGS) $(LIBELF_CFLAGS) $(LIBDW_CFLAGS)
NTS_FUZZ_LIBS = $(SQLITE_LIBS) $(LIBDW_LIBS) $(LIBELF_LIBS) -ldl
NTS_FUZZ_CORE = $(addprefix $(top_srcdir)/,$(filter %.c,$(NTS_CORE_SOURCES)) schema/schema.c) \
	schema/trace-sql.c
NTS_FUZZERS = tests/fuzz/fuzz-guest tests/fuzz/fuzz-elf
FUZZ_SECONDS = 60

check_DATA = $(NTS_FUZZERS)
CLEANFILES += $(NTS_FUZZERS)
EXTRA_DIST += tests/fuzz/fuzz-guest.c tests/fuzz/fuzz-elf.c tests/fuzz/run.sh tests/fuzz/corpus-guest
TESTS += tests/fuzz/run.sh

tests/fuzz/fuzz-guest: tests/fuzz/fuzz-guest.c $(NTS_FUZZ_CORE) config.h
	$(AM_V_CCLD)$(MKDIR_P) $(@D) && $(NTS_FUZZ_CC) $(NTS_FUZZ_CFLAGS) \
		-DFIXTURE_DIR='"$(abs_top_builddir)/tests/unit/fixtures"' \
		-o $@ $(filter %.c,$^) $(NTS_FUZZ_LIBS)
tests/fuzz/fuzz-elf: tests/fuzz/fuzz-elf.c $(NTS_FUZZ_CORE) config.h
	$(AM_V_CCLD)$(MKDIR_P) $(@D) && $(NTS_FUZZ_CC) $(NTS_FUZZ_CFLAGS) \
		-o $@ $(filter %.c,$^) $(NTS_FUZZ_LIBS)

.PHONY: fuzz
fuzz: $(NTS_FUZZERS) $(NTS_FIXTURES)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
		FUZZ_MODE=long FUZZ_SECONDS='$(FUZZ_SECONDS)' $(SHELL) $(srcdir)/tests/fuzz/run.sh
