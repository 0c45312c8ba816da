# default.wl — run by smss one after the other (native images natively, Win32 ones
# through kernel32's CreateProcessW): a clean program, a faulting one, threads, waits
# and APCs, handles, the namespace, memory, sections and process creation from user
# mode, a child, then createproc.elf (Win32 children one at a time and at once, a
# missing image, a native image CreateProcessW refuses, a faulting child, a user APC,
# and a raw NtCreateProcessEx child that csrss refuses: seed 000), then LPC itself
# (lpctest.elf; last, because it makes its own port the default hard-error port).
run hello.elf
run fault.elf
run threads.elf
run objects.elf
run child.elf
run createproc.elf
run lpctest.elf
