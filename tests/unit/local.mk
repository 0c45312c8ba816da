# tests/unit — Criterion unit tests of the tracer core and the schema, against fixture
# i386 images built here (tests/unit/fixtures) and a fake CPU (tests/unit/fake.c).
NTS_FIXTURE_CC = $(CC) -m32 -O0 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-nostdlib -static -no-pie -Wl,--build-id=sha1
NTS_FIXTURE_KERNEL = $(NTS_FIXTURE_CC) -fno-eliminate-unused-debug-types -Wl,-Ttext-segment=0x80100000
NTS_FIXTURE_PROGRAM = $(NTS_FIXTURE_CC) -g -Wl,-Ttext-segment=0x00400000 \
	-Wl,--just-symbols=tests/unit/fixtures/ntdll.elf
NTS_FIXTURES = \
	tests/unit/fixtures/kernel.elf \
	tests/unit/fixtures/kernel-stripped.elf \
	tests/unit/fixtures/kernel-nodwarf.elf \
	tests/unit/fixtures/kernel-nofastcall.elf \
	tests/unit/fixtures/kernel-nocid.elf \
	tests/unit/fixtures/kernel-noissue3.elf \
	tests/unit/fixtures/kernel-x64.o \
	tests/unit/fixtures/ntdll.elf \
	tests/unit/fixtures/kernel32.elf \
	tests/unit/fixtures/hello.elf \
	tests/unit/fixtures/setup-and-wait.elf \
	tests/unit/fixtures/csrss.elf \
	tests/unit/fixtures/units.elf
CLEANFILES += $(NTS_FIXTURES)
EXTRA_DIST += tests/unit/fixtures/kernel.c tests/unit/fixtures/ntdll.c \
	tests/unit/fixtures/hello.c tests/unit/fixtures/wait.c \
	tests/unit/fixtures/kernel32.c tests/unit/fixtures/csrss.c \
	tests/unit/fixtures/units-a.c tests/unit/fixtures/units-b.c

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
tests/unit/fixtures/kernel-noissue3.elf: tests/unit/fixtures/kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_KERNEL) -g -DFIXTURE_NO_ISSUE3 -o $@ $<
tests/unit/fixtures/units.elf: tests/unit/fixtures/units-a.c tests/unit/fixtures/units-b.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_KERNEL) -g -o $@ $(srcdir)/tests/unit/fixtures/units-a.c \
		$(srcdir)/tests/unit/fixtures/units-b.c
tests/unit/fixtures/kernel-x64.o: tests/unit/fixtures/kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(CC) -g -c -o $@ $<
tests/unit/fixtures/ntdll.elf: tests/unit/fixtures/ntdll.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_CC) -g -Wl,-Ttext-segment=0x7C900000 \
		-Wl,-e,KiFastSystemCall -o $@ $<
tests/unit/fixtures/kernel32.elf: tests/unit/fixtures/kernel32.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NTS_FIXTURE_CC) -g -Wl,-Ttext-segment=0x7C800000 \
		-Wl,-e,CreateProcessW -o $@ $<
tests/unit/fixtures/csrss.elf: tests/unit/fixtures/csrss.c tests/unit/fixtures/ntdll.elf
	$(AM_V_GEN)$(NTS_FIXTURE_PROGRAM) -o $@ $<
tests/unit/fixtures/hello.elf: tests/unit/fixtures/hello.c tests/unit/fixtures/ntdll.elf
	$(AM_V_GEN)$(NTS_FIXTURE_PROGRAM) -o $@ $<
tests/unit/fixtures/setup-and-wait.elf: tests/unit/fixtures/wait.c tests/unit/fixtures/ntdll.elf
	$(AM_V_GEN)$(NTS_FIXTURE_PROGRAM) -o $@ $<

NTS_UNIT_TESTS = \
	tests/unit/test-elf \
	tests/unit/test-dwarf \
	tests/unit/test-guestmem \
	tests/unit/test-map \
	tests/unit/test-db \
	tests/unit/test-schema \
	tests/unit/test-syscall \
	tests/unit/test-events \
	tests/unit/test-lpc \
	tests/unit/test-ucall \
	tests/unit/test-handshake \
	tests/unit/test-timeline \
	tests/unit/test-analyzers
check_PROGRAMS += $(NTS_UNIT_TESTS)
TESTS += $(NTS_UNIT_TESTS)

NTS_UNIT_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFIXTURE_DIR='"$(abs_top_builddir)/tests/unit/fixtures"' \
	-DFIXTURE_SRCDIR='"$(abs_top_srcdir)/tests/unit/fixtures"'
NTS_UNIT_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) $(SQLITE_CFLAGS)
NTS_UNIT_LDADD = plugin/libntscope-core.la $(CRITERION_LIBS) $(SQLITE_LIBS)
NTS_UNIT_COMMON = tests/unit/fake.c tests/unit/fake.h
NTS_UNIT_WORLD = $(NTS_UNIT_COMMON) tests/unit/world.c tests/unit/world.h

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

tests_unit_test_map_SOURCES = tests/unit/test-map.c
tests_unit_test_map_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_map_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_map_LDADD = $(NTS_UNIT_LDADD)

tests_unit_test_db_SOURCES = tests/unit/test-db.c $(NTS_UNIT_COMMON)
tests_unit_test_db_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_db_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_db_LDADD = $(NTS_UNIT_LDADD)

tests_unit_test_schema_SOURCES = tests/unit/test-schema.c $(NTS_UNIT_COMMON)
tests_unit_test_schema_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_schema_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_schema_LDADD = $(NTS_UNIT_LDADD)

tests_unit_test_syscall_SOURCES = tests/unit/test-syscall.c $(NTS_UNIT_WORLD)
tests_unit_test_syscall_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_syscall_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_syscall_LDADD = $(NTS_UNIT_LDADD)
EXTRA_tests_unit_test_syscall_DEPENDENCIES = $(NTS_FIXTURES)

tests_unit_test_events_SOURCES = tests/unit/test-events.c $(NTS_UNIT_WORLD)
tests_unit_test_events_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_events_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_events_LDADD = $(NTS_UNIT_LDADD)
EXTRA_tests_unit_test_events_DEPENDENCIES = $(NTS_FIXTURES)

tests_unit_test_lpc_SOURCES = tests/unit/test-lpc.c $(NTS_UNIT_WORLD)
tests_unit_test_lpc_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_lpc_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_lpc_LDADD = $(NTS_UNIT_LDADD)
EXTRA_tests_unit_test_lpc_DEPENDENCIES = $(NTS_FIXTURES)

tests_unit_test_ucall_SOURCES = tests/unit/test-ucall.c $(NTS_UNIT_WORLD)
tests_unit_test_ucall_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_ucall_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_ucall_LDADD = $(NTS_UNIT_LDADD)
EXTRA_tests_unit_test_ucall_DEPENDENCIES = $(NTS_FIXTURES)

# Ke's pure dispatcher logic (kernel-image/ke/readyq.c, apcqueue.c, waitsat.c), the same
# sources as in the kernel, compiled for the host with the shim tests/unit/kehost for
# <internal/ke.h> and fakes for the few kernel services they call.
NTS_KE_TESTS = \
	tests/unit/test-ke-readyq \
	tests/unit/test-ke-apc \
	tests/unit/test-ke-wait
check_PROGRAMS += $(NTS_KE_TESTS)
TESTS += $(NTS_KE_TESTS)

NTS_KE_CPPFLAGS = -I$(srcdir)/tests/unit/kehost -I$(srcdir)/kernel-image/include -I$(top_srcdir)
NTS_KE_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) -Wno-attributes
NTS_KE_COMMON = tests/unit/kehost/kefake.c tests/unit/kehost/kefake.h \
	tests/unit/kehost/internal/ke.h

tests_unit_test_ke_readyq_SOURCES = tests/unit/test-ke-readyq.c kernel-image/ke/readyq.c \
	$(NTS_KE_COMMON)
tests_unit_test_ke_readyq_CPPFLAGS = $(NTS_KE_CPPFLAGS)
tests_unit_test_ke_readyq_CFLAGS = $(NTS_KE_CFLAGS)
tests_unit_test_ke_readyq_LDADD = $(CRITERION_LIBS)

tests_unit_test_ke_apc_SOURCES = tests/unit/test-ke-apc.c kernel-image/ke/apcqueue.c \
	$(NTS_KE_COMMON)
tests_unit_test_ke_apc_CPPFLAGS = $(NTS_KE_CPPFLAGS)
tests_unit_test_ke_apc_CFLAGS = $(NTS_KE_CFLAGS)
tests_unit_test_ke_apc_LDADD = $(CRITERION_LIBS)

tests_unit_test_ke_wait_SOURCES = tests/unit/test-ke-wait.c kernel-image/ke/waitsat.c \
	kernel-image/ke/readyq.c $(NTS_KE_COMMON)
tests_unit_test_ke_wait_CPPFLAGS = $(NTS_KE_CPPFLAGS)
tests_unit_test_ke_wait_CFLAGS = $(NTS_KE_CFLAGS)
tests_unit_test_ke_wait_LDADD = $(CRITERION_LIBS)

# LPC's message queue (kernel-image/lpc/queue.c), against the same Ke shim.
NTS_LPC_TESTS = tests/unit/test-lpc-queue
check_PROGRAMS += $(NTS_LPC_TESTS)
TESTS += $(NTS_LPC_TESTS)

tests_unit_test_lpc_queue_SOURCES = tests/unit/test-lpc-queue.c kernel-image/lpc/queue.c \
	tests/unit/kehost/internal/ke.h
tests_unit_test_lpc_queue_CPPFLAGS = $(NTS_KE_CPPFLAGS)
tests_unit_test_lpc_queue_CFLAGS = $(NTS_KE_CFLAGS) -Wno-multichar
tests_unit_test_lpc_queue_LDADD = $(CRITERION_LIBS)

NTS_HSDB = tests/unit/hsdb.c tests/unit/hsdb.h
NTS_RUNCMD = tests/unit/runcmd.c tests/unit/runcmd.h
NTS_HSDB_LDADD = schema/libschema.la $(CRITERION_LIBS) $(SQLITE_LIBS)

tests_unit_test_handshake_SOURCES = tests/unit/test-handshake.c $(NTS_HSDB)
tests_unit_test_handshake_CPPFLAGS = $(NTS_UNIT_CPPFLAGS)
tests_unit_test_handshake_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_handshake_LDADD = $(NTS_HSDB_LDADD)

tests_unit_test_timeline_SOURCES = tests/unit/test-timeline.c $(NTS_HSDB) $(NTS_RUNCMD)
tests_unit_test_timeline_CPPFLAGS = $(NTS_UNIT_CPPFLAGS) -DNTSCOPE_BIN='"$(abs_top_builddir)/ntscope"'
tests_unit_test_timeline_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_timeline_LDADD = $(NTS_HSDB_LDADD)
# Kernel mechanisms tested on the host: the same source files as the kernel's, built
# against tests/unit/host (a stand-in <internal/ex.h> and <internal/ob.h>, no-op locks,
# malloc pool, pages and bugchecks from hostsup.c).
NTS_HOST_KERNEL_CPPFLAGS = -I$(top_srcdir)/tests/unit/host -I$(top_srcdir)/kernel-image/include \
	$(AM_CPPFLAGS)
NTS_HOST_KERNEL_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) -Wno-attributes -Wno-multichar
NTS_HOST_KERNEL_SUPPORT = tests/unit/host/hostsup.c tests/unit/host/hostsup.h \
	tests/unit/host/internal/ex.h tests/unit/host/internal/ob.h
NTS_HOST_KERNEL_TESTS = \
	tests/unit/test-ob-handle \
	tests/unit/test-ob-dir \
	tests/unit/test-mm-vad \
	tests/unit/test-ex-pool
check_PROGRAMS += $(NTS_HOST_KERNEL_TESTS)
TESTS += $(NTS_HOST_KERNEL_TESTS)

tests_unit_test_ob_handle_SOURCES = tests/unit/test-ob-handle.c kernel-image/ex/handle.c \
	tests/unit/host/hostpool.c $(NTS_HOST_KERNEL_SUPPORT)
tests_unit_test_ob_handle_CPPFLAGS = $(NTS_HOST_KERNEL_CPPFLAGS)
tests_unit_test_ob_handle_CFLAGS = $(NTS_HOST_KERNEL_CFLAGS)
tests_unit_test_ob_handle_LDADD = $(CRITERION_LIBS)

tests_unit_test_ob_dir_SOURCES = tests/unit/test-ob-dir.c kernel-image/ob/obdir.c \
	kernel-image/rtl/unicode.c tests/unit/host/hostpool.c $(NTS_HOST_KERNEL_SUPPORT)
tests_unit_test_ob_dir_CPPFLAGS = $(NTS_HOST_KERNEL_CPPFLAGS)
tests_unit_test_ob_dir_CFLAGS = $(NTS_HOST_KERNEL_CFLAGS)
tests_unit_test_ob_dir_LDADD = $(CRITERION_LIBS)

tests_unit_test_mm_vad_SOURCES = tests/unit/test-mm-vad.c kernel-image/mm/vadtree.c
tests_unit_test_mm_vad_CPPFLAGS = $(NTS_HOST_KERNEL_CPPFLAGS)
tests_unit_test_mm_vad_CFLAGS = $(NTS_HOST_KERNEL_CFLAGS)
tests_unit_test_mm_vad_LDADD = $(CRITERION_LIBS)

tests_unit_test_ex_pool_SOURCES = tests/unit/test-ex-pool.c kernel-image/ex/pool.c \
	$(NTS_HOST_KERNEL_SUPPORT)
tests_unit_test_ex_pool_CPPFLAGS = $(NTS_HOST_KERNEL_CPPFLAGS)
tests_unit_test_ex_pool_CFLAGS = $(NTS_HOST_KERNEL_CFLAGS)
tests_unit_test_ex_pool_LDADD = $(CRITERION_LIBS)

tests_unit_test_analyzers_SOURCES = tests/unit/test-analyzers.c $(NTS_HSDB) $(NTS_RUNCMD)
tests_unit_test_analyzers_CPPFLAGS = $(NTS_UNIT_CPPFLAGS) -DNTSCOPE_BIN='"$(abs_top_builddir)/ntscope"'
tests_unit_test_analyzers_CFLAGS = $(NTS_UNIT_CFLAGS)
tests_unit_test_analyzers_LDADD = $(NTS_HSDB_LDADD)
