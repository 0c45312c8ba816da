# default.wl — a clean program, a faulting one, then threads, waits and APCs.
run hello.elf
run fault.elf
run threads.elf
