#!/bin/sh
# gensys.sh — generate system-service code from sysfuncs.lst.
#
#   gensys.sh table   LIST   kernel service table (C): KiServiceTable, KiArgumentTable,
#                            KiServiceLimit, KeServiceDescriptorTable
#   gensys.sh stubs   LIST   ntdll stubs (GNU as): mov eax,N; mov edx,0x7FFE0300;
#                            call [edx]; ret 4*ArgCount
#   gensys.sh numbers LIST   C header: #define NTSVC_NtName N
#
# Output goes to stdout; a malformed list is an error naming the line.
set -eu

usage() { echo "usage: gensys.sh table|stubs|numbers LIST" >&2; exit 2; }
[ $# -eq 2 ] || usage
case "$1" in table|stubs|numbers) ;; *) usage ;; esac
[ -r "$2" ] || { echo "gensys.sh: cannot read '$2'" >&2; exit 1; }

exec awk -v mode="$1" -v list="$2" '
BEGIN { n = 0; bad = 0 }
function fail(msg) { printf "gensys.sh: %s:%d: %s\n", list, FNR, msg > "/dev/stderr"; bad = 1; exit 1 }
{ sub(/#.*/, "") }
NF == 0 { next }
{
	if (NF != 2) fail("expected `NtName ArgCount`")
	if ($1 !~ /^Nt[A-Za-z0-9_]+$/) fail("service name must look like NtSomething: " $1)
	if ($2 !~ /^[0-9]+$/ || $2 > 63) fail("argument count must be 0..63: " $2)
	if ($1 in seen) fail("duplicate service " $1)
	seen[$1] = 1; name[n] = $1; argc[n] = $2; n++
}
END {
	if (bad) exit 1
	if (n == 0) { printf "gensys.sh: %s: no services\n", list > "/dev/stderr"; exit 1 }
	if (n > 4096) { printf "gensys.sh: %s: more than 4096 services\n", list > "/dev/stderr"; exit 1 }
	if (mode == "table") table(); else if (mode == "stubs") stubs(); else numbers()
}
function table(   i) {
	print "/* Generated from sysfuncs.lst by tools/gensys.sh: do not edit. */"
	print "#include <ketypes.h>"
	print ""
	for (i = 0; i < n; i++) printf "extern NTSTATUS NTAPI %s();\n", name[i]
	print ""
	print "PVOID KiServiceTable[] = {"
	for (i = 0; i < n; i++) printf "\t(PVOID)%s,\n", name[i]
	print "};"
	print ""
	print "UCHAR KiArgumentTable[] = {"
	for (i = 0; i < n; i++) printf "\t%d,\t/* %s */\n", 4 * argc[i], name[i]
	print "};"
	print ""
	printf "ULONG KiServiceLimit = %d;\n\n", n
	print "KSERVICE_TABLE_DESCRIPTOR KeServiceDescriptorTable[2] = {"
	printf "\t{ (PULONG_PTR)KiServiceTable, NULL, %d, KiArgumentTable },\n", n
	print "\t{ NULL, NULL, 0, NULL },"
	print "};"
}
function stubs(   i) {
	print "/* Generated from sysfuncs.lst by tools/gensys.sh: do not edit. */"
	print "\t.text"
	for (i = 0; i < n; i++) {
		printf "\n\t.globl %s\n\t.type %s, @function\n%s:\n", name[i], name[i], name[i]
		printf "\tmovl $%d, %%eax\n\tmovl $0x7FFE0300, %%edx\n\tcall *(%%edx)\n", i
		if (argc[i]) printf "\tret $%d\n", 4 * argc[i]; else print "\tret"
		printf "\t.size %s, . - %s\n", name[i], name[i]
	}
	print "\n\t.section .note.GNU-stack, \"\", @progbits"
}
function numbers(   i) {
	print "/* Generated from sysfuncs.lst by tools/gensys.sh: do not edit. */"
	print "#ifndef _SYSNUMS_H"
	print "#define _SYSNUMS_H"
	for (i = 0; i < n; i++) printf "#define NTSVC_%s %d\n", name[i], i
	printf "#define NTSVC_COUNT %d\n", n
	print "#endif"
}
' "$2"
