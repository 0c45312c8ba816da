# The ntscope command: one binary, one file per subcommand.
bin_PROGRAMS += ntscope
ntscope_SOURCES = \
	analyzers/ntscope.c analyzers/ntscope.h \
	analyzers/paths.c \
	analyzers/cmd-help.c \
	analyzers/cmd-run.c analyzers/run.h analyzers/run-bochs.c \
	analyzers/tracehash.c analyzers/tracehash.h \
	analyzers/cmd-cc.c \
	analyzers/cmd-timeline.c analyzers/output.c analyzers/output.h \
	analyzers/handshake.c analyzers/handshake.h analyzers/column.h \
	analyzers/table.c analyzers/table.h \
	analyzers/cmd-stats.c analyzers/cmd-diff.c \
	analyzers/cmd-export.c \
	analyzers/cmd-report.c analyzers/intern.c analyzers/intern.h
nodist_ntscope_SOURCES = analyzers/report-assets.c
ntscope_CPPFLAGS = $(AM_CPPFLAGS) \
	-DNTS_TOP_SRCDIR='"$(abs_top_srcdir)"' \
	-DNTS_BUILD_BOCHS='"$(BOCHS)"' \
	-DNTS_PKGDATADIR='"$(pkgdatadir)"' \
	-DNTS_PKGLIBDIR='"$(pkglibdir)"' \
	-DNTS_PKGLIBEXECDIR='"$(pkglibexecdir)"' \
	-DNTS_CC='"$(CC)"' \
	$(SQLITE_CFLAGS)
ntscope_LDADD = plugin/libntscope-core.la kernel-image/libbootfs.la schema/libschema.la \
	$(SQLITE_LIBS) $(LIBELF_LIBS) $(LIBDW_LIBS)

# Bochs built by scripts/setup is installed beside the tracer so `ntscope run` works from PATH.
install-exec-local:
	$(MKDIR_P) $(DESTDIR)$(pkglibexecdir)
	$(INSTALL_PROGRAM) $(BOCHS) $(DESTDIR)$(pkglibexecdir)/bochs
uninstall-local:
	rm -f $(DESTDIR)$(pkglibexecdir)/bochs

# The report's script and style sheet, embedded as C strings.
BUILT_SOURCES += analyzers/report-assets.c
CLEANFILES += analyzers/report-assets.c
EXTRA_DIST += analyzers/report.js analyzers/report.css
analyzers/report-assets.c: analyzers/report.js analyzers/report.css
	$(AM_V_GEN)$(MKDIR_P) analyzers && \
	for f in js css; do \
	  $(AWK) -v name=nts_report_$$f 'BEGIN { print "const char " name "[] =" } \
	          { gsub(/\\/, "&&"); gsub(/"/, "\\\""); print "\t\"" $$0 "\\n\"" } \
	          END { print "\t\"\";" }' $(srcdir)/analyzers/report.$$f || exit 1; \
	done >$@.tmp && \
	echo '/* Generated from analyzers/report.js and report.css: do not edit. */' | cat - $@.tmp >$@ && \
	rm -f $@.tmp
dist_man_MANS = analyzers/ntscope.1
