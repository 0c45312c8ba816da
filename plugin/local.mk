# plugin — the tracer core (C, no emulator types): a convenience library for the
# tests and the ntscope CLI, and the module libntscope-trace.so that the Bochs shim
# (plugin/bochs) dlopen()s.
NTS_CORE_SOURCES = \
	plugin/core/tracer.h \
	plugin/core/api.c \
	plugin/core/db.c plugin/core/db.h \
	plugin/core/dwarf.c plugin/core/dwarf.h \
	plugin/core/elf.c plugin/core/elf.h \
	plugin/core/guestmem.c plugin/core/guestmem.h \
	plugin/core/handle.c \
	plugin/core/hook.c \
	plugin/core/check.h \
	plugin/core/kernel.c plugin/core/kernel.h \
	plugin/core/lifecycle.c \
	plugin/core/lpc.c \
	plugin/core/map.c \
	plugin/core/apc.c \
	plugin/core/sched.c \
	plugin/core/session.c plugin/core/session.h \
	plugin/core/status.c \
	plugin/core/syscall.c \
	plugin/core/thread.c \
	plugin/core/trap.c \
	plugin/core/ucall.c \
	plugin/core/usersym.c \
	plugin/core/writer.c
NTS_CORE_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(LIBELF_CFLAGS) $(LIBDW_CFLAGS)
NTS_CORE_LIBS = $(top_builddir)/schema/libschema.la $(SQLITE_LIBS) $(LIBDW_LIBS) $(LIBELF_LIBS)

noinst_LTLIBRARIES += plugin/libntscope-core.la
plugin_libntscope_core_la_SOURCES = $(NTS_CORE_SOURCES)
plugin_libntscope_core_la_CFLAGS = $(NTS_CORE_CFLAGS)
plugin_libntscope_core_la_LIBADD = $(NTS_CORE_LIBS)

pkglib_LTLIBRARIES += plugin/libntscope-trace.la
plugin_libntscope_trace_la_SOURCES = $(NTS_CORE_SOURCES)
plugin_libntscope_trace_la_CFLAGS = $(NTS_CORE_CFLAGS) -fvisibility=hidden
plugin_libntscope_trace_la_LIBADD = $(NTS_CORE_LIBS)
plugin_libntscope_trace_la_LDFLAGS = -module -avoid-version -shared \
	-export-symbols-regex '^nts_tracer_api$$'
