# Paths for the integration tests, filled in by configure.
top_srcdir='/work/main'
top_builddir='/work/main'
BOCHS='$(abs_top_builddir)/build/bochs/bin/bochs'
