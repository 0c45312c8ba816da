# The ntscope command: one binary, one file per subcommand.
bin_PROGRAMS += ntscope
ntscope_SOURCES = \
	analyzers/ntscope.c analyzers/ntscope.h \
	analyzers/paths.c \
	analyzers/cmd-help.c \
	analyzers/cmd-run.c analyzers/run.h analyzers/run-bochs.c \
	analyzers/cmd-timeline.c analyzers/output.c analyzers/output.h \
	analyzers/handshake.c analyzers/handshake.h \
	analyzers/table.c analyzers/table.h \
	analyzers/cmd-stats.c analyzers/cmd-diff.c \
	analyzers/cmd-export.c \
	analyzers/cmd-report.c
ntscope_CPPFLAGS = $(AM_CPPFLAGS) \
	-DNTS_TOP_SRCDIR='"$(abs_top_srcdir)"' \
	-DNTS_BUILD_BOCHS='"$(BOCHS)"' \
	-DNTS_PKGDATADIR='"$(pkgdatadir)"' \
	-DNTS_PKGLIBDIR='"$(pkglibdir)"' \
	-DNTS_PKGLIBEXECDIR='"$(pkglibexecdir)"' \
	$(SQLITE_CFLAGS)
ntscope_LDADD = plugin/libntscope-core.la kernel-image/libbootfs.la schema/libschema.la \
	$(SQLITE_LIBS) $(LIBELF_LIBS) $(LIBDW_LIBS)

# Bochs built by scripts/setup is installed beside the tracer so `ntscope run` works from PATH.
install-exec-local:
	$(MKDIR_P) $(DESTDIR)$(pkglibexecdir)
	$(INSTALL_PROGRAM) $(BOCHS) $(DESTDIR)$(pkglibexecdir)/bochs
uninstall-local:
	rm -f $(DESTDIR)$(pkglibexecdir)/bochs
