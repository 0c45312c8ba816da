# tests/unit — Criterion unit tests of the tracer core and the schema, against fixture
# i386 images built here (tests/unit/fixtures) and a fake CPU (tests/unit/fake.c).
NTS_FIXTURE_CC = $(CC) -m32 -O0 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-nostdlib -static -no-pie -Wl,--build-id=sha1
NTS_FIXTURE_KERNEL = $(NTS_FIXTURE_CC) -Wl,-Ttext-segment=0x80100000
NTS_FIXTURES = \
	tests/unit/fixtures/kernel.elf \
	tests/unit/fixtures/kernel-stripped.elf \
	tests/unit/fixtures/kernel-nodwarf.elf \
	tests/unit/fixtures/kernel-nofastcall.elf \
	tests/unit/fixtures/kernel-nocid.elf \
	tests/unit/fixtures/kernel-x64.o \
	tests/unit/fixtures/ntdll.elf
CLEANFILES += $(NTS_FIXTURES)
EXTRA_DIST += tests/unit/fixtures/kernel.c tests/unit/fixtures/ntdll.c

tests/unit/fixtures/kernel.elf: tests/unit/fixtures/kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_KERNEL) -g -o $@ $<
tests/unit/fixtures/kernel-stripped.elf: tests/unit/fixtures/kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_KERNEL) -s -o $@ $<
tests/unit/fixtures/kernel-nodwarf.elf: tests/unit/fixtures/kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_KERNEL) -g0 -o $@ $<
tests/unit/fixtures/kernel-nofastcall.elf: tests/unit/fixtures/kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_KERNEL) -g -DFIXTURE_NO_FASTCALL -o $@ $<
tests/unit/fixtures/kernel-nocid.elf: tests/unit/fixtures/kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_KERNEL) -g -DFIXTURE_NO_CID -o $@ $<
tests/unit/fixtures/kernel-x64.o: tests/unit/fixtures/kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(CC) -g -c -o $@ $<
tests/unit/fixtures/ntdll.elf: tests/unit/fixtures/ntdll.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_CC) -g -Wl,-Ttext-segment=0x7C900000 -o $@ $<

NTS_UNIT_TESTS = \
	tests/unit/test-elf \
	tests/unit/test-dwarf \
	tests/unit/test-guestmem \
	tests/unit/test-db \
	tests/unit/test-schema \
	tests/unit/test-syscall \
	tests/unit/test-handshake \
	tests/unit/test-timeline
check_PROGRAMS += $(NTS_UNIT_TESTS)
TESTS += $(NTS_UNIT_TESTS)

NTS_UNIT_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFIXTURE_DIR='"$(abs_top_builddir)/tests/unit/fixtures"' \
	-DFIXTURE_SRCDIR='"$(abs_top_srcdir)/tests/unit/fixtures"'
NTS_UNIT_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) $(SQLITE_CFLAGS)
NTS_UNIT_LDADD = plugin/libntscope-core.la $(CRITERION_LIBS) $(SQLITE_LIBS)
NTS_UNIT_COMMON = tests/unit/fake.c tests/unit/fake.h

tests_unit_test_elf_SOURCES = tests/unit/test-elf.c $(NTS_UNIT_COMMON)
tests_unit_test_elf_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_elf_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_elf_LDADD = $(NTS_UNIT_LDADD)
EXTRA_tests_unit_test_elf_DEPENDENCIES = $(NTS_FIXTURES)

tests_unit_test_dwarf_SOURCES = tests/unit/test-dwarf.c $(NTS_UNIT_COMMON)
tests_unit_test_dwarf_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_dwarf_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_dwarf_LDADD = $(NTS_UNIT_LDADD)
EXTRA_tests_unit_test_dwarf_DEPENDENCIES = $(NTS_FIXTURES)

tests_unit_test_guestmem_SOURCES = tests/unit/test-guestmem.c $(NTS_UNIT_COMMON)
tests_unit_test_guestmem_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_guestmem_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_guestmem_LDADD = $(NTS_UNIT_LDADD)

tests_unit_test_db_SOURCES = tests/unit/test-db.c $(NTS_UNIT_COMMON)
tests_unit_test_db_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_db_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_db_LDADD = $(NTS_UNIT_LDADD)

tests_unit_test_schema_SOURCES = tests/unit/test-schema.c $(NTS_UNIT_COMMON)
tests_unit_test_schema_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_schema_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_schema_LDADD = $(NTS_UNIT_LDADD)

tests_unit_test_syscall_SOURCES = tests/unit/test-syscall.c $(NTS_UNIT_COMMON)
tests_unit_test_syscall_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_syscall_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_syscall_LDADD = $(NTS_UNIT_LDADD)
EXTRA_tests_unit_test_syscall_DEPENDENCIES = $(NTS_FIXTURES)

NTS_HSDB = tests/unit/hsdb.c tests/unit/hsdb.h
NTS_HSDB_LDADD = schema/libschema.la $(CRITERION_LIBS) $(SQLITE_LIBS)

tests_unit_test_handshake_SOURCES = tests/unit/test-handshake.c $(NTS_HSDB)
tests_unit_test_handshake_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_handshake_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_handshake_LDADD = $(NTS_HSDB_LDADD)

tests_unit_test_timeline_SOURCES = tests/unit/test-timeline.c $(NTS_HSDB)
tests_unit_test_timeline_CPPFLAGS = $(NTS_UNIT_CPPFLAGS) -DNTSCOPE_BIN='"$(abs_top_builddir)/ntscope"'
tests_unit_test_timeline_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_timeline_LDADD = $(NTS_HSDB_LDADD)
