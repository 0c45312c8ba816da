# schema — trace.sql, embedded as a C string into libschema (tracer and analyzers).
noinst_LTLIBRARIES += schema/libschema.la
schema_libschema_la_SOURCES = schema/schema.c schema/schema.h
nodist_schema_libschema_la_SOURCES = schema/trace-sql.c
schema_libschema_la_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
schema_libschema_la_LIBADD = $(SQLITE_LIBS)
BUILT_SOURCES += schema/trace-sql.c
CLEANFILES += schema/trace-sql.c
EXTRA_DIST += schema/trace.sql

schema/trace-sql.c: schema/trace.sql schema/local.mk
	$(AM_V_GEN)$(MKDIR_P) schema && \
	$(AWK) 'BEGIN { print "/* Generated from schema/trace.sql: do not edit. */"; \
	                print "const char nts_schema_sql[] =" } \
	        { gsub(/\\/, "&&"); gsub(/"/, "\\\""); print "\t\"" $$0 "\\n\"" } \
	        /^PRAGMA user_version = [0-9]+;/ { v = $$4 + 0 } \
	        END { print ";"; if (!v) exit 1; print "const int nts_schema_sql_version = " v ";" }' $(srcdir)/schema/trace.sql >$@.tmp && mv $@.tmp $@
