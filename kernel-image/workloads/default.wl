# default.wl — a clean program, a faulting one, threads, waits and APCs, then handles,
# the namespace, memory, sections and process creation from user mode, and a child.
run hello.elf
run fault.elf
run threads.elf
run objects.elf
run child.elf
run lpctest.elf
